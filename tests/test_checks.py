"""The checks on the bundled sample (always available) and on the five real seeds."""
from __future__ import annotations

from decimal import Decimal

import pytest

from budget_disclosure import extract
from budget_disclosure.check import check
from budget_disclosure.check.catalog import budget_catalog, parse_equation
from budget_disclosure.render.sample import SAMPLE_PDF
from conftest import seed_path


@pytest.fixture(scope="module")
def sample():
    return extract(SAMPLE_PDF)


def _row(d, key, code=None, rkey=None):
    t = d.table(key)
    return next(r for r in t.rows if (code and r.code == code) or (rkey and r.key == rkey))


def test_a_correct_document_has_no_errors_and_its_rounding_is_only_info(sample):
    report = check(sample)
    assert report.counts["error"] == 0 and report.counts["warning"] == 0
    assert report.counts["info"] > 0  # 表6 1477.21 = 1363.37 + 113.83 is a real 尾差
    t6 = [f for f in report.findings if f.rule == "T06-columns"]
    assert [(f.status, f.location.table, f.location.row, f.published, f.expected) for f in t6] == [
        ("尾差", "T06", "合计", Decimal("1477.21"), Decimal("1477.20"))]
    assert report.unchecked_claims == [] or all(sample.claims[i].kind != "amount" for i in report.unchecked_claims)


def _checked_with_project_changed(sample, delta: str):
    """The sample checked with 表3 211 节能环保支出's 项目支出 moved by delta (restored after)."""
    row = _row(sample, "T03", code="211")
    original = row.values["project"]
    row.values["project"] = original + Decimal(delta)
    try:
        return check(sample)
    finally:
        row.values["project"] = original


def test_a_one_cent_change_is_a_rounding_note_and_two_cents_a_mismatch(sample):
    report = _checked_with_project_changed(sample, "0.01")
    # A total of two printed terms may be off by one cent: 尾差, pointing at the row.
    f = next(f for f in report.findings if f.rule == "T03-columns")
    assert (f.severity, f.status, f.location.code) == ("info", "尾差", "211")
    assert f.message.startswith("表3 支出总表 211 节能环保支出 合计 1400.29 ≈ 基本支出 1043.74 + 项目支出 356.56")


def test_a_mismatch_reads_like_the_reviewer_would_write_it(sample):
    report = _checked_with_project_changed(sample, "0.02")
    f = next(f for f in report.errors if f.rule == "T03-columns")
    assert f.message == ("表3 支出总表 211 节能环保支出 合计 1400.29 ≠ 基本支出 1043.74 + 项目支出 356.57"
                         "（差 -0.02，超出尾差范围 ±0.01）")
    assert (f.location.table, f.location.code, f.location.column) == ("T03", "211", "total")
    assert (f.published, f.expected, f.difference, f.tolerance) == (
        Decimal("1400.29"), Decimal("1400.31"), Decimal("-0.02"), Decimal("0.01"))
    assert {(c["table"], c["column"]) for c in f.cells} == {("T03", "total"), ("T03", "basic"), ("T03", "project")}
    # The same change also breaks 211 = Σ款 and 合计 = Σ类: every relation it breaks is reported.
    assert {"T03-columns", "hierarchy"} <= {f.rule for f in report.errors}


def test_a_wrong_share_in_the_prose_is_an_error_with_its_sentence(sample):
    claim = next(c for c in sample.claims if c.kind == "share" and c.text == "85.62")
    claim.value = Decimal("85.61")
    try:
        report = check(sample)
    finally:
        claim.value = Decimal("85.62")
    f = next(f for f in report.errors if f.rule == "prose-share")
    assert "应为 85.62%" in f.message and f.location.section.startswith("二、")
    assert "占85.62%" in f.location.sentence


def test_relations_only_apply_to_what_is_printed(sample):
    # 表11 is empty in a 事业单位 sample: its warning relation to 表6 公用经费 must not fire.
    report = check(sample)
    assert not [o for o in report.outcomes if o.rule == "T11-T06-public-use"]


