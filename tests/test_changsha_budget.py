"""长沙 部门预算公开: the real 2026 document of ../shared/real_pdfs — 长沙市信访局 (180), 部门预算 — read by
profiles/changsha_budget.toml into T01–T06, T08 and T14 (the “三公” table by unit, items as columns) and checked
by relations_budget.toml plus relations_changsha_budget.toml. Figures pinned here were read from the PDF by eye
(pdftotext -layout).

The unit tests at the end exercise, without the PDF, the general mechanisms this family needed: a code printed
in 类/款/项 columns whose leading columns are blank, the "**" 栏次 row, and a title repeated over a table's
continuation page."""
from __future__ import annotations

from decimal import Decimal

import pytest

from budget_disclosure.profiles import get_profile, load_profile_text
from budget_disclosure.raw import RawDocument, RawTable, TextLine
from budget_disclosure.recognise import _locate
from budget_disclosure.recognise.headers import is_serial_row
from budget_disclosure.recognise.rows import Line, RowBuilder

from real_reads import review_real
from conftest import assert_judged, printed_figure

KEYS = ["T01", "T02", "T03", "T04", "T05", "T06", "T08", "T14"]
# (year, entity, level, first page of each table in key order)
DOCUMENTS = {"180": (2026, "长沙市信访局", "部门", [12, 13, 14, 15, 17, 18, 21, 20])}


@pytest.fixture(scope="module")
def reports():
    return review_real(DOCUMENTS)


def test_the_document_is_read_with_its_eight_tables(reports):
    d = reports["180"].disclosure
    year, entity, level, first_pages = DOCUMENTS["180"]
    assert (d.kind, d.year, d.entity, d.level, d.profile, d.unit) == ("预算", year, entity, level, "changsha-budget", "万元")
    assert [t.key for t in d.tables] == KEYS
    assert [t.pages[0] for t in d.tables] == first_pages
    assert all(t.unit == "万元" and t.entity == entity and t.year == 2026 for t in d.tables)
    # 表4 and 表6 run over two pages, each printing its title and header again: one table each.
    assert (d.table("T04").pages, d.table("T06").pages) == ([15, 16], [18, 19])
    assert not d.notices
    assert d.parts == ["第二部分2026年部门预算表", "第一部分部门预算公开说明"]
    assert [s.number for s in d.sections] == list("一二三四五六七")
    # The 政府性基金 table prints its header only (empty); the 三公 table has money under the same note.
    assert d.table("T08").empty and not d.table("T14").empty


PINNED = [
    ("T01", "amount", {"row_key": "fiscal"}, "1935.36"),  # 一、本级财政拨款收入
    ("T01", "total", {"row_key": "basic"}, "1517.95"),  # 一、基本支出
    ("T01", "total", {"row_key": "project"}, "417.41"),
    ("T01", "total", {"row_key": "expenditure_grand_total"}, "1935.36"),
    ("T02", "fiscal_funding", {"code": "20140"}, "1935.36"),  # the 款 row prints "40" only
    ("T03", "basic", {"code": "2014001"}, "1517.95"),
    ("T04", "general_budget", {"code": "201"}, "1935.36"),  # "1、一般公共服务支出"
    ("T04", "general_budget", {"row_key": "expenditure_grand_total"}, "1935.36"),  # p16
    ("T05", "project", {"code": "2014004"}, "417.41"),
    ("T06", "personnel", {"row_key": "total"}, "1394.97"),  # 人员类
    ("T06", "public_use", {"code": "30299"}, "54.82"),  # p19, the continuation
    ("T14", "vehicle_operation", {"row_key": "total"}, "5.00"),
    ("T14", "reception", {"label": "长沙市信访局"}, "3.00"),
]


@pytest.mark.parametrize("key, column, where, printed", PINNED)
def test_figures_read_by_eye(reports, key, column, where, printed):
    assert printed_figure(reports["180"].disclosure, key, column, **where) == Decimal(printed)


