"""The worksheet functions as Office.js custom functions, served by xlwings Server.

With the manifest's namespace BUDGET they appear in Excel as =BUDGET.TOTAL(...), =BUDGET.CHECK(...)
and so on. Each is a one-line call into excel/functions.py, the same plain-Python functions the
desktop =BUDGET_*() wrappers (budget_disclosure.udfs) call, so both flavours give identical results.

How the names fit together: the Python name (budget_total) is what the client posts as
``func_name`` and, upper-cased, the custom function's metadata ``id`` (BUDGET_TOTAL, which
functions.js associates); ``name=`` sets the Excel-facing name (TOTAL), to which Excel prepends the
manifest's namespace. This module sets no ``__xlwings_func_namespace__`` and no per-function
``namespace=``, so the namespace is never doubled (BUDGET.BUDGET.TOTAL).

TABLE, VALUE and FINDINGS read a path *on the server*, exactly as the desktop functions read one
on the user's machine, so their answers (and "not found" messages) reveal what the server process
can read: run it under an account that can read the disclosure folders and little else.

Excel passes every argument as a 2-D array (the metadata declares them "matrix"); xlwings unwraps a
single cell to a scalar and turns blank cells ("" or null) into None, and the core flattens ranges
itself, so no converter options are needed.
"""
from __future__ import annotations

from xlwings.server import arg, func

from ..excel import functions as fn

_FILE = "公开文件的路径（服务器上可读取的 PDF、XLSX、HTML 或文本文件）"
_TABLE = "表号：3、表3 或 T03"


@func(name="TOTAL")
@arg("codes", doc="科目编码区域（类、款、项编码）")
@arg("amounts", doc="与编码区域逐行对应的金额区域")
@arg("code", doc="可选：类或款的编码，给出时返回该类/款的复算小计")
def budget_total(codes, amounts, code=None):
    """科目编码区域与金额区域的复算合计（只加末级科目，不重复计算类、款）；给出编码时为该类/款的复算小计。"""
    return fn.budget_total(codes, amounts, code)


@func(name="CHECK")
@arg("published", doc="公布数")
@arg("recomputed", doc="复算数")
@arg("terms", doc="可选：参与求和的非零项数（默认 1），尾差允许 ⌊项数/2⌋ 分")
def budget_check(published, recomputed, terms=1):
    """公布数与复算数比较：通过 / 尾差 / 不符。"""
    return fn.budget_check(published, recomputed, terms)


@func(name="RATIO")
@arg("part", doc="部分")
@arg("whole", doc="整体")
@arg("digits", doc="可选：保留小数位数（0 到 6，默认 2）")
def budget_ratio(part, whole, digits=2):
    """占比（%）= 部分 ÷ 整体 × 100，四舍五入。"""
    return fn.budget_ratio(part, whole, digits)


@func(name="GROWTH")
@arg("current", doc="本年数")
@arg("change", doc="比上年增减额（减少为负数）")
@arg("digits", doc="可选：保留小数位数（0 到 6，默认 2）")
def budget_growth(current, change, digits=2):
    """增长率（%）= 增减额 ÷（本年数 − 增减额）× 100，四舍五入。"""
    return fn.budget_growth(current, change, digits)


@func(name="NAME")
@arg("code", doc="支出功能分类类级编码，如 211")
def budget_name(code):
    """支出功能分类类级科目的名称。"""
    return fn.budget_name(code)


@func(name="LEVEL")
@arg("code", doc="支出功能分类编码（3、5 或 7 位）")
def budget_level(code):
    """科目编码的级次：类 / 款 / 项。"""
    return fn.budget_level(code)


@func(name="TABLE")
@arg("file", doc=_FILE)
@arg("table", doc=_TABLE)
def budget_table(file, table):
    """读取公开文件中的一张标准表（溢出为区域）。"""
    return fn.budget_table(file, table)


@func(name="VALUE")
@arg("file", doc=_FILE)
@arg("table", doc=_TABLE)
@arg("row", doc="行：科目编码、行名称或行键")
@arg("column", doc="列：列名称或列键，如 项目支出")
def budget_value(file, table, row, column):
    """读取公开文件中的一个数。"""
    return fn.budget_value(file, table, row, column)


@func(name="FINDINGS")
@arg("file", doc=_FILE)
def budget_findings(file):
    """公开文件的全部核对结论（溢出为区域）：严重性、规则、结论、说明、位置。"""
    return fn.budget_findings(file)
