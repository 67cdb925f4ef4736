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

from budget_disclosure.profiles import load_profile_text
from budget_disclosure.raw import RawDocument, RawTable, TextLine
from budget_disclosure.recognise import _locate
from budget_disclosure.recognise.rows import Line, RowBuilder

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
{split}
columns = [
  {{ key = "code", text = true, aliases = ['^类$'] }},
  {{ key = "code_2", text = true, optional = true, aliases = ['^款$'] }},
  {{ key = "code_3", text = true, optional = true, aliases = ['^项$'] }},
  {{ key = "name", text = true, aliases = ['科目名称'] }},
  {{ key = "total", aliases = ['^合计$'] }},
]
body = {{ rows = "coded" }}
'''


def _spec(split: str = 'split_codes = "new_digits"', head: str = ""):
    return load_profile_text(PROFILE.format(split=split, head=head)).table("T03")


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


def test_without_the_declaration_split_parts_are_joined_as_printed():
    rows = RowBuilder(_spec(split=""), None, set()).build("coded", _split_lines(*ROWS[1:3]))
    assert [r.code for r in rows] == ["205", None]  # "08" alone is no code


def _pages_with_repeated_title() -> RawDocument:
    header = [["类", "款", "项", "科目名称", "合计"]]
    blocks = [TextLine("公开表3", 12), TextLine("支出总体情况表", 12), TextLine("单位：万元", 12),
              RawTable(header + [["", "", "", "合计", "97.00"], ["205", "", "", "教育支出", "63.55"]], [12, 12, 12]),
              TextLine("公开表3", 13), TextLine("支出总体情况表", 13), TextLine("单位：万元", 13),
              RawTable(header + [["214", "", "", "交通运输支出", "33.45"]], [13, 13])]
    return RawDocument("test", "pdf", blocks, 2)


def test_a_title_repeated_over_the_next_page_continues_the_table():
    found, _ = _locate(load_profile_text(PROFILE.format(split="", head="titles_repeat = true")), _pages_with_repeated_title())
    assert [(f.spec.key, len(f.fragments)) for f in found] == [("T03", 2)]
    # Without the declaration the second title is a second copy of the table.
    found, _ = _locate(load_profile_text(PROFILE.format(split="", head="")), _pages_with_repeated_title())
    assert [(f.spec.key, len(f.fragments)) for f in found] == [("T03", 1), ("T03", 1)]
