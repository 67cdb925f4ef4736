"""福建 预算公开 (10 张表): the real 2026 documents of ../shared/real_pdfs — 福州市公安局治安管理支队 (183) and
巡特警支队 (289), 单位预算, and 泉州市人民政府办公室 (214), a 部门预算 whose 表3/表5 print 项 rows only — read by
profiles/fujian_budget.toml into the standard keys (T01, T03–T06, T08–T10), T19 (八 一般公共预算支出经济分类
情况表) and T15 (二 收入预算总表, by unit), and checked by relations_budget.toml plus
relations_fujian_budget.toml. Figures pinned here were read from the PDFs by eye (pdftotext -layout).

The unit tests at the end exercise, without the PDFs, the general mechanisms this family needed: the
entity read from a cover, a 合计 printed above the 经济分类 类, and a 类 found as the sum of its 项."""
from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from budget_disclosure.check import check
from budget_disclosure.check.catalog import catalog_for, parse_ref
from budget_disclosure.check.engine import Resolver
from budget_disclosure.model import Disclosure, Row, Table
from budget_disclosure.profiles import get_profile
from budget_disclosure.raw import TextLine
from budget_disclosure.recognise.document import entity_on_cover
from budget_disclosure.recognise.rows import Line, RowBuilder
from budget_disclosure.write.workbook import WorkbookWriter, read_checked_workbook, status_column, write_workbook

from real_reads import review_real
from conftest import assert_judged, printed_figure
from recalc import recalculate_many, require_soffice

KEYS = ["T01", "T03", "T04", "T05", "T06", "T08", "T09", "T10", "T15", "T19"]
# (year, entity as printed on the cover, level, pages of the ten tables in key order)
DOCUMENTS = {
    "183": (2026, "福州市公安局治安管理支队", "单位", [8, 10, 11, 13, 19, 14, 16, 23, 9, 17]),
    "289": (2026, "福州市公安局巡特警支队", "单位", [8, 10, 11, 12, 16, 13, 14, 19, 9, 15]),
    "214": (2026, "泉州市人民政府办公室", "部门", [13, 15, 16, 17, 21, 18, 19, 22, 14, 20]),
}


@pytest.fixture(scope="module")
def reports():
    return review_real(DOCUMENTS)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_each_document_is_read_with_its_ten_tables(reports, name):
    d = reports[name].disclosure
    year, entity, level, first_pages = DOCUMENTS[name]
    assert (d.kind, d.year, d.entity, d.level, d.profile, d.unit) == ("预算", year, entity, level, "fujian-budget", "万元")
    assert [t.key for t in d.tables] == KEYS
    assert [t.pages[0] for t in d.tables] == first_pages
    # "单位：万元" over every table; no 单位名称 in the table block (the entity is the cover's).
    assert all(t.unit == "万元" and t.entity is None and t.year == 2026 for t in d.tables)
    assert [s.number for s in d.sections] == list("一二三四五六七八")
    assert d.parts == ["第一部分", "第二部分", "第三部分", "第四部分"]
    assert not [n for n in d.notices if n.code != "unrecognised-table"]


