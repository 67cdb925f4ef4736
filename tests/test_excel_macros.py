"""The ribbon macros, end to end on xlwings Books built from Excel-shaped payloads
(xw.Book(json=...), as xlwings Server receives them); the returned actions are what Excel does."""
from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

xw = pytest.importorskip("xlwings")  # its licence key is set in conftest.py, before any import

from budget_disclosure.check import check  # noqa: E402
from budget_disclosure.excel import macros  # noqa: E402
from budget_disclosure.extract import extract  # noqa: E402
from budget_disclosure.render.sample import SAMPLE_PDF  # noqa: E402
from budget_disclosure.write.workbook import MODEL_SHEET, WorkbookWriter  # noqa: E402
from excel_payloads import imported_payload, payload  # noqa: E402


def actions(book) -> list[dict]:
    return book.json()["actions"]


def test_import_adds_the_checked_sheets_and_never_touches_the_users_own():
    user = [["我的底稿", 1.0]]
    book = xw.Book(json=payload([("Sheet1", user), ("表3 支出总表", [["我自己的表3"]])]))
    written = macros.import_disclosure(book, str(SAMPLE_PDF))
    assert written[:2] == ["概况", "表1 收支总表"] and "表3 支出总表 (2)" in written and MODEL_SHEET in written
    done = actions(book)
    # Nothing is written to the user's two sheets (positions 0 and 1).
    assert not [a for a in done if a["func"] == "setValues" and a["sheet_position"] in (0, 1)]
    added = [a["args"][1] for a in done if a["func"] == "addSheet"]
    assert added == written
    values = {a["sheet_position"]: a["values"] for a in done if a["func"] == "setValues"}
    t3 = values[2 + written.index("表3 支出总表 (2)")]
    assert t3[4][:5] == ["", "合计", 1833.76, 1477.21, 356.55]  # a blank cell travels as ""
    checks = values[2 + written.index("校验")]
    formulas = [v for row in checks for v in row if isinstance(v, str) and v.startswith("=")]
    assert any("'表3 支出总表 (2)'!" in f for f in formulas)  # formulas follow the renamed sheet
    assert not any("'表3 支出总表'!" in f for f in formulas)  # and never point at the user's sheet
    marks = [a for a in done if a["func"] == "namesAdd"]
    assert len(marks) == len(written) and all(a["args"][0].startswith(macros.MARK) for a in marks)


def test_a_sheet_the_add_in_made_is_replaced_only_when_the_user_agrees():
    names = [{"name": f"{macros.MARK}1", "sheet_index": 1, "address": "$A$1", "book_scope": True,
              "scope_sheet_name": None, "scope_sheet_index": None}]
    asked = []
    book = xw.Book(json=payload([("Sheet1", [[1.0]]), ("概况", [["旧的概况"]])], names))
    macros.import_disclosure(book, str(SAMPLE_PDF), confirm_replace=lambda n: asked.append(n) or False)
    assert asked == ["概况"]
    assert not [a for a in actions(book) if a["func"] == "sheetDelete"]
    book = xw.Book(json=payload([("Sheet1", [[1.0]]), ("概况", [["旧的概况"]])], names))
    macros.import_disclosure(book, str(SAMPLE_PDF))
    assert [a["func"] for a in actions(book)][:2] == ["nameDelete", "sheetDelete"]


def _imported_book(edit=None):
    """A book as Excel would send it after an import: the add-in's sheets with their values."""
    report = check(extract(SAMPLE_PDF))
    book, writer = imported_payload(report, edit)
    return xw.Book(json=book), writer, report


def _colored(book) -> dict[tuple[int, int, int], str | None]:
    return {(a["sheet_position"], a["start_row"], a["start_column"]): a["args"][0]
            for a in actions(book) if a["func"] == "setRangeColor"}


def test_recheck_flags_exactly_the_cells_python_finds_wrong():
    def typo(writer, wb):
        t3 = writer.report.disclosure.table("T03")
        i = next(i for i, r in enumerate(t3.rows) if r.code == "211")
        wb["表3 支出总表"][writer.sheets["T03"].where[(i, "project")]].value = 356.60

    book, writer, _ = _imported_book(typo)
    counts = macros.recheck(book)
    assert counts["error"] > 0
    red = {k for k, color in _colored(book).items() if color == macros.RED}
    # What Python says about the same edited figures: every published cell of a 不符.
    d = check(extract(SAMPLE_PDF)).disclosure
    t3 = d.table("T03")
    t3.rows[next(i for i, r in enumerate(t3.rows) if r.code == "211")].values["project"] = Decimal("356.60")
    expected = set()
    position = {ws.title: n + 1 for n, ws in enumerate(writer.wb.worksheets)}
    for o in check(d).outcomes:
        first = o.left[0].cells[0]
        if o.status == "mismatch" and first.source == "table":
            sheet = writer.sheets[first.table]
            coord = openpyxl.utils.cell.coordinate_from_string(sheet.where[(first.row, first.column)])
            expected.add((position[sheet.ws.title], coord[1] - 1, openpyxl.utils.column_index_from_string(coord[0]) - 1))
    assert red == expected and len(red) >= 2
    assert all(pos != 0 for pos, _, _ in _colored(book))  # the user's sheet is never touched


def test_clear_marks_removes_only_the_add_ins_fills():
    book, writer, _ = _imported_book()
    n = macros.clear_marks(book)
    colored = _colored(book)
    assert n == len(colored) == sum(len(s.where) for s in writer.sheets.values())
    assert set(colored.values()) == {None} and all(pos != 0 for pos, _, _ in colored)


def test_recheck_without_an_import_says_what_to_do():
    book = xw.Book(json=payload([("Sheet1", [[1.0]])]))
    with pytest.raises(LookupError, match="导入公开文件"):
        macros.recheck(book)


def test_a_renamed_sheet_is_where_recheck_reads_its_figures():
    wb = WorkbookWriter(check(extract(SAMPLE_PDF))).build()
    macros._rename_in_model(wb, {ws.title: ws.title for ws in wb.worksheets} | {"表3 支出总表": "表3 支出总表 (2)"})
    import json

    stored = json.loads("".join(r[0] or "" for r in wb[MODEL_SHEET].iter_rows(values_only=True)))
    assert stored["figures"]["T03"]["sheet"] == "表3 支出总表 (2)" and stored["figures"]["T02"]["sheet"] == "表2 收入总表"
    assert stored["model"]["entity"] == "阳泉市生态环境监测和应急保障中心"
