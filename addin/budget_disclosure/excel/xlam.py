"""Builds and installs budget_disclosure.xlam, the desktop add-in (Windows Excel + xlwings).

The add-in is xlwings' own ribbon add-in template (quickstart_addin_ribbon.xlam: its ``xlwings``
VBA module with RunPython, XLPy and the config reader) with three things of ours:

* the ribbon, customUI14.xml (excel/ribbon/customUI.xml) — a part of the zip package;
* two VBA modules: BudgetRibbon (excel/ribbon/BudgetRibbon.bas, the ribbon's callback) and the
  worksheet-function wrappers (excel/vba.py) — inside vbaProject.bin, which only Excel can write;
* its config sheet ``budget_disclosure.conf`` (UDF Modules, Interpreter_Win) and
  ``PROJECT_NAME = "budget_disclosure"`` in the xlwings module, so the config is found.

The build therefore has two halves, in this order:

1. the VBA half (Windows, Excel, and "Trust access to the VBA project object model"): Excel opens
   the copied template, the modules are swapped, the config sheet is set, Excel saves and quits;
2. the zip half (any system): the ribbon part is replaced by rewriting the package.

The zip half comes last because saving in Excel rewrites the whole package: whatever Excel does
with a ribbon part it merely carries along, the ribbon that ships is then byte for byte the one in
this repository, and the rewrite copies every other part — vbaProject.bin above all — untouched.
"""
from __future__ import annotations

import contextlib
import importlib
import os
import re
import shutil
import sys
import tempfile
import zipfile
from importlib import resources
from pathlib import Path
from typing import NamedTuple
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

from . import vba

ADDIN_NAME = "budget_disclosure.xlam"
PROJECT_NAME = "budget_disclosure"
CONF_SHEET = PROJECT_NAME + ".conf"
TEMPLATE_CONF_SHEET = "_myaddin.conf"  # the leading "_" is what keeps xlwings from reading it
TEMPLATE_RIBBON_MODULE = "RibbonMyAddin"
RIBBON_MODULE = "BudgetRibbon"  # its VB_Name, and the prefix of every onAction in the ribbon
RIBBON_MODULE_FILE = RIBBON_MODULE + ".bas"
CUSTOM_UI_FILE = "customUI.xml"
TAB_ID = "budgetDisclosureTab"  # how an .xlam is recognised as this add-in

CUSTOM_UI_NS = "http://schemas.microsoft.com/office/2009/07/customui"
CUSTOM_UI_PART = "customUI/customUI14.xml"
CUSTOM_UI_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
UI_RELS = {CUSTOM_UI_REL, "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"}
PACKAGE_RELS = "_rels/.rels"
CONTENT_TYPES = "[Content_Types].xml"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'


class AddinError(Exception):
    """A problem building or installing the add-in that the user can act on (message in Chinese)."""


# ── the files of the add-in ─────────────────────────────────────────────────────────────────

def _ribbon_file(name: str) -> bytes:
    return (resources.files(__package__) / "ribbon" / name).read_bytes()


def custom_ui_xml() -> bytes:
    return _ribbon_file(CUSTOM_UI_FILE)


def ribbon_module_text() -> str:
    return _ribbon_file(RIBBON_MODULE_FILE).decode("ascii")


def addin_files() -> dict[str, bytes]:
    """File name -> content of what goes into the add-in, for assembling it by hand: the ribbon
    XML (for the Office RibbonX Editor, as customUI14) and the two .bas files (File > Import File
    in the VBA editor)."""
    return {
        CUSTOM_UI_FILE: custom_ui_xml(),
        RIBBON_MODULE_FILE: vba.bas_bytes(ribbon_module_text()),
        vba.FILE_NAME: vba.bas_bytes(vba.udf_module_text()),
    }


def template_path() -> Path:
    import xlwings

    return Path(xlwings.__file__).parent / "quickstart_addin_ribbon.xlam"


# ── build ─────────────────────────────────────────────────────────────────────────────────────

