"""The typed disclosure model: what a published 预算公开 says, table by table, with provenance.

Plain data objects. Amounts are ``Decimal`` exactly as printed (in the printed money unit);
``None`` means the cell was blank, ``Decimal("0.00")`` means a zero was printed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


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

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)
