"""Shared by the format tests: where the fixtures are, and loading imported data with the real
loader."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from game.content.bank_io import dump_bank
from game.content.loader import load_paths
from game.content.problems import Severity
from game.core.model import Bank, Question, QuestionType
from game.core.qtypes.cloze import GAP

ROOT = Path(__file__).resolve().parents[3]
# Copies of the MIT/Apache fixtures with their licences, and our own files for the GPL cases.
FIXTURES = ROOT / "tests" / "fixtures" / "corpora"
# The originals beside the repository, read in place (GPL files are never copied): only the
# tests in tests/conformance/ use them, and they are not collected when ../shared is missing.
CORPORA = ROOT.parent / "shared" / "corpora"


def load_data(tmp_path: Path, data: dict, name: str | None = None) -> Bank:
    """Write imported data as a bank file and load it: it must give one bank and no errors."""
    path = tmp_path / (name or f"{data['bank']['id']}.yaml")
    path.write_text(dump_bank(data), encoding="utf-8")
    result = load_paths([path])
    assert [p.format() for p in result.problems if p.is_error] == []
    assert len(result.banks) == 1
    return result.banks[0]


def errors(result) -> list:
    return [p for p in result.problems if p.severity is Severity.ERROR]


def gift_keeps(q: Question) -> bool:
    """Whether the GIFT writer keeps `q`: it skips order and poll questions, and a cloze with
    more than one gap (GIFT's missing word has one)."""
    if q.type in (QuestionType.ORDER, QuestionType.POLL):
        return False
    return not (q.type is QuestionType.CLOZE and len(q.gaps) > 1)


def as_read_back(q: Question) -> Question:
    """`q` as GIFT or Moodle XML give it back: a cloze gap written `_____` comes back `___`."""
    if q.type is QuestionType.CLOZE:
        return dataclasses.replace(q, prompt=GAP.sub("___", q.prompt))
    return q
