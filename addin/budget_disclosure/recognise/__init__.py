"""Recognition: raw tables and text lines -> the typed Disclosure model, guided by a profile."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from ..amounts import compact
from ..errors import NotADisclosure, UnsupportedKind, UnsupportedTemplate
from ..model import Disclosure, Notice, Row, Table
from ..profiles import GENERIC_PROFILE, Profile, TableSpec, all_profiles, get_profile
from ..raw import RawDocument, RawTable, TextLine
from . import document
from .disputes import apply_disputes
from .generic import GenericCandidate, build_generic_table
from .performance import find_performance_targets
from .prose import extract_claims
from .fragments import merge_fragments
from .headers import header_row_count, map_columns
from .rows import RowBuilder, cut_lines
from .titles import match_title, normalize_title


@dataclass
class _Found:
    """A standard table located in the block stream: its title and its raw fragments."""

    spec: TableSpec
    title: TextLine
    fragments: list[RawTable] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    captions: list[TextLine] = field(default_factory=list)  # lines between the title and the grid

    @cached_property
    def header_rows(self) -> int:
        """How many leading rows of the first fragment are the printed header."""
        return header_row_count(self.fragments[0].rows, lambda t: any(r.matches(t) for r in self.spec.rows))

    @cached_property
    def columns_recognised(self) -> bool:
        """Recognised only when the table's label and first amount columns were found."""
        first = self.fragments[0]
        cmap = map_columns(self.spec, first.rows[:self.header_rows], first.width)
        amounts = [c for c in self.spec.columns if not c.text]
        labels = [c for c in self.spec.columns if c.text]
        # A table without label columns (the one-row 三公 tables) is recognised by its amounts alone.
        return bool(amounts) and amounts[0].key in cmap.index and (not labels or any(c.key in cmap.index for c in labels))


def _locate(profile: Profile, raw: RawDocument) -> tuple[list[_Found], list[GenericCandidate]]:
    """Attach each raw table to the title printed above it; a table with no title between it and
    the previous one (only page furniture, which readers drop) continues that previous table. The
    tables no title claims are returned with the lines printed above them (未识别的表)."""
    found: list[_Found] = []
    unclaimed: list[GenericCandidate] = []
    last_claimed = False  # was the previous table block claimed by a title
    pending: tuple[TextLine, TableSpec] | None = None  # a title line and the table it names
    since_table: list[TextLine] = []
    captions: list[TextLine] = []  # lines after the pending title ("单位名称：…", "单位：万元")
    blocks = raw.blocks if not profile.titles_in_grid else [b for block in raw.blocks for b in _title_out_of_grid(profile, block)]
    for block in blocks:
        if isinstance(block, TextLine):
            spec = match_title(profile, block.text)
            if spec is not None:
                pending = (block, spec)
                captions = []
            elif pending is not None:
                captions.append(block)
            elif found and last_claimed and _is_note(block.text, since_table, profile.empty_notes):
                found[-1].notes.append(block.text.strip())
                continue
            since_table.append(block)
            continue
        if pending is not None and profile.titles_repeat and _repeats_title(found, last_claimed, pending[1], block):
            found[-1].fragments.append(_lined_up(found[-1].fragments[-1], block) or block)
        elif pending is not None:
            found.append(_Found(pending[1], pending[0], [block], captions=captions))
            last_claimed = True
        elif found and last_claimed and not since_table and found[-1].fragments[-1].width == block.width:
            found[-1].fragments.append(block)
        elif found and last_claimed and not since_table and (widened := _lined_up(found[-1].fragments[-1], block)) is not None:
            found[-1].fragments.append(widened)
        elif unclaimed and not last_claimed and not since_table and unclaimed[-1].fragments[-1].width == block.width:
            unclaimed[-1].fragments.append(block)
        else:
            unclaimed.append(GenericCandidate([block], list(since_table)))
            last_claimed = False
        pending = None
        since_table = []
    return found, unclaimed


_CAPTION_CELL = re.compile(r"[：:]")  # "预算单位：长春市信访局", "单位：万元"


