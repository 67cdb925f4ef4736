"""A table printed over several pages: its fragments joined into one list of rows.

Shared by the declared tables (recognise/__init__.py) and the 未识别的表 (recognise/generic.py).
"""
from __future__ import annotations

import re

from ..amounts import compact, looks_like_amount
from ..raw import RawTable
from .headers import is_serial_row


def merge_fragments(fragments: list[RawTable], header_rows: int, rows_cross_pages: bool = False) -> tuple[list[list[str]], list]:
    """Rows of all fragments, dropping headers repeated on continuation pages (and, where the family
    lets rows cross pages, joining a row cut by the page break)."""
    first = fragments[0]
    rows, pages = list(first.rows), list(first.row_pages)
    header = [[compact(c) for c in r] for r in first.rows[:header_rows]]
    for frag in fragments[1:]:
        skip = 0
        while skip < len(frag.rows) and skip < len(header) and [compact(c) for c in frag.rows[skip]] == header[skip]:
            skip += 1
        if skip < len(frag.rows) and is_serial_row(frag.rows[skip]):
            skip += 1
        if rows_cross_pages and skip < len(frag.rows) and len(rows) > header_rows \
                and _continues(rows[-1], frag.rows[skip]):
            rows[-1] = [a + b for a, b in zip(rows[-1], frag.rows[skip])] + rows[-1][len(frag.rows[skip]):]
            skip += 1
        rows.extend(frag.rows[skip:])
        pages.extend(frag.row_pages[skip:])
    return rows, pages


_ROW_START = re.compile(r"^(?:\d|[（(]?[一二三四五六七八九十]+[、）)]|合计|总计)")


def _continues(last: list[str], top: list[str]) -> bool:
    """Is the top row of a page the rest of the last row of the page before, cut by the break? Text
    only, under cells that row filled, none starting a row of its own (a number, a code, a total)."""
    cells = [(j, compact(c)) for j, c in enumerate(top) if compact(c)]
    return bool(cells) and all(j < len(last) and compact(last[j]) and not looks_like_amount(c) and not _ROW_START.match(c)
                               for j, c in cells)
