"""广东 部门预算公开 (12 张表, 广州 133 and 140, 珠海 241 of ../shared/real_pdfs), read by
profiles/guangdong_budget.toml into the standard keys where a table means the same (T01–T06, T08–T10) and
T20 (表7 项目支出 by 经济科目), T21 (表11 基本支出 by unit) and T22 (表12 projects, carry-over included);
checked by relations_budget.toml plus relations_guangdong_budget.toml. The grid is partly drawn as curves,
codes are printed inside the names ("[2010999]其他海关事务支出"), and 133's 表12 runs over 54 pages with
free-text 绩效目标. Figures pinned here were read from the PDFs by eye (pdftotext -layout)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from budget_disclosure import extract
from budget_disclosure.check import check
from budget_disclosure.check.catalog import catalog_for
from budget_disclosure.errors import UnsupportedTemplate
from budget_disclosure.write.workbook import read_checked_workbook, write_workbook

from real_reads import review_real
from conftest import assert_judged, printed_figure, real_pdf

KEYS = ["T01", "T02", "T03", "T04", "T05", "T06", "T08", "T09", "T10", "T20", "T21", "T22"]
# (year, entity as printed after 单位名称：, level). Every table says "单位名称：" but the covers say "…部门预算".
DOCUMENTS = {
    "133": (2026, "广州市交通运输局", "部门"),
    "140": (2026, "广州市政务服务和数据管理局", "部门"),
    "241": (2026, "珠海市商务局", "部门"),
}
SECTIONS = ["部门预算收支增减变化情况", "“三公”经费安排情况", "机关运行经费安排情况", "政府采购情况", "国有资产占有使用情况",
            "委托业务费安排情况", "重点项目预算绩效目标情况"]


@pytest.fixture(scope="module")
def reports():
    # 133 has 96 pages (表12 p27–80): about 10 s to read; each document is read once for the module.
    return review_real(DOCUMENTS)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_each_document_is_read_with_its_twelve_tables(reports, name):
    d = reports[name].disclosure
    assert (d.kind, d.year, d.entity, d.level, d.profile) == ("预算", *DOCUMENTS[name], "guangdong-budget")
    assert [t.key for t in d.tables] == KEYS
    assert d.unit == "万元" and {t.unit for t in d.tables} == {"万元"}
    assert all(t.entity == d.entity for t in d.tables)
    assert [s.heading for s in d.sections] == SECTIONS
    assert len(d.parts) == 4
    # Nothing left over: the 重点项目绩效目标 tables of section 七 (项目 | 预算数 | 绩效目标) are 绩效
    # forms, not 未识别的表 (recognise/generic.py), and not yet read as performance targets.
    assert {n.code for n in d.notices} == set()


# (document, table, column, row selector, value as printed)
PINNED = [
    # 133: 表12 over p27–80
    ("133", "T01", "amount", {"row_key": "fiscal"}, "632,065.70"),  # 一、预算拨款, p7
    ("133", "T02", "general_budget", {"label": "广州市道路养护中心东城养护所"}, "8,643.80"),  # p9
    ("133", "T02", "gov_fund", {"row_key": "total"}, "175,075.32"),
    ("133", "T03", "total", {"code": "2149901"}, "300,000.00"),  # p11
    ("133", "T04", "total", {"code": "212"}, "150,987.11"),  # p13
    ("133", "T05", "total", {"code": "214"}, "388,672.55"),  # "[214]交通运输支出", p16
    ("133", "T05", "project", {"row_key": "total"}, "353,289.84"),
    ("133", "T06", "total", {"code": "30231"}, "337.17"),  # "[30231]公务用车运行维护费", p18
    ("133", "T08", "total", {"code": "2146299"}, "24,579.97"),  # 表9, p22
    ("133", "T10", "total", {"row_key": "office_running"}, "8,560.42"),  # 行政经费, p21
    ("133", "T10", "total", {"row_key": "vehicle_purchase"}, "230.55"),
    ("133", "T20", "total", {"code": "31299"}, "316,214.00"),  # 表7, p20
    ("133", "T21", "total", {"label": "广州市交通管理总站"}, "8,755.07"),  # 表11, p24
    ("133", "T22", "gov_fund", {"row_key": "total"}, "175,075.32"),  # 表12, p27
    ("133", "T22", "total", {"label": "广州市中心区交通项目管理中心2026-2027年信息化运维项目"}, "16.00"),  # p80, the last
    # 140
    ("140", "T02", "grand_total", {"label": "广州市数字政府运营中心"}, "71,148.93"),  # p8
    ("140", "T05", "total", {"code": "2060503"}, "84,357.11"),  # p13
    ("140", "T05", "basic", {"code": "206"}, "7,911.51"),
    ("140", "T10", "total", {"row_key": "reception"}, "8.30"),  # p17
    ("140", "T10", "total", {"row_key": "office_running"}, "2,614.19"),
    ("140", "T22", "total", {"label": "广州市政务服务数据管理局数字政府运营中心穗智管运营服务项目"}, "1,391.47"),  # p21
    # 241: 上年结转结余 19,904.01 in 表1/表2, carried into 表12's funds
    ("241", "T01", "amount", {"row_key": "carryover"}, "19,904.01"),  # p7
    ("241", "T01", "amount", {"row_key": "other"}, "1.64"),
    ("241", "T02", "carryover", {"label": "珠海市贸易服务中心"}, "3.16"),  # p8
    ("241", "T03", "project", {"code": "2011399"}, "25,713.45"),  # p9
    ("241", "T05", "total", {"code": "2169999"}, "2,500.00"),  # p14, continued
    ("241", "T06", "total", {"code": "30239"}, "118.17"),  # p16
    ("241", "T10", "total", {"row_key": "overseas"}, "13.20"),  # p18
    ("241", "T20", "total", {"code": "31204"}, "9,450.00"),  # p17
    ("241", "T21", "total", {"label": "珠海市会议展览局"}, "191.17"),  # p21
    ("241", "T22", "total", {"label": "口岸现场水电费"}, "6,905.22"),  # p22
    ("241", "T22", "gov_fund", {"row_key": "total"}, "97.80"),
]


@pytest.mark.parametrize("name, key, column, where, printed", PINNED)
def test_figures_read_by_eye(reports, name, key, column, where, printed):
    assert printed_figure(reports[name].disclosure, key, column, **where) == Decimal(printed.replace(",", ""))


def test_units_are_the_ones_table_2_lists_and_projects_nest_under_them(reports):
    d = reports["241"].disclosure
    assert d.units == ["珠海市商务局", "珠海市贸易服务中心", "珠海市会议展览局"]
    t22 = d.table("T22")
    assert [r.label for r in t22.rows if r.level == "单位"] == d.units
    # "2026年春节慰问金-珠海边检总站" and 140's "广州市百千万综合信息管理平台" end like unit names but are projects.
    assert next(r for r in t22.rows if r.label == "2026年春节慰问金-珠海边检总站").level == "项目"
    t140 = reports["140"].disclosure.table("T22")
    assert next(r for r in t140.rows if r.label == "广州市百千万综合信息管理平台").level == "项目"
    # 表11's "广州市交通运输局（本级）" is 表2's 广州市交通运输局.
    t21 = reports["133"].disclosure.table("T21")
    assert next(r for r in t21.rows if r.label == "广州市交通运输局（本级）").level == "单位"


def test_empty_fund_tables_are_marked_by_their_note(reports):
    d = reports["241"].disclosure
    assert d.table("T08").empty and d.table("T09").empty
    assert d.table("T09").notes == ["注：本表本年无发生额。"]
    assert reports["133"].disclosure.table("T09").empty and not reports["133"].disclosure.table("T08").empty


# Every error and warning on the real documents, each judged by reading the document. No errors: the
# three documents add up, across all twelve tables and against their prose.
JUDGED = {
    # p81 "收入预算632,065.7万元", "“三公”经费627万元", "因公出国（境）费40万元": 表1 and 表8 print 632,065.70,
    # 627.00, 40.00 — the prose drops the zeros the tables print.
    "133": [("warning", "prose-same-figure", "“收入预算”632,065.7万元（表中 632,065.70）")],
    # p44 "因公出国（境）费24万元", "公务接待费8.3万元": 表8 prints 24.00 and 8.30.
    "140": [("warning", "prose-same-figure", "“因公出国（境）费”24万元（表中 24.00）；“公务接待费”8.3万元（表中 8.30）")],
    # p30 "因公出国（境）费13.2万元": 表8 prints 13.20.
    "241": [("warning", "prose-same-figure", "“因公出国（境）费”13.2万元（表中 13.20）")],
}


@pytest.mark.parametrize("name", sorted(JUDGED))
def test_the_findings_are_the_documents_real_mistakes(reports, name):
    assert_judged(reports[name], JUDGED[name])


def test_the_relations_that_hold_are_checked_not_skipped(reports):
    shared = {"T01-balance", "T01-income-grand-total", "T01-expenditure-grand-total", "T01-T03-classes",
              "T01-T03-total", "T01-T02-sources", "T04-balance", "T04-income-total", "T04-expenditure-total",
              "T05-T04-total", "T05-T06-basic", "T10-columns", "T10-total", "T10-vehicles", "hierarchy"}
    # Standard ids restated for this family's extra rows and columns (relations_guangdong_budget.toml).
    restated = {"T01-income-total", "T01-expenditure-total", "T03-columns"}
    own = {"GD-T05-columns", "GD-T02-columns", "GD-T21-columns", "GD-T21-fiscal", "GD-hierarchy",
           "GD-T01-T02-sources", "GD-T01-T02-fiscal", "GD-T01-T02-special-account", "GD-T01-T04-fiscal",
           "GD-T04-T05-classes", "GD-T09-T04-state-capital", "GD-T05-T20-project", "GD-T03-T21-basic",
           "GD-T03-T22-project", "prose-amount", "prose-rate", "GD-prose-list-three-public",
           "GD-prose-list-procurement", "GD-prose-change-balance"}
    for name, report in reports.items():
        held = {o.rule for o in report.outcomes if o.status in ("pass", "rounding")}
        assert shared | restated | own <= held, (name, sorted(shared | restated | own - held))
        # 表2 is listed by unit: no code of 表3/表5 is looked up in it. 表12 holds carry-over money, so it is
        # T22, not the 本年 表12 "表5 项目支出 = 表12 一般公共预算" speaks of (241: 38,885.01 against 58,689.10).
        checked = {o.rule for o in report.outcomes}
        assert not checked & {"T05-T02-codes", "T03-T02-codes", "T01-T02-classes", "T05-T12-project"}, name
    # The 三公 list runs on past "。）" closing its parenthesis to 公务接待费: 19.84 = 13.2 + 0 + 6.64.
    o = next(o for o in reports["241"].outcomes if o.rule == "GD-prose-list-three-public")
    assert (o.status, o.published, o.expected) == ("pass", Decimal("19.84"), Decimal("19.84"))


def test_the_profile_is_chosen_from_the_titles_and_can_be_forced(reports):
    path = real_pdf("241")
    assert extract(path, profile="guangdong-budget").tables == reports["241"].disclosure.tables
    with pytest.raises(UnsupportedTemplate):
        extract(path, profile="shanxi-budget")


def test_import_then_read_back_gives_the_same_checks(reports, tmp_path):
    book = write_workbook(reports["241"], tmp_path / "241.xlsx")
    again = check(read_checked_workbook(book))
    assert [f.message for f in again.findings] == [f.message for f in reports["241"].findings]
    assert again.disclosure.tables == reports["241"].disclosure.tables


def test_the_family_is_checked_by_the_standard_relations_and_its_own_prose_declarations():
    catalog = catalog_for("预算", "guangdong-budget")
    ids = [r.id for r in catalog.relations]
    assert len(ids) == len(set(ids)) and set(ids) <= set(catalog.rules)
    assert {"hierarchy", "T05-T06-basic", "GD-T03-T22-project"} <= set(ids)
    assert [name for name, _ in catalog.sections] == SECTIONS
