"""Spreadsheets: Civic Quiz's own CSV (lossless, every type) and the Kahoot! template (CSV and
.xlsx), checked through the real loader and against the shipped banks."""

from __future__ import annotations

import csv
import inspect
import io
from collections import Counter
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from game.content.bank_io import bank_to_data
from game.content.formats import FORMATS, guess_format, reader, writer
from game.content.formats.exchange.registry import exchange
from game.content.formats.spreadsheet import (
    KAHOOT_HEADER,
    KAHOOT_TIMES,
    read_csv,
    read_kahoot_csv,
    read_xlsx,
    write_csv,
    write_kahoot_csv,
    write_xlsx,
)
from game.content.loader import load_paths
from game.content.problems import Severity
from game.core.model import Bank, Question, QuestionType
from tests.conftest import QUESTIONS
from tests.content.formats.helpers import errors, load_data

SHIPPED = load_paths([QUESTIONS])
# What the CSV can carry: cloze questions have no CSV form yet (left out with a warning).
IN_CSV = [
    replace(b, questions=tuple(q for q in b.questions if q.type is not QuestionType.CLOZE))
    for b in SHIPPED.banks
]
KAHOOT_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE)


def load_yaml(tmp_path: Path, text: str) -> Bank:
    path = tmp_path / "source.yaml"
    path.write_text(text, encoding="utf-8")
    if "image: images/chart.png" in text:  # validate checks that the picture exists
        (tmp_path / "images").mkdir(exist_ok=True)
        fixture = Path(__file__).resolve().parents[2] / "fixtures" / "images" / "chart.png"
        (tmp_path / "images" / "chart.png").write_bytes(fixture.read_bytes())
    result = load_paths([path])
    assert result.ok, [p.format() for p in result.problems]
    return result.banks[0]


def test_registry__spreadsheet_functions_by_format_name():
    # each writer is given only the questions its format holds (type_support.only_supported)
    assert reader("csv") is read_csv and inspect.unwrap(writer("csv")) is write_csv
    assert reader("kahoot-csv") is read_kahoot_csv
    assert inspect.unwrap(writer("kahoot-csv")) is write_kahoot_csv
    assert reader("xlsx") is read_xlsx and inspect.unwrap(writer("xlsx")) is write_xlsx
    assert guess_format("quiz.xlsx") == "xlsx" and guess_format("bank.csv") == "csv"
    assert FORMATS["xlsx"].reader is read_xlsx


# -- Civic Quiz CSV -------------------------------------------------------------------------------


def test_shipped_banks__hold_every_question_type():
    found = {q.type for bank in SHIPPED.banks for q in bank.questions}
    assert found == set(QuestionType)


@pytest.mark.parametrize("bank", IN_CSV, ids=lambda b: b.id)
def test_csv_round_trip__shipped_bank_exactly_equal(tmp_path, bank):
    exported = write_csv([bank])
    # CSV has no columns for cloze gaps: those are skipped (test_exchange.py), the rest is exact
    declined = [q for q in bank.questions if not exchange(q).writes("csv")]
    assert [s.question for s in exported.skipped] == [q.id for q in declined]
    bank = replace(bank, questions=tuple(q for q in bank.questions if q not in declined))
    assert [p for p in exported.problems if p.code != "question-skipped"] == []
    result = read_csv(exported.content.encode("utf-8"), f"{bank.id}.csv")
    assert result.problems == ()
    assert result.data == bank_to_data(bank)
    again = load_data(tmp_path, result.data)
    assert replace(again, path="") == replace(bank, path="")


