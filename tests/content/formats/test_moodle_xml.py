"""Moodle XML import and export: conformance with Moodle's own test expectations (FORMATS.md §7,
rows X1–X7) and the QAS-Editor fixtures, safe parsing, warnings for everything dropped, and the
round trip of the shipped banks."""

from __future__ import annotations

import dataclasses
import inspect
import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from game.content.formats import FORMATS, reader, writer
from game.content.formats.moodle_xml import MOODLE_GRADES, read, write
from game.content.loader import load_paths
from game.core.model import Bank, NumericAnswer, Question, QuestionType, Source, SourceRef
from tests.content.formats.helpers import FIXTURES, ROOT, as_read_back, load_data

# Our own files with the cases of Moodle's and QAS-Editor's fixtures (those are GPL: never copied;
# tests/conformance/test_moodle_xml_originals.py runs these same tests on them, by overriding the
# two fixtures below, when ../shared is beside the repository).
OWN = FIXTURES / "moodle-xml" / "own"

SUPPORTED = {"multichoice", "truefalse", "shortanswer", "numerical", "matching"}
ALLOWED_PERCENTS = {round(g * 100, 5) for g in MOODLE_GRADES} | {
    round(-g * 100, 5) for g in MOODLE_GRADES
}


@pytest.fixture
def moodle_dir() -> Path:
    """Where the Moodle-shaped fixtures are."""
    return OWN / "moodle"


@pytest.fixture
def qas_dir() -> Path:
    """Where the QAS-Editor-shaped fixtures are."""
    return OWN / "qas-editor"


def quiz(*questions: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n' + "\n".join(questions) + "\n</quiz>\n"
    ).encode()


def codes(result, severity: str | None = None) -> list[str]:
    return [p.code for p in result.problems if severity is None or p.severity.value == severity]


def problems_with(result, code: str):
    return [p for p in result.problems if p.code == code]


def fixture_questions(path: Path) -> list[tuple[str, ET.Element]]:
    """(category path in effect, question) for every non-category question of a fixture."""
    category = ""
    found = []
    for q in ET.parse(path).getroot().iter("question"):
        if q.get("type") == "category":
            category = q.findtext("category/text").strip()
        else:
            found.append((category, q))
    return found


# -- X1–X5: Moodle's xmlformat_test expectations, with our own wording of the inputs ---------


def test_x1_truefalse_answer_comes_from_the_full_marks_answer_and_feedback_is_warned(tmp_path):
    result = read(
        quiz("""<question type="truefalse">
    <name><text>Statement</text></name>
    <questiontext format="html"><text>The Senate has 100 members.</text></questiontext>
    <generalfeedback><text>Two senators per state.</text></generalfeedback>
    <defaultgrade>1</defaultgrade><penalty>1</penalty><hidden>0</hidden>
    <answer fraction="100"><text>true</text><feedback><text>Right!</text></feedback></answer>
    <answer fraction="0"><text>false</text><feedback><text>No.</text></feedback></answer>
  </question>"""),
        "tf.xml",
    )
    (q,) = result.data["questions"]
    assert (q["type"], q["answer"], q["explanation"]) == (
        "true_false",
        True,
        "Two senators per state.",
    )
    warning = problems_with(result, "answer-feedback")[0]
    assert warning.question == "Statement" and "after the right answer, true" in warning.message
    load_data(tmp_path, result.data)


def test_x2_multiple_response_with_full_marks_on_each_right_choice_is_all_or_nothing():
    result = read(
        quiz("""<question type="multichoice">
    <name><text>Even numbers</text></name>
    <questiontext format="html"><text>Pick the even numbers.</text></questiontext>
    <defaultgrade>2</defaultgrade>
    <single>false</single><shuffleanswers>false</shuffleanswers><shownumcorrect/>
    <answer fraction="0"><text>1</text></answer>
    <answer fraction="100"><text>2</text></answer>
    <answer fraction="0"><text>3</text></answer>
    <answer fraction="100"><text>4</text></answer>
  </question>"""),
        "mc.xml",
    )
    (q,) = result.data["questions"]
    assert q["type"] == "multiple"
    assert q["choices"] == ["1", "2", "3", "4"] and q["answers"] == [2, 4]
    assert q["partial_credit"] is False and q["shuffle"] is False
    assert {"several-correct", "mark-dropped"} <= set(codes(result, "warning"))


