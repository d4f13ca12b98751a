"""Aiken conformance on the original Moodle and QAS-Editor files (GPL, read in place from
../shared/corpora/aiken; never copied). Collected only when ../shared is beside the repository:
tests/content/formats/test_aiken.py covers the same cases with our own files.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.content.formats.aiken import read
from game.core.model import QuestionType
from tests.content.formats.helpers import CORPORA, errors, load_data

AIKEN = CORPORA / "aiken"


def fixture(name: str) -> tuple[bytes, str]:
    path = AIKEN / name
    return path.read_bytes(), str(path)


def lines_of(name: str) -> list[str]:
    return (AIKEN / name).read_text(encoding="utf-8-sig").splitlines()


def test_a1_errors_file__imports_the_three_good_questions(tmp_path):
    result = read(*fixture("moodle/aiken_errors.txt"))
    bank = load_data(tmp_path, result.data)
    assert [q.prompt for q in bank.questions] == [
        line
        for line in lines_of("moodle/aiken_errors.txt")
        if line.startswith(("A good question", "A second good question", "A third good"))
    ]
    assert all(q.type is QuestionType.SINGLE for q in bank.questions)


def test_a1_errors_file__reports_moodles_errors_with_moodles_line_numbers():
    result = read(*fixture("moodle/aiken_errors.txt"))
    found = [(p.line, p.message) for p in errors(result)]
    assert [line for line, _ in found] == [3, 5, 7, 18]
    assert "Question must have at least 2 answers on line 3" in found[0][1]
    assert "A question with too few answers" in found[0][1]
    assert "Question not started on line 5" in found[1][1]
    assert "Question not started on line 7" in found[2][1]
    assert "Question not completed before next question start on line 18" in found[3][1]
    assert all(p.path.endswith("aiken_errors.txt") for p in errors(result))


def test_a1_choice_without_space_after_label__accepted_and_answer_by_position(tmp_path):
    bank = load_data(tmp_path, read(*fixture("moodle/aiken_errors.txt")).data)
    second = bank.questions[1]
    source = lines_of("moodle/aiken_errors.txt")
    start = source.index("A second good question")
    assert second.choices == (source[start + 1][2:], source[start + 2][2:])  # "A)Text": no space
    assert source[start + 3] == "ANSWER: B"
    assert second.correct == (1,)


def test_a1_html_special_characters__kept_as_plain_text_not_escaped(tmp_path):
    bank = load_data(tmp_path, read(*fixture("moodle/aiken_errors.txt")).data)
    third = bank.questions[2]
    source = lines_of("moodle/aiken_errors.txt")
    line = next(s for s in source if s.startswith("A third good question"))
    assert third.prompt == line.strip()
    assert "< > &" in third.choices[0] and "&lt;" not in third.choices[0]


def test_a2_moodle_behat_file__imports_2_questions(tmp_path):
    bank = load_data(tmp_path, read(*fixture("moodle/questions.aiken.txt")).data)
    assert len(bank.questions) == 2
    source = lines_of("moodle/questions.aiken.txt")
    first = bank.questions[0]
    assert first.prompt == source[0]
    assert first.choices == tuple(line[3:] for line in source[1:5])
    assert first.choices[first.correct[0]] == "Martin Dougiamas"  # ANSWER: B
    assert '<html class="cool"> &' in bank.questions[1].prompt


def test_a3_qas_editor_file__5_questions_and_question_2_as_expected(tmp_path):
    result = read(*fixture("qas-editor/aiken_1.txt"))
    bank = load_data(tmp_path, result.data)
    assert len(bank.questions) == 5
    q = bank.questions[1]
    assert q.prompt.startswith("During the month of September 2013")
    assert q.choices == ("Teaching with Moodle", "Moodle MOOC", "Moodle for Teachers")
    assert q.correct == (0,)
    assert errors(result) == []


def test_a3_repeated_choices__renamed_with_a_warning_per_choice(tmp_path):
    result = read(*fixture("qas-editor/aiken_1.txt"))
    bank = load_data(tmp_path, result.data)
    last = bank.questions[4]
    assert len(set(last.choices)) == 4
    dupes = [p for p in result.problems if p.code == "duplicate-choice"]
    assert len(dupes) == 3 and {p.question for p in dupes} == {last.id}
    assert [p.line for p in dupes] == [
        i
        for i, line in enumerate(lines_of("qas-editor/aiken_1.txt"), 1)
        if line.startswith(("B)  .", "C)  .", "D)  ."))
    ]


@pytest.mark.parametrize(
    "name", ["moodle/aiken_errors.txt", "moodle/questions.aiken.txt", "qas-editor/aiken_1.txt"]
)
def test_every_fixture__bank_metadata_and_sources_as_specified(tmp_path, name):
    result = read(*fixture(name))
    bank = load_data(tmp_path, result.data)
    stem = Path(name).stem
    assert bank.id == stem.lower().replace("_", "-").replace(".", "-")
    assert bank.title == stem
    assert [s.id for s in bank.sources] == ["imported"]
    assert bank.sources[0].title == f"Imported from {Path(name).name}"
    assert "check each fact" in bank.sources[0].note
    for number, q in enumerate(bank.questions, 1):
        assert q.id == f"{bank.id}-{number:03d}"
        assert (q.topic, q.difficulty) == ("Imported", 2)
        assert q.source.locator == f"question {number}"
    assert [p.code for p in result.problems].count("defaults") == 1
