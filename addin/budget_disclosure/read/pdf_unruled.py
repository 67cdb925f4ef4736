"""Unruled tables: tables printed without lines, found from how their text is aligned.

1. A line is cut into cells at gaps wider than ``CELL_GAP``. A *seed* line has several cells,
   at least one a number, and is mostly white space (prose is dense). A table needs two seeds
   whose numbers share a right edge (amount columns are right-aligned), or one seed that is
   clearly a row of figures (see ``_is_table``).
2. Columns are the x ranges the cells cover. The boundary between two columns is put just right
   of the left one when the right one holds numbers (right-aligned: its header may reach left
   of its numbers), else just left of the right one (labels are left-aligned). A column printed
   blank all the way down is known from its header only: the lowest header row adds columns.
3. The table takes the lines around and between its seeds that *fit* those columns (every cell
   inside one column; or a sparse line of several cells, such as a header spanning columns; or
   labels starting where the table's labels start), up to a caption ("单位：万元", "注：…"),
   a prose line or a wide vertical gap.
4. Lines become rows. Each line holding a number is a row; a line of labels only joins the row
   just above or below when it is clearly closer to it than rows are to each other (a label
   wrapped onto several lines), else it is a row of its own (a row with blank amounts). Header lines
   are grouped the same way, so a header wrapped inside its cell comes out as "国有资本经营\\n预算".
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .pdf_glyphs import NEVER, Glyph, Line, Segment, join_glyphs, split_segments

# A printed number: 1,833.76 / 1833.76 / -12.5 / 0 / 12.3% (amounts, counts, shares).
NUMBER = re.compile(r"^[-−－]?(?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.\d+)?%?$")
# What an amount cell prints: a number, or a mark for "nothing" set where the number would be.
AMOUNT = re.compile(NUMBER.pattern + r"|^(?:[-−－—–]{1,2}|/)$")
CAPTION = re.compile(r"[:：]")  # "单位：万元", "部门名称：…", "注：…" belong to no table
UNIT_CAPTION = re.compile(r"单位[:：]\s*(?:万元|千元|亿元|元)")  # the caption right above a table
CELL_GAP = 0.4  # ems: a gap this wide between glyphs separates two cells (cells are padded)
ALIGN = 2.0  # points: edges this close are aligned
SPARSE = 0.85  # a seed's glyphs cover less than this share of its extent (prose covers ~all)
SPANNING = 0.7  # a line of cells crossing columns (a spanning header) is sparser still
INSIDE = 0.85  # a cell lies in a column when this share of its width is inside it
PROSE_WIDTH = 0.5  # a dense one-cell line wider than this share of the page's text is prose
BREAK = 2.5  # line heights: a vertical gap this wide ends a table
WRAP_JUMP = 0.3  # wrapped lines are set closer than rows by at least this share of the row gap
HEADER_GAP = 1.0  # line heights: header lines this close belong together
WRAPPED_GAP = 0.45  # ems: the lines of a wrapped cell are at most this far apart
HEADER_LINES = 2  # running header lines above a continued table
FOOTER_LINES = 2  # page footer lines below a table that runs on to the next page
CENTRED = 0.05  # a header is centred over columns when its middle is this close to theirs (share)


@dataclass
class UnruledTable:
    first: int  # index of its first line in the page's lines
    last: int  # index of its last line (inclusive)
    rows: list[list[str]]
    columns: "_Columns | None" = None
    wrap: float = 0.0  # lines closer than this are the wrapped lines of one row


@dataclass
class Carry:
    """A table running off the bottom of a page: its columns, for rows continued on the next
    page without a header (which alone could not show its blank columns)."""

    columns: "_Columns"
    wrap: float


class _Info:
    """What table detection needs to know about one line."""

    __slots__ = ("line", "cells", "numbers", "amounts", "density", "caption", "prose")

    def __init__(self, line: Line, text_width: float):
        self.line = line
        self.cells = split_segments(line, CELL_GAP)
        self.numbers = sum(1 for c in self.cells if NUMBER.match(c.text))  # figures only
        self.amounts = sum(1 for c in self.cells if AMOUNT.match(c.text))  # and blank marks
        ink = sum(g.x1 - g.x0 for g in line.glyphs)
        self.density = ink / max(line.x1 - line.x0, 1.0)
        self.caption = any(CAPTION.search(c.text) for c in self.cells)
        # A dense line running over most of the page's text width (a label never does).
        self.prose = (len(self.cells) == 1 and self.density >= SPARSE
                      and line.x1 - line.x0 > PROSE_WIDTH * text_width)

    @property
    def serial(self) -> bool:
        """The "1 2 3 4 5" row numbering the columns under some headers."""
        texts = [c.text for c in self.cells]
        return len(texts) >= 2 and all(t.isdigit() and len(t) <= 2 for t in texts) \
            and [int(t) for t in texts] == list(range(int(texts[0]), int(texts[0]) + len(texts)))

    @property
    def seed(self) -> bool:
        return (len(self.cells) >= 2 and self.numbers > 0 and self.density < SPARSE
                and not self.caption and not self.serial)


@dataclass
class _Part:
    """The cells of one line that belong to one row (a header line may be split between two
    header rows: a cell spanning columns above, the leaf headers beside it below)."""

    index: int
    info: _Info
    cells: list[Segment]


def _parts(infos: list[_Info], groups: list[list[int]]) -> list[list[_Part]]:
    return [[_Part(i, infos[i], infos[i].cells) for i in group] for group in groups]


def find_unruled_tables(lines: list[Line],
                        carried: Carry | None = None) -> tuple[list[UnruledTable], Carry | None]:
    """Tables among a page's lines (those not inside a ruled table), top to bottom, and what
    the last of them carries over to the next page when it runs off the bottom of this one."""
    if not lines:
        return [], carried
    text_width = max(line.x1 for line in lines) - min(line.x0 for line in lines)
    infos = [_Info(line, text_width) for line in lines]
    continued = _continued(infos, carried) if carried else None
    tables = [continued] if continued else []
    tables += _tables_with_figures(infos, continued.last + 1 if continued else 0)
    taken = {i for t in tables for i in range(t.first, t.last + 1)}
    tables += _tables_without_figures(infos, taken)
    tables.sort(key=lambda t: t.first)
    return tables, _carry(tables, len(infos))


def _carry(tables: list[UnruledTable], n_lines: int) -> Carry | None:
    """Columns to carry over when the last table ends the page (at most a footer after it)."""
    if not tables or tables[-1].columns is None or tables[-1].last < n_lines - 1 - FOOTER_LINES:
        return None
    return Carry(tables[-1].columns, tables[-1].wrap)


def _continued(infos: list[_Info], carried: Carry) -> UnruledTable | None:
    """Rows at the top of the page (after at most a running header) that continue the table
    carried over, in its columns."""
    columns = carried.columns
    start = next((i for i in range(min(HEADER_LINES + 1, len(infos))) if columns.continues(infos[i])),
                 None)
    if start is None or any(len(infos[i].cells) > 1 and not columns.fits(infos[i]) for i in range(start)):
        return None  # a header line comes first: the table is drawn afresh below it
    start = _extend(infos, start, -1, lambda info, gap: columns.fits(info))  # a label's first line
    last = _extend(infos, start, +1, lambda info, gap: columns.fits(info) or columns.continues(info))
    rows = _parts(infos, _group_rows(infos, range(start, last + 1), carried.wrap))
    cells = [_row_cells(row, columns, columns.cell_column) for row in rows]
    return UnruledTable(start, last, cells, columns, carried.wrap)


def _tables_with_figures(infos: list[_Info], start: int) -> list[UnruledTable]:
    tables: list[UnruledTable] = []
    while True:
        first_seed = next((i for i in range(start, len(infos)) if infos[i].seed), None)
        if first_seed is None:
            return tables
        table = _table_from(infos, first_seed, start)
        if table is None:
            start = first_seed + 1
        else:
            tables.append(table)
            start = table.last + 1


def _tables_without_figures(infos: list[_Info], taken: set[int]) -> list[UnruledTable]:
    """Tables printed with no figures ("注：本表无数据"): the header lines right under a unit
    caption ("单位：万元"), when one of them is a sparse line of several cells."""
    tables = []
    for i, info in enumerate(infos):
        if i in taken or not UNIT_CAPTION.search(info.line.text):
            continue
        last = i
        while (last + 1 < len(infos) and last + 1 not in taken and not infos[last + 1].caption
               and not infos[last + 1].prose and not _broken(infos[last].line, infos[last + 1].line)):
            last += 1
        block = range(i + 1, last + 1)
        if any(len(infos[j].cells) >= 2 and infos[j].density < SPANNING for j in block):
            table = _table_of_labels(infos, block)
            if table is not None:
                tables.append(table)
    return tables


def _table_of_labels(infos: list[_Info], block: range) -> UnruledTable | None:
    """A table of header and label lines only: its columns are its leaf header's cells."""
    wrap = 0.2 * infos[block.start].line.size
    rows = _peel_spanning(_parts(infos, _group_rows(infos, block, wrap)))
    leaf = _leaf_header(rows)
    if leaf is None:
        return None
    columns = _Columns(_spans([c for part in leaf for c in part.cells]))
    split = rows.index(leaf) + 1
    cells = [_row_cells(row, columns, columns.cell_column if row is leaf else columns.header_column)
             for row in rows[:split]]
    cells += [_row_cells(row, columns, columns.cell_column) for row in rows[split:]]
    return UnruledTable(block.start, block.stop - 1, cells)


