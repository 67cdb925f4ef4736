"""The 项目支出绩效目标表 printed after the tables: one form per project, naming its money.

A form prints "项目名称 <name>", then "项目资金（元）  实施期资金总额： …  年度资金总额： …". Text
exports and PDFs give these as grid rows, layout text as lines ("项目资金" and "（元）" may even
be lines of their own), so both block kinds are read as rows of cell texts.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from ..amounts import compact, parse_amount
from ..model import PerformanceTarget
from ..raw import RawDocument, RawTable

_NAME = re.compile(r"^项目名称[：:]?(.*)$")
_ANNUAL = re.compile(r"^年度资金总额[：:]?(.*)$")
# "项目资金（元）", "项目资金 (元)", or "（元）" on its own line under "项目资金".
_UNIT = re.compile(r"^(?:项目资金)?[（(](万元|千元|亿元|元)[)）]$")
# An amount that carries its own unit ("年度资金总额：50万元").
_VALUE = re.compile(r"^(.*?)(万元|千元|亿元|元)?$")


def _rows(raw: RawDocument) -> Iterator[tuple[list[str], RawTable | None, int | None]]:
    """(non-blank cell texts, the grid it is a row of or None for a line, page), in order."""
    for block in raw.blocks:
        if isinstance(block, RawTable):
            for row, page in zip(block.rows, block.row_pages):
                yield [c for c in map(compact, row) if c], block, page
        else:
            yield block.text.split(), None, block.page


def _value(cells: list[str], i: int, rest: str) -> tuple[Decimal | None, str | None]:
    """The amount printed after the label (in the label's own cell, else in the next cell) and
    the unit printed with it, if any."""
    text = rest or (cells[i + 1] if i + 1 < len(cells) else "")
    number, unit = _VALUE.match(text).groups()
    try:
        return parse_amount(number), unit
    except ValueError:  # a blank amount, the next cell being another label
        return None, None


def _project_name(cells: list[str], grid: RawTable | None, previous: tuple[list[str], RawTable | None]) -> str | None:
    m = _NAME.match(cells[0]) if cells else None
    if not m:
        return None
    rest = ([m.group(1)] if m.group(1) else []) + cells[1:]
    if grid is None:
        return "".join(rest) or None  # a text line's words are all the name (names may hold spaces)
    if len(rest) == 1:
        return rest[0]
    # Not a form's row: "项目名称 | 合计 | 一般公共预算 …" heads 表12/表13. But one export (seed 004)
    # shifted a form's values a row up against its labels, leaving the name alone in the grid
    # row above "项目名称".
    prev_cells, prev_grid = previous
    return prev_cells[0] if prev_grid is grid and len(prev_cells) == 1 else None


def find_performance_targets(raw: RawDocument) -> list[PerformanceTarget]:
    targets: list[PerformanceTarget] = []
    name: str | None = None
    name_page: int | None = None
    unit = "元"
    previous: tuple[list[str], RawTable | None] = ([], None)
    for cells, grid, page in _rows(raw):
        if not cells:
            continue
        project = _project_name(cells, grid, previous)
        previous = (cells, grid)
        if project is not None:
            name, name_page, unit = project, page, "元"  # a new form begins
            continue
        if name is None:
            continue
        for i, cell in enumerate(cells):
            if m := _UNIT.match(cell):
                unit = m.group(1)
            elif m := _ANNUAL.match(cell):
                amount, own_unit = _value(cells, i, m.group(1))
                targets.append(PerformanceTarget(name, amount, own_unit or unit,
                                                 name_page if name_page is not None else page))
                name = None
                break
    return targets
