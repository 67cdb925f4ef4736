"""Every figure of every table in the five seed text exports is reproduced exactly.

Independent of the recogniser's column mapping, each table's region of the raw text is cut out by
its printed title and the multiset of amounts printed there must equal the multiset of values in
the model's table; row arithmetic then proves each amount sits in its column.
"""
from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

import pytest

from budget_disclosure import extract
from conftest import seed_path

TAB_SEEDS = ["000", "001", "003", "004"]
ALL_SEEDS = ["000", "001", "002", "003", "004"]  # 002 is a layout export: spaces, doubled bold cells
AMOUNT = re.compile(r"^-?\d[\d,]*\.\d+$")
D = Decimal


@pytest.fixture(scope="module", params=ALL_SEEDS)
def seed(request):
    path = seed_path(request.param)
    return request.param, path.read_text("utf-8"), extract(path)


def _cells(line: str) -> list[str]:
    if "\t" in line:
        return [c.strip() for c in line.split("\t")]
    # Layout export: undo whole-cell doubling ("21334.3821334.38"), then split amounts glued to
    # the next cell's text ("21254.38一、一般公共服务支出").
    out = []
    for token in line.split():
        half = len(token) // 2
        if len(token) % 2 == 0 and token[:half] == token[half:]:
            token = token[:half]
        token = re.sub(r"(\d[\d,]*\.\d{2})\1", r"\1", token)  # a doubled amount glued to text
        out += re.findall(r"\d[\d,]*\.\d{2}", token) if not AMOUNT.match(token) else [token]
    return out


def printed_amounts(text: str, start_title: str, stop_titles: list[str]) -> Counter:
    lines = text.splitlines()
    # The last line equal to the title is the table's own (the first is the table of contents).
    def strip(s: str) -> str:
        s = re.sub(r"^#+\s*|\s+", "", s)
        half = len(s) // 2
        return s[:half] if len(s) % 2 == 0 and s[:half] == s[half:] else s
    start = max(i for i, line in enumerate(lines) if strip(line) == strip(start_title))
    amounts: Counter = Counter()
    for line in lines[start + 1:]:
        if strip(line) in stop_titles or strip(line).startswith("第三部分"):
            break
        for cell in _cells(line):
            if AMOUNT.match(cell):
                amounts[D(cell.replace(",", ""))] += 1
    return amounts


def model_amounts(table) -> Counter:
    return Counter(v for r in table.rows for v in r.values.values() if v is not None)


def test_all_thirteen_tables_recognised(seed):
    _, _, d = seed
    assert [t.key for t in d.tables] == [f"T{i:02d}" for i in range(1, 14)]
    assert d.kind == "预算" and d.unit == "万元"


def test_every_printed_amount_is_in_the_model_exactly_once(seed):
    name, text, d = seed
    titles = [re.sub(r"\s+", "", t.title) for t in d.tables]
    for i, table in enumerate(d.tables):
        printed = printed_amounts(text, table.title, [t for j, t in enumerate(titles) if j != i])
        assert model_amounts(table) == printed, f"seed {name} {table.key}"


def _sum(values):
    return sum((v for v in values if v is not None), D(0))


def test_row_sums_place_each_amount_in_its_column(seed):
    _, _, d = seed
    components = {
        "T02": ["general_budget", "gov_fund", "state_capital", "special_account", "unit_funds"],
        "T03": ["basic", "project"],
        "T05": ["basic", "project"],
        "T06": ["personnel", "public_use"],
        "T12": ["general_budget", "gov_fund", "state_capital", "special_account", "unit_funds"],
    }
    for key, parts in components.items():
        for row in d.table(key).rows:
            total = row.values.get("total")
            if total is not None:
                assert abs(total - _sum(row.values.get(p) for p in parts)) <= D("0.01"), (key, row.label)
    for row in d.table("T01").rows:
        if row.side == "expenditure" and row.values.get("total") is not None:
            # Seed 003 prints 520.73 = 237.61 + 283.11 (= 520.72): a one-cent 尾差 of two rounded terms.
            parts = _sum([row.values.get("current_year"), row.values.get("carryover")])
            assert abs(row.values["total"] - parts) <= D("0.01"), row.label


def test_coded_rows_nest_by_code_prefix(seed):
    _, _, d = seed
    for key in ("T02", "T03", "T05"):
        rows = d.table(key).rows
        for r in rows:
            if r.level in ("款", "项"):
                parent = rows[r.parent]
                assert r.code.startswith(parent.code) and len(parent.code) < len(r.code)
            if r.level == "类":
                assert rows[r.parent].role == "total"


