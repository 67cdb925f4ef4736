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

import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Executor, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .batch import WORST_SHOWN, DocumentResult, Reviewed, disclosure_files, review_for_store
from .check import check
from .check.across import Other, department_units, final_budget, year_on_year
from .check.findings import SEVERITY_ORDER, Finding, Location
from .names import free_name
from .store import Store, StoredDocument, content_hash, finding_from_row


@dataclass
class BatchOutcome:
    results: list[DocumentResult]
    summary: Path
    read: int = 0  # files read this run
    skipped: int = 0  # unchanged files taken from the store
    cross_findings: int = 0
    interrupted: bool = False
    seconds: float = 0.0
    kept: list[Path] = field(default_factory=list)  # workbooks someone edited, left as they were


class Progress:
    """A one-line progress bar with an ETA: redrawn in place on a terminal, a line per tenth
    elsewhere (CI logs), or handed to ``show`` (Excel's status bar)."""

    def __init__(self, total: int, label: str, stream=None, show: Callable[[str], None] | None = None):
        self.total, self.label, self.stream, self.show = total, label, stream or sys.stderr, show
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
        if self.show:
            self.show(line)
        elif self.tty:
            self.stream.write("\r" + line + (" " * 4) + ("\n" if self.done >= self.total else ""))
            self.stream.flush()
        elif 10 * self.done // max(self.total, 1) != self._last_tenth:
            self._last_tenth = 10 * self.done // max(self.total, 1)
            self.stream.write(line + "\n")


def _bar(total: int, label: str, progress: bool | Callable[[str], None]) -> Progress | None:
    """The bar for ``total`` steps, as ``progress`` asks: none, on standard error, or to a function."""
    if not progress or not total:
        return None
    return Progress(total, label, show=progress if callable(progress) else None)


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


def _workbook_path(folder: Path, source: Path, root: Path | None, usable: Callable[[Path], bool]) -> Path:
    """``<folder>/<the source's subfolders under root>/<file stem>.xlsx`` — the inputs' own tree,
    so 2025/x.pdf and 2026/x.pdf keep apart — or the first "stem (n).xlsx" that ``usable`` accepts."""
    source = source.resolve()
    try:
        where = folder / source.parent.relative_to(root) if root else folder
    except ValueError:  # not under root (a document from an earlier run elsewhere)
        where = folder
    return where / free_name(source.stem, lambda name: not usable(where / name), ".xlsx")


def _common_folder(files: list[Path]) -> Path | None:
    try:
        return Path(os.path.commonpath([f.resolve().parent for f in files])) if files else None
    except ValueError:  # different drives
        return None


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
    """The findings across documents of ``ids``, of the 部门 documents listing them as units, and
    of the 决算 documents whose 年初预算 a 预算 among them states."""
    todo: dict[int, StoredDocument] = {}
    for doc_id in ids:
        doc = store.by_id(doc_id)
        if doc is None or doc.status != "checked" or doc.superseded:
            continue
        todo[doc.id] = doc
        if doc.level == "单位":
            todo.update((dept.id, dept) for dept in store.departments_of(doc))
        if doc.kind == "预算":
            todo.update((f.id, f) for f in store.find(entity=doc.entity, year=doc.year, kind="决算", level=doc.level))
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
        if doc.kind == "决算":
            budget = store.find(entity=doc.entity, year=doc.year, kind="预算", level=doc.level)
            if budget:
                found += final_budget(d, Other(budget[-1].id, store.model(budget[-1].id)))
        out[doc.id] = found
    return out


def free_summary_path(folder: str | os.PathLike, name: str, store_path=None) -> Path:
    """``<folder>/<name>.xlsx``, or the first "name (n).xlsx" that no one has edited: where the
    ribbon's 批量审核 puts its summary, never over a file of the user's."""
    with Store(store_path) as store:
        return Path(folder) / free_name(name, lambda c: not store.may_replace(Path(folder) / c), ".xlsx")


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the batch, which stops them; otherwise each prints a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def process_pool(jobs: int) -> ProcessPoolExecutor:
    """One worker process per job. Where the caller runs threads (a server), workers start from a
    fresh process (forkserver) rather than a fork of a threaded one, which may deadlock."""
    context = None
    if os.name == "posix" and threading.active_count() > 1:
        context = multiprocessing.get_context("forkserver")
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_ignore_interrupts)


def _stop(pool: Executor) -> None:
    """Stop at once: drop the queued files and end the workers reading theirs (whatever they had
    not sent back is read again next time)."""
    pool.shutdown(wait=False, cancel_futures=True)
    for process in list((getattr(pool, "_processes", None) or {}).values()):  # ProcessPoolExecutor's own
        process.terminate()


