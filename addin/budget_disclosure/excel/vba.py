"""The VBA module that makes the =BUDGET_*() functions callable from the desktop add-in.

Excel only sees a worksheet function if a VBA Function of that name exists; xlwings' "Import
Functions" writes one wrapper per @xw.func that forwards to Python through ``XLPy.CallUDF``. That
importer runs only inside a live Excel (it needs pywin32 and the open workbook), so the add-in's
wrappers are generated here instead, from the Python signatures alone, in exactly the shape
``xlwings.udfs.generate_vba_wrapper`` writes for an .xlam (``ActiveWorkbook``, the
``#If App = "Microsoft Excel"`` split, the ``failed:`` label). The output is deterministic: the
functions come in ``dir()`` order, as xlwings lists them.

The file is budget_udfs.bas; the VBA module keeps xlwings' own name, ``xlwings_udfs``. xlwings'
importer (``ImportPythonUDFsToAddin``, which a maintainer may run in the add-in, its config sheet
naming budget_disclosure.udfs) first removes the component of that name and then imports its
wrappers: under the same name ours are replaced by their identical twins, whereas under another
name both would be present and VBA would refuse to compile the duplicate function names.
"""
from __future__ import annotations

import importlib
import inspect
import re
from types import ModuleType

UDF_MODULE = "budget_disclosure.udfs"
VB_NAME = "xlwings_udfs"
FILE_NAME = "budget_udfs.bas"

MAX_LINE = 1023  # VBA's limit on a physical line; xlwings splits longer ones, ours never get close
_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
# Words VBA will not take as a parameter name (the keywords of the language).
_RESERVED = {w.lower() for w in """
    And As Boolean ByRef Byte ByVal Call Case Const Currency Date Decimal Declare Dim Do Double Each
    Else ElseIf Empty End Enum Eqv Erase Error Event Exit False For Friend Function Get Global GoSub
    GoTo If Imp Implements In Integer Is Let Like Long LongLong LongPtr Loop LSet Me Mod New Next Not
    Nothing Null On Option Optional Or ParamArray Preserve Private Property Public RaiseEvent ReDim
    Rem Resume Return RSet Select Set Single Static Step Stop String Sub Then To True Type TypeOf
    Until Variant Wend While With WithEvents Xor""".split()}


def udf_functions(module: ModuleType | None = None) -> list[tuple[str, inspect.Signature]]:
    """The worksheet functions of ``module`` (default budget_disclosure.udfs) with their
    signatures: its public functions, in dir() order. On Windows these are exactly the ones
    @xw.func marks with ``__xlfunc__``; on other systems xw.func marks nothing, so the choice
    cannot rest on that attribute."""
    module = module or importlib.import_module(UDF_MODULE)
    found = []
    for name in dir(module):
        obj = getattr(module, name)
        if name.startswith("_") or not inspect.isfunction(obj) or obj.__module__ != module.__name__:
            continue
        found.append((name, inspect.signature(obj)))
    return found


def _parameters(fname: str, signature: inspect.Signature) -> list[tuple[str, bool]]:
    """(name, optional) per parameter; refuses what a plain wrapper cannot pass on."""
    out = []
    for p in signature.parameters.values():
        if p.kind is not inspect.Parameter.POSITIONAL_OR_KEYWORD:
            raise ValueError(f"{fname}: parameter {p.name!r} is {p.kind.description}; "
                             "worksheet functions take plain positional parameters only")
        if not _IDENTIFIER.match(p.name) or p.name.lower() in _RESERVED or p.name.lower() == fname.lower():
            raise ValueError(f"{fname}: {p.name!r} cannot be a VBA parameter name")
        out.append((p.name, p.default is not inspect.Parameter.empty))
    optional = [o for _, o in out]
    if optional != sorted(optional):  # Python forbids this too; VBA would reject the module
        raise ValueError(f"{fname}: a required parameter follows an optional one")
    return out


def wrapper(fname: str, signature: inspect.Signature, module_name: str = UDF_MODULE) -> list[str]:
    """One VBA Function forwarding to Python, line for line as xlwings writes it for an add-in."""
    params = _parameters(fname, signature)
    declared = ", ".join(("Optional " if optional else "") + name for name, optional in params)
    args = "Array(" + ", ".join(name for name, _ in params) + ")"
    call = f'XLPy.CallUDF("{module_name}", "{fname}", {args}'
    return [
        f"Function {fname}({declared})",
        '    #If App = "Microsoft Excel" Then',
        "        If TypeOf Application.Caller Is Range Then On Error GoTo failed",
        f"        {fname} = {call}, ActiveWorkbook, Application.Caller)",
        "        Exit Function",
        "    #Else",
        f"        {fname} = {call})",
        "        Exit Function",
        "    #End If",
        "failed:",
        f"    {fname} = Err.Description",
        "End Function",
        "",
    ]


def udf_module_text(module: ModuleType | None = None) -> str:
    """The whole budget_udfs.bas, ready for VBComponents.Import (after bas_bytes)."""
    module = module or importlib.import_module(UDF_MODULE)
    lines = [
        f'Attribute VB_Name = "{VB_NAME}"',
        f"'Generated by budget_disclosure.excel.vba from {module.__name__} - do not edit; rebuild the add-in.",
        "#Const App = \"Microsoft Excel\" 'Adjust when using outside of Excel",
    ]
    for fname, signature in udf_functions(module):
        lines += wrapper(fname, signature, module.__name__)
    return "\n".join(lines) + "\n"


def bas_bytes(text: str) -> bytes:
    """A VBA source file as VBComponents.Import wants it: CRLF line ends (with bare LF the
    ``Attribute VB_Name`` line is not recognised and lands in the code as a syntax error) and
    ASCII only (the file is read in the system's ANSI code page)."""
    lines = text.replace("\r\n", "\n").split("\n")
    too_long = [line for line in lines if len(line) > MAX_LINE]
    if too_long:
        raise ValueError(f"VBA line longer than {MAX_LINE} characters: {too_long[0][:60]}…")
    try:
        return "\r\n".join(lines).encode("ascii")
    except UnicodeEncodeError as e:
        raise ValueError(f"VBA source must be ASCII: {text[max(0, e.start - 20):e.end + 20]!r}") from None
