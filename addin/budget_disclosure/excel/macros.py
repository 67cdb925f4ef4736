"""The ribbon's macros, written once against the xlwings Book API (desktop Excel or xlwings
Server's remote Book alike). They only create, replace or change sheets the add-in created —
marked by workbook names — and never touch the user's own sheets or cells.

    导入公开文件  import_disclosure(book, path)   the checked workbook's sheets into this book
    重新校验      recheck(book)                    re-run every check on the figures as they stand
    清除标记      clear_marks(book)                remove the add-in's fills

The ribbon buttons reach these through excel/commands.py, which adds the dialogs.
"""
from __future__ import annotations

import json
from typing import Callable

from ..check import Report, check
from ..extract import extract
from ..names import free_name
from ..write.workbook import MODEL_SHEET, WorkbookWriter, model_from_figures, read_model_text, write_model_text

MARK = "BUDGET_DISCLOSURE_SHEET_"  # workbook names MARK<n> refer to A1 of each sheet the add-in made
RED, YELLOW = "#F4B6B6", "#FFF2B3"


def owned_sheets(book) -> dict[str, str]:
    """Sheet name -> marking workbook name, for the sheets this add-in created."""
    out = {}
    for name in book.names:
        if name.name.startswith(MARK):
            out[name.refers_to_range.sheet.name] = name.name
    return out


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def import_disclosure(book, path: str, confirm_replace: Callable[[str], bool] = lambda name: True) -> list[str]:
    """Read and check a disclosure file and add its checked sheets to ``book``; see import_report."""
    return import_report(book, check(extract(path)), confirm_replace)


def import_report(book, report: Report, confirm_replace: Callable[[str], bool] = lambda name: True) -> list[str]:
    """Add the checked sheets of a report to ``book``.

    A sheet the add-in made before is replaced only when ``confirm_replace(name)`` says so (the
    ribbon asks the user); a user's own sheet of the same name is left alone and the new sheet
    gets a free name. Returns the names of the sheets written."""
    wb = WorkbookWriter(report).build()
    owned = owned_sheets(book)
    existing = {s.name for s in book.sheets}
    renamed: dict[str, str] = {}
    for ws in wb.worksheets:
        name = ws.title
        if name in existing and name in owned:
            if not confirm_replace(name):
                continue
            book.names[owned[name]].delete()  # the name first: it refers to the sheet
            book.sheets[name].delete()
            existing.discard(name)
        name = free_name(name, existing.__contains__)
        renamed[ws.title] = name
        existing.add(name)
    _rename_in_model(wb, renamed)
    written = []
    numbers = [int(n.name[len(MARK):]) for n in book.names if n.name.startswith(MARK) and n.name[len(MARK):].isdigit()]
    next_mark = max(numbers, default=0) + 1
    last = book.sheets[book.sheets.count - 1]
    for ws in wb.worksheets:
        if ws.title not in renamed:
            continue
        name = renamed[ws.title]
        sheet = last = book.sheets.add(name, after=last)
        rows = [[_formula(c.value, c.data_type, renamed) for c in row] for row in ws.iter_rows()]
        if rows and rows[0]:
            sheet["A1"].resize(len(rows), len(rows[0])).value = rows
        if ws.sheet_state == "hidden":
            sheet.visible = False
        book.names.add(f"{MARK}{next_mark}", f"={_quoted(name)}!$A$1")
        next_mark += 1
        written.append(name)
    return written


def _rename_in_model(wb, renamed: dict[str, str]) -> None:
    """The hidden model records which sheet holds each figure: keep it true after renames."""
    if all(old == new for old, new in renamed.items()) or MODEL_SHEET not in wb.sheetnames:
        return
    ws = wb[MODEL_SHEET]
    data = json.loads(read_model_text(ws))
    for where in data["figures"].values():
        where["sheet"] = renamed.get(where["sheet"], where["sheet"])
    write_model_text(ws, json.dumps(data, ensure_ascii=False))


def _formula(value, data_type: str, renamed: dict[str, str]):
    if data_type == "f" and isinstance(value, str):
        for old, new in renamed.items():  # formulas follow a sheet that had to take a free name
            if old != new:
                value = value.replace(_quoted(old), _quoted(new))
        return value
    return "'" + value if isinstance(value, str) and value.startswith("=") else value


class NothingImported(LookupError):
    """The book has no sheets this add-in imported, so there is nothing to recheck or clear."""


def _model_sheet(book) -> str:
    owned = owned_sheets(book)
    names = [n for n in owned if n == MODEL_SHEET or n.startswith(MODEL_SHEET + " (")]
    if not names:
        raise NothingImported("这个工作簿里没有导入过公开文件（请先点“导入公开文件”）")
    return names[-1]


def _stored_model(book) -> str:
    """The model JSON the import left in the hidden sheet (cut over the cells of column A)."""
    column = book.sheets[_model_sheet(book)]["A1"].expand("down").options(ndim=2).value
    return "".join(str(row[0] or "") for row in column)


def current_report(book) -> Report:
    """Every check re-run on the imported figures as they now stand in ``book``."""
    return check(model_from_figures(_stored_model(book), lambda sheet, coord: (book.sheets[sheet][coord].value,) * 2,
                                    book.name))


def recheck(book) -> dict:
    """Re-run every check on the figures as they now stand and refresh the fills of the published
    figures: red for 不符, yellow for 尾差, none otherwise. Returns the counts by severity."""
    stored = _stored_model(book)
    report = current_report(book)
    # Where each figure is, as the import recorded it: (table, row, column) -> (sheet, cell).
    place = {(key, i, column): (where["sheet"], coord) for key, where in json.loads(stored)["figures"].items()
             for i, column, coord in where["cells"]}
    fills: dict[tuple[str, str], str | None] = dict.fromkeys(place.values())
    for o in report.outcomes:
        first = o.left[0].cells[0] if o.left and o.left[0].cells else None
        if o.status == "pass" or first is None or first.source != "table":
            continue
        at = place.get((first.table, first.row, first.column))
        if at is not None and fills.get(at) != RED:
            fills[at] = RED if o.status == "mismatch" else YELLOW
    owned = owned_sheets(book)
    for (sheet, coord), color in fills.items():
        if sheet in owned:
            book.sheets[sheet][coord].color = color
    return report.counts


def clear_marks(book) -> int:
    """Remove the fills recheck() set, on the add-in's own sheets only. Returns how many cells."""
    figures = json.loads(_stored_model(book))["figures"]
    owned = owned_sheets(book)
    n = 0
    for where in figures.values():
        if where["sheet"] not in owned:
            continue
        for _, _, coord in where["cells"]:
            book.sheets[where["sheet"]][coord].color = None
            n += 1
    return n
