"""Generated corpora for the batch: many consistent disclosures in the sample's structure.

A variant draws new leaf figures (per 项, per 表6 economic item, per project) around the sample's
and computes every other figure from them, so every relation holds to the cent — no 尾差, unlike
the real sample, whose cents would add up across units into a department's errors. It renames the
entity, sets the year and rewrites the prose from its own tables. A 部门 document is built as
the sum of its units' documents, with 表11–表13 nesting the units, as 部门 documents print them.
A 预算 can also be built from what a 决算 says it was (``budget_for_final``), to check the two
against each other. Used by tests/test_batch.py, tests/test_across.py and
benchmarks/batch_benchmark.py.
"""
from __future__ import annotations

import copy
import json
import random
from decimal import Decimal
from pathlib import Path

from budget_disclosure.check.prose import item_code
from budget_disclosure.model import Disclosure, Row, Table
from budget_disclosure.recognise.prose import extract_claims
from budget_disclosure.render.pdf import render_pdf
from budget_disclosure.render.sample import FACTS, SAMPLE_LAYOUT, compose_sections
from budget_disclosure.write.json_form import from_dict

from published_fixtures import write_xlsx

CENT = Decimal("0.01")


def base() -> Disclosure:
    return from_dict(json.loads(FACTS.read_text("utf-8")))


def variant(seed: int, entity: str, year: int, last_year_total: Decimal | None = None) -> Disclosure:
    """A consistent disclosure in the sample's structure: figures drawn from ``seed``, exact to the
    cent, for ``entity`` and ``year``; its prose states the change against ``last_year_total``."""
    d = base()
    synthesize(d, random.Random(seed))
    _rename(d, entity, year)
    _recompose(d, last_year_total)
    return d


def _recompose(d: Disclosure, last_year_total: Decimal | None = None) -> None:
    d.sections = compose_sections(d, last_year_total)
    d.claims = extract_claims(d.sections)  # as reading the written document would


def move_between_items(d: Disclosure, seed: int) -> tuple[str, str]:
    """Moves an amount from one 项 to another of the same 款 in every table that prints them: the
    document stays consistent (every 款, 类 and total unchanged), only its 项 figures differ.
    Returns the two codes."""
    rng = random.Random(seed)
    pairs = _shift_pairs(d)
    a, b = pairs[rng.randrange(len(pairs))]
    low = min(min(_values(d, a)), min(_values(d, b)))
    delta = CENT * rng.randrange(1, max(2, int(low / CENT)))
    for t in d.tables:
        for r in t.rows:
            if r.code in (a, b):
                sign = 1 if r.code == a else -1
                r.values = {k: (v + sign * delta if v else v) for k, v in r.values.items()}
    return a, b  # the prose names 类 and totals only: it stays true


def _shift_pairs(d: Disclosure) -> list[tuple[str, str]]:
    """Pairs of 项 codes under one 款 that every table printing one also prints with the same columns."""
    t3 = d.table("T03")
    items = [r.code for r in t3.rows if r.level == "项" and r.code]
    pairs = [(a, b) for a in items for b in items if a < b and a[:5] == b[:5]]
    ok = []
    for a, b in pairs:
        tables = [t for t in d.tables if any(r.code in (a, b) for r in t.rows)]
        if all(_columns(t, a) == _columns(t, b) and _columns(t, a) for t in tables):
            ok.append((a, b))
    return ok


def _columns(t: Table, code: str) -> set[str]:
    row = next((r for r in t.rows if r.code == code), None)
    return {k for k, v in row.values.items() if v} if row else set()


def _values(d: Disclosure, code: str) -> list[Decimal]:
    return [v for t in d.tables for r in t.rows if r.code == code for v in r.values.values() if v]


def _rename(d: Disclosure, entity: str, year: int) -> None:
    old, old_year = d.entity, str(d.year)
    d.entity, d.year = entity, year
    for t in d.tables:
        t.entity, t.year = entity, year
        t.title = t.title.replace(old_year, str(year))
        t.column_titles = {k: v.replace(old_year, str(year)) for k, v in t.column_titles.items()}
        for r in t.rows:
            if r.label == old:
                r.label = entity


