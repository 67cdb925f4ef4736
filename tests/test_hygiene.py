"""Text hygiene (check/hygiene.py, data/hygiene.toml): each problem injected into a correct
generated document is found once, at its section, sentence and page; correct text, the blank
template and the real seeds raise no false alarm."""
from __future__ import annotations

import pytest

from budget_disclosure import extract
from budget_disclosure.check.hygiene import check_hygiene, hygiene_rules, is_template, load_rules
from budget_disclosure.model import Section
from conftest import seed_path
from corpus import variant

SECTION = "三"  # 三、支出预算情况说明: the section problems are injected into
LABEL = "三、支出预算情况说明"


def _doc(entity: str = "阳泉市测试中心", year: int = 2026, kind: str = "预算"):
    d = variant(11, entity, year)
    d.kind = kind
    return d


def _inject(d, text: str):
    """Appends ``text`` to section 三, printed on page 6 (the section starts on page 5)."""
    s = next(s for s in d.sections if s.number == SECTION and s.part == "第三部分")
    s.pages, s.page_marks = [5, 6], [(0, 5), (len(s.text), 6)]
    s.text += text
    return d


# rule, the text injected, a word of the message, severity
INJECTED = [
    ("text-placeholder", "项目支出主要用于XXXXXXXX。", "XXXXXXXX", "error"),
    ("text-placeholder", "XX局项目支出404.18万元。", "“XX”", "error"),
    ("text-placeholder", "项目支出比上年增加（减少）10.00万元。", "增加（减少）", "error"),
    ("text-placeholder", "项目支出主要用于监测（如持平作持平表述）。", "（如持平作持平表述）", "error"),
    ("text-placeholder", "某某项目已完成。", "某某", "error"),
    ("text-placeholder", "项目于X月X日完成。", "X月X日", "error"),
    ("text-placeholder", "项目支出404.18万元，增长（下降）2.5%。", "增长（下降）", "error"),
    ("text-year-mismatch", "项目支出比2024年增加10.00万元。", "比2024年", "warning"),
    ("text-year-mismatch", "项目支出与2026年预算数相比增加10.00万元。", "与2026年预算数相比", "warning"),
    ("text-entity-mismatch", "单位名称：阳泉市另一个局。", "阳泉市另一个局", "warning"),
    ("text-percent-sign", "项目支出404.18万元，增长12.5，主要是监测项目增加。", "12.5", "warning"),
    ("text-percent-sign", "项目支出占比35.2。", "35.2", "warning"),
    ("text-doubled-punctuation", "项目支出主要用于监测。。", "。。", "warning"),
    ("text-doubled-punctuation", "项目支出主要用于监测，，水质分析。", "，，", "warning"),
    ("text-doubled-punctuation", "项目支出主要用于监测，。", "，。", "warning"),
    ("text-cut-off", "项目支出比上年增加，主要原因是。", "主要原因是", "warning"),
    ("text-cut-off", "项目支出主要用于：", "主要用于", "warning"),  # the section ends there
    ("text-stray-quote", "开展“人民调解协议书检查”、优秀调解案例”活动。", "多出右引号", "warning"),
    ("text-stray-quote", "开展“蓝天保卫战活动。", "没有对应的右引号", "warning"),
    ("text-undisplayable", "项目支出主要用于\ue0a3监测。", "U+E0A3", "error"),
    ("text-undisplayable", "项目支出主要用于\ufffd监测。", "U+FFFD", "error"),
    # The generated document is a 单位预算.
    ("text-level-mismatch", "2026年部门预算安排购置车辆0辆。", "“部门预算安排购置车辆”", "warning"),
    ("text-missing-stop", "财政拨款收入支出增加的主要原因是工作量增加财政拨款支出主要内容如下：", "“加的主要原因是工作量增加”之后",
     "warning"),
]


def test_a_correct_generated_document_has_no_hygiene_finding():
    for seed in range(5):
        d = variant(seed, "阳泉市测试中心", 2026)
        assert check_hygiene(d) == [] and not is_template(d)


