"""上海 预算公开 (9 张表): the real 普陀区 2024–2026 and 市级 2026 documents of ../shared/real_pdfs, 部门 and
单位, read by profiles/shanghai_budget.toml into the standard keys (T01–T06, T08, T09) and T14 (the one-row
“三公”经费和机关运行经费 table), each table in the unit it prints (元; T14 in 万元) and every comparison made
in the document's unit; checked by relations_budget.toml plus relations_shanghai_budget.toml. Figures
pinned here were read from the PDFs by eye (pdftotext -layout and page renders)."""
from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from budget_disclosure import extract
from budget_disclosure.check import check
from budget_disclosure.check.catalog import budget_catalog, catalog_for
from budget_disclosure.cli import main
from budget_disclosure.errors import UnsupportedTemplate
from budget_disclosure.write.workbook import WorkbookWriter, read_checked_workbook, status_column, write_workbook

from real_reads import review_real
from conftest import assert_judged, printed_figure, real_pdf
from recalc import recalculate_many, require_soffice

KEYS = ["T01", "T02", "T03", "T04", "T05", "T06", "T08", "T09", "T14"]
# (year, entity as printed after 编制部门：/编制单位：, level). 044, 050 and 060 are 单位 documents
# ("上海市2026年市级单位预算", "编制单位：…") although MANIFEST.tsv says 部门.
DOCUMENTS = {
    "034": (2026, "上海市普陀区司法局", "部门"),
    "036": (2026, "上海市普陀区司法局", "单位"),
    "040": (2024, "上海市普陀区社会福利院", "单位"),
    "042": (2025, "上海市普陀区财政局", "部门"),
    "044": (2026, "上海交通职业技术学院", "单位"),
    "050": (2026, "上海市中医文献馆", "单位"),
    "060": (2026, "上海科技大学附属学校", "单位"),
    "246": (2026, "上海市文物保护研究中心", "单位"),
}
PUTUO = ("034", "036", "040", "042")  # 区级: empty tables carry "故本表为空表"; 市级 ones print nothing


@pytest.fixture(scope="module")
def reports():
    return review_real(DOCUMENTS)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_each_document_is_read_with_its_nine_tables_and_their_units(reports, name):
    d = reports[name].disclosure
    assert (d.kind, d.year, d.entity, d.level, d.profile) == ("预算", *DOCUMENTS[name], "shanghai-budget")
    assert [t.key for t in d.tables] == KEYS
    # The tables are in 元 and so is the document; the 三公 table prints "单位:万元".
    assert d.unit == "元"
    assert {t.key: t.unit for t in d.tables} == {**{k: "元" for k in KEYS}, "T14": "万元"}
    assert all(t.entity == d.entity for t in d.tables)
    assert not d.notices
    # The prose: 编制说明 as one section, then 其他相关情况说明's five.
    assert [s.number for s in d.sections] == ["", "一", "二", "三", "四", "五"]
    assert d.sections[0].heading == f"{d.year}年{d.level}预算编制说明"


def test_the_text_outside_the_prose_is_read_for_its_wording_only(reports):
    """主要职能, 机构设置, 名词解释 and 034's 人民调解项目经费情况说明 (profile text_parts) are other_sections:
    the text checks read them (034's stray ” is on p23), no figure of them is a claim."""
    d = reports["034"].disclosure
    assert [s.part for s in d.other_sections[:3]] == ["上海市普陀区司法局主要职能", "上海市普陀区司法局机构设置", "名词解释"]
    project = [s for s in d.other_sections if s.part == "人民调解项目经费情况说明"]
    assert [s.label for s in project[:2]] == ["一、项目概述", "二、立项依据"] and project[0].pages == [23]
    assert "795万元" in project[5].text and not any(c.text == "795" for c in d.claims)


