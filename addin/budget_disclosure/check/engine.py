"""Expanding the catalog's relations over one disclosure and judging each instance.

An *instance* is one relation with its variables bound (e.g. "hierarchy" for 表3 row 211,
column basic): two lists of signed operands, each operand one or more printed cells. The same
instances drive the Python verdicts here and, later, the workbook's formulas, so both always
agree on which cells a check ties together.
"""
from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..amounts import compact, unit_scale
from ..classification import strip_item_prefix
from ..model import Disclosure, Row, Table
from ..profiles import table_specs
from .catalog import Catalog, Ref, Relation, parse_equation
from .tolerance import CENT, money_resolution, sum_bound

ZERO = Decimal(0)


@dataclass(frozen=True)
class Cell:
    """One printed figure taking part in a check, and where it is printed."""

    source: str  # "table" | "prose" | "performance"
    table: str | None = None
    row: int | None = None  # index in Table.rows; None for a code the table does not print (zero)
    column: str | None = None
    claim: int | None = None  # index in Disclosure.claims
    target: int | None = None  # index in Disclosure.performance_targets
    value: Decimal | None = None
    resolution: Decimal = ZERO  # rounding step of the printed figure, in the printed unit
    scale: Decimal = Decimal(1)  # printed unit -> the document's unit (元 -> 万元: 0.0001)

    @property
    def amount(self) -> Decimal:
        return (self.value or ZERO) * self.scale

    @property
    def step(self) -> Decimal:
        return self.resolution * self.scale if self.value else ZERO


@dataclass(frozen=True)
class Operand:
    sign: int
    cells: tuple[Cell, ...]
    summed: bool = False  # a SUM over a row set

    @property
    def amount(self) -> Decimal:
        return self.sign * sum((c.amount for c in self.cells), ZERO)


@dataclass
class Outcome:
    """The verdict on one instance of a rule."""

    rule: str
    name: str
    kind: str  # "sum" | "share" | "rate"
    severity: str  # severity when the status is "mismatch"
    status: str  # "pass" | "rounding" (尾差) | "mismatch" (不符)
    published: Decimal | None
    expected: Decimal | None
    difference: Decimal | None
    tolerance: Decimal
    left: list[Operand] = field(default_factory=list)
    right: list[Operand] = field(default_factory=list)
    context: dict = field(default_factory=dict)  # bound variables and prose details, for messages

    @property
    def cells(self) -> list[Cell]:
        return [c for op in self.left + self.right for c in op.cells]


class NotApplicable(Exception):
    """A referenced table, row or column is not printed: the instance cannot be checked."""


def table_unit(d: Disclosure, table: Table, specs: dict | None = None) -> str:
    """The money unit a table's figures are in: as printed with it, else as its template prints it,
    else the document's. ``specs``: table_specs(d), when the caller has them already."""
    if table.unit:
        return table.unit
    spec = (specs if specs is not None else table_specs(d)).get(table.key)
    return (spec.unit if spec is not None else None) or d.unit


def nominal_resolution(table: Table, unit: str) -> Decimal:
    """The rounding step of the table's printing — the finest of its non-zero figures (0.01 for
    tables printed to the cent, 1 for 元 printed whole) — for cells it prints blank or zero, which
    carry no rounding now but would if a reviewer typed a figure into them."""
    steps = [money_resolution(v, unit) for r in table.rows for v in r.values.values() if v]
    return min(steps, default=money_resolution(Decimal("0.01"), unit))


def table_cell(table: Table, index: int | None, column: str, unit: str = "万元", scale: Decimal = Decimal(1),
               blank_resolution: Decimal = CENT) -> Cell:
    """A table figure as a check uses it: its rounding step in the unit it is printed in, and the
    factor into the document's unit."""
    if index is None:
        return Cell("table", table=table.key, row=None, column=column, scale=scale)
    value = table.rows[index].values.get(column)
    resolution = money_resolution(value, unit) if value else blank_resolution
    return Cell("table", table=table.key, row=index, column=column, value=value, resolution=resolution, scale=scale)


