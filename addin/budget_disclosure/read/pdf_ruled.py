"""Ruled tables: cell boundaries from the lines, rectangles and paths drawn on a page.

Rules are snapped and joined per position, grouped into tables by which rules touch, and each
table becomes a grid of elementary cells (one per pair of neighbouring row/column boundaries).
Neighbouring elementary cells with no drawn boundary between them form one merged cell. Glyphs are
put into cells by binary search on the boundaries, so the whole page costs O(n log n).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import lru_cache

from .pdf_frame import Frame
from ..raw import IndentedText
from .pdf_glyphs import Glyph, cell_text, group_lines

RULE_THICKNESS = 3.0  # a filled box thinner than this is drawn as a rule
SNAP = 3.0  # rules this close in position are the same rule (double borders, pen offsets)
JOIN = 3.0  # collinear pieces this close end to start are one rule (rules drawn cell by cell)
TOUCH = 3.0  # a horizontal and a vertical rule this close are connected
MIN_RULE = 1.0  # shorter pieces are dots, not rules
BOUNDARY_COVER = 0.5  # a cell side is drawn when rules cover at least this fraction of it

Rule = tuple[float, float, float]  # (position across, start along, end along)


# --- collecting rules ---------------------------------------------------------------------------

def collect_rules(objects: dict[str, list[dict]], frame: Frame) -> tuple[list[Rule], list[Rule]]:
    """Horizontal and vertical rules (as (y, x0, x1) and (x, top, bottom)) of the visible
    lines, rectangles and paths of a page, in its reading frame."""
    hs: list[Rule] = []
    vs: list[Rule] = []
    for obj in objects.get("line", ()):
        if _visible(obj):
            _add_line(obj, frame, hs, vs)
    for obj in objects.get("rect", ()):
        if _visible(obj) and not _add_thin(obj, frame, hs, vs):
            x0, top, x1, bottom = frame.box(obj["x0"], obj["top"], obj["x1"], obj["bottom"])
            hs += [(top, x0, x1), (bottom, x0, x1)]
            vs += [(x0, top, bottom), (x1, top, bottom)]
    for obj in objects.get("curve", ()):
        if _visible(obj) and not _add_thin(obj, frame, hs, vs):
            _add_path(obj, frame, hs, vs)
    return hs, vs


def _visible(obj: dict) -> bool:
    """Drawn in a colour that shows on white paper (white boxes are cell backgrounds)."""
    stroked = obj.get("stroke") and not _is_white(_hashable(obj.get("stroking_color")))
    filled = obj.get("fill") and not _is_white(_hashable(obj.get("non_stroking_color")))
    return bool(stroked or filled)


def _hashable(color: object) -> object:
    return tuple(color) if isinstance(color, list) else color


@lru_cache(maxsize=256)  # a page draws thousands of rules in a handful of colours
def _is_white(color: object) -> bool:
    if isinstance(color, (int, float)):  # pdfminer gives a bare number for grey
        color = (color,)
    if not isinstance(color, (tuple, list)) or not color:
        return False
    if not all(isinstance(v, (int, float)) for v in color):
        return False  # a pattern or named colour: assume it shows
    if len(color) == 4:  # CMYK
        return all(v <= 0.05 for v in color)
    return all(v >= 0.95 for v in color)


def _add_thin(obj: dict, frame: Frame, hs: list[Rule], vs: list[Rule]) -> bool:
    """Add a thin filled box (a rule drawn as a rectangle) as one rule; False if not thin."""
    x0, top, x1, bottom = frame.box(obj["x0"], obj["top"], obj["x1"], obj["bottom"])
    width, height = x1 - x0, bottom - top
    if height <= RULE_THICKNESS and width > height:
        if width >= MIN_RULE:
            hs.append(((top + bottom) / 2, x0, x1))
        return True
    if width <= RULE_THICKNESS and height > width:
        if height >= MIN_RULE:
            vs.append(((x0 + x1) / 2, top, bottom))
        return True
    return False


def _add_line(obj: dict, frame: Frame, hs: list[Rule], vs: list[Rule]) -> None:
    """A straight line: a rule when it runs across or down the page (not a diagonal)."""
    x0, top, x1, bottom = frame.box(obj["x0"], obj["top"], obj["x1"], obj["bottom"])
    if bottom - top <= 0.5 and x1 - x0 >= MIN_RULE:
        hs.append(((top + bottom) / 2, x0, x1))
    elif x1 - x0 <= 0.5 and bottom - top >= MIN_RULE:
        vs.append(((x0 + x1) / 2, top, bottom))


def _add_path(obj: dict, frame: Frame, hs: list[Rule], vs: list[Rule]) -> None:
    """Axis-parallel pieces of a line or path; diagonal pieces (split header cells) are not rules."""
    points = [frame.point(x, y) for x, y in obj.get("pts") or ()]
    for (xa, ya), (xb, yb) in zip(points, points[1:]):
        if abs(ya - yb) <= 0.5 and abs(xa - xb) >= MIN_RULE:
            hs.append(((ya + yb) / 2, min(xa, xb), max(xa, xb)))
        elif abs(xa - xb) <= 0.5 and abs(ya - yb) >= MIN_RULE:
            vs.append(((xa + xb) / 2, min(ya, yb), max(ya, yb)))


def merge_rules(rules: list[Rule]) -> list[Rule]:
    """Rules snapped to shared positions and joined end to start, sorted by position."""
    merged: list[Rule] = []
    for group in _clusters(sorted(rules), key=lambda r: r[0]):
        pos = sum(r[0] for r in group) / len(group)
        pieces = sorted((r[1], r[2]) for r in group)
        start, end = pieces[0]
        for s, e in pieces[1:]:
            if s <= end + JOIN:
                end = max(end, e)
            else:
                merged.append((pos, start, end))
                start, end = s, e
        merged.append((pos, start, end))
    merged.sort()
    return merged


def _clusters(items: list, key) -> Iterable[list]:
    """Runs of sorted items whose key is within SNAP of the run's previous item."""
    run: list = []
    last = None
    for item in items:
        k = key(item)
        if run and k - last > SNAP:
            yield run
            run = []
        run.append(item)
        last = k
    if run:
        yield run


