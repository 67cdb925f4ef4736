"""批量审核: review many disclosure files, one result per document.

``review_file`` takes a path and returns a plain, picklable ``DocumentResult``; it never raises for
a bad file (the problem is recorded in the result), so a batch always finishes and reports every
file. The summary workbook is written by write/summary_book.py.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .check import Report, check
from .errors import DisclosureError
from .extract import extract

# What a folder may hold that we can read: the formats read_document sniffs.
DISCLOSURE_SUFFIXES = (".pdf", ".xlsx", ".html", ".htm", ".txt")
WORST_SHOWN = 3


@dataclass
class DocumentResult:
    """One document's review, as the summary shows it."""

    path: str
    entity: str | None = None
    kind: str | None = None  # 预算 / 决算
    year: int | None = None
    level: str | None = None  # 部门 / 单位
    tables: list[str] = field(default_factory=list)  # standard table keys found, "T01"…
    errors: int = 0
    warnings: int = 0
    info: int = 0
    worst: list[str] = field(default_factory=list)  # the most serious findings' messages
    problem: str | None = None  # why the file could not be reviewed (then nothing else is set)
    problem_code: str | None = None
    workbook: str | None = None  # its own checked workbook, when a batch wrote one
    cross: int = 0  # errors and warnings found only against other documents

    @property
    def reviewed(self) -> bool:
        return self.problem is None


def _review(path: str | os.PathLike) -> tuple[DocumentResult, Report | None]:
    """Read and check one file: its summary line, and its report when it could be read."""
    result = DocumentResult(str(path))
    try:
        report = check(extract(path))
    except DisclosureError as e:
        result.problem, result.problem_code = e.message, e.code
        return result, None
    except Exception as e:  # noqa: BLE001 — one bad file must not stop a batch of hundreds
        result.problem, result.problem_code = f"{path}：读取或核对时出错（{type(e).__name__}: {e}）", "internal-error"
        return result, None
    d = report.disclosure
    result.entity, result.kind, result.year, result.level = d.entity, d.kind, d.year, d.level
    result.tables = [t.key for t in d.tables]
    counts = report.counts
    result.errors, result.warnings, result.info = counts["error"], counts["warning"], counts["info"]
    # check() sorts the findings errors first.
    result.worst = [f.message for f in report.findings if f.severity != "info"][:WORST_SHOWN]
    return result, report


def review_file(path: str | os.PathLike) -> DocumentResult:
    """Read and check one file. A file that cannot be read gives a result with ``problem`` set."""
    return _review(path)[0]


def disclosure_files(folder: str | os.PathLike) -> list[Path]:
    """The files of a folder (and its subfolders) that may be disclosures, in a stable order.
    Office's lock files (~$…) and hidden files are skipped."""
    root = Path(folder)
    if not root.is_dir():
        raise NotADirectoryError(str(folder))
    found = [p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in DISCLOSURE_SUFFIXES
             and not p.name.startswith(("~$", "."))]
    return sorted(found, key=lambda p: str(p.relative_to(root)))


# ── the whole batch: workers, the store, checks across documents, the workbooks ──────────────


@dataclass
class Reviewed:
    """What a worker sends back for one file: its summary line and, when it could be read, the
    model and its own findings (all picklable, so any process pool — or Dask, Ray — can map it)."""

    result: DocumentResult
    digest: str
    size: int
    model: object | None = None  # Disclosure
    findings: list = field(default_factory=list)  # list[Finding]


def review_for_store(path: str) -> Reviewed:
    """The worker function: a path in, a picklable result out; never raises for a bad file."""
    from .store import content_hash

    p = Path(path)
    try:
        digest, size = content_hash(p), p.stat().st_size
    except OSError as e:
        result = DocumentResult(str(path), problem=f"{path}：文件不存在或无法打开（{e.strerror}）", problem_code="file-missing")
        return Reviewed(result, "", 0)
    result, report = _review(p)
    if report is None:
        return Reviewed(result, digest, size)
    return Reviewed(result, digest, size, report.disclosure, report.findings)
