"""The desktop add-in (budget_disclosure.xlam): its ribbon XML, VBA callback and UDF wrappers
agree with the Python they call; the package is assembled correctly; each ribbon command runs
through desktop.run() on an xlwings remote Book. What needs a real Windows Excel (the VBA half of
the build, the COM dialogs, RunPython itself) is listed in the report, not pretended here."""
from __future__ import annotations

import ast
import inspect
import io
import re
import shutil
import sys
import types
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
import pytest

xw = pytest.importorskip("xlwings")  # its licence key is set in conftest.py, before any import

from budget_disclosure import cli, udfs  # noqa: E402
from budget_disclosure.check import check  # noqa: E402
from budget_disclosure.excel import commands, desktop, functions, macros, vba, xlam  # noqa: E402
from budget_disclosure.extract import extract  # noqa: E402
from budget_disclosure.render.sample import SAMPLE_PDF  # noqa: E402
from excel_payloads import imported_payload, payload  # noqa: E402

RIBBON = Path(xlam.__file__).parent / "ribbon"
CUSTOM_UI = "{http://schemas.microsoft.com/office/2009/07/customui}"
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


# ── the ribbon XML against the command registry and the VBA module ─────────────────────────────

def ribbon_buttons() -> list[ET.Element]:
    root = ET.parse(RIBBON / "customUI.xml").getroot()
    assert root.tag == CUSTOM_UI + "customUI"
    return list(root.iter(CUSTOM_UI + "button"))


def ribbon_callbacks() -> tuple[str, set[str]]:
    """The VB_Name of BudgetRibbon.bas and its public Subs taking (control As IRibbonControl)."""
    text = (RIBBON / "BudgetRibbon.bas").read_text("ascii")
    name = re.search(r'^Attribute VB_Name = "(\w+)"', text, re.M).group(1)
    subs = set(re.findall(r"^(?:Public\s+)?Sub\s+(\w+)\s*\(\s*control\s+As\s+IRibbonControl\s*\)", text, re.M | re.I))
    return name, subs


def test_the_ribbon_is_one_tab_in_the_2009_namespace_with_unique_ids():
    root = ET.parse(RIBBON / "customUI.xml").getroot()
    tabs = list(root.iter(CUSTOM_UI + "tab"))
    assert [(t.get("id"), t.get("label")) for t in tabs] == [(xlam.TAB_ID, "预算公开")]
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))


def test_every_command_has_exactly_one_button_and_every_button_a_command():
    tags = [b.get("tag") for b in ribbon_buttons()]
    assert sorted(tags) == sorted(commands.COMMANDS)


def test_buttons_show_the_registry_label_tip_and_icon():
    for b in ribbon_buttons():
        c = commands.COMMANDS[b.get("tag")]
        assert (b.get("label"), b.get("screentip"), b.get("imageMso"), b.get("size")) == (c.label, c.tip, c.image, "large")


def test_every_button_calls_a_public_ribbon_sub_of_the_vba_module():
    module, subs = ribbon_callbacks()
    actions = {b.get("onAction") for b in ribbon_buttons()}
    assert actions == {f"{module}.OnAction"}  # one callback for all, module-qualified
    for action in actions:
        assert action.split(".")[0] == module and action.split(".")[1] in subs


def test_the_vba_callback_runs_desktop_run_and_accepts_every_tag():
    text = (RIBBON / "BudgetRibbon.bas").read_text("ascii")  # ASCII: Import reads the ANSI code page
    command = re.search(r'RunPython "(import ([\w.]+) as (\w+); \3\.(\w+)\(\'" & control\.Tag & "\'\))"', text)
    assert command, "OnAction must splice only control.Tag into the Python command"
    module, function = command.group(2), command.group(4)
    assert callable(getattr(__import__(module, fromlist=[function]), function))
    # The VBA refuses any tag with a character outside a-z before splicing it; every real tag passes.
    assert 'Like "*[!a-z]*"' in text and "Option Compare Binary" in text
    assert all(re.fullmatch("[a-z]+", tag) for tag in commands.COMMANDS)


