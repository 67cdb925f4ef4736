"""The PDF renderer: what it draws must be read back by pdfplumber exactly, in every layout."""
from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest

from budget_disclosure.model import Disclosure, Row, Section, Table
from budget_disclosure.render.pdf import (
    HEADERS,
    SAMPLE_LAYOUTS,
    Layout,
    format_amount,
    header_grid,
    render_pdf,
)

ENTITY = "阳泉市生态环境监测和应急保障中心"
LONG_NAME = "机关事业单位基本养老保险缴费支出"
AMOUNT = re.compile(r"^\d[\d,]*\.\d{2}$")


# --------------------------------------------------------------------------- model builders

def row(label: str, values: dict[str, str | None], code: str | None = None, role: str = "detail",
        side: str | None = None, **attributes: str) -> Row:
    return Row(label=label, code=code, role=role, side=side, attributes=dict(attributes),
               values={k: None if v is None else Decimal(v) for k, v in values.items()})


def table(key: str, title: str, columns: list[str], rows: list[Row], empty: bool = False,
          **titles: str) -> Table:
    return Table(key=key, name=title[5:], title=title, pages=[], empty=empty, columns=columns,
                 rows=rows, column_titles=titles)


def t01() -> Table:
    spend = {"total": "1400.29", "current_year": "1136.54", "carryover": "263.75"}
    totals = {"total": "1833.76", "current_year": "1570.01", "carryover": "263.75"}
    income = [
        row("一、一般公共预算", {"amount": "1570.01"}, side="income"),
        row("二、政府性基金预算", {"amount": None}, side="income"),
        row("本年收入合计", {"amount": "1570.01"}, role="total", side="income"),
        row("上年结转", {"amount": "263.75"}, side="income"),
        row("收入总计", {"amount": "1833.76"}, role="total", side="income"),
    ]
    expenditure = [
        row("一、一般公共服务支出", {"total": "2.31", "current_year": "2.31", "carryover": None},
            side="expenditure"),
        row("二、外交支出", {"total": None, "current_year": None, "carryover": None},
            side="expenditure"),
        row("三、节能环保支出", spend, side="expenditure"),
        row("本年支出合计", totals, role="total", side="expenditure"),
        row("年终结转", {"total": None, "current_year": None, "carryover": None},
            side="expenditure"),
        row("支出总计", totals, role="total", side="expenditure"),
    ]
    return table("T01", "2026年预算收支总表", ["amount", "total", "current_year", "carryover"],
                 income + expenditure, amount="2026年", total="2026年合计",
                 current_year="当年预算安排", carryover="上年结转安排")


def t02(details: int = 20) -> Table:
    cols = ["total", "general_budget", "gov_fund", "state_capital", "special_account",
            "unit_funds", "carryover"]
    rows = [row("合计", {"total": "1570.01", "general_budget": "1570.01", "carryover": "263.75"},
                role="total")]
    rows += [row(LONG_NAME, {"total": "135.90", "general_budget": "135.90"}, code="2080505")
             for _ in range(details)]
    return table("T02", "2026年预算收入总表", cols, rows)


def t03() -> Table:
    return table("T03", "2026年预算支出总表", ["total", "basic", "project"], [
        row("合计", {"total": "1833.76", "basic": "1477.21", "project": "356.55"}, role="total"),
        row("节能环保支出", {"total": "1400.29", "basic": "1043.74", "project": "356.55"},
            code="211"),
        row("水体", {"total": "263.75", "basic": None, "project": "263.75"}, code="2110302"),
    ])


def t06() -> Table:
    return table("T06", "2026年一般公共预算安排基本支出分经济科目表（不含上年结转）",
                 ["total", "personnel", "public_use"], [
                     row("合计", {"total": "1477.21", "personnel": "1363.37",
                                "public_use": "113.83"}, role="total"),
                     row("工资福利支出", {"total": "1311.00", "personnel": "1311.00"},
                         role="group"),
                     row("基本工资", {"total": "484.14", "personnel": "484.14"},
                         government_class="工资福利支出"),
                 ])


def t07_empty() -> Table:
    return table("T07", "2026年政府性基金预算收入表（不含上年结转）", ["amount"],
                 [row("合计", {"amount": None}, role="total")], empty=True)


def t12() -> Table:
    cols = ["total", "general_budget", "gov_fund", "state_capital", "special_account",
            "unit_funds"]
    return table("T12", "2026年项目支出预算表（本年预算）", cols, [
        row(ENTITY, {"total": "92.80", "general_budget": "92.80"}, role="total"),
        row("专业人员聘用补贴", {"total": "28.80", "general_budget": "28.80", "gov_fund": "0"}),
    ])


