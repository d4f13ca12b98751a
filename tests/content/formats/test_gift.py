"""Moodle GIFT import and export.

The reader is checked against what Moodle's own tests expect (rows G1–G14 of FORMATS.md §7), the
gift-pegjs fixtures with their expected parse trees (C1–C4) and an all.gift shaped like
QAS-Editor's (C5); the writer by exporting the shipped banks and reading them back. The gift-pegjs
files (MIT) are copied in tests/fixtures/corpora/gift; Moodle's and QAS-Editor's (GPL) are not:
own/ holds files of our own with the same cases, and tests/conformance/ runs the originals when
../shared is beside the repository.
"""

from __future__ import annotations

import dataclasses
import html
import inspect
import json
import re
import string
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.content.bank_io import dump_bank
from game.content.formats import FORMATS, guess_format, reader, writer
from game.content.formats.gift import idnumber_and_tags, read, write
from game.content.loader import load_bytes, load_paths
from game.content.problems import Severity
from game.core.model import Bank, Question, QuestionType, Source, SourceRef
from tests.content.formats.helpers import (
    FIXTURES,
    ROOT,
    as_read_back,
    errors,
    gift_keeps,
    load_data,
)

GIFT = FIXTURES / "gift"
PEGJS = GIFT / "gift-pegjs"
SUPPORTED_PEGJS = {"MC", "TF", "Short", "Numerical", "Matching"}
SOURCE = Source(id="eo", title="The order")


# -- helpers --------------------------------------------------------------------------------------


def gift(text: str, name: str = "quiz.gift"):
    return read(text.encode("utf-8"), name)


def fixture(*parts: str):
    path = GIFT.joinpath(*parts)
    return read(path.read_bytes(), str(path))


def codes(result, question: str | None = None) -> list[str]:
    return [p.code for p in result.problems if question is None or p.question == question]


def messages(result, code: str) -> list[str]:
    return [p.message for p in result.problems if p.code == code]


def only(result) -> dict[str, Any]:
    assert result.data is not None, [p.format() for p in result.problems]
    assert len(result.data["questions"]) == 1
    return result.data["questions"][0]


def skipped(result) -> list:
    return [p for p in result.problems if p.code == "question-skipped"]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pegjs_text(node: dict[str, Any] | None) -> str:
    """gift-pegjs's text node as the words a reader sees (tags and entities resolved)."""
    if not node:
        return ""
    text = node["text"]
    if node["format"] in ("html", "moodle", "markdown"):
        text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return text


def yaml_bank(tmp_path: Path, questions: str, name: str = "bank.yaml") -> Bank:
    text = (
        "bank:\n  id: gift-test\n  title: GIFT test\n  sources:\n"
        "    - {id: eo, title: The order, date: 2025-12-15}\n"
        "questions:\n" + questions
    )
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    if "image: pics/x.png" in questions:  # validate checks that a picture exists
        (tmp_path / "pics").mkdir(exist_ok=True)
        fixture = Path(__file__).resolve().parents[2] / "fixtures" / "images" / "chart.png"
        (tmp_path / "pics" / "x.png").write_bytes(fixture.read_bytes())
    result = load_paths([path])
    assert [p.format() for p in result.problems if p.is_error] == []
    return result.banks[0]


def round_trip(tmp_path: Path, banks: list[Bank]) -> tuple[Bank, Any, Any]:
    exported = write(banks)
    assert isinstance(exported.content, str)
    imported = read(exported.content.encode("utf-8"), str(tmp_path / "export.gift"))
    assert errors(imported) == []
    out = tmp_path / "back"
    out.mkdir(exist_ok=True)
    if (tmp_path / "pics").is_dir():  # the pictures go along with the bank
        (out / "pics").mkdir(exist_ok=True)
        for picture in (tmp_path / "pics").iterdir():
            (out / "pics" / picture.name).write_bytes(picture.read_bytes())
    return load_data(out, imported.data), exported, imported


# -- registry ------------------------------------------------------------------------------------


def test_registry__gift_names_this_module_both_ways():
    # the writer is given only the questions GIFT holds (type_support.only_supported)
    assert FORMATS["gift"].reader is read and inspect.unwrap(FORMATS["gift"].writer) is write
    assert reader("gift") is read
    assert inspect.unwrap(writer("gift")) is write
    assert guess_format("questions.gift.txt") == "gift"


# -- reading: the question types -----------------------------------------------------------------


def test_multiple_choice_with_one_equals__is_single_with_that_answer(tmp_path):
    result = gift("Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}")
    q = only(result)
    assert (q["type"], q["choices"], q["answer"]) == ("single", ["Grant", "Jefferson", "no one"], 3)
    assert load_data(tmp_path, result.data).questions[0].correct == (2,)


def test_g3_multichoice_feedback__per_answer_feedback_warned_and_plain_format_read():
    result = gift(
        "// multiple choice\n::Q2:: What's between orange and green in the spectrum?\n"
        "{\n    =yellow # right; good!\n    ~red # [html]wrong, it's yellow\n"
        "    ~[plain]blue # wrong, it's yellow\n}"
    )
    q = only(result)
    assert q["choices"] == ["yellow", "red", "blue"] and q["answer"] == 1
    assert q["source"] == {"id": "imported", "locator": "question 1 (Q2)"}
    [warning] = messages(result, "answer-feedback")
    assert "'yellow', 'red', 'blue'" in warning


def test_g4_checkbox_weights__equal_positive_shares_become_multiple_with_partial_credit():
    result = gift(
        "::colours:: What's between orange and green?\n{\n    ~%50%yellow\n"
        "    ~%-100%red\n    ~%50%off-beige\n    ~%-100%[plain]blue\n}"
    )
    q = only(result)
    assert (q["type"], q["answers"], q["partial_credit"]) == ("multiple", [1, 3], True)
    # Moodle takes 100% away for red/blue; Civic Quiz takes one share (50%): said, not hidden.
    [warning] = messages(result, "grades-changed")
    assert "2 (-100%)" in warning and "4 (-100%)" in warning and "50%" in warning


