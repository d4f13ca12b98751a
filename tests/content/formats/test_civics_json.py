"""Civics test datasets (talesin 2025 list, kaladron 2008 object) as banks of text questions.

Every expectation is computed from the JSON read here: copies of the datasets (MIT and Apache-2.0)
with their licences in tests/fixtures/corpora/civics.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.content.formats import FORMATS, reader
from game.content.formats.civics_json import read
from game.content.problems import Severity
from game.core.answers import answer_key, is_correct
from game.core.model import QuestionType
from tests.content.formats.helpers import FIXTURES, load_data

CIVICS = FIXTURES / "civics"
TALESIN = CIVICS / "talesin-civics100" / "civics-questions-2025.json"
DISTRACTORS = CIVICS / "talesin-civics100" / "questions-with-distractors-2025.json"
KALADRON = CIVICS / "kaladron-uscis_test" / "2008.json"


def imported(path: Path):
    return read(path.read_bytes(), str(path))


def warnings_by(result, code: str) -> list:
    return [p for p in result.problems if p.code == code and p.severity is Severity.WARNING]


def test_registry__civics_json_reader():
    assert FORMATS["civics-json"].reader is read
    assert reader("civics-json") is read


# -- talesin 2025 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [TALESIN, DISTRACTORS], ids=["plain", "with-distractors"])
def test_talesin__every_fixed_answer_question_imported_and_valid(tmp_path, path):
    source = json.loads(path.read_text(encoding="utf-8"))
    result = imported(path)
    bank = load_data(tmp_path, result.data)
    fixed = [q for q in source if q["answers"]["_type"] == "text"]
    assert len(bank.questions) == len(fixed) >= 100
    assert all(q.type is QuestionType.TEXT for q in bank.questions)
    assert [p for p in result.problems if p.is_error] == []
    for item, q in zip(fixed, bank.questions, strict=True):
        assert q.id == f"{bank.id}-{item['questionNumber']:03d}"
        assert q.topic == item["section"]
        assert list(q.accept[: len(item["answers"]["choices"])]) == item["answers"]["choices"]
        marked = item["question"].rstrip().endswith("*")
        assert ("65-20" in q.tags) is marked
        assert q.prompt == item["question"].rstrip().rstrip("*").rstrip()
        assert item["theme"].lower().replace(" ", "-") in q.tags
        assert q.source.source.id == "imported"
        assert q.source.locator == f"question {item['questionNumber']}"
        assert q.valid_as_of is None


def test_talesin__state_dependent_questions_skipped_with_a_warning_each():
    source = json.loads(TALESIN.read_text(encoding="utf-8"))
    result = imported(TALESIN)
    varying = [q for q in source if q["answers"]["_type"] != "text"]
    assert {q["answers"]["_type"] for q in varying} == {
        "senator",
        "representative",
        "governor",
        "capital",
    }
    warned = warnings_by(result, "answer-varies")
    assert sorted(p.question for p in warned) == sorted(
        f"civics-questions-2025-{q['questionNumber']:03d}" for q in varying
    )
    assert all("answers will vary" in p.message and p.line > 0 for p in warned)
    ids = {q["id"] for q in result.data["questions"]}
    assert not ids & {p.question for p in warned}


def test_talesin__several_required_answers_warned_any_one_accepted():
    source = json.loads(TALESIN.read_text(encoding="utf-8"))
    result = imported(TALESIN)
    several = [q for q in source if q["expectedAnswers"] > 1 and q["answers"]["_type"] == "text"]
    warned = warnings_by(result, "several-answers")
    assert [p.question for p in warned] == [
        f"civics-questions-2025-{q['questionNumber']:03d}" for q in several
    ]
    for item, warning in zip(several, warned, strict=True):
        assert f"asks for {item['expectedAnswers']} answers" in warning.message
        assert "any one" in warning.message


def test_talesin__warning_lines_point_at_the_question_in_the_file():
    text = TALESIN.read_text(encoding="utf-8")
    lines = text.splitlines()
    for warning in warnings_by(imported(TALESIN), "several-answers"):
        number = int(warning.question.rsplit("-", 1)[1])
        block = "\n".join(lines[warning.line - 1 : warning.line + 12])
        assert f'"questionNumber": {number},' in block


def test_talesin__sample_question_answers_and_parenthesis_variant(tmp_path):
    source = json.loads(TALESIN.read_text(encoding="utf-8"))
    item = next(q for q in source if q["question"].startswith("What is the supreme law"))
    bank = load_data(tmp_path, imported(TALESIN).data)
    q = next(x for x in bank.questions if x.prompt.startswith("What is the supreme law"))
    assert q.accept[0] == item["answers"]["choices"][0]
    assert is_correct(q, "U.S. Constitution")
    assert is_correct(q, "constitution")  # "(U.S.)" is optional in USCIS answers
    assert not is_correct(q, "the Declaration")


def test_talesin__officeholder_now_questions_warned_without_invented_dates(tmp_path):
    source = json.loads(TALESIN.read_text(encoding="utf-8"))
    result = imported(TALESIN)
    now = [q for q in source if q["answers"]["_type"] == "text" and " now?" in q["question"]]
    warned = warnings_by(result, "answer-changes")
    assert sorted(p.question for p in warned) == sorted(
        f"civics-questions-2025-{q['questionNumber']:03d}" for q in now
    )
    assert all("valid_as_of" not in q for q in result.data["questions"])


def test_distractors__not_imported_warned_per_question():
    source = json.loads(DISTRACTORS.read_text(encoding="utf-8"))
    result = imported(DISTRACTORS)
    warned = [p for p in warnings_by(result, "not-imported") if "distractors" in p.message]
    with_distractors = [
        q for q in source if q["answers"]["_type"] == "text" and q.get("distractors")
    ]
    assert len(warned) == len(with_distractors)
    first = with_distractors[0]
    assert f"{len(first['distractors'])} wrong answers" in warned[0].message


# -- kaladron 2008 --------------------------------------------------------------------------------


def kaladron_fixed(item: dict) -> list[str]:
    """The dataset's own accepted answers: answers then extra_answers, minus USCIS notes."""
    return [
        a
        for a in item["answers"] + item.get("extra_answers", [])
        if not a.startswith("[") and not a.startswith(("Answers will vary", "Visit uscis"))
    ]


