"""Shared test helpers: where the real documents live (../shared), skipping cleanly without them."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# xlwings reads its licence when first imported, and several test modules import it: the macro
# tests' remote Books need the free noncommercial key (PolyForm Noncommercial; tests only).
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
# The ribbon's 批量审核 and the server use the default store: never the tester's own.
os.environ["BUDGET_DISCLOSURE_STORE"] = str(Path(tempfile.mkdtemp(prefix="budget-store-")) / "store.sqlite")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
REAL_PDFS = SHARED / "real_pdfs"

SEED_FILES = {
    "000": "000_4ba821c771948f5b.txt",
    "001": "001_f5bd66ffed029e01.txt",
    "002": "002_10eeb5e74fced425.txt",
    "003": "003_c47ad28acb588827.txt",
    "004": "004_37dee814c4c9a300.txt",
}


def seed_path(seed: str) -> Path:
    path = SEEDS / SEED_FILES[seed]
    if not path.is_file():
        pytest.skip(f"../shared/seeds not available ({path})")
    return path


def real_pdf(name: str) -> Path:
    """``../shared/real_pdfs/<name>.pdf``, or skip the test when it is not there."""
    path = REAL_PDFS / f"{name}.pdf"
    if not path.is_file():
        pytest.skip("../shared/real_pdfs not available")
    return path


def printed_figure(d, key: str, column: str, *, row_key=None, code=None, label=None):
    """The figure a table of ``d`` prints in ``column`` on the row with that key, code or label."""
    t = d.table(key)
    row = next(r for r in t.rows if (row_key and r.key == row_key) or (code and r.code == code)
               or (label and r.label == label))
    return row.values.get(column)


def assert_judged(report, judged: list[tuple[str, str, str]]) -> None:
    """Every error and warning of ``report``, in order, is one judged by reading the document:
    (severity, rule, a text its message contains). Info (尾差) is not listed."""
    found = [(f.severity, f.rule, f.message) for f in report.findings if f.severity != "info"]
    assert [(s, r) for s, r, _ in found] == [(s, r) for s, r, _ in judged]
    assert all(text in message for (_, _, message), (_, _, text) in zip(found, judged))


def real_pdf_dir() -> Path:
    if not REAL_PDFS.is_dir():
        pytest.skip("../shared/real_pdfs not available")
    return REAL_PDFS
