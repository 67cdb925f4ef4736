"""Telling a table's printed header from its body, and mapping header columns to column keys."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..amounts import compact, is_blank, looks_like_amount
from ..profiles import ColumnSpec, TableSpec

_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}(?!\d)")
_TOTAL = re.compile(r"^(?:合计|总计|小计)$")
_BODY_START = re.compile(r"^(?:合计|总计|部门合计|[一二三四五六七八九十]+、)")


def is_serial_row(row: list[str]) -> bool:
    """The "1 2 3 4 5 6 7" column-number row printed under some headers (labelled 栏次 in the
    central government's 决算 tables; "**" over the label columns in 长沙's and 浙江's tables). Marked so,
    a table of one amount column numbers it "1" alone (浙江's 表9)."""
    marked = any(compact(c) in ("栏次", "**") for c in row)
    cells = [compact(c) for c in row if compact(c) and compact(c) not in ("栏次", "**")]
    if len(cells) < (1 if marked else 2) or not all(c.isdigit() and len(c) <= 2 for c in cells):
        return False
    numbers = [int(c) for c in cells]
    return numbers == sorted(numbers) and len(set(numbers)) == len(numbers)


def _is_body_row(row: list[str], is_row_label) -> bool:
    first = next((compact(c) for c in row if compact(c)), "")
    if not first:
        return False
    if _TOTAL.match(first) and not any(looks_like_amount(c) for c in row):
        # "合计 | 人员经费 | 公用经费" is the lower header row under "2026年预算数", not the 合计 row.
        others = [compact(c) for c in row if not is_blank(c)][1:]
        if others:
            return False
    if _BODY_START.match(first) or _CODE.match(first) or is_row_label(first):
        return True
    return any(looks_like_amount(c) for c in row) and not is_serial_row(row)


def header_row_count(rows: list[list[str]], is_row_label=lambda text: False) -> int:
    """How many leading rows are header (including a serial-number row).

    ``is_row_label`` recognises the table's named row labels, for tables such as 表10 whose
    first body rows may carry no amounts at all.
    """
    for i, row in enumerate(rows):
        if _is_body_row(row, is_row_label):
            return i
    return len(rows)


@dataclass
class ColumnMap:
    """Which printed column index holds which column key, and the header text seen there."""

    index: dict[str, int]
    titles: dict[str, str]
    unmapped: list[int]  # printed columns no column spec claimed
    reordered: bool = False  # header order disagreed with the template; template order was used
    positional: bool = False  # no header text at all; columns taken in template order

    def side_columns(self, spec: TableSpec, side: str | None) -> list[ColumnSpec]:
        return [c for c in spec.columns if c.key in self.index and (side is None or c.side == side)]


def _column_texts(header_rows: list[list[str]], width: int) -> list[tuple[str, str]]:
    """(bottom-most header text, whole header path) of each printed column."""
    out = []
    for j in range(width):
        parts = [compact(r[j]) for r in header_rows if j < len(r) and compact(r[j]) and not is_serial_row(r)]
        out.append((parts[-1] if parts else "", "".join(parts)))
    return out


def _spanned_paths(header_rows: list[list[str]], width: int) -> list[tuple[str, str]]:
    """Like _column_texts, with a header cell printed over several columns naming each of them:
    a blank cell takes its left neighbour's text when the cells above them are one span too."""
    rows = [[compact(r[j]) if j < len(r) else "" for j in range(width)] for r in header_rows if not is_serial_row(r)]
    filled: list[list[str]] = []
    for n, row in enumerate(rows):
        out = list(row)
        for j in range(1, width):
            same_span_above = n == 0 or (filled[n - 1][j] == filled[n - 1][j - 1] and filled[n - 1][j])
            # Not in the bottom row, whose blanks are cells merged down from above.
            if not out[j] and out[j - 1] and same_span_above and n < len(rows) - 1:
                out[j] = out[j - 1]
        filled.append(out)
    paths = []
    for j in range(width):
        parts = [r[j] for r in filled if r[j]]
        parts = [p for i, p in enumerate(parts) if i == 0 or p != parts[i - 1]]
        paths.append((parts[-1] if parts else "", "".join(parts)))
    return paths


def map_columns(spec: TableSpec, header_rows: list[list[str]], width: int) -> ColumnMap:
    """Assign printed columns to the spec's columns, left to right, in declared order.

    Declared order is printed order, so a text like "项目" that appears twice (both sides of 表1)
    is claimed by the first unclaimed spec at or after the last claimed one.
    """
    if spec.header_spans:
        texts = _spanned_paths(header_rows, width)
        found = _map_ignoring_order(spec, texts)
        return ColumnMap(found, {k: texts[j][1] for k, j in found.items()}, [j for j in range(width) if j not in found.values()])
    texts = _column_texts(header_rows, width)
    if not any(bottom for bottom, _ in texts) and width == len(spec.columns):
        # No header printed with the grid (a layout export kept it as text lines), but the grid
        # has exactly the template's columns: they can only be in template order.
        index = {c.key: j for j, c in enumerate(spec.columns)}
        return ColumnMap(index, {c.key: "" for c in spec.columns}, [], positional=True)
    ordered = _map_in_order(spec, texts)
    unordered = _map_ignoring_order(spec, texts)
    if len(unordered) > len(ordered.index):
        # Text exports sometimes shift a header cell past a vertically merged neighbour
        # ("上年结转" printed before "单位资金"). The template's order is known, so place the
        # recognised columns in template order.
        columns = sorted(unordered.values())
        keys = [c.key for c in spec.columns if c.key in unordered]
        index = dict(zip(keys, columns))
        titles = {k: texts[unordered[k]][0] for k in index}
        return ColumnMap(index, titles, [j for j in range(width) if j not in columns], reordered=True)
    return ordered


def _map_ignoring_order(spec: TableSpec, texts: list[tuple[str, str]]) -> dict[str, int]:
    taken: dict[str, int] = {}
    for j, (bottom, path) in enumerate(texts):
        if not bottom:
            continue
        for c in spec.columns:
            if c.key not in taken and (c.matches(bottom) or c.matches(path)):
                taken[c.key] = j
                break
    return taken


def _map_in_order(spec: TableSpec, texts: list[tuple[str, str]]) -> ColumnMap:
    index: dict[str, int] = {}
    titles: dict[str, str] = {}
    unmapped: list[int] = []
    next_spec = 0
    for j, (bottom, path) in enumerate(texts):
        if not bottom:
            # A column printed under its left neighbour's header cell ("项目名称" over two label
            # columns) is declared with the alias '^$': only the next column in template order takes it.
            if index and next_spec < len(spec.columns) and spec.columns[next_spec].matches(""):
                col = spec.columns[next_spec]
                index[col.key], titles[col.key] = j, ""
                next_spec += 1
            else:
                unmapped.append(j)
            continue
        found = None
        for k in range(next_spec, len(spec.columns)):
            c = spec.columns[k]
            if c.matches(bottom) or c.matches(path):
                found = k
                break
        if found is None:
            unmapped.append(j)
            continue
        col = spec.columns[found]
        index[col.key] = j
        titles[col.key] = bottom
        next_spec = found + 1
    return ColumnMap(index, titles, unmapped)
