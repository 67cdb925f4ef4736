"""Reading the figures the prose of 第三部分 states into ``Claim`` objects, with their links.

The prose restates the tables in a few fixed sentence shapes ("收入总计X万元，其中：…，比上年增加Δ万元，
增长p%"; "Y万元，占q%"; "人员经费Z万元，主要包括：a、b、c等"). Each number with a unit becomes a
claim; its subject is the text naming it, and shares, changes, rates and item lists are linked to
the amounts they are about (indexes into the returned list).

Layout exports wrap lines anywhere ("8519.82万\n元"), so the text is first joined into one string
with a map back to ``Section.text`` offsets; only newlines that end a heading or a sentence stay.
"""
from __future__ import annotations

import re
from decimal import Decimal

from ..classification import ITEM_PATH, ITEM_UNDER_CLASS
from ..model import Claim, Section

# A number as printed: thousands separators only in groups of three; never a piece of a longer
# number, a date ("2021.11.17") or a code ("A150201", "PM2.5").
_NUMBER = re.compile(r"(?<![\d.,A-Za-z])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?!\d|[.,]\d)")
# Units that make a number a claim. Years (年), dates (月/日), list numbers (、), levels (2级项目)
# and areas (平方米) have none of these, so they are never claims.
_UNIT = re.compile(r"\s*(万元|亿元|元|%|％|台（套）|台\(套\)|个|辆|台|人(?![员民]))")
_MONEY = {"万元", "亿元", "元"}
_TARGET_SIGN = "≥≤<>＜＞"  # performance targets ("≤10万元") are limits, not figures
# A threshold, not a figure: "价值50万元（原值）以上的通用设备".
_THRESHOLD = re.compile(r"(?:[（(][^）)]{0,6}[）)])?\s*(以上|以下)")
_VERB = re.compile(r"(增加|增长|上升|减少|下降|降低)(?:了|率为|幅度为|为)?\s*$")
_DIRECTION = {"增加": 1, "增长": 1, "上升": 1, "减少": -1, "下降": -1, "降低": -1}
# "比2025年财政拨款预算13.35万元相比": the previous year's amount a change is measured from.
_BASE = re.compile(r"^(比|较|与|同)\s*(上年|去年|\d{4}\s*年)")
# A rate measured against an amount the sentence states before it, with no change printed (上海):
# "2025年当年预算执行数为1690.69万元，2026年预算安排1434.89万元，比2025年预算执行数减少1.10%".
_NAMED_BASE = re.compile(r"^(?:比|较)\s*(?P<year>\d{4})\s*年度?\s*(?P<named>\S{2,20}?)$")
_DELIMS = "，,；;：:、"
_GROUP = re.compile(r"[；;]")  # clause groups: a change and its rate never cross a ；
_NEW_LIST = re.compile(r"\s*[^，。；;]{0,8}包括\s*[：:]")
# A numbered list item: "1.行政运行", "（1）工资福利支出".
_ITEM_MARK = re.compile(r"^\s*(?:\d{1,2}[.．、]|[（(]\d{1,2}[）)])\s*\D")
_LIST_MARK = re.compile(r"^\s*(（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|\d{1,2}、|[一二三四五六七八九十]+、)")
# "4. “社会保障和就业支出（类）…”": a list number with a point, dropped from the subject only.
_CLASS_HEADING = re.compile(r"([\u4e00-\u9fff]+?)[（(]\d{0,3}类[）)]")
_NUMBER_MARK = re.compile(r"^\s*\d{1,2}[.．](?!\d)\s*")
_ITEMS = re.compile(r"主要包括\s*[：:]\s*([^；;。\n\d]+?)\s*(?=[；;。\n]|$)")
_LEAD_WORDS = re.compile(r"^(其中|主要包括|主要用于以下方面|收入为|支出包括|本单位|本部门|我单位|我部门)")
_YEAR = re.compile(r"^(截至)?\s*\d{4}\s*年度?")
# An entity name at the start of a subject: a place, then up to its last organisation suffix.
_PLACE = re.compile(r"^[\u4e00-\u9fff]{2,6}?(省|市|县|区|州)")
_ENTITY = re.compile(r"^.{2,40}(中心|分局|局|委员会|办公室|厅|院|站|队|公司)")
_LONGEST = 60  # longest subject kept; longer sentences are kept as a window around the figure
# The 绩效目标 forms flattened into section 十: their first title line starts the appendix.
_APPENDIX_TITLE = re.compile(r"^\s*\S*绩效目标(申报)?表\s*$", re.M)