# (document, table, column, row selector, value as printed)
PINNED = [
    # 183 (p8 表1, p9 收入预算总表, p10 支出预算总表, p13 表5, p17 八, p19–21 九, p23 三公)
    ("183", "T01", "amount", {"row_key": "general_budget"}, "2796.14"),
    ("183", "T01", "total", {"code": "204"}, "1994.64"),  # 四、公共安全支出
    ("183", "T01", "total", {"row_key": "year_end_carryover"}, "0.00"),  # 结转下年支出
    ("183", "T15", "general_budget", {"label": "福州市公安局治安管理支队"}, "2796.14"),  # name wrapped on 3 lines
    ("183", "T03", "project", {"row_key": "total"}, "288.26"),
    ("183", "T03", "total", {"code": "2040299"}, "142.03"),
    ("183", "T05", "basic", {"code": "2080501"}, "227.72"),
    ("183", "T19", "total", {"code": "310"}, "12.00"),
    ("183", "T06", "total", {"code": "30231"}, "25.31"),  # p20, after a page break without header
    ("183", "T06", "total", {"code": "31002"}, "9.20"),
    ("183", "T10", "total", {"row_key": "vehicles"}, "25.31"),  # 3、公务用车购置及运行费
    # 289: "7927.40" on the 类 row, "7,927.40" on its 款 row
    ("289", "T01", "amount", {"row_key": "income_grand_total"}, "10344.71"),  # 收入合计
    ("289", "T03", "total", {"code": "204"}, "7927.40"),
    ("289", "T03", "total", {"code": "20402"}, "7927.40"),
    ("289", "T03", "project", {"code": "20402"}, "1370.70"),
    ("289", "T05", "project", {"code": "2040299"}, "1051.46"),
    ("289", "T06", "total", {"code": "302"}, "771.88"),
    ("289", "T06", "total", {"code": "31013"}, "200.00"),  # p18, the third page of 九
    ("289", "T19", "total", {"code": "302"}, "1657.20"),
    ("289", "T10", "total", {"row_key": "vehicle_purchase"}, "200.00"),  # 其中：（1）公务用车购置费
    # 214: 0.00 printed for every zero, 项 rows only in 表3/表5, "总计"/"小计" for 合计
    ("214", "T01", "amount", {"row_key": "other"}, "4200.00"),
    ("214", "T01", "total", {"code": "201"}, "13215.69"),
    ("214", "T01", "total", {"code": "202"}, "0.00"),
    ("214", "T15", "total", {"row_key": "total"}, "15184.81"),
    ("214", "T15", "other", {"label": "泉州市机关事务服务中心"}, "4200.00"),
    ("214", "T15", "total", {"label": "泉州市12345政务服务便民热线中心"}, "1182.04"),
    ("214", "T03", "total", {"code": "2010399"}, "8142.61"),
    ("214", "T05", "total", {"code": "2010399"}, "3942.61"),  # its name wrapped over two lines
    ("214", "T04", "total", {"code": "201"}, "9015.69"),
    ("214", "T06", "total", {"code": "30239"}, "215.83"),
    ("214", "T19", "total", {"code": "301"}, "4417.07"),
    ("214", "T10", "total", {"row_key": "reception"}, "18.85"),
]


@pytest.mark.parametrize("name, key, column, where, printed", PINNED)
def test_figures_read_by_eye(reports, name, key, column, where, printed):
    assert printed_figure(reports[name].disclosure, key, column, **where) == Decimal(printed)


def test_the_whole_economic_catalogue_is_kept_blank_rows_and_all(reports):
    d = reports["183"].disclosure
    t6, t14 = d.table("T06"), d.table("T19")
    # 九 prints every 款 of 301 … 399 (108 coded rows under 合计) over pages 19–21, blank where unused.
    assert (len(t6.rows), t6.pages) == (109, [19, 20, 21])
    assert printed_figure(d, "T06", "total", code="30106") is None  # 伙食补助费, blank
    assert [r.code for r in t6.rows if r.level == "类"] == [r.code for r in t14.rows if r.level == "类"] == [
        "301", "302", "303", "307", "309", "310", "311", "312", "313", "399"]
    # The 合计 printed above the 类 adds them up (上海's, printed below, too).
    total = t6.rows.index(t6.row("total"))
    assert all(r.parent == total for r in t6.rows if r.level == "类")
    assert all(r.parent == 0 for r in t14.rows if r.level == "类")
    # 214 prints only the rows it uses, with 0.00 for zero.
    assert len(reports["214"].disclosure.table("T06").rows) == 28
    assert printed_figure(reports["214"].disclosure, "T19", "total", code="307") == 0


def test_blank_pages_and_performance_tables_stay_out_of_the_tables(reports):
    for name, blank, forms in [("183", {12, 15, 18, 22, 24}, {29, 30}), ("289", set(), set(range(24, 30))),
                               ("214", set(), set(range(29, 38)))]:
        d = reports[name].disclosure
        pages = {p for t in d.tables for p in t.pages}
        assert not pages & (blank | forms), name
        # The 项目绩效目标表 (and 214's 部门整体支出绩效目标表) are 绩效 forms: not even a 未识别的表.
        assert not [t.key for t in d.tables if t.key.startswith("U")], name


