"""Builds the bundled sample disclosure PDF from the facts in samples/sample_facts.json.

The figures are those of a real 2026 单位预算 (seed 000); the prose of 第三部分 is composed here
from those figures, in the documents' own structure, so every restated amount and share is right.

    python -m budget_disclosure.render.sample [--out samples/sample_unit_budget_2026.pdf]
"""
from __future__ import annotations

import argparse
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from ..model import Disclosure, Section
from ..write.json_form import from_dict
from .pdf import Layout, render_pdf

ROOT = Path(__file__).resolve().parents[3]
FACTS = ROOT / "samples" / "sample_facts.json"
SAMPLE_PDF = ROOT / "samples" / "sample_unit_budget_2026.pdf"
SAMPLE_LAYOUT = Layout(ruled=True, running_header=True, page_numbers=True, table_number="预算公开表{n}")


def _money(v: Decimal | None) -> str:
    v = v or Decimal(0)
    return f"{v:,.2f}" if v else "0"


def _share(part: Decimal | None, whole: Decimal | None) -> str:
    if not part or not whole:
        return "0%"
    return f"{(part / whole * 100).quantize(Decimal('0.01'), ROUND_HALF_UP)}%"


# What the real document's prose says beyond its tables (seed 000): last year's total, 政府采购,
# and its vehicles. Kept here so the sample's 第三部分 has every section a reviewer expects.
PROSE_FACTS = {
    "last_year_total": Decimal("1492.89"),
    "procurement": {"货物": Decimal(0), "工程": Decimal(0), "服务": Decimal("24.50")},
    "vehicles": {"特种专业技术用车": 12, "其他公务用车": 3},
}


def compose_sections(d: Disclosure, last_year_total: Decimal | None = None) -> list[Section]:
    """第一部分 and 第三部分 written from the tables; ``last_year_total`` is the previous year's
    收入总计 the change is stated against (the real document's, unless another is given)."""
    last = PROSE_FACTS["last_year_total"] if last_year_total is None else last_year_total
    t1, t3, t6, t10 = d.table("T01"), d.table("T03"), d.table("T06"), d.table("T10")
    who = f"{d.year}年度{d.entity}"
    income = {r.key: r.values.get("amount") for r in t1.rows if r.side == "income" and r.key}
    grand, this_year, carry = income["income_grand_total"], income["income_total"], income["carryover"]
    classes = [r for r in t1.rows if r.side == "expenditure" and r.level == "类" and r.values.get("total")]
    total3 = t3.row("total").values
    t6_total = t6.row("total").values
    three = {r.key: r.values.get("total") for r in t10.rows}
    gb = income["general_budget"]
    change = grand - last
    growth = _share(abs(change), last)
    buy = PROSE_FACTS["procurement"]
    cars = PROSE_FACTS["vehicles"]
    projects = [r for key in ("T12", "T13") for r in d.table(key).rows if r.level == "项目"]
    texts = [
        ("单位预算收支数据变动情况及原因",
         f"{who}预算收入总计{_money(grand)}万元，其中：本年收入{_money(this_year)}万元，上年结转{_money(carry)}万元，"
         f"比上年{'增加' if change >= 0 else '减少'}{_money(abs(change))}万元，{'增长' if change >= 0 else '下降'}{growth}；"
         f"支出总计{_money(grand)}万元，其中：本年预算安排{_money(this_year)}万元，上年结转{_money(carry)}万元。"),
        ("收入预算情况说明",
         f"{who}预算收入{_money(grand)}万元，主要包括一般公共预算拨款收入{_money(gb)}万元，占{_share(gb, grand)}；"
         f"上年结转{_money(carry)}万元，占{_share(carry, grand)}。"),
        ("支出预算情况说明",
         f"{who}支出预算{_money(total3['total'])}万元，其中：基本支出{_money(total3['basic'])}万元，"
         f"占{_share(total3['basic'], total3['total'])}；项目支出{_money(total3['project'])}万元，"
         f"占{_share(total3['project'], total3['total'])}。"),
        ("财政拨款收支预算总体情况说明",
         f"{who}财政拨款收支总预算{_money(grand)}万元。支出包括："
         + "、".join(f"{r.label.split('、')[-1]}{_money(r.values['total'])}万元" for r in classes) + "。"),
        ("一般公共预算支出情况说明",
         f"{who}一般公共预算当年支出{_money(gb)}万元，主要用于以下方面："
         + "；".join(f"{r.label.split('、')[-1]}{_money(r.values.get('current_year'))}万元，"
                    f"占{_share(r.values.get('current_year'), gb)}" for r in classes if r.values.get("current_year")) + "。"),
        ("一般公共预算基本支出情况说明",
         f"{who}一般公共预算安排基本支出{_money(t6_total['total'])}万元，其中：人员经费{_money(t6_total['personnel'])}万元；"
         f"公用经费{_money(t6_total['public_use'])}万元。"),
        ("“三公”经费增减变动原因说明",
         f"{d.year}年{d.entity}财政拨款安排的“三公”经费预算{_money(three.get('total'))}万元。其中：因公出国（境）费"
         f"{_money(three.get('overseas'))}万元；公务接待费{_money(three.get('reception'))}万元；公务用车购置及运行费"
         f"{_money(three.get('vehicles'))}万元。"),
        ("机关运行经费增减变动原因说明", "我单位无机关运行经费。"),
        ("政府采购情况",
         f"{d.year}年{d.entity}政府采购预算总额{_money(sum(buy.values()))}万元。其中：政府采购货物预算{_money(buy['货物'])}万元、"
         f"政府采购工程预算{_money(buy['工程'])}万元、政府采购服务预算{_money(buy['服务'])}万元。"),
        ("绩效管理情况",
         f"{d.year}年{d.entity}纳入绩效目标管理的项目{len(projects)}个，共计金额{_money(total3['project'])}万元。"),
        ("国有资产占有使用情况",
         f"{d.entity}共有公务用车实有{sum(cars.values())}辆，其中："
         + "，".join(f"{k}{v}辆" for k, v in cars.items()) + "。"),
    ]
    overview = [
        Section("一", "本单位职责", f"{d.entity}承担全市生态环境监测、应急监测和污染源自动监控等工作。", [], "第一部分"),
        Section("二", "机构设置情况", f"{d.entity}内设综合办公室、监测与应急科等科室。", [], "第一部分"),
    ]
    sections = [Section(n, heading, text, []) for n, (heading, text) in zip("一二三四五六七八九十", texts)]
    sections += [Section("十一", texts[10][0], texts[10][1], [])]
    return overview + sections


def build_sample(out: Path = SAMPLE_PDF, facts: Path = FACTS) -> Disclosure:
    d = from_dict(json.loads(facts.read_text("utf-8")))
    d.sections = compose_sections(d)
    render_pdf(d, out, SAMPLE_LAYOUT)
    return d


def main() -> None:
    parser = argparse.ArgumentParser(description="生成示例预算公开 PDF")
    parser.add_argument("--out", type=Path, default=SAMPLE_PDF)
    args = parser.parse_args()
    build_sample(args.out)
    print(args.out)


if __name__ == "__main__":
    main()