# A 决算's budget execution (预算执行): "年初预算为A万元，全年预算为F万元，支出决算为B万元，完成年初预算的
# R%。决算数小于预算数的主要原因：…". The stage an amount states is read from the words before it.
_MEASURES = (
    ("budget_initial", re.compile(r"年初预算(数)?[为是]?$")),
    ("budget_full", re.compile(r"(全年|调整后?)预算(数)?[为是]?$")),
    ("final", re.compile(r"(决算|执行)数?[为是]?$")),
    ("budget", re.compile(r"预算数?[为是]$")),
)
_COMPLETION = re.compile(r"(?:完成(年初|全年)?预算数?的?|(?:预算)?(?:完成|执行)率为?)$")
_COMPARISON = re.compile(
    r"决算数?\s*(大于|小于|高于|低于|超过|多于|少于|等于)\s*(年初|全年)?预算数?"
    r"|决算数?\s*与\s*(年初|全年)?预算数?\s*(?:基本)?(持平|相等|一致|相同)")
_COMPARISON_DIRECTION = {"大于": 1, "高于": 1, "超过": 1, "多于": 1, "小于": -1, "低于": -1, "少于": -1}
_REASON = re.compile(r"^[^。\n]{0,12}?原因(?:是|为|在于|主要是)?\s*[：:，,]?\s*")


def extract_claims(sections: list[Section]) -> list[Claim]:
    """Every figure stated in ``sections``, in text order, with links between them."""
    claims: list[Claim] = []
    for section in sections:
        _read_section(section, claims)
    return claims


def _join(text: str, appendix_at: int) -> tuple[str, list[int]]:
    """The text with soft line wraps removed, and for each of its characters the offset in ``text``.

    A newline stays (as a sentence break) after a blank line, a numbered heading ("（一）…",
    "1、…") or a full stop, and before a numbered line. In the appendix lines are table rows, so
    every newline stays unless the next line carries on a number's unit ("9.32\\n万元").
    """
    lines = text.split("\n")
    chars: list[str] = []
    offsets: list[int] = []
    at = 0
    for i, line in enumerate(lines):
        chars.extend(line)
        offsets.extend(range(at, at + len(line)))
        at += len(line)
        if i + 1 < len(lines):
            following = lines[i + 1]
            if at >= appendix_at:
                hard = not re.match(r"\s*(万元|元|%)", following)
            else:
                hard = (not line.strip() or not following.strip() or line.rstrip().endswith("。")
                        or bool(_LIST_MARK.match(line) or _LIST_MARK.match(following)))
            if hard:
                chars.append("\n")
                offsets.append(at)
            at += 1
    return "".join(chars), offsets


def _subject(pre: str) -> str:
    """Clean the words before a number: drop numbering, connectives, a leading year and entity.

    The entity is stripped only when the subject starts with a place name ("阳泉市…中心"), up to
    its last organisation suffix; the end of the subject, which names the figure, is kept whole.
    """
    s = _NUMBER_MARK.sub("", _LIST_MARK.sub("", pre)).strip()
    if s.startswith("“") and s.endswith("”") and s.count("“") == 1:  # the item quoted whole (上海)
        s = s[1:-1]
    while (m := _LEAD_WORDS.match(s)) or (m := _YEAR.match(s)):
        s = s[m.end():].strip()
    if _PLACE.match(s) and (m := _ENTITY.match(s)) and s[m.end():].strip():
        s = s[m.end():].strip()
    return s[-_LONGEST:]  # run-on text (attachments, flattened forms): its end names the figure


class _Execution:
    """What a section's budget-execution sentences are about so far: the 功能分类 item named last
    ("1、一般公共服务支出（类）…（项）。") and the last 决算数 stated, which a following completion
    rate or 大于/小于 wording refers to."""

    def __init__(self) -> None:
        self.item: str | None = None
        self.final: int | None = None
        self.klass: str | None = None  # the 类 of a "（二）交通运输支出（类）" heading over its items


