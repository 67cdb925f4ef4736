"""General recognition mechanisms declared from a profile (first needed by 江苏省级 2017–2019), each on a
small hand-made grid: rows nested by label column (`outline`), a label column without a header of its
own (alias '^$'), a 合计 over economic classes printed first, a note printed inside the grid, caption
lines wrapped by a narrow text box."""
from __future__ import annotations

from decimal import Decimal

from budget_disclosure.profiles import load_profile_text
from budget_disclosure.raw import RawDocument, RawTable, TextLine
from budget_disclosure.recognise import _unwrapped_captions, recognise

PROFILE_TEXT = '''
[profile]
id = "mechanisms"
name = "test"
kind = "预算"
min_tables = 1
empty_notes = ["此表为空"]

[[tables]]
key = "T02"
name = "收入预算总表"
titles = ['^收入预算总表$']
columns = [
  { key = "group", text = true, aliases = ['^项目名称$'] },
  { key = "item", text = true, aliases = ['^$'] },
  { key = "amount", aliases = ['^金额$'] },
]
body = { rows = "outline" }
rows = [
  { key = "total", role = "total", aliases = ['^收入总计$'] },
  { key = "general_budget", aliases = ['^一般公共预算资金$'] },
]

[[tables]]
key = "T06"
name = "基本支出表"
titles = ['^基本支出表$']
columns = [
  { key = "code", text = true, aliases = ['编码$'] },
  { key = "name", text = true, aliases = ['科目名称$'] },
  { key = "total", aliases = ['^金额$'] },
]
body = { rows = "coded_economic" }

[[tables]]
key = "T08"
name = "政府性基金支出表"
titles = ['^政府性基金支出表$']
columns = [
  { key = "code", text = true, aliases = ['编码$'] },
  { key = "name", text = true, aliases = ['科目名称$'] },
  { key = "total", aliases = ['^金额$'] },
]
body = { rows = "coded" }

[[tables]]
key = "T18"
name = "政府采购表"
titles = ['^政府采购表$']
columns = [
  { key = "category", text = true, aliases = ['^大类$'] },
  { key = "project", text = true, aliases = ['^专项$'] },
  { key = "economic", text = true, level = 1, aliases = ['^经济科目$'] },
  { key = "item", text = true, level = 2, aliases = ['^物品$'] },
  { key = "total", aliases = ['^总计$'] },
]
body = { rows = "outline" }

[[tables]]
key = "T01"
name = "收支表"
titles = ['^收支表$']
columns = [
  { key = "income_label", text = true, side = "income", aliases = ['^项目$'] },
  { key = "amount", side = "income", aliases = ['^金额$'] },
  { key = "expenditure_label", text = true, side = "expenditure", aliases = ['^功能$'] },
  { key = "total", side = "expenditure", aliases = ['^金额$'] },
  { key = "purpose_label", text = true, side = "purpose", aliases = ['^用途$'] },
  { key = "purpose_amount", side = "purpose", aliases = ['^金额$'] },
]
sides = { income = "named", expenditure = "classes", purpose = "named" }
rows = [
  { key = "fiscal", side = "income", aliases = ['^财政拨款$'] },
  { key = "income_total", side = "income", role = "total", aliases = ['^当年收入小计$'] },
  { key = "income_grand_total", side = "income", role = "total", aliases = ['^收入合计$'] },
  { key = "expenditure_total", side = "expenditure", role = "total", aliases = ['^当年支出小计$'] },
  { key = "expenditure_grand_total", side = "expenditure", role = "total", aliases = ['^支出合计$'] },
  { key = "basic", side = "purpose", aliases = ['^基本支出$'] },
]
'''
PROFILE = load_profile_text(PROFILE_TEXT)


def _read(blocks):
    import budget_disclosure.recognise as r
    original = r.get_profile
    r.get_profile = lambda _id: PROFILE
    try:
        return recognise(RawDocument("<test>", "text", blocks), "mechanisms")
    finally:
        r.get_profile = original


