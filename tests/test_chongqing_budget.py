"""重庆市 部门预算公开 (12 张表): the real 2026 document of ../shared/real_pdfs — 重庆市人民政府办公厅 (125), a 部门预算
with its prose before the tables — read by profiles/chongqing_budget.toml into the standard keys (T01–T06, T08),
T14 (表八 “三公”经费 in one row, 2025 and 2026) and T18 (表九 政府采购预算明细表), and checked by
relations_budget.toml plus relations_chongqing_budget.toml. Figures pinned here were read from the PDF by eye
(pdftotext -layout).

The unit test at the end exercises, without the PDF, the general mechanism this family needed: a 7-digit
经济科目 (3010201 规范性津补贴) nested under its 款 (30102 津贴补贴)."""
from __future__ import annotations

from decimal import Decimal

from budget_disclosure.profiles import get_profile
from budget_disclosure.recognise.rows import Line, RowBuilder


def test_a_seven_digit_economic_code_is_a_part_of_its_five_digit_item():
    spec = get_profile("fujian-budget").table("T06")  # any table read with rows kind `coded_economic`
    lines = [Line({"code": c, "name": n}, {"total": Decimal(v)}, 17)
             for c, n, v in [("", "合计", "1010.00"), ("301", "工资福利支出", "1010.00"), ("30101", "基本工资", "50.00"),
                             ("30102", "津贴补贴", "960.00"), ("3010201", "规范性津补贴", "905.00"),
                             ("3010202", "其他津补贴", "55.00")]]
    rows = RowBuilder(spec, None, set()).build("coded_economic", lines)
    assert [(r.code, r.level, r.parent) for r in rows] == [
        (None, None, None), ("301", "类", 0), ("30101", "款", 1), ("30102", "款", 1), ("3010201", "项", 3),
        ("3010202", "项", 3)]
    # A 7-digit code whose 款 is not printed stays a part of its 类.
    rows = RowBuilder(spec, None, set()).build("coded_economic", [lines[1], lines[4]])
    assert [(r.code, r.level, r.parent) for r in rows] == [("301", "类", None), ("3010201", "款", 0)]