EXTRAS = """bank:
  id: extras
  title: "Every field, once"
  description: "Optional fields: ranges, units, flags, dates, several authors."
  language: en
  version: 3b
  authors: ["Ms. Rivera, Lincoln High", "Mr. Chen"]
  license: CC-BY-4.0
  sources:
    - id: eo
      title: "The order, with a comma"
      publisher: "The White House"
      url: "https://example.org/a?b=1;c=2"
      date: 2025-12-15
      note: "A note with \\"quotes\\" and a\\nsecond line"
questions:
  - id: ex-num-range
    type: numeric
    topic: Numbers
    difficulty: 3
    prompt: "Between which numbers?"
    range: [-2.5, 7]
    unit: percent
    explanation: "Because."
    source: {id: eo, locator: "Sec. 1"}
    time_limit: 12.5
    points: 250
    valid_as_of: 2025-12-15
    tags: [numbers, "range"]
    image: images/chart.png
    alt: "A bar chart of four bars"
  - id: ex-num-tol
    type: numeric
    topic: Numbers
    difficulty: 1
    prompt: "About how many?"
    answer: 282
    tolerance: 0.5
    explanation: "Because."
    source: {id: eo, locator: "Sec. 2"}
  - id: ex-multi
    type: multiple
    topic: Choices
    difficulty: 2
    prompt: "Pick two, with \\"quotes\\", commas; and semicolons"
    choices: ["=SUM(A1)", "B, with a comma", "C; with a semicolon", "D\\nwith a newline"]
    answers: [1, 3]
    partial_credit: true
    shuffle: false
    explanation: "Because."
    source: {id: eo, locator: "Sec. 3"}
  - id: ex-single
    type: single
    topic: Choices
    difficulty: 2
    prompt: "Which one?"
    choices: ["1", "2", "3", "4", "5", "6", "7", "8", "9"]
    answer: 9
    shuffle: false
    explanation: "Because."
    source: {id: eo, locator: "Sec. 4"}
  - id: ex-match
    type: match
    topic: Pairs
    difficulty: 2
    prompt: "Match them"
    pairs: [["Attorney General", "Prosecutions => courts"], ["Treasury", "Money"]]
    explanation: "Because."
    source: {id: eo, locator: "Sec. 5"}
  - id: ex-text
    type: text
    topic: Words
    difficulty: 2
    prompt: "Who?"
    accept: ["Attorney General", "AG"]
    explanation: "Because."
    source: {id: eo, locator: "Sec. 6"}
  - id: ex-poll
    type: poll
    topic: Opinions
    difficulty: 1
    prompt: "Agree?"
    choices: ["Agree", "Disagree"]
    shuffle: false
  - id: ex-tf
    type: true_false
    topic: Facts
    difficulty: 1
    prompt: "The sky is green."
    answer: false
    explanation: "Because."
    source: {id: eo, locator: "Sec. 7"}
  - id: ex-order
    type: order
    topic: Steps
    difficulty: 2
    prompt: "Put in order"
    items: ["First", "Second", "Third"]
    explanation: "Because."
    source: {id: eo, locator: "Sec. 8"}
"""


def test_csv_round_trip__every_optional_field_and_awkward_text(tmp_path):
    bank = load_yaml(tmp_path, EXTRAS)
    exported = write_csv([bank])
    result = read_csv(exported.content.encode("utf-8"), "extras.csv")
    assert result.problems == ()
    assert result.data == bank_to_data(bank)
    again = load_data(tmp_path, result.data)
    assert replace(again, path="") == replace(bank, path="")


def test_csv_written_layout__documented_columns_and_answer_encodings(tmp_path):
    bank = load_yaml(tmp_path, EXTRAS)
    text = write_csv([bank]).content
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert ["#bank", "id", "extras"] in rows
    assert ["#bank", "authors", "Ms. Rivera, Lincoln High", "Mr. Chen"] in rows
    header = next(r for r in rows if not r[0].startswith("#"))
    assert header[:5] == ["id", "type", "topic", "difficulty", "prompt"]
    assert [h for h in header if h.startswith("choice")] == [f"choice{i}" for i in range(1, 10)]
    by_id = {r[0]: dict(zip(header, r, strict=True)) for r in rows if r[0].startswith("ex-")}
    # A range is written as bank_io writes it: its midpoint and tolerance (same NumericAnswer).
    assert (by_id["ex-num-range"]["answer"], by_id["ex-num-range"]["tolerance"]) == ("2.25", "4.75")
    assert by_id["ex-num-range"]["unit"] == "percent"
    assert (by_id["ex-num-tol"]["answer"], by_id["ex-num-tol"]["tolerance"]) == ("282", "0.5")
    assert by_id["ex-multi"]["answer"] == "1;3"
    assert by_id["ex-tf"]["answer"] == "false"
    assert by_id["ex-match"]["choice1"] == "Attorney General => Prosecutions => courts"
    assert by_id["ex-text"]["choice2"] == "AG"
    assert by_id["ex-single"]["answer"] == "9"


