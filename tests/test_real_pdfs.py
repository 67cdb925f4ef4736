"""Every real published PDF in ../shared/real_pdfs is read without crashing, and none of them is
given a wrong answer presented as a right one: the 决算 documents are read (tests/test_final_accounts.py
pins what), so are the 上海 预算 documents (tests/test_shanghai_budget.py); until the other 预算
template families are supported, each gets the specific message for its case, naming the tables
that were found."""
from __future__ import annotations

import pytest

from budget_disclosure import extract
from budget_disclosure.errors import DisclosureError, UnsupportedTemplate
from conftest import REAL_PDFS

# 决算 (final accounts) documents in the corpus, by their covers; 033 is the blank official template.
FINAL_ACCOUNTS = {"031.pdf", "032.pdf", "033.pdf", "288.pdf"}
# The 上海 预算 family (普陀区 2024–2026, 市级 2026; 部门 and 单位): its 9 tables.
SHANGHAI_BUDGET = {"034.pdf", "036.pdf", "040.pdf", "042.pdf", "044.pdf", "050.pdf", "060.pdf", "246.pdf"}
JIANGSU_PROVINCE_BUDGET = {"001.pdf", "003.pdf", "007.pdf", "009.pdf", "013.pdf", "020.pdf"}  # 2017 and 2019
PDFS = sorted(p.name for p in REAL_PDFS.glob("*.pdf")) if REAL_PDFS.is_dir() else []


@pytest.mark.skipif(not PDFS, reason="../shared/real_pdfs not available")
@pytest.mark.parametrize("name", PDFS)
def test_real_pdf_gets_an_honest_answer(name):
    path = REAL_PDFS / name
    if name in FINAL_ACCOUNTS:
        d = extract(path)
        assert d.kind == "决算" and len(d.tables) == 9
        return
    if name in SHANGHAI_BUDGET:
        d = extract(path)
        assert (d.kind, d.profile, len(d.tables)) == ("预算", "shanghai-budget", 9)
        return
    if name in JIANGSU_PROVINCE_BUDGET:
        d = extract(path)
        assert (d.kind, d.profile, len(d.tables)) == ("预算", "jiangsu-province-budget", 12)
        return
    with pytest.raises(DisclosureError) as caught:
        extract(path)
    err = caught.value
    assert str(path) in err.message
    # Other regions' 预算 templates: said so, with the standard tables found by title.
    assert isinstance(err, UnsupportedTemplate), err.message
    assert "尚未支持" in err.message and "按表名找到" in err.message
