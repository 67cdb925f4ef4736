"""The local store: a real SQLite file, written and read back."""
from __future__ import annotations

import re
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from budget_disclosure.check import check
from budget_disclosure.extract import extract
from budget_disclosure.render.sample import SAMPLE_PDF
from budget_disclosure.store import SCHEMA, Store, StoreError, content_hash

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def sample_report():
    return check(extract(SAMPLE_PDF))


def save_sample(store: Store, report, path: str = "a.pdf", digest: str = "h1") -> int:
    return store.save(path, digest, 123, model=report.disclosure, findings=report.findings)


def test_a_document_goes_in_whole_and_comes_back_the_same(tmp_path, sample_report):
    with Store(tmp_path / "s.sqlite") as store:
        doc = save_sample(store, sample_report)
        stored = store.by_hash("h1")
        d = sample_report.disclosure
        assert (stored.entity, stored.year, stored.kind, stored.level) == (d.entity, d.year, d.kind, d.level)
        assert (stored.errors, stored.warnings, stored.info) == (0, 0, 21)
        back = store.model(doc)
        assert [t.key for t in back.tables] == [t.key for t in d.tables]
        assert back.table("T03").rows[0].values == d.table("T03").rows[0].values
        n_figures = sum(1 for t in d.tables for r in t.rows for v in r.values.values() if v is not None)
        assert store.db.execute("SELECT count(*) FROM figures").fetchone()[0] == n_figures
        assert len(store.findings(doc)) == len(sample_report.findings)
        assert store.db.execute("SELECT count(*) FROM claims").fetchone()[0] == len(d.claims)


def test_analysts_can_add_up_figures_across_documents_in_sql(tmp_path, sample_report):
    with Store(tmp_path / "s.sqlite") as store:
        save_sample(store, sample_report, "a.pdf", "h1")
        save_sample(store, sample_report, "b.pdf", "h2")
        total = store.db.execute(
            "SELECT sum(value), max(value_text) FROM figure_facts WHERE table_key = 'T03' AND row_role = 'total' "
            "AND column_key = 'total'").fetchone()
    t3_total = next(r for r in sample_report.disclosure.table("T03").rows if r.role == "total").values["total"]
    assert Decimal(str(total[0])) == 2 * t3_total and total[1] == str(t3_total)


def test_same_content_replaces_and_changed_content_at_a_path_supersedes(tmp_path, sample_report):
    with Store(tmp_path / "s.sqlite") as store:
        first = save_sample(store, sample_report, "a.pdf", "h1")
        store.set_workbook(first, "/out/a.xlsx")
        again = save_sample(store, sample_report, "a.pdf", "h1")
        # Read again, the same content stays the same document: its id and its workbook.
        assert again == first and store.by_id(first).workbook == "/out/a.xlsx"
        assert store.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
        save_sample(store, sample_report, "a.pdf", "h2")
        assert store.db.execute("SELECT superseded FROM documents WHERE id = ?", (again,)).fetchone()[0] == 1
        assert [s.content_hash for s in store.find(entity=sample_report.disclosure.entity)] == ["h2"]
        # Old figures stay queryable in the tables but drop out of the current view.
        n = store.db.execute("SELECT count(DISTINCT document_id) FROM figure_facts").fetchone()[0]
        assert n == 1


def test_an_unreadable_file_is_remembered_with_its_reason(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        store.save("x.pdf", "hx", 10, problem="x.pdf：PDF 已加密", problem_code="encrypted-pdf")
        stored = store.by_hash("hx")
        assert stored.status == "unreadable" and stored.problem_code == "encrypted-pdf" and stored.errors is None
        assert store.find() == []


def test_an_interrupted_save_leaves_nothing_half_written(tmp_path, sample_report, monkeypatch):
    store = Store(tmp_path / "s.sqlite")
    real = store._save_findings

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt  # Ctrl-C after the figures, before the findings

    monkeypatch.setattr(store, "_save_findings", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_sample(store, sample_report)
    monkeypatch.setattr(store, "_save_findings", real)
    for table in ("documents", "tables", "rows", "figures", "claims", "findings"):
        assert store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    save_sample(store, sample_report)  # and the next run goes on normally
    assert store.by_hash("h1") is not None
    store.close()


def test_cross_findings_are_replaced_not_piled_up(tmp_path, sample_report):
    with Store(tmp_path / "s.sqlite") as store:
        doc = save_sample(store, sample_report)
        some = sample_report.findings[:2]
        store.replace_cross_findings(doc, some, [[7], [7, 8]])
        store.replace_cross_findings(doc, some[:1], [[9]])
        cross = store.findings(doc, "cross")
        assert len(cross) == 1 and cross[0]["other_document_ids"] == "[9]"
        assert len(store.findings(doc, "document")) == len(sample_report.findings)


def test_a_foreign_or_broken_database_is_never_touched(tmp_path):
    foreign = tmp_path / "theirs.sqlite"
    db = sqlite3.connect(foreign)
    db.execute("CREATE TABLE budget (x)")
    db.commit()
    db.close()
    before = foreign.read_bytes()
    with pytest.raises(StoreError, match="不是本工具建立的"):
        Store(foreign)
    assert foreign.read_bytes() == before
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="已损坏"):
        Store(broken)


def test_content_hash_is_of_the_bytes(tmp_path):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    a.write_bytes(b"same")
    b.write_bytes(b"same")
    assert content_hash(a) == content_hash(b) == "0967115f2813a3541eaef77de9d9d5773f1c0c04314b0bbfe4ff3b3b1c55b5d5"


def test_every_table_and_column_of_the_schema_is_documented():
    doc = (ROOT / "docs" / "store.md").read_text(encoding="utf-8")
    assert "`figure_facts`" in doc
    tables = re.findall(r"CREATE TABLE (\w+) \((.*?)\n\);", SCHEMA, re.S)
    assert len(tables) == 8
    for table, body in tables:
        assert f"`{table}`" in doc, table
        for column in re.findall(r"^\s+(\w+)\s+(?:INTEGER|TEXT|REAL)", body, re.M):
            assert f"`{column}`" in doc, f"{table}.{column}"


def test_a_written_workbook_is_replaceable_only_while_unedited(tmp_path):
    book = tmp_path / "汇总" / "a.xlsx"
    with Store(tmp_path / "s.sqlite") as store:
        assert store.may_replace(book)  # nothing there yet
        book.parent.mkdir()
        book.write_bytes(b"as written")
        assert not store.may_replace(book)  # a file we did not write
        store.record_written(book)
        assert store.may_replace(book)
        book.write_bytes(b"as written, then edited by a reviewer")
        assert not store.may_replace(book)


def test_a_store_of_the_first_version_is_upgraded_in_place(tmp_path, sample_report):
    path = tmp_path / "old.sqlite"
    with Store(path) as store:
        doc = store.save("a.pdf", "h1", 1, model=sample_report.disclosure, findings=sample_report.findings)
    db = sqlite3.connect(path)
    db.executescript("DROP TABLE written_files; PRAGMA user_version = 1;")  # as version 1 left it
    db.close()
    with Store(path) as store:
        assert store.by_id(doc).entity == sample_report.disclosure.entity
        assert store.may_replace(tmp_path / "none.xlsx")
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == 2
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="版本 99"):
        Store(path)
