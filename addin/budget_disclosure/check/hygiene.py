"""Text hygiene: what reviewers flag in the wording of any 预算 or 决算 disclosure, whatever its
figures — template placeholders left in, a heading or comparison naming the wrong year, a heading
naming another entity, a percentage without %, doubled punctuation, a sentence cut off or run on
without its full stop, unpaired quotes, characters that do not display, a 单位 document calling
itself 部门.

    from budget_disclosure.check.hygiene import check_hygiene, is_template
    findings = [] if is_template(d) else check_hygiene(d)

The kinds of problem and their patterns are data (data/hygiene.toml); this module only reads the
texts (sections, headings, table titles and notes), judges each match and says where it is.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Callable, Iterator

from ..amounts import compact
from ..model import Disclosure, Section
from .findings import Finding, Location

CHECKS = ("match", "heading_year", "comparison_year", "entity", "quotes", "level")
SCOPES = ("prose", "other_text", "headings", "heading_lines", "tables")

# A sentence ends at 。 (with any closing quote after it), or where a numbered heading line
# begins: exports keep soft line wraps, so a bare newline ends nothing. Not at ？: the documents
# ask nothing, and a mis-decoded "六·五" prints as "六？五".
_NUMBERED = r"[ \t]*(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|\d{1,2}[、.．](?!\d))"
_SENTENCE_END = re.compile(r"。[”’」』]*|\n(?=" + _NUMBERED + ")")
# A numbered heading line inside a section's text: short, and no sentence punctuation.
_HEADING_LINE = re.compile(r"(?m)^" + _NUMBERED + r"[ \t]*(?P<title>[^\n。；;，,]{2,40})$")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_EXCERPT = 100  # longer sentences are shown as a window around the problem


@dataclass
class Rule:
    id: str
    name: str
    severity: str
    check: str
    scope: tuple[str, ...]
    patterns: tuple[re.Pattern, ...]
    message: str
    status: str = "不规范"
    options: dict = field(default_factory=dict)  # the entry's other keys (template_share, suffixes …)


def load_rules(text: str) -> tuple[Rule, ...]:
    rules = []
    for entry in tomllib.loads(text)["rule"]:
        e = dict(entry)
        rule = Rule(e.pop("id"), e.pop("name"), e.pop("severity"), e.pop("check", "match"), tuple(e.pop("scope")),
                    tuple(re.compile(p) for p in e.pop("patterns")), e.pop("message"), e.pop("status", "不规范"), e)
        # Fail on load, not mid-check, when an entry is mistyped.
        if rule.check not in CHECKS or not set(rule.scope) <= set(SCOPES) or rule.severity not in ("error", "warning"):
            raise ValueError(f"hygiene rule {rule.id}: unknown check, scope or severity")
        rules.append(rule)
    return tuple(rules)


@lru_cache(maxsize=None)
def hygiene_rules() -> tuple[Rule, ...]:
    return load_rules(resources.files("budget_disclosure").joinpath("data/hygiene.toml").read_text("utf-8"))


def _rule(check: str, rule_id: str) -> Rule:
    return next(r for r in hygiene_rules() if r.check == check and r.id == rule_id)


# ── the texts a rule reads, each knowing where a span of it is ────────────────────────────────

@dataclass
class _Text:
    text: str
    place: Callable[[int, int], Location]  # a span (start, end) of text -> where it is printed


def section_label(s: Section) -> str:
    return s.label if s.part in ("第三部分", s.heading) else f"{s.part} {s.label}"


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding text[start:end] (stretched to cover the whole span)."""
    a = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        a = m.end()
    m = _SENTENCE_END.search(text, start)
    return a, max(m.end() if m else len(text), end)


