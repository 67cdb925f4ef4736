"""Reader for LAYOUT text exports: cells separated by single spaces instead of tabs.

Some viewers export a PDF page as text laid out line by line. What survives of the table grid:

- every printed row becomes one line in which each non-empty cell is followed by one space
  (none after the last cell, and sometimes none after a right-aligned amount, which then touches
  the next cell: "21254.38一、一般公共服务支出"); an empty cell is a space of its own;
- fake-bold cells are printed twice, whole ("合计合计", "21334.3821334.38"), and an empty cell in
  a bold stretch is two spaces;
- a cell too long for its column wraps: the line stops before it, its text follows on lines of
  its own, and the rest of the row continues on the next line ("  " / "七、文化旅游体育与传媒" /
  "支出" / "   ");
- blank lines separate physical lines; page numbers, running heads and part headings can appear
  between the rows of a table.

So the number of empty cells between two printed cells is readable from the length of the space
run between them, up to the bold / separator ambiguity. This reader rebuilds logical rows,
learns each table's column count and column kinds (label or amount) from its self-contained rows,
then places every row's cells with a small dynamic programme that picks the column positions
whose implied space runs best match the printed ones. Values are never used to choose a
placement.

Titles, the unit line, notes and prose become TextLines (de-doubled). A table's header cannot be
placed cell by cell (the export keeps no positions), so it is rebuilt as one row of leaf column
titles when the wording allows (see ``_leaf_header``); otherwise the header lines stay TextLines.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from ..amounts import BLANK_MARKS, looks_like_amount
from ..raw import Block, RawDocument, RawTable, TextLine
from ..textnorm import undouble

__all__ = ["read_layout_text", "looks_like_layout_text"]

# ---------------------------------------------------------------------------------------------
# Tokens and physical lines
# ---------------------------------------------------------------------------------------------

NUM, CODE, TEXT = "num", "code", "text"

_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")  # 科目编码: 类 3 digits, 款 5, 项 7
_NUM_HEAD = re.compile(r"^[\d.,]+")
_TWO_DECIMALS = re.compile(r"\d\.\d\d$")
_TWO_AMOUNTS = re.compile(r"^(\d+\.\d\d)(\d+\.\d\d)$")  # "6577.2516896.98": two cells touching


@dataclass
class Token:
    text: str
    kind: str  # NUM | CODE | TEXT
    doubled: bool = False  # printed twice (fake bold)


@dataclass
class Segment:
    """One physical line: its tokens and the space runs around them.

    ``runs[0]`` is the leading run, ``runs[i]`` the run after token i-1, ``runs[-1]`` trailing;
    a line without tokens has the single run ``runs[0]``.
    """

    tokens: list[Token]
    runs: list[int]
    line_no: int = 0

    @property
    def kind(self) -> str:
        """Kind of line: "blank" (spaces only), "fragment" (a lone piece of wrapped label), "data"."""
        if not self.tokens:
            return "blank"
        if len(self.tokens) == 1 and self.tokens[0].kind == TEXT and self.runs[-1] == 0:
            return "fragment"
        return "data"


def _split_glued(raw: str) -> list[str]:
    """Split an amount from the cell text glued after it ("80.00五、教育支出")."""
    m = _NUM_HEAD.match(raw)
    if m and m.end() < len(raw):
        head = m.group()
        plain, _ = undouble(head)
        if _TWO_DECIMALS.search(plain) and looks_like_amount(plain):
            return [head, *_split_glued(raw[m.end():])]
    pair = _TWO_AMOUNTS.match(raw)
    if pair and pair.group(1) != pair.group(2):
        return [pair.group(1), pair.group(2)]
    return [raw]


def _token(raw: str, first: bool) -> Token:
    text, doubled = undouble(raw)
    if first and _CODE.match(text):
        kind = CODE
    elif text in BLANK_MARKS or looks_like_amount(text):
        kind = NUM
    else:
        kind = TEXT
    return Token(text, kind, doubled)


def _segment(line: str, line_no: int = 0) -> Segment:
    parts = re.split(r"( +)", line)  # text, spaces, text, ... ; \u3000 indentation stays in text
    tokens: list[Token] = []
    runs = [0]
    for part in parts:
        if not part:
            continue
        if part[0] == " ":
            runs[-1] += len(part)
            continue
        for piece in _split_glued(part):
            tokens.append(_token(piece, first=not tokens))
            runs.append(0)
    return Segment(tokens, runs, line_no)


def _is_serial(seg: Segment) -> bool:
    """The "1 2 3 4 5 6 7" column-number row printed under some headers."""
    texts = [t.text for t in seg.tokens]
    return len(texts) >= 2 and texts == [str(i) for i in range(1, len(texts) + 1)]


# ---------------------------------------------------------------------------------------------
# Placing a row's cells
# ---------------------------------------------------------------------------------------------

LABEL = "label"  # column kind: code / name / item text
_INF = math.inf

# Weights of a space-run mismatch per space: runs between cells are exact, leading runs carry
# stray spaces after page furniture, trailing runs are sometimes trimmed.
_WEIGHT = {"lead": 2.0, "inner": 10.0, "trail": 1.0}
_NO_SEPARATOR = 1.0  # a non-empty cell not followed by its space, though spaces follow
_BOLD_GUESS = 0.2  # an empty cell one space wide in bold context, or two wide outside it
_UNKNOWN_COLUMN = 0.3  # a cell in a column whose kind no self-contained row revealed


@dataclass
class Gap:
    run: int | None  # None: not printed (after a wrapped cell, or where a page end cut the row)
    junction: bool = False  # across a wrapped cell: its separator space is not printed


@dataclass
class RowDraft:
    tokens: list[Token] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=lambda: [Gap(0)])

    @classmethod
    def of(cls, seg: Segment) -> RowDraft:
        return cls(list(seg.tokens), [Gap(r) for r in seg.runs])

    def attach(self, seg: Segment) -> None:
        """Continue this row with the next physical line (a wrapped cell or what follows it)."""
        before = self.gaps[-1].run or 0
        self.gaps[-1] = Gap(before + seg.runs[0], junction=bool(self.tokens))
        self.tokens.extend(seg.tokens)
        self.gaps.extend(Gap(r) for r in seg.runs[1:])
        if seg.kind == "fragment":
            self.gaps[-1] = Gap(None)  # what follows the wrapped text comes on a later line

    def continue_cell(self, seg: Segment) -> None:
        """Append a further line of wrapped text to the last cell (joined with a newline)."""
        last = self.tokens[-1]
        self.tokens[-1] = Token(f"{last.text}\n{seg.tokens[0].text}", last.kind, last.doubled)


def _gap_cost(gap: Gap, empties: int, bold: bool, position: str) -> float:
    """How badly ``empties`` empty cells explain this printed space run.

    A run is: the separator after the left cell (0 or 1 space; none before the first cell) plus
    one space per empty cell, two for an empty cell printed bold.
    """
    if gap.run is None:
        return 0.0
    best = _INF
    separators = (0,) if position == "lead" else (0, 1)
    for sep in separators:
        sep_cost = 0.0
        if sep == 0 and position != "lead" and gap.run > 0 and not gap.junction:
            sep_cost = _NO_SEPARATOR
        for wide in range(empties + 1):
            printed = sep + empties + wide
            guess = _BOLD_GUESS * ((empties - wide) if bold else wide)
            cost = abs(gap.run - printed) * _WEIGHT[position] + sep_cost + guess
            best = min(best, cost)
    return best


def _cell_cost(token: Token, kind: str | None) -> float:
    if kind is None:
        return _UNKNOWN_COLUMN
    is_label = token.kind in (TEXT, CODE)
    return 0.0 if is_label == (kind == LABEL) else _INF


def _best_columns(draft: RowDraft, width: int, kinds: list[str | None]) -> tuple[float, list[int]]:
    """The increasing column positions of the draft's tokens with the least cost."""
    tokens, gaps = draft.tokens, draft.gaps
    m = len(tokens)
    if m == 0 or m > width:
        return _INF, []
    cost = [[_INF] * width for _ in range(m)]
    back = [[-1] * width for _ in range(m)]
    for c in range(width):
        cost[0][c] = _gap_cost(gaps[0], c, tokens[0].doubled, "lead") + _cell_cost(tokens[0], kinds[c])
    for i in range(1, m):
        bold = tokens[i - 1].doubled or tokens[i].doubled
        for c in range(i, width):
            here = _cell_cost(tokens[i], kinds[c])
            if here == _INF:
                continue
            for p in range(i - 1, c):
                if cost[i - 1][p] == _INF:
                    continue
                total = cost[i - 1][p] + _gap_cost(gaps[i], c - p - 1, bold, "inner") + here
                if total < cost[i][c]:
                    cost[i][c], back[i][c] = total, p
    best, last = _INF, -1
    for c in range(m - 1, width):
        total = cost[m - 1][c] + _gap_cost(gaps[m], width - 1 - c, tokens[-1].doubled, "trail")
        if total < best:
            best, last = total, c
    if last < 0:
        return _INF, []
    columns = [last]
    for i in range(m - 1, 0, -1):
        columns.append(back[i][columns[-1]])
    return best, columns[::-1]


