"""Draw a disclosure model as a realistic 预算公开 PDF.

Used by the test suite (render a known model in many layouts, read it back, compare every figure)
and to build the bundled sample PDF. The page furniture follows the Shanxi template as published:
a cover line, 第二部分 with the 13 tables (title block, merged multi-row headers, "注：本表无数据"
under empty tables), 第三部分 prose and 第四部分 名词解释.

Every drawing option real producers vary is a field of ``Layout`` and they combine freely.
Only reportlab is needed (a dev dependency); the CJK font is reportlab's built-in CID font
STSong-Light, which pdfplumber maps back to the same Unicode text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from ..model import Disclosure, Row, Section, Table

__all__ = ["Layout", "HeaderSpec", "HEADERS", "SAMPLE_LAYOUTS", "format_amount", "header_grid",
           "render_pdf"]

FONT = "STSong-Light"

MARGIN_X = 40.0  # left/right page margin
MARGIN_TOP = 54.0  # room for the running header
MARGIN_BOTTOM = 50.0  # room for the page number
CELL_PAD_X = 2.5
CELL_PAD_Y = 3.0
LINE_WIDTH = 0.5

# Built into reportlab (no font file to ship); pdfplumber maps its glyphs back to Unicode.
if FONT not in pdfmetrics.getRegisteredFontNames():
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))


@dataclass(frozen=True)
class Layout:
    """How to draw the document. Every option combines with every other."""

    ruled: bool = True  # cell borders drawn as lines; False: no lines at all, columns by alignment
    rows_per_page: int | None = None  # at most this many body rows per page; None: as many as fit
    repeat_header: bool = True  # draw the table header again on continuation pages
    table_per_page: bool = True  # each table starts on a new page (as Excel print-outs do)
    landscape: bool = False
    rotate: int = 0  # /Rotate of every page; content is drawn turned so it reads upright on screen
    narrow: bool = False  # tight columns: long labels and header texts wrap onto 2+ lines
    thousands: bool = False  # "1,833.76" instead of "1833.76"
    doubled_bold: bool = False  # bold text drawn twice, as producers fake bold (seed 002 "合计合计")
    bold_offset: float = 0.0  # x offset of the second drawing, at most 0.3pt
    running_header: bool = False  # "{entity}{year}年单位预算公开" at the top of every page
    page_numbers: bool = True  # "- 3 -" at the bottom of every page
    blanks: str = "empty"  # blank amount cells: "empty", "dash" ("-"), "mixed" ("-" in rows
    # that print some figure, empty in wholly blank rows)
    table_number: str | None = "预算公开表{n}"  # line above each title; "{cn}" gives 一…十三; None: omit
    font_size: float = 9.0  # table text size

    def __post_init__(self) -> None:
        if self.rotate not in (0, 90, 180, 270):
            raise ValueError(f"rotate must be 0, 90, 180 or 270, not {self.rotate}")
        if not 0 <= self.bold_offset <= 0.3:
            raise ValueError(f"bold_offset must be within 0..0.3pt, not {self.bold_offset}")
        if self.rows_per_page is not None and self.rows_per_page < 1:
            raise ValueError("rows_per_page must be at least 1")
        if self.blanks not in ("empty", "dash", "mixed"):
            raise ValueError(f"blanks must be empty, dash or mixed, not {self.blanks!r}")


# Named combinations for tests and samples; "everything" turns on every option at once.
SAMPLE_LAYOUTS: dict[str, Layout] = {
    "ruled": Layout(),
    "unruled": Layout(ruled=False),
    "paged": Layout(rows_per_page=8),
    "paged_no_repeat": Layout(rows_per_page=8, repeat_header=False),
    "landscape": Layout(landscape=True),
    "rotated": Layout(rotate=90),
    "narrow": Layout(narrow=True),
    "producer": Layout(thousands=True, doubled_bold=True, bold_offset=0.2, running_header=True,
                       blanks="mixed", table_number="表{cn}"),
    "flowing": Layout(table_per_page=False, ruled=False, blanks="dash", table_number=None),
    "everything": Layout(ruled=False, rows_per_page=6, repeat_header=False, landscape=True,
                         rotate=90, narrow=True, thousands=True, doubled_bold=True,
                         bold_offset=0.3, running_header=True, blanks="dash",
                         table_per_page=False),
}


# --------------------------------------------------------------------------- table headers (表头)

@dataclass(frozen=True)
class HeaderSpec:
    """How one standard table prints its header on the Shanxi template.

    ``rows`` are the header rows left to right; a cell is "text", optionally with "|cN" (spans N
    columns) and "|rN" (spans N rows). "@key" is the header of amount column ``key``: its text
    comes from ``Table.column_titles``, else ``titles``, else the key itself. "{year}" is replaced
    by the disclosure's year. Text fields: "code" (科目编码), "label" (the row's name),
    "government_class" (表6 政府预算支出经济科目名称).
    """

    text_columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    titles: dict[str, str] = field(default_factory=dict)
    serial: bool = False  # a row numbering the columns 1..n under the header (表12, 表13)
    # Two-sided tables (表1, 表4, 表9): text fields of the 支出 half and amount keys of the 收入 half.
    expenditure_text_columns: tuple[str, ...] = ()
    income_columns: tuple[str, ...] = ()

    @property
    def two_sided(self) -> bool:
        return bool(self.expenditure_text_columns)


_CODED_3 = (("项目|c2", "{year}年预算数|c3"), ("科目编码", "科目名称", "@total", "@basic", "@project"))
_BY_FUND = ("@total", "@general_budget", "@gov_fund", "@state_capital")
_FUND_TITLES = {"total": "合计", "general_budget": "一般公共预算", "gov_fund": "政府性基金预算",
                "state_capital": "国有资本经营预算", "special_account": "财政专户管理资金",
                "unit_funds": "单位资金"}
_SPLIT_TITLES = {"total": "合计", "basic": "基本支出", "project": "项目支出"}

HEADERS: dict[str, HeaderSpec] = {
    "T01": HeaderSpec(
        text_columns=("label",), expenditure_text_columns=("label",), income_columns=("amount",),
        rows=(("收入|c2", "支出|c4"),
              ("项目", "@amount", "项目", "@total", "@current_year", "@carryover")),
        titles={"amount": "{year}年", "total": "{year}年合计", "current_year": "当年预算安排",
                "carryover": "上年结转安排"}),
    "T02": HeaderSpec(
        text_columns=("code", "label"),
        rows=(("项目|c2", "本年收入|c6", "@carryover|r2"),
              ("科目编码", "科目名称", "@total", "@general_budget", "@gov_fund", "@state_capital",
               "@special_account", "@unit_funds")),
        titles={**_FUND_TITLES, "gov_fund": "政府性基金", "carryover": "上年结转"}),
    "T03": HeaderSpec(text_columns=("code", "label"), rows=_CODED_3, titles=_SPLIT_TITLES),
    "T04": HeaderSpec(
        text_columns=("label",), expenditure_text_columns=("label",), income_columns=("amount",),
        rows=(("收入|c2", "支出|c5"),
              ("项目|r2", "@amount|r2", "项目|r2", "金额|c4"),
              _BY_FUND),
        titles={**_FUND_TITLES, "amount": "金额", "total": "小计"}),
    "T05": HeaderSpec(text_columns=("code", "label"), rows=_CODED_3, titles=_SPLIT_TITLES),
    "T06": HeaderSpec(
        text_columns=("label", "government_class"),
        rows=(("部门预算支出经济科目名称|r2", "政府预算支出经济科目名称|r2", "{year}年预算数|c3"),
              ("@total", "@personnel", "@public_use")),
        titles={"total": "合计", "personnel": "人员经费", "public_use": "公用经费"}),
    "T07": HeaderSpec(
        text_columns=("code", "label"),
        rows=(("项目|c2", "@amount|r2"), ("收入科目编码", "科目名称")),
        titles={"amount": "政府性基金收入预算"}),
    "T08": HeaderSpec(
        text_columns=("code", "label"),
        rows=(("科目编码", "科目名称", "@total", "@basic", "@project"),), titles=_SPLIT_TITLES),
    "T09": HeaderSpec(
        text_columns=("code", "label"), expenditure_text_columns=("code", "label"),
        income_columns=("amount",),
        rows=(("国有资本经营预算收入|c3", "国有资本经营预算支出|c5"),
              ("项目|c2", "@amount|r2", "科目编码|r2", "科目名称|r2", "@total|r2", "@basic|r2",
               "@project|r2"),
              ("收入科目编码", "科目名称")),
        titles={**_SPLIT_TITLES, "amount": "国有资本经营收入预算"}),
    "T10": HeaderSpec(
        text_columns=("label",), rows=(("项目|r2", "{year}年预算数|c4"), _BY_FUND),
        titles=_FUND_TITLES),
    "T11": HeaderSpec(
        text_columns=("label",), rows=(("单位名称|r2", "{year}预算数|c4"), _BY_FUND),
        titles=_FUND_TITLES),
    "T12": HeaderSpec(
        text_columns=("label",), serial=True,
        rows=(("项目名称|r2", "@total|r2", "{year}年财政拨款|c3", "@special_account|r2",
               "@unit_funds|r2"),
              ("@general_budget", "@gov_fund", "@state_capital")),
        titles=_FUND_TITLES),
    "T13": HeaderSpec(
        text_columns=("label",), serial=True,
        rows=(("项目名称|r2", "@total|r2", "{year}年财政拨款|c3"),
              ("@general_budget", "@gov_fund", "@state_capital")),
        titles=_FUND_TITLES),
}

# Headers of text columns when a table's columns do not match its spec (simple one-row header).
_TEXT_TITLES = {"code": "科目编码", "label": "项目", "government_class": "政府预算支出经济科目名称"}
_PLAIN_SPEC = HeaderSpec(text_columns=("label",), rows=())


# --------------------------------------------------------------------------- cells and text

@dataclass
class _Cell:
    text: str
    col: int
    span: int = 1
    rowspan: int = 1
    align: str = "left"  # left | right | center
    bold: bool = False
    wrap: bool = True  # amounts never wrap
    lines: list[str] = field(default_factory=list)  # set once column widths are known


# One grid column: ("text", field) or ("amount", column key).
_GridColumn = tuple[str, str]

_TOKEN = re.compile(r"[A-Za-z0-9.,%+\-]+|\s+|.")
_NO_LINE_START = set("，。、；：？！）》」』”’%,.;:)]")  # never start a wrapped line with these


def _width(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, FONT, size)


def _wrap(text: str, width: float, size: float) -> list[str]:
    """Lines of ``text`` no wider than ``width``: CJK breaks anywhere, ASCII runs stay whole."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph, width, size))
    return lines or [""]


