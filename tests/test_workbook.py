"""The checked workbook: laid out like the tables, and its live formulas — recalculated by
LibreOffice — give exactly the verdicts of the Python checks, before and after an edit."""
from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from budget_disclosure import extract
from budget_disclosure.check import check
from budget_disclosure.render.sample import SAMPLE_PDF
from budget_disclosure.write.workbook import (CHECK_SHEET, PROSE_SHEET, STATUS, WorkbookWriter, status_column,
                                              write_workbook)
from conftest import SEED_FILES, SEEDS
from recalc import recalculate_many, require_soffice


@pytest.fixture(scope="module")
def sample_report():
    return check(extract(SAMPLE_PDF))


def test_one_sheet_per_table_laid_out_like_the_published_one(sample_report, tmp_path):
    path = write_workbook(sample_report, tmp_path / "sample.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:4] == ["概况", "表1 收支总表", "表2 收入总表", "表3 支出总表"]
    assert wb.sheetnames[-3:] == [CHECK_SHEET, PROSE_SHEET, "_model"] and len(wb.sheetnames) == 17
    assert wb["_model"].sheet_state == "hidden"
    ws = wb["表3 支出总表"]
    assert ws["A2"].value == "单位名称：阳泉市生态环境监测和应急保障中心" and ws["E2"].value == "单位：万元"
    assert [c.value for c in ws[3]] == ["项目", None, "2026年预算数", None, None]  # merged as printed
    assert [c.value for c in ws[4]] == ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
    assert [c.value for c in ws[5]] == [None, "合计", 1833.76, 1477.21, 356.55]
    assert ws["C5"].number_format == "#,##0.00" and ws["A6"].value == "201" and ws.freeze_panes == "A5"
    assert wb["表7 政府性基金收入表"]["A7"].value == "注：本表无数据"
    t1 = wb["表1 收支总表"]  # two-sided: income on the left, expenditure on the right, side by side
    assert (t1["A5"].value, t1["C5"].value) == ("一、一般公共预算", "一、一般公共服务支出")


def test_text_from_the_document_is_never_a_formula(sample_report, tmp_path):
    row = sample_report.disclosure.table("T12").rows[1]
    label = row.label
    row.label = "=HYPERLINK(\"http://example.com\")"
    try:
        path = write_workbook(sample_report, tmp_path / "text.xlsx")
    finally:
        row.label = label
    cell = openpyxl.load_workbook(path)["表12 本年项目"]["A6"]
    assert cell.value == "=HYPERLINK(\"http://example.com\")" and cell.data_type == "s"


def test_never_overwrites_and_leaves_no_temporary_file(sample_report, tmp_path):
    out = tmp_path / "book.xlsx"
    out.write_text("the user's own file")
    with pytest.raises(FileExistsError):
        write_workbook(sample_report, out)
    assert out.read_text() == "the user's own file"
    write_workbook(sample_report, out, force=True)
    assert openpyxl.load_workbook(out).sheetnames[0] == "概况"
    assert [p.name for p in tmp_path.iterdir()] == ["book.xlsx"]


def test_the_flags_follow_the_live_verdicts(sample_report):
    writer = WorkbookWriter(sample_report)
    wb = writer.build()
    ws = wb["表6 基本支出经济分类表"]
    rules = [r for cf in ws.conditional_formatting for r in cf.rules if "C5" in str(cf.sqref)]
    assert any("不符" in r.formula[0] for r in rules) and any("尾差" in r.formula[0] for r in rules)
    assert "1477.21 ≈ 人员经费 1363.37 + 公用经费 113.83" in ws["C5"].comment.text  # the 尾差 note


# ── through LibreOffice ────────────────────────────────────────────────────────────────────

def _documents():
    docs = [("sample", SAMPLE_PDF)]
    docs += [(seed, SEEDS / name) for seed, name in sorted(SEED_FILES.items()) if (SEEDS / name).is_file()]
    return docs


def _mutate(d):
    """One published figure changed by 0.02: 表3 row 211 项目支出."""
    t3 = d.table("T03")
    i = next(i for i, r in enumerate(t3.rows) if r.code == "211")
    t3.rows[i].values["project"] += Decimal("0.02")
    return "T03", i, "project"


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    """Every document written, the sample also with one figure edited in the file, all
    recalculated by LibreOffice in one batch."""
    require_soffice()
    folder = tmp_path_factory.mktemp("books")
    books, writers = [], {}
    for name, path in _documents():
        report = check(extract(path))
        writer = WorkbookWriter(report)
        book = folder / f"{name}.xlsx"
        writer.build().save(book)
        books.append(book)
        writers[name] = writer
    # The edit, made the way a person would: in the workbook, not in the model.
    sample = writers["sample"]
    key, i, column = _mutate(sample.report.disclosure)
    sample.report.disclosure.table(key).rows[i].values[column] -= Decimal("0.02")  # restore the model
    edited = openpyxl.load_workbook(folder / "sample.xlsx")
    sheet = sample.sheets[key]
    edited[sheet.ws.title][sheet.where[(i, column)]].value += 0.02
    edited.save(folder / "edited.xlsx")
    books.append(folder / "edited.xlsx")
    out = recalculate_many(books, folder / "out")
    return writers, {p.stem: q for p, q in zip(books, out)}


def _key(o):
    """An instance's identity: its rule and the places of its cells (not their values)."""
    return o.rule, tuple((c.source, c.table, c.row, c.column, c.claim, c.target) for c in o.cells)


def _live_statuses(path, writer):
    wb = openpyxl.load_workbook(path, data_only=True)
    return [wb[sheet][f"{status_column(sheet)}{row}"].value for sheet, row, _ in writer.verdicts]


@pytest.mark.parametrize("name", [n for n, _ in _documents()])
def test_the_workbook_verdicts_equal_the_python_verdicts(recalculated, name):
    writers, books = recalculated
    writer = writers[name]
    live = _live_statuses(books[name], writer)
    python = [STATUS[o.status] for _, _, o in writer.verdicts]
    assert len(live) == len(python) > 100
    assert live == python
    overview = openpyxl.load_workbook(books[name], data_only=True)["概况"]
    counts = {r[0]: r[1] for r in overview.iter_rows(values_only=True) if r[0] in ("不符", "尾差", "通过")}
    assert counts == {s: python.count(s) for s in ("不符", "尾差", "通过")}
    by_severity = {r[0]: r[1] for r in overview.iter_rows(values_only=True) if str(r[0]).endswith(("（不符）", "（尾差）"))}
    report = writer.report
    python_findings = [o for _, _, o in writer.verdicts if o.status == "mismatch"]
    assert by_severity == {"错误（不符）": sum(o.severity == "error" for o in python_findings),
                           "警告（不符）": sum(o.severity == "warning" for o in python_findings),
                           "提示（尾差）": python.count("尾差")}
    assert by_severity["错误（不符）"] == sum(f.severity == "error" and f.status == "不符" for f in report.findings)


def test_editing_one_figure_turns_exactly_its_relations_to_mismatch(recalculated):
    writers, books = recalculated
    writer = writers["sample"]
    live = _live_statuses(books["edited"], writer)
    d = writer.report.disclosure
    _mutate(d)
    try:
        after = check(d)
    finally:
        key, i, column = "T03", next(i for i, r in enumerate(d.table("T03").rows) if r.code == "211"), "project"
        d.table(key).rows[i].values[column] -= Decimal("0.02")
    # The same instances, judged by Python on the edited figures, in the workbook's order.
    python_after = {_key(o): STATUS[o.status] for o in after.outcomes}
    expected = [python_after.get(_key(o)) for _, _, o in writer.verdicts]
    changed = [(o.rule, before, now) for (_, _, o), before, now in
               zip(writer.verdicts, [STATUS[o.status] for _, _, o in writer.verdicts], live) if before != now]
    assert changed and all(now == "不符" for _, _, now in changed)
    assert {"T03-columns", "hierarchy"} <= {rule for rule, _, _ in changed}
    cells_equal = [e for e in expected if e is not None]
    assert len(cells_equal) > 300
    assert [now for now, e in zip(live, expected) if e is not None] == cells_equal


# ── reading a workbook back ─────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("name", [n for n, _ in _documents()])
def test_import_then_read_back_reproduces_the_model_exactly(name, tmp_path):
    from budget_disclosure.write.json_form import to_dict

    source = dict(_documents())[name]
    d = extract(source)
    book = write_workbook(check(d), tmp_path / "book.xlsx")
    assert to_dict(extract(book)) == to_dict(d)


def test_a_figure_corrected_in_excel_is_rechecked_by_the_cli(sample_report, tmp_path, capsys):
    from budget_disclosure.cli import main

    book = tmp_path / "book.xlsx"
    assert main(["import", str(SAMPLE_PDF), "-o", str(book)]) == 0
    assert main(["check", str(book)]) == 0
    writer = WorkbookWriter(sample_report)
    writer.build()
    t3 = sample_report.disclosure.table("T03")
    i = next(i for i, r in enumerate(t3.rows) if r.code == "211")
    wb = openpyxl.load_workbook(book)
    wb["表3 支出总表"][writer.sheets["T03"].where[(i, "project")]].value = 356.60  # a typo
    wb.save(book)
    capsys.readouterr()
    assert main(["check", str(book)]) == 1
    assert "表3 支出总表 211 节能环保支出 合计 1400.29 ≠ 基本支出 1043.74 + 项目支出 356.6" in capsys.readouterr().out


@pytest.mark.parametrize("typed, says", [("abc", "是“abc”；请填数字或留空"), ("=1+1", "是公式 =1+1，但文件里没有它的计算结果")])
def test_a_figure_that_is_not_a_number_is_named_by_sheet_and_cell(sample_report, tmp_path, typed, says):
    from budget_disclosure import errors

    book = write_workbook(sample_report, tmp_path / "book.xlsx")
    wb = openpyxl.load_workbook(book)
    wb["表3 支出总表"]["D6"].value = typed
    wb.save(book)
    with pytest.raises(errors.BadFigure) as err:
        extract(book)
    assert "“表3 支出总表”D6" in err.value.message and says in err.value.message


def test_a_dash_typed_for_zero_is_zero_in_formulas_and_blank_when_read_back(sample_report, tmp_path):
    from recalc import recalculate

    require_soffice()
    writer = WorkbookWriter(sample_report)
    wb = writer.build()
    t3 = sample_report.disclosure.table("T03")
    i = next(i for i, r in enumerate(t3.rows) if r.code == "201")  # 一般公共服务支出: no 项目支出
    wb["表3 支出总表"][writer.sheets["T03"].where[(i, "project")]].value = "-"
    book = tmp_path / "dash.xlsx"
    wb.save(book)
    live = _live_statuses(recalculate(book, tmp_path / "out"), writer)
    assert live == [STATUS[o.status] for _, _, o in writer.verdicts]  # no #VALUE! anywhere
    assert extract(book).table("T03").rows[i].values["project"] is None
