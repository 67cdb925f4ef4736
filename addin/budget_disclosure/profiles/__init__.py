"""Template families (profiles), declared as data in profiles/*.toml and loaded into plain objects.

A profile says which standard tables a template family prints, how their titles and headers are
worded, and what kind of rows each side holds. Recognition code reads only these objects, so a new
region is a new TOML file plus tests.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    aliases: tuple[re.Pattern, ...]
    text: bool = False  # a label column (code / name), not an amount column
    side: str | None = None
    optional: bool = False  # printed by some documents only (类/款/项 split codes, a third part)
    # rows kind `outline`: the nesting level of a label column (default: its place among the label
    # columns); columns of one level hold one row's labels (政府采购's 专项名称 and 经济科目).
    level: int | None = None

    def matches(self, header: str) -> bool:
        return any(p.search(header) for p in self.aliases)


@dataclass(frozen=True)
class RowSpec:
    key: str
    aliases: tuple[re.Pattern, ...]
    role: str = "detail"
    side: str | None = None

    def matches(self, label: str) -> bool:
        return any(p.search(label) for p in self.aliases)


@dataclass(frozen=True)
class TableSpec:
    key: str
    name: str
    titles: tuple[re.Pattern, ...]
    columns: tuple[ColumnSpec, ...]
    row_kinds: dict[str | None, str]  # side (None for one-sided tables) -> rows kind
    rows: tuple[RowSpec, ...] = ()
    short: str = ""  # the name staff use, e.g. "支出总表" (表3 支出总表)
    # Header cells printed over several columns, as (title, column keys); "{year}" is the year.
    header_groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Columns named by their whole header path, a cell over several columns naming each ("预算数"
    # over six): matched in any order (the 三公 决算表 prints 预算数/决算数 in pairs or in blocks).
    header_spans: bool = False
    # The money unit the template prints this table in when it is not the document's (上海's “三公”
    # table in 万元 among tables in 元); None: the document's unit.
    unit: str | None = None
    # Rows kind `projects`: a row is a unit only when a table listed by unit (表2 by unit, 表11)
    # names it (body = { rows = "projects", units = "listed" }), not when its name merely looks like
    # an organisation's ("广州市百千万综合信息管理平台" is a project).
    units_listed: bool = False
    # "sum": the table prints 项 rows only (泉州's 表3/表5), so a relation naming a 类 or 款 it does not
    # print takes the sum of the printed rows under that code instead of zero. None: an unprinted
    # code is zero (coded tables print only the codes with money).
    parent_codes: str | None = None
    # body = { rows = …, total = "first" }: the first body row is the table's total whatever its label
    # (深圳's 表3/表7: the entity's name in the 预算单位 column, code and name blank), not a 合计 row.
    total_first: bool = False

    @property
    def label(self) -> str:
        """"表3 支出总表": the table's number and short name, as sheets and messages show it;
        "未识别1 项目支出绩效…": a table no profile declares, by its order and printed title."""
        if is_generic_key(self.key):
            return f"未识别{int(self.key[1:])} {self.short or self.name}"[:31].rstrip()
        return f"表{int(self.key[1:])} {self.short or self.name}"

    @property
    def sides(self) -> list[str | None]:
        return list(self.row_kinds)

    def amount_columns(self, side: str | None = None) -> list[ColumnSpec]:
        return [c for c in self.columns if not c.text and (side is None or c.side == side)]

    def named_rows(self, side: str | None) -> list[RowSpec]:
        return [r for r in self.rows if r.side == side]


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    kind: str
    min_tables: int
    tables: tuple[TableSpec, ...] = field(default_factory=tuple)
    # The catalog files (in data/) whose relations check this family, and those declaring how its
    # prose restates the tables (sections, bindings, lists); empty: the kind's standard catalog.
    relations: tuple[str, ...] = ()
    prose: tuple[str, ...] = ()
    # Headings opening the prose parts of a family that prints no "第三部分" (上海: "2026年单位预算编制说明",
    # "其他相关情况说明"); empty: the prose is 第三部分.
    prose_parts: tuple[re.Pattern, ...] = ()
    prose_ends: tuple[re.Pattern, ...] = ()  # headings after the prose that end it
    # The parts a complete document prints, when it prints no "第N部分": (name, heading pattern).
    parts: tuple[tuple[str, re.Pattern], ...] = ()
    # What a note under an empty table says ("注：本表无数据", "…故本表为空表").
    empty_notes: tuple[str, ...] = ("本表无数据",)
    # Does the label over the tables tell the level ("部门名称：" 部门, "单位名称：" 单位)? False where every
    # table says "单位名称：" whatever the level (广东): the level is read from the cover ("…部门预算").
    label_says_level: bool = True
    # Rows a page break cuts in two: the top of the next page continues the last row's cells
    # ("八、社会保障和就" / "业支出"), when it holds no amount and no new row's number or code.
    rows_cross_pages: bool = False
    # Headings opening the text parts outside the prose (上海: 主要职能, 机构设置, 名词解释, a project's
    # "…项目经费情况说明"): their wording is checked (check/hygiene.py), their figures bound to nothing.
    text_parts: tuple[re.Pattern, ...] = ()
    # A table continued on the next page prints its title (and header) again there (长沙, 深圳, 烟台, 湖州): the same title
    # on the page after the table's last, over a grid as wide, continues it rather than repeating it.
    titles_repeat: bool = False
    # The title and the "预算单位：… 单位：万元" line are drawn inside the table's grid, as its first rows (长春):
    # a grid whose first row is one cell naming a table is that title over the rest of the grid.
    titles_in_grid: bool = False
    # Does a performance form name the entity and year the tables do not (北京's tables file: only 预算13表
    # prints "部门名称 | <部门>" and "（2026年度）")? Then they are read from there (recognise/document.py).
    form_facts: bool = False

    def table(self, key: str) -> TableSpec:
        return next(t for t in self.tables if t.key == key)


GENERIC_PROFILE = "generic"  # profiles/generic.toml: no declared tables, for documents no family fits
GENERIC_PREFIX = "U"  # 未识别的表 U01, U02 …: never a standard key (T01…, J01…)


def is_generic_key(key: str) -> bool:
    return key.startswith(GENERIC_PREFIX)


def generic_spec(table) -> TableSpec:
    """How a 未识别的表 (recognise/generic.py) is laid out, described as a TableSpec from the table as
    read, so that writers and messages treat it as they treat a declared table."""
    sides = list(dict.fromkeys(r.side for r in table.rows)) or [None]
    columns: list[ColumnSpec] = []
    for n, side in enumerate(sides, 1):
        rows = [r for r in table.rows if r.side == side]
        suffix = f".{n}" if n > 1 else ""  # a second part's label columns: "code.2", "label.2"
        if any(r.code for r in rows):
            columns.append(ColumnSpec("code" + suffix, (), text=True, side=side))
        columns.append(ColumnSpec("label" + suffix, (), text=True, side=side))
        keys = [k for k in table.columns if any(r.values.get(k) is not None or k in r.values for r in rows)]
        columns += [ColumnSpec(k, (), side=side) for k in keys]
    return TableSpec(key=table.key, name=table.name, titles=(), columns=tuple(columns),
                     row_kinds={side: "generic" for side in sides}, short=table.name)


def table_specs(d) -> dict[str, TableSpec]:
    """Every table of disclosure ``d`` -> its spec: the profile's declared tables, then one spec per
    未识别的表 as read."""
    try:
        specs = {t.key: t for t in get_profile(d.profile).tables}
    except KeyError:
        specs = {}
    specs.update({t.key: generic_spec(t) for t in d.tables if is_generic_key(t.key)})
    return specs


def _patterns(items) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in items)


def _table(entry: dict) -> TableSpec:
    if "body" in entry:
        row_kinds = {None: entry["body"]["rows"]}
    elif "sides" in entry:  # parts printed side by side, left to right, each with its rows kind
        row_kinds = dict(entry["sides"])
    else:
        row_kinds = {"income": entry["income"]["rows"], "expenditure": entry["expenditure"]["rows"]}
    return TableSpec(
        key=entry["key"],
        name=entry["name"],
        titles=_patterns(entry["titles"]),
        columns=tuple(
            ColumnSpec(c["key"], _patterns(c["aliases"]), c.get("text", False), c.get("side"), c.get("optional", False),
                       c.get("level"))
            for c in entry["columns"]
        ),
        row_kinds=row_kinds,
        rows=tuple(
            RowSpec(r["key"], _patterns(r["aliases"]), r.get("role", "detail"), r.get("side"))
            for r in entry.get("rows", [])
        ),
        short=entry.get("short", ""),
        header_groups=tuple((g["title"], tuple(g["columns"])) for g in entry.get("header_groups", [])),
        header_spans=entry.get("header_spans", False),
        unit=entry.get("unit"),
        units_listed=entry.get("body", {}).get("units") == "listed",
        parent_codes=entry.get("parent_codes"),
        total_first=entry.get("body", {}).get("total") == "first",
    )


def load_profile_text(text: str) -> Profile:
    data = tomllib.loads(text)
    head = data["profile"]
    return Profile(head["id"], head["name"], head["kind"], head.get("min_tables", 1),
                   tuple(_table(t) for t in data["tables"]), tuple(head.get("relations", ())),
                   tuple(head.get("prose", ())), _patterns(head.get("prose_parts", ())),
                   _patterns(head.get("prose_ends", ())),
                   tuple((p["name"], re.compile(p["heading"])) for p in head.get("parts", ())),
                   tuple(head.get("empty_notes", ("本表无数据",))), head.get("label_says_level", True),
                   head.get("rows_cross_pages", False), _patterns(head.get("text_parts", ())),
                   head.get("titles_repeat", False), head.get("titles_in_grid", False),
                   head.get("form_facts", False))


@lru_cache(maxsize=None)
def all_profiles() -> tuple[Profile, ...]:
    folder = resources.files(__package__)
    return tuple(
        load_profile_text(f.read_text("utf-8"))
        for f in sorted(folder.iterdir(), key=lambda f: f.name)
        if f.name.endswith(".toml")
    )


def get_profile(profile_id: str) -> Profile:
    for p in all_profiles():
        if p.id == profile_id:
            return p
    known = ", ".join(p.id for p in all_profiles())
    raise KeyError(f"未知的模板：{profile_id}（可用：{known}）")