def build_xlam(target: str | os.PathLike, template: str | os.PathLike | None = None, *, vba: bool = True,
               interpreter: str | None = None, force: bool = False) -> Path:
    """Build the add-in at ``target`` from xlwings' ribbon template (or ``template``).

    ``vba=False`` does only the zip half: the ribbon is ours but the VBA project is still the
    template's, so that file cannot be installed — it is for tests and for finishing by hand.
    ``interpreter`` is the python.exe the add-in runs (default: the one running this build, which
    has budget_disclosure installed). An existing ``target`` is replaced only with ``force``."""
    if vba and sys.platform != "win32":
        raise AddinError("生成 .xlam 的 VBA 部分需要 Windows 上的 Excel（并在信任中心勾选“信任对 VBA 工程对象模型的访问”）；"
                         "在本机只能加 --no-vba 生成功能区部分，或用 `budget-disclosure addin files` 导出文件后手工组装。")
    target = Path(target)
    if target.exists() and not force:
        raise FileExistsError(str(target))
    source = Path(template) if template else template_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    # Excel opens a file only if its extension matches its format, so the work copy ends in .xlam.
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".xlam", dir=target.parent)
    os.close(fd)
    work = Path(tmp)
    try:
        shutil.copyfile(source, work)
        if vba:
            _build_vba(work, interpreter or sys.executable)
        replace_custom_ui(work)  # after Excel's save: see the module docstring
        _usual_permissions(work)
        os.replace(work, target)
    except BaseException:
        with contextlib.suppress(OSError):  # e.g. still locked by an Excel that failed
            work.unlink(missing_ok=True)
        raise
    return target


