"""read_pdf: ruled and unruled tables, text lines, page furniture and bad input.

Small PDFs are drawn here with reportlab (CJK text in its built-in CID font STSong-Light, which
pdfplumber maps back to the same Unicode), each showing one layout; the real published PDFs in
../shared/real_pdfs show that the reader copes with what producers actually write.
"""
from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from budget_disclosure.errors import (BrokenFile, EmptyFile, EncryptedPdf, FileMissing,
                                      ScannedPdf)
from budget_disclosure.raw import RawDocument, RawTable
from budget_disclosure.read.pdf import read_pdf
from conftest import REAL_PDFS, real_pdf_dir

FONT = "STSong-Light"
if FONT not in pdfmetrics.getRegisteredFontNames():
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))

PAGE_NUMBER = re.compile(r"^[\s\-—]*(?:第\s*)?\d{1,3}\s*(?:页)?[\s\-—]*$")


# --- drawing ------------------------------------------------------------------------------------

class Page:
    """Drawing on a canvas with pdfplumber's coordinates: x to the right, ``top`` downwards."""

    def __init__(self, canvas: Canvas, height: float):
        self.c = canvas
        self.height = height

    def text(self, x: float, top: float, text: str, size: float = 10, align: str = "left") -> None:
        self.c.setFont(FONT, size)
        baseline = self.height - top - size * 0.88  # ascent of STSong-Light
        draw = {"left": self.c.drawString, "right": self.c.drawRightString,
                "centre": self.c.drawCentredString}[align]
        draw(x, baseline, text)

    def box(self, x0: float, top: float, x1: float, bottom: float, rules: str) -> None:
        """The four sides of a cell: stroked lines, or thin filled rectangles (as some producers
        draw rules)."""
        y0, y1 = self.height - bottom, self.height - top
        if rules == "lines":
            self.c.setLineWidth(0.5)
            self.c.rect(x0, y0, x1 - x0, y1 - y0, stroke=1, fill=0)
            return
        t = 0.6
        for x, y, w, h in ((x0, y1 - t / 2, x1 - x0, t), (x0, y0 - t / 2, x1 - x0, t),
                           (x0 - t / 2, y0, t, y1 - y0), (x1 - t / 2, y0, t, y1 - y0)):
            self.c.rect(x, y, w, h, stroke=0, fill=1)


def is_amount(text: str) -> bool:
    return bool(re.fullmatch(r"[\d,.\-]+", text))


def draw_cell(page: Page, x0: float, top: float, x1: float, bottom: float, text: str,
              size: float = 9) -> None:
    """Cell text as spreadsheets print it: amounts right-aligned, other text centred in header
    cells or left-aligned, wrapped lines ("\\n") stacked and centred vertically."""
    lines = text.split("\n")
    leading = size * 1.25
    first = (top + bottom) / 2 - leading * len(lines) / 2 + (leading - size) / 2
    for k, line in enumerate(lines):
        t = first + k * leading
        if is_amount(line):
            page.text(x1 - 3, t, line, size, "right")
        else:
            page.text(x0 + 3, t, line, size)


def draw_grid(page: Page, left: float, top: float, widths: list[float], heights: list[float],
              cells: list[tuple[int, int, int, int, str]], rules: str = "lines", size: float = 9) -> None:
    """A ruled table: ``cells`` are (row, column, row span, column span, text)."""
    xs = [left]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [top]
    for h in heights:
        ys.append(ys[-1] + h)
    for r, c, rs, cs, text in cells:
        page.box(xs[c], ys[r], xs[c + cs], ys[r + rs], rules)
        if text:
            draw_cell(page, xs[c], ys[r], xs[c + cs], ys[r + rs], text, size)


# A 表2-like table: merged header cells ("项目" over two rows, "财政拨款" over two columns) and
# a header wrapped inside its cell.
HEADER_CELLS = [
    (0, 0, 2, 1, "项目"), (0, 1, 2, 1, "合计"), (0, 2, 1, 2, "财政拨款"), (0, 4, 2, 1, "单位资金"),
    (1, 2, 1, 1, "一般公共预算"), (1, 3, 1, 1, "国有资本经营\n预算"),
]
BODY = [
    ["合计", "1,833.76", "1,477.21", "356.55", "0.00"],
    ["一般公共服务支出", "1,200.00", "1,000.00", "200.00", ""],
    ["教育支出", "633.76", "477.21", "156.55", ""],
]
EXPECTED_HEADER = [
    ["项目", "合计", "财政拨款", "", "单位资金"],
    ["", "", "一般公共预算", "国有资本经营\n预算", ""],
]
WIDTHS = [130, 80, 80, 80, 70]


