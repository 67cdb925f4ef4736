"""导出报告: a check report as a workbook of its own — one row per finding, for passing on.

Unlike the checked workbook (live formulas over the figures), this is a record: what was found,
where, and by how much, as it stood when exported. Staff attach it to a review memo.
"""
from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table as ExcelTable, TableStyleInfo

from ..check import Report
from ..check.findings import Finding
from .report import SEVERITY_TEXT, summary_counts
from .workbook import put_text

FINDINGS_SHEET = "核对结论"
SUMMARY_SHEET = "报告概要"
SEVERITY_FILL = {"error": PatternFill("solid", fgColor="F4B6B6"), "warning": PatternFill("solid", fgColor="FFE0B3"),
                 "info": PatternFill("solid", fgColor="FFF2B3")}
# (header, width, value of a finding)
COLUMNS = [
    ("序号", 6, None),
    ("级别", 7, lambda f: SEVERITY_TEXT[f.severity]),
    ("结论", 7, lambda f: f.status),
    ("问题", 70, lambda f: f.message),
    ("表/章节", 18, lambda f: f.location.section or f.location.table),
    ("行", 24, lambda f: f.location.row),
    ("科目编码", 10, lambda f: f.location.code),
    ("栏", 12, lambda f: f.location.column),
    ("页", 5, lambda f: f.location.page),
    ("公布数", 12, lambda f: f.published),
    ("应为", 12, lambda f: f.expected),
    ("差额", 10, lambda f: f.difference),
    ("尾差范围±", 10, lambda f: f.tolerance),
    ("规则", 22, lambda f: f.rule),
    ("原句", 60, lambda f: (f.location.sentence or "").strip() or None),
]


def _cell_value(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


def findings_workbook(report: Report) -> Workbook:
    """The report as a workbook: 报告概要 (the document and the counts) and 核对结论 (every
    finding, errors first)."""
    wb = Workbook()
    summary = wb.active
    summary.title = SUMMARY_SHEET
    _summary(summary, report)
    ws = wb.create_sheet(FINDINGS_SHEET)
    for c, (head, width, _) in enumerate(COLUMNS, 1):
        ws.cell(1, c, head).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(c)].width = width
    for r, f in enumerate(report.findings, 2):
        ws.cell(r, 1, r - 1)
        for c, (_, _, get) in enumerate(COLUMNS[1:], 2):
            value = _cell_value(get(f))
            cell = ws.cell(r, c)
            put_text(cell, value) if isinstance(value, str) else setattr(cell, "value", value)
            if isinstance(value, float):
                cell.number_format = "#,##0.00"
        ws.cell(r, 2).fill = SEVERITY_FILL[f.severity]
        ws.cell(r, 4).alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    if report.findings:
        table = ExcelTable(displayName="核对结论表", ref=f"A1:{get_column_letter(len(COLUMNS))}{len(report.findings) + 1}")
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
        ws.add_table(table)
    return wb


def _summary(ws, report: Report) -> None:
    d = report.disclosure
    s = summary_counts(report)
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 20, 60
    ws.cell(1, 1, "预算公开审核报告").font = Font(size=14, bold=True)
    facts = [
        ("单位名称", d.entity or "未找到单位名称"), ("年度", d.year), ("类型", f"{d.level or ''}{d.kind}公开"),
        ("金额单位", d.unit), ("来源文件", d.source_text), ("标准表", f"{len(d.tables)} 张"),
        ("核对项", s["checks"]), ("通过", s["passed"]), ("尾差（允许范围内）", s["rounding"]), ("不符", s["mismatch"]),
        ("错误", s["errors"]), ("警告", s["warnings"]), ("提示", s["info"]),
        ("说明中的数字", s["claims"]), ("其中无从核对", s["unchecked_claims"]),
    ]
    for r, (k, v) in enumerate(facts, 3):
        ws.cell(r, 1, k).font = Font(bold=True)
        put_text(ws.cell(r, 2), v) if isinstance(v, str) else ws.cell(r, 2, v)
    worst = _worst(report.findings)
    if worst:
        ws.cell(len(facts) + 4, 1, "最主要的问题").font = Font(bold=True)
        put_text(ws.cell(len(facts) + 4, 2), worst.message)
        ws.cell(len(facts) + 4, 2).alignment = Alignment(wrap_text=True, vertical="top")


def _worst(findings: list[Finding]) -> Finding | None:
    """Findings are sorted errors first; the first one is the most serious."""
    return next((f for f in findings if f.severity != "info"), None)


def findings_workbook_bytes(report: Report) -> bytes:
    out = io.BytesIO()
    findings_workbook(report).save(out)
    return out.getvalue()