def disclosure(*tables: Table) -> Disclosure:
    prose = ("2026年度预算收入1,833.76万元，主要包括一般公共预算拨款收入1,570.01万元，占85.62%；"
             "上年结转263.75万元，占14.38%。")
    return Disclosure(
        kind="预算", year=2026, entity=ENTITY, level="单位", unit="万元", profile="shanxi",
        source="test", format="pdf",
        tables=list(tables) or [t01(), t02(), t03(), t06(), t07_empty(), t12()],
        sections=[Section("一", "收入预算情况说明", prose * 3, []),
                  Section("二", "支出预算情况说明", "基本支出1477.21万元，占80.56%。", [])])


def render(tmp_path: Path, layout: Layout, model: Disclosure) -> pdfplumber.PDF:
    path = tmp_path / "out.pdf"
    render_pdf(model, path, layout)
    return pdfplumber.open(path)


@pytest.fixture(scope="module")
def standard(tmp_path_factory):
    """The standard test disclosure drawn in a layout, drawn and parsed once per layout."""
    cache: dict[Layout, pdfplumber.PDF] = {}

    def get(layout: Layout) -> pdfplumber.PDF:
        if layout not in cache:
            path = tmp_path_factory.mktemp("standard") / "disclosure.pdf"
            render_pdf(disclosure(), path, layout)
            cache[layout] = pdfplumber.open(path)
        return cache[layout]

    yield get
    for pdf in cache.values():
        pdf.close()


def page_texts(pdf: pdfplumber.PDF) -> list[str]:
    return [p.dedupe_chars().extract_text() for p in pdf.pages]


def page_of(pdf: pdfplumber.PDF, text: str) -> pdfplumber.page.Page:
    return next(p for p in pdf.pages if text in p.dedupe_chars().extract_text())


def table_on(page, first_cell: str) -> list[list[str | None]]:
    return next(t for t in page.extract_tables() if t and t[0][0] == first_cell)


def expected_amounts(model: Disclosure, thousands: bool) -> Counter:
    return Counter(format_amount(v, thousands) for t in model.tables for r in t.rows
                   for k, v in r.values.items() if v is not None and k in t.columns)


# --------------------------------------------------------------------------- every layout

@pytest.mark.parametrize("name", sorted(SAMPLE_LAYOUTS))
def test_every_figure_is_printed_exactly_once(standard, name):
    layout = SAMPLE_LAYOUTS[name]
    pdf = standard(layout)
    words = [w["text"] for p in pdf.pages for w in p.dedupe_chars().extract_words()]
    printed = Counter(w for w in words if AMOUNT.match(w))
    assert printed == expected_amounts(disclosure(), layout.thousands)


def test_cjk_text_reads_back_as_the_same_unicode(standard):
    pdf = standard(Layout())
    lines = {line for text in page_texts(pdf) for line in text.splitlines()}
    for expected in [ENTITY, "2026年度单位预算公开", "第二部分 2026年单位预算报表", "预算公开表1",
                     "2026年预算收支总表", "2026年一般公共预算安排基本支出分经济科目表（不含上年结转）",
                     f"单位名称：{ENTITY} 单位：万元", "注：本表无数据",
                     "第三部分 2026年度单位预算情况说明", "一、收入预算情况说明", "第四部分 名词解释"]:
        assert expected in lines


def test_empty_table_gets_its_note_only(standard):
    pdf = standard(Layout())
    texts = page_texts(pdf)
    assert sum(t.count("注：本表无数据") for t in texts) == 1
    page = next(t for t in texts if "注：本表无数据" in t)
    assert "政府性基金预算收入表" in page


def test_prose_wraps_inside_the_page_and_keeps_every_character(standard):
    model = disclosure()
    pdf = standard(Layout())
    page = page_of(pdf, "第三部分")
    assert max(c["x1"] for c in page.chars) <= page.width - 39
    text = page.extract_text()
    flat = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", model.sections[0].text) in flat


# --------------------------------------------------------------------------- lines and headers

def test_ruled_tables_draw_lines_and_unruled_draw_none(standard):
    pdf = standard(Layout(ruled=True))
    assert len(page_of(pdf, "预算收入总表").lines) > 50
    pdf = standard(Layout(ruled=False, running_header=True))
    assert all(not p.lines and not p.rects and not p.curves for p in pdf.pages)