def body_cells(rows: list[list[str]], first_row: int) -> list[tuple[int, int, int, int, str]]:
    return [(first_row + i, j, 1, 1, text) for i, row in enumerate(rows) for j, text in enumerate(row)]


def draw_titled_table(page: Page, top: float, rules: str = "lines", left: float = 60) -> float:
    """Title block, the table and a note under it, as a 预算公开 page prints them; returns the
    bottom of the note."""
    page.text(left, top, "预算公开表2", 10)
    page.text(left + 60, top + 20, "2026年预算收入总表", 16)
    page.text(left, top + 48, "单位名称：测试局", 10)
    page.text(left + sum(WIDTHS), top + 48, "单位：万元", 10, "right")
    heights = [22, 30] + [20] * len(BODY)
    draw_grid(page, left, top + 66, WIDTHS, heights, HEADER_CELLS + body_cells(BODY, 2), rules)
    note_top = top + 66 + sum(heights) + 8
    page.text(left, note_top, "注：本表金额保留两位小数", 9)
    return note_top + 12


def one_page_pdf(path: Path, draw, pagesize=A4, rotate: int = 0) -> Path:
    c = Canvas(str(path), pagesize=pagesize)
    if rotate:
        c.setPageRotation(rotate)
    draw(Page(c, pagesize[1]))
    c.showPage()
    c.save()
    return path


TITLE_BLOCK = ["预算公开表2", "2026年预算收入总表", "单位名称：测试局 单位：万元"]
NOTE = "注：本表金额保留两位小数"


def texts(doc: RawDocument) -> list[str]:
    return [b.text for b in doc.lines]


def shape(doc: RawDocument) -> list[str]:
    """Blocks in order: a line's text, or "TABLE" for a table."""
    return ["TABLE" if isinstance(b, RawTable) else b.text for b in doc.blocks]


# --- ruled tables -------------------------------------------------------------------------------

@pytest.mark.parametrize("rules", ["lines", "rects"])
def test_ruled_table_with_merged_and_wrapped_header(tmp_path, rules):
    pdf = one_page_pdf(tmp_path / "ruled.pdf", lambda p: draw_titled_table(p, 60, rules))
    doc = read_pdf(pdf)
    assert shape(doc) == TITLE_BLOCK + ["TABLE", NOTE]
    table = doc.tables[0]
    assert table.ruled
    assert table.rows == EXPECTED_HEADER + BODY
    assert table.row_pages == [1] * len(table.rows)
    assert all(line.page == 1 for line in doc.lines)
    assert (doc.source, doc.format, doc.page_count) == (str(pdf), "pdf", 1)


def test_two_tables_on_a_page_keep_their_order_and_text_between(tmp_path):
    def draw(p: Page):
        bottom = draw_titled_table(p, 40)
        p.text(60, bottom + 20, "二、支出预算情况说明", 12)
        draw_titled_table(p, bottom + 50)

    doc = read_pdf(one_page_pdf(tmp_path / "two.pdf", draw))
    assert shape(doc) == TITLE_BLOCK + ["TABLE", NOTE, "二、支出预算情况说明"] + TITLE_BLOCK + ["TABLE", NOTE]
    assert doc.tables[0].rows == doc.tables[1].rows == EXPECTED_HEADER + BODY


# --- unruled tables -----------------------------------------------------------------------------

PROSE = "本单位2026年收入预算1,833.76万元，其中一般公共预算拨款1,477.21万元。"


def draw_unruled(page: Page, top: float, rows: list[list[str]], header: list[str],
                 right_edges: list[float], label_x: float = 60, pitch: float = 20) -> float:
    """A table printed without lines: labels left-aligned, amounts right-aligned on the given
    right edges, headers centred over the amount columns."""
    for j, head in enumerate(header):
        if j == 0:
            page.text(label_x, top, head, 9)
        else:
            page.text(right_edges[j - 1] - 30, top, head, 9, "centre")
    for i, row in enumerate(rows):
        t = top + (i + 1) * pitch
        page.text(label_x, t, row[0], 9)
        for j, text in enumerate(row[1:]):
            if text:
                page.text(right_edges[j], t, text, 9, "right")
    return top + len(rows) * pitch + 12


