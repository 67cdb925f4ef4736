"""read_html: tables on the HTML grid, running text as lines, charsets, layout tables, errors."""
from __future__ import annotations

import pytest

from budget_disclosure.errors import BrokenFile, EmptyFile, FileMissing
from budget_disclosure.raw import RawTable, TextLine
from budget_disclosure.read.html import read_html


def _write(tmp_path, html: str, encoding: str = "utf-8", name: str = "page.html"):
    path = tmp_path / name
    path.write_bytes(html.encode(encoding))
    return path


def _table(*rows: list[str]) -> RawTable:
    return RawTable(rows=[list(r) for r in rows], ruled=True)


# A 预算收入总表 page as a government CMS prints it: GB2312 label, GBK-only characters (喆),
# title rows inside the table, a two-level header with rowspan/colspan, <br> in a header cell.
INCOME_PAGE = """<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>网站标题不算正文</title><style>p {margin: 0}</style>
<script>document.write("<p>脚本不算</p>");</script><script src="a.js"/></head>
<body>
<h2>第二部分　2026年单位预算报表</h2>
<p>负责人：王喆</p>
<table border="1">
  <tr><td colspan="4">2026年预算收入总表</td></tr>
  <tr><td colspan="2">单位名称：阳泉市生态环境监测和应急保障中心</td><td colspan="2">单位：万元</td></tr>
  <tr><td colspan="2">项目</td><td rowspan="2">合计</td><td>本年收入</td></tr>
  <tr><td>科目编码</td><td>科目名称</td><td>一般公共<br>预算</td></tr>
  <tr><td>201</td><td>一般公共服务支出</td><td>2.31</td><td>2.31</td></tr>
  <tr><td>&nbsp;</td><td>&nbsp;</td><td></td><td> </td></tr>
  <tr><td>211</td><td>节能环保支出</td><td>1,400.29</td><td>1136.54</td></tr>
  <tr><td colspan="4">注：本套报表因取数时四舍五入，部分金额可能存在尾差</td></tr>
</table>
<div>第三部分 情况说明</div>
</body></html>"""


def test_gbk_page_with_title_rows_spans_and_br(tmp_path):
    doc = read_html(_write(tmp_path, INCOME_PAGE, "gbk"))
    assert doc.format == "html" and doc.page_count is None
    assert doc.blocks == [
        TextLine("第二部分 2026年单位预算报表"),
        TextLine("负责人：王喆"),
        TextLine("2026年预算收入总表"),
        TextLine("单位名称：阳泉市生态环境监测和应急保障中心"),
        TextLine("单位：万元"),
        _table(["项目", "", "合计", "本年收入"],
               ["科目编码", "科目名称", "", "一般公共\n预算"],
               ["201", "一般公共服务支出", "2.31", "2.31"],
               ["211", "节能环保支出", "1,400.29", "1136.54"]),
        TextLine("注：本套报表因取数时四舍五入，部分金额可能存在尾差"),
        TextLine("第三部分 情况说明"),
    ]


def test_gbk_without_declaration_falls_back(tmp_path):
    page = "<p>2026年预算收支总表</p><table><tr><td>收入</td><td>支出</td></tr></table>"
    doc = read_html(_write(tmp_path, page, "gbk"))
    assert doc.blocks == [TextLine("2026年预算收支总表"), _table(["收入", "支出"])]


def test_wrong_declared_charset_falls_back(tmp_path):
    page = '<meta charset="utf-8"><p>单位：万元</p>'
    assert read_html(_write(tmp_path, page, "gb18030")).lines == [TextLine("单位：万元")]


def test_gbk_label_python_does_not_know(tmp_path):
    # "预位" in GBK happens to be valid UTF-8 too: the declared label must win over guessing.
    page = '<meta charset="x-gbk"><p>预位</p>'
    assert read_html(_write(tmp_path, page, "gbk")).lines == [TextLine("预位")]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_unicode_pages(tmp_path, encoding):
    page = "<p>预算公开表1</p>"
    assert read_html(_write(tmp_path, page, encoding)).lines == [TextLine("预算公开表1")]