def test_x3_shortanswer_keeps_full_marks_answers_and_warns_about_the_wildcard():
    result = read(
        quiz("""<question type="shortanswer">
    <name><text>Gap</text></name>
    <questiontext format="html"><text>Alpha, ____, Gamma.</text></questiontext>
    <usecase>0</usecase>
    <answer fraction="100" format="plain_text"><text>Beta</text></answer>
    <answer fraction="0" format="plain_text"><text>*</text><feedback><text>No</text></feedback>
    </answer>
  </question>"""),
        "sa.xml",
    )
    (q,) = result.data["questions"]
    assert q["accept"] == ["Beta"]
    dropped = problems_with(result, "wildcard")[0]
    assert "'*'" in dropped.message and dropped.question == "Gap"


def test_x4_numerical_keeps_the_full_marks_number_and_tolerance_and_warns_about_the_rest():
    result = read(
        quiz("""<question type="numerical">
    <name><text>Answer</text></name>
    <questiontext format="html"><text>What is the answer?</text></questiontext>
    <answer fraction="100"><text>42</text><tolerance>0.001</tolerance></answer>
    <answer fraction="0"><text>13</text><tolerance>1</tolerance></answer>
    <answer fraction="0"><text>*</text><tolerance></tolerance></answer>
  </question>"""),
        "num.xml",
    )
    (q,) = result.data["questions"]
    assert (q["answer"], q["tolerance"]) == (42, 0.001)
    # 13 and * earn nothing: Civic Quiz marks every other number wrong anyway, so only their
    # feedback would be lost (none here); no other number earns marks, so nothing is dropped
    assert problems_with(result, "answers-dropped") == []


@pytest.mark.parametrize("moodle_type", ["matching", "match"])
def test_x5_matching_pairs_subquestions_and_warns_about_the_empty_one(moodle_type, tmp_path):
    subs = "".join(
        f"<subquestion><text>{left}</text><answer><text>{right}</text></answer></subquestion>"
        for left, right in (("A", "a"), ("B", "b"), ("C", "c"), ("", "d"))
    )
    result = read(
        quiz(f"""<question type="{moodle_type}">
    <name><text>Letters</text></name>
    <questiontext format="html"><text>Match the cases.</text></questiontext>
    <shuffleanswers>true</shuffleanswers>{subs}</question>"""),
        "m.xml",
    )
    (q,) = result.data["questions"]
    assert q["pairs"] == [["A", "a"], ["B", "b"], ["C", "c"]]
    assert "'d'" in problems_with(result, "distractors-dropped")[0].message
    load_data(tmp_path, result.data)


# -- X6, X7 and the other Moodle fixtures ----------------------------------------------------


def test_x6_invalid_grade_is_an_error_naming_the_question_and_the_answer_line(moodle_dir):
    path = moodle_dir / "error_invalid_grades.xml"
    raw = path.read_bytes()
    bad_line = next(
        n for n, line in enumerate(raw.decode().splitlines(), 1) if 'fraction="33"' in line
    )
    result = read(raw, str(path))
    (error,) = problems_with(result, "invalid-grade")
    assert error.is_error and error.line == bad_line and error.path == str(path)
    name = ET.parse(path).getroot().find("question/name/text").text
    plain_name = re.sub(r"<[^>]+>", "", name)
    assert error.question == plain_name and plain_name in error.message
    assert "33%" in error.message and "0.33" in error.message
    assert result.data is None  # the only question is skipped, as Moodle stops the import
    assert "nothing-imported" in codes(result, "error")