def test_merged_header_cells_of_table_2_and_12(standard):
    pdf = standard(Layout())
    t2 = table_on(page_of(pdf, "预算收入总表"), "项目")
    t12 = table_on(page_of(pdf, "项目支出预算表"), "项目名称")
    assert t2[0] == ["项目", None, "本年收入", None, None, None, None, None, "上年结转"]
    assert t2[1][:3] == ["科目编码", "科目名称", "合计"] and t2[1][8] is None
    assert t2[2][:3] == ["合计", None, "1570.01"]  # 合计 spans the code and name columns
    assert t12[0][:3] == ["项目名称", "合计", "2026年财政拨款"] and t12[0][3:5] == [None, None]
    assert t12[2] == ["1", "2", "3", "4", "5", "6", "7"]


def test_header_grid_matches_what_is_drawn(standard):
    model = disclosure()
    pdf = standard(Layout())
    drawn = table_on(page_of(pdf, "预算收入总表"), "项目")
    grid = header_grid(model.table("T02"), 2026)
    assert [[(c or "").replace("\n", "") for c in r] for r in drawn[:2]] == grid


LEAD_COLUMNS = {
    "T01": ["amount", "total", "current_year", "carryover"],
    "T02": ["total", "general_budget", "gov_fund", "state_capital", "special_account",
            "unit_funds", "carryover"],
    "T03": ["total", "basic", "project"], "T05": ["total", "basic", "project"],
    "T08": ["total", "basic", "project"],
    "T04": ["amount", "total", "general_budget", "gov_fund", "state_capital"],
    "T06": ["total", "personnel", "public_use"], "T07": ["amount"],
    "T09": ["amount", "total", "basic", "project"],
    "T10": ["total", "general_budget", "gov_fund", "state_capital"],
    "T11": ["total", "general_budget", "gov_fund", "state_capital"],
    "T13": ["total", "general_budget", "gov_fund", "state_capital"],
    "T12": ["total", "general_budget", "gov_fund", "state_capital", "special_account",
            "unit_funds"],
}


@pytest.mark.parametrize("key", sorted(HEADERS))
def test_every_header_spec_fits_the_standard_columns(key):
    spec = HEADERS[key]
    grid = header_grid(table(key, "2026年表", LEAD_COLUMNS[key], [], empty=True), 2026)
    # The spec was used, not the one-row fallback: all its own texts are there, row for row.
    for spec_row, drawn in zip(spec.rows, grid):
        literal = [c.split("|")[0].replace("{year}", "2026") for c in spec_row if c[0] != "@"]
        assert set(literal) <= set(drawn)
    assert len(grid) == len(spec.rows) + spec.serial


def test_columns_unknown_to_the_spec_fall_back_to_a_plain_header():
    odd = table("T03", "2026年预算支出总表", ["a", "b"], [row("合计", {"a": "1.00", "b": None})],
                a="甲列")
    assert header_grid(odd, 2026) == [["科目编码", "科目名称", "甲列", "b"]]


def test_two_sided_rows_pair_details_from_the_top_and_totals_at_the_bottom(standard):
    pdf = standard(Layout())
    t1 = table_on(page_of(pdf, "预算收支总表"), "收入")
    body = {r[0]: r for r in t1[2:] if r[0]}
    assert t1[2][0] == "一、一般公共预算" and t1[2][2] == "一、一般公共服务支出"
    assert body["本年收入合计"][2] == "本年支出合计"
    assert body["上年结转"][2] == "年终结转"
    assert t1[-1][:4] == ["收入总计", "1833.76", "支出总计", "1833.76"]