def _table_from(infos: list[_Info], first_seed: int, floor: int) -> UnruledTable | None:
    """The table whose first seed is ``first_seed`` (its header reaching up to line ``floor`` at
    most), or None when that seed starts no table."""
    last_seed = _last_seed(infos, first_seed)
    seeds = [i for i in range(first_seed, last_seed + 1) if infos[i].seed]
    rough = _Columns(_spans([c for i in seeds for c in infos[i].cells]))
    top = _extend(infos, first_seed, -1, rough.fits_header, floor)
    last = _extend(infos, last_seed, +1, rough.fits)
    if not _is_table(infos, seeds, top, last):
        return None
    wrap = _wrap_limit(infos, first_seed, last)
    above = _peel_spanning(_parts(infos, _group_rows(infos, range(top, first_seed), wrap)))
    # The header ends with its leaf row; label-only rows between it and the first figures are body.
    leaf = _leaf_header(above)
    header = above[:above.index(leaf) + 1] if leaf else []
    body_start = max(p.index for p in header[-1]) + 1 if header else top
    body = _parts(infos, _group_rows(infos, range(body_start, last + 1), wrap))
    columns = _final_columns([p for row in body for p in row], leaf, rough)
    # Headers above the leaf row may span columns; leaf headers and the body sit in their column.
    rows = [_row_cells(row, columns, columns.cell_column if row is leaf else columns.header_column)
            for row in header]
    rows += [_row_cells(row, columns, columns.cell_column) for row in body]
    return UnruledTable(top, last, rows, columns, wrap)