def test_unruled_table_is_read_from_alignment_and_prose_stays_text(tmp_path):
    rows = [["合计", "1,833.76", "1,477.21", "356.55"],
            ["一般公共服务支出", "1,200.00", "1,000.00", "200.00"],
            ["教育支出", "633.76", "477.21", "156.55"],
            ["住房保障支出", "", "", ""]]

    def draw(p: Page):
        p.text(60, 60, PROSE, 10)
        p.text(60, 90, "2026年预算支出总表", 14)
        p.text(460, 116, "单位：万元", 9, "right")
        bottom = draw_unruled(p, 136, rows, ["项目", "合计", "基本支出", "项目支出"], [300, 380, 460])
        p.text(60, bottom + 10, "注：本表无政府性基金预算", 9)

    doc = read_pdf(one_page_pdf(tmp_path / "unruled.pdf", draw))
    assert shape(doc) == [PROSE, "2026年预算支出总表", "单位：万元", "TABLE", "注：本表无政府性基金预算"]
    table = doc.tables[0]
    assert not table.ruled
    assert table.rows == [["项目", "合计", "基本支出", "项目支出"]] + rows


def test_unruled_table_columns_from_headers_wrapped_headers_and_wrapped_labels(tmp_path):
    """A column printed blank all the way down is known only from its header; a header wrapped
    inside its cell and a label wrapped onto two lines (figures on its second line) stay one cell."""

    def draw(p: Page):
        p.text(300, 100, "单位：万元", 9, "right")
        # Header: a wrapped header over the blank 国有资本经营预算 column.
        p.text(60, 128, "项目", 9)
        p.text(170, 128, "合计", 9, "centre")
        p.text(240, 122, "国有资本经营", 9, "centre")
        p.text(240, 133, "预算", 9, "centre")
        p.text(310, 128, "单位资金", 9, "centre")
        # Body: the 2nd row's label wraps; its figures sit on the label's last line.
        p.text(60, 150, "合计", 9)
        p.text(190, 150, "1,833.76", 9, "right")
        p.text(330, 150, "0.00", 9, "right")
        p.text(60, 170, "机关事业单位基本养老", 9)
        p.text(60, 181, "保险缴费支出", 9)
        p.text(190, 181, "135.90", 9, "right")
        p.text(60, 201, "住房公积金", 9)
        p.text(190, 201, "111.04", 9, "right")

    doc = read_pdf(one_page_pdf(tmp_path / "unruled2.pdf", draw))
    assert shape(doc) == ["单位：万元", "TABLE"]
    assert doc.tables[0].rows == [
        ["项目", "合计", "国有资本经营\n预算", "单位资金"],
        ["合计", "1,833.76", "", "0.00"],
        ["机关事业单位基本养老\n保险缴费支出", "135.90", "", ""],
        ["住房公积金", "111.04", "", ""],
    ]


def test_unruled_two_sided_table_with_blank_amounts(tmp_path):
    """An income | amount | expenditure | amount table whose amounts are nearly all printed as
    blank marks ("-"): the blanks, right-aligned like figures, show where each amount column
    ends, so a blank set close to the next label stays in its own column."""
    rows = [["一般公共预算", "237.61", "一般公共服务支出", "-"],
            ["政府性基金预算", "-", "外交支出", "-"],
            ["国有资本经营预算", "-", "国防支出", "-"],
            ["单位资金", "-", "教育支出", "-"]]

    def draw(p: Page):
        p.text(340, 100, "单位：万元", 9, "right")
        for k, head in enumerate(["项目", "金额", "项目", "金额"]):
            p.text([60, 160, 166, 340][k], 120, head, 9, "right" if k % 2 else "left")
        for i, row in enumerate(rows):
            t = 140 + 20 * i
            p.text(60, t, row[0], 9)
            p.text(160, t, row[1], 9, "right")  # 6 points left of the expenditure labels
            p.text(166, t, row[2], 9)
            p.text(340, t, row[3], 9, "right")

    doc = read_pdf(one_page_pdf(tmp_path / "two_sided.pdf", draw))
    assert shape(doc) == ["单位：万元", "TABLE"]
    assert doc.tables[0].rows == [["项目", "金额", "项目", "金额"]] + rows


