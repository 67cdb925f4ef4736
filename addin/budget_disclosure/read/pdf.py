"""Reading a PDF disclosure into the raw form: ruled and unruled tables and text lines per page.

The file is opened once and each page parsed once (pdfplumber's cached ``page.objects``); every
later step works on those objects with sorting and binary search, then the page's caches are
flushed so memory stays flat on long documents.

    >>> doc = read_pdf("预算公开.pdf")          # doctest: +SKIP
    >>> doc.tables[0].rows[0]                   # doctest: +SKIP
    ['项目', '', '2026年预算数', ...]
"""
from __future__ import annotations

import os

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from ..errors import BrokenFile, EmptyFile, EncryptedPdf, FileMissing, ScannedPdf
from ..raw import PageFlaw, RawDocument, RawTable, TextLine
from .pdf_flaws import blank_page, scan_clips
from .pdf_frame import Frame, page_glyphs, reading_frame
from .pdf_glyphs import Glyph, Line, dedupe, group_lines
from .pdf_margins import Placed, drop_running_lines
from .pdf_reconcile import reconcile
from .pdf_ruled import Grid, find_grids
from .pdf_unruled import Carry, find_unruled_tables

HEAD_BYTES = 1024  # the "%PDF-" header must be within the first KB ...
TAIL_BYTES = 2048  # ... and "%%EOF" within the last KB or two, else the file is cut short


def read_pdf(path: str | os.PathLike) -> RawDocument:
    """Blocks (text lines and tables) of a PDF in reading order, and in ``disputed`` the figures
    of the text lines that a second reading of their pages (PDFium's) does not confirm.

    Raises FileMissing, EmptyFile, BrokenFile, EncryptedPdf or ScannedPdf (from ``errors``), each
    naming ``path`` as given; never a pdfminer or pdfplumber exception.
    """
    source = os.fsdecode(path)
    _check_file(source)
    pdf = _open(source)
    # PDFium's look at every page's clips: text drawn outside them is not read; text cut by them is a flaw.
    clips = scan_clips(source)
    try:
        pages, n_glyphs, flaws = _read_pages(pdf, source, clips.hidden)
    finally:
        pdf.close()
    if not pages:
        raise BrokenFile(source, "文件中没有页面")
    if n_glyphs == 0:
        raise ScannedPdf(source, f"共 {len(pages)} 页，均无可提取的文字")
    doc = RawDocument(source=source, format="pdf", blocks=drop_running_lines(pages),
                      page_count=len(pages))
    # A second reading (PDFium) of the pages whose lines state figures; where it disagrees the
    # figure is disputed. reconcile never raises: if PDFium fails on a file pdfplumber could read,
    # the read stands, with no disputes.
    doc.disputed = reconcile(source, doc.lines)
    # Text cut by its box's edge, reported on the pages of running text.
    flaws += [f for page in sorted({line.page for line in doc.lines if line.page is not None})
              for f in clips.cuts.get(page, ())]
    doc.page_flaws = sorted(flaws, key=lambda f: f.page)
    return doc


# --- the file -----------------------------------------------------------------------------------

def _check_file(source: str) -> None:
    """Fail early, with the right error, on a file that is missing, empty, not a PDF or cut short."""
    if not os.path.exists(source):
        raise FileMissing(source)
    if os.path.isdir(source):
        raise FileMissing(source, "这是一个文件夹")
    try:
        size = os.path.getsize(source)
        with open(source, "rb") as f:
            head = f.read(HEAD_BYTES)
            f.seek(max(0, size - TAIL_BYTES))
            tail = f.read()
    except OSError as exc:
        raise FileMissing(source, exc.strerror or str(exc)) from None
    if size == 0:
        raise EmptyFile(source)
    if b"%PDF-" not in head:
        raise BrokenFile(source, "不是 PDF 文件")
    if b"%%EOF" not in tail:
        raise BrokenFile(source, "文件不完整，可能下载或复制时被截断")


def _open(source: str) -> pdfplumber.PDF:
    try:
        return pdfplumber.open(source)
    except Exception as exc:  # pdfminer raises many unrelated types on damaged files
        raise _open_error(source, exc) from None


def _open_error(source: str, exc: BaseException) -> BrokenFile | EncryptedPdf:
    """The user-facing error for an exception raised while opening or parsing a PDF."""
    if any(isinstance(e, (PDFPasswordIncorrect, PDFEncryptionError)) for e in _chain(exc)):
        return EncryptedPdf(source)
    return BrokenFile(source, _describe(exc))


