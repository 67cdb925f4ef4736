"""=BUDGET_*() worksheet functions for Excel through xlwings.

The template workbooks' xlwings.conf sheet names this module, so with the xlwings add-in
installed, "Import Functions" is all a user clicks. Every function is a plain-Python one in
excel/functions.py; this module only declares how Excel passes ranges to them.
"""
from __future__ import annotations

import xlwings as xw

from .excel import functions as fn


@xw.func
@xw.arg("codes", ndim=1)
@xw.arg("amounts", ndim=1)
def BUDGET_TOTAL(codes, amounts, code=None):
    """科目编码区域与金额区域的复算合计（只加末级科目）；给出 code 时为该类/款的复算小计。"""
    return fn.budget_total(codes, amounts, code)


@xw.func
def BUDGET_CHECK(published, recomputed, terms=1):
    """公布数与复算数比较：通过 / 尾差 / 不符（尾差允许 ⌊terms/2⌋ 分）。"""
    return fn.budget_check(published, recomputed, terms)


@xw.func
def BUDGET_RATIO(part, whole, digits=2):
    """占比（%），按四舍五入保留 digits 位。"""
    return fn.budget_ratio(part, whole, digits)


@xw.func
def BUDGET_GROWTH(current, change, digits=2):
    """增长率（%）= 增减额 ÷（本年数 − 增减额），四舍五入。"""
    return fn.budget_growth(current, change, digits)


@xw.func
def BUDGET_NAME(code):
    """支出功能分类类级科目的名称。"""
    return fn.budget_name(code)


@xw.func
def BUDGET_LEVEL(code):
    """科目编码的级次：类 / 款 / 项。"""
    return fn.budget_level(code)


@xw.func
def BUDGET_TABLE(file, table):
    """读取公开文件中的一张标准表（溢出为区域）。"""
    return fn.budget_table(file, table)


@xw.func
def BUDGET_VALUE(file, table, row, column):
    """读取公开文件中的一个数。"""
    return fn.budget_value(file, table, row, column)


@xw.func
def BUDGET_FINDINGS(file):
    """公开文件的全部核对结论（溢出为区域）。"""
    return fn.budget_findings(file)