def test_metadata(seed):
    name, _, d = seed
    expected = {
        "000": (2026, "阳泉市生态环境监测和应急保障中心", "单位"),
        "001": (2026, "阳泉市生态环境局城区分局", "单位"),
        "003": (2023, "临汾市环境监控中心", "单位"),
        "004": (2026, "阳泉市应急管理局", "部门"),
        "002": (2024, "晋城市生态环境局", "部门"),
    }[name]
    assert (d.year, d.entity, d.level) == expected
    assert [p[:4] for p in d.parts] == ["第一部分", "第二部分", "第三部分", "第四部分"]
    assert [s.number for s in d.sections][:12] == list("一二三四五六七八九十") + ["十一", "十二"]


def test_seed_000_figures_from_domain_md():
    d = extract(seed_path("000"))
    t1, t3, t6 = d.table("T01"), d.table("T03"), d.table("T06")
    assert t1.row("income_total").values == {"amount": D("1570.01")}
    assert t1.row("carryover").values == {"amount": D("263.75")}
    assert t1.row("income_grand_total").values == {"amount": D("1833.76")}
    energy = next(r for r in t1.rows if r.code == "211")
    assert energy.label == "十一、节能环保支出" and energy.values == {
        "total": D("1400.29"), "current_year": D("1136.54"), "carryover": D("263.75")}
    assert t3.row("total").values == {"total": D("1833.76"), "basic": D("1477.21"), "project": D("356.55")}
    assert t6.row("total").values == {"total": D("1477.21"), "personnel": D("1363.37"), "public_use": D("113.83")}
    car = next(r for r in t6.rows if r.label == "公务用车运行维护费")
    assert car.attributes == {"government_class": "公务用车运行维护费"} and car.values["public_use"] == D("25.20")
    assert d.table("T12").row("total").values["total"] == D("92.80")
    t13 = d.table("T13")
    assert [(r.level, r.label) for r in t13.rows] == [
        ("部门", "阳泉市生态环境局"), ("单位", "阳泉市生态环境监测和应急保障中心"), ("项目", "阳泉市生活垃圾填埋场地下水详细调查")]
    assert t13.rows[2].parent == 1 and t13.rows[1].parent == 0
    empty = [t.key for t in d.tables if t.empty]
    assert empty == ["T07", "T08", "T09", "T11"]
    t10 = d.table("T10")
    assert t10.row("vehicle_operation").values["total"] == D("25.20") and t10.row("overseas").values["total"] is None


def test_seed_000_two_sided_table_keeps_sides_apart():
    d = extract(seed_path("000"))
    t4 = d.table("T04")
    income = [r.key for r in t4.rows if r.side == "income"]
    assert income == ["general_budget", "gov_fund", "state_capital", "income_total", "carryover",
                      "carryover_general_budget", "carryover_gov_fund", "carryover_state_capital", "income_grand_total"]
    assert t4.row("carryover_general_budget").values == {"amount": D("263.75")}
    classes = [r for r in t4.rows if r.side == "expenditure" and r.level == "类"]
    assert len(classes) == 30 and len({r.code for r in classes}) == 30


def test_seed_003_shifted_header_reads_in_template_order():
    d = extract(seed_path("003"))
    t2 = d.table("T02")
    assert t2.row("total").values["carryover"] == D("283.11")
    assert t2.row("total").values["unit_funds"] is None
    assert any(n.code == "header-reordered" and n.table == "T02" for n in d.notices)
    assert d.table("T11").name == "财政拨款安排机关运行经费预算表"
    assert d.table("T11").title == "2023年机关运行经费预算财政拨款情况统计表"
    assert d.table("T09").empty


def test_seed_004_department_nesting():
    d = extract(seed_path("004"))
    assert d.units[:2] == ["阳泉市应急管理局", "阳泉市防震减灾中心"] and len(d.units) == 7
    t12 = d.table("T12")
    top = t12.rows[0]
    assert (top.level, top.role, top.values["total"]) == ("部门", "total", D("642.39"))
    units = [r for r in t12.rows if r.level == "单位"]
    assert [u.label for u in units][:3] == ["阳泉市应急管理局", "阳泉市应急调度指挥中心", "阳泉市应急管理综合行政执法支队"]
    for i, u in enumerate(t12.rows):
        if u.level == "单位":
            children = [r for r in t12.rows if r.parent == i]
            assert children and all(c.level == "项目" for c in children)
            assert _sum(c.values["total"] for c in children) == u.values["total"]
    t11 = d.table("T11")
    assert [(r.level, r.label, r.values["total"]) for r in t11.rows] == [
        ("部门", "部门合计", D("145.59")), ("单位", "阳泉市应急管理局", D("108.33")), ("单位", "阳泉市防震减灾中心", D("37.26"))]
