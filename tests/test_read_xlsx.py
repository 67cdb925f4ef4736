"""read_xlsx: title lines, grids and notes from workbooks built here with openpyxl."""
from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from openpyxl import Workbook

from budget_disclosure.errors import BrokenFile, EmptyFile, FileMissing
from budget_disclosure.raw import RawTable, TextLine
from budget_disclosure.read.xlsx import read_xlsx

UNIT = "单位名称：阳泉市生态环境监测和应急保障中心"


def _put(ws, row: int, values: list, start_column: int = 1, number_format: str | None = None):
    for offset, value in enumerate(values):
        if value is not None:
            cell = ws.cell(row=row, column=start_column + offset, value=value)
            if number_format and isinstance(value, (int, float)):
                cell.number_format = number_format


def _summary_sheet(ws) -> None:
    """表1 as finance systems export it: title block, two-level merged header, notes below."""
    ws["A1"] = "预算公开表1"
    ws["A2"] = "2026年预算收支总表"
    ws.merge_cells("A2:F2")
    ws["A3"] = UNIT
    ws["F3"] = "单位：万元"
    ws["A4"] = "收入"
    ws.merge_cells("A4:B4")
    ws["C4"] = "支出"
    ws.merge_cells("C4:F4")
    _put(ws, 5, ["项目", "2026年", "项目", "2026年合计", "当年预算安排", "上年结转安排"])
    _put(ws, 6, ["一、一般公共预算", 1570.01, "一、一般公共服务支出", 2.31, 2.31, None], number_format="0.00")
    # The expenditure side is longer: a grid row with a single filled cell.
    _put(ws, 7, [None, None, "二十一、粮油物资储备支出"])
    _put(ws, 8, ["上年结转", "263.75", "年终结转", 0, None, None], number_format="#,##0.00")
    _put(ws, 9, ["收入总计", 1833.7600000000002, "支出总计", "1,833.76", 1570.01, 263.75],
         number_format="#,##0.00_ ")
    ws["A11"] = "注：本套报表因取数时四舍五入，部分金额可能存在尾差"
    ws.merge_cells("A11:F11")


def _stacked_sheet(ws) -> None:
    """Two tables one below the other, starting in column B; the first has no data."""
    ws["B1"] = "2026年政府性基金预算收入表"
    ws.merge_cells("B1:D1")
    ws["B2"] = "科目编码"
    ws.merge_cells("B2:B3")
    ws["C2"] = "科目名称"
    ws.merge_cells("C2:C3")
    ws["D2"] = "收入预算"
    ws["D3"] = "国有资本经营\r\n预算"
    ws["B4"] = "注：本表无数据"  # directly under the header, no blank row
    ws["B6"] = "2026年政府性基金预算支出表"
    ws.merge_cells("B6:D6")
    ws["D7"] = "单位：万元"
    _put(ws, 8, ["  合计  ", None, "合计"], start_column=2)
    _put(ws, 9, [None, None, 12.5], start_column=2, number_format="0.00")
    _put(ws, 10, ["229", "其他支出", 12.5], start_column=2, number_format="0.00")


@pytest.fixture
def workbook_path(tmp_path):
    wb = Workbook()
    _summary_sheet(wb.active)
    wb.active.title = "表1"
    hidden = wb.create_sheet("lookup")
    hidden["A1"] = "不应出现"
    hidden["B1"] = "hidden sheet"
    hidden.sheet_state = "hidden"
    _stacked_sheet(wb.create_sheet("表7表8"))
    path = tmp_path / "预算公开.xlsx"
    wb.save(path)
    return path


def test_summary_sheet_title_block_grid_and_note(workbook_path):
    doc = read_xlsx(workbook_path)
    assert doc.format == "xlsx" and doc.source == str(workbook_path)
    assert doc.page_count == 3
    sheet1 = [b for b in doc.blocks if (b.page if isinstance(b, TextLine) else b.pages[0]) == 1]
    assert sheet1[:4] == [TextLine("预算公开表1", 1), TextLine("2026年预算收支总表", 1),
                          TextLine(UNIT, 1), TextLine("单位：万元", 1)]
    table = sheet1[4]
    assert isinstance(table, RawTable)
    assert table.rows == [
        ["收入", "", "支出", "", "", ""],
        ["项目", "2026年", "项目", "2026年合计", "当年预算安排", "上年结转安排"],
        ["一、一般公共预算", "1570.01", "一、一般公共服务支出", "2.31", "2.31", ""],
        ["", "", "二十一、粮油物资储备支出", "", "", ""],
        ["上年结转", "263.75", "年终结转", "0.00", "", ""],
        ["收入总计", "1833.76", "支出总计", "1,833.76", "1570.01", "263.75"],
    ]
    assert table.row_pages == [1] * 6 and table.ruled
    assert sheet1[5:] == [TextLine("注：本套报表因取数时四舍五入，部分金额可能存在尾差", 1)]


