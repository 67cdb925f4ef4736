"""How much `extract` costs compared with pdfplumber merely reading the characters.

    python benchmarks/extract_speed.py [PDF ...] [--repeat N] [--memory] [--check]

With no files it measures the bundled sample and every PDF in ../shared/real_pdfs. For each file
it reports the best of N runs of (a) opening the PDF with pdfplumber and reading every page's
characters, (b) the whole `extract` (read + recognise; for documents whose template is not yet
supported, up to the point where recognition says so), their ratio, and peak memory of (b).
Target: ratio <= 1.3. With --check it also times the checks (relations, prose, hygiene) on the
recognised model and reports the whole job per page.
"""
from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
from pathlib import Path

import pdfplumber

from budget_disclosure.check import check
from budget_disclosure.errors import DisclosureError
from budget_disclosure.read import read_document
from budget_disclosure.recognise import recognise

ROOT = Path(__file__).resolve().parents[1]


def read_chars(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        n = 0
        for page in pdf.pages:
            n += len(page.chars)
            page.close()
        return n


def run_extract(path: Path) -> str:
    raw = read_document(path)
    try:
        d = recognise(raw)
    except DisclosureError as exc:
        return exc.code
    return f"{len(d.tables)} tables"


def time_check(path: Path, repeat: int) -> tuple[float, str]:
    """Best time of ``check`` on the model (read once, outside the timing); its verdict counts."""
    d = recognise(read_document(path))
    best, report = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        report = check(d)
        best = min(best, time.perf_counter() - start)
    c = report.counts
    return best, f"错误 {c['error']} · 警告 {c['warning']} · 尾差 {c['info']}"


def best_of(fn, path: Path, repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = fn(path)
        best = min(best, time.perf_counter() - start)
    return best, result


def peak_memory_mb(fn, path: Path) -> float:
    tracemalloc.start()
    fn(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def default_files() -> list[Path]:
    files = sorted((ROOT / "samples").glob("*.pdf"))
    shared = ROOT.parent / "shared" / "real_pdfs"
    if shared.is_dir():
        files += sorted(shared.glob("*.pdf"))
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--memory", action="store_true", help="also measure peak Python memory (slower)")
    parser.add_argument("--check", action="store_true", help="also time the checks; report the whole job per page")
    args = parser.parse_args(argv)
    files = args.files or default_files()
    extra = " check (s) | per page (s) | verdict |" if args.check else ""
    print("| file | pages | chars | pdfplumber chars (s) | extract (s) | ratio | result |" + extra
          + (" peak MB |" if args.memory else ""))
    print("|---|---:|---:|---:|---:|---:|---|" + ("---:|---:|---|" if args.check else "") + ("---:|" if args.memory else ""))
    total_chars = total_extract = 0.0
    for path in files:
        with pdfplumber.open(path) as pdf:
            pages = len(pdf.pages)
        t_chars, nchars = best_of(read_chars, path, args.repeat)
        try:
            t_extract, result = best_of(run_extract, path, args.repeat)
        except DisclosureError as exc:
            t_extract, result = float("nan"), exc.code
        total_chars += t_chars
        total_extract += t_extract if t_extract == t_extract else 0
        mem = f" {peak_memory_mb(run_extract, path):.0f} |" if args.memory else ""
        checked = ""
        if args.check and t_extract == t_extract:
            t_check, verdict = time_check(path, args.repeat)
            checked = f" {t_check:.2f} | {(t_extract + t_check) / pages:.3f} | {verdict} |"
        print(f"| {path.name} | {pages} | {nchars} | {t_chars:.2f} | {t_extract:.2f} | {t_extract / t_chars:.2f} | {result} |"
              f"{checked}{mem}")
        sys.stdout.flush()
    print(f"\nall files: pdfplumber chars {total_chars:.1f} s, extract {total_extract:.1f} s, "
          f"ratio {total_extract / total_chars:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
