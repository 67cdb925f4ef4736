"""决算 prose: budget execution (年初预算, 全年预算, 决算数, 完成率, 大于/小于/持平 and its reason) read
into claims and checked against itself, with no rate from a zero base. Texts are written here in
the sentence shapes of the real 决算 documents (031, 032, 288); the real ones are in
test_final_accounts.py."""
from __future__ import annotations

from decimal import Decimal

import pytest

from budget_disclosure.check.catalog import final_accounts_catalog
from budget_disclosure.check.findings import Describer
from budget_disclosure.check.prose import evaluate_prose
from budget_disclosure.model import Disclosure, Section
from budget_disclosure.recognise.prose import extract_claims

D = Decimal
HEADING = "一般公共预算财政拨款支出决算情况说明"
ITEM = "一般公共服务支出（类）财政事务（款）行政运行（项）"


def final_accounts(text: str, heading: str = HEADING) -> Disclosure:
    sections = [Section("五", heading, text, [21])]
    return Disclosure(kind="决算", year=2024, entity="示例局", level="部门", unit="万元", profile="final-accounts",
                      source="示例.pdf", format="pdf", tables=[], sections=sections, claims=extract_claims(sections))


def judged(text: str, heading: str = HEADING) -> list[tuple[str, str, str]]:
    """(rule, status or severity, message) of every prose check that is not a pass."""
    d = final_accounts(text, heading)
    outcomes, findings, _ = evaluate_prose(d, final_accounts_catalog(), Describer(d))
    return ([(o.rule, o.status, o.context.get("message", "")) for o in outcomes if o.status != "pass"]
            + [(f.rule, f.severity, f.message) for f in findings])


def passed(text: str, rule: str) -> int:
    d = final_accounts(text)
    outcomes, _, _ = evaluate_prose(d, final_accounts_catalog(), Describer(d))
    return sum(1 for o in outcomes if o.rule == rule and o.status == "pass")


EXECUTION = ("（三）一般公共预算财政拨款支出决算具体情况一般公共预算财政拨款支出年初预算为100.00万元，全年预算为"
             "120.00万元，支出决算为110.00万元，完成年初预算的110.00%。决算数大于预算数的主要原因是年中追加了预算。"
             f"其中：1、{ITEM}。主要用于：人员支出。年初预算为50.00万元，支出决算为40.00万元，完成年初预算的80.00%。"
             "决算数小于预算数的主要原因：人员减少。")


def test_each_amount_is_read_with_its_stage_and_its_item():
    claims = final_accounts(EXECUTION).claims
    amounts = [(c.text, c.measure, c.item) for c in claims if c.kind == "amount"]
    assert amounts == [("100.00", "budget_initial", None), ("120.00", "budget_full", None), ("110.00", "final", None),
                       ("50.00", "budget_initial", ITEM), ("40.00", "final", ITEM)]


def test_completion_rates_and_wordings_link_to_the_final_figure_they_are_about():
    claims = final_accounts(EXECUTION).claims
    done = [(c.text, c.subject, claims[c.current].text) for c in claims if c.kind == "completion"]
    assert done == [("110.00", "年初预算", "110.00"), ("80.00", "年初预算", "40.00")]
    said = [(c.text, c.direction, claims[c.current].text, c.reason) for c in claims if c.kind == "comparison"]
    assert said == [("决算数大于预算数", 1, "110.00", "年中追加了预算"), ("决算数小于预算数", -1, "40.00", "人员减少")]


def test_a_consistent_account_of_execution_passes():
    assert judged(EXECUTION) == []
    assert passed(EXECUTION, "prose-completion") == 2


def test_a_completion_rate_that_does_not_divide_out_is_an_error():
    wrong = EXECUTION.replace("完成年初预算的80.00%", "完成年初预算的85.00%")
    [(rule, status, message)] = judged(wrong)
    assert (rule, status) == ("prose-completion", "mismatch")
    assert "完成年初预算的 85.00%，按所列金额计算应为 80.00%" in message


def test_a_wording_against_the_sign_of_the_difference_is_an_error():
    wrong = EXECUTION.replace("决算数小于预算数的主要原因：人员减少", "决算数大于预算数的主要原因：人员增加")
    [(rule, severity, message)] = judged(wrong)
    assert (rule, severity) == ("prose-comparison", "error")
    assert "说明称“决算数大于预算数”，而“支出决算为”40.00万元，年初预算 50.00万元（差 -10.00）" in message


def test_a_difference_must_carry_its_reason():
    bare = EXECUTION.replace("决算数小于预算数的主要原因：人员减少。", "决算数小于预算数。")
    [(rule, severity, message)] = judged(bare)
    assert (rule, severity, message) == ("prose-comparison-reason", "warning", "说明称“决算数小于预算数”，但没有说明原因")
    # the reason may open the next sentence
    assert judged(bare + "主要原因是人员减少。") == []


@pytest.mark.parametrize("final, wording, ok", [
    ("50.00", "决算数与预算数持平", True),
    ("49.99", "决算数与预算数持平", False),  # 持平 is equal to the cent
    ("48.00", "决算数与预算数基本持平", True),  # 基本持平: within 5% of the budget
    ("45.00", "决算数与预算数基本持平", False),
])
def test_level_wording(final, wording, ok):
    text = f"1、{ITEM}。年初预算为50.00万元，支出决算为{final}万元。{wording}。"
    assert (judged(text) == []) is ok


def test_a_bare_budget_may_be_either_stated_budget():
    """"年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元。决算数小于预算数": less than the
    全年预算, which is the one a 0 年初预算 leaves to compare with."""
    text = "年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元。决算数小于预算数的主要原因：人员变动。"
    assert judged(text) == []


def test_no_completion_rate_against_a_zero_budget():
    """031: "年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元，完成年初预算的95.89%"."""
    text = "年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元，完成年初预算的95.89%。"
    [(rule, severity, message)] = judged(text)
    assert (rule, severity) == ("prose-completion-zero-base", "warning")
    assert "而年初预算为 0万元：预算数为 0，完成率无从计算（按全年预算 321.02万元 计算正是 95.89%）" in message


def test_no_growth_rate_from_a_zero_base():
    """031, founded in 2024: "收入支出总计307.82万元。与2023年度相比，收入支出总计增加307.82万元，增长100.00%"."""
    text = "示例局2024年度收入支出总计307.82万元。与2023年度相比，收入支出总计增加307.82万元，增长100.00%。"
    claims = final_accounts(text, "收入支出决算总体情况说明").claims
    change = next(c for c in claims if c.kind == "change")
    assert claims[change.current].text == "307.82"  # named in words, one sentence before
    [(rule, severity, message)] = judged(text, "收入支出决算总体情况说明")
    assert (rule, severity) == ("prose-rate-zero-base", "warning")
    assert "上年数为 0（本年 307.82万元 − 增减额 307.82万元），增减率无从计算" in message
    growing = text.replace("增加307.82万元，增长100.00%", "增加7.82万元，增长2.61%")
    assert judged(growing, "收入支出决算总体情况说明") == []  # 7.82 / 300.00


def test_a_figure_the_pdf_cannot_be_trusted_for_is_not_checked():
    d = final_accounts(EXECUTION.replace("完成年初预算的80.00%", "完成年初预算的85.00%"))
    rate = next(c for c in d.claims if c.kind == "completion" and c.text == "85.00")
    rate.readable = False
    outcomes, findings, unchecked = evaluate_prose(d, final_accounts_catalog(), Describer(d))
    assert all(o.status == "pass" for o in outcomes) and findings == []
    assert d.claims.index(rate) not in unchecked  # shown with the notice, not listed as unchecked
