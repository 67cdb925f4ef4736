"""The layout text reader: space-separated cells, fake-bold doubling, wrapped labels.

Synthetic strings pin each behaviour; seed 002 (../shared, skipped when absent) proves that every
amount of the 13 tables lands once, in the right row and column, by sample expectations and by
the arithmetic the tables must satisfy (which does not depend on those expectations).
"""
from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from budget_disclosure.amounts import looks_like_amount, parse_amount
from budget_disclosure.raw import RawTable, TextLine
from budget_disclosure.read.layout_text import looks_like_layout_text, read_layout_text

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
SEED_002 = SEEDS / "002_10eeb5e74fced425.txt"
I = "\u3000"  # ideographic-space indentation of units and projects in 表12/13


def _table(text: str) -> RawTable:
    tables = read_layout_text(text, "t.txt").tables
    assert len(tables) == 1
    return tables[0]


def _lines(text: str) -> list[str]:
    return [b.text for b in read_layout_text(text, "t.txt").blocks if isinstance(b, TextLine)]


# --------------------------------------------------------------------------------------------
# Synthetic inputs
# --------------------------------------------------------------------------------------------

# 表2-like, 6 columns: code, name, 合计, 一般公共预算, 单位资金, 上年结转.
CODED = "\n".join([
    "预算公开表2",
    "",
    "2024年预算收入总表2024年预算收入总表",
    "部门名称：某局 单位：万元",
    "",
    "科目编码科目编码 科目名称科目名称 合计合计 一般公共预算一般公共预算 单位资金单位资金 上年结转上年结转",
    "",
    "合计合计 30.0030.00 20.0020.00 10.0010.00   ",
    "",
    "201 一般公共服务支出 20.00 20.00   ",
    "",
    "20101 人大事务 20.00 20.00   ",
    "",
    "211 节能环保支出 10.00  10.00  ",
    "",
    "2110402 农村环境保护     5.00",
    "",
    "注：本表无数据注：本表无数据",
])


def test_doubled_cells_are_read_once_and_bold_empty_cells_count_two_spaces():
    rows = _table(CODED).rows
    # "合计合计" spans code and name; its trailing empty 上年结转 cell is bold (two spaces).
    assert rows[1] == ["合计", "", "30.00", "20.00", "10.00", ""]


def test_space_runs_put_amounts_in_their_columns():
    rows = _table(CODED).rows
    assert rows[2] == ["201", "一般公共服务支出", "20.00", "20.00", "", ""]
    assert rows[4] == ["211", "节能环保支出", "10.00", "", "10.00", ""]
    # A lone amount after five spaces: four empty cells, so it is 上年结转, not 合计.
    assert rows[5] == ["2110402", "农村环境保护", "", "", "", "5.00"]


def test_header_becomes_one_row_and_titles_and_notes_stay_text():
    doc = read_layout_text(CODED, "t.txt")
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["TextLine", "TextLine", "TextLine", "RawTable", "TextLine"]
    assert [b.text for b in doc.lines] == [
        "预算公开表2", "2024年预算收入总表", "部门名称：某局 单位：万元", "注：本表无数据",
    ]
    assert doc.tables[0].rows[0] == ["科目编码", "科目名称", "合计", "一般公共预算", "单位资金", "上年结转"]
    assert doc.format == "text" and doc.source == "t.txt"


# 表1-like, two-sided, 6 columns: 收入项目, 金额, 支出项目, 合计, 当年预算安排, 上年结转安排.
TWO_SIDED = "\n".join([
    "预算公开表1",
    "2024年预算收支总表2024年预算收支总表",
    "收入收入 支出支出",
    "项目项目 2024年2024年 项目项目 2024年合计2024年合计 当年预算安排当年预算安排 上年结转安排上年结转安排",
    "一、一般公共预算 100.00一、一般公共服务支出    ",
    "",
    "二、政府性基金预算  二、外交支出 50.00 50.00  ",
    "",
    "  ",
    "七、文化旅游体育与传媒",
    "支出",
    "",
    "   ",
    "",
    "-3-",
    "",
    "某局2024年部门预算公开报告",
    "第二部分 第二部分 2024年部门预算报表2024年部门预算报表",
    "   十一、节能环保支出 70.00 50.00 20.00",
    "",
    "本年收入合计本年收入合计 100.00100.00本年支出合计本年支出合计 120.00120.00 100.00100.00 20.0020.00",
    "",
    "某局2024年部门预算公开报告",
    "某局2024年部门预算公开报告",
])


