"""批量审核 of a whole jurisdiction: many files in parallel, into the store, checked across
documents, each with its own workbook, and one summary workbook.

    run_batch(["2026/"], "汇总.xlsx")   # -> 汇总.xlsx, and 汇总/<file>.xlsx per document

Phases, so an interruption loses at most the documents in flight:
1. hash every file; a content the store already holds (with its workbook) is not read again;
2. read and check the rest in worker processes (batch.review_for_store: a path in, a picklable
   result out), saving each document to the store as it arrives, in one transaction;
3. check across documents (check/across.py) for the documents of this run and the 部门 documents
   their units belong to, and store those findings;
4. write the per-document workbooks (in the workers too) and the summary.
"""
from __future__ import annotations

import os
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Executor, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from .batch import WORST_SHOWN, DocumentResult, Reviewed, disclosure_files, review_for_store
from .check import check
from .check.across import Other, department_units, year_on_year
from .check.findings import SEVERITY_ORDER, Finding, Location
from .store import Store, StoredDocument, content_hash


@dataclass
class BatchOutcome:
    results: list[DocumentResult]
    summary: Path
    read: int = 0  # files read this run
    skipped: int = 0  # unchanged files taken from the store
    cross_findings: int = 0
    interrupted: bool = False
    seconds: float = 0.0


class Progress:
    """A one-line progress bar with an ETA on a terminal; a line per tenth elsewhere (CI logs)."""

    def __init__(self, total: int, label: str, stream=None):
        self.total, self.label, self.stream = total, label, stream or sys.stderr
        self.start = time.monotonic()
        self.done = 0
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._last_tenth = -1

    def advance(self, n: int = 1) -> None:
        self.done += n
        elapsed = time.monotonic() - self.start
        eta = elapsed / self.done * (self.total - self.done) if self.done else 0
        line = (f"{self.label} {self.done}/{self.total} "
                f"[{'#' * (20 * self.done // max(self.total, 1)):<20}] 已用 {_clock(elapsed)}，预计还需 {_clock(eta)}")
        if self.tty:
            self.stream.write("\r" + line + (" " * 4) + ("\n" if self.done >= self.total else ""))
            self.stream.flush()
        elif 10 * self.done // max(self.total, 1) != self._last_tenth:
            self._last_tenth = 10 * self.done // max(self.total, 1)
            self.stream.write(line + "\n")


def _clock(seconds: float) -> str:
    s = int(seconds + 0.5)
    return f"{s // 60}:{s % 60:02d}"


def expand_inputs(inputs: Iterable[str | os.PathLike], exclude: Path | None = None) -> list[Path]:
    """Folders become the disclosure files under them; files are taken as given. Files under
    ``exclude`` (the batch's own output folder) are never inputs."""
    out: list[Path] = []
    for item in inputs:
        p = Path(item)
        found = disclosure_files(p) if p.is_dir() else [p]
        for f in found:
            if exclude is not None and exclude in f.resolve().parents:
                continue
            if f not in out:
                out.append(f)
    return out


def _result_from_store(doc: StoredDocument, store: Store) -> DocumentResult:
    r = DocumentResult(doc.path, doc.entity, doc.kind, doc.year, doc.level, problem=doc.problem,
                       problem_code=doc.problem_code)
    if doc.status == "checked":
        r.tables = store.table_keys(doc.id)
        found = store.findings(doc.id)
        r.errors = sum(1 for f in found if f["severity"] == "error")
        r.warnings = sum(1 for f in found if f["severity"] == "warning")
        r.info = sum(1 for f in found if f["severity"] == "info")
        # A document's own findings are stored errors first; its cross findings come after them.
        r.worst = [f["message"] for f in sorted(found, key=lambda f: SEVERITY_ORDER[f["severity"]])
                   if f["severity"] != "info"][:WORST_SHOWN]
        r.cross = sum(1 for f in found if f["scope"] == "cross" and f["severity"] != "info")
    return r


def _workbook_path(folder: Path, source: Path, taken: set[Path]) -> Path:
    path = folder / f"{source.stem}.xlsx"
    n = 2
    while path in taken:
        path = folder / f"{source.stem} ({n}).xlsx"
        n += 1
    taken.add(path)
    return path


def write_document_workbook(model: dict, cross: list[Finding], path: str) -> str:
    """A worker's second job: the checked workbook of a stored document, with the findings only
    other documents could show added (see WorkbookWriter's 其他核对 sheet)."""
    from .write.json_form import from_dict
    from .write.workbook import build_workbook, save_atomically

    report = check(from_dict(model))
    report.findings += cross
    save_atomically(build_workbook(report), path, force=True)
    return path