def test_g5_one_full_weight_without_equals__is_a_checkbox_question_with_one_answer():
    result = gift("Colour?{~%100%yellow ~%-50%red ~%-50%blue}")
    q = only(result)
    assert (q["type"], q["answers"], q["partial_credit"]) == ("multiple", [1], False)
    assert "grades-changed" in codes(result)


def test_checkbox_weights_matching_civic_quiz_scoring__import_without_warning():
    result = gift(
        "Pick the continents.{~%33.33333%Africa ~%33.33333%Asia ~%-33.33333%Peru ~%33.33333%Europe}"
    )
    q = only(result)
    assert (q["answers"], q["partial_credit"]) == ([1, 2, 4], True)
    assert codes(result) == ["default-difficulty"]


def test_unequal_positive_weights__keep_the_credited_choices_and_warn():
    result = gift("Pick.{~%70%a ~%30%b ~%-100%c}")
    q = only(result)
    assert q["answers"] == [1, 2]
    assert any("70%" in m and "30%" in m for m in messages(result, "grades-changed"))


def test_partial_credit_on_a_one_answer_question__is_dropped_with_a_warning():
    result = gift("Difficult question.{~wrong answer ~%50%half credit answer =full credit answer}")
    q = only(result)
    assert (q["type"], q["answer"]) == ("single", 3)
    assert any("2 (50%)" in m for m in messages(result, "partial-grade"))


def test_several_equals_answers__become_multiple_with_a_warning_about_moodle_scoring():
    result = gift("Specify the seasons\\: {= spring = summer ~ easter}")
    q = only(result)
    assert (q["type"], q["prompt"], q["answers"]) == ("multiple", "Specify the seasons:", [1, 2])
    assert any("any one of them" in m for m in messages(result, "several-correct"))


def test_no_answer_earning_credit__is_skipped_with_a_warning():
    result = gift("Opinion?{~yes ~no}\n\nOk?{T}")
    assert [q["type"] for q in result.data["questions"]] == ["true_false"]
    assert "no choice earns any marks" in skipped(result)[0].message


def test_g8_true_false_feedback__follows_moodles_meaning():
    result = gift(
        "::Q1:: 42 is the Absolute Answer to everything.{\n"
        "FALSE#42 is the Ultimate Answer.#You gave the right answer.}"
    )
    q = only(result)
    assert (q["type"], q["answer"]) == ("true_false", False)
    [warning] = messages(result, "answer-feedback")
    # First feedback = shown for the wrong answer (true); second = for the right answer (false).
    assert "42 is the Ultimate Answer.' (Moodle shows it after the wrong answer, true)" in warning
    assert "You gave the right answer.' (Moodle shows it after the right answer, false)" in warning


def test_g9_true_false_true_answers__t_and_true_with_the_name_in_the_locator(tmp_path):
    result = gift(
        "// name 0-11\n::2-08 TSL::TSL is blablabla.{T}\n\n::2-08 TSL::TSL is blablabla.{TRUE}"
    )
    qs = result.data["questions"]
    assert [q["answer"] for q in qs] == [True, True]
    assert [q["source"]["locator"] for q in qs] == [
        "question 1 (2-08 TSL)",
        "question 2 (2-08 TSL)",
    ]
    assert "answer-feedback" not in codes(result)
    load_data(tmp_path, result.data)


def test_g7_short_answer__full_credit_answers_accepted_partial_and_wildcard_warned(tmp_path):
    result = gift(
        "::Shortanswer::Which is the best animal?{\n    =Frog#Good!\n"
        "    =%50%Cat#What is it with Moodlers and cats?\n    =%0%*#Completely wrong\n"
        "    ####[html]Here is some general feedback!\n}"
    )
    q = only(result)
    assert (q["type"], q["accept"]) == ("text", ["Frog"])
    assert q["explanation"] == "Here is some general feedback!"
    assert any("'Cat' (50%)" in m for m in messages(result, "answers-dropped"))
    assert messages(result, "wildcard") and messages(result, "answer-feedback")
    load_data(tmp_path, result.data)


def test_short_answer_wildcards__full_credit_pattern_accepted_without_stars():
    result = gift("Graded how?{=%100%*manually*#yes =%0%*#no}")
    assert only(result)["accept"] == ["manually"]
    [warning] = messages(result, "wildcard")
    assert "accepted as 'manually'" in warning


def test_short_answer_without_equals__one_answer_is_accepted():
    q = only(gift("How do you write the word for the number 1? {One}"))
    assert (q["type"], q["accept"]) == ("text", ["One"])


def test_g6_numerical_with_tolerance__and_catch_all_feedback_warned():
    result = gift("::Q5:: What is a number from 1 to 5? {#3:2~#Completely wrong}")
    q = only(result)
    assert (q["type"], q["answer"], q["tolerance"]) == ("numeric", 3, 2)
    assert any("catch-all" in m for m in messages(result, "answer-feedback"))


def test_c2_numerical_forms__exact_tolerance_range_and_several_answers(tmp_path):
    result = gift(
        "When was Grant born? {#1822}\n\n"
        "What is the value of pi (to 3 decimal places)? {#3.1415:0.0005}.\n\n"
        "Give me a number from 1 to 5. {#1..5}.\n\n"
        "When was Ulysses S. Grant born? {#\n    =1822:0\n    =%50%1822:2}"
    )
    exact, tolerance, between, several = result.data["questions"]
    assert exact["answer"] == 1822 and "tolerance" not in exact
    assert (tolerance["answer"], tolerance["tolerance"]) == (3.1415, 0.0005)
    assert tolerance["prompt"] == "What is the value of pi (to 3 decimal places)? _____."
    assert between["range"] == [1, 5]
    assert several["answer"] == 1822 and "tolerance" not in several
    assert any("'1822 ± 2' (50%)" in m for m in messages(result, "answers-dropped"))
    bank = load_data(tmp_path, result.data)
    assert bank.questions[2].numeric.low == 1 and bank.questions[2].numeric.high == 5


def test_numerical_that_is_not_a_number__is_an_error_with_the_line_and_the_rest_imports():
    result = gift("Fine?{T}\n\n// comment\nHow many?{#many}\n\nAlso fine?{F}")
    assert [q["answer"] for q in result.data["questions"]] == [True, False]
    [error] = errors(result)
    assert (error.code, error.line) == ("gift-syntax", 4)
    assert "'many' is not a number" in error.message and error.hint