def _last_seed(infos: list[_Info], first_seed: int) -> int:
    """Last seed of the run starting at ``first_seed``: seeds and the lines between them that are
    not captions or prose and not separated by a wide gap."""
    end = first_seed
    for i in range(first_seed + 1, len(infos)):
        info = infos[i]
        if info.caption or info.prose or _broken(infos[i - 1].line, info.line):
            break
        if info.seed:
            end = i
    return end


def _broken(upper: Line, lower: Line) -> bool:
    height = max(upper.bottom - upper.top, upper.size, 1.0)
    return lower.top - upper.bottom > BREAK * height


def _is_table(infos: list[_Info], seeds: list[int], top: int, last: int) -> bool:
    """Two seeds with aligned numbers make a table. One seed does when it is clearly a row of
    figures (three separate numbers), or holds two and other lines line up with it: a header
    above, or rows whose label starts where its label starts (a table's last rows carried over)."""
    if len(seeds) >= 2 and _numbers_aligned([infos[i] for i in seeds]):
        return True
    if len(seeds) != 1:
        return False
    seed = infos[seeds[0]]
    if seed.numbers >= 3 and seed.density < SPANNING:
        return True
    if seed.numbers < 2:
        return False
    has_header = any(len(infos[i].cells) >= 2 for i in range(top, seeds[0]))
    label_x = seed.cells[0].x0
    aligned_rows = any(abs(infos[i].cells[0].x0 - label_x) <= ALIGN
                       for i in range(top, last + 1) if i != seeds[0])
    return has_header or aligned_rows


