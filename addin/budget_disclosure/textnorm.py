"""Small text repairs shared by the readers and recognition."""
from __future__ import annotations

import re

from .amounts import looks_like_amount

_MARKUP = re.compile(r"</?(?:b|strong|i|em|u|span|font)[^>]*>|\*\*|^#{1,6}\s*", re.IGNORECASE)
_QUOTES = str.maketrans("", "", "“”\"'‘’「」『』＂")


def strip_markup(line: str) -> str:
    """Remove markdown / HTML emphasis that viewers add when text is copied ("### ", "<b>")."""
    return _MARKUP.sub("", line)


def dedouble(text: str) -> str:
    """Undo fake-bold doubling: "合计合计" -> "合计", "1833.761833.76" -> "1833.76".

    Only whole-string doubling is undone, and never for a string that reads as a valid amount on
    its own ("1111" stays), so real text is not damaged.
    """
    t = text.strip()
    n = len(t)
    if n >= 4 and n % 2 == 0 and t[: n // 2] == t[n // 2:] and not looks_like_amount(t):
        return t[: n // 2]
    return text


def without_quotes(text: str) -> str:
    return text.translate(_QUOTES)
