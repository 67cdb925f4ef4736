"""Glyphs of one PDF page: deduplication, grouping into lines, and joining into text.

Coordinates are in points with ``top`` growing downwards (pdfplumber's convention), already turned
into the page's reading frame (see ``pdf_frame``).
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

# Two copies of a glyph closer than this are one glyph drawn twice (fake bold: "合计合计").
DEDUPE_TOLERANCE = 1.0
# A glyph joins a line when it shares at least this fraction of the smaller height with the line.
# Overlap (not equal baselines) keeps digits that a font prints lower or higher on their line.
LINE_OVERLAP = 0.5


class Glyph:
    """One printed character and its box."""

    __slots__ = ("text", "x0", "x1", "top", "bottom", "size")

    def __init__(self, text: str, x0: float, x1: float, top: float, bottom: float, size: float):
        self.text = text
        self.x0 = x0
        self.x1 = x1
        self.top = top
        self.bottom = bottom
        self.size = size

    def __repr__(self) -> str:  # for test failure messages
        return f"Glyph({self.text!r} {self.x0:.1f},{self.top:.1f})"


class Line:
    """Glyphs printed on one line, left to right."""

    __slots__ = ("glyphs", "top", "bottom", "x0", "x1", "size")

    def __init__(self, glyphs: list[Glyph]):
        glyphs.sort(key=_x0)
        self.glyphs = glyphs
        first = glyphs[0]
        top, bottom, x1 = first.top, first.bottom, first.x1
        for g in glyphs:
            if g.top < top:
                top = g.top
            if g.bottom > bottom:
                bottom = g.bottom
            if g.x1 > x1:
                x1 = g.x1
        self.top, self.bottom, self.x0, self.x1 = top, bottom, first.x0, x1
        sizes = sorted(g.size for g in glyphs)
        self.size = sizes[len(sizes) // 2]

    @property
    def text(self) -> str:
        return join_glyphs(self.glyphs, cjk_gap=CJK_FIELD_GAP)


def _x0(g: Glyph) -> float:
    return g.x0


def _top(g: Glyph) -> float:
    return g.top


def dedupe(glyphs: list[Glyph], tolerance: float = DEDUPE_TOLERANCE) -> list[Glyph]:
    """Drop glyphs that repeat an earlier glyph's text within ``tolerance`` points.

    Linear: glyphs are bucketed by text and position on a grid of cells twice the tolerance
    wide, so a twin can only be in the glyph's own cell or the three cells next to the corner
    of the cell it is nearest to.
    """
    cell = 2 * tolerance
    buckets: dict[tuple[str, int, int], list[Glyph]] = {}
    kept: list[Glyph] = []
    get = buckets.get
    for g in glyphs:
        text, x0, top = g.text, g.x0, g.top
        fx, fy = x0 / cell, top / cell
        bx, by = int(fx // 1), int(fy // 1)
        nx = bx + (1 if fx - bx >= 0.5 else -1)
        ny = by + (1 if fy - by >= 0.5 else -1)
        for key in ((text, bx, by), (text, nx, by), (text, bx, ny), (text, nx, ny)):
            twins = get(key)
            if twins and any(abs(o.x0 - x0) <= tolerance and abs(o.top - top) <= tolerance for o in twins):
                break
        else:
            buckets.setdefault((text, bx, by), []).append(g)
            kept.append(g)
    return kept


def group_lines(glyphs: list[Glyph]) -> list[Line]:
    """Glyphs grouped into lines, top to bottom.

    A sweep over glyphs sorted by top: a glyph joins the current line when its vertical extent
    overlaps the line's first glyph enough; a line's first glyph (not its growing extent) is the
    reference so that tightly spaced lines never chain together.
    """
    lines: list[Line] = []
    current: list[Glyph] = []
    ref_top = ref_bottom = ref_height = 0.0
    for g in sorted(glyphs, key=_top):
        if current:
            # (inlined _overlaps: this runs once per glyph)
            height = g.bottom - g.top
            smaller = height if height < ref_height else ref_height
            overlap = ((g.bottom if g.bottom < ref_bottom else ref_bottom)
                       - (g.top if g.top > ref_top else ref_top))
            if (overlap >= LINE_OVERLAP * smaller) if smaller > 0 else abs(g.top - ref_top) < 1.0:
                current.append(g)
                continue
            lines.append(Line(current))
        current, ref_top, ref_bottom, ref_height = [g], g.top, g.bottom, g.bottom - g.top
    if current:
        lines.append(Line(current))
    return lines


# --- joining glyphs into text -----------------------------------------------------------------

# Gaps are measured in font sizes (ems). Between Latin letters/digits a gap wider than a thin space
# is a word break; next to a CJK character only a gap of a full em or more is visible as a space
# (justified Chinese text puts smaller gaps around digits: "2026 年" is printed as "2026年").
LATIN_WORD_GAP = 0.2
CJK_LATIN_GAP = 1.0
# Between two CJK characters: in running text only a gap of several ems separates two fields
# ("单位名称：…          单位：万元"); letter-spaced headings ("目  录") stay joined.
CJK_FIELD_GAP = 2.5
NEVER = float("inf")  # inside a table cell, CJK characters are never separated


@lru_cache(maxsize=4096)
def is_wide(ch: str) -> bool:
    """True for CJK ideographs, kana, hangul and full-width punctuation."""
    return bool(ch) and unicodedata.east_asian_width(ch[0]) in ("W", "F")


def join_glyphs(glyphs: list[Glyph], cjk_gap: float) -> str:
    """Text of glyphs already sorted left to right, with a space only where a gap is visible."""
    if not glyphs:
        return ""
    parts = [glyphs[0].text]
    prev = glyphs[0]
    for g in glyphs[1:]:
        gap = g.x0 - prev.x1
        if gap > 0 and gap > _space_threshold(prev, g, cjk_gap):
            parts.append(" ")
        parts.append(g.text)
        prev = g
    return "".join(parts)


def _space_threshold(left: Glyph, right: Glyph, cjk_gap: float) -> float:
    size = max(left.size, right.size, 1.0)
    wide_left, wide_right = is_wide(left.text), is_wide(right.text)
    if wide_left and wide_right:
        return cjk_gap * size
    if wide_left or wide_right:
        return CJK_LATIN_GAP * size
    return LATIN_WORD_GAP * size


def cell_text(lines: list[Line]) -> str:
    """Text of a table cell from its lines (group_lines): joined with '\\n', CJK characters never
    spaced apart."""
    return "\n".join(join_glyphs(line.glyphs, cjk_gap=NEVER) for line in lines)


class Segment:
    """A run of glyphs on one line with no wide gap inside: one cell of an unruled table."""

    __slots__ = ("glyphs", "x0", "x1", "text")

    def __init__(self, glyphs: list[Glyph]):
        self.glyphs = glyphs
        self.x0 = glyphs[0].x0
        self.x1 = max(g.x1 for g in glyphs)
        self.text = join_glyphs(glyphs, cjk_gap=NEVER)


def split_segments(line: Line, gap_ems: float) -> list[Segment]:
    """The line cut wherever two neighbouring glyphs are more than ``gap_ems`` apart."""
    limit = gap_ems * line.size
    segments: list[Segment] = []
    run = [line.glyphs[0]]
    right = run[0].x1
    for g in line.glyphs[1:]:
        if g.x0 - right > limit:
            segments.append(Segment(run))
            run = []
        run.append(g)
        right = max(right, g.x1)
    segments.append(Segment(run))
    return segments
