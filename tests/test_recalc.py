"""The LibreOffice recalculation harness (tests/recalc.py), and the spreadsheet semantics
the written workbooks may rely on, established in a real engine.

All workbooks are built here with openpyxl and converted in one soffice run.

What LibreOffice 7.4 does, as pinned below:
- ROUND is half away from zero on the decimal value a cell shows: ROUND(2.675,2) = 2.68,
  ROUND(1.005,2) = 1.01, ROUND(-2.5,0) = -3, the same as Python's
  Decimal(repr(x)).quantize(..., ROUND_HALF_UP) for |x| < 1e10 (it drifts from 1e10 up).
  ROUND(x*100,0)/100 is NOT equivalent: 1.005*100 is 100.49999999999999, so it gives 1.
- A blank cell compares equal to 0: SUMPRODUCT(--(r<>0)) and (A1<>0)+(B1<>0) do not count
  blanks, but text does: "-", "—", " " and a formula's "" are all <>0. COUNTIF(r,"<>0")
  counts blanks. ISNUMBER(r)*(r<>0) counts only non-zero numbers.
- ABS("-") is #VALUE!; SUM skips text.
- A text cell that starts with "=" stays text.
"""
from __future__ import annotations

import functools
import random
import re
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest

import recalc
from recalc import RecalcError, recalculate, recalculate_many, require_soffice

values = functools.cache(recalc.values)  # each (workbook, sheet) is read once

EPS = "0.000001"  # the epsilon the workbook writer uses in its verdict formulas


