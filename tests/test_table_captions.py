"""What each table prints between its title and its grid: Table.entity, Table.unit, Table.year."""
from __future__ import annotations

import pytest

from budget_disclosure import extract
from budget_disclosure.raw import RawTable, TextLine
from budget_disclosure.read import read_document
from budget_disclosure.recognise import recognise
from conftest import seed_path

# Seed -> (entity printed over every table, year in every title).
SEEDS = {
    "000": ("阳泉市生态环境监测和应急保障中心", 2026),
    "001": ("阳泉市生态环境局城区分局", 2026),
    "002": ("晋城市生态环境局", 2024),  # "部门名称：… 单位：万元" on one line
    "003": ("临汾市环境监控中心", 2023),
    "004": ("阳泉市应急管理局", 2026),
}


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_every_seed_table_has_its_entity_unit_and_year(seed):
    d = extract(seed_path(seed))
    entity, year = SEEDS[seed]
    assert [(t.entity, t.unit, t.year) for t in d.tables] == [(entity, "万元", year)] * 13


def test_caption_inside_the_grid_and_a_table_disagreeing():
    raw = read_document(seed_path("000"))
    blocks = raw.blocks
    title = next(i for i, b in enumerate(blocks) if isinstance(b, TextLine) and b.text == "2026年预算支出总表")
    grid = next(i for i in range(title, len(blocks)) if isinstance(blocks[i], RawTable))
    table = blocks[grid]
    # Move the caption lines into the grid's first row, as some exports print them, and make
    # them disagree with the rest of the document.
    caption = ["单位名称：另一单位", "", "", "", "单位：元"][:table.width]
    blocks[grid] = RawTable([caption] + table.rows, [None] + table.row_pages, table.ruled)
    del blocks[title + 1:grid]
    d = recognise(raw)
    t03 = d.table("T03")
    assert (t03.entity, t03.unit, t03.year) == ("另一单位", "元", 2026)
    assert t03.row("total").values["total"] is not None
    assert (d.table("T02").entity, d.table("T02").unit) == ("阳泉市生态环境监测和应急保障中心", "万元")
    assert d.entity == "阳泉市生态环境监测和应急保障中心"