def test_rowspan_and_colspan_place_cells_like_a_browser(tmp_path):
    page = """<table>
      <tr><th rowspan="3">项目</th><th colspan="3">本年收入</th><th rowspan="0">上年结转</th></tr>
      <tr><th rowspan="2">合计</th><th colspan="2">其中</th></tr>
      <tr><th>一般公共预算</th><th>单位资金</th></tr>
      <tr><td>合计</td><td>1.00</td><td>0.50</td><td>0.50</td><td>x</td></tr>
    </table>"""
    # rowspan="0" reaches the last row, so the fifth data cell is pushed past it.
    assert read_html(_write(tmp_path, page)).tables == [_table(
        ["项目", "本年收入", "", "", "上年结转", ""],
        ["", "合计", "其中", "", "", ""],
        ["", "", "一般公共预算", "单位资金", "", ""],
        ["合计", "1.00", "0.50", "0.50", "", "x"],
    )]


def test_innermost_data_table_inside_layout_table(tmp_path):
    page = """<table width="100%"><tr><td>
        <div>预算公开表3</div>
        <table><tr><td>项目</td><td>金额</td></tr><tr><td>合计</td><td>5.00</td></tr></table>
        <p>注：无</p>
      </td><td>右侧栏目</td></tr></table>
      <p>页脚</p>"""
    assert read_html(_write(tmp_path, page)).blocks == [
        TextLine("预算公开表3"),
        _table(["项目", "金额"], ["合计", "5.00"]),
        TextLine("注：无"),
        TextLine("右侧栏目"),
        TextLine("页脚"),
    ]


def test_tables_framing_text_only_become_lines(tmp_path):
    page = """<table><tr><td>一、本单位职责</td></tr><tr><td>实施环境管理</td></tr></table>
      <table><tr><td>单独一格</td><td></td></tr></table>"""
    assert read_html(_write(tmp_path, page)).blocks == [
        TextLine("一、本单位职责"), TextLine("实施环境管理"), TextLine("单独一格")]


def test_omitted_end_tags_and_word_markup(tmp_path):
    page = """<p class=MsoNormal>表十<o:p></o:p></p><![if !supportMisc]><![endif]>
      <!--[if gte mso 9]><xml><o:shapedefaults/></xml><![endif]-->
      <table><tbody><tr><td>项目<td>金额
        <tr><td><p class=MsoNormal><span>公务接待费</span></p><td>0.50
      </table>"""
    assert read_html(_write(tmp_path, page)).blocks == [
        TextLine("表十"), _table(["项目", "金额"], ["公务接待费", "0.50"])]


def test_whitespace_source_breaks_and_entities(tmp_path):
    page = """<p>本单位
      职责   is   <b>环境</b>&amp;监测
      Budget
      report</p><table><tr><td>a&lt;b</td><td>  国有资本经营
      预算 </td></tr></table>"""
    assert read_html(_write(tmp_path, page)).blocks == [
        TextLine("本单位职责 is 环境&监测 Budget report"),
        _table(["a<b", "国有资本经营预算"]),
    ]


def test_table_left_open_at_end_of_file(tmp_path):
    page = "<table><tr><td>项目</td><td>金额</td><tr><td>合计</td><td>1"
    assert read_html(_write(tmp_path, page)).tables == [_table(["项目", "金额"], ["合计", "1"])]


def test_missing_file(tmp_path):
    with pytest.raises(FileMissing):
        read_html(tmp_path / "none.html")


def test_directory_is_missing_file(tmp_path):
    with pytest.raises(FileMissing):
        read_html(tmp_path)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.html"
    path.write_bytes(b"")
    with pytest.raises(EmptyFile):
        read_html(path)


def test_pdf_saved_as_html_is_broken(tmp_path):
    path = tmp_path / "fake.html"
    path.write_bytes(b"%PDF-1.7\n<</Type/Catalog>>")
    with pytest.raises(BrokenFile) as info:
        read_html(path)
    assert "PDF" in info.value.message


def test_text_without_markup_is_broken(tmp_path):
    with pytest.raises(BrokenFile):
        read_html(_write(tmp_path, "只是一段文字，没有标签 a < b"))


def test_binary_is_broken(tmp_path):
    path = tmp_path / "blob.html"
    path.write_bytes(b"<p>\x00\x01\x02\xff\xfe</p>")
    with pytest.raises(BrokenFile):
        read_html(path)