def test_csv_several_banks__one_file_read_back_as_one_bank(tmp_path):
    exported = write_csv(IN_CSV)
    result = read_csv(exported.content.encode("utf-8"), "all.csv")
    assert errors(result) == []
    merged = load_data(tmp_path, result.data)
    originals = [q for bank in SHIPPED.banks for q in bank.questions if exchange(q).writes("csv")]
    assert [q.id for q in merged.questions] == [q.id for q in originals]
    for mine, theirs in zip(merged.questions, originals, strict=True):
        plain = {"bank_id": "", "source": None, "more_sources": (), "passage": None}
        assert replace(mine, **plain) == replace(theirs, **plain)
        if theirs.passage is not None:  # its source may be renamed like the question's
            assert (mine.passage.id, mine.passage.text) == (theirs.passage.id, theirs.passage.text)
        assert len(mine.citations) == len(theirs.citations)
        for got, want in zip(mine.citations, theirs.citations, strict=True):
            assert got.source == replace(want.source, id=got.source.id)  # ids may be renamed
            assert got.locator == want.locator
    merged_codes = Counter(p.code for p in result.problems)
    assert merged_codes["banks-merged"] == len(SHIPPED.banks) - 1
    assert merged.id == SHIPPED.banks[0].id


HAND_MADE = (
    "Type;Prompt;Choice 1;Choice 2;Choice 3;Answer;Tags;Colour\n"  # line 1
    'single;"Which branch\nwrites laws?";Congress;Courts;President;1;a;red\n'  # lines 2-3
    "multiple;Pick;A;B;C;1;;\n"  # line 4
    "single;Broken;A;B;;7;;\n"  # line 5
    ";;;;;;;\n"  # line 6: blank
    "numeric;How many?;;;;10..15;;\n"  # line 7
    "match;Pairs;a => 1;b 2;;;;\n"  # line 8
    "text;Who?;AG;;Attorney General;;;\n"  # line 9: gap in choices
)


def test_hand_made_csv__semicolons_defaults_and_bad_rows_by_line(tmp_path):
    result = read_csv(HAND_MADE.encode("utf-8"), "My Class Quiz.csv")
    bank = load_data(tmp_path, result.data)
    assert bank.id == "my-class-quiz" and bank.title == "My Class Quiz"
    assert [q.prompt for q in bank.questions] == ["Which branch\nwrites laws?", "Pick", "How many?"]
    assert [q.id for q in bank.questions] == [
        "my-class-quiz-001",
        "my-class-quiz-002",
        "my-class-quiz-004",
    ]  # blank rows don't count
    assert bank.questions[2].numeric.low == 10 and bank.questions[2].numeric.high == 15
    assert {(q.topic, q.difficulty) for q in bank.questions} == {("Imported", 2)}
    assert all(q.source.source.id == "imported" for q in bank.questions)
    assert [(p.line, p.question) for p in errors(result)] == [
        (5, "my-class-quiz-003"),
        (8, "my-class-quiz-005"),
        (9, "my-class-quiz-006"),
    ]
    assert "answer '7'" in errors(result)[0].message
    warned = [p for p in result.problems if p.severity is Severity.WARNING]
    assert any(p.line == 1 and "Colour" in p.message for p in warned)
    assert sum(p.code == "defaults" for p in warned) == 4  # id, topic, difficulty, source


def test_csv_undeclared_source_and_duplicate_id__errors_on_their_rows():
    text = (
        "id,type,prompt,choice1,choice2,answer,source_id,source_locator\n"
        "q-1,single,One?,a,b,1,nowhere,Sec. 1\n"
        "q-2,single,Two?,a,b,2,,\n"
        "q-2,single,Three?,a,b,2,,\n"
    )
    result = read_csv(text.encode(), "x.csv")
    assert [(p.code, p.line) for p in errors(result)] == [
        ("unknown-source", 2),
        ("duplicate-id", 4),
    ]
    assert [q["id"] for q in result.data["questions"]] == ["q-2"]


