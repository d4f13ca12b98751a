"""The banks we ship: they validate cleanly and meet the content requirements."""

from __future__ import annotations

from collections import Counter

import pytest

from game.content.loader import find_bank_files, load_paths
from game.core.model import QuestionType
from tests.conftest import QUESTIONS

RESULT = load_paths([QUESTIONS])
QUESTIONS_ALL = [q for bank in RESULT.banks for q in bank.questions]


def test_shipped_banks__have_no_errors_or_warnings():
    assert [p.format() for p in RESULT.problems] == []


def test_every_file_loaded_as_a_bank():
    files, _ = find_bank_files([QUESTIONS])
    assert len(RESULT.banks) == len(files) >= 5


def test_at_least_150_questions():
    assert len(QUESTIONS_ALL) >= 150


def test_every_type__at_least_10_questions():
    counts = Counter(q.type for q in QUESTIONS_ALL)
    assert {t: counts[t] for t in QuestionType if counts[t] < 10} == {}


def test_polls__at_least_8():
    assert sum(q.type is QuestionType.POLL for q in QUESTIONS_ALL) >= 8


@pytest.mark.parametrize("difficulty", [1, 2, 3])
def test_each_difficulty__at_least_a_quarter(difficulty):
    share = sum(q.difficulty == difficulty for q in QUESTIONS_ALL) / len(QUESTIONS_ALL)
    assert share >= 0.25


def test_graded_questions__have_explanation_and_located_source():
    missing = [
        q.id
        for q in QUESTIONS_ALL
        if q.graded and not (q.explanation.strip() and q.source and q.source.locator.strip())
    ]
    assert missing == []


def test_every_declared_source_is_cited():
    for bank in RESULT.banks:
        cited = {ref.source.id for q in bank.questions for ref in q.citations}
        cited |= {ref.source.id for passage in bank.passages for ref in passage.sources}
        assert {s.id for s in bank.sources} - cited == set(), bank.id


def test_files_point_editors_at_the_schema():
    for path in sorted(QUESTIONS.glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=./bank.schema.json", path.name


def test_question_ids_follow_the_bank_prefix():
    for bank in RESULT.banks:
        prefixes = {q.id.rsplit("-", 1)[0] for q in bank.questions}
        assert len(prefixes) == 1, (bank.id, prefixes)
