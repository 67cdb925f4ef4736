"""The PDF path reproduces every figure of seeds 000, 001, 003 and 004 in every layout.

Each seed's model (read from its text export) is rendered by our own renderer in a layout, the
PDF is read back through pdfplumber and recognised, and every row must come back identical:
label, code, level, role, key, side, values, parent and attributes.
"""
from __future__ import annotations

import pytest

from budget_disclosure import extract
from budget_disclosure.render.pdf import SAMPLE_LAYOUTS, render_pdf
from conftest import seed_path

SEEDS = ["000", "001", "003", "004"]


def row_facts(table):
    return [(r.label, r.code, r.level, r.role, r.key, r.side, r.values, r.parent, r.attributes) for r in table.rows]


@pytest.fixture(scope="module", params=SEEDS)
def source(request):
    return extract(seed_path(request.param))


@pytest.mark.parametrize("layout_name", list(SAMPLE_LAYOUTS))
def test_every_figure_survives_the_pdf(source, layout_name, tmp_path):
    pdf = tmp_path / f"{layout_name}.pdf"
    render_pdf(source, pdf, SAMPLE_LAYOUTS[layout_name])
    got = extract(pdf)
    assert (got.year, got.entity, got.level, got.unit) == (source.year, source.entity, source.level, source.unit)
    assert [t.key for t in got.tables] == [t.key for t in source.tables]
    for want, have in zip(source.tables, got.tables):
        assert have.title == want.title and have.empty == want.empty, want.key
        assert have.columns == want.columns, want.key
        assert row_facts(have) == row_facts(want), want.key
        assert have.pages and all(r.page in have.pages for r in have.rows), want.key
    assert [n for n in got.notices if n.code != "unrecognised-table"] == []
    assert [(s.number, s.heading) for s in got.sections] == [(s.number, s.heading) for s in source.sections]