def test_csv_without_header__error_not_exception():
    result = read_csv(b"#bank,id,x\n#bank,title,X\n", "x.csv")
    assert result.data is None and errors(result)[0].code == "csv-header"
    bad = read_csv(b"id,topic\nq,t\n", "x.csv")
    assert bad.data is None and errors(bad)[0].line == 1


# -- Kahoot! template -----------------------------------------------------------------------------


def _fits_kahoot(q: Question) -> bool:
    prompt_ok = len(q.prompt) <= 120 or (q.short_prompt is not None and len(q.short_prompt) <= 120)
    if q.type is QuestionType.TRUE_FALSE:
        return prompt_ok
    if q.type not in KAHOOT_TYPES or len(q.choices) > 4:
        return False
    choices = q.choices if all(len(c) <= 75 for c in q.choices) else q.short_choices
    return prompt_ok and bool(choices) and all(len(c) <= 75 for c in choices)


def kahoot_expected() -> tuple[list[Question], list[Question]]:
    """The shipped questions the template can carry, and the rest (in export order)."""
    fits, rest = [], []
    for bank in SHIPPED.banks:
        for q in bank.questions:
            (fits if _fits_kahoot(q) else rest).append(q)
    return fits, rest


def check_kahoot_round_trip(tmp_path: Path, exported, result) -> None:
    """What Kahoot! can carry comes back with the author's words, never cut; the rest is
    skipped, each with a warning and a counted reason."""
    fits, rest = kahoot_expected()
    assert errors(result) == []
    bank = load_data(tmp_path, result.data)
    assert len(bank.questions) == len(fits)
    not_exported = [p.question for p in exported.problems if p.code == "question-skipped"]
    assert not_exported == [q.id for q in rest]
    assert [s.question for s in exported.skipped] == [q.id for q in rest]
    assert not [p for p in exported.problems if p.code == "truncated"]
    for mine, theirs in zip(bank.questions, fits, strict=True):
        assert mine.prompt in (theirs.prompt, theirs.short_prompt)
        if theirs.type is QuestionType.TRUE_FALSE:
            assert (mine.type, mine.truth) == (QuestionType.TRUE_FALSE, theirs.truth)
            continue
        assert mine.choices in (theirs.choices, theirs.short_choices)
        assert mine.correct == theirs.correct
        assert mine.type is (
            QuestionType.SINGLE if len(theirs.correct) == 1 else QuestionType.MULTIPLE
        )
        assert mine.time_limit == (theirs.time_limit or 20)
    lost = {p.question for p in exported.problems if p.code == "not-exported-field"}
    assert {q.id for q in fits} <= lost


def test_kahoot_csv_round_trip__supported_questions_survive(tmp_path):
    exported = write_kahoot_csv(SHIPPED.banks)
    result = read_kahoot_csv(exported.content.encode("utf-8"), "kahoot.csv")
    check_kahoot_round_trip(tmp_path, exported, result)


def test_xlsx_round_trip__supported_questions_survive(tmp_path):
    exported = write_xlsx(SHIPPED.banks)
    assert isinstance(exported.content, bytes)
    result = read_xlsx(exported.content, "kahoot.xlsx")
    check_kahoot_round_trip(tmp_path, exported, result)


def test_xlsx_written_layout__header_on_row_8_b_to_h_questions_from_row_9():
    exported = write_xlsx(SHIPPED.banks)
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
    assert tuple(sheet.cell(8, c).value for c in range(2, 9)) == KAHOOT_HEADER
    fits, _ = kahoot_expected()
    assert sheet.cell(9, 1).value == 1 and sheet.cell(8 + len(fits), 1).value == len(fits)
    assert sheet.cell(9 + len(fits), 2).value is None
    row, first = next((9 + i, q) for i, q in enumerate(fits) if q.choices)
    assert sheet.cell(row, 3).value in (first.choices[0], (first.short_choices or ("",))[0])
    assert sheet.cell(row, 7).value in KAHOOT_TIMES
    answers = [int(v) for v in str(sheet.cell(row, 8).value).split(",")]
    assert answers == [i + 1 for i in first.correct]