def test_g2_matching__pairs_kept_distractor_warned_and_html_prompt_stripped(tmp_path):
    result = gift(
        "::Moodle activities::[html]Match the <b>activity</b> to the description.{\n"
        "    =[html]An activity supporting asynchronous discussions. -> Forum\n"
        "    =[moodle]A teacher asks a question. -> Choice\n"
        "    =[plain]A bank of record entries. -> Database\n"
        "    =[markdown]A collection of web pages. -> Wiki\n"
        "    = -> Chat\n}"
    )
    q = only(result)
    assert q["type"] == "match"
    assert q["prompt"] == "Match the activity to the description."
    assert [right for _, right in q["pairs"]] == ["Forum", "Choice", "Database", "Wiki"]
    assert q["pairs"][0][0] == "An activity supporting asynchronous discussions."
    assert any("'Chat'" in m for m in messages(result, "distractors-dropped"))
    assert messages(result, "formatting-removed") == [
        '"Moodle activities": formatting is removed from the question text (<b>); Civic Quiz '
        "shows plain text"
    ]
    load_data(tmp_path, result.data)


def test_matching_pair_without_arrow__is_an_error():
    result = gift("Match.{=a -> b =c d =e -> f}")
    assert result.data is None
    assert [p.code for p in errors(result)] == ["gift-syntax", "gift-no-questions"]


def test_matching_with_a_repeated_right_side__is_skipped_not_broken():
    result = gift("Match.{=a -> x =b -> x =c -> y}\n\nOk?{T}")
    assert len(result.data["questions"]) == 1
    assert "right side 2 repeats right side 1" in skipped(result)[0].message


def test_c4_tilde_wins_over_arrow__a_multiple_choice_question():
    q = only(
        gift(
            "How to make coffee?{~go to starbucks -> order a coffee "
            "=get coffee powder -> add water}"
        )
    )
    assert (q["type"], len(q["choices"]), q["answer"]) == ("single", 2, 2)


def test_g1_essay_and_description__skipped_with_a_warning_naming_them():
    result = gift("// essay\n::Q8:: How are you? {}\n\n::Intro::Read carefully.\n\nOk?{T}")
    assert len(result.data["questions"]) == 1
    essay, description = skipped(result)
    assert essay.question == "Q8" and "essay" in essay.message and essay.line == 2
    assert description.question == "Intro" and "description" in description.message


def test_missing_word__multiple_choice_becomes_a_cloze_with_a_drop_down_gap():
    q = only(gift("Grant is {~buried =entombed ~living} in Grant's tomb."))
    assert q["prompt"] == "Grant is ___ in Grant's tomb."
    assert (q["type"], q["gaps"]) == (
        "cloze",
        [{"accept": ["entombed"], "options": ["buried", "entombed", "living"]}],
    )


def test_missing_word__short_answer_becomes_a_cloze_with_a_typed_gap():
    q = only(gift("The order was signed on {=December 15 =Dec. 15} 2025."))
    assert q["prompt"] == "The order was signed on ___ 2025."
    assert (q["type"], q["gaps"]) == ("cloze", [{"accept": ["December 15", "Dec. 15"]}])


def test_missing_word__other_types_keep_a_blank_in_the_prompt():
    number = only(gift("The order has {#4} sections."))
    assert (number["type"], number["prompt"]) == ("numeric", "The order has _____ sections.")
    several = only(gift("Pick {~%50%a ~%50%b ~%-100%c} here."))
    assert (several["type"], several["prompt"]) == ("multiple", "Pick _____ here.")


# -- reading: syntax ------------------------------------------------------------------------------


def test_g10_backslashes__double_backslash_is_one_backslash():
    assert only(gift("A \\\\ B \\\\\\\\ C{T}"))["prompt"] == "A \\ B \\\\ C"


def test_escapes__every_control_character_and_newline():
    q = only(
        gift(
            "Which is not a control character\\: \\~ \\= \\# \\{ \\}?\\nPick one.{\n"
            "~ \\~ ~ \\= ~ \\# ~ \\{ ~ \\} ~ \\: = \\\\ }"
        )
    )
    assert q["prompt"] == "Which is not a control character: ~ = # { }?\nPick one."
    assert q["choices"] == ["~", "=", "#", "{", "}", ":", "\\"]
    assert q["answer"] == 7


def test_g11_escaped_braces_inside_html__unescaped_and_tags_stripped():
    q = only(
        gift(
            "::Q001::[html]<p>What would this print?</p>\n<pre>\n    void test() \\{\n"
            "        method1();\n    \\}\n</pre>\n{T}"
        )
    )
    assert q["prompt"].startswith("What would this print?\nvoid test() {")
    assert q["prompt"].endswith("method1(); }")


def test_html_entities__unescaped_and_images_warned():
    result = gift('[html]<p>Is 3 &lt; 4 &amp; true?</p><img src\\="@@PLUGINFILE@@/x.png">{T}')
    assert only(result)["prompt"] == "Is 3 < 4 & true?"
    assert messages(result, "image-dropped") == [
        '"question 1" has images or files (x.png) that are not imported'
    ]
    # <p> is layout, not formatting worth a warning; the <img> is the image warned about
    assert not messages(result, "formatting-removed")


def test_plain_format__kept_verbatim_and_moodle_text_without_tags_not_warned():
    result = gift("[plain]Is <b> a tag &amp; more?{T}\n\nIs 2 > 1 & true?{T}")
    first, second = result.data["questions"]
    assert first["prompt"] == "Is <b> a tag &amp; more?"
    assert second["prompt"] == "Is 2 > 1 & true?"
    assert "formatting-removed" not in codes(result)


def test_markdown__kept_as_written_with_a_warning():
    result = gift("[markdown]Grant is buried in Grant's _tomb_.{FALSE}")
    assert only(result)["prompt"] == "Grant is buried in Grant's _tomb_."
    assert messages(result, "formatting-removed")


def test_lines_of_one_question__join_with_spaces_and_comments_vanish():
    q = only(
        gift(
            "Match the countries with their\n// a comment inside\ncapitals.{=Canada->Ottawa "
            "=Italy->Rome}"
        )
    )
    assert q["prompt"] == "Match the countries with their capitals."


