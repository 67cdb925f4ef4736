"""Findings: what a reviewer reads. Each has a rule id, a severity, a Chinese message and the
precise place it is about (table, row, column, page — or the prose sentence)."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Disclosure
from ..profiles import table_specs
from .engine import Cell, Operand, Outcome, table_unit

STATUS_TEXT = {"rounding": "尾差", "mismatch": "不符", "pass": "通过"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass
class Location:
    table: str | None = None  # "T03"
    row: str | None = None  # the row's printed name
    code: str | None = None
    column: str | None = None  # column key
    page: int | None = None
    section: str | None = None  # prose: "二、收入预算情况说明"
    sentence: str | None = None


@dataclass
class Finding:
    rule: str
    severity: str  # "error" | "warning" | "info"
    status: str  # 不符 / 尾差 / 缺失 …
    message: str
    location: Location
    published: Decimal | None = None
    expected: Decimal | None = None
    difference: Decimal | None = None
    tolerance: Decimal | None = None
    cells: list[dict] = field(default_factory=list)  # every figure the check used, with its place


def _fmt(value: Decimal | None) -> str:
    if value is None:
        return "空"
    cents = value.quantize(Decimal("0.01"))
    return format(cents if cents == value else value.normalize(), "f")


def claim_location(d: Disclosure, index: int) -> Location:
    """Where the prose states claim ``index``: its section, sentence and page."""
    c = d.claims[index]
    section = next((s for s in d.sections if s.number == c.section), None)
    return Location(page=c.page, section=section.label if section else c.section, sentence=c.sentence)


class Describer:
    """Names cells the way staff do: "表3 支出总表 211 节能环保支出 基本支出"."""

    def __init__(self, d: Disclosure):
        self.d = d
        self.specs = table_specs(d)

    def table_label(self, key: str) -> str:
        spec = self.specs.get(key)
        return spec.label if spec else key

    def row_label(self, cell: Cell) -> str:
        t = self.d.table(cell.table)
        if t is None or cell.row is None:
            return "（未列出）"
        r = t.rows[cell.row]
        if r.key and r.key.startswith("carryover_"):  # 表4 prints its carry-over by fund under 上年结转
            return f"上年结转·{r.label}"
        return f"{r.code} {r.label}" if r.code and not r.label.endswith(r.code) else r.label

    def column_label(self, cell: Cell) -> str:
        t = self.d.table(cell.table)
        title = t.column_titles.get(cell.column, "") if t else ""
        return title or cell.column or ""

    def cell(self, cell: Cell, relative_to: Cell | None = None) -> str:
        if cell.source == "prose":
            claim = self.d.claims[cell.claim]
            if claim.kind == "change" and claim.current is not None:  # "比上年增加" names nothing alone
                return f"说明中“{self.d.claims[claim.current].subject}”{claim.subject}"
            return f"说明中“{claim.subject}”"
        if cell.source == "performance":
            target = self.d.performance_targets[cell.target]
            return f"绩效目标表“{target.project}”年度资金总额"
        parts = []
        same_table = relative_to is not None and relative_to.source == "table" and relative_to.table == cell.table
        if not same_table:
            parts.append(self.table_label(cell.table))
        row = self.row_label(cell)
        if not (same_table and relative_to.row == cell.row):
            parts.append(row)
        column = self.column_label(cell)
        same_column = same_table and relative_to.column == cell.column and relative_to.row != cell.row
        if column != row and not same_column:  # "合计 合计" reads as one 合计; a column sum names rows only
            parts.append(column)
        return " ".join(p for p in parts if p)

    def value(self, c: Cell) -> str:
        """A figure as printed: prose with its unit, 元 forms with the 万元 they amount to."""
        if c.source == "prose":
            claim = self.d.claims[c.claim]
            return f"{claim.text}{claim.unit}"
        if c.source == "performance":
            target = self.d.performance_targets[c.target]
            printed = format(target.amount, ",f") if target.amount is not None else "空"
            return f"{printed}{target.unit}（{_fmt(c.amount)}{self.d.unit}）" if c.scale != 1 else printed
        return _fmt(c.value) + (self.unit_of(c) if c.value is not None else "")

    def unit_of(self, c: Cell) -> str:
        """The unit a table figure is shown with: none in a 万元 document printed all in 万元 (as
        staff read it), else its table's ("99750.00元", "9.98万元")."""
        t = self.d.table(c.table) if c.table else None
        if t is None or (self.d.unit == "万元" and c.scale == 1):
            return ""
        return table_unit(self.d, t, self.specs)

    @property
    def difference_unit(self) -> str:
        """The unit differences are shown in: the document's, when it is not 万元."""
        return "" if self.d.unit == "万元" else self.d.unit

    def operand(self, op: Operand, relative_to: Cell | None) -> str:
        if not op.summed:
            c = op.cells[0]
            return f"{self.cell(c, relative_to)} {self.value(c)}"
        if not op.cells:
            return "下级行之和 0（未列出下级行）"
        first = op.cells[0]
        where = "" if relative_to is not None and relative_to.table == first.table else self.table_label(first.table) + " "
        t = self.d.table(first.table)
        level = t.rows[first.row].level if t is not None and first.row is not None else None
        what = f"{len(op.cells)}个{level}" if level else f"{len(op.cells)}行"
        return f"{where}{what}之和 {_fmt(sum((c.value or Decimal(0) for c in op.cells), Decimal(0)))}{self.unit_of(first)}"

    def place(self, cell: Cell) -> Location:
        if cell.source == "prose":
            return claim_location(self.d, cell.claim)
        if cell.source == "performance":
            target = self.d.performance_targets[cell.target]
            return Location(row=target.project, page=target.page, section="绩效目标表")
        t = self.d.table(cell.table)
        row = t.rows[cell.row] if t is not None and cell.row is not None else None
        page = row.page if row is not None and row.page else (t.pages[0] if t is not None and t.pages else None)
        return Location(cell.table, row.label if row else None, row.code if row else None, cell.column, page)

    def cell_record(self, cell: Cell) -> dict:
        loc = self.place(cell)
        out = {"source": cell.source, "value": cell.value}
        if cell.source == "table":
            out.update(table=cell.table, row=loc.row, code=loc.code, column=cell.column, page=loc.page,
                       row_index=cell.row)
        elif cell.source == "prose":
            out.update(claim=cell.claim, section=loc.section, page=loc.page)
        else:
            out.update(target=cell.target, project=loc.row, page=loc.page)
        return out


