"""A second, independent reading of the prose pages, to catch figures our own reading got wrong.

``read_pdf`` rebuilds text lines from where pdfplumber says each character is. Where a PDF's text
is odd (overlapping text layers, digits drawn out of order or off their line) a figure can come
out wrong, and a wrong figure in the prose becomes a wrong finding. PDFium extracts the page text
its own way (content-stream order, its own line logic), so where the money and percentage figures
of a page's text lines are not all in PDFium's text of that page, the figure is disputed: recognition
then keeps the claim but marks it unreadable instead of checking a number we may have misread.

    >>> second = second_reading("预算公开.pdf", [21])      # doctest: +SKIP
    >>> disputed_numbers(doc.lines, second)               # doctest: +SKIP
    [DisputedNumber(page=21, text='2995.39', unit='万元', context='本年支出合计2995.39万元，比上年…')]
"""
from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..raw import TextLine
from .pdf_margins import is_page_number

# The number and unit patterns of recognise/prose.py (``_NUMBER``; ``_UNIT`` cut to money and
# percentages, the figures the checks compare), copied so that the reader does not depend on
# recognition; tests/test_pdf_reconcile.py keeps the number pattern in step.
NUMBER = re.compile(r"(?<![\d.,A-Za-z])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?!\d|[.,]\d)")
UNIT = re.compile(r"\s*(万元|亿元|元|%|％)")
CONTEXT = 10  # characters of our text kept on each side of a disputed number (its unit among them)
_SPACE = re.compile(r"\s+")
# PDFium is not thread-safe, and the server reads PDFs on worker threads: one reading at a time.
_PDFIUM_LOCK = threading.Lock()


@dataclass(frozen=True)
class DisputedNumber:
    """A figure our text lines of ``page`` show more often than PDFium's text of that page."""

    page: int  # 1-based
    text: str  # the number as we read it, e.g. "2,995.39" (as ``Claim.text`` has it)
    unit: str  # "万元", "亿元", "元" or "%"
    context: str  # about 20 characters of our text around it, for messages and debugging


def reconcile(source: str, lines: list[TextLine]) -> list[DisputedNumber]:
    """The disputed figures of ``lines`` (read from the PDF ``source``); [] when PDFium fails.

    The second reading is only a cross-check: a file pdfplumber could read must still be read when
    PDFium cannot open it (or its binary will not load), so any failure means "no disputes", never
    an error. PDFium is only asked about pages whose lines state a figure.
    """
    pages = pages_with_figures(lines)
    if not pages:
        return []
    try:
        second = second_reading(source, pages)
    except Exception:  # PdfiumError, OSError, a library that will not load: all mean the same here
        return []
    return disputed_numbers(lines, second)


def second_reading(source: str, pages: Iterable[int]) -> dict[int, str]:
    """PDFium's text of each of the 1-based ``pages`` (pages past the end are left out).

    pypdfium2 is imported here, not with the module: reading a PDF whose prose states no figure
    never loads PDFium, and a PDFium that cannot load fails here, inside ``reconcile``'s guard.
    The file is opened by Python and read through a stream, so a path PDFium's own file opening
    might mis-encode (Chinese file names on Windows) reads like any other.
    """
    import pypdfium2

    texts: dict[int, str] = {}
    with _PDFIUM_LOCK, open(source, "rb") as stream, pypdfium2.PdfDocument(stream) as pdf:
        count = len(pdf)
        for number in sorted(set(pages)):
            if 1 <= number <= count:
                texts[number] = _page_text(pdf, number - 1)
    return texts


def _page_text(pdf, index: int) -> str:
    """One page's text; the page and its text page are closed at once, not left to the GC."""
    page = pdf[index]
    try:
        textpage = page.get_textpage()
        try:
            return textpage.get_text_range()
        finally:
            textpage.close()
    finally:
        page.close()


def pages_with_figures(lines: list[TextLine]) -> list[int]:
    """Pages whose text lines state at least one money or percentage figure."""
    return [page for page, text in _our_pages(lines).items() if _figures(text)]


def disputed_numbers(lines: list[TextLine], second: dict[int, str]) -> list[DisputedNumber]:
    """Figures of each page in ``second`` that our lines show more often than PDFium's text.

    Counted as multisets of (number, unit), so a figure printed twice but read once by PDFium is
    disputed too. A page PDFium has no text for at all (an image, or text it cannot map) is left
    out: no second reading is no evidence against ours.
    """
    ours = _our_pages(lines)
    disputed: list[DisputedNumber] = []
    for page in sorted(second):
        theirs = _their_figures(second[page])
        if page not in ours or theirs is None:
            continue
        found = _figures(ours[page])
        excess = Counter(key for key, _ in found) - theirs
        for (number, unit), at in _first_of_each(found).items():
            if excess[(number, unit)] > 0:
                disputed.append(DisputedNumber(page, number, unit, _context(ours[page], at, number)))
    return disputed


def _our_pages(lines: list[TextLine]) -> dict[int, str]:
    """Our text of each page as recognition reads it: the page's lines stripped and joined with ''
    (as ``document.split_sections`` joins a PDF's lines), so a figure wrapped over two lines
    ("8519.82万" / "元") is whole, and a figure's text is what the claim read from it says."""
    pages: dict[int, list[str]] = {}
    for line in lines:
        if line.page is not None:
            pages.setdefault(line.page, []).append(line.text.strip())
    return {page: "".join(texts) for page, texts in pages.items()}


def _their_figures(text: str) -> Counter | None:
    """How often PDFium's page text states each (number, unit); None when it has no text at all.

    Its line breaks need not fall where ours do ("29\\r\\n95.39万元"), so lines are joined; lines
    that are a lone page number are dropped first, as our reader drops them (kept, "31" would join
    the figure opening the next line: "31\\r\\n30.8 万元" -> "3130.8万元"). Its spaces are ambiguous:
    inside a figure they are layout ("2995 .39"), after a comma they part two things ("基本支出,
    59.07%"). So the text is read with spaces removed and with them kept, and a figure counts as
    often as the reading that finds it more often has it.
    """
    joined = "".join(line for line in text.splitlines() if not is_page_number(line))
    if not joined.strip():
        return None
    tight = Counter(key for key, _ in _figures(_SPACE.sub("", joined)))
    spaced = Counter(key for key, _ in _figures(_SPACE.sub(" ", joined)))
    return tight | spaced


def _figures(text: str) -> list[tuple[tuple[str, str], int]]:
    """((number, unit), offset) of each money or percentage figure in ``text``, in text order."""
    found = []
    for m in NUMBER.finditer(text):
        unit = UNIT.match(text, m.end())
        if unit:
            found.append(((m.group(1), unit.group(1).replace("％", "%")), m.start()))
    return found


def _first_of_each(found: list[tuple[tuple[str, str], int]]) -> dict[tuple[str, str], int]:
    """Where each distinct figure first occurs (dicts keep text order)."""
    first: dict[tuple[str, str], int] = {}
    for key, at in found:
        first.setdefault(key, at)
    return first


def _context(text: str, at: int, number: str) -> str:
    return text[max(0, at - CONTEXT):at + len(number) + CONTEXT]
