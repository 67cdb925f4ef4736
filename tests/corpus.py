"""Generated corpora for the batch: many consistent disclosures made from the sample's real figures.

A variant keeps every relation of the original true, to the cent: it moves an amount between two
项 of one 款 in every table that prints both (so every 款, 类 and total is unchanged), renames the
entity and sets the year, and rewrites the prose from its own tables. A 部门 document is built as
the sum of its units' documents, with 表11–表13 nesting the units, as 部门 documents print them.
Used by tests/test_batch.py and benchmarks/batch_benchmark.py.
"""
from __future__ import annotations

import copy
import json
import random
from decimal import Decimal
from pathlib import Path

from budget_disclosure.model import Disclosure, Row, Table
from budget_disclosure.recognise.prose import extract_claims
from budget_disclosure.render.pdf import render_pdf
from budget_disclosure.render.sample import FACTS, SAMPLE_LAYOUT, compose_sections
from budget_disclosure.write.json_form import from_dict

from published_fixtures import write_xlsx

CENT = Decimal("0.01")


def base() -> Disclosure:
    return from_dict(json.loads(FACTS.read_text("utf-8")))


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


def variant(seed: int, entity: str, year: int, last_year_total: Decimal | None = None) -> Disclosure:
    """A consistent variant of the sample: same structure, other 项 figures, another entity and year."""
    d = base()
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
    _rename(d, entity, year)
    d.sections = compose_sections(d, last_year_total)
    d.claims = extract_claims(d.sections)  # as reading the written document would
    return d


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


def grand_total(d: Disclosure) -> Decimal:
    return next(r.values["amount"] for r in d.table("T01").rows if r.key == "income_grand_total")


def department(units: list[Disclosure], entity: str) -> Disclosure:
    """The 部门 document of ``units``: 表1–表10 the sums of theirs row by row, 表11–表13 nesting
    each unit's rows under the department's total."""
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
    d.sections = compose_sections(d)
    d.claims = extract_claims(d.sections)
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
