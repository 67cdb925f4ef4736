"""山东省烟台市 预算公开 (12 张表): the real 2026 部门预算 of 烟台市交通运输局 (217) in ../shared/real_pdfs, read
by profiles/yantai_budget.toml into the standard keys (T01–T06, T08, T09, T12), T14 (公开表7 “三公” in one
row, 2025 and 2026), T18 (公开表12 政府采购预算表) and T21 (公开表10 基本支出预算情况表), and checked by
relations_budget.toml plus relations_yantai_budget.toml. Figures pinned here were read from the PDF by eye
(pdftotext -layout).

The unit tests at the end exercise, without the PDF, the general mechanisms this family needed: codes split
into 类 | 款 | 项 columns printing only the digits each level adds, and a title repeated over a table's
continuation page."""
from __future__ import annotations

from decimal import Decimal

import pytest

from budget_disclosure.profiles import load_profile_text
from budget_disclosure.write.workbook import read_checked_workbook, write_workbook
from budget_disclosure.raw import RawDocument, RawTable, TextLine
from budget_disclosure.recognise import _locate
from budget_disclosure.recognise.rows import Line, RowBuilder

from conftest import assert_judged, printed_figure
from real_reads import review_real

KEYS = ["T01", "T02", "T03", "T04", "T05", "T06", "T08", "T09", "T12", "T14", "T18", "T21"]
# (year, entity, level, pages of each table in key order)
DOCUMENTS = {
    "217": (2026, "烟台市交通运输局", "部门", [[8], [9, 10, 11], [12, 13], [14, 15], [16, 17], [18, 19, 20, 21], [23], [24],
                                          [29, 30, 31], [22], [32], [25, 26, 27, 28]]),
}


@pytest.fixture(scope="module")
def reports():
    return review_real(DOCUMENTS)


def test_the_document_is_read_with_its_twelve_tables(reports):
    d = reports["217"].disclosure
    year, entity, level, pages = DOCUMENTS["217"]
    assert (d.kind, d.year, d.entity, d.level, d.profile, d.unit) == ("预算", year, entity, level, "yantai-budget", "万元")
    assert [t.key for t in d.tables] == KEYS
    # Each continuation page repeats "公开表N" and the title: one table over all its pages, not copies.
    assert [t.pages for t in d.tables] == pages
    assert all(t.unit == "万元" for t in d.tables)
    assert not d.notices
    # The 政策和项目预算绩效目标表 (p37–78) are 绩效 forms: not even a 未识别的表.
    assert not {p for t in d.tables for p in t.pages} & set(range(33, 82))
    assert [s.number for s in d.sections] == list("一二三四五六七")


# (table, column, row selector, value as printed), read with pdftotext -layout
PINNED = [
    ("T01", "amount", {"row_key": "fiscal"}, "39748.67"),  # p8 一、财政拨款收入
    ("T01", "amount", {"row_key": "other"}, "6013.05"),
    ("T01", "total", {"code": "214"}, "34960.28"),  # 十二、交通运输支出
    ("T01", "total", {"row_key": "expenditure_grand_total"}, "45761.72"),
    # p9–11: codes printed as "类 205" / "款 08" / "项 03", the full code taken from the rows above
    ("T02", "total", {"code": "2050803"}, "63.55"),
    ("T02", "other", {"code": "2140106"}, "6001.00"),  # 公路养护, p10
    ("T02", "total", {"code": "2101199"}, "512.60"),  # p10's first row, a 项 under p9's 款 21011
    ("T02", "state_capital", {"code": "2230107"}, "4.00"),  # p11
    ("T03", "project", {"code": "21401"}, "12280.04"),  # p13
    ("T04", "total", {"code": "214"}, "28947.23"),  # p14
    ("T05", "public_use", {"code": "2140101"}, "381.41"),  # p16 行政运行 日常公用支出
    ("T05", "project", {"code": "2140106"}, "3863.00"),  # p17
    ("T06", "total", {"row_key": "total"}, "32382.54"),
    ("T06", "public_use", {"code": "30231"}, "5.40"),  # p19, the first 公务用车运行维护费 (with 502 08)
    ("T08", "project", {"code": "2120803"}, "80.34"),
    ("T12", "unit_funds", {"label": "普通国省道工程项目区市配套资金"}, "6000.00"),  # p30
    ("T14", "prior_total", {"row_key": "total"}, "268.09"),  # p22 2025年预算数 合计
    ("T14", "vehicle_operation", {"row_key": "total"}, "206.42"),  # 2026年 公务用车运行维护费
    ("T14", "reception", {"row_key": "total"}, "4.76"),
    ("T18", "unit_funds", {"code": "2140106"}, "103.00"),  # p32
    ("T21", "general_budget", {"code": "30302"}, "3923.89"),  # p27 退休费
]


@pytest.mark.parametrize("key, column, where, printed", PINNED)
def test_figures_read_by_eye(reports, key, column, where, printed):
    assert printed_figure(reports["217"].disclosure, key, column, **where) == Decimal(printed)


def test_economic_classes_printed_once_per_government_class_each_add_up_their_items(reports):
    t6 = reports["217"].disclosure.table("T06")
    groups = [(r.code, r.values["total"]) for r in t6.rows if r.level == "类"]
    # 301 with 501 机关工资福利支出, then with 505 对事业单位经常性补助; 302 with 502 and 505; 303 with 509.
    assert groups == [("301", Decimal("1478.92")), ("301", Decimal("24027.62")), ("302", Decimal("188.56")),
                      ("302", Decimal("2098.46")), ("303", Decimal("4588.96"))]
    assert all(t6.rows[r.parent].code == r.code[:3] for r in t6.rows if r.level == "款")


