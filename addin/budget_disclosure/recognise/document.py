"""Document-level facts: kind, year, entity, level, money unit, parts and the prose sections."""
from __future__ import annotations

import re
from collections import Counter

from ..amounts import compact
from ..model import Section
from ..raw import TextLine
from .titles import is_toc_line

# "编制部门：…" / "编制单位：…" label the tables of 上海's 部门 and 单位 documents.
# "单位：无锡市交通运输局（本级）   单位：万元" (江苏 单位预算): "单位：" labels the entity too, when
# the money unit's own "单位：" follows on the same line.
_ENTITY = re.compile(r"^(部门|预算部门|编制部门|编制单位)[：:]\s*(.+?)(?:\s*(?:金额)?单位[：:].*)?$|"
                     r"(部门|单位|预算单位|预算部门)名称[：:]\s*(.+?)(?:\s*(?:金额)?单位[：:].*)?$|"
                     r"^(单位)[：:]\s*(?!(?:万元|元|千元|亿元)\s)(.+?)\s+(?:金额)?单位[：:]\s*(?:万元|元|千元|亿元)\s*$")
# A part's or the tables' heading naming the document: "第二部分上海市普陀区财政局2024年度部门决算表".
_HEADING_ENTITY = re.compile(r"^(?:第[一二三四五]部分)?(?!第[一二三四五]部分)([^，。：:]{2,40}?)(?:19|20)\d{2}年度?(部门|单位)(?:预算|决算)")
_MONEY_UNIT = re.compile(r"(?:金额)?单位[：:]\s*(万元|元|千元|亿元)")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_PART = re.compile(r"^第([一二三四五六七八九十])部分\s*(.*)$")
_SECTION = re.compile(r"^([一二三四五六七八九十]{1,3})、\s*(.{2,40})$")
# Titles that only 决算 documents print.
_FINAL_ACCOUNTS = re.compile(r"决算(总)?表|决算公开|部门决算|单位决算")


def entity_in(text: str) -> tuple[str, str] | None:
    """The name after "单位名称：" / "部门名称：" in one printed line, and the level it implies."""
    m = _ENTITY.search(text.strip())
    if not m:
        return None
    kind, name = next((m.group(i), m.group(i + 1)) for i in (1, 3, 5) if m.group(i))
    if not compact(name) or re.search(r"[，。；]", name):  # a sentence of prose, not a label
        return None
    return compact(name), "部门" if "部门" in kind else "单位"


def money_unit_in(text: str) -> str | None:
    """The money unit of "单位：万元" / "金额单位：元" in one printed line."""
    m = _MONEY_UNIT.search(compact(text))
    return m.group(1) if m else None


def find_entity(lines: list[TextLine]) -> tuple[str | None, str | None]:
    """The most printed 单位名称/部门名称 and the level it implies (部门 or 单位)."""
    names: Counter = Counter()
    levels: Counter = Counter()
    for line in lines:
        found = entity_in(line.text)
        if found:
            names[found[0]] += 1
            levels[found[1]] += 1
    if not names:  # 决算 documents print the name only in their headings
        for line in lines:
            m = _HEADING_ENTITY.match(compact(line.text))
            if m and not is_toc_line(line.text):
                names[m.group(1)] += 1
                levels[m.group(2)] += 1
    if not names:
        return None, None
    return names.most_common(1)[0][0], levels.most_common(1)[0][0]


# The cover: "江苏省人大常委会办公厅 / 2017年度部门预算", "2026年 / 广州市交通运输局部门预算",
# "长春市信访局（本级）2026年度部门预算公开". Anchored at the cover's start, so that "上海市普陀区2026年
# 区级部门预算" (a region's series, the entity printed below as "预算主管部门：…") names no entity.
_COVER = re.compile(r"^[.。·\s]*(?:(?:19|20)\d{2}年度?)?(?P<name>[^\d：:，。.]{2,40}?)(?:(?:19|20)\d{2}年度?)?"
                    r"(?P<level>部门|单位)(?:预算|决算)")