def test_the_catalog_names_every_rule_once_and_parses():
    catalog = budget_catalog()
    ids = [r.id for r in catalog.relations] + [lst.id for lst in catalog.lists]
    assert len(ids) == len(set(ids))
    assert set(ids) <= set(catalog.rules)
    assert len(catalog.sections) >= 10
    eq = parse_equation("T03[total].project = T12[total].total + T13[total].total")
    assert [t.ref.table for t in eq.right] == ["T12", "T13"]
    with pytest.raises(ValueError):
        parse_equation("T03[total].project = = 1")
    with pytest.raises(ValueError):
        parse_equation("[children].total = basic")  # a row set outside SUM()


def test_every_rule_is_documented():
    import runpy

    from conftest import ROOT

    generator = runpy.run_path(str(ROOT / "scripts" / "rules_doc.py"))
    doc = (ROOT / "docs" / "rules.md").read_text("utf-8")
    assert doc == generator["rules_markdown"](), "run: python scripts/rules_doc.py"
    assert all(f"`{rule}`" in doc for rule in budget_catalog().rules)


# ── the five real seeds: every error is a real inconsistency of the published document ──────

EXPECTED_ERRORS = {
    "000": [],
    "001": [],
    # 机关运行经费 fell 125.6 from 812.57: 15.457…% rounds to 15.46%, the document says 15.45%.
    "002": [("prose-rate", "八、机关运行经费增减变动原因说明", Decimal("15.45"), Decimal("15.46"))],
    "003": [],
    # 国土空间专项规划经费: 292,000元 on its performance form, 30.00万元 in 表12.
    "004": [("perf-project", "绩效目标表", Decimal("29.20"), Decimal("30.00"))],
}
EXPECTED_WARNINGS = {
    "000": [],
    # 环保工作及运转经费 / 环保工作运转经费; "项目支出10.8万元" restates 表3's 10.80.
    "001": ["prose-same-figure", "perf-project-name"],
    # The 项目支出绩效目标表 after section 十 prints each goal twice (实施期目标, 年度目标), so each
    # slip counts twice: "等效益。。", "运维工作。。", "设，。", and quotes written ”十四五“ / “…“.
    # "支出预算25416.8万元" (three times) restates 表3's 25,416.80.
    "002": ["prose-same-figure"] + ["text-doubled-punctuation"] * 6 + ["text-stray-quote"] * 5,
    # Income rose 278.37, expenditure 283.12, both to 520.73: last year's budget cannot have balanced.
    # "基本支出199万元" restates 表3's 199.00.
    "003": ["prose-change-balance", "prose-same-figure"],
    "004": ["perf-project-name", "perf-project-name"],  # 安全技术/安全资格; 综合应急管理工作经费
}


@pytest.fixture(scope="module", params=sorted(EXPECTED_ERRORS))
def seed_report(request):
    return request.param, check(extract(seed_path(request.param)))


def test_seed_errors_are_exactly_the_real_mistakes(seed_report):
    seed, report = seed_report
    got = [(f.rule, f.location.section, f.published, f.expected) for f in report.errors]
    assert got == EXPECTED_ERRORS[seed]


def test_seed_warnings(seed_report):
    seed, report = seed_report
    assert [f.rule for f in report.findings if f.severity == "warning"] == EXPECTED_WARNINGS[seed]


def test_seed_rounding_is_reported_as_info_within_the_bound(seed_report):
    seed, report = seed_report
    infos = [f for f in report.findings if f.severity == "info"]
    assert infos and all(f.status == "尾差" and abs(f.difference) <= f.tolerance for f in infos)


def test_seed_003_prints_a_one_cent_rounding_in_table_1():
    report = check(extract(seed_path("003")))
    f = next(f for f in report.findings if f.rule == "T01-income-grand-total")
    assert (f.severity, f.published, f.expected) == ("info", Decimal("520.73"), Decimal("520.72"))


def test_seeds_check_most_of_what_the_prose_states(seed_report):
    seed, report = seed_report
    d = report.disclosure
    prose_amounts = [o for o in report.outcomes if o.rule == "prose-amount"]
    assert len(prose_amounts) >= 30
    shares = [c for c in d.claims if c.kind == "share" and c.whole is not None]
    checked = {o.context.get("claim") for o in report.outcomes if o.rule == "prose-share"}
    assert {d.claims.index(c) for c in shares} <= checked
    # What stays unchecked is listed: last year's changes with no rate, 编制 counts, equipment.
    assert len(report.unchecked_claims) <= 10


