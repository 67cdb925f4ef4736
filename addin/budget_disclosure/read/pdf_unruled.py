"""Unruled tables: tables printed without lines, found from how their text is aligned.

1. A line is cut into cells at gaps wider than ``CELL_GAP``. A *seed* line has several cells,
   at least one a number, and is mostly white space (prose is dense). A table needs two seeds
   whose numbers share a right edge (amount columns are right-aligned), or one seed that is
   clearly a row of figures, or one whose amounts share right edges with blank marks ("-") of
   other lines (a table of nearly all blank amounts; see ``_is_table``). A row of a code and
   blank marks ("208 - - -") is not a page number ("- 3 -").
2. Rough columns come from the seeds' cells (see ``pdf_columns``). The table takes the lines
   around and between its seeds that *fit* them (every cell inside one column; or a sparse
   line of several cells, such as a header spanning columns; or labels starting where the
   table's labels start), up to a caption ("单位：万元", "注：…"), a prose line or a wide gap.
3. Lines become rows. Each line holding an amount is a row; a line of labels only joins the row
   just above or below when it is clearly closer to it than rows are to each other (a label
   wrapped onto several lines), else it is a row of its own (a row with blank amounts). Header
   lines are grouped the same way, so a header wrapped inside its cell comes out as
   "国有资本经营\n预算"; a header cell set over several others is a header row of its own.
4. The final columns are the body's cells and the lowest header row's cells: a column printed
   blank all the way down is known from its header only.
5. A table with no figures at all ("注：本表无数据") is the header lines under a unit caption.
6. A table running off the bottom of a page hands its columns to the next page, whose first
   rows (printed without a header, so blank columns cannot be seen there) take them; a header
   repeated above them is set as it was on the first page.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from .pdf_columns import ALIGN, AMOUNT, NUMBER, SPANNING, Columns, add_header, spans_of
from .pdf_glyphs import NEVER, Glyph, Line, Segment, join_glyphs, split_segments
from .pdf_margins import is_page_number

CAPTION = re.compile(r"[:：]")  # "单位：万元", "部门名称：…", "注：…" belong to no table
UNIT_CAPTION = re.compile(r"单位[:：]\s*(?:万元|千元|亿元|元)")  # the caption right above a table
CELL_GAP = 0.4  # ems: a gap this wide between glyphs separates two cells (cells are padded)
SPARSE = 0.85  # a seed's glyphs cover less than this share of its extent (prose covers ~all)
PROSE_WIDTH = 0.5  # a dense one-cell line wider than this share of the page's text is prose
BREAK = 2.5  # line heights: a vertical gap this wide ends a table
WRAP_JUMP = 0.3  # wrapped lines are set closer than rows by at least this share of the row gap
WRAPPED_GAP = 0.45  # ems: the lines of a wrapped cell are at most this far apart
SAME_GAP = 0.05  # points: gaps this close are equal (a label wrapped evenly round its figures)
HEADER_LINES = 2  # running header lines above a continued table
FOOTER_LINES = 2  # page footer lines below a table that runs on to the next page


@dataclass
class UnruledTable:
    first: int  # index of its first line in the page's lines
    last: int  # index of its last line (inclusive)
    rows: list[list[str]]
    columns: Columns | None = None
    wrap: float = 0.0  # lines closer than this are the wrapped lines of one row


@dataclass
class Carry:
    """A table running off the bottom of a page: its columns, for rows continued on the next
    page without a header (which alone could not show its blank columns)."""

    columns: Columns
    wrap: float


class LineInfo:
    """What table detection needs to know about one line."""

    __slots__ = ("line", "cells", "numbers", "amounts", "density", "caption", "prose")

    def __init__(self, line: Line, text_width: float):
        self.line = line
        self.cells = split_segments(line, CELL_GAP)
        self.numbers = sum(1 for c in self.cells if NUMBER.match(c.text))  # figures only
        self.amounts = sum(1 for c in self.cells if AMOUNT.match(c.text))  # and blank marks
        ink = sum(g.x1 - g.x0 for g in line.glyphs)
        self.density = ink / max(line.x1 - line.x0, 1.0)
        # Captions end tables; so does a page number ("- 3 -" reads as a row of amounts).
        self.caption = any(CAPTION.search(c.text) for c in self.cells) or _page_number(line, self.cells)
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


def _blank(cell: Segment) -> bool:
    """A mark printed for "nothing" in an amount cell ("-")."""
    return bool(AMOUNT.match(cell.text)) and not NUMBER.match(cell.text)


def _page_number(line: Line, cells: list[Segment]) -> bool:
    """A page number ("- 3 -", "第3页"), not a row of a code or figure and blank amounts
    ("208 - - -"): the dashes round a page number, when set apart as cells, frame it evenly."""
    if not is_page_number(line.text):
        return False
    marks = [_blank(c) for c in cells]
    lead = next((k for k, m in enumerate(marks) if not m), len(marks))
    trail = next((k for k, m in enumerate(reversed(marks)) if not m), len(marks))
    return lead == trail


@dataclass
class _Part:
    """The cells of one line that belong to one row (a header line may be split between two
    header rows: a cell spanning columns above, the leaf headers beside it below)."""

    index: int
    info: LineInfo
    cells: list[Segment]


def _parts(infos: list[LineInfo], groups: list[list[int]]) -> list[list[_Part]]:
    return [[_Part(i, infos[i], infos[i].cells) for i in group] for group in groups]


def find_unruled_tables(lines: list[Line],
                        carried: Carry | None = None) -> tuple[list[UnruledTable], Carry | None]:
    """Tables among a page's lines (those not inside a ruled table), top to bottom, and what
    the last of them carries over to the next page when it runs off the bottom of this one."""
    if not lines:
        return [], None
    text_width = max(line.x1 for line in lines) - min(line.x0 for line in lines)
    infos = [LineInfo(line, text_width) for line in lines]
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


def _continued(infos: list[LineInfo], carried: Carry) -> UnruledTable | None:
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
    # Rows above the first amounts are its header repeated: set as on the page it started (the
    # leaf header row in its columns, the rows above it centred over the columns they head).
    first_amounts = next((k for k, row in enumerate(rows) if any(p.info.amounts for p in row)), 0)
    leaf = _leaf_header(rows[:first_amounts])
    above = next(k for k, row in enumerate(rows) if row is leaf) if leaf else 0
    cells = [_row_cells(row, columns, columns.header_column if k < above else columns.cell_column)
             for k, row in enumerate(rows)]
    return UnruledTable(start, last, cells, columns, carried.wrap)


def _tables_with_figures(infos: list[LineInfo], start: int) -> list[UnruledTable]:
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


def _tables_without_figures(infos: list[LineInfo], taken: set[int]) -> list[UnruledTable]:
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


def _table_of_labels(infos: list[LineInfo], block: range) -> UnruledTable | None:
    """A table of header and label lines only: its columns are its leaf header's cells."""
    wrap = 0.2 * infos[block.start].line.size
    rows = _peel_spanning(_parts(infos, _group_rows(infos, block, wrap)))
    leaf = _leaf_header(rows)
    if leaf is None:
        return None
    columns = Columns(spans_of([c for part in leaf for c in part.cells]))
    split = rows.index(leaf) + 1
    cells = [_row_cells(row, columns, columns.cell_column if row is leaf else columns.header_column)
             for row in rows[:split]]
    cells += [_row_cells(row, columns, columns.cell_column) for row in rows[split:]]
    return UnruledTable(block.start, block.stop - 1, cells)