def test_x7_old_image_file_imports_both_questions_the_multianswer_as_a_cloze(tmp_path, moodle_dir):
    path = moodle_dir / "sample_questions_with_old_image_tag.xml"
    fixture = fixture_questions(path)
    assert len(fixture) == 2  # "Importing 2 questions from file"
    result = read(path.read_bytes(), str(path))
    cloze, q = result.data["questions"]
    mc = next(e for _, e in fixture if e.get("type") == "multichoice")
    answers = mc.findall("answer")
    assert q["choices"] == [a.findtext("text").strip() for a in answers]
    right = [i + 1 for i, a in enumerate(answers) if a.get("fraction") == "100"]
    assert [q["answer"]] == right
    assert "&quot;" not in q["prompt"] and '"image"' in q["prompt"]
    # each embedded answer is a gap: MULTICHOICE a drop-down of its answers, SHORTANSWER typed;
    # the answers at 100% are accepted
    text = next(e for _, e in fixture if e.get("type") == "cloze").findtext("questiontext/text")
    embedded = re.findall(r"\{\d*:([A-Z_]+):([^}]*)\}", text)
    assert cloze["type"] == "cloze" and cloze["prompt"].count("___") == len(embedded)
    for gap, (kind, body) in zip(cloze["gaps"], embedded, strict=True):
        answers = [a.split("#")[0] for a in body.split("~")]
        right = [
            a.lstrip("=").removeprefix("%100%")
            for a in answers
            if a[:1] == "=" or a.startswith("%100%")
        ]
        assert gap["accept"] == right
        if kind == "MULTICHOICE":
            assert gap["options"] == [re.sub(r"^(=|%\d+%)", "", a) for a in answers]
        else:
            assert "options" not in gap
    assert problems_with(result, "question-skipped") == []
    assert problems_with(result, "questions-skipped") == []
    assert "moodle.png" in problems_with(result, "image-dropped")[0].message
    load_data(tmp_path, result.data)


def test_nested_categories_give_each_question_the_last_segment_as_topic(tmp_path, moodle_dir):
    path = moodle_dir / "nested_categories_with_questions.xml"
    expected = [
        cat.rsplit("/", 1)[-1] for cat, q in fixture_questions(path) if q.get("type") == "truefalse"
    ]
    result = read(path.read_bytes(), str(path))
    assert [q["topic"] for q in result.data["questions"]] == expected
    assert len(problems_with(result, "question-skipped")) == sum(
        q.get("type") == "essay" for _, q in fixture_questions(path)
    )
    bank = load_data(tmp_path, result.data)
    assert bank.id == "nested-categories-with-questions"
    assert [s.id for s in bank.sources] == ["imported"]


def test_category_description_is_warned_and_topic_is_the_category_name(moodle_dir):
    path = moodle_dir / "category_with_description.xml"
    result = read(path.read_bytes(), str(path))
    (q,) = result.data["questions"]
    assert q["topic"] == "Alpha"
    assert "Alpha" in problems_with(result, "category-info")[0].message
    assert len(problems_with(result, "default-difficulty")) == 1
    assert q["difficulty"] == 2


# -- QAS-Editor fixtures: counts per type -----------------------------------------------------


def _expected_types(path: Path) -> tuple[Counter, int]:
    """Our types for the supported questions of a fixture, and how many are unsupported."""
    ours = {
        "cloze": "cloze",
        "truefalse": "true_false",
        "shortanswer": "text",
        "numerical": "numeric",
        "matching": "match",
    }
    expected: Counter = Counter()
    unsupported = 0
    for _, q in fixture_questions(path):
        t = q.get("type")
        if t == "multichoice":
            expected["single" if q.findtext("single", "true") == "true" else "multiple"] += 1
        elif t in ours:
            expected[ours[t]] += 1
        else:
            unsupported += 1
    return expected, unsupported


@pytest.mark.parametrize(
    "name",
    [
        "all.xml",
        "multichoice.xml",
        "truefalse.xml",
        "matching.xml",
        "shortanswer.xml",
        "numerical.xml",
        "essay.xml",
        "description.xml",
        "cloze.xml",
    ],
)
def test_qas_editor_fixture_imports_each_supported_question_and_skips_the_rest(
    name, tmp_path, qas_dir
):
    path = qas_dir / name
    expected, unsupported = _expected_types(path)
    result = read(path.read_bytes(), str(path))
    assert len(problems_with(result, "question-skipped")) == unsupported
    if not expected:
        assert result.data is None and "nothing-imported" in codes(result, "error")
        return
    assert Counter(q["type"] for q in result.data["questions"]) == expected
    assert codes(result, "error") == []
    load_data(tmp_path, result.data)


