"""The JSON form keeps the fields added in formats 1.1 and 1.2, and still reads 1.0 files."""
from __future__ import annotations

import json
from decimal import Decimal

from budget_disclosure import extract
from budget_disclosure.model import Claim, PageFlaw, PerformanceTarget, Section
from budget_disclosure.render.sample import FACTS, SAMPLE_PDF
from budget_disclosure.write.json_form import FORMAT_VERSION, from_dict, to_dict, to_json

D = Decimal


def _round_trip(d):
    return from_dict(json.loads(to_json(d)))


def test_new_fields_round_trip():
    d = extract(SAMPLE_PDF)
    d.claims = [
        Claim("amount", D("1833.76"), "1,833.76", "万元", "支出预算", "三", "支出预算1,833.76万元，", 10, 18, 17),
        Claim("share", D("80.56"), "80.56", "%", "基本支出", "三", "占80.56%；", 40, 45, 17, part=1, whole=0,
              whole_text="支出预算"),
        Claim("rate", D("22.83"), "22.83", "%", "收入总计", "一", "增长22.83%", 3, 8, None, direction=1, change=4),
        Claim("items", None, "", "", "政府采购", "九", "主要包括：车辆、办公设备", 0, 0, current=2,
              items=["车辆", "办公设备"]),
        Claim("amount", D("1560.05"), "1560.05", "万元", "年初预算为", "五", "年初预算为1560.05万元", 0, 7,
              measure="budget_initial", item="一般公共服务支出（类）财政事务（款）行政运行（项）"),
        Claim("comparison", None, "决算数小于预算数", "", "预算", "五", "决算数小于预算数的主要原因：…", 0, 8,
              direction=-1, current=6, reason="人员变动", readable=False),
    ]
    d.performance_targets = [PerformanceTarget("专业人员聘用补贴", D("288000"), "元", 20),
                             PerformanceTarget("空白项目", None, "元")]
    d.sections[0].page_marks = [(0, 16), (42, 17)]
    d.page_flaws = [PageFlaw("blank", 3), PageFlaw("clipped", 7, "险支出增加。", "主要原因是：养老保")]
    d.other_sections = [Section("", "上海市XX局主要职能", "主要职责是：（一）…", [4, 5], "上海市XX局主要职能", [(0, 4), (9, 5)])]
    data = to_dict(d)
    assert data["format_version"] == FORMAT_VERSION == "1.5"
    assert data["page_flaws"][1] == {"kind": "clipped", "page": 7, "text": "险支出增加。", "before": "主要原因是：养老保"}
    assert data["sections"][0]["page_marks"] == [[0, 16], [42, 17]]
    assert data["performance_targets"][0] == {"project": "专业人员聘用补贴", "amount": 288000, "unit": "元", "page": 20}
    assert data["claims"][0]["value"] == 1833.76
    back = _round_trip(d)
    assert back.claims == d.claims
    assert back.performance_targets == d.performance_targets
    assert back.sections == d.sections
    assert back.page_flaws == d.page_flaws and back.other_sections == d.other_sections
    assert [(t.entity, t.unit, t.year) for t in back.tables] == [(t.entity, t.unit, t.year) for t in d.tables]
    assert back.tables[0].entity == "阳泉市生态环境监测和应急保障中心"
    assert back == d


def test_version_1_0_without_new_fields_still_reads():
    data = json.loads(FACTS.read_text("utf-8"))
    data["format_version"] = "1.0"
    for key in ("claims", "performance_targets"):
        data.pop(key, None)
    for t in data["tables"]:
        for key in ("entity", "unit", "year"):
            t.pop(key, None)
    for s in data["sections"]:
        s.pop("page_marks", None)
    d = from_dict(data)
    assert d.claims == [] and d.performance_targets == []
    assert all(t.entity is None and t.unit is None and t.year is None for t in d.tables)
    assert all(s.page_marks == [] for s in d.sections)
