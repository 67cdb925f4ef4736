"""Mutation suite: change one published figure by 0.01 (a count by 1) and a finding must point at it.

For each seed document every numeric table cell (blank cells included) and every figure the prose
states is changed, one at a time, by +0.01 and −0.01; the checks run on the changed document and
some finding — 不符 or 尾差 — must name that table, row and column (or that prose claim). Every
figure that takes part in at least one relation must be found, every time; the only exceptions
are the two kinds in ``mutation.EXCUSES``, where no finding is due (a growth rate printed to
0.01% cannot see 0.01 万元 of its change amount; a change that repairs a published mistake).
``benchmarks/mutation_report.py`` prints the same runs as a report.
"""
from __future__ import annotations

import os
from decimal import Decimal

import pytest

import mutation as M
from budget_disclosure import extract
from budget_disclosure.check import check
from budget_disclosure.recognise.prose import extract_claims
from conftest import ROOT, seed_path

ALL_SEEDS = ["000", "001", "002", "003", "004"]
WORKERS = min(2, os.cpu_count() or 1)
CORE_TABLES = {"T01", "T02", "T03", "T04", "T05", "T06"}
SAMPLE_PDF = ROOT / "samples" / "sample_unit_budget_2026.pdf"


@pytest.fixture(scope="module", params=ALL_SEEDS)
def result(request) -> M.MutationResult:
    # Only figures that take part in a relation need their mutations run here (the non-participating
    # list comes from the unmutated report); benchmarks/mutation_report.py runs them all.
    return M.run_path(seed_path(request.param), workers=WORKERS, name=request.param, participating_only=True)


def _show(pairs) -> str:
    return "\n".join(f"{f.label} = {f.value} → {t.mutation.new_text}: {t.error or t.outcomes}" for f, t in pairs)


def test_every_mutation_applies_cleanly(result):
    bad = [(f, t) for f in result.tables + result.claims for t in f.trials if t.error]
    assert not bad, _show(bad)
    # Each participating figure was changed: a blank or zero once (up), any other figure both ways.
    for f in result.tables + result.claims:
        if f.participating:
            assert [t.mutation.new_text for t in f.trials] and len(f.trials) <= 2, f.label


def test_every_participating_table_cell_is_found(result):
    s = result.table_stats
    assert s["participating"] > 300
    missed = [(f, t) for f, t in result.missed + result.excused if f.key[0] == "table"]
    assert not missed, _show(missed)
    assert s["detected"] == s["participating"] and s["detected_mutations"] == s["participating_mutations"]


def test_every_participating_prose_figure_is_found(result):
    s = result.claim_stats
    assert s["participating"] > 50
    assert not result.missed, _show(result.missed)
    # What goes unreported does so for a stated reason: growth rates too coarse to see 0.01 of
    # their change amount, or a change that puts right a mistake the document prints.
    for f, t in result.excused:
        assert f.key[0] == "prose" and t.excuse in M.EXCUSES, _show([(f, t)])
        if t.excuse == "ratio-rounding":
            assert all(o.startswith(("prose-rate:pass", "prose-share:pass")) for o in t.outcomes), _show([(f, t)])
    assert s["excused_mutations"] <= 10


