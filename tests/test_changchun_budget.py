"""长春 部门预算公开: the real 2026 document of ../shared/real_pdfs — 长春市信访局（本级） (240), 部门预算 —
read by profiles/changchun_budget.toml into T01, T03–T06, T08, T14 (the one-row “三公” table) and T15 (收入总表 by
unit), every table with its 当年预算 and 上年结转（结余） blocks, and checked by relations_budget.toml plus
relations_changchun_budget.toml. Figures pinned here were read from the PDF by eye (pdftotext -layout).

The unit test at the end exercises, without the PDF, the general mechanism this family needed: a title (and
its "预算单位：… 单位：万元" line) drawn inside the table's grid."""
from __future__ import annotations

from decimal import Decimal

import pytest

from budget_disclosure.profiles import get_profile
from budget_disclosure.raw import RawDocument, RawTable
from budget_disclosure.recognise import _locate

from real_reads import review_real
from conftest import assert_judged, printed_figure

KEYS = ["T01", "T03", "T04", "T05", "T06", "T08", "T14", "T15"]
DOCUMENTS = {"240": (2026, "长春市信访局（本级）", "部门", [6, 8, 9, 10, 11, 13, 12, 7])}


@pytest.fixture(scope="module")
def reports():
    return review_real(DOCUMENTS)


def test_the_document_is_read_with_its_tables(reports):
    d = reports["240"].disclosure
    year, entity, level, first_pages = DOCUMENTS["240"]
    assert (d.kind, d.year, d.entity, d.level, d.profile, d.unit) == ("预算", year, entity, level, "changchun-budget", "万元")
    # 预算表9 项目支出表 (with 预算表10, empty, drawn as wide on the next page) stays a 未识别的表.
    assert [t.key for t in d.tables] == KEYS + ["U01"]
    assert [t.pages[0] for t in d.tables[:-1]] == first_pages
    assert all(t.unit == "万元" for t in d.tables[:-1])
    assert [n.code for n in d.notices] == ["unrecognised-table"]
    assert d.table("T08").empty and not d.table("T14").empty


PINNED = [
    ("T01", "amount", {"row_key": "general_budget"}, "1682.76"),
    ("T01", "income_carryover", {"row_key": "income_total"}, "0.00"),
    ("T01", "current_year", {"code": "208"}, "178.42"),  # 二、社会保障和就业支出
    ("T15", "general_budget", {"label": "长春市信访局"}, "1682.76"),  # vertical one-character headers
    ("T03", "basic", {"row_key": "total"}, "1208.2"),  # "总计："
    ("T03", "total", {"code": "2080505"}, "105.80"),  # name wrapped on four lines
    ("T04", "total", {"code": "221"}, "93.27"),
    ("T05", "total", {"row_key": "total"}, "1682.76"),  # printed "1682.7" / "6"
    ("T05", "basic", {"code": "201"}, "903.85"),
    ("T05", "carryover", {"code": "2014001"}, "0.00"),  # printed "0.0" / "0"
    ("T06", "public_use", {"code": "30239"}, "54.08"),
    ("T14", "vehicle_operation", {"row_key": "total"}, "6.75"),
    ("T14", "total", {"row_key": "total"}, "7.61"),
]


@pytest.mark.parametrize("key, column, where, printed", PINNED)
def test_figures_read_by_eye(reports, key, column, where, printed):
    assert printed_figure(reports["240"].disclosure, key, column, **where) == Decimal(printed)


