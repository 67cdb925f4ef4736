"""What reviewers see on the printed page and the extracted text cannot show (read/pdf_flaws.py,
check/completeness.py): a blank page, a page of empty table lines, text cut by the edge of its box;
and a 类/款/项 the prose names with its code otherwise than the tables (check/prose.py)."""
from __future__ import annotations

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from budget_disclosure.check.completeness import page_flaw_findings
from budget_disclosure.check.prose import _subject_name_findings
from budget_disclosure.model import PageFlaw
from budget_disclosure.read.pdf import read_pdf
from corpus import variant

FONT = "STSong-Light"
LINE = "主要职责是负责推进本区公共法律服务体系建设。"


def _flawed_pdf(path):
    """Page 1 text; page 2 white-filled cells only; page 3 an empty ruled row; page 4 a text box
    clipped through its third line, its fourth line wholly below the clip."""
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    c = Canvas(str(path), pagesize=A4)
    width, height = A4
    c.setFont(FONT, 12)
    c.drawString(60, height - 80, "目录")
    c.showPage()
    c.setFillColorRGB(1, 1, 1)
    for i in range(5):
        c.rect(60, height - 100 - 20 * i, 400, 20, stroke=0, fill=1)
    c.showPage()
    c.setStrokeColorRGB(0, 0, 0)
    c.rect(60, height - 100, 400, 20, stroke=1, fill=0)
    c.showPage()
    c.setFont(FONT, 12)
    c.setFillColorRGB(0, 0, 0)
    c.saveState()
    box = c.beginPath()
    box.rect(50, height - 140, 500, 86)  # from 54 to 140 points below the top
    c.clipPath(box, stroke=0, fill=0)
    for i, text in enumerate(["（一）" + LINE, "（二）" + LINE, "（三）负责本系统信息化建设。", "（四）完成交办的其他任务。"]):
        c.drawString(60, height - 80 - 32 * i, text)  # baselines 80, 112, 144, 176 below the top
    c.restoreState()
    c.showPage()
    c.save()
    return path


def test_blank_pages_and_clipped_text_are_page_flaws(tmp_path):
    doc = read_pdf(_flawed_pdf(tmp_path / "flawed.pdf"))
    clipped = [f for f in doc.page_flaws if f.kind == "clipped"]
    assert [(f.kind, f.page) for f in doc.page_flaws] == [("blank", 2), ("empty-grid", 3), ("clipped", 4)]
    # The third line is cut through (its top above the clip's foot, its baseline below it); the
    # fourth, wholly outside, is simply not shown.
    assert clipped[0].text == "（三）负责本系统信息化建设。"
    assert clipped[0].before.endswith("体系建设。")


def _overflowing_box_pdf(path, rotate: int):
    """One page (turned by ``rotate``) whose text box shows two lines; its third line is drawn
    wholly below the clip, as a box that overflows onto the next page draws its rest."""
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    c = Canvas(str(path), pagesize=A4)
    width, height = A4
    if rotate:  # a landscape page stored upright and turned by /Rotate, its content drawn turned back
        c.setPageRotation(rotate)
        c.translate(width, 0)
        c.rotate(rotate)
        width, height = height, width
    c.setFont(FONT, 12)
    c.saveState()
    box = c.beginPath()
    box.rect(50, height - 130, 500, 76)
    c.clipPath(box, stroke=0, fill=0)
    for i, text in enumerate(["（一）" + LINE, "（二）支出预算3,121.42万元。", "（三）行政单位医疗78.21万元。"]):
        c.drawString(60, height - 80 - 32 * i, text)  # baselines 80, 112, 144 below the top
    c.restoreState()
    c.showPage()
    c.save()
    return path


@pytest.mark.parametrize("rotate", [0, 90])
def test_text_drawn_wholly_outside_its_clip_is_not_read(tmp_path, rotate):
    """What the page does not show is not read: the third line's figure would otherwise be a claim of
    a page that never prints it (042 p7 draws items 9–11 of its 编制说明 so, and prints them on p8)."""
    doc = read_pdf(_overflowing_box_pdf(tmp_path / "overflow.pdf", rotate))
    assert [line.text for line in doc.lines] == ["（一）" + LINE, "（二）支出预算3,121.42万元。"]
    assert not doc.page_flaws  # not cut: wholly hidden


def test_page_flaws_are_reported_with_their_page():
    class D:
        page_flaws = [PageFlaw("blank", 3), PageFlaw("empty-grid", 14),
                      PageFlaw("clipped", 4, "（八）负责本系统警车管理工作。按规定权限负责本系统国有资产的管理", "基层法律服务等管理工作。"),
                      PageFlaw("clipped", 7, "险支出增加。", "17.48%。主要原因是：养老保")]
    found = page_flaw_findings(D())
    assert [(f.rule, f.severity, f.location.page) for f in found] == [
        ("doc-blank-page", "warning", 3), ("doc-blank-page", "warning", 14),
        ("doc-text-clipped", "warning", 4), ("doc-text-clipped", "warning", 7)]
    assert found[0].message == "第3页是空白页（没有任何文字），建议删除"
    assert "多余的空表页" in found[1].message
    assert found[2].message == "第4页“（八）负责本系统警车管理工作。按规定权限负责本系统国有资产的…”一行被文本框边缘截断，未完整显示"
    assert found[3].message == "第7页“…8%。主要原因是：养老保险支出增加。”中的“险支出增加。”被文本框边缘截断，未完整显示"


def _with_item(text: str):
    d = variant(11, "阳泉市测试中心", 2026)
    s = next(s for s in d.sections if s.heading == "支出预算情况说明")
    s.text += text
    return d, s


def test_a_class_named_with_its_code_must_carry_the_tables_name():
    # The generated tables print 210 卫生健康支出, 21011 行政事业单位医疗.
    item = "（210类）行政事业单位医疗（11款）事业单位医疗（02项）98.27万元。"
    d, _ = _with_item("11、卫生健康支出" + item)
    assert _subject_name_findings(d) == []
    d, s = _with_item("11、医疗卫生与计划生育支出" + item)
    [f] = _subject_name_findings(d)
    assert (f.rule, f.severity, f.location.section) == ("prose-subject-name", "warning", s.label)
    assert f.message == "说明中的“医疗卫生与计划生育支出（210类）”与表中科目 210 的名称“卫生健康支出”不一致"
    # A 款 under its class: 21011 is 行政事业单位医疗, not 计划生育事务.
    d, _ = _with_item("11、卫生健康支出（210类）计划生育事务（11款）")
    [f] = _subject_name_findings(d)
    assert "“计划生育事务（11款）”与表中科目 21011 的名称“行政事业单位医疗”" in f.message