def test_kahoot_export__time_limits_rounded_formula_text_kept_and_types_warned(tmp_path):
    bank = load_yaml(tmp_path, EXTRAS)
    bank = replace(
        bank,
        questions=tuple(
            replace(q, time_limit=100) if q.id == "ex-multi" else q for q in bank.questions
        ),
    )
    exported = write_xlsx([bank])
    codes = Counter((p.code, p.question) for p in exported.problems)
    assert codes[("time-limit", "ex-multi")] == 1
    for qid in (
        "ex-num-range",
        "ex-num-tol",
        "ex-match",
        "ex-text",
        "ex-poll",
        "ex-order",
        "ex-single",
    ):  # ex-single has 9 choices
        assert codes[("question-skipped", qid)] == 1
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
    row = next(
        r
        for r in range(9, 20)
        if sheet.cell(r, 2).value and sheet.cell(r, 2).value.startswith("Pick two")
    )
    assert sheet.cell(row, 3).value == "=SUM(A1)" and sheet.cell(row, 3).data_type == "s"
    assert sheet.cell(row, 7).value == 90  # 100 s → nearest allowed
    assert sheet.cell(row, 8).value == "1,3"
    result = read_xlsx(exported.content, "x.xlsx")
    back = load_data(tmp_path, result.data)
    assert [q.type for q in back.questions] == [QuestionType.MULTIPLE, QuestionType.TRUE_FALSE]
    assert back.questions[0].choices[0] == "=SUM(A1)"


def test_kahoot_csv_from_another_tool__header_on_row_1_and_semicolons(tmp_path):
    text = (
        ";Question;Answer1;Answer2;Answer3;Answer4;Time;Correct\n"
        "1;Is the sky blue?;False;True;;;30;2\n"
        "2;Which are branches?;Congress;Courts;Army;;60;1, 2\n"
        "3;Capital?;Paris;;Rome;;45;3\n"
        "4;;;;;;;\n"
        "5;Broken;Only one;;;;20;1\n"
        "6;Bad correct;A;B;;;20;B\n"
        "7;Out of range;A;B;;;20;4\n"
    )
    result = read_kahoot_csv(text.encode("utf-8"), "other.csv")
    bank = load_data(tmp_path, result.data)
    tf, multi, single = bank.questions
    assert (tf.type, tf.truth, tf.time_limit) == (QuestionType.TRUE_FALSE, True, 30)
    assert (multi.type, multi.correct, multi.time_limit) == (QuestionType.MULTIPLE, (0, 1), 60)
    assert (single.type, single.choices, single.correct) == (
        QuestionType.SINGLE,
        ("Paris", "Rome"),
        (1,),
    )
    assert single.time_limit == 45
    assert any(p.code == "time-limit" and p.line == 4 for p in result.problems)
    assert [p.line for p in errors(result)] == [6, 7, 8]


def test_xlsx_template_with_header_on_row_4__found_and_read(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Quiz template"])
    sheet.append(["Add questions, at least two answer alternatives…"])
    sheet.append([])
    sheet.append(["", *KAHOOT_HEADER])
    sheet.append(
        [1, "Capital of the US?", "Boston", "Washington, D.C.", "Philadelphia", "NYC", 20, 2]
    )
    sheet.append([2, "Even numbers?", 2, 3, 4, 5, 30, "1,3"])
    sheet.append([3, "Statement", True, False, None, None, 20000, 1])
    out = io.BytesIO()
    book.save(out)
    result = read_xlsx(out.getvalue(), "Teacher Quiz.xlsx")
    bank = load_data(tmp_path, result.data)
    assert [q.type for q in bank.questions] == [
        QuestionType.SINGLE,
        QuestionType.MULTIPLE,
        QuestionType.TRUE_FALSE,
    ]
    assert bank.questions[0].choices[bank.questions[0].correct[0]] == "Washington, D.C."
    assert bank.questions[1].choices == ("2", "3", "4", "5")
    assert bank.questions[1].correct == (0, 2)
    assert bank.questions[2].truth is True and bank.questions[2].time_limit == 20
    assert any("milliseconds" in p.message and p.line == 7 for p in result.problems)
    assert bank.id == "teacher-quiz"


def test_kahoot_csv_written_with_semicolons__our_own_export_read_back(tmp_path):
    exported = write_kahoot_csv(SHIPPED.banks).content.lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(exported)))
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    result = read_kahoot_csv(out.getvalue().encode("utf-8"), "semicolons.csv")
    assert errors(result) == []
    assert len(result.data["questions"]) == len(kahoot_expected()[0])


