"""The second reading: PDFium's text of each prose page confirms the figures we read, or the claims
on them are marked unreadable with a notice instead of being checked.

Fixture PDFs are drawn here with reportlab in its built-in CID font STSong-Light. The disagreeing
pages are built the ways real producers make text odd: a digit drawn off its line (our reader puts
it on a line of its own, PDFium keeps it in the stream), and an invisible text layer with other
figures laid over the visible one (our reader interleaves the two layers' digits by position,
PDFium reads them one after the other).
"""
from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from budget_disclosure.model import Disclosure, Section
from budget_disclosure.raw import TextLine
from budget_disclosure.read import pdf_reconcile
from budget_disclosure.read.pdf import read_pdf
from budget_disclosure.read.pdf_reconcile import (DisputedNumber, disputed_numbers, reconcile,
                                                   second_reading)
from budget_disclosure.recognise import prose, recognise
from budget_disclosure.recognise.disputes import apply_disputes
from conftest import REAL_PDFS, real_pdf_dir

FONT = "STSong-Light"
if FONT not in pdfmetrics.getRegisteredFontNames():
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
SIZE = 12
LEFT = 60
CLEAN = "本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%。"
SPENDING = ("本年支出合计", "2995.39", "万元，比上年增加0.3万元。")
SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "sample_unit_budget_2026.pdf"


# --- drawing ------------------------------------------------------------------------------------

def prose_page(path: Path, draw) -> str:
    """A one-page PDF: an opening line, then ``draw(canvas, baseline)`` in the middle of the page
    (away from the page edges, where lines could be taken for running headers)."""
    c = Canvas(str(path), pagesize=A4)
    c.setFont(FONT, SIZE)
    c.drawString(LEFT, A4[1] - 300, "一、收入支出预算总体情况说明")
    draw(c, A4[1] - 330)
    c.showPage()
    c.save()
    return str(path)


def clean_line(c: Canvas, y: float) -> None:
    c.drawString(LEFT, y, CLEAN)


def raised_digit(c: Canvas, y: float, rise: float = 7) -> None:
    """"本年支出合计2995.39万元…" with the second 9 drawn ``rise`` points above its line."""
    head, number, tail = SPENDING
    c.drawString(LEFT, y, head)
    x = LEFT + pdfmetrics.stringWidth(head, FONT, SIZE)
    for i, ch in enumerate(number):
        c.drawString(x, y + (rise if i == 2 else 0), ch)
        x += pdfmetrics.stringWidth(ch, FONT, SIZE)
    c.drawString(x, y, tail)


def hidden_layer(c: Canvas, y: float) -> None:
    """The visible sentence, and over it an invisible layer (render mode 3, as OCR layers are)
    stating another figure: "2885.48" where "2995.39" is printed."""
    c.drawString(LEFT, y, "".join(SPENDING))
    layer = c.beginText(LEFT, y)
    layer.setFont(FONT, SIZE)
    layer.setTextRenderMode(3)
    layer.textOut("本年支出合计2885.48万元，比上年增加0.3万元。")
    c.drawText(layer)


def claims_of(lines: list[TextLine]) -> Disclosure:
    """A Disclosure holding only the claims recognition reads from ``lines``, one section on one
    page (a one-page PDF is not a disclosure, so ``extract`` would refuse it)."""
    text = "".join(line.text.strip() for line in lines if not line.text.startswith("一、"))
    section = Section("一", "收入支出预算总体情况说明", text, [1], page_marks=[(0, 1)])
    return Disclosure("预算", 2026, None, "单位", "万元", "test", "test.pdf", "pdf", [], [section],
                      claims=prose.extract_claims([section]))


# --- the comparison ----------------------------------------------------------------------------

def test_number_pattern_is_recognitions():
    """The reader keeps its own copy of the claim number pattern: the two must not drift apart."""
    assert pdf_reconcile.NUMBER.pattern == prose._NUMBER.pattern
    for unit in ("万元", "亿元", "元", "%", "％", " 万元"):
        assert pdf_reconcile.UNIT.fullmatch(unit).group(1) == prose._UNIT.fullmatch(unit).group(1)


def test_clean_prose_page_has_no_disputes(tmp_path):
    path = prose_page(tmp_path / "clean.pdf", clean_line)
    doc = read_pdf(path)
    assert [line.text for line in doc.lines][-1] == CLEAN
    second = second_reading(path, [1])
    assert "2946.25" in second[1]
    assert doc.disputed == [] == disputed_numbers(doc.lines, second)
    d = claims_of(doc.lines)
    apply_disputes(d, doc.disputed)
    assert all(c.readable for c in d.claims) and len(d.claims) == 3 and d.notices == []