def _doc():
    return _read([
        TextLine("收入预算总表"), TextLine("部门：某某办公 单位：万元"), TextLine("厅"),
        RawTable([["项目名称", "", "金额"],
                  ["收入总计", "", "10.00"],
                  ["一般公共预算资金", "小计", "8.00"],
                  ["", "公共财政拨款(补助)资金", "8.00"],
                  ["上年结转和结余资金", "小计", "2.00"],
                  ["", "其中：动用上年结转和结余资金", "1.00"]]),
        TextLine("基本支出表"),
        RawTable([["科目编码", "科目名称", "金额"],
                  ["", "合计", "5.00"], ["301", "工资福利支出", "5.00"], ["30101", "基本工资", "5.00"]]),
        TextLine("政府性基金支出表"),
        RawTable([["科目编码", "科目名称", "金额"], ["合计", "", ""], ["此表为空", "", ""]]),
        TextLine("政府采购表"),
        RawTable([["大类", "专项", "经济科目", "物品", "总计"],
                  ["合计", "", "", "", "9.00"],
                  ["一、货物A", "", "", "", "9.00"],
                  ["", "办公经费", "办公费", "", "4.00"],
                  ["", "", "", "纸张", "4.00"],
                  ["", "", "印刷费", "", "5.00"],  # the same 专项 with another 经济科目: a sibling
                  ["", "办公经费", "印刷费", "印刷服务", "5.00"]]),  # a merged cell repeated on a new page
    ])


def test_outline_rows_nest_by_their_deepest_named_label_column():
    t = _doc().table("T02")
    assert [(r.label, r.key, r.parent) for r in t.rows] == [
        ("收入总计", "total", None), ("一般公共预算资金", "general_budget", 0), ("公共财政拨款(补助)资金", None, 1),
        ("上年结转和结余资金", None, 0), ("其中：动用上年结转和结余资金", None, None)]  # "其中" is no part of a sum
    assert t.rows[1].values == {"amount": Decimal("8.00")}
    p = _doc().table("T18")
    assert [(r.label, r.parent) for r in p.rows] == [
        ("合计", None), ("一、货物A", 0), ("办公经费", 1), ("纸张", 2), ("印刷费", 1), ("印刷服务", 4)]
    assert p.rows[2].attributes == {"economic": "办公费"}


def test_a_label_column_under_its_neighbours_header_is_read():
    t = _doc().table("T02")
    assert t.columns == ["amount"] and not [n for n in _doc().notices if n.table == "T02"]


def test_a_total_printed_above_the_economic_classes_adds_them_up():
    t = _doc().table("T06")
    assert [(r.label, r.parent) for r in t.rows] == [("合计", None), ("工资福利支出", 0), ("基本工资", 1)]


def test_an_empty_note_printed_inside_the_grid_is_a_note():
    t = _doc().table("T08")
    assert t.empty and t.notes == ["此表为空"] and [r.label for r in t.rows] == ["合计"]


def test_caption_lines_wrapped_by_a_narrow_box_are_joined():
    assert _doc().table("T02").entity == "某某办公厅"
    assert _unwrapped_captions(["部门名称：江苏省高级人民法", "院 单位：万元"]) == ["部门名称：江苏省高级人民法院 单位：万元"]
    assert _unwrapped_captions(["单位：万", "部门名称：江苏省高级人民法院 元"]) == ["单位：万元", "部门名称：江苏省高级人民法院"]
    assert _unwrapped_captions(["部门：江苏省人民检察院", "单位：万元"]) == ["部门：江苏省人民检察院", "单位：万元"]


def test_a_continuation_with_merged_columns_and_a_row_cut_by_the_page_break():
    """001's 收支预算总表: p8 ends inside "当年收入小计"; p9 is drawn with four columns (the label cells merged
    over three) and starts with "小计". Lined up by the column boundaries, the cut row joined again."""
    profile = load_profile_text(PROFILE_TEXT.replace('min_tables = 1', 'min_tables = 1\nrows_cross_pages = true'))
    edges6, edges4 = [0.0, 10, 20, 30, 40, 50, 60], [0.0, 10, 20.5, 50, 60]
    blocks = [
        TextLine("收支表"),
        RawTable([["项目", "金额", "功能", "金额", "用途", "金额"],
                  ["一、财政拨款", "3.00", "一、一般公共服务支出", "3.00", "一、基本支出", "3.00"],
                  ["当年收入", "3.00", "当年支出小计", "", "", "3.00"]], [1, 1, 1], True, edges6),
        RawTable([["小计", "", "", ""], ["收入合计", "3.00", "支出合计", "3.00"]], [2, 2], True, edges4),
    ]
    import budget_disclosure.recognise as r
    original = r.get_profile
    r.get_profile = lambda _id: profile
    try:
        d = recognise(RawDocument("<test>", "pdf", blocks), "mechanisms")
    finally:
        r.get_profile = original
    t = d.table("T01")
    assert [(r.label, r.key) for r in t.rows if r.side == "income"] == [
        ("一、财政拨款", "fiscal"), ("当年收入小计", "income_total"), ("收入合计", "income_grand_total")]
    assert [(r.key, r.values["total"]) for r in t.rows if r.side == "expenditure" and r.role == "total"] == [
        ("expenditure_total", Decimal("3.00")), ("expenditure_grand_total", Decimal("3.00"))]
    assert [n.code for n in d.notices if n.table == "T01"] == []