_CODED_KINDS = {"coded", "coded_economic", "classes", "economic", "indented"}


def _lists_codes(spec, table: Table) -> bool:
    """Are the table's rows listed by code (科目编码, 表1's 类 by name)? Its template says so;
    a table no template describes is judged by its rows."""
    if spec is None or "generic" in spec.row_kinds.values():  # a 未识别的表: by the codes it prints
        return any(r.code for r in table.rows) or table.empty
    return any(kind in _CODED_KINDS for kind in spec.row_kinds.values())


class Resolver:
    """Finds the cells a reference names in one disclosure."""

    def __init__(self, d: Disclosure):
        self.d = d
        self.tables = {t.key: t for t in d.tables}
        # Row lookups by key, code, printed name and parent, built once per disclosure.
        self.by_key: dict[str, dict[str, int]] = {}
        self.by_code: dict[str, dict[str, int]] = {}
        self.by_label: dict[str, dict[str, int]] = {}
        self.children: dict[str, dict[int, list[int]]] = {}
        self.repeated: dict[str, dict[str, list[int]]] = {}  # code -> every row printing it
        self.by_level: dict[str, dict[str, list[int]]] = {}
        # Each table's printed unit, its factor into the document's unit and its nominal rounding.
        specs = table_specs(d)
        self.units = {t.key: table_unit(d, t, specs) for t in d.tables}
        self.scales = {t.key: unit_scale(self.units[t.key], d.unit) for t in d.tables}
        self.nominal = {t.key: nominal_resolution(t, self.units[t.key]) for t in d.tables}
        # Tables whose rows are listed by code; a code looked up in another (表2 by unit) is no row of it.
        self.coded = {t.key for t in d.tables if _lists_codes(specs.get(t.key), t)}
        # Tables printing 项 rows only (泉州's 表3/表5): an unprinted 类/款 is the sum of its printed 项.
        self.summed_parents = {t.key for t in d.tables if getattr(specs.get(t.key), "parent_codes", None) == "sum"}
        for t in d.tables:
            keys, codes, labels, kids, levels = {}, {}, {}, {}, {}
            for i, r in enumerate(t.rows):
                if r.key:
                    keys.setdefault(r.key, i)
                if r.code:
                    codes.setdefault(r.code, i)
                    self.repeated.setdefault(t.key, {}).setdefault(r.code, []).append(i)
                labels.setdefault(strip_item_prefix(r.label), i)
                if r.parent is not None:
                    kids.setdefault(r.parent, []).append(i)
                if r.level:
                    levels.setdefault(r.level, []).append(i)
            self.repeated.setdefault(t.key, {})
            self.by_key[t.key], self.by_code[t.key], self.by_label[t.key] = keys, codes, labels
            self.children[t.key], self.by_level[t.key] = kids, levels

    def table(self, key: str) -> Table:
        t = self.tables.get(key)
        if t is None:
            raise NotApplicable(f"{key} 未公开")
        return t

    def row_index(self, table: Table, ref: Ref, current: int | None) -> int | None:
        sel = ref.row
        if sel.kind == "current":
            if current is None:
                raise NotApplicable("没有当前行")
            return current
        if sel.kind == "index":
            return int(sel.value)
        if sel.kind == "code":
            if table.key not in self.coded:
                raise NotApplicable(f"{table.key} 不按科目编码列行")
            # Coded tables print only codes with money: an unprinted code is zero.
            return self.by_code[table.key].get(sel.value)
        if sel.kind == "key":
            found = self.by_key[table.key].get(sel.value)
        else:  # label
            found = self.by_label[table.key].get(compact(sel.value))
        if found is None:
            if table.empty:  # printed with 本表无数据: every figure of it is zero
                return None
            raise NotApplicable(f"{table.key} 没有 {sel.value} 行")
        return found

    def operand(self, ref: Ref, sign: int, table_key: str | None, current: int | None) -> Operand:
        key = ref.table or table_key
        if key is None:
            raise ValueError(f"引用没有指明表：{ref}")
        table = self.table(key)
        if ref.column not in table.columns and not table.empty:
            raise NotApplicable(f"{key} 没有 {ref.column} 列")
        if ref.row.kind == "children":
            if current is None:
                raise NotApplicable("没有当前行")
            rows = self.children[key].get(current, [])
        elif ref.row.kind == "level":
            rows = self.by_level[key].get(ref.row.value, [])
        else:
            index, rows = self.row_index(table, ref, current), []
            if ref.row.kind == "code" and key in self.summed_parents:
                # A code printed on several rows (北京's 表5: a 项 once per unit) is the sum of them all.
                rows = self.repeated[key].get(ref.row.value, []) if index is not None else self.printed_under(key, ref.row.value)
                index, rows = (rows[0], []) if len(rows) == 1 else (None if rows else index, rows)
            if index is not None or not rows:
                return Operand(sign, (self.cell(table, index, ref.column),))
        return Operand(sign, tuple(self.cell(table, i, ref.column) for i in rows), summed=True)

    def printed_under(self, key: str, code: str) -> list[int]:
        """The topmost printed rows under an unprinted code (a 类's 款 where printed, else its 项), each
        code's every printed row."""
        codes = self.by_code[key]
        return [i for c, rows in self.repeated[key].items() if c.startswith(code) and len(c) > len(code)
                and not any(c[:n] in codes for n in range(len(code) + 1, len(c))) for i in rows]

    def cell(self, table: Table, index: int | None, column: str) -> Cell:
        key = table.key
        return table_cell(table, index, column, self.units[key], self.scales[key], self.nominal[key])