def test_whitespace_and_wraps_are_not_disputes():
    """PDFium breaks lines and inserts spaces where we do not: only the figures count."""
    lines = [TextLine("本年支出合计2995.39万元，比上年增加8519.82万", 3), TextLine("元，增长 12.5 %。", 3)]
    second = {3: "5\r\n本年支出合计29\r\n95.39 万元，比上年增加8519.82\r\n万元，增长12.5％。\r\n"}
    assert disputed_numbers(lines, second) == []


def test_space_after_a_comma_parts_a_figure_from_what_precedes_it():
    """A chart's labels ("基本支出, 59.07%", real PDF 020, page 19): without PDFium's space the
    figure would follow a comma and not be a figure at all."""
    lines = [TextLine("基本支出21968万元，占59.07%；", 19), TextLine("基本支出, 59.07%", 19)]
    second = {19: "基本支出 21968 万元，占 59.07%；\r\n基本支出, 59.07%\r\n"}
    assert disputed_numbers(lines, second) == []


def test_lone_page_number_does_not_join_the_next_figure():
    """"31" printed above a page opening with "30.8 万元" (real PDF 007, page 31)."""
    lines = [TextLine("30.8万元，主要原因是部分执法执勤车辆转隶", 31)]
    assert disputed_numbers(lines, {31: "31\r\n30.8 万元，主要原因是部分执法执勤车辆转隶\r\n"}) == []
    assert disputed_numbers(lines, {31: "- 31 -\r\n30.8万元，主要原因是部分执法执勤车辆转隶"}) == []


def test_a_figure_printed_more_often_than_read_is_disputed():
    lines = [TextLine("支出0.3万元，增加0.3万元，占1.5%。", 2), TextLine("收入0.3万元。", 4)]
    second = {2: "支出0.3万元，增加0.8万元，占15%。", 4: "收入0.3万元。"}
    assert disputed_numbers(lines, second) == [
        DisputedNumber(2, "0.3", "万元", "支出0.3万元，增加0.3万元"),
        DisputedNumber(2, "1.5", "%", "，增加0.3万元，占1.5%。"),
    ]


def test_page_without_second_text_or_without_our_figures_is_left_out():
    lines = [TextLine("收入2946.25万元。", 1), TextLine("目录", 2)]
    assert disputed_numbers(lines, {1: " \r\n", 2: "收入100万元"}) == []


def test_raised_digit_is_disputed_and_its_claim_unreadable(tmp_path):
    path = prose_page(tmp_path / "raised.pdf", raised_digit)
    doc = read_pdf(path)
    # Ours: the raised 9 is a line of its own (above the sentence), so the figure reads "5.39";
    # PDFium keeps it in the stream ("29\r\n9\r\n5.39万元").
    assert [line.text for line in doc.lines][1:] == ["9", "本年支出合计29 5.39万元，比上年增加0.3万元。"]
    assert doc.disputed == [DisputedNumber(1, "5.39", "万元", "9本年支出合计29 5.39万元，比上年增加0.")]
    d = claims_of(doc.lines)
    apply_disputes(d, doc.disputed)
    assert [(c.text, c.kind, c.readable) for c in d.claims] == [
        ("5.39", "amount", False), ("0.3", "change", True)]
    assert [(n.code, n.page, n.table) for n in d.notices] == [("prose-unreadable", 1, None)]
    assert d.notices[0].message == ("第1页说明中的数字 5.39万元 两种读法不一致（pdfplumber 与 pdfium），"
                                    "无法确认，未参与核对")


def test_slightly_raised_digit_reads_the_same_both_ways(tmp_path):
    """A digit a little off its line stays on it for us; PDFium breaks the line there, which the
    comparison ignores."""
    path = prose_page(tmp_path / "nudged.pdf", lambda c, y: raised_digit(c, y, rise=4))
    doc = read_pdf(path)
    assert "".join(SPENDING) in [line.text for line in doc.lines]
    assert "\n" in second_reading(path, [1])[1].split("本年支出合计")[1][:6]
    assert doc.disputed == []


def test_hidden_text_layer_is_disputed(tmp_path):
    path = prose_page(tmp_path / "layer.pdf", hidden_layer)
    doc = read_pdf(path)
    [mixed] = [d.text for d in doc.disputed]
    assert doc.disputed[0].page == 1 and doc.disputed[0].unit == "万元"
    assert mixed not in ("2995.39", "2885.48")  # both layers' digits, interleaved by position
    d = claims_of(doc.lines)
    apply_disputes(d, doc.disputed)
    assert [c.readable for c in d.claims if c.text == mixed] == [False]
    assert [c.readable for c in d.claims if c.text == "0.3"] == [True]
    assert f"{mixed}万元" in d.notices[0].message