def test_hidden_sheet_skipped_but_sheet_numbers_kept(workbook_path):
    doc = read_xlsx(workbook_path)
    assert all("不应出现" not in line.text for line in doc.lines)
    assert {line.page for line in doc.lines} == {1, 3}
    assert [t.pages for t in doc.tables] == [[1], [3], [3]]


def test_stacked_tables_split_at_note_and_new_title(workbook_path):
    blocks = [b for b in read_xlsx(workbook_path).blocks
              if (b.page if isinstance(b, TextLine) else b.pages[0]) == 3]
    assert blocks == [
        TextLine("2026年政府性基金预算收入表", 3),
        RawTable(rows=[["科目编码", "科目名称", "收入预算"],
                       ["", "", "国有资本经营\n预算"]], row_pages=[3, 3], ruled=True),
        TextLine("注：本表无数据", 3),
        TextLine("2026年政府性基金预算支出表", 3),
        TextLine("单位：万元", 3),
        RawTable(rows=[["合计", "", "合计"], ["", "", "12.50"], ["229", "其他支出", "12.50"]],
                 row_pages=[3, 3, 3], ruled=True),
    ]


NUMBER_CASES = [
    (1833.7600000000002, "0.00", "1833.76"),
    (0, "#,##0.00", "0.00"),
    (1234567.891, "#,##0.00_ ", "1234567.89"),
    (2.675, "0.00", "2.68"),  # Excel rounds the decimal value half up, not the binary float
    (-1.5, "0.00", "-1.50"),
    (-1.5, "#,##0.00_);[Red](#,##0.00)", "(1.50)"),
    (-0.001, "0.00", "0.00"),
    (0, "0.00;-0.00;;@", ""),  # zeros printed blank
    (0, '#,##0.00;-#,##0.00;"-"', "-"),
    (5.0, '0.00"万元"', "5.00"),
    (0.2283, "0.00%", "22.83%"),
    (12.5, "0.0#", "12.5"),
    (12.345, "0.0#", "12.35"),
    (1234.5, "#,##0", "1235"),
    (1833.7600000001, "General", "1833.76"),
    (0.1 + 0.2, "General", "0.3"),
    (15, "General", "15"),
    (15.0, "General", "15"),
    (288000, "General", "288000"),
    # The accounting formats finance systems export with: zero prints as a dash; the Chinese
    # locale's negative section writes its minus escaped ("\\-"), padding "_-" prints nothing.
    (0, '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ ', "-"),
    (1833.76, '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ ', "1833.76"),
    (-5.5, '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ ', "-5.50"),
    (0, '_-* #,##0.00_-;\\-* #,##0.00_-;_-* "-"??_-;_-@_-', "-"),
    (-5.5, '_-* #,##0.00_-;\\-* #,##0.00_-;_-* "-"??_-;_-@_-', "-5.50"),
    (0, "#,###", ""),  # no required digit: a zero prints nothing
]


def test_numbers_printed_as_their_format_shows(tmp_path):
    wb = Workbook()
    ws = wb.active
    for row, (value, number_format, _) in enumerate(NUMBER_CASES, start=1):
        ws.cell(row=row, column=1, value=f"case{row}")
        ws.cell(row=row, column=2, value=value).number_format = number_format
    path = tmp_path / "numbers.xlsx"
    wb.save(path)
    [table] = read_xlsx(path).tables
    assert [row[1] for row in table.rows] == [expected for _, _, expected in NUMBER_CASES]


def test_booleans_dates_and_wrapped_text(tmp_path):
    wb = Workbook()
    ws = wb.active
    _put(ws, 1, ["项目", dt.datetime(2026, 1, 15), True, "国有资本经营\n 预算 "])
    path = tmp_path / "misc.xlsx"
    wb.save(path)
    assert read_xlsx(path).tables[0].rows == [["项目", "2026-01-15", "TRUE", "国有资本经营\n预算"]]


