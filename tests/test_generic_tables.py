"""未识别的表: a document no template fits is still read, table by table, as printed — title, header,
rows, figures — and each table's own sums are checked; a table no template declares inside a
recognised document is kept the same way. Inputs are built here (RawDocument blocks), so each rule
has a case that fails without it."""
from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from budget_disclosure.check import check
from budget_disclosure.errors import NotADisclosure, UnsupportedTemplate
from budget_disclosure.raw import RawDocument, RawTable, TextLine
from budget_disclosure.recognise import recognise
from budget_disclosure.write.workbook import WorkbookWriter, read_checked_workbook, status_column, write_workbook

from recalc import recalculate_many, require_soffice

HEADER = [["科目编码", "科目名称", "支出预算", "", ""], ["", "", "合计", "基本支出", "项目支出"]]


def coded_rows(project_2080505: str = "30.00") -> list[list[str]]:
    """A 支出表 nested by codes; the 项 2080505 prints ``project_2080505`` as its 项目支出."""
    return [
        ["合计", "", "1,350.00", "1,200.00", "150.00"],
        ["201", "一般公共服务支出", "1,000.00", "900.00", "100.00"],
        ["20103", "政府办公厅（室）及相关机构事务", "1,000.00", "900.00", "100.00"],
        ["2010301", "行政运行", "900.00", "900.00", ""],
        ["2010302", "一般行政管理事务", "100.00", "", "100.00"],
        ["208", "社会保障和就业支出", "350.00", "300.00", "50.00"],
        ["20805", "行政事业单位养老支出", "350.00", "300.00", "50.00"],
        ["2080505", "机关事业单位基本养老保险缴费支出", "250.00", "220.00", project_2080505],
        ["2080506", "机关事业单位职业年金缴费支出", "100.00", "80.00", "20.00"],
    ]


def unknown_document(*tables: tuple[str, list[list[str]]], source: str = "某局预算.pdf") -> RawDocument:
    """A 预算 in a template no profile declares: a cover, then each (title, rows) on its own page."""
    blocks: list = [TextLine("清河市交通运输局", 1), TextLine("2026年度部门预算", 1), TextLine("目录", 2)]
    for page, (title, rows) in enumerate(tables, 3):
        blocks += [TextLine(title, page), TextLine("单位：万元", page), RawTable(rows, [page] * len(rows), ruled=True)]
    return RawDocument(source, "pdf", blocks, page_count=len(tables) + 2)


def test_a_document_no_template_fits_is_read_table_by_table():
    d = recognise(unknown_document(("部门支出预算情况表（按科目）", HEADER + coded_rows())))
    assert (d.profile, d.kind, d.year, d.entity, d.level) == ("generic", "预算", 2026, "清河市交通运输局", "部门")
    [t] = d.tables
    assert (t.key, t.name, t.pages) == ("U01", "部门支出预算情况表（按科目）", [3])
    assert [t.column_titles[c] for c in t.columns] == ["支出预算·合计", "支出预算·基本支出", "支出预算·项目支出"]
    rows = {r.code or r.label: r for r in t.rows}
    assert rows["2010301"].values == {"c1": Decimal("900.00"), "c2": Decimal("900.00"), "c3": None}
    assert (rows["2010301"].label, rows["2010301"].level) == ("行政运行", "项")
    # Nested by the codes: 项 under its 款, 款 under its 类, the 类 rows under 合计.
    assert t.rows[rows["2010301"].parent].code == "20103"
    assert t.rows[rows["20103"].parent].code == "201"
    assert t.rows[rows["201"].parent].label == "合计"
    notices = {n.code for n in d.notices}
    assert {"template-unsupported", "unrecognised-table"} <= notices
    assert "尚未支持" in next(n.message for n in d.notices if n.code == "template-unsupported")


def test_the_tables_own_sums_are_checked_and_a_wrong_one_is_found():
    good = check(recognise(unknown_document(("部门支出预算情况表", HEADER + coded_rows()))))
    hierarchy = [o for o in good.outcomes if o.rule == "generic-hierarchy"]
    assert len(hierarchy) == 15 and all(o.status == "pass" for o in hierarchy)  # 5 parents × 3 columns
    assert not [f for f in good.findings if f.rule == "generic-hierarchy"]

    bad = check(recognise(unknown_document(("部门支出预算情况表", HEADER + coded_rows(project_2080505="35.00")))))
    found = [f for f in bad.findings if f.rule == "generic-hierarchy"]
    assert [f.severity for f in found] == ["warning"]
    assert "20805 行政事业单位养老支出" in found[0].message and "支出预算·项目支出" in found[0].message


