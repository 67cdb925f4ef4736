"""General reading mechanisms, declared from a profile: rows by unit code (a 收入总表 by 部门代码/单位代码),
economic rows under a 合计 printed above them, and "单位：<name> … 单位：万元" as an entity label."""
from __future__ import annotations

from decimal import Decimal

from budget_disclosure.profiles import load_profile_text
from budget_disclosure.recognise.document import entity_in, money_unit_in
from budget_disclosure.recognise.rows import Line, RowBuilder

PROFILE = load_profile_text('''
[profile]
id = "t"
name = "t"
kind = "预算"

[[tables]]
key = "T15"
name = "收入总表"
titles = ['^收入总表$']
columns = [
  { key = "code", text = true, aliases = ['代码$'] },
  { key = "name", text = true, aliases = ['名称$'] },
  { key = "total", aliases = ['^合计$'] },
]
body = { rows = "coded_units" }

[[tables]]
key = "T06"
name = "基本支出表"
titles = ['^基本支出表$']
columns = [
  { key = "code", text = true, aliases = ['科目编码$'] },
  { key = "name", text = true, aliases = ['科目名称$'] },
  { key = "total", aliases = ['合计$'] },
]
body = { rows = "coded_economic" }
''')


def _lines(*rows):
    return [Line({"code": code, "name": name}, {"total": Decimal(v)}, 9) for code, name, v in rows]


def test_units_nest_under_the_unit_whose_code_begins_theirs():
    builder = RowBuilder(PROFILE.table("T15"), None, set())
    rows = builder.build("coded_units", _lines(
        ("合计", "", "30"), ("123", "某局", "30"), ("123001", "某局", "20"), ("123002", "某中心", "10")))
    assert [(r.label, r.level, r.parent, r.role) for r in rows] == [
        ("合计", "部门", None, "total"), ("某局", "部门", 0, "detail"), ("某局", "单位", 1, "detail"), ("某中心", "单位", 1, "detail")]
    assert rows[2].attributes == {"unit_code": "123001"}
    assert not builder.notices


def test_a_unit_document_has_its_one_unit_under_the_total():
    rows = RowBuilder(PROFILE.table("T15"), None, set()).build("coded_units", _lines(("", "合计", "5"), ("313001", "某局（本级）", "5")))
    assert [(r.level, r.parent) for r in rows] == [("部门", None), ("单位", 0)]


def test_economic_classes_add_up_into_a_total_printed_above_them():
    rows = RowBuilder(PROFILE.table("T06"), None, set()).build("coded_economic", _lines(
        ("", "合计", "3"), ("301", "工资福利支出", "2"), ("30101", "基本工资", "2"), ("302", "商品和服务支出", "1")))
    assert [(r.code, r.level, r.parent) for r in rows] == [(None, None, None), ("301", "类", 0), ("30101", "款", 1), ("302", "类", 0)]


def test_unit_label_names_the_entity_when_the_money_unit_follows_on_the_line():
    line = "单位：无锡市交通运输局（本级）                       单位：万元"
    assert entity_in(line) == ("无锡市交通运输局（本级）", "单位")
    assert money_unit_in(line) == "万元"
    assert entity_in("单位：万元") is None
    assert entity_in("部门：苏州市交通运输局      单位：万元") == ("苏州市交通运输局", "部门")


def test_a_list_grouped_by_declared_names_then_by_its_first_label_column():
    spec = load_profile_text('''
[profile]
id = "g"
name = "g"
kind = "预算"
[[tables]]
key = "T18"
name = "政府采购支出表"
titles = ['^政府采购支出表$']
columns = [
  { key = "category", text = true, aliases = ['^采购品目大类$'] },
  { key = "item", text = true, aliases = ['^采购品目名称$'] },
  { key = "total", aliases = ['^总计$'] },
]
body = { rows = "grouped" }
rows = [ { key = "goods", role = "group", aliases = ['^货物$'] }, { key = "services", role = "group", aliases = ['^服务$'] } ]
''').table("T18")
    lines = [Line({"category": c, "item": i}, {"total": Decimal(v) if v else None}, 1) for c, i, v in [
        ("合计", "", "3"), ("货物", "", "2"), ("某局", "", "2"), ("", "复印纸", "2"), ("", "纸", None),
        ("服务", "", "1"), ("某局", "", "1"), ("", "印刷", "1")]]
    rows = RowBuilder(spec, None, set()).build("grouped", lines)
    assert [(r.label, r.key, r.level, r.parent) for r in rows] == [
        ("合计", "total", None, None), ("货物", "goods", None, 0), ("某局", None, "单位", 1), ("复印纸", None, "项目", 2),
        ("服务", "services", None, 0), ("某局", None, "单位", 4), ("印刷", None, "项目", 5)]


def test_items_listed_under_one_class_heading_each_name_their_own_item():
    from budget_disclosure.classification import item_path
    from budget_disclosure.model import Section
    from budget_disclosure.recognise.prose import extract_claims

    text = ("其中：\n（二）交通运输支出（类）\n1.公路水路运输（款）行政运行（项）支出2,729.18万元，与上年相比增加49.6万元。\n"
            "2.公路水路运输（款）公路养护（项）支出5,802万元，与上年相比减少15万元。\n")
    amounts = [c for c in extract_claims([Section("五", "财政拨款支出预算情况说明", text, [34])]) if c.kind == "amount"]
    assert [(c.value, item_path(c.item)) for c in amounts] == [
        (Decimal("2729.18"), ("交通运输支出", "公路水路运输", "行政运行")),
        (Decimal("5802"), ("交通运输支出", "公路水路运输", "公路养护"))]
