"""The typed disclosure model: what a published 预算公开 says, table by table, with provenance.

Plain data objects. Amounts are ``Decimal`` exactly as printed (in the printed money unit);
``None`` means the cell was blank, ``Decimal("0.00")`` means a zero was printed.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal

from .raw import PageFlaw, SourceFile

__all__ = ["Claim", "Disclosure", "Notice", "PageFlaw", "PerformanceTarget", "Row", "Section", "Table"]


@dataclass
class Row:
    label: str  # the row's name as printed (code removed), e.g. "节能环保支出"
    values: dict[str, Decimal | None]  # column key -> printed amount
    code: str | None = None  # 功能分类/经济分类 code, e.g. "2110302"; for 表1 类 rows derived from the name
    level: str | None = None  # 类 / 款 / 项 (codes), 部门 / 单位 / 项目 (表11-13), or None
    role: str = "detail"  # "total" for 合计-like rows, "group" for 表6 class rows, else "detail"
    key: str | None = None  # stable key of a named row, e.g. "income_total", "vehicles"
    side: str | None = None  # "income" | "expenditure" in two-sided tables (表1, 表4, 表9)
    page: int | None = None
    parent: int | None = None  # index (in Table.rows) of the row this one adds up into
    attributes: dict[str, str] = field(default_factory=dict)  # other text cells, e.g. 政府经济科目


@dataclass
class Table:
    key: str  # "T01" .. "T13"
    name: str  # standard Chinese name, e.g. "预算收支总表"
    title: str  # the title as printed
    pages: list[int]
    empty: bool  # printed with no figures (usually with "注：本表无数据")
    columns: list[str]  # numeric column keys in printed order
    rows: list[Row]
    column_titles: dict[str, str] = field(default_factory=dict)  # key -> printed header text
    notes: list[str] = field(default_factory=list)  # "注：…" lines printed with the table
    # What is printed between the title and the grid ("单位名称：…", "单位：万元") and the title's
    # year, kept per table so checks can see a table that disagrees with the rest of the document.
    entity: str | None = None
    unit: str | None = None
    year: int | None = None

    def row(self, key: str) -> Row | None:
        return next((r for r in self.rows if r.key == key), None)


@dataclass
class Section:
    """A numbered section of the prose, e.g. 第三部分 "五、一般公共预算支出情况说明"."""

    number: str  # "五"
    heading: str  # "一般公共预算支出情况说明"
    text: str
    pages: list[int]
    part: str = "第三部分"
    page_marks: list[tuple[int, int]] = field(default_factory=list)  # (offset in text, page) where a page begins

    @property
    def label(self) -> str:
        """"五、一般公共预算支出情况说明": the section as findings name it (an unnumbered section, a
        whole prose part such as 上海's "2026年单位预算编制说明", by its heading alone)."""
        return f"{self.number}、{self.heading}" if self.number else self.heading

    def page_at(self, offset: int) -> int | None:
        """The page the character at ``offset`` of ``text`` was printed on."""
        page = self.pages[0] if self.pages else None
        for start, p in self.page_marks:
            if start > offset:
                break
            page = p
        return page


@dataclass
class Claim:
    """A figure the prose (第三部分) states, where it says it, and what it is about.

    ``kind``: "amount" (金额), "share" (占比, 占X%), "change" (比上年增减额), "rate" (增长率/下降率),
    "count" (个、辆 …), "items" (the names listed after "主要包括：", in ``items``), and for a 决算's
    budget execution (预算执行) "completion" (完成预算的X%) and "comparison" (决算数大于/小于/持平
    预算数: no figure, ``text`` is the wording). Links are indexes into ``Disclosure.claims``.
    """

    kind: str
    value: Decimal | None  # as printed, never negative (a change's sign is in ``direction``)
    text: str  # the number exactly as printed, e.g. "1,833.76"
    unit: str  # "万元", "元", "%", "个", "辆" …
    subject: str  # the words naming the figure, e.g. "一般公共预算拨款收入"
    section: str  # the section's number, e.g. "二"
    sentence: str  # the sentence it was read from
    start: int  # span of ``text`` in the section's text
    end: int
    page: int | None = None
    direction: int | None = None  # change / rate: +1 增加·增长, -1 减少·下降, 0 持平·相同
    part: int | None = None  # share: the amount it is a share of the whole for
    whole: int | None = None  # share: the whole (None when the sentence names it only in words)
    whole_text: str | None = None  # share: the whole as named in words ("部门（单位）项目支出总额")
    # change: this year's amount that changed; items: the amount itemised; completion and
    # comparison: the 决算数 amount they are about
    current: int | None = None
    # change: the previous year's amount when the sentence states it; rate printed with no change
    # ("比2025年预算执行数减少1.10%"): the amount it is measured from, and ``current`` the one measured
    base: int | None = None
    change: int | None = None  # rate: the change it is the rate of
    items: list[str] = field(default_factory=list)  # items: the names listed
    # amount: which stage of a 决算's budget execution it states — "budget_initial" (年初预算),
    # "budget_full" (全年预算, 调整后预算), "budget" (预算, unqualified), "final" (决算数, 执行数)
    measure: str | None = None
    # The 功能分类 item the sentence is about, as printed: "一般公共服务支出（类）财政事务（款）行政运行（项）"
    item: str | None = None
    reason: str | None = None  # comparison: the reason given ("主要原因是…"), "" if cut off, None if absent
    # False when the PDF's text cannot be trusted for this figure (two readings of the page
    # disagree): the claim is kept and shown, never checked, and a notice says so.
    readable: bool = True


@dataclass
class PerformanceTarget:
    """A 项目支出绩效目标表 printed after the tables: a project and the money it names."""

    project: str  # 项目名称
    amount: Decimal | None  # 年度资金总额 as printed
    unit: str  # the unit the form prints it in, usually "元"
    page: int | None = None


@dataclass
class Notice:
    """Something recognition noticed but could not resolve; shown to the user, never hidden."""

    code: str
    message: str
    table: str | None = None
    page: int | None = None


@dataclass
class Disclosure:
    kind: str  # "预算" (决算 in a later profile)
    year: int | None
    entity: str | None  # 单位名称 / 部门名称
    level: str | None  # "部门" | "单位"
    unit: str  # printed money unit, "万元" or "元"
    profile: str  # the template family used to recognise it
    source: str
    format: str
    tables: list[Table]
    sections: list[Section]
    units: list[str] = field(default_factory=list)  # budget units of a 部门 document
    parts: list[str] = field(default_factory=list)  # 第一部分 … 第四部分 headings found
    page_count: int | None = None
    notices: list[Notice] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)  # figures stated in 第三部分
    performance_targets: list[PerformanceTarget] = field(default_factory=list)
    page_flaws: list[PageFlaw] = field(default_factory=list)  # blank pages, text cut off (PDF only)
    # The text outside the prose (上海: 主要职能, 机构设置, 名词解释, project descriptions): its wording
    # is checked, no figure of it is read as a claim.
    other_sections: list[Section] = field(default_factory=list)
    # Read from several files (extract_together): which of the continuous page numbers is whose.
    files: list[SourceFile] = field(default_factory=list)

    @property
    def source_text(self) -> str:
        """The file, or for a document of several files each with its pages: "表.pdf（第1–44页）；说明.pdf（第45–55页）"."""
        if not self.files:
            return self.source
        return "；".join(f"{f.source}（第{f.first_page}–{f.first_page + f.page_count - 1}页）" for f in self.files)

    def page_place(self, page: int | None) -> str:
        """Where a page is, for staff: "第12页", or in a document of several files "第12页（说明.pdf 第3页）"."""
        if page is None:
            return ""
        for f in self.files:
            if (own := f.page_in_file(page)) is not None:
                return f"第{page}页（{os.path.basename(f.source)} 第{own}页）"
        return f"第{page}页"

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)
