"""未识别的表: a printed table no profile names, read as it is — title, header, rows, figures.

A table whose title no template declares is still a table staff want to see and add up. Without a
profile nothing says what its columns mean, so only what the page itself shows is used:

- the header is the rows above the first row that prints a figure;
- a column is an amount column when most of its body cells are amounts, a code column when they are
  科目编码 (3, 5 or 7 digits, or split over 类/款/项 columns), else a text column (the first one is
  the row's name, the others are kept as attributes);
- a code printed inside the name ("[2010999]其他…", "2010999 行政运行") is taken out of it;
- rows nest by their codes (款 under its 类, 项 under its 款), and a 合计/总计 row without a code
  adds up the top coded rows — the internal sums relations_generic.toml checks.

Tables without a single figure (绩效目标 forms, lists of names) are not kept: there is nothing in
them to add up, and the performance forms are read as their own section (recognise/performance.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..amounts import BLANK_MARKS, compact, parse_amount
from ..classification import level_of_code
from ..model import Row, Table
from ..profiles import GENERIC_PREFIX
from ..raw import RawTable, TextLine
from .fragments import merge_fragments

_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_SPLIT_CODE = re.compile(r"^\d{2,3}$")
# A code printed with the name: "[2010999]其他…", "【201】…", "2010999 行政运行", "201一般公共服务支出".
_CODE_IN_LABEL = re.compile(r"^[\[【(（]?(\d{3}(?:\d{2}){0,2})[\]】)）]?\s*(?=\D)(.+)$", re.S)
_TOTAL = re.compile(r"^(?:合计|总计|小计|本年支出合计|本年收入合计|支出合计|收入合计|[^，。]{0,12}(?:合计|总计))$")
_SERIAL = re.compile(r"^(?:栏次|行次)$")
# A line above a table that is not its title: units, the entity, "公开表N", page numbers.
_CAPTION = re.compile(r"^(?:单位|金额单位|编制单位|编制部门|预算单位|部门|单位名称|部门名称)[：:]|^(?:公开|预算|部门公开)?表\s*[0-9一二三四五六七八九十]+$|^-?\s*\d+\s*-?$|^第\s*\d+\s*页")
_SPLIT_HEADERS = ("类", "款", "项")
_PERFORMANCE = re.compile(r"绩效|指标$|^总分$|^年度资金总额|^实施期资金总额")
_NOT_MONEY = re.compile(r"编码|代码|编号|序号|栏次|行次|人数|数量|年度$|分值|得分|分数|权重|[率%％]")  # numbers that are not money


@dataclass
class GenericCandidate:
    """A raw table no profile claimed, with the lines printed above it since the previous table."""

    fragments: list[RawTable]
    above: list[TextLine] = field(default_factory=list)


def _is_figure(text: str) -> bool:
    t = compact(text)
    if t in BLANK_MARKS or _CODE.match(t):
        return False
    try:
        return parse_amount(t) is not None
    except ValueError:
        return False


def _amount(text: str) -> Decimal | None:
    try:
        return parse_amount(text)
    except ValueError:
        return None


def _is_performance_form(candidate: GenericCandidate) -> bool:
    """A 绩效目标表 (read as its own section by recognise/performance.py), not a table of figures."""
    if any("绩效" in compact(line.text) for line in candidate.above[-3:]):
        return True
    return any(_PERFORMANCE.search(compact(c)) for f in candidate.fragments for r in f.rows for c in r)


def _title(above: list[TextLine]) -> tuple[str, int | None]:
    """The table's title: the last line above it that is not a caption; "表" in it preferred."""
    lines = [ln for ln in above if compact(ln.text) and not _CAPTION.search(compact(ln.text))]
    titled = [ln for ln in lines if "表" in ln.text and len(compact(ln.text)) <= 60]
    pick = (titled or lines or [None])[-1]
    return (pick.text.strip(), pick.page) if pick else ("", None)