def test_unequal_closing_rows_wait_for_the_grand_totals(tmp_path):
    # 表4: the income side lists 上年财政拨款结转 by fund, the expenditure side has nothing there.
    income = [row("一、一般公共预算", {"amount": "1570.01"}, side="income"),
              row("本年收入合计", {"amount": "1570.01"}, role="total", side="income"),
              row("上年财政拨款结转", {"amount": "263.75"}, side="income"),
              row("一、一般公共预算", {"amount": "263.75"}, side="income"),
              row("二、政府性基金预算", {"amount": None}, side="income"),
              row("收入总计", {"amount": "1833.76"}, role="total", side="income")]
    spend = {"total": "1833.76", "general_budget": "1833.76"}
    expenditure = [row("一、节能环保支出", spend, side="expenditure"),
                   row("本年支出合计", spend, role="total", side="expenditure"),
                   row("年终结转", {}, side="expenditure"),
                   row("支出总计", spend, role="total", side="expenditure")]
    t4 = table("T04", "2026年财政拨款收支总表", LEAD_COLUMNS["T04"], income + expenditure)
    with render(tmp_path, Layout(), disclosure(t4)) as pdf:
        grid = table_on(page_of(pdf, "财政拨款收支总表"), "收入")
    heads = [[(c or "").replace("\n", "") for c in r] for r in grid[:3]]
    assert heads[1][:4] == ["项目", "金额", "项目", "金额"]
    assert heads[2][3:] == ["小计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]
    labels = [(r[0], r[2]) for r in grid[3:]]
    assert labels == [("一、一般公共预算", "一、节能环保支出"), ("本年收入合计", "本年支出合计"),
                      ("上年财政拨款结转", "年终结转"), ("一、一般公共预算", ""),
                      ("二、政府性基金预算", ""), ("收入总计", "支出总计")]


# --------------------------------------------------------------------------- pagination

def pages_with(pdf: pdfplumber.PDF, *texts: str) -> int:
    return sum(all(x in t for x in texts) for t in page_texts(pdf))


def test_rows_per_page_breaks_tables_and_repeats_the_header(standard):
    pdf = standard(Layout())
    unlimited = len(pdf.pages)
    pdf = standard(Layout(rows_per_page=5))
    paged = len(pdf.pages)
    assert pages_with(pdf, "2080505", "科目编码") == 5  # 表2's 21 rows on 5 pages, each headed
    assert all(t.count("2080505") <= 5 for t in page_texts(pdf))
    pdf = standard(Layout(rows_per_page=5, repeat_header=False))
    assert len(pdf.pages) == paged
    assert pages_with(pdf, "2080505") == 5
    assert pages_with(pdf, "2080505", "科目编码") == 1
    assert paged > unlimited


def test_tables_flow_on_when_not_one_per_page(standard):
    pdf = standard(Layout())
    separate = len(pdf.pages)
    assert len(standard(Layout(table_per_page=False)).pages) < separate


# --------------------------------------------------------------------------- page geometry

def test_landscape_pages_are_wider_than_tall(standard):
    pdf = standard(Layout(landscape=True))
    assert all(p.width > p.height and p.rotation == 0 for p in pdf.pages)


@pytest.mark.parametrize("rotate,landscape", [(90, False), (90, True), (180, False), (270, True)])
def test_rotated_pages_read_like_unrotated_ones(standard, rotate, landscape):
    pdf = standard(Layout(landscape=landscape))
    plain = table_on(page_of(pdf, "预算收入总表"), "项目")
    plain_text = page_texts(pdf)
    pdf = standard(Layout(rotate=rotate, landscape=landscape))
    page = pdf.pages[2]
    assert page.rotation == rotate
    x0, y0, x1, y1 = page.page_obj.mediabox
    stored_wide = (x1 - x0) > (y1 - y0)
    assert stored_wide == (landscape != (rotate in (90, 270)))  # MediaBox is the turned page
    assert (page.width > page.height) == landscape  # as the viewer shows it
    assert all(c["upright"] for c in page.chars)
    assert table_on(page_of(pdf, "预算收入总表"), "项目") == plain
    assert page_texts(pdf) == plain_text


def test_narrow_columns_wrap_long_labels_and_headers(standard):
    pdf = standard(Layout())
    wide = table_on(page_of(pdf, "预算收支总表"), "收入")
    assert all("\n" not in (cell or "") for r in wide for cell in r)
    pdf = standard(Layout(narrow=True))
    t2 = table_on(page_of(pdf, "预算收入总表"), "项目")
    name = t2[3][1]
    assert "\n" in name and name.replace("\n", "") == LONG_NAME
    assert t2[1][5].count("\n") >= 1 and t2[1][5].replace("\n", "") == "国有资本经营预算"
    assert t2[3][2] == "135.90"  # amounts never wrap


def test_unruled_amounts_are_right_aligned_in_their_columns(standard):
    pdf = standard(Layout(ruled=False))
    words = page_of(pdf, "预算收入总表").extract_words()
    right_edges = {round(w["x1"], 1) for w in words if w["text"] == "135.90"}
    assert len(right_edges) == 2  # 合计 and 一般公共预算 columns, one edge each
    assert {round(w["x1"], 1) for w in words if w["text"] == "1570.01"} == right_edges


# --------------------------------------------------------------------------- text options

def test_thousands_separators(standard):
    pdf = standard(Layout(thousands=True))
    words = {w["text"] for p in pdf.pages for w in p.extract_words()}
    assert {"1,833.76", "1,570.01", "263.75"} <= words and "1833.76" not in words
    pdf = standard(Layout())
    words = {w["text"] for p in pdf.pages for w in p.extract_words()}
    assert "1833.76" in words and "1,833.76" not in words


def doubled(chars: list[dict], text: str, max_dx: float) -> int:
    """How many characters ``text`` are drawn twice at (almost) the same place."""
    hits = [c for c in chars if c["text"] == text]
    return sum(1 for i, a in enumerate(hits) for b in hits[i + 1:]
               if abs(a["top"] - b["top"]) < 0.01 and abs(a["x0"] - b["x0"]) <= max_dx)


@pytest.mark.parametrize("offset", [0.0, 0.3])
def test_doubled_bold_draws_total_rows_twice(standard, offset):
    pdf = standard(Layout(doubled_bold=True, bold_offset=offset))
    chars = page_of(pdf, "预算收支总表").chars
    assert doubled(chars, "总", offset + 0.001) >= 2  # 收入总计 and 支出总计
    assert doubled(chars, "外", 0.5) == 0  # 二、外交支出 is a detail row
    assert doubled(page_of(standard(Layout()), "预算收支总表").chars, "总", 0.5) == 0


def test_running_header_and_page_numbers_on_every_page(standard):
    pdf = standard(Layout(running_header=True))
    for n, text in enumerate(page_texts(pdf), start=1):
        lines = text.splitlines()
        assert lines[0] == f"{ENTITY}2026年单位预算公开"
        assert lines[-1] == f"- {n} -"
    bare = standard(Layout(page_numbers=False))
    assert not any(re.search(r"- \d+ -", t) for t in page_texts(bare))


def test_blanks_empty_dash_or_mixed_and_zero_as_0_00(standard):
    def drawn_rows(layout: Layout) -> dict[str, list]:
        pdf = standard(layout)
        t1 = table_on(page_of(pdf, "预算收支总表"), "收入")
        t12 = table_on(page_of(pdf, "项目支出预算表"), "项目名称")
        return {"gov_fund": t1[3], "zero": t12[4]}

    empty = drawn_rows(Layout())
    assert empty["gov_fund"] == ["二、政府性基金预算", "", "二、外交支出", "", "", ""]
    assert empty["zero"][:4] == ["专业人员聘用补贴", "28.80", "28.80", "0.00"]
    dash = drawn_rows(Layout(blanks="dash"))
    assert dash["gov_fund"] == ["二、政府性基金预算", "-", "二、外交支出", "-", "-", "-"]
    assert dash["zero"][4:] == ["-", "-", "-"]
    mixed = drawn_rows(Layout(blanks="mixed"))
    assert mixed["gov_fund"] == empty["gov_fund"]  # wholly blank rows stay empty
    assert mixed["zero"][4:] == ["-", "-", "-"]  # gaps in rows with figures get "-"


@pytest.mark.parametrize("pattern,shown,hidden", [
    ("预算公开表{n}", ["预算公开表1", "预算公开表12"], []),
    ("表{cn}", ["表一", "表十二"], ["预算公开表"]),
    (None, [], ["预算公开表", "表一"]),
])
def test_table_number_line(standard, pattern, shown, hidden):
    pdf = standard(Layout(table_number=pattern))
    lines = {line for t in page_texts(pdf) for line in t.splitlines()}
    assert all(s in lines for s in shown)
    assert not any(line.startswith(h) for line in lines for h in hidden)


def test_department_documents_say_部门名称(tmp_path):
    model = disclosure(t03())
    model.level = "部门"
    with render(tmp_path, Layout(), model) as pdf:
        text = "\n".join(page_texts(pdf))
    assert f"部门名称：{ENTITY}" in text and "2026年度部门预算公开" in text


def test_format_amount():
    assert format_amount(Decimal("0")) == "0.00"
    assert format_amount(Decimal("1833.76"), thousands=True) == "1,833.76"
    assert format_amount(Decimal("10.8")) == "10.80"
    assert format_amount(Decimal("-5.125")) == "-5.125"


@pytest.mark.parametrize("bad", [dict(rotate=45), dict(bold_offset=0.5), dict(rows_per_page=0),
                                 dict(blanks="zero")])
def test_layout_rejects_impossible_options(bad):
    with pytest.raises(ValueError):
        Layout(**bad)
