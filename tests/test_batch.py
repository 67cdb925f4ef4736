"""批量审核 of a jurisdiction: generated PDFs (tests/corpus.py) through the real runner — worker
processes, the SQLite store, checks across documents, workbooks written by openpyxl — and the CLI."""
from __future__ import annotations

import copy
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from budget_disclosure.batch_runner import run_batch
from budget_disclosure.cli import main
from budget_disclosure.names import numbered
from budget_disclosure.store import Store
from budget_disclosure.write.summary_book import COLUMN, SUMMARY_SHEET

from corpus import department, grand_total, move_between_items, variant, write

DEPARTMENT = "阳泉市生态环境局"
UNITS = [f"阳泉市生态环境局第{n}监测站" for n in range(3)]


def publish(root: Path, as_pdf: bool):
    """A jurisdiction's folder as published: a 部门 document, its three units, last year's
    document of one unit (for 比上年), and a file that is not a PDF at all. As PDFs, or as XLSX
    (read ten times faster, but with tables only: no prose to state a change)."""
    last = variant(7, UNITS[0], 2025)
    write(last, root / "2025" / f"{UNITS[0]}.pdf", as_pdf)
    units = [variant(n, name, 2026, last_year_total=grand_total(last)) for n, name in enumerate(UNITS)]
    for u in units:
        write(u, root / "2026" / f"{u.entity}.pdf", as_pdf)
    write(department(units, DEPARTMENT), root / "2026" / f"{DEPARTMENT}.pdf", as_pdf)
    (root / "2026" / "坏文件.pdf").write_bytes(b"%PDF-1.4 cut short")
    return root, units, last


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    return {kind: publish(tmp_path_factory.mktemp(kind), kind == "pdf") for kind in ("pdf", "xlsx")}


def _copy(published, tmp_path):
    """A fresh copy per test, since tests change files."""
    root, units, last = published
    shutil.copytree(root, tmp_path / "in")
    return tmp_path / "in", copy.deepcopy(units), last


@pytest.fixture
def folder(published, tmp_path):
    return _copy(published["pdf"], tmp_path)


@pytest.fixture
def quick(published, tmp_path):
    return _copy(published["xlsx"], tmp_path)


def summary_rows(path: Path) -> dict[str, dict]:
    ws = openpyxl.load_workbook(path)[SUMMARY_SHEET]
    out = {}
    for r in range(2, ws.max_row + 1):
        name = ws.cell(r, COLUMN["文件"]).value
        if name and ws.cell(r, COLUMN["状态"]).value:
            out[name] = {head: ws.cell(r, c).value for head, c in COLUMN.items()}
            out[name]["link"] = ws.cell(r, COLUMN["审核工作簿"]).hyperlink
    return out


def test_a_folder_in_parallel_workers_gives_a_summary_row_and_a_workbook_per_document(folder, tmp_path):
    root, units, last = folder
    summary = tmp_path / "汇总.xlsx"
    outcome = run_batch([root], summary, store_path=tmp_path / "s.sqlite", jobs=2, progress=False)
    assert (outcome.read, outcome.skipped, outcome.interrupted) == (6, 0, False)
    rows = summary_rows(summary)
    assert set(rows) == {f"{n}.pdf" for n in [*UNITS, DEPARTMENT, "坏文件"]} | {f"{UNITS[0]}.pdf"} and len(outcome.results) == 6
    broken = rows["坏文件.pdf"]
    assert broken["状态"] == "无法读取" and "坏文件.pdf" in broken["最主要的问题"] and broken["link"] is None
    dept = rows[f"{DEPARTMENT}.pdf"]
    assert (dept["单位"], dept["类型"], dept["年度"], dept["级次"], dept["标准表"]) == (DEPARTMENT, "预算", 2026, "部门", 13)
    assert dept["错误"] == dept["跨文件"] == 0 and dept["状态"] == "通过"
    assert all(r["跨文件"] in (0, None) for r in rows.values())  # the sum holds, the stated change too
    for r in outcome.results:
        if r.reviewed:  # each document's workbook, beside the summary in the inputs' own tree
            mirrored = tmp_path / "汇总" / Path(r.path).relative_to(root).with_suffix(".xlsx")
            assert Path(r.workbook) == mirrored and mirrored.exists()
    assert dept["link"].target == f"汇总/2026/{DEPARTMENT}.xlsx"  # relative: the folder can be moved
    with Store(tmp_path / "s.sqlite") as store:
        assert len(store.find(level="单位")) == 4 and store.find(level="部门")[0].entity == DEPARTMENT


