"""The reading frame of a page: coordinates in which its text runs left to right, top to bottom.

pdfminer already applies a page's /Rotate, so a landscape table printed on a rotated page comes
out upright. What remains is text drawn sideways on an unrotated page (or a page rotated the
"wrong" way for its content): most glyphs are then not upright, and the page is turned by a
quarter so that they are.
"""
from __future__ import annotations

from .pdf_glyphs import Glyph


class Frame:
    """Maps pdfplumber's display coordinates (x right, top down) into the reading frame.

    ``turn`` is 0 (text already upright), +1 (text reads downwards: the page is turned a quarter
    anticlockwise to read it) or -1 (text reads upwards: turned a quarter clockwise).
    """

    def __init__(self, width: float, height: float, turn: int = 0):
        self.turn = turn
        self.display_width = width
        self.display_height = height
        # Size of the page as read.
        self.width, self.height = (width, height) if turn == 0 else (height, width)

    def box(self, x0: float, top: float, x1: float, bottom: float) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) of a display box, in the reading frame."""
        if self.turn == 0:
            return x0, top, x1, bottom
        if self.turn == 1:
            return top, self.display_width - x1, bottom, self.display_width - x0
        return self.display_height - bottom, x0, self.display_height - top, x1

    def point(self, x: float, y: float) -> tuple[float, float]:
        if self.turn == 0:
            return x, y
        if self.turn == 1:
            return y, self.display_width - x
        return self.display_height - y, x


def reading_frame(chars: list[dict], width: float, height: float) -> Frame:
    """The frame in which most of the page's glyphs are upright."""
    sideways = down = 0
    for c in chars:
        if not c.get("upright", True):
            sideways += 1
            matrix = c.get("matrix") or (1, 0, 0, 1, 0, 0)
            # The glyph's x axis points down the page (b < 0 in PDF's y-up space).
            if matrix[1] < 0:
                down += 1
    if sideways * 2 <= len(chars):
        return Frame(width, height)
    return Frame(width, height, 1 if down * 2 >= sideways else -1)


def page_glyphs(chars: list[dict], frame: Frame) -> list[Glyph]:
    """Printed glyphs (whitespace dropped: spaces come back from the gaps between glyphs)."""
    glyphs: list[Glyph] = []
    append = glyphs.append
    box = frame.box
    for c in chars:
        text = c["text"]
        if not text or text.isspace():
            continue
        x0, top, x1, bottom = box(c["x0"], c["top"], c["x1"], c["bottom"])
        # pdfminer's size is the glyph's display height, which for sideways text is its advance.
        size = (c.get("size") if frame.turn == 0 else None) or (bottom - top)
        append(Glyph(text, x0, x1, top, bottom, size))
    return glyphs