def test_categories__set_the_topic_to_the_last_level():
    result = gift(
        "$CATEGORY: $course$/top/Civics/Branches\n\nA?{T}\n\n"
        "$CATEGORY: tom/dick/Checks//balances\n\nB?{F}\n\n"
        "$CATEGORY: $course$/top\n\nC?{T}"
    )
    assert [q["topic"] for q in result.data["questions"]] == [
        "Branches",
        "Checks/balances",
        "Imported",
    ]


def test_category_without_blank_line__question_still_read_with_a_warning():
    result = gift("$CATEGORY: Civics\nA?{T}")
    assert only(result)["topic"] == "Civics"
    assert [p.line for p in result.problems if p.code == "gift-category-block"] == [2]


def test_g12_id_and_tags_in_comments__become_the_question_id_and_tags(tmp_path):
    result = gift(
        "// This question is to test importing tags: [tag:tag] [tag:other-tag].\n"
        "// And an idnumber: [id:myid].\n::Question name:: How are you? {=fine}"
    )
    q = only(result)
    assert (q["id"], q["tags"]) == ("myid", ["tag", "other-tag"])
    load_data(tmp_path, result.data)


@pytest.mark.parametrize(
    ("comment", "idnumber", "tags"),
    [
        ("", "", []),
        ("// A basic comment.", "", []),
        ("// A comment with [id:frog] <-- an idnumber.", "frog", []),
        ("// Look tags: [tag:frog] [tag:toad].", "", ["frog", "toad"]),
        ("// [tag:add] [tag:basic] [id:four]", "four", ["add", "basic"]),
        (
            "// [tag:  basic] Here is  \n// a [id:   four   ] que[tag:add   ]stion.",
            "four",
            ["basic", "add"],
        ),
        ("// Ceci n'est pas une [tag:\n\\ frog].", "", []),
        ("// [id:i\\]d].", "i]d", []),
        ("// [tag:t\\]ag].", "", ["t]ag"]),
    ],
)
def test_g12_comment_metadata__read_as_moodle_reads_it(comment, idnumber, tags):
    assert idnumber_and_tags(comment) == (idnumber, tags)


def test_ids__invalid_idnumbers_slugged_and_duplicates_renamed(tmp_path):
    result = gift(
        "// [id:i]d]\nA?{T}\n\n// [id:x 1]\nB?{T}\n\n// [id:x-1]\nC?{T}\n\nD?{T}",
        name="Unit 3 Quiz.gift",
    )
    assert [q["id"] for q in result.data["questions"]] == ["i", "x-1", "x-1-2", "unit-3-quiz-004"]
    assert "gift-duplicate-id" in codes(result)
    load_data(tmp_path, result.data)


# -- reading: the bank and bad input --------------------------------------------------------------


def test_imported_bank__metadata_source_and_one_difficulty_note(tmp_path):
    result = gift("A?{T}\n\nB?{=b}", name="/some/where/questions.gift.txt")
    bank = result.data["bank"]
    assert (bank["id"], bank["title"], bank["language"], bank["version"]) == (
        "questions",
        "questions",
        "en",
        1,
    )
    assert bank["sources"] == [
        {
            "id": "imported",
            "title": "Imported from questions.gift.txt",
            "note": "Questions imported from Moodle GIFT; check each fact and add its real source "
            "before sharing.",
        }
    ]
    assert [q["source"] for q in result.data["questions"]] == [
        {"id": "imported", "locator": "question 1"},
        {"id": "imported", "locator": "question 2"},
    ]
    assert [q["difficulty"] for q in result.data["questions"]] == [2, 2]
    assert messages(result, "default-difficulty") == [
        "2 questions have no difficulty (GIFT has none); set to 2 (medium)"
    ]
    loaded = load_data(tmp_path, result.data)
    assert loaded.sources[0].title == "Imported from questions.gift.txt"


def test_unbalanced_braces__error_names_the_file_and_line_and_the_rest_imports():
    result = gift("First?{T}\n\n\nBroken {=a\n\nThird?{F}", name="quiz.gift")
    assert [q["answer"] for q in result.data["questions"]] == [True, False]
    [error] = errors(result)
    assert (error.path, error.line, error.code) == ("quiz.gift", 4, "gift-syntax")
    assert "`}` is missing" in error.message


def test_not_utf8__an_error_with_the_line_not_an_exception():
    result = read("Fine?{T}\n\nCaf\xe9?{T}".encode("latin-1"), "old.gift")
    assert result.data is None
    [error] = errors(result)
    assert (error.code, error.line) == ("gift-encoding", 3)


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"  \n\n",
        b"\x00\x01binary",
        b"// only a comment\n",
        b"{",
        b"}{",
        b"::",
        b"{#}",
        b"{~}",
        b"x{#1..}",
        b"x{=}",
    ],
)
def test_degenerate_input__problems_never_exceptions(raw):
    result = read(raw, "odd.gift")
    assert result.data is None
    assert errors(result)


def test_bom_and_crlf__are_read():
    q = only(read(b"\xef\xbb\xbfOk?{T}\r\n\r\nBad{\r\n", "win.gift"))
    assert q["prompt"] == "Ok?"


def test_skipped_question__one_warning_saying_why_not_a_list_of_details():
    result = gift("Pick.{=a#yes ~a#no ~b}\n\nOk?{T}")
    assert len(result.data["questions"]) == 1
    assert [p.code for p in result.problems] == ["question-skipped", "default-difficulty"]
    assert "choice 2 repeats choice 1" in result.problems[0].message