def test_unruled_row_of_a_code_and_blank_marks_is_no_page_number(tmp_path):
    """A row whose label is wrapped above and below its amounts prints a line of a code and
    blank marks only ("208 - - -"), which reads like a page number ("- 3 -") but is a row."""
    def draw(p: Page):
        p.text(400, 100, "单位：万元", 9, "right")
        for x, head in ((60, "科目编码"), (120, "科目名称"), (240, "合计"), (320, "基本支出"),
                        (400, "项目支出")):
            p.text(x, 120, head, 9, "right" if x > 200 else "left")
        p.text(60, 140, "合计", 9)
        for x, v in ((240, "1,833.76"), (320, "1,477.21"), (400, "356.55")):
            p.text(x, 140, v, 9, "right")
        p.text(120, 154, "社会保障和就", 9)
        p.text(60, 160, "208", 9)
        for x in (240, 320, 400):
            p.text(x, 160, "-", 9, "right")
        p.text(120, 166, "业支出", 9)
        p.text(60, 186, "211", 9)
        p.text(120, 186, "节能环保支出", 9)
        for x, v in ((240, "1,833.76"), (320, "1,477.21"), (400, "356.55")):
            p.text(x, 186, v, 9, "right")

    doc = read_pdf(one_page_pdf(tmp_path / "code_row.pdf", draw))
    assert shape(doc) == ["单位：万元", "TABLE"]
    assert doc.tables[0].rows == [
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        ["合计", "", "1,833.76", "1,477.21", "356.55"],
        ["208", "社会保障和就\n业支出", "-", "-", "-"],
        ["211", "节能环保支出", "1,833.76", "1,477.21", "356.55"],
    ]


def test_prose_with_figures_is_not_a_table(tmp_path):
    lines = ["一、2026年收入预算1,833.76万元，比上年增加340.87万元，增长22.83%。",
             "二、2026年支出预算1,833.76万元，其中基本支出1,477.21万元，",
             "项目支出356.55万元，占19.44%。"]

    def draw(p: Page):
        for k, line in enumerate(lines):
            p.text(60, 80 + 22 * k, line, 12)

    doc = read_pdf(one_page_pdf(tmp_path / "prose.pdf", draw))
    assert doc.tables == []
    assert texts(doc) == lines


# --- tables over several pages, running headers and page numbers -------------------------------

RUNNING_HEADER = "测试局2026年部门预算公开"


def split_table_pdf(path: Path, repeat_header: bool, rules: str | None) -> tuple[Path, list, list]:
    """Three pages, each with a running header and a page number: prose, then a table whose
    rows continue on the last page (its header drawn again there or not)."""
    rows = [[f"项目{k:02d}", f"{k * 10 + 0.5:,.2f}", f"{k * 7 + 0.25:,.2f}", f"{k * 3 + 0.25:,.2f}", ""]
            for k in range(1, 19)]
    first, second = rows[:12], rows[12:]
    c = Canvas(str(path), pagesize=A4)
    height = A4[1]

    def furniture(p: Page, n: int):
        p.text(A4[0] / 2, 30, RUNNING_HEADER, 9, "centre")
        p.text(A4[0] / 2, height - 40, f"- {n} -", 9, "centre")

    def table(p: Page, top: float, body: list, with_header: bool):
        if rules is None:
            header = ["项目", "合计", "基本支出", "项目支出", "单位资金"]
            edges = [230, 310, 390, 470]
            draw_unruled(p, top, body if not with_header else body, header if with_header else [], edges)
            return
        cells = (HEADER_CELLS if with_header else []) + body_cells(body, 2 if with_header else 0)
        heights = ([22, 30] if with_header else []) + [20] * len(body)
        draw_grid(p, 60, top, WIDTHS, heights, cells, rules)

    p = Page(c, height)
    furniture(p, 1)
    p.text(60, 100, "第一部分　单位概况", 14)  # (a full-width space: no space comes back between CJK)
    p.text(60, 130, PROSE, 10)
    c.showPage()
    p = Page(c, height)
    furniture(p, 2)
    p.text(60, 100, "2026年预算收入总表", 14)
    p.text(60, 126, "单位：万元", 9)
    table(p, 150, first, True)
    c.showPage()
    p = Page(c, height)
    furniture(p, 3)
    table(p, 100, second, repeat_header)
    p.text(60, 100 + 52 + 20 * len(second) + 20, NOTE, 9)
    c.showPage()
    c.save()
    return path, first, second