def test_amount_glued_to_the_next_label_is_split():
    rows = _table(TWO_SIDED).rows
    assert rows[1] == ["一、一般公共预算", "100.00", "一、一般公共服务支出", "", "", ""]
    assert rows[-1] == ["本年收入合计", "100.00", "本年支出合计", "120.00", "100.00", "20.00"]


def test_wrapped_label_is_one_cell_between_its_prefix_and_rest_lines():
    rows = _table(TWO_SIDED).rows
    assert ["", "", "七、文化旅游体育与传媒\n支出", "", "", ""] in rows
    assert rows[2] == ["二、政府性基金预算", "", "二、外交支出", "50.00", "50.00", ""]


def test_page_furniture_inside_a_table_neither_splits_nor_enters_it():
    doc = read_layout_text(TWO_SIDED, "t.txt")
    assert len(doc.tables) == 1
    rows = doc.tables[0].rows
    # Three stray leading spaces after the page break; still the expenditure side.
    assert ["", "", "十一、节能环保支出", "70.00", "50.00", "20.00"] in rows
    assert not any("部分" in c or "-3-" in c or "报告" in c for r in rows for c in r)
    after = [b.text for b in doc.blocks[doc.blocks.index(doc.tables[0]) + 1:]]
    assert "-3-" in after and "第二部分 2024年部门预算报表" in after


def test_two_sided_header_keeps_both_label_columns():
    assert _table(TWO_SIDED).rows[0] == ["项目", "2024年", "项目", "2024年合计", "当年预算安排", "上年结转安排"]


# 表3-like: a code on its own line, its name wrapped, amounts on the line after; a row broken
# at a page end (no rest-of-row line); bold class row with a bold empty 基本支出 cell.
WRAPPED_CODE = "\n".join([
    "预算公开表3",
    "2024年预算支出总表2024年预算支出总表",
    "项目项目 2024年预算数2024年预算数",
    "科目编码科目编码 科目名称科目名称 合计合计 基本支出基本支出 项目支出项目支出",
    "合计合计 40.0040.00 30.0030.00 10.0010.00",
    "208 社会保障和就业支出 30.00 30.0030.00   ",
    "2080505",
    "机关事业单位基本养老保险缴费支",
    "",
    "出",
    "",
    "30.00 30.00  ",
    "21103 污染防治 10.00   10.0010.00",
    "2110301 大气 10.00  10.00",
    "预算公开表4",
    "2024年财政拨款收支总表",
])


def test_code_line_wrapped_name_and_amount_line_make_one_row():
    rows = _table(WRAPPED_CODE).rows
    assert rows[3] == ["2080505", "机关事业单位基本养老保险缴费支\n出", "30.00", "30.00", ""]


def test_bold_empty_cell_between_plain_and_bold_amounts():
    rows = _table(WRAPPED_CODE).rows
    assert rows[2] == ["208", "社会保障和就业支出", "30.00", "30.00", ""]
    assert rows[4] == ["21103", "污染防治", "10.00", "", "10.00"]
    assert rows[1] == ["合计", "", "40.00", "30.00", "10.00"]


def test_next_title_ends_the_table():
    doc = read_layout_text(WRAPPED_CODE, "t.txt")
    assert doc.lines[-1].text == "2024年财政拨款收支总表"
    assert len(doc.tables[0].rows) == 6


# 表4-like, 7 columns; row 二十八 loses its rest-of-row line at a page end and the next
# row's label starts right after it.
BROKEN = "\n".join([
    "预算公开表4",
    "2024年财政拨款收支总表",
    "项目项目 金额金额 项目项目",
    "金额金额",
    "小计小计 一般公共预算一般公共预算",
    "政府性基政府性基",
    "金预算金预算",
    "国有资本经国有资本经",
    "营预算营预算",
    "一、一般公共预算 9.00  一、一般公共服务支出 9.00 9.00   ",
    "  ",
    "二十八、债务付息支",
    "出",
    " 二十九、债务发行费",
    "用支出",
    "",
    "    ",
    "  三十、抗疫特别国债安排的支出     ",
    "上年财政拨款结转 1.00年终结转     ",
    "一、一般公共预算 1.00     ",
])