# (document, table, column, row selector, value as printed)
PINNED = [
    # 034: 部门, 表1 with one 预算数 column; 表2/3/5/6 without thousands separators, 表1/4 with them
    ("034", "T01", "amount", {"row_key": "fiscal"}, "96282213.44"),
    ("034", "T01", "total", {"label": "四、住房保障支出"}, "4521559.00"),
    ("034", "T02", "fiscal", {"code": "2040607"}, "6860000.00"),
    ("034", "T03", "project", {"row_key": "total"}, "70540547.00"),  # 合计 printed last
    ("034", "T03", "total", {"code": "2210203"}, "2433600.00"),  # p13, continued without a header
    ("034", "T04", "general_budget", {"row_key": "expenditure_grand_total"}, "96282213.44"),
    ("034", "T05", "total", {"code": "2101101"}, "1149678.00"),  # p16, the header repeated
    ("034", "T06", "public_use", {"code": "30239"}, "495280.00"),  # p20, continued without a header
    ("034", "T06", "personnel", {"row_key": "total"}, "23563342.00"),
    ("034", "T14", "total", {"row_key": "total"}, "10.81"),
    ("034", "T14", "office_running", {"row_key": "total"}, "217.83"),
    # 036: 单位, 表1 split into 人员经费/公用经费/项目支出, some figures whole 元 beside cents
    ("036", "T01", "personnel", {"code": "204"}, "12604173"),
    ("036", "T01", "personnel", {"row_key": "expenditure_grand_total"}, "20374181"),
    ("036", "T02", "total", {"code": "2210203"}, "2070000.00"),  # p10, continued without a header
    ("036", "T03", "project", {"code": "2040601"}, "64840547.00"),  # printed on 行政运行 (see JUDGED)
    ("036", "T03", "basic", {"row_key": "total"}, "22118861"),
    ("036", "T04", "general_budget", {"code": "210"}, "982692.00"),
    ("036", "T05", "basic", {"code": "2080506"}, "786150.00"),
    ("036", "T06", "public_use", {"code": "30228"}, "227810.34"),
    ("036", "T06", "total", {"row_key": "total"}, "22118861.34"),
    ("036", "T14", "vehicle_operation", {"row_key": "total"}, "9.98"),
    ("036", "T14", "office_running", {"row_key": "total"}, "184.59"),
    # 040: 2024, whole 元 with blank zeros, "一般公共预算资金", the pre-2019 "医疗卫生与计划生育支出"
    ("040", "T01", "amount", {"row_key": "general_budget"}, "9501164"),
    ("040", "T01", "amount", {"row_key": "business"}, "2620000"),
    ("040", "T01", "public_use", {"code": "208"}, "2120950"),
    ("040", "T01", "total", {"code": "210"}, "503724"),  # 三、医疗卫生与计划生育支出
    ("040", "T02", "fiscal", {"code": "2081005"}, "6964796"),
    ("040", "T03", "total", {"code": "71102"}, "503724"),  # its 类 printed "7" (see JUDGED)
    ("040", "T06", "public_use", {"code": "30209"}, "1206000"),
    ("040", "T06", "personnel", {"code": "303"}, "421800"),
    ("040", "T14", "vehicles", {"row_key": "total"}, "6.4"),
    ("040", "T14", "office_running", {"row_key": "total"}, "0"),
    # 042: 部门 2025
    ("042", "T01", "amount", {"row_key": "general_budget"}, "31214205.80"),
    ("042", "T02", "total", {"code": "2010608"}, "4188000.00"),
    ("042", "T04", "total", {"code": "201"}, "22186440.80"),
    ("042", "T06", "public_use", {"code": "30229"}, "436320.00"),
    ("042", "T06", "total", {"row_key": "total"}, "25121091.00"),
    ("042", "T14", "reception", {"row_key": "total"}, "0.95"),
    ("042", "T14", "office_running", {"row_key": "total"}, "229.43"),
    # 044, 050, 060, 246: 市级 2026, whole 元, blank zeros, every continuation with its header
    ("044", "T01", "amount", {"row_key": "other"}, "54282100"),
    ("044", "T01", "public_use", {"code": "205"}, "104154210"),
    ("044", "T02", "other", {"code": "2050302"}, "9600000"),
    ("044", "T03", "basic", {"row_key": "total"}, "336310530"),
    ("044", "T05", "project", {"code": "2050305"}, "21416300"),
    ("044", "T06", "total", {"code": "30212"}, "350000"),  # 因公出国（境）费用, p18
    ("044", "T14", "overseas", {"row_key": "total"}, "35.00"),
    ("050", "T01", "public_use", {"code": "208"}, "170800"),
    ("050", "T01", "amount", {"row_key": "business"}, "57074300"),
    ("050", "T02", "business", {"code": "2080505"}, "346403"),
    ("050", "T03", "project", {"code": "2101799"}, "58748820"),
    ("050", "T06", "public_use", {"row_key": "total"}, "4052074"),
    ("050", "T14", "reception", {"row_key": "total"}, "0.28"),
    ("060", "T01", "amount", {"row_key": "other"}, "14166200"),
    ("060", "T02", "business", {"code": "2050203"}, "108900"),
    ("060", "T05", "total", {"row_key": "total"}, "93784514"),
    ("060", "T06", "public_use", {"code": "30209"}, "7490000"),
    ("060", "T14", "overseas", {"row_key": "total"}, "6.00"),
    ("246", "T01", "project", {"code": "207"}, "3006992"),
    ("246", "T02", "other", {"code": "2070204"}, "537792"),
    ("246", "T05", "basic", {"row_key": "total"}, "10237471"),
    ("246", "T06", "personnel", {"code": "30101"}, "1368000"),
    ("246", "T14", "total", {"row_key": "total"}, "3.70"),
]


