"""Typing body rows (recognise/rows.py) as a profile declares them: codes inside the name cell, a 合计
printed before the classes it adds up, and unit rows taken only from the units a document lists."""
from __future__ import annotations

from decimal import Decimal

from budget_disclosure.profiles import load_profile_text
from budget_disclosure.recognise.rows import Line, RowBuilder

PROFILE = '''
[profile]
id = "test"
name = "test"
kind = "预算"

[[tables]]
key = "T05"
name = "一般公共预算支出情况表"
titles = ['^一般公共预算支出情况表$']
columns = [{ key = "name", text = true, aliases = ['科目名称'] }, { key = "total", aliases = ['^小计$'] }]
body = { rows = "coded" }

[[tables]]
key = "T06"
name = "基本支出情况表"
titles = ['^基本支出情况表$']
columns = [{ key = "name", text = true, aliases = ['经济科目'] }, { key = "total", aliases = ['^预算$'] }]
body = { rows = "coded_economic" }

[[tables]]
key = "T12"
name = "项目支出表"
titles = ['^项目支出表$']
columns = [{ key = "label", text = true, aliases = ['项目'] }, { key = "total", aliases = ['^总计$'] }]
body = { rows = "projects", units = "listed" }

[[tables]]
key = "T13"
name = "项目支出表（按名称）"
titles = ['^项目支出表（按名称）$']
columns = [{ key = "label", text = true, aliases = ['项目'] }, { key = "total", aliases = ['^总计$'] }]
body = { rows = "projects" }
'''


def _lines(key: str, *rows: tuple[str, str]) -> list[Line]:
    return [Line({key: label}, {"total": Decimal(amount)}, 1) for label, amount in rows]


def _build(table: str, kind: str, lines: list[Line], known_units: set[str] = frozenset()):
    spec = load_profile_text(PROFILE).table(table)
    return RowBuilder(spec, None, set(known_units)).build(kind, lines)


def test_a_code_printed_in_brackets_inside_the_name_is_the_rows_code():
    rows = _build("T05", "coded", _lines("name", ("合计", "9182.50"), ("[201]一般公共服务支出", "9182.50"),
                                         ("[20109]海关事务", "9182.50"), ("［2010999］其他海关事务支出", "9182.50")))
    assert [(r.code, r.label, r.level, r.parent) for r in rows] == [
        (None, "合计", None, None), ("201", "一般公共服务支出", "类", 0), ("20109", "海关事务", "款", 1),
        ("2010999", "其他海关事务支出", "项", 2)]


def test_a_total_printed_before_the_economic_classes_adds_them_up():
    rows = _build("T06", "coded_economic", _lines("name", ("合计", "10.00"), ("[301]工资福利支出", "6.00"),
                                                  ("[30101]基本工资", "6.00"), ("[302]商品和服务支出", "4.00"),
                                                  ("[30201]办公费", "4.00")))
    assert [(r.key, r.code, r.parent) for r in rows] == [
        ("total", None, None), (None, "301", 0), (None, "30101", 1), (None, "302", 0), (None, "30201", 3)]


def test_listed_units_are_the_only_units_of_a_project_table():
    lines = _lines("label", ("合计", "3.00"), ("广州市政务服务和数据管理局（本级）", "2.00"), ("广州市百千万综合信息管理平台", "2.00"),
                   ("广州市数字政府运营中心", "1.00"), ("运营服务项目", "1.00"))
    known = {"广州市政务服务和数据管理局", "广州市数字政府运营中心"}
    listed = _build("T12", "projects", lines, known)
    # "（本级）" after a listed unit's name is still that unit; a platform's name is a project.
    assert [(r.level, r.parent) for r in listed] == [("部门", None), ("单位", 0), ("项目", 1), ("单位", 0), ("项目", 3)]
    by_name = _build("T13", "projects", lines, known)
    assert by_name[2].level == "单位"  # without the declaration, a name ending in 台 looks like a unit's
    # No unit listed anywhere (only the entity is known): names are judged as before.
    assert _build("T12", "projects", lines, {"广州市政务服务和数据管理局"})[2].level == "单位"


def test_a_profile_says_whether_the_table_label_tells_the_level():
    assert load_profile_text(PROFILE).label_says_level
    assert not load_profile_text(PROFILE.replace('kind = "预算"', 'kind = "预算"\nlabel_says_level = false')).label_says_level
