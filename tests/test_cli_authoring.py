"""The authors' commands as an author meets them: new-bank, new, stats, validate's layout lint."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from game import cli_authoring
from game.content.loader import load_paths
from tests.conftest import ROOT
from tests.content.formats.helpers import FIXTURES, as_read_back, gift_keeps


def run(*args: str, cwd=None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CIVIC_QUIZ_CACHE_DIR": ""}
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        cwd=cwd or ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        input=stdin,
    )


def test_new_bank__creates_a_valid_commented_bank(tmp_path):
    result = run("new-bank", "my-civics", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "my-civics.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=./bank.schema.json")
    assert "## " in text and "id: my-civics" in text
    assert (tmp_path / "bank.schema.json").exists()
    loaded = load_paths([path])
    assert loaded.ok and [q.id for q in loaded.banks[0].questions] == ["my-civics-001"]
    again = run("new-bank", "my-civics", cwd=tmp_path)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert path.read_text() == text


def test_new__appends_with_the_next_id_and_keeps_every_byte_above(tmp_path):
    run("new-bank", "bank", cwd=tmp_path)
    path = tmp_path / "bank.yaml"
    before = path.read_text()
    result = run(
        "new",
        "bank.yaml",
        "--type",
        "match",
        "--topic",
        "Who does what",
        "--difficulty",
        "2",
        "--prompt",
        "Match each official to a task.",
        "--choice",
        "Attorney General => Prosecutions",
        "--choice",
        "Secretary of Homeland Security => Threat networks",
        "--explanation",
        "Sec. 2(a) and 2(e).",
        "--source",
        "eo:Sec. 2",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "added bank-002" in result.stdout
    after = path.read_text()
    assert after.startswith(before.rstrip("\n"))  # comments and formatting untouched
    bank = load_paths([path]).banks[0]
    added = bank.questions[-1]
    assert added.id == "bank-002" and added.pairs == (
        ("Attorney General", "Prosecutions"),
        ("Secretary of Homeland Security", "Threat networks"),
    )
    assert added.source is not None and added.source.locator == "Sec. 2"


def test_new__invalid_question_is_refused_and_the_file_kept(tmp_path):
    run("new-bank", "bank", cwd=tmp_path)
    path = tmp_path / "bank.yaml"
    before = path.read_text()
    result = run(
        "new",
        "bank.yaml",
        "--type",
        "single",
        "--topic",
        "T",
        "--difficulty",
        "1",
        "--prompt",
        "Which?",
        "--choice",
        "a",
        "--choice",
        "b",
        "--answer",
        "3",
        "--explanation",
        "x",
        "--source",
        "eo:Sec. 1",
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert "answer 3 is out of range (2 choices)" in result.stderr
    assert "was not changed" in result.stderr and path.read_text() == before


def test_new__without_a_terminal_names_what_is_missing(tmp_path):
    run("new-bank", "bank", cwd=tmp_path)
    result = run("new", "bank.yaml", "--type", "single", cwd=tmp_path, stdin="")
    assert result.returncode == 2
    assert "missing --topic, --difficulty, --prompt" in result.stderr


def test_new__asks_for_what_is_missing_in_a_terminal(tmp_path, monkeypatch, capsys):
    run("new-bank", "bank", cwd=tmp_path)
    answers = iter(
        [
            "true_false",
            "Limits",
            "1",
            "The order creates new crimes.",
            "false",
            "It creates no new crimes.",
            "eo:Sec. 2(a)",
        ]
    )
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    from game.cli import main

    assert main(["new", str(tmp_path / "bank.yaml")]) == 0
    q = load_paths([tmp_path / "bank.yaml"]).banks[0].questions[-1]
    assert (q.type.value, q.topic, q.difficulty, q.truth) == ("true_false", "Limits", 1, False)
    assert q.explanation == "It creates no new crimes."


def test_next_question_id__follows_the_bank_style():
    from game.content.authoring import next_question_id

    bank = load_paths([ROOT / "questions" / "the-order.yaml"]).banks[0]
    highest = max(int(q.id.rsplit("-", 1)[1]) for q in bank.questions)
    assert next_question_id(bank) == f"order-{highest + 1:03d}"


def test_stats__counts_and_flags(tmp_path):
    result = run("stats")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    shipped = sum(len(b.questions) for b in load_paths([ROOT / "questions"]).banks)
    banks = len(load_paths([ROOT / "questions"]).banks)
    assert out.startswith(f"{shipped} questions in {banks} bank(s)")
    assert "single" in out and "poll" in out and "without explanation (0): none" in out
    assert "without valid_as_of (0): none" in out and "valid_as_of older than a year (" in out


def test_validate_layout__warns_when_text_does_not_fit(tmp_path):
    bank = tmp_path / "long.yaml"
    prompt = "Why is this prompt so very long? " * 30
    bank.write_text(
        "bank: {id: long, title: Long, sources: [{id: eo, title: The order}]}\n"
        "questions:\n"
        "  - id: long-1\n    type: single\n    topic: T\n    difficulty: 1\n"
        f'    prompt: "{prompt.strip()}"\n'
        f'    choices: ["{"word " * 70}", "b"]\n'
        "    answer: 2\n    explanation: e\n    source: {id: eo, locator: x}\n"
    )
    result = run("validate", str(bank))
    assert result.returncode == 0  # warnings only
    assert (
        f"{bank}:3: warning: choice 1 does not fit an 800×600 window while asking "
        "[question long-1]" in result.stdout
    )
    quiet = run("validate", "--no-layout", str(bank))
    assert "does not fit" not in quiet.stdout


def test_shipped_banks__have_no_layout_warnings():
    result = run("validate")
    assert result.returncode == 0 and "0 warning(s)" in result.stdout


@pytest.mark.parametrize(
    "qtype", ["single", "multiple", "true_false", "order", "match", "text", "numeric", "poll"]
)
def test_question_data__every_type_validates(qtype, tmp_path):
    values = {
        "type": qtype,
        "topic": "T",
        "difficulty": "2",
        "prompt": "P?",
        "choices": {"order": ["a", "b"], "match": ["a => 1", "b => 2"], "text": ["yes"]}.get(
            qtype, ["a", "b", "c"]
        ),
        "answer": {"single": "2", "multiple": "1,3", "true_false": "true", "numeric": "282"}.get(
            qtype
        ),
        "explanation": "because",
        "source": "eo:Sec. 1",
    }
    data = cli_authoring._question_data(values)
    assert isinstance(data, dict)
    data["id"] = "t-1"
    from game.content.authoring import append_question, template_for

    path = tmp_path / "t.yaml"
    path.write_text(append_question(template_for("t", "T"), data))
    assert load_paths([path]).ok


def test_export_and_import_back__gift_and_kahoot_xlsx(tmp_path):
    gift = run("export", "questions", "--format", "gift", "-o", str(tmp_path / "all.gift"))
    assert gift.returncode == 0, gift.stderr
    shipped_banks = load_paths([ROOT / "questions"]).banks
    total = sum(len(b.questions) for b in shipped_banks)
    left_out = sum(not gift_keeps(q) for b in shipped_banks for q in b.questions)
    assert f"exported {total - left_out} of {total} question(s)" in gift.stdout
    assert f"; {left_out} skipped" in gift.stdout
    back = run("import", str(tmp_path / "all.gift"), "-o", str(tmp_path / "back.yaml"))
    assert back.returncode == 0, back.stderr
    bank = load_paths([tmp_path / "back.yaml"]).banks[0]
    shipped = {q.id: q for b in load_paths([ROOT / "questions"]).banks for q in b.questions}
    assert len(bank.questions) == sum(gift_keeps(q) for q in shipped.values())
    for q in bank.questions:
        assert q.prompt == as_read_back(shipped[q.id]).prompt
    xlsx = run("export", "questions", "-o", str(tmp_path / "quiz.xlsx"))
    assert xlsx.returncode == 0 and "as xlsx" in xlsx.stdout
    assert "order" in xlsx.stderr  # what Kahoot cannot hold is named, not dropped silently
    again = run("import", str(tmp_path / "quiz.xlsx"), "-o", str(tmp_path / "kahoot.yaml"))
    assert again.returncode == 0, again.stderr
    assert load_paths([tmp_path / "kahoot.yaml"]).ok


@pytest.fixture
def moodle_samples() -> tuple[Path, Path]:
    """A GIFT file and an Aiken file with the cases of Moodle's own fixtures (ours: those are GPL;
    tests/conformance/test_cli_originals.py runs this test again on the originals)."""
    return (
        FIXTURES / "gift" / "own" / "questions.gift.txt",
        FIXTURES / "aiken" / "own" / "aiken_errors.txt",
    )


def test_import_moodle_gift_and_aiken_files(tmp_path, moodle_samples):
    gift_file, aiken_file = moodle_samples
    gift = run(
        "import",
        str(gift_file),
        "-o",
        str(tmp_path / "moodle.yaml"),
    )
    assert gift.returncode == 0, gift.stderr
    assert "imported 8 question(s)" in gift.stdout and "essay" in gift.stderr
    aiken = run(
        "import",
        str(aiken_file),
        "--format",
        "aiken",
        "-o",
        str(tmp_path / "aiken.yaml"),
    )
    assert aiken.returncode == 1  # the file has errors: named with their lines
    assert "aiken_errors.txt:3:1: error: Question must have at least 2 answers" in aiken.stderr
    assert "Traceback" not in aiken.stderr
    assert load_paths([tmp_path / "moodle.yaml", tmp_path / "aiken.yaml"]).ok


def test_import__unknown_extension_asks_for_a_format(tmp_path):
    odd = tmp_path / "questions.dat"
    odd.write_text("x")
    result = run("import", str(odd))
    assert result.returncode == 2 and "--format" in result.stderr


def test_new__an_undeclared_source_is_asked_again_and_nothing_typed_is_lost(
    tmp_path, monkeypatch, capsys
):
    run("new-bank", "bank", cwd=tmp_path)
    answers = iter(
        [
            "true_false",
            "Limits",
            "1",
            "The order creates new crimes.",
            "false",
            "It creates no new crimes.",
            "whitehouse:Sec. 2(a)",  # not declared in the bank
            "eo:Sec. 2(a)",  # asked again: a declared one
        ]
    )
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    from game.cli import main

    assert main(["new", str(tmp_path / "bank.yaml")]) == 0
    assert "source 'whitehouse' is not declared in this bank" in capsys.readouterr().out
    q = load_paths([tmp_path / "bank.yaml"]).banks[0].questions[-1]
    assert (q.topic, q.prompt, q.explanation) == (
        "Limits",
        "The order creates new crimes.",
        "It creates no new crimes.",
    )
    assert q.source is not None and q.source.source.id == "eo"


def test_new__a_cloze_question_from_one_line_per_gap(tmp_path):
    """`new` builds every registered type (the type's module says how): for cloze each --choice
    (or line asked for) is one gap's accepted answers, alternatives separated by |."""
    run("new-bank", "bank", cwd=tmp_path)
    path = tmp_path / "bank.yaml"
    result = run(
        "new",
        "bank.yaml",
        "--type",
        "cloze",
        "--topic",
        "Designation",
        "--difficulty",
        "1",
        "--prompt",
        "The order designates illicit ___ as a WMD and directs the ___ to prosecute.",
        "--choice",
        "fentanyl",
        "--choice",
        "Attorney General | AG",
        "--explanation",
        "Sec. 1 and Sec. 2(a).",
        "--source",
        "eo:Sec. 1",
        "--no-input",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    added = load_paths([path]).banks[0].questions[-1]
    assert [g.accept for g in added.gaps] == [("fentanyl",), ("Attorney General", "AG")]