def _place(draft: RowDraft, width: int, kinds: list[str | None]) -> list[str]:
    """The row's cells, one per printed column."""
    cells = [""] * width
    if not draft.tokens:
        return cells
    cost, columns = _best_columns(draft, width, kinds)
    if cost == _INF:  # a label where only amounts were seen (or the reverse): trust the spaces
        cost, columns = _best_columns(draft, width, [None] * width)
    if cost == _INF:  # more cells than columns: keep every text, the overflow in the last cell
        texts = [t.text for t in draft.tokens]
        return texts[: width - 1] + [" ".join(texts[width - 1:])]
    for token, c in zip(draft.tokens, columns):
        cells[c] = token.text
    return cells


# ---------------------------------------------------------------------------------------------
# Learning a table's columns from its self-contained lines
# ---------------------------------------------------------------------------------------------

def _natural_empties(run: int, bold: bool, separated: bool) -> int:
    rest = run - (1 if separated and run > 0 else 0)
    return math.ceil(rest / 2) if bold else rest


def _natural_layout(seg: Segment) -> tuple[list[int], int]:
    """Columns of the tokens and row width, reading every space run the usual way."""
    if not seg.tokens:
        return [], seg.runs[0]
    toks = seg.tokens
    col = _natural_empties(seg.runs[0], toks[0].doubled, separated=False)
    columns = []
    for i, tok in enumerate(toks):
        columns.append(col)
        col += 1
        bold = tok.doubled or (i + 1 < len(toks) and toks[i + 1].doubled)
        col += _natural_empties(seg.runs[i + 1], bold, separated=True)
    return columns, col


