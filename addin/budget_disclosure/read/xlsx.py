"""Read a disclosure published as an Excel workbook (.xlsx/.xlsm) into a RawDocument.

Each visible sheet usually holds one table: a title block ("预算公开表1", "2026年预算收支总表",
"单位名称：…", "单位：万元"), the grid (header rows with merged cells, then data rows) and notes
below it ("注：本表无数据"). Some sheets hold several tables one below the other. Title and note
rows become TextLines, each grid a RawTable; ``page`` is the sheet's 1-based position in the
workbook, so provenance names the sheet.

The workbook is opened in normal mode, not ``read_only``: read-only worksheets do not expose
``merged_cells``, and merges are what tell a title spanning the table from a grid row.
Disclosure workbooks are a few hundred rows, so the memory cost is irrelevant.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import warnings
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from ..errors import BrokenFile
from ..raw import Block, RawDocument, RawTable, TextLine
from .files import read_bytes

# An OLE2 compound file: a legacy .xls workbook, or an .xlsx encrypted with a password.
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Captions printed around a table rather than in it. Used to tell a title row that happens to
# have two cells ("单位名称：…" … "单位：万元") from the first grid row, and a note or the next
# table's title from a grid row with a single filled cell.
_CAPTION_PATTERNS = [
    re.compile(r"^(单位名称|部门名称|编制单位|填报单位|编报单位|预算单位|主管部门|金额单位|单位)\s*[:：]"),
    re.compile(r"^(预算公开表|部门公开表|单位公开表|决算公开表|公开表|附表|表)\s*"
               r"[0-9０-９一二三四五六七八九十]+([-－—][0-9０-９]+)?$"),
    re.compile(r"^(注|说明|备注)\s*\d*\s*[:：]"),
    # A table title: "2026年预算收支总表", "…支出预算表（不含上年结转）".
    re.compile(r"^.{0,60}表\s*([（(][^）)]{0,30}[）)])?$"),
]


def looks_like_caption(text: str) -> bool:
    """True for a title, unit caption or note line ("2026年预算收支总表", "单位：万元", "注：…")."""
    compact = re.sub(r"\s+", "", text)
    return any(p.match(compact) for p in _CAPTION_PATTERNS)


def read_xlsx(path: str | Path) -> RawDocument:
    """Every visible sheet's title lines, tables and notes, sheet by sheet."""
    source = str(path)
    workbook = _open_workbook(Path(path), source)
    blocks: list[Block] = []
    for index, sheet in enumerate(workbook.worksheets, start=1):
        if sheet.sheet_state != "visible":  # hidden sheets hold lookup data, not the publication
            continue
        blocks.extend(_sheet_blocks(_visible_rows(sheet), page=index))
    return RawDocument(source=source, format="xlsx", blocks=blocks,
                       page_count=len(workbook.worksheets))


def _open_workbook(path: Path, source: str):
    import openpyxl  # here, not at the top: the HTML reader imports this module's captions

    data = read_bytes(path, source)
    if data.startswith(_OLE2_MAGIC):
        raise BrokenFile(source, "这是旧版 .xls 或加密的工作簿，请用 Excel 另存为不加密的 .xlsx")
    try:
        with warnings.catch_warnings():  # openpyxl warns about unsupported extensions; harmless
            warnings.simplefilter("ignore")
            # A stream, not the path: openpyxl would reject a valid workbook by its extension.
            # data_only: formulas read as the values Excel last computed and printed.
            return openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl fails with zip, XML, key and value errors alike
        raise BrokenFile(source, "不是有效的 .xlsx 工作簿") from exc




# ---------------------------------------------------------------------------------------------
# Title block, grid, notes


def _sheet_blocks(rows: list[list[_Cell]], page: int) -> list[Block]:
    """Split a sheet's rows into title/note lines and grids, in sheet order."""
    blocks: list[Block] = []
    grid: list[list[_Cell]] = []
    after_gap = False  # a blank row came since the last grid row
    for cells in rows:
        if not cells:
            after_gap = bool(grid)
            continue
        if grid and _ends_grid(cells, grid, after_gap):
            blocks.append(_grid_table(grid, page))
            grid = []
        after_gap = False
        if grid:
            grid.append(cells)
        elif _is_title_row(cells):
            blocks.extend(TextLine(cell.text, page) for cell in cells)
        else:
            grid = [cells]
    if grid:
        blocks.append(_grid_table(grid, page))
    return blocks


