"""陕西省西安市 部门综合预算公开: the real 2026 部门预算 of 西安市人民政府办公厅（汇总） (190) in ../shared/real_pdfs,
read by profiles/xian_budget.toml into T01 and T04 (four-sided: 收入 | 支出功能分类 | 部门经济分类 | 政府经济分类),
T05, T06, T13 (empty), T14 (表13 “三公”经费及会议费、培训费 by unit, 上年 / 当年 / 增减变化), T15 (表2 收入总表 by
unit), T19 (表6 一般公共预算 by 经济科目), T26 (表3 支出总表 by unit × fund) and T27 (表7 基本支出 by 功能科目), and
checked by relations_budget.toml plus relations_xian_budget.toml. Tables in 元, prose in 万元. Figures pinned here
were read from the PDF by eye (pdftotext -layout)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from budget_disclosure.write.workbook import read_checked_workbook, write_workbook

from conftest import assert_judged, printed_figure
from real_reads import review_real

KEYS = ["T01", "T04", "T05", "T06", "T13", "T14", "T15", "T19", "T26", "T27"]
# (year, entity, level, pages of each table in key order)
DOCUMENTS = {
    "190": (2026, "西安市人民政府办公厅（汇总）", "部门", [[20], [23], [24], [28], [31], [33], [21], [25, 26], [22], [27]]),
}


@pytest.fixture(scope="module")
def reports():
    return review_real(DOCUMENTS)


def test_the_document_is_read_with_its_tables(reports):
    d = reports["190"].disclosure
    year, entity, level, pages = DOCUMENTS["190"]
    assert (d.kind, d.year, d.entity, d.level, d.profile, d.unit) == ("预算", year, entity, level, "xian-budget", "元")
    assert [t.key for t in d.tables if not t.key.startswith("U")] == KEYS
    assert [t.pages for t in d.tables if not t.key.startswith("U")] == pages
    assert all(t.unit == "元" for t in d.tables if not t.key.startswith("U"))
    # Still read as printed (未识别的表): the prose's 培训费明细表 (p16, 万元), 表10 专项业务经费支出表 (categories and
    # projects nested by indentation only) and 表12 政府采购 (codes, 采购目录 text and quantities per item).
    assert [(t.name, t.pages) for t in d.tables if t.key.startswith("U")] == [
        ("培训费明细表", [16]), ("部门综合预算专项业务经费支出表", [30]), ("部门综合预算政府采购（资产配置、购买服务）预算表", [32])]
    assert [n.code for n in d.notices] == ["unrecognised-table"] * 3
    # The 绩效目标表 (表14-1 … 表16, p34–44) are 绩效 forms: not even a 未识别的表.
    assert not {p for t in d.tables for p in t.pages} & set(range(34, 45))


def test_the_four_sides_of_table_1_are_read_row_by_row(reports):
    t1 = reports["190"].disclosure.table("T01")
    assert [s for s in dict.fromkeys(r.side for r in t1.rows)] == ["income", "expenditure", "economic", "government"]
    # "(1)工资福利支出" is printed under 人员经费和公用经费支出 and again under 专项业务经费支出: two keys, in order.
    economic = [(r.key, r.values.get("economic_amount")) for r in t1.rows if r.side == "economic"]
    assert economic[:7] == [("economic_budget", Decimal("92165133.99")), ("economic_basic", Decimal("64662533.99")),
                            ("basic_wages", Decimal("56413286.69")), ("basic_goods", Decimal("6605481.30")),
                            ("basic_households", Decimal("1600806.00")), ("basic_capital", Decimal("42960.00")),
                            ("economic_project", Decimal("27502600.00"))]
    assert ("project_wages", None) in economic
    # 24 功能分类 类 printed (only five with money), each recognised by its name.
    classes = [r.code for r in t1.rows if r.side == "expenditure" and r.level == "类"]
    assert len(classes) == 24 and classes[0] == "201" and classes[-1] == "229"


# (table, column, row selector, value as printed), read with pdftotext -layout
PINNED = [
    ("T01", "amount", {"row_key": "special_funds"}, "7100000.00"),  # p20 其中：专项资金列入部门预算的项目
    ("T01", "total", {"code": "208"}, "8991664.59"),  # 8、社会保障和就业支出
    ("T01", "economic_amount", {"row_key": "basic_goods"}, "6605481.30"),  # (2)商品和服务支出 under 1、
    ("T01", "economic_amount", {"row_key": "project_goods"}, "13302600.00"),  # (2)商品和服务支出 under 2、
    ("T01", "government_amount", {"row_key": "gov_504"}, "7100000.00"),  # 4、机关资本性支出（基本建设）
    ("T04", "economic_amount", {"row_key": "economic_project"}, "27502600.00"),  # p23 2、专项业务经费支出
    ("T05", "public_use", {"code": "2010301"}, "4255197.30"),  # p24 行政运行
    ("T05", "project", {"code": "2010399"}, "14200000.00"),
    ("T19", "project", {"code": "30227"}, "4946100.00"),  # p25 委托业务费
    ("T19", "total", {"code": "31099"}, "7100000.00"),  # p26 其他资本性支出
    ("T06", "personnel", {"code": "30239"}, "2258676.00"),  # p28 其他交通费用 (人员经费)
    ("T27", "personnel", {"code": "2080501"}, "1065522.00"),  # p27 行政单位离退休
    ("T14", "prior_grand_total", {"row_key": "total"}, "442400.00"),  # p33 上年 合计
    ("T14", "training", {"row_key": "total"}, "230000.00"),  # 当年 培训费
    ("T14", "change_training", {"row_key": "total"}, "-172400.00"),  # 增减变化情况 培训费
    ("T15", "special_funds", {"row_key": "total"}, "7100000.00"),  # p21
    ("T26", "total", {"row_key": "total"}, "92165133.99"),  # p22
]


@pytest.mark.parametrize("key, column, where, printed", PINNED)
def test_figures_read_by_eye(reports, key, column, where, printed):
    assert printed_figure(reports["190"].disclosure, key, column, **where) == Decimal(printed)


# Every error and warning finding, each a real mistake in the published document.
JUDGED = {
    "190": [
        # p31: 表11 prints its header and an empty 合计 row and nothing says so on the page; only the 报表目录
        # (p19) marks it "是 / 不涉及".
        ("warning", "doc-table-empty-unmarked", "上年结转资金支出表"),
    ],
}


def test_every_finding_is_judged(reports):
    for name, judged in JUDGED.items():
        assert_judged(reports[name], judged)


def test_the_prose_restates_the_tables(reports):
    outcomes = [o for o in reports["190"].outcomes if o.rule.startswith("prose")]
    assert all(o.status in ("pass", "rounding") for o in outcomes)
    # Amounts in 万元 against cells in 元, and every "较上年增加Δ万元，增长p%" recomputed — the first item of
    # "其中：1.行政运行（2010301）4,414.15万元，较上年增加293.55万元，增长7.12%" against its own amount.
    assert {"prose-amount", "prose-rate"} <= {o.rule for o in outcomes}
    assert len(outcomes) >= 70


def test_every_relation_of_the_family_holds(reports):
    own = [o for o in reports["190"].outcomes if o.rule.startswith("XA-")]
    assert len({o.rule for o in own}) >= 30
    assert all(o.status == "pass" for o in own)


def test_the_workbook_reads_back_to_the_same_figures(reports, tmp_path):
    d = reports["190"].disclosure
    back = read_checked_workbook(write_workbook(reports["190"], tmp_path / "190.xlsx"))
    assert [t.key for t in back.tables] == [t.key for t in d.tables]
    assert [[r.values for r in t.rows] for t in back.tables] == [[r.values for r in t.rows] for t in d.tables]