def _fill(t: Table, values_of) -> None:
    """Sets every amount of ``t`` from ``values_of(row) -> {column: amount}``; zeros print blank."""
    for r in t.rows:
        got = values_of(r)
        r.values = {k: (got.get(k) or None) for k in t.columns}


def _scaled(rng: random.Random, v: Decimal | None) -> Decimal:
    return (v * Decimal(rng.uniform(0.6, 1.4))).quantize(CENT) if v else Decimal(0)


def _absorb(rng: random.Random, originals: list[Decimal], total: Decimal) -> list[Decimal]:
    """Scaled ``originals`` whose largest absorbs what makes them add up to ``total`` exactly."""
    parts = [_scaled(rng, v) for v in originals]
    if not parts:
        return parts
    big = max(range(len(parts)), key=lambda i: parts[i])
    parts[big] += total - sum(parts, Decimal(0))
    if parts[big] <= 0:  # the draw overshot: split the total in the originals' proportions instead
        whole = sum(originals, Decimal(0))
        parts = [(total * v / whole).quantize(CENT) for v in originals]
        parts[big] += total - sum(parts, Decimal(0))
    return parts


def synthesize(d: Disclosure, rng: random.Random) -> None:
    """New figures for every table of ``d`` (the sample's structure), exact to the cent.

    The leaves are drawn — per 项: basic, current-year project and carried-over project money;
    per 表6 economic item; per project — and every 款, 类, total and cross-table figure is
    computed from them, so no relation of the catalog has even a 尾差."""
    t2, t3 = d.table("T02"), d.table("T03")
    leaves = {}  # 项 code -> (basic, project this year, carried over), all 一般公共预算
    income = {r.code: r.values for r in t2.rows if r.code}
    for r in t3.rows:
        if r.level == "项":
            carried = income.get(r.code, {}).get("carryover")
            project = (r.values.get("project") or 0) - (carried or 0)
            leaves[r.code] = (_scaled(rng, r.values.get("basic")), _scaled(rng, project), _scaled(rng, carried))

    def under(code: str | None, part) -> Decimal:
        return sum((part(v) for c, v in leaves.items() if code is None or c.startswith(code)), Decimal(0))

    def coded(r: Row, columns) -> dict:
        code = None if r.role == "total" else r.code
        basic, project, carried = (under(code, lambda v, i=i: v[i]) for i in range(3))
        return columns(basic, project, carried)

    _fill(t2, lambda r: coded(r, lambda b, p, c: {"total": b + p, "general_budget": b + p, "carryover": c}))
    _fill(t3, lambda r: coded(r, lambda b, p, c: {"total": b + p + c, "basic": b, "project": p + c}))
    _fill(d.table("T05"), lambda r: coded(r, lambda b, p, c: {"total": b + p, "basic": b, "project": p}))
    basic, project, carried = (under(None, lambda v, i=i: v[i]) for i in range(3))
    this_year = basic + project

    def class_row(r: Row, columns) -> dict:
        return columns(*(under(r.code, lambda v, i=i: v[i]) for i in range(3))) if r.code else {}

    named_t1 = {"general_budget": this_year, "income_total": this_year, "carryover": carried,
                "income_grand_total": this_year + carried}
    spent = {"total": this_year + carried, "current_year": this_year, "carryover": carried}
    _fill(d.table("T01"), lambda r: {"amount": named_t1[r.key]} if r.key in named_t1 else
          spent if r.key in ("expenditure_total", "expenditure_grand_total") else
          class_row(r, lambda b, p, c: {"total": b + p + c, "current_year": b + p, "carryover": c}))
    named_t4 = {"general_budget": this_year, "income_total": this_year, "carryover": carried,
                "carryover_general_budget": carried, "income_grand_total": this_year + carried}
    fiscal = {"total": this_year + carried, "general_budget": this_year + carried}
    _fill(d.table("T04"), lambda r: {"amount": named_t4[r.key]} if r.key in named_t4 else
          fiscal if r.key in ("expenditure_total", "expenditure_grand_total") else
          class_row(r, lambda b, p, c: {"total": b + p + c, "general_budget": b + p + c}))

    _economic(d.table("T06"), rng, basic, leaves)
    operation = next(r for r in d.table("T06").rows if r.label == "公务用车运行维护费").values["total"]
    three = {"vehicles": operation, "vehicle_operation": operation, "total": operation}
    _fill(d.table("T10"), lambda r: {"total": three[r.key], "general_budget": three[r.key]} if r.key in three else {})
    _projects(d.table("T12"), rng, project)
    _projects(d.table("T13"), rng, carried)