def test_qas_editor_all_xml_counts_every_question_in_the_summary(qas_dir):
    path = qas_dir / "all.xml"
    expected, unsupported = _expected_types(path)
    total = len(fixture_questions(path))
    result = read(path.read_bytes(), str(path))
    summary = problems_with(result, "questions-skipped")[0].message
    assert f"imported {sum(expected.values())} of {total}" in summary
    assert f"skipped {unsupported}" in summary


def test_qas_editor_numerical_keeps_the_unit_with_multiplier_one_and_warns_about_the_others(
    qas_dir,
):
    path = qas_dir / "numerical.xml"
    ((_, fixture),) = fixture_questions(path)
    result = read(path.read_bytes(), str(path))
    (q,) = result.data["questions"]
    assert q["answer"] == float(fixture.findtext("answer/text"))
    units = {u.findtext("unit_name"): float(u.findtext("multiplier")) for u in fixture.iter("unit")}
    assert q["unit"] == next(n for n, m in units.items() if m == 1)
    message = problems_with(result, "units-dropped")[0].message
    assert all(n in message for n, m in units.items() if m != 1)


def test_qas_editor_truefalse_takes_the_answer_whose_fraction_is_100(qas_dir):
    path = qas_dir / "truefalse.xml"
    ((_, fixture),) = fixture_questions(path)
    right = next(
        a.findtext("text") for a in fixture.findall("answer") if a.get("fraction") == "100"
    )
    result = read(path.read_bytes(), str(path))
    assert result.data["questions"][0]["answer"] is (right == "true")
    assert problems_with(result, "image-dropped")


def test_qas_editor_html_multichoice_is_stripped_to_plain_text_with_warnings(qas_dir):
    path = qas_dir / "multichoice.xml"
    ((_, fixture),) = fixture_questions(path)
    result = read(path.read_bytes(), str(path))
    (q,) = result.data["questions"]
    answers = fixture.findall("answer")
    assert len(q["choices"]) == len(answers)
    assert all("<" not in c for c in q["choices"]) and "<" not in q["prompt"]
    assert "underlined" in q["choices"][q["answer"] - 1]
    removed = " ".join(p.message for p in problems_with(result, "formatting-removed"))
    assert "<u>" in removed and "<sub>" in removed
    images = problems_with(result, "image-dropped")[0].message
    assert "4.png" in images and "dessin.svg" in images


def test_qas_editor_matching_and_shortanswer_match_the_fixture_values(qas_dir):
    ((_, match),) = fixture_questions(qas_dir / "matching.xml")
    pairs = [
        [
            re.sub(r"<[^>]+>", "", s.findtext("text") or "").strip(),
            s.findtext("answer/text").strip(),
        ]
        for s in match.findall("subquestion")
    ]
    result = read((qas_dir / "matching.xml").read_bytes(), "matching.xml")
    assert result.data["questions"][0]["pairs"] == [p for p in pairs if p[0]]
    ((_, short),) = fixture_questions(qas_dir / "shortanswer.xml")
    full = [a.findtext("text") for a in short.findall("answer") if a.get("fraction") == "100"]
    result = read((qas_dir / "shortanswer.xml").read_bytes(), "shortanswer.xml")
    assert result.data["questions"][0]["accept"] == full


# -- safe parsing and errors ------------------------------------------------------------------


def test_doctype_with_entities_is_refused_before_any_expansion():
    bomb = (
        b'<?xml version="1.0"?>\n<!DOCTYPE quiz [\n<!ENTITY a "aaaaaaaaaa">\n'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n<quiz>&b;</quiz>\n'
    )
    result = read(bomb, "bomb.xml")
    assert result.data is None
    (error,) = result.problems
    assert (error.code, error.line, error.path) == ("xml-doctype", 2, "bomb.xml")
    assert "DOCTYPE" in error.hint


def test_external_entity_is_refused():
    raw = (
        b'<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"\n<quiz>&x;</quiz>"
    )
    result = read(raw, "xxe.xml")
    assert result.data is None and codes(result) == ["xml-doctype"]


