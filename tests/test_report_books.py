"""导出报告's findings workbook and 批量审核's summary: written by openpyxl, read back by openpyxl."""
from __future__ import annotations

import io
import shutil

import openpyxl
import pytest

from budget_disclosure.batch import DocumentResult, disclosure_files, review_file
from budget_disclosure.check import check
from budget_disclosure.extract import extract
from budget_disclosure.render.sample import SAMPLE_PDF
from budget_disclosure.write.findings_book import FINDINGS_SHEET, SUMMARY_SHEET, findings_workbook_bytes
from budget_disclosure.write.summary_book import SUMMARY_SHEET as BATCH_SHEET, summary_workbook

from conftest import seed_path


@pytest.fixture(scope="module")
def seed_002_report():
    return check(extract(seed_path("002")))


def test_every_finding_is_one_row_with_its_place_and_figures(seed_002_report):
    wb = openpyxl.load_workbook(io.BytesIO(findings_workbook_bytes(seed_002_report)))
    assert wb.sheetnames == [SUMMARY_SHEET, FINDINGS_SHEET]
    rows = list(wb[FINDINGS_SHEET].iter_rows(values_only=True))
    head, body = rows[0], rows[1:]
    assert head[:4] == ("序号", "级别", "结论", "问题")
    assert len(body) == len(seed_002_report.findings)
    col = {h: i for i, h in enumerate(head)}
    # The one error of seed 002: "下降了15.45%" where 125.60 / 812.57 rounds to 15.46%.
    errors = [r for r in body if r[col["级别"]] == "错误"]
    assert len(errors) == 1 and body[0] == errors[0]  # errors first
    error = errors[0]
    assert "15.45" in error[col["问题"]] and error[col["结论"]] == "不符"
    assert error[col["规则"]] == seed_002_report.errors[0].rule
    assert error[col["表/章节"]] and "15.45" in error[col["原句"]]
    # Every 尾差 keeps its figures as numbers, so staff can sort and sum them.
    rounding = [r for r in body if r[col["结论"]] == "尾差"]
    assert rounding and all(isinstance(r[col["差额"]], float) and abs(r[col["差额"]]) <= r[col["尾差范围±"]] for r in rounding)
    facts = {r[0]: r[1] for r in wb[SUMMARY_SHEET].iter_rows(min_row=3, values_only=True) if r[0]}
    assert facts["错误"] == 1 and facts["年度"] == 2024 and facts["最主要的问题"] == error[col["问题"]]


def test_a_report_without_findings_still_opens(seed_002_report):
    seed_002_report.findings, kept = [], seed_002_report.findings
    try:
        wb = openpyxl.load_workbook(io.BytesIO(findings_workbook_bytes(seed_002_report)))
    finally:
        seed_002_report.findings = kept
    assert wb[FINDINGS_SHEET].max_row == 1


def test_a_batch_reports_every_file_and_a_bad_one_does_not_stop_it(tmp_path):
    shutil.copy(SAMPLE_PDF, tmp_path / "a_sample.pdf")
    (tmp_path / "b_broken.pdf").write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c_notes.txt").write_text("会议纪要：本文件不是预算公开。\n", encoding="utf-8")
    (tmp_path / "~$a_sample.xlsx").write_bytes(b"lock")  # Excel's lock file: never a document
    (tmp_path / "readme.doc").write_bytes(b"x")
    files = disclosure_files(tmp_path)
    assert [f.name for f in files] == ["a_sample.pdf", "b_broken.pdf", "c_notes.txt"]
    results = [review_file(f) for f in files]
    good, broken, notes = results
    assert good.reviewed and good.year == 2026 and good.kind == "预算" and len(good.tables) == 13
    assert good.errors == 0 and good.info > 0
    assert broken.problem_code == "broken-file" and "b_broken.pdf" in broken.problem
    assert notes.problem_code in ("not-a-disclosure", "empty-file")
    summary_workbook(results).save(tmp_path / "summary.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "summary.xlsx")
    rows = list(wb[BATCH_SHEET].iter_rows(values_only=True))
    head = rows[0]
    col = {h: i for i, h in enumerate(head)}
    body = rows[1:4]
    assert [r[col["文件"]] for r in body] == ["a_sample.pdf", "b_broken.pdf", "c_notes.txt"]
    assert body[0][col["状态"]] == "通过" and body[0][col["标准表"]] == 13
    assert body[1][col["状态"]] == "无法读取" and body[1][col["错误"]] is None
    assert "共 3 个文件" in rows[-1][0] and "无法读取 2" in rows[-1][0]


def test_worst_findings_are_the_errors_then_warnings_of_the_document():
    result = review_file(seed_path("004"))
    assert (result.errors, result.warnings) == (1, 2)
    assert "292" in result.worst[0] or "29.2" in result.worst[0]  # the 年度资金总额 error comes first
    assert len(result.worst) == 3


def test_document_results_survive_pickling_for_worker_processes():
    import pickle

    r = DocumentResult("x.pdf", entity="某单位", tables=["T01"], worst=["a"])
    assert pickle.loads(pickle.dumps(r)) == r
