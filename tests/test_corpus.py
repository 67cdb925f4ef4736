"""The corpus: every real PDF in ../shared/real_pdfs, read and checked, against what a person pinned
after reading each document — its kind, year, entity and level, the template family (profile) that
read it, the standard tables recognised, how many other tables were kept as 未识别的表, and every
error-level finding, each judged to be a real mistake in the published document (not a false alarm).

The family test modules (test_shanghai_budget, test_final_accounts, …) pin figures and the wording of
each finding; this module pins the whole corpus at once and reports, per region, the share of
documents that a template family recognises fully. Run with -s to see that report.

247 (a tables-only file) prints its year and entity only in its 预算13表 performance form (read there by
the profile's form_facts); 069 (its prose-only companion format) is read in 未识别 mode: no profile reads a
document that prints no table.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import NamedTuple

import pytest

from budget_disclosure.check import check
from budget_disclosure.errors import DisclosureError

from conftest import REAL_PDFS
from real_reads import extract_real


class Doc(NamedTuple):
    kind: str
    year: int | None
    entity: str | None
    level: str | None
    region: str  # the province (or 中央) whose template it is
    profile: str  # "generic": no template family fits; its tables are read as 未识别的表
    tables: str  # the standard tables recognised, by key
    generic: int  # tables kept as 未识别的表
    errors: list  # (rule, page) of every error-level finding, each a real published mistake


# Errors judged (the family modules explain each one with its text):
# - 007: its prose rates and one share disagree with its own amounts by 0.01–0.03 points beyond
#   rounding (p25 "增加2214.39万元，增长10.06%": 2214.39 / (24169.74 − 2214.39) = 10.09%).
# - 167 p25: "委托业务费 … 1,391.68万元，比2025年预算增加333.83万元，增长31.35%": 333.83 / 1,057.85 = 31.56%.
#   167 p18: "财政拨款收支总预算 18,728.91 万元" where 表4 (p9) prints 收入总计 18,728.94 (= 16,474.82 + 2,254.12).
# - 031, 032, 288: see test_final_accounts.JUDGED; 034–246: see test_shanghai_budget.JUDGED.
# - 240: see test_changchun_budget.JUDGED (表3 p8 prints 当年预算小计 0.00 beside 项目支出 458.00 / 16.56; 表6 p11's
#   items add up to 20.12 more than their 类).
# - 163 (表1 一般公共服务支出 and 表5 公路水路运输 50.60 short), 242 (表4's income side): see
#   test_zhejiang_budget.JUDGED.
CORPUS = {
    "001": Doc("预算", 2017, '江苏省人大常委会办公厅', '部门', '江苏省', "jiangsu-province-budget", 'T01 T02 T04 T05 T06 T08 T11 T14 T16 T17 T18 T23', 0, []),
    "003": Doc("预算", 2019, '江苏省人大常委会办公厅', '部门', '江苏省', "jiangsu-province-budget", 'T01 T02 T04 T05 T06 T08 T11 T14 T16 T17 T18 T23', 0, []),
    "007": Doc("预算", 2019, '江苏省人民检察院', '部门', '江苏省', "jiangsu-province-budget", 'T01 T02 T04 T05 T06 T08 T11 T14 T16 T17 T18 T23', 0, [('prose-share', 26), ('prose-rate', 25), ('prose-rate', 25), ('prose-rate', 27), ('prose-rate', 29), ('prose-rate', 29), ('prose-rate', 29)]),
    "009": Doc("预算", 2017, '中国共产党江苏省委员会办公厅', '部门', '江苏省', "jiangsu-province-budget", 'T01 T02 T04 T05 T06 T08 T11 T14 T16 T17 T18 T23', 0, []),
    "013": Doc("预算", 2019, '中共江苏省委办公厅', '部门', '江苏省', "jiangsu-province-budget", 'T01 T02 T04 T05 T06 T08 T11 T14 T16 T17 T18 T23', 0, []),
    "020": Doc("预算", 2019, '江苏省高级人民法院', '部门', '江苏省', "jiangsu-province-budget", 'T01 T02 T04 T05 T06 T08 T11 T14 T16 T17 T18 T23', 0, []),
    "031": Doc("决算", 2024, '中共上海市普陀区委社会工作部', '部门', '上海市', "final-accounts", 'J01 J02 J03 J04 J05 J06 J07 J08 J09', 0, [('prose-share', 18)]),
    "032": Doc("决算", 2024, '上海市普陀区财政局', '部门', '上海市', "final-accounts", 'J01 J02 J03 J04 J05 J06 J07 J08 J09', 0, [('J01-J03-classes', 6), ('J04-J05-classes', 12), ('prose-amount', 21), ('prose-share', 21)]),
    "033": Doc("决算", 2024, '上海市XX局', '部门', '上海市', "final-accounts", 'J01 J02 J03 J04 J05 J06 J07 J08 J09', 0, []),
    "034": Doc("预算", 2026, '上海市普陀区司法局', '部门', '上海市', "shanghai-budget", 'T01 T02 T03 T04 T05 T06 T08 T09 T14', 0, [('prose-amount', 9), ('prose-rate', 9), ('prose-rate', 9), ('prose-rate', 9)]),
    "036": Doc("预算", 2026, '上海市普陀区司法局', '单位', '上海市', "shanghai-budget", 'T01 T02 T03 T04 T05 T06 T08 T09 T14', 0, [('T03-columns', 11), ('T03-columns', 14), ('hierarchy', 11), ('hierarchy', 14), ('prose-amount', 6), ('prose-amount', 7), ('prose-rate', 6), ('prose-rate', 6), ('prose-rate', 7), ('text-placeholder', 6)]),
    "040": Doc("预算", 2024, '上海市普陀区社会福利院', '单位', '上海市', "shanghai-budget", 'T01 T02 T03 T04 T05 T06 T08 T09 T14', 0, [('SH-T03-T02-codes', 9), ('SH-T03-T02-codes', 9), ('SH-T02-fiscal-codes', 8), ('SH-T02-fiscal-codes', 8), ('prose-amount', 6), ('prose-amount', 6)]),
    "042": Doc("预算", 2025, '上海市普陀区财政局', '部门', '上海市', "shanghai-budget", 'T01 T02 T03 T04 T05 T06 T08 T09 T14', 0, [('prose-amount', 7), ('prose-amount', 7), ('prose-amount', 8), ('prose-amount', 8), ('prose-amount', 8)]),
    "044": Doc("预算", 2026, '上海交通职业技术学院', '单位', '上海市', "shanghai-budget", 'T01 T02 T03 T04 T05 T06 T08 T09 T14', 0, []),
    "050": Doc("预算", 2026, '上海市中医文献馆', '单位', '上海市', "shanghai-budget", 'T01 T02 T03 T04 T05 T06 T08 T09 T14', 0, []),
    "060": Doc("预算", 2026, '上海科技大学附属学校', '单位', '上海市', "shanghai-budget", 'T01 T02 T03 T04 T05 T06 T08 T09 T14', 0, []),
    "069": Doc("预算", 2026, '北京市交通委员会', '部门', '北京市', "generic", '', 0, []),
    "097": Doc("预算", 2026, '深圳市交通运输局（本级）', '部门', '广东省', "shenzhen-budget", 'T01 T03 T04 T05 T08 T09 T15 T19 T21 T22 T24', 0, []),
    "100": Doc("预算", 2026, '深圳市人民政府国有资产监督管理委员会', '部门', '广东省', "shenzhen-budget", 'T01 T03 T04 T05 T08 T09 T15 T19 T21 T22 T24', 0, []),
    "125": Doc("预算", 2026, '重庆市人民政府办公厅', '部门', '重庆市', "chongqing-budget", 'T01 T02 T03 T04 T05 T06 T08 T14 T18', 0, []),
    "133": Doc("预算", 2026, '广州市交通运输局', '部门', '广东省', "guangdong-budget", 'T01 T02 T03 T04 T05 T06 T08 T09 T10 T20 T21 T22', 0, []),
    "140": Doc("预算", 2026, '广州市政务服务和数据管理局', '部门', '广东省', "guangdong-budget", 'T01 T02 T03 T04 T05 T06 T08 T09 T10 T20 T21 T22', 0, []),
    "155": Doc("预算", 2026, '苏州市交通运输局', '部门', '江苏省', "jiangsu-city-budget", 'T01 T03 T04 T05 T06 T08 T09 T11 T14 T15 T16 T17 T18', 0, []),
    "163": Doc("预算", 2026, '杭州市交通运输局', '部门', '浙江省', "zhejiang-budget", 'T01 T03 T04 T05 T06 T08 T09 T12 T14 T15', 0, [('hierarchy', 30), ('hierarchy', 30), ('T01-expenditure-total', 23), ('T01-T03-classes', 22), ('T05-T04-total', 30), ('T05-T06-basic', 30), ('ZJ-T05-basic', 30), ('ZJ-T05-basic', 30), ('ZJ-T05-basic', 30)]),
    "167": Doc("预算", 2026, '国家信访局', '部门', '中央', "central-budget", 'T01 T02 T03 T04 T05 T06 T08 T09 T14', 0, [('prose-amount', 18), ('prose-rate', 25)]),
    "168": Doc("预算", 2026, '无锡市交通运输局（本级）', '单位', '江苏省', "jiangsu-city-budget", 'T01 T03 T04 T05 T06 T08 T09 T11 T14 T15 T16 T17 T18', 0, []),
    "180": Doc("预算", 2026, '长沙市信访局', '部门', '湖南省', "changsha-budget", 'T01 T02 T03 T04 T05 T06 T08 T14', 0, []),
    "183": Doc("预算", 2026, '福州市公安局治安管理支队', '单位', '福建省', "fujian-budget", 'T01 T03 T04 T05 T06 T08 T09 T10 T15 T19', 0, []),
    "190": Doc("预算", 2026, '西安市人民政府办公厅（汇总）', '部门', '陕西省', "xian-budget", 'T01 T04 T05 T06 T13 T14 T15 T19 T26 T27', 3, []),
    "214": Doc("预算", 2026, '泉州市人民政府办公室', '部门', '福建省', "fujian-budget", 'T01 T03 T04 T05 T06 T08 T09 T10 T15 T19', 0, []),
    "217": Doc("预算", 2026, '烟台市交通运输局', '部门', '山东省', "yantai-budget", 'T01 T02 T03 T04 T05 T06 T08 T09 T12 T14 T18 T21', 0, []),
    "240": Doc("预算", 2026, '长春市信访局（本级）', '部门', '吉林省', "changchun-budget", 'T01 T03 T04 T05 T06 T08 T14 T15', 1, [('hierarchy', 8), ('hierarchy', 11), ('hierarchy', 11), ('hierarchy', 11), ('hierarchy', 11), ('hierarchy', 11), ('hierarchy', 11), ('CC-blocks', 8), ('CC-blocks', 8), ('CC-T03-current', 8), ('CC-T03-current', 8)]),
    "241": Doc("预算", 2026, '珠海市商务局', '部门', '广东省', "guangdong-budget", 'T01 T02 T03 T04 T05 T06 T08 T09 T10 T20 T21 T22', 0, []),
    "242": Doc("预算", 2026, '湖州市交通运输局', '部门', '浙江省', "zhejiang-budget", 'T01 T03 T04 T05 T06 T08 T09 T12 T14 T15', 0, [('T05-T04-total', 30), ('T08-T04-gov-fund', 36), ('ZJ-T04-expenditure-classes', 29), ('ZJ-T01-T04-fiscal', 21), ('ZJ-T01-T04-fiscal', 21), ('ZJ-T01-T04-fiscal', 21)]),
    "246": Doc("预算", 2026, '上海市文物保护研究中心', '单位', '上海市', "shanghai-budget", 'T01 T02 T03 T04 T05 T06 T08 T09 T14', 0, [('prose-amount', 6), ('prose-amount', 6), ('prose-amount', 6), ('prose-amount', 6), ('prose-amount', 6)]),
    "247": Doc("预算", 2026, '北京市人力资源和社会保障局', '部门', '北京市', "beijing-budget", 'T01 T02 T03 T04 T05 T06 T08 T09 T14 T18 T25', 0, []),
    "288": Doc("决算", 2024, '国家信访局', '部门', '中央', "final-accounts", 'J01 J02 J03 J04 J05 J06 J07 J08 J09', 0, [('prose-rate', 17)]),
    "289": Doc("预算", 2026, '福州市公安局巡特警支队', '单位', '福建省', "fujian-budget", 'T01 T03 T04 T05 T06 T08 T09 T10 T15 T19', 0, [('hierarchy', 10), ('hierarchy', 10), ('hierarchy', 12), ('hierarchy', 12)]),
}
PDFS = sorted(p.stem for p in REAL_PDFS.glob("*.pdf")) if REAL_PDFS.is_dir() else []


@pytest.fixture(scope="module")
def reviewed():
    """name -> the report, or the error a document gets instead; each read when first asked for, so
    that `-k 097` reads one document."""
    out = {}

    def review(name):
        if name not in out:
            try:
                out[name] = check(extract_real(REAL_PDFS / f"{name}.pdf"))
            except DisclosureError as err:
                out[name] = err
        return out[name]
    return review


def test_every_pdf_of_the_corpus_is_pinned():
    if not PDFS:
        pytest.skip("../shared/real_pdfs not available")
    assert sorted(CORPUS) == PDFS


@pytest.mark.skipif(not PDFS, reason="../shared/real_pdfs not available")
@pytest.mark.parametrize("name", PDFS)
def test_each_document_is_read_as_pinned(reviewed, name):
    report = reviewed(name)
    assert not isinstance(report, DisclosureError), report.message
    d, want = report.disclosure, CORPUS[name]
    got = Doc(d.kind, d.year, d.entity, d.level, want.region, d.profile,
              " ".join(t.key for t in d.tables if not t.key.startswith("U")),
              sum(t.key.startswith("U") for t in d.tables),
              [(f.rule, f.location.page) for f in report.findings if f.severity == "error"])
    assert got == want


def fully_recognised(doc: Doc) -> bool:
    """Read by a template family, with its kind, year, entity and level known."""
    return doc.profile != "generic" and None not in (doc.year, doc.entity, doc.level)


# Per region: (documents a family recognises fully, documents).
SHARE = {"上海市": (11, 11), "中央": (2, 2), "北京市": (1, 2), "吉林省": (1, 1), "山东省": (1, 1), "广东省": (5, 5),
         "江苏省": (8, 8), "浙江省": (2, 2), "湖南省": (1, 1), "福建省": (3, 3), "重庆市": (1, 1), "陕西省": (1, 1)}


def test_the_share_fully_recognised_per_region():
    by_region: dict[str, Counter] = defaultdict(Counter)
    for doc in CORPUS.values():
        by_region[doc.region]["all"] += 1
        by_region[doc.region]["full"] += fully_recognised(doc)
    share = {region: (c["full"], c["all"]) for region, c in sorted(by_region.items())}
    print("\n地区      完全识别/文件数")
    for region, (full, total) in share.items():
        print(f"{region:<6}  {full:>2}/{total:<2}  {full / total:5.0%}")
    full, total = sum(f for f, _ in share.values()), sum(t for _, t in share.values())
    print(f"合计      {full:>2}/{total:<2}  {full / total:5.0%}")
    assert share == SHARE