@pytest.mark.parametrize("name, key, column, where, printed", PINNED)
def test_figures_read_by_eye(reports, name, key, column, where, printed):
    assert printed_figure(reports[name].disclosure, key, column, **where) == Decimal(printed)


def test_blank_cells_stay_blank_and_unused_classes_are_kept(reports):
    d = reports["040"].disclosure
    assert printed_figure(d, "T01", "total", code="201") is None  # "一、一般公共服务支出" printed with no figures
    assert printed_figure(d, "T14", "vehicle_purchase", row_key="total") is None
    assert printed_figure(reports["044"].disclosure, "T14", "office_running", row_key="total") is None


def test_empty_fund_tables_are_marked_by_their_note_where_printed(reports):
    for name in DOCUMENTS:
        d = reports[name].disclosure
        assert d.table("T08").empty and d.table("T09").empty
        noted = any("故本表为空表" in n for n in d.table("T08").notes)
        assert noted == (name in PUTUO), name


def test_every_comparison_is_made_in_the_documents_unit(reports):
    def outcome(name, rule, **variables):
        return next(o for o in reports[name].outcomes if o.rule == rule
                    and all(o.context.get("variables", {}).get(k) == v for k, v in variables.items()))

    # 9.98万元 (rounded to the cent of 万元, ±50元) against 99,750.00元: 50元 apart, a 尾差.
    o = outcome("036", "SH-T14-T06-vehicle-operation")
    assert (o.status, o.published, o.expected, o.tolerance) == ("rounding", 99800, Decimal("99750.00"), 50)
    # 184.59万元 against 公用经费 1,845,880.34元.
    assert outcome("036", "SH-T14-T06-office-running").status == "rounding"
    # Prose in 万元: "收入预算8695.94万元" against 86,959,408.34元; 044's whole 万元 "40,870万元" against
    # 408,696,000元 is rounded to the 万元 (±5000元), not to its cent.
    prose = [o for o in reports["044"].outcomes if o.rule == "prose-amount"]
    first = next(o for o in prose if reports["044"].disclosure.claims[o.context["claim"]].text == "40,870")
    assert (first.status, first.published, first.expected, first.tolerance) == (
        "rounding", 408700000, 408696000, 5000)
    # Whole 元 (1 元 steps) beside cents: 036's 基本支出 22,118,861 against its 类 adding to 22,118,861.34.
    o = next(o for o in reports["036"].outcomes if o.rule == "T05-T06-basic")
    assert (o.status, o.difference, o.tolerance) == ("rounding", Decimal("-0.34"), Decimal("0.50"))


