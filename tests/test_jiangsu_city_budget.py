"""江苏 市级 预算公开 (公开 01–13 表, 2026): the real 苏州市交通运输局 部门 document (155) and 无锡市交通运输局
（本级） 单位 document (168) of ../shared/real_pdfs, read by profiles/jiangsu_city_budget.toml into the
standard keys (T01, T03–T06, T08, T09, T11) and the family's own T14 (one-row 三公/会议费/培训费), T15
(收入总表 by unit), T16/T17 (财政拨款 tables over all funds) and T18 (政府采购); checked by
relations_budget.toml plus relations_jiangsu_city_budget.toml, which also binds the 第三部分 prose. Figures
pinned here were read from the PDFs by eye (pdftotext -layout, one page at a time)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from budget_disclosure.check import check
from budget_disclosure.check.catalog import catalog_for
from budget_disclosure.write.workbook import read_checked_workbook, write_workbook

from real_reads import review_real
from conftest import assert_judged, printed_figure

KEYS = ["T01", "T03", "T04", "T05", "T06", "T08", "T09", "T11", "T14", "T15", "T16", "T17", "T18"]
# (entity as printed after "部门：" / "单位：", level). 168 is a 单位 document: "单位：无锡市交通运输局（本级）"
# on the same line as "单位：万元".
DOCUMENTS = {
    "155": ("苏州市交通运输局", "部门"),
    "168": ("无锡市交通运输局（本级）", "单位"),
}
# Pages of each table as printed (公开 01 … 13 表), continuation pages included.
PAGES = {
    "155": {"T01": [8], "T15": [9], "T03": [10, 11], "T04": [12, 13], "T16": [14, 15], "T17": [16, 17],
            "T05": [18, 19], "T06": [20, 21], "T14": [22], "T08": [23], "T09": [24], "T11": [25],
            "T18": [26, 27, 28, 29, 30]},
    "168": {"T01": [14], "T15": [15], "T03": [16, 17], "T04": [18, 19], "T16": [20, 21], "T17": [22],
            "T05": [23, 24], "T06": [25], "T14": [26], "T08": [27], "T09": [28], "T11": [29], "T18": [30]},
}


@pytest.fixture(scope="module")
def reports():
    return review_real(DOCUMENTS)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_each_document_is_read_with_its_thirteen_tables(reports, name):
    d = reports[name].disclosure
    assert (d.kind, d.year, d.entity, d.level, d.profile, d.unit) == ("预算", 2026, *DOCUMENTS[name], "jiangsu-city-budget", "万元")
    assert [t.key for t in d.tables] == KEYS
    assert {t.key: t.pages for t in d.tables} == PAGES[name]
    assert all(t.unit == "万元" and t.entity == d.entity for t in d.tables)
    assert not d.notices  # every table claimed, every column found, every row known
    assert [s.number for s in d.sections] == ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
                                              "十一", "十二", "十三", "十四", "十五"]


# (document, table, column, row selector, value as printed)
PINNED = [
    # 155, 部门
    ("155", "T01", "amount", {"row_key": "general_budget"}, "242360.10"),
    ("155", "T01", "total", {"code": "214"}, "237947.90"),  # 十四、交通运输支出
    ("155", "T15", "other", {"label": "苏州市交通运输综合行政执法支队"}, "3220.00"),  # name wrapped in its cell
    ("155", "T15", "general_budget", {"row_key": "total"}, "242360.10"),
    ("155", "T03", "total", {"code": "2140112"}, "21412.17"),
    ("155", "T03", "total", {"code": "2210203"}, "3414.62"),  # p11: neither title nor header
    ("155", "T04", "total", {"code": "214"}, "230330.89"),
    ("155", "T04", "total", {"row_key": "expenditure_grand_total"}, "242360.10"),  # p13, continued
    ("155", "T16", "public_use", {"code": "2140112"}, "2459.59"),
    ("155", "T17", "personnel", {"code": "30302"}, "1963.51"),  # p17, continued
    ("155", "T05", "project", {"code": "2149901"}, "186525.21"),
    ("155", "T06", "personnel", {"code": "30302"}, "1963.51"),  # p21, continued
    ("155", "T06", "public_use", {"code": "30231"}, "144.15"),
    ("155", "T14", "total", {"row_key": "total"}, "345.63"),
    ("155", "T14", "training", {"row_key": "total"}, "305.79"),
    ("155", "T11", "total", {"code": "30299"}, "130.90"),
    ("155", "T18", "total", {"row_key": "services"}, "3079.24"),
    ("155", "T18", "total", {"row_key": "works"}, "56.00"),
    # 168, 单位
    ("168", "T01", "amount", {"row_key": "other"}, "611843.20"),
    ("168", "T01", "total", {"code": "212"}, "842090.31"),
    ("168", "T15", "gov_fund", {"row_key": "total"}, "143999.00"),  # "143,999.0" / "0" wrapped in its cell
    ("168", "T15", "state_capital", {"label": "无锡市交通运输局（本级）"}, "32640.00"),
    ("168", "T03", "total", {"code": "21208"}, "143999.00"),
    ("168", "T04", "total", {"code": "212"}, "281691.11"),
    ("168", "T16", "total", {"code": "2120399"}, "127692.11"),
    ("168", "T05", "public_use", {"code": "2140101"}, "190.74"),
    ("168", "T09", "total", {"code": "2239999"}, "32640.00"),  # under the "栏次 1 2 3" row
    ("168", "T14", "meetings", {"row_key": "total"}, "1.09"),
    ("168", "T11", "total", {"row_key": "total"}, "190.74"),
    ("168", "T18", "total", {"row_key": "total"}, "112.90"),
]


@pytest.mark.parametrize("name, key, column, where, printed", PINNED)
def test_figures_read_by_eye(reports, name, key, column, where, printed):
    assert printed_figure(reports[name].disclosure, key, column, **where) == Decimal(printed)


def test_indented_codes_and_wrapped_names_are_one_row_each(reports):
    t = reports["155"].disclosure.table("T03")
    rows = {r.code: r for r in t.rows if r.code}
    # "208" / "  20805" / "      2080501" printed indented in one 科目编码 column
    assert [(c, rows[c].level, t.rows[rows[c].parent].code) for c in ("20805", "2080501")] == [("20805", "款", "208"), ("2080501", "项", "20805")]
    # "机关事业单位基本养老保险缴费" / "支出" on two lines
    assert rows["2080505"].label == "机关事业单位基本养老保险缴费支出"
    assert reports["168"].disclosure.table("T08").row("total").values["project"] == Decimal("143999.00")


def test_the_income_table_by_unit_nests_units_under_the_department(reports):
    t = reports["155"].disclosure.table("T15")
    assert [(r.label, r.level, r.attributes.get("unit_code")) for r in t.rows[:3]] == [
        ("合计", "部门", None), ("苏州市交通运输局", "部门", "123"), ("苏州市交通运输局", "单位", "123001")]
    assert {r.parent for r in t.rows[2:]} == {1} and len(t.rows) == 10
    assert [(r.label, r.level, r.parent) for r in reports["168"].disclosure.table("T15").rows] == [
        ("合计", "部门", None), ("无锡市交通运输局（本级）", "单位", 0)]


def test_empty_fund_tables_are_marked_by_their_note(reports):
    d = reports["155"].disclosure
    assert d.table("T08").empty and d.table("T09").empty
    assert any("故本表无数据" in n for n in d.table("T08").notes)
    assert not reports["168"].disclosure.table("T08").empty


def test_procurement_is_grouped_by_category_then_unit(reports):
    t = reports["168"].disclosure.table("T18")
    assert [(r.label, r.key, r.level) for r in t.rows] == [
        ("合计", "total", None), ("货物", "goods", None), ("无锡市交通运输局（本级）", None, "单位"),
        ("商品和服务支出(公用经费定额)", None, "项目"), ("服务", "services", None), ("无锡市交通运输局（本级）", None, "单位"),
        ("商品和服务支出(公用经费定额)", None, "项目"), ("行业服务质量提升经费", None, "项目")]
    assert t.rows[3].attributes == {"special": "商品和服务支出(公用经费定额)", "economic": "办公费", "item": "复印纸", "method": "集中采购"}


def test_the_prose_restates_the_tables_item_by_item(reports):
    for name, bound in (("155", 86), ("168", 93)):
        outcomes = [o for o in reports[name].outcomes if o.rule == "prose-amount"]
        assert len(outcomes) == bound and all(o.status == "pass" for o in outcomes)
    d = reports["155"].disclosure
    # "2.公路水路运输（款）公路养护（项）支出5,802万元" under "（二）交通运输支出（类）" is 2140106 of T16.
    o = next(o for o in reports["155"].outcomes if o.rule == "prose-amount" and d.claims[o.context["claim"]].text == "5,802")
    assert o.right[0].cells[0].table == "T16" and d.table("T16").rows[o.right[0].cells[0].row].code == "2140106"


# Every error and warning on the real documents, each judged by reading the document.
JUDGED = {
    # The prose writes figures without their trailing zeros ("242,360.1万元", "5,000万元") where the
    # tables print "242,360.10", "5,000.00": the same figure written two ways (p31–p39), which the
    # rule reports once per document; the values agree.
    "155": [("warning", "prose-same-figure", "等 11 处")],
    "168": [("warning", "prose-same-figure", "等 24 处")],
}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_finding_is_a_judged_mistake_of_the_document(reports, name):
    assert_judged(reports[name], JUDGED[name])


def test_import_then_read_back_gives_the_same_checks(reports, tmp_path):
    book = write_workbook(reports["155"], tmp_path / "155.xlsx")
    again = check(read_checked_workbook(book))
    assert [f.message for f in again.findings] == [f.message for f in reports["155"].findings]


def test_the_family_is_checked_by_the_standard_relations_and_its_own():
    catalog = catalog_for("预算", "jiangsu-city-budget")
    ids = [r.id for r in catalog.relations]
    assert len(ids) == len(set(ids)) and set(ids) <= set(catalog.rules)
    assert "T03-columns" in ids and "JS-T03-columns" in ids and "JS-hierarchy" in ids
    assert len(catalog.sections) == 15