JUDGED = {"240": [
    # 表3 (p8): 2014002 一般行政管理事务 and 2014099 其他信访事务支出 print 当年预算小计 0.00 beside 项目支出
    # 458.00 / 16.56 (合计 458.00 / 16.56): their 款 20140 prints 小计 1378.41 = 903.85 + 474.56, and 表5 (p10)
    # prints 458.00 / 16.56 in the same 小计. The 小计 cells are wrong.
    ("error", "hierarchy", "表3 支出总表 20140 信访事务 小计 1378.41 ≠ 3个项之和 903.85"),
    # 表6 (p11): the 款 under 301 工资福利支出 add up to 920.96, not 911.21 (297.50 + 179.46 + 194.78 + 105.80 +
    # 32.65 + 3.36 + 93.27 + 4.40 + 9.74), those under 302 商品和服务支出 to 221.37, not 211.00: 20.12 more than
    # the printed 合计 1208.20 (which 表5's 基本支出 confirms). The item rows are wrong (p11 also numbers both
    # 取暖费 and 物业管理费 30208).
    ("error", "hierarchy", "表6 基本支出经济分类表 301 工资福利支出 合计 911.21 ≠ 9个款之和 920.96"),
    ("error", "hierarchy", "表6 基本支出经济分类表 301 工资福利支出 小计 911.21 ≠ 9个款之和 920.96"),
    ("error", "hierarchy", "表6 基本支出经济分类表 301 工资福利支出 人员经费 911.21 ≠ 9个款之和 920.96"),
    ("error", "hierarchy", "表6 基本支出经济分类表 302 商品和服务支出 合计 211.00 ≠ 14个款之和 221.37"),
    ("error", "hierarchy", "表6 基本支出经济分类表 302 商品和服务支出 小计 211.00 ≠ 14个款之和 221.37"),
    ("error", "hierarchy", "表6 基本支出经济分类表 302 商品和服务支出 公用经费 211.00 ≠ 14个款之和 221.37"),
    # The same two 小计 cells of 表3 p8, against their rows' 合计 and parts.
    ("error", "CC-blocks", "表3 支出总表 2014002 一般行政管理事务 合计 458.00"),
    ("error", "CC-blocks", "表3 支出总表 2014099 其他信访事务支出 合计 16.56"),
    ("error", "CC-T03-current", "表3 支出总表 2014002 一般行政管理事务 小计 0.00"),
    ("error", "CC-T03-current", "表3 支出总表 2014099 其他信访事务支出 小计 0.00"),
    # 预算表8 (p13) prints its header and nothing under it: no "本表无数据" or any word that it is empty.
    ("warning", "doc-table-empty-unmarked", "表8 政府性基金支出表 没有数据"),
]}


def test_the_findings_are_the_documents_real_mistakes(reports):
    assert_judged(reports["240"], JUDGED["240"])


def test_the_relations_that_hold_are_checked_not_skipped(reports):
    applied = {o.rule for o in reports["240"].outcomes if o.status == "pass"}
    assert {"T01-columns", "T01-income-total", "T01-expenditure-total", "T01-expenditure-grand-total", "T01-balance",
            "T01-current-year", "T01-carryover", "T01-T03-classes", "T01-T03-total", "T04-balance", "T05-T04-total",
            "T05-T06-basic", "T06-columns", "T08-T04-gov-fund", "hierarchy", "CC-T01-income-columns", "CC-T04-columns",
            "CC-T01-fiscal", "CC-T01-unit-funds", "CC-T01-income-total", "CC-T01-income-grand-total",
            "CC-T04-income-total", "CC-T04-balance", "CC-blocks", "CC-T03-current", "CC-T03-carryover",
            "CC-T05-current", "CC-T05-carryover", "CC-T05-basic", "CC-T15-columns", "CC-T15-income",
            "CC-T15-carryover", "CC-T14-total", "CC-T14-items", "CC-T14-overseas", "CC-T14-vehicles",
            "CC-T01-T15-sources", "CC-T01-T04-fiscal", "CC-T03-T01-columns", "CC-T05-T06-personnel",
            "CC-T14-T06-vehicle-operation", "CC-T14-T06-reception"} <= applied


def test_a_title_drawn_inside_the_grid_names_the_table_under_it():
    profile = get_profile("changchun-budget")
    grid = RawTable([["支出总表（预算表3）", "", ""], ["预算单位：长春市信访局", "", "单位：万元"],
                     ["科目编码", "功能分类科目名称", "合计"], ["201", "一般公共服务支出", "1.00"]], [8, 8, 8, 8])
    found, unclaimed = _locate(profile, RawDocument("x.pdf", "pdf", [grid]))
    assert [f.spec.key for f in found] == ["T03"] and not unclaimed
    assert found[0].title.text == "支出总表（预算表3）"
    assert [c.text for c in found[0].captions] == ["预算单位：长春市信访局 单位：万元"]
    assert found[0].fragments[0].rows[0] == ["科目编码", "功能分类科目名称", "合计"]
