"""Mutation testing of the checks: change one published figure by the smallest printed step and see
whether a finding points at it.

Plain helpers shared by tests/test_mutations.py and benchmarks/mutation_report.py.

* A **table mutation** changes one numeric cell (``Table.columns``) of one row by +0.01 or −0.01;
  a blank or zero cell only becomes 0.01 (a −0.01 on nothing is not a figure anyone prints).
* A **prose mutation** changes one number the prose (第三部分, not the performance forms of
  section 十) states — an amount, share, rate, change or count — by ±0.01 at the 0.01 position
  ("10.8" → "10.81"/"10.79", "1,833.76" → "1,833.77"/"1,833.75", "0" → "0.01"), counts by ±1. The
  section text is edited, the claims are read again, and the claim keeps its index.
* A mutation is **detected** when the mutated document's report holds a finding of any severity
  (不符 error/warning, or a 尾差 info) that points at the mutated figure — its ``cells`` include
  the mutated cell (or claim), or, for findings that carry no cells, its location names it — and
  that finding is not one the unmutated document already had.
* A figure **takes part** in a relation when it is one of the cells of an ``Outcome`` of the
  unmutated document's report (passed outcomes included). A mutation of such a figure that no
  finding points at is a check bug (``MutationResult.missed``) unless no finding is due
  (``EXCUSES``, ``MutationResult.excused``): the figure takes part only in shares/growth rates
  whose percentage, recomputed and rounded, does not move; or the change puts right a relation
  the published document gets wrong.

Each mutation is applied in place and undone in a ``finally``; deep copies would cost more than
the checks themselves. ``run_path`` spreads the mutations of one document over worker processes,
each of which reads the document itself once.
"""
from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Iterator

from budget_disclosure import extract
from budget_disclosure.check import Report, check
from budget_disclosure.check.prose import forms_start
from budget_disclosure.model import Claim, Disclosure, Table
from budget_disclosure.profiles import get_profile
from budget_disclosure.recognise.prose import extract_claims

STEP = Decimal("0.01")
PROSE_KINDS = ("amount", "share", "rate", "change", "count")
_LINKS = ("part", "whole", "current", "base", "change")  # Claim fields holding claim indexes


# --------------------------------------------------------------------------- mutations


@dataclass(frozen=True)
class TableMutation:
    table: str  # "T03"
    row: int  # index in Table.rows
    column: str  # column key
    original: Decimal | None  # None: the cell was blank
    new: Decimal

    @property
    def figure(self) -> tuple:
        return ("table", self.table, self.row, self.column)

    @property
    def new_text(self) -> str:
        return format(self.new, "f")


@dataclass(frozen=True)
class ProseMutation:
    claim: int  # index in Disclosure.claims
    section: int  # index in Disclosure.sections
    start: int  # span of the printed number in the section's text
    end: int
    original_text: str
    new_text: str

    @property
    def figure(self) -> tuple:
        return ("prose", self.claim)


Mutation = TableMutation | ProseMutation


def printed_columns(d: Disclosure, t: Table) -> dict[str | None, list[str]]:
    """The numeric columns a row prints, by side: a two-sided table (表1, 表4, 表9) prints the
    income columns on its income rows and the expenditure columns on its expenditure rows; the
    other side's columns are no cells at all there."""
    out: dict[str | None, list[str]] = {None: list(t.columns)}
    try:
        spec = get_profile(d.profile).table(t.key)
    except (KeyError, LookupError, AttributeError):
        spec = None
    for side in {r.side for r in t.rows if r.side}:
        sided = {c.key for c in spec.amount_columns(side)} if spec is not None else set()
        out[side] = [c for c in t.columns if c in sided] or list(t.columns)
    return out