def test_xml_syntax_error_reports_the_line_from_the_parser():
    raw = quiz(
        '<question type="truefalse">',
        "<name><text>x</text></name>",
        "<questiontext><text>oops</questiontext>",
        "</question>",
    )
    try:
        ET.fromstring(raw)
    except ET.ParseError as exc:
        line, column = exc.position
    result = read(raw, "broken.xml")
    (error,) = result.problems
    assert (error.code, error.line, error.column) == ("xml-syntax", line, column + 1)
    assert "mismatched tag" in error.message and error.hint
    assert result.data is None


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b'<?xml version="1.0"?>\n<questestinterop/>', "not-moodle-xml"),
        (b"\xff\xfe<quiz", "xml-syntax"),
    ],
)
def test_unusable_files_give_one_error_and_no_data(raw, code):
    result = read(raw, "bad.xml")
    assert result.data is None
    assert codes(result, "error") == [code]


def test_a_bad_question_is_skipped_with_its_line_and_the_rest_still_import(tmp_path):
    raw = quiz(
        """<question type="multichoice">
    <name><text>Lonely</text></name>
    <questiontext><text>Only one choice?</text></questiontext>
    <answer fraction="100"><text>Yes</text></answer>
  </question>""",
        """<question type="truefalse">
    <name><text>Fine</text></name>
    <questiontext><text>This imports.</text></questiontext>
    <answer fraction="0"><text>true</text></answer>
    <answer fraction="100"><text>false</text></answer>
  </question>""",
    )
    result = read(raw, "mixed.xml")
    (error,) = [p for p in result.problems if p.is_error]
    assert (error.code, error.line, error.question) == ("too-few-choices", 3, "Lonely")
    (q,) = result.data["questions"]
    assert q["answer"] is False and q["id"] == "mixed-002"
    assert q["source"] == {"id": "imported", "locator": "question 2 (Fine)"}
    load_data(tmp_path, result.data)


def test_multichoice_with_more_choices_than_the_game_shows_is_an_error():
    answers = "".join(
        f'<answer fraction="{100 if i == 0 else 0}"><text>c{i}</text></answer>' for i in range(10)
    )
    result = read(
        quiz(
            f'<question type="multichoice"><name><text>Big</text></name>'
            f"<questiontext><text>Which?</text></questiontext>{answers}</question>"
        ),
        "big.xml",
    )
    assert "too-many-choices" in codes(result, "error")


def test_unsupported_type_without_a_type_attribute_is_warned():
    result = read(
        quiz(
            "<question><name><text>Untyped</text></name></question>",
            '<question type="truefalse"><questiontext><text>ok</text></questiontext>'
            '<answer fraction="100"><text>true</text></answer>'
            '<answer fraction="0"><text>false</text></answer></question>',
        ),
        "u.xml",
    )
    assert problems_with(result, "question-skipped")[0].question == "Untyped"
    assert len(result.data["questions"]) == 1


# -- mapping details --------------------------------------------------------------------------


def test_equal_shares_with_matching_penalties_become_partial_credit_without_warning():
    result = read(
        quiz("""<question type="multichoice">
    <name><text>Branches</text></name>
    <questiontext><text>Which are branches of government?</text></questiontext>
    <single>false</single>
    <answer fraction="50"><text>Legislative</text></answer>
    <answer fraction="-50"><text>Military</text></answer>
    <answer fraction="50"><text>Judicial</text></answer>
  </question>"""),
        "p.xml",
    )
    (q,) = result.data["questions"]
    assert (q["answers"], q["partial_credit"]) == ([1, 3], True)
    assert "grades-changed" not in codes(result)


def test_equal_shares_with_free_wrong_choices_warn_that_wrong_picks_now_cost():
    result = read(
        quiz("""<question type="multichoice">
    <questiontext><text>Pick three</text></questiontext><single>0</single>
    <answer fraction="33.33333"><text>a</text></answer>
    <answer fraction="33.33333"><text>b</text></answer>
    <answer fraction="33.33333"><text>c</text></answer>
    <answer fraction="0"><text>d</text></answer>
  </question>"""),
        "p.xml",
    )
    (q,) = result.data["questions"]
    assert (q["answers"], q["partial_credit"]) == ([1, 2, 3], True)
    message = problems_with(result, "grades-changed")[0].message
    assert "4 (0%)" in message and "33.33333% away for each wrong pick" in message


