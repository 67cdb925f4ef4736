"""Write a Disclosure model back out as a province would PUBLISH it: an .xlsx workbook or an HTML page.

The round-trip tests (test_published_roundtrip.py) feed real seed documents through
``extract`` → these writers → ``extract`` again and demand the same model, proving the workbook and
HTML readers plus recognition reproduce every figure of a real disclosure.

What is written, per standard table:

* title lines: "预算公开表N" (for most tables), the title merged across the table's width, then
  "单位名称：…" / "部门名称：…" and "单位：万元" on one row in two cells;
* the Shanxi header (``HEADERS`` below): two or three rows with merged cells — group headers such
  as "本年收入" over the source columns, "上年结转" merged down, "2026年财政拨款" over the fund
  columns, a column-number row under 表12/表13;
* the body: coded rows with code and name in separate cells ("合计" merged over both), 表6 rows
  with the 政府预算支出经济科目 beside the 部门预算 one, two-sided tables (表1, 表4, 表9) with income
  and expenditure rows side by side as the documents pair them;
* amounts as numbers formatted '#,##0.00' — or, for the tables in ``text_amounts``, as text
  with thousands separators ("1,833.76"), as some publishers do; blanks left empty;
* the notes under the table, and "注：本表无数据" under an empty one (whose blank rows, such as
  its "合计", print as the source printed them, or not at all with ``Style(empty_rows=False)``).

``Style`` switches on what other publishers do: finance-system exports (all tables on one sheet,
codes stored as numbers, blank amounts stored as zeros under a format that hides them or prints
"-", spacer rows), wrapped header texts, "合计" under 科目名称, &nbsp; or "-" in blank HTML cells.

Only the table grids are published; the prose (第三部分) is not, so sections are not round-tripped.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import zip_longest
from pathlib import Path

from budget_disclosure.model import Disclosure, Row, Table
from budget_disclosure.profiles import get_profile

NO_DATA = "注：本表无数据"

# The printed header of each standard table, as rows of header cells in HTML flow order (each
# cell takes the first free column; spans reserve the cells they cover). A cell is
# (text, colspan, rowspan). "{key}" prints the model's column title of that amount column
# (``Table.column_titles``, which is what the seed printed), "{year}" the budget year. A row
# given as the string "serial" is the "1 2 3 …" column-number row some tables print.
# The printed columns themselves are the profile's, in its declared (= printed) order.
HEADERS: dict[str, list] = {
    "T01": [
        [("收入", 2, 1), ("支出", 4, 1)],
        [("项目", 1, 1), ("{amount}", 1, 1), ("项目", 1, 1), ("{total}", 1, 1), ("{current_year}", 1, 1),
         ("{carryover}", 1, 1)],
    ],
    "T02": [
        [("项目", 2, 1), ("本年收入", 6, 1), ("{carryover}", 1, 2)],
        [("科目编码", 1, 1), ("科目名称", 1, 1), ("{total}", 1, 1), ("{general_budget}", 1, 1), ("{gov_fund}", 1, 1),
         ("{state_capital}", 1, 1), ("{special_account}", 1, 1), ("{unit_funds}", 1, 1)],
    ],
    "T03": [
        [("项目", 2, 1), ("{year}年预算数", 3, 1)],
        [("科目编码", 1, 1), ("科目名称", 1, 1), ("{total}", 1, 1), ("{basic}", 1, 1), ("{project}", 1, 1)],
    ],
    "T04": [
        [("收入", 2, 1), ("支出", 5, 1)],
        [("项目", 1, 2), ("{amount}", 1, 2), ("项目", 1, 2), ("金额", 4, 1)],
        [("{total}", 1, 1), ("{general_budget}", 1, 1), ("{gov_fund}", 1, 1), ("{state_capital}", 1, 1)],
    ],
    "T05": [
        [("项目", 2, 1), ("{year}年预算数", 3, 1)],
        [("科目编码", 1, 1), ("科目名称", 1, 1), ("{total}", 1, 1), ("{basic}", 1, 1), ("{project}", 1, 1)],
    ],
    "T06": [
        [("部门预算支出经济科目名称", 1, 2), ("政府预算支出经济科目名称", 1, 2), ("{year}年预算数", 3, 1)],
        [("{total}", 1, 1), ("{personnel}", 1, 1), ("{public_use}", 1, 1)],
    ],
    "T07": [
        [("项目", 2, 1), ("{amount}", 1, 2)],
        [("收入科目编码", 1, 1), ("科目名称", 1, 1)],
    ],
    "T08": [
        [("项目", 2, 1), ("{year}年预算数", 3, 1)],
        [("科目编码", 1, 1), ("科目名称", 1, 1), ("{total}", 1, 1), ("{basic}", 1, 1), ("{project}", 1, 1)],
    ],
    "T09": [
        [("国有资本经营预算收入", 3, 1), ("国有资本经营预算支出", 5, 1)],
        [("收入科目编码", 1, 1), ("科目名称", 1, 1), ("{amount}", 1, 1), ("科目编码", 1, 1), ("科目名称", 1, 1),
         ("{total}", 1, 1), ("{basic}", 1, 1), ("{project}", 1, 1)],
    ],
    "T10": [
        [("项目", 1, 2), ("{year}年预算数", 4, 1)],
        [("{total}", 1, 1), ("{general_budget}", 1, 1), ("{gov_fund}", 1, 1), ("{state_capital}", 1, 1)],
    ],
    "T11": [
        [("单位名称", 1, 2), ("{year}年预算数", 4, 1)],
        [("{total}", 1, 1), ("{general_budget}", 1, 1), ("{gov_fund}", 1, 1), ("{state_capital}", 1, 1)],
    ],
    "T12": [
        [("项目名称", 1, 2), ("{total}", 1, 2), ("{year}年财政拨款", 3, 1), ("{special_account}", 1, 2),
         ("{unit_funds}", 1, 2)],
        [("{general_budget}", 1, 1), ("{gov_fund}", 1, 1), ("{state_capital}", 1, 1)],
        "serial",
    ],
    "T13": [
        [("项目名称", 1, 2), ("{total}", 1, 2), ("{year}年财政拨款", 3, 1)],
        [("{general_budget}", 1, 1), ("{gov_fund}", 1, 1), ("{state_capital}", 1, 1)],
        "serial",
    ],
}

# Rows of a two-sided table that print on one line: (income key, expenditure key), in order.
# Rows between two anchors are paired in order; a side without an anchor prints blank beside it.
PAIRED_TOTALS = [
    ("total", "total"),  # 表9: "合计" heads the income side
    ("income_total", "expenditure_total"),
    ("carryover", "year_end_carryover"),
    ("income_grand_total", "expenditure_grand_total"),
]

AMOUNT_FORMAT = "#,##0.00"
# Excel's 会计专用 format as finance systems export it: zero prints as "-", blanks are often zeros.
ACCOUNTING_FORMAT = '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ '
ZERO_HIDDEN_FORMAT = "#,##0.00;-#,##0.00;;@"  # zero prints as nothing

# Tables whose amounts are written as text with thousands separators ("1,833.76").
TEXT_AMOUNTS = frozenset({"T03", "T06", "T12"})
# Tables printed without the "预算公开表N" line above the title (the seeds omit it on some).
NO_NUMBER_LINE = frozenset({"T03", "T05", "T08"})


@dataclass(frozen=True)
class Style:
    """How a publisher prints: the defaults are the plain Shanxi workbook / CMS page."""

    text_amounts: frozenset[str] = TEXT_AMOUNTS  # tables with amounts as text ("1,833.76")
    number_lines: bool = True  # print "预算公开表N" above the title (except NO_NUMBER_LINE)
    empty_rows: bool = True  # an empty table prints its blank rows ("合计" …); else header only
    wrap_headers: bool = False  # long header texts wrap inside the cell ("国有资本\n经营预算")
    # .xlsx only
    codes_as_numbers: bool = False  # 科目编码 stored as numbers (2080505), as finance systems export
    number_format: str = AMOUNT_FORMAT  # of amount cells; ACCOUNTING_FORMAT prints zero as "-"
    blanks_as_zero: bool = False  # blank amounts stored as 0 (shown as the format prints zero)
    one_sheet: bool = False  # all tables stacked on one sheet, from column B…
    gap_rows: int = 2  # …with this many blank rows between them
    one_caption_cell: bool = False  # "单位名称：…　　单位：万元" in a single cell
    total_in_name_column: bool = False  # coded tables print "合计" under 科目名称, not merged
    spacer_every: int = 0  # a blank row after every N body rows (page breaks a converter kept)
    # HTML only
    blank_cell: str = ""  # what an empty <td> holds, e.g. "&nbsp;"
    blank_amount: str | None = None  # what an empty amount <td> holds ("-"); default blank_cell


# ---------------------------------------------------------------------------------------------
# The printed grid, independent of the output format


@dataclass
class Cell:
    value: str | Decimal  # Decimal: an amount
    colspan: int = 1
    rowspan: int = 1
    header: bool = False


@dataclass
class PrintedTable:
    key: str
    number: int  # 1..13
    title: str
    number_line: str | None  # "预算公开表N" printed above the title, or None
    entity_line: str | None  # "单位名称：…"
    unit_line: str  # "单位：万元"
    width: int
    rows: list[dict[int, Cell] | None]  # header rows, then body rows (column -> cell); None: spacer
    header_rows: int
    notes: list[str] = field(default_factory=list)
    text_amounts: bool = False
    amount_columns: list[int] = field(default_factory=list)  # printed columns holding amounts


def published_notes(table: Table) -> list[str]:
    """The notes printed under the table: the model's, plus "注：本表无数据" for an empty table."""
    notes = list(table.notes)
    if table.empty and not any("本表无数据" in n for n in notes):
        notes.append(NO_DATA)
    return notes