def _title_out_of_grid(profile: Profile, block):
    """A grid whose first row is one cell naming one of the profile's tables (profile titles_in_grid), as
    that title line, the caption rows under it ("预算单位：…", "单位：万元") as lines, and the rest of the
    grid; any other block as it is."""
    if not isinstance(block, RawTable) or not block.rows:
        return [block]
    cells = [c for c in block.rows[0] if compact(c)]
    if len(cells) != 1 or match_title(profile, cells[0]) is None:
        return [block]
    page = block.row_pages[0] if block.row_pages else None
    out: list = [TextLine(cells[0].strip(), page)]
    n = 1
    while n < len(block.rows) and (captions := [c for c in block.rows[n] if compact(c)]) \
            and all(_CAPTION_CELL.search(c) for c in captions):
        out.append(TextLine(" ".join(c.strip() for c in captions), block.row_pages[n] if n < len(block.row_pages) else page))
        n += 1
    if n < len(block.rows):
        out.append(RawTable(block.rows[n:], list(block.row_pages[n:]), block.ruled,
                            list(block.edges) if block.edges else None))
    return out


def _repeats_title(found: list[_Found], last_claimed: bool, spec: TableSpec, block: RawTable) -> bool:
    """Is ``block``, under a title naming ``spec``, the next page of the table just read, printed with
    its title again (profile titles_repeat): the same table, a grid as wide, on the following page."""
    if not found or not last_claimed or found[-1].spec is not spec:
        return False
    last = found[-1].fragments[-1]
    last_page = max((p for p in last.row_pages if p is not None), default=None)
    first_page = next((p for p in block.row_pages if p is not None), None)
    return last_page is not None and first_page == last_page + 1 \
        and (last.width == block.width or _lined_up(last, block) is not None)


def _lined_up(previous: RawTable, block: RawTable, tolerance: float = 2.0) -> RawTable | None:
    """A continuation drawn with fewer columns than the part before it (cells merged across columns at
    the top of the next page, 001's 收支预算总表 p9): its cells put in the columns they start in, by the
    column boundaries both parts were drawn with; None when the boundaries do not line up."""
    if not previous.edges or not block.edges or block.width >= previous.width:
        return None
    starts = []
    for x in block.edges[:-1]:
        j = next((j for j, e in enumerate(previous.edges[:-1]) if abs(e - x) <= tolerance), None)
        if j is None or (starts and j <= starts[-1]):
            return None
        starts.append(j)
    if abs(block.edges[-1] - previous.edges[-1]) > tolerance:
        return None
    rows = []
    for row in block.rows:
        out = [""] * previous.width
        for j, cell in zip(starts, row):
            out[j] = cell
        rows.append(out)
    return RawTable(rows, list(block.row_pages), block.ruled, list(previous.edges))


def _is_note(text: str, since_table: list[TextLine], empty_notes: tuple[str, ...]) -> bool:
    """A note printed under the table just read: "注：…" right after it, or — after other notes
    and template instructions, before any title — the "说明：…故本表无数据" of an empty 决算 table."""
    t = text.lstrip()
    if not since_table and t.startswith(("注", "说明")):
        return True
    return says_empty(t, empty_notes) and len(since_table) <= 2


def says_empty(note: str, empty_notes: tuple[str, ...]) -> bool:
    """Does this note say its table has no figures ("本表无数据", "故本表为空表")?"""
    return any(words in compact(note) for words in empty_notes)


_CODE_PARTS = {"code_2": "款", "code_3": "项"}


def _code_parts_in_body(spec: TableSpec, cmap, body: list[list[str]]) -> None:
    """Split code columns whose 类/款/项 sub-header is printed in the first body row, beside the
    合计 label (上海's 决算表2/3: "类 | 款 | 项 | 合计 | 2,946.25 …"): map them from there."""
    if "code" not in cmap.index or not body:
        return
    first = [compact(c) for c in body[0]]
    start = cmap.index["code"]
    for offset, (key, word) in enumerate(_CODE_PARTS.items(), 1):
        j = start + offset
        if key not in cmap.index and any(c.key == key for c in spec.columns) and j < len(first) and first[j] == word:
            cmap.index[key] = j
            cmap.titles[key] = word


def _notes_in_grid(body: list[list[str]], pages: list, notes: list[str], empty_notes: tuple[str, ...]):
    """A row holding nothing but a note that the table is empty ("此表为空" printed inside 江苏's grid) is
    that note, not a row."""
    keep = []
    for n, row in enumerate(body):
        texts = [compact(c) for c in row if compact(c)]
        if len(texts) == 1 and says_empty(texts[0], empty_notes):
            notes.append(texts[0])
        else:
            keep.append(n)
    return [body[n] for n in keep], [pages[n] for n in keep]


