"""The bundled sample PDF reads back to exactly the facts it was rendered from."""
from __future__ import annotations

import json

from budget_disclosure import extract
from budget_disclosure.render.sample import FACTS, SAMPLE_PDF, build_sample, compose_sections
from budget_disclosure.write.json_form import from_dict, to_dict


def rows(d):
    return {t.key: [(r.label, r.code, r.level, r.role, r.key, r.side, r.values, r.parent, r.attributes)
                    for r in t.rows] for t in d.tables}


def test_bundled_sample_reads_back_to_its_facts():
    facts = from_dict(json.loads(FACTS.read_text("utf-8")))
    got = extract(SAMPLE_PDF)
    assert rows(got) == rows(facts)
    assert (got.year, got.entity, got.level, got.unit, got.page_count) == (2026, facts.entity, "单位", "万元", 18)
    assert [t.empty for t in got.tables] == [t.empty for t in facts.tables]
    assert got.notices == []
    composed = [s for s in compose_sections(facts) if s.part == "第三部分"]
    assert [(s.number, s.heading, s.text) for s in got.sections] == [(s.number, s.heading, s.text) for s in composed]
    assert all(s.pages for s in got.sections)
    assert [p[:4] for p in got.parts] == ["第一部分", "第二部分", "第三部分", "第四部分"]


def test_sample_is_reproducible_from_its_facts(tmp_path):
    out = tmp_path / "sample.pdf"
    build_sample(out)
    again = to_dict(extract(out))
    bundled = to_dict(extract(SAMPLE_PDF))
    for d in (again, bundled):
        d.pop("source")
    assert again == bundled


def test_json_format_doc_example_matches_real_output():
    import re

    from conftest import ROOT

    doc = (ROOT / "docs" / "json-format.md").read_text("utf-8")
    example = json.loads(re.search(r"```json\n(.*?)```", doc, re.S).group(1))
    real = to_dict(extract(SAMPLE_PDF))
    for key, value in example.items():
        if key == "tables":
            for table in value:
                have = next(t for t in real["tables"] if t["key"] == table["key"])
                for field, v in table.items():
                    if field != "rows":
                        assert have[field] == v, field
                assert all(row in have["rows"] for row in table["rows"])
        elif key == "sections":
            assert all(s in real["sections"] for s in value)
        else:
            assert real[key] == value, key