def test_civic_quiz_comments__restore_the_bank_and_sources_and_keep_the_import_source_apart(
    tmp_path,
):
    text = (
        '// civic-quiz bank: {"id": "mine", "title": "My bank", "version": 3, '
        '"authors": ["Ms. R"], "license": "CC0"}\n'
        '// civic-quiz source: {"id": "imported", "title": "A source named imported", '
        '"date": "2024-01-31"}\n\n'
        '// civic-quiz: {"difficulty": 3, "source": {"id": "imported", "locator": "p. 2"}}\n'
        "Cited?{T}\n\n"
        '// civic-quiz: {"difficulty": 9, "source": {"id": "nope", "locator": "x"}}\n'
        "Hand-written?{F}\n\n"
        "// civic-quiz: not json\nBroken comment?{T}"
    )
    result = gift(text)
    bank = load_data(tmp_path, result.data)
    assert (bank.id, bank.title, bank.version, bank.authors, bank.license) == (
        "mine",
        "My bank",
        "3",
        ("Ms. R",),
        "CC0",
    )
    assert [s.id for s in bank.sources] == ["imported", "imported-2"]
    assert bank.sources[0].date == date(2024, 1, 31)
    cited, hand, broken = bank.questions
    assert (cited.difficulty, cited.source.source.id, cited.source.locator) == (
        3,
        "imported",
        "p. 2",
    )
    assert (hand.difficulty, hand.source.source.id) == (2, "imported-2")
    assert broken.source.source.title == "Imported from quiz.gift"
    assert len(messages(result, "gift-metadata")) == 3  # difficulty 9, undeclared source, JSON


# -- conformance ----------------------------------------------------------------------------------


def test_g14_moodle_shaped_questions_file__9_questions_all_accounted_for(tmp_path):
    result = fixture("own", "questions.gift.txt")
    imported = result.data["questions"]
    # Moodle's behat test: "Importing 9 questions from file".
    assert len(imported) + len(skipped(result)) + len(errors(result)) == 9
    assert [p.question for p in skipped(result)] == ["Q8"]  # the essay
    assert [q["type"] for q in imported] == [
        "match",
        "single",
        "multiple",
        "numeric",
        "text",
        "true_false",
        "true_false",
        "true_false",
    ]
    load_data(tmp_path, result.data)


def test_c5_qas_editor_shaped_all_gift__22_questions_all_accounted_for(tmp_path):
    result = fixture("own", "all.gift")
    imported = result.data["questions"]
    assert errors(result) == []
    assert len(imported) + len(skipped(result)) == 22
    reasons = [p.message for p in skipped(result)]
    assert sum("description" in r for r in reasons) == 1
    assert sum("essay" in r for r in reasons) == 2
    # match2 pairs two documents with "2025": Civic Quiz needs distinct right sides.
    assert sum("repeats right side" in r for r in reasons) == 1
    by_type: dict[str, int] = {}
    for q in imported:
        by_type[q["type"]] = by_type.get(q["type"], 0) + 1
    # T/F 4, numerical 4, matching 2 (1 skipped), short 4, MC 4 + missing word 1 (a cloze).
    assert by_type == {
        "true_false": 4,
        "numeric": 4,
        "match": 1,
        "text": 4,
        "single": 2,
        "multiple": 2,
        "cloze": 1,
    }
    missing_word = [q for q in imported if q["topic"] == "Missing Words"]
    assert [(q["prompt"], q["gaps"]) for q in missing_word] == [
        (
            "An executive order is published in the ___ after it is signed.",
            [
                {
                    "accept": ["Federal Register"],
                    "options": ["Congressional Record", "Federal Register", "Constitution"],
                }
            ],
        )
    ]
    # 9 `$CATEGORY`s under "own quiz"; the imported topics are their last levels.
    categories = re.findall(
        r"^\$CATEGORY: own quiz/(.+)$",
        (GIFT / "own" / "all.gift").read_text(encoding="utf-8"),
        re.M,
    )
    assert len(categories) == 9
    assert {q["topic"] for q in imported} <= set(categories)
    load_data(tmp_path, result.data)


@pytest.mark.parametrize(
    "path",
    sorted(
        p.relative_to(GIFT).as_posix()
        for p in GIFT.rglob("*")
        if p.suffix in (".gift", ".txt") and p.name != "examples.txt"
    ),
)
def test_every_gift_fixture__imports_into_a_valid_bank_or_says_why_not(tmp_path, path):
    result = fixture(path)
    if result.data is None:
        assert [p.code for p in errors(result)][-1] == "gift-no-questions"
    else:
        load_data(tmp_path, result.data)


def test_examples_file_of_every_gift_form__imports_into_a_valid_bank(tmp_path):
    result = fixture("own", "examples.txt")
    assert errors(result) == []
    load_data(tmp_path, result.data)


def expected_from_pegjs(item: dict[str, Any]) -> dict[str, Any]:
    """What the gift-pegjs parse tree means in Civic Quiz terms (computed from the JSON)."""
    kind = item["type"]
    out: dict[str, Any] = {}
    if kind == "MC":
        choices = item["choices"]
        correct = [i for i, c in enumerate(choices) if c["isCorrect"]]
        if correct:
            out["type"] = "single" if len(correct) == 1 else "multiple"
        else:
            correct = [i for i, c in enumerate(choices) if (c["weight"] or 0) > 0]
            out["type"] = "multiple"
            out["partial_credit"] = len(correct) > 1
        out["choices"] = [pegjs_text(c["text"]) for c in choices]
        out["correct"] = {i + 1 for i in correct}
    elif kind == "TF":
        out["type"], out["answer"] = "true_false", item["isTrue"]
    elif kind == "Short":
        out["type"] = "text"
        out["accept"] = [
            pegjs_text(c["text"])
            for c in item["choices"]
            if c["isCorrect"] and c["weight"] in (None, 100)
        ]
    elif kind == "Numerical":
        out["type"] = "numeric"
        choice = item["choices"]
        if isinstance(choice, list):
            choice = next(
                c["text"] for c in choice if c["isCorrect"] and c["weight"] in (None, 100)
            )
        if choice["type"] == "simple":
            out["answer"], out["tolerance"] = choice["number"], 0
        elif choice["type"] == "range":
            out["answer"], out["tolerance"] = choice["number"], choice["range"]
        else:
            out["range"] = [choice["numberLow"], choice["numberHigh"]]
    elif kind == "Matching":
        out["type"] = "match"
        out["pairs"] = [
            [pegjs_text(p["subquestion"]), p["subanswer"]]
            for p in item["matchPairs"]
            if pegjs_text(p["subquestion"]).strip()
        ]
        out["distractors"] = len(item["matchPairs"]) - len(out["pairs"])
    one_right = kind == "MC" and any(c["isCorrect"] for c in item["choices"])
    if item.get("hasEmbeddedAnswers") and (kind == "Short" or one_right):
        # missing word: a one-gap cloze, typed (short answer) or a drop-down (multiple choice)
        if kind == "Short":
            gap = {"accept": out["accept"]}
        else:
            right = [out["choices"][i - 1] for i in sorted(out["correct"])]
            gap = {"accept": right, "options": out["choices"]}
        return {"type": "cloze", "gaps": [gap]}
    return out


