"""`civic-quiz export` and a question type a format has no form for yet (cloze, until the Moodle
mapping writes GIFT missing-word and multianswer questions): it is skipped with one counted
reason, never written as something else, and never crashes a writer that doesn't know it."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.cli import main

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "cloze" / "cloze-example.yaml"


@pytest.mark.parametrize(("fmt", "ext"), [("gift", "txt"), ("moodle-xml", "xml"), ("csv", "csv")])
def test_cloze_is_skipped_with_a_reason(tmp_path, capsys, fmt, ext):
    out = tmp_path / f"out.{ext}"
    assert main(["export", "--format", fmt, "-o", str(out), str(FIXTURE)]) == 0
    printed = capsys.readouterr()
    text = printed.out + printed.err
    assert "exported 0 of 1 question(s)" in text
    assert f"1 skipped: cloze questions (no {fmt} form yet)" in text
    assert "cloze-001" not in out.read_text(encoding="utf-8-sig")
