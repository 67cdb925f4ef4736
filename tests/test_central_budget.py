"""中央部门预算公开 (9 张 部门公开表): the real 2026 document of ../shared/real_pdfs — 国家信访局 (167), a 部门预算
— read by profiles/central_budget.toml into the standard keys (T01–T06, T08, T09) and T14 (部门公开表 9,
“三公”经费 in one row), and checked by relations_budget.toml plus relations_central_budget.toml. Figures pinned
here were read from the PDF by eye (pdftotext -layout)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from budget_disclosure.check import check
from budget_disclosure.check.catalog import catalog_for
from budget_disclosure.write.workbook import read_checked_workbook, write_workbook

from real_reads import review_real
from conftest import assert_judged, printed_figure

KEYS = ["T01", "T02", "T03", "T04", "T05", "T06", "T08", "T09", "T14"]
# (year, entity as printed on the cover, level, first page of each table in key order)
DOCUMENTS = {
    "167": (2026, "国家信访局", "部门", [5, 6, 7, 9, 10, 12, 14, 15, 16]),
}


@pytest.fixture(scope="module")
def reports():
    return review_real(DOCUMENTS)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_each_document_is_read_with_its_nine_tables(reports, name):
    d = reports[name].disclosure
    year, entity, level, first_pages = DOCUMENTS[name]
    assert (d.kind, d.year, d.entity, d.level, d.profile, d.unit) == ("预算", year, entity, level, "central-budget", "万元")
    assert [t.key for t in d.tables] == KEYS
    assert [t.pages[0] for t in d.tables] == first_pages
    # "单位：万元" over every table and no entity on the table pages (the entity is the cover's).
    assert all(t.unit == "万元" and t.entity is None for t in d.tables)
    assert [s.number for s in d.sections] == list("一二三四五六七八")
    assert [p[:4] for p in d.parts] == ["第一部分", "第二部分", "第三部分", "第四部分"]
    assert not d.notices


# (document, table, column, row selector, value as printed)
PINNED = [
    # p5 部门收支总表
    ("167", "T01", "amount", {"row_key": "general_budget"}, "16474.82"),
    ("167", "T01", "amount", {"row_key": "other"}, "31888.00"),
    ("167", "T01", "amount", {"row_key": "income_grand_total"}, "50616.94"),
    ("167", "T01", "total", {"code": "221"}, "1111.44"),  # 四、住房保障支出
    # p6 部门收入总表: one row, its 合计 including 上年结转
    ("167", "T02", "grand_total", {"row_key": "total"}, "50616.94"),
    ("167", "T02", "carryover", {"row_key": "total"}, "2254.12"),
    # p7–8 部门支出总表 (合计 last, p8)
    ("167", "T03", "total", {"code": "2014099"}, "36230.56"),
    ("167", "T03", "total", {"code": "2080505"}, "657.51"),  # its name wrapped over two lines, p8
    ("167", "T03", "basic", {"row_key": "total"}, "11056.07"),
    # p9 财政拨款收支总表
    ("167", "T04", "total", {"code": "201"}, "15291.30"),
    ("167", "T04", "amount", {"row_key": "carryover_general_budget"}, "2254.12"),
    ("167", "T04", "amount", {"row_key": "income_grand_total"}, "18728.94"),
    # p10–11 一般公共预算支出表, with 2025 执行数 and the 增减额
    ("167", "T05", "executed", {"code": "2014099"}, "25143.24"),
    ("167", "T05", "executed_net", {"code": "2014099"}, "1601.04"),
    ("167", "T05", "change", {"code": "2014099"}, "-21519.26"),
    ("167", "T05", "change_net", {"code": "2014099"}, "2022.94"),
    ("167", "T05", "total", {"row_key": "total"}, "16474.82"),
    ("167", "T05", "executed", {"code": "2101101"}, "218.91"),  # 行政单位医疗: nothing in 2026
    # p12–13 一般公共预算基本支出表 (the label "部门公开表 7" printed under its 合计, p13)
    ("167", "T06", "total", {"code": "30227"}, "220.00"),
    ("167", "T06", "public_use", {"row_key": "total"}, "2376.26"),
    # p16 “三公”经费 in one row
    ("167", "T14", "total", {"row_key": "total"}, "112.61"),
    ("167", "T14", "overseas", {"row_key": "total"}, "68.50"),
    ("167", "T14", "vehicle_operation", {"row_key": "total"}, "38.60"),
]


@pytest.mark.parametrize("name, key, column, where, printed", PINNED)
def test_figures_read_by_eye(reports, name, key, column, where, printed):
    assert printed_figure(reports[name].disclosure, key, column, **where) == Decimal(printed)


def test_totals_printed_last_add_up_the_classes_above_them(reports):
    d = reports["167"].disclosure
    for key in ("T03", "T05", "T06"):
        t = d.table(key)
        total = len(t.rows) - 1
        assert t.rows[total].key == "total" and t.rows[total].label == "合计", key
        assert all(r.parent == total for r in t.rows if r.level == "类"), key
    assert d.table("T05").rows[-1].values["executed"] == Decimal("37241.42")
    assert printed_figure(d, "T05", "total", code="2101101") is None


def test_the_percentage_columns_are_left_unread(reports):
    # "增减(%)" holds ratios ("-60.86%"), not money: no column key, no 不是金额 notice.
    t = reports["167"].disclosure.table("T05")
    assert t.columns == ["executed", "executed_net", "total", "basic", "project", "total_net", "change", "change_net"]


def test_empty_fund_tables_are_marked_by_their_note(reports):
    d = reports["167"].disclosure
    for key, words in (("T08", "政府性基金"), ("T09", "国有资本经营")):
        t = d.table(key)
        assert t.empty and [r.key for r in t.rows] == ["total"], key
        assert any(f"没有使用{words}预算拨款" in n for n in t.notes), key
    # The label of 表7 stands at the bottom of p13: 表6 ends there, 表7 is p14's.
    assert d.table("T06").pages == [12, 13] and d.table("T08").pages == [14]


def test_performance_forms_stay_out_of_the_tables(reports):
    d = reports["167"].disclosure
    pages = {p for t in d.tables for p in t.pages}
    assert not pages & set(range(17, 38))  # prose p17–29, 绩效目标表 p29–32, 名词解释
    assert not [t.key for t in d.tables if t.key.startswith("U")]


# Every error and warning on the real document, each judged by reading the document.
JUDGED = {
    "167": [
        # 四 (p18, printed page 17): "国家信访局财政拨款收支总预算 18,728.91 万元", while 表4 (p9) prints 收入总计
        # and 支出总计 18,728.94 = 本年收入 16,474.82 + 上年结转 2,254.12, as 四 itself goes on to list.
        ("error", "prose-amount", "18,728.91万元 ≠ 表4 财政拨款收支总表 收入总计"),
        # 八（三） (p25): "委托业务费财政拨款预算 1,391.68 万元，比 2025 年预算增加 333.83 万元，增长 31.35%":
        # 333.83 / (1,391.68 − 333.83) = 31.56%.
        ("error", "prose-rate", "增长 31.35%，按所列金额计算应为 31.56%"),
        # 四 (p18): "一般公共服务支出 15,291.3 万元" for 表4's 15,291.30 (every other amount keeps two decimals).
        ("warning", "prose-same-figure", "“一般公共服务支出”15,291.3万元（表中 15,291.30）"),
    ],
}


@pytest.mark.parametrize("name", sorted(JUDGED))
def test_the_findings_are_the_documents_real_mistakes(reports, name):
    assert_judged(reports[name], JUDGED[name])


def test_the_relations_that_hold_are_checked_not_skipped(reports):
    shared = {"T01-expenditure-total", "T01-expenditure-grand-total", "T01-balance", "T01-T02-sources",
              "T01-T03-classes", "T01-T03-total", "T04-income-total", "T04-carryover", "T04-income-grand-total",
              "T04-expenditure-total", "T04-balance", "T05-T04-total", "T05-T06-basic", "T06-columns", "hierarchy"}
    own = {"T01-income-total", "T01-income-grand-total", "ZY-T02-columns", "T03-columns", "ZY-T05-columns",
           "ZY-T05-change", "ZY-T05-change-net", "ZY-T14-total", "ZY-T14-vehicles", "ZY-T01-T02-sources",
           "ZY-T14-T06-vehicle-operation", "ZY-prose-list-income", "ZY-prose-list-expenditure",
           "ZY-prose-list-three-public", "ZY-prose-list-procurement", "ZY-prose-list-vehicles", "prose-amount",
           "prose-share"}
    for name in DOCUMENTS:
        held = {o.rule for o in reports[name].outcomes if o.status in ("pass", "rounding")}
        assert shared | own <= held, (name, sorted(shared | own - held))
    # 增减额 = 2026 预算数 − 2025 执行数 on every row, both ways (26 rows each).
    outcomes = reports["167"].outcomes
    for rule in ("ZY-T05-change", "ZY-T05-change-net"):
        assert [o.status for o in outcomes if o.rule == rule] == ["pass"] * 26


def test_the_prose_is_bound_to_the_tables(reports):
    """一…七 restate 表1–表6 and 表9; 五 names each 项 by its 类/款/项 names, bound to 表5 by code."""
    report = reports["167"]
    d = report.disclosure
    amounts = [o for o in report.outcomes if o.rule == "prose-amount"]
    assert len(amounts) == 42 and [o.status for o in amounts].count("mismatch") == 1
    items = [o for o in amounts if "（项）" in d.claims[o.context["claim"]].subject]
    assert len(items) == 15
    cell = items[0].right[0].cells[0]
    assert (cell.table, d.table("T05").rows[cell.row].code) == ("T05", "2014001")  # 行政运行 5,826.21


def test_the_family_is_checked_by_the_standard_relations_and_its_own_declarations():
    catalog = catalog_for("预算", "central-budget")
    ids = [r.id for r in catalog.relations]
    assert len(ids) == len(set(ids)) and set(ids) <= set(catalog.rules)
    # 表3's five columns stand in for the standard 合计 = 基本 + 项目, which 表5/7/8 keep (ZY-T05-columns).
    t03 = next(r for r in catalog.relations if r.id == "T03-columns")
    assert t03.tables == ("T03",) and "to_subordinate" in t03.check
    assert [name for name, _ in catalog.sections] == [
        "关于部门收支总表的说明", "关于部门收入总表的说明", "关于部门支出总表的说明", "关于财政拨款收支总表的说明",
        "关于一般公共预算支出表的说明", "关于一般公共预算基本支出表的说明", "关于一般公共预算“三公”经费支出表的说明",
        "其他事项说明"]


def test_import_then_read_back_gives_the_same_checks(reports, tmp_path):
    """Written to the workbook and read back, the document keeps its family, findings and checks."""
    name = sorted(DOCUMENTS)[0]
    book = write_workbook(reports[name], tmp_path / f"{name}.xlsx")
    again = check(read_checked_workbook(book))
    assert again.disclosure.profile == reports[name].disclosure.profile
    assert [f.message for f in again.findings] == [f.message for f in reports[name].findings]
    assert len(again.outcomes) == len(reports[name].outcomes)
