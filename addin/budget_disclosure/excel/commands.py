"""The 预算公开 ribbon's commands, once, for every flavour of the add-in.

Each ribbon button carries a tag (``control.Tag`` in customUI.xml, the script name on xlwings
Server); ``dispatch(tag, book, dialogs)`` runs its command on an xlwings Book. What differs between
desktop Excel and Office.js — how a file is chosen, how a question is asked, how a new workbook is
shown — is behind ``Dialogs``, which each flavour implements. No domain logic lives here: the
commands call the macros (excel/macros.py), the checks and the writers.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Protocol

from ..batch import disclosure_files
from ..check import check
from ..errors import DisclosureError
from ..extract import extract
from ..write.findings_book import findings_workbook_bytes
from . import macros

TITLE = "预算公开"


class Dialogs(Protocol):
    """What a command may ask of the person at the keyboard."""

    def alert(self, message: str) -> None: ...

    def confirm(self, question: str) -> bool: ...

    def choose_file(self) -> str | None:
        """A disclosure file (PDF, XLSX, HTML, text), or None when the user cancels."""

    def choose_folder(self) -> str | None:
        """A folder of disclosure files, or None when the user cancels."""

    def show_workbook(self, data: bytes, name: str) -> None:
        """Open a new workbook (the .xlsx bytes) for the user; ``name`` suggests its file name."""

    def open_workbook(self, path: str) -> None:
        """Open a workbook the command saved (the batch's summary, whose links are relative to it)."""

    def show_progress(self, line: str | None) -> None:
        """Show how far a long command has got (Excel's status bar); None when it is done."""


@dataclass(frozen=True)
class Command:
    tag: str  # control.Tag on the desktop ribbon; the script's name on xlwings Server
    label: str  # the button's text
    tip: str  # its screentip, and its line in 帮助
    image: str  # an Office built-in icon (imageMso) for the desktop ribbon
    run: Callable[[Any, Dialogs], None]


def _counts_text(counts: dict) -> str:
    return f"错误 {counts['error']} 处，警告 {counts['warning']} 处，尾差 {counts['info']} 处"


def import_file(book, dialogs: Dialogs) -> None:
    path = dialogs.choose_file()
    if not path:
        return
    report = check(extract(path))
    asked: dict[str, bool] = {}

    def replace(name: str) -> bool:
        # One question for the whole import, not one per sheet.
        if "answer" not in asked:
            asked["answer"] = dialogs.confirm(
                f"本工作簿里已有上次导入的工作表（如“{name}”）。替换它们吗？\n选“否”则保留旧表，新表另起名称。")
        return asked["answer"]

    written = macros.import_report(book, report, replace)
    d = report.disclosure
    dialogs.alert(f"已导入 {d.entity or '（未找到单位名称）'} {d.year or ''}年{d.kind}公开：{len(written)} 张工作表。\n"
                  f"核对结论：{_counts_text(report.counts)}。")


def recheck(book, dialogs: Dialogs) -> None:
    counts = macros.recheck(book)
    dialogs.alert(f"重新校验完成：{_counts_text(counts)}。\n不符的数字已标红，尾差标黄。")


def clear_marks(book, dialogs: Dialogs) -> None:
    n = macros.clear_marks(book)
    dialogs.alert(f"已清除 {n} 个数字上的标记（只改本插件导入的工作表）。")


def export_report(book, dialogs: Dialogs) -> None:
    report = macros.current_report(book)
    d = report.disclosure
    name = "_".join(str(part) for part in ("核对结论", d.entity or "公开文件", d.year) if part) + ".xlsx"
    dialogs.show_workbook(findings_workbook_bytes(report), name)


BATCH_SUMMARY = "批量审核汇总"


def batch_review(book, dialogs: Dialogs) -> None:
    """The same batch as `budget-disclosure check FOLDER --summary`: the summary beside the files,
    each document's workbook in the folder of the summary's name, everything into the store."""
    from ..batch_runner import free_summary_path, run_batch

    folder = dialogs.choose_folder()
    if not folder:
        return
    files = disclosure_files(folder)
    if not files:
        dialogs.alert(f"文件夹“{folder}”里没有 PDF、XLSX、HTML 或文本文件。")
        return
    summary = free_summary_path(folder, BATCH_SUMMARY)
    try:
        outcome = run_batch([folder], summary, progress=dialogs.show_progress,
                            workbooks=getattr(dialogs, "batch_workbooks", True))
    finally:
        dialogs.show_progress(None)
    dialogs.open_workbook(str(summary))
    if outcome.kept:
        dialogs.alert("以下审核工作簿写出后被修改过，已原样保留，新结果另存为带编号的文件：\n"
                      + "\n".join(str(p) for p in outcome.kept))


def show_help(book, dialogs: Dialogs) -> None:
    # Office.js custom functions live under a namespace: =BUDGET.TOTAL rather than =BUDGET_TOTAL.
    dialogs.alert(help_text(getattr(dialogs, "function_prefix", "BUDGET_")))


COMMANDS: dict[str, Command] = {c.tag: c for c in [
    Command("import", "导入公开文件", "读取预算公开 PDF、XLSX 或 HTML，每张表写入一个新工作表，并全部核对", "FileOpen", import_file),
    Command("recheck", "重新校验", "按表中现在的数字重新核对全部关系和文字说明，刷新标记", "CalculateNow", recheck),
    Command("clear", "清除标记", "去掉本插件标出的红色、黄色底色（不动您自己的工作表）", "ClearFormats", clear_marks),
    Command("export", "导出报告", "把全部核对结论导出到一个新工作簿", "ExportExcel", export_report),
    Command("batch", "批量审核", "审核一个文件夹里的全部公开文件，汇总为一个工作簿，每个文件一行", "FileOpenFolder", batch_review),
    Command("help", "帮助", "各按钮和 BUDGET_* 函数的用法", "Help", show_help),
]}

FUNCTIONS_HELP = [
    ("BUDGET_TOTAL(编码区域, 金额区域, [编码])", "只加末级科目的复算合计；给出编码时为该类/款的小计"),
    ("BUDGET_CHECK(公布数, 复算数, [项数])", "通过 / 尾差 / 不符"),
    ("BUDGET_RATIO(部分, 整体, [位数])", "占比（%，四舍五入）"),
    ("BUDGET_GROWTH(本年数, 增减额, [位数])", "增长率（%）"),
    ("BUDGET_NAME(编码) / BUDGET_LEVEL(编码)", "功能分类科目名称 / 级次"),
    ("BUDGET_TABLE / BUDGET_VALUE / BUDGET_FINDINGS(文件, …)", "直接从公开文件读表、读数、读核对结论"),
]


def help_text(function_prefix: str = "BUDGET_") -> str:
    lines = ["预算公开选项卡："]
    lines += [f"· {c.label}：{c.tip}" for c in COMMANDS.values() if c.tag != "help"]
    lines.append("工作表函数：")
    lines += [f"· {f.replace('BUDGET_', function_prefix)}：{what}" for f, what in FUNCTIONS_HELP]
    lines.append("尾差：n 个数相加，公布的合计与各数之和最多可差 ⌊n/2⌋ 分；超出即为不符。")
    return "\n".join(lines)


class UnknownCommand(KeyError):
    pass


def dispatch(tag: str, book, dialogs: Dialogs) -> None:
    """Run the ribbon command ``tag`` on ``book``. A problem the user can act on (an unreadable
    file, a workbook with nothing imported, a missing folder) becomes a message, never a traceback."""
    command = COMMANDS.get(tag)
    if command is None:
        raise UnknownCommand(f"ribbon tag {tag!r} has no command; known: {', '.join(COMMANDS)}")
    try:
        command.run(book, dialogs)
    except DisclosureError as e:
        dialogs.alert(e.message)
    except macros.NothingImported as e:
        dialogs.alert(str(e))
    except NotADirectoryError as e:
        dialogs.alert(f"找不到文件夹“{e}”。")
