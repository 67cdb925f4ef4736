"""Read a disclosure published as an HTML page into a RawDocument, with the standard library only.

Every data ``<table>`` becomes a RawTable on the HTML grid (colspan/rowspan honoured: text in the
top-left position, '' in the positions a cell covers; ``<br>`` and paragraphs inside a cell join
with '\\n'). Text outside tables (headings, paragraphs, divs) becomes TextLines in document order,
``page`` None. Tables used for page layout — those holding another data table, and tables whose
rows never have two filled cells — are dissolved: their text becomes lines around the inner tables.
As in the workbook reader, a table's leading title rows and trailing note rows (one cell across
the whole table, or captions such as "单位：万元") become TextLines, so both formats hand
recognition the same shape.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ..errors import BrokenFile
from ..raw import Block, RawDocument, RawTable, TextLine
from .files import read_bytes
from .xlsx import looks_like_caption

# Labels that all mean "GBK": gb18030 decodes everything they do, and pages labelled gb2312
# routinely use GBK-only characters.
_GBK_LABELS = {"gb2312", "gbk", "x-gbk", "cp936", "gb_2312-80", "csgb2312", "chinese", "gb18030"}
_BOMS = [(b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")]
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", re.I)
_ANY_TAG = re.compile(r"<[A-Za-z!/][^<>]*>")
_OTHER_FORMATS = [(b"%PDF", "PDF"), (b"PK\x03\x04", "压缩包或 Office 文档"),
                  (b"\xd0\xcf\x11\xe0", "旧版 Office 文档")]

_SKIPPED = {"script", "style", "title", "noscript", "template"}  # never printed on the page
_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "html", "legend", "li", "main", "nav", "ol", "p", "pre", "section",
    "table", "td", "th", "tr", "ul",
}
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
# A source line break between two CJK characters is not a space (CSS Text segment-break rule);
# anywhere else a whitespace run shows as one space.
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\r\f\u00a0]*\n\s*(?=[{_CJK}])")


def read_html(path: str | Path) -> RawDocument:
    """The page's text lines and data tables in document order."""
    source = str(path)
    text = _decode(_read_bytes(Path(path), source), source)
    parser = _DisclosureParser()
    parser.feed(text)
    parser.close()
    return RawDocument(source=source, format="html", blocks=parser.blocks())


# ---------------------------------------------------------------------------------------------
# Bytes to text


def _read_bytes(path: Path, source: str) -> bytes:
    data = read_bytes(path, source)
    for magic, kind in _OTHER_FORMATS:
        if data.startswith(magic):
            raise BrokenFile(source, f"这不是网页，看起来是{kind}")
    return data


def _decode(data: bytes, source: str) -> str:
    """Decode by BOM, then the declared charset, then utf-8, then GBK (gb18030)."""
    text = _decode_bytes(data)
    if "\x00" in text or not _ANY_TAG.search(text):
        raise BrokenFile(source, "不是 HTML 网页")
    return text


def _decode_bytes(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    candidates = [_declared_charset(data), "utf-8", "gb18030"]
    for encoding in dict.fromkeys(c for c in candidates if c):
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):  # unknown label, or the label lies
            continue
    return data.decode("utf-8", errors="replace")


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:65536])  # Word exports put long <style> blocks first
    if not match:
        return None
    label = match.group(1).decode("ascii").lower()
    return "gb18030" if label in _GBK_LABELS else label


# ---------------------------------------------------------------------------------------------
# Running text


def _collapse(text: str) -> str:
    text = _CJK_BREAK.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


