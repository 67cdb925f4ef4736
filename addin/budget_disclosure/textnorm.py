"""Small text repairs shared by the readers and recognition."""
from __future__ import annotations

import re

from .amounts import looks_like_amount

_MARKUP = re.compile(r"</?(?:b|strong|i|em|u|span|font)[^>]*>|\*\*|^#{1,6}\s*", re.IGNORECASE)
_QUOTES = str.maketrans("", "", "“”\"'‘’「」『』＂")


def strip_markup(line: str) -> str:
    """Remove markdown / HTML emphasis that viewers add when text is copied ("### ", "<b>")."""
    return _MARKUP.sub("", line)


def undouble(text: str, min_length: int = 2) -> tuple[str, bool]:
    """Undo fake-bold doubling: "合计合计" -> ("合计", True), "1833.761833.76" -> ("1833.76", True).

    Only whole-string doubling of at least ``min_length`` characters is undone, and never for a
    string that reads as a valid amount on its own ("1111", "11" stay), so real text is not damaged.
    """
    n = len(text)
    if n >= min_length and n % 2 == 0 and text[: n // 2] == text[n // 2:] and not looks_like_amount(text):
        return text[: n // 2], True
    return text, False


def dedouble(text: str) -> str:
    """``undouble`` for a cell or line of a text export, where only doubles of 4+ characters
    are taken for fake bold (a two-character cell such as "天天" may be printed that way)."""
    plain, doubled = undouble(text.strip(), min_length=4)
    return plain if doubled else text


def without_quotes(text: str) -> str:
    return text.translate(_QUOTES)