def _header_count(rows: list[list[str]]) -> int:
    """Rows above the first row printing two figures, or one figure beside a name."""
    for n, row in enumerate(rows[:8]):
        figures = sum(_is_figure(c) for c in row)
        named = any(compact(c) and not _is_figure(c) and not _CODE.match(compact(c)) for c in row)
        if figures >= 2 or (figures == 1 and named and n > 0):
            return n
    return min(1, len(rows))


def _column_titles(header: list[list[str]], width: int) -> list[str]:
    """Each column's header text, the cells above it joined top to bottom ("支出预算·合计"); a cell
    printed over several columns (text in its first column only) heads each of them."""
    titles = []
    for j in range(width):
        parts = []
        for n, row in enumerate(header):
            cell = compact(row[j]) if j < len(row) else ""
            if not cell:  # under a spanning cell: take the nearest text to the left on this row
                k = j - 1
                while k >= 0 and not (compact(row[k]) if k < len(row) else ""):
                    k -= 1
                below = any(compact(r[j]) for r in header[n + 1:] if j < len(r))
                cell = compact(row[k]) if k >= 0 and below else ""
            if cell and cell not in parts:
                parts.append(cell)
        titles.append("·".join(parts))
    return titles


def _classify(body: list[list[str]], titles: list[str], width: int) -> list[tuple[list[int], list[int], list[int]]]:
    """The table's parts, left to right, each (code columns, text columns, amount columns): a text
    column printed right of amount columns opens a new part (收入 | 预算数 | 支出 | 预算数)."""
    parts: list[tuple[list[int], list[int], list[int]]] = []
    codes: list[int] = []
    texts: list[int] = []
    amounts: list[int] = []
    for j in range(width):
        cells = [compact(r[j]) for r in body if j < len(r) and compact(r[j])]
        if not cells:  # a column printed empty: an amount column when headed among amount columns
            if amounts and titles[j]:
                amounts.append(j)
            continue
        figures = sum(_is_figure(c) or c in BLANK_MARKS for c in cells)
        coded = sum(bool(_CODE.match(c)) for c in cells)
        # A 合计 row prints its label in the code column: most cells coded, the rest total labels.
        totals = sum(bool(_TOTAL.match(c)) for c in cells)
        split = titles[j].split("·")[-1] in _SPLIT_HEADERS and all(_SPLIT_CODE.match(c) or _TOTAL.match(c) for c in cells)
        is_amount = figures >= 0.6 * len(cells) and any(_is_figure(c) for c in cells) \
            and not _NOT_MONEY.search(titles[j])
        if (coded and coded + totals == len(cells)) or split:
            kind = "code"
        elif is_amount:
            kind = "amount"
        else:
            kind = "text"
        if kind != "amount" and amounts:  # a label column after figures: the next part begins
            parts.append((codes, texts, amounts))
            codes, texts, amounts = [], [], []
        {"code": codes, "text": texts, "amount": amounts}[kind].append(j)
    if amounts or codes or texts:
        parts.append((codes, texts, amounts))
    return parts