def test_a_nesting_most_rows_contradict_is_not_checked():
    """Codes that do not describe the table (most parents differ from their rows) are a misreading,
    not forty mistakes: the table is kept, its rows unnested, nothing reported."""
    rows = [["合计", "", "10.00", "", ""]] + [[c, n, v, "", ""] for c, n, v in
            [("201", "一", "5.00"), ("20101", "二", "1.00"), ("208", "三", "7.00"), ("20801", "四", "2.00")]]
    d = recognise(unknown_document(("某表", HEADER + rows)))
    assert all(r.parent is None for r in d.tables[0].rows)
    assert not [f for f in check(d).findings if f.rule == "generic-hierarchy"]


def test_side_by_side_parts_and_codes_inside_names():
    two_sided = [["收入", "", "支出", ""], ["项目", "预算数", "项目", "预算数"],
                 ["一般公共预算拨款收入", "1,350.00", "[201]一般公共服务支出", "1,000.00"],
                 ["", "", "[208]社会保障和就业支出", "350.00"],
                 ["收入总计", "1,350.00", "支出总计", "1,350.00"]]
    d = recognise(unknown_document(("收支预算总表", two_sided)))
    t = d.tables[0]
    left = [r for r in t.rows if r.side == "part1"]
    right = [r for r in t.rows if r.side == "part2"]
    assert [r.label for r in left] == ["一般公共预算拨款收入", "收入总计"]
    assert [(r.code, r.label) for r in right] == [("201", "一般公共服务支出"), ("208", "社会保障和就业支出"), (None, "支出总计")]
    assert right[0].values == {"c2": Decimal("1000.00")} and left[0].values == {"c1": Decimal("1350.00")}
    # 支出总计 over the two 类 rows: checked.
    assert [o.status for o in check(d).outcomes if o.rule == "generic-hierarchy"] == ["pass"]


def test_forms_and_lists_without_money_are_not_tables_of_figures():
    form = [["项目名称", "某项目", "", ""], ["项目资金（元）", "年度资金总额：", "120,000", ""],
            ["年度绩效目标", "完成某事", "", ""]]
    contents = [["表1", "收支总表", "3"], ["表2", "收入总表", "4"], ["表3", "支出总表", "5"]]
    d = recognise(unknown_document(("部门支出预算情况表", HEADER + coded_rows()), ("项目支出绩效目标表", form),
                                   ("报表目录", contents)))
    assert [t.name for t in d.tables] == ["部门支出预算情况表"]


def test_a_forced_template_that_does_not_fit_still_refuses_and_a_non_disclosure_is_named():
    doc = unknown_document(("部门支出预算情况表", HEADER + coded_rows()))
    with pytest.raises(UnsupportedTemplate):
        recognise(doc, "shanxi-budget")
    assert recognise(doc, "generic").profile == "generic"
    letter = RawDocument("信.pdf", "pdf", [TextLine("关于召开会议的通知", 1), TextLine("各单位：请准时参加。", 1)], 1)
    with pytest.raises(NotADisclosure):
        recognise(letter)


def test_the_workbook_shows_each_table_and_recalculates_its_sums(tmp_path):
    require_soffice()
    report = check(recognise(unknown_document(("部门支出预算情况表", HEADER + coded_rows(project_2080505="35.00")))))
    writer = WorkbookWriter(report)
    book = tmp_path / "generic.xlsx"
    writer.build().save(book)
    [out] = recalculate_many([book], tmp_path / "out")
    wb = openpyxl.load_workbook(out, data_only=True)
    sheet = wb["未识别1 部门支出预算情况表"]
    assert [sheet.cell(4, c).value for c in range(1, 6)] == ["科目编码", "项目", "支出预算·合计", "支出预算·基本支出", "支出预算·项目支出"]
    assert (sheet["A8"].value, sheet["B8"].value, sheet["C8"].value) == ("2010301", "行政运行", 900)
    live = [wb[s][f"{status_column(s)}{row}"].value for s, row, _ in writer.verdicts]
    status = {"pass": "通过", "rounding": "尾差", "mismatch": "不符"}
    assert live == [status[o.status] for _, _, o in writer.verdicts] and live.count("不符") == 1
    # Read back from the workbook: the same table, the same verdicts.
    write_workbook(report, tmp_path / "again.xlsx")
    back = read_checked_workbook(tmp_path / "again.xlsx")
    assert back.tables == report.disclosure.tables
    assert [(f.rule, f.message) for f in check(back).findings] == [(f.rule, f.message) for f in report.findings]