def _numbers_aligned(seeds: list[_Info]) -> bool:
    """True when numbers on two different seed lines end at the same x (a right-aligned column)."""
    edges = sorted((c.x1, k) for k, info in enumerate(seeds) for c in info.cells if NUMBER.match(c.text))
    for j, (x, line) in enumerate(edges):
        for x_other, other in edges[j + 1:]:
            if x_other - x > ALIGN:
                break
            if other != line:
                return True
    return False


def _extend(infos: list[_Info], start: int, step: int, fits, floor: int = 0) -> int:
    """Index of the farthest line from ``start`` (step -1: up to ``floor``, +1: down) that
    ``fits``, given its vertical gap (in line heights) to the line next to it on the table's side."""
    end = start
    i = start + step
    while floor <= i < len(infos):
        upper, lower = (infos[i].line, infos[end].line) if step < 0 else (infos[end].line, infos[i].line)
        height = max(upper.bottom - upper.top, upper.size, 1.0)
        gap = (lower.top - upper.bottom) / height
        if gap > BREAK or not fits(infos[i], gap):
            break
        end = i
        i += step
    return end


# --- columns ------------------------------------------------------------------------------------

@dataclass
class _Span:
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


class _Columns:
    """Column boundaries of one table, and where its labels start."""

    def __init__(self, spans: list[_Span]):
        self.left = spans[0].x0 if spans else 0.0
        self.right = spans[-1].x1 if spans else 0.0
        # Numbers are right-aligned (a column known only from its header is taken for a blank
        # amount column); labels are left-aligned.
        self.separators = [
            left.x1 + 0.5 if right.numbers > right.texts or not right.texts else right.x0 - 0.5
            for left, right in zip(spans, spans[1:])
        ]
        self.label_starts = [s.x0 for s in spans if s.texts >= s.numbers and s.texts]

    def zone(self, x: float) -> int:
        return bisect_right(self.separators, x)

    def inside_one(self, cell: Segment) -> bool:
        """True when the cell lies (almost) wholly inside one column."""
        zone = self.zone((cell.x0 + cell.x1) / 2)
        left = self.separators[zone - 1] if zone > 0 else float("-inf")
        right = self.separators[zone] if zone < len(self.separators) else float("inf")
        return min(cell.x1, right) - max(cell.x0, left) >= INSIDE * (cell.x1 - cell.x0)

    def fits(self, info: _Info, gap: float = 0.0) -> bool:
        """True when the line can be part of a table with these columns."""
        if info.caption or info.prose:
            return False
        if all(self.inside_one(c) for c in info.cells):
            return True
        if len(info.cells) >= 2 and info.density < SPANNING:
            return True
        return all(self.starts_label(c) for c in info.cells)

    def fits_header(self, info: _Info, gap: float) -> bool:
        """True when the line can be a header line of a table with these columns: any line of
        several cells (header texts are centred, so they need not fall inside body columns), or
        any text set tight against the header lines below it (a header cell wrapped or centred
        between them)."""
        if info.caption or info.prose:
            return False
        return len(info.cells) >= 2 or gap <= HEADER_GAP or self.fits(info)

    def continues(self, info: _Info) -> bool:
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


