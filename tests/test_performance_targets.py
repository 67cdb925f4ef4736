"""The 项目支出绩效目标表 forms printed after the tables: one PerformanceTarget per form."""
from __future__ import annotations

from decimal import Decimal

import pytest

from budget_disclosure import extract
from budget_disclosure.model import PerformanceTarget
from budget_disclosure.raw import RawDocument, RawTable, TextLine
from budget_disclosure.read import read_document
from budget_disclosure.recognise.performance import find_performance_targets
from conftest import seed_path

D = Decimal


def _doc(*blocks) -> RawDocument:
    return RawDocument("<test>", "pdf", list(blocks))


def test_grid_forms_text_forms_and_table_headers():
    doc = _doc(
        # 表12's header also starts with 项目名称: not a form.
        TextLine("2026年项目支出预算表（本年预算）", 3),
        RawTable([["项目名称", "合计", "一般公共预算"], ["某项目", "28.80", "28.80"]], [3, 3]),
        TextLine("阳泉市市级预算部门（单位）项目支出绩效目标表", 20),
        RawTable([
            ["项目名称", "", "专业人员\n聘用补贴", "", ""],
            ["主管部门及代码", "046-某局", "", "实施单位", "某中心"],
            ["项目资金（元）", "实施期资金总额：", "288000", "年度资金总额：", "288,000"],
            ["", "其中：中央财政资金", "0", "其中：中央财政资金", "0"],
        ], [20, 20, 20, 20], ruled=True),
        # A form whose 年度资金总额 is left blank.
        RawTable([["项目名称", "空白项目", ""], ["项目资金（元）", "实施期资金总额：", "206,000", "年度资金总额：", ""]],
                 [21, 21]),
        # A layout-text form: labels and values on lines, the unit on a line of its own.
        TextLine("项目名称 2023年某某项目（尾款）", 22),
        TextLine("项目资金", 22),
        TextLine("（万元）", 22),
        TextLine("实施期资金总额： 47.40 年度资金总额：47.40", 22),
        # The label and its value in one cell, the value carrying its own unit.
        RawTable([["项目名称：自带单位项目"], ["项目资金（元）", "年度资金总额：50万元"]], [23, 23]),
    )
    assert find_performance_targets(doc) == [
        PerformanceTarget("专业人员聘用补贴", D("288000"), "元", 20),
        PerformanceTarget("空白项目", None, "元", 21),
        PerformanceTarget("2023年某某项目（尾款）", D("47.40"), "万元", 22),
        PerformanceTarget("自带单位项目", D("50"), "万元", 23),
    ]


def test_form_with_values_shifted_above_their_labels():
    # Seed 004 prints one form with its values a row above their labels: the name stands alone.
    grid = RawTable([
        ["2026年", "", ""],
        ["地震监测综合运转经费", "", ""],
        ["项目名称", "035-某局", "实施单位", "某中心"],
        ["项目属性", "实施期资金总额：200,000", "年度资金总额：200,000"],
    ])
    assert find_performance_targets(_doc(grid)) == [PerformanceTarget("地震监测综合运转经费", D("200000"), "元")]


def test_no_forms_no_targets():
    assert find_performance_targets(_doc(TextLine("第三部分 情况说明"), RawTable([["项目名称", "合计"]]))) == []


# Seed -> (number of forms, some forms as (index, project, annual amount, unit)).
SEEDS = {
    "000": (1, [(0, "专业人员聘用补贴", D("288000"), "元")]),
    "001": (1, [(0, "市生态环境局城区分局环保工作及运转经费", D("108000"), "元")]),
    "002": (64, [(0, "2023年晋城市“三线一单”跟踪评估、更新调整及实施应用项目（尾款）", D("474000"), "元"),
                 (63, "专项资金绩效评价经费", D("450000"), "元")]),
    "003": (3, [(1, "污染源自动监控平台技术服务", D("110600"), "元"),
                (2, "污染源现场端运行质量保障支出项目", None, "元")]),
    "004": (16, [(13, "地震监测震防应急等综合运转经费", D("200000"), "元"),
                 (15, "应急救援综合保障经费", D("50"), "万元")]),
}


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_forms(seed):
    path = seed_path(seed)
    targets = find_performance_targets(read_document(path))
    count, samples = SEEDS[seed]
    # Every form prints 年度资金总额 exactly once.
    assert len(targets) == count == path.read_text("utf-8").count("年度资金总额")
    for i, project, amount, unit in samples:
        assert (targets[i].project, targets[i].amount, targets[i].unit) == (project, amount, unit)
    assert all(t.project and "项目名称" not in t.project for t in targets)


def test_recognise_fills_performance_targets():
    d = extract(seed_path("000"))
    assert d.performance_targets == [PerformanceTarget("专业人员聘用补贴", D("288000"), "元")]
    # The form's 元 restate 表12's 万元: 288000 元 = 28.80 万元.
    row = next(r for r in d.table("T12").rows if r.label == "专业人员聘用补贴")
    assert row.values["total"] * 10000 == d.performance_targets[0].amount
