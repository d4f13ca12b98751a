"""`civic-quiz export` and cloze questions, through the real CLI and files: Moodle XML writes
each as a multianswer (Cloze) question, GIFT writes a one-gap cloze as a missing-word question
and skips one with several gaps, and CSV (which has no form for gaps) skips it; a skipped
question is counted with its reason and warned about with the one skip code, never written as
something else."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.cli import main
from game.content.loader import load_paths

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "cloze" / "cloze-example.yaml"
ONE_GAP = """bank:
  id: one-gap
  title: One gap
  language: en
  version: 1
  sources:
    - {id: eo, title: "EO", publisher: "The White House", kind: primary}
questions:
  - id: signed-on
    type: cloze
    topic: Signing
    difficulty: 1
    prompt: "The order was signed on ___ 2025."
    gaps:
      - accept: ["December 15"]
        options: ["December 1", "December 15", "January 20"]
    explanation: "It was signed on December 15, 2025."
    source: {id: eo, locator: "Sec. 1"}
"""


@pytest.mark.parametrize(
    ("fmt", "ext", "reason"),
    [
        ("gift", "txt", "cloze questions (GIFT's missing word has one gap, not several)"),
        ("csv", "csv", "cloze questions (CSV has no columns for gaps yet)"),
    ],
)
def test_cloze_a_format_cannot_hold_is_skipped_with_a_reason(tmp_path, capsys, fmt, ext, reason):
    out = tmp_path / f"out.{ext}"
    assert main(["export", "--format", fmt, "-o", str(out), str(FIXTURE)]) == 0
    printed = capsys.readouterr()
    text = printed.out + printed.err
    assert "exported 0 of 1 question(s)" in text
    assert f"1 skipped: {reason}" in text
    assert "1 × question-skipped" in text
    assert "cloze-001" not in out.read_text(encoding="utf-8-sig")


def test_cloze_exports_to_moodle_xml_and_imports_back_the_same(tmp_path, capsys):
    out = tmp_path / "out.xml"
    assert main(["export", "--format", "moodle-xml", "-o", str(out), str(FIXTURE)]) == 0
    assert "exported 1 of 1 question(s)" in capsys.readouterr().out
    content = out.read_text(encoding="utf-8")
    assert '<question type="cloze">' in content
    assert "{1:SHORTANSWER:%100%fentanyl}" in content
    back = tmp_path / "questions" / "back.yaml"
    back.parent.mkdir()
    assert main(["import", str(out), "-o", str(back)]) == 0
    (original,) = load_paths([FIXTURE]).banks[0].questions
    (again,) = load_paths([back]).banks[0].questions
    assert (again.type, again.prompt, again.gaps) == (original.type, original.prompt, original.gaps)


def test_one_gap_cloze_exports_to_gift_as_missing_word_and_imports_back_the_same(tmp_path, capsys):
    bank = tmp_path / "one-gap.yaml"
    bank.write_text(ONE_GAP, encoding="utf-8")
    out = tmp_path / "out.gift"
    assert main(["export", "--format", "gift", "-o", str(out), str(bank)]) == 0
    assert "exported 1 of 1 question(s)" in capsys.readouterr().out
    content = out.read_text(encoding="utf-8")
    assert "::signed-on::The order was signed on {\n\t~December 1\n\t=December 15" in content
    assert "} 2025." in content
    back = tmp_path / "questions" / "back.yaml"
    back.parent.mkdir()
    assert main(["import", str(out), "-o", str(back)]) == 0
    (original,) = load_paths([bank]).banks[0].questions
    (again,) = load_paths([back]).banks[0].questions
    assert again == original
