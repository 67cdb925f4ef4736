"""Checks across documents, which no single document can show wrong:

- a 部门 document's tables against the sum of its units' documents (the 部门预算 consolidates its
  units: every coded, named and total row of 表1–表10, and the totals of 表11–表13);
- this year's "比上年增加/减少Δ万元" against last year's document of the same entity;
- a 决算's stated 年初预算 against the same year's 预算 document of the same entity.

Rows are matched by what identifies them across documents — 功能分类/经济分类 code, then the
row's stable key, then (in the tables the catalog names) the printed name — never by position.
Rounding is tolerated exactly as inside a document: each side is a sum of printed figures, so the
bound is sum_bound over every figure taking part (check/tolerance.py). Figures are compared in the
unit of the document checked, each converted from the unit its table prints (元 or 万元).
"""
from __future__ import annotations

import re
import dataclasses
from dataclasses import dataclass
from decimal import Decimal

from ..amounts import unit_scale
from ..model import Disclosure, Row, Table
from .catalog import budget_catalog, final_accounts_catalog, parse_ref
from .engine import Cell, NotApplicable, Operand, Outcome, Resolver, judge_sum
from .findings import Describer, Finding, Location, claim_location, judged_finding
from .prose import claim_cell, item_code

ZERO = Decimal(0)


@dataclass
class Other:
    """Another document, as the store holds it."""

    id: int
    d: Disclosure


def _name(text: str) -> str:
    """A printed name compared across documents: spaces, brackets' style and doubled characters
    of exports aside."""
    return re.sub(r"[\s　]", "", text).replace("（", "(").replace("）", ")")


def row_identity(row: Row, by_label: bool) -> tuple | None:
    if row.code:
        return ("code", row.side, row.code)
    if row.key:
        return ("key", row.key)
    if row.role == "total":
        return ("total", row.side, row.level)
    if by_label and row.label:
        return ("label", row.side, _name(row.label))
    return None


def _rows_by_identity(table: Table, by_label: bool, totals_only: bool) -> dict[tuple, int]:
    out: dict[tuple, int] = {}
    for i, r in enumerate(table.rows):
        if totals_only and r.role != "total":
            continue
        ident = row_identity(r, by_label)
        if ident is not None:
            out.setdefault(ident, i)  # the first printing of a row identifies it
    return out


def _cell(resolver: Resolver, into: str, table: Table, index: int | None, column: str) -> Cell:
    """A table figure of one document as a check across documents uses it: with the rounding of its
    printing, converted into ``into``, the unit of the document it is compared with (a document in
    元 against one in 万元, or 上海's “三公” table in 万元 among tables in 元)."""
    c = resolver.cell(table, index, column)
    return dataclasses.replace(c, scale=c.scale * unit_scale(resolver.d.unit, into))


def _unit(d: Disclosure) -> str:
    """The unit shown after amounts and differences in a message: none for 万元 (as staff read it)."""
    return "" if d.unit == "万元" else d.unit


def _describe_row(row: Row) -> str:
    return f"{row.code} {row.label}" if row.code else row.label


def department_units(dept: Disclosure, units: list[Other]) -> list[tuple[Finding, list[int]]]:
    """Every comparable figure of the 部门 document against the sum of its units' figures."""
    spec = budget_catalog().across["department_units"]
    ids = [u.id for u in units]
    mine_r, unit = Resolver(dept), _unit(dept)
    resolvers = [Resolver(u.d) for u in units]
    out = []
    for key in spec["tables"]:
        t = dept.table(key)
        if t is None or t.empty:
            continue
        by_label, totals_only = key in spec["by_label"], key in spec["totals_only"]
        mine = _rows_by_identity(t, by_label, totals_only)
        theirs = [(ut, _rows_by_identity(ut, by_label, totals_only), r) for ut, r in
                  ((u.d.table(key), r) for u, r in zip(units, resolvers)) if ut is not None]
        identities = list(mine) + [i for _, rows, _ in theirs for i in rows if i not in mine]
        for ident in dict.fromkeys(identities):
            i = mine.get(ident)
            row = t.rows[i] if i is not None else next(ut.rows[rows[ident]] for ut, rows, _ in theirs if ident in rows)
            for column in t.columns:
                left = [Operand(1, (_cell(mine_r, dept.unit, t, i, column),))]
                right = [Operand(1, tuple(_cell(r, dept.unit, ut, rows.get(ident), column) for ut, rows, r in theirs),
                                 summed=True)]
                o = judge_sum(spec["id"], spec["name"], spec["severity"], left, right, {})
                if o is None or o.status == "pass":
                    continue
                where = f"{t.key} {t.name} {_describe_row(row)} {t.column_titles.get(column, column)}"
                shown = "未列此行" if i is None else f"{o.published:,.2f}{unit}"
                message = f"{where}：部门 {shown}，所属 {len(units)} 个单位合计 {o.expected:,.2f}{unit}"
                out.append((judged_finding(o, message, Location(table=t.key, row=row.label, code=row.code,
                                                                column=column, page=row.page if i is not None else None),
                                           unit=unit),
                            ids))
    return out