# 表6 items that restate one 项 exactly in the real documents (the contributions paid for staff).
_ECONOMIC_ITEMS = {"机关事业单位基本养老保险缴费": "2080505", "职业年金缴费": "2080506", "住房公积金": "2210201"}


def _economic(t6: Table, rng: random.Random, basic: Decimal, leaves: dict) -> None:
    items = [r for r in t6.rows if r.role == "detail"]
    pinned = {r.label: leaves[c][0] for r in items for label, c in _ECONOMIC_ITEMS.items()
              if r.label == label and c in leaves}
    free = [r for r in items if r.label not in pinned]
    amounts = dict(zip((r.label for r in free), _absorb(rng, [r.values["total"] for r in free], basic - sum(pinned.values(), Decimal(0)))))
    amounts.update(pinned)
    column = {i: ("public_use" if t6.rows[i].code == "302" else "personnel") for i, r in enumerate(t6.rows) if r.role == "group"}
    for r in items:
        r.values = {"total": amounts[r.label], column[r.parent]: amounts[r.label]}
    for i, g in enumerate(t6.rows):
        if g.role == "group":
            g.values = {"total": sum((r.values["total"] for r in items if r.parent == i), Decimal(0)), column[i]: None}
            g.values[column[i]] = g.values["total"]
    total = t6.rows[0]
    total.values = {k: sum((g.values.get(k) or 0 for g in t6.rows if g.role == "group"), Decimal(0)) for k in t6.columns}
    _fill(t6, lambda r: r.values)


def _projects(t: Table, rng: random.Random, total: Decimal) -> None:
    projects = [r for r in t.rows if r.level == "项目"]
    for r, v in zip(projects, _absorb(rng, [r.values["total"] for r in projects], total)):
        r.values = {"total": v, "general_budget": v}
    for r in t.rows:
        if r.level != "项目":
            r.values = {"total": total, "general_budget": total}
    _fill(t, lambda r: r.values)


def grand_total(d: Disclosure) -> Decimal:
    return next(r.values["amount"] for r in d.table("T01").rows if r.key == "income_grand_total")


def department(units: list[Disclosure], entity: str, last_year_total: Decimal | None = None) -> Disclosure:
    """The 部门 document of ``units``: 表1–表10 the sums of theirs row by row, 表11–表13 nesting
    each unit's rows under the department's total; its prose states the change against
    ``last_year_total``."""
    d = copy.deepcopy(units[0])
    d.level, d.entity = "部门", entity
    for t in d.tables:
        t.entity = entity
        if t.key in ("T11", "T12", "T13"):
            _nest(t, [u.table(t.key) for u in units], entity)
            continue
        for i, r in enumerate(t.rows):
            r.values = {k: _sum(u.table(t.key).rows[i].values.get(k) for u in units) for k in r.values}
    d.units = [u.entity for u in units]
    _recompose(d, last_year_total)
    return d


