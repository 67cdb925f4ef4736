"""The prose against the tables and against itself.

Claims come from recognise/prose.py. Here they are bound to table cells through the catalog's
[[prose]] declarations (subject -> cell), summed through its [[list]] declarations, and every
share and growth rate is recomputed from the amounts the same sentence prints.
"""
from __future__ import annotations

import difflib
import re
from decimal import Decimal

from ..amounts import UNIT_FACTORS, compact
from ..classification import function_class_names, item_path
from ..model import Claim, Disclosure, Section
from .catalog import Catalog, ProseBinding, ProseList, parse_ref
from .engine import Cell, NotApplicable, Operand, Outcome, Resolver, judge_sum
from .findings import Describer, Finding, Location, claim_location
from .tolerance import CENT, ratio_verdict, resolution_of, round_half_up

# Marks that open a list of parts; wrapped text may break a line inside the word ("其\n中").
_LIST_MARK = re.compile("|".join(r"\s*".join(w) for w in ("其中", "主要包括", "主要用于")) + r"|包\s*括\s*[：:]")
# Where the performance-target forms begin inside 十、绩效管理情况: figures after it belong to
# the forms (checked against 表12 as forms), not to the prose.
# "。" ends a sentence unless it closes a parenthesis: "公务用车购置及运行维护费0万元（公务用车购置费0万元…；
# 公务用车运行维护费0万元…。）比上年增加0万元…；公务接待费6.64万元" is one list (广东's 三公 sentence).
_SENTENCE_END = re.compile(r"。(?![）)])|\n(?=\s*(?:\d+(?:、|[.．](?!\d))|[（(][一二三四五六七八九十]+[)）]))")
_FORMS = re.compile(r"绩效目标(申报)?表(?!公开|情况|见)")
MONEY = ("万元", "元", "千元", "亿元")


def claim_cell(d: Disclosure, index: int) -> Cell:
    c = d.claims[index]
    if c.unit in MONEY:
        scale = UNIT_FACTORS[c.unit] / UNIT_FACTORS.get(d.unit, Decimal(10000))
        # A figure restating the tables in their own unit is exact to the cent even when it drops
        # trailing zeros ("10.8万元"); one converted from them (上海: tables in 元, prose in 万元) is
        # rounded to the digits it prints ("30,441万元" for 304,413,900元).
        floor = CENT if c.unit == d.unit else Decimal(1)
        resolution = resolution_of(c.value, floor=floor) if c.value is not None else CENT
    else:
        scale, resolution = Decimal(1), Decimal(0) if c.kind == "count" else resolution_of(c.value or Decimal(0))
    return Cell("prose", claim=index, value=c.value, resolution=resolution, scale=scale)


