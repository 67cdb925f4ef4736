"""Reader for text exports: what staff get when they copy a disclosure out of a viewer or web page.

Cells are separated by tabs; a run of tab lines is a table (blank lines inside a table are page
breaks and do not end it); every other non-blank line is a TextLine. Markdown marks ("###",
"<b>") are removed. Text exports have no pages, so pages are None.
"""
from __future__ import annotations

from ..raw import RawDocument, RawTable, TextLine
from ..textnorm import dedouble, strip_markup


def read_text_export(text: str, source: str) -> RawDocument:
    blocks: list = []
    grid: list[list[str]] = []

    def close_table() -> None:
        if grid:
            width = max(len(r) for r in grid)
            blocks.append(RawTable([r + [""] * (width - len(r)) for r in grid]))
            grid.clear()

    for raw_line in text.splitlines():
        line = strip_markup(raw_line)
        if "\t" in line:
            grid.append([dedouble(strip_markup(c).strip()) for c in line.split("\t")])
        elif line.strip():
            close_table()
            blocks.append(TextLine(dedouble(line.strip())))
    close_table()
    return RawDocument(source=source, format="text", blocks=blocks)