def test_kaladron__every_fixed_answer_question_imported_and_valid(tmp_path):
    source = json.loads(KALADRON.read_text(encoding="utf-8"))
    result = imported(KALADRON)
    bank = load_data(tmp_path, result.data)
    fixed = {
        k: v for k, v in source.items() if not v.get("outside_record") and not v.get("us_answer")
    }
    assert len(bank.questions) == len(fixed) >= 90
    for q in bank.questions:
        number = q.id.rsplit("-", 1)[1]
        item = fixed[str(int(number))]
        assert q.type is QuestionType.TEXT
        assert q.prompt == item["question"]
        answers = kaladron_fixed(item)
        assert list(q.accept[: len(answers)]) == answers
        assert ("65-20" in q.tags) is bool(item.get("over65"))
        assert q.source.locator == f"question {int(number)}"


def test_kaladron__varying_answers_skipped_with_a_warning_each():
    source = json.loads(KALADRON.read_text(encoding="utf-8"))
    result = imported(KALADRON)
    varying = sorted(
        int(k) for k, v in source.items() if v.get("outside_record") or v.get("us_answer")
    )
    warned = warnings_by(result, "answer-varies")
    assert sorted(int(p.question.rsplit("-", 1)[1]) for p in warned) == varying
    assert all("not imported" in p.message for p in warned)


def test_kaladron__must_answer_warned_and_bracketed_note_becomes_explanation(tmp_path):
    source = json.loads(KALADRON.read_text(encoding="utf-8"))
    result = imported(KALADRON)
    must = sorted(int(k) for k, v in source.items() if v.get("must_answer", 1) > 1)
    warned = warnings_by(result, "several-answers")
    assert sorted(int(p.question.rsplit("-", 1)[1]) for p in warned) == must
    bank = load_data(tmp_path, result.data)
    key, item = next(
        (k, v) for k, v in source.items() if any(a.startswith("[") for a in v["answers"])
    )
    note = next(a for a in item["answers"] if a.startswith("["))
    q = next(x for x in bank.questions if x.id == f"2008-{int(key):03d}")
    assert q.explanation == note.strip("[]")
    assert all(not a.startswith("[") for a in q.accept)


def test_kaladron__topics_are_the_2008_test_sections(tmp_path):
    bank = load_data(tmp_path, imported(KALADRON).data)
    by_number = {int(q.id.rsplit("-", 1)[1]): q for q in bank.questions}
    assert by_number[1].topic == "Principles of American Democracy"
    assert by_number[13].topic == "System of Government"
    assert by_number[99].topic == "Holidays"
    assert len(bank.topics()) == 9


def test_kaladron__sample_question_with_extra_answers(tmp_path):
    source = json.loads(KALADRON.read_text(encoding="utf-8"))
    bank = load_data(tmp_path, imported(KALADRON).data)
    key, item = next(
        (k, v)
        for k, v in source.items()
        if v.get("extra_answers") and not v.get("only_extra_answers")
    )
    q = next(x for x in bank.questions if x.id == f"2008-{int(key):03d}")
    for answer in item["answers"] + item["extra_answers"]:
        assert is_correct(q, answer)
    assert {answer_key(a) for a in q.accept} >= {answer_key(a) for a in item["extra_answers"]}


# -- shapes and errors ----------------------------------------------------------------------------


def test_unrelated_json__error_not_exception():
    result = read(b'{"results": [{"type": "multiple"}]}', "opentdb.json")
    assert result.data is None and result.problems[0].code == "civics-shape"


def test_invalid_json__error_with_line_and_column():
    result = read(b'[\n  {"question": "x",\n   "answers": }\n]', "broken.json")
    assert result.data is None
    problem = result.problems[0]
    assert (problem.code, problem.line) == ("json-syntax", 3)


def test_kaladron_shape__varying_question_with_a_fixed_answer_is_kept(tmp_path):
    data = {
        "1": {
            "question": "Who is the Chief Justice now?",
            "us_answer": "chief_justice",
            "answers": ["Visit uscis.gov/citizenship/testupdates for the name."],
            "extra_answers": ["John Roberts"],
        },
        "2": {"question": "Name a state.", "answers": ["Ohio"], "color": "red"},
    }
    result = read(json.dumps(data, indent=2).encode(), "small.json")
    bank = load_data(tmp_path, result.data)
    assert [q.accept for q in bank.questions] == [("John Roberts",), ("Ohio",)]
    assert [q.topic for q in bank.questions] == ["Imported", "Imported"]
    assert warnings_by(result, "answer-varies")[0].question == "small-001"
    assert "`color`" in warnings_by(result, "not-imported")[0].message