def _decimals(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


class _Sentences:
    """Sentence and list-scope arithmetic on one section's text."""

    def __init__(self, section: Section):
        self.text = section.text

    def bounds(self, offset: int) -> tuple[int, int]:
        """The sentence around offset: it ends at 。 or where a numbered heading line begins."""
        start = 0
        for m in _SENTENCE_END.finditer(self.text, 0, offset):
            start = m.end()
        m = _SENTENCE_END.search(self.text, offset)
        return start, m.start() if m else len(self.text)

    def in_list(self, offset: int) -> bool:
        """Is this figure an item of a "其中：…" / "主要包括…" list (of its sentence)?"""
        start, _ = self.bounds(offset)
        return bool(_LIST_MARK.search(self.text, start, offset))

    def scope_of(self, offset: int) -> tuple[int, int]:
        """Where the list owned by the figure at offset lies: after a list mark later in its own
        sentence, or the whole next sentence when that one opens with a list mark."""
        start, end = self.bounds(offset)
        m = _LIST_MARK.search(self.text, offset, end)
        if m:
            return m.end(), end
        nxt = end + 1
        if nxt < len(self.text) and _LIST_MARK.match(self.text[nxt:].lstrip()):
            return nxt, self.bounds(nxt)[1]
        return offset, offset


def _sections(d: Disclosure, pattern: re.Pattern) -> list[Section]:
    return [s for s in d.sections if pattern.search(s.heading)]


def forms_start(section: Section) -> int:
    m = _FORMS.search(section.text)
    return m.start() if m else len(section.text)


def _claims_in(d: Disclosure, section: Section, kinds: tuple[str, ...]) -> list[int]:
    """The section's readable prose claims of those kinds (not the figures of performance forms
    after it)."""
    end = forms_start(section)
    return [i for i, c in enumerate(d.claims)
            if c.section == section.number and c.kind in kinds and c.start < end and c.readable]


def _class_code(subject: str) -> str | None:
    # "一般公共服务（类）支出", "卫生健康支出（类）支出": the class name with its level mark;
    # "“教育支出”科目" (上海): the class name quoted, then 科目
    subject = re.sub(r"[“”\"]|科目$", "", compact(subject))
    subject = re.sub(r"支出支出$", "支出", re.sub(r"[（(]类[）)]", "", subject))
    for name, code in sorted(function_class_names().items(), key=lambda kv: -len(kv[0])):
        if subject.endswith(name):
            return code
    return None


def item_code(d: Disclosure, table_key: str, item: str) -> str | None:
    """The 项 code that ``table_key`` prints for an item path ("…（类）…（款）行政运行（项）"): the 项
    row of that name whose 款 and 类 rows carry the path's names; None unless exactly one."""
    path, t = item_path(item), d.table(table_key)
    if path is None or t is None:
        return None
    by_code = {r.code: r for r in t.rows if r.code}

    def named(code: str, name: str) -> bool:  # "教育" names 教育支出; a 类's old name names it too
        row = by_code.get(code)
        return row is not None and re.sub("支出$", "", compact(row.label)) == re.sub("支出$", "", compact(name)) \
            or row is not None and _same_name(row.label, name) \
            or len(code) == 3 and function_class_names().get(compact(name)) == code

    def same_item(label: str) -> bool:  # "归口管理的行政单位离退休" names 行政单位离退休
        a, b = compact(label), compact(path[2])
        return _same_name(a, b) or (min(len(a), len(b)) >= 4 and (a.endswith(b) or b.endswith(a)))

    hits = {r.code for r in t.rows if r.code and len(r.code) == 7 and same_item(r.label) and named(r.code[:3], path[0])}
    if len(hits) > 1:  # the 款 tells apart 项 of one name ("行政运行" under each 款)
        hits = {code for code in hits if named(code[:5], path[1])}
    # A 款 renamed between years ("行政事业单位离退休" -> "…养老支出") still finds a 项 named once.
    return hits.pop() if len(hits) == 1 else None


def _bind(d: Disclosure, binding: ProseBinding, claim: Claim) -> dict | None:
    if bool(claim.item) != binding.by_item:
        return None  # an amount said of an item is that item's figure, never a total's
    if binding.by_item:
        if not binding.subject.search(compact(claim.subject)):
            return None
        code = item_code(d, binding.cells[0][:3], claim.item)
        return {"code": code} if code else None
    if binding.by_class:
        code = _class_code(claim.subject)
        return {"code": code} if code else None
    m = binding.subject.search(compact(claim.subject))
    if m is None:
        return None
    # A subject printing the item's code ("2080501-行政单位离退休"): the pattern's group "code" is {code}.
    return {"code": m.group("code")} if "code" in binding.subject.groupindex and m.group("code") else {}


def _amount_outcomes(d: Disclosure, catalog: Catalog, resolver: Resolver, covered: set[int],
                     bound: dict[int, ProseBinding]) -> list[Outcome]:
    """Each amount against the table cell its binding names; ``bound`` records which binding took
    each amount (a 决算数's binding also names where its 预算数 is printed)."""
    out = []
    for section in d.sections:
        bindings = [b for b in catalog.prose if b.section.search(section.heading)]
        if not bindings:
            continue
        sentences = _Sentences(section)
        for i in _claims_in(d, section, ("amount",)):
            claim = d.claims[i]
            for b in bindings:
                variables = _bind(d, b, claim)
                if variables is None or (b.outside_list and sentences.in_list(claim.start)):
                    continue
                outcome = _judge_amount(d, resolver, i, b, variables)
                if outcome is not None:
                    out.append(outcome)
                    covered.add(i)
                bound[i] = b
                break
    return out


def _judge_amount(d: Disclosure, resolver: Resolver, index: int, b: ProseBinding, variables: dict) -> Outcome | None:
    best = None
    for text in b.cells:
        ref = parse_ref(re.sub(r"\{code\}", variables.get("code", ""), text))
        try:
            op = resolver.operand(ref, 1, None, None)
        except NotApplicable:
            continue
        outcome = judge_sum("prose-amount", "说明中的金额 = 表中对应数", "error",
                            [Operand(1, (claim_cell(d, index),))], [op], {"claim": index})
        if outcome is None:
            continue
        if best is None or (best.status != "pass" and outcome.status == "pass"):
            best = outcome
    return best


def _list_outcomes(d: Disclosure, catalog: Catalog, covered: set[int]) -> list[Outcome]:
    out = []
    for lst in catalog.lists:
        for section in _sections(d, lst.section):
            out.extend(_one_list(d, section, lst, covered))
    return out


def _one_list(d: Disclosure, section: Section, lst: ProseList, covered: set[int]) -> list[Outcome]:
    sentences = _Sentences(section)
    claims = _claims_in(d, section, (lst.kind,))
    changes = lst.kind == "change"

    def subject(c: Claim) -> str:  # a change is named by the amount that changed
        return compact(d.claims[c.current].subject if changes and c.current is not None else c.subject)

    def operand(j: int) -> Operand:
        return Operand((d.claims[j].direction or 0) if changes else 1, (claim_cell(d, j),))

    out = []
    for pos, i in enumerate(claims):
        total = d.claims[i]
        if not lst.total.search(subject(total)) or sentences.in_list(total.start):
            continue
        lo, hi = sentences.scope_of(total.end)
        parts: list[int] = []
        unused = list(lst.parts)
        for j in claims[pos + 1:]:
            c = d.claims[j]
            if c.start >= hi:
                break
            if c.start < lo:
                continue
            match = next((p for p in unused if p.search(subject(c))), None)
            if match is not None:
                parts.append(j)
                if not lst.repeat:
                    unused.remove(match)
        if not parts:
            continue
        outcome = judge_sum(lst.id, lst.name, "error", [operand(i)], [operand(j) for j in parts], {"claim": i})
        if outcome is not None:
            out.append(outcome)
            covered.update([i, *parts])
    return out


def _same_outcomes(d: Disclosure, catalog: Catalog, covered: set[int]) -> list[Outcome]:
    out = []
    for same in catalog.same:
        for section in _sections(d, same.section):
            found = []
            for i in _claims_in(d, section, (same.kind,)):
                c = d.claims[i]
                named = d.claims[c.current] if same.kind == "change" and c.current is not None else c
                if any(p.search(compact(named.subject)) for p in same.subjects):
                    found.append(i)
            def sign(k: int, changes: bool = same.kind == "change") -> int:  # a change is signed by 增/减
                return (d.claims[k].direction or 0) if changes else 1

            for j in found[1:]:
                o = judge_sum(same.id, same.name, same.severity, [Operand(sign(j), (claim_cell(d, j),))],
                              [Operand(sign(found[0]), (claim_cell(d, found[0]),))], {"claim": j})
                if o is not None:
                    out.append(o)
                    covered.update([found[0], j])
    return out


def _ratio_outcome(d: Disclosure, rule: str, name: str, index: int, cells: list[Cell], f, message: str) -> Outcome | None:
    claim = d.claims[index]
    status, expected, bound = ratio_verdict(claim.value, _decimals(claim.text), f, [(c.amount, c.step) for c in cells])
    if status == "undefined":
        return None
    printed = claim.value
    full = f"{message} {claim.text}%，按所列金额计算应为 {format(expected, 'f')}%"
    return Outcome(rule, name, "ratio", "error", status, printed, expected, printed - expected,
                   bound.quantize(Decimal("0.0001")), [Operand(1, (claim_cell(d, index),))],
                   [Operand(1, (c,)) for c in cells], {"claim": index, "message": full})


def _share(p, w):
    return p / w * 100


def _share_outcomes(d: Disclosure, catalog: Catalog, resolver: Resolver, describe: Describer,
                    covered: set[int]) -> list[Outcome]:
    out = []
    for i, c in enumerate(d.claims):
        if c.kind != "share" or c.part is None or c.value is None:
            continue
        part = d.claims[c.part]
        said = f"说明中“{part.subject}”{part.text}{part.unit} 占"
        o = None
        if c.whole is not None:
            whole = d.claims[c.whole]
            o = _ratio_outcome(d, "prose-share", "说明中的占比 = 金额 ÷ 总额", i,
                               [claim_cell(d, c.part), claim_cell(d, c.whole)], _share,
                               f"{said} “{whole.subject}”{whole.text}{whole.unit} 的")
        elif c.whole_text:
            o = _named_whole_share(d, catalog, resolver, describe, i, said)
        if o is not None:
            out.append(o)
            covered.update(j for j in (i, c.part, c.whole) if j is not None)
    return out


def _named_whole_share(d: Disclosure, catalog: Catalog, resolver: Resolver, describe: Describer, i: int,
                       said: str) -> Outcome | None:
    """"占部门（单位）项目支出总额的100%": the whole is a table cell the catalog names."""
    c = d.claims[i]
    section = next((s for s in d.sections if s.number == c.section), None)
    best = None
    for named in catalog.named_wholes:
        if section is None or not named.section.search(section.heading) or not named.subject.search(compact(c.whole_text)):
            continue
        for text in named.cells:
            try:
                op = resolver.operand(parse_ref(text), 1, None, None)
            except NotApplicable:
                continue
            cell = op.cells[0]
            o = _ratio_outcome(d, "prose-share", "说明中的占比 = 金额 ÷ 总额", i, [claim_cell(d, c.part), cell], _share,
                               f"{said} {describe.cell(cell)} {describe.value(cell)} 的")
            if o is not None and (best is None or (best.status != "pass" and o.status == "pass")):
                best = o
    return best


def _rate_outcomes(d: Disclosure, covered: set[int]) -> tuple[list[Outcome], list[Finding]]:
    out: list[Outcome] = []
    findings: list[Finding] = []
    for i, c in enumerate(d.claims):
        if c.kind == "change" and c.base is not None and c.current is not None:
            sign = c.direction or 0
            o = judge_sum("prose-change-base", "说明中的本年数 = 上年数 ± 增减额", "error",
                          [Operand(1, (claim_cell(d, c.current),))],
                          [Operand(1, (claim_cell(d, c.base),)), Operand(sign, (claim_cell(d, i),))], {"claim": c.current})
            if o is not None:
                out.append(o)
                covered.update([i, c.base, c.current])
        if c.kind == "rate" and c.change is None and c.base is not None and c.current is not None and c.value is not None:
            o = _named_base_rate(d, i)
            if o is not None:
                out.append(o)
                covered.update([i, c.base, c.current])
            continue
        if c.kind != "rate" or c.change is None or c.value is None:
            continue
        change = d.claims[c.change]
        if change.direction is not None and c.direction is not None and change.direction != c.direction:
            findings.append(Finding("prose-direction", "error", "不符",
                                    f"说明中增减额是“{'增加' if change.direction > 0 else '减少'}”，增减率却是“{c.subject}”",
                                    claim_location(d, i), c.value))
            covered.update([i, c.change])
            continue
        sign = change.direction or 0
        base_zero = _zero_base(d, change)
        if base_zero is not None:
            named = f"“{d.claims[change.current].subject}”" if change.current is not None else ""
            findings.append(Finding("prose-rate-zero-base", "warning", "不符",
                                    f"说明称{named}比上年{'增加' if sign > 0 else '减少'} {change.text}{change.unit}、"
                                    f"{c.subject} {c.text}%，而上年数为 0（{base_zero}），增减率无从计算，不应写出",
                                    claim_location(d, i), c.value))
            covered.update([i, c.change])
            continue
        if change.base is not None:
            inputs, f = [c.change, change.base], (lambda delta, base: delta / base * 100)
        elif change.current is not None:
            inputs = [c.change, change.current]  # the base is this year's amount ∓ the change
            f = (lambda delta, cur, s=sign: delta / (cur - s * delta) * 100)
        else:
            continue
        words = "增长" if sign > 0 else "下降"
        o = _ratio_outcome(d, "prose-rate", "说明中的增减率 = 增减额 ÷ 上年数", i, [claim_cell(d, j) for j in inputs], f,
                           f"说明中比上年{'增加' if sign > 0 else '减少'} {change.text}{change.unit}，{words}")
        if o is not None:
            out.append(o)
            covered.update([i, *inputs])
    return out, findings


def _named_base_rate(d: Disclosure, i: int) -> Outcome | None:
    """"2025年当年预算执行数为A万元，2026年预算安排B万元，比2025年预算执行数减少p%": p = ±(B − A) ÷ A."""
    c = d.claims[i]
    base, now, sign = d.claims[c.base], d.claims[c.current], c.direction or 0
    return _ratio_outcome(d, "prose-rate", "说明中的增减率 = 增减额 ÷ 上年数", i, [claim_cell(d, c.base), claim_cell(d, c.current)],
                          lambda b, n, s=sign: s * (n - b) / b * 100,
                          f"说明中“{now.subject}”{now.text}{now.unit}比“{base.subject}”{base.text}{base.unit}"
                          f"{'增加' if sign > 0 else '减少'}")


def _zero_base(d: Disclosure, change: Claim) -> str | None:
    """How the prose shows last year's amount was zero ("本年 307.82 − 增加 307.82"), or None."""
    if change.base is not None:
        base = d.claims[change.base]
        return f"所列上年数 {base.text}{base.unit}" if base.value == 0 and base.unit == change.unit else None
    if change.current is None:
        return None
    now = d.claims[change.current]
    if now.unit != change.unit or now.value is None or change.value is None:
        return None
    if now.value - (change.direction or 0) * change.value != 0:
        return None
    return f"本年 {now.text}{now.unit} {'−' if (change.direction or 0) > 0 else '+'} 增减额 {change.text}{change.unit}"


# ── 决算: budget execution (预算执行) ────────────────────────────────────────────────────────────
# "年初预算为A万元，全年预算为F万元，支出决算为B万元，完成年初预算的R%。决算数小于预算数的主要原因：…"

_BASIS = {"年初预算": ("budget_initial",), "全年预算": ("budget_full",),
          "预算": ("budget_initial", "budget", "budget_full")}
_STAGE = {"budget_initial": "年初预算", "budget_full": "全年预算", "budget": "预算"}
# "决算数与预算数基本持平": nearly equal, which we read as within 5% of the budget (a strict 持平
# must be equal to the cent).
NEARLY_EQUAL = Decimal("0.05")


def _stated_budgets(d: Disclosure, final: int) -> dict[str, int]:
    """The 预算数 stated for the 决算数 at ``final``: amounts of a budget stage after the previous
    决算数 of the same section and item ("年初预算为A万元，全年预算为F万元，支出决算为B万元")."""
    c = d.claims[final]
    out: dict[str, int] = {}
    for j in range(final - 1, -1, -1):
        b = d.claims[j]
        if b.section != c.section or b.item != c.item or b.measure == "final":
            break
        if b.kind == "amount" and b.measure in _STAGE and b.readable:
            out.setdefault(b.measure, j)
    return out


def _budget_cells(d: Disclosure, resolver: Resolver, claim: Claim, bound: dict[int, ProseBinding]
                  ) -> list[tuple[str, Cell]]:
    """(how it is named, cell) of each 预算数 a completion rate or a wording may be measured
    against: the ones its sentence states for the basis it names, else (for a bare "预算") the
    table cell the 决算数's binding says holds its 预算数."""
    stated = _stated_budgets(d, claim.current)
    cells = [(_STAGE[m], claim_cell(d, stated[m])) for m in _BASIS[claim.subject] if m in stated]
    if cells or claim.subject != "预算":
        return cells
    b = bound.get(claim.current)
    if b is None or b.budget is None:
        return []
    try:
        op = resolver.operand(parse_ref(b.budget), 1, None, None)
    except NotApplicable:
        return []
    return [("预算", op.cells[0])]


def _completion(final: Decimal, budget: Decimal) -> Decimal:
    return final / budget * 100


def _execution_outcomes(d: Disclosure, resolver: Resolver, describe: Describer, bound: dict[int, ProseBinding],
                        covered: set[int]) -> tuple[list[Outcome], list[Finding]]:
    out: list[Outcome] = []
    findings: list[Finding] = []
    for i, c in enumerate(d.claims):
        if c.kind not in ("completion", "comparison") or c.current is None or not c.readable:
            continue
        budgets = _budget_cells(d, resolver, c, bound)
        if not budgets:
            continue
        final = claim_cell(d, c.current)
        covered.update([i, c.current, *(b.claim for _, b in budgets if b.claim is not None)])
        if c.kind == "completion":
            o, f = _judge_completion(d, describe, i, final, budgets)
        else:
            o, f = None, _judge_comparison(d, describe, i, final, budgets)
        out += [o] if o is not None else []
        findings += f
    return out, findings


def _judge_completion(d: Disclosure, describe: Describer, i: int, final: Cell,
                      budgets: list[tuple[str, Cell]]) -> tuple[Outcome | None, list[Finding]]:
    c = d.claims[i]
    fin = d.claims[c.current]
    head = f"说明称“{fin.subject}”{fin.text}{fin.unit}，完成{c.subject}的 {c.text}%"
    outcomes = [o for name, b in budgets if b.amount
                if (o := _ratio_outcome(d, "prose-completion", "说明中的预算完成率 = 决算数 ÷ 预算数", i, [final, b],
                                        _completion, f"说明称“{fin.subject}”{fin.text}{fin.unit}、{name} "
                                                     f"{describe.value(b)}，完成{c.subject}的")) is not None]
    named_zero = c.subject != "预算" and budgets[0][1].amount == 0
    if named_zero or not outcomes:
        name, zero = budgets[0]
        hint = ""
        for other_name, other in _other_budgets(d, c):
            if other.amount and round_half_up(_completion(final.amount, other.amount), _decimals(c.text)) == c.value:
                hint = f"（按{other_name} {describe.value(other)} 计算正是 {c.text}%）"
        shown = f"{name}为 {describe.value(zero)}" if zero.source == "prose" else \
            f"{describe.cell(zero)} {'空白' if zero.value is None else describe.value(zero)}"
        return None, [Finding("prose-completion-zero-base", "warning", "不符",
                              f"{head}，而{shown}：预算数为 0，完成率无从计算{hint}",
                              claim_location(d, i), c.value)]
    return next((o for o in outcomes if o.status == "pass"), outcomes[0]), []


def _other_budgets(d: Disclosure, c: Claim) -> list[tuple[str, Cell]]:
    stated = _stated_budgets(d, c.current)
    return [(_STAGE[m], claim_cell(d, j)) for m, j in stated.items() if m not in _BASIS[c.subject]]


def _judge_comparison(d: Disclosure, describe: Describer, i: int, final: Cell,
                      budgets: list[tuple[str, Cell]]) -> list[Finding]:
    c = d.claims[i]
    fin = d.claims[c.current]
    findings = []

    def holds(budget: Cell) -> bool:
        diff = final.amount - budget.amount
        if c.direction:
            return diff * c.direction > 0
        if "基本" in c.text:
            return abs(diff) <= NEARLY_EQUAL * abs(budget.amount)
        return diff == 0

    if not any(holds(b) for _, b in budgets):
        name, b = budgets[0]
        findings.append(Finding("prose-comparison", "error", "不符",
                                f"说明称“{c.text}”，而“{fin.subject}”{fin.text}{fin.unit}，{name} {describe.value(b)}"
                                f"（差 {final.amount - b.amount:+,.2f}）", claim_location(d, i)))
    if c.direction and c.reason is None:
        findings.append(Finding("prose-comparison-reason", "warning", "缺失",
                                f"说明称“{c.text}”，但没有说明原因", claim_location(d, i)))
    return findings


def _same_name(a: str, b: str) -> bool:
    a, b = compact(a), compact(b)
    return a == b or (min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a)))


