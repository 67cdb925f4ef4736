"""Is the whole disclosure there, and does it speak of one entity, one year, one money unit?"""
from __future__ import annotations

from ..amounts import compact
from ..model import Disclosure
from ..profiles import GENERIC_PROFILE, get_profile
from ..recognise import says_empty
from .catalog import Catalog
from .findings import Describer, Finding, Location

_PART_NAMES = {"一": "概况", "二": "报表", "三": "情况说明", "四": "名词解释"}


def check_completeness(d: Disclosure, catalog: Catalog, describe: Describer) -> list[Finding]:
    out: list[Finding] = []
    try:
        profile = get_profile(d.profile)
        specs, empty_notes = profile.tables, profile.empty_notes
    except KeyError:
        profile, specs, empty_notes = None, (), ()
    for spec in specs:
        t = d.table(spec.key)
        if t is None:
            out.append(Finding("doc-table-missing", "error", "缺失", f"未找到{spec.label}（{spec.name}）",
                               Location(table=spec.key)))
            continue
        page = t.pages[0] if t.pages else None
        if t.empty and not any("无数据" in compact(n) or says_empty(n, empty_notes) for n in t.notes):
            out.append(Finding("doc-table-empty-unmarked", "warning", "缺失",
                               f"{spec.label} 没有数据，但未注明“本表无数据”", Location(table=t.key, page=page)))
        expected = spec.unit or d.unit  # a table the template prints in another unit (上海's “三公” in 万元)
        if t.unit and expected and t.unit != expected:
            others = f"模板中该表是“{spec.unit}”" if spec.unit else f"全文其他表是“{d.unit}”"
            out.append(Finding("doc-unit-mixed", "error", "不符",
                               f"{spec.label} 的金额单位是“{t.unit}”，{others}", Location(table=t.key, page=page)))
        if t.entity and d.entity and compact(t.entity) != compact(d.entity):
            out.append(Finding("doc-entity-mixed", "error", "不符",
                               f"{spec.label} 的单位名称是“{t.entity}”，与文件的“{d.entity}”不一致",
                               Location(table=t.key, page=page)))
        if t.year and d.year and t.year != d.year:
            out.append(Finding("doc-year-mixed", "error", "不符",
                               f"{spec.label} 标题的年度是 {t.year} 年，文件是 {d.year} 年", Location(table=t.key, page=page)))
    if d.profile != GENERIC_PROFILE:  # no family, no outline to hold the document to
        out += _missing_parts(d, profile.parts if profile else ())
    out += page_flaw_findings(d)
    if d.sections:
        for name, heading in catalog.sections:
            if not any(heading.search(s.heading) for s in d.sections):
                out.append(Finding("doc-section-missing", "warning", "缺失", f"第三部分缺少“{name}”一节",
                                   Location(section="第三部分")))
    return out


# How each PageFlaw kind (raw.PageFlaw, found by read/pdf_flaws.py) is reported.
_PAGE_FLAWS = {
    "blank": ("doc-blank-page", "多余", "第{page}页是空白页（没有任何文字），建议删除"),
    "empty-grid": ("doc-blank-page", "多余", "第{page}页只有空的表格框线、没有任何文字（多余的空表页），建议删除"),
    "clipped": ("doc-text-clipped", "不完整", "第{page}页{where}被文本框边缘截断，未完整显示"),
}


def page_flaw_findings(d: Disclosure) -> list[Finding]:
    """A blank page, a page of empty table lines, text cut off by its box: what the reader of the
    printed page sees, and the extracted text does not show."""
    out = []
    for flaw in d.page_flaws:
        rule, status, message = _PAGE_FLAWS.get(flaw.kind, (None, None, None))
        if rule:
            if len(flaw.text) >= 10:  # a line of its own: quoted
                where = f"“{flaw.text[:30]}{'…' if len(flaw.text) > 30 else ''}”一行"
            else:  # a line's last characters: shown after the end of the line above
                where = f"“{'…' + flaw.before[-12:] if flaw.before else ''}{flaw.text}”中的“{flaw.text}”"
            out.append(Finding(rule, "warning", status, message.format(page=flaw.page, where=where),
                               Location(page=flaw.page, sentence=(flaw.before + flaw.text) or None)))
    return out


def _missing_parts(d: Disclosure, declared) -> list[Finding]:
    """The parts the document should print: its family's declared ones (上海: 主要职能, 机构设置, 名词解释,
    预算编制说明, 其他相关情况说明), else the four 第N部分 of the national outline."""
    if declared:
        return [Finding("doc-part-missing", "warning", "缺失", f"未找到“{name}”部分", Location())
                for name, heading in declared if not any(heading.search(p) for p in d.parts)]
    present = {p[1] for p in d.parts if len(p) > 1}  # "第一部分 概况" -> "一"
    return [Finding("doc-part-missing", "warning", "缺失", f"未找到第{number}部分（{name}）", Location())
            for number, name in _PART_NAMES.items() if number not in present]
