"""The checked workbook: one sheet per standard table laid out like the published one, and every
relation of the catalog as a live Excel formula over those cells.

The formulas come from the same relation instances the Python checks judge (check/engine.py), so
the workbook and `budget-disclosure check` always tie the same cells together. Only functions that
Excel 2010+, WPS and LibreOffice evaluate alike are used: SUM, ROUND, ABS, IF, INT, MAX, OR, N,
COUNTIF, COUNTIFS. Nothing needs Python, macros or an add-in to recompute.
"""
from __future__ import annotations

import json
import os
import tempfile
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.table import Table as ExcelTable, TableStyleInfo

from ..amounts import is_blank
from ..check import Report
from ..errors import BadFigure
from ..check.engine import Cell, Operand, Outcome
from ..check.findings import Describer, finding_from_outcome
from ..model import Disclosure, Row, Table
from ..profiles import TableSpec, get_profile, table_specs
from ..recognise import says_empty
from .json_form import from_dict, to_dict
from .report import SEVERITY_TEXT

MODEL_SHEET = "_model"  # hidden: the model as JSON, and where each figure is, for reading back
CHECK_SHEET = "校验"
PROSE_SHEET = "说明核对"
OVERVIEW_SHEET = "概况"
OTHER_SHEET = "其他核对"  # findings no live formula can redo: completeness, forms, and across documents
MONEY = "#,##0.00"
STATUS = {"pass": "通过", "rounding": "尾差", "mismatch": "不符"}
RED = PatternFill("solid", fgColor="F4B6B6")
YELLOW = PatternFill("solid", fgColor="FFF2B3")
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
# Equal within float noise: figures have at most a few decimals, so 1e-6 separates 0 from 0.01.
EPS = "0.000001"
_TEXT_TITLES = {"code": "科目编码", "name": "科目名称", "label": "项目", "government_class": "政府经济科目",
                "income_label": "收入", "expenditure_label": "支出", "income_code": "科目编码",
                "income_name": "收入科目", "expenditure_code": "科目编码", "expenditure_name": "支出科目"}
_INDENT = {"款": 1, "项": 2, "单位": 1, "项目": 2}
FIRST_ROW = 5  # title, 单位名称 and 单位, then two header rows
WORKBOOK_MARKER = "budget-disclosure-workbook/1"
MODEL_CHUNK = 30000


def put_text(cell, text: str | None) -> None:
    """Text from the document stays text, even when it starts with "=" (never a formula)."""
    cell.value = text
    if isinstance(text, str) and text.startswith("="):
        cell.data_type = "s"


# 上海's codes printed over 类 | 款 | 项 columns are one 科目编码 in the model: written once.
_CODE_PARTS = ("code_2", "code_3")


def _is_code(key: str) -> bool:
    return key.split(".")[0] in ("code", "income_code", "expenditure_code")  # "code.2": a 未识别的表's second part


def _text_value(row: Row, key: str) -> str | None:
    if _is_code(key):
        return row.code
    if key == "government_class":
        return row.attributes.get("government_class")
    return row.label