def pegjs_names() -> list[str]:
    return sorted(p.stem for p in (PEGJS / "expected").glob("*.json"))


@pytest.mark.parametrize("name", pegjs_names())
def test_c1_gift_pegjs_fixture__agrees_with_its_expected_parse_tree(tmp_path, name):
    expected = json.loads((PEGJS / "expected" / f"{name}.json").read_text(encoding="utf-8"))
    expected = expected if isinstance(expected, list) else [expected]
    result = read((PEGJS / f"{name}.gift").read_bytes(), f"{name}.gift")
    supported = [item for item in expected if item["type"] in SUPPORTED_PEGJS]
    ours = result.data["questions"] if result.data else []
    if supported:
        assert errors(result) == []
    else:  # only essays, descriptions or categories: nothing to import, and it says so
        assert [p.code for p in errors(result)] == ["gift-no-questions"]
    assert len(ours) == len(supported)
    assert len(skipped(result)) == sum(
        item["type"] in ("Essay", "Description") for item in expected
    )
    for item, q in zip(supported, ours, strict=True):
        want = expected_from_pegjs(item)
        mine = [p for p in result.problems if p.question == q["id"]]
        assert q["type"] == want["type"], item
        stem = pegjs_text(item["stem"])
        if want["type"] == "cloze":  # the gap is a cloze gap, `___`
            stem = stem.replace("_____", "___")
        assert squash(q["prompt"]) == squash(stem)
        if item["hasEmbeddedAnswers"]:
            assert ("___" if want["type"] == "cloze" else "_____") in q["prompt"]
        assert squash(q.get("explanation", "")) == squash(pegjs_text(item["globalFeedback"]))
        if item["title"]:
            assert q["source"]["locator"].endswith(f"({item['title']})")
        if item["id"]:
            assert q["id"] == item["id"]
        if item["tags"]:
            assert q["tags"] == item["tags"]
        if want["type"] in ("single", "multiple"):
            assert [squash(c) for c in q["choices"]] == [squash(c) for c in want["choices"]]
            got = {q["answer"]} if want["type"] == "single" else set(q["answers"])
            assert got == want["correct"]
            if "partial_credit" in want:
                assert q["partial_credit"] == want["partial_credit"]
        elif want["type"] == "cloze":
            assert [{k: [squash(t) for t in v] for k, v in g.items()} for g in q["gaps"]] == [
                {k: [squash(t) for t in v] for k, v in g.items()} for g in want["gaps"]
            ]
        elif want["type"] == "true_false":
            assert q["answer"] is want["answer"]
            # gift-pegjs's trueFeedback/falseFeedback are the 1st/2nd feedback; Moodle shows the
            # 1st after the WRONG answer and the 2nd after the RIGHT one (C3).
            for node, meaning in (
                (item["trueFeedback"], "wrong"),
                (item["falseFeedback"], "right"),
            ):
                text = pegjs_text(node).strip()
                if text:
                    [warning] = [p.message for p in mine if p.code == "answer-feedback"]
                    shown_after = want["answer"] if meaning == "right" else not want["answer"]
                    after = warning[warning.index(text) + len(text) :].split(")")[0]
                    assert after.endswith(f"{meaning} answer, {str(shown_after).lower()}")
        elif want["type"] == "text":
            assert [squash(a) for a in q["accept"]] == [squash(a) for a in want["accept"]]
        elif want["type"] == "numeric":
            if "range" in want:
                assert q["range"] == pytest.approx(want["range"])
            else:
                assert q["answer"] == pytest.approx(want["answer"])
                assert q.get("tolerance", 0) == pytest.approx(want["tolerance"])
        elif want["type"] == "match":
            assert [[squash(a), b] for a, b in q["pairs"]] == [
                [squash(a), b] for a, b in want["pairs"]
            ]
            assert bool(want["distractors"]) == ("distractors-dropped" in [p.code for p in mine])
        choices = item.get("choices")
        if isinstance(choices, list) and any(
            c.get("feedback") and pegjs_text(c["feedback"]).strip() for c in choices
        ):
            assert "answer-feedback" in [p.code for p in mine]
        if (
            isinstance(choices, list)
            and want["type"] != "multiple"
            and any(c["weight"] not in (None, 0, 100) for c in choices)
        ):
            assert {"partial-grade", "answers-dropped"} & {p.code for p in mine}
    if result.data:
        load_data(tmp_path, result.data)


def test_c3_true_false_two_feedbacks__moodle_meaning_not_gift_pegjs_field_names():
    result = read((PEGJS / "TFTwoFeedback.gift").read_bytes(), "TFTwoFeedback.gift")
    second = [p.message for p in result.problems if p.code == "answer-feedback"][1]
    # `{TRUE#feedback for true}`: gift-pegjs calls it trueFeedback, Moodle shows it after FALSE.
    assert "'feedback for true' (Moodle shows it after the wrong answer, false)" in second


# -- writing --------------------------------------------------------------------------------------


def shipped() -> list[Bank]:
    result = load_paths([ROOT / "questions"])
    assert not [p for p in result.problems if p.is_error]
    return list(result.banks)


@pytest.mark.parametrize("bank_id", [b.id for b in shipped()])
def test_round_trip__each_shipped_bank_comes_back_equal(tmp_path, bank_id):
    [bank] = [b for b in shipped() if b.id == bank_id]
    back, exported, imported = round_trip(tmp_path, [bank])
    for key in (
        "id",
        "title",
        "description",
        "language",
        "version",
        "authors",
        "license",
        "sources",
    ):
        assert getattr(back, key) == getattr(bank, key), key
    expected = [as_read_back(q) for q in bank.questions if gift_keeps(q)]
    assert [q.id for q in back.questions] == [q.id for q in expected]
    for original, again in zip(expected, back.questions, strict=True):
        assert again == original
    left_out = {p.question for p in exported.problems if p.code == "question-skipped"}
    assert left_out == {q.id for q in bank.questions} - {q.id for q in expected}
    assert "default-difficulty" not in codes(imported)


