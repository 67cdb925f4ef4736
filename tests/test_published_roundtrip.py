"""Real disclosures, published as workbooks and web pages, read back to the same model.

Each tab-separated seed is extracted, written out as a province would publish it (an .xlsx with
one table per sheet and merged Shanxi headers, or an HTML page with colspan/rowspan headers; see
published_fixtures.py), extracted again, and compared table by table: same keys, titles, columns,
empty flags and notes, and every row's label, code, level, role, key, side, values, parent and
attributes. Only pages differ by format (sheet numbers for a workbook, none for HTML).
"""
from __future__ import annotations

import pytest
from openpyxl import load_workbook

from budget_disclosure import extract
from conftest import seed_path
from published_fixtures import (
    ACCOUNTING_FORMAT,
    ZERO_HIDDEN_FORMAT,
    Style,
    printed_tables,
    published_notes,
    write_html,
    write_xlsx,
)

SEEDS = ["000", "001", "003", "004"]
ALL_TABLES = frozenset(f"T{i:02d}" for i in range(1, 14))

# A finance-system export: all tables stacked on one sheet from column B with no gap, codes
# stored as numbers, blank amounts stored as zeros that the format hides, wrapped headers,
# page-break spacer rows, "单位名称：…　单位：万元" in one cell, "合计" under 科目名称.
FINANCE_EXPORT = Style(one_sheet=True, gap_rows=0, codes_as_numbers=True, blanks_as_zero=True,
                       number_format=ZERO_HIDDEN_FORMAT, wrap_headers=True, number_lines=False,
                       spacer_every=21, one_caption_cell=True, total_in_name_column=True)
# A CMS page: &nbsp; in blank cells, every amount with thousands separators, wrapped headers
# (<br>), spacer rows, "合计" under 科目名称.
CMS_PAGE = Style(blank_cell="&nbsp;", text_amounts=ALL_TABLES, wrap_headers=True, spacer_every=7,
                 total_in_name_column=True)
# Blank amounts printed as "-": Excel's 会计专用 format on zeros, or a page that writes dashes.
ACCOUNTING_XLSX = Style(blanks_as_zero=True, number_format=ACCOUNTING_FORMAT)
DASH_HTML = Style(blank_cell="&nbsp;", blank_amount="-")


@pytest.fixture(scope="module", params=SEEDS)
def source(request):
    return request.param, extract(seed_path(request.param))


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """extract() of a seed published in a format and style; each written and read once."""
    cache: dict = {}

    def publish(source, fmt: str, style: Style = Style(), encoding: str = "utf-8"):
        name, src = source
        key = (name, fmt, style, encoding)
        if key not in cache:
            folder = tmp_path_factory.mktemp(f"published_{name}_{fmt}")
            if fmt == "xlsx":
                path = write_xlsx(src, folder / f"{name}.xlsx", style)
            else:
                path = write_html(src, folder / f"{name}.html", style, encoding=encoding)
            cache[key] = (path, extract(path))
        return cache[key]

    return publish


def _fields(row):
    return (row.label, row.code, row.level, row.role, row.key, row.side, row.values, row.parent, row.attributes)


def assert_same_tables(got, src, *, header_only_empty=False):
    """Every table of ``src`` is reproduced by ``got``.

    ``header_only_empty``: empty tables were published with just their header and the note, so
    they come back empty and without rows.
    """
    assert [t.key for t in got.tables] == [t.key for t in src.tables]
    assert (got.year, got.entity, got.level, got.unit) == (src.year, src.entity, src.level, src.unit)
    for s in src.tables:
        g = got.table(s.key)
        where = f"{src.source} {s.key}"
        assert g.title == s.title, where
        assert g.empty == s.empty, where
        assert g.columns == s.columns, where
        assert g.column_titles == s.column_titles, where
        assert g.notes == published_notes(s), where
        expected = [] if header_only_empty and s.empty else s.rows
        assert [_fields(r) for r in g.rows] == [_fields(r) for r in expected], where


# ---------------------------------------------------------------------------------------------
# The plain publications


def test_xlsx_one_table_per_sheet(source, published):
    _, src = source
    _, got = published(source, "xlsx")
    assert_same_tables(got, src)
    assert got.format == "xlsx" and got.page_count == 13
    assert [t.pages for t in got.tables] == [[i] for i in range(1, 14)]  # sheet numbers
    assert not got.notices  # no reordered header, missing column or unrecognised table