@pytest.mark.parametrize("rule,text,word,severity", INJECTED, ids=[f"{r}:{t[:12]}" for r, t, _, _ in INJECTED])
def test_an_injected_problem_is_found_once_with_its_section_sentence_and_page(rule, text, word, severity):
    findings = check_hygiene(_inject(_doc(), text))
    assert [(f.rule, f.severity) for f in findings] == [(rule, severity)], [f.message for f in findings]
    f = findings[0]
    assert word in f.message
    assert (f.location.section, f.location.sentence, f.location.page) == (LABEL, text, 6)


def test_a_heading_naming_another_year_is_an_error():
    d = _doc()
    s = next(s for s in d.sections if s.number == SECTION and s.part == "第三部分")
    s.heading, s.pages = "2024年度支出预算情况说明", [5]
    [f] = check_hygiene(d)
    assert (f.rule, f.severity, f.location.section, f.location.page) == (
        "text-year-mismatch", "error", "三、2024年度支出预算情况说明", 5)
    assert f.message == "标题中的“2024年”与文件年度 2026 年不一致"


def test_a_numbered_heading_line_in_the_text_is_a_heading():
    d = _inject(_doc(), "\n（一）2024年项目支出情况\n项目支出404.18万元。")
    [f] = check_hygiene(d)
    assert (f.rule, f.severity, f.location.sentence, f.location.page) == (
        "text-year-mismatch", "error", "（一）2024年项目支出情况", 6)
    d = _inject(_doc(), "\n（一）阳泉市另一个局2026年单位预算\n项目支出404.18万元。")
    [f] = check_hygiene(d)
    assert (f.rule, f.location.sentence) == ("text-entity-mismatch", "（一）阳泉市另一个局2026年单位预算")
    assert "阳泉市另一个局" in f.message and "阳泉市测试中心" in f.message


def test_a_part_title_naming_another_entity_is_a_warning():
    d = _doc()
    d.parts = ["第一部分 阳泉市测试中心概况", "第三部分 阳泉市另一个局2026年度单位预算情况说明"]
    [f] = check_hygiene(d)
    assert (f.rule, f.severity, f.location.section) == ("text-entity-mismatch", "warning", d.parts[1])


def test_a_placeholder_in_a_table_title_names_the_table():
    d = _doc()
    t = d.table("T03")
    t.title, t.pages = "2026年XX预算支出总表", [9]
    [f] = check_hygiene(d)
    assert (f.rule, f.location.table, f.location.page, f.location.sentence) == (
        "text-placeholder", "T03", 9, "2026年XX预算支出总表")


LEGITIMATE = [
    "项目支出用于报送XML文件、PPP项目和VOCs治理，设备型号为XC-XX2000，第XIV届会议。",  # Latin text
    "Type XX device。",  # an X run with no Chinese next to it
    "项目支出比2025年增加10.00万元，与2025年预算数相同，比上年增长5.2%。",  # last year: fine in a 预算
    "截至2026年2月26日，共有公务用车15辆，比上年下降1个百分点，占比35.2%，完成率为98.50%。",
    "这是项目支出增长的主要原因。主要原因是：\n1、监测任务增加。",  # a whole sentence, a list follows
    "开展“三公”经费和“过紧日子要求”相关工作，项目支出1,833.76万元,比上年增加77.12万元,增长5.17%。",
    "项目支出3×4项。",  # a single × is a multiplication sign
    "财政拨款收入支出增加的主要原因是工作量增加。财政拨款支出主要内容如下：",  # the full stop is there
    "基本支出按部门预算经济分类编列。",  # the classification's name, in a 单位 document too
]


@pytest.mark.parametrize("text", LEGITIMATE)
def test_legitimate_text_raises_nothing(text):
    assert check_hygiene(_inject(_doc(), text)) == []


def test_a_department_may_speak_of_department_budgets():
    d = _inject(_doc(), "2026年部门预算安排购置车辆0辆。")
    d.level = "部门"
    assert check_hygiene(d) == []


def test_the_text_outside_the_prose_is_read_for_its_wording():
    """上海 prints a project's description after the prose (Disclosure.other_sections): unpaired
    quotes there are found, with the part and page."""
    d = _doc()
    d.other_sections = [Section("四", "实施方案", "1.全年开展专题培训；2.开展“人民调解协议书检查”、优秀调解案例”活动。",
                                [23], "人民调解项目经费情况说明", [(0, 23)])]
    [f] = check_hygiene(d)
    assert (f.rule, f.location.section, f.location.page) == ("text-stray-quote", "人民调解项目经费情况说明 四、实施方案", 23)
    assert f.location.sentence.endswith("2.开展“人民调解协议书检查”、优秀调解案例”活动。")