def _table_from(infos: list[LineInfo], first_seed: int, floor: int) -> UnruledTable | None:
    """The table whose first seed is ``first_seed`` (its header reaching up to line ``floor`` at
    most), or None when that seed starts no table."""
    last_seed = _last_seed(infos, first_seed)
    seeds = [i for i in range(first_seed, last_seed + 1) if infos[i].seed]
    rough = Columns(spans_of([c for i in seeds for c in infos[i].cells]))
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


def _last_seed(infos: list[LineInfo], first_seed: int) -> int:
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


def _is_table(infos: list[LineInfo], seeds: list[int], top: int, last: int) -> bool:
    """Two seeds with aligned numbers make a table. One seed does when it is clearly a row of
    figures (three separate numbers), or when two of its amounts line up with amounts or blank
    marks of other lines, or when it holds two numbers and other lines line up with it: a header
    above, or rows whose label starts where its label starts (a table's last rows carried over)."""
    if len(seeds) >= 2 and _numbers_aligned([infos[i] for i in seeds]):
        return True
    if len(seeds) != 1:
        return False
    seed = infos[seeds[0]]
    if seed.numbers >= 3 and seed.density < SPANNING:
        return True
    if _amounts_confirmed(seed, [infos[i] for i in range(top, last + 1) if i != seeds[0]]) >= 2:
        return True
    if seed.numbers < 2:
        return False
    has_header = any(len(infos[i].cells) >= 2 for i in range(top, seeds[0]))
    label_x = seed.cells[0].x0
    aligned_rows = any(abs(infos[i].cells[0].x0 - label_x) <= ALIGN
                       for i in range(top, last + 1) if i != seeds[0])
    return has_header or aligned_rows