def test_a_rerun_reads_nothing_unchanged_and_a_republished_file_alone(quick, tmp_path):
    root, units, last = quick
    store, summary = tmp_path / "s.sqlite", tmp_path / "汇总.xlsx"
    run_batch([root], summary, store_path=store, jobs=2, progress=False)
    again = run_batch([root], summary, store_path=store, jobs=2, progress=False)
    assert (again.read, again.skipped) == (0, 6)
    assert summary_rows(summary) == summary_rows(summary)  # written again, readable
    changed = variant(11, UNITS[2], 2026)
    write(changed, root / "2026" / f"{UNITS[2]}.pdf", as_pdf=False)
    third = run_batch([root], summary, store_path=store, jobs=2, progress=False)
    assert (third.read, third.skipped) == (1, 5)
    with Store(store) as s:
        kept = s.db.execute("SELECT superseded FROM documents WHERE entity = ? ORDER BY id", (UNITS[2],)).fetchall()
        assert [r[0] for r in kept] == [1, 0]  # the old content is kept, marked superseded
    assert not list((tmp_path / "汇总").rglob("* (2).xlsx"))  # the republished file's workbook kept its name


def test_a_unit_changed_after_its_department_shows_in_the_departments_row_and_workbook(quick, tmp_path):
    root, units, last = quick
    store, summary = tmp_path / "s.sqlite", tmp_path / "汇总.xlsx"
    run_batch([root], summary, store_path=store, jobs=2, progress=False)
    a, b = move_between_items(units[1], seed=3)  # consistent on its own: nothing inside it gives it away
    write(units[1], root / "2026" / f"{UNITS[1]}.pdf", as_pdf=False)
    outcome = run_batch([root], summary, store_path=store, jobs=2, progress=False)
    assert outcome.read == 1 and outcome.cross_findings > 0
    rows = summary_rows(summary)
    assert rows[f"{UNITS[1]}.pdf"]["错误"] == 0
    dept = rows[f"{DEPARTMENT}.pdf"]
    assert dept["错误"] == dept["跨文件"] > 0 and dept["状态"] == "有错误"
    assert a in dept["最主要的问题"] and "所属 3 个单位合计" in dept["最主要的问题"]
    other = openpyxl.load_workbook(tmp_path / "汇总" / "2026" / f"{DEPARTMENT}.xlsx")["其他核对"]
    messages = [r[2] for r in other.iter_rows(min_row=2, values_only=True) if r[5] == "across-department-units"]
    assert len(messages) == dept["跨文件"] and all("所属 3 个单位合计" in m for m in messages)
    assert {m.split()[2] for m in messages} == {a, b}  # only the two 项 moved


def test_this_years_stated_change_is_checked_against_last_years_document(folder, tmp_path):
    root, units, last = folder
    overstated = variant(0, UNITS[0], 2026, last_year_total=grand_total(last) - Decimal("50.00"))
    write(overstated, root / "2026" / f"{UNITS[0]}.pdf")
    summary = tmp_path / "汇总.xlsx"
    run_batch([root], summary, store_path=tmp_path / "s.sqlite", jobs=2, progress=False)
    row = summary_rows(summary)[f"{UNITS[0]}.pdf"]
    assert row["跨文件"] == 1 and row["错误"] == 1
    assert "比上年增加" in row["最主要的问题"] and "2025年公开" in row["最主要的问题"]
    assert summary_rows(summary)[f"{DEPARTMENT}.pdf"]["跨文件"] == 0  # same figures as before: the sum still holds