def test_the_ribbon_module_is_exported_as_crlf_ascii():
    data = xlam.addin_files()[xlam.RIBBON_MODULE_FILE]
    assert data.startswith(b'Attribute VB_Name = "BudgetRibbon"\r\n') and b"\n" not in data.replace(b"\r\n", b"")


# ── the UDF wrappers ───────────────────────────────────────────────────────────────────────────

def declared_udfs() -> dict[str, list[tuple[str, bool]]]:
    """From udfs.py's source: each @xw.func function's parameters and whether each has a default."""
    tree = ast.parse(Path(udfs.__file__).read_text("utf-8"))
    out = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and any(ast.unparse(d) == "xw.func" for d in node.decorator_list):
            args = node.args.args
            first_default = len(args) - len(node.args.defaults)
            out[node.name] = [(a.arg, i >= first_default) for i, a in enumerate(args)]
    return out


def generated_wrappers(text: str) -> dict[str, tuple[list[tuple[str, bool]], list[str]]]:
    """Function name -> (parameters, its CallUDF calls as (module, function)) in the generated VBA."""
    out = {}
    for m in re.finditer(r"^Function (\w+)\((.*?)\)\n(.*?)^End Function$", text, re.M | re.S):
        params = [(p.split()[-1], p.startswith("Optional ")) for p in m.group(2).split(", ") if p]
        calls = re.findall(r'XLPy\.CallUDF\("([\w.]+)", "(\w+)", Array\(([^)]*)\)', m.group(3))
        assert all(args == ", ".join(p for p, _ in params) for _, _, args in calls)
        out[m.group(1)] = (params, [(module, name) for module, name, _ in calls])
    return out


def test_wrappers_declare_exactly_the_udfs_with_their_parameters():
    wrappers = generated_wrappers(vba.udf_module_text())
    declared = declared_udfs()
    assert "BUDGET_TOTAL" in declared and set(wrappers) == set(declared)
    for name, (params, calls) in wrappers.items():
        assert params == declared[name], name
        assert calls == [(vba.UDF_MODULE, name)] * 2, name  # the Excel branch and the #Else branch


def test_the_udfs_are_the_plain_functions_one_for_one():
    plain = {name for name, f in inspect.getmembers(functions, inspect.isfunction)
             if name.startswith("budget_") and f.__module__ == functions.__name__}
    assert {name.lower() for name in declared_udfs()} == plain


def _xlwings_wrapper_generator():
    """xlwings' own generate_vba_wrapper (and the @xw.func machinery it reads), lifted from its
    source: the module imports pythoncom, so it cannot be imported off Windows."""
    source = Path(xw.__file__).with_name("udfs.py").read_text("utf-8")
    wanted = {"func_sig", "get_category", "check_bool", "get_async_mode", "extract_type_and_annotations", "xlfunc",
              "generate_vba_wrapper"}
    nodes = [n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef) and n.name in wanted]
    if {n.name for n in nodes} != wanted:
        pytest.skip("this xlwings version's udfs.py is laid out differently")
    import datetime
    import typing

    from xlwings.utils import VBAWriter

    namespace = {"inspect": inspect, "dt": datetime, "VBAWriter": VBAWriter, "_F": typing.TypeVar("_F"),
                 **{n: getattr(typing, n) for n in ("Annotated", "Any", "Callable", "get_args", "get_origin",
                                                     "get_type_hints")}}
    module = ast.Module(body=[ast.parse("from __future__ import annotations").body[0], *nodes], type_ignores=[])
    exec(compile(module, "xlwings/udfs.py", "exec"), namespace)
    return namespace["xlfunc"], namespace["generate_vba_wrapper"]