def test_round_trip__all_shipped_banks_in_one_file_keep_every_exportable_question(tmp_path):
    banks = shipped()
    back, exported, _ = round_trip(tmp_path, banks)
    originals = {q.id: q for b in banks for q in map(as_read_back, b.questions) if gift_keeps(q)}
    again = {q.id: q for q in back.questions}
    assert again.keys() == originals.keys()
    for qid, original in originals.items():
        copy = again[qid]
        # Banks that declare different sources under one id are kept apart (renamed source).
        assert len(copy.citations) == len(original.citations)
        for got, want in zip(copy.citations, original.citations, strict=True):
            assert got.source == dataclasses.replace(want.source, id=got.source.id)
            assert got.locator == want.locator
        plain = {"bank_id": "", "source": None, "more_sources": (), "passage": None}
        assert dataclasses.replace(copy, **plain) == dataclasses.replace(original, **plain)
        if original.passage is not None:
            assert copy.passage is not None
            assert (copy.passage.id, copy.passage.text) == (
                original.passage.id,
                original.passage.text,
            )
            assert [r.locator for r in copy.passage.sources] == [
                r.locator for r in original.passage.sources
            ]
    skipped_types = [q.type for b in banks for q in b.questions if not gift_keeps(q)]
    assert len([p for p in exported.problems if p.code == "question-skipped"]) == len(skipped_types)


EDGE_CASES = """\
  - id: edge-1
    type: single
    topic: "Checks/balances: A & B"
    difficulty: 3
    prompt: "Braces {x}, hash #1, equals =, tilde ~, colon: and back\\\\slash\\nnext line"
    choices: ["%5% of it", "[html] literally", "<b>bold</b> & more", "-> arrow"]
    answer: 2
    shuffle: false
    explanation: "It's [html] because 100% sure: {yes}."
    source: {id: eo, locator: "Sec. 1: (a)"}
    tags: ["a]b", "plain"]
    time_limit: 30
    points: 250
    image: pics/x.png
    alt: "A test picture of shapes"
    valid_as_of: 2025-12-20
  - id: edge-2
    type: multiple
    topic: T
    difficulty: 1
    prompt: "Which are right?"
    choices: ["A", "B", "C"]
    answers: [1, 3]
    partial_credit: false
    explanation: "A and C."
    source: {id: eo, locator: "x"}
  - id: edge-3
    type: multiple
    topic: T
    difficulty: 1
    prompt: "Which is right?"
    choices: ["A", "B", "C"]
    answers: [2]
    partial_credit: true
    explanation: "B."
    source: {id: eo, locator: "x"}
  - id: edge-4
    type: numeric
    topic: T
    difficulty: 2
    prompt: "About 0.3?"
    answer: 0.3
    tolerance: 0.1
    unit: percent
    explanation: "Roughly."
    source: {id: eo, locator: "x"}
  - id: edge-5
    type: numeric
    topic: T
    difficulty: 2
    prompt: "Between?"
    range: [0.1, 0.7]
    explanation: "Range."
    source: {id: eo, locator: "x"}
  - id: edge-6
    type: text
    topic: T
    difficulty: 2
    prompt: "The _____ signs bills into law."
    accept: ["President", "%POTUS", "T"]
    explanation: "Art. I, Sec. 7."
    source: {id: eo, locator: "x"}
  - id: edge-7
    type: true_false
    topic: T
    difficulty: 2
    prompt: "_____ ends the prompt"
    answer: false
    explanation: "x"
    source: {id: eo, locator: "x"}
  - id: edge-8
    type: match
    topic: T
    difficulty: 2
    prompt: "Match."
    pairs: [["Left: one", "Right = 1 -> one"], ["Left {two}", "Right # 2"]]
    explanation: "x"
    source: {id: eo, locator: "x"}
  - id: edge-9
    type: order
    topic: T
    difficulty: 2
    prompt: "Order."
    items: ["a", "b"]
    explanation: "x"
    source: {id: eo, locator: "x"}
  - id: edge-10
    type: poll
    topic: T
    difficulty: 2
    prompt: "Poll?"
    choices: ["yes", "no"]
"""


def test_round_trip__escapes_formats_and_every_extra_field_survive(tmp_path):
    bank = yaml_bank(tmp_path, EDGE_CASES)
    back, exported, imported = round_trip(tmp_path, [bank])
    kept = [q for q in bank.questions if q.type not in (QuestionType.ORDER, QuestionType.POLL)]
    assert list(back.questions) == kept
    assert back.sources == bank.sources
    content = exported.content
    assert "::edge-6::The {\n\t=President" in content  # the blank is a Moodle missing word again
    assert "} signs bills into law." in content
    assert "\t~%0%\\%5\\% of it" not in content and "\t~%0%%5% of it" in content
    assert "[plain]<b>bold</b> & more" in content
    assert "$CATEGORY: $course$/top/GIFT test/Checks//balances\\: A & B" not in content
    assert "$CATEGORY: $course$/top/GIFT test/Checks//balances: A & B" in content
    assert "// [id:edge-1] [tag:a\\]b] [tag:plain]" in content
    assert "{#0.3:0.1####Roughly.}" in content


def test_export_warnings__name_each_question_and_field_gift_cannot_hold(tmp_path):
    bank = yaml_bank(tmp_path, EDGE_CASES)
    problems = write([bank]).problems
    by_code: dict[str, set] = {}
    for p in problems:
        assert p.severity is Severity.WARNING
        by_code.setdefault(p.code, set()).add(p.question)
    assert by_code["question-skipped"] == {"edge-9", "edge-10"}
    assert by_code["all-or-nothing"] == {"edge-2"}  # all-or-nothing with two right answers
    assert by_code["gift-metadata-in-comments"] == {None}
    # the fields GIFT keeps in comments: one warning for the export, counting the questions
    [fields] = [p for p in problems if p.code == "gift-field-in-comment"]
    assert fields.question is None and fields.path == bank.path
    for word in ("shuffle", "time limit", "points", "image", "valid_as_of"):
        assert word in fields.message
    assert "(1 question)" in fields.message
    assert fields.message.endswith(
        "they are written in `// civic-quiz` comments, which Moodle ignores and Civic Quiz "
        "reads back"
    )


