"""Unruled tables: tables printed without lines, found from how their text is aligned.

A body line of such a table has several cells separated by wide gaps, at least one of them a
number; a table is a run of such lines whose numbers share right edges (amount columns are
right-aligned). Column boundaries are the vertical corridors no body cell crosses; header lines
just above the run (several cells, no "label：value" text) are put into those columns.
Everything else stays running text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .pdf_glyphs import NEVER, Glyph, Line, Segment, join_glyphs, split_segments

# A printed number: 1,833.76 / 1833.76 / -12.5 / 0 / 12.3% (amounts, counts, shares).
NUMBER = re.compile(r"^[-−－]?(?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.\d+)?%?$")
CELL_GAP = 1.0  # ems: a gap this wide between glyphs separates two cells
ALIGN = 2.0  # points: numbers whose right edges are this close are in one column
ROW_GAP = 3.0  # line heights: body lines further apart than this are not one table
MAX_SKIPPED = 1  # non-body lines (a wrapped label) allowed between two body lines
MAX_HEADER_LINES = 3
WRAP_PITCH = 0.8  # header lines closer than this share of the body's row pitch are one wrapped row
LABEL_VALUE = re.compile(r"[:：]")  # "单位：万元", "部门名称：…" are captions, not header cells


@dataclass
class UnruledTable:
    first: int  # index of its first line in the page's lines
    last: int  # index of its last line (inclusive)
    rows: list[list[str]]


def find_unruled_tables(lines: list[Line]) -> list[UnruledTable]:
    """Tables among a page's lines (those not inside a ruled table), top to bottom."""
    segments = [split_segments(line, CELL_GAP) for line in lines]
    body = [len(s) >= 2 and any(NUMBER.match(x.text) for x in s) for s in segments]
    tables = []
    for first, last in _body_runs(lines, body):
        if not _numbers_aligned(segments[first:last + 1], body[first:last + 1]):
            continue
        top = _header_start(lines, segments, first)
        tables.append(UnruledTable(top, last, _rows(lines, segments, body, top, first, last)))
    return tables


def _body_runs(lines: list[Line], body: list[bool]) -> list[tuple[int, int]]:
    """(first, last) indices of runs of body lines, close together, at least two of them."""
    runs = []
    first = last = None
    for i, is_body in enumerate(body):
        if not is_body:
            continue
        if last is not None and i - last - 1 <= MAX_SKIPPED and _close(lines[last], lines[i], i - last):
            last = i
            continue
        if first is not None and last > first:
            runs.append((first, last))
        first = last = i
    if first is not None and last > first:
        runs.append((first, last))
    return runs


def _close(upper: Line, lower: Line, steps: int) -> bool:
    height = max(upper.bottom - upper.top, upper.size, 1.0)
    return lower.top - upper.bottom <= ROW_GAP * height * steps


def _numbers_aligned(segments: list[list[Segment]], body: list[bool]) -> bool:
    """True when numbers on two different body lines end at the same x (a right-aligned column)."""
    edges = sorted(
        (seg.x1, i)
        for i, (segs, is_body) in enumerate(zip(segments, body)) if is_body
        for seg in segs if NUMBER.match(seg.text)
    )
    for (x_a, line_a), (x_b, line_b) in zip(edges, edges[1:]):
        if x_b - x_a <= ALIGN and line_a != line_b:
            return True
    # Equal edges on different lines may be separated in sort order by one from a third line.
    for j in range(len(edges) - 2):
        (x_a, line_a), (x_c, line_c) = edges[j], edges[j + 2]
        if x_c - x_a <= ALIGN and line_a != line_c:
            return True
    return False


def _header_start(lines: list[Line], segments: list[list[Segment]], first: int) -> int:
    """Index of the first header line directly above the body run starting at ``first``."""
    top = first
    while first - top < MAX_HEADER_LINES and top > 0:
        candidate = top - 1
        segs = segments[candidate]
        if len(segs) < 2 or any(LABEL_VALUE.search(s.text) for s in segs):
            break
        if not _close(lines[candidate], lines[top], 1):
            break
        top = candidate
    return top


# --- columns and cells --------------------------------------------------------------------------

def _columns(segments: list[list[Segment]]) -> list[tuple[float, float]]:
    """Column extents: maximal x ranges between corridors that no body cell crosses."""
    spans = sorted((s.x0, s.x1) for segs in segments for s in segs)
    columns: list[tuple[float, float]] = []
    start, end = spans[0]
    for x0, x1 in spans[1:]:
        if x0 > end:
            columns.append((start, end))
            start, end = x0, x1
        else:
            end = max(end, x1)
    columns.append((start, end))
    return columns


def _column_of(seg: Segment, columns: list[tuple[float, float]]) -> int:
    """The column a cell overlaps most (a header spanning columns goes to its leftmost)."""
    best, best_overlap = 0, 0.0
    for i, (x0, x1) in enumerate(columns):
        overlap = min(x1, seg.x1) - max(x0, seg.x0)
        if overlap > best_overlap:
            best, best_overlap = i, overlap
    if best_overlap > 0:
        return best
    centre = (seg.x0 + seg.x1) / 2
    return min(range(len(columns)), key=lambda i: abs((columns[i][0] + columns[i][1]) / 2 - centre))


def _line_cells(segs: list[Segment], columns: list[tuple[float, float]]) -> list[str]:
    per_column: list[list[Glyph]] = [[] for _ in columns]
    for seg in segs:
        per_column[_column_of(seg, columns)].extend(seg.glyphs)
    return [join_glyphs(sorted(g, key=lambda x: x.x0), cjk_gap=NEVER) for g in per_column]


def _rows(lines: list[Line], segments: list[list[Segment]], body: list[bool],
          top: int, first: int, last: int) -> list[list[str]]:
    columns = _columns([segments[i] for i in range(first, last + 1)])
    header = [_line_cells(segments[i], columns) for i in range(top, first)]
    header = _join_wrapped_header(header, lines[top:first], _row_pitch(lines, body, first, last))
    return header + [_line_cells(segments[i], columns) for i in range(first, last + 1)]


def _row_pitch(lines: list[Line], body: list[bool], first: int, last: int) -> float:
    tops = [lines[i].top for i in range(first, last + 1) if body[i]]
    steps = sorted(b - a for a, b in zip(tops, tops[1:]))
    return steps[len(steps) // 2] if steps else 0.0


def _join_wrapped_header(rows: list[list[str]], lines: list[Line], pitch: float) -> list[list[str]]:
    """Header lines set closer than the body's rows are one header row wrapped inside its cells
    ("国有资本经营" over "预算"): join them per column with '\\n'."""
    if not rows:
        return rows
    joined = [rows[0]]
    for prev_line, line, row in zip(lines, lines[1:], rows[1:]):
        if pitch and line.top - prev_line.top < WRAP_PITCH * pitch:
            joined[-1] = ["\n".join(t for t in (a, b) if t) for a, b in zip(joined[-1], row)]
        else:
            joined.append(row)
    return joined
