"""Columns of an unruled table: where they lie, and which column a printed cell belongs to.

A column is the x range its cells cover (a *span*). The boundary between two columns is put
just right of the left one when the right one holds amounts (right-aligned: its header may
reach left of its figures), else just left of the right one (labels are left-aligned).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .pdf_glyphs import Segment

if TYPE_CHECKING:
    from .pdf_unruled import LineInfo

# A printed number: 1,833.76 / 1833.76 / -12.5 / 0 / 12.3% (amounts, counts, shares).
NUMBER = re.compile(r"^[-−－]?(?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.\d+)?%?$")
# What an amount cell prints: a number, or a mark for "nothing" set where the number would be.
AMOUNT = re.compile(NUMBER.pattern + r"|^(?:[-−－—–]{1,2}|/)$")
ALIGN = 2.0  # points: edges this close are aligned
INSIDE = 0.85  # a cell lies in a column when this share of its width is inside it
SPANNING = 0.7  # a line of cells crossing columns (a spanning header) covers less than this
HEADER_GAP = 1.0  # line heights: header lines this close belong together
CENTRED = 0.05  # a header is centred over columns when its middle is this close to theirs (share)


@dataclass
class Span:
    x0: float
    x1: float
    numbers: int = 0
    texts: int = 0
    named: tuple[float, float] | None = None  # extent of the leaf header naming this column

    def named_apart_from(self, cell: Segment) -> bool:
        """True when another, separate leaf header already names this column."""
        return self.named is not None and not (self.named[0] < cell.x1 and cell.x0 < self.named[1])

    def name(self, cell: Segment) -> None:
        self.x0, self.x1 = min(self.x0, cell.x0), max(self.x1, cell.x1)
        self.named = (cell.x0, cell.x1) if self.named is None else \
            (min(self.named[0], cell.x0), max(self.named[1], cell.x1))


class Columns:
    """Column boundaries of one table, and where its labels start."""

    def __init__(self, spans: list[Span]):
        self.left = spans[0].x0 if spans else 0.0
        self.right = spans[-1].x1 if spans else 0.0
        # Numbers are right-aligned; labels are left-aligned. A column known only from its
        # header (printed blank on this page) may be either: its bounds are halfway to its
        # neighbours, so rows carried on to the next page may fill it with figures or labels.
        self.separators = [
            (left.x1 + right.x0) / 2 if not right.numbers and not right.texts
            else left.x1 + 0.5 if right.numbers > right.texts else right.x0 - 0.5
            for left, right in zip(spans, spans[1:])
        ]
        self.label_starts = [s.x0 for s in spans if s.texts >= s.numbers and s.texts]
        self.named = [s.named for s in spans]  # extent of each column's leaf header, if any

    def zone(self, x: float) -> int:
        return bisect_right(self.separators, x)

    def inside_one(self, cell: Segment) -> bool:
        """True when the cell lies (almost) wholly inside one column."""
        zone = self.zone((cell.x0 + cell.x1) / 2)
        left = self.separators[zone - 1] if zone > 0 else float("-inf")
        right = self.separators[zone] if zone < len(self.separators) else float("inf")
        return min(cell.x1, right) - max(cell.x0, left) >= INSIDE * (cell.x1 - cell.x0)

    def fits(self, info: LineInfo, gap: float = 0.0) -> bool:
        """True when the line can be part of a table with these columns."""
        if info.caption or info.prose:
            return False
        if all(self.inside_one(c) for c in info.cells):
            return True
        if len(info.cells) >= 2 and info.density < SPANNING:
            return True
        return all(self.starts_label(c) for c in info.cells)

    def fits_header(self, info: LineInfo, gap: float) -> bool:
        """True when the line can be a header line of a table with these columns: any line of
        several cells (header texts are centred, so they need not fall inside body columns), or
        any text set tight against the header lines below it (a header cell wrapped or centred
        between them)."""
        if info.caption or info.prose:
            return False
        return len(info.cells) >= 2 or gap <= HEADER_GAP or self.fits(info)

    def continues(self, info: LineInfo) -> bool:
        """True when the line is a body row of a table with these columns (its cells inside
        them, or labels starting where the labels start, with at least one amount)."""
        return (len(info.cells) >= 2 and info.amounts > 0 and not info.caption
                and all(self.inside_one(c) or self.starts_label(c) for c in info.cells))

    def starts_label(self, cell: Segment) -> bool:
        """True when the cell starts where the table's labels start (left-aligned with them)."""
        return any(abs(cell.x0 - x) <= ALIGN for x in self.label_starts)

    def bounds(self, column: int) -> tuple[float, float]:
        left = self.separators[column - 1] if column > 0 else self.left
        right = self.separators[column] if column < len(self.separators) else self.right
        return left, right

    def header_column(self, cell: Segment) -> int:
        """The leftmost column a header cell spans: headers are centred over the columns they
        head, so the run of columns whose middle is the cell's middle (a single column unless
        a wider run matches clearly better)."""
        before = [k for k, n in enumerate(self.named) if n and n[1] <= cell.x0]
        after = [k for k, n in enumerate(self.named) if n and cell.x1 <= n[0]]
        if before and after and before[-1] + 1 == after[0] and len(before) + len(after) == sum(
                1 for n in self.named if n):
            return before[-1]  # over the gap between two leaf headers, touching neither: both
        middle = (cell.x0 + cell.x1) / 2
        home = self.cell_column(cell)
        best, best_off = home, abs(middle - sum(self.bounds(home)) / 2)
        n = len(self.separators) + 1
        for first in range(home + 1):
            for last in range(max(home, first + 1), n):
                left, right = self.bounds(first)[0], self.bounds(last)[1]
                if cell.x0 < left - ALIGN or cell.x1 > right + ALIGN:
                    continue
                off = abs(middle - (left + right) / 2)
                if off < best_off and off <= CENTRED * (right - left):
                    best, best_off = first, off
        return best

    def cell_column(self, cell: Segment) -> int:
        """The column a cell is in; a cell crossing columns goes to the one it starts in."""
        if self.inside_one(cell):
            return self.zone((cell.x0 + cell.x1) / 2)
        return self.zone(cell.glyphs[0].x0 + 0.5)


