"""批量审核 at the scale of a jurisdiction: wall time, documents per minute, peak memory, speed-up.

    python benchmarks/batch_benchmark.py [--departments 20] [--units 4] [--jobs 1 2] [--dask]

Generates a corpus of PDFs (tests/corpus.py: every figure drawn afresh per document, exact to the
cent): per department, a 部门 document and its units' documents, for 2025 and 2026, the 2026 prose
stating the change against 2025. 20 departments × (1 + 4) × 2 years = 200 documents. Into it go
inconsistencies only a comparison of documents can see — a unit changed after its department was
compiled, and a stated 比上年增加 that last year's document contradicts — and the benchmark checks
that the batch finds exactly those documents, and no others.

Each configuration runs in a fresh process with a fresh store, so times include starting the
workers and peak memory is that run's own: the main process (the store, the cross checks) and the
largest worker. Then the same batch again, to time skipping unchanged files.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

INJECTED_EVERY = 5  # every 5th department: one of its 2026 units changed; one unit overstating its change


def generate(folder: Path, departments: int, units: int) -> dict[str, set[str]]:
    """Writes the corpus; returns the documents that must (and alone may) get cross findings."""
    from decimal import Decimal

    from corpus import department, grand_total, move_between_items, variant, write

    expected: dict[str, set[str]] = {"department-units": set(), "year-change": set()}
    seed = 0
    for n in range(departments):
        dept_name = f"示例市第{n + 1}局"
        last_totals: dict[str, Decimal] = {}
        for year in (2025, 2026):
            docs = []
            for u in range(units):
                seed += 1
                name = f"{dept_name}第{u + 1}中心"
                stated = last_totals.get(name)
                if year == 2026 and n % INJECTED_EVERY == 1 and u == 0:
                    stated -= Decimal("100.00")  # overstates its increase: only last year's document shows it
                    expected["year-change"].add(f"{year}/{dept_name}/{name}.pdf")
                docs.append(variant(seed, name, year, last_year_total=stated))
                last_totals[name] = grand_total(docs[-1])
            dept = department(docs, dept_name, last_year_total=last_totals.get(dept_name))
            last_totals[dept_name] = grand_total(dept)
            if year == 2026 and n % INJECTED_EVERY == 0:
                move_between_items(docs[-1], seed)  # after the department was compiled
                expected["department-units"].add(f"{year}/{dept_name}/{dept_name}.pdf")
            for d in [dept, *docs]:
                write(d, folder / str(year) / dept_name / f"{d.entity}.pdf")
    return expected


def child(args: argparse.Namespace) -> None:
    """One measured run, in its own process: prints a JSON line."""
    from budget_disclosure.batch_runner import run_batch

    factory = None
    if args.dask:
        from budget_disclosure.cluster import DaskExecutor
        factory = lambda n: DaskExecutor("local", n)  # noqa: E731
    started = time.perf_counter()
    outcome = run_batch([args.corpus], args.summary, store_path=args.store, jobs=args.jobs[0], progress=False,
                        executor_factory=factory)
    seconds = time.perf_counter() - started
    crossed = sorted(str(Path(r.path).relative_to(args.corpus)) for r in outcome.results if r.cross)
    print(json.dumps({
        "seconds": seconds, "read": outcome.read, "skipped": outcome.skipped, "documents": len(outcome.results),
        "unreadable": sum(1 for r in outcome.results if not r.reviewed), "crossed": crossed,
        "errors_in_own_checks": sum(r.errors - r.cross for r in outcome.results if r.reviewed),
        "main_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }, ensure_ascii=False))


def measure(corpus: Path, work: Path, label: str, jobs: int, dask: bool = False, again: bool = False) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, __file__, "--child", "--corpus", str(corpus), "--summary", str(work / "汇总.xlsx"),
           "--store", str(work / "store.sqlite"), "--jobs", str(jobs)] + (["--dask"] if dask else [])
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result.update(label=label, jobs=jobs, again=again)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--departments", type=int, default=20)
    parser.add_argument("--units", type=int, default=4)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--dask", action="store_true", help="also on a local Dask cluster (dask[distributed])")
    parser.add_argument("--keep", type=Path, help="generate into (and keep) this folder")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--summary", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)

    base = args.keep or Path(tempfile.mkdtemp(prefix="batch-benchmark-"))
    corpus = base / "corpus"
    started = time.perf_counter()
    expected = generate(corpus, args.departments, args.units)
    n = sum(1 for _ in corpus.rglob("*.pdf"))
    pages = _pages(next(corpus.rglob("*.pdf")))
    print(f"corpus: {n} PDFs ({pages} pages each) generated in {time.perf_counter() - started:.0f} s in {corpus}")
    print(f"machine: {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}")

    runs = []
    for jobs in args.jobs:
        runs.append(measure(corpus, base / f"jobs{jobs}", f"{jobs} process{'es' if jobs > 1 else ''}", jobs))
    runs.append(measure(corpus, base / f"jobs{args.jobs[-1]}", "re-run, nothing changed", args.jobs[-1], again=True))
    if args.dask:
        runs.append(measure(corpus, base / "dask", f"Dask LocalCluster, {args.jobs[-1]} workers", args.jobs[-1], dask=True))

    one = next((r["seconds"] for r in runs if r["jobs"] == 1 and not r["again"]), None)
    print()
    print("| run | read | skipped | wall time | documents/min | speed-up | peak memory: main / worker |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in runs:
        per_minute = r["documents"] / r["seconds"] * 60
        speedup = f"{one / r['seconds']:.2f}×" if one and not r["again"] else ""
        worker = f"{r['worker_peak_mb']:.0f} MB" if not r["label"].startswith("Dask") else "(Dask's own)"
        print(f"| {r['label']} | {r['read']} | {r['skipped']} | {r['seconds']:.1f} s | {per_minute:,.0f} | {speedup} | "
              f"{r['main_peak_mb']:.0f} MB / {worker} |")

    want = sorted(expected["department-units"] | expected["year-change"])
    print()
    for r in runs:
        ok = r["crossed"] == want and r["unreadable"] == 0 and r["errors_in_own_checks"] == 0
        print(f"{r['label']}: documents with findings across documents {len(r['crossed'])} "
              f"(injected {len(want)}: {len(expected['department-units'])} departments, "
              f"{len(expected['year-change'])} stated changes) — {'exactly those' if ok else 'MISMATCH'}; "
              f"own-check errors {r['errors_in_own_checks']}, unreadable {r['unreadable']}")
        if not ok:
            print("  found:", r["crossed"])
            print("  wanted:", want)
            sys.exit(1)


def _pages(pdf: Path) -> int:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return len(doc.pages)


if __name__ == "__main__":
    main()
