"""江苏省省级部门预算公开 (12 张表, 2017 and 2019 titles): the real documents 001, 009 (2017) and 003, 007, 013,
020 (2019) of ../shared/real_pdfs, read by profiles/jiangsu_province_budget.toml — standard keys T01, T02, T04,
T05, T06, T08, T11 where the table means the same, T14 and T16–T18 as other families print them (三公·会议费·培训费
in one row, 财政拨款 by 功能/经济科目, 政府采购) and T23 for its 支出预算总表 by 支出用途 — and checked by relations_budget.toml plus
relations_jiangsu_province_budget.toml (tables and the prose of 001, 007, 020). Figures pinned here were read
from the pages by eye (pdftotext -layout)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from budget_disclosure.check.catalog import catalog_for

from real_reads import review_real
from conftest import assert_judged, printed_figure

KEYS = ["T01", "T02", "T04", "T05", "T06", "T08", "T11", "T14", "T16", "T17", "T18", "T23"]
DOCUMENTS = {  # (year, entity as printed after 部门：/部门名称：)
    "001": (2017, "江苏省人大常委会办公厅"),
    "009": (2017, "中国共产党江苏省委员会办公厅"),
    "003": (2019, "江苏省人大常委会办公厅"),
    "013": (2019, "中共江苏省委办公厅"),
    "007": (2019, "江苏省人民检察院"),
    "020": (2019, "江苏省高级人民法院"),
}
WITH_PROSE = ("001", "007", "020")  # 003, 009 and 013 are the tables alone


@pytest.fixture(scope="module")
def reports():
    return review_real(DOCUMENTS)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_each_document_is_read_with_its_twelve_tables(reports, name):
    d = reports[name].disclosure
    assert (d.kind, d.year, d.entity, d.level, d.profile, d.unit) == (
        "预算", *DOCUMENTS[name], "部门", "jiangsu-province-budget", "万元")
    assert [t.key for t in d.tables] == KEYS
    # Every table carries the document's entity, including names a narrow text box wrapped
    # (009 p2 "…委员会办" / "公厅", 020 p12 "…人民法" / "院", 020 p14 "单位：万" / "元").
    assert all(t.entity == d.entity for t in d.tables)
    assert all(t.unit in ("万元", None) for t in d.tables)
    assert not d.notices
    assert bool(d.sections) == (name in WITH_PROSE)


# (document, table, column, row selector, value as printed)
PINNED = [
    # 001 (2017): 收支预算总表 p7–p9, its rows cut by page breaks and p9 drawn with four columns
    ("001", "T01", "amount", {"row_key": "income_total"}, "13649.07"),  # "当年收入" p8 / "小计" p9
    ("001", "T01", "total", {"code": "208"}, "1608.51"),  # "八、社会保障和就" p7 / "业支出" p8
    ("001", "T01", "total", {"row_key": "expenditure_grand_total"}, "13649.07"),  # p9
    ("001", "T01", "purpose_amount", {"row_key": "reserve"}, "128.43"),
    ("001", "T02", "amount", {"row_key": "general_appropriation"}, "13649.07"),
    ("001", "T11", "total", {"code": "30211"}, "1293.36"),
    ("001", "T14", "meeting", {"row_key": "total"}, "1305.25"),  # p20, its title wrapped before "表"
    ("001", "T14", "training", {"row_key": "total"}, "403.75"),
    ("001", "T18", "total", {"row_key": "total"}, "2247.85"),
    # 009 (2017, tables only)
    ("009", "T01", "amount", {"row_key": "special_account"}, "147.20"),
    ("009", "T01", "total", {"code": "201"}, "16992.37"),
    ("009", "T01", "purpose_amount", {"row_key": "project"}, "10688.66"),
    ("009", "T04", "total", {"row_key": "project"}, "10541.46"),  # 表1's less the 财政专户 147.20
    ("009", "T02", "amount", {"row_key": "other_nontax"}, "147.20"),
    ("009", "T14", "total", {"row_key": "total"}, "1467.70"),
    ("009", "T14", "vehicle_operation", {"row_key": "total"}, "411.20"),
    # 003 (2019, tables only, "公开表一" …)
    ("003", "T01", "total", {"code": "221"}, "3301.20"),
    ("003", "T23", "reserve", {"row_key": "total"}, "2557.89"),
    ("003", "T16", "total", {"code": "2010107"}, "363.38"),
    ("003", "T17", "total", {"code": "30231"}, "183.60"),
    ("003", "T06", "total", {"code": "303"}, "1189.41"),
    ("003", "T14", "three_public", {"row_key": "total"}, "767.60"),
    ("003", "T18", "total", {"label": "三、服务C"}, "2183.33"),
    # 013 (2019, tables only, no labels)
    ("013", "T01", "amount", {"row_key": "general_budget"}, "27664.22"),
    ("013", "T01", "total", {"code": "221"}, "3894.09"),
    ("013", "T01", "purpose_amount", {"row_key": "basic"}, "11700.63"),
    ("013", "T18", "total", {"row_key": "total"}, "1422.50"),
    # 007 (2019, "公开01表" …, numbers without separators or trailing zeros in 表2–4 and 表9)
    ("007", "T01", "total", {"code": "204"}, "16593.12"),
    ("007", "T23", "reserve", {"row_key": "total"}, "3990.4"),
    ("007", "T04", "total", {"row_key": "project"}, "4335.3"),
    ("007", "T14", "training", {"row_key": "total"}, "700"),
    ("007", "T14", "reception", {"row_key": "total"}, "101.26"),
    ("007", "T05", "total", {"code": "2040410"}, "1185.60"),
    ("007", "T06", "total", {"code": "30199"}, "157.97"),
    ("007", "T18", "total", {"label": "专用设备购置"}, "63.00"),  # p23, the 专项 continued from p22
    # 020 (2019)
    ("020", "T01", "total", {"code": "204"}, "27488.23"),
    ("020", "T01", "purpose_amount", {"row_key": "reserve"}, "5011.40"),
    ("020", "T06", "total", {"row_key": "total"}, "21968.00"),  # header "基本支出", not "金额"
    ("020", "T16", "total", {"code": "2040504"}, "1599.11"),
    ("020", "T14", "overseas", {"row_key": "total"}, "160.00"),
    ("020", "T14", "training", {"row_key": "total"}, "1597.25"),
    ("020", "T08", "total", {"row_key": "total"}, "0"),
    ("020", "T18", "total", {"label": "二、工程B"}, "530.00"),
]


@pytest.mark.parametrize("name, key, column, where, printed", PINNED)
def test_figures_read_by_eye(reports, name, key, column, where, printed):
    assert printed_figure(reports[name].disclosure, key, column, **where) == Decimal(printed)


def test_the_2017_class_names_are_the_2019_classes(reports):
    d = reports["009"].disclosure
    names = {r.code: r.label for r in d.table("T01").rows if r.level == "类"}
    assert names["210"] == "九、医疗卫生与计划生育支出" and names["207"] == "七、文化体育与传媒支出"
    assert names["220"] == "十七、国土海洋气象等支出" and names["215"] == "十四、资源勘探信息等支出"
    assert len(names) == 20 and len({r.code for r in reports["007"].disclosure.table("T01").rows if r.level == "类"}) == 21


def test_empty_fund_tables_and_their_notes(reports):
    notes = {name: reports[name].disclosure.table("T08").notes for name in DOCUMENTS}
    assert notes["001"] == ["(无政府性基金支出）"]  # printed under the grid
    assert "此表为空" in notes["007"]  # printed inside the grid (beside "注：“科目编码”和“科目名称”为必填项")
    assert all(reports[name].disclosure.table("T08").empty for name in DOCUMENTS if name != "020")
    assert printed_figure(reports["020"].disclosure, "T08", "total", row_key="total") == 0  # "0": not blank


def test_the_procurement_table_nests_category_project_and_item(reports):
    t = reports["003"].disclosure.table("T18")
    rows = t.rows
    goods = next(i for i, r in enumerate(rows) if r.label == "一、货物A")
    office = next(i for i, r in enumerate(rows) if r.label == "办公设备购置费")
    assert rows[goods].parent == 0 and rows[office].parent == goods
    assert [r.label for r in rows if r.parent == office] == ["台式计算机（20万以下）", "便携式计算机（20万以下）", "图书和档案", "家具用具"]
    # 009 p13 repeats the merged 专项 cells on the row of an item: still an item of 机要及电子政务业务费.
    rows = reports["009"].disclosure.table("T18").rows
    first = next(i for i, r in enumerate(rows) if r.label == "机要及电子政务业务费")
    assert sum(r.values["total"] for r in rows if r.parent == first) == Decimal("30.00")


# Every error and warning, each judged by reading the document.
TABLES_ONLY = [
    # The file is the tables alone (the 部门概况 and 情况说明 are not in it).
    ("warning", "doc-part-missing", "第一部分"), ("warning", "doc-part-missing", "第二部分"),
    ("warning", "doc-part-missing", "第三部分"), ("warning", "doc-part-missing", "第四部分"),
]
EMPTY_UNMARKED = [
    # 政府性基金 table printed as a bare grid with its 合计 row and no word of why (001 writes
    # "(无政府性基金支出）", 007 "此表为空").
    ("warning", "doc-table-empty-unmarked", "表8"),
]
JUDGED = {
    # 三公 items written "222.5" and "183.6" where the table prints 222.50 and 183.60 (p28–29).
    "001": [("warning", "prose-same-figure", "“因公出国（境）费支出”222.5万元（表中 222.50）"),
            # p11: the next table's title is drawn across the page's foot, its lower half cut off
            # (seen on the render); p31 is an empty last page.
            ("warning", "doc-text-clipped", "第11页“财政拨款基本支出预算表”"),
            ("warning", "doc-blank-page", "第31页是空白页")],
    "003": EMPTY_UNMARKED + TABLES_ONLY,
    # 009 p2: the entity label wraps in a narrow box and its last two characters are cut off;
    # 013 p12: the header cell "采购组织形式" loses its last character to the cell's clip (renders).
    "009": EMPTY_UNMARKED + TABLES_ONLY + [("warning", "doc-text-clipped", "第2页“…中国共产党江苏省委员会办公厅”中的“公厅”")],
    "013": EMPTY_UNMARKED + TABLES_ONLY + [("warning", "doc-text-clipped", "第12页“…采购组织形式”中的“式”")],
    "007": [
        # p26: 15,844.04 / 24,169.74 = 65.553%: 65.55, not 65.56.
        ("error", "prose-share", "65.56%，按所列金额计算应为 65.55%"),
        # p25: +2214.39 on 21,955.35 is 10.09%, not 10.06%.
        ("error", "prose-rate", "增加 2214.39万元，增长 10.06%，按所列金额计算应为 10.09%"),
        # p25, again p27 (四) and p29 (七): +2228.78 on 21,940.96 is 10.158%, printed cut to 10.15%.
        ("error", "prose-rate", "增加 2228.78万元，增长 10.15%，按所列金额计算应为 10.16%"),
        # p27: 1311.6 of 3,666.0 is 35.777%, cut to 35.77%.
        ("error", "prose-rate", "减少 1311.6万元，下降 35.77%，按所列金额计算应为 35.78%"),
        # p29: +368.97 on 1,073.77 is 34.36%; +1657 on 2,586.61 is 64.06%.
        ("error", "prose-rate", "增加 368.97万元，增长 34.38%，按所列金额计算应为 34.36%"),
        ("error", "prose-rate", "增加 1657万元，增长 64.07%，按所列金额计算应为 64.06%"),
        ("error", "prose-rate", "增加 2228.78万元，增长 10.15%，按所列金额计算应为 10.16%"),
        # "4335.3万元" / "3990.4万元" where 表1 prints 4,335.30 and 3,990.40 (p26).
        ("warning", "prose-same-figure", "“项目支出预算数为”4335.3万元（表中 4,335.30）"),
    ],
    # "21968万元" / "5011.4万元" where the tables print 21,968.00 and 5,011.40 (p17–24).
    "020": [("warning", "prose-same-figure", "“基本支出预算数为”21968万元（表中 21,968.00）")],
}


@pytest.mark.parametrize("name", sorted(JUDGED))
def test_the_findings_are_the_documents_real_mistakes(reports, name):
    assert_judged(reports[name], JUDGED[name])


def test_the_relations_that_hold_are_checked_not_skipped(reports):
    every = {"T01-balance", "T01-expenditure-total", "T01-income-grand-total", "T04-balance", "T05-T04-total",
             "hierarchy", "JS-T01-fiscal", "JS-T01-income-total", "JS-T01-purpose", "JS-T04-income",
             "JS-T04-expenditure", "JS-T23-columns", "JS-hierarchy", "JS-T14-total", "JS-T14-three-public",
             "JS-T14-vehicles", "JS-T01-T02-sources", "JS-T01-T23-purpose", "JS-T01-T23-total", "JS-T01-T04-fiscal",
             "JS-T16-T04-total", "JS-T16-codes", "JS-T17-T04-basic", "JS-T14-T06-vehicle-operation"}
    for name in DOCUMENTS:
        held = {o.rule for o in reports[name].outcomes if o.status in ("pass", "rounding")}
        assert every <= held, (name, sorted(every - held))
        assert ("prose-amount" in held) == (name in WITH_PROSE), name
    # 表16 = 表6 line by line only where the 政府性基金 table is empty (020 prints its 合计 as "0": not empty).
    assert {n for n in DOCUMENTS if "JS-T17-T06-codes" in {o.rule for o in reports[n].outcomes}} == set(DOCUMENTS) - {"020"}
    # The standard relations this family cannot satisfy name nothing it prints: never judged.
    judged = {o.rule for n in DOCUMENTS for o in reports[n].outcomes}
    assert not judged & {"T03-columns", "T01-T03-classes", "T01-T02-sources", "T04-funds", "T02-columns"}


def test_the_prose_restates_the_tables(reports):
    amounts = [o for o in reports["020"].outcomes if o.rule == "prose-amount"]
    assert len(amounts) >= 20 and all(o.status == "pass" for o in amounts)
    prose = {o.rule for n in WITH_PROSE for o in reports[n].outcomes}
    assert {"JS-prose-list-expenditure", "JS-prose-list-procurement"} <= prose


def test_the_profile_is_chosen_by_its_titles_and_checked_by_both_catalogs():
    catalog = catalog_for("预算", "jiangsu-province-budget")
    ids = [r.id for r in catalog.relations]
    assert len(ids) == len(set(ids)) and {"hierarchy", "T01-balance", "JS-T16-codes"} <= set(ids)
    assert [name for name, _ in catalog.sections][:3] == ["收支预算总体情况说明", "收入预算情况说明", "支出预算情况说明"]