def table_mutations(d: Disclosure, tables: set[str] | None = None) -> Iterator[TableMutation]:
    """Every numeric cell of every table (blank cells included), +0.01 and −0.01."""
    for t in d.tables:
        if tables is not None and t.key not in tables:
            continue
        columns = printed_columns(d, t)
        for i, row in enumerate(t.rows):
            for column in columns.get(row.side, columns[None]):
                value = row.values.get(column)
                if value is None or value == 0:
                    yield TableMutation(t.key, i, column, value, STEP)
                else:
                    yield TableMutation(t.key, i, column, value, value + STEP)
                    yield TableMutation(t.key, i, column, value, value - STEP)


def _decimals(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


def shifted_number(text: str, delta: Decimal) -> str | None:
    """The printed number ``text`` changed by ``delta``, printed the same way (thousands separators
    kept, at least as many decimals as the step needs); None when it would turn negative."""
    value = Decimal(text.replace(",", ""))
    new = value + delta
    if new < 0:
        return None
    places = max(_decimals(text), -delta.as_tuple().exponent if delta != delta.to_integral() else 0)
    new = new.quantize(Decimal(1).scaleb(-places))
    return format(new, ",f" if "," in text else "f")


def prose_claim_indexes(d: Disclosure) -> list[tuple[int, int]]:
    """(claim index, section index) of every figure the prose states, before the performance forms."""
    out = []
    for si, (lo, hi) in claim_ranges(d).items():
        section = d.sections[si]
        end = forms_start(section)
        for ci in range(lo, hi):
            c = d.claims[ci]
            assert c.section == section.number, (ci, c.section, section.number)
            if c.kind in PROSE_KINDS and c.start < end and c.value is not None:
                assert section.text[c.start:c.end] == c.text, (ci, c.text)
                out.append((ci, si))
    return out


def prose_mutations(d: Disclosure) -> Iterator[ProseMutation]:
    for ci, si in prose_claim_indexes(d):
        c = d.claims[ci]
        deltas = (Decimal(1), Decimal(-1)) if c.kind == "count" else (STEP, -STEP)
        for delta in deltas:
            text = shifted_number(c.text, delta)
            if text is not None:
                yield ProseMutation(ci, si, c.start, c.end, c.text, text)


def mutations(d: Disclosure, tables: set[str] | None = None, prose: bool = True) -> list[Mutation]:
    out: list[Mutation] = list(table_mutations(d, tables))
    if prose:
        out += prose_mutations(d)
    return out


# --------------------------------------------------------------------------- applying


def claim_ranges(d: Disclosure) -> dict[int, tuple[int, int]]:
    """The run of claim indexes each section owns: claims are read section by section, in order."""
    out, at = {}, 0
    for si, section in enumerate(d.sections):
        n = len(extract_claims([section]))
        out[si] = (at, at + n)
        at += n
    assert at == len(d.claims), "the claims are not those of the sections"
    return out


def reread_section(d: Disclosure, si: int, lo: int, hi: int) -> list[Claim]:
    """``extract_claims(d.sections)`` for a change inside section ``si`` only: the other sections'
    claims are unchanged, so read just this one and shift its links to their place in the list."""
    fresh = extract_claims([d.sections[si]])
    for c in fresh:
        for name in _LINKS:
            value = getattr(c, name)
            if value is not None:
                setattr(c, name, value + lo)
    return d.claims[:lo] + fresh + d.claims[hi:]


class Applied(Exception):
    """A prose mutation that changed more than its number (claims appeared, vanished or moved)."""


def run_mutated(d: Disclosure, m: Mutation, ranges: dict[int, tuple[int, int]] | None = None) -> Report:
    """check(d) with the mutation applied; d is left exactly as it was."""
    if isinstance(m, TableMutation):
        values = d.table(m.table).rows[m.row].values
        had = m.column in values
        before = values.get(m.column)
        values[m.column] = m.new
        try:
            return check(d)
        finally:
            if had:
                values[m.column] = before
            else:
                del values[m.column]
    section = d.sections[m.section]
    text, marks, claims = section.text, section.page_marks, d.claims
    assert text[m.start:m.end] == m.original_text
    delta = len(m.new_text) - len(m.original_text)
    try:
        section.text = text[:m.start] + m.new_text + text[m.end:]
        section.page_marks = [(o + delta if o > m.start else o, p) for o, p in marks]
        lo, hi = (ranges or claim_ranges(d))[m.section]
        d.claims = reread_section(d, m.section, lo, hi)
        if len(d.claims) != len(claims):
            raise Applied(f"{len(claims)} claims became {len(d.claims)}")
        c = d.claims[m.claim]
        if c.text != m.new_text or c.kind != claims[m.claim].kind:
            raise Applied(f"claim {m.claim} now reads {c.kind} {c.text!r}")
        return check(d)
    finally:
        section.text, section.page_marks, d.claims = text, marks, claims


# --------------------------------------------------------------------------- verdicts


def _cell_key(rec: dict) -> tuple | None:
    if rec.get("source") == "table":
        return ("table", rec.get("table"), rec.get("row_index"), rec.get("column"))
    if rec.get("source") == "prose":
        return ("prose", rec.get("claim"))
    return None


def signature(f) -> tuple:
    """What makes a finding the same finding in two reports."""
    loc = f.location
    cells = tuple((c.get("source"), c.get("table"), c.get("row_index"), c.get("column"), c.get("claim"),
                   c.get("target"), str(c.get("value"))) for c in f.cells)
    return (f.rule, f.severity, f.status, f.message, str(f.published), str(f.expected), str(f.difference),
            loc.table, loc.row, loc.code, loc.column, loc.section, cells)


def points_at(d: Disclosure, f, m: Mutation) -> bool:
    if any(_cell_key(rec) == m.figure for rec in f.cells):
        return True
    loc = f.location
    if isinstance(m, TableMutation):
        if loc.table != m.table or loc.column != m.column or loc.row is None:
            return False
        row = d.table(m.table).rows[m.row]
        return loc.row == row.label and loc.code == row.code
    return bool(loc.sentence) and m.new_text in loc.sentence and not f.cells


def detected(report: Report, m: Mutation, baseline: set[tuple] = frozenset()) -> list[str]:
    """The findings (rule/status) of ``report`` that point at the mutated figure and that the
    unmutated document did not have; empty when the mutation went unnoticed."""
    return [f"{f.rule}/{f.status}" for f in report.findings
            if points_at(report.disclosure, f, m) and signature(f) not in baseline]


def figure_of(c) -> tuple | None:
    """The figure an outcome's Cell is: ("table", T, row, column) or ("prose", claim)."""
    if c.source == "table" and c.row is not None:
        return ("table", c.table, c.row, c.column)
    if c.source == "prose":
        return ("prose", c.claim)
    return None


def participation(report: Report) -> set[tuple]:
    """Every figure (table cell or prose claim) that is a cell of at least one outcome."""
    return {k for o in report.outcomes for c in o.cells if (k := figure_of(c)) is not None}


def flagged(report: Report) -> set[tuple]:
    """The figures of outcomes that did not pass (不符 or 尾差)."""
    return {k for o in report.outcomes if o.status != "pass" for c in o.cells if (k := figure_of(c)) is not None}


def outcomes_with(report: Report, figure: tuple) -> list:
    return [o for o in report.outcomes if any(figure_of(c) == figure for c in o.cells)]


# Why a mutation of a figure that takes part in relations may rightly go unreported.
EXCUSES = {
    "ratio-rounding": "只参与占比/增减率关系，±0.01 后按所列金额重算的百分数（四舍五入）不变",
    "restores": "原文该数所在关系不符或有尾差，改动后恰好相符（改动等于改正原文）",
}


def excuse(mine: list, was_flagged: bool) -> str | None:
    """For a missed mutation, given the outcomes its figure takes part in after the change."""
    if not mine or any(o.status != "pass" for o in mine):
        return None  # a relation saw a difference yet no finding points at the figure: a real miss
    if was_flagged:
        return "restores"
    if all(o.kind == "ratio" for o in mine):
        return "ratio-rounding"
    return None


# --------------------------------------------------------------------------- results


@dataclass
class Trial:
    mutation: Mutation
    found: list[str]  # rule/status of the findings that point at it
    error: str | None = None  # the mutation could not be applied cleanly (see Applied)
    outcomes: list[str] = field(default_factory=list)  # for a missed mutation: its outcomes' verdicts
    excuse: str | None = None  # for a missed mutation: why no finding is due (see EXCUSES)

    @property
    def detected(self) -> bool:
        return bool(self.found)


@dataclass
class Figure:
    """One mutated figure and the verdicts on its mutations."""

    key: tuple
    label: str  # where it is printed, for people
    value: str  # as printed ("空" for a blank cell)
    participating: bool
    kind: str = "cell"  # "cell" for a table cell, else the claim's kind
    trials: list[Trial] = field(default_factory=list)

    @property
    def detected(self) -> bool:
        return bool(self.trials) and all(t.detected for t in self.trials)


@dataclass
class MutationResult:
    name: str
    tables: list[Figure]
    claims: list[Figure]
    runs: int = 0
    seconds: float = 0.0

    @staticmethod
    def _stats(figures: list[Figure]) -> dict:
        part = [f for f in figures if f.participating]
        trials = [t for f in figures for t in f.trials]
        ptrials = [t for f in part for t in f.trials]
        return {
            "figures": len(figures),  # figures mutated
            "mutations": len(trials),
            "participating": len(part),  # figures taking part in at least one relation
            "participating_mutations": len(ptrials),
            "detected": sum(f.detected for f in part),  # participating figures with every mutation found
            "detected_mutations": sum(t.detected for t in ptrials),
            "excused_mutations": sum(1 for t in ptrials if not t.detected and t.excuse),
            "missed_mutations": sum(1 for t in ptrials if not t.detected and not t.excuse),
            "detected_other_mutations": sum(t.detected for f in figures if not f.participating for t in f.trials),
            "errors": sum(1 for t in trials if t.error),
        }

    @property
    def table_stats(self) -> dict:
        return self._stats(self.tables)

    @property
    def claim_stats(self) -> dict:
        return self._stats(self.claims)

    def _undetected(self, excused: bool) -> list[tuple[Figure, Trial]]:
        return [(f, t) for f in self.tables + self.claims if f.participating for t in f.trials
                if not t.detected and bool(t.excuse) == excused]

    @property
    def missed(self) -> list[tuple[Figure, Trial]]:
        """Mutations of participating figures that no finding pointed at, with no excuse: check
        bugs. Must be empty."""
        return self._undetected(False)

    @property
    def excused(self) -> list[tuple[Figure, Trial]]:
        """Mutations of participating figures no finding is due for (see EXCUSES)."""
        return self._undetected(True)

    @property
    def non_participating_tables(self) -> list[Figure]:
        return [f for f in self.tables if not f.participating]

    @property
    def non_participating_claims(self) -> list[Figure]:
        return [f for f in self.claims if not f.participating]


def _fmt(v: Decimal | None) -> str:
    return "空" if v is None else format(v, "f")


def describe_figure(d: Disclosure, m: Mutation) -> tuple[str, str]:
    if isinstance(m, TableMutation):
        t = d.table(m.table)
        row = t.rows[m.row]
        name = f"{row.code} {row.label}" if row.code and not row.label.endswith(row.code) else row.label
        if row.key and sum(r.label == row.label for r in t.rows) > 1:
            name += f"[{row.key}]"  # 表4 prints 一、二、三 twice: this year's money and the carry-over
        return f"{m.table} 第{m.row}行 {name} | {m.column}", _fmt(m.original)
    c = d.claims[m.claim]
    section = d.sections[m.section]
    return f"{section.number}、#{m.claim} {c.kind}“{c.subject}”", f"{c.text}{c.unit}"


class _Context:
    """What every trial of one document compares against: the unmutated report."""

    def __init__(self, d: Disclosure):
        self.d = d
        self.report = check(d)
        self.baseline = {signature(f) for f in self.report.findings}
        self.flagged = flagged(self.report)
        self.ranges = claim_ranges(d)

    def trial(self, m: Mutation) -> Trial:
        try:
            report = run_mutated(self.d, m, self.ranges)
        except Applied as e:
            return Trial(m, [], error=str(e))
        found = detected(report, m, self.baseline)
        t = Trial(m, found)
        if not found:
            mine = outcomes_with(report, m.figure)
            t.outcomes = [f"{o.rule}:{o.status}(差{o.difference})" for o in mine]
            t.excuse = excuse(mine, m.figure in self.flagged)
        return t


def _trials(d: Disclosure, todo: list[Mutation]) -> list[Trial]:
    ctx = _Context(d)
    return [ctx.trial(m) for m in todo]


def _selected(d: Disclosure, tables: set[str] | None, prose: bool, participating_only: bool) -> list[Mutation]:
    todo = mutations(d, tables, prose)
    if participating_only:
        taking_part = participation(check(d))
        todo = [m for m in todo if m.figure in taking_part]
    return todo


def _collect(name: str, d: Disclosure, tables: set[str] | None, prose: bool, todo: list[Mutation],
             trials: list[Trial], seconds: float) -> MutationResult:
    """Every mutable figure (also those whose mutations were not run) with the trials run on it."""
    taking_part = participation(check(d))
    figures: dict[tuple, Figure] = {}
    for m in mutations(d, tables, prose):
        if m.figure not in figures:
            label, value = describe_figure(d, m)
            kind = d.claims[m.claim].kind if isinstance(m, ProseMutation) else "cell"
            figures[m.figure] = Figure(m.figure, label, value, m.figure in taking_part, kind)
    for m, t in zip(todo, trials, strict=True):
        assert t.mutation == m, "the workers read the document differently"
        figures[m.figure].trials.append(t)
    tables_ = [f for f in figures.values() if f.key[0] == "table"]
    claims = [f for f in figures.values() if f.key[0] == "prose"]
    return MutationResult(name, tables_, claims, len(trials), seconds)


def run(d: Disclosure, tables: set[str] | None = None, prose: bool = True, name: str = "",
        participating_only: bool = False) -> MutationResult:
    """Every mutation of ``d`` (only of figures taking part in a relation, if asked), one after
    another in this process."""
    started = time.perf_counter()
    todo = _selected(d, tables, prose, participating_only)
    trials = _trials(d, todo)
    return _collect(name or d.entity or "", d, tables, prose, todo, trials, time.perf_counter() - started)


def _slice(path: str, k: int, n: int, tables: set[str] | None, prose: bool, participating_only: bool) -> list[Trial]:
    """Worker: read the document once, run mutations k, k+n, k+2n …"""
    d = extract(path)
    return _trials(d, _selected(d, tables, prose, participating_only)[k::n])


def run_path(path: str | os.PathLike, workers: int = 2, tables: set[str] | None = None, prose: bool = True,
             name: str | None = None, participating_only: bool = False) -> MutationResult:
    """Every mutation of the document at ``path``, spread over ``workers`` processes (each reads
    the document itself and takes every ``workers``-th mutation)."""
    started = time.perf_counter()
    d = extract(path)
    todo = _selected(d, tables, prose, participating_only)
    if workers <= 1:
        trials = _trials(d, todo)
    else:
        trials: list[Trial | None] = [None] * len(todo)
        with ProcessPoolExecutor(workers) as pool:
            futures = [pool.submit(_slice, str(path), k, workers, tables, prose, participating_only)
                       for k in range(workers)]
            for k, fut in enumerate(futures):
                trials[k::workers] = fut.result()
    return _collect(name or Path(path).stem, d, tables, prose, todo, trials, time.perf_counter() - started)