def _is_title_row(cells: list[_Cell]) -> bool:
    """Outside a grid: a single filled cell, or captions only ("单位名称：…" … "单位：万元")."""
    return len(cells) == 1 or all(_is_caption(cell) for cell in cells)


def _ends_grid(cells: list[_Cell], grid: list[list[_Cell]], after_gap: bool) -> bool:
    """Whether a row inside a grid is really a note or the next table's title.

    A grid row may have one filled cell (表1's expenditure side runs longer than its income
    side; an empty table's "合计" merged over its code and name columns), so a single cell ends
    the grid only when it reads as a caption or note, when it is merged across the whole table
    as a title is, or when it follows a blank row in the grid's first column, where text under
    a table starts. A label merged over part of the width stays in the grid (in a narrow table,
    表7: 编码 | 名称 | 金额, "合计" over two of three columns is a row), and so does a lone cell
    further right after a spacer row (表1's "二十二、…支出" in the expenditure column).
    """
    if not _is_title_row(cells):
        return False
    if len(cells) > 1:
        return True
    cell = cells[0]
    if _is_caption(cell) or cell.span >= _grid_width(grid):
        return True
    return after_gap and cell.column == _grid_first_column(grid)


def _is_caption(cell: _Cell) -> bool:
    return not cell.is_number and looks_like_caption(cell.text)


def _grid_first_column(grid: list[list[_Cell]]) -> int:
    return min(cell.column for row in grid for cell in row)


def _grid_width(grid: list[list[_Cell]]) -> int:
    first = min(cell.column for row in grid for cell in row)
    last = max(cell.column + cell.span - 1 for row in grid for cell in row)
    return last - first + 1


def _grid_table(grid: list[list[_Cell]], page: int) -> RawTable:
    """The grid's rows over the columns that hold text (tables often start in column B)."""
    first = min(cell.column for row in grid for cell in row)
    last = max(cell.column for row in grid for cell in row)
    rows = []
    for cells in grid:
        row = [""] * (last - first + 1)
        for cell in cells:
            row[cell.column - first] = cell.text
        rows.append(row)
    # Cell boundaries are the workbook's own: as exact as drawn lines, never guessed.
    return RawTable(rows=rows, row_pages=[page] * len(rows), ruled=True)


# ---------------------------------------------------------------------------------------------
# Cells as printed


@dataclass
class _Cell:
    column: int  # 1-based sheet column
    text: str
    span: int  # how many columns a merge starting here covers (1 when not merged)
    is_number: bool


def _visible_rows(sheet) -> list[list[_Cell]]:
    """The sheet's rows as filled cells only; hidden rows and columns are not printed, so skipped.

    Empty rows are kept (as []) because a blank row is what separates stacked tables.
    """
    spans = {(r.min_row, r.min_col): r.max_col - r.min_col + 1 for r in sheet.merged_cells.ranges}
    hidden_columns = _hidden_columns(sheet)
    rows: list[list[_Cell]] = []
    for row in sheet.iter_rows():
        if not row or sheet.row_dimensions[row[0].row].hidden:
            continue
        cells = []
        for cell in row:
            if cell.column in hidden_columns:
                continue
            text = _cell_text(cell)
            if text:
                span = spans.get((cell.row, cell.column), 1)
                cells.append(_Cell(cell.column, text, span, isinstance(cell.value, (int, float))))
        rows.append(cells)
    return rows


def _hidden_columns(sheet) -> set[int]:
    # openpyxl groups consecutive columns with the same settings into one dimension (min..max).
    hidden: set[int] = set()
    for dim in sheet.column_dimensions.values():
        if dim.hidden and dim.min and dim.max:
            hidden.update(range(dim.min, dim.max + 1))
    return hidden