_WHERE = re.compile(r"^(side|level|role)\s*=\s*(\S+)$")


def _row_filter(where: str | None):
    if not where:
        return lambda row: True
    m = _WHERE.match(where.strip())
    if not m:
        raise ValueError(f"无法理解的 where：{where}")
    attr, value = m.groups()
    return lambda row: getattr(row, attr) == value


def _columns(d: Disclosure, table: Table, where: str | None) -> list[str]:
    m = _WHERE.match(where.strip()) if where else None
    if m and m.group(1) == "side":
        spec = table_specs(d)[table.key]
        sided = {c.key for c in spec.amount_columns(m.group(2))}
        return [c for c in table.columns if c in sided]
    return list(table.columns)


def applies(relation: Relation, d: Disclosure) -> bool:
    """The `when` condition: clauses joined by "and": level = X, printed(T), empty(T), column(T.c),
    no column(T.c), figure(T.c) (some row of T prints a non-zero amount in column c)."""
    if not relation.when:
        return True
    for clause in relation.when.split(" and "):
        clause = clause.strip()
        if m := re.match(r"^level\s*=\s*(\S+)$", clause):
            ok = d.level == m.group(1)
        elif m := re.match(r"^(printed|empty)\(([TJ]\d\d)\)$", clause):
            t = d.table(m.group(2))
            ok = t is not None and (t.empty if m.group(1) == "empty" else not t.empty)
        elif m := re.match(r"^(no )?column\(([TJ]\d\d)\.(\w+)\)$", clause):  # a column some layouts print
            t = d.table(m.group(2))
            ok = (t is not None and m.group(3) in t.columns) != bool(m.group(1))
        elif m := re.match(r"^figure\(([TJ]\d\d)\.(\w+)\)$", clause):  # "0" and blank say the same: none
            t = d.table(m.group(1))
            ok = t is not None and any(r.values.get(m.group(2)) for r in t.rows)
        else:
            raise ValueError(f"{relation.id}：无法理解的 when：{clause}")
        if not ok:
            return False
    return True


def _codes(d: Disclosure, spec: dict, keep_blank: bool = False) -> list[str]:
    codes: list[str] = []
    for key in spec.get("in", []):
        t = d.table(key)
        for r in t.rows if t else []:
            if r.code and (spec.get("level") in (None, r.level)) and r.code not in codes:
                values = [r.values.get(spec["column"])] if "column" in spec else list(r.values.values())
                if keep_blank or any(v for v in values):
                    codes.append(r.code)
    return codes


