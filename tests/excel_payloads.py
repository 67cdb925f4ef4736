"""Books as Excel sends them to xlwings (the JSON a remote ``xw.Book(json=…)`` is built from),
shared by the macro, desktop add-in and server tests."""
from __future__ import annotations

import xlwings as xw  # its licence key is set in conftest.py, before any import

from budget_disclosure.excel import macros
from budget_disclosure.write.workbook import WorkbookWriter


def payload(sheets: list[tuple[str, list[list]]], names: list[dict] | None = None) -> dict:
    return {"client": "Microsoft Office Scripts", "version": xw.__version__,
            "book": {"name": "审核.xlsx", "active_sheet_index": 0, "selection": "A1"},
            "names": [dict(n) for n in names or []],  # the Book appends to it: never share one
            "sheets": [{"name": n, "values": v or [[None]], "pictures": [], "tables": []} for n, v in sheets]}


def mark(n: int, sheet_index: int) -> dict:
    """The workbook name by which the add-in marks a sheet it made."""
    return {"name": f"{macros.MARK}{n}", "sheet_index": sheet_index, "address": "$A$1", "book_scope": True,
            "scope_sheet_name": None, "scope_sheet_index": None}


def imported_payload(report, edit=None, blank=None) -> tuple[dict, WorkbookWriter]:
    """A book after an import: the user's Sheet1 and the add-in's sheets with their values (formula
    cells sent blank: only the stored figures matter to the macros). ``blank`` is how a blank cell
    travels: None from desktop Excel, "" from Office.js. ``edit(writer, wb)`` alters it first."""
    writer = WorkbookWriter(report)
    wb = writer.build()
    if edit:
        edit(writer, wb)
    sheets, names = [("Sheet1", [["我的底稿"]])], []
    for ws in wb.worksheets:
        sheets.append((ws.title, [[blank if c.value is None or c.data_type == "f" else c.value for c in row]
                                  for row in ws.iter_rows()]))
        names.append(mark(len(names) + 1, len(sheets) - 1))
    return payload(sheets, names), writer