def printed_tables(d: Disclosure, style: Style = Style()) -> list[PrintedTable]:
    profile = get_profile(d.profile)
    entity_label = "部门名称" if d.level == "部门" else "单位名称"
    out = []
    for table in d.tables:
        spec = profile.table(table.key)
        columns = [c.key for c in spec.columns]
        header = _header_rows(HEADERS[table.key], table, d.year, len(columns), style.wrap_headers)
        lines = _lines(table, spec) if style.empty_rows or not table.empty else []
        body: list[dict[int, Cell] | None] = []
        for i, line in enumerate(lines):
            if style.spacer_every and i and i % style.spacer_every == 0:
                body.append(None)  # a blank spacer row
            body.append(_body_row(spec, columns, line, style))
        number = int(table.key[1:])
        out.append(PrintedTable(
            key=table.key,
            number=number,
            title=table.title,
            number_line=f"预算公开表{number}" if style.number_lines and table.key not in NO_NUMBER_LINE else None,
            entity_line=f"{entity_label}：{d.entity}" if d.entity else None,
            unit_line=f"单位：{d.unit}",
            width=len(columns),
            rows=header + body,
            header_rows=len(header),
            notes=published_notes(table),
            text_amounts=table.key in style.text_amounts,
            amount_columns=[j for j, c in enumerate(spec.columns) if not c.text],
        ))
    return out