def _wrap_paragraph(text: str, width: float, size: float) -> list[str]:
    tokens: list[str] = []
    for token in _TOKEN.findall(text):
        # A run wider than the line (a long number in a narrow cell) has to break inside.
        tokens.extend(token if _width(token, size) > width else [token])
    lines: list[str] = []
    current = ""
    for token in tokens:
        too_wide = _width(current + token, size) > width + 0.01
        if current and too_wide and token[0] not in _NO_LINE_START:
            lines.append(current.rstrip())
            current = token.lstrip()
        elif current and too_wide and len(current) > 1:
            # Closing punctuation may not start a line: carry the last character down with it,
            # as typesetters do, rather than letting the line overflow its cell.
            lines.append(current[:-1].rstrip())
            current = current[-1] + token
        else:
            current += token
    lines.append(current.rstrip())
    return lines


def _wrap_indented(text: str, width: float, indent: float, size: float) -> list[str]:
    """Like _wrap for one paragraph, with the first line ``indent`` shorter."""
    first = _wrap_paragraph(text, width - indent, size)[0]
    rest = text[len(first):].lstrip()
    return [first] + (_wrap_paragraph(rest, width, size) if rest else [])


_CN_DIGITS = "零一二三四五六七八九"


def _chinese_number(n: int) -> str:
    """1..99 as printed in "表十三"."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CN_DIGITS[ones]
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def format_amount(value: Decimal, thousands: bool = False) -> str:
    """A model amount as printed: at least two decimals, so Decimal 0 prints "0.00"."""
    exponent = value.as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return f"{value:{',' if thousands else ''}.{places}f}"


# --------------------------------------------------------------------------- table structure

@dataclass
class _TableGrid:
    columns: list[_GridColumn]
    header: list[list[_Cell]]
    body: list[list[_Cell]]


def _spec_for(table: Table) -> HeaderSpec:
    return HEADERS.get(table.key, _PLAIN_SPEC)


def _is_two_sided(table: Table, spec: HeaderSpec) -> bool:
    return spec.two_sided or any(r.side == "expenditure" for r in table.rows)


def _income_columns(table: Table, spec: HeaderSpec) -> list[str]:
    """Amount keys printed on the 收入 half of a two-sided table."""
    keys = [k for k in table.columns if k in spec.income_columns]
    if keys:
        return keys
    used = {k for r in table.rows if r.side != "expenditure" for k, v in r.values.items()
            if v is not None}
    return [k for k in table.columns if k in used] or table.columns[:1]


def _sides(table: Table, spec: HeaderSpec) -> list[tuple[tuple[str, ...], list[str]]]:
    """(text fields, amount keys) of each half: one for ordinary tables, two when two-sided."""
    if not _is_two_sided(table, spec):
        return [(spec.text_columns, list(table.columns))]
    income = _income_columns(table, spec)
    expenditure = [k for k in table.columns if k not in income]
    return [(spec.text_columns or ("label",), income),
            (spec.expenditure_text_columns or ("label",), expenditure)]


def _grid_columns(sides: list[tuple[tuple[str, ...], list[str]]]) -> list[_GridColumn]:
    return [col for texts, amounts in sides
            for col in [("text", t) for t in texts] + [("amount", k) for k in amounts]]


def _column_title(table: Table, spec: HeaderSpec, key: str, year: str) -> str:
    title = table.column_titles.get(key) or spec.titles.get(key) or key
    return title.replace("{year}", year)


def _parse_header_cell(spec_text: str) -> tuple[str, int, int]:
    text, *marks = spec_text.split("|")
    span = rowspan = 1
    for mark in marks:
        if mark.startswith("c"):
            span = int(mark[1:])
        elif mark.startswith("r"):
            rowspan = int(mark[1:])
    return text, span, rowspan


def _place_header(spec: HeaderSpec, table: Table, columns: list[_GridColumn],
                  year: str) -> list[list[_Cell]] | None:
    """The spec's header cells on the grid; None when the spec does not fit the table's columns."""
    n_rows, n_cols = len(spec.rows), len(columns)
    taken = [[False] * n_cols for _ in range(n_rows)]
    placed: list[list[_Cell]] = []
    seen_keys: set[str] = set()
    for r, spec_row in enumerate(spec.rows):
        cells, c = [], 0
        for spec_text in spec_row:
            while c < n_cols and taken[r][c]:
                c += 1
            text, span, rowspan = _parse_header_cell(spec_text)
            if c + span > n_cols or r + rowspan > n_rows:
                return None
            if text.startswith("@"):
                key = text[1:]
                # An amount header must sit over its own column and reach down to the body.
                if span != 1 or columns[c] != ("amount", key) or r + rowspan != n_rows:
                    return None
                seen_keys.add(key)
                text = _column_title(table, spec, key, year)
            for rr in range(r, r + rowspan):
                for cc in range(c, c + span):
                    if taken[rr][cc]:
                        return None
                    taken[rr][cc] = True
            cells.append(_Cell(text.replace("{year}", year), c, span, rowspan, "center", True))
            c += span
        placed.append(cells)
    if not all(all(row) for row in taken) or seen_keys != set(table.columns):
        return None
    return placed


def _plain_header(table: Table, spec: HeaderSpec, columns: list[_GridColumn], year: str,
                  two_sided: bool) -> list[list[_Cell]]:
    """A one-row header (plus 收入/支出 above two-sided tables) for tables the specs do not fit."""
    def title(c: int, kind: str, name: str) -> str:
        if kind == "amount":
            return _column_title(table, spec, name, year)
        if name == "label" and c and columns[c - 1] == ("text", "code"):
            return "科目名称"  # beside 科目编码 the name column is 科目名称, not 项目
        return _TEXT_TITLES.get(name, name)

    row = [_Cell(title(c, kind, name), c, align="center", bold=True)
           for c, (kind, name) in enumerate(columns)]
    if not two_sided:
        return [row]
    split = next(c for c, col in enumerate(columns) if c and col[0] == "text"
                 and columns[c - 1][0] == "amount")
    top = [_Cell("收入", 0, split, align="center", bold=True),
           _Cell("支出", split, len(columns) - split, align="center", bold=True)]
    return [top, row]


def _serial_row(columns: list[_GridColumn]) -> list[_Cell]:
    return [_Cell(str(c + 1), c, align="center") for c in range(len(columns))]


def _blank_text(row: Row | None, keys: list[str], layout: Layout) -> str:
    if row is None or layout.blanks == "empty":
        return ""
    if layout.blanks == "mixed" and all(row.values.get(k) is None for k in keys):
        return ""  # "mixed": wholly blank rows stay empty, gaps in rows with figures get "-"
    return "-"


def _text_field(row: Row, name: str) -> str:
    if name == "code":
        return row.code or ""
    if name == "government_class":
        return row.attributes.get("government_class", "")
    return row.label


def _side_cells(row: Row | None, texts: tuple[str, ...], keys: list[str], start: int,
                layout: Layout) -> list[_Cell]:
    """The cells one row prints on one half of the grid, beginning at grid column ``start``."""
    bold = row is not None and row.role in ("total", "group")
    cells: list[_Cell] = []
    c = start
    i = 0
    while i < len(texts):
        name = texts[i]
        if row is not None and name == "code" and not row.code:
            # Rows without a code (合计) print their name across the code and name columns.
            span = 2 if i + 1 < len(texts) and texts[i + 1] == "label" else 1
            cells.append(_Cell(row.label, c, span, bold=bold))
            c, i = c + span, i + span
            continue
        cells.append(_Cell(_text_field(row, name) if row else "", c, bold=bold))
        c, i = c + 1, i + 1
    blank = _blank_text(row, keys, layout)
    for key in keys:
        value = row.values.get(key) if row is not None else None
        text = blank if value is None else format_amount(value, layout.thousands)
        cells.append(_Cell(text, c, align="right", bold=bold, wrap=False))
        c += 1
    return cells


def _pair_sides(income: list[Row], expenditure: list[Row]) -> list[tuple[Row | None, Row | None]]:
    """Income beside expenditure rows as printed: details pair from the top, the closing rows
    (from the first total on: 本年收入合计 | 本年支出合计 …) pair from their own top, and the
    last rows (收入总计 | 支出总计) always share the bottom line."""
    def split(rows: list[Row]) -> tuple[list[Row], list[Row]]:
        first_total = next((i for i, r in enumerate(rows) if r.role == "total"), len(rows))
        return rows[:first_total], rows[first_total:]

    inc_head, inc_tail = split(income)
    exp_head, exp_tail = split(expenditure)
    head = _zip_padded(inc_head, exp_head)
    # The shorter tail waits above its last row so that both grand totals meet on one line.
    gap = len(inc_tail) - len(exp_tail)
    if gap > 0 and exp_tail:
        exp_tail = exp_tail[:-1] + [None] * gap + exp_tail[-1:]
    elif gap < 0 and inc_tail:
        inc_tail = inc_tail[:-1] + [None] * -gap + inc_tail[-1:]
    return head + _zip_padded(inc_tail, exp_tail)


def _zip_padded(left: list, right: list) -> list[tuple]:
    n = max(len(left), len(right))
    return [(left[i] if i < len(left) else None, right[i] if i < len(right) else None)
            for i in range(n)]


def _body(table: Table, sides: list[tuple[tuple[str, ...], list[str]]],
          layout: Layout) -> list[list[_Cell]]:
    if len(sides) == 1:
        texts, keys = sides[0]
        return [_side_cells(row, texts, keys, 0, layout) for row in table.rows]
    (inc_texts, inc_keys), (exp_texts, exp_keys) = sides
    offset = len(inc_texts) + len(inc_keys)
    income = [r for r in table.rows if r.side != "expenditure"]
    expenditure = [r for r in table.rows if r.side == "expenditure"]
    return [_side_cells(i, inc_texts, inc_keys, 0, layout)
            + _side_cells(e, exp_texts, exp_keys, offset, layout)
            for i, e in _pair_sides(income, expenditure)]


def _table_grid(table: Table, year: str, layout: Layout) -> _TableGrid:
    spec = _spec_for(table)
    sides = _sides(table, spec)
    columns = _grid_columns(sides)
    header = _place_header(spec, table, columns, year) if spec.rows else None
    if header is None:
        header = _plain_header(table, spec, columns, year, len(sides) == 2)
    if spec.serial:
        header.append(_serial_row(columns))
    return _TableGrid(columns, header, _body(table, sides, layout))


def header_grid(table: Table, year: int | None) -> list[list[str]]:
    """The header rows a table is drawn with, as cell texts on the full grid.

    Like ``RawTable``: a merged cell's text sits in its top-left position, '' where it spans.
    """
    grid = _table_grid(table, str(year) if year else "", Layout())
    texts = [[""] * len(grid.columns) for _ in grid.header]
    for r, row in enumerate(grid.header):
        for cell in row:
            texts[r][cell.col] = cell.text
    return texts


# --------------------------------------------------------------------------- column widths

def _column_widths(grid: _TableGrid, available: float, layout: Layout) -> list[float]:
    """Amount columns fit their widest figure; text columns take the rest and wrap if needed."""
    size = layout.font_size
    widths = []
    for c, (kind, _name) in enumerate(grid.columns):
        texts = [cell.text for row in grid.body for cell in row if cell.col == c and cell.span == 1]
        if kind == "amount":
            figure = max([_width(t, size) for t in texts] + [_width("0000.00", size)])
            # Headers may wrap onto two lines, but not one character a line (narrow: they do).
            header_room = 3 * size if layout.narrow else 5 * size
            widths.append(max(figure, header_room) + 2 * CELL_PAD_X)
        else:
            # Single-column header texts count too, so "科目编码" stays on one line unless narrow.
            heads = [cell.text for row in grid.header for cell in row
                     if cell.col == c and cell.span == 1]
            natural = max([_width(t, size) for t in texts + heads] + [4 * size])
            cap = 6 * size if layout.narrow else available * 0.4
            widths.append(min(natural, cap) + 2 * CELL_PAD_X)
    total = sum(widths)
    text_cols = [c for c, (kind, _) in enumerate(grid.columns) if kind == "text"]
    if total > available and text_cols:
        widths = _shrink_text_columns(widths, text_cols, total - available, size)
    elif total < available and not layout.narrow:
        widths = [w * available / total for w in widths]  # fill the page as published tables do
    return widths


def _shrink_text_columns(widths: list[float], text_cols: list[int], excess: float,
                         size: float) -> list[float]:
    """Narrow the widest text columns first (names, not codes), down to three characters."""
    floor = 3 * size + 2 * CELL_PAD_X
    cut = lambda level: sum(max(0.0, widths[c] - level) for c in text_cols)  # noqa: E731
    low, high = floor, max(widths[c] for c in text_cols)
    if cut(low) <= excess:
        level = low  # cannot free enough: everything down to the floor, the table overflows
    else:
        for _ in range(40):  # bisect the common width the wide columns are cut to
            level = (low + high) / 2
            low, high = (level, high) if cut(level) > excess else (low, level)
        level = high
    return [min(w, max(level, floor)) if c in text_cols else w for c, w in enumerate(widths)]


# --------------------------------------------------------------------------- pages

class _Writer:
    """A cursor over pages drawn in reading orientation, whatever /Rotate the pages carry."""

    def __init__(self, path: Path, layout: Layout, running_header: str | None):
        self.layout = layout
        portrait = A4
        self.width, self.height = (portrait[1], portrait[0]) if layout.landscape else portrait
        # reportlab takes the viewed size and swaps the MediaBox itself for /Rotate 90 and 270.
        self.canvas = Canvas(str(path), pagesize=(self.width, self.height))
        self.canvas.setTitle(running_header or "预算公开")
        self.running_header = running_header
        self.page = 0
        self.y = 0.0
        self.tables_on_page = 0
        self._start_page()

    @property
    def left(self) -> float:
        return MARGIN_X

    @property
    def text_width(self) -> float:
        return self.width - 2 * MARGIN_X

    def _start_page(self) -> None:
        self.page += 1
        self.tables_on_page = 0
        self.canvas.setPageRotation(self.layout.rotate)
        self.canvas.transform(*self._rotation_matrix())
        self.canvas.setLineWidth(LINE_WIDTH)
        self._draw_running_header()
        self._draw_page_number()
        self.y = self.height - MARGIN_TOP

    def _rotation_matrix(self) -> tuple[float, ...]:
        """Maps reading coordinates onto the unrotated MediaBox, so a viewer that turns the page
        by /Rotate shows the content upright."""
        rotate = self.layout.rotate
        media_w, media_h = ((self.height, self.width) if rotate in (90, 270)
                            else (self.width, self.height))
        return {0: (1, 0, 0, 1, 0, 0), 90: (0, 1, -1, 0, media_w, 0),
                180: (-1, 0, 0, -1, media_w, media_h), 270: (0, -1, 1, 0, 0, media_h)}[rotate]

    def _draw_running_header(self) -> None:
        if not self.running_header:
            return
        y = self.height - MARGIN_TOP + 20
        self.text(self.width / 2, y, self.running_header, 8, "center")
        if self.layout.ruled:
            self.canvas.line(MARGIN_X, y - 4, self.width - MARGIN_X, y - 4)

    def _draw_page_number(self) -> None:
        if self.layout.page_numbers:
            self.text(self.width / 2, MARGIN_BOTTOM - 25, f"- {self.page} -", 9, "center")

    def new_page(self) -> None:
        self.canvas.showPage()
        self._start_page()

    def room(self) -> float:
        return self.y - MARGIN_BOTTOM

    def at_top(self) -> bool:
        return self.y >= self.height - MARGIN_TOP

    def ensure(self, height: float) -> None:
        """Start a new page unless ``height`` fits below the cursor (or the page is still empty)."""
        if height > self.room() and not self.at_top():
            self.new_page()

    def text(self, x: float, y: float, text: str, size: float, align: str = "left",
             bold: bool = False) -> None:
        """One line of text; bold is drawn twice when the layout fakes bold like some producers."""
        draw = {"left": self.canvas.drawString, "right": self.canvas.drawRightString,
                "center": self.canvas.drawCentredString}[align]
        self.canvas.setFont(FONT, size)
        draw(x, y, text)
        if bold and self.layout.doubled_bold:
            draw(x + self.layout.bold_offset, y, text)

    def line(self, text: str, size: float, align: str = "left", bold: bool = False,
             space_after: float = 0.0) -> None:
        """A line of running text at the cursor (wrapped if wider than the page: long titles)."""
        x = {"left": self.left, "center": self.width / 2, "right": self.width - MARGIN_X}[align]
        for part in _wrap(text, self.text_width, size):
            self.ensure(size * 1.5)
            self.text(x, self.y - size, part, size, align, bold)
            self.y -= size * 1.5
        self.y -= space_after

    def paragraph(self, text: str, size: float, indent_chars: int = 2) -> None:
        """Prose wrapped to the page width, first line indented two characters as printed."""
        indent = indent_chars * size
        for block in text.split("\n"):
            if not block.strip():
                continue
            for i, line in enumerate(_wrap_indented(block.strip(), self.text_width, indent, size)):
                self.ensure(size * 1.6)
                self.text(self.left + (indent if i == 0 else 0), self.y - size, line, size)
                self.y -= size * 1.6
        self.y -= size * 0.4

    def finish(self) -> None:
        self.canvas.showPage()
        self.canvas.save()


# --------------------------------------------------------------------------- drawing tables

def _lay_out_cells(rows: list[list[_Cell]], xs: list[float], size: float) -> None:
    for row in rows:
        for cell in row:
            width = xs[cell.col + cell.span] - xs[cell.col] - 2 * CELL_PAD_X
            cell.lines = _wrap(cell.text, width, size) if cell.wrap else [cell.text]


def _row_heights(rows: list[list[_Cell]], size: float) -> list[float]:
    """Each row tall enough for its wrapped cells; cells spanning rows stretch the last of them."""
    leading = size * 1.3
    need = lambda cell: len(cell.lines) * leading + 2 * CELL_PAD_Y  # noqa: E731
    heights = [max([size * 2.0] + [need(c) for c in row if c.rowspan == 1]) for row in rows]
    for r, row in enumerate(rows):
        for cell in row:
            if cell.rowspan > 1:
                short = need(cell) - sum(heights[r:r + cell.rowspan])
                if short > 0:
                    heights[r + cell.rowspan - 1] += short
    return heights


def _draw_cell_text(w: _Writer, cell: _Cell, x0: float, x1: float, top: float, bottom: float,
                    size: float) -> None:
    leading = size * 1.3
    block_top = (top + bottom) / 2 + len(cell.lines) * leading / 2
    x = {"left": x0 + CELL_PAD_X, "right": x1 - CELL_PAD_X, "center": (x0 + x1) / 2}[cell.align]
    for i, line in enumerate(cell.lines):
        if line:
            baseline = block_top - i * leading - (leading - size) / 2 - 0.88 * size
            w.text(x, baseline, line, size, cell.align, cell.bold)


def _draw_rows(w: _Writer, rows: list[list[_Cell]], heights: list[float], xs: list[float]) -> None:
    """Draw rows at the cursor: texts, then (ruled layouts) each cell's four edges once."""
    size = w.layout.font_size
    tops = [w.y]
    for h in heights:
        tops.append(tops[-1] - h)
    edges: set[tuple[float, float, float, float]] = set()
    for r, row in enumerate(rows):
        for cell in row:
            x0, x1 = xs[cell.col], xs[cell.col + cell.span]
            top, bottom = tops[r], tops[r + cell.rowspan]
            _draw_cell_text(w, cell, x0, x1, top, bottom, size)
            edges.update({(x0, top, x1, top), (x0, bottom, x1, bottom),
                          (x0, top, x0, bottom), (x1, top, x1, bottom)})
    if w.layout.ruled:
        for x0, y0, x1, y1 in sorted(edges):
            w.canvas.line(x0, y0, x1, y1)
    w.y = tops[-1]


