"""决算公开: the real published 决算 PDFs of ../shared/real_pdfs read into the 9 决算 tables, checked by
data/relations_final.toml, and written as live workbooks that LibreOffice recalculates to the same
verdicts. Figures pinned here were read from the PDFs by eye (pdftotext and page renders)."""
from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from budget_disclosure.write.workbook import WorkbookWriter, status_column

from real_reads import review_real
from conftest import assert_judged, printed_figure
from recalc import recalculate_many, require_soffice

KEYS = [f"J0{n}" for n in range(1, 10)]
ENTITIES = {"031": "中共上海市普陀区委社会工作部", "032": "上海市普陀区财政局", "288": "国家信访局"}


@pytest.fixture(scope="module")
def reports():
    return review_real(("031", "032", "033", "288"))


@pytest.mark.parametrize("name", sorted(ENTITIES))
def test_each_real_document_is_a_2024_departmental_final_account_with_its_nine_tables(reports, name):
    d = reports[name].disclosure
    assert (d.kind, d.year, d.entity, d.level, d.profile) == ("决算", 2024, ENTITIES[name], "部门", "final-accounts")
    assert [t.key for t in d.tables] == KEYS
    assert not [n for n in d.notices if n.code in ("missing-columns", "unknown-row", "unknown-class", "no-code")]


# (document, table, column, row selector, value as printed)
PINNED = [
    ("031", "J01", "amount", {"row_key": "general_budget"}, "307.82"),
    ("031", "J01", "total", {"label": "十九、住房保障支出"}, "29.42"),
    ("031", "J02", "fiscal", {"code": "2013999"}, "202.24"),
    ("031", "J03", "basic", {"code": "201"}, "62.63"),
    ("031", "J04", "general_budget", {"label": "一、一般公共服务支出"}, "264.87"),
    ("031", "J05", "total", {"code": "2101101"}, "2.22"),
    ("031", "J05", "basic", {"row_key": "total"}, "105.58"),  # 合计 printed at the bottom
    ("031", "J06", "personnel", {"row_key": "personnel_total"}, "95.36"),
    ("031", "J06", "public_use", {"row_key": "public_use_total"}, "10.23"),
    ("031", "J06", "personnel", {"code": "30102"}, "39.72"),
    ("032", "J01", "amount", {"row_key": "carryover_begin"}, "49.14"),  # on the continuation page
    ("032", "J01", "total", {"row_key": "expenditure_grand_total"}, "2995.39"),
    ("032", "J02", "other", {"code": "2010601"}, "0.01"),  # 类/款/项 printed in three columns
    ("032", "J02", "total", {"code": "2010602"}, "16.19"),
    ("032", "J02", "total", {"row_key": "total"}, "2946.25"),  # 合计 beside the 类/款/项 sub-header
    ("032", "J03", "project", {"code": "2010601"}, "8.37"),
    ("032", "J04", "amount", {"row_key": "carryover_begin"}, "21.63"),
    ("032", "J04", "amount", {"row_key": "carryover_begin_general_budget"}, "21.63"),  # the fund printed twice
    ("032", "J04", "total", {"row_key": "expenditure_grand_total"}, "2961.68"),
    ("032", "J05", "project", {"code": "2010608"}, "449.52"),
    ("032", "J06", "personnel", {"code": "30102"}, "1238.58"),
    ("032", "J06", "public_use", {"code": "30229"}, "42.77"),
    ("032", "J06", "personnel", {"row_key": "personnel_total"}, "2152.26"),
    ("032", "J07", "total_budget", {"row_key": "total"}, "0.95"),
    ("032", "J07", "reception_budget", {"row_key": "total"}, "0.95"),
    ("288", "J01", "total", {"row_key": "carryover_end"}, "7494.06"),  # 行次 columns and a 栏次 row
    ("288", "J02", "fiscal", {"code": "2014003"}, "229.19"),
    ("288", "J03", "total", {"code": "2080505"}, "659.05"),
    ("288", "J04", "general_budget", {"row_key": "carryover_end"}, "6993.74"),
    ("288", "J05", "total", {"code": "2014001"}, "5757.63"),
    ("288", "J06", "public_use", {"row_key": "public_use_total"}, "2266.65"),  # label over two parts
    ("288", "J06", "public_use", {"code": "30217"}, "0.90"),
    ("288", "J06", "more", {"code": "310"}, "27.24"),  # the third part
    ("288", "J07", "total_budget", {"row_key": "total"}, "76.43"),  # 预算数 and 决算数 in two blocks
    ("288", "J07", "total_final", {"row_key": "total"}, "46.21"),
    ("288", "J07", "vehicle_operation_final", {"row_key": "total"}, "40.61"),
    ("288", "J07", "overseas_budget", {"row_key": "total"}, "30.00"),
]


@pytest.mark.parametrize("name, key, column, where, printed", PINNED)
def test_figures_read_by_eye(reports, name, key, column, where, printed):
    assert printed_figure(reports[name].disclosure, key, column, **where) == Decimal(printed)


def test_empty_fund_tables_are_marked_by_their_note(reports):
    for name in ("031", "032", "288"):
        d = reports[name].disclosure
        assert d.table("J08").empty and d.table("J09").empty
        assert any("本表无数据" in n for n in d.table("J08").notes)
    assert reports["031"].disclosure.table("J07").empty  # 说明：…没有财政拨款“三公”经费支出，故本表无数据


