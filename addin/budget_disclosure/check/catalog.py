"""The relation catalog (data/relations_budget.toml) loaded into plain objects, and the small
expression language its checks are written in.

    check   := side "=" side
    side    := term (("+" | "-") term)*
    term    := ref | "SUM(" ref ")"
    ref     := [TABLE] ["[" row "]" "."] column
    row     := key | code | "#"index | '"'printed name'"' | "children" | "level " 类/款/项

Variables in braces ({table}, {row}, {column}, {code} and any `for` variable) are replaced
before parsing, so a parsed check only names concrete cells and row sets.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..profiles import get_profile


@dataclass(frozen=True)
class RowSel:
    kind: str  # "current" | "key" | "code" | "index" | "label" | "children" | "level"
    value: str = ""

    @property
    def is_set(self) -> bool:
        return self.kind in ("children", "level")


@dataclass(frozen=True)
class Ref:
    table: str | None  # None: the relation's current table
    row: RowSel
    column: str
    summed: bool = False  # written as SUM(...): a row set


@dataclass(frozen=True)
class Term:
    sign: int
    ref: Ref


@dataclass(frozen=True)
class Equation:
    left: tuple[Term, ...]
    right: tuple[Term, ...]


@dataclass(frozen=True)
class Relation:
    id: str
    name: str
    check: str
    tables: tuple[str, ...] = ()
    each: tuple[str, ...] = ()
    where: str | None = None
    when: str | None = None
    codes: dict = field(default_factory=dict)
    loop: dict = field(default_factory=dict)  # the `for` table: variable -> values (zipped)
    severity: str = "error"
    # Ids of relations of an earlier catalog file this one stands in for, in a family whose tables
    # print more than the standard ones name (福建's 表3: 合计 = 基本 + 项目 + three more columns).
    replaces: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProseBinding:
    """An amount stated in a section of 第三部分 restates a table cell (or one of several)."""

    section: re.Pattern
    subject: re.Pattern | None  # None: the subject is an expenditure 类 name (see `by_class`)
    cells: tuple[str, ...]  # reference texts; {code} when by_class or by_item
    by_class: bool = False
    outside_list: bool = False  # only amounts that are not items of a "其中：…" list
    # Only amounts said of a 功能分类 item ("…（类）…（款）…（项）。年初预算为…"): {code} is that item's
    # code in the table the cell names. Amounts said of an item are bound by such bindings only.
    by_item: bool = False
    # 决算: the table cell holding the 预算数 of this 决算数, for a completion rate ("完成预算的X%")
    # whose sentence does not state the budget.
    budget: str | None = None


@dataclass(frozen=True)
class ProseList:
    """A total in the prose and the parts listed after it ("其中：…") that must add up to it."""

    id: str
    name: str
    section: re.Pattern
    kind: str  # "amount" | "count"
    total: re.Pattern
    parts: tuple[re.Pattern, ...]
    repeat: bool = False  # one pattern may match several parts (项目 by type)


@dataclass(frozen=True)
class ProseSame:
    """Figures of one kind whose subjects match these patterns must all be equal."""

    id: str
    name: str
    section: re.Pattern
    kind: str
    subjects: tuple[re.Pattern, ...]
    severity: str = "error"


@dataclass(frozen=True)
class Catalog:
    relations: tuple[Relation, ...]
    prose: tuple[ProseBinding, ...]
    lists: tuple[ProseList, ...]
    same: tuple[ProseSame, ...]
    named_wholes: tuple[ProseBinding, ...]  # "占…项目支出总额的100%": the named whole -> cell(s)
    sections: tuple[tuple[str, re.Pattern], ...]  # (name, heading) of the sections 第三部分 must have
    rules: dict[str, dict]  # every rule id the checks can report -> {name, severity, kind}
    across: dict[str, dict] = field(default_factory=dict)  # checks across documents (check/across.py)


_TERM = re.compile(r"\s*([+-])?\s*(SUM\(\s*)?([^+\-()\s][^+\-()]*?)\s*(\))?\s*(?=[+-]|$)")
_REF = re.compile(r'^([TJ]\d\d)?(?:\[([^\]]+)\]\.)?([A-Za-z_][A-Za-z0-9_]*)$')


def parse_row(text: str) -> RowSel:
    t = text.strip()
    if t.startswith('"') and t.endswith('"'):
        return RowSel("label", t[1:-1])
    if t == "children":
        return RowSel("children")
    if t.startswith("level"):  # "level 类"; references are parsed with their spaces removed
        return RowSel("level", t[5:].strip())
    if t.startswith("#"):
        return RowSel("index", t[1:])
    if t.isdigit():
        return RowSel("code", t)
    return RowSel("key", t)


def parse_ref(text: str, summed: bool = False) -> Ref:
    m = _REF.match(text.replace(" ", "") if '"' not in text else text.strip())
    if not m:
        raise ValueError(f"无法解析的单元格引用：{text!r}")
    row = parse_row(m.group(2)) if m.group(2) else RowSel("current")
    if row.is_set and not summed:
        raise ValueError(f"行集合必须写在 SUM() 里：{text!r}")
    return Ref(m.group(1), row, m.group(3), summed)


def parse_side(text: str) -> tuple[Term, ...]:
    terms = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _TERM.match(text, pos)
        if not m or m.end() == pos:
            raise ValueError(f"无法解析的式子：{text!r}")
        sign = -1 if m.group(1) == "-" else 1
        summed = bool(m.group(2))
        if summed != bool(m.group(4)):
            raise ValueError(f"括号不配对：{text!r}")
        terms.append(Term(sign, parse_ref(m.group(3), summed)))
        pos = m.end()
    return tuple(terms)


@lru_cache(maxsize=None)
def parse_equation(text: str) -> Equation:
    left, eq, right = text.partition("=")
    if not eq or "=" in right:
        raise ValueError(f"式子必须恰有一个等号：{text!r}")
    return Equation(parse_side(left), parse_side(right))


def _relation(entry: dict) -> Relation:
    tables = entry.get("tables") or ([entry["table"]] if "table" in entry else [])
    each = entry.get("each", ())
    each = (each,) if isinstance(each, str) else tuple(each)
    loop = entry.get("for", {})
    if len({len(v) for v in loop.values()}) > 1:
        raise ValueError(f"{entry['id']}：for 中各变量的取值个数必须相同")
    return Relation(entry["id"], entry["name"], entry["check"], tuple(tables), each, entry.get("where"),
                    entry.get("when"), entry.get("codes", {}), loop, entry.get("severity", "error"),
                    tuple(entry.get("replaces", ())))


# Rules the check code reports that are not catalog relations: declared here so docs/rules.md and
# the workbook list every rule id in one place.
_FIXED_RULES = {
    "prose-amount": ("说明中的金额 = 表中对应数", "error", "prose"),
    "prose-share": ("说明中的占比 = 金额 ÷ 总额（四舍五入）", "error", "prose"),
    "prose-rate": ("说明中的增减率 = 增减额 ÷ 上年数（四舍五入）", "error", "prose"),
    "prose-change-base": ("说明中的本年数 = 上年数 ± 增减额", "error", "prose"),
    "prose-direction": ("说明中的增减方向与增减率一致", "error", "prose"),
    "prose-items": ("“主要包括”列出的经济科目都在表6中有数", "warning", "prose"),
    "prose-same-figure": ("说明中的金额与表中同一数写法一致（小数位相同）", "warning", "prose"),
    "prose-rate-zero-base": ("上年数为0时不写增长率", "warning", "prose"),
    "prose-completion": ("说明中的预算完成率 = 决算数 ÷ 预算数（四舍五入）", "error", "prose"),
    "prose-completion-zero-base": ("预算数为0时不写完成率", "warning", "prose"),
    "prose-comparison": ("决算数“大于/小于/持平”预算数的说法与两数相符", "error", "prose"),
    "prose-comparison-reason": ("决算数大于或小于预算数时说明原因", "warning", "prose"),
    "prose-subject-name": ("说明中带编码的类/款/项名称与表中该编码的名称一致", "warning", "prose"),
    "perf-project": ("绩效目标表的年度资金总额（元）= 表12 同名项目（万元）", "error", "prose"),
    "perf-project-missing": ("绩效目标表的项目在表12、表13中找不到", "warning", "prose"),
    "perf-project-name": ("绩效目标表的项目名称与表12 一致", "warning", "prose"),
    "doc-table-missing": ("13 张标准表都应公开", "error", "completeness"),
    "doc-table-empty-unmarked": ("无数据的表应注明“本表无数据”", "warning", "completeness"),
    "doc-unit-mixed": ("全文金额单位一致", "error", "completeness"),
    "doc-entity-mixed": ("各表的单位名称与文件一致", "error", "completeness"),
    "doc-year-mixed": ("各表标题与说明的年度与文件一致", "error", "completeness"),
    "doc-part-missing": ("四个部分（概况、报表、情况说明、名词解释）齐全", "warning", "completeness"),
    "doc-template": ("未填写的公开模板：不逐项核对", "info", "completeness"),
    "doc-section-missing": ("情况说明的各节齐全", "warning", "completeness"),
    "doc-blank-page": ("没有空白页或只有空表格框线的页", "warning", "completeness"),
    "doc-text-clipped": ("文字完整显示，未被文本框边缘截断", "warning", "completeness"),
}


_FIXED_RULES_INFO = {k: {"name": n, "severity": sev, "kind": kind} for k, (n, sev, kind) in _FIXED_RULES.items()}


def load_catalog_text(text: str) -> Catalog:
    data = tomllib.loads(text)
    relations = tuple(_relation(e) for e in data.get("relation", []))
    for r in relations:  # fail on load, not mid-check, when an entry is mistyped
        # A variable naming a table ("{spent}[{code}]") stands for a table key, any other for a word.
        parse_equation(re.sub(r"\{[a-z_]+\}", "x0", re.sub(r"^\{[a-z_]+\}(?=\[)|(?<=[=+\-\s(])\{[a-z_]+\}(?=\[)", "T00", r.check)))
    prose = []
    for group in data.get("prose", []):
        section = re.compile(group["section"])
        for b in group["claims"]:
            cells = b["cell"] if isinstance(b["cell"], list) else [b["cell"]]
            by_class = b["subject"] == "{class}"
            prose.append(ProseBinding(section, None if by_class else re.compile(b["subject"]), tuple(cells), by_class,
                                      b.get("outside_list", False), b.get("item", False), b.get("budget")))
    lists = tuple(
        ProseList(e["id"], e["name"], re.compile(e["section"]), e.get("kind", "amount"), re.compile(e["total"]),
                  tuple(re.compile(p) for p in e["parts"]), e.get("repeat", False))
        for e in data.get("list", [])
    )
    rules = {r.id: {"name": r.name, "severity": r.severity, "kind": "relation"} for r in relations}
    same = tuple(ProseSame(e["id"], e["name"], re.compile(e["section"]), e.get("kind", "amount"),
                           tuple(re.compile(p) for p in e["subjects"]), e.get("severity", "error"))
                 for e in data.get("same", []))
    rules.update({lst.id: {"name": lst.name, "severity": "error", "kind": "prose"} for lst in lists})
    rules.update({x.id: {"name": x.name, "severity": x.severity, "kind": "prose"} for x in same})
    rules.update(_FIXED_RULES_INFO)
    sections = tuple((e["name"], re.compile(e["heading"])) for e in data.get("section", []))
    wholes = tuple(ProseBinding(re.compile(e["section"]), re.compile(e["whole"]),
                                tuple(e["cell"] if isinstance(e["cell"], list) else [e["cell"]]))
                   for e in data.get("named_whole", []))
    across = {name: {"severity": "error", "tables": [], "by_label": [], "totals_only": [], **e}
              for name, e in data.get("across", {}).items()}
    rules.update({e["id"]: {"name": e["name"], "severity": e["severity"], "kind": "across"} for e in across.values()})
    return Catalog(relations, tuple(prose), lists, same, wholes, sections, rules, across)


@lru_cache(maxsize=None)
def catalog_file(name: str) -> Catalog:
    """One catalog file of data/, e.g. "relations_budget.toml"."""
    return load_catalog_text(resources.files("budget_disclosure").joinpath("data", name).read_text("utf-8"))


def final_accounts_catalog() -> Catalog:
    return catalog_file("relations_final.toml")


def budget_catalog() -> Catalog:
    return catalog_file("relations_budget.toml")


GENERIC_RELATIONS = "relations_generic.toml"


def catalog_for(kind: str, profile_id: str | None = None) -> Catalog:
    """The relations of a 预算 or a 决算 disclosure: those its template family (profile) chooses,
    else the kind's standard catalog."""
    try:
        profile = get_profile(profile_id) if profile_id else None
    except KeyError:
        profile = None
    standard = ("relations_final.toml" if kind == "决算" else "relations_budget.toml",)
    relations = profile.relations if profile is not None and profile.relations else standard
    prose = (profile.prose if profile is not None and profile.prose else None) or relations
    # Every document may print tables no template declares (未识别的表): their own sums are checked too.
    return combined_catalog(tuple(dict.fromkeys(relations + (GENERIC_RELATIONS,))), prose)