def test_hidden_rows_and_columns_are_not_printed(tmp_path):
    wb = Workbook()
    ws = wb.active
    _put(ws, 1, ["项目", "辅助列", "金额"])
    _put(ws, 2, ["合计", "x", 10], number_format="0.00")
    _put(ws, 3, ["隐藏行", "y", 99], number_format="0.00")
    ws.column_dimensions["B"].hidden = True
    ws.row_dimensions[3].hidden = True
    path = tmp_path / "hidden.xlsx"
    wb.save(path)
    assert read_xlsx(path).tables[0].rows == [["项目", "", "金额"], ["合计", "", "10.00"]]


def test_single_cell_after_blank_row_starts_new_block(tmp_path):
    wb = Workbook()
    ws = wb.active
    _put(ws, 1, ["项目", "金额"])
    _put(ws, 2, ["合计", 1], number_format="0.00")
    _put(ws, 4, ["说明文字在表格下方"])
    _put(ws, 5, ["项目", "金额"])
    path = tmp_path / "gap.xlsx"
    wb.save(path)
    blocks = read_xlsx(path).blocks
    assert [type(b).__name__ for b in blocks] == ["RawTable", "TextLine", "RawTable"]
    assert blocks[1] == TextLine("说明文字在表格下方", 1)


def test_blank_row_inside_grid_does_not_split_it(tmp_path):
    wb = Workbook()
    ws = wb.active
    _put(ws, 1, ["项目", "金额"])
    _put(ws, 3, ["合计", 1], number_format="0.00")
    path = tmp_path / "spacer.xlsx"
    wb.save(path)
    [table] = read_xlsx(path).blocks
    assert table.rows == [["项目", "金额"], ["合计", "1.00"]]


def test_file_named_without_xlsx_extension_is_read(tmp_path):
    wb = Workbook()
    _put(wb.active, 1, ["项目", "金额"])
    path = tmp_path / "download.bin"
    wb.save(path)
    assert read_xlsx(path).tables[0].rows == [["项目", "金额"]]


def test_missing_file(tmp_path):
    with pytest.raises(FileMissing):
        read_xlsx(tmp_path / "none.xlsx")


def test_directory_is_missing_file(tmp_path):
    with pytest.raises(FileMissing):
        read_xlsx(tmp_path)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    with pytest.raises(EmptyFile):
        read_xlsx(path)


def test_text_file_is_broken(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("这不是工作簿", encoding="utf-8")
    with pytest.raises(BrokenFile):
        read_xlsx(path)


def test_zip_without_workbook_is_broken(tmp_path):
    path = tmp_path / "other.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(BrokenFile):
        read_xlsx(path)


def test_legacy_xls_is_broken_with_advice(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    with pytest.raises(BrokenFile) as info:
        read_xlsx(path)
    assert ".xlsx" in info.value.message and info.value.exit_code == 5


def test_total_merged_over_label_columns_of_a_narrow_table_stays_in_grid(tmp_path):
    """表7 has three columns; an empty one prints "合计" merged over 编码 and 名称, then the note."""
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "2026年政府性基金预算收入表（不含上年结转）"
    ws.merge_cells("A1:C1")
    _put(ws, 2, ["科目编码", "科目名称", "收入预算"])
    ws["A3"] = "合计"
    ws.merge_cells("A3:B3")
    ws["A4"] = "注：本表无数据"
    ws.merge_cells("A4:C4")
    path = tmp_path / "narrow.xlsx"
    wb.save(path)
    assert read_xlsx(path).blocks == [
        TextLine("2026年政府性基金预算收入表（不含上年结转）", 1),
        RawTable(rows=[["科目编码", "科目名称", "收入预算"], ["合计", "", ""]], row_pages=[1, 1], ruled=True),
        TextLine("注：本表无数据", 1),
    ]


def test_lone_cell_right_of_first_column_after_spacer_row_stays_in_grid(tmp_path):
    """表1's expenditure side continues after a spacer row with only its label column filled."""
    wb = Workbook()
    ws = wb.active
    _put(ws, 1, ["项目", "2026年", "项目", "2026年合计"])
    _put(ws, 2, ["一、一般公共预算", 10, "一、一般公共服务支出", 10], number_format="0.00")
    _put(ws, 4, [None, None, "二十二、国有资本经营预算支出"])
    _put(ws, 5, ["收入总计", 10, "支出总计", 10], number_format="0.00")
    _put(ws, 7, ["说明文字在表格下方"])
    path = tmp_path / "spacer_lone.xlsx"
    wb.save(path)
    blocks = read_xlsx(path).blocks
    assert [type(b).__name__ for b in blocks] == ["RawTable", "TextLine"]
    assert blocks[0].rows[2] == ["", "", "二十二、国有资本经营预算支出", ""]
    assert blocks[1] == TextLine("说明文字在表格下方", 1)