def entity_on_cover(lines: list[TextLine]) -> tuple[str | None, str | None]:
    """The entity and level the cover prints (its lines before "目录", on the first two pages)."""
    cover = []
    for line in lines[:8]:
        t = compact(line.text)
        if (line.page or 1) > 2 or t.startswith(("目录", "第一部分")):
            break
        cover.append(t)
    m = _COVER.match("".join(cover))
    if not m or re.search(r"表$|公开表|预算\d", m.group("name")):
        return None, None
    return m.group("name"), m.group("level")


def find_money_unit(lines: list[TextLine]) -> str | None:
    units = Counter(u for line in lines if (u := money_unit_in(line.text)))
    return units.most_common(1)[0][0] if units else None


def main_money_unit(tables, lines: list[TextLine]) -> str:
    """The document's money unit: the one most of its tables print (上海 prints its tables in 元 and
    only the “三公” table and the prose in 万元), else the one its lines print most, else 万元."""
    units = Counter(t.unit for t in tables if t.unit)
    if units:
        return units.most_common(1)[0][0]
    return find_money_unit(lines) or "万元"


def level_from_cover(lines: list[TextLine]) -> str | None:
    for line in lines[:40]:
        t = compact(line.text)
        if "部门预算" in t:
            return "部门"
        if "单位预算" in t:
            return "单位"
    return None


def looks_like_final_accounts(lines: list[TextLine]) -> bool:
    hits = sum(1 for line in lines if len(line.text) < 80 and _FINAL_ACCOUNTS.search(compact(line.text)))
    return hits >= 2


# Words that only budget disclosures print in titles and headings, whatever the template.
_DISCLOSURE_SIGNS = re.compile(r"(部门|单位)预算|预算(公开|信息公开)|收支(预算)?总表|三公|基本支出|项目支出|政府性基金|财政拨款")


def looks_like_budget_disclosure(raw) -> bool:
    """True for a budget disclosure of any region's template (even one we cannot read yet)."""
    texts = [line.text for line in raw.lines if len(line.text) < 80]
    texts += [c for t in raw.tables for r in t.rows[:3] for c in r if c and len(c) < 80]
    return sum(1 for t in texts if _DISCLOSURE_SIGNS.search(compact(t))) >= 3


_FORM_LABEL = re.compile(r"^(部门|单位)名称$")
_FORM_YEAR = re.compile(r"^[（(]((?:19|20)\d{2})年度?[）)]$")


def entity_in_forms(tables) -> tuple[str | None, str | None]:
    """The entity a form prints as a "部门名称 | <name>" pair of grid cells (no colon: a label cell and
    the value cell after it, 北京's 预算13表 部门整体支出绩效目标表), and the level the label implies."""
    for table in tables:
        for row in table.rows:
            cells = [compact(c) for c in row if compact(c)]
            for label, value in zip(cells, cells[1:]):
                m = _FORM_LABEL.match(label)
                if m and not re.search(r"[\d，。；：:]", value):
                    return value, m.group(1)
    return None, None


def year_in_forms(lines: list[TextLine]) -> int | None:
    """The year a form prints as its own line under its title: "（2026年度）"."""
    for line in lines:
        m = _FORM_YEAR.match(compact(line.text))
        if m:
            return int(m.group(1))
    return None


def find_year(title_years: list[int], lines: list[TextLine]) -> int | None:
    if title_years:
        return Counter(title_years).most_common(1)[0][0]
    for line in lines[:30]:
        m = _YEAR.search(line.text)
        if m:
            return int(m.group(1))
    return None


def _headings(lines: list[TextLine]) -> list[tuple[int, str, str]]:
    """(line index, number, rest) of every 第N部分 heading that is not a table-of-contents line."""
    out = []
    for i, line in enumerate(lines):
        t = line.text.strip()
        m = _PART.match(compact(t))
        if m and not is_toc_line(t):
            out.append((i, m.group(1), m.group(2)))
    return out


def find_parts(lines: list[TextLine]) -> list[str]:
    seen: dict[str, str] = {}
    for _, number, rest in _headings(lines):
        seen[number] = f"第{number}部分 {rest}".strip()  # last wins: the TOC comes first
    return [seen[n] for n in "一二三四五六七八九十" if n in seen]


_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九", 0)}


