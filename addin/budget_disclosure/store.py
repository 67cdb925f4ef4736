"""The local store: every document read, with its tables, rows, figures, prose claims and findings,
in one SQLite file (standard library, one file to copy, readable by any SQL tool).

Analysts query it across documents (docs/store.md teaches by example); the batch skips a file whose
content it has already reviewed (by SHA-256 of the bytes); the cross-document checks read earlier
documents back from it. Each document is saved in one transaction, so an interrupted batch leaves
only whole documents behind and the next run resumes where it stopped.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

from . import __version__
from .check.findings import Finding, Location
from .model import Disclosure
from .write.json_form import from_dict, to_dict

SCHEMA_VERSION = 2

WRITTEN_FILES = """
CREATE TABLE written_files (            -- the workbooks a batch wrote: replaced by a re-run only while unedited
    path          TEXT PRIMARY KEY,       -- absolute path
    content_hash  TEXT NOT NULL,          -- SHA-256 of the file as written
    written_at    TEXT NOT NULL
);
"""

SCHEMA = """
CREATE TABLE documents (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: findings refer to ids
    content_hash  TEXT NOT NULL UNIQUE,   -- SHA-256 of the file's bytes: the document's identity
    path          TEXT NOT NULL,          -- where it was last read from
    size          INTEGER NOT NULL,
    status        TEXT NOT NULL,          -- 'checked', or 'unreadable' (then problem says why)
    problem       TEXT,
    problem_code  TEXT,                   -- e.g. 'scanned-pdf', 'encrypted-pdf', 'not-a-disclosure'
    kind          TEXT,                   -- 预算 / 决算
    year          INTEGER,
    entity        TEXT,                   -- 单位名称 / 部门名称 as printed
    level         TEXT,                   -- 部门 / 单位
    unit          TEXT,                   -- the printed money unit, 万元 or 元
    profile       TEXT,
    format        TEXT,                   -- pdf / xlsx / html / text
    page_count    INTEGER,
    errors        INTEGER,
    warnings      INTEGER,
    info          INTEGER,
    workbook      TEXT,                   -- its checked workbook, when a batch wrote one
    superseded    INTEGER NOT NULL DEFAULT 0,  -- 1 when the same path now holds other content
    model_json    TEXT,                   -- the whole model (docs/json-format.md), to read it back
    reviewed_at   TEXT NOT NULL,
    tool_version  TEXT NOT NULL
);
CREATE INDEX documents_by_entity ON documents (entity, year, kind, level);
CREATE INDEX documents_by_path ON documents (path);

CREATE TABLE document_units (            -- the units a 部门 document lists (所属单位)
    document_id   INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    unit_name     TEXT NOT NULL,
    PRIMARY KEY (document_id, position)
);

CREATE TABLE tables (
    document_id   INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    table_key     TEXT NOT NULL,          -- T01 … T13
    name          TEXT NOT NULL,          -- the standard name, e.g. 支出总表
    title         TEXT,                   -- as printed
    first_page    INTEGER,
    empty         INTEGER NOT NULL,       -- 1: printed with no figures (本表无数据)
    PRIMARY KEY (document_id, table_key)
);

CREATE TABLE rows (
    document_id   INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    table_key     TEXT NOT NULL,
    row_index     INTEGER NOT NULL,       -- order in the table, from 0
    label         TEXT NOT NULL,          -- the row's printed name, code removed
    code          TEXT,                   -- 功能分类 / 经济分类 code
    level         TEXT,                   -- 类 / 款 / 项, or 部门 / 单位 / 项目
    role          TEXT NOT NULL,          -- total / group / detail
    row_key       TEXT,                   -- a named row's stable key, e.g. income_total
    side          TEXT,                   -- income / expenditure in two-sided tables
    page          INTEGER,
    parent_index  INTEGER,                -- the row this one adds up into
    PRIMARY KEY (document_id, table_key, row_index)
);

CREATE TABLE figures (
    document_id   INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    table_key     TEXT NOT NULL,
    row_index     INTEGER NOT NULL,
    column_key    TEXT NOT NULL,          -- e.g. total, basic, project, amount
    value_text    TEXT NOT NULL,          -- the exact printed decimal, e.g. '1833.76'
    value         REAL NOT NULL,          -- the same as a number, for SUM() and comparisons
    PRIMARY KEY (document_id, table_key, row_index, column_key)
);

