"""Recalculate .xlsx workbooks in LibreOffice headless, then read the computed values with openpyxl.

openpyxl writes formulas without cached values, and a workbook that went through another
program may carry stale ones. LibreOffice by default keeps whatever cached values a file
has, so every conversion here runs with a private user profile whose
registrymodifications.xcu says "always recalculate on load" for OOXML and ODF files.
The converted copy then carries values computed by a real spreadsheet engine, which
``openpyxl.load_workbook(..., data_only=True)`` reads.

    from recalc import recalculate, require_soffice, values
    require_soffice()
    out = recalculate(tmp_path / "in.xlsx", tmp_path / "out")
    assert values(out, "表3 支出总表")["D7"] == 123.45

Things to know when reading the values back:
- a cached number is written with about 15 significant digits (1.005*100 comes back as 100.5);
- a formula whose result is "" reads as None; an error reads as its text, e.g. "#VALUE!".

Cost on this 2-core machine: one small workbook takes about 2.0 s with a new profile and
1.7 s with a used one; 7 workbooks take 2.4 s in one ``recalculate_many`` call against 12 s
in 7 calls, so batch the conversions.
"""
from __future__ import annotations

import atexit
import functools
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Iterable

import openpyxl

TIMEOUT_SECONDS = 120
EXPORT_FILTER = "xlsx:Calc MS Excel 2007 XML"

# /org.openoffice.Office.Calc/Formula/Load: 0 = always recalculate, 1 = never (the
# default, which keeps the cached values), 2 = ask. ODF is set too so that .ods inputs
# behave the same way.
REGISTRY_MODIFICATIONS = """\
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

# One soffice at a time per profile: a second instance on the same profile would hand its
# work to the first one or fail on the profile lock.
_lock = threading.Lock()


class RecalcError(RuntimeError):
    """LibreOffice failed, timed out, or did not write every output."""


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    """The soffice executable; skips the calling test when LibreOffice is not installed."""
    exe = soffice_path()
    if exe is None:
        import pytest

        pytest.skip(
            "LibreOffice (soffice) is not on PATH, so workbooks cannot be recalculated: "
            "run `bash scripts/setup.sh --dev` (installs libreoffice-calc-nogui)"
        )
    return exe


def make_profile(directory: Path) -> Path:
    """Prepare ``directory`` as a LibreOffice user installation that recalculates on load."""
    user = Path(directory) / "user"
    user.mkdir(parents=True, exist_ok=True)
    xcu = user / "registrymodifications.xcu"
    if not xcu.is_file() or "OOXMLRecalcMode" not in xcu.read_text(encoding="utf-8"):
        # LibreOffice rewrites this file itself on exit and keeps these items, so an
        # existing profile is reused as it is (about 0.5 s faster than a new one).
        xcu.write_text(REGISTRY_MODIFICATIONS, encoding="utf-8")
    return Path(directory)


@functools.cache
def _session_profile() -> Path:
    directory = Path(tempfile.mkdtemp(prefix="recalc-libreoffice-profile-"))
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    return make_profile(directory)


def recalculate(path: Path, out_dir: Path, *, timeout: float = TIMEOUT_SECONDS) -> Path:
    """Recalculate one workbook; returns ``out_dir / (path.stem + ".xlsx")``."""
    return recalculate_many([path], out_dir, timeout=timeout)[0]


def recalculate_many(
    paths: Iterable[Path],
    out_dir: Path,
    *,
    timeout: float = TIMEOUT_SECONDS,
    profile: Path | None = None,
) -> list[Path]:
    """Recalculate several workbooks in one soffice run; outputs in the order of ``paths``.

    ``profile`` is a user-installation directory (made with :func:`make_profile` if needed);
    by default one temporary profile is shared by all calls in this process.
    """
    sources = [Path(p).resolve() for p in paths]
    if not sources:
        return []
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    outputs = [out_dir / (src.stem + ".xlsx") for src in sources]

    missing = [str(src) for src in sources if not src.is_file()]
    if missing:
        raise FileNotFoundError(f"no such workbook: {', '.join(missing)}")
    if len(set(outputs)) != len(outputs):
        raise ValueError(f"inputs share a file name, so their outputs in {out_dir} would collide: {sources}")
    clobbered = [str(src) for src, out in zip(sources, outputs) if src == out]
    if clobbered:
        raise ValueError(f"out_dir would overwrite the input itself: {', '.join(clobbered)}")
    for out in outputs:  # so that a failed conversion cannot leave an old result to be read
        out.unlink(missing_ok=True)

    exe = soffice_path()
    if exe is None:
        raise RecalcError("LibreOffice (soffice) is not on PATH: run `bash scripts/setup.sh --dev`")
    profile = _session_profile() if profile is None else make_profile(Path(profile).resolve())
    cmd = [
        exe,
        "--headless",
        "--norestore",
        "--nolockcheck",
        f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to",
        EXPORT_FILTER,
        "--outdir",
        str(out_dir),
        *map(str, sources),
    ]
    with _lock:
        stdout, stderr, returncode = _run(cmd, timeout)

    not_written = [str(out) for out in outputs if not out.is_file()]
    if returncode != 0 or not_written:
        raise RecalcError(
            f"LibreOffice conversion failed (exit {returncode}"
            + (f"; not written: {', '.join(not_written)}" if not_written else "")
            + f")\ncommand: {cmd}\nstdout:\n{stdout}\nstderr:\n{stderr}"
        )
    return outputs


def _run(cmd: list[str], timeout: float) -> tuple[str, str, int]:
    # soffice is a wrapper that starts oosplash and soffice.bin; a session of their own
    # lets a timeout kill all of them, and only them.
    proc = subprocess.Popen(
        cmd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    # The group is killed only while its leader is still unreaped, so its id is ours.
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc.pid)
        stdout, stderr = proc.communicate()
        raise RecalcError(
            f"LibreOffice did not finish within {timeout:g} s and was killed\n"
            f"command: {cmd}\nstdout:\n{stdout}\nstderr:\n{stderr}"
        ) from None
    except BaseException:  # e.g. Ctrl-C during a test run
        _kill_group(proc.pid)
        proc.wait()
        raise
    return stdout, stderr, proc.returncode


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def values(path: Path, sheet: str | None = None) -> dict[str, object]:
    """Cell coordinate -> value as the workbook's cached values say (openpyxl data_only=True).

    Every cell of the sheet's used range is present; blank cells map to None.
    ``sheet`` defaults to the active sheet.
    """
    wb = openpyxl.load_workbook(path, data_only=True)
    try:
        ws = wb[sheet] if sheet is not None else wb.active
        return {cell.coordinate: cell.value for row in ws.iter_rows() for cell in row}
    finally:
        wb.close()