def test_empty_fund_tables_are_marked_by_their_note(reports):
    for name in DOCUMENTS:
        d = reports[name].disclosure
        for key, words in (("T08", "政府性基金"), ("T09", "国有资本经营")):
            t = d.table(key)
            # a 合计 row of 0.00 under "备注：本单位2026年没有使用…预算拨款安排的支出。"
            assert t.empty and [r.key for r in t.rows] == ["total"], (name, key)
            assert any(f"没有使用{words}预算拨款" in n for n in t.notes), (name, key)


def test_the_quanzhou_variant_finds_a_class_as_the_sum_of_its_items(reports):
    report = reports["214"]
    d = report.disclosure
    t3 = d.table("T03")
    assert {r.level for r in t3.rows if r.code} == {"项"} and all(r.parent == 0 for r in t3.rows[1:])
    assert (t3.column_titles["total"], d.table("T15").column_titles["total"]) == ("小计", "总计")
    # 表1 一般公共服务支出 13215.69 = 表3's four 201 项 (no 201 row printed), not zero.
    o = next(o for o in report.outcomes if o.rule == "T01-T03-classes" and o.context["variables"]["code"] == "201")
    assert o.status == "pass" and [c.row for c in o.right[0].cells] == [1, 2, 3, 4]
    assert o.expected == Decimal("13215.69")
    # 表4 一般公共服务支出 9015.69 = 表5's four 201 项.
    o = next(o for o in report.outcomes if o.rule == "FJ-T04-T05-classes" and o.context["variables"]["code"] == "201")
    assert o.status == "pass" and o.expected == Decimal("9015.69")


# Every error and warning on the real documents, each judged by reading the document.
ITEMS = [
    # "（一）人员经费…主要包括：基本工资、津贴补贴、奖金、伙食补助费、绩效工资…" and "（二）公用经费…主要包括：
    # 办公费、印刷费、咨询费…": the template's whole list, printed whatever the unit spends; 表6 (九)
    # prints those items blank (183, 289) or not at all (214).
    ("warning", "prose-items", "人员经费“主要包括”的 伙食补助费"),
    ("warning", "prose-items", "公用经费“主要包括”的 印刷费、咨询费"),
]
JUDGED = {
    "183": ITEMS,
    "289": [
        # 表3 (p10) and 表5 (p12) print 20402 公安 7,927.40 with 项目支出 1,370.70, but its 项 are 2040201
        # 行政运行 6,556.70 and 2040299 其他公安支出 1,051.46 only: 319.24 of 项目支出 on no 项 row (the
        # 类 204 and 表1/表4 carry the full 7927.40; the prose, p21, lists the same two 项).
        ("error", "hierarchy", "表3 支出总表 20402 公安 合计 7927.40 ≠ 2个项之和 7608.16"),
        ("error", "hierarchy", "表3 支出总表 20402 公安 项目支出 1370.70 ≠ 2个项之和 1051.46"),
        ("error", "hierarchy", "表5 一般公共预算支出表 20402 公安 小计 7927.40 ≠ 2个项之和 7608.16"),
        ("error", "hierarchy", "表5 一般公共预算支出表 20402 公安 项目支出 1370.70"),
        # 三公 公务用车运行费 226.75 (p19) against 表6 公务用车运行维护费 119.27 (p17): the 三公 table counts
        # project money too (the project 公安执法执勤车辆消耗费, 77.48, p24), 表6 basic money only. A
        # "usually" relation: the look it asks for explains most of it, not all (30.00 stays untraced).
        ("warning", "T10-T06-vehicle-operation", "（2）公务用车运行费 预算数 226.75 ≠ 表6 基本支出经济分类表 30231"),
        # "公务用车购置费200.00万元，比上年增加200.00万元，增长100%" (p23): a rate from a zero base.
        ("warning", "prose-rate-zero-base", "“公务用车购置费”比上年增加 200.00万元、增长 100%"),
    ] + ITEMS,
    "214": [
        # "（一）因公出国（境）经费 2026年预算安排0.00万元，比上年增加0.00万元，增长0.00%，与上年持平" (p27).
        ("warning", "prose-rate-zero-base", "“因公出国（境）经费2026年预算安排”比上年增加 0.00万元、增长 0.00%"),
    ] + ITEMS,
}


@pytest.mark.parametrize("name", sorted(JUDGED))
def test_the_findings_are_the_documents_real_mistakes(reports, name):
    assert_judged(reports[name], JUDGED[name])