def _chain(exc: BaseException | None):
    """The exception and those it wraps (pdfplumber wraps pdfminer's in its own)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
        exc = exc.__cause__ or exc.__context__ or inner


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}"[:200] if text else type(exc).__name__


# --- pages --------------------------------------------------------------------------------------

def _read_pages(pdf: pdfplumber.PDF, source: str,
                hidden: dict[int, list[tuple]]) -> tuple[list[list[Placed]], int, list[PageFlaw]]:
    try:
        page_list = pdf.pages
    except Exception as exc:
        raise _open_error(source, exc) from None
    pages: list[list[Placed]] = []
    n_glyphs = 0
    flaws: list[PageFlaw] = []  # blank pages
    carry: Carry | None = None  # an unruled table running on from the previous page
    for number, page in enumerate(page_list, start=1):
        try:
            objects = page.objects
            bbox = tuple(float(v) for v in page.bbox)
        except Exception as exc:
            error = _open_error(source, exc)
            error.page = number
            raise error from None
        chars = unseen_dropped(objects.get("char", []), hidden.get(number, ()))
        placed, count, carry = _read_page({**objects, "char": chars}, bbox, number, carry)
        if (flaw := blank_page(objects, number)) is not None:
            flaws.append(flaw)
        pages.append(placed)
        n_glyphs += count
        page.close()  # drop the page's parsed objects: memory stays flat
    return pages, n_glyphs, flaws


def _read_page(objects: dict[str, list[dict]], bbox: tuple[float, ...], number: int,
               carried: Carry | None) -> tuple[list[Placed], int, Carry | None]:
    """The page's blocks in reading order, how many glyphs it has, and what an unruled table
    running off its bottom carries over to the next page."""
    chars = objects.get("char", [])
    frame = reading_frame(chars, bbox)
    glyphs = dedupe(page_glyphs(chars, frame))
    grids = find_grids(objects, frame)
    lines = group_lines(_fill_grids(grids, glyphs))
    placed = [p for grid in grids if (p := _ruled(grid, number, frame)) is not None]
    loose, carry = _lines_and_unruled(lines, number, frame, carried if not grids else None)
    placed += loose
    placed.sort(key=lambda p: p.top)
    return placed, len(glyphs), carry


def unseen_dropped(chars: list[dict], hidden: list[tuple]) -> list[dict]:
    """The characters of a page without those drawn wholly outside their clip: a character is
    unseen when one of ``hidden`` (x0, top, x1, bottom, text), the text objects PDFium finds outside
    their clip, holds its letter and lies on it."""
    if not hidden:
        return chars
    by_letter: dict[str, list[tuple]] = {}  # a page may hide hundreds of objects: look up by letter
    for h in hidden:
        for letter in set(h[4]):
            by_letter.setdefault(letter, []).append(h)
    return [c for c in chars if not any(_lies_on(c, h) for h in by_letter.get(c.get("text", ""), ()))]


def _lies_on(c: dict, h: tuple) -> bool:
    """Is character ``c`` (its box) one that text object ``h`` (its ink box) draws? It holds the
    letter, the ink is mostly inside the character's line, and across it the two overlap by a
    quarter of the character (a glyph's ink need not fill its box: "。" is inked at its left) or
    by half the ink (a single narrow glyph, "."). """
    text = c.get("text", "")
    if not text or text not in h[4] or not _mostly(c["top"], c["bottom"], h[1], h[3]):
        return False
    overlap = min(c["x1"], h[2]) - max(c["x0"], h[0])
    return overlap > 0 and overlap >= min(0.25 * (c["x1"] - c["x0"]), 0.5 * (h[2] - h[0]))


def _mostly(lo: float, hi: float, ink_lo: float, ink_hi: float) -> bool:
    """Is at least half of the ink interval inside the interval (lo, hi)?"""
    return min(hi, ink_hi) - max(lo, ink_lo) >= 0.5 * (ink_hi - ink_lo)


def _fill_grids(grids: list[Grid], glyphs: list[Glyph]) -> list[Glyph]:
    """Put each glyph whose centre lies in a ruled table into its cell; return the others."""
    if not grids:
        return glyphs
    loose = []
    for g in glyphs:
        x, y = (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2
        for grid in grids:
            if grid.contains(x, y):
                grid.add(g, x, y)
                break
        else:
            loose.append(g)
    return loose


def _ruled(grid: Grid, number: int, frame: Frame) -> Placed | None:
    rows = grid.rows()
    if not rows:  # lines drawn with nothing in them (a form's empty frame)
        return None
    table = RawTable(rows=rows, row_pages=[number] * len(rows), ruled=True, edges=list(grid.xs))
    return Placed(table, number, grid.top, grid.bottom, frame.height)


def _lines_and_unruled(lines: list[Line], number: int, frame: Frame,
                       carried: Carry | None) -> tuple[list[Placed], Carry | None]:
    placed = []
    consumed: set[int] = set()
    tables, carry = find_unruled_tables(lines, carried)
    for t in tables:
        table = RawTable(rows=t.rows, row_pages=[number] * len(t.rows), ruled=False)
        placed.append(Placed(table, number, lines[t.first].top, lines[t.last].bottom, frame.height))
        consumed.update(range(t.first, t.last + 1))
    for i, line in enumerate(lines):
        if i not in consumed:
            placed.append(Placed(TextLine(line.text, number), number, line.top, line.bottom, frame.height))
    return placed, carry