def _cell_text(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return number_text(value, cell.number_format or "General")
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return _date_text(value)
    return _clean_text(str(value))


def _clean_text(text: str) -> str:
    """Strip each wrapped line; Alt+Enter wraps become '\\n' as RawTable asks."""
    text = text.replace("_x000D_", "").replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def _date_text(value: dt.datetime | dt.date | dt.time) -> str:
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    return value.isoformat()


# ---------------------------------------------------------------------------------------------
# Numbers as their number format prints them


def number_text(value: int | float, number_format: str) -> str:
    """The text Excel shows for ``value`` under ``number_format``, without thousands separators.

    1833.7600000000002 with "0.00" → "1833.76"; 0 with "#,##0.00" → "0.00"; a zero under
    "0.00;-0.00;;@" (zeros shown blank) → ""; a zero under the accounting format
    '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ ' → "-"; under General, float noise is
    rounded away.
    """
    sections = _format_sections(number_format)
    section = _section_for(value, sections)
    cleaned = _strip_literals(section)
    if "general" in cleaned.lower() or re.search(r"[eE][+-]", cleaned):
        return _general_text(value)  # scientific formats are not used for amounts; show the value
    if not re.search(r"[0#?]", cleaned):
        return _literal_text(section)  # "" hides the value, '"-"' prints a dash
    own_sign = value < 0 and len(sections) >= 2  # a negative section prints the sign itself
    text = _fixed_text(abs(value) if own_sign else value, cleaned)
    if not text:
        # Only optional placeholders ('#', '?') and nothing to show in them: the accounting
        # zero '"-"??' prints its dash, '#' prints nothing.
        return _literal_text(section)
    return _signed(text, section) if own_sign else text


def _format_sections(number_format: str) -> list[str]:
    """Split on ';' outside quoted literals: positive;negative;zero;text."""
    sections, current, quoted = [], [], False
    for ch in number_format:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            sections.append("".join(current))
            current = []
        else:
            current.append(ch)
    sections.append("".join(current))
    return sections


def _section_for(value: int | float, sections: list[str]) -> str:
    if value < 0 and len(sections) >= 2:
        return sections[1]
    if value == 0 and len(sections) >= 3:
        return sections[2]
    return sections[0]


def _strip_literals(section: str) -> str:
    """The section without quoted text, escapes, padding/fill marks and [colour]/[locale] tags."""
    section = re.sub(r'"[^"]*"', "", section)
    section = re.sub(r"\\.|_.|\*.", "", section)
    return re.sub(r"\[[^\]]*\]", "", section)


def _literal_text(section: str) -> str:
    """What a section without digit placeholders prints: its quoted and escaped literals."""
    parts = re.findall(r'"([^"]*)"|\\(.)', section)
    return "".join(quoted or escaped for quoted, escaped in parts).strip()


def _general_text(value: int | float) -> str:
    if isinstance(value, int):
        return str(value)
    # 15 significant digits is Excel's precision; budget figures never need more than 6 places.
    number = Decimal(f"{value:.15g}")
    if number.as_tuple().exponent < -6:
        number = number.quantize(Decimal("0.000001"), ROUND_HALF_UP)
    text = f"{number.normalize():f}"
    return "0" if text in ("-0", "0") else text


def _fixed_text(value: int | float, cleaned: str) -> str:
    """Round half up (as Excel does) to the places the format shows; '#'/'?' places are optional.

    A format without any required digit ('#', '??') prints nothing for a zero: '' is returned
    and the caller shows the section's literals instead.
    """
    percent = "%" in cleaned
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if percent:
        number *= 100
    match = re.search(r"\.([0#?]+)", cleaned)
    places = match.group(1) if match else ""
    most, least = len(places), places.count("0")
    number = number.quantize(Decimal(1).scaleb(-most), ROUND_HALF_UP)
    if number == 0:
        number = abs(number)  # no "-0.00"
    text = f"{number:f}"
    if number == 0 and "0" not in cleaned:
        return ""
    if most > least:
        whole, _, fraction = text.partition(".")
        fraction = fraction.rstrip("0").ljust(least, "0")
        text = f"{whole}.{fraction}" if fraction else whole
    return text + ("%" if percent else "")


def _signed(text: str, section: str) -> str:
    """A negative under its own section: "(1.50)", "-1.50", or unsigned if the section says so.

    The sign is whatever the section prints around the digits: plain "-", an escaped "\\-" or a
    quoted "-" (the Chinese accounting format writes its minus as "\\-"). Padding ("_-", "_)")
    only reserves space and prints nothing.
    """
    shown = _shown_literals(section)
    if "(" in shown and ")" in shown:
        return f"({text})"
    return f"-{text}" if "-" in shown else text


def _shown_literals(section: str) -> str:
    """The characters a section prints itself: quoted and escaped text and bare literals."""
    out = []
    for quoted, escaped, other in re.findall(r'"([^"]*)"|\\(.)|(_.|\*.|\[[^\]]*\]|.)', section):
        if quoted or escaped:
            out.append(quoted or escaped)
        elif other and len(other) == 1:
            out.append(other)
    return "".join(out)