def test_items_listed_in_section_six_must_be_rows_of_table_6_with_money():
    d = extract(seed_path("000"))
    items = next(c for c in d.claims if c.kind == "items" and "绩效工资" in c.items)
    items.items = items.items + ["会议费"]  # 表6 has no 会议费 under 人员经费
    report = check(d)
    (f,) = [f for f in report.findings if f.rule == "prose-items"]
    assert f.severity == "warning" and "会议费" in f.message and "人员经费" in f.message
    assert f.location.section.startswith("六、")


def test_completeness_names_what_is_missing_or_inconsistent(sample):
    saved = list(sample.tables), sample.parts
    t2 = sample.table("T02")
    try:
        sample.tables = [t for t in sample.tables if t.key != "T09"]
        sample.parts = [p for p in sample.parts if not p.startswith("第四部分")]
        t2.unit, t2.entity, t2.year = "元", "阳泉市生态环境局", 2025
        report = check(sample)
    finally:
        sample.tables, sample.parts = saved
        t2.unit, t2.entity, t2.year = "万元", sample.entity, 2026
    got = {(f.rule, f.severity, f.location.table) for f in report.findings if f.rule.startswith("doc-")}
    assert got == {
        ("doc-table-missing", "error", "T09"),
        ("doc-unit-mixed", "error", "T02"),
        ("doc-entity-mixed", "error", "T02"),
        ("doc-year-mixed", "error", "T02"),
        ("doc-part-missing", "warning", None),
    }
    assert check(sample).counts["error"] == 0  # restored


# ── what a family's own catalog and tables change in the standard relations ──────────────────────

def test_a_familys_relation_with_a_standard_id_replaces_it_where_it_stood():
    from budget_disclosure.check.catalog import combined_catalog

    standard = [r.id for r in budget_catalog().relations]
    catalog = combined_catalog(("relations_budget.toml", "relations_guangdong_budget.toml"),
                               ("relations_guangdong_budget.toml",))
    ids = [r.id for r in catalog.relations]
    assert len(ids) == len(set(ids)) and ids[:len(standard)] == standard
    t03 = next(r for r in catalog.relations if r.id == "T03-columns")
    assert t03.tables == ("T03",) and "operating" in t03.check  # 广东's 表3 prints 事业单位经营支出 too


def test_a_code_is_looked_up_only_in_tables_listed_by_code():
    """A 表2 listed by unit (广东) prints no code rows: "表5 = 表2 同一科目" does not apply to it, rather
    than every code of 表5 being compared with a zero."""
    from budget_disclosure.check.catalog import catalog_for
    from budget_disclosure.check.engine import Resolver, evaluate_relations
    from budget_disclosure.model import Disclosure, Row, Table

    def table(key, rows, columns):
        return Table(key, key, key, [1], False, columns, rows)

    t02 = table("T02", [Row("合计", {"general_budget": Decimal("5.00")}, level="部门", role="total", key="total"),
                        Row("某局", {"general_budget": Decimal("5.00")}, level="单位", parent=0)], ["general_budget"])
    t05 = table("T05", [Row("合计", {"total": Decimal("5.00")}, role="total", key="total"),
                        Row("一般公共服务支出", {"total": Decimal("5.00")}, code="201", level="类", parent=0)], ["total"])
    guangdong = Disclosure("预算", 2026, "某局", "部门", "万元", "guangdong-budget", "x", "pdf", [t02, t05], [])
    assert {o.rule for o in evaluate_relations(guangdong, catalog_for("预算", "guangdong-budget"))} == {"hierarchy"}
    assert Resolver(guangdong).coded == {"T05"}
    # 山西's 表2 is listed by code: a code it does not print is zero there.
    shanxi = Disclosure("预算", 2026, "某局", "部门", "万元", "shanxi-budget", "x", "pdf", [t02, t05], [])
    assert Resolver(shanxi).coded == {"T02", "T05"}
