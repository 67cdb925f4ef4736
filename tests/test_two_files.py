"""A disclosure published as two files (its 报表 in one, its 情况说明 in another: 北京 does so) read as
one document: pages numbered on through the files, every finding placed in its own file, and files
that are not parts of one disclosure refused with what each says.

The real pair is made here from a real one-file document (034, 上海市普陀区司法局 2026 部门预算): its
pages 1–9 (主要职能 … 编制说明) and 10–23 (the tables and 其他相关情况说明) saved as two PDFs by PDFium."""
from __future__ import annotations

import json

import pytest

from budget_disclosure.check import check
from budget_disclosure.cli import main
from budget_disclosure.errors import NotOneDocument
from budget_disclosure.extract import extract_together
from budget_disclosure.model import Disclosure
from budget_disclosure.raw import RawDocument, RawTable, SourceFile, TextLine
from budget_disclosure.read import join_documents
from budget_disclosure.write.json_form import from_dict, to_json

from conftest import real_pdf
from real_reads import extract_real


def _pages(source, first: int, last: int, out):
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(source))
    part = pypdfium2.PdfDocument.new()
    part.import_pages(pdf, list(range(first - 1, last)))
    part.save(str(out))
    return out


@pytest.fixture(scope="module")
def parts_034(tmp_path_factory):
    folder = tmp_path_factory.mktemp("parts")
    source = real_pdf("034")
    return _pages(source, 1, 9, folder / "说明.pdf"), _pages(source, 10, 23, folder / "报表.pdf")


def _found(report):
    return [(f.rule, f.severity, f.location.page, f.message) for f in report.findings]


def test_two_files_read_as_one_check_as_the_document_they_were_cut_from(parts_034):
    prose, tables = parts_034
    whole = check(extract_real(real_pdf("034")))
    joined = check(extract_together([prose, tables]))
    d = joined.disclosure
    assert d.files == [SourceFile(str(prose), 1, 9), SourceFile(str(tables), 10, 14)]
    assert (d.kind, d.year, d.entity, d.level, d.profile) == ("预算", 2026, "上海市普陀区司法局", "部门", "shanghai-budget")
    assert [t.key for t in d.tables] == [t.key for t in whole.disclosure.tables]
    assert _found(joined) == _found(whole)  # the same pages, since the parts are given in print order
    assert d.page_place(12) == "第12页（报表.pdf 第3页）"


def test_the_tables_file_first_places_each_finding_in_its_own_file(parts_034):
    prose, tables = parts_034
    report = check(extract_together([tables, prose]))
    d = report.disclosure
    assert d.files == [SourceFile(str(tables), 1, 14), SourceFile(str(prose), 15, 9)]
    assert [t.pages[0] for t in d.tables][:2] == [1, 2]  # 财务收支 p10, 收入 p11 of the whole
    amount = next(f for f in report.findings if f.rule == "prose-amount")
    assert amount.location.page == 23 and d.page_place(23) == "第23页（说明.pdf 第9页）"
    assert d.source_text == f"{tables}（第1–14页）；{prose}（第15–23页）"


def test_files_of_two_disclosures_are_refused_with_what_each_says(parts_034, tmp_path):
    prose_036 = _pages(real_pdf("036"), 1, 7, tmp_path / "036说明.pdf")  # the same 司法局's 单位预算
    with pytest.raises(NotOneDocument) as err:
        extract_together([parts_034[1], prose_036])
    assert "级次不同：报表.pdf：部门；036说明.pdf：单位" in err.value.message


def test_the_command_line_checks_and_imports_the_parts_together(parts_034, tmp_path, capsys):
    prose, tables = parts_034
    assert main(["check", "--together", str(tables), str(prose)]) == 1  # 034's real errors
    out = capsys.readouterr().out
    assert f"文件：{tables}（第1–14页）；{prose}（第15–23页）" in out and "（说明.pdf 第9页）" in out
    book = tmp_path / "审核.xlsx"
    assert main(["import", str(tables), "--with", str(prose), "-o", str(book)]) == 0
    import openpyxl

    cover = openpyxl.load_workbook(book).worksheets[0]
    assert any(f"{prose}（第15–23页）" in str(c.value) for row in cover.iter_rows() for c in row)


def test_joining_numbers_pages_on_and_keeps_every_block(tmp_path):
    a = RawDocument("表.pdf", "pdf", [TextLine("收支总表", 1), RawTable([["合计", "5"]], [2])], page_count=2)
    b = RawDocument("说明.txt", "text", [TextLine("一、收入预算", None)], page_count=None)
    c = RawDocument("说明2.pdf", "pdf", [TextLine("二、支出预算", 1)], page_count=3)
    joined = join_documents([a, b, c])
    assert [(getattr(x, "page", None), getattr(x, "row_pages", None)) for x in joined.blocks] == [
        (1, None), (None, [2]), (None, None), (3, None)]
    assert joined.files == [SourceFile("表.pdf", 1, 2), SourceFile("说明.txt", 3, 0), SourceFile("说明2.pdf", 3, 3)]
    assert (joined.page_count, joined.format, joined.source) == (5, "mixed", "表.pdf + 说明.txt + 说明2.pdf")
    assert a.blocks[1].row_pages == [2]  # the parts are not changed


def test_the_files_travel_in_the_json_form():
    d = Disclosure("预算", 2026, "某局", "部门", "万元", "shanxi-budget", "a.pdf + b.pdf", "pdf", [], [],
                   files=[SourceFile("a.pdf", 1, 4), SourceFile("b.pdf", 5, 2)])
    data = json.loads(to_json(d))
    assert data["files"][1] == {"source": "b.pdf", "first_page": 5, "page_count": 2}
    back = from_dict(json.loads(to_json(d)))
    assert back.files == d.files and back.page_place(6) == "第6页（b.pdf 第2页）" and back.page_place(9) == "第9页"