CREATE TABLE claims (                    -- figures the prose (第三部分) states
    document_id   INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    claim_index   INTEGER NOT NULL,
    kind          TEXT NOT NULL,          -- amount / share / change / rate / count / items
    value_text    TEXT,
    value         REAL,
    unit          TEXT,
    subject       TEXT,
    direction     TEXT,                   -- increase / decrease / same, for changes and rates
    section       TEXT,
    page          INTEGER,
    sentence      TEXT,
    PRIMARY KEY (document_id, claim_index)
);

CREATE TABLE findings (
    document_id   INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    scope         TEXT NOT NULL,          -- 'document' (its own checks) or 'cross' (against other documents)
    rule          TEXT NOT NULL,          -- see docs/rules.md
    severity      TEXT NOT NULL,          -- error / warning / info
    status        TEXT NOT NULL,          -- 不符 / 尾差 / 缺失 …
    message       TEXT NOT NULL,
    table_key     TEXT,
    row_label     TEXT,
    code          TEXT,
    column_key    TEXT,
    page          INTEGER,
    section       TEXT,
    published     REAL,
    expected      REAL,
    difference    REAL,
    tolerance     REAL,
    other_document_ids TEXT,              -- JSON list of the documents a cross finding compared with
    PRIMARY KEY (document_id, seq)
);

CREATE VIEW figure_facts AS             -- one row per printed figure, with its document's facts
SELECT d.id AS document_id, d.entity, d.year, d.kind, d.level, d.unit,
       f.table_key, r.row_index, r.label, r.code, r.level AS row_level, r.role AS row_role, r.row_key, r.side,
       f.column_key, f.value_text, f.value