def bindings(relation: Relation, d: Disclosure, resolver: Resolver, keep_blank: bool = False):
    """Every assignment of the relation's variables: (table key, current row index, variables)."""
    tables = _table_keys(relation, resolver) if relation.tables else (None,)
    loop_names = list(relation.loop)
    loops = [dict(zip(loop_names, values)) for values in zip(*relation.loop.values())] or [{}]
    keep = _row_filter(relation.where if "row" in relation.each or "parent" in relation.each else None)
    for key in tables:
        table = resolver.tables.get(key) if key else None
        if key and table is None:
            continue  # a missing table is reported once by the completeness checks
        rows: list[int | None] = [None]
        if "row" in relation.each:
            rows = [i for i, r in enumerate(table.rows) if keep(r)]
        elif "parent" in relation.each:
            parents = {r.parent for r in table.rows if r.parent is not None}
            rows = [i for i in sorted(parents) if keep(table.rows[i])]
        columns: list[str | None] = [None]
        if "column" in relation.each:
            columns = _columns(d, table, relation.where)
        codes: list[str | None] = _codes(d, relation.codes, keep_blank) if "code" in relation.each else [None]
        for row in rows:
            for column in columns:
                for code in codes:
                    for extra in loops:
                        variables = dict(extra)
                        if key:
                            variables["table"] = key
                        if row is not None:
                            variables["row"] = f"#{row}"
                        if column is not None:
                            variables["column"] = column
                        if code is not None:
                            variables["code"] = code
                        yield key, row, variables


def _table_keys(relation: Relation, resolver: Resolver) -> tuple[str, ...]:
    """The relation's tables; a pattern ("U*": every 未识别的表) names each printed table it matches."""
    keys: list[str] = []
    for key in relation.tables:
        keys += sorted(k for k in resolver.tables if fnmatch.fnmatchcase(k, key)) if "*" in key else [key]
    return tuple(keys)


def _substitute(text: str, variables: dict) -> str:
    return re.sub(r"\{([a-z_]+)\}", lambda m: str(variables[m.group(1)]), text)


def judge_sum(rule: str, name: str, severity: str, left: list[Operand], right: list[Operand],
              context: dict, keep_blank: bool = False) -> Outcome | None:
    """A sum relation's verdict; None when nothing on either side is printed (unless
    ``keep_blank``: a template to be filled in wants every relation, figures or not)."""
    cells = [c for op in left + right for c in op.cells]
    if all(c.value is None for c in cells) and not keep_blank:
        return None
    published = sum((op.amount for op in left), ZERO)
    expected = sum((op.amount for op in right), ZERO)
    difference = published - expected
    bound = sum_bound([c.step for c in cells])
    status = "pass" if difference == 0 else ("rounding" if abs(difference) <= bound else "mismatch")
    return Outcome(rule, name, "sum", severity, status, published, expected, difference, bound, left, right, context)


def evaluate_relations(d: Disclosure, catalog: Catalog, keep_blank: bool = False) -> list[Outcome]:
    resolver = Resolver(d)
    outcomes: list[Outcome] = []
    for relation in catalog.relations:
        if not applies(relation, d):
            continue
        for key, row, variables in bindings(relation, d, resolver, keep_blank):
            eq = parse_equation(_substitute(relation.check, variables))
            try:
                left = [resolver.operand(t.ref, t.sign, key, row) for t in eq.left]
                right = [resolver.operand(t.ref, t.sign, key, row) for t in eq.right]
            except NotApplicable:
                continue
            context = {"variables": variables}
            outcome = judge_sum(relation.id, relation.name, relation.severity, left, right, context, keep_blank)
            if outcome is not None:
                outcomes.append(outcome)
    return outcomes


def row_of(d: Disclosure, cell: Cell) -> Row | None:
    t = d.table(cell.table) if cell.table else None
    return t.rows[cell.row] if t is not None and cell.row is not None else None