def test_wrappers_are_what_xlwings_itself_writes_for_an_add_in():
    xlfunc, generate = _xlwings_wrapper_generator()
    module = types.ModuleType(vba.UDF_MODULE)
    for name, f in inspect.getmembers(udfs, inspect.isfunction):
        if f.__module__ == udfs.__name__:  # fresh copies: the real functions stay unmarked
            setattr(module, name, xlfunc(types.FunctionType(f.__code__, f.__globals__, name, f.__defaults__)))
    out = io.StringIO()
    generate(vba.UDF_MODULE, module, out, types.SimpleNamespace(Name="budget_disclosure.xlam"))
    ours = vba.udf_module_text().split("\n", 3)[3]  # after the three header lines
    assert ours == out.getvalue() and ours.count("End Function") == len(declared_udfs())


def test_the_udf_module_header_and_file_form():
    data = xlam.addin_files()[vba.FILE_NAME]
    lines = data.decode("ascii").split("\r\n")
    assert lines[0] == f'Attribute VB_Name = "{vba.VB_NAME}"'
    assert lines[2].startswith('#Const App = "Microsoft Excel"')  # the wrappers' #If needs it
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_wrappers_refuse_what_vba_cannot_declare():
    def keyword_only(a, *, b=1): ...

    def reserved(next, end=1): ...

    with pytest.raises(ValueError, match="positional"):
        vba.wrapper("F", inspect.signature(keyword_only))
    with pytest.raises(ValueError, match="VBA parameter name"):
        vba.wrapper("F", inspect.signature(reserved))
    with pytest.raises(ValueError, match="ASCII"):
        vba.bas_bytes("' 预算\n")


# ── the package (zip) half of the build ────────────────────────────────────────────────────────

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return xlam.build_xlam(tmp_path_factory.mktemp("build") / "budget_disclosure.xlam", vba=False)


def part_names(archive: zipfile.ZipFile) -> set[str]:
    return set(archive.namelist())


def test_the_build_points_the_package_at_our_ribbon(built):
    with zipfile.ZipFile(built) as z:
        assert z.testzip() is None
        rels = ET.fromstring(z.read("_rels/.rels"))
        ui = [r for r in rels if "ui/extensibility" in r.get("Type")]
        assert [(r.get("Type"), r.get("Target")) for r in ui] == [
            ("http://schemas.microsoft.com/office/2007/relationships/ui/extensibility", "customUI/customUI14.xml")]
        assert len({r.get("Id") for r in rels}) == len(rels)
        assert z.read("customUI/customUI14.xml") == (RIBBON / "customUI.xml").read_bytes()
        assert "customUI/customUI.xml" not in part_names(z)  # the template's ribbon is gone
        for r in rels:  # every package relationship still has its part
            assert r.get("Target") in part_names(z)


def test_the_build_keeps_a_content_type_for_every_part(built):
    with zipfile.ZipFile(built) as z:
        types_ = ET.fromstring(z.read("[Content_Types].xml"))
        overrides = {e.get("PartName").lstrip("/"): e.get("ContentType") for e in types_ if e.tag == CT_NS + "Override"}
        defaults = {e.get("Extension"): e.get("ContentType") for e in types_ if e.tag == CT_NS + "Default"}
        assert set(overrides) <= part_names(z)
        for name in part_names(z) - {"[Content_Types].xml"}:
            assert name in overrides or name.rsplit(".", 1)[-1] in defaults, name
        assert overrides["xl/workbook.xml"] == "application/vnd.ms-excel.addin.macroEnabled.main+xml"
        assert defaults["xml"] == "application/xml"


def test_the_build_leaves_the_rest_of_the_template_untouched(built):
    with zipfile.ZipFile(xlam.template_path()) as t, zipfile.ZipFile(built) as b:
        for name in part_names(t) - {"_rels/.rels", "[Content_Types].xml", "customUI/customUI.xml"}:
            assert t.read(name) == b.read(name), name
        # openpyxl refuses .xlam files, so the sheets are read from workbook.xml: the VBA half
        # (Excel) has not run, so the config sheet still has the template's disabled name.
        sheets = [s.get("name") for s in ET.fromstring(b.read("xl/workbook.xml")).iter(MAIN_NS + "sheet")]
        assert sheets == [xlam.TEMPLATE_CONF_SHEET]