def _standalone(segs: list[Segment]) -> list[Segment]:
    """Lines that are whole rows: not fragments and not next to a wrapped cell."""
    out = []
    for i, seg in enumerate(segs):
        if seg.kind == "fragment":
            continue
        neighbours = segs[max(i - 1, 0): i] + segs[i + 1: i + 2]
        if any(n.kind == "fragment" for n in neighbours):
            continue
        out.append(seg)
    return out


def _infer_width(segs: list[Segment]) -> int:
    """The most common width of self-contained rows (ties: the wider)."""
    widths = Counter(_natural_layout(s)[1] for s in _standalone(segs))
    widths.pop(0, None)
    if not widths:
        return max((len(s.tokens) for s in segs), default=0)
    return max(widths, key=lambda w: (widths[w], w))


def _infer_kinds(segs: list[Segment], width: int) -> list[str | None]:
    """Label or amount, per column, by majority over self-contained rows of that width."""
    votes = [Counter() for _ in range(width)]
    for seg in _standalone(segs):
        columns, w = _natural_layout(seg)
        if w != width:
            continue
        for tok, c in zip(seg.tokens, columns):
            votes[c][LABEL if tok.kind in (TEXT, CODE) else NUM] += 1
    return [v.most_common(1)[0][0] if v else None for v in votes]