def test_kahoot_without_header__error_not_exception():
    result = read_kahoot_csv(b"a,b,c\n1,2,3\n", "nothing.csv")
    assert result.data is None and errors(result)[0].code == "kahoot-header"


def test_xlsx_reader__damaged_file_is_an_error_not_an_exception():
    result = read_xlsx(b"PK\x03\x04 not really a zip", "broken.xlsx")
    assert result.data is None and errors(result)[0].code == "not-xlsx"
    result = read_xlsx(b"id,type\n", "text.xlsx")
    assert result.data is None and errors(result)


def test_kahoot_export__a_long_prompt_is_skipped_never_cut(tmp_path):
    long = "Why " + "very " * 40 + "long?"
    bank = load_yaml(tmp_path, EXTRAS)
    bank = replace(
        bank,
        questions=tuple(replace(q, prompt=long) if q.id == "ex-tf" else q for q in bank.questions),
    )
    exported = write_kahoot_csv([bank])
    warning = next(p for p in exported.problems if p.question == "ex-tf")
    assert warning.code == "question-skipped" and f"{len(long)} characters" in warning.message
    assert "short_prompt" in warning.hint
    assert "ex-tf" in [s.question for s in exported.skipped]
    back = read_kahoot_csv(exported.content.encode(), "k.csv").data["questions"]
    assert not [q for q in back if q["type"] == "true_false"]
    assert all("…" not in q["prompt"] for q in back)


def test_kahoot_export__the_authors_short_form_is_used_word_for_word(tmp_path):
    long = "Which " + "very " * 30 + "long question is it?"
    bank = load_yaml(tmp_path, EXTRAS)
    bank = replace(
        bank,
        questions=tuple(
            replace(q, prompt=long, short_prompt="Which long question is it?")
            if q.id == "ex-tf"
            else q
            for q in bank.questions
        ),
    )
    exported = write_kahoot_csv([bank])
    assert "ex-tf" not in [s.question for s in exported.skipped]
    back = read_kahoot_csv(exported.content.encode(), "k.csv").data["questions"]
    (tf,) = [q for q in back if q["type"] == "true_false"]
    assert tf["prompt"] == "Which long question is it?"


LONG_CHOICES = """bank:
  id: long
  title: Long
  sources: [{id: eo, title: The order}]
questions:
  - id: long-1
    type: single
    topic: T
    difficulty: 2
    prompt: "Which part of the order names fentanyl?"
    choices:
      - "The section that designates illicit fentanyl and its core precursors as a weapon
        of mass destruction"
      - "The section that only asks for a report"
    short_choices: ["The designation section", "The report section"]
    answer: 1
    explanation: "Sec. 2."
    source: {id: eo, locator: "Sec. 2"}
  - id: long-2
    type: single
    topic: T
    difficulty: 2
    prompt: "Which part asks for a report?"
    choices:
      - "The section that designates illicit fentanyl and its core precursors as a weapon
        of mass destruction"
      - "The section that asks the agencies for a report"
    answer: 2
    explanation: "Sec. 3."
    source: {id: eo, locator: "Sec. 3"}
"""


def test_kahoot_export__long_choices_use_the_short_form_or_skip(tmp_path):
    bank = load_yaml(tmp_path, LONG_CHOICES)
    exported = write_kahoot_csv([bank])
    assert [(s.question, s.reason) for s in exported.skipped] == [
        ("long-2", "too long for Kahoot! (120/75 characters)")
    ]
    back = read_kahoot_csv(exported.content.encode(), "k.csv").data["questions"]
    assert [q["choices"] for q in back] == [["The designation section", "The report section"]]


def test_csv_round_trip__keeps_the_short_forms(tmp_path):
    bank = load_yaml(tmp_path, LONG_CHOICES)
    result = read_csv(write_csv([bank]).content.encode("utf-8"), "long.csv")
    (tmp_path / "back").mkdir()
    again = load_data(tmp_path / "back", result.data)
    assert again.questions[0].short_choices == bank.questions[0].short_choices
