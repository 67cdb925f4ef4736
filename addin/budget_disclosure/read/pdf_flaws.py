"""What a reader sees wrong on the printed page, whatever its text says: a page with nothing on it,
or text cut off by the edge of the box it is printed in.

Reviewers flag both ("目录后有一页多余的空表页", "部分文字未正常显示"). Neither is in the text a PDF
library extracts: a text box that overflows is clipped, yet every character of it is still in the
file, so the extracted text reads whole. The clip is what PDFium keeps per page object, so text cut
by its clip is found there.

    >>> blank_page(page.objects, 3)                  # doctest: +SKIP
    PageFlaw(kind='blank', page=3, text='')
    >>> scan_clips("预算公开.pdf").cuts[4]           # doctest: +SKIP
    [PageFlaw(kind='clipped', page=4, text='（八）负责本系统警车管理工作。…', before='…')]
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field

from ..raw import PageFlaw
from .pdf_reconcile import _PDFIUM_LOCK

# A glyph is cut when less than this share of its box (height or width) is inside its clip, and
# some of it is: the reader sees part of a character. A glyph wholly outside is not shown at all;
# that is how a text box split over two pages prints each part, and no flaw by itself.
CUT_VISIBLE = 0.8
# Glyphs of one cut line share their baseline within this many points; the line before it is at
# most LINE_ABOVE points higher; CONTEXT characters of it are kept.
LINE_TOLERANCE = 2.0
LINE_ABOVE = 40.0
CONTEXT = 20


def blank_page(objects: dict[str, list[dict]], number: int) -> PageFlaw | None:
    """A page with no text and no image: "blank" when nothing visible is drawn on it either (034's
    page of white cells after the contents), "empty-grid" when only lines or boxes are (a table's
    last border run onto a page of its own)."""
    if any(c.get("text", "").strip() for c in objects.get("char", ())) or objects.get("image"):
        return None
    drawn = any(_visible(o) for kind in ("line", "rect", "curve") for o in objects.get(kind, ()))
    return PageFlaw("empty-grid" if drawn else "blank", number)


def _visible(o: dict) -> bool:
    """Is a drawn object seen on white paper: stroked, or filled with a colour other than white?"""
    if o.get("object_type") == "line" or o.get("stroke"):
        return True
    return bool(o.get("fill")) and not _white(o.get("non_stroking_color"))


def _white(colour) -> bool:
    if colour is None:
        return False
    values = tuple(colour) if isinstance(colour, (list, tuple)) else (colour,)
    if len(values) == 4:  # CMYK: white is no ink
        return all(v == 0 for v in values)
    return bool(values) and all(v == 1 for v in values)


@dataclass
class ClipScan:
    """What one PDFium pass over a PDF's pages finds of text and its clips, by page (1-based)."""

    # (x0, top, x1, bottom, text) of each text object drawn wholly outside its clip, in pdfplumber's
    # display coordinates (the page's /Rotate applied, y down from the top). Such text is in the file
    # but nowhere on the printed page: the overflow of a text box that continues on the next page is
    # drawn again, invisibly, on this one (042 p7: items 9–11 of its 编制说明 under the page's clip,
    # then printed on p8). Read, it would state every figure twice.
    hidden: dict[int, list[tuple[float, float, float, float, str]]] = field(default_factory=dict)
    # The text lines printed cut by their clip, one PageFlaw per line with the cut glyphs' text.
    cuts: dict[int, list[PageFlaw]] = field(default_factory=dict)


def scan_clips(source: str) -> ClipScan:
    """Every page's text drawn outside or cut by its clip, in one pass; empty when PDFium fails (a
    cross-check, as in pdf_reconcile: the read stands as pdfplumber sees it)."""
    try:
        import pypdfium2
        import pypdfium2.raw as R

        scan = ClipScan()
        with _PDFIUM_LOCK, open(source, "rb") as stream, pypdfium2.PdfDocument(stream) as pdf:
            for index in range(len(pdf)):
                page = pdf[index]
                try:
                    hidden, cuts = _page_clips(R, page, index + 1)
                finally:
                    page.close()
                if hidden:
                    scan.hidden[index + 1] = hidden
                if cuts:
                    scan.cuts[index + 1] = cuts
        return scan
    except Exception:  # PdfiumError, OSError, a library that will not load: no second look
        return ClipScan()