# Every error and warning on the real documents, each judged by reading the document.
THE_2040601_MISTAKE = [
    # 036 prints 项目支出 64,840,547.00 on 行政运行 2040601 (合计 14,348,853.34, 基本支出 14,348,853.34):
    # the figure of its 款 20406 repeated, in 表3 (p11) and 表5 (p14); so 20406's 项 add up to twice it.
    ("error", "T03-columns", "表3 支出总表 2040601 行政运行 合计 14348853.34元 ≠ 基本支出 14348853.34元 + 项目支出 64840547.00元"),
    ("error", "T03-columns", "表5 一般公共预算支出表 2040601 行政运行"),
    ("error", "hierarchy", "表3 支出总表 20406 司法 项目支出 64840547.00元 ≠ 6个项之和 129681094.00元"),
    ("error", "hierarchy", "表5 一般公共预算支出表 20406 司法 项目支出"),
]
JUDGED = {
    "034": [
        # "住房公积金（01项）208.8万元 … 2026年预算安排201.50万元": 表2 prints 2,087,959元 (208.80); the rate
        # "比2025年预算执行数增加5.27%" is 208.8 against 198.34, so 201.50 is the typo.
        ("error", "prose-amount", "“预算安排” 201.50万元 ≠ 表2 收入总表 2210201 住房公积金 财政拨款收入 2087959.00元"),
        # "2025年当年预算执行数为43269.3万元 … 增加17.62%": 17.62% is 3845.49 against 3269.3 (036 prints
        # 3269.3): a stray 4.
        ("error", "prose-rate", "比“当年预算执行数为”43269.3万元增加 17.62%，按所列金额计算应为 -91.11%"),
        # 职业年金 91.97 against 77.99 is 17.93%; 17.66% is the rate of the 养老保险 item above it.
        ("error", "prose-rate", "91.97万元比“当年预算执行数为”77.99万元增加 17.66%，按所列金额计算应为 17.93%"),
        # the consequence of the 201.50 typo above
        ("error", "prose-rate", "201.50万元比“当年预算执行数为”198.34万元增加 5.27%"),
        # Item 11 "医疗卫生与计划生育支出（210类）" (p9): the class's name before 2019; 表2/3/5 print 210 卫生健康支出.
        ("warning", "prose-subject-name", "“医疗卫生与计划生育支出（210类）”与表中科目 210 的名称“卫生健康支出”不一致"),
        # p3, after the contents: a page of white-filled table cells and no text, blank when printed.
        ("warning", "doc-blank-page", "第3页是空白页"),
        # 主要职能 (p4): its text box is clipped at the foot of the page through the line "（八）负责本系统警车
        # 管理工作。…", of which only the top sliver shows (p5 prints the box's rest from "（八）").
        ("warning", "doc-text-clipped", "第4页“（八）负责本系统警车管理工作。"),
        # "比2026年预算增加793.14万元" (three times) and "与2026年预算持平" (twice) in a 2026 budget: last
        # year is 2025 (036, the same office's 单位 document, says 2025).
        ("warning", "text-year-mismatch", "“比2026年”"),
        ("warning", "text-year-mismatch", "“比2026年”"),
        ("warning", "text-year-mismatch", "“比2026年”"),
        ("warning", "text-year-mismatch", "“与2026年预算持平”"),
        ("warning", "text-year-mismatch", "“与2026年预算持平”"),
        ("warning", "text-doubled-punctuation", "。。"),  # "等方面的支出。。2025年"
        # 人民调解项目经费情况说明 (p23): "4.开展“人民调解协议书检查”、优秀调解案例”活动。": one ” too many.
        ("warning", "text-stray-quote", "多出右引号"),
        # p8: "财政拨款收入支出增加的主要原因是工作量增加" ends its paragraph with no 。 (036 has it).
        ("warning", "text-missing-stop", "“加的主要原因是工作量增加”之后直接接下一句"),
    ],
    "036": THE_2040601_MISTAKE + [
        # "行政单位离退休（01项）56.12万元 … 2026年预算安排57.8万元": 56.12 is this unit's (表2 561,240元),
        # 57.8 the 部门's (034); "购房补贴（03项）207万元 … 预算安排170.03万元": 表2 prints 2,070,000元.
        ("error", "prose-amount", "“预算安排” 57.8万元 ≠ 表2 收入总表 2080501 行政单位离退休 财政拨款收入 561240.00元"),
        ("error", "prose-amount", "“预算安排” 170.03万元 ≠ 表2 收入总表 2210203 购房补贴 财政拨款收入 2070000.00元"),
        # Rates copied from elsewhere: 1434.89 against 1690.69 is a fall of 15.13%, not 1.10%; 57.8
        # against 57.43 a rise, not "减少2.27%"; 170.03 against 241.76 a fall of 29.67%, not "增加21.74%".
        ("error", "prose-rate", "1434.89万元比“当年预算执行数为”1690.69万元减少 1.10%，按所列金额计算应为 15.13%"),
        ("error", "prose-rate", "57.8万元比“当年预算执行数为”57.43万元减少 2.27%"),
        ("error", "prose-rate", "170.03万元比“当年预算执行数为”241.76万元增加 21.74%，按所列金额计算应为 -29.67%"),
        # "财政拨款收入支出增加（减少）的主要原因是业务量增加": the template's two choices both left in.
        ("error", "text-placeholder", "增加（减少）"),
        # Item 11 (p7), as in 034: the pre-2019 name of class 210.
        ("warning", "prose-subject-name", "“医疗卫生与计划生育支出（210类）”与表中科目 210 的名称“卫生健康支出”不一致"),
        # Items 2 (p6), 8 and 9 (p7): each item's text box is one line too short; its last line
        # ("加。", "险支出增加。", "加。") shows only its upper half.
        ("warning", "doc-text-clipped", "第6页“…%。主要原因是：业务量增加。”中的“加。”"),
        ("warning", "doc-text-clipped", "第7页“…8%。主要原因是：养老保险支出增加。”中的“险支出增加。”"),
        ("warning", "doc-text-clipped", "第7页“…要原因是：职业年金支出增加。”中的“加。”"),
        # "公务用车购置及运行费9.98万元，与2025年预算数持平，主要原因是。其中：…"
        ("warning", "text-cut-off", "主要原因是"),
        # p21, a 单位预算: "2026年部门预算安排购置车辆0辆…；部门预算安排购置单价100万元（含）以上设备…".
        ("warning", "text-level-mismatch", "“部门预算安排购置车辆”"),
        ("warning", "text-level-mismatch", "“部门预算安排购置单价”"),
    ],
    "040": [
        # 表3 (p9) and 表5 (p11) print 事业单位医疗 as "7 | 11 | 02" (表2: "210 | 11 | 02"): code 71102
        # has no counterpart, and 2101102 none in 表3/表5.
        ("error", "SH-T03-T02-codes", "表2 收入总表 2101102 事业单位医疗 合计 503724.00元"),
        ("error", "SH-T03-T02-codes", "表3 支出总表 71102 事业单位医疗 合计 503724.00元"),
        ("error", "SH-T02-fiscal-codes", "表2 收入总表 2101102 事业单位医疗 财政拨款收入 503724.00元"),
        ("error", "SH-T02-fiscal-codes", "表5 一般公共预算支出表 71102 事业单位医疗"),
        # "社会福利事业单位（项）738.66万元" (and "2026年预算安排738.66万元"): 表2 and 表5 print 6,964,796元
        # (696.48万元); 738.66 is that plus the 303 离退休人员经费 421,800元 of 表6.
        ("error", "prose-amount", "社会福利事业单位（项）” 738.66万元 ≠ 表2 收入总表 2081005 社会福利事业单位 财政拨款收入 6964796.00元"),
        ("error", "prose-amount", "“预算安排” 738.66万元 ≠ 表2 收入总表 2081005"),
        ("warning", "text-cut-off", "主要原因是"),  # "…与2023年预算持平，主要原因是。其中："
    ],
    "042": [
        # The prose cuts 元 down to 0.01万元 instead of rounding: 877,080元 is 87.71万元, printed 87.70
        # (782,164 → 78.21 for 78.22; 2,049,197 → 204.91 for 204.92; 2,687,760 → 268.77 for 268.78).
        ("error", "prose-amount", "行政单位离退休（项）” 87.70万元 ≠ 表2 收入总表 2080501 行政单位离退休 财政拨款收入 877080.00元"),
        # "职业年金缴费支出（项）887.36万元": 表2 prints 873,617元 (87.36万元), a stray 8.
        ("error", "prose-amount", "887.36万元 ≠ 表2 收入总表 2080506 机关事业单位职业年金缴费支出 财政拨款收入 873617.00元"),
        ("error", "prose-amount", "78.21万元 ≠ 表2 收入总表 2101101 行政单位医疗 财政拨款收入 782164.00元"),
        ("error", "prose-amount", "204.91万元 ≠ 表2 收入总表 2210201 住房公积金 财政拨款收入 2049197.00元"),
        ("error", "prose-amount", "268.77万元 ≠ 表2 收入总表 2210203 购房补贴 财政拨款收入 2687760.00元"),
        # Items 7–11 are in the file a second time (the text box's overflow drawn again under p7's and
        # over p8's clip, invisible): read once, as printed (read/pdf_flaws.scan_clips).
    ],
    # 市级: 表8 and 表9 printed as empty grids with no word of why (普陀区 prints "故本表为空表").
    "044": [("warning", "doc-table-empty-unmarked", "表8"), ("warning", "doc-table-empty-unmarked", "表9"),
            # p21, a 单位预算: "2026年部门预算安排购置车辆0辆…；单位预算安排购置单价…" (050, 060, 246 say 单位 twice).
            ("warning", "text-level-mismatch", "“部门预算安排购置车辆”")],
    "050": [("warning", "doc-table-empty-unmarked", "表8"), ("warning", "doc-table-empty-unmarked", "表9")],
    "060": [("warning", "doc-table-empty-unmarked", "表8"), ("warning", "doc-table-empty-unmarked", "表9")],
    "246": [
        # The prose cuts the 万元 instead of rounding: 13,616,271元 is 1,362万元, printed 1,361;
        # 12,376,671元 is 1,238万元, printed 1,237 (044, 050 and 060 round).
        ("error", "prose-amount", "“收入预算” 1,361万元 ≠ 表1 收支总表 收入总计 预算数 13616271.00元"),
        ("error", "prose-amount", "“财政拨款收入” 1,237万元"),
        ("error", "prose-amount", "“支出预算” 1,361万元"),
        ("error", "prose-amount", "“财政拨款支出预算” 1,237万元"),
        ("error", "prose-amount", "“一般公共预算拨款支出预算” 1,237万元"),
        ("warning", "doc-table-empty-unmarked", "表8"),
        ("warning", "doc-table-empty-unmarked", "表9"),
    ],
}


