"""The worksheet functions (=BUDGET_TOTAL(...) and friends) as plain Python.

Each takes and returns what Excel passes and shows: numbers as floats, blank cells as None, ranges
as lists. A problem becomes a short Chinese message starting with "#" (shown in the cell, never a
traceback). The xlwings adapters (budget_disclosure.udfs) only wrap these.
"""
from __future__ import annotations

import os
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ..amounts import is_blank
from ..classification import level_of_code
from ..check.tolerance import CENT, round_half_up, sum_bound


class CellProblem(Exception):
    """What the cell shows instead of a value."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = "#" + text


def _flat(values) -> list:
    """A range as Excel passes it (a value, a row, a column or a 2-D block) as one list."""
    if not isinstance(values, (list, tuple)):
        return [values]
    out = []
    for v in values:
        out.extend(_flat(v) if isinstance(v, (list, tuple)) else [v])
    return out


def _number(value, where: str) -> Decimal | None:
    """A figure: None for a blank cell or a dash; the exact decimal the cell shows otherwise."""
    if value is None or (isinstance(value, str) and is_blank(value)):
        return None
    if isinstance(value, bool):
        raise CellProblem(f"{where}是逻辑值，不是金额")
    if isinstance(value, (int, float)):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    try:
        return Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise CellProblem(f"{where}是文字“{value}”，不是金额") from None


def _code(value, where: str) -> str | None:
    """A 功能分类 code as typed: 201, "20805", 2080505.0 (Excel sends numbers as floats)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if not text.isdigit() or level_of_code(text) is None:
        raise CellProblem(f"{where}的科目编码“{text}”不是 3、5 或 7 位数字")
    return text


def _result(value: Decimal) -> float:
    return float(value)


def budget_total(codes, amounts, code=None):
    """The recomputed total of a coded table range (科目编码, 金额): the sum of its leaf rows only,
    since a published table lists 类, 款 and 项 together and a plain SUM counts them twice or
    three times. With ``code``, the recomputed subtotal of that 类 or 款 from its 项.

    =BUDGET_TOTAL(A6:A24, C6:C24)         -> 1833.75 (表3 of the sample; the printed 合计 is 1833.76)
    =BUDGET_TOTAL(A6:A24, C6:C24, 20805)  -> 256.40
    """
    try:
        codes, amounts = _flat(codes), _flat(amounts)
        if len(codes) != len(amounts):
            raise CellProblem(f"编码区域有 {len(codes)} 格，金额区域有 {len(amounts)} 格，行数应相同")
        rows = [(_code(c, f"第{i + 1}行"), _number(a, f"第{i + 1}行")) for i, (c, a) in enumerate(zip(codes, amounts))]
        coded = [c for c, _ in rows if c]
        # A leaf is a code no other printed code extends (a 项, or a 类/款 printed without parts).
        leaves = {c for c in coded if not any(o != c and o.startswith(c) for o in coded)}
        want = _code(code, "参数 code") if code is not None else None
        if want is not None and want not in coded and not any(c.startswith(want) for c in coded):
            raise CellProblem(f"区域中没有编码 {want} 及其下级科目")
        total = sum((a or Decimal(0) for c, a in rows if c in leaves and (want is None or c.startswith(want))),
                    Decimal(0))
        return _result(total)
    except CellProblem as problem:
        return problem.text


def budget_check(published, recomputed, terms=1):
    """通过 / 尾差 / 不符 for a published figure against its recomputation from ``terms`` printed
    non-zero figures, with the same rounding bound as the Python checks (⌊terms/2⌋ cents).

    =BUDGET_CHECK(C5, BUDGET_TOTAL(A6:A24,C6:C24), 5)  -> "尾差 0.01"
    """
    try:
        p = _number(published, "公布数") or Decimal(0)
        r = _number(recomputed, "复算数") or Decimal(0)
        n = _number(terms, "terms")
        if n is None or n < 0 or n != n.to_integral_value():
            raise CellProblem("terms 应是非负整数（参与求和的非零项数）")
        figures = int(n) + (1 if p else 0)
        bound = sum_bound([CENT] * figures)
        diff = p - r
        if diff == 0:
            return "通过"
        sign = format(diff.quantize(CENT), "f")
        return f"尾差 {sign}" if abs(diff) <= bound else f"不符 {sign}（允许 ±{format(bound, 'f')}）"
    except CellProblem as problem:
        return problem.text


def budget_ratio(part, whole, digits=2):
    """part ÷ whole × 100, rounded half up as the documents print shares (85.615 -> 85.62, not
    banker's 85.62/85.61). =BUDGET_RATIO(1570.01, 1833.76) -> 85.62"""
    try:
        p, w = _number(part, "part"), _number(whole, "whole")
        d = _digits(digits)
        if not w:
            raise CellProblem("总额为 0 或空，无法计算占比")
        return _result(round_half_up((p or Decimal(0)) / w * 100, d))
    except CellProblem as problem:
        return problem.text


