"""Claims on figures the PDF's two readings disagree about: kept and shown, never checked.

``read.pdf_reconcile`` lists the figures of a page that PDFium's reading of it does not confirm.
A claim read from such a figure may carry a misread number, and checking a misread number gives a
finding about the reader, not the document; so it is marked unreadable (the checks skip it), and
one notice per page tells the user which figures could not be confirmed.
"""
from __future__ import annotations

from ..model import Disclosure, Notice

NOTICE = "prose-unreadable"


def apply_disputes(d: Disclosure, disputed: list) -> None:
    """Mark every claim on a disputed figure unreadable and add one notice per page about them.

    A claim matches a disputed figure when it is on the same page with the same number text and
    unit. Disputed figures no claim was read from (outside the prose, or not a stated figure) are
    not mentioned: they take part in no check, so there is nothing the user needs to know.
    """
    marked: dict[int, list[str]] = {}  # page -> the figures its notice names, in text order
    for dispute in disputed:
        for claim in d.claims:
            if _matches(claim, dispute):
                claim.readable = False
                figures = marked.setdefault(dispute.page, [])
                if (figure := f"{claim.text}{claim.unit}") not in figures:
                    figures.append(figure)
    for page in sorted(marked):
        d.notices.append(Notice(NOTICE, _message(page, marked[page]), None, page))


def _matches(claim, dispute) -> bool:
    return (claim.page == dispute.page and claim.text == dispute.text
            and claim.unit == dispute.unit.replace("％", "%"))


def _message(page: int, figures: list[str]) -> str:
    return (f"第{page}页说明中的数字 {'、'.join(figures)} 两种读法不一致（pdfplumber 与 pdfium），"
            "无法确认，未参与核对")
