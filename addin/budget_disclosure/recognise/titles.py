"""Finding table titles among text lines: "预算公开表1 / 2026年预算收支总表" -> T01."""
from __future__ import annotations

import re

from ..amounts import compact
from ..profiles import Profile, TableSpec
from ..textnorm import without_quotes

# "预算公开表1", "部门公开表9", "表一", "表1-2", "附表3", "公开01表" printed before or inside a title.
_NUMBER_PREFIX = re.compile(
    r"^(?:(?:预算|部门|单位)?公开(?:表|报表)?\s*(?:[一二三四五六七八九十]+|\d{1,2}(?!\d))(?:[-－]\d+)?表?|"
    r"附?表\s*(?:[一二三四五六七八九十]+|\d{1,2}(?!\d))(?:[-－]\d+)?)[：:、.．\s]*"
)
# Everything up to and including the year ("阳泉市应急管理局2026年度", "2026年").
_YEAR_PREFIX = re.compile(r"^.{0,40}?(\d{4})年度?")
# Table-of-contents lines: dot leaders or a trailing page number after a tab.
_TOC = re.compile(r"(?:\.{3,}|…{2,}|·{3,})\s*\d*\s*$|\t\s*\d+\s*$")


def is_toc_line(text: str) -> bool:
    return bool(_TOC.search(text))


def normalize_title(text: str) -> tuple[str, int | None]:
    """The title with number prefix, year and quotes removed, and the year printed in it."""
    t = compact(without_quotes(text))
    t = _NUMBER_PREFIX.sub("", t)
    year = None
    m = _YEAR_PREFIX.match(t)
    if m:
        year = int(m.group(1))
        t = t[m.end():]
    t = _NUMBER_PREFIX.sub("", t)
    return t, year


def match_title(profile: Profile, text: str) -> TableSpec | None:
    """The standard table whose title this line is, or None."""
    if len(text) > 80 or is_toc_line(text):
        return None
    title, _ = normalize_title(text)
    if not title:
        return None
    for spec in profile.tables:
        if any(p.search(title) for p in spec.titles):
            return spec
    return None