def test_html_gbk_page(source, published):
    _, src = source
    path, got = published(source, "html", encoding="gbk")
    assert b"charset=gb2312" in path.read_bytes()[:300]
    assert "单位名称".encode("gbk") in path.read_bytes()
    assert_same_tables(got, src)
    assert got.format == "html" and all(t.pages == [] for t in got.tables)
    assert not got.notices


# ---------------------------------------------------------------------------------------------
# What other publishers do


def test_xlsx_finance_system_export(source, published):
    _, src = source
    _, got = published(source, "xlsx", FINANCE_EXPORT)
    assert_same_tables(got, src)
    assert all(t.pages == [1] for t in got.tables)
    assert not got.notices


def test_html_cms_page_utf8(source, published):
    _, src = source
    _, got = published(source, "html", CMS_PAGE)
    assert_same_tables(got, src)
    assert not got.notices


@pytest.mark.parametrize("fmt", ["xlsx", "html"])
def test_empty_tables_printed_as_header_and_note_only(source, published, fmt):
    _, src = source
    _, got = published(source, fmt, Style(empty_rows=False))
    assert_same_tables(got, src, header_only_empty=True)
    assert all(t.notes[-1] == "注：本表无数据" for t in got.tables if t.empty)


@pytest.mark.parametrize("fmt", ["xlsx", "html"])
def test_dash_blanks(source, published, fmt):
    """Blank amounts printed as "-" read as blanks, also in an empty table's lone "合计 | - | -" row.

    (That row used to be taken for a lower header row like "合计 | 人员经费 | 公用经费": the empty
    表7/表8/表9 lost their 合计 row and 表8/表9 their total column, recognise/headers.py
    _is_body_row counting "-" as header text.)
    """
    _, src = source
    _, got = published(source, fmt, ACCOUNTING_XLSX if fmt == "xlsx" else DASH_HTML)
    assert_same_tables(got, src)
    assert not got.notices


# ---------------------------------------------------------------------------------------------
# The fixtures print what the documents print


def test_two_sided_rows_pair_as_the_documents_print_them(source):
    _, src = source
    tables = {pt.key: pt for pt in printed_tables(src)}

    def line_texts(pt):
        return [[c.value for _, c in sorted(cells.items()) if isinstance(c.value, str)]
                for cells in pt.rows[pt.header_rows:] if cells]

    t1 = line_texts(tables["T01"])
    assert t1[0][:2] == ["一、一般公共预算", "一、一般公共服务支出"]
    assert t1[-3:] == [["本年收入合计", "本年支出合计"], ["上年结转", "年终结转"], ["收入总计", "支出总计"]]
    assert len(t1) == 33  # 30 类, three totals lines; the five income sources beside the first five
    t4 = line_texts(tables["T04"])
    assert t4[-6][0] == "本年收入合计" and t4[-6][1] == "本年支出合计"
    assert t4[-5][1] == "年终结转" and t4[-5][0].startswith("上年")
    assert [len(line) for line in t4[-4:-1]] == [1, 1, 1]  # the carry-over by fund, income side only
    assert t4[-1] == ["收入总计", "支出总计"]


def test_workbook_cells_are_published_as_numbers_or_separated_text(tmp_path):
    src = extract(seed_path("000"))
    wb = load_workbook(write_xlsx(src, tmp_path / "000.xlsx"))
    t2, t3 = wb["表2"], wb["表3"]
    assert [t2.cell(1, 1).value, t2.cell(2, 1).value] == ["预算公开表2", "2026年预算收入总表"]
    assert [t2.cell(3, 1).value, t2.cell(3, 9).value] == ["单位名称：阳泉市生态环境监测和应急保障中心", "单位：万元"]
    merged = {str(r) for r in t2.merged_cells.ranges}
    assert {"A4:B4", "C4:H4", "I4:I5", "A6:B6"} <= merged  # 项目, 本年收入, 上年结转, 合计
    total = t2.cell(6, 3)
    assert (total.value, total.number_format) == (1570.01, "#,##0.00")
    assert t3.cell(5, 3).value == "1,833.76"  # 表3 publishes its amounts as text
    assert t2.cell(7, 6).value is None  # blank stays empty
    t7 = wb["表7"]
    assert [row for row in t7.iter_rows(min_row=6, values_only=True)] == [
        ("合计", None, None), ("注：本表无数据", None, None)]