class _Flow:
    """Where text lands: the document body, or one table cell. Collects lines and blocks."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._pending: list[str] = []

    def add_text(self, data: str) -> None:
        self._pending.append(data)

    def break_line(self) -> None:
        text = _collapse("".join(self._pending))
        self._pending = []
        if text:
            self.blocks.append(TextLine(text))

    def add_block(self, block: Block) -> None:
        self.break_line()
        self.blocks.append(block)

    def extend(self, blocks: list[Block]) -> None:
        self.break_line()
        self.blocks.extend(blocks)

    def finish(self) -> list[Block]:
        self.break_line()
        return self.blocks

    def cell_text(self) -> str:
        """The lines of a cell joined with '\\n' (a <br> or a paragraph inside it)."""
        return "\n".join(b.text for b in self.finish() if isinstance(b, TextLine))


# ---------------------------------------------------------------------------------------------
# Tables


@dataclass
class _Cell:
    flow: _Flow
    colspan: int
    rowspan: int  # 0 = to the end of the table, as HTML defines it


@dataclass
class _TableBuilder:
    outer: _Flow  # where the table sits; its blocks go there when it closes
    rows: list[list[_Cell]] = field(default_factory=list)
    cell: _Cell | None = None
    row_open: bool = False
    caption: _Flow | None = None
    holds_data_table: bool = False  # then it only lays out the page

    def open_row(self) -> None:
        self.close_row()
        self.rows.append([])
        self.row_open = True

    def close_row(self) -> None:
        self.close_cell()
        self.row_open = False

    def open_cell(self, attrs: dict[str, str | None]) -> None:
        self.close_cell()
        if not self.row_open:  # <td> without <tr>
            self.open_row()
        self.cell = _Cell(_Flow(), _span(attrs.get("colspan"), 1, 1000),
                          _span(attrs.get("rowspan"), 0, 65534))
        self.rows[-1].append(self.cell)

    def close_cell(self) -> None:
        self.cell = None


def _span(value: str | None, least: int, most: int) -> int:
    match = re.match(r"\s*(\d+)", value or "")
    if not match:
        return 1
    number = int(match.group(1))
    return 1 if number < least else min(number, most)


@dataclass
class _Placed:
    text: str
    colspan: int


def _lay_out(rows: list[list[_Cell]]) -> list[list[_Placed | None]]:
    """Place cells on the HTML grid: each cell at the first free column, spans reserved below.

    Returns one row per <tr>; None marks a covered or missing position.
    """
    grid: list[dict[int, _Placed | None]] = [{} for _ in rows]
    for r, cells in enumerate(rows):
        column = 0
        for cell in cells:
            while column in grid[r]:
                column += 1
            height = len(rows) - r if cell.rowspan == 0 else min(cell.rowspan, len(rows) - r)
            for dr in range(height):
                for dc in range(cell.colspan):
                    grid[r + dr][column + dc] = None
            grid[r][column] = _Placed(cell.flow.cell_text(), cell.colspan)
            column += cell.colspan
    width = max((max(row) + 1 for row in grid if row), default=0)
    return [[row.get(c) for c in range(width)] for row in grid]


def _texts(row: list[_Placed | None]) -> list[str]:
    return [p.text if p else "" for p in row]


def _filled(row: list[_Placed | None]) -> list[_Placed]:
    return [p for p in row if p and p.text]


def _is_data(grid: list[list[_Placed | None]]) -> bool:
    """A data table has a row with two filled cells; anything else only frames text."""
    return any(len(_filled(row)) >= 2 for row in grid)


def _is_caption_row(row: list[_Placed | None], width: int, notes_only: bool = False) -> bool:
    """A title/note row: one cell across the whole table, or captions only ("单位：万元")."""
    filled = _filled(row)
    if len(filled) == 1 and (filled[0].colspan >= width or looks_like_caption(filled[0].text)):
        return True
    return not notes_only and len(filled) >= 2 and all(looks_like_caption(p.text) for p in filled)


def _table_blocks(grid: list[list[_Placed | None]]) -> list[Block]:
    """Leading title rows and trailing note rows as lines, the rest as a RawTable."""
    width = len(grid[0]) if grid else 0
    rows = [row for row in grid if _filled(row)]  # spacer rows carry nothing
    head = 0
    while head < len(rows) and _is_caption_row(rows[head], width):
        head += 1
    tail = len(rows)
    while tail > head and _is_caption_row(rows[tail - 1], width, notes_only=True):
        tail -= 1
    blocks: list[Block] = [TextLine(p.text) for row in rows[:head] for p in _filled(row)]
    if tail > head:
        # Cell boundaries are the markup's own: as exact as drawn lines, never guessed.
        blocks.append(RawTable(rows=[_texts(row) for row in rows[head:tail]], ruled=True))
    blocks += [TextLine(p.text) for row in rows[tail:] for p in _filled(row)]
    return blocks


# ---------------------------------------------------------------------------------------------
# The parser


class _DisclosureParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._body = _Flow()
        self._tables: list[_TableBuilder] = []
        self._skip_depth = 0

    def blocks(self) -> list[Block]:
        while self._tables:  # tables left open at the end of the file
            self._close_table()
        return self._body.finish()

    def _flow(self) -> _Flow:
        """The innermost place text goes: a cell, a caption, or around the table."""
        if not self._tables:
            return self._body
        table = self._tables[-1]
        if table.cell:
            return table.cell.flow
        return table.caption or table.outer  # stray text in a table shows before it

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skip_depth += 1
            return
        if tag in _BLOCK_TAGS:
            self._flow().break_line()
        table = self._tables[-1] if self._tables else None
        if tag == "table":
            self._tables.append(_TableBuilder(outer=self._flow()))
        elif table and tag == "caption":
            table.close_row()
            table.caption = _Flow()
        elif table and tag == "tr":
            self._end_caption(table)
            table.open_row()
        elif table and tag in ("td", "th"):
            self._end_caption(table)
            table.open_cell(dict(attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _SKIPPED:  # <script src=…/> has no content to skip and no end tag
            self.handle_starttag(tag, attrs)  # <br/>: no separate end tag to honour

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip_depth = max(0, self._skip_depth - 1)
            return
        table = self._tables[-1] if self._tables else None
        if tag == "table" and table:
            self._close_table()
            return
        if tag in _BLOCK_TAGS:
            self._flow().break_line()
        if table and tag in ("td", "th"):
            table.close_cell()
        elif table and tag == "tr":
            table.close_row()
        elif table and tag == "caption":
            self._end_caption(table)

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self._flow().add_text(data)

    def _close_table(self) -> None:
        table = self._tables.pop()
        table.close_row()
        self._end_caption(table)
        grid = _lay_out(table.rows)
        if table.holds_data_table or not _is_data(grid):
            # Layout only: its text reads as running lines around the tables it holds.
            table.outer.extend([b for row in table.rows for c in row for b in c.flow.finish()])
            return
        blocks = _table_blocks(grid)
        table.outer.extend(blocks)
        if self._tables and any(isinstance(b, RawTable) for b in blocks):
            self._tables[-1].holds_data_table = True

    @staticmethod
    def _end_caption(table: _TableBuilder) -> None:
        """A caption prints above its table: its lines go out before the table's blocks."""
        if table.caption:
            table.outer.extend(table.caption.finish())
            table.caption = None