# ---------------------------------------------------------------------------------------------
# Rebuilding logical rows
# ---------------------------------------------------------------------------------------------

# What begins a new cell rather than continuing a wrapped one: numbering, an indented name, a
# code, a total.
_CELL_START = re.compile(
    r"^(?:\u3000|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[、.．]|"
    r"\d{3}(?:\d{2}){0,2}(?!\d)|[①②③④⑤⑥⑦⑧⑨⑩]|合计|总计|小计|其中)"
)


def _starts_cell(seg: Segment) -> bool:
    """A fragment line that begins a new cell (or row) instead of continuing the last one."""
    return seg.runs[0] > 0 or bool(_CELL_START.match(seg.tokens[0].text))


def _fits(draft: RowDraft, seg: Segment, width: int, kinds: list[str | None]) -> bool:
    """Whether the wrapped text can continue this short line as one row (a label column is
    left for it); if not, the short line was a whole row whose trailing spaces were lost."""
    trial = RowDraft(list(draft.tokens), list(draft.gaps))
    trial.attach(seg)
    return _best_columns(trial, width, kinds)[0] < _INF


def _assemble_rows(segs: list[Segment], width: int, kinds: list[str | None]) -> list[RowDraft]:
    """Group physical lines into rows: [prefix line] wrapped-text lines [rest-of-row line]."""
    rows: list[RowDraft] = []
    current: RowDraft | None = None
    state = None  # None | "prefix" (a short line a wrapped cell may follow) | "wrapped"

    def close() -> None:
        nonlocal current, state
        if current is not None:
            rows.append(current)
        current, state = None, None

    for i, seg in enumerate(segs):
        nxt = segs[i + 1] if i + 1 < len(segs) else None
        if seg.kind == "fragment":
            if state == "wrapped" and not _starts_cell(seg):
                current.continue_cell(seg)
            elif state == "prefix" and _fits(current, seg, width, kinds):
                current.attach(seg)
                state = "wrapped"
            else:
                close()
                current = RowDraft.of(seg)
                current.gaps[-1] = Gap(None)
                state = "wrapped"
            continue
        if state == "wrapped":  # the rest of a row whose cell wrapped
            current.attach(seg)
            close()
            continue
        close()
        current = RowDraft.of(seg)
        short = _natural_layout(seg)[1] < width
        if short and nxt is not None and nxt.kind == "fragment":
            state = "prefix"
        else:
            close()
    close()
    return rows


# ---------------------------------------------------------------------------------------------
# Header: one row of leaf column titles
# ---------------------------------------------------------------------------------------------

# A header cell ends with one of these when complete; otherwise its next line continues it.
_COMPLETE = re.compile(
    r"(?:预算|资金|合计|小计|总计|编码|代码|名称|项目|收入|支出|经费|安排|结转|预算数|拨款|金额|基金|年|数|费)$"
)
_STANDALONE = {"合计", "小计", "总计", "项目", "金额", "收入", "支出"}
# Headers that span several leaf columns.
_GROUP = [
    re.compile(p)
    for p in (r"^(?:收入|支出)$", r"^本年收入$", r"预算数$", r"财政拨款$", r"^国有资本经营预算(?:收入|支出)$")
]
_SIDE_GROUP = re.compile(r"^(?:收入|支出)$|预算(?:收入|支出)$")  # 收入 / 支出 halves of the table
_TEXT_LEAF = re.compile(r"编码|代码|名称|^项目$|^单位$")
# Left-to-right order of amount columns where a header row printed them out of order.
_AMOUNT_RANK = [
    (re.compile(p), r)
    for p, r in (
        (r"合计|小计|总计", 0), (r"当年|本年", 1), (r"一般公共预算", 2), (r"政府性基金", 3),
        (r"国有资本经营", 4), (r"财政专户", 5), (r"单位资金", 6), (r"上年结转", 7),
    )
]