def test_the_relations_that_hold_are_checked_not_skipped(reports):
    shared = {"T01-income-grand-total", "T01-expenditure-total", "T01-expenditure-grand-total", "T01-balance",
              "T01-T03-classes", "T01-T03-total", "T04-balance", "T05-T04-total", "T05-T06-basic",
              "T08-T04-gov-fund", "T10-total", "T10-vehicles", "hierarchy"}
    own = {"FJ-T01-income-total", "FJ-T03-columns", "FJ-T05-columns", "FJ-T04-income-grand-total",
           "FJ-T04-expenditure-grand-total", "FJ-T15-columns", "FJ-hierarchy", "FJ-T01-T15-sources",
           "FJ-T01-T04-fiscal", "FJ-T04-T05-classes", "FJ-T09-T04-state-capital", "FJ-T19-T05-total",
           "FJ-prose-list-income", "FJ-prose-list-expenditure", "FJ-prose-list-vehicles-cost",
           "FJ-prose-list-procurement", "FJ-prose-list-vehicles", "prose-amount", "prose-rate"}
    for name in DOCUMENTS:
        held = {o.rule for o in reports[name].outcomes if o.status in ("pass", "rounding")}
        assert shared | own <= held, (name, sorted(shared | own - held))


def test_the_prose_is_bound_to_the_tables(reports):
    """一 restates 表1/表3, 二 表5 (each item by the code printed before its name), 五 表6, 六 表10."""
    expected = {"183": 19, "289": 20, "214": 36}
    for name, count in expected.items():
        report = reports[name]
        d = report.disclosure
        amounts = [o for o in report.outcomes if o.rule == "prose-amount"]
        assert len(amounts) == count and all(o.status == "pass" for o in amounts), name
        by_subject = {d.claims[o.context["claim"]].subject: o for o in amounts}
        cell = by_subject["2080501-行政单位离退休"].right[0].cells[0]
        assert (cell.table, d.table("T05").rows[cell.row].code) == ("T05", "2080501")
    # 183's "204-公共安全支出1994.64万元" (its 项 kept secret) is the 类 row of 表5.
    d = reports["183"].disclosure
    o = next(o for o in reports["183"].outcomes if o.rule == "prose-amount"
             and d.claims[o.context["claim"]].subject == "204-公共安全支出")
    assert d.table("T05").rows[o.right[0].cells[0].row].code == "204"


def test_the_family_is_checked_by_the_standard_relations_and_its_own_prose_declarations():
    catalog = catalog_for("预算", "fujian-budget")
    ids = [r.id for r in catalog.relations]
    assert len(ids) == len(set(ids)) and set(ids) <= set(catalog.rules)
    assert {"hierarchy", "T05-T06-basic", "FJ-T03-columns", "FJ-T19-T05-total", "FJ-T01-T15-sources"} <= set(ids)
    # 表3's five columns stand in for the standard 合计 = 基本 + 项目, which 表5/8/9 keep (FJ-T05-columns).
    assert "T03-columns" not in ids and "T03-columns" in {r.id for r in catalog_for("预算", "shanxi-budget").relations}
    assert [name for name, _ in catalog.sections] == [
        "预算收支总体情况", "一般公共预算拨款支出情况", "政府性基金预算拨款支出情况", "国有资本经营预算拨款支出情况",
        "一般公共预算拨款基本支出情况", "一般公共预算“三公”经费支出情况", "预算绩效目标情况", "其他重要事项说明"]


def test_the_workbook_recalculates_a_class_summed_from_its_items(reports, tmp_path):
    """214's 表1 201 = Σ 表3 项 is a live SUM over the 项 cells, and Excel agrees with Python."""
    require_soffice()
    writer = WorkbookWriter(reports["214"])
    book = tmp_path / "214.xlsx"
    writer.build().save(book)
    [out] = recalculate_many([book], tmp_path / "out")
    wb = openpyxl.load_workbook(out, data_only=True)
    live = [wb[sheet][f"{status_column(sheet)}{row}"].value for sheet, row, _ in writer.verdicts]
    status = {"pass": "通过", "rounding": "尾差", "mismatch": "不符"}
    assert live == [status[o.status] for _, _, o in writer.verdicts]
    assert wb.sheetnames[1:11] == ["表1 收支总表", "表3 支出总表", "表4 财政拨款收支总表", "表5 一般公共预算支出表",
                                   "表6 基本支出经济分类表", "表8 政府性基金支出表", "表9 国有资本经营预算表", "表10 三公经费表",
                                   "表19 一般公共预算经济分类表", "表15 收入总表"]