# Every error and warning on the real documents, each judged by reading the document.
JUDGED = {
    "031": [
        # 住房保障支出 29.42 / 307.82 = 9.5575% printed as 9.55% (the shares forced to add up to 100).
        ("error", "prose-share", "9.55%"),
        # The unit was founded in 2024: "增加307.82万元，增长100.00%" from nothing, three times (收入
        # 支出总计, 财政拨款收入支出总计, 一般公共预算财政拨款支出), and 机关运行经费 "增长100.00%".
        ("warning", "prose-rate-zero-base", "“中共上海市普陀区委社会工作部2024年度收入支出总计”比上年增加 307.82万元"),
        ("warning", "prose-rate-zero-base", "财政拨款收入支出总计"),
        ("warning", "prose-rate-zero-base", "一般公共预算财政拨款支出"),
        ("warning", "prose-rate-zero-base", "机关运行经费支出”比上年增加 10.23万元"),
        # "年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元，完成年初预算的95.89%": 95.89% is
        # the share of the 全年预算; of a zero 年初预算 there is no completion rate.
        ("warning", "prose-completion-zero-base", "按全年预算 321.02万元 计算正是 95.89%"),
    ],
    "032": [
        # 表1 and 表4 print 社会保障和就业支出 326.71, 表3 and 表5 326.72: 表1 took a 尾差 of its own.
        ("error", "J01-J03-classes", "326.71"),
        ("error", "J04-J05-classes", "326.71"),
        # "财政拨款收入支出总计0.3万元": 表4 prints 2,961.68.
        ("error", "prose-amount", "0.3万元 ≠ 表4 财政拨款收支决算总表 总计 决算数 2961.68"),
        # 一般公共服务支出 2106.66 / 2940.05 = 71.65%, printed 71.73%.
        ("error", "prose-share", "71.73%"),
        # "因公出国（境）费决算为0.00万元，完成预算的0%" (公务用车 likewise), where 表7 prints no 预算数
        # for either: the whole 0.95万元 was for 公务接待费, so there is no rate to complete.
        ("warning", "prose-completion-zero-base", "因公出国（境）费预算数 空白"),
        ("warning", "prose-completion-zero-base", "公务用车购置及运行费小计预算数 空白"),
        # "其他收入6.2万元" restates 表2's 6.20.
        ("warning", "prose-same-figure", "“其他收入”6.2万元（表中 6.20）"),
        # p14 prints nothing but one empty row of 表4's grid, run over from p13: a page to delete.
        ("warning", "doc-blank-page", "第14页只有空的表格框线"),
    ],
    "288": [
        # 5834.37 / (22066.59 − 5834.37) = 35.94%, printed 35.74%.
        ("error", "prose-rate", "35.74%"),
        # The prose drops trailing zeros throughout: 13733.8 for 表5's 13,733.80, 4.7, 222.6, 676 …
        ("warning", "prose-same-figure", "13733.8万元（表中 13,733.80）"),
    ],
}


@pytest.mark.parametrize("name", sorted(JUDGED))
def test_the_findings_are_the_documents_real_mistakes(reports, name):
    assert_judged(reports[name], JUDGED[name])


def test_the_relations_that_hold_are_checked_not_skipped(reports):
    for name in ("031", "032", "288"):
        passed = {o.rule for o in reports[name].outcomes if o.status in ("pass", "rounding")}
        assert {"J01-balance", "J01-income-grand-total", "J04-balance", "J05-J06-basic", "J01-J02-income",
                "J01-J03-total", "J04-J05-total", "hierarchy", "J06-personnel", "J06-public-use"} <= passed, name
    assert {"J07-total", "J07-vehicles", "J07-J06-vehicle-operation"} <= {
        o.rule for o in reports["288"].outcomes if o.status == "pass"}


def test_the_blank_official_template_is_recognised_as_a_template(reports):
    report = reports["033"]
    assert report.disclosure.kind == "决算" and [t.key for t in report.disclosure.tables] == KEYS
    assert [(f.rule, f.severity) for f in report.findings] == [("doc-template", "info")]


def test_a_final_accounts_workbook_recalculates_to_the_python_verdicts(reports, tmp_path):
    require_soffice()
    writer = WorkbookWriter(reports["032"])
    book = tmp_path / "032.xlsx"
    writer.build().save(book)
    [out] = recalculate_many([book], tmp_path / "out")
    wb = openpyxl.load_workbook(out, data_only=True)
    live = [wb[sheet][f"{status_column(sheet)}{row}"].value for sheet, row, _ in writer.verdicts]
    status = {"pass": "通过", "rounding": "尾差", "mismatch": "不符"}
    assert live == [status[o.status] for _, _, o in writer.verdicts] and live.count("不符") >= 2
    assert wb.sheetnames[1:10] == [f"表{n} {s}" for n, s in enumerate(
        ["收支决算总表", "收入决算表", "支出决算表", "财政拨款收支决算总表", "一般公共预算支出决算表", "基本支出决算表",
         "三公经费决算表", "政府性基金决算表", "国有资本经营预算决算表"], 1)]