def test_split_codes_nest_as_printed(reports):
    t = reports["180"].disclosure.table("T03")
    assert [(r.code, r.level, r.parent) for r in t.rows] == [
        (None, None, None), ("201", "类", 0), ("20140", "款", 1), ("2014001", "项", 2), ("2014004", "项", 2)]


# The document is consistent: no error or warning (its 尾差 are info).
JUDGED = {"180": []}


def test_the_findings_are_the_documents_real_mistakes(reports):
    assert_judged(reports["180"], JUDGED["180"])


def test_the_relations_that_hold_are_checked_not_skipped(reports):
    applied = {o.rule for o in reports["180"].outcomes if o.status == "pass"}
    assert {"T01-expenditure-total", "T01-expenditure-grand-total", "T01-balance", "T01-T02-sources", "T01-T03-total",
            "T04-balance", "T04-expenditure-total", "T05-T04-total", "T05-T06-basic", "T03-T02-codes",
            "T06-columns", "hierarchy", "CS-T01-income-total", "CS-T02-columns", "CS-T03-columns",
            "CS-T14-total", "CS-T14-vehicles", "CS-hierarchy", "CS-T01-T03-purpose", "CS-T01-T04-fiscal",
            "CS-T14-T06-vehicle-operation", "CS-T14-T06-reception", "prose-amount", "prose-share", "prose-rate",
            "CS-prose-list-income", "CS-prose-list-three-public", "CS-prose-list-procurement",
            "CS-prose-list-performance", "CS-prose-list-vehicles", "CS-prose-change-balance"} <= applied


# ── the general mechanisms, without the PDF ─────────────────────────────────────────────────────

def test_a_split_code_takes_its_blank_leading_columns_from_the_code_above():
    spec = get_profile("changsha-budget").table("T03")
    builder = RowBuilder(spec, None, set())

    def line(*cells, name):
        return Line({"code": cells[0], "code_2": cells[1], "code_3": cells[2], "name": name},
                    {"total": Decimal("1")}, 1)
    rows = builder.build("coded", [line("201", "", "", name="一般公共服务支出"), line("", "40", "", name="信访事务"),
                                   line("201", "40", "01", name="行政运行"), line("", "", "04", name="信访业务"),
                                   line("208", "", "", name="社会保障和就业支出"), line("", "05", "", name="…养老支出")])
    assert [r.code for r in rows] == ["201", "20140", "2014001", "2014004", "208", "20805"]
    assert [r.parent for r in rows] == [None, 0, 1, 1, None, 4]
    assert not builder.notices


def test_a_column_number_row_may_mark_its_label_columns_with_stars():
    assert is_serial_row(["**", "**", "**", "**", "1", "2", "3"])
    assert not is_serial_row(["**", "**", "201", "40"])


_PROFILE = """
[profile]
id = "x"
name = "x"
kind = "预算"
titles_repeat = {repeat}
[[tables]]
key = "T06"
name = "基本支出表"
titles = ['^基本支出表$']
columns = [{{ key = "name", text = true, aliases = ['名称'] }}, {{ key = "total", aliases = ['合计'] }}]
body = {{ rows = "economic" }}
"""


@pytest.mark.parametrize("repeat, fragments", [("true", 2), ("false", 1)])
def test_a_title_printed_again_over_the_next_page_continues_the_table(repeat, fragments):
    profile = load_profile_text(_PROFILE.format(repeat=repeat))
    head = [["名称", "合计"]]
    raw = RawDocument("x.pdf", "pdf", [TextLine("2026年基本支出表", 1), RawTable(head + [["工资福利支出", "1.00"]], [1, 1]),
                                       TextLine("2026年基本支出表", 2), RawTable(head + [["退休费", "2.00"]], [2, 2]),
                                       TextLine("2026年基本支出表", 4), RawTable(head + [["其他", "3.00"]], [4, 4])])
    found, _ = _locate(profile, raw)
    # The page after continues the table; a third copy two pages on is another table.
    assert [len(f.fragments) for f in found] == ([2, 1] if fragments == 2 else [1, 1, 1])