def test_disputes_match_claims_by_page_text_and_unit():
    lines = [TextLine("支出12.5万元，增长12.5%。", 1)]
    d = claims_of(lines)
    apply_disputes(d, [DisputedNumber(1, "12.5", "%", "增长12.5%"), DisputedNumber(2, "12.5", "万元", "")])
    assert [(c.text, c.unit, c.readable) for c in d.claims] == [("12.5", "万元", True), ("12.5", "%", False)]
    assert [n.message for n in d.notices] == [
        "第1页说明中的数字 12.5% 两种读法不一致（pdfplumber 与 pdfium），无法确认，未参与核对"]


def test_recognise_applies_the_readers_disputes():
    """End to end through ``recognise``: a figure of the bundled sample's prose disputed by the
    reader is kept as an unreadable claim, with a notice on its page."""
    if not SAMPLE.is_file():
        pytest.skip("samples/sample_unit_budget_2026.pdf not available")
    raw = read_pdf(SAMPLE)
    assert raw.disputed == []  # our own renderer's text reads the same both ways
    target = next(c for c in recognise(raw).claims if c.kind == "amount")
    raw.disputed = [DisputedNumber(target.page, target.text, target.unit, "")]
    d = recognise(raw)
    unreadable = [c for c in d.claims if not c.readable]
    assert unreadable and all((c.page, c.text) == (target.page, target.text) for c in unreadable)
    assert [n.page for n in d.notices if n.code == "prose-unreadable"] == [target.page]


# --- PDFium failing -----------------------------------------------------------------------------

def test_pdfium_failure_means_no_disputes(tmp_path):
    not_pdf = tmp_path / "not.pdf"
    not_pdf.write_bytes(b"%PDF-1.4 this is not a PDF at all\n%%EOF\n")
    with pytest.raises(pypdfium2.PdfiumError):
        second_reading(str(not_pdf), [1])
    with pytest.raises(FileNotFoundError):
        second_reading(str(tmp_path / "gone.pdf"), [1])
    assert reconcile(str(not_pdf), [TextLine("收入2946.25万元。", 1)]) == []


def test_read_stands_when_the_second_reading_fails(tmp_path, monkeypatch):
    path = prose_page(tmp_path / "raised.pdf", raised_digit)

    def broken(source, pages):
        raise OSError("PDFium could not open the file")

    monkeypatch.setattr(pdf_reconcile, "second_reading", broken)
    doc = read_pdf(path)
    assert doc.disputed == [] and doc.lines


def test_no_figures_no_second_reading(tmp_path, monkeypatch):
    """Cheap where it cannot matter: PDFium is not asked about pages stating no figure."""
    asked = []
    monkeypatch.setattr(pdf_reconcile, "second_reading", lambda source, pages: asked.append(pages) or {})
    read_pdf(prose_page(tmp_path / "plain.pdf", lambda c, y: c.drawString(LEFT, y, "本单位无政府性基金预算收支。")))
    assert asked == []


def test_second_reading_leaves_out_pages_past_the_end(tmp_path):
    path = prose_page(tmp_path / "clean.pdf", clean_line)
    assert list(second_reading(path, [1, 1, 5])) == [1]


def test_second_reading_opens_chinese_file_names(tmp_path):
    path = prose_page(tmp_path / "2026年 部门预算（公开）.pdf", clean_line)
    assert "2940.05" in second_reading(path, [1])[1]


# --- real PDFs ----------------------------------------------------------------------------------

# What the second reading finds in real published PDFs (none disputed: both readings agree).
REAL_DISPUTES: dict[str, list[DisputedNumber]] = {"031.pdf": [], "032.pdf": [], "288.pdf": []}


@pytest.mark.skipif(not REAL_PDFS.is_dir(), reason="../shared/real_pdfs not available")
@pytest.mark.parametrize("name", sorted(REAL_DISPUTES))
def test_real_pdfs_disputes(name):
    path = real_pdf_dir() / name
    if not path.is_file():
        pytest.skip(f"{name} not available")
    doc = read_pdf(path)
    assert pdf_reconcile.pages_with_figures(doc.lines)  # the comparison did run on their prose
    assert doc.disputed == REAL_DISPUTES[name]
