"""Mutation report: change each published figure of the seed documents by 0.01 and count how often
a finding points at it.

    python benchmarks/mutation_report.py [--seed 000 ...] [--workers 2]

For each seed (../shared/seeds/*.txt) every numeric table cell — blank cells included — is changed
by +0.01 and −0.01 (a blank or zero cell only to 0.01), and every figure the prose states (amounts,
shares, rates, changes; counts by ±1) likewise; after each single change the checks run and the
change counts as found when a finding (不符 or 尾差) names that table/row/column or that prose
figure. Printed as Markdown, for the issue's closing note. The helpers live in tests/mutation.py;
tests/test_mutations.py asserts the same runs.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import mutation as M  # noqa: E402
from budget_disclosure import extract  # noqa: E402
from budget_disclosure.check import check  # noqa: E402
from budget_disclosure.check.catalog import budget_catalog  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f}%" if whole else "—"


def short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "…"


def blank_groups(figures: list[M.Figure]) -> list[str]:
    """Non-participating cells of one table, rows with the same columns merged: "a、b × c、d"."""
    by_row: dict[str, list[str]] = defaultdict(list)
    for f in figures:
        row, column = f.label.split(" | ")
        by_row[row.split(" ", 1)[1]].append(column)  # drop the table key
    by_columns: dict[tuple, list[str]] = defaultdict(list)
    for row, columns in by_row.items():
        by_columns[tuple(columns)].append(row)
    out = []
    for columns, rows in by_columns.items():
        names = "、".join(r.split(" ", 1)[1] if r.startswith("第") else r for r in rows[:6])
        more = f" 等{len(rows)}行" if len(rows) > 6 else (f"（{len(rows)}行）" if len(rows) > 1 else "")
        out.append(f"{names}{more} × {'、'.join(columns)}")
    return out


def seed_report(name: str, r: M.MutationResult, d) -> list[str]:
    t, c = r.table_stats, r.claim_stats
    lines = [f"### {name} {d.entity}（{d.year} {d.level}预算）", ""]
    lines.append(f"- 表格：改动单元格 {t['figures']} 个（{t['mutations']} 次改动）；参与关系 {t['participating']} 个"
                 f"（{t['participating_mutations']} 次），检出 {t['detected_mutations']} 次，"
                 f"**检出率 {pct(t['detected_mutations'], t['participating_mutations'])}**；"
                 f"全部单元格的检出率 {pct(t['detected_mutations'] + t['detected_other_mutations'], t['mutations'])}")
    lines.append(f"- 说明：改动数字 {c['figures']} 个（{c['mutations']} 次改动）；参与关系 {c['participating']} 个"
                 f"（{c['participating_mutations']} 次），检出 {c['detected_mutations']} 次，"
                 f"**检出率 {pct(c['detected_mutations'], c['participating_mutations'])}**，"
                 f"另有 {c['excused_mutations']} 次按理不应报出（见下），未检出 {c['missed_mutations']} 次")
    lines.append(f"- 用时 {r.seconds:.1f} 秒，运行检查 {r.runs} 次")
    lines.append("")

    tables = r.non_participating_tables
    lines.append(f"未参与任何关系的表格单元格：{len(tables)} 个"
                 f"（其中有数的 {sum(f.value != '空' for f in tables)} 个）")
    by_table: dict[str, list[M.Figure]] = defaultdict(list)
    for f in tables:
        by_table[f.key[1]].append(f)
    for key, figures in by_table.items():
        printed = [f for f in figures if f.value != "空"]
        for f in printed:
            lines.append(f"  - {f.label} = {f.value}")
        blank = [f for f in figures if f.value == "空"]
        if blank:
            lines.append(f"  - {key} 空白 {len(blank)} 格：" + "；".join(blank_groups(blank)))
    lines.append("")
    claims = r.non_participating_claims
    lines.append(f"未参与任何关系的说明数字：{len(claims)} 个")
    for f in claims:
        claim = d.claims[f.key[1]]
        lines.append(f"  - {f.label} {f.value}　〔{short(claim.sentence)}〕")
    lines.append("")
    undetected = r.excused + r.missed
    if undetected:
        lines.append("参与关系但改动后没有结论指向它的：")
        for f, trial in undetected:
            why = M.EXCUSES.get(trial.excuse, "**未检出（检查缺陷）**")
            lines.append(f"  - {f.label} {f.value} → {trial.mutation.new_text}：{why}（{'；'.join(trial.outcomes)}）")
        lines.append("")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", action="append", help="seed number prefix, e.g. 002 (default: all)")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    paths = sorted(SEEDS.glob("*.txt"))
    if args.seed:
        paths = [p for p in paths if any(p.name.startswith(s) for s in args.seed)]
    if not paths:
        print(f"没有找到种子文档：{SEEDS}", file=sys.stderr)
        return 1

    started = time.perf_counter()
    results = []
    for path in paths:
        name = path.name[:3]
        results.append((name, M.run_path(path, workers=args.workers, name=name), extract(path)))
    elapsed = time.perf_counter() - started

    out = ["## 变动测试（mutation）报告", "",
           "每次只改一个公开数字：表格单元格 ±0.01（空白或 0 只改成 0.01），说明中的金额、占比、增减额、增减率 ±0.01，"
           "个数 ±1；改后重新检查，有一条结论（不符或尾差）指向该表/行/列或该句数字即算检出。"
           "“参与关系”指该数出现在原文检查的至少一个关系实例中（含通过的）。", "",
           "| 文档 | 表格单元格 | 参与关系 | 改动次数 | 检出 | 检出率 | 说明数字 | 参与关系 | 改动次数 | 检出 | 检出率 | 按理不报 | 未检出 |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    total = defaultdict(int)
    for name, r, _ in results:
        t, c = r.table_stats, r.claim_stats
        out.append(f"| {name} | {t['figures']} | {t['participating']} | {t['participating_mutations']} | "
                   f"{t['detected_mutations']} | {pct(t['detected_mutations'], t['participating_mutations'])} | "
                   f"{c['figures']} | {c['participating']} | {c['participating_mutations']} | {c['detected_mutations']} | "
                   f"{pct(c['detected_mutations'], c['participating_mutations'])} | {c['excused_mutations']} | "
                   f"{t['missed_mutations'] + c['missed_mutations']} |")
        for k, v in t.items():
            total["t_" + k] += v
        for k, v in c.items():
            total["c_" + k] += v
    out.append(f"| 合计 | {total['t_figures']} | {total['t_participating']} | {total['t_participating_mutations']} | "
               f"{total['t_detected_mutations']} | {pct(total['t_detected_mutations'], total['t_participating_mutations'])} | "
               f"{total['c_figures']} | {total['c_participating']} | {total['c_participating_mutations']} | "
               f"{total['c_detected_mutations']} | {pct(total['c_detected_mutations'], total['c_participating_mutations'])} | "
               f"{total['c_excused_mutations']} | {total['t_missed_mutations'] + total['c_missed_mutations']} |")
    all_mut = total["t_mutations"] + total["c_mutations"]
    all_found = sum(total[p + k] for p in ("t_", "c_") for k in ("detected_mutations", "detected_other_mutations"))
    out += ["", f"全部 {all_mut} 次改动（含未参与关系的数）检出 {all_found} 次（{pct(all_found, all_mut)}）；"
                f"共运行检查 {sum(r.runs for _, r, _ in results)} 次，用时 {elapsed:.1f} 秒（{args.workers} 个进程）。", ""]
    # Relations of the catalog with no instance in a document are checked nowhere in it; those
    # missing everywhere or in only some seeds are worth a look (a blank table, or a dead rule).
    rules = {name: {o.rule for o in check(d).outcomes} for name, _, d in results}
    silent = []
    for rel in budget_catalog().relations:
        absent = [name for name in rules if rel.id not in rules[name]]
        if absent:
            silent.append(f"  - {rel.id}（{rel.name}）：{'全部文档' if len(absent) == len(rules) else '、'.join(absent)}")
    if silent:
        out += ["在原文中没有任何实例（从未检查）的关系：", *silent, ""]
    for name, r, d in results:
        out += seed_report(name, r, d)
    print("\n".join(out))
    return 1 if any(r.missed for _, r, _ in results) else 0


if __name__ == "__main__":
    sys.exit(main())
