"""The one call most users need: a file in, the typed model out."""
from __future__ import annotations

import os

from .model import Disclosure
from .read import read_document, read_text
from .recognise import recognise


def extract(path: str | os.PathLike, profile: str | None = None) -> Disclosure:
    """Read a disclosure file (PDF, XLSX, HTML or text export) into the typed model.

    A workbook this tool wrote (`budget-disclosure import`) reads back into the model it came
    from, with the figures as staff have since edited them."""
    from .write.workbook import is_checked_workbook, read_checked_workbook

    if str(path).lower().endswith(".xlsx") and is_checked_workbook(path):
        return read_checked_workbook(path)
    return recognise(read_document(path), profile)


def extract_text(text: str, source: str = "<粘贴的文本>", profile: str | None = None) -> Disclosure:
    """The same for text pasted by a user."""
    return recognise(read_text(text, source), profile)
