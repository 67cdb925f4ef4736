"""The intermediate form every reader yields: raw tables and text lines, in reading order.

Readers (PDF, text export, XLSX, HTML) know nothing about budgets; they only say what is printed
where. Recognition (``budget_disclosure.recognise``) turns this into the typed model.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class TextLine:
    """One line of running text (a title, a note, a sentence of prose) and the page it is on."""

    text: str
    page: int | None = None  # 1-based; None where the input has no pages (text export, HTML)


class IndentedText(str):
    """A cell's text that also says how far its first line starts from the cell's left edge, in points
    (ruled PDF grids). It compares, joins and prints as the plain text; recognition reads ``indent``
    where a family nests names without codes by indentation (杭州's 类/款/项 names)."""

    indent: float

    def __new__(cls, text: str, indent: float):
        obj = super().__new__(cls, text)
        obj.indent = indent
        return obj

    def __reduce__(self):
        return (IndentedText, (str(self), self.indent))


@dataclass
class RawTable:
    """A grid of cell texts as printed.

    ``rows[i][j]`` is the text of a cell ('' when blank). A merged cell keeps its text in its
    top-left position and '' in the positions it covers. Text wrapped inside a cell is joined
    with '\\n'. ``row_pages[i]`` is the page row i was printed on.
    """

    rows: list[list[str]]
    row_pages: list[int | None] = field(default_factory=list)
    ruled: bool = False  # True when cell boundaries are exact (drawn lines, or a structured format)
    # The columns' boundaries across the page (left to right, width + 1 of them) where the reader knows
    # them (ruled PDF grids): a table continued on the next page with fewer drawn columns (cells merged
    # there) is lined up with its first part by them.
    edges: list[float] | None = None

    def __post_init__(self) -> None:
        if not self.row_pages:
            self.row_pages = [None] * len(self.rows)

    @property
    def pages(self) -> list[int]:
        return sorted({p for p in self.row_pages if p is not None})

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


Block = TextLine | RawTable


@dataclass
class PageFlaw:
    """Something wrong with how a page prints, whatever its text says (PDF only).

    ``kind``: "blank" (a page with nothing visible on it), "empty-grid" (a page with no text, only
    lines or boxes: a table's empty frame), "clipped" (text cut by the edge of its box, so part of
    it does not show; ``text`` is what is cut, ``before`` the end of the line printed above it).
    """

    kind: str
    page: int
    text: str = ""
    before: str = ""


@dataclass(frozen=True)
class SourceFile:
    """One file of a disclosure published as several (北京 puts its 报表 and its 情况说明 in two): the
    document's pages first_page … first_page + page_count − 1 are this file's pages 1 … page_count."""

    source: str
    first_page: int
    page_count: int

    def page_in_file(self, page: int) -> int | None:
        last = self.first_page + self.page_count - 1
        return page - self.first_page + 1 if self.first_page <= page <= last else None


@dataclass
class RawDocument:
    """What a reader produced from one file: its blocks in reading order."""

    source: str  # the path as the user gave it, for messages
    format: str  # "pdf" | "text" | "xlsx" | "html"
    blocks: list[Block]
    page_count: int | None = None
    # PDF only: figures of the text lines that a second, independent reading of the page does not
    # confirm (read.pdf_reconcile.DisputedNumber); recognition marks the claims on them unreadable.
    disputed: list = field(default_factory=list)
    page_flaws: list[PageFlaw] = field(default_factory=list)  # PDF only: see PageFlaw
    # A document read from several files (read.read_documents): each file and where its pages are in
    # the document's continuous page numbers. [] for a document of one file.
    files: list[SourceFile] = field(default_factory=list)

    @property
    def tables(self) -> list[RawTable]:
        return [b for b in self.blocks if isinstance(b, RawTable)]

    @property
    def lines(self) -> list[TextLine]:
        return [b for b in self.blocks if isinstance(b, TextLine)]
