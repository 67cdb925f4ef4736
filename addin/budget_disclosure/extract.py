"""The one call most users need: a file in, the typed model out."""
from __future__ import annotations

import os

from .amounts import compact
from .errors import NotOneDocument
from .model import Disclosure
from .read import join_documents, read_document, read_text
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


def extract_together(paths: list[str | os.PathLike], profile: str | None = None) -> Disclosure:
    """Several files that are one disclosure (its 报表 in one file, its 情况说明 in another) read as one
    document, their pages numbered on through the files in the order given (Disclosure.files says
    which page is whose).

    They are one disclosure when each names the same entity, year and level wherever it names them
    (a file of tables alone may name none: 北京's 报表 name the 部门 only in a form at the end);
    otherwise NotOneDocument, naming what each file says."""
    raws = [read_document(p) for p in paths]
    if len(raws) == 1:
        return recognise(raws[0], profile)
    facts = [_facts(raw) for raw in raws]
    for name, index in (("单位名称", 0), ("年度", 1), ("级次", 2)):
        said = {f[index] for f in facts if f[index] is not None}
        if len(said) > 1:
            told = "；".join(f"{os.path.basename(r.source)}：{f[index] if f[index] is not None else '未写明'}"
                            for r, f in zip(raws, facts))
            raise NotOneDocument(" + ".join(r.source for r in raws), f"{name}不同：{told}")
    return recognise(join_documents(raws), profile)


def _facts(raw) -> tuple[str | None, int | None, str | None]:
    """The entity (compacted), year and level one file names, read as a document of its own."""
    d = recognise(raw)
    return (compact(d.entity) if d.entity else None), d.year, d.level