def _merged_total(spec: TableSpec, cmap, row: list[str]) -> list[str]:
    """A total's label printed over several parts (中央 决算表6 "公用经费合计" across two parts): its
    amount stands in a later part's amount column, under no label of its own. Moved to its part."""
    sides = [s for s in spec.sides if s is not None]
    if len(sides) < 2:
        return row
    def cell(key):
        j = cmap.index.get(key)
        return compact(row[j]) if j is not None and j < len(row) else ""
    out = list(row)
    for n, side in enumerate(sides):
        labels = [c.key for c in spec.columns if c.side == side and c.text]
        amounts = [c.key for c in spec.columns if c.side == side and not c.text and c.key in cmap.index]
        label = next((cell(k) for k in labels if cell(k)), "")
        if not label or not amounts or cell(amounts[0]) or not any(r.matches(label) for r in spec.named_rows(side)):
            continue
        for later in sides[n + 1:]:
            later_labels = [c.key for c in spec.columns if c.side == later and c.text]
            later_amounts = [c.key for c in spec.columns if c.side == later and not c.text and c.key in cmap.index]
            if later_amounts and cell(later_amounts[0]) and not any(cell(k) for k in later_labels):
                out[cmap.index[amounts[0]]], out[cmap.index[later_amounts[0]]] = row[cmap.index[later_amounts[0]]], ""
                break
    return out


_UNIT_LABEL = re.compile(r"\s+(?:金额)?单位[：:]")
_CUT_UNIT = re.compile(r"单位[：:]\s*[万千亿]$")


def _unwrapped_captions(texts: list[str]) -> list[str]:
    """The caption lines with what a narrow text box wrapped onto the next line put back: the end of
    a name ("部门：中国共产党江苏省委员会办 单位：万元" / "公厅"; "部门名称：江苏省高级人民法" / "院 单位：万元")
    and of a unit ("单位：万" / "部门名称：江苏省高级人民法院 元")."""
    out: list[str] = []
    for text in texts:
        t = text.strip()
        if out and _CUT_UNIT.search(out[-1]) and re.search(r"\s元$", t):
            out[-1], t = out[-1] + "元", t[:-1].rstrip()
        if out and document.entity_in(out[-1]) and not document.entity_in(t):
            m = re.match(r"^([^\s：:]{1,8})(?=\s|$|(?:金额)?单位[：:])", t)
            if m:
                unit = _UNIT_LABEL.search(out[-1])
                cut = unit.start() if unit else len(out[-1])
                out[-1] = " ".join(p for p in (out[-1][:cut] + m.group(1), out[-1][cut:].strip(), t[m.end():].strip()) if p)
                continue
        out.append(t)
    return out


def _caption_facts(found: _Found) -> tuple[str | None, str | None]:
    """The entity and money unit printed with a table: in the lines between its title and its
    grid, or (where a reader kept them inside the grid) in the grid's rows above the body."""
    texts = _unwrapped_captions([line.text for line in found.captions])
    texts += [cell for row in found.fragments[0].rows[:found.header_rows] for cell in row if cell]
    entity = next((e[0] for t in texts if (e := document.entity_in(t))), None)
    unit = next((u for t in texts if (u := document.money_unit_in(t))), None)
    return entity, unit