def _half_up(x: float, places: int) -> float:
    return float(Decimal(repr(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


# ---------------------------------------------------------------- workbooks under test

ROUND_CASES = [  # formula, LibreOffice's result
    ("ROUND(2.675,2)", 2.68),  # binary 2.67499999...; Python's round() gives 2.67
    ("ROUND(-2.675,2)", -2.68),
    ("ROUND(1.005,2)", 1.01),
    ("ROUND(0.285,2)", 0.29),
    ("ROUND(0.125,2)", 0.13),  # an exact binary tie: away from zero, not to even
    ("ROUND(2.5,0)", 3),
    ("ROUND(-2.5,0)", -3),
    ("ROUND(1234.565,2)", 1234.57),
    ("ROUND(123456789.125,2)", 123456789.13),
    ("ROUND(C1,2)", 2.68),  # C1 holds 2.675
    ("ROUND(C2+C3,2)", 2.68),  # 1.1 + 1.575
    ("ROUND(C4*100,0)/100", 1),  # C4 holds 1.005: the *100 trick loses the half
    ("ROUND(1.005*100,0)", 100),
    ("SUM(C5:C7)", 0.6),  # 0.1 + 0.2 + 0.3
    ("0.1+0.2-0.3", 0),  # LibreOffice snaps a difference this close to zero
]


def _random_halves() -> list[float]:
    """Values ending in 5 at the third decimal, 1 to 10 integer digits, some negative."""
    rng = random.Random(20240601)
    xs = [k / 1000 for k in range(5, 1000, 10)]
    for digits in range(1, 11):
        for _ in range(40):
            whole = rng.randrange(10 ** (digits - 1), 10**digits)
            x = float(f"{whole}.{rng.randrange(100) * 10 + 5:03d}")
            xs.append(-x if rng.random() < 0.25 else x)
    return xs


HALVES = _random_halves()


def build_round(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "round"
    ws["C1"], ws["C2"], ws["C3"], ws["C4"] = 2.675, 1.1, 1.575, 1.005
    ws["C5"], ws["C6"], ws["C7"] = 0.1, 0.2, 0.3
    for row, (formula, _) in enumerate(ROUND_CASES, 1):
        ws.cell(row, 1, formula)
        ws.cell(row, 2, "=" + formula)
    sweep = wb.create_sheet("sweep")
    for row, x in enumerate(HALVES, 1):
        sweep.cell(row, 1, x)
        sweep.cell(row, 2, f"=ROUND(A{row},2)")
        sweep.cell(row, 3, f"=ROUND(A{row},1)")
    wb.save(path)


def build_cross_sheet(path: Path) -> None:
    wb = openpyxl.Workbook()
    summary = wb.active
    summary.title = "表1 收支总表"
    spending = wb.create_sheet("表3 支出总表")
    spending["B2"], spending["B3"] = 100.5, 200.25  # B4 left blank
    spending["B5"] = "=SUM(B2:B4)"
    spending["C2"] = "='表1 收支总表'!A1*2"  # a reference back the other way
    summary["A1"] = "='表3 支出总表'!B2"
    summary["A2"] = "=SUM('表3 支出总表'!B2:B4)"
    summary["A3"] = "='表3 支出总表'!B4"  # a blank cell reads as 0
    summary["A4"] = "='表3 支出总表'!B5-A2"
    summary["A5"] = "='表3 支出总表'!C2"
    wb.save(path)


def build_counting(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "count"
    ws["A1"], ws["A2"], ws["A4"] = 5, 0, 3  # A3 and A5 blank
    ws["B1"] = "=SUMPRODUCT(--(A1:A5<>0))"
    ws["B2"] = "=(A3<>0)+(A1<>0)"
    ws["B3"] = "=(A3<>0)+(A5<>0)"
    ws["B4"] = "=A3=0"
    ws["B5"] = '=COUNTIF(A1:A5,"<>0")'
    ws["B6"] = "=SUM(A1:A5)"
    # text placeholders, as published tables print them for "nothing"
    ws["D1"], ws["D2"], ws["D3"], ws["D4"], ws["D5"] = "-", "—", " ", 0, 7
    ws["D6"] = '=IF(1,"","")'
    ws["E1"] = "=SUMPRODUCT(--(D1:D6<>0))"
    ws["E2"] = "=SUMPRODUCT(ISNUMBER(D1:D6)*(D1:D6<>0))"
    ws["E3"] = "=SUM(D1:D6)"
    ws["E4"] = "=ABS(D1)"
    ws["E5"] = "=D6"
    wb.save(path)


VERDICTS = [  # published, recomputed, allowance, verdict
    (100.0, 100.0, 0.01, "通过"),
    (1234.56, "=1000.11+234.45", 0.01, "通过"),  # float noise in the recomputation
    (100.01, 100.0, 0.01, "尾差"),  # difference exactly at the allowance
    (99.99, 100.0, 0.01, "尾差"),
    (100.011, 100.0, 0.01, "不符"),
    (90.0, 100.0, 0.01, "不符"),
    (0.0, "=0.1+0.2-0.3", 0.0, "通过"),
]


def build_verdicts(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "核对"
    for r, (published, recomputed, allowance, _) in enumerate(VERDICTS, 1):
        ws.cell(r, 1, published)
        ws.cell(r, 2, recomputed)
        ws.cell(r, 3, allowance)
        ws.cell(r, 4, f"=A{r}-B{r}")
        ws.cell(r, 5, f'=IF(ABS(D{r})<{EPS},"通过",IF(ABS(D{r})<=C{r}+{EPS},"尾差","不符"))')
    wb.save(path)


def build_no_cache(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "cache"
    ws["A1"], ws["A2"] = 1.25, 2.5
    ws["A3"] = "=SUM(A1:A2)"
    ws["A4"] = "=A3*2"
    wb.save(path)


def build_stale_cache(path: Path) -> None:
    """A3 = SUM(A1:A2) = 3, but its cached value says 99, as after an edit outside Excel."""
    build_no_cache(path)
    with zipfile.ZipFile(path) as z:
        parts = {info: z.read(info.filename) for info in z.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts.items():
            if info.filename == "xl/worksheets/sheet1.xml":
                data, n = re.subn(rb"<f>SUM\(A1:A2\)</f><v\s*/>", b"<f>SUM(A1:A2)</f><v>99</v>", data)
                assert n == 1, data
            z.writestr(info, data)


def build_text_equals(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "text"
    ws["A1"] = "=1+1"
    ws["A1"].data_type = "s"  # text that happens to start with "="
    ws["A2"] = "=1+1"  # a real formula beside it
    wb.save(path)


BUILDERS = {
    "round": build_round,
    "cross_sheet": build_cross_sheet,
    "counting": build_counting,
    "verdicts": build_verdicts,
    "no_cache": build_no_cache,
    "stale_cache": build_stale_cache,
    "text_equals": build_text_equals,
}


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> dict[str, Path]:
    src = tmp_path_factory.mktemp("workbooks")
    paths = {}
    for name, build in BUILDERS.items():
        paths[name] = src / f"{name}.xlsx"
        build(paths[name])
    return paths


@pytest.fixture(scope="module")
def recalculated(sources, tmp_path_factory) -> dict[str, Path]:
    require_soffice()
    outputs = recalculate_many(list(sources.values()), tmp_path_factory.mktemp("recalculated"))
    return dict(zip(sources, outputs))


# ---------------------------------------------------------------- (a) SUM and ROUND


@pytest.mark.parametrize("row, formula, expected", [(r, f, e) for r, (f, e) in enumerate(ROUND_CASES, 1)])
def test_round_and_sum(recalculated, row, formula, expected):
    got = values(recalculated["round"], "round")[f"B{row}"]
    assert got == expected, f"={formula} gave {got!r}"


def test_round_matches_decimal_half_up_below_1e10(recalculated):
    """ROUND(x,2) and ROUND(x,1) agree with Decimal half-up on repr(x) for |x| < 1e10."""
    got = values(recalculated["round"], "sweep")
    wrong = [
        (x, got[f"B{row}"], _half_up(x, 2), got[f"C{row}"], _half_up(x, 1))
        for row, x in enumerate(HALVES, 1)
        if (got[f"B{row}"], got[f"C{row}"]) != (_half_up(x, 2), _half_up(x, 1))
    ]
    assert not wrong, f"(x, ROUND(x,2), expected, ROUND(x,1), expected): {wrong[:10]}"


# ---------------------------------------------------------------- (b) cross-sheet references


def test_cross_sheet_reference_to_chinese_sheet_name_with_space(recalculated):
    got = values(recalculated["cross_sheet"], "表1 收支总表")
    assert got["A1"] == 100.5
    assert got["A2"] == 300.75
    assert got["A3"] == 0  # a reference to a blank cell is 0, not None
    assert got["A4"] == 0
    assert got["A5"] == 201
    assert values(recalculated["cross_sheet"], "表3 支出总表")["B5"] == 300.75


def test_cross_sheet_formula_text_survives(recalculated):
    wb = openpyxl.load_workbook(recalculated["cross_sheet"])
    assert wb.sheetnames == ["表1 收支总表", "表3 支出总表"]
    assert wb["表1 收支总表"]["A2"].value == "=SUM('表3 支出总表'!B2:B4)"


# ---------------------------------------------------------------- (c) counting non-zero cells


def test_sumproduct_does_not_count_blanks(recalculated):
    got = values(recalculated["counting"], "count")
    assert got["B1"] == 2  # 5, 0, blank, 3, blank
    assert got["B2"] == 1  # (blank<>0) + (5<>0)
    assert got["B3"] == 0  # two blanks
    assert got["B4"] is True  # blank = 0
    assert got["B6"] == 8


def test_countif_not_zero_does_count_blanks(recalculated):
    """Why the workbook must not use COUNTIF(r,"<>0") for "how many figures are non-zero"."""
    assert values(recalculated["counting"], "count")["B5"] == 4


def test_text_placeholders_are_not_zero(recalculated):
    got = values(recalculated["counting"], "count")
    assert got["E1"] == 5  # "-", "—", " ", 7 and the formula's "" all count
    assert got["E2"] == 1  # only the number 7
    assert got["E3"] == 7  # SUM skips text
    assert got["E4"] == "#VALUE!"  # ABS of a dash
    assert got["E5"] is None  # a formula's "" reads back as None


# ---------------------------------------------------------------- (d) IF/ABS verdicts


@pytest.mark.parametrize("row, case", list(enumerate(VERDICTS, 1)))
def test_verdict_text(recalculated, row, case):
    published, recomputed, allowance, verdict = case
    assert values(recalculated["verdicts"], "核对")[f"E{row}"] == verdict


# ---------------------------------------------------------------- (e) missing and stale cached values


def test_formula_without_cached_value_comes_back_computed(sources, recalculated):
    assert values(sources["no_cache"], "cache")["A3"] is None  # openpyxl writes no value
    got = values(recalculated["no_cache"], "cache")
    assert (got["A3"], got["A4"]) == (3.75, 7.5)


def test_stale_cached_value_is_recalculated(sources, recalculated):
    """Fails if the profile's recalculate-on-load setting is not in effect."""
    assert values(sources["stale_cache"], "cache")["A3"] == 99
    assert values(recalculated["stale_cache"], "cache")["A3"] == 3.75


# ---------------------------------------------------------------- (f) text that starts with "="


def test_text_starting_with_equals_stays_text(recalculated):
    got = values(recalculated["text_equals"], "text")
    assert got["A1"] == "=1+1"
    assert got["A2"] == 2
    cell = openpyxl.load_workbook(recalculated["text_equals"])["text"]["A1"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")


# ---------------------------------------------------------------- the harness itself


def test_recalculate_single_file(sources, tmp_path):
    require_soffice()
    out = recalculate(sources["no_cache"], tmp_path)
    assert out == tmp_path / "no_cache.xlsx"
    assert values(out)["A4"] == 7.5


def test_colliding_names_are_refused(tmp_path):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        build_no_cache(tmp_path / sub / "same.xlsx")
    with pytest.raises(ValueError, match="collide"):
        recalculate_many([tmp_path / "a" / "same.xlsx", tmp_path / "b" / "same.xlsx"], tmp_path / "out")
    with pytest.raises(ValueError, match="overwrite"):
        recalculate(tmp_path / "a" / "same.xlsx", tmp_path / "a")
    with pytest.raises(FileNotFoundError):
        recalculate(tmp_path / "missing.xlsx", tmp_path / "out")


def test_timeout_kills_libreoffice(sources, tmp_path):
    require_soffice()
    profile = tmp_path / "profile"
    with pytest.raises(RecalcError, match="did not finish"):
        recalculate_many([sources["no_cache"]], tmp_path / "out", timeout=0.2, profile=profile)
    assert not (tmp_path / "out" / "no_cache.xlsx").exists()
    survivors = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if str(profile).encode() in (proc / "cmdline").read_bytes():
                survivors.append(proc.name)
        except OSError:
            pass
    assert not survivors, f"soffice processes left running: {survivors}"


def test_unloadable_file_is_an_error_with_libreoffice_output(sources, tmp_path):
    """soffice exits 0 when it cannot load an input; the missing output still fails the call."""
    require_soffice()
    bogus = tmp_path / "bogus.xlsx"
    bogus.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(RecalcError) as failure:
        recalculate_many([sources["no_cache"], bogus], tmp_path / "out")
    message = str(failure.value)
    assert "not written: " + str(tmp_path / "out" / "bogus.xlsx") in message
    assert "could not be loaded" in message  # LibreOffice's own words, from its output
    assert (tmp_path / "out" / "no_cache.xlsx").is_file()  # the good file was converted