def _replaced_by_id(files: list[Catalog]) -> tuple[Relation, ...]:
    """The relations of ``files`` in order, where a later file's relations with the id of an earlier
    file's replace them, where they stood: a family whose tables print more columns or rows than the
    standard ones (广东's 表3 with 事业单位经营支出 beside 基本支出 and 项目支出) restates that relation in
    its own file. Within one file, entries sharing an id are variants of one rule (by `when`)."""
    out: list[Relation] = []
    for catalog in files:
        mine = {r.id for r in catalog.relations}
        firsts = {}
        for n, r in enumerate(out):
            if r.id in mine:
                firsts.setdefault(r.id, n)
        if not firsts:
            out += catalog.relations
            continue
        kept: list[Relation] = []
        for n, r in enumerate(out):
            if r.id in mine:
                if firsts[r.id] == n:
                    kept += [x for x in catalog.relations if x.id == r.id]
                continue
            kept.append(r)
        out = kept + [r for r in catalog.relations if r.id not in firsts]
    return tuple(out)


@lru_cache(maxsize=None)
def combined_catalog(relation_files: tuple[str, ...], prose_files: tuple[str, ...]) -> Catalog:
    """The relations and checks across documents of ``relation_files``, in order (a relation of a
    later file replaces the one with its id in an earlier file), with the prose
    declarations (sections, bindings, lists) of ``prose_files`` only: a family may share the
    standard tables' relations while its prose, worded its own way, is declared apart."""
    tables = [catalog_file(f) for f in relation_files]
    prose = [catalog_file(f) for f in prose_files]
    relations = _replaced_by_id(tables)
    replaced = {old for r in relations for old in r.replaces}  # a family's relation naming those it replaces
    relations = tuple(r for r in relations if r.id not in replaced)
    lists = tuple(x for c in prose for x in c.lists)
    same = tuple(x for c in prose for x in c.same)
    rules = {r.id: {"name": r.name, "severity": r.severity, "kind": "relation"} for r in relations}
    rules.update({x.id: {"name": x.name, "severity": "error", "kind": "prose"} for x in lists})
    rules.update({x.id: {"name": x.name, "severity": x.severity, "kind": "prose"} for x in same})
    rules.update(_FIXED_RULES_INFO)
    across = {k: v for c in tables for k, v in c.across.items()}
    rules.update({e["id"]: {"name": e["name"], "severity": e["severity"], "kind": "across"} for e in across.values()})
    return Catalog(relations, tuple(b for c in prose for b in c.prose), lists, same,
                   tuple(w for c in prose for w in c.named_wholes), tuple(s for c in prose for s in c.sections),
                   rules, across)