def _item_findings(d: Disclosure, covered: set[int]) -> list[Finding]:
    """"人员经费…主要包括：A、B…" names rows of 表6 that carry 人员经费 (公用经费 likewise)."""
    t6 = d.table("T06")
    if t6 is None:
        return []
    out = []
    for i, c in enumerate(d.claims):
        if c.kind != "items" or c.current is None:
            continue
        subject = compact(d.claims[c.current].subject)
        column = "personnel" if subject.endswith("人员经费") else "public_use" if subject.endswith("公用经费") else None
        if column is None:
            continue
        # A 表6 printing one 预算数 column (福建's) does not split 人员经费 from 公用经费: its rows with money.
        held = column if column in t6.columns else "total"
        rows = [r for r in t6.rows if r.role == "detail" and r.values.get(held)]
        missing = [name for name in c.items if not any(_same_name(name, r.label) for r in rows)]
        covered.add(i)
        if missing:
            out.append(Finding("prose-items", "warning", "不符",
                               f"说明中{d.claims[c.current].subject}“主要包括”的 {'、'.join(missing)} 在表6 的"
                               f"{'人员经费' if column == 'personnel' else '公用经费'}列中没有数",
                               claim_location(d, i)))
    return out


def _projects(d: Disclosure) -> list[tuple[str, int, str]]:
    """(table, row, compacted name) of every project row of 表12 and 表13."""
    return [(key, j, compact(r.label)) for key in ("T12", "T13") if (t := d.table(key))
            for j, r in enumerate(t.rows) if r.level == "项目"]