def _header_fragments(segs: list[Segment]) -> list[str]:
    """Header cell texts in reading order, with wrapped header cells joined."""
    out: list[str] = []
    last_ended_line = False
    for seg in segs:
        texts = [t.text for t in seg.tokens]
        for j, text in enumerate(texts):
            alone = len(texts) == 1
            tail = len(text) <= 2 and text not in _STANDALONE
            if alone and out and last_ended_line and (not _COMPLETE.search(out[-1]) or tail):
                out[-1] += text
            else:
                out.append(text)
            last_ended_line = j == len(texts) - 1
    return out


def _is_group(frags: list[str], i: int) -> bool:
    """Whether header text i spans several columns (so it is not one column's title)."""
    text = frags[i]
    if any(p.search(text) for p in _GROUP):
        return True
    later = frags[i + 1:]
    if text == "项目" and any("编码" in f for f in later):  # 项目 over 科目编码 / 科目名称
        return True
    return text == "金额" and bool(later) and later[0] in ("小计", "合计")  # 金额 over 小计 …


def _amount_rank(text: str) -> int:
    return next((r for p, r in _AMOUNT_RANK if p.search(text)), 1)


def _order_side(leaves: list[str]) -> list[str]:
    labels = [t for t in leaves if _TEXT_LEAF.search(t)]
    amounts = [t for t in leaves if not _TEXT_LEAF.search(t)]
    return labels + sorted(amounts, key=_amount_rank)  # stable: unknown ones keep their order


def _sides(kinds: list[str | None]) -> list[tuple[int, int]]:
    """Column ranges of the sides of a table (a side: label columns, then amount columns)."""
    starts = [0] + [j for j in range(1, len(kinds)) if kinds[j] == LABEL and kinds[j - 1] == NUM]
    ends = starts[1:] + [len(kinds)]
    return list(zip(starts, ends))


def _leaf_header(frags: list[str], width: int, kinds: list[str | None]) -> list[str] | None:
    """The bottom header row (one title per column), or None when it cannot be told."""
    leaves = [f for i, f in enumerate(frags) if not _is_group(frags, i)]
    if len(leaves) != width:
        return None
    sides = _sides(kinds)
    two_sided = any(_SIDE_GROUP.search(f) for i, f in enumerate(frags) if _is_group(frags, i))
    if two_sided and len(sides) < 2:
        return None  # the split between income and expenditure columns is unknown
    row: list[str] = []
    for start, end in sides:
        part = _order_side(leaves[start:end])
        n_labels = sum(1 for t in part if _TEXT_LEAF.search(t))
        side = kinds[start:end]
        if not side.count(LABEL) <= n_labels <= side.count(LABEL) + side.count(None):
            return None
        row.extend(part)
    return row


# ---------------------------------------------------------------------------------------------
# Lines around tables
# ---------------------------------------------------------------------------------------------

_ANCHOR = re.compile(
    r"^(?:(?:预算|部门|单位)?公开(?:报)?表\s*[\d一二三四五六七八九十]+|附?表\s*[一二三四五六七八九十\d]+)"
)
_TITLE_END = re.compile(r"表(?:[（(][^）)]*[）)])?$")
_UNIT_LINE = re.compile(r"^(?:部门|单位|编制单位|预算单位)(?:名称)?[:：]|单位[:：]\s*(?:万元|元)")
_NOTE = re.compile(r"^(?:注|备注|说明)\s*\d*\s*[:：]")
_PAGE_NUMBER = re.compile(r"^(?:[-—－–]\s*\d{1,4}\s*[-—－–]|第\s*\d+\s*页.*)$")
_PART_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分")
_PROSE = re.compile(r"[。，；]")
_YEAR = re.compile(r"\d{4}年")