def build_generic_table(candidate: GenericCandidate, number: int) -> Table | None:
    """The candidate read as a generic table, or None when it prints no money."""
    first = candidate.fragments[0]
    if len(first.rows) < 2 or _is_performance_form(candidate):
        return None
    n_header = _header_count(first.rows)
    rows, pages = merge_fragments(candidate.fragments, n_header)
    width = max(len(r) for r in rows)
    header, body, body_pages = rows[:n_header], rows[n_header:], pages[n_header:]
    keep = [i for i, r in enumerate(body) if not any(_SERIAL.match(compact(c)) for c in r[:3])]
    body, body_pages = [body[i] for i in keep], [body_pages[i] for i in keep]
    titles = _column_titles(header, width)
    parts = [p for p in _classify(body, titles, width) if p[2]]
    if not parts:
        return None
    keys = {j: f"c{n}" for n, j in enumerate((j for p in parts for j in p[2]), 1)}
    out: list[Row] = []
    for n, (code_cols, text_cols, amount_cols) in enumerate(parts, 1):
        side = f"part{n}" if len(parts) > 1 else None
        part_rows = []
        for row, page in zip(body, body_pages):
            cells = [compact(row[j]) if j < len(row) else "" for j in range(width)]
            values = {keys[j]: _amount(cells[j]) for j in amount_cols}
            code = "".join(cells[j] for j in code_cols)
            texts = [cells[j] for j in text_cols if cells[j]]
            if code and not _CODE.match(code):  # the 合计 label printed in the code column
                texts, code = [code, *texts], ""
            label = texts[0] if texts else ""
            if not code and (m := _CODE_IN_LABEL.match(label)):
                code, label = m.group(1), m.group(2).strip()
            if not label and not code and all(v is None for v in values.values()):
                continue
            role = "total" if not code and _TOTAL.match(label) else "detail"
            attributes = {titles[j] or f"第{j + 1}列": cells[j] for j in text_cols[1:] if cells[j]}
            part_rows.append(Row(label=label, values=values, code=code or None, level=level_of_code(code) if code else None,
                                 role=role, side=side, page=page, attributes=attributes))
        _nest(part_rows, len(out))
        out += part_rows
    # Money (printed with decimals, or in thousands), not page numbers or counts (a table of contents).
    if not any(v is not None and (v.as_tuple().exponent < 0 or abs(v) >= 1000) for r in out for v in r.values.values()):
        return None
    title, title_page = _title(candidate.above)
    key = f"{GENERIC_PREFIX}{number:02d}"
    return Table(key=key, name=title or f"第{number}张未识别的表", title=title,
                 pages=sorted({p for f in candidate.fragments for p in f.pages} | ({title_page} if title_page else set())),
                 empty=False, columns=list(keys.values()), rows=out,
                 column_titles={k: titles[j] for j, k in keys.items()})


def _nest(rows: list[Row], offset: int) -> None:
    """Parents by code (a 款 under the 类 printed before it, a 项 under its 款), and one 合计 row over
    the top coded rows when they are all of one level. ``offset``: where these rows will stand in the
    table (a second part's rows follow the first's)."""
    last: dict[str, int] = {}
    for i, r in enumerate(rows):
        if not r.code:
            continue
        parent = last.get(r.code[:-2]) if len(r.code) > 3 else None
        r.parent = None if parent is None else parent + offset
        last[r.code] = i
    totals = [i for i, r in enumerate(rows) if r.role == "total"]
    tops = [i for i, r in enumerate(rows) if r.code and r.parent is None]
    if len(totals) == 1 and tops and len({len(rows[i].code) for i in tops}) == 1:
        for i in tops:
            rows[i].parent = totals[0] + offset
    if not _nesting_holds(rows, offset):
        for r in rows:
            r.parent = None


def _nesting_holds(rows: list[Row], offset: int) -> bool:
    """Does the nesting read from the codes describe this table? It is only inferred, so it is kept
    when most parents (four in five) do equal the sum of their rows in every column; a misread
    (rows of a continuation page missing, codes printed as new digits only) makes most of them
    differ, and then no row's sum is checked rather than every one reported."""
    kids: dict[int, list[Row]] = {}
    for r in rows:
        if r.parent is not None:
            kids.setdefault(r.parent - offset, []).append(r)
    if not kids:
        return True
    holding = 0
    for parent, children in kids.items():
        columns = [k for k, v in rows[parent].values.items() if v is not None]
        holding += all(_adds_up(rows[parent].values[k], [c.values.get(k) for c in children]) for k in columns)
    return holding >= 0.8 * len(kids)


def _adds_up(total: Decimal, parts: list[Decimal | None]) -> bool:
    """Loosely (one printing step per figure): a plausibility test, not the check itself."""
    figures = [total, *(p for p in parts if p is not None)]
    step = max(Decimal("0.01"), min(Decimal(1).scaleb(v.as_tuple().exponent) for v in figures))
    return abs(total - sum(figures[1:], Decimal(0))) <= step * len(figures)
