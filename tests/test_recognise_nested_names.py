"""General recognition mechanisms first needed by 深圳 (profiles/shenzhen_budget.toml), each on a small
hand-made grid: 类/款/项 names without codes nested by the indentation the ruled-grid reader keeps (rows
kind `indented`, shared with 杭州), the first body
row as the table's total whatever its label (`total = "first"`), and a title repeated over every page of
a table (`titles_repeat`)."""
from __future__ import annotations

from budget_disclosure.profiles import load_profile_text
from budget_disclosure.raw import IndentedText, RawDocument, RawTable, TextLine
from budget_disclosure.recognise import recognise

PROFILE_TEXT = '''
[profile]
id = "nested-names"
name = "test"
kind = "预算"
min_tables = 1
titles_repeat = true

[[tables]]
key = "T01"
name = "收支总表"
titles = ['^收支总表$']
columns = [
  { key = "income_label", text = true, side = "income", aliases = ['^项目$'] },
  { key = "amount", side = "income", aliases = ['^预算数$'] },
  { key = "expenditure_label", text = true, side = "expenditure", aliases = ['^项目$'] },
  { key = "total", side = "expenditure", aliases = ['^预算数$'] },
]
income = { rows = "named" }
expenditure = { rows = "indented" }
rows = [
  { key = "income_total", side = "income", role = "total", aliases = ['^本年收入合计$'] },
  { key = "expenditure_total", side = "expenditure", role = "total", aliases = ['^本年支出合计$'] },
]

[[tables]]
key = "T03"
name = "支出总表"
titles = ['^支出总表$']
columns = [
  { key = "unit", text = true, aliases = ['预算单位'] },
  { key = "code", text = true, aliases = ['科目编码'] },
  { key = "name", text = true, aliases = ['科目名称'] },
  { key = "total", aliases = ['^支出总计$'] },
]
body = { rows = "coded", total = "first" }
'''
PROFILE = load_profile_text(PROFILE_TEXT)
HEADER = ["项目", "预算数", "项目", "预算数"]


def _at(depth: int, name: str) -> IndentedText:
    """A name cell as the ruled reader gives it: its text and how far it starts from the cell's edge."""
    return IndentedText(name, 2.0 + 12.0 * depth)


def _read(blocks):
    import budget_disclosure.recognise as r
    original = r.get_profile
    r.get_profile = lambda _id: PROFILE
    try:
        return recognise(RawDocument("<test>", "pdf", blocks), "nested-names")
    finally:
        r.get_profile = original


def _doc():
    return _read([
        TextLine("收支总表", 1),
        RawTable([HEADER,
                  ["", "", _at(0, "一、交通运输支出"), "30.00"],
                  ["", "", _at(1, "公路水路运输"), "20.00"],  # 款
                  ["", "", _at(2, "行政运行"), "5.00"],  # 项 …
                  ["", "", _at(2, "公路养护"), "15.00"],  # … of that 款
                  ["", "", _at(1, "其他交通运输支出"), "10.00"]], [1] * 6),  # the next 款
        TextLine("收支总表", 2),  # the title printed again over the next page
        RawTable([HEADER,
                  ["", "", _at(2, "其他交通运输支出"), "10.00"],  # its 项, named like it
                  ["", "", _at(0, "二、其他支出"), "2.00"],  # a numbered 类 name
                  ["", "", _at(1, "其他支出"), "2.00"],
                  ["", "", _at(2, "其他支出"), "2.00"],
                  ["本年收入合计", "32.00", "本年支出合计", "32.00"]], [2] * 6),
        TextLine("支出总表", 3),
        RawTable([["预算单位", "科目编码", "科目名称", "支出总计"],
                  ["某某局（本级）", "", "", "30.00"],
                  ["", "214", "交通运输支出", "30.00"]], [3] * 3),
    ])


def test_names_without_codes_nest_by_their_indentation():
    d = _doc()
    t01 = d.table("T01")
    rows = [(r.label, r.level, t01.rows[r.parent].label if r.parent is not None else None)
            for r in t01.rows if r.side == "expenditure" and r.role != "total"]
    assert rows == [
        ("一、交通运输支出", "类", None),
        ("公路水路运输", "款", "一、交通运输支出"), ("行政运行", "项", "公路水路运输"), ("公路养护", "项", "公路水路运输"),
        ("其他交通运输支出", "款", "一、交通运输支出"), ("其他交通运输支出", "项", "其他交通运输支出"),
        ("二、其他支出", "类", None), ("其他支出", "款", "二、其他支出"), ("其他支出", "项", "其他支出"),
    ]
    assert [r.code for r in t01.rows if r.level == "类"] == ["214", "229"]


def test_a_title_repeated_on_the_next_page_continues_the_table():
    d = _doc()
    assert d.table("T01").pages == [1, 2]
    assert not [n for n in d.notices if n.code == "duplicate-table"]


def test_the_first_row_is_the_total_whatever_its_label():
    t03 = _doc().table("T03")
    total, class_row = t03.rows
    assert (total.key, total.role, total.label) == ("total", "total", "某某局（本级）")
    assert class_row.parent == 0 and class_row.code == "214"