def _clean_text(line: str) -> str:
    """A text line de-doubled (whole, then token by token), space runs collapsed.

    A bold heading can also be doubled as two space-separated copies ("第二部分 第二部分"), so a
    word repeated next to itself is dropped; repeated numbers are kept ("5.00 5.00").
    """
    whole, _ = undouble(line.strip())
    out: list[str] = []
    for raw in whole.split():
        text, _ = undouble(raw)
        if not (out and out[-1] == text and not looks_like_amount(text)):
            out.append(text)
    return " ".join(out)


def _is_title(text: str) -> bool:
    if _ANCHOR.match(text):
        return True
    return (
        len(text) <= 60
        and bool(_TITLE_END.search(text))
        and not _PROSE.search(text)
        and "绩效" not in text  # 绩效目标表 are forms, kept as text
        and bool(_YEAR.search(text) or "预算" in text or "决算" in text)
    )


def _is_prose(text: str) -> bool:
    """A sentence rather than a row: punctuation, length, and not several spaced amounts."""
    if not _PROSE.search(text) or len(text) < 20:
        return False
    return sum(1 for t in text.split() if looks_like_amount(t)) < 2


def _ends_body(text: str) -> bool:
    """A line after which the table is over: next table's title, a note, or prose.

    Inside a body only numbered or dated titles count, so a wrapped label such as "预算报表"
    does not end the table.
    """
    if _ANCHOR.match(text) or (_is_title(text) and _YEAR.search(text)):
        return True
    return bool(_NOTE.match(text)) or _is_prose(text)


def _running_heads(lines: list[str]) -> set[str]:
    """Long lines printed on many pages (the document's running head), other than the unit
    line every table repeats."""
    counts = Counter(s for s in (line.strip() for line in lines) if s)
    return {
        s for s, n in counts.items()
        if n >= 3 and " " not in s and len(_clean_text(s)) >= 10 and not _UNIT_LINE.search(s)
    }


# ---------------------------------------------------------------------------------------------
# The document
# ---------------------------------------------------------------------------------------------

_MAX_HEADER_LINES = 25  # more than this before any row: not a table after all


@dataclass
class _Region:
    """The lines of one table: title lines, header lines, body lines, and lines set aside."""

    preamble: list[str] = field(default_factory=list)
    header: list[Segment] = field(default_factory=list)
    body: list[Segment] = field(default_factory=list)
    aside: list[int] = field(default_factory=list)  # furniture / trailing text met in the table


def _starts_body(seg: Segment) -> bool:
    """The first line holding cells: a code, an amount, or empty cells (space runs)."""
    if _is_serial(seg) or not seg.tokens:
        return False
    if seg.tokens[0].kind == CODE or any(t.kind == NUM for t in seg.tokens):
        return True
    return max(seg.runs[1:-1], default=0) >= 2 or seg.runs[-1] >= 1