def _snap_values(values: Iterable[float]) -> list[float]:
    return [sum(run) / len(run) for run in _clusters(sorted(values), key=lambda v: v)]


# --- grouping rules into tables -----------------------------------------------------------------

class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def connected_groups(hs: list[Rule], vs: list[Rule]) -> list[tuple[list[Rule], list[Rule]]]:
    """Sets of merged rules connected by crossings or touching ends (one set per table)."""
    uf = _UnionFind(len(hs) + len(vs))
    h_positions = [h[0] for h in hs]  # hs is sorted by position
    for vi, (x, top, bottom) in enumerate(vs):
        lo = bisect_left(h_positions, top - TOUCH)
        hi = bisect_right(h_positions, bottom + TOUCH)
        for hi_index in range(lo, hi):
            _, x0, x1 = hs[hi_index]
            if x0 - TOUCH <= x <= x1 + TOUCH:
                uf.union(hi_index, len(hs) + vi)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(uf.find(i), ([], []))[0].append(h)
    for i, v in enumerate(vs):
        groups.setdefault(uf.find(len(hs) + i), ([], []))[1].append(v)
    return list(groups.values())


# --- the grid of one table ----------------------------------------------------------------------

class Grid:
    """A ruled table on a page: boundaries, merged cells, and the glyphs printed in each cell."""

    def __init__(self, xs: list[float], ys: list[float], anchors: list[int]):
        self.xs = xs  # column boundaries, left to right
        self.ys = ys  # row boundaries, top to bottom
        self.anchors = anchors  # for each elementary cell (row-major), its merged cell's top-left
        self.cells: dict[int, list[Glyph]] = {}
        self.n_cols = len(xs) - 1
        self.n_rows = len(ys) - 1
        self.left, self.right = xs[0], xs[-1]
        self.top, self.bottom = ys[0], ys[-1]


    def contains(self, x: float, y: float) -> bool:
        return self.left <= x <= self.right and self.top <= y <= self.bottom

    def add(self, g: Glyph, x: float, y: float) -> None:
        n_cols = self.n_cols
        col = min(max(bisect_right(self.xs, x) - 1, 0), n_cols - 1)
        row = min(max(bisect_right(self.ys, y) - 1, 0), self.n_rows - 1)
        anchor = self.anchors[row * n_cols + col]
        cell = self.cells.get(anchor)
        if cell is None:
            self.cells[anchor] = [g]
        else:
            cell.append(g)

    def rows(self) -> list[list[str]]:
        """Cell texts, merged cells in their top-left position; rows with no text left out."""
        n_cols = self.n_cols
        texts = {anchor: self._cell(anchor, glyphs) for anchor, glyphs in self.cells.items()}
        rows = []
        for r in range(len(self.ys) - 1):
            row = [texts.get(r * n_cols + c, "") for c in range(n_cols)]
            if any(row):
                rows.append(row)
        return rows

    def _cell(self, anchor: int, glyphs: list[Glyph]) -> str:
        """The cell's text, with how far its first line starts from the cell's left edge."""
        lines = group_lines(glyphs)
        text = cell_text(lines)
        if not text:
            return text
        return IndentedText(text, round(min(g.x0 for g in lines[0].glyphs) - self.xs[anchor % self.n_cols], 1))


