"""Readers: one small module per input kind, all yielding a RawDocument.

``read_document`` looks at the file's bytes (not its name) to choose the reader, so a PDF saved
as .txt or a workbook without extension still reads.
"""
from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from ..errors import BrokenFile, EmptyFile, FileMissing
from ..raw import RawDocument, RawTable, SourceFile, TextLine


def sniff_format(head: bytes) -> str | None:
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xlsx"  # old .xls (OLE) goes there too, so the user hears "re-save as .xlsx"
    lowered = head[:4096].lower()
    if b"<table" in lowered or b"<html" in lowered or b"<!doctype html" in lowered:
        return "html"
    if b"\x00" in head[:4096]:
        return None  # binary and not a format we read
    return "text"


def decode_text(data: bytes, source: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BrokenFile(source, "文本既不是 UTF-8 也不是 GBK 编码")


def read_document(path: str | os.PathLike) -> RawDocument:
    source = str(path)
    p = Path(path)
    if not p.is_file():
        raise FileMissing(source)
    if p.stat().st_size == 0:
        raise EmptyFile(source)
    with p.open("rb") as fh:
        head = fh.read(8192)
    kind = sniff_format(head)
    if kind == "pdf":
        from .pdf import read_pdf
        return read_pdf(p)
    if kind == "xlsx":
        from .xlsx import read_xlsx
        return read_xlsx(p)
    if kind == "html":
        from .html import read_html
        return read_html(p)
    if kind == "text":
        text = decode_text(p.read_bytes(), source)
        return read_text(text, source)
    raise BrokenFile(source, "既不是 PDF、XLSX、HTML，也不是文本")


def read_documents(paths: list[str | os.PathLike]) -> RawDocument:
    """Several files that are one disclosure (its 报表 in one, its 情况说明 in another), as one
    document: see join_documents. Whether the files do belong together is extract_together's question."""
    return join_documents([read_document(p) for p in paths])


def join_documents(raws: list[RawDocument]) -> RawDocument:
    """Blocks in the order the files are given, pages numbered on through the files (the second
    file's page 1 follows the first file's last page), ``files`` saying which pages are whose."""
    if len(raws) == 1:
        return raws[0]
    blocks, disputed, flaws, files = [], [], [], []
    offset = 0
    for raw in raws:
        count = raw.page_count or max((p for b in raw.blocks for p in _pages(b)), default=0)
        files.append(SourceFile(raw.source, offset + 1, count))
        blocks += [_shifted(b, offset) for b in raw.blocks]
        disputed += [replace(n, page=n.page + offset) for n in raw.disputed]
        flaws += [replace(f, page=f.page + offset) for f in raw.page_flaws]
        offset += count
    formats = {r.format for r in raws}
    return RawDocument(source=" + ".join(r.source for r in raws), format=formats.pop() if len(formats) == 1 else "mixed",
                       blocks=blocks, page_count=offset, disputed=disputed, page_flaws=flaws, files=files)


def _pages(block) -> list[int]:
    return block.pages if isinstance(block, RawTable) else [block.page] if block.page is not None else []


def _shifted(block, offset: int):
    if isinstance(block, TextLine):
        return block if block.page is None else replace(block, page=block.page + offset)
    return replace(block, row_pages=[p if p is None else p + offset for p in block.row_pages])


def read_text(text: str, source: str = "<粘贴的文本>") -> RawDocument:
    """Pasted or exported text: tab-separated cells, or a layout export with space-separated cells."""
    if not text.strip():
        raise EmptyFile(source)
    from .layout_text import looks_like_layout_text, read_layout_text
    from .text_export import read_text_export

    # Copied tables keep their tab-separated cells; a layout export (as pdftotext makes) has none.
    if looks_like_layout_text(text):
        return read_layout_text(text, source)
    return read_text_export(text, source)
