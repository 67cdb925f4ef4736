"""The command line: output forms, exit codes and messages, never a traceback."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from budget_disclosure import errors
from budget_disclosure.cli import EXIT_OUTPUT_EXISTS, main
from conftest import ROOT, seed_path


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "budget_disclosure.cli", *args], capture_output=True, text=True,
                          cwd=ROOT)


def test_summary_lists_tables_and_metadata(capsys):
    assert main(["extract", str(seed_path("000"))]) == 0
    out = capsys.readouterr().out
    assert "2026年 预算公开 · 单位 · 阳泉市生态环境监测和应急保障中心" in out
    assert "T13 项目支出预算表（上年结转）" in out and "T07 政府性基金预算收入表（不含上年结转）  本表无数据" in out


def test_json_to_stdout_is_versioned_and_complete(capsys):
    assert main(["extract", str(seed_path("004")), "--json", "-"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "budget-disclosure" and data["format_version"] == "1.5"
    assert (data["kind"], data["year"], data["level"], data["unit"]) == ("预算", 2026, "部门", "万元")
    assert [t["key"] for t in data["tables"]] == [f"T{i:02d}" for i in range(1, 14)]
    t3 = data["tables"][2]
    assert t3["rows"][0] == {"label": "合计", "code": None, "level": None, "role": "total", "key": "total",
                             "side": None, "values": {"total": 4558.02, "basic": 3915.63, "project": 642.39},
                             "page": None, "parent": None}


def test_json_file_is_not_overwritten_without_force(tmp_path, capsys):
    out = tmp_path / "out.json"
    out.write_text("the user's own file")
    assert main(["extract", str(seed_path("000")), "--json", str(out)]) == EXIT_OUTPUT_EXISTS
    assert out.read_text() == "the user's own file"
    assert "--force" in capsys.readouterr().err
    assert main(["extract", str(seed_path("000")), "--json", str(out), "--force"]) == 0
    assert json.loads(out.read_text())["entity"] == "阳泉市生态环境监测和应急保障中心"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left behind


@pytest.mark.parametrize("content, error", [
    (None, errors.FileMissing),
    (b"", errors.EmptyFile),
    ("这是一份会议通知。\n请各单位准时参加。\n".encode(), errors.NotADisclosure),
    (bytes(range(256)) * 4, errors.BrokenFile),
])
def test_bad_input_gets_its_own_message_and_exit_code(tmp_path, content, error):
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)
    result = run_cli("extract", str(path))
    assert result.returncode == error.exit_code
    assert str(path) in result.stderr and error.what in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_exit_codes_are_distinct():
    from budget_disclosure import cli

    codes = [e.exit_code for e in errors.ALL_ERRORS] + [EXIT_OUTPUT_EXISTS, cli.EXIT_ADDIN, cli.EXIT_SERVE]
    assert len(codes) == len(set(codes)) and 2 not in codes and 0 not in codes


def test_readme_and_ci_run_the_same_test_command():
    readme = (ROOT / "README.md").read_text("utf-8")
    commands = [line.strip() for line in readme.splitlines() if line.startswith("    bash scripts/setup.sh")]
    assert len(commands) >= 2 and commands[0].startswith("bash scripts/setup.sh &&")
    assert "--dev" in commands[1] and "pytest" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "README.md" in ci  # .ci/run executes the README's own line, so they cannot drift apart


# ── check ────────────────────────────────────────────────────────────────────────────────

def test_check_a_correct_document_exits_0_with_a_readable_report(capsys):
    from budget_disclosure.render.sample import SAMPLE_PDF

    assert main(["check", str(SAMPLE_PDF)]) == 0
    out = capsys.readouterr().out
    assert "错误 0 · 警告 0" in out and "尾差" in out
    assert "表6 基本支出经济分类表 合计 1477.21 ≈ 人员经费 1363.37 + 公用经费 113.83" in out


def test_check_exits_1_when_the_document_has_errors_and_json_lists_them(tmp_path, capsys):
    from budget_disclosure.render.pdf import render_pdf
    from budget_disclosure.render.sample import FACTS, SAMPLE_LAYOUT, compose_sections
    from budget_disclosure.write.json_form import from_dict

    d = from_dict(json.loads(FACTS.read_text("utf-8")))
    d.sections = compose_sections(d)  # the prose states the true figures …
    t10 = d.table("T10")
    t10.row("reception").values["total"] = json.loads("1.00", parse_float=__import__("decimal").Decimal)
    pdf = tmp_path / "wrong.pdf"
    render_pdf(d, pdf, SAMPLE_LAYOUT)  # … and 表10 prints a 公务接待费 its 合计 does not include
    out = tmp_path / "report.json"
    assert main(["check", str(pdf), "--json", str(out)]) == 1
    report = json.loads(out.read_text("utf-8"))
    errors_found = [f for f in report["findings"] if f["severity"] == "error"]
    assert report["summary"]["errors"] == len(errors_found) >= 1
    f = next(f for f in errors_found if f["rule"] == "T10-total")
    assert f["location"]["table"] == "T10" and f["location"]["page"] >= 1
    assert "公务接待费 1.00" in f["message"] and f["difference"] == -1.0
    assert main(["check", str(pdf), "--json", str(out)]) == 2  # never overwrites without --force
    assert "错误" in capsys.readouterr().out


def test_check_json_to_stdout(capsys):
    assert main(["check", str(seed_path("002")), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["format_version"] == "1.5" and data["summary"]["errors"] == 1
    (f,) = [f for f in data["findings"] if f["severity"] == "error"]
    assert f["rule"] == "prose-rate" and f["published"] == 15.45 and f["expected"] == 15.46
    assert f["location"]["section"].startswith("八、") and "15.45%" in f["location"]["sentence"]


@pytest.mark.parametrize("content", [None, b"", "这是一份会议通知。\n".encode()])
def test_check_exits_2_when_the_file_cannot_be_read(tmp_path, content):
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)
    result = run_cli("check", str(path))
    assert result.returncode == 2 and str(path) in result.stderr and "Traceback" not in result.stderr