def _header_rows(layout: list, table: Table, year: int | None, width: int,
                 wrap: bool = False) -> list[dict[int, Cell]]:
    def text(template: str) -> str:
        def sub(m: re.Match) -> str:
            name = m.group(1)
            return str(year) if name == "year" else table.column_titles[name]
        printed = re.sub(r"\{(\w+)\}", sub, template)
        if wrap and len(printed) >= 6:  # a narrow column wraps its header in the middle
            printed = printed[: len(printed) // 2] + "\n" + printed[len(printed) // 2:]
        return printed

    rows: list[dict[int, Cell]] = [{} for _ in layout]
    covered: set[tuple[int, int]] = set()
    for r, cells in enumerate(layout):
        if cells == "serial":
            rows[r] = {j: Cell(str(j + 1), header=True) for j in range(width)}
            continue
        column = 0
        for template, colspan, rowspan in cells:
            while (r, column) in covered:
                column += 1
            rows[r][column] = Cell(text(template), colspan, rowspan, header=True)
            covered |= {(r + dr, column + dc) for dr in range(rowspan) for dc in range(colspan)}
            column += colspan
        assert max(c for (rr, c) in covered if rr == r) + 1 == width, (table.key, r)
    return rows


def _lines(table: Table, spec) -> list[tuple[Row | None, Row | None] | tuple[Row]]:
    """One-sided: each row alone. Two-sided: (income, expenditure) pairs as the documents print."""
    if None in spec.row_kinds:
        return [(r,) for r in table.rows]
    income = [r for r in table.rows if r.side == "income"]
    expenditure = [r for r in table.rows if r.side == "expenditure"]
    return pair_sides(income, expenditure)


def pair_sides(income: list[Row], expenditure: list[Row]) -> list[tuple[Row | None, Row | None]]:
    """Pair the two sides line by line, the 合计/结转/总计 rows of both sides on the same line."""
    anchors = [(a, b) for a, b in PAIRED_TOTALS
               if any(r.key == a for r in income) or any(r.key == b for r in expenditure)]
    lines: list[tuple[Row | None, Row | None]] = []
    rest_in, rest_ex = list(income), list(expenditure)

    def cut(rows: list[Row], key: str) -> tuple[list[Row], Row | None, list[Row]]:
        at = next((i for i, r in enumerate(rows) if r.key == key and r.role == "total"), None)
        if at is None:  # this side has no such row: blank beside the other side's
            return [], None, rows
        return rows[:at], rows[at], rows[at + 1:]

    for key_in, key_ex in anchors:
        before_in, anchor_in, rest_in = cut(rest_in, key_in)
        before_ex, anchor_ex, rest_ex = cut(rest_ex, key_ex)
        lines.extend(zip_longest(before_in, before_ex))
        lines.append((anchor_in, anchor_ex))
    lines.extend(zip_longest(rest_in, rest_ex))
    return lines


def _body_row(spec, columns: list[str], line, style: Style) -> dict[int, Cell]:
    cells: dict[int, Cell] = {}
    if len(line) == 1:
        _put_side(cells, spec, columns, None, line[0], style)
    else:
        for side, row in zip(("income", "expenditure"), line):
            if row is not None:
                _put_side(cells, spec, columns, side, row, style)
    return cells


def _put_side(cells: dict[int, Cell], spec, columns: list[str], side: str | None, row: Row,
              style: Style) -> None:
    side_cols = [c for c in spec.columns if side is None or c.side == side]
    code_col = next((c.key for c in side_cols if c.text and c.key.endswith("code")), None)
    label_col = next(c.key for c in side_cols if c.text and not c.key.endswith("code")
                     and c.key != "government_class")
    if code_col and row.code:
        cells[columns.index(code_col)] = Cell(row.code)
        cells[columns.index(label_col)] = Cell(row.label)
    elif code_col and row.role == "total" and not style.total_in_name_column:
        # "合计" printed in the code column and merged over the name column.
        cells[columns.index(code_col)] = Cell(row.label, colspan=2)
    else:
        cells[columns.index(label_col)] = Cell(row.label)
    government = row.attributes.get("government_class")
    if government:
        cells[columns.index("government_class")] = Cell(government)
    for c in side_cols:
        if not c.text and row.values.get(c.key) is not None:
            cells[columns.index(c.key)] = Cell(row.values[c.key])


def amount_text(value: Decimal, separators: bool) -> str:
    return f"{value:,}" if separators else f"{value}"


# ---------------------------------------------------------------------------------------------
# .xlsx


def write_xlsx(d: Disclosure, path: str | Path, style: Style = Style()) -> Path:
    """One sheet per table ("表1" …) — or all on one sheet — title block, merged header, numbers."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    ws, r = None, 1
    for pt in printed_tables(d, style):
        if style.one_sheet:
            if ws is None:
                ws = wb.create_sheet("预算公开表")
            else:
                r += style.gap_rows
            r = _write_sheet_table(ws, pt, style, r, first_column=2)
        else:
            ws = wb.create_sheet(f"表{pt.number}")
            _write_sheet_table(ws, pt, style, 1, first_column=1)
    path = Path(path)
    wb.save(path)
    return path


def _write_sheet_table(ws, pt: PrintedTable, style: Style, r: int, first_column: int) -> int:
    """Write one printed table from row r; return the row after it."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    c0 = first_column
    last = c0 + pt.width - 1

    def merge(row: int, col: int, rows: int = 1, cols: int = 1) -> None:
        if rows > 1 or cols > 1:
            ws.merge_cells(start_row=row, start_column=col, end_row=row + rows - 1, end_column=col + cols - 1)

    if pt.number_line:
        ws.cell(r, c0, pt.number_line)
        r += 1
    ws.cell(r, c0, pt.title).alignment = centre
    merge(r, c0, cols=pt.width)
    r += 1
    if style.one_caption_cell:
        ws.cell(r, c0, f"{pt.entity_line}\u3000\u3000\u3000\u3000{pt.unit_line}" if pt.entity_line else pt.unit_line)
        merge(r, c0, cols=pt.width)
    else:
        if pt.entity_line:
            ws.cell(r, c0, pt.entity_line)
            merge(r, c0, cols=pt.width - 1)
        ws.cell(r, last, pt.unit_line)
    r += 1
    for i, cells in enumerate(pt.rows):
        body = i >= pt.header_rows
        if cells is None:  # a blank spacer row
            r += 1
            continue
        amount_columns = {j for j, c in cells.items() if isinstance(c.value, Decimal)}
        for j, cell in cells.items():
            target = ws.cell(r, c0 + j)
            if isinstance(cell.value, Decimal):
                if pt.text_amounts:
                    target.value = amount_text(cell.value, separators=True)
                else:
                    target.value = float(cell.value)
                    target.number_format = style.number_format
            elif cell.value.isdigit() and (cell.header or style.codes_as_numbers):
                target.value = int(cell.value)  # column numbers; 科目编码 as a finance system stores them
            else:
                target.value = cell.value
            if cell.header:
                target.alignment = centre
            merge(r, c0 + j, cell.rowspan, cell.colspan)
        if body and style.blanks_as_zero and not pt.text_amounts:
            # Blank amounts stored as zeros: the number format prints them as "-" or nothing.
            for j in set(pt.amount_columns) - amount_columns:
                if not _covered(cells, j):
                    ws.cell(r, c0 + j, 0).number_format = style.number_format
        r += 1
    for note in pt.notes:
        ws.cell(r, c0, note)
        merge(r, c0, cols=pt.width)
        r += 1
    for j in range(c0, last + 1):
        ws.column_dimensions[get_column_letter(j)].width = 16
    return r


def _covered(cells: dict[int, Cell], j: int) -> bool:
    return any(k < j < k + c.colspan for k, c in cells.items())


# ---------------------------------------------------------------------------------------------
# HTML


def render_html(d: Disclosure, style: Style = Style(), encoding: str = "utf-8") -> str:
    """The tables as a CMS page: titles as <p>/<h3> before each <table>, colspan/rowspan headers.

    Odd-numbered tables print the title as <h3> and the 单位名称 / 单位 line and notes as
    paragraphs around the table; even-numbered ones carry the title, the 单位名称 / 单位 row and
    the notes as rows inside the table, as Word exports do.
    """
    charset = "gb2312" if encoding.lower() in ("gbk", "gb2312", "gb18030") else encoding
    out = [
        "<!DOCTYPE html>",
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">',
        f"<title>{_e(d.entity or '')}{d.year or ''}年度{d.level or ''}预算公开</title></head><body>",
        f"<h1>{_e(d.entity or '')}</h1>",
        f"<p>{d.year or ''}年度{d.level or ''}预算公开</p>",
    ]
    blank = f"<td>{style.blank_cell}</td>"
    blank_amount = blank if style.blank_amount is None else f"<td>{style.blank_amount}</td>"
    for pt in printed_tables(d, style):
        inside = pt.number % 2 == 0
        if pt.number_line:
            out.append(f"<p>{_e(pt.number_line)}</p>")
        if not inside:
            out.append(f'<h3 style="text-align:center">{_e(pt.title)}</h3>')
            entity = f"{_e(pt.entity_line)}&nbsp;&nbsp;&nbsp;&nbsp;" if pt.entity_line else ""
            out.append(f"<p>{entity}{_e(pt.unit_line)}</p>")
        out.append('<table border="1" cellspacing="0" cellpadding="2">')
        if inside:
            out.append(f'<tr><td colspan="{pt.width}" align="center"><b>{_e(pt.title)}</b></td></tr>')
            left = pt.width - 1
            out.append(f'<tr><td colspan="{left}">{_e(pt.entity_line or "")}</td>'
                       f'<td align="right">{_e(pt.unit_line)}</td></tr>')
        covered: set[tuple[int, int]] = set()
        for r, cells in enumerate(pt.rows):
            if cells is None:  # a spacer row: one empty cell across the table
                out.append(f'<tr><td colspan="{pt.width}">&nbsp;</td></tr>')
                continue
            tds = []
            for j in range(pt.width):
                if (r, j) in covered:
                    continue
                cell = cells.get(j)
                if cell is None:
                    body = r >= pt.header_rows
                    tds.append(blank_amount if body and j in pt.amount_columns else blank)
                    continue
                covered |= {(r + dr, j + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan)}
                tag = "th" if cell.header else "td"
                spans = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + \
                        (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "")
                if isinstance(cell.value, Decimal):
                    text = amount_text(cell.value, pt.text_amounts)
                    tds.append(f'<{tag}{spans} align="right">{text}</{tag}>')
                else:
                    text = _e(cell.value).replace("\n", "<br>")
                    tds.append(f"<{tag}{spans}>{text}</{tag}>")
            out.append("<tr>" + "".join(tds) + "</tr>")
        if inside:
            out += [f'<tr><td colspan="{pt.width}">{_e(n)}</td></tr>' for n in pt.notes]
        out.append("</table>")
        if not inside:
            out += [f"<p>{_e(n)}</p>" for n in pt.notes]
    out.append("</body></html>")
    return "\n".join(out)


def write_html(d: Disclosure, path: str | Path, style: Style = Style(), encoding: str = "utf-8") -> Path:
    path = Path(path)
    page = render_html(d, style, encoding)
    path.write_bytes(page.encode(encoding, errors="xmlcharrefreplace"))
    return path


def _e(text: str) -> str:
    return html.escape(text, quote=False)