def _excerpt(text: str, start: int, end: int) -> str:
    a, b = sentence_bounds(text, start, end)
    if b - a > _EXCERPT:  # a run-on "sentence" (a flattened form): a window around the problem
        a2, b2 = max(a, start - _EXCERPT // 2), min(b, end + _EXCERPT // 2)
        return ("…" if a2 > a else "") + text[a2:b2].replace("\n", "").strip() + ("…" if b2 < b else "")
    return text[a:b].replace("\n", "").strip()


def _prose(s: Section) -> _Text:
    return _Text(s.text, lambda a, b: Location(section=section_label(s), sentence=_excerpt(s.text, a, b),
                                               page=s.page_at(a)))


def _heading_line(s: Section, m: re.Match) -> _Text:
    """The title of a numbered line in a section's text ("（一）" left out, as in a heading)."""
    at = m.start("title")
    return _Text(m.group("title"), lambda a, b: Location(section=section_label(s), sentence=m.group().strip(),
                                                         page=s.page_at(at + a)))


def _fixed(text: str, sentence: str | None = None, **where) -> _Text:
    """A heading, title or note: the location names it whole."""
    return _Text(text, lambda a, b: Location(sentence=sentence or text, **where))


def _texts(d: Disclosure, scope: tuple[str, ...]) -> Iterator[_Text]:
    for s in d.sections:
        label = section_label(s)
        if "headings" in scope:  # the heading without its number, so a pattern can anchor on it
            yield _fixed(s.heading, section=label, sentence=label, page=s.pages[0] if s.pages else None)
        if "prose" in scope:
            yield _prose(s)
        if "heading_lines" in scope:
            yield from (_heading_line(s, m) for m in _HEADING_LINE.finditer(s.text))
    if "other_text" in scope:  # 主要职能, 名词解释, a project's description … (Disclosure.other_sections)
        yield from (_prose(s) for s in d.other_sections)
    if "headings" in scope:
        yield from (_fixed(part, section=part) for part in d.parts)
    if "tables" in scope:
        for t in d.tables:
            page = t.pages[0] if t.pages else None
            yield from (_fixed(line, table=t.key, page=page) for line in [t.title, *t.notes])


# ── judging matches ───────────────────────────────────────────────────────────────────────────

def _matches(rule: Rule, text: str) -> list[re.Match]:
    """Every match of the rule's patterns, in text order, overlapping ones counted once."""
    found = sorted((m for p in rule.patterns for m in p.finditer(text)), key=lambda m: (m.start(), -m.end()))
    out: list[re.Match] = []
    for m in found:
        if m.end() > m.start() and (not out or m.start() >= out[-1].end()):
            out.append(m)
    return out


def _in_chinese(text: str, m: re.Match) -> bool:
    """Is the match Chinese text, or next to it (spaces skipped)? "XX局" is, "Type XX" is not."""
    near = text[:m.start()].rstrip()[-1:] + m.group() + text[m.end():].lstrip()[:1]
    return bool(_CJK.search(near))


def _found(m: re.Match) -> str:
    return m.group("found") if "found" in m.re.groupindex else m.group()


def _has_placeholder(text: str) -> bool:
    rule = _rule("match", "text-placeholder")
    return any(_in_chinese(text, m) for m in _matches(rule, text))


def _judge(rule: Rule, d: Disclosure, text: str, m: re.Match) -> dict | None:
    """The message fields when the match is a problem, else None."""
    o = rule.options
    if rule.check == "match":
        if o.get("chinese_context") and not _in_chinese(text, m):
            return None
        return {"found": _found(m), "code": f"U+{ord(m.group()[0]):04X}"}
    if rule.check in ("heading_year", "comparison_year"):
        year = int(m.group("year"))
        if d.year is None or text[:m.start()].rstrip()[-1:] in o.get("not_after", ()):
            return None
        offsets = o.get("allowed_offsets", {}).get(d.kind, [-1]) if rule.check == "comparison_year" else [0]
        allowed = sorted(d.year + k for k in offsets)
        if year in allowed:
            return None
        return {"found": m.group().strip(), "year": d.year, "expected": "或".join(f"{y}年" for y in allowed)}
    if rule.check == "entity":
        name = compact(m.group("entity"))
        if not d.entity or not name.endswith(tuple(o.get("suffixes", ()))) or _has_placeholder(name):
            return None  # not an entity's name, or a placeholder (text-placeholder says so)
        known = [compact(n) for n in [d.entity, *d.units] if n]
        # A short form ("生态环境局") or a fuller one ("山西省晋城市生态环境局") is the same entity.
        if any(name.endswith(k) or k.endswith(name) for k in known):
            return None
        return {"found": name, "entity": d.entity}
    if rule.check == "level":  # "部门预算" in a 单位 document
        if m.group("level") not in o.get("wrong", {}).get(d.level or "", ()):
            return None
        return {"found": m.group().strip(), "level": d.level}
    return None


def _quote_problems(rule: Rule, text: str) -> Iterator[tuple[int, str]]:
    """Where a sentence's quotes do not pair up: a closing mark with none open, or an opening
    mark never closed. One per sentence, the first."""
    opening = rule.options.get("opening", "“")
    a = 0
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    for b in ends + ([len(text)] if not ends or ends[-1] < len(text) else []):
        open_at: list[int] = []
        problem = None
        for m in (m for p in rule.patterns for m in p.finditer(text, a, b)):
            if m.group() == opening:
                open_at.append(m.start())
            elif open_at:
                open_at.pop()
            else:
                problem = (m.start(), f"多出右引号（{m.group()}）")
                break
        if problem is None and open_at:
            problem = (open_at[0], f"左引号（{opening}）没有对应的右引号")
        if problem:
            yield problem
        a = b


def check_hygiene(d: Disclosure, rules: tuple[Rule, ...] | None = None) -> list[Finding]:
    """Every hygiene finding of ``d`` (by ``rules``, default data/hygiene.toml's); none for the
    blank template (see is_template)."""
    if is_template(d):
        return []
    out: list[Finding] = []
    for rule in rules or hygiene_rules():
        for t in _texts(d, rule.scope):
            if rule.check == "quotes":
                hits = [(at, at + 1, {"found": what}) for at, what in _quote_problems(rule, t.text)]
            else:
                hits = [(m.start(), m.end(), f) for m in _matches(rule, t.text) if (f := _judge(rule, d, t.text, m))]
            for start, end, fields in hits:
                message = rule.message.format_map({"year": d.year, "entity": d.entity, **fields})
                out.append(Finding(rule.id, rule.severity, rule.status, message, t.place(start, end)))
    return out


def is_template(d: Disclosure) -> bool:
    """Is ``d`` the official blank template: its entity a placeholder ("上海市XX局"), or at least
    template_share of its sections holding placeholders? Its findings would be noise."""
    if d.entity and _has_placeholder(d.entity):
        return True
    texts = [s.text for s in d.sections if s.text.strip()]
    share = _rule("match", "text-placeholder").options.get("template_share", 0.5)
    return bool(texts) and sum(map(_has_placeholder, texts)) >= share * len(texts)