@pytest.mark.parametrize("name", sorted(JUDGED))
def test_the_findings_are_the_documents_real_mistakes(reports, name):
    assert_judged(reports[name], JUDGED[name])


def test_the_relations_that_hold_are_checked_not_skipped(reports):
    shared = {"T01-balance", "T01-T03-classes", "T03-columns", "T04-balance", "T04-columns", "T05-T04-total",
              "T05-T06-basic", "T06-columns", "hierarchy"}
    own = {"SH-T01-fiscal", "SH-T01-income-grand-total", "SH-T01-expenditure-grand-total", "SH-T02-columns",
           "SH-T04-income-grand-total", "SH-T04-expenditure-grand-total", "SH-T04-funds", "SH-T14-total",
           "SH-T01-T02-sources", "SH-T01-T03-total", "SH-T01-T04-fiscal", "SH-T03-T02-codes",
           "SH-T02-fiscal-codes", "SH-T04-T05-classes", "prose-amount"}
    unit_level = {"SH-T01-columns", "SH-T01-T03-basic", "SH-T01-T03-project", "SH-T01-T03-basic-total"}
    for name, (_, _, level) in DOCUMENTS.items():
        held = {o.rule for o in reports[name].outcomes if o.status in ("pass", "rounding")}
        assert shared | own <= held, (name, sorted(shared | own - held))
        assert (unit_level <= held) == (level == "单位"), name  # 部门 documents print one 预算数 column
    # 042 prints no figure for 公务用车 (it has no car); the others print 小计 = 购置费 + 运行费.
    assert {name for name in DOCUMENTS if any(o.rule == "SH-T14-vehicles" for o in reports[name].outcomes)} \
        == set(DOCUMENTS) - {"042"}
    # 机关运行经费 = 表6 公用经费 where the unit has any (not 040's 福利院, 044's college…).
    assert {name for name in DOCUMENTS if any(o.rule == "SH-T14-T06-office-running" for o in reports[name].outcomes)} \
        == {"034", "036", "042"}