class _Reader:
    """Walks the lines once: text lines, and for each table title a region read as a table."""

    def __init__(self, text: str) -> None:
        self.lines = text.replace("\r", "").split("\n")
        self.heads = _running_heads(self.lines)
        self.blocks: list[Block] = []

    def read(self) -> list[Block]:
        i = 0
        while i < len(self.lines):
            if _is_title(_clean_text(self.lines[i])):
                i = self.read_table(i)
            else:
                self.text_line(i)
                i += 1
        return self.blocks

    def text_line(self, i: int) -> None:
        text = _clean_text(self.lines[i])
        if text:
            self.blocks.append(TextLine(text))

    def is_furniture(self, raw: str) -> bool:
        """Page numbers, part headings and the running head, which a page break can put
        between two rows of a table."""
        s = raw.strip()
        return bool(_PAGE_NUMBER.match(s) or _PART_HEADING.match(_clean_text(s))) or s in self.heads

    def read_table(self, i: int) -> int:
        """Read the table whose first title line is line i; return the first line after it."""
        region = _Region()
        i = self.read_preamble(i, region)
        i, found_body = self.read_header(i, region)
        if not found_body:
            self.emit_as_text(region)
            return i
        i = self.read_body(i, region)
        self.emit(region)
        return i

    def read_preamble(self, i: int, region: _Region) -> int:
        """Title, table number and unit lines."""
        while i < len(self.lines):
            text = _clean_text(self.lines[i])
            if text and not (_is_title(text) or _UNIT_LINE.search(text)):
                break
            if text:
                region.preamble.append(text)
            i += 1
        return i

    def read_header(self, i: int, region: _Region) -> tuple[int, bool]:
        """Header lines, up to the first line that holds cells (False if none comes)."""
        while i < len(self.lines):
            raw = self.lines[i]
            text = _clean_text(raw)
            if text and not self.is_furniture(raw):
                if _ends_body(text) or len(region.header) > _MAX_HEADER_LINES:
                    return i, False
                seg = _segment(raw, i)
                if _starts_body(seg):
                    return i, True
                region.header.append(seg)
            i += 1
        return i, False

    def read_body(self, i: int, region: _Region) -> int:
        """Body lines (blank lines skipped, space-only lines kept), up to a note, prose or the
        next table."""
        while i < len(self.lines):
            raw = self.lines[i]
            text = _clean_text(raw)
            if text and self.is_furniture(raw):
                region.aside.append(i)
            elif text and _ends_body(text):
                break
            elif raw:
                region.body.append(_segment(raw, i))
            i += 1
        # Wrapped-looking lines after the last row are text that follows the table.
        while region.body and region.body[-1].kind == "fragment":
            region.aside.append(region.body.pop().line_no)
        return i

    def emit_as_text(self, region: _Region) -> None:
        self.blocks.extend(TextLine(t) for t in region.preamble)
        for seg in region.header:
            self.text_line(seg.line_no)

    def emit(self, region: _Region) -> None:
        self.blocks.extend(TextLine(t) for t in region.preamble)
        self.blocks.append(self.table(region.header, region.body))
        for i in sorted(region.aside):
            self.text_line(i)

    def table(self, header: list[Segment], body: list[Segment]) -> RawTable:
        width = _infer_width(body)
        kinds = _infer_kinds(body, width)
        rows = self.header_rows(header, width, kinds)
        for draft in _assemble_rows(body, width, kinds):
            cells = _place(draft, width, kinds)
            if any(cells):  # a printed row of empty cells carries nothing
                rows.append(cells)
        return RawTable(rows)

    def header_rows(self, header: list[Segment], width: int, kinds: list[str | None]) -> list[list[str]]:
        """The leaf title row and the serial row; header lines that cannot be placed are
        emitted as text lines before the table."""
        titles = [s for s in header if not _is_serial(s)]
        leaf = _leaf_header(_header_fragments(titles), width, kinds) if titles else None
        rows = [leaf] if leaf else []
        if leaf is None:
            for seg in titles:
                self.text_line(seg.line_no)
        for seg in header:
            if _is_serial(seg) and len(seg.tokens) == width:
                rows.append([t.text for t in seg.tokens])
            elif _is_serial(seg):
                self.text_line(seg.line_no)
        return rows


def read_layout_text(text: str, source: str) -> RawDocument:
    """Read a layout text export (space-separated cells, fake-bold doubling) into blocks."""
    return RawDocument(source=source, format="text", blocks=_Reader(text).read())


_AMOUNT_TOKEN = re.compile(r"^\d[\d,]*\.\d+$")


def looks_like_layout_text(text: str) -> bool:
    """True for this export style: (almost) no tabs, and lines holding several spaced amounts."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return False
    tabbed = sum(1 for line in lines if "\t" in line)
    if tabbed > max(2, len(lines) // 50):
        return False
    rows = 0
    for line in lines:
        amounts = 0
        for raw in line.split(" "):
            for piece in _split_glued(raw):
                if _AMOUNT_TOKEN.match(undouble(piece)[0]):
                    amounts += 1
        rows += amounts >= 2
    return rows >= 5