class TableSheet:
    """One standard table written as a sheet, and where each of its figures went."""

    def __init__(self, wb: Workbook, d: Disclosure, table: Table, spec: TableSpec):
        self.ws = wb.create_sheet(spec.label)
        self.table, self.spec = table, spec
        self.where: dict[tuple[int, str], str] = {}  # (row index, column key) -> "D7"
        self._write(d)

    def _blocks(self) -> list[tuple[str | None, list[str], list[str], list[int]]]:
        """(side, text columns, amount columns, row indexes) for each side, left to right."""
        blocks = []
        for side in self.spec.sides:
            texts = [c.key for c in self.spec.columns if c.text and c.side == side and c.key not in _CODE_PARTS]
            if side is None and not texts:
                texts = [c.key for c in self.spec.columns if c.text and c.key not in _CODE_PARTS]
            amounts = [k for k in self.table.columns if any(c.key == k and c.side == side for c in self.spec.columns)]
            rows = [i for i, r in enumerate(self.table.rows) if r.side == side]
            blocks.append((side, texts, amounts, rows))
        return blocks

    def _write(self, d: Disclosure) -> None:
        ws, t = self.ws, self.table
        blocks = self._blocks()
        width = sum(len(b[1]) + len(b[2]) for b in blocks)
        ws.cell(1, 1, t.title or f"{d.year}年{self.spec.name}").font = Font(size=14, bold=True)
        ws.cell(1, 1).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(width, 1))
        put_text(ws.cell(2, 1), f"单位名称：{t.entity or d.entity or ''}")
        ws.cell(2, width).value = f"单位：{t.unit or d.unit}"
        ws.cell(2, width).alignment = Alignment(horizontal="right")
        header = FIRST_ROW - 1
        col = 1
        columns: dict[str, int] = {}
        for side, texts, amounts, rows in blocks:
            for key in texts:
                columns[key] = col
                self._head(header, col, _TEXT_TITLES.get(key.split(".")[0], key))
                ws.column_dimensions[get_column_letter(col)].width = 12 if _is_code(key) else 34
                for n, i in enumerate(rows):
                    cell = ws.cell(FIRST_ROW + n, col)
                    put_text(cell, _text_value(t.rows[i], key))
                    cell.border = BOX
                    if not _is_code(key):
                        cell.alignment = Alignment(indent=_INDENT.get(t.rows[i].level, 0), wrap_text=True)
                    if t.rows[i].role in ("total", "group"):
                        cell.font = Font(bold=True)
                col += 1
            for key in amounts:
                columns[key] = col
                self._head(header, col, t.column_titles.get(key) or key)
                ws.column_dimensions[get_column_letter(col)].width = 15
                for n, i in enumerate(rows):
                    cell = ws.cell(FIRST_ROW + n, col)
                    value = t.rows[i].values.get(key)
                    cell.value = None if value is None else float(value)
                    cell.number_format = MONEY
                    cell.border = BOX
                    self.where[(i, key)] = cell.coordinate
                col += 1
        self._header_groups(d, header, columns)
        last = FIRST_ROW + max((len(b[3]) for b in blocks), default=0)
        # Unless a note printed below already says so (上海: "…故本表为空表").
        said = any("无数据" not in n and says_empty(n, get_profile(d.profile).empty_notes) for n in t.notes)
        if t.empty and not said:
            ws.cell(last + 1, 1).value = "注：本表无数据"
        for note in t.notes:
            if "无数据" not in note:
                last += 1
                put_text(ws.cell(last + 1, 1), note)
        ws.freeze_panes = ws.cell(FIRST_ROW, 1)
        ws.print_title_rows = f"{header - 1}:{header}" if self.spec.header_groups else f"{header}:{header}"
        ws.page_setup.orientation = "landscape" if width > 5 else "portrait"
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True

    def _header_groups(self, d: Disclosure, header: int, columns: dict[str, int]) -> None:
        """The header's upper row as the documents print it ("本年收入" over its five columns);
        a column under no group spans both rows."""
        if not self.spec.header_groups:
            return
        grouped: set[str] = set()
        for title, keys in self.spec.header_groups:
            cols = sorted(columns[k] for k in keys if k in columns)
            if not cols:
                continue
            grouped.update(k for k in keys if k in columns)
            self._head(header - 1, cols[0], title.replace("{year}", str(d.year) if d.year else "本"))
            for c in cols[1:]:
                self._head(header - 1, c, None)
            if len(cols) > 1:
                self.ws.merge_cells(start_row=header - 1, start_column=cols[0], end_row=header - 1, end_column=cols[-1])
        for key, c in columns.items():
            if key not in grouped:
                self._head(header - 1, c, self.ws.cell(header, c).value)
                self.ws.cell(header, c).value = None
                self.ws.merge_cells(start_row=header - 1, start_column=c, end_row=header, end_column=c)

    def _head(self, row: int, col: int, text: str | None) -> None:
        cell = self.ws.cell(row, col)
        put_text(cell, text)
        cell.font, cell.fill, cell.border = Font(bold=True), HEADER_FILL, BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