def test_unequal_shares_and_single_answer_partial_grades_are_warned():
    result = read(
        quiz(
            """<question type="multichoice">
    <questiontext><text>Unequal</text></questiontext><single>false</single>
    <answer fraction="75"><text>a</text></answer>
    <answer fraction="25"><text>b</text></answer>
    <answer fraction="-100"><text>c</text></answer>
  </question>""",
            """<question type="multichoice">
    <questiontext><text>Half right</text></questiontext><single>true</single>
    <answer fraction="100"><text>a</text></answer>
    <answer fraction="50"><text>b</text></answer>
    <answer fraction="100"><text>c</text></answer>
  </question>""",
        ),
        "p.xml",
    )
    first, second = result.data["questions"]
    assert first["answers"] == [1, 2]
    assert "unequal" in problems_with(result, "grades-changed")[0].message
    # two full-marks answers: the `multiple` question GIFT's {=a ~%50%b =c} also gives
    assert (second["type"], second["answers"]) == ("multiple", [1, 3])
    assert {"several-correct", "partial-grade"} <= set(codes(result, "warning"))


def test_idnumber_tags_difficulty_and_html_entities_are_read():
    result = read(
        quiz("""<question type="shortanswer">
    <name><text>Who</text></name>
    <questiontext format="html"><text><![CDATA[<p>Who leads the <b>DOJ</b> &amp; FBI?</p>]]>
    </text></questiontext>
    <generalfeedback format="html"><text><![CDATA[<p>The <i>Attorney General</i>.</p>]]></text>
    </generalfeedback>
    <idnumber>doj lead</idnumber>
    <answer fraction="100"><text>Attorney General</text></answer>
    <answer fraction="100"><text>AG</text></answer>
    <tags><tag><text>difficulty-3</text></tag><tag><text>justice</text></tag></tags>
  </question>"""),
        "t.xml",
    )
    (q,) = result.data["questions"]
    assert q["id"] == "doj-lead" and q["difficulty"] == 3 and q["tags"] == ["justice"]
    assert q["prompt"] == "Who leads the DOJ & FBI?"
    assert q["explanation"] == "The Attorney General."
    assert q["accept"] == ["Attorney General", "AG"]
    assert "default-difficulty" not in codes(result)
    stripped = problems_with(result, "formatting-removed")
    assert {("question text" in p.message, "general feedback" in p.message) for p in stripped} == {
        (True, False),
        (False, True),
    }


def test_registry_finds_this_module():
    # the writer is given only the questions Moodle XML holds (type_support.only_supported)
    assert FORMATS["moodle-xml"].reader is read
    assert inspect.unwrap(FORMATS["moodle-xml"].writer) is write
    assert reader("moodle-xml") is read and inspect.unwrap(writer("moodle-xml")) is write


# -- export -----------------------------------------------------------------------------------


# The shipped types Moodle XML cannot hold yet: left out, each with a `type-not-exported` warning.
NOT_IN_XML = (QuestionType.POLL,)


@pytest.fixture(scope="module")
def shipped():
    result = load_paths([ROOT / "questions"])
    assert result.ok
    return result.banks


def _parse(content: str) -> ET.Element:
    return ET.fromstring(content.encode())


def test_export_uses_only_grades_moodle_allows_and_equal_shares_for_partial_credit(shipped):
    content = write(shipped).content
    root = _parse(content)
    fractions = [  # an ordering question's `fraction` is each item's position, not a grade
        float(a.get("fraction"))
        for q in root.iter("question")
        if q.get("type") != "ordering"
        for a in q.iter("answer")
        if a.get("fraction")
    ]
    assert fractions and all(round(f, 5) in ALLOWED_PERCENTS for f in fractions)
    by_id = {q.id: q for b in shipped for q in b.questions}
    for elem in root.iter("question"):
        q = by_id.get(elem.findtext("idnumber") or "")
        if q is None or q.type is not QuestionType.MULTIPLE:
            continue
        share = 100 / len(q.correct)
        grades = [float(a.get("fraction")) for a in elem.findall("answer")]
        assert all(
            abs(g - (share if i in q.correct else -share)) < 0.001 for i, g in enumerate(grades)
        )


def test_export_warns_once_per_poll_question(shipped):
    result = write(shipped)
    skipped = {p.question for p in result.problems if p.code == "question-skipped"}
    expected = {q.id for b in shipped for q in b.questions if q.type in (QuestionType.POLL,)}
    assert skipped == expected and len(problems_with(result, "question-skipped")) == len(expected)
    exported = {
        e.findtext("idnumber")
        for e in _parse(result.content).iter("question")
        if e.get("type") != "category"
    }
    assert exported.isdisjoint(expected)