def _sum(values) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def _nest(t: Table, unit_tables: list[Table], entity: str) -> None:
    totals = [next(r for r in ut.rows if r.role == "total") for ut in unit_tables]
    top = Row(entity, {k: _sum(r.values.get(k) for r in totals) for k in t.columns}, level="部门", role="total", key="total")
    rows = [top]
    for ut in unit_tables:
        unit_row = next((r for r in ut.rows if r.level == "单位"), None)
        projects = [r for r in ut.rows if r.level == "项目"]
        if unit_row is None or not projects:
            continue
        rows.append(Row(unit_row.label, dict(unit_row.values), level="单位", role="detail", parent=0))
        at = len(rows) - 1
        rows += [Row(p.label, dict(p.values), level="项目", role="detail", parent=at) for p in projects]
    t.rows = rows
    t.empty = t.empty and all(ut.empty for ut in unit_tables)


def write(d: Disclosure, path: Path, as_pdf: bool = True) -> Path:
    """The document as its publisher would post it: a PDF (or, faster for tests, an XLSX)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if as_pdf:
        render_pdf(d, path, SAMPLE_LAYOUT)
    else:
        write_xlsx(d, path)
    return path


class _AsGiven(random.Random):
    """Draws that keep every leaf figure as given: synthesize then only computes the rest."""

    def uniform(self, a, b):
        return 1.0


def budget_for_final(final: Disclosure, change: dict[str, Decimal] | None = None) -> Disclosure:
    """The 预算 document a 决算 says it had, exact to the cent: its 表2/3/5 print the 决算's 表5
    items, each with the 年初预算 the 决算's prose states for it (its 决算 figure where the prose
    names none), and its 表10 the 三公 年初预算; every other table is computed from those as in any
    variant. ``change`` adds amounts to some items' 年初预算: an inconsistency between the two
    documents that neither shows on its own."""
    d = base()
    j5 = final.table("J05")
    coded = [r for r in j5.rows if r.code]
    stated = {code: c.value for c in final.claims
              if c.kind == "amount" and c.measure == "budget_initial" and c.item
              and (code := item_code(final, "J05", c.item))}
    for key in ("T02", "T03", "T05"):
        t = d.table(key)
        total = next(r for r in t.rows if r.role == "total")
        rows = [Row(total.label, {}, role="total", key=total.key, level=total.level)]
        for r in coded:
            parent = next((i for i in range(len(rows) - 1, 0, -1) if r.code.startswith(rows[i].code)), 0)
            rows.append(Row(r.label, {}, code=r.code, level=r.level, parent=parent))
        t.rows = rows
    for r in d.table("T03").rows:
        if r.level == "项":
            printed = next(x for x in coded if x.code == r.code).values
            amount = stated.get(r.code, printed.get("total") or Decimal(0)) + (change or {}).get(r.code, Decimal(0))
            basic = (printed.get("basic") or 0) >= (printed.get("project") or 0)
            r.values = {"total": amount, "basic": amount if basic else None, "project": None if basic else amount}
    synthesize(d, _AsGiven())
    three = next((c.value for c in final.claims if c.measure == "budget_initial" and "三公" in c.subject), None)
    if three is not None:
        _three_public_as_reception(d, three)
    _rename(d, final.entity, final.year)
    d.level, d.units = final.level, []
    _recompose(d)
    return d


def _three_public_as_reception(d: Disclosure, amount: Decimal) -> None:
    """表10 with ``amount`` all for 公务接待费 (no 公务用车): 表6's 公务用车运行维护费, which 表10 must
    restate, moves into the largest item of its group so every total stays."""
    t6 = d.table("T06")
    vehicle = next(r for r in t6.rows if r.label == "公务用车运行维护费")
    largest = max((r for r in t6.rows if r.parent == vehicle.parent and r is not vehicle and r.role == "detail"),
                  key=lambda r: r.values.get("total") or 0)
    for k, v in vehicle.values.items():
        if v:
            largest.values[k] = (largest.values.get(k) or 0) + v
            vehicle.values[k] = None
    _fill(d.table("T10"), lambda r: {"total": amount, "general_budget": amount} if r.key in ("reception", "total") else {})