FROM figures f
JOIN rows r USING (document_id, table_key, row_index)
JOIN documents d ON d.id = f.document_id
WHERE d.superseded = 0;
""" + WRITTEN_FILES


# How a store of an older version becomes the current one: the statements per version it leaves.
MIGRATIONS = {
    1: WRITTEN_FILES,
}


STORE_VARIABLE = "BUDGET_DISCLOSURE_STORE"


def default_store_path() -> Path:
    """$BUDGET_DISCLOSURE_STORE when set; else per user: %LOCALAPPDATA%\\budget-disclosure on
    Windows, $XDG_DATA_HOME (~/.local/share) elsewhere."""
    if os.environ.get(STORE_VARIABLE):
        return Path(os.environ[STORE_VARIABLE])
    if sys.platform.startswith("win") and os.environ.get("LOCALAPPDATA"):
        base = Path(os.environ["LOCALAPPDATA"])
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "budget-disclosure" / "store.sqlite"


def content_hash(path: str | os.PathLike) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass
class StoredDocument:
    id: int
    content_hash: str
    path: str
    status: str
    kind: str | None
    year: int | None
    entity: str | None
    level: str | None
    errors: int | None
    warnings: int | None
    info: int | None
    workbook: str | None
    problem: str | None
    problem_code: str | None
    superseded: int = 0


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _real(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(repr(value))  # repr: the shortest text that is this float


def finding_from_row(row: sqlite3.Row) -> Finding:
    """A stored finding as the checks made it (amounts back as the decimals printed)."""
    location = Location(row["table_key"], row["row_label"], row["code"], row["column_key"], row["page"], row["section"])
    return Finding(row["rule"], row["severity"], row["status"], row["message"], location,
                   *(_decimal(row[k]) for k in ("published", "expected", "difference", "tolerance")))


class StoreError(Exception):
    pass


class Store:
    """One SQLite file. Use as a context manager, or call close()."""

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path) if path else default_store_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None)  # explicit transactions below
            self.db.execute("PRAGMA foreign_keys = ON")
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path}：不是本工具的数据库，或文件已损坏（{e}）") from None
        if version == 0:
            tables = self.db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
            if tables:
                raise StoreError(f"{self.path}：这个 SQLite 文件不是本工具建立的，不会改动它；请用 --store 指定别的文件")
            self.db.executescript("BEGIN;" + SCHEMA + f"PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;")
        elif version < SCHEMA_VERSION and all(v in MIGRATIONS for v in range(version, SCHEMA_VERSION)):
            steps = "".join(MIGRATIONS[v] for v in range(version, SCHEMA_VERSION))
            self.db.executescript("BEGIN;" + steps + f"PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;")
        elif version != SCHEMA_VERSION:
            raise StoreError(f"{self.path}：数据库版本 {version}，本工具只认版本 {SCHEMA_VERSION}"
                             "（由更新版本的工具建立？请升级本工具，或用 --store 指定别的文件）")
        self.db.execute("PRAGMA journal_mode = WAL")  # analysts may read while a batch writes; set only on our own file
        self.db.row_factory = sqlite3.Row

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # Reading ------------------------------------------------------------------------------------

    def _stored(self, row: sqlite3.Row | None) -> StoredDocument | None:
        if row is None:
            return None
        return StoredDocument(**{k: row[k] for k in StoredDocument.__dataclass_fields__})

    def by_hash(self, digest: str) -> StoredDocument | None:
        return self._stored(self.db.execute("SELECT * FROM documents WHERE content_hash = ?", (digest,)).fetchone())

    def by_id(self, document_id: int) -> StoredDocument | None:
        return self._stored(self.db.execute("SELECT * FROM documents WHERE id = ?", (document_id,)).fetchone())

    def find(self, *, entity: str | None = None, year: int | None = None, kind: str | None = None,
             level: str | None = None) -> list[StoredDocument]:
        """Current (not superseded) checked documents matching every given fact."""
        where, args = ["status = 'checked'", "superseded = 0"], []
        for column, value in (("entity", entity), ("year", year), ("kind", kind), ("level", level)):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value)
        sql = f"SELECT * FROM documents WHERE {' AND '.join(where)} ORDER BY id"
        return [self._stored(r) for r in self.db.execute(sql, args)]

    def model_data(self, document_id: int) -> dict:
        """The stored model in its JSON form (what a worker process is sent to rebuild it)."""
        row = self.db.execute("SELECT model_json FROM documents WHERE id = ?", (document_id,)).fetchone()
        if row is None or row[0] is None:
            raise KeyError(document_id)
        return json.loads(row[0])

    def model(self, document_id: int) -> Disclosure:
        return from_dict(self.model_data(document_id))

    def table_keys(self, document_id: int) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT table_key FROM tables WHERE document_id = ?", (document_id,))]

    def departments_of(self, unit: StoredDocument) -> list[StoredDocument]:
        """Current 部门 documents of the same year and kind that list ``unit``'s entity as a unit."""
        sql = ("SELECT d.* FROM documents d JOIN document_units u ON u.document_id = d.id"
               " WHERE u.unit_name = ? AND d.year IS ? AND d.kind IS ? AND d.level = '部门'"
               " AND d.status = 'checked' AND d.superseded = 0 ORDER BY d.id")
        return [self._stored(r) for r in self.db.execute(sql, (unit.entity, unit.year, unit.kind))]

    def findings(self, document_id: int, scope: str | None = None) -> list[sqlite3.Row]:
        sql = "SELECT * FROM findings WHERE document_id = ?" + (" AND scope = ?" if scope else "") + " ORDER BY seq"
        return list(self.db.execute(sql, (document_id, scope) if scope else (document_id,)))

    # Writing ------------------------------------------------------------------------------------

    def save(self, path: str, digest: str, size: int, *, model: Disclosure | None = None,
             findings: list[Finding] = (), problem: str | None = None, problem_code: str | None = None,
             workbook: str | None = None) -> int:
        """Save one reviewed document with everything read from it, in one transaction. A document
        already stored (same content) is replaced; an older content at the same path is marked
        superseded. Returns the document's id."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            # The same content read again is the same document: it keeps its id (cross findings
            # of other documents refer to it) and its workbook.
            same = db.execute("SELECT id, workbook FROM documents WHERE content_hash = ?", (digest,)).fetchone()
            db.execute("DELETE FROM documents WHERE content_hash = ?", (digest,))
            db.execute("UPDATE documents SET superseded = 1 WHERE path = ?", (path,))
            counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
            d = model
            workbook = workbook or (same[1] if same else None)
            cur = db.execute(
                "INSERT INTO documents (id, content_hash, path, size, status, problem, problem_code, kind, year, entity,"
                " level, unit, profile, format, page_count, errors, warnings, info, workbook, model_json,"
                " reviewed_at, tool_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (same[0] if same else None, digest, path, size, "checked" if d else "unreadable", problem, problem_code,
                 d and d.kind, d and d.year, d and d.entity, d and d.level, d and d.unit, d and d.profile,
                 d and d.format, d and d.page_count,
                 counts["error"] if d else None, counts["warning"] if d else None, counts["info"] if d else None,
                 workbook, json.dumps(to_dict(d), ensure_ascii=False) if d else None,
                 _now(), __version__))
            doc = cur.lastrowid
            if d is not None:
                self._save_model(doc, d)
                self._save_findings(doc, list(findings), "document", start=0)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")  # Ctrl-C included: never half a document
            raise
        return doc

    def _save_model(self, doc: int, d: Disclosure) -> None:
        db = self.db
        db.executemany("INSERT INTO document_units VALUES (?,?,?)", [(doc, i, u) for i, u in enumerate(d.units)])
        for t in d.tables:
            db.execute("INSERT INTO tables VALUES (?,?,?,?,?,?)",
                       (doc, t.key, t.name, t.title, t.pages[0] if t.pages else None, int(t.empty)))
            db.executemany("INSERT INTO rows VALUES (?,?,?,?,?,?,?,?,?,?,?)", [
                (doc, t.key, i, r.label, r.code, r.level, r.role, r.key, r.side, r.page, r.parent)
                for i, r in enumerate(t.rows)])
            db.executemany("INSERT INTO figures VALUES (?,?,?,?,?,?)", [
                (doc, t.key, i, column, str(v), float(v))
                for i, r in enumerate(t.rows) for column, v in r.values.items() if v is not None])
        db.executemany("INSERT INTO claims VALUES (?,?,?,?,?,?,?,?,?,?,?)", [
            (doc, i, c.kind, c.text if c.value is not None else None, _real(c.value), c.unit, c.subject,
             c.direction, c.section, c.page, c.sentence)
            for i, c in enumerate(d.claims)])

    def _save_findings(self, doc: int, findings: list[Finding], scope: str, start: int,
                       others: list[list[int]] | None = None) -> None:
        self.db.executemany(
            "INSERT INTO findings VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(doc, start + n, scope, f.rule, f.severity, f.status, f.message, f.location.table, f.location.row,
              f.location.code, f.location.column, f.location.page, f.location.section, _real(f.published),
              _real(f.expected), _real(f.difference), _real(f.tolerance),
              json.dumps(others[n]) if others else None)
             for n, f in enumerate(findings)])

    def replace_cross_findings(self, doc: int, findings: list[Finding], others: list[list[int]]) -> None:
        """The cross-document findings of a document, replacing those of an earlier run."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("DELETE FROM findings WHERE document_id = ? AND scope = 'cross'", (doc,))
            start = db.execute("SELECT coalesce(max(seq) + 1, 0) FROM findings WHERE document_id = ?", (doc,)).fetchone()[0]
            self._save_findings(doc, findings, "cross", start, others)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def set_workbook(self, doc: int, workbook: str) -> None:
        self.db.execute("UPDATE documents SET workbook = ? WHERE id = ?", (workbook, doc))

    # Files the batch writes ---------------------------------------------------------------------

    def workbook_owners(self) -> dict[Path, int]:
        """Each current document's workbook and the document it belongs to (a superseded one's
        name is free for the document that replaced it)."""
        rows = self.db.execute("SELECT id, workbook FROM documents WHERE workbook IS NOT NULL AND superseded = 0")
        return {Path(w): i for i, w in rows}

    def record_written(self, path: str | os.PathLike) -> None:
        """Remember a workbook as written, so a re-run may replace it while nobody has edited it."""
        p = Path(path).resolve()
        self.db.execute("INSERT OR REPLACE INTO written_files (path, content_hash, written_at) VALUES (?, ?, ?)",
                        (str(p), content_hash(p), _now()))

    def wrote(self, path: str | os.PathLike) -> bool:
        """True when a batch wrote a file at ``path`` (edited since or not): never an input."""
        p = Path(path).resolve()
        return self.db.execute("SELECT 1 FROM written_files WHERE path = ?", (str(p),)).fetchone() is not None

    def may_replace(self, path: str | os.PathLike) -> bool:
        """True when nothing is at ``path``, or what is there is a workbook we wrote, unchanged since:
        a file someone edited, or one we never wrote, is never overwritten."""
        p = Path(path).resolve()
        if not p.exists():
            return True
        row = self.db.execute("SELECT content_hash FROM written_files WHERE path = ?", (str(p),)).fetchone()
        try:
            return row is not None and row[0] == content_hash(p)
        except OSError:
            return False
