"""Running page headers, footers and page numbers: printed on every page, part of no text.

Only lines at the very top or bottom of a page (among its first or last two blocks, inside the
outer band of the page) are candidates. A candidate is dropped when it is a lone page number
("3", "- 3 -", "第 3 页", "3/17", "第3页 共17页"), or when the same text sits at the same distance
from the page edge on many pages, set apart from the page body by a wide gap (which tells a
running header from a table title repeated above each page of a long table).
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
SET_APART = 2.0  # line heights between a running line and the page body (median over its pages)

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
    candidates = [(page, i) for page in pages for i in _edge_lines(page)]
    dropped = {id(page[i]) for page, i in candidates if is_page_number(page[i].block.text)}
    clusters = _repeated([(page, i) for page, i in candidates if id(page[i]) not in dropped],
                         len(pages))
    # A header's neighbour may itself be a header line (two-line headers): repeat until stable.
    for _ in range(EDGE_BLOCKS + 1):
        running = [c for c in clusters if _set_apart(c, dropped)]
        if not running:
            break
        for cluster in running:
            dropped.update(id(page[i]) for page, i in cluster)
            clusters.remove(cluster)
    return [p.block for page in pages for p in page if id(p) not in dropped]


def _edge_lines(page: list[Placed]) -> list[int]:
    """Indices of text lines among a page's first or last few blocks that lie in its outer bands."""
    ends = list(range(min(EDGE_BLOCKS, len(page))))
    ends += range(max(EDGE_BLOCKS, len(page) - EDGE_BLOCKS), len(page))
    return [
        i for i in ends
        if isinstance(page[i].block, TextLine) and _edge_distance(page[i]) <= EDGE_BAND * page[i].page_height
    ]


def _edge_distance(p: Placed) -> float:
    """Distance from the nearer page edge (headers are placed from the top, footers from the bottom)."""
    return min(p.top, p.page_height - p.bottom)


Cluster = list[tuple[list[Placed], int]]  # (page, index in page) of one repeated line


def _repeated(candidates: Cluster, n_pages: int) -> list[Cluster]:
    """Groups of candidates with the same text at the same distance from the edge, each on
    enough pages to be a running line."""
    needed = max(MIN_PAGES, math.ceil(MIN_SHARE * n_pages))
    by_text: dict[str, list[tuple[float, tuple[list[Placed], int]]]] = {}
    for page, i in candidates:
        key = _compact(page[i].block.text)
        by_text.setdefault(key, []).append((_edge_distance(page[i]), (page, i)))
    clusters: list[Cluster] = []
    for group in by_text.values():
        if len(group) < needed:
            continue
        group.sort(key=lambda item: item[0])
        for run in _runs(group):
            if len({page[i].page for page, i in run}) >= needed:
                clusters.append(run)
    return clusters


def _runs(group: list[tuple[float, tuple[list[Placed], int]]]) -> list[Cluster]:
    runs: list[Cluster] = [[group[0][1]]]
    first = group[0][0]
    for distance, member in group[1:]:
        if distance - first <= SAME_PLACE:
            runs[-1].append(member)
        else:
            runs.append([member])
            first = distance
    return runs


def _set_apart(cluster: Cluster, dropped: set[int]) -> bool:
    """True when the line usually stands apart from the page body (a running header does; a
    table title repeated on each page of a long table sits right above its table)."""
    gaps = sorted(_gap_to_body(page, i, dropped) for page, i in cluster)
    return gaps[len(gaps) // 2] >= SET_APART


def _gap_to_body(page: list[Placed], i: int, dropped: set[int]) -> float:
    """Gap between the line and the nearest kept block towards the page's middle, in line heights."""
    line = page[i]
    height = max(line.bottom - line.top, 1.0)
    from_top = line.top <= line.page_height - line.bottom
    neighbours = page[i + 1:] if from_top else reversed(page[:i])
    for other in neighbours:
        if id(other) not in dropped:
            gap = other.top - line.bottom if from_top else line.top - other.bottom
            return gap / height
    return float("inf")


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)