def test_row_broken_at_a_page_end_and_the_row_after_it():
    rows = _table(BROKEN).rows
    assert rows[2] == ["", "", "二十八、债务付息支\n出", "", "", "", ""]
    assert rows[3] == ["", "", "二十九、债务发行费\n用支出", "", "", "", ""]
    assert rows[4] == ["", "", "三十、抗疫特别国债安排的支出", "", "", "", ""]


def test_amount_without_separator_before_an_empty_label_column():
    rows = _table(BROKEN).rows
    assert rows[5] == ["上年财政拨款结转", "1.00", "年终结转", "", "", "", ""]
    assert rows[6] == ["一、一般公共预算", "1.00", "", "", "", "", ""]


def test_wrapped_header_cells_are_joined_and_group_headers_dropped():
    assert _table(BROKEN).rows[0] == [
        "项目", "金额", "项目", "小计", "一般公共预算", "政府性基金预算", "国有资本经营预算",
    ]


# 表12-like: header printed out of column order (row-spanning cells first), serial row,
# indented and wrapped project names.
PROJECTS = "\n".join([
    "预算公开表12",
    "2024年项目支出预算表（本年预算）",
    "项目名称项目名称 合计合计",
    "2024年财政拨款2024年财政拨款",
    "财政专户管财政专户管",
    "理资金理资金",
    "单位资金单位资金",
    "一般公共预算一般公共预算",
    "政府性政府性",
    "基金预基金预",
    "算算",
    "国有资本经国有资本经",
    "营预算营预算",
    "1 2 3 4 5 6 7",
    "某局 18.00 10.00    8.00",
    f"{I}某局 18.00 10.00    8.00",
    f"{I}{I}环境污染防治综合专项",
    "治理服务",
    "",
    "10.00 10.00     ",
    f"{I}{I}排污口排查",
    "8.00     8.00",
    "",
    "2024年度某局预算收入总计18.00万元，其中：本年收入18.00万元，比上年增加。",
])


def test_out_of_order_header_and_serial_row():
    rows = _table(PROJECTS).rows
    # 财政专户 / 单位资金 span both header rows, so they are printed before 一般公共预算.
    assert rows[0] == ["项目名称", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "单位资金"]
    assert rows[1] == ["1", "2", "3", "4", "5", "6", "7"]


def test_indented_wrapped_project_names():
    rows = _table(PROJECTS).rows
    assert rows[2] == ["某局", "18.00", "10.00", "", "", "", "8.00"]
    assert rows[4] == [f"{I}{I}环境污染防治综合专项\n治理服务", "10.00", "10.00", "", "", "", ""]
    assert rows[5] == [f"{I}{I}排污口排查", "8.00", "", "", "", "", "8.00"]


def test_prose_after_a_table_is_text():
    doc = read_layout_text(PROJECTS, "t.txt")
    assert doc.blocks[-1] == TextLine("2024年度某局预算收入总计18.00万元，其中：本年收入18.00万元，比上年增加。")


def test_doubled_prose_and_headings_are_undoubled():
    text = "第一部分 概况第一部分 概况\n\n一、部门预算收支数据变动情况及原因一、部门预算收支数据变动情况及原因\n公务接待费 5.00 5.00"
    assert _lines(text) == ["第一部分 概况", "一、部门预算收支数据变动情况及原因", "公务接待费 5.00 5.00"]


def test_performance_target_forms_stay_text():
    text = "\n".join([
        "晋城市市级预算部门（单位）项目支出绩效目标表",
        "按资金来源划分 资金总额（万元） 按资金方向划分 资金总额（万元）",
        "合 计 21337.54 合 计 21337.54",
        "其中:一般公共预算资金 21257.54 其中:基本支出 8519.82",
    ])
    doc = read_layout_text(text, "t.txt")
    assert doc.tables == [] and len(doc.lines) == 4


def test_looks_like_layout_text():
    assert looks_like_layout_text(CODED + "\n" + TWO_SIDED + "\n" + PROJECTS)
    tabbed = "\n".join(f"{c}\t名称\t{v}.00\t{v}.00" for c, v in [(201, 1), (208, 2), (210, 3), (211, 4), (221, 5)])
    assert not looks_like_layout_text(tabbed)
    assert not looks_like_layout_text("一、部门职责\n负责全市生态环境监督管理。\n" * 10)
    assert not looks_like_layout_text("")