def _read_section(section: Section, claims: list[Claim]) -> None:
    title = _APPENDIX_TITLE.search(section.text)
    appendix_at = title.start() if title else len(section.text)
    joined, offsets = _join(section.text, appendix_at)
    execution = _Execution()
    for sentence in re.finditer(r"[^。\n]+", joined):
        s0, s1 = sentence.start(), sentence.end()
        if (m := ITEM_PATH.search(joined, s0, s1)) or _LIST_MARK.match(joined, s0):
            execution.item = m.group(0) if m else None  # a new item, or a new sub-heading: none yet
            execution.final = None
            execution.klass = m.group(1) if m else None
        elif (m := _CLASS_HEADING.search(joined, s0, s1)) and not ITEM_UNDER_CLASS.search(joined, s0, s1):
            execution.item, execution.final, execution.klass = None, None, m.group(1)  # "（二）交通运输支出（类）"
        elif execution.klass and (m := ITEM_UNDER_CLASS.search(joined, s0, s1)):
            # The next item of a list under one "（二）交通运输支出（类）" heading names its 款 and 项 only.
            execution.item = f"{execution.klass}（类）{m.group(0)}"
            execution.final = None
        _read_sentence(section, joined, offsets, s0, s1, offsets[s0] >= appendix_at, claims, execution)


def _reason(joined: str, at: int, s1: int) -> str | None:
    """The reason given right after a 大于/小于 wording, in its sentence or opening the next one."""
    m = _REASON.match(joined[at:s1])
    if m:
        return joined[at + m.end():s1].strip()
    rest = joined[s1:s1 + 200].lstrip("。\n ")
    m = _REASON.match(rest)
    if m and rest.startswith(("主要原因", "原因")):
        end = re.search(r"[。\n]", rest)
        return rest[m.end():end.start() if end else len(rest)].strip()
    return None


def _comparison(section: Section, joined: str, offsets: list[int], m: re.Match, s1: int, sentence: str,
                execution: _Execution) -> Claim:
    word = m.group(1) or m.group(4)
    basis = m.group(2) or m.group(3) or ""
    start, end = offsets[m.start()], offsets[m.end() - 1] + 1
    return Claim("comparison", None, re.sub(r"\s+", "", m.group(0)), "", f"{basis}预算", section.number, sentence,
                 start, end, page=section.page_at(start), direction=_COMPARISON_DIRECTION.get(word, 0),
                 current=execution.final, item=execution.item, reason=_reason(joined, m.end(), s1))


def _named_before(claims: list[Claim], section: str, stem: str) -> int | None:
    """The amount a change names in words rather than printing beside it: "收入支出总计307.82万元。
    与2023年度相比，收入支出总计增加307.82万元" — the section's last amount whose subject ends with
    the change's subject ("收入支出总计"; "收、支总计各增加" names "收、支总计")."""
    stem = re.sub(r"各$", "", re.sub(r"\s+", "", stem))
    if len(stem) < 3:
        return None
    for j in range(len(claims) - 1, -1, -1):
        c = claims[j]
        if c.section != section:
            return None
        if c.kind == "amount" and re.sub(r"\s+", "", c.subject).endswith(stem):
            return j
    return None


def _named_base(claims: list[Claim], stated: list[tuple[int, str]], words: str) -> tuple[int | None, int | None]:
    """(base, current) of a rate printed with no change: "比2025年预算执行数减少1.10%" names its base
    — the amount stated earlier in the sentence for that year under that name ("2025年当年预算执行数为
    1690.69万元") — and is about the amount stated next ("2026年预算安排1434.89万元")."""
    m = _NAMED_BASE.match(re.sub(r"\s+", "", words))
    if not m:
        return None, None
    named = re.sub(r"[为是]$", "", m.group("named"))
    for n, (j, pre) in enumerate(stated):
        subject = re.sub(r"[为是]$", "", re.sub(r"\s+", "", claims[j].subject))
        if f"{m.group('year')}年" in re.sub(r"\s+", "", pre) and subject.endswith(named) and n + 1 < len(stated):
            return j, stated[n + 1][0]
    return None, None