def test_a_stated_rate_is_measured_from_the_amount_it_names():
    """"2025年当年预算执行数为A万元，2026年预算安排B万元，比2025年预算执行数增加p%": p = (B − A) ÷ A, checked
    even with no change amount printed (the 13 items of 036 all say it so)."""
    report = check(extract(real_pdf("036")))
    rates = [o for o in report.outcomes if o.rule == "prose-rate"]
    assert len(rates) == 13
    assert sum(o.status != "mismatch" for o in rates) == 10


def test_the_profile_is_chosen_from_the_titles_and_can_be_forced(capsys):
    path = real_pdf("036")
    assert extract(path, profile="shanghai-budget").tables == extract(path).tables
    with pytest.raises(UnsupportedTemplate):
        extract(path, profile="shanxi-budget")
    assert main(["check", str(path), "--profile", "shanghai-budget"]) == 1  # errors found: exit 1
    out = capsys.readouterr().out
    assert "2026年 预算公开 · 单位 · 上海市普陀区司法局 · 金额单位：元" in out


def test_the_workbook_recalculates_to_the_python_verdicts_across_units(reports, tmp_path):
    require_soffice()
    writer = WorkbookWriter(reports["036"])
    book = tmp_path / "036.xlsx"
    writer.build().save(book)
    [out] = recalculate_many([book], tmp_path / "out")
    wb = openpyxl.load_workbook(out, data_only=True)
    live = [wb[sheet][f"{status_column(sheet)}{row}"].value for sheet, row, _ in writer.verdicts]
    status = {"pass": "通过", "rounding": "尾差", "mismatch": "不符"}
    assert live == [status[o.status] for _, _, o in writer.verdicts] and live.count("不符") >= 4
    assert wb.sheetnames[1:10] == ["表1 收支总表", "表2 收入总表", "表3 支出总表", "表4 财政拨款收支总表", "表5 一般公共预算支出表",
                                   "表6 基本支出经济分类表", "表8 政府性基金支出表", "表9 国有资本经营预算表", "表14 三公和机关运行经费表"]
    assert wb["表14 三公和机关运行经费表"]["G2"].value == "单位：万元"