# --------------------------------------------------------------------------------------------
# Seed 002: 晋城市生态环境局 2024 部门预算, the 13 tables
# --------------------------------------------------------------------------------------------

WIDTHS = {1: 6, 2: 9, 3: 5, 4: 7, 5: 5, 6: 5, 7: 3, 8: 5, 9: 8, 10: 5, 11: 5, 12: 7, 13: 5}
_ANCHOR = re.compile(r"^(?:预算|部门)公开表(\d+)$")


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED_002.exists():
        pytest.skip(f"seed not available: {SEED_002}")
    return SEED_002.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tables(seed_text) -> dict[int, RawTable]:
    """Table number -> table, by the "预算公开表N" line printed before it."""
    out: dict[int, RawTable] = {}
    number = None
    for block in read_layout_text(seed_text, str(SEED_002)).blocks:
        if isinstance(block, TextLine):
            m = _ANCHOR.match(block.text)
            number = int(m.group(1)) if m else number
        elif number is not None:
            assert number not in out, f"two tables after 表{number}"
            out[number] = block
    return out


def _is_amount(cell: str) -> bool:
    return "." in cell and looks_like_amount(cell)


def _data_rows(table: RawTable) -> list[list[str]]:
    """Rows after the header: header rows (leaf titles, serial numbers) fill every cell with
    text, while every body row of seed 002 has an empty cell or an amount."""
    rows = table.rows
    while rows and all(rows[0]) and not any(_is_amount(c) for c in rows[0]):
        rows = rows[1:]
    return rows


def _key(row: list[str]) -> str:
    """A row's printed labels (code, name, item), wrapped text joined, indentation kept."""
    return "|".join(c.replace("\n", "") for c in row if c and not _is_amount(c))


def _row(table: RawTable, key: str) -> list[str]:
    found = [r for r in _data_rows(table) if _key(r) == key]
    assert len(found) == 1, f"{key}: {len(found)} rows"
    return found[0]


def _v(cell: str) -> Decimal:
    return parse_amount(cell) or Decimal(0)


def _close(total: Decimal, parts: list[Decimal]) -> bool:
    """Printed totals may differ from the sum of printed parts by n x 0.005 (尾差)."""
    return abs(total - sum(parts, Decimal(0))) <= Decimal("0.005") * max(len(parts), 1)


def test_seed_has_the_13_tables_with_their_printed_widths(tables):
    assert sorted(tables) == list(range(1, 14))
    assert {n: t.width for n, t in tables.items()} == WIDTHS
    for t in tables.values():
        assert all(len(r) == t.width for r in t.rows)


def _region_amounts(seed_text: str) -> dict[int, Counter]:
    """Amounts printed between one table's number line and the next part, read from the raw
    text with a regex of its own: a doubled amount ("80.0080.00") counts once."""
    out: dict[int, Counter] = {}
    number = None
    for line in seed_text.splitlines():
        s = line.strip()
        m = _ANCHOR.match(s)
        if m:
            number = int(m.group(1))
            out[number] = Counter()
            continue
        if s.startswith("第三部分"):
            break
        if number is None or re.fullmatch(r"[\d ]+", s):  # serial row "1 2 3 4 5"
            continue
        for m in re.finditer(r"(?<![\d.])(\d+\.\d\d)(\1)?", line):
            out[number][m.group(1)] += 1
    return out


def test_every_amount_printed_in_a_table_region_is_placed_exactly_once(seed_text, tables):
    printed = _region_amounts(seed_text)
    assert sum(sum(c.values()) for c in printed.values()) > 500
    for n, table in tables.items():
        placed = Counter(c for r in table.rows for c in r if _is_amount(c))
        assert placed == printed[n], f"表{n}"


def _expect(table: RawTable, expected: dict[str, dict[int, str]]) -> None:
    """Each keyed row holds exactly these amounts in these columns, and no other amount."""
    for key, cells in expected.items():
        row = _row(table, key)
        amounts = {j: c for j, c in enumerate(row) if _is_amount(c)}
        assert amounts == cells, key


