"""The 预算公开 ribbon's commands as xlwings Server scripts, one per command tag.

Each script is a thin shell over ``commands.dispatch(tag, book, dialogs)``, the same call the
desktop ribbon makes; only the dialogs differ. In Office.js nothing can stop a running script to
ask the user something, so everything a command would ask is answered up front by the task pane:
the file to import (an upload token), whether to replace the sheets of an earlier import, the files
of a batch. ``ServerDialogs`` hands those answers to the command and collects what it wants to
show — messages for the task pane, workbooks for ``Excel.createWorkbook`` — for the response.

Why the dialogs are injected by type hint rather than kept in a context variable: xlwings'
``custom_scripts_call`` already fills every parameter whose annotation is a key of its
``typehint_to_value`` (that is how the ``xw.Book`` arrives), so ``dialogs: ServerDialogs`` in the
signature says plainly what a script depends on, needs no global state, and is safe with requests
running on several threads. (``register_injectable_typehint`` is not needed for scripts: it only
hides injected parameters from custom functions' Excel signatures.)

The app calls scripts through ``SCRIPTS``, keyed by command tag, because "import" is a Python
keyword and cannot be a function's name.
"""
from __future__ import annotations

import base64
import dataclasses
import shutil
import types
from dataclasses import dataclass, field
from pathlib import Path

import xlwings as xw
from xlwings.server import script

from ..excel import commands
from .uploads import UploadStore


@dataclass
class ServerDialogs:
    """``commands.Dialogs`` for a script call: answers given up front, output collected."""

    uploads: UploadStore
    file: str | None = None  # the upload token of the file to import
    batch: list[str] | None = None  # the upload tokens of a batch
    replace: bool = False  # the answer to "replace the sheets of the last import?"
    messages: list[str] = field(default_factory=list)
    workbooks: list[dict] = field(default_factory=list)  # {"name": …, "base64": …}
    folders: list = field(default_factory=list)  # batch folders to delete after the call
    function_prefix: str = "BUDGET."  # how 帮助 names the worksheet functions here
    batch_workbooks: bool = False  # only the summary goes back to the browser: no per-document books to link

    def answering(self, **answers) -> "ServerDialogs":
        """The same dialogs (sharing the collected output) with the script's answers filled in."""
        return dataclasses.replace(self, **answers)

    def alert(self, message: str) -> None:
        self.messages.append(self.uploads.display(message))

    def confirm(self, question: str) -> bool:
        return bool(self.replace)

    def choose_file(self) -> str | None:
        return None if self.file is None else str(self.uploads.get(self.file).path)

    def choose_folder(self) -> str | None:
        if self.batch is None:
            return None
        folder = self.uploads.batch_folder(self.batch)
        self.folders.append(folder)
        return str(folder)

    def show_workbook(self, data: bytes, name: str) -> None:
        self.workbooks.append({"name": name, "base64": base64.b64encode(data).decode("ascii")})

    def open_workbook(self, path: str) -> None:
        self.show_workbook(Path(path).read_bytes(), Path(path).name)

    def show_progress(self, line: str | None) -> None:
        pass  # one request, one answer: the task pane shows its own spinner meanwhile

    def cleanup(self) -> None:
        for folder in self.folders:
            shutil.rmtree(folder, ignore_errors=True)


@script
def import_file(book: xw.Book, dialogs: ServerDialogs, upload: str, replace: bool = False):
    """导入公开文件：upload 是上传文件的令牌；replace 回答是否替换上次导入的工作表。"""
    commands.dispatch("import", book, dialogs.answering(file=upload, replace=bool(replace)))


@script
def recheck(book: xw.Book, dialogs: ServerDialogs):
    """重新校验。"""
    commands.dispatch("recheck", book, dialogs)


@script
def clear(book: xw.Book, dialogs: ServerDialogs):
    """清除标记。"""
    commands.dispatch("clear", book, dialogs)


@script
def export(book: xw.Book, dialogs: ServerDialogs):
    """导出报告。"""
    commands.dispatch("export", book, dialogs)


@script
def batch(book: xw.Book, dialogs: ServerDialogs, uploads: list):
    """批量审核：uploads 是各上传文件的令牌。"""
    commands.dispatch("batch", book, dialogs.answering(batch=uploads))


@script
def show_help(book: xw.Book, dialogs: ServerDialogs):
    """帮助。"""
    commands.dispatch("help", book, dialogs)


# Command tag -> script; a namespace so xlwings' getattr-based lookup and metadata work on it.
SCRIPTS = types.SimpleNamespace(**{
    "import": import_file, "recheck": recheck, "clear": clear, "export": export, "batch": batch, "help": show_help,
})