def test_export_writes_idnumber_tags_explanation_and_a_category_per_topic(shipped):
    bank = shipped[0]
    root = _parse(write([bank]).content)
    categories = [
        c.findtext("category/text") for c in root.iter("question") if c.get("type") == "category"
    ]
    exported = [q for q in bank.questions if q.type not in NOT_IN_XML]
    assert {c.rsplit("/", 1)[-1] for c in categories[1:]} == {q.topic for q in exported}
    first = exported[0]
    elem = next(e for e in root.iter("question") if e.findtext("idnumber") == first.id)
    tags = [t.findtext("text") for t in elem.iter("tag")]
    assert f"difficulty-{first.difficulty}" in tags and f"source:{first.source.source.id}" in tags
    feedback = elem.findtext("generalfeedback/text")
    assert feedback.startswith(first.explanation)
    assert feedback.endswith(f"Source: {first.source.label()}")


def _comparable(q: Question) -> dict:
    data = {f.name: getattr(q, f.name) for f in dataclasses.fields(q) if f.name != "bank_id"}
    for key in ("prompt", "explanation"):
        data[key] = " ".join(data[key].split())
    data["prompt"] = " ".join(as_read_back(q).prompt.split())
    data["source"] = (q.source.source.id, q.source.locator) if q.source else None
    # Moodle XML has one citation per question: further sources are written as a "See also"
    # line of the feedback and not read back (tests/content/test_sources.py).
    del data["more_sources"]
    # A passage is written into the question text (Moodle has no shared passages).
    if data.pop("passage") is not None:
        data["prompt"] = " ".join(f"Passage: {q.passage.text} {q.prompt}".split())
    return data


def test_round_trip_of_each_shipped_bank_keeps_every_exportable_question(shipped, tmp_path):
    for bank in shipped:
        exported = write([bank])
        result = read(exported.content.encode(), f"{bank.id}.xml")
        assert codes(result) == [], bank.id
        back = load_data(tmp_path, result.data, f"{bank.id}.yaml")
        assert (
            back.id,
            back.title,
            back.description,
            back.version,
            back.authors,
            back.license,
            back.sources,
        ) == (
            bank.id,
            bank.title,
            bank.description,
            bank.version,
            bank.authors,
            bank.license,
            bank.sources,
        )
        expected = [q for q in bank.questions if q.type not in NOT_IN_XML]
        assert [_comparable(q) for q in back.questions] == [_comparable(q) for q in expected]


def test_round_trip_of_all_shipped_banks_in_one_file_renames_conflicting_sources(shipped, tmp_path):
    result = read(write(shipped).content.encode(), "everything.xml")
    back = load_data(tmp_path, result.data)
    assert back.id == "everything"
    originals = {q.id: q for b in shipped for q in b.questions}
    assert len(back.questions) == sum(q.type not in NOT_IN_XML for q in originals.values())
    for q in back.questions:
        o = originals[q.id]
        assert (q.source.source.title, q.source.locator) == (
            o.source.source.title,
            o.source.locator,
        )
    renamed = problems_with(result, "source-renamed")
    conflicts = set()
    seen: dict[str, Source] = {}
    for b in shipped:
        for s in b.sources:
            if s.id in seen and seen[s.id] != s:
                conflicts.add(s.id)
            seen.setdefault(s.id, s)
    assert {re.search(r"source `([^`]+)`", p.message).group(1) for p in renamed} == conflicts


def _bank(*questions: Question) -> Bank:
    src = Source("law", "The Law")
    fixed = tuple(
        dataclasses.replace(q, source=SourceRef(src, "Sec. 1/2"), bank_id="mini") for q in questions
    )
    return Bank(id="mini", title="Mini / test", questions=fixed, sources=(src,), path="mini.yaml")