@pytest.mark.parametrize("repeat_header", [True, False])
def test_ruled_table_over_two_pages_gives_one_table_per_page(tmp_path, repeat_header):
    pdf, first, second = split_table_pdf(tmp_path / "split.pdf", repeat_header, "lines")
    doc = read_pdf(pdf)
    assert doc.page_count == 3
    assert [t.row_pages for t in doc.tables] == [[2] * 14, [3] * (len(second) + 2 * repeat_header)]
    assert doc.tables[0].rows == EXPECTED_HEADER + first
    assert doc.tables[1].rows == (EXPECTED_HEADER if repeat_header else []) + second
    # Running header and page numbers are page furniture, not text.
    assert texts(doc) == ["第一部分单位概况", PROSE, "2026年预算收入总表", "单位：万元", NOTE]
    assert shape(doc)[-3:] == ["TABLE", "TABLE", NOTE]


@pytest.mark.parametrize("repeat_header", [True, False])
def test_unruled_table_over_two_pages_keeps_its_columns(tmp_path, repeat_header):
    pdf, first, second = split_table_pdf(tmp_path / "split.pdf", repeat_header, None)
    doc = read_pdf(pdf)
    header = [["项目", "合计", "基本支出", "项目支出", "单位资金"]]
    assert [t.ruled for t in doc.tables] == [False, False]
    assert doc.tables[0].rows == header + first
    # Without a header the last column is blank on that page: the columns carried over from
    # the previous page still give it.
    assert doc.tables[1].rows == (header if repeat_header else []) + second
    assert texts(doc) == ["第一部分单位概况", PROSE, "2026年预算收入总表", "单位：万元", NOTE]


# --- doubled bold glyphs ------------------------------------------------------------------------

@pytest.mark.parametrize("offset", [0.0, 0.3, 0.8])
def test_bold_drawn_twice_reads_once(tmp_path, offset):
    def draw(p: Page):
        for dx in (0.0, offset):
            p.text(60 + dx, 60, "2026年预算收支总表", 16)
        cells = [(0, 0, 1, 1, "项目"), (0, 1, 1, 1, "金额"), (1, 0, 1, 1, "合计"), (1, 1, 1, 1, "1,833.76"),
                 (2, 0, 1, 1, "教育支出"), (2, 1, 1, 1, "11.00")]
        draw_grid(p, 60, 100, [120, 90], [20, 20, 20], cells)
        draw_cell(p, 60 + offset, 120, 180 + offset, 140, "合计")  # the bold 合计 row label
        draw_cell(p, 180 + offset, 120, 270 + offset, 140, "1,833.76")

    doc = read_pdf(one_page_pdf(tmp_path / "bold.pdf", draw))
    assert texts(doc) == ["2026年预算收支总表"]
    assert doc.tables[0].rows == [["项目", "金额"], ["合计", "1,833.76"], ["教育支出", "11.00"]]


# --- rotated pages ------------------------------------------------------------------------------

def draw_turned(rotate: int, upright: bool, pagesize: tuple[float, float]):
    """Draw the titled table on a page with /Rotate ``rotate``. ``upright``: the content is
    drawn turned back so it reads upright on screen (a landscape table, as 217.pdf prints);
    else it is drawn plainly and reads sideways on screen."""
    # reportlab swaps the MediaBox of a page turned a quarter: user space is height x width.
    user_w, user_h = pagesize[1], pagesize[0]

    def draw(p: Page):
        c = p.c
        if upright:  # shown turned by ``rotate`` clockwise: draw turned the other way
            if rotate == 90:
                c.translate(user_w, 0)
                c.rotate(90)
            else:
                c.translate(0, user_h)
                c.rotate(-90)
            draw_titled_table(Page(c, user_w), 60)
        else:
            draw_titled_table(Page(c, user_h), 60)
    return draw


@pytest.mark.parametrize("rotate, upright", [(90, True), (270, True), (90, False), (270, False)])
def test_rotated_pages_read_in_order(tmp_path, rotate, upright):
    pagesize = landscape(A4) if upright else A4
    pdf = one_page_pdf(tmp_path / "turned.pdf", draw_turned(rotate, upright, pagesize), pagesize, rotate)
    doc = read_pdf(pdf)
    assert shape(doc) == TITLE_BLOCK + ["TABLE", NOTE]
    assert doc.tables[0].rows == EXPECTED_HEADER + BODY


