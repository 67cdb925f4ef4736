"""The =BUDGET_* worksheet functions, called as Excel calls them (floats, blanks as None, ranges
as lists of rows), and through their xlwings adapters."""
from __future__ import annotations

import pytest

from budget_disclosure import udfs
from budget_disclosure.excel import functions as fn
from budget_disclosure.render.sample import SAMPLE_PDF

# 表3 of the sample as a column range: 合计 row (no code), then 类/款/项 as Excel sends them.
CODES = [[None], [201.0], [20132.0], [2013299.0], [208.0], [20805.0], [2080502.0], [2080505.0], [2080506.0]]
AMOUNTS = [[258.70], [2.31], [2.31], [2.31], [256.39], [256.39], [52.55], [135.90], [67.95]]


def test_total_adds_only_the_leaves_so_nothing_is_counted_twice():
    assert fn.budget_total(CODES, AMOUNTS) == pytest.approx(258.71)  # 2.31 + 52.55 + 135.90 + 67.95
    assert fn.budget_total(CODES, AMOUNTS, 20805) == pytest.approx(256.40)
    assert fn.budget_total(CODES, AMOUNTS, "208") == pytest.approx(256.40)
    # A 类 printed without parts is its own leaf; a blank or a dash is zero.
    assert fn.budget_total([[211], [221.0]], [["-"], [111.04]]) == pytest.approx(111.04)


@pytest.mark.parametrize("codes, amounts, says", [
    (CODES, AMOUNTS[:-1], "行数应相同"),
    ([[201], [12]], [[1], [2]], "“12”不是 3、5 或 7 位数字"),
    ([[201]], [["一百"]], "第1行是文字“一百”，不是金额"),
])
def test_total_explains_bad_ranges_in_the_cell(codes, amounts, says):
    result = fn.budget_total(codes, amounts)
    assert result.startswith("#") and says in result


def test_check_uses_the_same_rounding_bound_as_the_python_checks():
    assert fn.budget_check(1477.21, 1477.20, 2) == "尾差 0.01"  # 表6 of seed 000
    assert fn.budget_check(1400.29, 1400.31, 2).startswith("不符 -0.02")
    assert fn.budget_check(25.20, 25.20) == "通过"
    assert fn.budget_check(25.21, 25.20) .startswith("不符")  # one term: exactly
    assert fn.budget_check(1833.76, 1833.75, 5) == "尾差 0.01" and fn.budget_check(1833.76, 1833.73, 5).startswith("不符")


def test_ratio_and_growth_round_half_up_like_the_documents():
    assert fn.budget_ratio(1570.01, 1833.76) == 85.62
    assert fn.budget_ratio(1, 8, 2) == 12.5 and fn.budget_ratio(0.125, 1, 1) == 12.5
    assert fn.budget_ratio(0.02665, 1, 2) == 2.67  # half up; banker's rounding would give 2.66
    assert fn.budget_growth(1833.76, 340.87) == 22.83  # seed 000
    assert fn.budget_growth(686.97, -125.6) == -15.46  # seed 002 prints 15.45
    assert fn.budget_ratio(1, 0).startswith("#") and fn.budget_growth(5, 5).startswith("#上年数为 0")


def test_names_and_levels_of_codes():
    assert fn.budget_name(211) == "节能环保支出" and fn.budget_name("224") == "灾害防治及应急管理支出"
    assert fn.budget_level(2080505.0) == "项" and fn.budget_level("20805") == "款" and fn.budget_level(208) == "类"
    assert fn.budget_name(218).startswith("#218 不是") and fn.budget_name(None).startswith("#")


def test_reading_a_disclosure_file_from_a_cell():
    path = str(SAMPLE_PDF)
    assert fn.budget_value(path, 3, 211.0, "项目支出") == 356.55
    assert fn.budget_value(path, 3.0, 211.0, "项目支出") == 356.55  # a typed 3 arrives from Excel as 3.0
    assert fn.budget_value(path, "表10", "vehicle_operation", "total") == 25.20
    table = fn.budget_table(path, "T03")
    assert table[0] == ["科目编码", "名称", "合计", "基本支出", "项目支出"] and table[1][:3] == ["", "合计", 1833.76]
    findings = fn.budget_findings(path)
    assert findings[0][:3] == ["严重性", "规则", "结论"] and {r[0] for r in findings[1:]} == {"提示"}
    assert fn.budget_table("/no/such.pdf", 3) == "#找不到文件 /no/such.pdf"
    assert fn.budget_value(path, 3, 999, "合计").startswith("#")


def test_the_xlwings_adapters_are_the_plain_functions():
    assert udfs.BUDGET_TOTAL(CODES, AMOUNTS) == fn.budget_total(CODES, AMOUNTS)
    assert udfs.BUDGET_RATIO(1570.01, 1833.76) == 85.62 and udfs.BUDGET_LEVEL(211) == "类"
    assert {name for name in dir(udfs) if name.startswith("BUDGET_")} == {
        "BUDGET_TOTAL", "BUDGET_CHECK", "BUDGET_RATIO", "BUDGET_GROWTH", "BUDGET_NAME", "BUDGET_LEVEL",
        "BUDGET_TABLE", "BUDGET_VALUE", "BUDGET_FINDINGS"}