class WorkbookWriter:
    def __init__(self, report: Report):
        self.report, self.d = report, report.disclosure
        self.describe = Describer(self.d)
        self.wb = Workbook()
        self.wb.remove(self.wb.active)
        self.sheets: dict[str, TableSheet] = {}
        self.published: dict[tuple[str, str], list[str]] = {}  # (sheet, cell) -> status cells judging it
        self.notes: dict[tuple[str, str], list[str]] = {}
        # Where each outcome's live verdict is: (sheet, row, outcome), so tests can compare them.
        self.verdicts: list[tuple[str, int, Outcome]] = []

    # ── addresses ────────────────────────────────────────────────────────────────────────────
    def ref(self, cell: Cell) -> str:
        """The Excel reference of a table figure; an unprinted code is the constant 0."""
        sheet = self.sheets.get(cell.table)
        if sheet is None or cell.row is None or (cell.row, cell.column) not in sheet.where:
            return "0"
        # N(): a "-" or "—" typed for zero, as the documents print it, counts as 0, not #VALUE!.
        ref = f"N({quote_sheetname(sheet.ws.title)}!{sheet.where[(cell.row, cell.column)]})"
        # A table printed in another unit (上海's “三公” table in 万元 among tables in 元): converted.
        return ref if cell.scale == 1 else f"{ref}*{_number(cell.scale)}"

    def _operand(self, op: Operand) -> tuple[str, list[str]]:
        refs = [self.ref(c) for c in op.cells]
        body = refs[0] if not op.summed else (f"SUM({','.join(refs)})" if refs else "0")
        return ("-" if op.sign < 0 else "+") + body, refs

    def _side(self, ops: list[Operand]) -> tuple[str, list[str]]:
        parts, refs = zip(*(self._operand(op) for op in ops)) if ops else ((), ())
        text = "".join(parts).lstrip("+") or "0"
        return text, [r for rs in refs for r in rs]

    # ── sheets ───────────────────────────────────────────────────────────────────────────────
    def build(self) -> Workbook:
        self.wb.create_sheet(OVERVIEW_SHEET)
        for spec in table_specs(self.d).values():  # the declared tables in order, then 未识别的表
            table = self.d.table(spec.key)
            if table is not None:
                self.sheets[spec.key] = TableSheet(self.wb, self.d, table, spec)
        self._check_sheet()
        self._prose_sheet()
        self._other_sheet()
        self._overview()
        self._flags()
        self._model_sheet()
        return self.wb

    def _model_sheet(self) -> None:
        """The model as JSON (cut into cells: a cell holds at most 32,767 characters) plus the
        address of every figure, so `check BOOK.xlsx` reads the figures staff edited back into
        exactly the model they came from."""
        ws = self.wb.create_sheet(MODEL_SHEET)
        ws.sheet_state = "hidden"
        figures = {key: {"sheet": sheet.ws.title, "cells": [[i, col, coord] for (i, col), coord in sheet.where.items()]}
                   for key, sheet in self.sheets.items()}
        write_model_text(ws, json.dumps({"marker": WORKBOOK_MARKER, "model": to_dict(self.d), "figures": figures},
                                        ensure_ascii=False))

    def _check_sheet(self) -> None:
        ws = self.wb.create_sheet(CHECK_SHEET)
        heads = ["规则", "关系", "位置", "公布数", "复算数", "差额", "尾差允许", "结论", "性质"]
        for c, h in enumerate(heads, 1):
            ws.cell(1, c, h).font = Font(bold=True)
        r = 1
        for o in self.report.outcomes:
            if o.kind != "sum" or any(c.source != "table" for c in o.cells):
                continue
            r += 1
            left, lrefs = self._side(o.left)
            right, rrefs = self._side(o.right)

            ws.cell(r, 1, o.rule)
            put_text(ws.cell(r, 2), o.name)
            put_text(ws.cell(r, 3), self.describe.cell(o.left[0].cells[0]))
            ws.cell(r, 4, f"={left}").number_format = MONEY
            ws.cell(r, 5, f"={right}").number_format = MONEY
            ws.cell(r, 6, f"=ROUND(D{r}-E{r},6)").number_format = MONEY
            ws.cell(r, 7, "=" + _bound_formula(list(zip(lrefs + rrefs, o.cells)))).number_format = MONEY
            ws.cell(r, 8, f'=IF(ABS(F{r})<{EPS},"通过",IF(ABS(F{r})<=G{r}+{EPS},"尾差","不符"))')
            ws.cell(r, 9, "错误" if o.severity == "error" else "警告")
            self._judged(o, f"{quote_sheetname(CHECK_SHEET)}!$H${r}")
            self.verdicts.append((CHECK_SHEET, r, o))
        self._finish_list(ws, r, len(heads), [10, 44, 40, 14, 14, 12, 10, 8, 6], "校验表")

    def _prose_sheet(self) -> None:
        ws = self.wb.create_sheet(PROSE_SHEET)
        heads = ["节", "页", "原句", "说明所述", "对照", "复算", "差额", "尾差允许", "结论", "规则", "性质"]
        for c, h in enumerate(heads, 1):
            ws.cell(1, c, h).font = Font(bold=True)
        r = 1
        for o in self.report.outcomes:
            if all(c.source == "table" for c in o.cells) and o.kind == "sum":
                continue
            r += 1
            self._prose_row(ws, r, o)
        for i in self.report.unchecked_claims:
            r += 1
            c = self.d.claims[i]
            put_text(ws.cell(r, 1), c.section)
            ws.cell(r, 2, c.page)
            put_text(ws.cell(r, 3), c.sentence)
            ws.cell(r, 4, float(c.value) if c.value is not None else None)
            ws.cell(r, 9, "无从核对")
        self._finish_list(ws, r, len(heads), [6, 5, 60, 12, 36, 12, 10, 10, 8, 16, 6], "说明核对表")

    def _prose_row(self, ws, r: int, o: Outcome) -> None:
        first = o.left[0].cells[0]
        place = self.describe.place(first)
        put_text(ws.cell(r, 1), place.section or "")
        ws.cell(r, 2, place.page)
        put_text(ws.cell(r, 3), place.sentence or place.row or "")
        ws.cell(r, 4, float(o.published) if o.published is not None else None)
        put_text(ws.cell(r, 5), "、".join(self.describe.cell(c) for op in o.right for c in op.cells))
        ws.cell(r, 10, o.rule)
        ws.cell(r, 11, "错误" if o.severity == "error" else "警告")
        if o.kind == "ratio":
            # Percentages: the document's own rounding (half up) of the ratio of the printed amounts.
            inputs = [self._value_formula(c) for op in o.right for c in op.cells]
            decimals = -Decimal(o.published).as_tuple().exponent if o.published is not None else 2
            exact = self._ratio_formula(o, inputs)
            ws.cell(r, 6, f"=ROUND({exact},{max(decimals, 0)})")
            ws.cell(r, 7, f"=ROUND(D{r}-({exact}),6)")
            ws.cell(r, 8, float(o.tolerance))
            ws.cell(r, 9, f'=IF(D{r}=F{r},"通过",IF(ABS(G{r})<=H{r}+{EPS},"尾差","不符"))')
        else:
            right = "+".join(f"{'-' if op.sign < 0 else ''}({self._value_formula(c)})" for op in o.right
                             for c in op.cells).replace("+-", "-") or "0"
            ws.cell(r, 6, f"={right}").number_format = MONEY
            ws.cell(r, 4).value = float(o.left[0].amount) if o.published is not None else None
            # A form's 元 amount as the table prints it: rounded half up to the cent of 万元.
            published = f"ROUND(D{r},2)" if first.source == "performance" else f"D{r}"
            ws.cell(r, 7, f"=ROUND({published}-F{r},6)")
            ws.cell(r, 8, float(o.tolerance))
            ws.cell(r, 9, f'=IF(ABS(G{r})<{EPS},"通过",IF(ABS(G{r})<=H{r}+{EPS},"尾差","不符"))')
        self._judged(o, f"{quote_sheetname(PROSE_SHEET)}!$I${r}")
        self.verdicts.append((PROSE_SHEET, r, o))

    def _other_sheet(self) -> None:
        """The findings that are not a relation over this workbook's figures (a missing table, a
        performance form, a comparison with another document), as a plain list; written only when
        there are some."""
        live = {finding_from_outcome(o, self.describe).message for o in self.report.outcomes if o.status != "pass"}
        others = [f for f in self.report.findings if f.message not in live]
        if not others:
            return
        ws = self.wb.create_sheet(OTHER_SHEET)
        heads = ["级别", "结论", "问题", "位置", "页", "规则", "依据"]
        for c, h in enumerate(heads, 1):
            ws.cell(1, c, h).font = Font(bold=True)
        for r, f in enumerate(others, 2):
            ws.cell(r, 1, SEVERITY_TEXT[f.severity])
            ws.cell(r, 2, f.status)
            put_text(ws.cell(r, 3), f.message)
            put_text(ws.cell(r, 4), f.location.section or f.location.table)
            ws.cell(r, 5, f.location.page)
            ws.cell(r, 6, f.rule)
            ws.cell(r, 7, "与其他公开文件比对" if f.rule.startswith("across-") else "本文件")
            ws.cell(r, 3).alignment = Alignment(wrap_text=True, vertical="top")
        for i, w in enumerate([6, 6, 80, 24, 5, 26, 16], 1):
            ws.column_dimensions[get_column_letter(i)].width = w
        ws.freeze_panes = "A2"

    def _value_formula(self, c: Cell) -> str:
        """A figure as a formula term in the document's money unit: live for table cells, the
        printed constant for prose and forms (they are text, not editable figures)."""
        if c.source == "table":
            return self.ref(c)
        return format(c.amount, "f")

    def _ratio_formula(self, o: Outcome, inputs: list[str]) -> str:
        if o.rule in ("prose-share", "prose-completion"):  # part ÷ whole; 决算数 ÷ 预算数
            return f"{inputs[0]}/{inputs[1]}*100"
        claim = self.d.claims[o.context["claim"]]
        if claim.change is None:  # measured from a stated base: ±(current − base) ÷ base
            sign = "-" if (claim.direction or 0) < 0 else ""
            return f"{sign}({inputs[1]}-{inputs[0]})/{inputs[0]}*100"
        change = self.d.claims[claim.change]
        if change.base is not None:
            return f"{inputs[0]}/{inputs[1]}*100"
        sign = change.direction or 0
        return f"{inputs[0]}/({inputs[1]}{'-' if sign > 0 else '+'}{inputs[0]})*100"

    def _judged(self, o: Outcome, status_cell: str) -> None:
        first = o.left[0].cells[0] if o.left and o.left[0].cells else None
        if first is None or first.source != "table" or first.row is None:
            return
        sheet = self.sheets.get(first.table)
        if sheet is None or (first.row, first.column) not in sheet.where:
            return
        key = (first.table, sheet.where[(first.row, first.column)])
        self.published.setdefault(key, []).append(status_cell)
        if o.status != "pass":
            self.notes.setdefault(key, []).append(finding_from_outcome(o, self.describe).message)

    def _finish_list(self, ws, last: int, width: int, widths: list[int], name: str) -> None:
        for i, w in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = w
        ws.freeze_panes = "A2"
        if last >= 2:
            table = ExcelTable(displayName=name, ref=f"A1:{get_column_letter(width)}{last}")
            table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
            ws.add_table(table)
        status_col = status_column(ws.title)
        rng = f"{status_col}2:{status_col}{max(last, 2)}"
        ws.conditional_formatting.add(rng, FormulaRule(formula=[f'{status_col}2="不符"'], fill=RED))
        ws.conditional_formatting.add(rng, FormulaRule(formula=[f'{status_col}2="尾差"'], fill=YELLOW))

    def _flags(self) -> None:
        """Highlight each published figure while any check on it says 不符 (red) or 尾差 (yellow),
        driven by the live status formulas, and attach the finding as a note."""
        for (key, coord), statuses in self.published.items():
            ws = self.sheets[key].ws
            mismatch = ",".join(f'{s}="不符"' for s in statuses)
            rounding = ",".join(f'{s}="尾差"' for s in statuses)
            ws.conditional_formatting.add(coord, FormulaRule(formula=[f"OR({mismatch})"], fill=RED, stopIfTrue=True))
            ws.conditional_formatting.add(coord, FormulaRule(formula=[f"OR({rounding})"], fill=YELLOW))
        for (key, coord), messages in self.notes.items():
            note = Comment("\n".join(dict.fromkeys(messages)), "budget-disclosure")
            note.width, note.height = 420, 120
            self.sheets[key].ws[coord].comment = note

    def _overview(self) -> None:
        ws = self.wb[OVERVIEW_SHEET]
        d = self.d
        ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 18, 50
        ws.cell(1, 1, "预算公开审核概况").font = Font(size=14, bold=True)
        facts = [("单位名称", d.entity), ("年度", d.year), ("类型", f"{d.level or ''}{d.kind}"), ("金额单位", d.unit),
                 ("来源文件", d.source_text), ("页数", d.page_count), ("模板", d.profile)]
        for n, (k, v) in enumerate(facts, 3):
            ws.cell(n, 1, k).font = Font(bold=True)
            put_text(ws.cell(n, 2), v) if isinstance(v, str) else ws.cell(n, 2, v)
        row = 3 + len(facts) + 1
        ws.cell(row, 1, "核对结论").font = Font(bold=True)
        checks, prose = quote_sheetname(CHECK_SHEET), quote_sheetname(PROSE_SHEET)
        for n, status in enumerate(("不符", "尾差", "通过"), 1):
            ws.cell(row + n, 1, status)
            ws.cell(row + n, 2, f'=COUNTIF({checks}!H:H,"{status}")+COUNTIF({prose}!I:I,"{status}")')
        # Findings by severity: a 不符 is an error or a warning as its rule says; a 尾差 is a note.
        for n, severity in enumerate(("错误", "警告"), 4):
            ws.cell(row + n, 1, f"{severity}（不符）")
            ws.cell(row + n, 2, f'=COUNTIFS({checks}!H:H,"不符",{checks}!I:I,"{severity}")'
                                f'+COUNTIFS({prose}!I:I,"不符",{prose}!K:K,"{severity}")')
        ws.cell(row + 6, 1, "提示（尾差）")
        ws.cell(row + 6, 2, f"=B{row + 2}")
        self._spending_chart(ws, row + 8)
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True

    def _spending_chart(self, ws, row: int) -> None:
        """一般公共预算支出 by 类 (表5), the structure the documents themselves draw, live."""
        t5, sheet = self.d.table("T05"), self.sheets.get("T05")
        if t5 is None or sheet is None:
            return
        classes = [i for i, r in enumerate(t5.rows) if r.level == "类" and (i, "total") in sheet.where]
        if not classes:
            return
        ws.cell(row, 1, f"一般公共预算支出结构（表5，{self.d.unit}）").font = Font(bold=True)
        for n, i in enumerate(classes, 1):
            put_text(ws.cell(row + n, 1), t5.rows[i].label)
            ws.cell(row + n, 2, f"={quote_sheetname(sheet.ws.title)}!{sheet.where[(i, 'total')]}").number_format = MONEY
        chart = BarChart()
        chart.type, chart.style, chart.title, chart.legend = "bar", 10, "一般公共预算支出结构", None
        chart.add_data(Reference(ws, min_col=2, min_row=row + 1, max_row=row + len(classes)))
        chart.set_categories(Reference(ws, min_col=1, min_row=row + 1, max_row=row + len(classes)))
        chart.height, chart.width = 7 + len(classes) * 0.6, 16
        ws.add_chart(chart, f"D{row}")


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _bound_formula(figures: list[tuple[str, Cell]]) -> str:
    """The rounding bound of a sum relation, live over its figures (check/tolerance.py's sum_bound):
    (⌈m/2⌉ − 1)·r for m non-zero figures all rounded to the same step r (0.01 in a 万元 document);
    else (⌈S/g⌉ − 1)·g with S half the steps of the non-zero figures and g the finest of them."""
    steps = [(x, c.resolution * c.scale) for x, c in figures if x != "0"]
    if not steps:
        return "0"
    if len({r for _, r in steps}) == 1:
        nonzero = "+".join(f"({x}<>0)" for x, _ in steps)
        return f"MAX(0,INT(({nonzero}+1)/2)-1)*{_number(steps[0][1])}"
    total = "+".join(f"({x}<>0)*{_number(r)}" for x, r in steps)
    finest = "-MAX(" + ",".join(f"IF({x}<>0,-{_number(r)},-1E+9)" for x, r in steps) + ")"
    return f"MAX(0,-INT(-ROUND(({total})/2/({finest}),6))-1)*({finest})"