def _read_sentence(section: Section, joined: str, offsets: list[int], s0: int, s1: int,
                   appendix: bool, claims: list[Claim], execution: _Execution) -> None:
    sentence = joined[s0:s1].strip()
    events = [(m.start(), "number", m) for m in _NUMBER.finditer(joined, s0, s1)]
    if not appendix:
        events += [(m.start(1), "items", m) for m in _ITEMS.finditer(joined, s0, s1)]
        events += [(m.start(), "group", m) for m in _GROUP.finditer(joined, s0, s1)]
        events += [(m.start(), "comparison", m) for m in _COMPARISON.finditer(joined, s0, s1)]
    events.sort(key=lambda e: e[0])

    first_amount = last_amount = None  # sentence-wide: wholes of shares, parts, itemised amounts
    stated: list[tuple[int, str]] = []  # sentence-wide: plain amounts and the words before each
    fresh = base = last_change = None  # per clause group (split on ；): links of changes and rates
    delimiter = s0  # where the words naming the next figure begin
    for _, kind, m in events:
        if kind == "group":
            fresh = base = last_change = None
            # "收入包括：A、B；支出包括：C，占81.65%": a new enumeration after the ； has its own whole
            # (here the total of the sentence before), never the first amount of the other one.
            if _NEW_LIST.match(joined, m.end(), s1):
                first_amount = last_amount = None
            continue
        if kind == "comparison":
            claims.append(_comparison(section, joined, offsets, m, s1, sentence, execution))
            continue
        if kind == "items":
            names = [re.sub(r"\s+", "", n) for n in m.group(1).split("、")]
            names[-1] = re.sub(r"等$", "", names[-1])
            start, end = offsets[m.start(1)], offsets[m.end(1) - 1] + 1
            subject = claims[last_amount].subject if last_amount is not None else "主要包括"
            claims.append(Claim("items", None, "", "", subject, section.number, sentence, start, end,
                                page=section.page_at(start), current=last_amount,
                                items=[n for n in names if n]))
            continue
        unit_m = _UNIT.match(joined, m.end(), s1)
        if not unit_m:
            continue
        unit = unit_m.group(1).replace("％", "%")
        before = joined[s0:m.start()].rstrip()
        after = joined[unit_m.end():s1]
        if (before and before[-1] in _TARGET_SIGN) or before.endswith("每") or after.startswith("/") \
                or _THRESHOLD.match(after):
            continue
        if appendix and unit not in _MONEY:
            continue  # the forms' counts and percentages are targets, not restated figures
        cut = max(joined.rfind(c, s0, m.start()) for c in _DELIMS) + 1
        pre = joined[max(cut, delimiter):m.start()].strip()
        text = m.group(1)
        start, end = offsets[m.start()], offsets[m.end() - 1] + 1
        said = sentence
        if len(said) > 4 * _LONGEST:
            said = joined[max(s0, m.start() - 2 * _LONGEST):min(s1, m.end() + 2 * _LONGEST)].strip()
        claim = Claim("amount", Decimal(text.replace(",", "")), text, unit, _subject(pre),
                      section.number, said, start, end, page=section.page_at(start))
        verb = _VERB.search(pre)
        index = len(claims)
        if appendix:
            pass  # plain amounts, no links: the forms are not sentences
        elif unit == "%":
            if pre.startswith("占"):
                claim.kind, claim.subject, claim.part = "share", "占", last_amount
                # "占部门（单位）项目支出总额的100%" names its whole; "占比为85.62%" does not.
                named = re.sub(r"^比|(的比重|的比例)?[为的]?$", "", pre[1:]).strip()
                if named:
                    claim.whole_text = named
                elif first_amount is not None and first_amount != last_amount and \
                        not any(c.kind == "share" and c.part == first_amount for c in claims):
                    # The sentence's first amount is the whole, unless it is itself a part with a
                    # share of its own ("A 4.69万元，占10.15%；B 40.61万元，占87.88%"): then the
                    # whole is not printed here.
                    claim.whole = first_amount
            elif verb:
                claim.kind, claim.subject = "rate", verb.group(1)
                claim.direction, claim.change = _DIRECTION[verb.group(1)], last_change
                if last_change is None:
                    claim.base, claim.current = _named_base(claims, stated, pre[:verb.start()])
            elif done := _COMPLETION.search(pre):
                claim.kind, claim.subject = "completion", f"{done.group(1) or ''}预算"
                claim.current, claim.item = execution.final, execution.item
            else:
                continue  # a bare percentage ("付剩余60%服务费") names no figure we check
        elif unit not in _MONEY:
            claim.kind = "count"
        elif verb:
            claim.kind, claim.direction = "change", _DIRECTION[verb.group(1)]
            claim.current, claim.base = fresh, base
            if fresh is None and base is None:
                claim.current = _named_before(claims, section.number, _subject(pre[:verb.start()]))
            fresh = base = None
            last_change = index
        elif _BASE.match(pre):
            base = index  # stated last-year amount: a plain amount, linked from the change
        else:
            # The first amount of the clause group, unless this one opens a numbered item of a list
            # ("支出9,216.51万元，其中：1.行政运行（2010301）4,414.15万元，较上年增加293.55万元"): the
            # change after an item is the item's.
            fresh = index if fresh is None or _ITEM_MARK.match(pre) else fresh
            first_amount = index if first_amount is None else first_amount
            last_amount = index
            claim.measure = next((name for name, p in _MEASURES if p.search(claim.subject)), None)
            claim.item = execution.item
            if claim.measure == "final":
                execution.final = index
            stated.append((index, pre))
        claims.append(claim)
        delimiter = unit_m.end()