def test_export_warnings__fields_in_comments_are_said_once_per_export_with_counts():
    """The shipped banks: about 200 questions keep `valid_as_of` in a comment. One warning says
    so with the count (it was one line per question), naming the folder the banks share."""
    from game.content.loader import load_paths
    from tests.content.formats.helpers import ROOT

    banks = load_paths([ROOT / "questions"]).banks
    result = write(banks)
    [warning] = [p for p in result.problems if p.code == "gift-field-in-comment"]
    skipped = {s.question for s in result.skipped}
    dated = sum(
        1 for b in banks for q in b.questions if q.valid_as_of is not None and q.id not in skipped
    )
    assert dated > 100
    assert f"`valid_as_of` ({dated:,} questions)" in warning.message
    assert warning.message.startswith("GIFT has no place for ")
    assert warning.question is None
    assert warning.path.rstrip("/\\").endswith("questions")


def test_export_of_an_accepted_answer_with_an_arrow__warns_that_moodle_reads_matching(tmp_path):
    bank = yaml_bank(
        tmp_path,
        """\
  - id: arrow
    type: text
    topic: T
    difficulty: 2
    prompt: "Write the arrow."
    accept: ["a->b"]
    explanation: "x"
    source: {id: eo, locator: "x"}
""",
    )
    assert [p.question for p in write([bank]).problems if p.code == "gift-ambiguous"] == ["arrow"]


def test_g13_true_false_export__moodles_shape_with_the_explanation_as_general_feedback(tmp_path):
    bank = yaml_bank(
        tmp_path,
        """\
  - id: Q1
    type: true_false
    topic: T
    difficulty: 2
    prompt: "42 is the Absolute Answer to everything."
    answer: true
    explanation: "A Hitchhiker's Guide reference."
    source: {id: eo, locator: "x"}
""",
    )
    content = write([bank]).content
    assert (
        "::Q1::42 is the Absolute Answer to everything.{TRUE####A Hitchhiker's Guide "
        "reference.}\n" in content
    )


def test_export_layout__blank_line_after_categories_and_none_inside_questions(tmp_path):
    content = write(shipped()).content
    blocks = content.split("\n\n")
    for block in blocks:
        lines = [line for line in block.split("\n") if line]
        if lines and lines[0].startswith("$CATEGORY:"):
            assert len(lines) == 1
        questions = [line for line in lines if line.startswith("::")]
        assert len(questions) <= 1
        if questions:
            assert lines[0].startswith("// [id:") and lines[1].startswith("// civic-quiz: ")
    # the last question's answer block is closed (a missing-word question goes on after it)
    assert content.endswith("\n") and "}" in blocks[-1]


def test_exported_dates_and_versions__come_back_as_dates(tmp_path):
    bank = yaml_bank(tmp_path, EDGE_CASES)
    back, _, _ = round_trip(tmp_path, [bank])
    assert back.sources[0].date == date(2025, 12, 15)
    assert back.questions[0].valid_as_of == date(2025, 12, 20)


def test_moodle_re_export_without_our_comments__still_restores_ids_tags_and_topics(tmp_path):
    """Moodle keeps `[id:]`, `[tag:]` and categories but drops other comments."""
    [bank] = [b for b in shipped() if b.id == "civics"]
    content = write([bank]).content
    stripped = "\n".join(
        line for line in content.split("\n") if not line.startswith("// civic-quiz")
    )
    result = read(stripped.encode("utf-8"), "civics.gift")
    back = load_data(tmp_path, result.data)
    originals = {q.id: q for q in bank.questions}
    for q in back.questions:
        original = originals[q.id]
        assert (q.topic, q.tags, q.prompt, q.explanation) == (
            original.topic,
            original.tags,
            original.prompt,
            original.explanation,
        )
        assert q.source.source.id == "imported" and q.difficulty == 2
    assert len(messages(result, "default-difficulty")) == 1


GIFT_ALPHABET = "ab T=~#{}:\\\n%->[]<>&;/$.0123456789_*"


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=GIFT_ALPHABET, max_size=200))
def test_any_gift_text__gives_problems_or_valid_bank_data_never_an_exception(text):
    result = read(text.encode("utf-8"), "fuzz.gift")
    assert all(p.path == "fuzz.gift" for p in result.problems)
    if result.data is not None:
        loaded = load_bytes(dump_bank(result.data).encode("utf-8"), "fuzz.yaml")
        assert [p.format() for p in loaded.problems if p.is_error] == []


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.text(
            alphabet=string.ascii_letters + " {}#=~:\\<>&%[]_-\n", min_size=1, max_size=30
        ).filter(lambda t: t.strip()),
        min_size=2,
        max_size=4,
        unique_by=lambda t: " ".join(t.casefold().split()),
    )
)
def test_any_choice_texts__survive_export_and_import(choices):
    stripped = [" ".join(c.split()) for c in choices]
    if len({" ".join(c.casefold().split()) for c in stripped}) < len(stripped):
        return
    question = Question(
        id="q-1",
        type=QuestionType.SINGLE,
        topic="T",
        difficulty=1,
        prompt="Pick " + stripped[0],
        choices=tuple(stripped),
        correct=(1,),
        explanation=stripped[-1],
        source=SourceRef(SOURCE, "x"),
    )
    bank = Bank(id="fuzz", title="Fuzz", questions=(question,), sources=(SOURCE,))
    result = read(write([bank]).content.encode("utf-8"), "fuzz.gift")
    [q] = result.data["questions"]
    assert (q["prompt"], q["choices"], q["answer"], q["explanation"]) == (
        question.prompt,
        list(stripped),
        2,
        question.explanation,
    )


def test_case_only_different_choices__imported_with_a_warning():
    result = gift("::units::Which is a gigabyte?{=GB ~Gb ~gB}")
    q = only(result)
    assert q["choices"] == ["GB", "Gb", "gB"]
    codes = [p.code for p in result.problems]
    assert codes.count("case-only-difference") == 2
