"""Checks across documents, on generated 部门 + 单位 sets and year pairs (tests/corpus.py)."""
from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from budget_disclosure.check import check
from budget_disclosure.check.across import Other, department_units, year_on_year

from corpus import department, grand_total, move_between_items, variant


@pytest.fixture(scope="module")
def units():
    return [variant(n, f"阳泉市生态环境局第{n}监测站", 2026) for n in range(3)]


def _findings(dept, units):
    return department_units(dept, [Other(10 + n, u) for n, u in enumerate(units)])


def test_a_department_that_is_the_sum_of_its_units_has_no_cross_finding(units):
    dept = department(units, "阳泉市生态环境局")
    assert _findings(dept, units) == []
    # Generated figures are exact: neither the units nor their sum carry even a 尾差.
    assert all(check(d).counts["error"] == check(d).counts["info"] == 0 for d in [*units, dept])


def test_a_unit_changed_after_the_department_was_compiled_is_seen_only_across(units):
    dept = department(units, "阳泉市生态环境局")
    changed = copy.deepcopy(units[1])
    a, b = move_between_items(changed, seed=99)  # still consistent: only two 项 figures differ
    alone = check(changed).counts
    assert alone["error"] == 0  # nothing inside the unit's own document gives it away
    found = _findings(dept, [units[0], changed, units[2]])
    assert found and all(f.rule == "across-department-units" and f.severity == "error" for f, _ in found)
    assert all(ids == [10, 11, 12] for _, ids in found)
    assert {f.location.code for f, _ in found} == {a, b}  # every 款, 类 and total still adds up
    f = found[0][0]
    assert f.difference != 0 and abs(f.difference) > f.tolerance
    assert "所属 3 个单位合计" in f.message


def test_a_unit_printed_in_yuan_is_converted_into_the_departments_unit(units):
    """One unit's document printed in 元 (figures ×10000, as 上海 prints them): summed with the others
    in the 部门's 万元, it still adds up to the 部门 exactly, and a 0.10万元 move is still found."""
    dept = department(units, "阳泉市生态环境局")
    in_yuan = copy.deepcopy(units[1])
    in_yuan.unit = "元"
    for t in in_yuan.tables:
        t.unit = "元"
        for r in t.rows:
            r.values = {k: None if v is None else v * 10000 for k, v in r.values.items()}
    assert _findings(dept, [units[0], in_yuan, units[2]]) == []
    row = next(r for r in dept.table("T03").rows if r.role == "total")
    row.values["total"] += Decimal("0.10")
    found = _findings(dept, [units[0], in_yuan, units[2]])
    assert [(f.location.table, f.difference) for f, _ in found] == [("T03", Decimal("0.10"))]


def test_one_cent_per_unit_is_rounding_not_a_mismatch(units):
    dept = department(units, "阳泉市生态环境局")
    row = next(r for r in dept.table("T03").rows if r.role == "total")
    row.values["total"] += Decimal("0.01")  # 3 units and the department: one cent is within the rounding bound
    found = _findings(dept, units)
    assert [(f.severity, f.status, f.location.table) for f, _ in found] == [("info", "尾差", "T03")]


def test_a_department_row_its_units_do_not_print_is_reported(units):
    dept = department(units, "阳泉市生态环境局")
    t3 = dept.table("T03")
    extra = next(i for i, r in enumerate(t3.rows) if r.code == "2210201")
    t3.rows[extra].code = "2210202"  # the department prints a 项 none of its units has
    found = _findings(dept, units)
    codes = {f.location.code for f, _ in found if f.location.table == "T03"}
    assert {"2210201", "2210202"} <= codes
    missing = next(f for f, _ in found if f.location.code == "2210201" and f.location.column == "total")
    assert "部门 未列此行" in missing.message