def _build_table(found: _Found, known_units: set[str], notices: list[Notice], empty_notes: tuple[str, ...],
                 rows_cross_pages: bool = False) -> Table:
    spec = found.spec
    n_header = found.header_rows
    rows, pages = merge_fragments(found.fragments, n_header, rows_cross_pages)
    width = max(len(r) for r in rows)
    cmap = map_columns(spec, rows[:n_header], width)
    body, body_pages = rows[n_header:], pages[n_header:]
    body, body_pages = _notes_in_grid(body, body_pages, found.notes, empty_notes)
    _code_parts_in_body(spec, cmap, body)
    body = [_merged_total(spec, cmap, row) for row in body]
    missing = [c.key for c in spec.columns if c.key not in cmap.index and not c.optional]
    table_rows: list[Row] = []
    for side, kind in spec.row_kinds.items():
        builder = RowBuilder(spec, side, known_units)
        side_rows = builder.build(kind, cut_lines(body, body_pages, spec, cmap, side))
        offset = len(table_rows)
        for r in side_rows:
            if r.parent is not None:
                r.parent += offset
        table_rows.extend(side_rows)
        notices.extend(builder.notices)
    if cmap.reordered:
        notices.append(Notice("header-reordered", f"{spec.name}：表头列的顺序与模板不一致（常见于复制导出的文本），已按模板顺序读取各列",
                              spec.key, found.title.page))
    if cmap.positional:
        notices.append(Notice("header-missing", f"{spec.name}：表头未能读出，按模板的列顺序读取各列", spec.key, found.title.page))
    if missing:
        notices.append(Notice("missing-columns", f"{spec.name}：未找到列 {', '.join(missing)}", spec.key,
                              found.title.page))
    amount_keys = [c.key for c in spec.columns if not c.text and c.key in cmap.index]
    ordered = sorted(amount_keys, key=lambda k: cmap.index[k])
    has_figures = any(v is not None for r in table_rows for v in r.values.values())
    # A note marks a table empty when its figures are blank or zero (福建's 合计 row of 0.00); a table with
    # money is not empty whatever its note says (长沙 prints "此表如无数字则表示单位无该项支出" under every table).
    has_money = any(v for r in table_rows for v in r.values.values())
    entity, unit = _caption_facts(found)
    return Table(
        key=spec.key,
        name=spec.name,
        title=found.title.text.strip(),
        pages=sorted({p for f in found.fragments for p in f.pages} | ({found.title.page} if found.title.page else set())),
        empty=not has_figures or (not has_money and any(says_empty(n, empty_notes) for n in found.notes)),
        columns=ordered,
        rows=table_rows,
        column_titles={k: cmap.titles[k] for k in ordered},
        notes=found.notes,
        entity=entity,
        unit=unit,
        year=normalize_title(found.title.text)[1],
    )


def choose_profile(raw: RawDocument, kind: str = "预算") -> tuple[Profile | None, list[_Found], list[RawTable]]:
    """The profile of ``kind`` whose tables the document prints most of."""
    best = None
    for profile in all_profiles():
        if profile.kind != kind:
            continue
        found, unclaimed = _locate(profile, raw)
        good = [f for f in found if f.columns_recognised]
        score = len({f.spec.key for f in good})
        if best is None or score > best[0]:
            best = (score, profile, found, unclaimed)
    if best is None:
        return None, [], []
    return best[1], best[2], best[3]


def recognise(raw: RawDocument, profile_id: str | None = None) -> Disclosure:
    lines = raw.lines
    kind = "决算" if document.looks_like_final_accounts(lines) else "预算"
    if profile_id:
        profile = get_profile(profile_id)
        found, unclaimed = _locate(profile, raw)
    else:
        profile, found, unclaimed = choose_profile(raw, kind)
        if profile is None:
            raise UnsupportedKind(raw.source)
    notices: list[Notice] = []
    keys = sorted({f.spec.key for f in found if f.columns_recognised})
    if len(keys) < profile.min_tables:
        titled = sorted({f.spec.key: f.spec.name for f in found}.items())
        if not titled and not document.looks_like_budget_disclosure(raw):
            raise NotADisclosure(raw.source, f"共读到 {len(raw.tables)} 个表格、{len(lines)} 行文字，"
                                             "没有一个表名与预算公开的标准表相符")
        if profile_id and profile_id != GENERIC_PROFILE:
            raise UnsupportedTemplate(raw.source, _shortfall(profile, titled, keys)
                                      + "；该文件不是这个模板，为避免给出错误结果，不按它输出识别结果")
        # No template fits: every table is read as printed (未识别的表) and only its own sums are
        # checked; the notice says why, naming the standard tables found by their titles.
        message = (f"这份{kind}公开文件的模板样式尚未支持（{_shortfall(profile, titled, keys)}），各表按“未识别的表”读取，"
                   "只核对各表内部的合计，不核对表间关系和文字说明")
        notices.append(Notice("template-unsupported", message))
        found, unclaimed = _locate(get_profile(GENERIC_PROFILE), raw)
        profile = get_profile(GENERIC_PROFILE)

    # The cover names the entity and its level most reliably; table labels ("单位名称：…") next.
    cover_entity, cover_level = document.entity_on_cover(lines)
    entity, level = document.find_entity(lines)
    if not profile.label_says_level:  # 广东 labels every table "单位名称：", 部门 documents too
        level = None
    entity, level = cover_entity or entity, cover_level or level or document.level_from_cover(lines)
    if profile.form_facts and entity is None:  # named only in a performance form (北京's tables file)
        entity, form_level = document.entity_in_forms(raw.tables)
        level = level or form_level
    # Units named in a table listed by unit (表11; 广东's 表2) are organisations, which helps tell
    # unit rows from projects in 表12/13.
    known_units = {entity} if entity else set()
    tables: list[Table] = []
    seen: set[str] = set()
    for f in found:
        if f.spec.key in seen:
            notices.append(Notice("duplicate-table", f"{f.spec.name} 出现了不止一次，只取第一次", f.spec.key, f.title.page))
            continue
        seen.add(f.spec.key)
        table = _build_table(f, known_units, notices, profile.empty_notes, profile.rows_cross_pages)
        if "units" in f.spec.row_kinds.values():  # 表11 (山西), 表2 by unit (广东)
            known_units |= {r.label for r in table.rows if r.level == "单位"}
        tables.append(table)
    tables.sort(key=lambda t: t.key)
    for spec in profile.tables:
        if spec.key not in seen:
            notices.append(Notice("missing-table", f"未找到 {spec.key} {spec.name}", spec.key))
    tables += _generic_tables(unclaimed, notices)

    title_years = [y for f in found if (y := normalize_title(f.title.text)[1])]
    units = _units_of(tables) if level == "部门" else []
    sections = _sections(profile, raw)
    other_sections = _other_sections(profile, raw)
    d = Disclosure(
        kind=kind if profile.id == GENERIC_PROFILE else profile.kind,
        year=document.find_year(title_years, lines) or (document.year_in_forms(lines) if profile.form_facts else None),
        entity=entity,
        level=level,
        unit=document.main_money_unit(tables, lines),
        profile=profile.id,
        source=raw.source,
        format=raw.format,
        tables=tables,
        sections=sections,
        units=units,
        parts=document.find_declared_parts(lines, [p for _, p in profile.parts]) if profile.parts
        else document.find_parts(lines),
        page_count=raw.page_count,
        notices=notices,
        claims=extract_claims(sections),
        performance_targets=find_performance_targets(raw),
        page_flaws=list(raw.page_flaws),
        other_sections=other_sections,
        files=list(raw.files),
    )
    if raw.disputed:
        apply_disputes(d, raw.disputed)
    return d