def _usual_permissions(path: Path) -> None:
    """mkstemp makes a private file; the add-in is an ordinary file of the user's."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


def replace_custom_ui(path: str | os.PathLike, custom_ui: bytes | None = None) -> None:
    """Rewrite the package at ``path`` with ``custom_ui`` (default: ours) as its only ribbon part:
    every old ribbon part (all of customUI/) and its relationship go, ours is added with the
    relationship its 2009/07 namespace needs, and [Content_Types].xml keeps a type for every part.
    All other parts are copied unchanged, in their order and with their dates."""
    path = Path(path)
    custom_ui = custom_ui_xml() if custom_ui is None else custom_ui
    _check_custom_ui(custom_ui)
    with zipfile.ZipFile(path) as old:
        infos = old.infolist()
        parts = {i.filename: old.read(i) for i in infos}
    dropped = {name for name in parts if name.startswith("customUI/")}
    rels = _package_rels(parts[PACKAGE_RELS])
    types = _content_types(parts[CONTENT_TYPES], dropped)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".zip", dir=path.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as new:
            for info in infos:
                if info.filename in dropped:
                    continue
                data = {PACKAGE_RELS: rels, CONTENT_TYPES: types}.get(info.filename, parts[info.filename])
                new.writestr(_copy_info(info), data)
            added = _copy_info(infos[0])
            added.filename = CUSTOM_UI_PART
            new.writestr(added, custom_ui)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _copy_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    out = zipfile.ZipInfo(info.filename, info.date_time)
    out.compress_type = zipfile.ZIP_DEFLATED
    out.external_attr = info.external_attr
    out.create_system = info.create_system
    return out


def _check_custom_ui(data: bytes) -> None:
    root = ET.fromstring(data)
    if root.tag != f"{{{CUSTOM_UI_NS}}}customUI":
        raise ValueError(f"the ribbon XML must be a customUI element in {CUSTOM_UI_NS} (it is {root.tag})")


def _package_rels(data: bytes) -> bytes:
    root = ET.fromstring(data)
    ui = [r for r in root if r.get("Type") in UI_RELS]
    ids = {r.get("Id") for r in root}
    for r in ui:
        root.remove(r)
    rel_id = ui[0].get("Id") if ui else next(f"rId{n}" for n in range(1, len(ids) + 2) if f"rId{n}" not in ids)
    ET.SubElement(root, f"{{{REL_NS}}}Relationship", Id=rel_id, Type=CUSTOM_UI_REL, Target=CUSTOM_UI_PART)
    return _flat_xml(root, REL_NS)


def _content_types(data: bytes, dropped: set[str]) -> bytes:
    root = ET.fromstring(data)
    for override in [e for e in root if e.tag == f"{{{CT_NS}}}Override"]:
        if override.get("PartName", "").lstrip("/") in dropped:
            root.remove(override)
    defaults = {e.get("Extension", "").lower() for e in root if e.tag == f"{{{CT_NS}}}Default"}
    if "xml" not in defaults:  # a ribbon part is plain application/xml
        ET.SubElement(root, f"{{{CT_NS}}}Default", Extension="xml", ContentType="application/xml")
    return _flat_xml(root, CT_NS)


def _flat_xml(root: ET.Element, namespace: str) -> bytes:
    """Serialise a package's .rels or [Content_Types].xml — one element of empty, attribute-only
    children, all in ``namespace`` — with that as the default namespace, as Office writes them.
    (ElementTree can only do that by registering a prefix process-wide.)"""
    prefix = f"{{{namespace}}}"

    def start(element: ET.Element, leaf: bool) -> str:
        if not element.tag.startswith(prefix) or (element.text or "").strip() or (leaf and len(element)) \
                or any(key.startswith("{") for key in element.attrib):
            raise ValueError(f"unexpected content in a package part: {element.tag}")
        attributes = "".join(f' {k}="{escape(v, {chr(34): "&quot;"})}"' for k, v in element.attrib.items())
        return element.tag[len(prefix):] + attributes

    children = "".join(f"<{start(child, True)}/>" for child in root)
    tag = root.tag[len(prefix):]
    return XML_DECLARATION + f'<{start(root, False)} xmlns="{namespace}">{children}</{tag}>'.encode("utf-8")


# ── the VBA half (Windows + Excel only) ──────────────────────────────────────────────────────

PROJECT_NAME_LINE = f'Public Const PROJECT_NAME As String = "{PROJECT_NAME}"'
_PROJECT_NAME_RE = re.compile(r"^\s*Public\s+Const\s+PROJECT_NAME\s+As\s+String\s*=", re.IGNORECASE)
FUNCTION_CATEGORY = "预算公开"
TRUST_VBA = ("Excel 不允许程序修改 VBA 工程：请在 Excel 的“文件 → 选项 → 信任中心 → 信任中心设置 → 宏设置”中"
             "勾选“信任对 VBA 工程对象模型的访问”，然后重试。")


def project_name_line(lines: list[str]) -> int:
    """The 1-based number of the line declaring PROJECT_NAME in the template's xlwings module.
    It names the config sheet (PROJECT_NAME & ".conf") and the config files xlwings reads."""
    found = [n for n, line in enumerate(lines, 1) if _PROJECT_NAME_RE.match(line)]
    if len(found) != 1:
        raise AddinError(f"xlwings 模板的 VBA 模块中应有一行 PROJECT_NAME 声明，实际找到 {len(found)} 行；"
                         "模板版本可能已变化。")
    return found[0]


def configure_sheet(book, interpreter: str) -> None:
    """Turn the template's disabled config sheet into ours: renamed to PROJECT_NAME.conf (which
    makes xlwings read it) with the UDF module and the interpreter filled in. Plain xlwings Book
    API, so it runs on any Book; the keys are found by label, not by position."""
    if CONF_SHEET in [s.name for s in book.sheets]:
        sheet = book.sheets[CONF_SHEET]
    else:
        sheet = book.sheets[TEMPLATE_CONF_SHEET]
        sheet.name = CONF_SHEET
    keys = sheet["A1"].expand("down").options(ndim=1).value
    wanted = {"UDF Modules": vba.UDF_MODULE, "Interpreter_Win": interpreter}
    for key, value in wanted.items():
        row = next((n for n, k in enumerate(keys, 1) if str(k or "").strip().lower() == key.lower()), None)
        if row is None:  # xlwings reads the keys from A1 down to the first blank cell
            keys.append(key)
            row = len(keys)
            sheet[f"A{row}"].value = key
        sheet[f"B{row}"].value = value


def _build_vba(path: Path, interpreter: str) -> None:
    """Open the copy in a hidden Excel, swap the VBA modules, set the config sheet, save, quit."""
    import xlwings as xw

    with xw.App(visible=False, add_book=False) as app:
        app.display_alerts = False
        book = app.books.open(str(path))
        try:
            components = book.api.VBProject.VBComponents
        except Exception as e:  # noqa: BLE001 - pywintypes.com_error, only importable on Windows
            raise AddinError(TRUST_VBA) from e
        # The template's ribbon module goes; so would an earlier copy of ours (Import never
        # replaces: it would add "BudgetRibbon1" beside it).
        present = {c.Name for c in components}
        for name in (TEMPLATE_RIBBON_MODULE, RIBBON_MODULE, vba.VB_NAME):
            if name in present:
                components.Remove(components(name))
        with tempfile.TemporaryDirectory() as folder:
            for name, data in addin_files().items():
                if name.endswith(".bas"):
                    file = Path(folder) / name
                    file.write_bytes(data)
                    components.Import(str(file))
        code = components("xlwings").CodeModule
        lines = code.Lines(1, code.CountOfLines).splitlines()
        code.ReplaceLine(project_name_line(lines), PROJECT_NAME_LINE)
        configure_sheet(book, interpreter)
        _describe_functions(app, book)
        book.save()


def _describe_functions(app, book) -> None:
    """Give each function its Chinese description and a category in Excel's Insert Function
    dialog, as xlwings' importer does (through COM, so the text needs no VBA code page)."""
    module = importlib.import_module(vba.UDF_MODULE)
    for name, _ in vba.udf_functions(module):
        doc = (getattr(module, name).__doc__ or "").strip()
        app.api.MacroOptions(f"'{book.name}'!{name}", Description=doc[:255], Category=FUNCTION_CATEGORY)