def test_a_final_account_compares_with_its_own_budget_and_last_year():
    d = _inject(_doc(year=2024, kind="决算"), "支出决算与2024年预算相比增加10.00万元，比2023年增加5.00万元。")
    assert check_hygiene(d) == []
    d = _inject(_doc(year=2024, kind="决算"), "支出决算比2022年增加5.00万元。")
    [f] = check_hygiene(d)
    assert f.rule == "text-year-mismatch" and "2023年或2024年" in f.message


def test_the_blank_template_is_recognised_and_gets_no_placeholder_findings():
    d = variant(3, "上海市XX局", 2024)
    for s in d.sections:
        s.text = "上海市XX局2024年度收入支出总计XXX万元，增长（下降）XX%。主要原因：XXXXXXXX。（如持平作持平表述）"
    assert is_template(d)
    assert check_hygiene(d) == []
    # Placeholders in most sections make a template even under a real entity's name.
    d.entity = "阳泉市测试中心"
    assert is_template(d)
    # One left in a real document does not.
    assert not is_template(_inject(_doc(), "项目支出XXX万元。"))


def test_rules_are_data_each_with_a_chinese_name():
    rules = hygiene_rules()
    ids = {r.id for r in rules}
    assert ids == {"text-placeholder", "text-year-mismatch", "text-entity-mismatch", "text-percent-sign",
                   "text-doubled-punctuation", "text-cut-off", "text-stray-quote", "text-undisplayable",
                   "text-missing-stop", "text-level-mismatch"}
    assert all(r.name and r.patterns and r.severity in ("error", "warning") for r in rules)
    # A new pattern is a data change.
    extra = load_rules('[[rule]]\nid = "text-test"\nname = "测试"\nseverity = "warning"\nscope = ["prose"]\n'
                       'patterns = ["监测"]\nmessage = "含“{found}”"\n')
    findings = check_hygiene(_doc(), extra + rules)
    assert findings and {f.rule for f in findings} == {"text-test"} and findings[0].message == "含“监测”"
    with pytest.raises(ValueError):
        load_rules('[[rule]]\nid = "x"\nname = "x"\nseverity = "warning"\ncheck = "nope"\nscope = ["prose"]\n'
                   'patterns = ["x"]\nmessage = "x"\n')


# What the real seeds hold. 000, 001, 003 and 004 are clean. 002 (晋城市生态环境局 2024) has real
# slips in the 项目支出绩效目标表 printed after section 十 (each form prints its goal twice, in the
# 实施期目标 and 年度目标 columns, so each slip is found twice): "等效益。。", "显示屏运维工作。。",
# "能力建设，。", quotes turned the wrong way ("”十四五“", "需在“十四五“期间") and a goal quoted
# “…“ in both columns.
SEED_FINDINGS = {
    "000": [], "001": [], "003": [], "004": [],
    "002": [("text-doubled-punctuation", "等效益。。")] * 2
    + [("text-doubled-punctuation", "显示屏运维工作。。")] * 2
    + [("text-doubled-punctuation", "能力建设，。")] * 2
    + [("text-stray-quote", "”十四五“"), ("text-stray-quote", "需在“十四五“期间"),
       ("text-stray-quote", "总体目标“1、完成"), ("text-stray-quote", "““1、完成"),
       ("text-stray-quote", "“一级指标")],
}


@pytest.mark.parametrize("seed", sorted(SEED_FINDINGS))
def test_seeds_raise_only_their_real_problems(seed):
    d = extract(seed_path(seed))
    findings = check_hygiene(d)
    for f in findings:
        print(seed, f.rule, f.message, f.location.section, f.location.sentence)
    assert not is_template(d)
    got = [(f.rule, f.location.sentence) for f in findings]
    assert len(got) == len(SEED_FINDINGS[seed])
    for (rule, sentence), (want_rule, fragment) in zip(got, SEED_FINDINGS[seed]):
        assert rule == want_rule and fragment in sentence
    assert all(f.location.section == "十、绩效管理情况" for f in findings)