def _bound_cells(outcomes: list[Outcome]) -> dict[int, Cell]:
    """Amount claim index -> the table cell the prose check bound it to (passing bindings only)."""
    out = {}
    for o in outcomes:
        if o.rule == "prose-amount" and o.status != "mismatch" and "claim" in o.context:
            cells = [c for c in o.cells if c.source == "table"]
            if len(cells) == 1:
                out[o.context["claim"]] = cells[0]
    return out


def year_on_year(this: Disclosure, outcomes: list[Outcome], last: Other) -> list[tuple[Finding, list[int]]]:
    """Each "比上年增加/减少Δ" whose amount the prose binds to a table cell, against the same cell
    of last year's document: this year's figure − last year's = ±Δ, to the rounding."""
    spec = budget_catalog().across["year_on_year"]
    bound = _bound_cells(outcomes)
    last_r, unit = Resolver(last.d), _unit(this)
    out = []
    for i, c in enumerate(this.claims):
        if c.kind != "change" or c.current is None or c.current not in bound or c.direction is None:
            continue
        now = bound[c.current]
        table = this.table(now.table)
        before_table = last.d.table(now.table)
        if table is None or before_table is None or now.row is None:
            continue
        by_label = now.table in spec["by_label"]
        ident = row_identity(table.rows[now.row], by_label)
        j = _rows_by_identity(before_table, by_label, False).get(ident) if ident else None
        if j is None:
            continue
        before = _cell(last_r, this.unit, before_table, j, now.column)
        o = judge_sum(spec["id"], spec["name"], spec["severity"], [Operand(c.direction, (claim_cell(this, i),))],
                      [Operand(1, (now,)), Operand(-1, (before,))], {"claim": i})
        if o is None or o.status == "pass":
            continue
        said = "增加" if c.direction > 0 else ("减少" if c.direction < 0 else "持平")
        subject = this.claims[c.current].subject  # the change claim's own subject is "比上年增加"
        message = (f"说明称{subject}比上年{said} {c.text}{c.unit}，而本年 {now.amount:,.2f}{unit} − 上年（{last.d.year}年公开）"
                   f"{before.amount:,.2f}{unit} = {now.amount - before.amount:+,.2f}{unit}")
        location = dataclasses.replace(claim_location(this, i), table=now.table)
        out.append((judged_finding(o, message, location, unit=unit), [last.id]))
    return out


def _initial_budget_cells(final: Disclosure, budget: Disclosure, resolver: Resolver, claim_index: int,
                          spec: dict) -> list[Cell] | None:
    """The cells of the 预算 document a 年初预算 claim restates; None when no declaration covers it."""
    c = final.claims[claim_index]
    section = next((s for s in final.sections if s.number == c.section), None)
    if section is None:
        return None
    for entry in spec["claims"]:
        if not re.search(entry["section"], section.heading) or bool(entry.get("item")) != bool(c.item):
            continue
        code = ""
        if c.item:  # the 项 code: named in the 决算's own 表5, else in the 预算's
            code = item_code(final, "J05", c.item) or item_code(budget, "T05", c.item) or ""
            if not code:
                return None
        cells = []
        for text in entry["cell"]:
            try:
                c = resolver.operand(parse_ref(text.replace("{code}", code)), 1, None, None).cells[0]
            except NotApplicable:
                continue
            # into the 决算's unit, which its claims are converted into
            cells.append(dataclasses.replace(c, scale=c.scale * unit_scale(budget.unit, final.unit)))
        return cells
    return None


def final_budget(final: Disclosure, budget: Other) -> list[tuple[Finding, list[int]]]:
    """Each 年初预算 a 决算's prose states, against the same figure of the same year's 预算 document."""
    spec = final_accounts_catalog().across["final_budget"]
    describe, resolver = Describer(budget.d), Resolver(budget.d)
    out = []
    for i, c in enumerate(final.claims):
        if c.kind != "amount" or c.measure != "budget_initial" or not c.readable:
            continue
        cells = _initial_budget_cells(final, budget.d, resolver, i, spec)
        if not cells:
            continue
        outcomes = [o for cell in cells if (o := judge_sum(spec["id"], spec["name"], spec["severity"],
                                                           [Operand(1, (claim_cell(final, i),))],
                                                           [Operand(1, (cell,))], {"claim": i})) is not None]
        if not outcomes or any(o.status == "pass" for o in outcomes):
            continue
        o = min(outcomes, key=lambda o: abs(o.difference))
        where = c.item or next((s.label for s in final.sections if s.number == c.section), "")
        target = o.right[0].cells[0]
        message = (f"决算说明称{where}年初预算为 {c.text}{c.unit}，而{budget.d.year}年预算公开文件"
                   f"{describe.cell(target)} 为 {describe.value(target)}")
        out.append((judged_finding(o, message, claim_location(final, i), unit=_unit(final)), [budget.id]))
    return out