# ── install ───────────────────────────────────────────────────────────────────────────────────

class Installed(NamedTuple):
    path: Path
    replaced: bool  # an older copy of this add-in was there and has been replaced


def xlstart_dir() -> Path:
    """Excel opens every workbook in this folder at start-up; an .xlam there is loaded as an add-in."""
    appdata = os.environ.get("APPDATA")
    if sys.platform != "win32" or not appdata:
        raise AddinError("找不到 Excel 的 XLSTART 文件夹（只有 Windows 上有 %APPDATA%\\Microsoft\\Excel\\XLSTART）；"
                         "请用 --dir 指定安装文件夹。")
    return Path(appdata) / "Microsoft" / "Excel" / "XLSTART"


def _sheet_names(archive: zipfile.ZipFile) -> list[str]:
    root = ET.fromstring(archive.read("xl/workbook.xml"))
    return [s.get("name") for s in root.iter(f"{{{MAIN_NS}}}sheet")]


def is_our_addin(path: str | os.PathLike) -> bool:
    """Whether ``path`` is a build of this add-in: a package whose ribbon has our tab."""
    try:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.startswith("customUI/") and name.endswith(".xml"):
                    root = ET.fromstring(archive.read(name))
                    if any(e.get("id") == TAB_ID for e in root.iter(f"{{{CUSTOM_UI_NS}}}tab")):
                        return True
    except (OSError, zipfile.BadZipFile, ET.ParseError, KeyError):
        return False
    return False


def is_complete(path: str | os.PathLike) -> bool:
    """Whether Excel finished the build: only the VBA half renames the config sheet."""
    with zipfile.ZipFile(path) as archive:
        return CONF_SHEET in _sheet_names(archive)


def install_xlam(path: str | os.PathLike, addin_dir: str | os.PathLike | None = None) -> Installed:
    """Copy a built add-in into Excel's XLSTART folder (or ``addin_dir``) as budget_disclosure.xlam.

    Always under that one name, so two builds can never both load (two 预算公开 tabs, clashing
    functions). A file already there is replaced only if it is itself this add-in; anything else
    is left alone and the install stops."""
    source = Path(path)
    if not source.is_file():
        raise AddinError(f"找不到插件文件 {source}（先运行 `budget-disclosure addin build`）")
    if not is_our_addin(source):
        raise AddinError(f"{source} 不是预算公开插件（其中没有“预算公开”选项卡）")
    if not is_complete(source):
        raise AddinError(f"{source} 只完成了功能区部分（--no-vba 生成），缺少 VBA 模块，不能安装；"
                         "请在装有 Excel 的 Windows 上运行 `budget-disclosure addin build`")
    folder = Path(addin_dir) if addin_dir is not None else xlstart_dir()
    target = folder / ADDIN_NAME
    replaced = target.exists()
    if replaced and target.resolve() == source.resolve():
        return Installed(target, False)
    if replaced and not is_our_addin(target):
        raise AddinError(f"{target} 已存在，但不是预算公开插件；为免误删，没有覆盖它。请先移走该文件再安装。")
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".xlam", dir=folder)
    os.close(fd)
    try:
        shutil.copyfile(source, tmp)
        _usual_permissions(Path(tmp))
        os.replace(tmp, target)
    except PermissionError:
        Path(tmp).unlink(missing_ok=True)
        raise AddinError(f"无法写入 {target}：文件可能正被 Excel 使用，请先关闭所有 Excel 窗口再安装。") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Installed(target, replaced)
