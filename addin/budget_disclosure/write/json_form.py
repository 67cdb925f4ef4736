"""The documented, versioned JSON form of the model (see docs/json-format.md)."""
from __future__ import annotations

import json
from decimal import Decimal

from ..model import Claim, Disclosure, PerformanceTarget, Row, Section, Table

# 1.1 added Table.entity/unit/year, Section.page_marks, claims and performance_targets.
# 1.2 added the claims' measure, item, reason and readable (决算 budget execution; prose read twice).
# 1.3 added Row.decimals: the decimals printed where a JSON number drops them ("64,840,547.00").
# 1.4 added 未识别的表 (tables keyed U01…, profile "generic", row sides part1, part2 …), page_flaws
# (blank pages, text cut off) and other_sections (text outside the prose).
# 1.5 added files (a disclosure read from several files)
FORMAT_VERSION = "1.5"


def _number(value: Decimal | None) -> float | int | None:
    # Printed amounts have at most a few decimals; float's shortest repr reproduces them exactly.
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() and value.as_tuple().exponent >= 0 else float(value)


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _as_printed(value: Decimal | None, text: str) -> Decimal | None:
    """A claim's value with the decimals its printed text shows ("0.50" read back as 0.5 → 0.50)."""
    try:
        printed = Decimal(text.replace(",", ""))
    except (ArithmeticError, ValueError):
        return value
    return printed if value is not None and printed == value else value


def _dropped_decimals(values: dict[str, Decimal | None]) -> dict[str, int]:
    """The printed decimals of the figures a JSON number shows with fewer ("10.80" as 10.8, "2.00" as
    2.0): they say how a figure was rounded (in 元, "64,840,547.00" to the cent, "64,840,547" to the 元)."""
    out = {}
    for key, value in values.items():
        if value and value.as_tuple().exponent < 0:  # a zero carries no rounding: "0.00" may stay 0.0
            decimals = -value.as_tuple().exponent
            if -_decimal(_number(value)).as_tuple().exponent != decimals:
                out[key] = decimals
    return out


def row_to_dict(row: Row) -> dict:
    out = {
        "label": row.label,
        "code": row.code,
        "level": row.level,
        "role": row.role,
        "key": row.key,
        "side": row.side,
        "values": {k: _number(v) for k, v in row.values.items()},
        "page": row.page,
        "parent": row.parent,
    }
    if row.attributes:
        out["attributes"] = dict(row.attributes)
    if decimals := _dropped_decimals(row.values):
        out["decimals"] = decimals
    return out


def _row_values(r: dict) -> dict[str, Decimal | None]:
    values = {k: _decimal(v) for k, v in r["values"].items()}
    for key, decimals in r.get("decimals", {}).items():
        if values.get(key) is not None:
            values[key] = values[key].quantize(Decimal(1).scaleb(-decimals))
    return values


def table_to_dict(table: Table) -> dict:
    return {
        "key": table.key,
        "name": table.name,
        "title": table.title,
        "pages": table.pages,
        "empty": table.empty,
        "columns": table.columns,
        "column_titles": table.column_titles,
        "notes": table.notes,
        "entity": table.entity,
        "unit": table.unit,
        "year": table.year,
        "rows": [row_to_dict(r) for r in table.rows],
    }


def claim_to_dict(c: Claim) -> dict:
    return {
        "kind": c.kind, "value": _number(c.value), "text": c.text, "unit": c.unit, "subject": c.subject,
        "section": c.section, "sentence": c.sentence, "start": c.start, "end": c.end, "page": c.page,
        "direction": c.direction, "part": c.part, "whole": c.whole, "whole_text": c.whole_text,
        "current": c.current, "base": c.base, "change": c.change, "items": list(c.items),
        "measure": c.measure, "item": c.item, "reason": c.reason, "readable": c.readable,
    }


def claim_from_dict(c: dict) -> Claim:
    return Claim(
        kind=c["kind"], value=_as_printed(_decimal(c["value"]), c["text"]), text=c["text"], unit=c["unit"], subject=c["subject"],
        section=c["section"], sentence=c["sentence"], start=c["start"], end=c["end"], page=c.get("page"),
        direction=c.get("direction"), part=c.get("part"), whole=c.get("whole"), whole_text=c.get("whole_text"),
        current=c.get("current"), base=c.get("base"), change=c.get("change"), items=c.get("items", []),
        measure=c.get("measure"), item=c.get("item"), reason=c.get("reason"), readable=c.get("readable", True),
    )


