"""The Office.js add-in's server, end to end: `budget-disclosure serve` runs as a subprocess on a
free port and is spoken to over real HTTP with the payloads Excel sends. What Excel then does with
the answers is checked against the same macros run here (tests/test_excel_macros.py covers the
macros themselves in depth), and the JavaScript that applies them against a small fake Excel."""
from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")
xw = pytest.importorskip("xlwings")  # its licence key is set in conftest.py, before any import

from budget_disclosure.check import check  # noqa: E402
from budget_disclosure.cli import EXIT_SERVE  # noqa: E402
from budget_disclosure.excel import commands, macros  # noqa: E402
from budget_disclosure.excel import functions as fn  # noqa: E402
from budget_disclosure.excel.commands import COMMANDS  # noqa: E402
from budget_disclosure.extract import extract  # noqa: E402
from budget_disclosure.render.sample import SAMPLE_PDF  # noqa: E402
from budget_disclosure.write.workbook import MODEL_SHEET  # noqa: E402
from excel_payloads import imported_payload, mark, payload  # noqa: E402

STATIC = Path(macros.__file__).parents[1] / "server" / "static"
NODE = shutil.which("node")
MAX_UPLOAD_MB = 1


# ── the server and how to talk to it ─────────────────────────────────────────────────────────

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = _free_port()
    script = Path(sys.executable).with_name("budget-disclosure")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "budget_disclosure.cli"]
    log = (tmp_path_factory.mktemp("server") / "server.log").open("w+")
    env = dict(os.environ, XLWINGS_LICENSE_KEY="noncommercial")
    process = subprocess.Popen([*command, "serve", "--port", str(port), "--max-upload-mb", str(MAX_UPLOAD_MB)],
                               stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if request("GET", base + "/health")[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"the server did not start:\n{log.read()}")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def request(method: str, url: str, body: bytes | None = None, headers: dict | None = None):
    """(status, content type, body) of a real HTTP request; 4xx/5xx are answers, not exceptions."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def post_json(url: str, value) -> tuple[int, dict]:
    status, _, body = request("POST", url, json.dumps(value).encode(), {"Content-Type": "application/json"})
    return status, json.loads(body)


def upload(server: str, name: str, data: bytes) -> tuple[int, dict]:
    status, _, body = request("POST", f"{server}/budget/upload?name={urllib.parse.quote(name)}", data,
                              {"Content-Type": "application/octet-stream"})
    return status, json.loads(body)


def run_script(server: str, tag: str, book: dict, *args) -> tuple[int, dict]:
    return post_json(f"{server}/xlwings/custom-scripts-call/{tag}", dict(book, script_args=list(args)))


# ── manifest, pages, metadata ────────────────────────────────────────────────────────────────

NS = {"o": "http://schemas.microsoft.com/office/appforoffice/1.1",
      "v": "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
      "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0"}


def test_the_manifest_has_a_button_per_command_the_budget_namespace_and_only_served_urls(server):
    status, kind, body = request("GET", server + "/manifest.xml")
    assert status == 200 and "xml" in kind
    root = ET.fromstring(body)
    resources = {e.get("id"): e.get("DefaultValue") for e in root.iter() if e.get("DefaultValue") and e.get("id")}
    controls = root.findall(".//v:CustomTab/v:Group/v:Control", NS)
    assert [c.get("id") for c in controls] == [f"BudgetDisclosure.{tag}" for tag in COMMANDS]
    for control, command in zip(controls, COMMANDS.values()):
        assert resources[control.find("v:Label", NS).get("resid")] == command.label
        assert resources[control.find("v:Supertip/v:Description", NS).get("resid")] == command.tip
        assert control.find("v:Action/v:FunctionName", NS).text == command.tag
    assert resources[root.find(".//v:CustomTab/v:Label", NS).get("resid")] == "预算公开"
    assert resources[root.find(".//v:Namespace", NS).get("resid")] == "BUDGET"
    assert re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", root.find("o:Id", NS).text)
    urls = {e.get("DefaultValue") for e in root.iter() if (e.get("DefaultValue") or "").startswith("http")}
    assert all(u.startswith(server + "/") for u in urls) and len(urls) > 20
    for url in urls:
        status, kind, body = request("GET", url)
        assert status == 200, url
        assert not url.endswith(".png") or body.startswith(b"\x89PNG"), url


def test_the_manifest_uses_the_public_url():
    from budget_disclosure.server.manifest import manifest_xml

    xml = manifest_xml("https://budget.example.gov.cn/addin/")
    assert "https://budget.example.gov.cn/addin/taskpane.html" in xml and "127.0.0.1" not in xml


def test_functions_metadata_lists_the_nine_functions_once_namespaced(server):
    meta = json.loads(request("GET", server + "/xlwings/custom-functions-meta")[2])
    functions = {f["id"]: f for f in meta["functions"]}
    assert set(functions) == {name.upper() for name in fn.__all__}  # BUDGET_TOTAL … from excel/functions.py
    # The manifest adds BUDGET., so the names themselves carry no namespace: =BUDGET.TOTAL(...).
    assert {f["name"] for f in functions.values()} == {name.split("_", 1)[1].upper() for name in fn.__all__}
    for f in functions.values():
        assert re.search(r"[\u4e00-\u9fff]", f["description"])
        assert all(re.search(r"[\u4e00-\u9fff]", p["description"]) for p in f["parameters"])
    assert [p.get("optional", False) for p in functions["BUDGET_TOTAL"]["parameters"]] == [False, False, True]


def test_the_functions_code_associates_every_id_and_every_script_parses(server, tmp_path):
    code = request("GET", server + "/xlwings/custom-functions-code")[2].decode()
    meta = json.loads(request("GET", server + "/xlwings/custom-functions-meta")[2])
    for f in meta["functions"]:
        assert f'BudgetFunctions.register("{f["id"]}", "{f["id"].lower()}");' in code
    commands_js = (STATIC / "commands.js").read_text("utf-8")
    assert re.search(r"const TAGS = \[(.*?)\];", commands_js).group(1) == ", ".join(f'"{t}"' for t in COMMANDS)
    if NODE is None:
        pytest.skip("node is not installed")
    (tmp_path / "custom-functions-code.js").write_text(code, "utf-8")
    for js in [*STATIC.glob("*.js"), tmp_path / "custom-functions-code.js"]:
        result = subprocess.run([NODE, "--check", str(js)], capture_output=True, text=True)
        assert result.returncode == 0, f"{js.name}: {result.stderr}"


def test_the_task_pane_page_loads_its_scripts_from_the_server(server):
    page = request("GET", server + "/taskpane.html")[2].decode()
    for src in re.findall(r'<script src="([^"]+)"', page) + re.findall(r'href="([^"]+\.css)"', page):
        if not src.startswith("https://appsforoffice.microsoft.com/"):
            assert request("GET", f"{server}/{src}")[0] == 200, src
    assert 'accept=".pdf,.xlsx,.html,.htm,.txt"' in page and "替换上次导入的表" in page and "multiple" in page
    listed = json.loads(request("GET", server + "/budget/commands")[2])
    assert [(c["tag"], c["label"]) for c in listed] == [(c.tag, c.label) for c in COMMANDS.values()]


# ── custom functions: Excel's arguments in, the desktop functions' results out ─────────────────

def cell(value):
    return [[value]]


def column(values):
    return [[v] for v in values]


def as_desktop(arg):
    """What desktop xlwings hands the same function: a cell as a scalar, a range as a list, blanks
    as None."""
    blank = lambda v: None if v == "" else v  # noqa: E731
    if len(arg) == 1 and len(arg[0]) == 1:
        return blank(arg[0][0])
    return [blank(v) for row in arg for v in row]


def as_cells(result):
    """A desktop result as the 2-D block Excel shows (blank cells as "")."""
    rows = result if isinstance(result, list) else [[result]]
    return [["" if v is None else v for v in row] for row in rows]


@pytest.fixture(scope="module")
def broken_file(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("files") / "损坏.pdf"
    path.write_bytes(b"%PDF-1.4 this is not really a PDF" * 10)
    return str(path)


CODES = [201.0, 20101.0, 2010101.0, 2010102.0, "", None]
AMOUNTS = [30.0, 30.0, 10.0, 20.0, "", None]
SAMPLE = str(SAMPLE_PDF)
FUNCTION_CASES = [
    ("budget_total", [column(CODES), column(AMOUNTS)], [[30.0]]),
    ("budget_total", [column(CODES), column(AMOUNTS), cell(20101.0)], [[30.0]]),
    ("budget_total", [column(CODES[:3]), column(AMOUNTS[:2])], [["#编码区域有 3 格，金额区域有 2 格，行数应相同"]]),
    ("budget_total", [column(CODES[:3]), column([30.0, "三十", 10.0])], [["#第2行是文字“三十”，不是金额"]]),
    ("budget_check", [cell(1833.76), cell(1833.75), cell(5.0)], [["尾差 0.01"]]),
    ("budget_check", [cell(10.0), cell(12.0), None], [["不符 -2.00（允许 ±0.00）"]]),  # terms omitted: null
    ("budget_check", [cell("abc"), cell(1.0)], [["#公布数是文字“abc”，不是金额"]]),
    ("budget_ratio", [cell(1570.01), cell(1833.76)], [[85.62]]),
    ("budget_ratio", [cell(1.0), cell("")], [["#总额为 0 或空，无法计算占比"]]),
    ("budget_growth", [cell(1833.76), cell(340.87), cell(1.0)], [[22.8]]),
    ("budget_name", [cell(211.0)], [["节能环保支出"]]),
    ("budget_name", [cell("999")], None),
    ("budget_level", [cell(2080505.0)], [["项"]]),
    ("budget_table", [cell(SAMPLE), cell("表3")], None),
    ("budget_table", [cell(SAMPLE), cell(3.0)], None),
    ("budget_table", [cell("BROKEN"), cell(3.0)], None),
    ("budget_value", [cell(SAMPLE), cell("T03"), cell(211.0), cell("项目支出")], [[356.55]]),
    ("budget_findings", [cell(SAMPLE)], None),
]


@pytest.mark.parametrize("name, args, expected", FUNCTION_CASES)
def test_a_function_call_gives_what_the_desktop_function_gives(server, broken_file, name, args, expected):
    args = [cell(broken_file) if a == cell("BROKEN") else a for a in args]
    data = {"func_name": name, "args": args, "caller_address": "Sheet1!B2", "version": xw.__version__,
            "client": "Office.js", "runtime": "1.4", "culture_info_name": "zh-CN", "date_format": "yyyy/m/d"}
    status, answer = post_json(server + "/xlwings/custom-functions-call", data)
    assert status == 200
    desktop = as_cells(getattr(fn, name)(*[as_desktop(a) for a in args if a is not None]))
    assert answer["result"] == desktop
    if expected is not None:
        assert answer["result"] == expected
    if name == "budget_table" and args[1] == cell("表3"):
        assert answer["result"][0][:2] == ["科目编码", "名称"] and len(answer["result"]) > 10
    if args[0] == cell(broken_file):
        assert answer["result"][0][0].startswith("#") and "损坏.pdf" in answer["result"][0][0]


def test_an_unknown_function_or_a_malformed_call_is_a_json_error(server):
    status, answer = post_json(server + "/xlwings/custom-functions-call", {"func_name": "os_system", "args": []})
    assert status == 404 and "os_system" in answer["error"]
    status, answer = post_json(server + "/xlwings/custom-functions-call", {"func_name": "budget_name"})
    assert status == 400 and "args" in answer["error"]


# ── ribbon scripts ───────────────────────────────────────────────────────────────────────────

@pytest.fixture(scope="module")
def report():
    return check(extract(SAMPLE_PDF))


@pytest.fixture(scope="module")
def sample_token(server) -> str:
    status, answer = upload(server, SAMPLE_PDF.name, SAMPLE_PDF.read_bytes())
    assert status == 200 and answer["name"] == SAMPLE_PDF.name and answer["size"] == SAMPLE_PDF.stat().st_size
    return answer["token"]


def as_uploaded(actions: list[dict]) -> list[dict]:
    """Actions to compare: run here on the sample, its path is shown as the server shows an uploaded
    file's (by name only); the hidden model, cut over column A, is compared as the text it stores."""
    text = json.dumps(actions, ensure_ascii=False).replace(json.dumps(str(SAMPLE_PDF))[1:-1], SAMPLE_PDF.name)
    out = []
    for a in json.loads(text):
        if a["func"] == "setValues" and str(a["values"][0][0]).startswith('{"marker"'):
            a = dict(a, values="".join(row[0] for row in a["values"]), row_count=None)
        out.append(a)
    return out


@pytest.fixture(scope="module")
def imported(server, sample_token, report):
    book = payload([("Sheet1", [["我的底稿", 1.0]])])
    status, answer = run_script(server, "import", book, sample_token, False)
    assert status == 200
    here = xw.Book(json=payload([("Sheet1", [["我的底稿", 1.0]])]))
    written = macros.import_report(here, report)
    return answer, written, as_uploaded(here.json()["actions"])


def test_import_adds_the_checked_sheets_as_the_macro_does(imported):
    answer, written, expected = imported
    assert as_uploaded(answer["actions"]) == expected  # the macro's actions; the source shown by name only
    actions = answer["actions"]
    assert [a["args"][1] for a in actions if a["func"] == "addSheet"] == written
    values = {a["sheet_position"]: a["values"] for a in actions if a["func"] == "setValues"}
    assert values[1 + written.index("表3 支出总表")][4][:5] == ["", "合计", 1833.76, 1477.21, 356.55]
    checks = values[1 + written.index("校验")]
    assert any(isinstance(v, str) and v.startswith("=") and "'表3 支出总表'!" in v for row in checks for v in row)
    assert not [a for a in actions if a.get("sheet_position") == 0]  # the user's sheet is never touched
    assert "budget-disclosure-uploads" not in json.dumps(answer, ensure_ascii=False)
    [message] = answer["messages"]
    assert message.startswith(f"已导入 阳泉市生态环境监测和应急保障中心 2026年预算公开：{len(written)} 张工作表。\n核对结论：错误 ")
    assert answer["workbooks"] == []


def test_import_replaces_an_earlier_import_only_when_asked(server, sample_token):
    book = payload([("Sheet1", [[1.0]]), ("概况", [["旧的概况"]])], [mark(1, 1)])
    status, kept = run_script(server, "import", book, sample_token, False)
    assert status == 200 and not [a for a in kept["actions"] if a["func"] in ("sheetDelete", "nameDelete")]
    assert "概况" not in [a["args"][1] for a in kept["actions"] if a["func"] == "addSheet"]  # the old one stays
    status, replaced = run_script(server, "import", book, sample_token, True)
    assert status == 200 and [a["func"] for a in replaced["actions"]][:2] == ["nameDelete", "sheetDelete"]


def imported_book(report, edit=None) -> dict:
    """A book as Office.js sends it after an import (blank cells as "")."""
    return imported_payload(report, edit, blank="")[0]


def _same_as_here(answer: dict, book: dict, run) -> None:
    here = xw.Book(json=json.loads(json.dumps(book)))
    run(here)
    assert answer["actions"] == here.json()["actions"]


def test_recheck_colours_exactly_the_cells_the_macro_colours(server, report):
    def typo(writer, wb):
        t3 = writer.report.disclosure.table("T03")
        i = next(i for i, r in enumerate(t3.rows) if r.code == "211")
        wb["表3 支出总表"][writer.sheets["T03"].where[(i, "project")]].value = 356.60

    book = imported_book(report, typo)
    status, answer = run_script(server, "recheck", book)
    assert status == 200
    _same_as_here(answer, book, macros.recheck)
    red = [a for a in answer["actions"] if a["func"] == "setRangeColor" and a["args"] == [macros.RED]]
    assert len(red) >= 2 and all(a["sheet_position"] != 0 for a in answer["actions"])
    assert answer["messages"][0].startswith("重新校验完成：错误 ")


def test_clear_and_export_on_an_imported_book(server, report):
    book = imported_book(report)
    status, cleared = run_script(server, "clear", book)
    assert status == 200
    _same_as_here(cleared, book, macros.clear_marks)
    assert {tuple(a["args"]) for a in cleared["actions"]} == {(None,)}
    assert cleared["messages"] == [f"已清除 {len(cleared['actions'])} 个数字上的标记（只改本插件导入的工作表）。"]
    status, exported = run_script(server, "export", book)
    assert status == 200 and exported["actions"] == [] and exported["messages"] == []
    [workbook] = exported["workbooks"]
    assert workbook["name"] == "核对结论_阳泉市生态环境监测和应急保障中心_2026.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(base64.b64decode(workbook["base64"])))
    assert wb.sheetnames and wb.worksheets[0].max_row > 1


def test_batch_reviews_the_uploaded_files_into_a_summary(server, sample_token):
    status, broken = upload(server, "../../坏文件.pdf", b"%PDF-1.4 broken" * 20)
    assert status == 200 and broken["name"] == "坏文件.pdf"  # the name the browser sent, never its path
    status, answer = run_script(server, "batch", payload([("Sheet1", [[None]])]), [sample_token, broken["token"]])
    assert status == 200 and answer["actions"] == [] and answer["messages"] == []
    [workbook] = answer["workbooks"]
    assert workbook["name"] == "批量审核汇总.xlsx"
    ws = openpyxl.load_workbook(io.BytesIO(base64.b64decode(workbook["base64"]))).worksheets[0]
    head = [c.value for c in ws[1]]
    rows = {ws.cell(r, 1).value: ws.cell(r, head.index("状态") + 1).value for r in (2, 3)}
    assert rows == {SAMPLE_PDF.name: "通过", "坏文件.pdf": "无法读取"} and ws.cell(4, 1).value is None


def test_help_and_problems_the_user_can_act_on_are_messages(server, broken_file):
    status, answer = run_script(server, "help", payload([("Sheet1", [[None]])]))
    assert status == 200 and answer == {"actions": [], "messages": [commands.help_text("BUDGET.")], "workbooks": []}
    assert "BUDGET.TOTAL(" in answer["messages"][0] and "BUDGET_TOTAL" not in answer["messages"][0]
    status, answer = run_script(server, "recheck", payload([("Sheet1", [[1.0]])]))
    assert status == 200 and answer["messages"] == ["这个工作簿里没有导入过公开文件（请先点“导入公开文件”）"]
    status, bad = upload(server, "损坏.pdf", Path(broken_file).read_bytes())
    status, answer = run_script(server, "import", payload([("Sheet1", [[1.0]])]), bad["token"], False)
    assert status == 200 and answer["actions"] == []
    [message] = answer["messages"]
    assert message.startswith("损坏.pdf：") and "budget-disclosure-uploads" not in message


@pytest.mark.parametrize("tag, body, status", [
    ("unknown", payload([("Sheet1", [[1.0]])]), 404),
    ("import", dict(payload([("Sheet1", [[1.0]])]), script_args=["no-such-token", False]), 410),
    ("import", dict(payload([("Sheet1", [[1.0]])]), script_args=[]), 400),
    ("batch", dict(payload([("Sheet1", [[1.0]])]), script_args=[[]]), 400),
    ("recheck", {"sheets": []}, 400),
    ("recheck", payload([("Sheet1", [[1.0]])], [mark(1, 5)]), 500),  # a name on a sheet that is not there
])
def test_a_request_the_server_refuses_is_a_json_error(server, tag, body, status):
    answer_status, answer = post_json(f"{server}/xlwings/custom-scripts-call/{tag}", body)
    assert answer_status == status and re.search(r"[\u4e00-\u9fff]", answer["error"])
    assert "Traceback" not in answer["error"]


@pytest.mark.parametrize("name, data, status", [
    ("大.pdf", b"x" * (MAX_UPLOAD_MB * 1024 * 1024 + 1), 413),
    ("空.pdf", b"", 400),
    ("预算.exe", b"MZ" * 10, 415),
    ("", b"%PDF", 400),
])
def test_an_upload_the_server_refuses_is_a_json_error(server, name, data, status):
    answer_status, answer = upload(server, name, data)
    assert answer_status == status and "token" not in answer and re.search(r"[\u4e00-\u9fff]", answer["error"])


def test_serve_without_a_licence_key_says_how_to_get_one(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "XLWINGS_LICENSE_KEY"} | {"HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "budget_disclosure.cli", "serve", "--port", str(_free_port())],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == EXIT_SERVE and "XLWINGS_LICENSE_KEY=noncommercial" in result.stderr
    assert "Traceback" not in result.stderr


def test_malformed_json_is_a_json_error(server):
    status, kind, body = request("POST", server + "/xlwings/custom-scripts-call/help", b"{not json",
                                 {"Content-Type": "application/json"})
    assert status == 400 and "json" in kind and "JSON" in json.loads(body)["error"]


# ── the JavaScript that applies the actions ──────────────────────────────────────────────────

def test_the_task_pane_has_a_handler_for_every_action_the_commands_emit(report):
    book = xw.Book(json=payload([("Sheet1", [[1.0]]), ("概况", [["旧的概况"]])], [mark(1, 1)]))
    macros.import_report(book, report, lambda name: True)  # replacing: nameDelete, sheetDelete too
    emitted = {a["func"] for a in book.json()["actions"]}
    for run in (macros.recheck, macros.clear_marks):
        book = xw.Book(json=imported_book(report))
        run(book)
        emitted |= {a["func"] for a in book.json()["actions"]}
    shared = (STATIC / "shared.js").read_text("utf-8")
    block = shared[shared.index("const ACTIONS = {"):shared.index("\n  };", shared.index("const ACTIONS = {"))]
    handled = set(re.findall(r"^    async (\w+)\(context, action, sheets\)", block, re.M))
    assert emitted >= {"addSheet", "setValues", "namesAdd", "setSheetVisibility", "nameDelete", "sheetDelete",
                       "setRangeColor"}
    assert emitted <= handled


FAKE_EXCEL = r"""
// Just enough of Office.js's Excel object model to watch shared.js apply actions and read a book.
const {applyActions, bookPayload} = require(process.argv[2]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
globalThis.fetch = async () => ({ok: true, json: async () => ({xlwings: input.version})});
const load = () => {};
const book = {name: "审核.xlsx", load, names: makeNames(), getSelectedRange: () => ({address: "Sheet1!B2", load}),
  worksheets: {items: [], load, getActiveWorksheet: () => book.worksheets.items[0],
    add(name) { const s = makeSheet(name); this.items.push(s); return s; }}};
function makeNames() {
  const refs = {};
  return {refs, load, add(name, ref) { refs[name] = ref; }, getItem: (name) => ({delete() { delete refs[name]; }}),
    get items() { return Object.entries(refs).map(([name, ref]) => ({name, type: "Range",
      getRangeOrNullObject: () => ({address: ref.slice(1), isNullObject: false, load})})); }};
}
function makeSheet(name) {
  const sheet = {name, visibility: "Visible", cells: {}, fills: {}, names: makeNames(), load,
    getRangeByIndexes: (r, c, nr, nc) => makeRange(sheet, r, c, nr, nc),
    getUsedRangeOrNullObject() {
      const at = Object.keys(sheet.cells).map((k) => k.split(",").map(Number));
      if (!at.length) return {isNullObject: true, load};
      const rows = at.map(([r]) => r), cols = at.map(([, c]) => c);
      const [r, c] = [Math.min(...rows), Math.min(...cols)];
      return {isNullObject: false, load, rowIndex: r, columnIndex: c, rowCount: Math.max(...rows) - r + 1,
              columnCount: Math.max(...cols) - c + 1};
    },
    delete() { book.worksheets.items.splice(book.worksheets.items.indexOf(sheet), 1); }};
  Object.defineProperty(sheet, "position", {get: () => book.worksheets.items.indexOf(sheet), set(p) {
    const items = book.worksheets.items; items.splice(items.indexOf(sheet), 1); items.splice(p, 0, sheet); }});
  return sheet;
}
function makeRange(sheet, r, c, nr, nc) {
  const each = (f) => { for (let i = 0; i < nr; i++) for (let j = 0; j < nc; j++) f(`${r + i},${c + j}`); };
  const write = (how) => (rows) => rows.forEach((row, i) => row.forEach((v, j) => {
    sheet.cells[`${r + i},${c + j}`] = [how, v]; }));
  const fill = {clear() { each((k) => { delete sheet.fills[k]; }); }};
  Object.defineProperty(fill, "color", {set(color) { each((k) => { sheet.fills[k] = color; }); }});
  const range = {load, format: {fill}};
  Object.defineProperty(range, "values", {set: write("values"), get: () => Array.from({length: nr}, (_, i) =>
    Array.from({length: nc}, (_, j) => (sheet.cells[`${r + i},${c + j}`] || [null, ""])[1]))});
  Object.defineProperty(range, "formulas", {set: write("formulas")});
  return range;
}
input.sheets.forEach((name) => book.worksheets.add(name));
Object.assign(book.names.refs, input.names);
(async () => {
  const context = {workbook: book, sync: async () => {}};
  await applyActions(context, input.actions);
  const sheets = book.worksheets.items.map((s) => ({name: s.name, visibility: s.visibility, cells: s.cells,
                                                    fills: s.fills}));
  console.log(JSON.stringify({names: book.names.refs, sheets, payload: await bookPayload(context)}));
})();
"""


def run_fake_excel(tmp_path, sheets, names, actions) -> dict:
    if NODE is None:
        pytest.skip("node is not installed")
    script = tmp_path / "fake_excel.js"
    script.write_text(FAKE_EXCEL, "utf-8")
    data = {"sheets": sheets, "names": names, "actions": actions, "version": xw.__version__}
    result = subprocess.run([NODE, str(script), str(STATIC / "shared.js")], capture_output=True, text=True,
                            input=json.dumps(data))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_javascript_applies_an_import_and_sends_the_book_back_as_excel_would(tmp_path, server, imported, report):
    answer, written, _ = imported
    excel = run_fake_excel(tmp_path, ["Sheet1"], {}, answer["actions"])
    sheets = {s["name"]: s for s in excel["sheets"]}
    assert [s["name"] for s in excel["sheets"]] == ["Sheet1", *written]
    assert sheets[MODEL_SHEET]["visibility"] == "Hidden" and sheets["概况"]["visibility"] == "Visible"
    t3 = sheets["表3 支出总表"]["cells"]
    assert [t3[f"4,{c}"] for c in range(3)] == [["values", ""], ["values", "合计"], ["values", 1833.76]]
    assert any(how == "formulas" and str(v).startswith("=") for how, v in sheets["校验"]["cells"].values())
    assert excel["names"] == {f"{macros.MARK}{n}": f"='{name}'!$A$1" for n, name in enumerate(written, 1)}
    # The book as the task pane then sends it: the shape of test_excel_macros.payload(), which the
    # server rechecks exactly as the macro rechecks the same sheets built here.
    sent = excel["payload"]
    expected = imported_book(report)
    assert sent.keys() == expected.keys() and sent["book"] == {"name": "审核.xlsx", "active_sheet_index": 0,
                                                                "selection": "B2"}
    assert sent["names"] == expected["names"]
    assert [s.keys() for s in sent["sheets"]] == [s.keys() for s in expected["sheets"]]
    status, rechecked = run_script(server, "recheck", sent)
    assert status == 200
    _same_as_here(rechecked, expected, macros.recheck)


def test_the_javascript_replaces_sheets_and_colours_cells_in_a_fake_excel(tmp_path, server, sample_token):
    book = payload([("Sheet1", [[1.0]]), ("概况", [["旧的概况"]])], [mark(1, 1)])
    status, answer = run_script(server, "import", book, sample_token, True)
    colour = {"func": "setRangeColor", "args": [macros.RED], "values": None, "sheet_position": 1,
              "start_row": 2, "start_column": 1, "row_count": 1, "column_count": 2}
    actions = answer["actions"] + [colour, dict(colour, args=[None], column_count=1)]
    excel = run_fake_excel(tmp_path, ["Sheet1", "概况"], {f"{macros.MARK}1": "='概况'!$A$1"}, actions)
    names = [s["name"] for s in excel["sheets"]]
    assert names[:2] == ["Sheet1", "概况"] and names.count("概况") == 1
    assert excel["sheets"][1]["cells"] and excel["names"][f"{macros.MARK}1"] == "='概况'!$A$1"
    assert excel["sheets"][1]["fills"] == {"2,2": macros.RED}
