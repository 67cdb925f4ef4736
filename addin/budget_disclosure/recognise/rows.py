"""Typing body rows: totals, coded 类/款/项 rows, named rows, 表6 groups, units and projects.

Each printed row is first cut into one ``Line`` per side (two-sided tables print income and
expenditure side by side); a row kind from the profile then decides what each line is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..amounts import compact, parse_amount
from ..classification import economic_class_names, function_class_code, level_of_code, strip_item_prefix
from ..model import Notice, Row
from ..profiles import RowSpec, TableSpec
from .headers import ColumnMap

# A code before its name, bare ("2010999其他…"), bracketed inside the name cell ("[2010999]其他…") or
# joined by a dash (北京: "2050305-高等职业教育", "30101-基本工资").
_CODE_AND_NAME = re.compile(r"^[\[［【]?(\d{3}(?:\d{2}){0,2})(?!\d)[\]］】]?(?:\s*[-－—](?=\D))?\s*(.*)$", re.S)
_TOTAL_LABEL = re.compile(r"^(?:合计|总计|部门合计|单位合计)[：:]?$")  # "总计：" (长春)
_TOTAL_WORD = re.compile(r"^(?:合计|小计)$")  # a label cell saying "the row of the group named on its left"
# Names of organisations (department / unit rows of 表11-13), as opposed to project names.
_ORGANISATION = re.compile(
    r"(?:局|中心|站|队|所|院|处|办公室|委员会|委|办|厅|馆|学校|校|园|社|台|场|公司|协会|联合会|总队|支队|大队|分局|部)$"
)
_TRAILING_ASIDE = re.compile(r"[（(][^（）()]*[）)]$")
_PROJECT_WORDS = re.compile(r"经费|项目|补助|补贴|资金|专项|购置|建设|工程|运维|维护|改造|采购|奖励|费$")


@dataclass
class Line:
    """One side of one printed row."""

    texts: dict[str, str]  # label column key -> text (whitespace removed)
    values: dict[str, Decimal | None]
    page: int | None
    bad_cells: list[tuple[str, str]] = field(default_factory=list)  # (column key, text)
    # label column key -> how far its text starts from the cell's left edge (points), where the
    # reader knows it (raw.IndentedText): the level of a name printed without a code.
    indents: dict[str, float] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return next((t for t in self.texts.values() if t), "")

    @property
    def blank(self) -> bool:
        return not any(self.texts.values()) and all(v is None for v in self.values.values())


def cut_lines(body: list[list[str]], pages: list[int | None], spec: TableSpec, cmap: ColumnMap,
              side: str | None) -> list[Line]:
    cols = cmap.side_columns(spec, side)
    out = []
    for row, page in zip(body, pages):
        texts, values, bad, indents = {}, {}, [], {}
        for c in cols:
            j = cmap.index[c.key]
            cell = row[j] if j < len(row) else ""
            if c.text:
                texts[c.key] = compact(cell)
                if getattr(cell, "indent", None) is not None:
                    indents[c.key] = cell.indent
                continue
            try:
                values[c.key] = parse_amount(cell)
            except ValueError:
                values[c.key] = None
                bad.append((c.key, cell))
        line = Line(texts, values, page, bad, indents)
        if not line.blank:
            out.append(line)
    return out


class RowBuilder:
    """Turns the lines of one side into Rows of the given kind, collecting notices."""

    def __init__(self, spec: TableSpec, side: str | None, known_units: set[str]):
        self.spec = spec
        self.side = side
        self.known_units = known_units
        self.notices: list[Notice] = []
        self._code_parts_above: list[str] | None = None  # the 类/款/项 cells of the last code printed

    def build(self, kind: str, lines: list[Line]) -> list[Row]:
        for line in lines:
            for key, text in line.bad_cells:
                self.notices.append(Notice("not-an-amount", f"{self.spec.name}“{line.label}”行{key}列不是金额：{text}",
                                           self.spec.key, line.page))
        return getattr(self, f"_{kind}")(lines)

    def _row(self, line: Line, label: str, **kw) -> Row:
        return Row(label=label, values=dict(line.values), side=self.side, page=line.page, **kw)

    def _notice(self, code: str, message: str, line: Line) -> None:
        self.notices.append(Notice(code, f"{self.spec.name}：{message}", self.spec.key, line.page))

    # -- named rows: 表1/表4 income side, 表10 -------------------------------------------------
    def _match_named(self, label: str, taken: set[str]) -> RowSpec | None:
        bare = strip_item_prefix(label)
        for r in self.spec.named_rows(self.side):
            if r.key not in taken and (r.matches(bare) or r.matches(label)):
                return r
        return None

    def _named(self, lines: list[Line]) -> list[Row]:
        rows, taken = [], set()
        for line in lines:
            spec = self._match_named(line.label, taken)
            if spec is None:
                self._notice("unknown-row", f"未识别的行“{line.label}”", line)
                rows.append(self._row(line, line.label))
                continue
            taken.add(spec.key)
            rows.append(self._row(line, line.label, key=spec.key, role=spec.role))
        return rows

    # -- 表1/表4 expenditure side: 类 by name, then totals ---------------------------------------
    def _classes(self, lines: list[Line]) -> list[Row]:
        rows, taken = [], set()
        for line in lines:
            spec = self._match_named(line.label, taken)
            if spec is not None:
                taken.add(spec.key)
                rows.append(self._row(line, line.label, key=spec.key, role=spec.role))
                continue
            code = function_class_code(line.label)
            if code is None:
                self._notice("unknown-class", f"支出功能分类中没有“{line.label}”", line)
            rows.append(self._row(line, line.label, code=code, level="类" if code else None))
        return rows

    # -- 科目编码 rows ----------------------------------------------------------------------------
    def _split_code(self, line: Line) -> tuple[str | None, str]:
        parts = [t for k, t in line.texts.items() if k.endswith("code") or "code_" in k]
        parts = self._carry_code_parts(parts)
        # A code printed in 类/款/项 columns ("201", "06", "01") is one code.
        code_text = "".join(parts) if len(parts) > 1 and all(p.isdigit() or not p for p in parts) else (parts[0] if parts else "")
        name_text = next((t for k, t in line.texts.items() if k.endswith("name")), "")
        for text in (code_text, name_text, code_text + name_text):
            m = _CODE_AND_NAME.match(text)
            if m:
                return m.group(1), m.group(2) or (name_text if text is code_text else "")
        return None, name_text or code_text

    def _carry_code_parts(self, parts: list[str]) -> list[str]:
        """A code printed in 类/款/项 columns whose leading columns are blank ("" | "40" | "" under
        "201" | "" | "": the 款 40 of 类 201; "" | "" | "03": a 项 of the 款 above) takes those columns
        from the code printed above it."""
        if len(parts) < 2 or not all(p.isdigit() or not p for p in parts) or not any(parts):
            return parts
        if not parts[0]:
            above = self._code_parts_above
            if above is None:
                return parts
            first = next(i for i, p in enumerate(parts) if p)
            parts = above[:first] + parts[first:]
        self._code_parts_above = parts
        return parts

    def _coded(self, lines: list[Line]) -> list[Row]:
        rows: list[Row] = []
        by_code: dict[str, int] = {}
        total_index = None
        for line in lines:
            code, name = self._split_code(line)
            if self.spec.total_first and not rows:
                total_index = 0
                rows.append(self._row(line, name or line.label, key="total", role="total"))
                continue
            if code is None and _TOTAL_LABEL.match(name):
                total_index = len(rows)
                rows.append(self._row(line, name, key="total", role="total"))
                for r in rows[:-1]:  # printed at the bottom (上海's 决算表5): it still adds up the 类 above
                    if r.parent is None and r.level == "类":
                        r.parent = total_index
                continue
            if code is None:
                self._notice("no-code", f"“{name}”行没有科目编码", line)
                rows.append(self._row(line, name, parent=total_index))
                continue
            parent = by_code.get(code[:5]) if len(code) == 7 else None
            if parent is None and len(code) > 3:
                parent = by_code.get(code[:3])
            if parent is None:
                parent = total_index
            by_code[code] = len(rows)
            rows.append(self._row(line, name, code=code, level=level_of_code(code), parent=parent))
        return rows

    # -- names without codes, nested by indentation (杭州's 表3/表5, 表1's expenditure side) -------------
    def _indented(self, lines: list[Line]) -> list[Row]:
        """类/款/项 printed as names only, each level indented further: the distinct indents of the name
        column (points from the cell's edge, nearer than 3 pt being one), smallest first, are 类, 款,
        项; a row's parent is the nearest row above of a lower level, a 类's the total printed above it.
        A 类's code is its name's (data/function_classes.toml); 款 and 项 have none. Declared rows
        (totals) are taken by name. Where the table prints codes (湖州's tables of this family), the
        rows are read by code (kind `coded`)."""
        if any(self._split_code(line)[0] for line in lines):
            return self._coded(lines)
        taken: set[str] = set()
        named = {}
        for n, line in enumerate(lines):
            spec = self._match_named(line.label, taken)
            if spec is not None:
                taken.add(spec.key)
                named[n] = spec
        found = sorted({line.indents[k] for n, line in enumerate(lines) if n not in named
                        for k in line.indents if k in line.texts and line.texts[k] == line.label})
        steps = [x for i, x in enumerate(found) if i == 0 or x - found[i - 1] >= 3.0]
        rows: list[Row] = []
        open_rows: list[tuple[int, int]] = []
        total_index = None
        for n, line in enumerate(lines):
            spec = named.get(n)
            if spec is None and _TOTAL_LABEL.match(line.label):
                spec = RowSpec("total", (), "total")
            if spec is not None:
                if spec.role == "total" and not rows:
                    total_index = 0
                rows.append(self._row(line, line.label, key=spec.key, role=spec.role))
                continue
            indent = next((line.indents[k] for k, t in line.texts.items() if t == line.label and k in line.indents), None)
            depth = 0 if indent is None else max(i for i, x in enumerate(steps) if x <= indent + 1.5)
            level = ("类", "款", "项")[min(depth, 2)]
            while open_rows and open_rows[-1][0] >= depth:
                open_rows.pop()
            parent = open_rows[-1][1] if open_rows else total_index
            code = function_class_code(line.label) if depth == 0 else None
            if depth == 0 and code is None:
                self._notice("unknown-class", f"支出功能分类中没有“{line.label}”", line)
            open_rows.append((depth, len(rows)))
            rows.append(self._row(line, line.label, code=code, level=level, parent=parent))
        return rows

    # -- 表6: economic classes -----------------------------------------------------------------
    def _economic(self, lines: list[Line]) -> list[Row]:
        groups = economic_class_names()
        rows: list[Row] = []
        total_index = group_index = None
        for line in lines:
            name = line.texts.get("name", "") or line.label
            government = line.texts.get("government_class", "")
            bare = strip_item_prefix(name)
            if _TOTAL_LABEL.match(bare) or (self.spec.total_first and not rows):
                total_index = len(rows)
                rows.append(self._row(line, bare, key="total", role="total"))
            elif bare in groups and not government:
                group_index = len(rows)
                rows.append(self._row(line, bare, code=groups[bare], level="类", role="group", parent=total_index))
            else:
                attributes = {"government_class": government} if government else {}
                rows.append(self._row(line, bare, level="款", parent=group_index if group_index is not None else total_index,
                                      attributes=attributes))
        return rows

    # -- 决算表6: economic classes by code, in parts printed side by side ------------------------
    def _coded_economic(self, lines: list[Line]) -> list[Row]:
        rows: list[Row] = []
        groups: dict[str, int] = {}
        items: dict[str, int] = {}  # 款 code -> row, for the 7-digit 项 some regions print under it
        total_index = None
        for line in lines:
            code, name = self._split_code(line)
            named = self._match_named(name, set()) if code is None else None
            if self.spec.total_first and not rows:
                name = name or line.label
            if named is not None:
                rows.append(self._row(line, name, key=named.key, role=named.role))
            elif (code is None and _TOTAL_LABEL.match(name)) or (self.spec.total_first and not rows):
                # One 合计 over all classes, printed last (上海's 预算 经济分类表) or first (江苏): it adds
                # up the 类 above or below it.
                total_index = len(rows)
                for g in groups.values():
                    rows[g].parent = total_index
                rows.append(self._row(line, name, key="total", role="total"))
            elif code is not None and len(code) == 3:
                groups[code] = len(rows)
                rows.append(self._row(line, name, code=code, level="类", role="group", parent=total_index))
            elif code is not None and len(code) == 7 and code[:5] in items:
                # 重庆's 3010201 规范性津补贴 under 30102 津贴补贴: a part of its 款, not another 款 of the 类.
                rows.append(self._row(line, name, code=code, level="项", parent=items[code[:5]]))
            elif code is not None:
                items[code] = len(rows)
                rows.append(self._row(line, name, code=code, level="款", parent=groups.get(code[:3])))
            else:
                self._notice("no-code", f"“{name}”行没有经济分类科目编码", line)
                rows.append(self._row(line, name))
        return rows

    # -- rows nested by the label column they start in (江苏's 收入预算总表, 政府采购表) ---------------
    def _outline(self, lines: list[Line]) -> list[Row]:
        """A row's level is that of its deepest label column holding a name (a "小计" beside a group's
        name is that group's row; a name repeated from a cell merged across a page break is not the
        row's own); its parent is the nearest row above of a lower level, under the total row. Named
        rows get their keys; a "其中：" row is part of the row above, not one of the parts it adds up."""
        columns = [c for c in self.spec.columns if c.text and (self.side is None or c.side == self.side)]
        levels = {c.key: (c.level if c.level is not None else n) for n, c in enumerate(columns)}
        rows: list[Row] = []
        open_rows: list[tuple[int, int]] = []  # (level, index) of the rows the next one may nest under
        total_index = None
        taken: set[str] = set()
        for line in lines:
            named = [(levels[k], t) for k, t in line.texts.items() if t and k in levels and not _TOTAL_WORD.match(t)]
            level = max((lv for lv, _ in named), default=None)
            label = next((t for lv, t in named if lv == level), line.label)
            spec = self._match_named(label, taken)
            if spec is not None:
                taken.add(spec.key)
            if (spec is not None and spec.role == "total") or _TOTAL_LABEL.match(line.label):
                total_index, open_rows = len(rows), []
                rows.append(self._row(line, label, key=spec.key if spec else "total", role="total"))
                continue
            level = len(levels) if level is None else level
            while open_rows and open_rows[-1][0] >= level:
                open_rows.pop()
            if label.startswith("其中"):
                rows.append(self._row(line, label, key=spec.key if spec else None))
                continue
            parent = open_rows[-1][1] if open_rows else total_index
            open_rows.append((level, len(rows)))
            others = {k: t for k, t in line.texts.items() if t and t != label}
            rows.append(self._row(line, label, key=spec.key if spec else None, parent=parent, attributes=others))
        return rows

    # -- a table whose one data row has no label (决算 三公) --------------------------------------
    def _single(self, lines: list[Line]) -> list[Row]:
        return [self._row(line, self.spec.name, key="total", role="total") for line in lines[:1]]

    # -- 表11: 部门合计 + units ------------------------------------------------------------------
    def _units(self, lines: list[Line]) -> list[Row]:
        rows: list[Row] = []
        total_index = None
        for line in lines:
            if (_TOTAL_LABEL.match(line.label) or self.spec.total_first) and total_index is None:
                total_index = len(rows)
                rows.append(self._row(line, line.label, key="total", role="total", level="部门"))
            else:
                rows.append(self._row(line, line.label, level="单位", parent=total_index))
        return rows

    # -- rows by unit code: 合计, then 部门 "123" and its units "123001", "123002" … ------------------
    def _coded_units(self, lines: list[Line]) -> list[Row]:
        """A table by budget unit with a 部门代码/单位代码 column (江苏 收入总表): a row whose code
        begins with an earlier row's code is that row's part; the rest are parts of the 合计."""
        rows: list[Row] = []
        total_index = None
        coded: list[tuple[str, int]] = []  # (unit code, row index), in printed order
        for line in lines:
            code = line.texts.get("code", "")
            name = line.texts.get("name", "") or code
            if not code.isdigit():  # "合计" printed across the code and name cells
                code = ""
            if not code and _TOTAL_LABEL.match(name):
                total_index = len(rows)
                rows.append(self._row(line, name, key="total", role="total", level="部门"))
                continue
            parent = next((i for c, i in reversed(coded) if code and len(c) < len(code) and code.startswith(c)),
                          total_index)
            if code:
                coded.append((code, len(rows)))
            rows.append(self._row(line, name, level="单位", parent=parent,
                                  attributes={"unit_code": code} if code else {}))
        for r in rows:
            if r.parent is not None and rows[r.parent].role != "total":
                rows[r.parent].level = "部门"
        return rows

    # -- named groups, subgroups in the first label column, items indented past it -----------------
    def _grouped(self, lines: list[Line]) -> list[Row]:
        """A list grouped twice (政府采购: 合计 → 货物/工程/服务 → unit → item): the groups are the
        table's declared rows; a row whose first label column is filled is a subgroup of the last
        group, a row printed from a later label column is an item of the last subgroup. A line with
        no amount that is none of these is the rest of a cell cut by a page break: not a row."""
        first_key = next(c.key for c in self.spec.columns if c.text)
        rows: list[Row] = []
        total_index = group_index = sub_index = None
        for line in lines:
            first = line.texts.get(first_key, "")
            others = {k: t for k, t in line.texts.items() if t and k != first_key}
            named = self._match_named(first, set()) if first else None
            if first and _TOTAL_LABEL.match(first):
                total_index = len(rows)
                rows.append(self._row(line, first, key="total", role="total"))
            elif named is not None:
                group_index, sub_index = len(rows), None
                rows.append(self._row(line, first, key=named.key, role="group", parent=total_index))
            elif all(v is None for v in line.values.values()):
                continue
            elif first:
                sub_index = len(rows)
                rows.append(self._row(line, first, level="单位", parent=group_index if group_index is not None else total_index,
                                      attributes=others))
            else:
                parent = next((i for i in (sub_index, group_index, total_index) if i is not None), None)
                rows.append(self._row(line, line.label, level="项目", parent=parent, attributes=others))
        return rows

    # -- 表12/13: department -> unit -> project ---------------------------------------------------
    def is_organisation(self, name: str) -> bool:
        if name in self.known_units:
            return True
        # "广州市交通运输局（本级）", "…监督站（…造价管理站）": the name before a closing parenthesis.
        name = _TRAILING_ASIDE.sub("", name)
        if name in self.known_units:
            return True
        if self.spec.units_listed and len(self.known_units) > 1:  # the units are listed: no others
            return False
        return bool(_ORGANISATION.search(name)) and not _PROJECT_WORDS.search(name)

    def _projects(self, lines: list[Line]) -> list[Row]:
        if not lines:
            return []
        rows: list[Row] = []
        first = lines[0]
        if _TOTAL_LABEL.match(first.label) or self.is_organisation(first.label):
            has_units = any(self.is_organisation(l.label) for l in lines[1:])
            rows.append(self._row(first, first.label, role="total", key="total",
                                  level="部门" if has_units else "单位"))
            rest, top = lines[1:], 0
        else:
            rest, top = lines, None
        unit_index = None
        for line in rest:
            if self.is_organisation(line.label):
                # Some documents print a unit twice in a row (the unit, then itself as the budget
                # unit under it, seed 003): nest the repeat so every level still adds up.
                repeated = unit_index == len(rows) - 1 and rows[unit_index].label == line.label
                parent = unit_index if repeated else top
                unit_index = len(rows)
                rows.append(self._row(line, line.label, level="单位", parent=parent))
            else:
                rows.append(self._row(line, line.label, level="项目",
                                      parent=unit_index if unit_index is not None else top))
        return rows
