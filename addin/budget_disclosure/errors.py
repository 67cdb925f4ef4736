"""Errors a user can meet, each with a stable code, a Chinese message and its own exit code.

The CLI prints ``message`` (never a traceback) and exits with ``exit_code``; the Excel layer shows
the same message in the cell or dialog.
"""
from __future__ import annotations


class DisclosureError(Exception):
    code = "error"
    exit_code = 1
    what = "无法处理该文件"

    def __init__(self, source: str, detail: str = "", page: int | None = None):
        self.source = source
        self.detail = detail
        self.page = page
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = f"{self.source}" + (f" 第{self.page}页" if self.page else "")
        text = f"{where}：{self.what}"
        return f"{text}（{self.detail}）" if self.detail else text


class FileMissing(DisclosureError):
    code = "file-missing"
    exit_code = 3
    what = "文件不存在或无法打开"


class EmptyFile(DisclosureError):
    code = "empty-file"
    exit_code = 4
    what = "文件是空的（0 字节）"


class BrokenFile(DisclosureError):
    code = "broken-file"
    exit_code = 5
    what = "文件已损坏或格式无法识别"


class EncryptedPdf(DisclosureError):
    code = "encrypted-pdf"
    exit_code = 6
    what = "PDF 已加密，需要密码才能读取；请先取得未加密的版本"


class ScannedPdf(DisclosureError):
    code = "scanned-pdf"
    exit_code = 7
    what = "PDF 没有文字层（可能是扫描件或图片），无法读取表格；请先做文字识别（OCR）"


class NotADisclosure(DisclosureError):
    code = "not-a-disclosure"
    exit_code = 8
    what = "未找到预算公开的标准表格，该文件似乎不是预算/决算公开文件"


class UnsupportedKind(DisclosureError):
    code = "unsupported-kind"
    exit_code = 9
    what = "这是决算公开文件，但它的报表不属于已支持的决算模板（财政部决算公开模板的 9 张表）"


class UnsupportedTemplate(DisclosureError):
    code = "unsupported-template"
    exit_code = 10
    what = "这份预算公开文件的模板样式尚未支持"


class BadFigure(DisclosureError):
    code = "bad-figure"
    exit_code = 12
    what = "工作簿中有一个数字单元格填的不是数字"


class NotOneDocument(DisclosureError):
    code = "not-one-document"
    exit_code = 16
    what = "这几个文件不是同一份公开的几部分（单位名称、年度或级次不一致），不能合并审核"


ALL_ERRORS = [FileMissing, EmptyFile, BrokenFile, EncryptedPdf, ScannedPdf, NotADisclosure,
              UnsupportedKind, UnsupportedTemplate, BadFigure, NotOneDocument]