def spans_of(cells: list[Segment]) -> list[Span]:
    """Maximal x ranges covered by overlapping cells, left to right, and what they hold."""
    spans: list[Span] = []
    for cell in sorted(cells, key=lambda c: c.x0):
        if not spans or cell.x0 > spans[-1].x1:
            spans.append(Span(cell.x0, cell.x1))
        span = spans[-1]
        span.x1 = max(span.x1, cell.x1)
        if AMOUNT.match(cell.text):
            span.numbers += 1
        else:
            span.texts += 1
    return spans


def add_header(spans: list[Span], cell: Segment, row: list[Segment] = ()) -> None:
    """Widen the column a leaf header names, or add the column it alone shows (printed blank).

    Two separate headers of the leaf row (``row``) never name one column, nor does a header
    name a column with another header of its row set between them. A header over no figure is
    centred in its cell: it heads the amount column to its right when a cell centred on it and
    ending there would not reach into the column on its left; else the label column to its
    left; else a column of its own.
    """
    over = [s for s in spans if s.x0 < cell.x1 and cell.x0 < s.x1]
    if len(over) > 1:
        return  # spans columns: says nothing about any one of them
    at = sum(1 for s in spans if s.x1 <= cell.x0)
    if over and not over[0].named_apart_from(cell):
        over[0].name(cell)
        return
    if over:  # a second header over one run of cells (long labels reaching under it)
        over[0].x1 = min(over[0].x1, cell.x0 - 0.5)
        spans.insert(spans.index(over[0]) + 1, Span(cell.x0, cell.x1, named=(cell.x0, cell.x1)))
        return
    left = spans[at - 1] if at > 0 else None
    right = spans[at] if at < len(spans) else None
    # Its cell reaches no further left than the column or the header of its row left of it.
    reach = max(([left.x1] if left else []) + [o.x1 for o in row if o.x1 <= cell.x0],
                default=float("-inf"))
    if left is not None and any(left.x1 <= o.x0 and o.x1 <= cell.x0 for o in row):
        left = None  # another header stands between: that column is its own
    if right is not None and any(cell.x1 <= o.x0 and o.x1 <= right.x0 for o in row):
        right = None
    middle = (cell.x0 + cell.x1) / 2
    if right is not None and right.numbers > right.texts and not right.named_apart_from(cell) and \
            2 * middle - right.x1 >= reach - ALIGN:
        right.name(cell)
    elif left is not None and left.texts > left.numbers and not left.named_apart_from(cell):
        left.name(cell)
    else:
        spans.insert(at, Span(cell.x0, cell.x1, named=(cell.x0, cell.x1)))
