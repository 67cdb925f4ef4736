"""重庆市 部门预算公开 (12 张表): the real 2026 document of ../shared/real_pdfs — 重庆市人民政府办公厅 (125), a 部门预算
with its prose before the tables — read by profiles/chongqing_budget.toml into the standard keys (T01–T06, T08),
T14 (表八 “三公”经费 in one row, 2025 and 2026) and T18 (表九 政府采购预算明细表), and checked by
relations_budget.toml plus relations_chongqing_budget.toml. Figures pinned here were read from the PDF by eye
(pdftotext -layout).

The unit test at the end exercises, without the PDF, the general mechanism this family needed: a 7-digit
经济科目 (3010201 规范性津补贴) nested under its 款 (30102 津贴补贴)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from budget_disclosure.check import check
from budget_disclosure.check.catalog import catalog_for
from budget_disclosure.profiles import get_profile
from budget_disclosure.recognise.rows import Line, RowBuilder
from budget_disclosure.write.workbook import read_checked_workbook, write_workbook

from real_reads import review_real
from conftest import assert_judged, printed_figure

KEYS = ["T01", "T02", "T03", "T04", "T05", "T06", "T08", "T14", "T18"]
# (year, entity as printed on the cover and over every table, level, first page of each table in key order)
DOCUMENTS = {
    "125": (2026, "重庆市人民政府办公厅", "部门", [9, 10, 12, 14, 15, 17, 19, 20, 21]),
}


@pytest.fixture(scope="module")
def reports():
    return review_real(DOCUMENTS)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_each_document_is_read_with_its_nine_tables_of_figures(reports, name):
    d = reports[name].disclosure
    year, entity, level, first_pages = DOCUMENTS[name]
    assert (d.kind, d.year, d.entity, d.level, d.profile, d.unit) == ("预算", year, entity, level, "chongqing-budget", "万元")
    assert [t.key for t in d.tables] == KEYS
    assert [t.pages[0] for t in d.tables] == first_pages
    # "单位名称：重庆市人民政府办公厅 … 单位：万元" over every table.
    assert all(t.unit == "万元" and t.entity == entity and t.year == year for t in d.tables)
    # The prose comes first, under one heading and numbered 一…六 (no "第N部分").
    assert d.parts == ["2026年部门预算情况说明"]
    assert [s.number for s in d.sections] == list("一二三四五六")
    assert not d.notices


# (document, table, column, row selector, value as printed)
PINNED = [
    # p9 表一: 合计 first on both sides
    ("125", "T01", "amount", {"row_key": "income_grand_total"}, "19230.18"),
    ("125", "T01", "amount", {"row_key": "general_budget"}, "18417.70"),  # this year's and last year's
    ("125", "T01", "amount", {"row_key": "business"}, "812.48"),
    ("125", "T01", "total", {"row_key": "expenditure_total"}, "19230.18"),
    ("125", "T01", "total", {"code": "215"}, "673.17"),  # 五、资源勘探工业信息等支出
    # p10–11 表二
    ("125", "T02", "grand_total", {"code": "2010399"}, "1315.37"),  # its name wrapped over two lines
    ("125", "T02", "business", {"code": "2010399"}, "810.00"),
    ("125", "T02", "general_budget", {"code": "2101199"}, "73.68"),  # p11, after the repeated header
    # p12–13 表三
    ("125", "T03", "project", {"row_key": "total"}, "10211.71"),
    ("125", "T03", "project", {"code": "2010350"}, "2.48"),
    # p14 表四
    ("125", "T04", "amount", {"row_key": "income_total"}, "17552.65"),
    ("125", "T04", "amount", {"row_key": "carryover_general_budget"}, "865.06"),
    ("125", "T04", "general_budget", {"code": "201"}, "15146.48"),
    ("125", "T04", "total", {"row_key": "expenditure_grand_total"}, "18417.70"),
    # p15–16 表五
    ("125", "T05", "previous_budget", {"row_key": "total"}, "15635.80"),
    ("125", "T05", "personnel", {"code": "2010301"}, "4542.97"),
    ("125", "T05", "public_use", {"code": "2010350"}, "10.94"),
    ("125", "T05", "previous_budget", {"code": "2150516"}, "448.31"),  # p16
    # p17–18 表六, 7-digit codes
    ("125", "T06", "total", {"code": "3010201"}, "904.48"),
    ("125", "T06", "total", {"code": "3030104"}, "22.87"),  # p18
    ("125", "T06", "public_use", {"row_key": "total"}, "1837.55"),
    # p20 表八: 2025 then 2026 in one row
    ("125", "T14", "previous_total", {"row_key": "total"}, "396.97"),
    ("125", "T14", "previous_vehicle_operation", {"row_key": "total"}, "202.48"),
    ("125", "T14", "total", {"row_key": "total"}, "394.49"),
    ("125", "T14", "vehicle_operation", {"row_key": "total"}, "200.00"),
    # p21 表九
    ("125", "T18", "total", {"row_key": "total"}, "4542.69"),
    ("125", "T18", "general_budget", {"row_key": "services"}, "4432.69"),
]


@pytest.mark.parametrize("name, key, column, where, printed", PINNED)
def test_figures_read_by_eye(reports, name, key, column, where, printed):
    assert printed_figure(reports[name].disclosure, key, column, **where) == Decimal(printed)


def test_seven_digit_economic_codes_add_up_to_their_item(reports):
    d = reports["125"].disclosure
    t = d.table("T06")
    under = {r.code: t.rows[r.parent].code for r in t.rows if r.level == "项"}
    assert under == {"3010201": "30102", "3010202": "30102", "3010301": "30103", "3010302": "30103",
                     "3010303": "30103", "3030101": "30301", "3030102": "30301", "3030103": "30301", "3030104": "30301"}
    # 301 工资福利支出 6,509.41 = its eleven 款 (the 项 are inside 30102 and 30103, not beside them).
    report = reports["125"]
    o = next(o for o in report.outcomes if o.rule == "hierarchy" and o.context["variables"].get("column") == "total"
             and o.left[0].cells[0].table == "T06" and t.rows[o.left[0].cells[0].row].code == "301")
    assert o.status == "pass" and len(o.right[0].cells) == 11


def test_the_empty_fund_table_and_the_performance_forms(reports):
    d = reports["125"].disclosure
    t = d.table("T08")
    assert t.empty and [r.key for r in t.rows] == ["total"]
    assert any("此表无数据" in n for n in t.notes)
    # 表十–十二 (p22–24) are 绩效目标 forms: not even a 未识别的表.
    assert not {p for t in d.tables for p in t.pages} & {22, 23, 24}
    assert not [t.key for t in d.tables if t.key.startswith("U")]
    # 表九's 品目 letters are kept beside their names.
    assert [(r.key, r.label, r.attributes.get("code")) for r in d.table("T18").rows] == [
        ("total", "合计", None), ("goods", "货物", "A"), ("services", "服务", "C")]


# Every error and warning on the real document, each judged by reading the document.
JUDGED = {
    "125": [
        # 四 (p3) "公务接待费 10 万元" and 五（二） (p4) "政府采购货物预算 110 万元", where 表八 and 表九 print 10.00 and
        # 110.00 and the prose writes every other amount with two decimals ("200.00 万元" in the same sentence).
        ("warning", "prose-same-figure", "“公务接待费”10万元（表中 10.00）；“政府采购货物预算”110万元（表中 110.00）"),
    ],
}


@pytest.mark.parametrize("name", sorted(JUDGED))
def test_the_findings_are_the_documents_real_mistakes(reports, name):
    assert_judged(reports[name], JUDGED[name])


def test_the_relations_that_hold_are_checked_not_skipped(reports):
    shared = {"T01-expenditure-total", "T01-T02-sources", "T01-T03-classes", "T01-T03-total", "T03-columns",
              "T04-columns", "T04-income-total", "T04-carryover", "T04-income-grand-total", "T04-expenditure-total",
              "T04-expenditure-grand-total", "T04-balance", "T04-funds", "T05-T02-codes", "T05-T06-basic",
              "T06-columns", "hierarchy"}
    own = {"CQ-T01-income", "CQ-T01-balance", "CQ-T02-columns", "CQ-T05-basic", "CQ-T14-total", "CQ-T14-vehicles",
           "CQ-T18-columns", "CQ-T18-hierarchy", "CQ-T01-T02-sources", "CQ-T03-T02-codes", "T05-T04-total",
           "CQ-T04-T05-classes", "CQ-T05-T06-columns", "CQ-T14-T06-vehicle-operation", "CQ-prose-list-fiscal",
           "CQ-prose-list-three-public", "CQ-prose-list-procurement", "CQ-prose-list-vehicles", "prose-amount"}
    for name in DOCUMENTS:
        held = {o.rule for o in reports[name].outcomes if o.status in ("pass", "rounding")}
        assert shared | own <= held, (name, sorted(shared | own - held))
    # 表五 18,417.70 = 表四 17,552.65 + 865.06 (a 尾差 of 0.01), not 表四's 本年收入 alone.
    o = next(o for o in reports["125"].outcomes if o.rule == "T05-T04-total")
    assert o.status == "rounding" and o.expected == Decimal("18417.71")
    # Both years of 表八 add up.
    assert [o.status for o in reports["125"].outcomes if o.rule == "CQ-T14-total"] == ["pass", "pass"]


def test_the_prose_is_bound_to_the_tables(reports):
    amounts = [o for o in reports["125"].outcomes if o.rule == "prose-amount"]
    assert len(amounts) == 23 and all(o.status == "pass" for o in amounts)


def test_the_family_is_checked_by_the_standard_relations_and_its_own_declarations():
    catalog = catalog_for("预算", "chongqing-budget")
    ids = [r.id for r in catalog.relations]
    assert len(ids) == len(set(ids)) and set(ids) <= set(catalog.rules)
    t05 = next(r for r in catalog.relations if r.id == "T05-T04-total")
    assert "carryover_general_budget" in t05.check
    assert [name for name, _ in catalog.sections] == [
        "部门收支总体情况", "财政拨款情况说明", "“三公”经费情况说明", "其他重要事项的情况说明"]


def test_a_seven_digit_economic_code_is_a_part_of_its_five_digit_item():
    spec = get_profile("fujian-budget").table("T06")  # any table read with rows kind `coded_economic`
    lines = [Line({"code": c, "name": n}, {"total": Decimal(v)}, 17)
             for c, n, v in [("", "合计", "1010.00"), ("301", "工资福利支出", "1010.00"), ("30101", "基本工资", "50.00"),
                             ("30102", "津贴补贴", "960.00"), ("3010201", "规范性津补贴", "905.00"),
                             ("3010202", "其他津补贴", "55.00")]]
    rows = RowBuilder(spec, None, set()).build("coded_economic", lines)
    assert [(r.code, r.level, r.parent) for r in rows] == [
        (None, None, None), ("301", "类", 0), ("30101", "款", 1), ("30102", "款", 1), ("3010201", "项", 3),
        ("3010202", "项", 3)]
    # A 7-digit code whose 款 is not printed stays a part of its 类.
    rows = RowBuilder(spec, None, set()).build("coded_economic", [lines[1], lines[4]])
    assert [(r.code, r.level, r.parent) for r in rows] == [("301", "类", None), ("3010201", "款", 0)]


def test_import_then_read_back_gives_the_same_checks(reports, tmp_path):
    """Written to the workbook and read back, the document keeps its family, findings and checks."""
    name = sorted(DOCUMENTS)[0]
    book = write_workbook(reports[name], tmp_path / f"{name}.xlsx")
    again = check(read_checked_workbook(book))
    assert again.disclosure.profile == reports[name].disclosure.profile
    assert [f.message for f in again.findings] == [f.message for f in reports[name].findings]
    assert len(again.outcomes) == len(reports[name].outcomes)
