"""Figures stated in the prose of 第三部分 are read into claims with correct spans, subjects and links."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest

from budget_disclosure import extract
from budget_disclosure.model import Claim, Section
from budget_disclosure.recognise.prose import extract_claims
from conftest import seed_path

ALL_SEEDS = ["000", "001", "002", "003", "004"]
D = Decimal


@pytest.fixture(scope="module", params=ALL_SEEDS)
def seed(request):
    sections = extract(seed_path(request.param)).sections
    return request.param, sections, extract_claims(sections)


_cache: dict[str, tuple[list[Section], list[Claim]]] = {}


def read(seed_name: str) -> tuple[list[Section], list[Claim]]:
    if seed_name not in _cache:
        sections = extract(seed_path(seed_name)).sections
        _cache[seed_name] = sections, extract_claims(sections)
    return _cache[seed_name]


def in_section(claims: list[Claim], number: str) -> list[tuple[int, Claim]]:
    return [(i, c) for i, c in enumerate(claims) if c.section == number]


def find(claims, number, kind, value, nth=0) -> tuple[int, Claim]:
    hits = [(i, c) for i, c in in_section(claims, number) if c.kind == kind and c.value == D(value)]
    assert len(hits) > nth, f"no {kind} {value} in section {number}"
    return hits[nth]


def one(text: str, number: str = "一", **kw) -> list[Claim]:
    return extract_claims([Section(number, "标题", text, kw.pop("pages", []), **kw)])


# --- every seed -------------------------------------------------------------------------------

def test_every_claim_spans_its_printed_number(seed):
    _, sections, claims = seed
    texts = {s.number: s.text for s in sections}
    assert claims
    for c in claims:
        if c.kind == "items":
            assert c.text == "" and c.value is None and c.items
            continue
        assert texts[c.section][c.start:c.end] == c.text
        assert c.value == D(c.text.replace(",", "")) and c.value >= 0
        assert c.sentence and c.unit


def test_links_point_to_claims_of_the_right_kind(seed):
    _, _, claims = seed
    for i, c in enumerate(claims):
        for name, kinds in [("part", {"amount"}), ("whole", {"amount"}), ("current", {"amount"}),
                            ("base", {"amount"}), ("change", {"change"})]:
            j = getattr(c, name)
            if j is not None:
                assert 0 <= j < len(claims) and j != i, (i, name)
                assert claims[j].kind in kinds and claims[j].section == c.section, (i, name)
        if c.kind in ("change", "rate"):
            assert c.direction in (1, -1)
        if c.kind == "share":
            assert c.unit == "%" and c.subject == "占"
            assert c.part is not None and c.part < i
            assert c.whole is None or c.whole < c.part


def test_targets_thresholds_years_and_levels_are_not_claims(seed):
    _, sections, claims = seed
    texts = {s.number: s.text for s in sections}
    for c in claims:
        if c.kind != "items":
            assert not re.match(r"\s*(年|月|日|级|、|平方米)", texts[c.section][c.end:])
            assert not re.search(r"[≥≤<>]\s*$", texts[c.section][:c.start])
    values = {(c.section, c.value, c.unit) for c in claims}
    assert ("十一", D(50), "万元") not in values and ("十一", D(100), "万元") not in values


# --- seed 000 ---------------------------------------------------------------------------------

def test_seed000_totals_change_and_rate():
    _, claims = read("000")
    amounts = [c for _, c in in_section(claims, "一") if c.kind == "amount"]
    assert [(c.text, c.unit) for c in amounts[:3]] == [("1,833.76", "万元"), ("1,570.01", "万元"), ("263.75", "万元")]
    assert amounts[0].value == D("1833.76") and amounts[0].subject.endswith("收入总计")
    assert amounts[1].subject.endswith("本年收入") and amounts[2].subject.endswith("上年结转")
    total = claims.index(amounts[0])
    ci, change = find(claims, "一", "change", "340.87")
    assert (change.direction, change.current, change.base, change.unit) == (1, total, None, "万元")
    _, rate = find(claims, "一", "rate", "22.83")
    assert (rate.direction, rate.change, rate.unit, rate.subject) == (1, ci, "%", "增长")
    # the second half (after ；) is linked to its own total
    ci2, change2 = find(claims, "一", "change", "340.87", nth=1)
    assert claims[change2.current].subject.endswith("支出总计")
    assert find(claims, "一", "rate", "22.83", nth=1)[1].change == ci2


def test_seed000_shares_link_part_and_whole():
    _, claims = read("000")
    wi, whole = find(claims, "二", "amount", "1833.76")
    shares = [c for _, c in in_section(claims, "二") if c.kind == "share"]
    assert [c.text for c in shares] == ["85.62", "0", "0", "0", "0", "14.38"]
    assert all(c.whole == wi and c.whole_text is None for c in shares)
    assert claims[shares[0].part].subject.endswith("一般公共预算拨款收入")
    assert claims[shares[0].part].value == D("1570.01")
    assert claims[shares[-1].part].subject.endswith("上年结转")
    _, basic = find(claims, "三", "share", "80.56")
    assert claims[basic.whole].text == "1833.76" and claims[basic.part].subject.endswith("基本支出")
    _, env = find(claims, "五", "share", "72.39")
    assert claims[env.whole].value == D("1570.01") and claims[env.part].subject.endswith("节能环保支出")


def test_seed000_named_whole_and_counts():
    _, claims = read("000")
    _, share = find(claims, "十", "share", "100")
    assert share.whole is None and share.whole_text == "部门（单位）项目支出总额"
    assert claims[share.part].value == D("356.55")
    _, projects = find(claims, "十", "count", "4")
    assert projects.unit == "个" and projects.subject.endswith("项目")
    assert not any(c.value == 2 and c.subject.endswith("纳入绩效目标管理的") for c in claims)  # "2级"
    assert find(claims, "十", "count", "2")[1].subject.endswith("其他运转类项目")
    vehicles = {c.subject: c.value for _, c in in_section(claims, "十一") if c.unit == "辆"}
    assert vehicles["实有"] == 15 and vehicles["特种专业技术用车"] == 12
    assert vehicles["其他公务用车"] == 3 and vehicles["共有公务用车编制"] == 14
    equipment = [c for _, c in in_section(claims, "十一") if c.unit == "台（套）"]
    assert [(c.kind, c.value) for c in equipment] == [("count", 8), ("count", 3)]
    assert equipment[0].subject.endswith("通用设备")


def test_seed000_items_of_basic_expenditure():
    _, claims = read("000")
    items = [(i, c) for i, c in in_section(claims, "六") if c.kind == "items"]
    assert len(items) == 2
    (_, staff), (_, office) = items
    assert claims[staff.current].value == D("1363.37") and staff.subject == "人员经费"
    assert staff.items[0] == "其他社会保障缴费" and staff.items[-1] == "职工基本医疗保险缴费"
    assert len(staff.items) == 10
    assert claims[office.current].value == D("113.83")
    assert office.items[-1] == "水费" and "公务用车运行维护费" in office.items
    sections, _ = read("000")
    text = next(s.text for s in sections if s.number == "六")
    assert text[staff.start:staff.end].startswith("其他社会保障缴费")
    assert text[staff.start:staff.end].endswith("等")


def test_seed000_unchanged_three_public_funds_give_no_change():
    _, claims = read("000")
    assert [c.kind for _, c in in_section(claims, "七")] == ["amount"] * 6
    first = in_section(claims, "七")[0][1]
    assert first.value == D("25.20") and first.subject.endswith("“三公”经费预算")


# --- seeds 001-004 ----------------------------------------------------------------------------

def test_seed001_change_with_stated_base():
    _, claims = read("001")
    ci, change = find(claims, "八", "change", "1.14")
    assert change.direction == -1
    assert claims[change.base].value == D("13.35") and claims[change.base].kind == "amount"
    assert claims[change.current].value == D("12.21")
    assert claims[change.current].subject.endswith("财政拨款预算")
    _, rate = find(claims, "八", "rate", "8.5")
    assert rate.change == ci and rate.direction == -1


def test_seed001_dropped_trailing_zero():
    _, claims = read("001")
    _, project = find(claims, "三", "amount", "10.8")
    assert project.text == "10.8" and project.subject.endswith("项目支出")
    assert find(claims, "三", "share", "9.98")[1].part == claims.index(project)


def test_seed002_wrapped_lines():
    sections, claims = read("002")
    text = {s.number: s.text for s in sections}
    _, basic = find(claims, "三", "amount", "8519.82")
    assert text["三"][basic.end:basic.end + 3] == "万\n元" and basic.unit == "万元"
    assert basic.subject.endswith("基本支出")
    assert find(claims, "三", "share", "33.52")[1].part == claims.index(basic)
    _, current = find(claims, "一", "amount", "21334.38")
    assert current.subject.endswith("本年收入") and "\n" not in current.sentence
    _, rate = find(claims, "一", "rate", "22.98", nth=1)  # "下降\n22.98%"
    assert rate.direction == -1 and claims[rate.change].value == D("7581.35")
    _, proj = find(claims, "十", "count", "46")  # "特定目标\n类项目46个"
    assert proj.subject.endswith("特定目标类项目")


def test_seed002_running_costs_change_and_rate():
    _, claims = read("002")
    ci, change = find(claims, "八", "change", "125.6")
    assert change.text == "125.6" and change.direction == -1
    assert claims[change.current].value == D("686.97")
    _, rate = find(claims, "八", "rate", "15.45")
    assert rate.direction == -1 and rate.change == ci


def test_seed002_three_public_funds_changes():
    _, claims = read("002")
    _, total = find(claims, "七", "change", "124.55")
    assert total.direction == -1 and claims[total.current].value == D("5.00")
    _, car = find(claims, "七", "change", "122.55")
    assert claims[car.current].subject.endswith("公务用车运行维护费")


def test_seed002_items_joined_across_lines():
    _, claims = read("002")
    staff = next(c for _, c in in_section(claims, "六") if c.kind == "items")
    assert "公务员医疗补助缴费" in staff.items and "机关事业单位基本养老保险缴费" in staff.items
    assert claims[staff.current].value == D("7592.30") and staff.items[-1] == "津贴补贴"


def test_seed002_performance_appendix_is_plain_money():
    sections, claims = read("002")
    ten = next(s for s in sections if s.number == "十")
    appendix = ten.text.index("整体支出绩效目标申报表")
    late = [c for _, c in in_section(claims, "十") if c.start > appendix]
    assert late and all(c.kind == "amount" and c.unit in ("万元", "元") for c in late)
    assert all(c.part is c.whole is c.current is c.change is None for c in late)
    values = {c.value for c in late}
    assert D("16897") not in values and D("7592.3") not in values  # "≤16897万元", "≥7592.3万元"
    assert D("9.32") in values  # "共计9.32\n万元"
    assert all(len(c.subject) <= 60 for c in claims)


def test_seed003_rate_worded_as_increase():
    _, claims = read("003")
    ci, change = find(claims, "一", "change", "278.37")
    assert claims[change.current].value == D("520.73")
    _, rate = find(claims, "一", "rate", "114.86")
    assert rate.change == ci and rate.direction == 1 and rate.subject == "增加"
    _, goods = find(claims, "九", "amount", "0.5375")
    assert goods.subject.endswith("政府采购货物预算")


def test_seed004_changes_in_one_clause_group_link_to_their_own_amount():
    _, claims = read("004")
    changes = [c for _, c in in_section(claims, "七") if c.kind == "change"]
    assert [c.text for c in changes] == ["6.20", "0.80", "5.40", "5.40"]
    assert [claims[c.current].subject for c in changes] == [
        "财政拨款安排的“三公”经费预算", "公务接待费", "公务用车购置及运行费", "公务用车运行维护费"]
    ci, change = find(claims, "八", "change", "8.41")
    assert claims[change.current].value == D("145.59")
    assert find(claims, "八", "rate", "5.46")[1].change == ci


# --- synthetic sentences ----------------------------------------------------------------------

def test_thousands_separator_and_year_next_to_amount():
    claims = one("2026年阳泉市应急管理局财政拨款安排的“三公”经费预算25.20万元，比上年增加1,234.50万元。")
    assert [(c.kind, c.text, c.value) for c in claims] == [
        ("amount", "25.20", D("25.20")), ("change", "1,234.50", D("1234.50"))]
    assert claims[0].subject == "财政拨款安排的“三公”经费预算"
    assert claims[1].current == 0 and claims[1].direction == 1


def test_zero_amount_and_zero_share():
    claims = one("预算收入10.8万元，主要包括一般公共预算拨款收入10.8万元，占100%；单位资金0万元，占0%。")
    assert [(c.kind, c.text) for c in claims] == [
        ("amount", "10.8"), ("amount", "10.8"), ("share", "100"), ("amount", "0"), ("share", "0")]
    assert (claims[4].part, claims[4].whole) == (3, 0)
    assert claims[3].value == D("0")


def test_share_worded_as_proportion_and_rate_worded_as_rate():
    claims = one("支出预算200.00万元，其中：基本支出150.00万元，占比为75.00%；"
                 "项目支出50.00万元，占支出预算的比重为25.00%，比上年增加10.00万元，增长率为25%。")
    shares = [c for c in claims if c.kind == "share"]
    assert [(c.part, c.whole, c.whole_text) for c in shares] == [(1, 0, None), (3, None, "支出预算")]
    assert (claims[-1].kind, claims[-1].change, claims[-2].current) == ("rate", 5, 3)


def test_small_decimal_amounts():
    claims = one("政府采购预算总额1.0375万元。其中: 政府采购货物预算0.5375万元、政府采购服务预算0.5万元。")
    assert [c.value for c in claims] == [D("1.0375"), D("0.5375"), D("0.5")]
    assert claims[1].subject == "政府采购货物预算" and claims[2].subject == "政府采购服务预算"


def test_wrapped_number_and_unit_keep_spans():
    text = "支出预算25416.8万元，其中：基本支出8519.82万\n元，占33.52%；项目支出16896.98\n万元，占66.48%。"
    claims = one(text)
    assert [(c.kind, c.text, c.unit) for c in claims] == [
        ("amount", "25416.8", "万元"), ("amount", "8519.82", "万元"), ("share", "33.52", "%"),
        ("amount", "16896.98", "万元"), ("share", "66.48", "%")]
    assert all(text[c.start:c.end] == c.text for c in claims)
    assert claims[4].part == 3 and claims[4].whole == 0


def test_performance_targets_dates_and_levels_are_ignored():
    claims = one("截至2026年2月26日，纳入绩效目标管理的2级项目4个，成本≤10万元，满意度≥90%，"
                 "(2026)年度，1、其他运转类项目2个，面积120.5平方米。")
    assert [(c.kind, c.value, c.unit) for c in claims] == [("count", 4, "个"), ("count", 2, "个")]
    assert claims[0].subject == "纳入绩效目标管理的2级项目"


def test_stated_base_and_rate_after_change():
    claims = one("本单位机关运行经费2026年财政拨款预算12.21万元，比2025年财政拨款预算13.35万元相比，"
                 "减少1.14万元，下降8.5%，原因是人员退休。")
    kinds = [(c.kind, c.text) for c in claims]
    assert kinds == [("amount", "12.21"), ("amount", "13.35"), ("change", "1.14"), ("rate", "8.5")]
    assert (claims[2].current, claims[2].base, claims[3].change) == (0, 1, 2)


def test_no_figure_for_unchanged_amounts():
    claims = one("公务接待费0万元，与上年预算数相同；公务用车购置费0万元，与上年持平。")
    assert [c.kind for c in claims] == ["amount", "amount"]


def test_items_strip_trailing_etc():
    claims = one("公用经费113.83万元,主要包括:邮电费、印刷费、水费等。")
    assert claims[1].kind == "items" and claims[1].items == ["邮电费", "印刷费", "水费"]
    assert claims[1].current == 0 and claims[1].value is None and claims[1].text == ""


def test_pages_come_from_page_marks():
    text = "预算收入总计100.00万元，其中：\n本年收入60.00万元，上年结转40.00万元。"
    second_page = text.index("本年收入")
    claims = one(text, pages=[7, 8], page_marks=[(0, 7), (second_page, 8)])
    assert [c.page for c in claims] == [7, 8, 8]
    assert one(text, pages=[])[0].page is None


def test_claims_from_several_sections_keep_global_indexes():
    claims = extract_claims([
        Section("二", "收入", "预算收入50.00万元，主要包括单位资金50.00万元，占100.00%。", [3]),
        Section("三", "支出", "支出预算50.00万元，其中：基本支出20.00万元，占40.00%。", [3]),
    ])
    share = claims[-1]
    assert share.section == "三" and (share.part, share.whole) == (4, 3)
    assert claims[2].whole == 0


def test_a_change_after_a_numbered_item_is_the_items():
    # 西安 (190 p11): the first item of the list shares its clause with the total before "其中：".
    claims = one("本部门当年一般公共预算支出9,216.51万元，其中：1.行政运行（2010301）4,414.15万元，"
                 "较上年增加293.55万元，增长7.12%，增长的主要原因是：人员经费增加；")
    assert [(c.kind, c.text) for c in claims] == [("amount", "9,216.51"), ("amount", "4,414.15"), ("change", "293.55"),
                                                   ("rate", "7.12")]
    assert (claims[2].current, claims[3].change) == (1, 2)