def build_grid(hs: list[Rule], vs: list[Rule]) -> Grid | None:
    """The grid of one connected set of rules, or None when it does not enclose a table
    (a lone line, a box around a paragraph, an underline)."""
    if len(hs) < 2 or not vs:
        return None
    # Outer sides may be undrawn (open tables): the rules' extents close the grid.
    xs = _snap_values([v[0] for v in vs] + [min(h[1] for h in hs), max(h[2] for h in hs)])
    ys = _snap_values([h[0] for h in hs] + [min(v[1] for v in vs), max(v[2] for v in vs)])
    if len(xs) < 3 or len(ys) < 2:  # at least two columns (one row: the last row of a table, carried over)
        return None
    anchors = _merged_cells(xs, ys, _by_boundary(hs, ys), _by_boundary(vs, xs))
    if len(set(anchors)) < 2:
        return None
    return Grid(xs, ys, anchors)


def _by_boundary(rules: list[Rule], bounds: list[float]) -> list[list[tuple[float, float]]]:
    """For each boundary position, the extents of the rules drawn along it."""
    out: list[list[tuple[float, float]]] = [[] for _ in bounds]
    for pos, start, end in rules:
        i = bisect_left(bounds, pos)
        nearest = min((j for j in (i - 1, i) if 0 <= j < len(bounds)), key=lambda j: abs(bounds[j] - pos))
        if abs(bounds[nearest] - pos) <= SNAP:
            out[nearest].append((start, end))
    return out


def _drawn(extents: list[tuple[float, float]], a: float, b: float) -> bool:
    covered = sum(max(0.0, min(e, b) - max(s, a)) for s, e in extents)
    return covered >= BOUNDARY_COVER * (b - a)


def _merged_cells(xs: list[float], ys: list[float], h_at: list, v_at: list) -> list[int]:
    """Top-left elementary cell of the merged cell each elementary cell belongs to."""
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    uf = _UnionFind(n_rows * n_cols)
    for r in range(n_rows):
        for c in range(n_cols):
            here = r * n_cols + c
            if c + 1 < n_cols and not _drawn(v_at[c + 1], ys[r], ys[r + 1]):
                uf.union(here, here + 1)
            if r + 1 < n_rows and not _drawn(h_at[r + 1], xs[c], xs[c + 1]):
                uf.union(here, here + n_cols)
    # Union keeps the smallest index as root: row-major order makes it the top-left cell.
    return [uf.find(i) for i in range(n_rows * n_cols)]


def find_grids(objects: dict[str, list[dict]], frame: Frame) -> list[Grid]:
    """Ruled tables of a page, top to bottom."""
    hs, vs = collect_rules(objects, frame)
    if not hs or not vs:
        return []
    grids = []
    for group_h, group_v in connected_groups(merge_rules(hs), merge_rules(vs)):
        grid = build_grid(group_h, group_v)
        if grid is not None:
            grids.append(grid)
    grids.sort(key=lambda g: g.top)
    return grids
