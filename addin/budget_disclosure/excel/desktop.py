"""The Python end of the desktop ribbon (budget_disclosure.xlam on Windows Excel).

A button's VBA callback (excel/ribbon/BudgetRibbon.bas) runs, through xlwings' RunPython,

    import budget_disclosure.excel.desktop as d; d.run('<tag>')

in a fresh Python process; ``run`` finds the workbook the user is in (xw.Book.caller()) and hands
the command to excel/commands.py with dialogs that are Excel's own. Only the file and folder
pickers need Excel's COM object model (``app.api``); they are the two short methods marked so,
and they are why this flavour is Windows-only (on a Mac ``app.api`` is AppleScript).
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import xlwings as xw

from ..batch import DISCLOSURE_SUFFIXES
from ..names import numbered, safe_file_name
from . import commands

_PATTERNS = ";".join("*" + suffix for suffix in DISCLOSURE_SUFFIXES)
FILE_FILTER = f"公开文件 ({_PATTERNS}),{_PATTERNS}"  # GetOpenFilename's "description,patterns"
FILE_TITLE = "选择预算公开文件"
FOLDER_TITLE = "选择要批量审核的文件夹"
MSO_FILE_DIALOG_FOLDER_PICKER = 4
MSO_DIALOG_OK = -1  # FileDialog.Show() returns -1 for the action button, 0 for Cancel
OUTPUT_FOLDER = "budget_disclosure"  # under the user's temp folder (%TEMP% is per user on Windows)


def run(tag: str, dialogs: commands.Dialogs | None = None) -> None:
    """Run ribbon command ``tag`` on the calling workbook. ``dialogs`` replaces Excel's own (tests
    pass a recording one; xw.Book.set_mock_caller() stands in for the calling workbook)."""
    book = xw.Book.caller()
    commands.dispatch(tag, book, DesktopDialogs(book.app) if dialogs is None else dialogs)


class DesktopDialogs:
    """commands.Dialogs on a desktop Excel (an xlwings App on Windows)."""

    def __init__(self, app, output_folder: str | Path | None = None):
        self.app = app
        self.output_folder = Path(output_folder) if output_folder else Path(tempfile.gettempdir()) / OUTPUT_FOLDER

    def alert(self, message: str) -> None:
        self.app.alert(message, title=commands.TITLE)

    def confirm(self, question: str) -> bool:
        return self.app.alert(question, title=commands.TITLE, buttons="yes_no") == "yes"

    def choose_file(self) -> str | None:
        """Excel's own Open dialog (COM). It returns the path, or False when cancelled."""
        chosen = self.app.api.GetOpenFilename(FILE_FILTER, 1, FILE_TITLE)
        return chosen if isinstance(chosen, str) and chosen else None

    def choose_folder(self) -> str | None:
        """Office's folder picker (COM), which Excel's object model offers and Python's does not."""
        dialog = self.app.api.FileDialog(MSO_FILE_DIALOG_FOLDER_PICKER)
        dialog.Title = FOLDER_TITLE
        if dialog.Show() != MSO_DIALOG_OK:
            return None
        return dialog.SelectedItems.Item(1)

    def show_workbook(self, data: bytes, name: str) -> None:
        """Excel opens files, not bytes: write a new file (never over an existing one) and open it."""
        self.app.books.open(str(save_new_file(self.output_folder, name, data)))

    def open_workbook(self, path: str) -> None:
        self.app.books.open(path)

    def show_progress(self, line: str | None) -> None:
        """Excel's status bar: the batch's progress and ETA while Excel waits for it."""
        self.app.status_bar = line or False  # False hands the bar back to Excel


def save_new_file(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to a file of that name in ``folder`` that did not exist before — "name.xlsx",
    else "name (2).xlsx", and so on — and return its path. Exclusive creation, so a file the user
    still has open (Excel locks it) or one written meanwhile is never overwritten."""
    folder.mkdir(parents=True, exist_ok=True)
    base = Path(safe_file_name(name))
    for candidate in numbered(base.stem, base.suffix):
        path = folder / candidate
        try:
            fh = open(path, "xb")
        except FileExistsError:
            continue
        try:
            with fh:
                fh.write(data)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return path