def test_t01_samples(tables):
    _expect(tables[1], {
        "一、一般公共预算|一、一般公共服务支出": {1: "21254.38"},
        "五、单位资金|五、教育支出": {1: "80.00"},
        "二、政府性基金预算|二、外交支出": {},
        "七、文化旅游体育与传媒支出": {},
        "八、社会保障和就业支出": {3: "833.74", 4: "833.74"},
        "十一、节能环保支出": {3: "23474.23", 4: "19391.81", 5: "4082.42"},
        "二十、住房保障支出": {3: "651.11", 4: "651.11"},
        "二十八、债务付息支出": {},
        "本年收入合计|本年支出合计": {1: "21334.38", 3: "25416.80", 4: "21334.38", 5: "4082.42"},
        "上年结转|年终结转": {1: "4082.42"},
        "收入总计|支出总计": {1: "25416.80", 3: "25416.80", 4: "21334.38", 5: "4082.42"},
    })


def test_t02_samples(tables):
    _expect(tables[2], {
        "合计": {2: "21334.38", 3: "21254.38", 7: "80.00", 8: "4082.42"},
        "208|社会保障和就业支出": {2: "833.74", 3: "833.74"},
        "211|节能环保支出": {2: "19391.81", 3: "19311.81", 7: "80.00", 8: "4082.42"},
        "21103|污染防治": {2: "8678.13", 3: "8678.13", 8: "1109.00"},
        "2110301|大气": {2: "5348.82", 3: "5348.82", 8: "1109.00"},
        "21104|自然生态保护": {2: "209.30", 3: "209.30", 8: "2973.42"},
        "2110402|农村环境保护": {8: "2973.42"},
        "2110307|土壤": {2: "1120.96", 3: "1120.96"},
        "21199|其他节能环保支出": {2: "80.00", 7: "80.00"},
        "2119999|其他节能环保支出": {2: "80.00", 7: "80.00"},
        "2210201|住房公积金": {2: "651.11", 3: "651.11"},
    })
    assert _row(tables[2], "合计")[:2] == ["合计", ""]


def test_t03_samples(tables):
    _expect(tables[3], {
        "合计": {2: "25416.80", 3: "8519.82", 4: "16896.98"},
        "2080505|机关事业单位基本养老保险缴费支出": {2: "731.59", 3: "731.59"},
        "211|节能环保支出": {2: "23474.23", 3: "6577.25", 4: "16896.98"},
        "2110102|一般行政管理事务": {2: "449.43", 4: "449.43"},
        "21103|污染防治": {2: "9787.13", 4: "9787.13"},
        "2110402|农村环境保护": {2: "2973.42", 4: "2973.42"},
        "21199|其他节能环保支出": {2: "80.00", 4: "80.00"},
        "2111450|事业运行": {2: "75.67", 3: "75.67"},
    })


def test_t04_samples(tables):
    _expect(tables[4], {
        "一、一般公共预算|一、一般公共服务支出": {1: "21254.38"},
        "三、国有资本经营预算|三、国防支出": {},
        "八、社会保障和就业支出": {3: "833.74", 4: "833.74"},
        "十一、节能环保支出": {3: "23394.23", 4: "23394.23"},
        "二十八、债务付息支出": {},
        "二十九、债务发行费用支出": {},
        "本年收入合计|本年支出合计": {1: "21254.38", 3: "25336.80", 4: "25336.80"},
        "上年财政拨款结转|年终结转": {1: "4082.42"},
        "一、一般公共预算": {1: "4082.42"},
        "二、政府性基金预算": {},
        "收入总计|支出总计": {1: "25336.80", 3: "25336.80", 4: "25336.80"},
    })


def test_t05_samples(tables):
    _expect(tables[5], {
        "合计": {2: "21254.38", 3: "8519.82", 4: "12734.56"},
        "211|节能环保支出": {2: "19311.81", 3: "6577.25", 4: "12734.56"},
        "2110103|机关服务": {2: "244.30", 4: "244.30"},
        "21199|其他节能环保支出": {},
        "2210201|住房公积金": {2: "651.11", 3: "651.11"},
    })


def test_t06_samples(tables):
    _expect(tables[6], {
        "合计": {2: "8519.82", 3: "7592.30", 4: "927.52"},
        "工资福利支出": {2: "7105.08", 3: "7105.08"},
        "基本工资|工资奖金津补贴": {2: "1450.31", 3: "1450.31"},
        "商品和服务支出": {2: "926.53", 4: "926.53"},
        "工会经费|商品和服务支出": {2: "28.93", 4: "28.93"},
        "对个人和家庭的补助": {2: "488.01", 3: "487.22", 4: "0.79"},
        "其他对个人和家庭的补助|其他对个人和家庭的补助": {2: "0.79", 4: "0.79"},
        "资本性支出": {2: "0.20", 4: "0.20"},
    })