def test_a_final_account_is_checked_against_the_budget_added_later(tmp_path):
    """A real 决算 (国家信访局 2024) reviewed alone, then its 2024 预算 published with one 项 moved:
    the second run reads only the 预算, and re-checks the 决算 against it."""
    from conftest import real_pdf
    from budget_disclosure import extract
    from corpus import budget_for_final

    source = real_pdf("288")
    root = tmp_path / "in"
    root.mkdir()
    shutil.copy(source, root / "国家信访局2024年度部门决算.pdf")
    store, summary = tmp_path / "s.sqlite", tmp_path / "汇总.xlsx"
    first = run_batch([root], summary, store_path=store, jobs=1, progress=False)
    assert first.read == 1 and first.cross_findings == 0
    alone = summary_rows(summary)["国家信访局2024年度部门决算.pdf"]["错误"]

    budget = budget_for_final(extract(source), {"2080505": Decimal("-20.00")})
    write(budget, root / "国家信访局2024年度部门预算.xlsx", as_pdf=False)
    second = run_batch([root], summary, store_path=store, jobs=1, progress=False)
    assert second.read == 1 and second.cross_findings == 2
    rows = summary_rows(summary)
    assert rows["国家信访局2024年度部门预算.xlsx"]["错误"] == 0
    final = rows["国家信访局2024年度部门决算.pdf"]
    assert (final["类型"], final["年度"], final["跨文件"], final["错误"]) == ("决算", 2024, 2, alone + 2)
    book = openpyxl.load_workbook(tmp_path / "汇总" / "国家信访局2024年度部门决算.xlsx")["其他核对"]
    messages = [r[2] for r in book.iter_rows(min_row=2, values_only=True) if r[5] == "across-final-budget"]
    assert len(messages) == 2 and all("2024年预算公开文件表5" in m for m in messages)


def test_an_edited_workbook_and_a_foreign_summary_are_never_overwritten(quick, tmp_path):
    root, units, last = quick
    store, summary = tmp_path / "s.sqlite", tmp_path / "汇总.xlsx"
    run_batch([root / "2026"], summary, store_path=store, jobs=2, progress=False)
    book = tmp_path / "汇总" / f"{UNITS[0]}.xlsx"  # one folder reviewed: no subfolders
    wb = openpyxl.load_workbook(book)
    wb.worksheets[0]["A1"] = "审核意见：已与财政局核实"
    wb.save(book)
    edited = book.read_bytes()
    outcome = run_batch([root / "2026"], summary, store_path=store, jobs=2, progress=False, reread=True)
    assert book.read_bytes() == edited and outcome.kept == [book]
    fresh = book.with_name(f"{UNITS[0]} (2).xlsx")
    assert fresh.exists() and summary_rows(summary)[f"{UNITS[0]}.pdf"]["link"].target == f"汇总/{fresh.name}"
    theirs = tmp_path / "their_summary.xlsx"
    theirs.write_bytes(b"someone's own workbook")
    with pytest.raises(FileExistsError):
        run_batch([root / "2026"], theirs, store_path=store, jobs=1, progress=False)
    assert theirs.read_bytes() == b"someone's own workbook"


def test_any_executor_can_run_the_worker(quick, tmp_path):
    """The worker is a plain function of a path: a thread pool (or Dask's, Ray's) runs it the same."""
    root, units, last = quick
    by_process = run_batch([root], tmp_path / "a.xlsx", store_path=tmp_path / "a.sqlite", jobs=2, progress=False)
    by_thread = run_batch([root], tmp_path / "b.xlsx", store_path=tmp_path / "b.sqlite", jobs=2, progress=False,
                          executor_factory=lambda n: ThreadPoolExecutor(n))
    strip = lambda rows: {k: {h: v for h, v in r.items() if h != "link"} for k, r in rows.items()}  # noqa: E731
    assert strip(summary_rows(tmp_path / "a.xlsx")) == strip(summary_rows(tmp_path / "b.xlsx"))
    assert [r.errors for r in by_process.results] == [r.errors for r in by_thread.results]


