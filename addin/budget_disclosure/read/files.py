"""Opening an input file with the user-facing errors every reader shares."""
from __future__ import annotations

from pathlib import Path

from ..errors import EmptyFile, FileMissing


def read_bytes(path: Path, source: str) -> bytes:
    """The file's bytes; FileMissing / EmptyFile (naming ``source``) when there are none to read."""
    if not path.is_file():
        raise FileMissing(source)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FileMissing(source, exc.strerror or "") from exc
    if not data:
        raise EmptyFile(source)
    return data