def finding_from_outcome(o: Outcome, describe: Describer) -> Finding:
    published_cell = o.left[0].cells[0] if o.left and o.left[0].cells else None
    if o.kind == "sum":
        lhs = " + ".join(describe.operand(op, None) for op in o.left)
        rhs = ""
        for i, op in enumerate(o.right):
            text = describe.operand(op, published_cell)
            rhs += (" − " if op.sign < 0 else (" + " if i else "")) + text
        rhs = rhs or "0"
        relation = "≈" if o.status == "rounding" else "≠"
        message = f"{lhs} {relation} {rhs}"
    else:
        message = o.context.get("message", o.name)
    location = describe.place(published_cell) if published_cell else Location()
    unit = describe.difference_unit if o.kind == "sum" else ""
    return judged_finding(o, message, location, [describe.cell_record(c) for c in o.cells], unit)


def judged_finding(o: Outcome, message: str, location: Location, cells: list[dict] | None = None,
                   unit: str = "") -> Finding:
    """The finding of a failed outcome: its message with the difference and the rounding allowed
    (in ``unit`` when the document's is not 万元), and severity info for a 尾差 whatever the rule's
    own severity."""
    if o.status == "rounding":
        message += f"（差 {_fmt(o.difference)}{unit}，在四舍五入尾差范围 ±{_fmt(o.tolerance)}{unit} 内）"
        severity = "info"
    else:
        message += (f"（差 {_fmt(o.difference)}{unit}，超出尾差范围 ±{_fmt(o.tolerance)}{unit}）"
                    if o.difference is not None else "")
        severity = o.severity
    return Finding(o.rule, severity, STATUS_TEXT[o.status], message, location, o.published, o.expected,
                   o.difference, o.tolerance, cells or [])
