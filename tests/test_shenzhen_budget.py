"""深圳 部门预算公开 (11 张表, 深圳市交通运输局（本级） 097 and 深圳市国资委 100 of ../shared/real_pdfs), read by
profiles/shenzhen_budget.toml into the standard keys where a table means the same (T01, T03, T04, T05, T08,
T09) and T15 (表2 by unit), T19 (表8 by 经济分类), T21 (表4 基本支出), T22 (表5 项目支出), T24 (表9 “三公” by
year); checked by relations_budget.toml plus relations_shenzhen_budget.toml. Every page of a table repeats its
title, 表1/表6 print 类/款/项 by name only (nested by their indentation), the first row of most tables is the
entity's total, and narrow cells wrap an amount ("376,936.6" / "0"). Figures pinned here were read from the
PDFs by eye (pdftotext -layout)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from real_reads import review_real
from conftest import assert_judged, printed_figure

KEYS = ["T01", "T03", "T04", "T05", "T08", "T09", "T15", "T19", "T21", "T22", "T24"]
# (year, entity as printed after 部门名称：, level)
DOCUMENTS = {
    "097": (2026, "深圳市交通运输局（本级）", "部门"),
    "100": (2026, "深圳市人民政府国有资产监督管理委员会", "部门"),
}
FIRST_PAGES = {
    "097": {"T01": 22, "T15": 26, "T03": 27, "T21": 32, "T22": 34, "T04": 37, "T05": 40, "T19": 43, "T24": 46,
            "T08": 47, "T09": 48},
    "100": {"T01": 15, "T15": 18, "T03": 19, "T21": 23, "T22": 25, "T04": 26, "T05": 29, "T19": 31, "T24": 34,
            "T08": 35, "T09": 36},
}
SECTIONS = ["第二部分部门预算收支总体情况", "第三部分部门预算支出具体情况", "第四部分政府采购预算情况",
            "第五部分财政拨款“三公”经费预算情况", "机关运行经费", "国有资产占用情况", "其他"]


@pytest.fixture(scope="module")
def reports():
    return review_real(DOCUMENTS)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_each_document_is_read_with_its_eleven_tables(reports, name):
    d = reports[name].disclosure
    assert (d.kind, d.year, d.entity, d.level, d.profile) == ("预算", *DOCUMENTS[name], "shenzhen-budget")
    assert [t.key for t in d.tables] == KEYS
    assert {t.key: t.pages[0] for t in d.tables} == FIRST_PAGES[name]
    assert d.unit == "万元" and {t.unit for t in d.tables} == {"万元"}
    assert all(t.entity == d.entity for t in d.tables)
    assert [s.heading for s in d.sections] == SECTIONS
    # Nothing left over: every page of a table repeats its title, and each repeat continues the table.
    assert {n.code for n in d.notices} == set()


# (document, table, column, row selector, value as printed)
PINNED = [
    ("097", "T01", "amount", {"row_key": "fiscal"}, "388,561.78"),  # 一、财政拨款, p22
    ("097", "T01", "total", {"code": "214"}, "357,233.33"),  # 六、交通运输支出, p23
    ("097", "T01", "total", {"label": "公路运输管理"}, "184,465.55"),  # a 项 by name, p23
    ("097", "T15", "carryover", {"row_key": "total"}, "201.78"),  # 表2, p26
    ("097", "T03", "procurement", {"row_key": "total"}, "7,558.99"),  # 表3 政府采购 小计, p27
    ("097", "T04", "amount", {"row_key": "general_budget_carryover"}, "201.78"),  # 表6, p39
    ("097", "T08", "total", {"code": "2146907"}, "4,053.00"),  # 表10 通用航空发展, p47
    ("097", "T19", "total", {"code": "30113"}, "636.60"),  # 表8 住房公积金, p43
    ("097", "T22", "total", {"row_key": "total"}, "376,936.60"),  # 表5, wrapped "376,936.6" / "0", p34
    ("097", "T22", "total", {"label": "轨道交通管理"}, "175,400.59"),  # wrapped "175,400.5" / "9", p34
    ("097", "T24", "total_general_budget", {"row_key": "current"}, "147.90"),  # 表9 2026年, p46
    ("097", "T24", "overseas_general_budget", {"row_key": "previous"}, "129.80"),  # 2025年
    ("100", "T01", "amount", {"row_key": "state_capital"}, "409,301.00"),  # p15
    ("100", "T05", "total", {"row_key": "total"}, "9,186.59"),  # 表7, p29
    ("100", "T09", "total", {"code": "2230203"}, "256,000.00"),  # 表11, p36
    ("100", "T21", "total", {"label": "物业管理费"}, "234.98"),  # 表4, p24
    ("100", "T22", "total", {"row_key": "total"}, "411,130.67"),  # 表5, wrapped "411,130.6" / "7", p25
    ("100", "T24", "vehicle_purchase_general_budget", {"row_key": "previous"}, "12.00"),  # 表9, p34
    ("100", "T24", "total_general_budget", {"row_key": "current"}, "120.80"),
]


@pytest.mark.parametrize("name, key, column, where, printed", PINNED)
def test_figures_read_by_eye(reports, name, key, column, where, printed):
    assert printed_figure(reports[name].disclosure, key, column, **where) == Decimal(printed.replace(",", ""))


def test_names_without_codes_nest_as_table_3_codes_them(reports):
    # 100 表1 p16–17: 六、国有资本经营预算支出 → 款 国有企业资本金注入 (22302) → its four 项; 国有企业公益性补贴 is a
    # 款 (22303) and its own 项 (2230301), as 表3 p21–22 codes them.
    t01 = reports["100"].disclosure.table("T01")
    rows = [r for r in t01.rows if r.side == "expenditure"]
    injection = next(r for r in rows if r.label == "国有企业资本金注入")
    assert injection.level == "款" and t01.rows[injection.parent].code == "223"
    items = [r.label for r in t01.rows if r.parent == t01.rows.index(injection)]
    assert items == ["国有经济结构调整支出", "公益性设施投资支出", "前瞻性战略性产业发展支出", "支持科技进步支出"]
    assert [r.level for r in rows if r.label == "国有企业公益性补贴"] == ["款", "项"]


def test_empty_state_capital_table_is_marked_by_its_note(reports):
    t09 = reports["097"].disclosure.table("T09")
    assert t09.empty and t09.notes == ["注：本表本年无发生额。"]
    assert reports["100"].disclosure.table("T08").empty and not reports["100"].disclosure.table("T09").empty


# Every error and warning on the real documents, each judged by reading the document. No errors: both
# documents add up, across all eleven tables and against their prose.
JUDGED = {
    "097": [],
    # p9 "2026 年财政拨款“三公”经费预算 120.8 万元": 表9 p34 prints 120.80.
    "100": [("warning", "prose-same-figure", "“财政拨款“三公”经费预算”120.8万元（表中 120.80）")],
}


@pytest.mark.parametrize("name", sorted(JUDGED))
def test_the_findings_are_the_documents_real_mistakes(reports, name):
    assert_judged(reports[name], JUDGED[name])


def test_the_relations_that_hold_are_checked_not_skipped(reports):
    shared = {"T01-balance", "T01-income-grand-total", "T01-expenditure-grand-total", "T01-expenditure-total",
              "T01-T03-classes", "T01-T03-total", "T04-balance", "T04-income-total", "T04-income-grand-total",
              "T04-expenditure-total", "T04-expenditure-grand-total", "hierarchy"}
    # Standard ids restated for this family's rows, columns and carry-over (relations_shenzhen_budget.toml).
    restated = {"T01-income-total", "T03-columns", "T05-T04-total", "T08-T04-gov-fund", "T09-T04-state-capital"}
    own = {"SZ-T01-fiscal", "SZ-T01-unit-funds", "SZ-T01-carryover", "SZ-T04-fiscal", "SZ-T04-carryover",
           "SZ-T05-columns", "SZ-T15-columns", "SZ-T21-columns", "SZ-T21-fiscal", "SZ-hierarchy", "SZ-T24-total",
           "SZ-T24-vehicles", "SZ-T24-change", "SZ-T01-T15-sources", "SZ-T01-T04-fiscal", "SZ-T01-T04-carryover",
           "SZ-T04-T05-classes", "SZ-T05-T19-total", "SZ-T03-T21-basic", "SZ-T03-T22-project", "SZ-T05-T21-basic",
           "SZ-T24-T19-vehicle-operation", "prose-amount", "prose-rate", "SZ-prose-list-procurement"}
    for name, report in reports.items():
        held = {o.rule for o in report.outcomes if o.status in ("pass", "rounding")}
        assert shared | restated | own <= held, (name, sorted((shared | restated | own) - held))