def _spans(cells: list[Segment]) -> list[_Span]:
    """Maximal x ranges covered by overlapping cells, left to right, and what they hold."""
    spans: list[_Span] = []
    for cell in sorted(cells, key=lambda c: c.x0):
        if not spans or cell.x0 > spans[-1].x1:
            spans.append(_Span(cell.x0, cell.x1))
        span = spans[-1]
        span.x1 = max(span.x1, cell.x1)
        if AMOUNT.match(cell.text):
            span.numbers += 1
        else:
            span.texts += 1
    return spans


def _peel_spanning(rows: list[list[_Part]]) -> list[list[_Part]]:
    """Split off the cells of a header row's top line that span several cells below them
    ("2026年财政拨款" over "一般公共预算 政府性基金 …", "项目" over "科目编码 科目名称"):
    though set tight above the headers they group, they are a header row of their own."""
    out = []
    for row in rows:
        parts = sorted(row, key=lambda p: p.info.line.top)
        while len(parts) > 1:
            top = parts[0]
            spanning = [c for c in top.cells if _spans_cells_below(c, len(top.cells), parts[1:])]
            if not spanning:
                break
            out.append([_Part(top.index, top.info, spanning)])
            rest = [c for c in top.cells if c not in spanning]
            parts = ([_Part(top.index, top.info, rest)] if rest else []) + parts[1:]
            if rest:
                break
        out.append(parts)
    return out


def _spans_cells_below(cell: Segment, cells_beside: int, below: list[_Part]) -> bool:
    """True when a header cell heads several columns of the lines below it: it lies over two
    cells side by side (not over the lines of one wrapped header, which lie one under the
    other); or over the gap between two cells (a short header centred over two columns); or
    over a cell of a line of more cells, set further below it than wrapped lines are, with a
    neighbour of that cell also within its reach (a header over three columns, the middle one
    wider)."""
    def over(b: Segment) -> bool:
        return b.x0 < cell.x1 and cell.x0 < b.x1

    flat = [b for p in below for b in p.cells]
    under = [b for b in flat if over(b)]
    if any(a.x1 <= b.x0 or b.x1 <= a.x0 for a in under for b in under):
        return True
    reach = cell.x1 - cell.x0
    if not under:
        return (any(cell.x0 - 3 * reach <= b.x1 <= cell.x0 for b in flat)
                and any(cell.x1 <= b.x0 <= cell.x1 + 3 * reach for b in flat))
    size = cell.glyphs[0].size
    bottom = max(g.bottom for g in cell.glyphs)
    if min(_top_of(b) for b in under) - bottom <= WRAPPED_GAP * size:
        return False  # set at line spacing: the rest of its own text, wrapped under it
    return any(
        len(p.cells) > cells_beside and any(over(b) for b in p.cells)
        and sum(1 for b in p.cells if cell.x0 - reach < b.x1 and b.x0 < cell.x1 + reach) >= 2
        for p in below
    )


def _top_of(cell: Segment) -> float:
    return min(g.top for g in cell.glyphs)


def _leaf_header(rows: list[list[_Part]]) -> list[_Part] | None:
    """Of the rows above the first figures, the one naming the most columns (the lowest such):
    the row of leaf headers. None when there is no header (a table carried over)."""
    best = None
    for row in rows:
        if any(p.info.amounts for p in row):
            continue  # a row of the body whose amounts are all blank ("-"), or the serial row
        cells = sum(len(p.cells) for p in row)
        if cells >= 2 and (best is None or cells >= best[0]):
            best = (cells, row)
    return best[1] if best else None


def _final_columns(body: list[_Part], leaf_header: list[_Part] | None, rough: _Columns) -> _Columns:
    """Columns from every body cell inside one rough column (or starting a label), widened or
    added to by the lowest header row's cells that name one column (a header spanning several
    columns would join them)."""
    body_cells = [c for p in body if not p.info.serial for c in p.cells
                  if rough.inside_one(c) or rough.starts_label(c)]
    spans = _spans(body_cells)
    header_cells = [c for p in leaf_header or [] for c in p.cells]
    for cell in sorted(header_cells, key=lambda c: c.x0):
        # A cell over two others of its row heads a group of columns, not one column.
        others = sum(1 for o in header_cells if o is not cell and o.x0 < cell.x1 and cell.x0 < o.x1)
        if others < 2:
            _add_header(spans, cell)
    return _Columns(spans)