def test_rebuilding_the_ribbon_is_idempotent_and_deterministic(built, tmp_path):
    again = tmp_path / "again.xlam"
    shutil.copyfile(built, again)
    xlam.replace_custom_ui(again)
    assert again.read_bytes() == built.read_bytes()


def test_a_ribbon_outside_the_2009_namespace_is_refused(tmp_path):
    copy_ = tmp_path / "t.xlam"
    shutil.copyfile(xlam.template_path(), copy_)
    with pytest.raises(ValueError, match="2009/07"):
        xlam.replace_custom_ui(copy_, zipfile.ZipFile(xlam.template_path()).read("customUI/customUI.xml"))
    assert copy_.read_bytes() == xlam.template_path().read_bytes()


@pytest.mark.skipif(sys.platform == "win32", reason="on Windows the VBA half runs Excel")
def test_the_vba_half_says_it_needs_windows_excel(tmp_path):
    with pytest.raises(xlam.AddinError, match="Windows 上的 Excel"):
        xlam.build_xlam(tmp_path / "a.xlam")
    assert list(tmp_path.iterdir()) == []


def test_the_config_sheet_is_renamed_and_filled_by_label():
    conf = [["Interpreter_Win"], ["Interpreter_Mac"], ["PYTHONPATH"], ["Conda Path"], ["Conda Env"],
            ["UDF Modules"], ["Debug UDFs", False]]
    book = xw.Book(json=payload([(xlam.TEMPLATE_CONF_SHEET, conf)]))
    xlam.configure_sheet(book, r"C:\venv\Scripts\python.exe")
    done = book.json()["actions"]
    assert [a["args"] for a in done if a["func"] == "setSheetName"] == [[xlam.CONF_SHEET]]
    written = {(a["start_row"], a["start_column"]): a["values"] for a in done if a["func"] == "setValues"}
    assert written == {(5, 1): [["budget_disclosure.udfs"]], (0, 1): [[r"C:\venv\Scripts\python.exe"]]}


def test_the_project_name_line_is_found_once():
    lines = ['Public Const XLWINGS_VERSION As String = "0.37.8"', 'Public Const PROJECT_NAME As String = "myaddin"']
    assert xlam.project_name_line(lines) == 2
    with pytest.raises(xlam.AddinError, match="PROJECT_NAME"):
        xlam.project_name_line(lines[:1])


# ── install ────────────────────────────────────────────────────────────────────────────────────

def finished_by_excel(built: Path, folder: Path) -> Path:
    """The build as the VBA half leaves it, as far as install can tell: the config sheet renamed."""
    out = folder / "built.xlam"
    with zipfile.ZipFile(built) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/workbook.xml":
                data = data.replace(xlam.TEMPLATE_CONF_SHEET.encode(), xlam.CONF_SHEET.encode())
            dst.writestr(info, data)
    return out


def test_install_copies_the_add_in_and_replaces_only_its_own_older_copy(built, tmp_path):
    source = finished_by_excel(built, tmp_path)
    xlstart = tmp_path / "XLSTART"
    first = xlam.install_xlam(source, xlstart)
    assert first == (xlstart / "budget_disclosure.xlam", False) and first.path.read_bytes() == source.read_bytes()
    second = xlam.install_xlam(source, xlstart)
    assert second.replaced and sorted(p.name for p in xlstart.iterdir()) == ["budget_disclosure.xlam"]


def test_install_never_overwrites_someone_elses_file(built, tmp_path):
    xlstart = tmp_path / "XLSTART"
    xlstart.mkdir()
    (xlstart / "budget_disclosure.xlam").write_bytes(b"someone else's add-in")
    with pytest.raises(xlam.AddinError, match="不是预算公开插件"):
        xlam.install_xlam(finished_by_excel(built, tmp_path), xlstart)
    assert (xlstart / "budget_disclosure.xlam").read_bytes() == b"someone else's add-in"


def test_install_refuses_a_half_build_and_a_foreign_file(built, tmp_path):
    with pytest.raises(xlam.AddinError, match="--no-vba"):
        xlam.install_xlam(built, tmp_path)
    with pytest.raises(xlam.AddinError, match="不是预算公开插件"):
        xlam.install_xlam(xlam.template_path(), tmp_path)
    assert list(tmp_path.iterdir()) == []