def _find_project(d: Disclosure, name: str, amount: Decimal, used: set) -> tuple[str, int, bool] | None:
    """The 表12 (else 表13) project row a performance form is about: (table, row, exact name?).

    A name may be printed twice (the same project under two units): prefer the row not yet
    matched whose figure agrees. Forms and tables are typed separately, so names drift
    ("环保工作运转经费" / "环保工作及运转经费"): a near name (similarity ≥ 0.8) still matches,
    and the difference is reported."""
    projects = _projects(d)
    exact = [(key, j) for key, j, label in projects if _same_name(label, name)]
    near = []
    if not exact:  # the slower similarity only when no name matches
        for key, j, label in projects:
            m = difflib.SequenceMatcher(None, label, compact(name))
            if m.real_quick_ratio() >= 0.8 and m.quick_ratio() >= 0.8 and (score := m.ratio()) >= 0.8:
                near.append((score, key, j))
    if exact:
        fresh = [c for c in exact if c not in used] or exact
        agreeing = [c for c in fresh if d.table(c[0]).rows[c[1]].values.get("total") == amount]
        key, j = (agreeing or fresh)[0]
        return key, j, True
    if near:
        _, key, j = max(near)
        return key, j, False
    return None


def _performance_outcomes(d: Disclosure, resolver: Resolver) -> tuple[list[Outcome], list[Finding]]:
    out: list[Outcome] = []
    findings: list[Finding] = []
    used: set = set()
    if d.kind != "预算":  # a 决算's 绩效自评表 reports outcomes; its projects are in no 表12/13
        return out, findings
    if d.table("T12") is None and d.table("T13") is None:  # no project table read: nothing to find them in
        return out, findings
    for i, target in enumerate(d.performance_targets):
        if target.amount is None:
            continue
        where = Location(row=target.project, page=target.page, section="绩效目标表")
        scale = UNIT_FACTORS.get(target.unit, Decimal(1)) / UNIT_FACTORS.get(d.unit, Decimal(10000))
        printed_as = round_half_up(target.amount * scale, 2)  # how the table would print this amount
        found = _find_project(d, target.project, printed_as, used)
        if found is None:
            findings.append(Finding("perf-project-missing", "warning", "缺失",
                                    f"绩效目标表的项目“{target.project}”在表12、表13 中找不到", where, target.amount))
            continue
        key, j, exact = found
        used.add((key, j))
        if not exact:
            findings.append(Finding("perf-project-name", "warning", "不符",
                                    f"绩效目标表的项目名称“{target.project}”与表12 的“{d.table(key).rows[j].label}”不一致",
                                    where))
        cell = Cell("performance", target=i, value=target.amount, resolution=resolution_of(target.amount, floor=CENT),
                    scale=scale)
        o = judge_sum("perf-project", "绩效目标表的年度资金总额 = 表12 同名项目", "error", [Operand(1, (cell,))],
                      [resolver.operand(parse_ref(f"{key}[#{j}].total"), 1, None, None)], {"target": i})
        if o is not None:
            # The table prints the form's 元 rounded half up to 0.01万元 (10,560元 -> 1.06): that
            # figure must match exactly; anything else is a different amount, not a 尾差.
            o.status = "pass" if printed_as == o.expected else "mismatch"
            o.tolerance = Decimal(0)
            out.append(o)
    return out, findings