def budget_growth(current, change, digits=2):
    """The growth rate a document prints for "比上年增加Δ": Δ ÷ (本年 − Δ) × 100, rounded half up;
    a decrease is a negative change. =BUDGET_GROWTH(1833.76, 340.87) -> 22.83"""
    try:
        c, delta = _number(current, "current"), _number(change, "change")
        d = _digits(digits)
        if c is None or delta is None:
            raise CellProblem("本年数和增减额都要填")
        base = c - delta
        if base == 0:
            raise CellProblem("上年数为 0，不能计算增长率")
        return _result(round_half_up(delta / base * 100, d))
    except CellProblem as problem:
        return problem.text


def _digits(value) -> int:
    d = _number(value, "digits")
    if d is None:
        return 2
    if d < 0 or d > 6 or d != d.to_integral_value():
        raise CellProblem("digits 应是 0 到 6 的整数")
    return int(d)


@lru_cache(maxsize=1)
def _class_names() -> dict[str, str]:
    from ..classification import function_classes

    return {c["code"]: c["name"] for c in function_classes()}


def budget_name(code):
    """The national name of a 功能分类 类 code. =BUDGET_NAME(211) -> 节能环保支出"""
    try:
        c = _code(code, "参数")
        if c is None:
            raise CellProblem("编码为空")
        name = _class_names().get(c[:3])
        if name is None:
            raise CellProblem(f"{c[:3]} 不是支出功能分类的类")
        if len(c) > 3:
            raise CellProblem(f"只收录了类级科目名称：{c[:3]} {name}")
        return name
    except CellProblem as problem:
        return problem.text


def budget_level(code):
    """类 / 款 / 项 of a 功能分类 code. =BUDGET_LEVEL(2080505) -> 项"""
    try:
        c = _code(code, "参数")
        if c is None:
            raise CellProblem("编码为空")
        return level_of_code(c)
    except CellProblem as problem:
        return problem.text


# ── reading disclosure files (cached per path and modification time) ───────────────────────

@lru_cache(maxsize=16)
def _report(path: str, mtime: float):
    from ..check import check
    from ..extract import extract

    return check(extract(path))


def _report_for(file):
    from ..errors import DisclosureError

    path = str(file or "").strip()
    if not path:
        raise CellProblem("请给出公开文件的路径")
    try:
        return _report(path, os.path.getmtime(path))
    except OSError:
        raise CellProblem(f"找不到文件 {path}") from None
    except DisclosureError as exc:
        raise CellProblem(exc.message) from None


def _table_of(report, table):
    if isinstance(table, float) and table.is_integer():
        table = int(table)  # Excel sends a typed 3 as 3.0
    key = str(table or "").strip().upper()
    if key.isdigit():
        key = f"T{int(key):02d}"
    if key.startswith("表") and key[1:].isdigit():
        key = f"T{int(key[1:]):02d}"
    t = report.disclosure.table(key)
    if t is None:
        raise CellProblem(f"文件中没有表 {table}（可写 3、表3 或 T03）")
    return t


def budget_table(file, table):
    """A standard table of a disclosure file as a block (spills): header, then each row's code,
    name and figures. =BUDGET_TABLE("D:\\公开\\2026预算.pdf", 3)"""
    try:
        t = _table_of(_report_for(file), table)
        head = ["科目编码", "名称", *[t.column_titles.get(c) or c for c in t.columns]]
        body = [[r.code or "", r.label, *[_result(r.values[c]) if r.values.get(c) is not None else None
                                          for c in t.columns]] for r in t.rows]
        return [head, *body]
    except CellProblem as problem:
        return problem.text


def budget_value(file, table, row, column):
    """One figure: the row by code, key or printed name, the column by key or printed header.
    =BUDGET_VALUE(file, 3, 211, "项目支出") -> 356.55"""
    try:
        t = _table_of(_report_for(file), table)
        wanted = str(int(row)) if isinstance(row, float) and row.is_integer() else str(row).strip()
        r = next((r for r in t.rows if wanted in (r.code, r.key, r.label)), None)
        if r is None:
            raise CellProblem(f"{t.name} 中没有行 {wanted}")
        col = next((c for c in t.columns if column in (c, t.column_titles.get(c))), None)
        if col is None:
            raise CellProblem(f"{t.name} 中没有列 {column}")
        value = r.values.get(col)
        return None if value is None else _result(value)
    except CellProblem as problem:
        return problem.text


def budget_findings(file):
    """Every finding on a disclosure file as a block: 严重性, 规则, 结论, 说明, 位置.
    =BUDGET_FINDINGS("D:\\公开\\2026预算.pdf")"""
    try:
        report = _report_for(file)
        severity = {"error": "错误", "warning": "警告", "info": "提示"}
        rows = [["严重性", "规则", "结论", "说明", "位置"]]
        for f in report.findings:
            where = f.location.section or " ".join(x for x in (f.location.table, f.location.row, f.location.column) if x)
            rows.append([severity[f.severity], f.rule, f.status, f.message, where])
        return rows
    except CellProblem as problem:
        return problem.text


__all__ = ["budget_total", "budget_check", "budget_ratio", "budget_growth", "budget_name", "budget_level",
           "budget_table", "budget_value", "budget_findings"]