def _add_header(spans: list[_Span], cell: Segment) -> None:
    """Widen the column a leaf header names, or add the column it alone shows (printed blank).

    Two separate headers of the leaf row never name one column. A header over no figure is
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
        spans.insert(spans.index(over[0]) + 1, _Span(cell.x0, cell.x1, named=(cell.x0, cell.x1)))
        return
    left = spans[at - 1] if at > 0 else None
    right = spans[at] if at < len(spans) else None
    middle = (cell.x0 + cell.x1) / 2
    if right is not None and right.numbers > right.texts and not right.named_apart_from(cell) and \
            2 * middle - right.x1 >= (left.x1 if left else float("-inf")) - ALIGN:
        right.name(cell)
    elif left is not None and left.texts > left.numbers and not left.named_apart_from(cell):
        left.name(cell)
    else:
        spans.insert(at, _Span(cell.x0, cell.x1, named=(cell.x0, cell.x1)))


# --- rows ---------------------------------------------------------------------------------------

def _wrap_limit(infos: list[_Info], first: int, last: int) -> float:
    """Largest vertical gap between two lines of one row. The gaps between a table's lines are
    of two kinds: between rows, and (smaller) between the lines of a wrapped label. The limit
    is the middle of the widest jump between sorted gaps when it clearly splits them in two;
    when all gaps are alike no label is wrapped, and only overlapping lines belong together."""
    gaps = sorted(infos[i + 1].line.top - infos[i].line.bottom for i in range(first, last))
    if len(gaps) < 2:
        return 0.2 * infos[first].line.size
    jump, k = max((gaps[j + 1] - gaps[j], j) for j in range(len(gaps) - 1))
    if jump >= max(1.0, WRAP_JUMP * gaps[-1]):
        return (gaps[k] + gaps[k + 1]) / 2
    return min(0.0, gaps[0] / 2)


def _group_rows(infos: list[_Info], indices: range, close: float) -> list[list[int]]:
    """Line indices grouped into rows (see the module docstring, step 4); lines at most
    ``close`` apart may be the wrapped lines of one row."""
    rows: list[list[int]] = []
    pending: list[list[int]] = []  # label-only lines, in groups of close lines, not yet placed
    for i in indices:
        gap_above = infos[i].line.top - infos[i - 1].line.bottom if i > indices.start else float("inf")
        if infos[i].amounts:
            if pending and pending[-1][-1] == i - 1 and gap_above <= close:
                rows += pending[:-1] + [pending[-1] + [i]]  # a label wrapped above its figures
            else:
                rows += pending + [[i]]
            pending = []
        elif pending and gap_above <= close:
            pending[-1].append(i)
        elif not pending and rows and gap_above <= close and gap_above <= _gap_below(infos, i, indices):
            rows[-1].append(i)  # the rest of a label wrapped below its figures
        else:
            pending.append([i])
    return rows + pending


def _gap_below(infos: list[_Info], i: int, indices: range) -> float:
    if i + 1 >= indices.stop:
        return float("inf")
    return infos[i + 1].line.top - infos[i].line.bottom


def _row_cells(row: list[_Part], columns: _Columns, column_of) -> list[str]:
    """Cell texts of one row; a column's text from several lines is joined with '\n'."""
    ordered = sorted(row, key=lambda p: p.info.line.top)
    per_line = [_line_cells(p.cells, columns, column_of) for p in ordered]
    return ["\n".join(t for t in texts if t) for texts in zip(*per_line)]


def _line_cells(cells: list[Segment], columns: _Columns, column_of) -> list[str]:
    per_column: list[list[Glyph]] = [[] for _ in range(len(columns.separators) + 1)]
    for cell in cells:
        per_column[column_of(cell)].extend(cell.glyphs)
    return [join_glyphs(sorted(g, key=lambda x: x.x0), cjk_gap=NEVER) for g in per_column]