def cross_check(store: Store, ids: Iterable[int]) -> dict[int, list[tuple[Finding, list[int]]]]:
    """The findings across documents of ``ids`` and of the 部门 documents listing them as units."""
    todo: dict[int, StoredDocument] = {}
    for doc_id in ids:
        doc = store.by_id(doc_id)
        if doc is None or doc.status != "checked" or doc.superseded:
            continue
        todo[doc.id] = doc
        if doc.level == "单位":
            todo.update((dept.id, dept) for dept in store.departments_of(doc))
    out: dict[int, list[tuple[Finding, list[int]]]] = {}
    for doc in todo.values():
        d = store.model(doc.id)
        found: list[tuple[Finding, list[int]]] = []
        if doc.level == "部门" and d.units:
            units, missing = [], []
            for name in d.units:
                match = store.find(entity=name, year=doc.year, kind=doc.kind, level="单位")
                if match:
                    units.append(Other(match[-1].id, store.model(match[-1].id)))
                else:
                    missing.append(name)
            if not missing:
                found += department_units(d, units)
            elif units:  # some units reviewed, not all: say what is missing rather than compare a part
                found.append((Finding("across-department-units", "info", "未核对",
                                      f"部门与所属单位的合计未核对：存储中缺少 {len(missing)} 个单位的{doc.year}年{doc.kind}公开文件"
                                      f"（{'、'.join(missing[:5])}{'等' if len(missing) > 5 else ''}）",
                                      Location()), [u.id for u in units]))
        last = store.find(entity=doc.entity, year=(doc.year or 0) - 1, kind=doc.kind, level=doc.level)
        if last:
            found += year_on_year(d, check(d).outcomes, Other(last[-1].id, store.model(last[-1].id)))
        out[doc.id] = found
    return out


def run_batch(inputs: Iterable[str | os.PathLike], summary: str | os.PathLike, *, store_path=None,
              jobs: int | None = None, force: bool = False, progress: bool = True,
              executor_factory: Callable[[int], Executor] | None = None) -> BatchOutcome:
    """Review every disclosure file under ``inputs``; see the module docstring."""
    from .write.summary_book import summary_workbook
    from .write.workbook import save_atomically

    started = time.monotonic()
    summary = Path(summary)
    folder = summary.with_suffix("")  # 汇总.xlsx -> 汇总/ beside it, holding each document's workbook
    files = expand_inputs(inputs, exclude=folder.resolve())
    jobs = max(1, jobs or os.cpu_count() or 1)
    outcome = BatchOutcome([], summary)
    taken: set[Path] = set()
    with Store(store_path) as store:
        order: list[tuple[Path, str | None]] = []
        to_read: list[Path] = []
        for f in files:
            try:
                digest = content_hash(f)
            except OSError:
                digest = None
            order.append((f, digest))
            known = store.by_hash(digest) if digest else None
            if known and not force and (known.status != "checked" or (known.workbook and Path(known.workbook).exists())):
                continue
            to_read.append(f)
        reviewed_ids: dict[str, int] = {}
        make = executor_factory or (lambda n: ProcessPoolExecutor(max_workers=n))
        pool = make(jobs)
        try:
            bar = Progress(len(to_read), "读取核对") if progress and to_read else None
            pending = {pool.submit(review_for_store, str(f)) for f in to_read}
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    r: Reviewed = fut.result()
                    if r.digest:
                        reviewed_ids[r.digest] = store.save(r.result.path, r.digest, r.size, model=r.model,
                                                            findings=r.findings, problem=r.result.problem,
                                                            problem_code=r.result.problem_code)
                    outcome.read += 1
                    if bar:
                        bar.advance()
            # Across documents, for what this run read (and the departments of those units).
            cross = cross_check(store, reviewed_ids.values())
            for doc_id, found in cross.items():
                store.replace_cross_findings(doc_id, [f for f, _ in found], [ids for _, ids in found])
                outcome.cross_findings += sum(1 for f, _ in found if f.severity != "info")
            # Workbooks: every document read now, and every one whose cross findings were redone.
            # cross_check covers every checked document read now, so its keys are all there is to write.
            read_now = set(reviewed_ids.values())
            jobs_list = []
            for doc_id, found in cross.items():
                doc = store.by_id(doc_id)
                path = Path(doc.workbook) if doc.workbook and doc_id not in read_now else \
                    _workbook_path(folder, Path(doc.path), taken)
                taken.add(path)  # a kept path too: no other document may take its name
                path.parent.mkdir(parents=True, exist_ok=True)
                jobs_list.append((doc_id, pool.submit(write_document_workbook, store.model_data(doc_id),
                                                      [f for f, _ in found], str(path))))
            bar = Progress(len(jobs_list), "写工作簿") if progress and jobs_list else None
            for doc_id, fut in jobs_list:
                store.set_workbook(doc_id, fut.result())
                if bar:
                    bar.advance()
        except KeyboardInterrupt:
            outcome.interrupted = True
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        finally:
            if not outcome.interrupted:
                pool.shutdown()
        for f, digest in order:
            doc = store.by_hash(digest) if digest else None
            if doc is None:
                outcome.results.append(DocumentResult(str(f), problem=f"{f}：文件不存在或无法打开", problem_code="file-missing"))
                continue
            if doc.id not in read_now:
                outcome.skipped += 1
            result = _result_from_store(doc, store)
            result.path = str(f)
            result.workbook = doc.workbook
            outcome.results.append(result)
    save_atomically(summary_workbook(outcome.results, str(summary)), summary, force=True)
    outcome.seconds = time.monotonic() - started
    return outcome
