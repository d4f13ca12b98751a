"""The `civic-quiz` command as an author meets it: exit codes, messages, JSON, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import yaml

from tests.conftest import QUESTIONS, ROOT
from tests.content.helpers import GOOD_SINGLE, HEADER


def run(*args: str, cwd=ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CIVIC_QUIZ_CACHE_DIR": ""}
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_validate_default__shipped_banks_clean():
    result = run("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s)" in result.stdout


def test_validate__mistake_is_reported_with_file_line_and_exit_1(tmp_path):
    bank = tmp_path / "mine.yaml"
    bank.write_text(HEADER + GOOD_SINGLE.replace("answer: 2", "answer: 5"))
    result = run("validate", str(bank))
    assert result.returncode == 1
    assert (
        f"{bank}:14:13: error: answer 5 is out of range (3 choices) [question q-1]" in result.stdout
    )
    assert "Traceback" not in result.stdout + result.stderr


def test_validate_json__lists_problems(tmp_path):
    bank = tmp_path / "mine.yaml"
    bank.write_text(HEADER + GOOD_SINGLE.replace("difficulty: 1", "difficulty: 9"))
    result = run("validate", "--format", "json", str(bank))
    assert result.returncode == 1
    [problem] = json.loads(result.stdout)
    assert problem["code"] == "out-of-range" and problem["line"] == 11
    assert problem["severity"] == "error" and problem["question"] == "q-1"


def test_validate__warnings_do_not_fail(tmp_path):
    bank = tmp_path / "mine.yaml"
    bank.write_text(
        HEADER + GOOD_SINGLE.replace('    explanation: "B is right because it is."\n', "")
    )
    result = run("validate", str(bank))
    assert result.returncode == 0 and "warning: graded question has no explanation" in result.stdout
    assert "0 error(s), 1 warning(s)" in result.stderr


def test_validate__hostile_files_never_traceback(tmp_path):
    (tmp_path / "bin.yaml").write_bytes(os.urandom(4096))
    (tmp_path / "tab.yaml").write_text("bank:\n\tid: x\n")
    (tmp_path / "bomb.yaml").write_text(
        "a: &a [x,x,x,x,x,x,x,x,x]\n"
        + "".join(
            f"{c}: &{c} [{','.join([f'*{p}'] * 9)}]\n"
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        )
    )
    result = run("validate", str(tmp_path))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "bomb.yaml:1:1: error: aliases expand" in result.stdout


def test_usage_error__exit_2():
    result = run("validate", "--format", "xml")
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_validate_folder_argument(tmp_path):
    result = run("validate", str(QUESTIONS))
    assert result.returncode == 0


def test_schema_command__prints_the_schema():
    result = run("schema")
    assert (
        result.returncode == 0 and json.loads(result.stdout)["title"] == "Civic Quiz question bank"
    )


def test_global_banks__before_or_after_stats(tmp_path):
    bank = str(QUESTIONS / "civics.yaml")
    before = run("--banks", bank, "stats")
    after = run("stats", "--banks", bank)
    count = len(yaml.safe_load((QUESTIONS / "civics.yaml").read_text("utf-8"))["questions"])
    for result in (before, after):
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"{count} questions in 1 bank(s)")
    assert before.stdout == after.stdout


def test_global_data_dir__before_or_after_report(tmp_path):
    for n, args in enumerate(
        (["--data-dir", "{d}", "report", "--list"], ["report", "--list", "--data-dir", "{d}"])
    ):
        folder = tmp_path / f"data{n}"
        result = run(*(a.format(d=folder) for a in args))
        assert result.returncode == 0 and "no classroom sessions yet" in result.stderr
        assert (folder / "civic-quiz.sqlite3").is_file()  # D was used, not the default folder


def test_global_options_a_command_cant_use__refused_clearly():
    result = run("--banks", "my.yaml", "new-bank", "x.yaml")
    assert result.returncode == 2
    assert "--banks can't be used with `new-bank`" in result.stderr
    result = run("--banks", "stats")
    assert result.returncode == 2 and "--banks needs at least one bank file" in result.stderr
    result = run("--size", "900x700", "validate")
    assert result.returncode == 2 and "--size can't be used with `validate`" in result.stderr
    assert "Traceback" not in result.stderr


def test_no_display__exits_with_a_clear_message(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")
    }
    result = subprocess.run(
        [sys.executable, "-m", "game", "--data-dir", str(tmp_path), "--mute"],
        cwd=ROOT,
        env={**env, "CIVIC_QUIZ_CACHE_DIR": ""},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "civic-quiz: no display found" in result.stderr
    assert "Traceback" not in result.stderr
