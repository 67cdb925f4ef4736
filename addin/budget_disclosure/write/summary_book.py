"""批量审核's summary workbook: one row per document with its counts and worst findings."""
from __future__ import annotations

import os

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table as ExcelTable, TableStyleInfo

from ..batch import DocumentResult
from .workbook import put_text

SUMMARY_SHEET = "批量审核汇总"
RED = PatternFill("solid", fgColor="F4B6B6")
COLUMNS = [  # (header, width, value of a result)
    ("文件", 40, lambda r: os.path.basename(r.path)),
    ("单位", 30, lambda r: r.entity),
    ("类型", 6, lambda r: r.kind),
    ("年度", 7, lambda r: r.year),
    ("级次", 6, lambda r: r.level),
    ("标准表", 7, lambda r: len(r.tables) if r.reviewed else None),
    ("错误", 6, lambda r: r.errors if r.reviewed else None),
    ("警告", 6, lambda r: r.warnings if r.reviewed else None),
    ("尾差", 6, lambda r: r.info if r.reviewed else None),
    ("跨文件", 7, lambda r: r.cross if r.reviewed else None),
    ("状态", 10, lambda r: "无法读取" if not r.reviewed else ("有错误" if r.errors else ("有警告" if r.warnings else "通过"))),
    ("最主要的问题", 90, lambda r: r.problem or "\n".join(r.worst) or None),
    ("路径", 50, None),  # relative to the folder reviewed (filled in by summary_workbook)
    ("审核工作簿", 40, lambda r: os.path.basename(r.workbook) if r.workbook else None),
]


COLUMN = {head: n for n, (head, _, _) in enumerate(COLUMNS, 1)}


def summary_workbook(results: list[DocumentResult], saved_at: str | None = None) -> Workbook:
    """``saved_at``: the summary's own path, so links to the documents' workbooks are relative."""
    wb = Workbook()
    ws = wb.active
    ws.title = SUMMARY_SHEET
    for c, (head, width, _) in enumerate(COLUMNS, 1):
        ws.cell(1, c, head).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(c)].width = width
    paths = [os.path.abspath(r.path) for r in results]
    try:
        root = os.path.dirname(os.path.commonpath(paths)) if len(paths) == 1 else os.path.commonpath(paths)
    except ValueError:  # different drives
        root = None
    for r, result in enumerate(results, 2):
        for c, (head, _, get) in enumerate(COLUMNS, 1):
            value = get(result) if get else (os.path.relpath(paths[r - 2], root) if root else result.path)
            put_text(ws.cell(r, c), value) if isinstance(value, str) else ws.cell(r, c, value)
        ws.cell(r, COLUMN["最主要的问题"]).alignment = Alignment(wrap_text=True, vertical="top")
        if result.workbook:  # a relative link, so the folder can be moved or shared as a whole
            link = ws.cell(r, COLUMN["审核工作簿"])
            link.hyperlink = (os.path.relpath(result.workbook, os.path.dirname(os.path.abspath(saved_at)))
                              if saved_at else result.workbook)
            link.style = "Hyperlink"
    last = len(results) + 1
    ws.freeze_panes = "B2"
    if results:
        table = ExcelTable(displayName="批量审核", ref=f"A1:{get_column_letter(len(COLUMNS))}{last}")
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
        ws.add_table(table)
        errors, state = get_column_letter(COLUMN["错误"]), get_column_letter(COLUMN["状态"])
        ws.conditional_formatting.add(f"{errors}2:{errors}{last}", CellIsRule(operator="greaterThan", formula=["0"], fill=RED))
        ws.conditional_formatting.add(f"{state}2:{state}{last}", CellIsRule(operator="equal", formula=['"无法读取"'], fill=RED))
    n = len(results)
    ws.cell(last + 2, 1, f"共 {n} 个文件：通过 {sum(1 for r in results if r.reviewed and not r.errors and not r.warnings)}，"
                         f"有错误 {sum(1 for r in results if r.reviewed and r.errors)}，"
                         f"无法读取 {sum(1 for r in results if not r.reviewed)}")
    return wb