def _section_to_dict(s: Section) -> dict:
    return {"number": s.number, "heading": s.heading, "text": s.text, "pages": s.pages, "part": s.part,
            "page_marks": [[offset, page] for offset, page in s.page_marks]}


def _section(s: dict) -> Section:
    return Section(s["number"], s["heading"], s["text"], s["pages"], s.get("part", "第三部分"),
                   [(offset, page) for offset, page in s.get("page_marks", [])])


def to_dict(d: Disclosure) -> dict:
    return {
        "format": "budget-disclosure",
        "format_version": FORMAT_VERSION,
        "source": d.source,
        "source_format": d.format,
        "profile": d.profile,
        "kind": d.kind,
        "year": d.year,
        "entity": d.entity,
        "level": d.level,
        "unit": d.unit,
        "units": d.units,
        "page_count": d.page_count,
        "parts": d.parts,
        "tables": [table_to_dict(t) for t in d.tables],
        "sections": [_section_to_dict(s) for s in d.sections],
        "other_sections": [_section_to_dict(s) for s in d.other_sections],
        "claims": [claim_to_dict(c) for c in d.claims],
        "performance_targets": [
            {"project": p.project, "amount": _number(p.amount), "unit": p.unit, "page": p.page}
            for p in d.performance_targets
        ],
        "notices": [
            {"code": n.code, "message": n.message, "table": n.table, "page": n.page} for n in d.notices
        ],
        "page_flaws": [{"kind": f.kind, "page": f.page, "text": f.text, "before": f.before} for f in d.page_flaws],
        "files": [{"source": f.source, "first_page": f.first_page, "page_count": f.page_count} for f in d.files],
    }


def to_json(d: Disclosure, indent: int | None = 2) -> str:
    return json.dumps(to_dict(d), ensure_ascii=False, indent=indent)


def from_dict(data: dict) -> Disclosure:
    """The model back from its JSON form (used for the bundled sample's facts and by tests)."""
    from ..model import Notice, PageFlaw, SourceFile

    if data.get("format") != "budget-disclosure":
        raise ValueError("不是 budget-disclosure 的 JSON")
    major = str(data.get("format_version", "")).split(".")[0]
    if major != FORMAT_VERSION.split(".")[0]:
        raise ValueError(f"不支持的 JSON 版本：{data.get('format_version')}")
    tables = [
        Table(
            key=t["key"], name=t["name"], title=t["title"], pages=t["pages"], empty=t["empty"],
            columns=t["columns"], column_titles=t.get("column_titles", {}), notes=t.get("notes", []),
            entity=t.get("entity"), unit=t.get("unit"), year=t.get("year"),
            rows=[
                Row(label=r["label"], values=_row_values(r), code=r["code"],
                    level=r["level"], role=r["role"], key=r["key"], side=r["side"], page=r["page"],
                    parent=r["parent"], attributes=r.get("attributes", {}))
                for r in t["rows"]
            ],
        )
        for t in data["tables"]
    ]
    return Disclosure(
        kind=data["kind"], year=data["year"], entity=data["entity"], level=data["level"], unit=data["unit"],
        profile=data["profile"], source=data["source"], format=data["source_format"], tables=tables,
        sections=[_section(s) for s in data["sections"]],
        other_sections=[_section(s) for s in data.get("other_sections", [])],
        units=data.get("units", []), parts=data.get("parts", []), page_count=data.get("page_count"),
        notices=[Notice(n["code"], n["message"], n.get("table"), n.get("page")) for n in data.get("notices", [])],
        claims=[claim_from_dict(c) for c in data.get("claims", [])],
        performance_targets=[PerformanceTarget(p["project"], _decimal(p["amount"]), p.get("unit", "元"), p.get("page"))
                             for p in data.get("performance_targets", [])],
        page_flaws=[PageFlaw(f["kind"], f["page"], f.get("text", ""), f.get("before", "")) for f in data.get("page_flaws", [])],
        files=[SourceFile(f["source"], f["first_page"], f["page_count"]) for f in data.get("files", [])],
    )