def _page_clips(R, page, number: int) -> tuple[list[tuple], list[PageFlaw]]:
    """The hidden text objects (display boxes and text) and the cut lines of one page."""
    objects = list(_text_objects(R, page))
    if all(seen == "shown" for _, _, seen in objects):
        return [], []  # most pages: no text object of them is clipped, no text of them is read
    textpage = page.get_textpage()
    try:
        hidden = [(*_display_box(R, page, bounds), _object_text(R, obj, textpage.raw))
                  for obj, bounds, seen in objects if seen == "hidden"]
        cuts = _cut_lines(R, objects, textpage, number) if any(seen == "cut" for _, _, seen in objects) else []
        return hidden, cuts
    finally:
        textpage.close()


def _cut_lines(R, objects: list[tuple], textpage, number: int) -> list[PageFlaw]:
    cut: list[tuple[float, float, float, str]] = []  # (bottom, left, right, text) of each cut text object
    hidden: list[tuple[float, float, float, str]] = []  # and of each one wholly outside its clip
    shown: list[tuple[float, float, float, object]] = []  # (bottom, left, right, object) of the others
    for obj, (left, bottom, right, _top), seen in objects:
        if seen == "shown":
            shown.append((bottom, left, right, obj))
            continue
        text = _object_text(R, obj, textpage.raw).strip()
        if text:
            (hidden if seen == "hidden" else cut).append((bottom, left, right, text))
    flaws = []
    for bottom, x0, x1, text in _lines(cut, hidden):
        # The shown line just above, in the same column, for the reader to find the place
        # ("…主要原因是：养老保" + "险支出增加。").
        above = [a for a in shown if bottom + LINE_TOLERANCE < a[0] <= bottom + LINE_ABOVE]
        column = [a for a in above if a[1] < x1 and a[2] > x0]
        lowest = min((a[0] for a in column), default=None)
        line = sorted((a for a in above if lowest is not None and abs(a[0] - lowest) <= LINE_TOLERANCE),
                      key=lambda a: a[1])
        before = "".join(_object_text(R, a[3], textpage.raw) for a in line).strip()
        flaws.append(PageFlaw("clipped", number, text, before[-CONTEXT:]))
    return flaws


def _text_objects(R, page):
    """(object, its bounds (left, bottom, right, top) in PDF space, "shown" | "cut" | "hidden") for
    each text object of the page with a visible size: "cut" when its clip shows part of it,
    "hidden" when it is wholly outside its clip."""
    boxes: dict[tuple, tuple | None] = {}  # clip boxes of this page, by the paths' data
    L, B, Rt, T = (ctypes.c_float() for _ in range(4))
    for i in range(R.FPDFPage_CountObjects(page.raw)):
        obj = R.FPDFPage_GetObject(page.raw, i)
        if R.FPDFPageObj_GetType(obj) != R.FPDF_PAGEOBJ_TEXT:
            continue
        if not R.FPDFPageObj_GetBounds(obj, L, B, Rt, T):
            continue
        left, bottom, right, top = L.value, B.value, Rt.value, T.value
        if right - left < 0.5 or top - bottom < 0.5:
            continue
        clip = R.FPDFPageObj_GetClipPath(obj)
        box = _clip_box(R, clip, boxes) if clip else None
        if box is None:
            yield obj, (left, bottom, right, top), "shown"
            continue
        high = min(top, box[3]) - max(bottom, box[1])
        wide = min(right, box[2]) - max(left, box[0])
        if high <= 0 or wide <= 0:
            seen = "hidden"
        elif high < CUT_VISIBLE * (top - bottom) or wide < CUT_VISIBLE * (right - left):
            seen = "cut"
        else:
            seen = "shown"
        yield obj, (left, bottom, right, top), seen