def run_batch(inputs: Iterable[str | os.PathLike], summary: str | os.PathLike, *, store_path=None,
              jobs: int | None = None, reread: bool = False, force: bool = False,
              progress: bool | Callable[[str], None] = True, workbooks: bool = True,
              executor_factory: Callable[[int], Executor] | None = None) -> BatchOutcome:
    """Review every disclosure file under ``inputs``; see the module docstring.

    ``reread``: read every file again, even one the store has reviewed with the same content.
    ``force``: replace the summary and workbooks even where someone has edited them (else an
    edited workbook is kept and the new one takes the next free name; an edited summary stops
    the batch before it starts). ``progress``: a bar on standard error, or a function that shows
    each line. ``workbooks``: write each document's workbook (the server, which sends back only
    the summary, does not)."""
    from .write.summary_book import summary_workbook
    from .write.workbook import save_atomically

    started = time.monotonic()
    summary = Path(summary)
    folder = summary.resolve().with_suffix("")  # 汇总.xlsx -> 汇总/ beside it, holding each document's workbook
    files = [f for f in expand_inputs(inputs, exclude=folder) if f.resolve() != summary.resolve()]
    jobs = max(1, jobs or os.cpu_count() or 1)
    outcome = BatchOutcome([], summary)
    with Store(store_path) as store:
        if not force and not store.may_replace(summary):
            raise FileExistsError(f"{summary}（不是本工具写的，或写出后被修改过）")
        files = [f for f in files if not store.wrote(f)]  # an earlier batch's own output is no input
        order: list[tuple[Path, str | None]] = []
        to_read: list[Path] = []
        for f in files:
            try:
                digest = content_hash(f)
            except OSError:
                digest = None
            order.append((f, digest))
            if digest and store.by_hash(digest) and not reread:
                continue
            to_read.append(f)
        reviewed_ids: dict[str, int] = {}
        pool = (executor_factory or process_pool)(jobs)
        try:
            bar = _bar(len(to_read), "读取核对", progress)
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
            if workbooks:
                _write_workbooks(store, pool, order, cross, set(reviewed_ids.values()), folder, force, outcome, progress)
        except KeyboardInterrupt:
            outcome.interrupted = True
            _stop(pool)
            raise
        finally:
            if not outcome.interrupted:
                pool.shutdown()
        read_now = set(reviewed_ids.values())
        for f, digest in order:
            doc = store.by_hash(digest) if digest else None
            if doc is None:
                outcome.results.append(DocumentResult(str(f), problem=f"{f}：文件不存在或无法打开", problem_code="file-missing"))
                continue
            if doc.id not in read_now:
                outcome.skipped += 1
            result = _result_from_store(doc, store)
            result.path = str(f)
            result.workbook = doc.workbook if workbooks else None
            outcome.results.append(result)
        save_atomically(summary_workbook(outcome.results, str(summary)), summary, force=True)
        store.record_written(summary)
    outcome.seconds = time.monotonic() - started
    return outcome


def _write_workbooks(store: Store, pool: Executor, order, cross: dict, read_now: set[int], folder: Path,
                     force: bool, outcome: BatchOutcome, progress) -> None:
    """Each document's workbook, written by the workers: those read now, those whose cross
    findings were redone (a department of a unit read now, too), and those whose workbook is
    gone. One a reviewer edited is kept, and the new one takes the next free name."""
    todo: dict[int, StoredDocument] = {doc_id: store.by_id(doc_id) for doc_id in cross}
    root = _common_folder([f for f, _ in order])
    for _, digest in order:
        doc = store.by_hash(digest) if digest else None
        if doc and doc.status == "checked" and (doc.id in read_now or not (doc.workbook and Path(doc.workbook).exists())):
            todo[doc.id] = doc
    owners = store.workbook_owners()  # no document takes another's workbook name
    taken: set[Path] = set()
    jobs_list = []
    for doc in todo.values():
        def usable(p: Path, doc=doc) -> bool:
            return owners.get(p, doc.id) == doc.id and p not in taken and (force or store.may_replace(p))
        path = Path(doc.workbook) if doc.workbook else None
        if path is None or not usable(path):
            if path is not None and path.exists() and not force and not store.may_replace(path):
                outcome.kept.append(path)  # edited since we wrote it
            path = _workbook_path(folder, Path(doc.path), root, usable)
        taken.add(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        found = cross.get(doc.id)
        if found is None:  # not checked across this time: its stored cross findings still hold
            found = [(finding_from_row(row), []) for row in store.findings(doc.id, "cross")]
        jobs_list.append((doc.id, pool.submit(write_document_workbook, store.model_data(doc.id),
                                              [f for f, _ in found], str(path))))
    bar = _bar(len(jobs_list), "写工作簿", progress)
    for doc_id, fut in jobs_list:
        path = fut.result()
        store.set_workbook(doc_id, path)
        store.record_written(path)
        if bar:
            bar.advance()