def _format_findings(d: Disclosure, outcomes: list[Outcome]) -> list[Finding]:
    """The same figure written the same way everywhere: an amount the prose restates from a table
    ("财政拨款支出13733.8万元" for 表5's 13,733.80) with the table's decimals. One finding per
    document, listing where, since a document that drops trailing zeros does so throughout.

    Only fewer decimals than the table count: a table read from a spreadsheet (or back from our
    own workbook) holds numbers, whose trailing zeros are not kept."""
    odd: dict[int, Cell] = {}  # claim -> the table cell it restates, in text order
    for o in outcomes:
        if o.rule != "prose-amount" or o.status != "pass":
            continue
        i = o.context["claim"]
        c = d.claims[i]
        cells = [cell for op in o.right for cell in op.cells if cell.source == "table" and cell.value]
        if c.unit != d.unit or len(cells) != 1:
            continue
        printed = -cells[0].value.as_tuple().exponent
        if _decimals(c.text) < printed:
            odd.setdefault(i, cells[0])
    if not odd:
        return []
    shown = "；".join(f"“{d.claims[i].subject}”{d.claims[i].text}{d.claims[i].unit}（表中 {cell.value:,f}）"
                     for i, cell in list(odd.items())[:4])
    more = f" 等 {len(odd)} 处" if len(odd) > 4 else ""
    first = next(iter(odd))
    return [Finding("prose-same-figure", "warning", "不一致",
                    f"说明中的金额与表中同一数的写法不同：{shown}{more}。同一数应处处写法一致（保留两位小数）",
                    claim_location(d, first), d.claims[first].value)]