def _shortfall(profile: Profile, titled: list[tuple[str, str]], keys: list[str]) -> str:
    names = "、".join(f"{k} {n}" for k, n in titled) or "无"
    return (f"按表名找到 {len(titled)} 张标准表（{names}），其中表头与“{profile.name}”相符的 {len(keys)} 张，"
            f"少于 {profile.min_tables} 张")


def _generic_tables(candidates: list[GenericCandidate], notices: list[Notice]) -> list[Table]:
    """The tables no profile declares, read as printed (未识别的表); a grid with no figure in it
    (a 绩效目标 form, a list of names) is only mentioned."""
    tables: list[Table] = []
    for candidate in candidates:
        table = build_generic_table(candidate, len(tables) + 1)
        if table is not None:
            tables.append(table)
            notices.append(Notice("unrecognised-table", f"未识别的表“{table.name}”（{len(table.rows)} 行）按表格原样读取，"
                                  "只核对其内部合计", table.key, table.pages[0] if table.pages else None))
    return tables


def _sections(profile: Profile, raw: RawDocument) -> list:
    """The prose sections: 第三部分's, or the parts the family declares (上海: 编制说明, 其他相关情况说明)."""
    joiner = "" if raw.format == "pdf" else "\n"
    if not profile.prose_parts:
        return document.split_sections(raw.lines, joiner=joiner)
    return document.split_parts(raw.blocks, profile.prose_parts, profile.prose_ends,
                                lambda text: match_title(profile, text) is not None, joiner)


def _other_sections(profile: Profile, raw: RawDocument) -> list:
    """The text parts outside the prose the family declares (``text_parts``), each up to the next
    table, table title, prose part or text part."""
    if not profile.text_parts:
        return []
    joiner = "" if raw.format == "pdf" else "\n"
    return document.split_parts(raw.blocks, profile.text_parts, profile.prose_parts,
                                lambda text: match_title(profile, text) is not None, joiner)


def _units_of(tables: list[Table]) -> list[str]:
    """The budget units of a 部门 document, from the unit rows of its tables (表11, 表12, 表13; 广东's
    表2 by unit), in printed order."""
    names: list[str] = []
    for t in tables:  # in key order
        for r in t.rows:
            if r.level == "单位" and r.label not in names:
                names.append(r.label)
    return names
