"""Free names for copies: "name", "name (2)", "name (3)", … as Excel and Windows number them.

One rule for sheets the import adds beside the user's, files the ribbon opens, and the batch's
workbooks, so staff see the same numbering everywhere.
"""
from __future__ import annotations

import re
from typing import Iterator

_NUMBERED = re.compile(r"^(.*) \((\d+)\)$")
# What Windows forbids in a file name (and the separators of every system).
UNSAFE_IN_FILE_NAMES = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


def numbered(name: str, suffix: str = "") -> Iterator[str]:
    """``name + suffix``, then the next numbers: a name that already ends in " (n)" goes on from
    n + 1 rather than growing a second number."""
    yield name + suffix
    m = _NUMBERED.match(name)
    stem, n = (m.group(1), int(m.group(2)) + 1) if m else (name, 2)
    while True:
        yield f"{stem} ({n}){suffix}"
        n += 1


def free_name(name: str, taken, suffix: str = "") -> str:
    """The first of ``numbered(name, suffix)`` for which ``taken(candidate)`` is false."""
    return next(c for c in numbered(name, suffix) if not taken(c))


def safe_file_name(name: str, suffix: str = ".xlsx") -> str:
    """``name`` made a valid Windows file name: no reserved characters, no trailing dot or space,
    ending in ``suffix``. A unit's name may hold a slash or a colon."""
    stem = name[:-len(suffix)] if name.lower().endswith(suffix) else name  # not Path(): "/" is no folder here
    stem = UNSAFE_IN_FILE_NAMES.sub("_", stem).rstrip(". ").strip()
    return (stem or "工作簿") + suffix