# "医疗卫生与计划生育支出（210类）行政事业单位医疗（11款）行政单位医疗（01项）": names stated with
# their codes, each code's digits after those of the level above it.
_CODED_NAME = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,30}?)[（(](?P<code>\d{2,3})(?P<level>类|款|项)[）)]")
_CODE_DIGITS = {"类": 3, "款": 2, "项": 2}
_LEADING_NUMBER = re.compile(r"^[一二三四五六七八九十]+、")


def _bare(name: str) -> str:
    return re.sub("支出$", "", _LEADING_NUMBER.sub("", compact(name)))


def _subject_name_findings(d: Disclosure) -> list[Finding]:
    """A 类/款/项 the prose names with its code under another name than the tables print for that
    code ("医疗卫生与计划生育支出（210类）" where 表2–表5 print 210 "卫生健康支出"): the old name of a
    renamed class left in, or a code that is not the one meant. Once per code and name."""
    printed: dict[str, set[str]] = {}
    for t in d.tables:
        for r in t.rows:
            if r.code and r.label:
                printed.setdefault(r.code, set()).add(_LEADING_NUMBER.sub("", compact(r.label)))
    out, seen = [], set()
    for section in d.sections:
        code, end = "", -1
        for m in _CODED_NAME.finditer(section.text):
            level, digits = m.group("level"), m.group("code")
            if len(digits) != _CODE_DIGITS[level] or (level != "类" and m.start() != end):
                code, end = "", -1  # not a code, or not following its parent: the chain is broken
                continue
            code = digits if level == "类" else code + digits
            end = m.end()
            name = compact(m.group("name"))
            labels = printed.get(code)
            if not labels or any(name.endswith(label) or _bare(name).endswith(_bare(label)) for label in labels):
                continue
            if (code, name) in seen:
                continue
            seen.add((code, name))
            a, b = _Sentences(section).bounds(m.start())
            sentence = section.text[a:b] if b - a <= 100 else section.text[max(a, m.start() - 30):m.end() + 50] + "…"
            shown = "、".join(f"“{label}”" for label in sorted(labels))
            out.append(Finding("prose-subject-name", "warning", "不一致",
                               f"说明中的“{name}（{digits}{level}）”与表中科目 {code} 的名称{shown}不一致",
                               Location(page=section.page_at(m.start()), section=section.label, sentence=sentence)))
    return out