def test_round_trip_keeps_special_characters_metadata_and_all_or_nothing(tmp_path):
    bank = _bank(
        Question(
            "m-1",
            QuestionType.MULTIPLE,
            "Law / order",
            3,
            "Pick <b>two</b> & more",
            choices=("A*", "B <c>", "C"),
            correct=(0, 1),
            partial_credit=False,
            shuffle=False,
            explanation="Line one\n\nLine two",
            tags=("x", "y"),
            time_limit=30,
            points=250,
            valid_as_of=date(2025, 12, 15),
        ),
        Question(
            "m-2",
            QuestionType.TEXT,
            "Law / order",
            1,
            "Say *",
            accept=("a*b", "AB"),
            explanation="Stars.",
        ),
        Question(
            "m-3",
            QuestionType.NUMERIC,
            "Numbers",
            2,
            "How much?",
            numeric=NumericAnswer(0.2, 0.1, 0.30000000000000004, "percent"),
            explanation="About 0.2.",
        ),
    )
    exported = write([bank])
    warnings = {(p.code, p.question) for p in exported.problems}
    assert ("all-or-nothing", "m-1") in warnings
    root = _parse(exported.content)
    assert "Law // order" in " ".join(
        c.findtext("category/text") for c in root.iter("question") if c.get("type") == "category"
    )
    result = read(exported.content.encode(), "mini.xml")
    assert codes(result) == []
    back = load_data(tmp_path, result.data)
    assert [_comparable(q) for q in back.questions] == [_comparable(q) for q in bank.questions]


def test_export_warns_about_images_and_tags_moodle_would_cut():
    bank = _bank(
        Question(
            "i-1",
            QuestionType.TRUE_FALSE,
            "T",
            1,
            "True?",
            truth=True,
            image="pic.png",
            tags=("a" * 60,),
            explanation="Yes.",
        )
    )
    result = write([bank])
    assert {p.code for p in result.problems} == {"image-not-exported", "tag-changed"}
    assert all(p.question == "i-1" and p.path == "mini.yaml" for p in result.problems)


def test_case_only_different_choices__imported_with_a_warning(tmp_path):
    result = read(
        quiz("""<question type="multichoice">
    <name><text>Units</text></name>
    <questiontext format="html"><text>Which is a transfer rate in megabytes?</text></questiontext>
    <single>true</single>
    <answer fraction="100"><text>MB/s</text></answer>
    <answer fraction="0"><text>Mb/s</text></answer>
  </question>"""),
        "units.xml",
    )
    (q,) = result.data["questions"]
    assert q["choices"] == ["MB/s", "Mb/s"]
    assert len(problems_with(result, "case-only-difference")) == 1
    load_data(tmp_path, result.data)


def test_ordering__read_in_the_order_of_each_answers_position(tmp_path):
    result = read(
        quiz("""<question type="ordering">
    <name><text>Steps</text></name>
    <questiontext format="html"><text><![CDATA[<p>Put the steps in order.</p>]]></text>
    </questiontext>
    <layouttype>0</layouttype><selecttype>0</selecttype><selectcount>0</selectcount>
    <gradingtype>0</gradingtype>
    <answer fraction="2" format="html"><text><![CDATA[<p>Signed</p>]]></text></answer>
    <answer fraction="1" format="html"><text><![CDATA[<p>Drafted</p>]]></text></answer>
    <answer fraction="3" format="html"><text><![CDATA[<p>Published</p>]]></text></answer>
  </question>"""),
        "steps.xml",
    )
    (q,) = result.data["questions"]
    assert (q["type"], q["items"]) == ("order", ["Drafted", "Signed", "Published"])
    assert "grades-changed" not in codes(result)
    load_data(tmp_path, result.data)


def test_ordering__order_questions_go_to_moodle_and_back(tmp_path):
    orders = [q for b in load_paths([ROOT / "questions"]).banks for q in b.questions]
    orders = [q for q in orders if q.type is QuestionType.ORDER]
    assert orders
    bank = Bank(id="orders", title="Orders", questions=tuple(orders), sources=())
    exported = write([bank])
    assert "question-skipped" not in [p.code for p in exported.problems]
    assert not exported.skipped
    root = ET.fromstring(exported.content.encode())
    written = [q for q in root.iter("question") if q.get("type") == "ordering"]
    assert len(written) == len(orders)
    assert written[0].findtext("gradingtype") == "0"
    back = read(exported.content.encode(), "orders.xml").data["questions"]
    assert [q["items"] for q in back] == [list(q.items) for q in orders]
