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
    assert data["format"] == "budget-disclosure" and data["format_version"] == "1.1"
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
    codes = [e.exit_code for e in errors.ALL_ERRORS] + [EXIT_OUTPUT_EXISTS]
    assert len(codes) == len(set(codes)) and 2 not in codes and 0 not in codes


def test_readme_and_ci_run_the_same_test_command():
    readme = (ROOT / "README.md").read_text("utf-8")
    commands = [line.strip() for line in readme.splitlines() if line.startswith("    bash scripts/setup.sh")]
    assert len(commands) >= 2 and commands[0].startswith("bash scripts/setup.sh &&")
    assert "--dev" in commands[1] and "pytest" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "README.md" in ci  # .ci/run executes the README's own line, so they cannot drift apart