# ── the command line ───────────────────────────────────────────────────────────────────────────

def test_cli_addin_files_writes_the_three_files(tmp_path, capsys):
    assert cli.main(["addin", "files", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["customUI.xml", "BudgetRibbon.bas", "budget_udfs.bas"])
    assert (tmp_path / "customUI.xml").read_bytes() == (RIBBON / "customUI.xml").read_bytes()
    assert cli.main(["addin", "files", str(tmp_path)]) == cli.EXIT_OUTPUT_EXISTS


def test_cli_addin_build_and_install(tmp_path, capsys):
    out = tmp_path / "b.xlam"
    assert cli.main(["addin", "build", "--no-vba", "-o", str(out)]) == 0 and xlam.is_our_addin(out)
    assert cli.main(["addin", "build", "--no-vba", "-o", str(out)]) == cli.EXIT_OUTPUT_EXISTS
    capsys.readouterr()
    assert cli.main(["addin", "install", str(out), "--dir", str(tmp_path / "x")]) == cli.EXIT_ADDIN
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "Traceback" not in err
    if sys.platform != "win32":
        assert cli.main(["addin", "build", "-o", str(tmp_path / "c.xlam")]) == cli.EXIT_ADDIN
        assert "Windows" in capsys.readouterr().err


# ── the ribbon commands through desktop.run() ──────────────────────────────────────────────────

class Recording:
    """commands.Dialogs that answers from a script and records what it was asked."""

    def __init__(self, file=None, folder=None, confirm=True):
        self.file, self.folder, self.answer = file, folder, confirm
        self.alerts: list[str] = []
        self.workbooks: list[tuple[bytes, str]] = []
        self.opened: list[str] = []
        self.progress: list[str | None] = []

    def alert(self, message):
        self.alerts.append(message)

    def confirm(self, question):
        return self.answer

    def choose_file(self):
        return self.file

    def choose_folder(self):
        return self.folder

    def show_workbook(self, data, name):
        self.workbooks.append((data, name))

    def open_workbook(self, path):
        self.opened.append(path)

    def show_progress(self, line):
        self.progress.append(line)


@pytest.fixture(scope="module")
def report():
    return check(extract(SAMPLE_PDF))


@pytest.fixture
def caller():
    """Makes a remote Book the workbook xw.Book.caller() returns, as RunPython's would be."""
    def use(book):
        book.set_mock_caller()
        return book

    yield use
    if hasattr(xw.Book, "_mock_caller"):
        del xw.Book._mock_caller


def imported_book(report):
    """A book as Excel sends it after an import: the user's sheet and the add-in's sheets."""
    return xw.Book(json=imported_payload(report)[0])


def test_import_reads_the_chosen_file_into_the_calling_book(caller, report, monkeypatch):
    read = []
    monkeypatch.setattr(commands, "extract", lambda path: read.append(path) or report.disclosure)
    monkeypatch.setattr(commands, "check", lambda disclosure: report)  # the module's one extraction
    book = caller(xw.Book(json=payload([("Sheet1", [["我的底稿"]])])))
    dialogs = Recording(file=str(SAMPLE_PDF))
    desktop.run("import", dialogs)
    added = [a for a in book.json()["actions"] if a["func"] == "addSheet"]
    assert read == [str(SAMPLE_PDF)] and len(added) > 10
    assert dialogs.alerts == [f"已导入 阳泉市生态环境监测和应急保障中心 2026年预算公开：{len(added)} 张工作表。\n"
                              "核对结论：错误 0 处，警告 0 处，尾差 21 处。"]


def test_a_cancelled_file_dialog_does_nothing(caller):
    book = caller(xw.Book(json=payload([("Sheet1", [[1.0]])])))
    dialogs = Recording(file=None)
    desktop.run("import", dialogs)
    assert book.json()["actions"] == [] and dialogs.alerts == []


def test_recheck_clear_and_export_on_an_imported_book(caller, report):
    book = caller(imported_book(report))
    dialogs = Recording()
    desktop.run("recheck", dialogs)
    colors = [a["args"][0] for a in book.json()["actions"] if a["func"] == "setRangeColor"]
    assert macros.YELLOW in colors and macros.RED not in colors  # the sample's 21 尾差, no 不符
    desktop.run("clear", dialogs)
    cleared = [a["args"][0] for a in book.json()["actions"] if a["func"] == "setRangeColor"][len(colors):]
    assert cleared and set(cleared) == {None}  # 清除标记 only takes fills off
    assert dialogs.alerts[0].startswith("重新校验完成：错误 0 处，警告 0 处，尾差 21 处")
    assert re.fullmatch(r"已清除 \d+ 个数字上的标记（只改本插件导入的工作表）。", dialogs.alerts[1])
    desktop.run("export", dialogs)
    [(data, name)] = dialogs.workbooks
    assert name == "核对结论_阳泉市生态环境监测和应急保障中心_2026.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(data))
    rows = list(wb["核对结论"].iter_rows(values_only=True))
    assert rows[0][:4] == ("序号", "级别", "结论", "问题") and len(rows) - 1 == len(report.findings)


def test_recheck_before_any_import_is_a_message(caller):
    caller(xw.Book(json=payload([("Sheet1", [[1.0]])])))
    dialogs = Recording()
    desktop.run("recheck", dialogs)
    assert len(dialogs.alerts) == 1 and "导入公开文件" in dialogs.alerts[0]


def test_batch_reviews_a_folder_into_one_summary_row_per_file(caller, tmp_path, monkeypatch):
    # A store of its own: one another test of this process filled with the same sample would make
    # the batch skip it as already reviewed (what it should do), and write no workbook for it.
    monkeypatch.setenv("BUDGET_DISCLOSURE_STORE", str(tmp_path / "store.sqlite"))
    caller(xw.Book(json=payload([("Sheet1", [[1.0]])])))
    shutil.copyfile(SAMPLE_PDF, tmp_path / "a_sample.pdf")
    (tmp_path / "b_broken.pdf").write_bytes(b"%PDF-1.4 this is not really a PDF")
    dialogs = Recording(folder=str(tmp_path))
    desktop.run("batch", dialogs)
    # The same runner as the command line: the summary beside the files, opened from there so its
    # links to each document's workbook (in 批量审核汇总/) work; progress in the status bar.
    assert dialogs.opened == [str(tmp_path / "批量审核汇总.xlsx")] and not dialogs.workbooks
    assert (tmp_path / "批量审核汇总" / "a_sample.xlsx").exists()
    assert any(line and line.startswith("读取核对 2/2") for line in dialogs.progress) and dialogs.progress[-1] is None
    head, *rows = openpyxl.load_workbook(dialogs.opened[0]).active.iter_rows(values_only=True)
    file, state = head.index("文件"), head.index("状态")
    listed = [(r[file], r[state]) for r in rows if r[state] is not None]  # below them: a totals line
    assert listed == [("a_sample.pdf", "通过"), ("b_broken.pdf", "无法读取")]
    # Run again: nothing is read twice, and the summary and workbooks written are not inputs.
    before = len(dialogs.progress)
    desktop.run("batch", dialogs)
    assert dialogs.opened[-1] == dialogs.opened[0] and dialogs.progress[before:] == [None]
    # A summary someone edited is kept; the next batch writes beside it.
    wb = openpyxl.load_workbook(dialogs.opened[0])
    wb.active["P1"] = "复核人：张三"
    wb.save(dialogs.opened[0])
    desktop.run("batch", dialogs)
    assert dialogs.opened[-1] == str(tmp_path / "批量审核汇总 (2).xlsx")
    assert openpyxl.load_workbook(dialogs.opened[0]).active["P1"].value == "复核人：张三"


def test_help_lists_every_button_and_the_functions(caller):
    caller(xw.Book(json=payload([("Sheet1", [[1.0]])])))
    dialogs = Recording()
    desktop.run("help", dialogs)
    [text] = dialogs.alerts
    for b in ribbon_buttons():
        if b.get("tag") != "help":
            assert f"· {b.get('label')}：{b.get('screentip')}" in text
    assert all(name in text for name in declared_udfs())


def test_an_unknown_tag_is_a_programming_error(caller):
    caller(xw.Book(json=payload([("Sheet1", [[1.0]])])))
    with pytest.raises(commands.UnknownCommand):
        desktop.run("nosuchcommand", Recording())


# ── DesktopDialogs ─────────────────────────────────────────────────────────────────────────────

def test_alerts_go_through_the_xlwings_app_with_the_tab_title():
    book = xw.Book(json=payload([("Sheet1", [[1.0]])]))
    desktop.DesktopDialogs(book.app).alert("已导入")
    [done] = book.json()["actions"]
    assert (done["func"], done["args"][:3]) == ("alert", ["已导入", commands.TITLE, "ok"])


class FakeExcel:
    """Stands in for a desktop App where only a real Excel can answer: the yes/no box (a Windows
    MessageBox), Excel's COM dialogs (app.api) and opening a file (app.books.open)."""

    def __init__(self, answer="yes", file=False, folder=None):
        self.asked, self.opened, self.answer = [], [], answer
        self.api = types.SimpleNamespace(GetOpenFilename=lambda *a: self.asked.append(a) or file,
                                          FileDialog=lambda kind: self.asked.append(kind) or FakeFolderDialog(folder))
        self.books = types.SimpleNamespace(open=self.opened.append)

    def alert(self, prompt, title=None, buttons="ok"):
        self.asked.append((prompt, title, buttons))
        return self.answer


class FakeFolderDialog:
    def __init__(self, folder):
        self.folder, self.Title = folder, None
        self.SelectedItems = types.SimpleNamespace(Item=lambda i: [None, folder][i])

    def Show(self):
        return -1 if self.folder else 0


def test_confirm_is_a_yes_no_box():
    app = FakeExcel(answer="yes")
    assert desktop.DesktopDialogs(app).confirm("替换吗？") is True
    assert app.asked == [("替换吗？", commands.TITLE, "yes_no")]
    assert desktop.DesktopDialogs(FakeExcel(answer="no")).confirm("替换吗？") is False


def test_the_file_and_folder_pickers_are_excels_own():
    app = FakeExcel(file=r"D:\公开\2026预算.pdf", folder=r"D:\公开")
    dialogs = desktop.DesktopDialogs(app)
    assert dialogs.choose_file() == r"D:\公开\2026预算.pdf" and dialogs.choose_folder() == r"D:\公开"
    assert app.asked == [("公开文件 (*.pdf;*.xlsx;*.html;*.htm;*.txt),*.pdf;*.xlsx;*.html;*.htm;*.txt", 1,
                          "选择预算公开文件"), 4]
    cancelled = desktop.DesktopDialogs(FakeExcel(file=False, folder=None))
    assert cancelled.choose_file() is None and cancelled.choose_folder() is None


def test_a_shown_workbook_is_a_new_file_never_an_existing_one(tmp_path):
    app = FakeExcel()
    dialogs = desktop.DesktopDialogs(app, tmp_path)
    (tmp_path / "核对结论_甲单位_2026.xlsx").write_bytes(b"still open in Excel")
    dialogs.show_workbook(b"one", "核对结论_甲单位_2026.xlsx")
    dialogs.show_workbook(b"two", "核对结论_甲单位_2026.xlsx")
    dialogs.show_workbook(b"three", '汇总:a/b*"c"?.xlsx')
    assert [Path(p).name for p in app.opened] == ["核对结论_甲单位_2026 (2).xlsx", "核对结论_甲单位_2026 (3).xlsx",
                                                    "汇总_a_b__c__.xlsx"]
    assert [Path(p).read_bytes() for p in app.opened] == [b"one", b"two", b"three"]
    assert (tmp_path / "核对结论_甲单位_2026.xlsx").read_bytes() == b"still open in Excel"