def write_model_text(ws, text: str) -> None:
    """The model's JSON down column A of the hidden sheet (a cell holds at most 32,767 characters)."""
    ws.delete_rows(1, ws.max_row)
    for n in range(0, len(text), MODEL_CHUNK):
        put_text(ws.cell(n // MODEL_CHUNK + 1, 1), text[n:n + MODEL_CHUNK])


def read_model_text(ws) -> str:
    return "".join(row[0] or "" for row in ws.iter_rows(values_only=True))


def is_checked_workbook(path: str | os.PathLike) -> bool:
    """A workbook this tool wrote (it carries the hidden model sheet)?"""
    try:
        wb = load_workbook(path, read_only=True)
    except Exception:  # noqa: BLE001 - not a workbook at all: the readers will say why
        return False
    try:
        if MODEL_SHEET not in wb.sheetnames:
            return False
        first = next(wb[MODEL_SHEET].iter_rows(min_row=1, max_row=1, values_only=True), (None,))[0]
        return isinstance(first, str) and WORKBOOK_MARKER in first[:200]
    finally:
        wb.close()


def read_checked_workbook(path: str | os.PathLike) -> Disclosure:
    """The model of an imported workbook, with the figures as they now stand in its sheets."""
    formulas = load_workbook(path)
    values = load_workbook(path, data_only=True)  # a figure staff typed as a formula: its result
    stored = read_model_text(formulas[MODEL_SHEET])
    return model_from_figures(stored, lambda sheet, coord: (values[sheet][coord].value, formulas[sheet][coord].value),
                              str(path))


def model_from_figures(stored: str, figure_at, source: str) -> Disclosure:
    """The model kept in the hidden sheet, with each figure read through ``figure_at(sheet, cell)``
    -> (value, what was typed): the one read-back used for files and for a live Excel book."""
    data = json.loads(stored)
    d = from_dict(data["model"])
    for key, where in data["figures"].items():
        table = d.table(key)
        for i, column, coord in where["cells"]:
            value, typed = figure_at(where["sheet"], coord)
            figure = _figure(value, typed, source, where["sheet"], coord)
            printed = table.rows[i].values.get(column)
            # A figure left as imported keeps its printed decimals: a cell holds 64840547 for the
            # printed "64,840,547.00", which in 元 is rounded to the cent, not to the 元.
            table.rows[i].values[column] = printed if figure is not None and figure == printed else figure
    return d


def _figure(value, typed, source: str, sheet: str, coord: str) -> Decimal | None:
    if value is None and isinstance(typed, str) and typed.startswith("="):
        raise BadFigure(source, f"“{sheet}”{coord} 是公式 {typed}，但文件里没有它的计算结果；"
                                "请在 Excel/WPS 中打开并保存后再核对")
    if value is None or (isinstance(value, str) and is_blank(value)):
        return None  # blank, or a dash typed for "none" as the documents print it
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BadFigure(source, f"“{sheet}”{coord} 是“{value}”；请填数字或留空")
    # A float's repr is the shortest text that reads back as it: the figure as typed.
    return Decimal(value) if isinstance(value, int) else Decimal(repr(value))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def build_workbook(report: Report) -> Workbook:
    return WorkbookWriter(report).build()


def status_column(sheet: str) -> str:
    return "H" if sheet == CHECK_SHEET else "I"


def write_workbook(report: Report, path: str | os.PathLike, force: bool = False) -> Path:
    """Write the checked workbook of a report; see save_atomically."""
    return save_atomically(build_workbook(report), path, force)


def save_atomically(wb: Workbook, path: str | os.PathLike, force: bool = False) -> Path:
    """Write atomically (temporary file, then rename); never replace a file unless ``force``."""
    path = Path(path)
    if path.exists() and not force:
        raise FileExistsError(str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; a workbook is meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