def _title_block(w: _Writer, d: Disclosure, table: Table) -> None:
    pattern = w.layout.table_number
    n = int(table.key[1:]) if table.key[1:].isdigit() else None
    if pattern and n is not None:
        w.line(pattern.format(n=n, cn=_chinese_number(n)), 10, space_after=4)
    w.line(table.title, 15, "center", bold=True, space_after=6)
    size = w.layout.font_size
    label = "部门名称" if d.level == "部门" else "单位名称"
    w.text(w.left, w.y - size, f"{label}：{d.entity or ''}", size)
    w.text(w.width - MARGIN_X, w.y - size, f"单位：{d.unit}", size, "right")
    w.y -= size * 2.0


def _title_height(w: _Writer) -> float:
    return (10 * 1.5 + 4 if w.layout.table_number else 0) + 15 * 1.5 + 6 + w.layout.font_size * 2


def _table_notes(table: Table) -> list[str]:
    notes = list(table.notes)
    if table.empty and not any("本表无数据" in n for n in notes):
        notes.insert(0, "注：本表无数据")
    return notes


def _draw_table(w: _Writer, d: Disclosure, table: Table, year: str) -> None:
    layout = w.layout
    grid = _table_grid(table, year, layout)
    widths = _column_widths(grid, w.text_width, layout)
    xs = [w.left + max(0.0, (w.text_width - sum(widths)) / 2)]
    for width in widths:
        xs.append(xs[-1] + width)
    _lay_out_cells(grid.header + grid.body, xs, layout.font_size)
    header_h = _row_heights(grid.header, layout.font_size)
    body_h = _row_heights(grid.body, layout.font_size) if grid.body else []

    if layout.table_per_page and w.tables_on_page:
        w.new_page()
    w.ensure(_title_height(w) + sum(header_h) + (body_h[0] if body_h else 0))
    w.tables_on_page += 1
    _title_block(w, d, table)
    _draw_rows(w, grid.header, header_h, xs)
    on_page = 0
    for row, height in zip(grid.body, body_h):
        if on_page == layout.rows_per_page or height > w.room():
            w.new_page()
            w.tables_on_page += 1
            on_page = 0
            if layout.repeat_header:
                _draw_rows(w, grid.header, header_h, xs)
        _draw_rows(w, [row], [height], xs)
        on_page += 1
    w.y -= 4
    for note in _table_notes(table):
        w.line(note, layout.font_size)
    w.y -= layout.font_size * 2