def prose_claim_indexes(d: Disclosure) -> list[int]:
    """The figures the prose states (amounts, shares, rates, changes, counts, completion rates),
    forms excluded."""
    kinds = ("amount", "share", "rate", "change", "count", "completion")
    return sorted(i for s in d.sections for i in _claims_in(d, s, kinds))


def evaluate_prose(d: Disclosure, catalog: Catalog, describe: Describer) -> tuple[list[Outcome], list[Finding], list[int]]:
    """Outcomes of every prose check, findings that are not sums or ratios, and the amounts no
    check covers (listed for the reviewer rather than silently ignored)."""
    resolver = Resolver(d)
    covered: set[int] = set()
    bound: dict[int, ProseBinding] = {}
    outcomes = _amount_outcomes(d, catalog, resolver, covered, bound)
    outcomes += _list_outcomes(d, catalog, covered)
    outcomes += _same_outcomes(d, catalog, covered)
    outcomes += _share_outcomes(d, catalog, resolver, describe, covered)
    rates, findings = _rate_outcomes(d, covered)
    outcomes += rates
    execution, execution_findings = _execution_outcomes(d, resolver, describe, bound, covered)
    outcomes += execution
    findings += execution_findings
    findings += _item_findings(d, covered)
    findings += _format_findings(d, outcomes)
    findings += _subject_name_findings(d)
    perf, perf_findings = _performance_outcomes(d, resolver)
    outcomes += perf
    findings += perf_findings
    unchecked = sorted(set(prose_claim_indexes(d)) - covered)
    return outcomes, findings, unchecked
