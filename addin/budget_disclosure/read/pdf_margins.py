"""Running page headers, footers and page numbers: printed on every page, part of no text.

Only lines at the very top or bottom of a page (among its first or last two blocks, inside the
outer band of the page) are candidates. A candidate is dropped when it is a lone page number
("3", "- 3 -", "第 3 页", "3/17", "第3页 共17页") or when the same text sits at the same distance
from the page edge on many pages.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..raw import Block, TextLine

EDGE_BLOCKS = 2  # how many blocks at each end of a page can be header or footer lines
EDGE_BAND = 0.15  # share of the page height, at top and at bottom, where they can be
SAME_PLACE = 3.0  # points: the same running line on two pages is at most this far off
MIN_PAGES = 3  # a running line repeats on at least this many pages ...
MIN_SHARE = 0.2  # ... and on at least this share of the document's pages

_DASHES = r"[\s\-—–－_~·•]*"
PAGE_NUMBER = re.compile(
    rf"^{_DASHES}(?:"
    r"第?\s*\d{1,4}\s*页?(?:\s*[,，]?\s*共\s*\d{1,4}\s*页)?"  # 3 / 第3页 / 第3页 共17页
    r"|\d{1,4}\s*[/／]\s*\d{1,4}"  # 3/17
    r"|(?i:page)\s*\d{1,4}(?:\s*(?i:of)\s*\d{1,4})?"  # Page 3 of 17
    r"|[ivxlcIVXLC]{1,6}|[Ⅰ-Ⅻⅰ-ⅻ]"  # roman numbers of front matter
    rf"){_DASHES}$"
)


@dataclass
class Placed:
    """A block where it was printed: its page and vertical extent in the page's reading frame."""

    block: Block
    page: int
    top: float
    bottom: float
    page_height: float


def is_page_number(text: str) -> bool:
    return bool(PAGE_NUMBER.match(text.strip()))


def drop_running_lines(pages: list[list[Placed]]) -> list[Block]:
    """All blocks in reading order without running headers, footers and page numbers."""
    candidates = [p for placed in pages for p in _edge_lines(placed)]
    running = _repeated(candidates, len(pages))
    drop = {id(p) for p in candidates if id(p) in running or is_page_number(p.block.text)}
    return [p.block for placed in pages for p in placed if id(p) not in drop]


def _edge_lines(placed: list[Placed]) -> list[Placed]:
    """Text lines among a page's first or last few blocks that lie in its outer bands."""
    ends = placed[:EDGE_BLOCKS] + placed[max(EDGE_BLOCKS, len(placed) - EDGE_BLOCKS):]
    return [
        p for p in ends
        if isinstance(p.block, TextLine) and _edge_distance(p) <= EDGE_BAND * p.page_height
    ]


def _edge_distance(p: Placed) -> float:
    """Distance from the nearer page edge (headers are placed from the top, footers from the bottom)."""
    return min(p.top, p.page_height - p.bottom)


def _repeated(candidates: list[Placed], n_pages: int) -> set[int]:
    """ids of candidates whose text repeats at the same place on many pages."""
    needed = max(MIN_PAGES, math.ceil(MIN_SHARE * n_pages))
    by_text: dict[str, list[tuple[float, Placed]]] = {}
    for p in candidates:
        by_text.setdefault(_compact(p.block.text), []).append((_edge_distance(p), p))
    running: set[int] = set()
    for group in by_text.values():
        if len(group) < needed:
            continue
        group.sort(key=lambda item: item[0])
        for cluster in _clusters(group):
            if len({p.page for _, p in cluster}) >= needed:
                running.update(id(p) for _, p in cluster)
    return running


def _clusters(group: list[tuple[float, Placed]]) -> list[list[tuple[float, Placed]]]:
    clusters: list[list[tuple[float, Placed]]] = [[group[0]]]
    for item in group[1:]:
        if item[0] - clusters[-1][0][0] <= SAME_PLACE:
            clusters[-1].append(item)
        else:
            clusters.append([item])
    return clusters


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)