def chinese_number(text: str) -> int:
    """一 -> 1, 十二 -> 12, 二十三 -> 23 (section numbers stay below 100)."""
    if "十" not in text:
        return _DIGITS.get(text, 0)
    tens, _, ones = text.partition("十")
    return (_DIGITS.get(tens, 0) if tens else 1) * 10 + (_DIGITS.get(ones, 0) if ones else 0)


def split_sections(lines: list[TextLine], joiner: str = "\n") -> list[Section]:
    """The numbered sections of 第三部分 (情况说明), each with its text and pages.

    ``joiner`` goes between the lines of a section: "\n" where lines are the document's own, ""
    for PDFs, whose lines break mid-sentence at the page edge. ``Section.page_marks`` records
    where in the text each page begins, so a sentence can be traced back to its page.
    """
    heads = _headings(lines)
    starts = [i for i, n, _ in heads if n == "三"]
    if not starts:
        return []
    start = starts[-1]
    ends = [i for i, n, _ in heads if i > start and n != "三"]
    end = ends[0] if ends else len(lines)
    return _numbered_sections(lines[start + 1:end], joiner)


def _numbered_sections(lines: list[TextLine], joiner: str, part: str = "第三部分") -> list[Section]:
    """The sections "一、…", "二、…" of a part's lines (what precedes the first is not a section)."""
    sections: list[Section] = []
    for line in lines:
        t = line.text.strip()
        m = _SECTION.match(t)
        # Sections run 一, 二, 三 …; a "一、" inside a performance form is text, not a new section.
        expected = chinese_number(sections[-1].number) + 1 if sections else 1
        if m and chinese_number(m.group(1)) == expected and not t.endswith(("。", "；", ";")) and not is_toc_line(t):
            sections.append(Section(m.group(1), m.group(2).strip(), "", [line.page] if line.page else [], part))
        elif sections:
            _append(sections[-1], line, joiner)
    return sections


def _append(s: Section, line: TextLine, joiner: str) -> None:
    if s.text:
        s.text += joiner
    if line.page and (not s.page_marks or s.page_marks[-1][1] != line.page):
        s.page_marks.append((len(s.text), line.page))
    s.text += line.text.strip()
    if line.page and line.page not in s.pages:
        s.pages.append(line.page)


# A numbered line ("六、其他相关情况说明") is a table of contents' entry, never a part's own heading.
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[.．、])")


def is_part_heading(text: str, patterns) -> bool:
    t = compact(text)
    return not _NUMBERED.match(t) and not is_toc_line(text) and any(p.search(t) for p in patterns)


def find_declared_parts(lines: list[TextLine], patterns) -> list[str]:
    """The printed headings of a family's parts when it prints no "第N部分" (上海: "上海市普陀区司法局
    主要职能", "名词解释", "2026年单位预算编制说明" …), in print order, each once."""
    found: list[str] = []
    for line in lines:
        if is_part_heading(line.text, patterns) and compact(line.text) not in found:
            found.append(compact(line.text))
    return found


def split_parts(blocks, starts, ends, is_title, joiner: str = "\n") -> list[Section]:
    """The prose of a family that prints no 第三部分: each part opens at a heading matching
    ``starts`` and runs to the next table, table title (``is_title``), part heading or heading
    matching ``ends`` (上海: "2026年单位预算编制说明" up to 表1; "其他相关情况说明" up to a project's
    "…项目经费情况说明"). A part's numbered sections ("一、…") are its sections; a part printing
    none is one section, named by its heading."""
    parts: list[tuple[TextLine, list[TextLine]]] = []
    current: list[TextLine] | None = None
    for block in blocks:
        if not isinstance(block, TextLine) or is_title(block.text) or is_part_heading(block.text, ends):
            current = None
        elif is_part_heading(block.text, starts):
            current = []
            parts.append((block, current))
        elif current is not None:
            current.append(block)
    sections: list[Section] = []
    for heading, lines in parts:
        name = compact(heading.text)
        numbered = _numbered_sections(lines, joiner, part=name)
        if not numbered and lines:
            whole = Section("", name, "", [], part=name)
            for line in lines:
                _append(whole, line, joiner)
            numbered = [whole]
        sections += numbered
    return sections