def test_t07_t08_t09_are_empty_tables_with_a_total_row_and_a_note(seed_text, tables):
    for n in (7, 8, 9):
        assert _data_rows(tables[n])[-1] == ["合计"] + [""] * (WIDTHS[n] - 1)
    doc = read_layout_text(seed_text, "002")
    for n in (7, 8, 9):
        i = doc.blocks.index(tables[n])
        assert doc.blocks[i + 1] == TextLine("注：本表无数据")


def test_t10_t11_samples(tables):
    _expect(tables[10], {
        "因公出国（境）费": {},
        "公务接待费": {1: "5.00", 2: "5.00"},
        "②公务用车运行维护费": {},
        "合计": {1: "5.00", 2: "5.00"},
    })
    _expect(tables[11], {
        "部门合计": {1: "686.97", 2: "686.97"},
        "晋城市生态环境局城区分局": {1: "13.34", 2: "13.34"},
        "晋城市生态环境局沁水分局": {1: "46.15", 2: "46.15"},
    })


def test_t12_t13_samples(tables):
    _expect(tables[12], {
        "晋城市生态环境局": {1: "12814.56", 2: "12734.56", 6: "80.00"},
        f"{I}晋城市生态环境局": {1: "7884.24", 2: "7884.24"},
        f"{I}晋城市生态环境局高平分局": {1: "738.69", 2: "658.69", 6: "80.00"},
        f"{I}{I}高平分局高平市入河排污口排查及溯源调查报告": {1: "80.00", 6: "80.00"},
        f"{I}{I}阳城分局办公楼修缮费": {1: "100.00", 2: "100.00"},
        f"{I}{I}晋城市大气污染防治服务团队技术服务及网格化设备运维服务项目": {1: "461.97", 2: "461.97"},
    })
    _expect(tables[13], {
        "晋城市生态环境局": {1: "4082.42", 2: "4082.42"},
        f"{I}{I}晋城市农村黑臭水体治理试点项目": {1: "2973.42", 2: "2973.42"},
        f"{I}{I}2022-2023年中央大气污染防治专项资金": {1: "1109.00", 2: "1109.00"},
    })


def test_seed_titles_notes_and_furniture_are_text_lines(seed_text, tables):
    doc = read_layout_text(seed_text, "002")
    texts = [b.text for b in doc.lines]
    starts = [doc.blocks.index(tables[n]) for n in range(1, 14)]
    for n, (prev, i) in enumerate(zip([0] + starts, starts), start=1):
        before = [b.text for b in doc.blocks[prev + 1: i]]
        assert sum(1 for t in before if _ANCHOR.match(t)) == 1, f"表{n}"
        assert any(t.startswith("部门名称：晋城市生态环境局") for t in before), f"表{n}"
    assert "2024年预算收支总表" in texts and "第二部分 2024年部门预算报表" in texts
    assert texts.count("晋城市生态环境局2024年部门预算公开报告") == 8
    for table in tables.values():
        for row in table.rows:
            assert not any(re.search(r"部分|公开报告|^-\d+-$", c) for c in row)