# Every error and warning finding, each a real mistake in the published document.
JUDGED = {
    "217": [
        # p34/p35: "国有资本经营预算收入4万元" (表1 4.00), "政府采购预算2,920.9万元" (表12 2,920.90): the prose drops
        # the table's trailing zeros.
        ("warning", "prose-same-figure", "“国有资本经营预算收入”4万元（表中 4.00）；“政府采购预算”2,920.9万元（表中 2,920.90）"),
    ],
}


def test_every_finding_is_judged(reports):
    for name, judged in JUDGED.items():
        assert_judged(reports[name], judged)


def test_the_prose_restates_the_tables(reports):
    outcomes = [o for o in reports["217"].outcomes if o.rule.startswith(("prose", "YT-prose"))]
    assert all(o.status in ("pass", "rounding") for o in outcomes)
    rules = {o.rule for o in outcomes}
    # Amounts against their cells, "下降21.23％" (56.91 / 268.09) and the lists (收入预算 = its four sources,
    # 2,920.9 = 300.5 + 400 + 2,220.4) are all recomputed.
    assert {"prose-amount", "prose-rate", "YT-prose-list-income", "YT-prose-list-procurement"} <= rules, rules

def test_the_workbook_reads_back_to_the_same_figures(reports, tmp_path):
    d = reports["217"].disclosure
    back = read_checked_workbook(write_workbook(reports["217"], tmp_path / "217.xlsx"))
    assert [t.key for t in back.tables] == KEYS
    assert [[r.values for r in t.rows] for t in back.tables] == [[r.values for r in t.rows] for t in d.tables]


# ── general mechanisms, without the PDF ────────────────────────────────────────────────────────

PROFILE = '''
[profile]
id = "test"
name = "test"
kind = "预算"
{head}

[[tables]]
key = "T03"
name = "支出总体情况表"
titles = ['^支出总体情况表$']
columns = [
  {{ key = "code", text = true, aliases = ['^类$'] }},
  {{ key = "code_2", text = true, optional = true, aliases = ['^款$'] }},
  {{ key = "code_3", text = true, optional = true, aliases = ['^项$'] }},
  {{ key = "name", text = true, aliases = ['科目名称'] }},
  {{ key = "total", aliases = ['^合计$'] }},
]
body = {{ rows = "coded" }}
'''


def _spec(head: str = ""):
    return load_profile_text(PROFILE.format(head=head)).table("T03")


def _split_lines(*rows: tuple[str, str, str, str, str]) -> list[Line]:
    return [Line({"code": a, "code_2": b, "code_3": c, "name": name}, {"total": Decimal(v)}, 1) for a, b, c, name, v in rows]


ROWS = [("", "", "", "合计", "97.00"), ("205", "", "", "教育支出", "63.55"), ("", "08", "", "进修及培训", "63.55"),
        ("", "", "03", "培训支出", "63.55"), ("214", "", "", "交通运输支出", "33.45"), ("", "01", "", "公路水路运输", "30.00"),
        ("", "", "01", "行政运行", "30.00"), ("", "02", "", "铁路运输", "3.45"), ("", "", "99", "其他铁路运输支出", "3.45")]


def test_codes_printing_only_their_new_digits_take_the_rest_from_the_rows_above():
    rows = RowBuilder(_spec(), None, set()).build("coded", _split_lines(*ROWS))
    assert [(r.code, r.level, r.parent) for r in rows] == [
        (None, None, None), ("205", "类", 0), ("20508", "款", 1), ("2050803", "项", 2), ("214", "类", 0),
        ("21401", "款", 4), ("2140101", "项", 5), ("21402", "款", 4), ("2140299", "项", 7)]


def test_a_row_printing_its_whole_split_code_is_taken_as_printed():
    # 长沙's style: 款 rows print their digits only, 项 rows all three parts.
    rows = RowBuilder(_spec(), None, set()).build("coded", _split_lines(
        ("201", "", "", "一般公共服务支出", "5.00"), ("", "40", "", "信访事务", "5.00"), ("201", "40", "01", "行政运行", "5.00")))
    assert [r.code for r in rows] == ["201", "20140", "2014001"]


def test_a_split_code_without_the_rows_above_it_is_no_code():
    builder = RowBuilder(_spec(), None, set())
    rows = builder.build("coded", _split_lines(("", "08", "", "进修及培训", "63.55")))
    assert rows[0].code is None and [n.code for n in builder.notices] == ["no-code"]


def _pages_with_repeated_title() -> RawDocument:
    header = [["类", "款", "项", "科目名称", "合计"]]
    blocks = [TextLine("公开表3", 12), TextLine("支出总体情况表", 12), TextLine("单位：万元", 12),
              RawTable(header + [["", "", "", "合计", "97.00"], ["205", "", "", "教育支出", "63.55"]], [12, 12, 12]),
              TextLine("公开表3", 13), TextLine("支出总体情况表", 13), TextLine("单位：万元", 13),
              RawTable(header + [["214", "", "", "交通运输支出", "33.45"]], [13, 13])]
    return RawDocument("test", "pdf", blocks, 2)


def test_a_title_repeated_over_the_next_page_continues_the_table():
    found, _ = _locate(load_profile_text(PROFILE.format(head="titles_repeat = true")), _pages_with_repeated_title())
    assert [(f.spec.key, len(f.fragments)) for f in found] == [("T03", 2)]
    # Without the declaration the second title is a second copy of the table.
    found, _ = _locate(load_profile_text(PROFILE.format(head="")), _pages_with_repeated_title())
    assert [(f.spec.key, len(f.fragments)) for f in found] == [("T03", 1), ("T03", 1)]