def test_import_then_read_back_gives_the_same_checks(reports, tmp_path):
    """Read back from the workbook, 214 is still a 福建 document: its 类 are still summed from its 项."""
    book = write_workbook(reports["214"], tmp_path / "214.xlsx")
    again = check(read_checked_workbook(book))
    assert again.disclosure.profile == "fujian-budget"
    assert [f.message for f in again.findings] == [f.message for f in reports["214"].findings]
    assert len(again.outcomes) == len(reports["214"].outcomes)


# ── the general mechanisms, without the PDFs ────────────────────────────────────────────────


def test_an_entity_is_read_from_a_cover_holding_only_year_name_and_kind():
    cover = [TextLine("2026 年度", 1), TextLine("福州市公安局治安管理", 1), TextLine("支队", 1), TextLine("单位预算", 1),
             TextLine("目录", 2), TextLine("第一部分 单位概况……1", 2)]
    assert entity_on_cover(cover) == ("福州市公安局治安管理支队", "单位")
    assert entity_on_cover([TextLine("泉州市人民政府办公室", 1), TextLine("2026年度部门预算", 1)]) == ("泉州市人民政府办公室", "部门")
    # A series title names nobody: 上海 prints the entity below it, as a label.
    shanghai = [TextLine("上海市普陀区2026年区级部门预算", 1), TextLine("预算主管部门：上海市普陀区司法局", 1), TextLine("目录", 2)]
    assert entity_on_cover(shanghai) == (None, None)


def test_a_total_printed_above_the_economic_classes_adds_them_up():
    spec = get_profile("fujian-budget").table("T06")
    lines = [Line({"code": c, "name": n}, {"total": Decimal(v) if v else None}, 1)
             for c, n, v in [("", "合计", "3"), ("301", "工资福利支出", "2"), ("30101", "基本工资", "2"),
                             ("302", "商品和服务支出", "1"), ("30201", "办公费", "1")]]
    rows = RowBuilder(spec, None, set()).build("coded_economic", lines)
    assert [(r.key, r.code, r.parent) for r in rows] == [
        ("total", None, None), (None, "301", 0), (None, "30101", 1), (None, "302", 0), (None, "30201", 3)]


def _items_only(profile: str) -> Disclosure:
    rows = [Row("合计", {"total": Decimal("10")}, key="total", role="total"),
            Row("行政运行", {"total": Decimal("6")}, code="2010301", level="项", parent=0),
            Row("一般行政管理事务", {"total": Decimal("3")}, code="2010302", level="项", parent=0),
            Row("行政单位离退休", {"total": Decimal("1")}, code="2080501", level="项", parent=0)]
    table = Table("T03", "支出预算总表", "2026年度支出预算总表", [1], False, ["total"], rows)
    return Disclosure("预算", 2026, "某部门", "部门", "万元", profile, "x.pdf", "pdf", [table], [])


def test_a_class_a_table_does_not_print_is_the_sum_of_its_items_where_the_profile_says_so():
    resolver = Resolver(_items_only("fujian-budget"))
    table = resolver.table("T03")
    op = resolver.operand(parse_ref("T03[201].total"), 1, None, None)
    assert op.summed and [c.row for c in op.cells] == [1, 2] and op.amount == 9
    assert resolver.operand(parse_ref("T03[20103].total"), 1, None, None).amount == 9
    assert resolver.operand(parse_ref("T03[2010301].total"), 1, None, None).cells[0].row == 1
    assert resolver.operand(parse_ref("T03[212].total"), 1, None, None).cells[0].row is None  # nothing under it: zero
    assert table.key == "T03"
    # Elsewhere an unprinted code stays zero (coded tables print only the codes with money).
    assert Resolver(_items_only("shanxi-budget")).operand(parse_ref("T03[201].total"), 1, None, None).amount == 0