def _amounts_confirmed(seed: LineInfo, others: list[LineInfo]) -> int:
    """How many of the seed's amount cells (figures or blank marks) end where an amount cell of
    another line of the table ends: a blank mark ("-") is set right-aligned in its amount column
    just as a figure is, so a table whose amounts are nearly all blank still shows its columns'
    right edges. Edges are looked up by binary search (linear in the table's cells)."""
    edges = sorted(c.x1 for info in others if not info.caption for c in info.cells
                   if AMOUNT.match(c.text))
    confirmed = 0
    for cell in seed.cells:
        if AMOUNT.match(cell.text):
            k = bisect_left(edges, cell.x1 - ALIGN)
            confirmed += k < len(edges) and edges[k] <= cell.x1 + ALIGN
    return confirmed


def _numbers_aligned(seeds: list[LineInfo]) -> bool:
    """True when numbers on two different seed lines end at the same x (a right-aligned column)."""
    edges = sorted((c.x1, k) for k, info in enumerate(seeds) for c in info.cells if NUMBER.match(c.text))
    for j, (x, line) in enumerate(edges):
        for x_other, other in edges[j + 1:]:
            if x_other - x > ALIGN:
                break
            if other != line:
                return True
    return False


def _extend(infos: list[LineInfo], start: int, step: int, fits, floor: int = 0) -> int:
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


def _final_columns(body: list[_Part], leaf_header: list[_Part] | None, rough: Columns) -> Columns:
    """Columns from every body cell inside one rough column (or starting a label), widened or
    added to by the lowest header row's cells that name one column (a header spanning several
    columns would join them)."""
    body_cells = [c for p in body if not p.info.serial for c in p.cells
                  if rough.inside_one(c) or rough.starts_label(c)]
    spans = spans_of(body_cells)
    header_cells = [c for p in leaf_header or [] for c in p.cells]
    for cell in sorted(header_cells, key=lambda c: c.x0):
        # A cell over two others of its row set side by side heads a group of columns, not one
        # column (the lines of one wrapped header, set one under another, overlap each other).
        under = [o for o in header_cells if o is not cell and o.x0 < cell.x1 and cell.x0 < o.x1]
        if len(under) < 2 or min(o.x1 for o in under) > max(o.x0 for o in under):
            add_header(spans, cell, header_cells)
    return Columns(spans)


# --- rows ---------------------------------------------------------------------------------------

def _wrap_limit(infos: list[LineInfo], first: int, last: int) -> float:
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


def _group_rows(infos: list[LineInfo], indices: range, close: float) -> list[list[int]]:
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
        elif (not pending and rows and gap_above <= close
              and gap_above <= _gap_below(infos, i, indices) + SAME_GAP):
            rows[-1].append(i)  # the rest of a label wrapped below its figures
        else:
            pending.append([i])
    return rows + pending


def _gap_below(infos: list[LineInfo], i: int, indices: range) -> float:
    if i + 1 >= indices.stop:
        return float("inf")
    return infos[i + 1].line.top - infos[i].line.bottom


def _row_cells(row: list[_Part], columns: Columns, column_of) -> list[str]:
    """Cell texts of one row; a column's text from several lines is joined with '\n'."""
    ordered = sorted(row, key=lambda p: p.info.line.top)
    per_line = [_line_cells(p.cells, columns, column_of) for p in ordered]
    return ["\n".join(t for t in texts if t) for texts in zip(*per_line)]


def _line_cells(cells: list[Segment], columns: Columns, column_of) -> list[str]:
    per_column: list[list[Glyph]] = [[] for _ in range(len(columns.separators) + 1)]
    for cell in cells:
        per_column[column_of(cell)].extend(cell.glyphs)
    return [join_glyphs(sorted(g, key=lambda x: x.x0), cjk_gap=NEVER) for g in per_column]
