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

    @property
    def label(self) -> str:
        """"表3 支出总表": the table's number and short name, as sheets and messages show it."""
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
    # Headings opening the text parts outside the prose (上海: 主要职能, 机构设置, 名词解释, a project's
    # "…项目经费情况说明"): their wording is checked (check/hygiene.py), their figures bound to nothing.
    text_parts: tuple[re.Pattern, ...] = ()

    def table(self, key: str) -> TableSpec:
        return next(t for t in self.tables if t.key == key)


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
            ColumnSpec(c["key"], _patterns(c["aliases"]), c.get("text", False), c.get("side"), c.get("optional", False))
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
    )


def load_profile_text(text: str) -> Profile:
    data = tomllib.loads(text)
    head = data["profile"]
    return Profile(head["id"], head["name"], head["kind"], head.get("min_tables", 1),
                   tuple(_table(t) for t in data["tables"]), tuple(head.get("relations", ())),
                   tuple(head.get("prose", ())), _patterns(head.get("prose_parts", ())),
                   _patterns(head.get("prose_ends", ())),
                   tuple((p["name"], re.compile(p["heading"])) for p in head.get("parts", ())),
                   tuple(head.get("empty_notes", ("本表无数据",))), _patterns(head.get("text_parts", ())))


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