def test_this_years_stated_change_against_last_years_document():
    last = variant(5, "阳泉市生态环境局第9监测站", 2025)
    honest = variant(6, "阳泉市生态环境局第9监测站", 2026, last_year_total=grand_total(last) - Decimal("100.00"))
    # The prose overstates the change by 100.00万元 against last year's document: only the pair tells.
    assert check(honest).counts["error"] == 0
    found = year_on_year(honest, check(honest).outcomes, Other(7, last))
    assert len(found) == 1
    f, ids = found[0]
    assert ids == [7] and f.rule == "across-year-change" and f.severity == "error"
    assert f.published - f.expected == f.difference == Decimal("100.00")
    assert f.expected == grand_total(honest) - grand_total(last)
    assert f.message.startswith(f"说明称预算收入总计比上年增加 {f.published}万元")
    assert "2025年公开" in f.message and f.location.sentence
    right = variant(6, "阳泉市生态环境局第9监测站", 2026, last_year_total=grand_total(last))
    assert year_on_year(right, check(right).outcomes, Other(7, last)) == []


# ── a 决算 against the same year's 预算 ──────────────────────────────────────────────────────────

@pytest.fixture(scope="module")
def final_288():
    from conftest import real_pdf
    from real_reads import extract_real

    return extract_real(real_pdf("288"))


def test_a_final_account_agrees_with_the_budget_it_states(final_288):
    """国家信访局 2024 决算 (a real PDF) against the 2024 预算 its prose says it had: every stated
    年初预算 — the 一般公共预算财政拨款支出 total and its 14 items — is compared, and all agree."""
    from budget_disclosure.check.across import final_budget
    from corpus import budget_for_final

    budget = budget_for_final(final_288)
    assert check(budget).counts["error"] == 0  # the generated 预算 is consistent on its own
    stated = [c for c in final_288.claims if c.measure == "budget_initial"]
    assert len(stated) == 15 and sum(c.value for c in stated[1:]) == stated[0].value
    assert final_budget(final_288, Other(5, budget)) == []


def test_a_budget_changed_after_the_final_account_was_written_is_seen_only_across(final_288):
    """Moving 20.00 out of one 项 of the 预算 breaks nothing inside either document; across them,
    the 决算's stated 年初预算 of that 项 and of the total disagree with the 预算."""
    from budget_disclosure.check.across import final_budget
    from corpus import budget_for_final

    budget = budget_for_final(final_288, {"2080505": Decimal("-20.00")})
    assert check(budget).counts["error"] == 0
    found = final_budget(final_288, Other(5, budget))
    assert [(f.rule, f.severity, ids) for f, ids in found] == [("across-final-budget", "error", [5])] * 2
    total, item = (f for f, _ in found)
    assert "年初预算为 15068.55万元" in total.message and "合计 为 15048.55" in total.message
    assert "机关事业单位基本养老保险缴费支出（项）年初预算为 899.34万元" in item.message
    assert "2080505 机关事业单位基本养老保险缴费支出 合计 为 879.34" in item.message
    assert item.location.page == 23 and item.difference == Decimal("20.00")  # where 899.34 is printed


def test_a_budget_printed_in_yuan_is_converted_before_it_is_compared(final_288):
    """The same 预算 printed in 元 (as 上海 prints its tables) against the 决算 in 万元: its figures are
    converted into the 决算's unit, so the same two disagreements are found, by the same 20.00万元."""
    from budget_disclosure.check.across import final_budget
    from corpus import budget_for_final

    budget = budget_for_final(final_288, {"2080505": Decimal("-20.00")})
    in_wanyuan = [(f.rule, f.difference) for f, _ in final_budget(final_288, Other(5, budget))]
    budget.unit = "元"
    for t in budget.tables:
        t.unit = "元"
        for r in t.rows:
            r.values = {k: None if v is None else v * 10000 for k, v in r.values.items()}
    found = final_budget(final_288, Other(5, budget))
    assert [(f.rule, f.difference) for f, _ in found] == in_wanyuan and len(found) == 2
    assert "2080505 机关事业单位基本养老保险缴费支出 合计 为 8793400.00元" in found[1][0].message