# --------------------------------------------------------------------------- the document

_GLOSSARY = (
    "一、基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。",
    "二、项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
)


def _draw_cover(w: _Writer, d: Disclosure, year: str, level: str) -> None:
    w.y = w.height * 0.62
    w.line(d.entity or "", 22, "center", bold=True, space_after=14)
    w.line(f"{year}年度{level}预算公开", 18, "center", bold=True)


def _draw_sections(w: _Writer, sections: list[Section]) -> None:
    for section in sections:
        w.ensure(11 * 4)  # keep a heading with the start of its text
        w.line(f"{section.number}、{section.heading}", 11, bold=True, space_after=2)
        w.paragraph(section.text, 10.5)


def render_pdf(disclosure: Disclosure, path: str | Path, layout: Layout | None = None) -> None:
    """Draw ``disclosure`` as a PDF at ``path`` in the given layout (default: ruled, portrait)."""
    layout = layout or Layout()
    year = str(disclosure.year) if disclosure.year else ""
    level = "部门" if disclosure.level == "部门" else "单位"
    header = (f"{disclosure.entity or ''}{year}年{level}预算公开"
              if layout.running_header else None)
    w = _Writer(Path(path), layout, header)
    _draw_cover(w, disclosure, year, level)
    w.new_page()

    early = [s for s in disclosure.sections if s.part == "第一部分"]
    if early:
        w.line("第一部分 概况", 16, "center", bold=True, space_after=8)
        _draw_sections(w, early)
        w.new_page()

    w.line(f"第二部分 {year}年{level}预算报表", 16, "center", bold=True, space_after=8)
    for table in disclosure.tables:
        _draw_table(w, disclosure, table, year)

    w.new_page()
    w.line(f"第三部分 {year}年度{level}预算情况说明", 16, "center", bold=True, space_after=8)
    _draw_sections(w, [s for s in disclosure.sections if s.part != "第一部分"])
    w.y -= 10
    w.line("第四部分 名词解释", 16, "center", bold=True, space_after=8)
    for entry in _GLOSSARY:
        w.paragraph(entry, 10.5)
    w.finish()
