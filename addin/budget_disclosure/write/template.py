"""The shared template workbook (workbook_templates/预算公开审核模板.xlsx): the 13 sheets with the
standard rows, empty figure cells and every formula and flag in place, so staff can type or paste
a document's figures and watch the checks light up.

    budget-disclosure template -o workbook_templates/预算公开审核模板.xlsx --force

It is the same writer as `import`, fed with a model of the standard rows and no figures.
"""
from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from openpyxl import Workbook

from ..check import Report
from ..check.catalog import budget_catalog
from ..check.engine import evaluate_relations
from ..classification import economic_classes, economic_items, function_classes
from ..model import Disclosure, Row, Table
from ..profiles import TableSpec, get_profile
from .workbook import WorkbookWriter

TEMPLATE_NAME = "预算公开审核模板.xlsx"
PROFILE = "shanxi-budget"
UNIT_ROWS = 8  # blank 单位 rows in 表11
PROJECT_ROWS = 20  # blank 项目 rows in 表12 / 表13
# xlwings finds the project's worksheet functions through this sheet once the add-in is installed;
# nothing in the template needs them to recompute.
XLWINGS_CONF = [("UDF Modules", "budget_disclosure.udfs"), ("Interpreter_Win", ""), ("Show Console", "False")]


def _blank(spec: TableSpec, side: str | None) -> dict:
    return {c.key: None for c in spec.amount_columns(side)}


def _named(spec: TableSpec, side: str | None) -> list[Row]:
    return [Row(label=_label(r), values=_blank(spec, side), key=r.key, role=r.role, side=side)
            for r in spec.named_rows(side)]


_LABELS = {
    "general_budget": "一般公共预算", "gov_fund": "政府性基金预算", "state_capital": "国有资本经营预算",
    "special_account": "财政专户管理资金", "unit_funds": "单位资金", "income_total": "本年收入合计",
    "carryover": "上年结转", "carryover_general_budget": "一般公共预算", "carryover_gov_fund": "政府性基金预算",
    "carryover_state_capital": "国有资本经营预算", "income_grand_total": "收入总计",
    "expenditure_total": "本年支出合计", "year_end_carryover": "年终结转", "expenditure_grand_total": "支出总计",
    "overseas": "因公出国（境）费", "reception": "公务接待费", "vehicles": "公务用车购置及运行费",
    "vehicle_purchase": "①公务用车购置费", "vehicle_operation": "②公务用车运行维护费", "total": "合计",
}


def _label(spec_row) -> str:
    return _LABELS.get(spec_row.key, spec_row.key)


def _classes(spec: TableSpec, side: str | None, parent: int | None = None) -> list[Row]:
    return [Row(label=c["name"], values=_blank(spec, side), code=c["code"], level="类", side=side, parent=parent)
            for c in function_classes()]


def _table(spec: TableSpec) -> Table:
    rows: list[Row] = []
    for side, kind in spec.row_kinds.items():
        if kind == "classes":  # 表1/表4 print the 类 before their totals
            rows += _classes(spec, side) + _named(spec, side)
        elif kind == "named":
            rows += _named(spec, side)
        elif kind == "coded":
            start = len(rows)
            rows.append(Row(label="合计", values=_blank(spec, side), role="total", key="total", side=side))
            if spec.key in ("T02", "T03", "T05", "T08"):
                rows += _classes(spec, side, parent=start)
        elif kind == "economic":
            rows.append(Row(label="合计", values=_blank(spec, side), role="total", key="total"))
            for group in economic_classes():
                items = [i for i in economic_items() if i["group"] == group["code"]]
                if not items:
                    continue
                g = len(rows)
                rows.append(Row(label=group["name"], values=_blank(spec, side), code=group["code"], level="类",
                                role="group", parent=0))
                rows += [Row(label=i["name"], values=_blank(spec, side), level="款", parent=g) for i in items]
        elif kind == "units":
            rows.append(Row(label="部门合计", values=_blank(spec, side), role="total", key="total", level="部门"))
            rows += [Row(label="", values=_blank(spec, side), level="单位", parent=0) for _ in range(UNIT_ROWS)]
        elif kind == "projects":
            rows.append(Row(label="合计", values=_blank(spec, side), role="total", key="total", level="单位"))
            rows += [Row(label="", values=_blank(spec, side), level="项目", parent=0) for _ in range(PROJECT_ROWS)]
    columns = [c.key for c in spec.columns if not c.text]
    titles = {c.key: _column_title(c.key) for c in spec.columns if not c.text}
    return Table(spec.key, spec.name, spec.name, [], False, columns, rows, titles)


_COLUMN_TITLES = {"amount": "金额", "total": "合计", "current_year": "当年预算安排", "carryover": "上年结转",
                  "general_budget": "一般公共预算", "gov_fund": "政府性基金预算", "state_capital": "国有资本经营预算",
                  "special_account": "财政专户管理资金", "unit_funds": "单位资金", "basic": "基本支出",
                  "project": "项目支出", "personnel": "人员经费", "public_use": "公用经费"}


def _column_title(key: str) -> str:
    return _COLUMN_TITLES.get(key, key)


def template_model() -> Disclosure:
    profile = get_profile(PROFILE)
    return Disclosure(kind=profile.kind, year=None, entity=None, level=None, unit="万元", profile=profile.id,
                      source=TEMPLATE_NAME, format="template", tables=[_table(s) for s in profile.tables], sections=[])


def template_bytes() -> bytes:
    """The template file, byte for byte the same on every run (fixed timestamps), so the committed
    copy can be compared with what the generator produces."""
    wb = build_template()
    wb.properties.created = wb.properties.modified = datetime(2026, 1, 1)
    raw = io.BytesIO()
    wb.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the clock
                data = re.sub(rb"<dcterms:modified[^>]*>[^<]*</dcterms:modified>", b"", data)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0)), data,
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def build_template() -> Workbook:
    d = template_model()
    report = Report(d, evaluate_relations(d, budget_catalog(), keep_blank=True), [])
    wb = WorkbookWriter(report).build()
    ws = wb.create_sheet("xlwings.conf")
    for n, (key, value) in enumerate(XLWINGS_CONF, 1):
        ws.cell(n, 1, key)
        ws.cell(n, 2, value)
    ws.sheet_state = "hidden"
    return wb