def test_landscape_page(tmp_path):
    pdf = one_page_pdf(tmp_path / "landscape.pdf", lambda p: draw_titled_table(p, 60), landscape(A4))
    doc = read_pdf(pdf)
    assert shape(doc) == TITLE_BLOCK + ["TABLE", NOTE]


# --- bad input ----------------------------------------------------------------------------------

def small_pdf(path: Path, **canvas_options) -> Path:
    c = Canvas(str(path), pagesize=A4, **canvas_options)
    Page(c, A4[1]).text(60, 60, "2026年预算收支总表", 14)
    c.showPage()
    c.save()
    return path


def image_page(c: Canvas) -> None:
    from PIL import Image
    image = Image.new("RGB", (200, 100), (200, 200, 200))
    c.drawImage(ImageReader(image), 60, 500, 400, 200)
    c.showPage()


def raises(error: type, path: Path | str, page: int | None = None):
    with pytest.raises(error) as info:
        read_pdf(path)
    assert type(info.value) is error
    assert info.value.source == str(path)
    assert str(path) in info.value.message
    assert info.value.page == page
    return info.value


def test_missing_file_and_folder(tmp_path):
    raises(FileMissing, tmp_path / "nope.pdf")
    raises(FileMissing, tmp_path)


def test_empty_file(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    raises(EmptyFile, empty)


def test_not_a_pdf_and_damaged_pdfs(tmp_path):
    text = tmp_path / "text.pdf"
    text.write_text("预算公开 1,833.76", encoding="utf-8")
    raises(BrokenFile, text)
    good = small_pdf(tmp_path / "good.pdf").read_bytes()
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(good[: len(good) // 2])
    raises(BrokenFile, truncated)
    no_pages = tmp_path / "no_pages.pdf"
    no_pages.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    raises(BrokenFile, no_pages)
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    raises(BrokenFile, garbage)


def test_encrypted_pdf(tmp_path):
    raises(EncryptedPdf, small_pdf(tmp_path / "secret.pdf", encrypt="secret"))


def test_pdf_of_images_only_is_scanned(tmp_path):
    path = tmp_path / "scan.pdf"
    c = Canvas(str(path), pagesize=A4)
    image_page(c)
    image_page(c)
    c.save()
    error = raises(ScannedPdf, path)
    assert "2 页" in error.message


def test_pdf_with_some_scanned_pages_reads_the_text_pages(tmp_path):
    path = tmp_path / "mixed.pdf"
    c = Canvas(str(path), pagesize=A4)
    image_page(c)
    Page(c, A4[1]).text(60, 60, "2026年预算收支总表", 14)
    c.showPage()
    image_page(c)
    c.save()
    doc = read_pdf(path)
    assert doc.page_count == 3
    assert [(line.text, line.page) for line in doc.lines] == [("2026年预算收支总表", 2)]


def test_path_as_given_is_kept(tmp_path, monkeypatch):
    small_pdf(tmp_path / "a.pdf")
    monkeypatch.chdir(tmp_path)
    assert read_pdf("a.pdf").source == "a.pdf"
    assert read_pdf(Path("a.pdf")).source == "a.pdf"


# --- real published PDFs ------------------------------------------------------------------------

# A spread of producers and layouts small enough to read in a few seconds: portrait and landscape
# pages, /Rotate 90 pages (003, 013), rules drawn as lines (001, 100), thin filled rectangles
# (003, 013) and paths (125), white cell backgrounds (001), page numbers (069, 100) and a running
# header (155). Set BUDGET_DISCLOSURE_ALL_PDFS=1 to read every PDF in the folder (a few minutes).
SAMPLE = ["001", "003", "009", "013", "031", "040", "069", "100", "125", "155", "246"]


def manifest() -> dict[str, dict[str, str]]:
    with open(real_pdf_dir() / "MANIFEST.tsv", encoding="utf-8") as f:
        return {row["file"]: row for row in csv.DictReader(f, delimiter="\t")}


def real_pdfs() -> list[str]:
    if os.environ.get("BUDGET_DISCLOSURE_ALL_PDFS") and REAL_PDFS.is_dir():
        return sorted(p.stem for p in REAL_PDFS.glob("*.pdf"))
    return SAMPLE


_read_cache: dict[str, RawDocument] = {}


def real(name: str) -> RawDocument:
    """The real PDF ``name`` read once per test session (several tests look at each)."""
    path = real_pdf_dir() / f"{name}.pdf"
    if not path.is_file():
        pytest.skip(f"{path} not available")
    if name not in _read_cache:
        _read_cache[name] = read_pdf(path)
    return _read_cache[name]


@pytest.mark.parametrize("name", real_pdfs())
def test_real_pdf_reads_whole(name):
    doc = real(name)
    assert doc.page_count == int(manifest()[f"{name}.pdf"]["pages"])
    assert doc.tables, "every sample prints tables"
    for table in doc.tables:
        assert table.rows and all(len(row) == table.width for row in table.rows)
        assert all(1 <= p <= doc.page_count for p in table.row_pages)
    cells = [c for t in doc.tables for row in t.rows for c in row]
    every_text = texts(doc) + cells
    assert not any("合计合计" in t or "总计总计" in t for t in every_text)
    # Page numbers are furniture: no line is a lone number.
    assert not [t for t in texts(doc) if PAGE_NUMBER.match(t)]
    pages = [b.page for b in doc.lines]
    assert pages == sorted(pages), "text lines come in page order"


def test_real_ruled_table_cells_125():
    """重庆 125.pdf 表二: merged 科目 header, headers wrapped inside their cells."""
    doc = real("125")
    table = next(t for t in doc.tables if t.rows[0][:3] == ["科目", "", "总计"])
    assert table.ruled and table.row_pages[0] == 10
    assert table.rows[0][3:6] == ["一般公共预\n算拨款收入", "政府性基金预\n算拨款收入", "国有资本经营\n预算拨款收入"]
    assert table.rows[1][:2] == ["科目编码", "科目名称"]
    assert table.rows[2][:4] == ["合计", "", "19,230.18", "18,417.70"]
    assert table.rows[3][:4] == ["201", "一般公共服务支出", "15,958.96", "15,146.48"]
    assert ["2010399", "其他政府办公厅（室）及相关机构事务\n支出", "1,315.37", "505.37"] == table.rows[8][:4]
    i = doc.blocks.index(table)
    assert [b.text for b in doc.blocks[i - 3:i]] == ["表二", "2026年部门收入总体情况表",
                                                    "单位名称：重庆市人民政府办公厅 单位：万元"]


def test_real_rotated_pages_003():
    """江苏 003.pdf: every page is /Rotate 90 with its tables drawn with thin filled rectangles."""
    doc = real("003")
    assert shape(doc)[:4] == ["收支预算总表", "公开表一", "部门： 江苏省人大常委会办公厅 单位：万元", "TABLE"]
    table = doc.tables[0]
    assert table.rows[:4] == [
        ["收入", "", "支出", "", "", ""],
        ["项目名称", "金额", "功能分类", "", "支出用途", ""],
        ["", "", "功能科目名称", "金额", "项目名称", "金额"],
        ["一、财政拨款", "18,330.37", "一、一般公共服务支出", "13,907.78", "一、基本支出", "9,312.90"],
    ]


def test_real_page_numbers_and_running_header_are_dropped():
    doc = real("155")  # 苏州: "苏州市交通运输局2026年度部门预算公开" atop every page, "- n -" below
    assert "苏州市交通运输局2026年度部门预算公开" not in texts(doc)
    assert "一般公共预算基本支出表" in texts(doc)  # a table title at the top of its page stays
    doc = real("100")  # 深圳: "- n -" below every page
    assert not [t for t in texts(doc) if re.fullmatch(r"-\s*\d+\s*-", t)]
    assert "表1" in texts(doc)  # repeated above each page of its table: a title, not a header


def test_real_text_clipped_off_the_page_is_ignored_001():
    """001.pdf page 11 carries the text of other tables placed below the page (clipped away by
    viewers): only the table printed on the page is read."""
    doc = real("001")
    on_11 = [b for b in doc.blocks if (b.row_pages[0] if isinstance(b, RawTable) else b.page) == 11]
    assert shape(RawDocument("", "pdf", on_11)) == ["财政拨款支出预算表", "部门： 江苏省人大常委会办公厅 单位：万元", "TABLE"]
    assert on_11[2].rows[0] == ["功能科目代码", "功能科目名称", "金额"]
    assert on_11[2].rows[-1] == ["2210202", "提租补贴", "1,018.01"]
