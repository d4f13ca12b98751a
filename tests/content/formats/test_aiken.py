"""Aiken import: Moodle's rules and the conformance rows A1–A6 of FORMATS.md §7.

AikenDoc's files (MIT) are copied in tests/fixtures/corpora/aiken/aikendoc. Moodle's and
QAS-Editor's (GPL) are not: tests/fixtures/corpora/aiken/own holds files of our own with the same
cases, and tests/conformance/ runs the originals when ../shared is beside the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.content.formats import FORMATS, guess_format, reader
from game.content.formats.aiken import read
from game.core.model import QuestionType
from tests.content.formats.helpers import FIXTURES, errors, load_data

AIKEN = FIXTURES / "aiken"


def fixture(name: str) -> tuple[bytes, str]:
    path = AIKEN / name
    return path.read_bytes(), str(path)


def lines_of(name: str) -> list[str]:
    return (AIKEN / name).read_text(encoding="utf-8-sig").splitlines()


def test_registry__names_aiken_read_for_aiken_files():
    assert FORMATS["aiken"].reader is read and FORMATS["aiken"].writer is None
    assert reader("aiken") is read
    assert guess_format("quiz.aiken") == "aiken"


# -- A1: the cases of Moodle's aiken_errors.txt, in own/aiken_errors.txt ---------------------------


def test_a1_errors_file__imports_the_three_good_questions(tmp_path):
    result = read(*fixture("own/aiken_errors.txt"))
    bank = load_data(tmp_path, result.data)
    assert [q.prompt for q in bank.questions] == [
        line
        for line in lines_of("own/aiken_errors.txt")
        if line.startswith(("A good question", "A second good question", "A third good"))
    ]
    assert all(q.type is QuestionType.SINGLE for q in bank.questions)


def test_a1_errors_file__reports_moodles_errors_with_moodles_line_numbers():
    result = read(*fixture("own/aiken_errors.txt"))
    found = [(p.line, p.message) for p in errors(result)]
    assert [line for line, _ in found] == [3, 5, 7, 18]
    assert "Question must have at least 2 answers on line 3" in found[0][1]
    assert "A question with only one choice" in found[0][1]
    assert "Question not started on line 5" in found[1][1]
    assert "Question not started on line 7" in found[2][1]
    assert "Question not completed before next question start on line 18" in found[3][1]
    assert all(p.path.endswith("aiken_errors.txt") for p in errors(result))


def test_a1_choice_without_space_after_label__accepted_and_answer_by_position(tmp_path):
    bank = load_data(tmp_path, read(*fixture("own/aiken_errors.txt")).data)
    second = bank.questions[1]
    source = lines_of("own/aiken_errors.txt")
    start = next(i for i, s in enumerate(source) if s.startswith("A second good question"))
    assert second.choices == (source[start + 1][2:], source[start + 2][2:])  # "A)Text": no space
    assert source[start + 3] == "ANSWER: B"
    assert second.correct == (1,)


def test_a1_html_special_characters__kept_as_plain_text_not_escaped(tmp_path):
    bank = load_data(tmp_path, read(*fixture("own/aiken_errors.txt")).data)
    third = bank.questions[2]
    source = lines_of("own/aiken_errors.txt")
    line = next(s for s in source if s.startswith("A third good question"))
    assert third.prompt == line.strip()
    assert "< > &" in third.choices[0] and "&lt;" not in third.choices[0]


# -- A2, A3 ---------------------------------------------------------------------------------------


def test_a2_behat_shaped_file__imports_2_questions(tmp_path):
    bank = load_data(tmp_path, read(*fixture("own/questions.aiken.txt")).data)
    assert len(bank.questions) == 2
    source = lines_of("own/questions.aiken.txt")
    first = bank.questions[0]
    assert first.prompt == source[0]
    assert first.choices == tuple(line[3:] for line in source[1:5])
    assert first.choices[first.correct[0]] == "The President"  # ANSWER: B
    assert '<html class="cool"> &' in bank.questions[1].prompt


def test_a3_qas_editor_shaped_file__5_questions_and_question_2_as_expected(tmp_path):
    result = read(*fixture("own/aiken_1.txt"))
    bank = load_data(tmp_path, result.data)
    assert len(bank.questions) == 5
    q = bank.questions[1]
    assert q.prompt.startswith("In December 2025 the President signed")
    assert q.choices == (
        "A weapon of mass destruction",
        "A controlled substance for the first time",
        "A medical emergency",
    )
    assert q.correct == (0,)
    assert errors(result) == []


def test_a3_repeated_choices__renamed_with_a_warning_per_choice(tmp_path):
    result = read(*fixture("own/aiken_1.txt"))
    bank = load_data(tmp_path, result.data)
    last = bank.questions[4]
    assert len(set(last.choices)) == 4
    dupes = [p for p in result.problems if p.code == "duplicate-choice"]
    assert len(dupes) == 3 and {p.question for p in dupes} == {last.id}
    assert [p.line for p in dupes] == [
        i
        for i, line in enumerate(lines_of("own/aiken_1.txt"), 1)
        if line.startswith(("B)  .", "C)  .", "D)  ."))
    ]


# -- A4–A6: AikenDoc (MIT; files start with a UTF-8 BOM) -----------------------------------------


def test_a4_single_question_with_bom__one_question_without_the_bom(tmp_path):
    raw, path = fixture("aikendoc/SingleQuestion.txt")
    assert raw.startswith(b"\xef\xbb\xbf")
    bank = load_data(tmp_path, read(raw, path).data)
    assert len(bank.questions) == 1
    assert bank.questions[0].prompt == lines_of("aikendoc/SingleQuestion.txt")[0]
    assert not bank.questions[0].prompt.startswith("\ufeff")
    assert bank.questions[0].correct == (3,)


def test_a4_multiple_questions__3_questions_12_elements(tmp_path):
    bank = load_data(tmp_path, read(*fixture("aikendoc/MultipleQuestions.txt")).data)
    assert len(bank.questions) == 3
    assert sum(1 + len(q.choices) for q in bank.questions) == 12
    assert [q.correct for q in bank.questions] == [(0,), (1,), (2,)]


def test_a5_no_answer__error_at_the_unfinished_question_and_nothing_imported():
    result = read(*fixture("aikendoc/NoAnswer.txt"))
    assert result.data is None
    assert [p.line for p in errors(result)] == [1]
    assert "ANSWER" in errors(result)[0].message


def test_a5_second_answer_line__error_on_its_line():
    result = read(*fixture("aikendoc/MultipleAnswers.txt"))
    answer_lines = [
        i
        for i, line in enumerate(lines_of("aikendoc/MultipleAnswers.txt"), 1)
        if line.startswith("ANSWER:")
    ]
    assert [p.line for p in errors(result)] == [answer_lines[1]]
    assert "Question not started" in errors(result)[0].message
    assert len(result.data["questions"]) == 1


def test_a6_invalid_choice_label__errors_and_nothing_imported():
    result = read(*fixture("aikendoc/InvalidOption.txt"))
    assert result.data is None
    first = errors(result)[0]
    assert first.line == 2  # "A, Is it this one?" starts a new question, as in Moodle
    assert "Question not completed before next question start on line 2" in first.message
    assert "`)` or `.`" in (first.hint or "")
    assert len(errors(result)) == 2  # and its ANSWER: D names no choice among B–D


@pytest.mark.parametrize(
    "name",
    [
        "own/aiken_errors.txt",
        "own/questions.aiken.txt",
        "own/aiken_1.txt",
        "aikendoc/SingleQuestion.txt",
        "aikendoc/MultipleQuestions.txt",
    ],
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


# -- rules beyond the fixtures ------------------------------------------------------------------


def test_crlf_line_endings__real_line_numbers():
    raw = b"Q one\r\nA) x\r\nANSWER: A\r\n\r\nQ two\r\nA) a\r\nB) b\r\nANSWER: B\r\n"
    result = read(raw, "crlf.txt")
    assert [p.line for p in errors(result)] == [3]
    assert len(result.data["questions"]) == 1


def test_lowercase_answer_line__reported_with_a_hint_at_the_next_question():
    raw = b"Q one\nA) x\nB) y\nanswer: A\nQ two\nA) a\nB) b\nANSWER: B\n"
    result = read(raw, "lower.txt")
    problems = errors(result)
    assert problems[0].line == 4 and "capitals" in problems[0].hint
    assert problems[1].line == 5  # "answer: A" itself was read as a question, like Moodle


def test_answer_letter_beyond_the_choices__error_not_a_broken_question():
    result = read(b"Which?\nA) x\nB) y\nANSWER: C\n", "bad.txt")
    assert result.data is None
    assert errors(result)[0].line == 4 and "names no choice" in errors(result)[0].message


def test_more_choices_than_a_question_holds__warning_and_skipped():
    body = "".join(f"{chr(65 + i)}) choice {i}\n" for i in range(10))
    result = read(f"Big one\n{body}ANSWER: A\nSmall\nA) a\nB) b\nANSWER: A\n".encode(), "b.txt")
    assert [q["prompt"] for q in result.data["questions"]] == ["Small"]
    warning = next(p for p in result.problems if p.code == "too-many-choices")
    assert warning.line == 1 and "10 choices" in warning.message


def test_choice_with_no_text__error():
    result = read(b"Which?\nA) x\nB)\nC) z\nANSWER: A\n", "e.txt")
    assert result.data is None and errors(result)[0].line == 3


def test_not_utf8__error_with_line_not_exception():
    result = read(b"Which?\nA) caf\xe9\nB) b\nANSWER: A\n", "latin1.txt")
    assert result.data is None
    assert errors(result)[0].code == "not-utf8" and errors(result)[0].line == 2


def test_utf16_with_bom__read():
    text = "Qu\u00e9?\nA) s\u00ed\nB) no\nANSWER: A\n"
    result = read(b"\xff\xfe" + text.encode("utf-16-le"), "u16.txt")
    assert result.data["questions"][0]["choices"] == ["s\u00ed", "no"]


def test_empty_file__error_not_exception():
    result = read(b"", "empty.txt")
    assert result.data is None and errors(result)[0].code == "no-questions"


def test_lines_shorter_than_2_bytes__ignored_like_moodle():
    result = read(b"Which?\nx\nA) a\nB) b\nANSWER: B\n", "short.txt")
    assert errors(result) == []
    assert result.data["questions"][0]["prompt"] == "Which?"
    assert result.data["questions"][0]["answer"] == 2
    started = read(b"Q\nA) a\nB) b\nANSWER: A\n", "one-letter.txt")  # "Q" is too short
    assert [p.line for p in errors(started)] == [2, 3, 4]