def test_non_participating_figures_are_few_and_plausible(result):
    core = [f for f in result.non_participating_tables if f.key[1] in CORE_TABLES and f.value != "空"]
    assert not core, "\n".join(f"{f.label} = {f.value}" for f in core)
    # In these documents every printed table figure takes part. Only blank cells stand alone: rows
    # printed without figures (表7–表11 templates, the other funds of a row); and a few prose
    # figures (vehicle quotas, equipment counts, a 三公 change that states no rate).
    assert all(f.value == "空" for f in result.non_participating_tables)
    s = result.claim_stats
    assert s["figures"] - s["participating"] <= max(10, s["figures"] // 10)
    # Every amount, share and rate the prose states is tied to something.
    alone = [f for f in result.non_participating_claims if f.kind not in ("count", "change")]
    assert not alone, "\n".join(f"{f.label} = {f.value}" for f in alone)


# ---------------------------------------------------------------------------- without ../shared


def test_shifted_number_keeps_the_printed_form():
    step = M.STEP
    assert M.shifted_number("1,833.76", step) == "1,833.77"
    assert M.shifted_number("1,833.76", -step) == "1,833.75"
    assert M.shifted_number("10.8", step) == "10.81" and M.shifted_number("10.8", -step) == "10.79"
    assert M.shifted_number("100", step) == "100.01" and M.shifted_number("100", -step) == "99.99"
    assert M.shifted_number("0", step) == "0.01" and M.shifted_number("0", -step) is None
    assert M.shifted_number("0.00", -step) is None
    assert M.shifted_number("15", Decimal(1)) == "16" and M.shifted_number("0", Decimal(-1)) is None


@pytest.fixture(scope="module")
def sample():
    return extract(SAMPLE_PDF)


def test_rereading_one_section_equals_rereading_all(sample):
    d = sample
    ranges = M.claim_ranges(d)
    keyed = lambda cs: [(c.kind, c.text, c.section, c.start, c.part, c.whole, c.current, c.base, c.change)
                        for c in cs]
    todo = list(M.prose_mutations(d))
    assert todo
    for m in todo[::5]:
        section = d.sections[m.section]
        original = section.text
        try:
            section.text = original[:m.start] + m.new_text + original[m.end:]
            assert keyed(M.reread_section(d, m.section, *ranges[m.section])) == keyed(extract_claims(d.sections))
        finally:
            section.text = original


def test_sample_table3_mutations_are_all_found(sample):
    d = sample
    before = [M.signature(f) for f in check(d).findings]
    result = M.run(d, tables={"T03"}, prose=False, name="sample")
    s = result.table_stats
    assert s["figures"] == sum(len(r.values) for r in d.table("T03").rows) > 0
    assert s["participating"] > 0
    assert not result.missed and not result.excused, _show(result.missed + result.excused)
    assert s["detected"] == s["participating"]
    # Every mutation was undone: the document checks exactly as before.
    assert [M.signature(f) for f in check(d).findings] == before


# ---------------------------------------------------------------------------- relations that never fire
# Every figure above is still found, because each takes part in several relations; these tests pin
# down relations of the catalog that the participation lists show never take part at all.

_SEED_DOCS: dict[str, object] = {}


def _seed_doc(seed: str):
    if seed not in _SEED_DOCS:
        _SEED_DOCS[seed] = extract(seed_path(seed))
    return _SEED_DOCS[seed]


def _rules_after(d, m: M.TableMutation) -> set[str]:
    baseline = {M.signature(f) for f in check(d).findings}
    return {r.split("/")[0] for r in M.detected(M.run_mutated(d, m), m, baseline)}


@pytest.mark.parametrize("table", ["T01", "T04"])
@pytest.mark.parametrize("seed", ALL_SEEDS)
def test_a_class_row_reaches_the_expenditure_total(seed, table):
    d = _seed_doc(seed)
    t = d.table(table)
    i = next(i for i, r in enumerate(t.rows) if r.side == "expenditure" and r.level == "类" and r.values.get("total"))
    value = t.rows[i].values["total"]
    # Three cents: beyond the bound whatever 尾差 the printed total already carries.
    assert f"{table}-expenditure-total" in _rules_after(d, M.TableMutation(table, i, "total", value, value + 3 * M.STEP))


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_the_project_total_reaches_table3(seed):
    d = _seed_doc(seed)
    t = d.table("T12")
    i = next(i for i, r in enumerate(t.rows) if r.key == "total")
    value = t.rows[i].values["total"]
    assert "T03-T12-T13-project" in _rules_after(d, M.TableMutation("T12", i, "total", value, value + M.STEP))
