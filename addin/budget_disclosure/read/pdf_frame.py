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

    def __init__(self, bbox: tuple[float, float, float, float], turn: int = 0):
        self.turn = turn
        self.left, self.upper = bbox[0], bbox[1]
        self.display_width = bbox[2] - bbox[0]
        self.display_height = bbox[3] - bbox[1]
        # Size of the page as read.
        if turn == 0:
            self.width, self.height = self.display_width, self.display_height
        else:
            self.width, self.height = self.display_height, self.display_width

    def box(self, x0: float, top: float, x1: float, bottom: float) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) of a display box, in the reading frame."""
        x0, x1, top, bottom = x0 - self.left, x1 - self.left, top - self.upper, bottom - self.upper
        if self.turn == 0:
            return x0, top, x1, bottom
        if self.turn == 1:
            return top, self.display_width - x1, bottom, self.display_width - x0
        return self.display_height - bottom, x0, self.display_height - top, x1

    def point(self, x: float, y: float) -> tuple[float, float]:
        x, y = x - self.left, y - self.upper
        if self.turn == 0:
            return x, y
        if self.turn == 1:
            return y, self.display_width - x
        return self.display_height - y, x

    def shows(self, x: float, y: float) -> bool:
        """True when a point (in the reading frame) is on the page, not in clipped-off content."""
        return -1.0 <= x <= self.width + 1.0 and -1.0 <= y <= self.height + 1.0


def reading_frame(chars: list[dict], bbox: tuple[float, float, float, float]) -> Frame:
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
        return Frame(bbox)
    return Frame(bbox, 1 if down * 2 >= sideways else -1)


def page_glyphs(chars: list[dict], frame: Frame) -> list[Glyph]:
    """Glyphs printed on the page (whitespace dropped: spaces come back from the gaps between
    glyphs; text placed outside the page, which viewers clip away, dropped too)."""
    glyphs: list[Glyph] = []
    append = glyphs.append
    box = frame.box
    upright = frame.turn == 0
    # On the page (viewers clip the rest), with a point of slack.
    right, low = frame.width + 1.0, frame.height + 1.0
    plain = upright and frame.left == 0 and frame.upper == 0  # the usual page: nothing to map
    for c in chars:
        text = c["text"]
        if not text or text.isspace():
            continue
        if plain:
            x0, top, x1, bottom = c["x0"], c["top"], c["x1"], c["bottom"]
        else:
            x0, top, x1, bottom = box(c["x0"], c["top"], c["x1"], c["bottom"])
        if not (-1.0 <= (x0 + x1) / 2 <= right and -1.0 <= (top + bottom) / 2 <= low):
            continue
        # pdfminer's size is the glyph's display height, which for sideways text is its advance.
        size = (c.get("size") if upright else None) or (bottom - top)
        append(Glyph(text, x0, x1, top, bottom, size))
    return glyphs