def test_seed_headers_are_leaf_title_rows(tables):
    assert tables[2].rows[0] == ["科目编码", "科目名称", "合计", "一般公共预算", "政府性基金", "国有资本经营预算", "财政专户管理资金", "单位资金", "上年结转"]
    assert tables[4].rows[0] == ["项目", "金额", "项目", "小计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]
    assert tables[6].rows[0] == ["部门预算支出经济科目名称", "政府预算支出经济科目名称", "合计", "人员经费", "公用经费"]
    assert tables[12].rows[:2] == [
        ["项目名称", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "单位资金"],
        ["1", "2", "3", "4", "5", "6", "7"],
    ]
    # 表9 is empty and two-sided: nothing tells which titles belong to which half.
    assert tables[9].rows == [["合计"] + [""] * 7]


def test_looks_like_layout_text_on_seeds(seed_text):
    assert looks_like_layout_text(seed_text)
    for path in sorted(SEEDS.glob("*.txt")):
        if path != SEED_002:
            assert not looks_like_layout_text(path.read_text(encoding="utf-8")), path.name


# --------------------------------------------------------------------------------------------
# Seed 002: arithmetic the tables must satisfy. A misplaced amount breaks one of these.
# --------------------------------------------------------------------------------------------

def _coded(table: RawTable) -> dict[str, list[Decimal]]:
    """科目编码 -> amounts of columns 2.. ; "合计" for the total row."""
    out = {}
    for row in _data_rows(table):
        code = row[0] if re.fullmatch(r"\d{3}(\d{2}){0,2}", row[0]) else row[0].replace("\n", "")
        assert code not in out, code
        out[code] = [_v(c) for c in row[2:]]
    return out


def _check_hierarchy(rows: dict[str, list[Decimal]]) -> int:
    """合计 = Σ 类, 类 = Σ 款, 款 = Σ 项, in every column. Returns the number of checks."""
    checks = 0
    codes = [c for c in rows if c != "合计"]
    for parent, children in [("合计", [c for c in codes if len(c) == 3])] + [
        (p, [c for c in codes if len(c) == len(p) + 2 and c.startswith(p)]) for p in codes if len(p) < 7
    ]:
        if not children:
            continue
        for j, total in enumerate(rows[parent]):
            assert _close(total, [rows[c][j] for c in children]), (parent, j)
            checks += 1
    return checks


def test_t02_columns_and_hierarchy_add_up(tables):
    rows = _coded(tables[2])
    for code, v in rows.items():
        assert _close(v[0], v[1:6]), code  # 本年收入合计 = 一般 + 基金 + 国资 + 专户 + 单位资金
    assert _check_hierarchy(rows) > 40


def test_t03_t05_columns_and_hierarchy_add_up(tables):
    for n in (3, 5):
        rows = _coded(tables[n])
        for code, v in rows.items():
            assert _close(v[0], v[1:3]), (n, code)  # 合计 = 基本支出 + 项目支出
        assert _check_hierarchy(rows) > 40


def test_t02_t03_t05_agree_code_by_code(tables):
    t2, t3, t5 = (_coded(tables[n]) for n in (2, 3, 5))
    assert set(t3) == set(t2)
    for code in t2:
        assert t3[code][0] == t2[code][0] + t2[code][6], code  # 支出 = 本年收入 + 上年结转
        assert t5.get(code, [Decimal(0)])[0] == t2[code][1], code  # 表5 = 一般公共预算 column
    assert t5["合计"][1] == _v(_row(tables[6], "合计")[2])  # 基本支出 = 表6 合计


def _class_code(label: str) -> str:
    """"十一、节能环保支出" -> the 表3 code of the 类 with that name."""
    return re.sub(r"^[一二三四五六七八九十]+、", "", label.replace("\n", ""))


def test_t01_adds_up_and_matches_t02_t03(tables):
    t1 = _data_rows(tables[1])
    income = {r[0].replace("\n", ""): _v(r[1]) for r in t1 if r[0]}
    sources = [income[k] for k in income if re.match(r"^[一二三四五]、", k)]
    assert _close(income["本年收入合计"], sources)
    assert income["收入总计"] == income["本年收入合计"] + income["上年结转"]
    spend = {r[2].replace("\n", ""): [_v(c) for c in r[3:6]] for r in t1 if r[2]}
    classes = {k: v for k, v in spend.items() if re.match(r"^[一二三四五六七八九十]+、", k)}
    assert len(classes) == 30
    for name, (total, current, carry) in spend.items():
        assert total == current + carry, name
    for j in range(3):
        assert _close(spend["本年支出合计"][j], [v[j] for v in classes.values()])
    assert spend["支出总计"] == spend["本年支出合计"]
    t2, t3 = _coded(tables[2]), _coded(tables[3])
    names = {r[1]: r[0] for r in _data_rows(tables[3]) if len(r[0]) == 3}
    for label, (total, current, carry) in classes.items():
        code = names.get(_class_code(label))
        if code is None:
            assert total == 0, label
            continue
        assert total == t3[code][0] and current == t2[code][0] and carry == t2[code][6], label
    assert income["一、一般公共预算"] == t2["合计"][1] and income["五、单位资金"] == t2["合计"][5]


def test_t04_adds_up_and_matches_t02_t03(tables):
    t4 = _data_rows(tables[4])
    spend = {r[2].replace("\n", ""): [_v(c) for c in r[3:7]] for r in t4 if r[2]}
    classes = {k: v for k, v in spend.items() if re.match(r"^[一二三四五六七八九十]+、", k)}
    assert len(classes) == 30
    for name, (subtotal, *funds) in spend.items():
        assert _close(subtotal, funds), name
    for j in range(4):
        assert _close(spend["本年支出合计"][j], [v[j] for v in classes.values()])
    labels = [r[0].replace("\n", "") for r in t4]
    amounts = [_v(r[1]) for r in t4]
    at = labels.index("上年财政拨款结转")
    assert _close(amounts[labels.index("本年收入合计")], amounts[:labels.index("本年收入合计")])
    assert _close(amounts[at], amounts[at + 1: labels.index("收入总计")])
    assert amounts[labels.index("收入总计")] == amounts[labels.index("本年收入合计")] + amounts[at]
    t2, t3 = _coded(tables[2]), _coded(tables[3])
    names = {r[1]: r[0] for r in _data_rows(tables[3]) if len(r[0]) == 3}
    for label, values in classes.items():
        code = names.get(_class_code(label))
        fiscal = t3[code][0] - t2[code][4] - t2[code][5] if code else Decimal(0)  # less 专户, 单位资金
        assert values[0] == fiscal, label


def test_t06_groups_and_columns_add_up(tables):
    rows = _data_rows(tables[6])
    groups: dict[str, list[list[Decimal]]] = {}
    group_totals: dict[str, list[Decimal]] = {}
    current = None
    for row in rows:
        v = [_v(c) for c in row[2:]]
        assert _close(v[0], v[1:]), row  # 合计 = 人员经费 + 公用经费
        if row[0] == "合计":
            total = v
        elif not row[1]:
            current = row[0]
            group_totals[current], groups[current] = v, []
        else:
            groups[current].append(v)
    assert len(groups) == 4
    for name, items in groups.items():
        for j in range(3):
            assert _close(group_totals[name][j], [i[j] for i in items]), name
    for j in range(3):
        assert _close(total[j], [g[j] for g in group_totals.values()])


def test_t10_t11_add_up(tables):
    t10 = {r[0]: [_v(c) for c in r[1:]] for r in _data_rows(tables[10])}
    for name, (total, *funds) in t10.items():
        assert _close(total, funds), name
    cars = t10["公务用车购置及运行费"]
    for j in range(4):
        assert _close(cars[j], [t10["①公务用车购置费"][j], t10["②公务用车运行维护费"][j]])
        assert _close(t10["合计"][j], [t10["因公出国（境）费"][j], t10["公务接待费"][j], cars[j]])
    t11 = _data_rows(tables[11])
    assert t11[0][0] == "部门合计" and len(t11) == 9
    for j in range(1, 5):
        assert _close(_v(t11[0][j]), [_v(r[j]) for r in t11[1:]])


def _nested_sums(table: RawTable) -> int:
    """Entity = Σ units, unit = Σ projects (by 　 indentation), per column; 合计 = Σ funds."""
    rows = _data_rows(table)
    levels = [len(r[0]) - len(r[0].lstrip(I)) for r in rows]
    values = [[_v(c) for c in r[1:]] for r in rows]
    checks = 0
    for i, level in enumerate(levels):
        assert _close(values[i][0], values[i][1:]), rows[i][0]
        if level == 2:
            continue
        children = []
        for j in range(i + 1, len(rows)):
            if levels[j] <= level:
                break
            if levels[j] == level + 1:
                children.append(values[j])
        for k in range(len(values[i])):
            assert _close(values[i][k], [c[k] for c in children]), rows[i][0]
            checks += 1
    return checks


def test_t12_t13_nesting_adds_up_and_matches_t03_projects(tables):
    assert _nested_sums(tables[12]) == 6 * (1 + 9)  # the department and its 9 units
    assert _nested_sums(tables[13]) == 4 * 2
    projects = _v(_data_rows(tables[12])[0][1]) + _v(_data_rows(tables[13])[0][1])
    assert projects == _v(_row(tables[3], "合计")[4])
    assert sum(1 for r in _data_rows(tables[12]) if r[0].startswith(I * 2)) == 64