DEVICE_SCALE = 20  # FPDF_PageToDevice works in whole device units: 1/20 pt is precise enough


def _display_box(R, page, bounds) -> tuple[float, float, float, float]:
    """(x0, top, x1, bottom) in points from the displayed page's top left, for PDF-space bounds."""
    width, height = page.get_size()  # of the page as displayed (rotation applied)
    dx, dy = ctypes.c_int(), ctypes.c_int()
    xs, ys = [], []
    for x, y in ((bounds[0], bounds[1]), (bounds[2], bounds[3])):
        # rotate 0: PDFium adds the page's own /Rotate (the display pdfplumber reads in).
        R.FPDF_PageToDevice(page.raw, 0, 0, round(width * DEVICE_SCALE), round(height * DEVICE_SCALE), 0, x, y, dx, dy)
        xs.append(dx.value / DEVICE_SCALE)
        ys.append(dy.value / DEVICE_SCALE)
    return min(xs), min(ys), max(xs), max(ys)


def _clip_box(R, clip, boxes: dict) -> tuple | None:
    """The bounding box of a clip (the intersection of its paths' boxes: a rectangle clip exactly,
    any other shape at most). Objects drawn under one clip share its paths' data, so the box is
    computed once per clip of the page, keyed by where that data is (valid while the page is open)."""
    n = R.FPDFClipPath_CountPaths(clip)
    key = tuple(ctypes.cast(R.FPDFClipPath_GetPathSegment(clip, k, 0), ctypes.c_void_p).value for k in range(n))
    if key in boxes:
        return boxes[key]
    x, y = ctypes.c_float(), ctypes.c_float()
    box = None
    for k in range(n):
        xs, ys = [], []
        for j in range(R.FPDFClipPath_CountPathSegments(clip, k)):
            R.FPDFPathSegment_GetPoint(R.FPDFClipPath_GetPathSegment(clip, k, j), ctypes.byref(x), ctypes.byref(y))
            xs.append(x.value)
            ys.append(y.value)
        if xs:
            b = (min(xs), min(ys), max(xs), max(ys))
            box = b if box is None else (max(box[0], b[0]), max(box[1], b[1]), min(box[2], b[2]), min(box[3], b[3]))
    boxes[key] = box
    return box


def _object_text(R, obj, textpage) -> str:
    size = R.FPDFTextObj_GetText(obj, textpage, None, 0)  # bytes, UTF-16LE with its terminator
    if size <= 2:
        return ""
    buffer = (ctypes.c_ushort * (size // 2))()
    R.FPDFTextObj_GetText(obj, textpage, buffer, size)
    return bytes(buffer).decode("utf-16-le", "ignore").rstrip("\x00")


def _lines(cut: list[tuple], hidden: list[tuple]) -> list[tuple[float, float, float, str]]:
    """(bottom, left, right, text) of each line holding a cut object (PDF y grows upwards: top line
    first), with the objects of that line that are wholly hidden: a small mark ("。", "，") sits low
    in its line and may be cut away whole while the characters beside it are cut through."""
    lines: list[list[tuple]] = []
    for item in sorted(cut, key=lambda c: -c[0]):
        if lines and abs(lines[-1][0][0] - item[0]) <= LINE_TOLERANCE:
            lines[-1].append(item)
        else:
            lines.append([item])
    for item in hidden:
        line = next((line for line in lines if abs(line[0][0] - item[0]) <= LINE_TOLERANCE), None)
        if line is not None:
            line.append(item)
    return [(line[0][0], min(c[1] for c in line), max(c[2] for c in line),
             "".join(c[3] for c in sorted(line, key=lambda c: c[1]))) for line in lines]
