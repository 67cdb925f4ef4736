"""What the PDF reader makes of each real PDF, read once and shared by every test that needs it.

Reading a real PDF takes 1–30 s, and several test modules (and the pytest-xdist workers) need the
same documents. The reading is real: `read_document` runs on the file; its RawDocument is kept in a
pickle whose name is the hash of the PDF's bytes and of every source file of the package's readers,
so changing the reader (or the PDF) reads again. Recognition and checks always run afresh.

The cache directory is $BUDGET_DISCLOSURE_TEST_CACHE, else one under the system temp dir.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import cache
from pathlib import Path

import budget_disclosure
from budget_disclosure.raw import RawDocument
from budget_disclosure.read import read_document

PACKAGE = Path(budget_disclosure.__file__).parent
CACHE = Path(os.environ.get("BUDGET_DISCLOSURE_TEST_CACHE") or Path(tempfile.gettempdir()) / "budget-disclosure-test-reads")


@cache
def _reader_fingerprint() -> str:
    """A hash of the code that turns a file into a RawDocument."""
    h = hashlib.sha256()
    for path in sorted([*(PACKAGE / "read").glob("*.py"), PACKAGE / "raw.py", PACKAGE / "amounts.py",
                        PACKAGE / "textnorm.py", PACKAGE / "errors.py"]):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


@cache
def read_raw(path: Path) -> RawDocument:
    """``read_document(path)``, from the shared cache when this reader already read these bytes."""
    path = Path(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    stored = CACHE / f"{path.stem}-{digest}-{_reader_fingerprint()}.pickle"
    if stored.is_file():
        try:
            with stored.open("rb") as fh:
                raw = pickle.load(fh)
            raw.source = str(path)
            return raw
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass  # a partial write by a crashed run: read again
    raw = read_document(path)
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = stored.with_suffix(f".{os.getpid()}.tmp")
    with partial.open("wb") as fh:
        pickle.dump(raw, fh)
    partial.replace(stored)  # atomic: another worker never sees half a pickle
    return raw


def extract_real(path: Path, profile: str | None = None):
    """``extract(path)`` over the shared reading (a fresh recognition each call)."""
    import copy

    from budget_disclosure.recognise import recognise

    return recognise(copy.deepcopy(read_raw(Path(path))), profile)


def review_real(names):
    """name -> the checked report of ``../shared/real_pdfs/<name>.pdf`` (skipping the test when the
    corpus is absent): what each family's test module reads once for all its tests."""
    from budget_disclosure.check import check
    from conftest import real_pdf

    return {name: check(extract_real(real_pdf(name))) for name in names}