def test_import_then_read_back_gives_the_same_checks(reports, tmp_path):
    """Excel and JSON keep 64840547 or 64840547.0 for the printed "64,840,547.00": read back, each
    figure keeps its printed decimals, hence its rounding (0.01元, not 1元), and every message is the
    same, tolerances included."""
    book = write_workbook(reports["036"], tmp_path / "036.xlsx")
    again = check(read_checked_workbook(book))
    assert [f.message for f in again.findings] == [f.message for f in reports["036"].findings]


def test_the_family_is_checked_by_the_standard_relations_and_its_own_prose_declarations():
    catalog = catalog_for("预算", "shanghai-budget")
    ids = [r.id for r in catalog.relations]
    assert len(ids) == len(set(ids)) and set(ids) <= set(catalog.rules)
    assert {"T03-columns", "hierarchy", "T05-T06-basic", "SH-T14-total", "SH-T02-fiscal-codes"} <= set(ids)
    # Its prose is its own: Shanxi's 第三部分 sections ("收支预算变动情况" …) are not asked for.
    assert [name for name, _ in catalog.sections] == [
        "预算编制说明", "“三公”经费预算情况说明", "机关运行经费预算", "政府采购预算情况", "绩效目标设置情况", "国有资产占有使用情况"]
    # Shanxi's: the standard catalog, plus (as every family) the sums of tables no template declares.
    shanxi = catalog_for("预算", "shanxi-budget")
    assert [r.id for r in shanxi.relations] == [r.id for r in budget_catalog().relations] + ["generic-hierarchy"]