def test_a_dask_cluster_runs_the_same_batch(quick, tmp_path, capsys):
    """The documented way beyond one machine: the same worker function on Dask's workers."""
    pytest.importorskip("distributed")
    root, units, last = quick
    here = run_batch([root], tmp_path / "a.xlsx", store_path=tmp_path / "a.sqlite", jobs=2, progress=False)
    code = main(["check", str(root), "--summary", str(tmp_path / "b.xlsx"), "--store", str(tmp_path / "b.sqlite"),
                 "--jobs", "2", "--dask", "local", "--quiet"])
    assert code == 2 and "本次读取 6" in capsys.readouterr().out
    strip = lambda rows: {k: {h: v for h, v in r.items() if h not in ("link", "审核工作簿")} for k, r in rows.items()}  # noqa: E731
    assert strip(summary_rows(tmp_path / "a.xlsx")) == strip(summary_rows(tmp_path / "b.xlsx"))
    assert len(list((tmp_path / "b").rglob("*.xlsx"))) == sum(1 for r in here.results if r.reviewed)


def test_the_command_line_batch(quick, tmp_path, capsys):
    root, units, last = quick
    store = tmp_path / "s.sqlite"
    code = main(["check", str(root), "--summary", str(tmp_path / "汇总.xlsx"), "--store", str(store), "--jobs", "2", "--quiet"])
    out = capsys.readouterr().out
    assert code == 2  # a file could not be read
    assert "共 6 个文件：本次读取 6，内容未变而跳过 0" in out and "无法读取的文件：" in out and "坏文件.pdf" in out
    (root / "2026" / "坏文件.pdf").unlink()
    code = main(["check", str(root), "--summary", str(tmp_path / "汇总.xlsx"), "--store", str(store), "--quiet"])
    assert code == 0 and "共 5 个文件：本次读取 0，内容未变而跳过 5" in capsys.readouterr().out
    assert main(["check", str(root / "2026"), str(root / "2025")]) == 2
    assert "--summary" in capsys.readouterr().err


def test_ctrl_c_leaves_the_store_consistent_and_the_next_run_resumes(tmp_path):
    """Ctrl-C reaches the whole process group, as at a terminal; workers leave it to the batch."""
    root = tmp_path / "in"
    for n in range(5):
        write(variant(20 + n, f"测试单位{n}", 2026), root / f"{n}.pdf")
    store = tmp_path / "s.sqlite"
    cmd = [sys.executable, "-m", "budget_disclosure.cli", "check", str(root), "--summary", str(tmp_path / "汇总.xlsx"),
           "--store", str(store), "--jobs", "1", "--quiet"]
    # As a terminal's foreground job: Ctrl-C not ignored, whatever this test process inherited.
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while _stored(store) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "the batch ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (proc.returncode, signal.getsignal(signal.SIGINT), out, err)
    assert "已中断" in err and "从中断处继续" in err and "Traceback" not in err
    saved = _stored(store)
    assert 2 <= saved < 5
    db = sqlite3.connect(store)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for doc, errors, warnings, info in db.execute("SELECT id, errors, warnings, info FROM documents"):
        tables = db.execute("SELECT count(*) FROM tables WHERE document_id = ?", (doc,)).fetchone()[0]
        found = db.execute("SELECT count(*) FROM findings WHERE document_id = ?", (doc,)).fetchone()[0]
        assert tables == 13 and found == errors + warnings + info  # every stored document is whole
    db.close()
    outcome = run_batch([root], tmp_path / "汇总.xlsx", store_path=store, jobs=2, progress=False)
    assert (outcome.read, outcome.skipped) == (5 - saved, saved)
    assert len(summary_rows(tmp_path / "汇总.xlsx")) == 5


def _stored(store: Path) -> int:
    """How many documents the running batch has saved (a plain reader of its WAL database)."""
    if not store.exists():
        return 0
    try:
        db = sqlite3.connect(store, timeout=5)
        try:
            return db.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            db.close()
    except sqlite3.OperationalError:  # the schema is being created
        return 0


def test_copies_are_numbered_as_excel_numbers_them():
    names = numbered("汇总", ".xlsx")
    assert [next(names) for _ in range(3)] == ["汇总.xlsx", "汇总 (2).xlsx", "汇总 (3).xlsx"]
    again = numbered("表1 收支总表 (2)")
    assert [next(again) for _ in range(2)] == ["表1 收支总表 (2)", "表1 收支总表 (3)"]
