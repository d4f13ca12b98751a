"""Moodle's embedded answers (Cloze, qtype_multianswer) and GIFT's missing word, both ways.

The syntax table follows Moodle's own qtype_multianswer_extract_question: every type spelling
and abbreviation, weights, `=` and `%N%` grades, `#feedback` and the escapes. Then through the
real readers and writers: a Moodle XML cloze file (the Apache-2.0 moodle-tools fixture and our
own), the same cloze from GIFT and from XML, and cloze → GIFT → cloze, cloze → XML → cloze.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.content.formats import gift, moodle_xml
from game.content.formats.moodle_cloze import parse_embedded, spell_embedded
from game.content.formats.moodle_model import Qtype
from game.content.loader import load_paths
from tests.content.formats.helpers import ROOT, load_data

INTEROP = ROOT / "tests" / "fixtures" / "interop" / "moodle-xml" / "moodle-tools" / "clozeRef.xml"
EXAMPLE = ROOT / "tests" / "fixtures" / "cloze" / "cloze-example.yaml"

SPELLINGS = {
    # written: (qtype, single, use_case, layout, shuffle)
    "SHORTANSWER": (Qtype.SHORTANSWER, True, False, "", False),
    "SA": (Qtype.SHORTANSWER, True, False, "", False),
    "MW": (Qtype.SHORTANSWER, True, False, "", False),
    "SHORTANSWER_C": (Qtype.SHORTANSWER, True, True, "", False),
    "SAC": (Qtype.SHORTANSWER, True, True, "", False),
    "NUMERICAL": (Qtype.NUMERICAL, True, False, "", False),
    "NM": (Qtype.NUMERICAL, True, False, "", False),
    "MULTICHOICE": (Qtype.MULTICHOICE, True, False, "dropdown", False),
    "MC": (Qtype.MULTICHOICE, True, False, "dropdown", False),
    "MULTICHOICE_S": (Qtype.MULTICHOICE, True, False, "dropdown", True),
    "MCS": (Qtype.MULTICHOICE, True, False, "dropdown", True),
    "MULTICHOICE_V": (Qtype.MULTICHOICE, True, False, "vertical", False),
    "MCV": (Qtype.MULTICHOICE, True, False, "vertical", False),
    "MULTICHOICE_H": (Qtype.MULTICHOICE, True, False, "horizontal", False),
    "MCH": (Qtype.MULTICHOICE, True, False, "horizontal", False),
    "MULTICHOICE_VS": (Qtype.MULTICHOICE, True, False, "vertical", True),
    "MCHS": (Qtype.MULTICHOICE, True, False, "horizontal", True),
    "MULTIRESPONSE": (Qtype.MULTICHOICE, False, False, "vertical", False),
    "MRH": (Qtype.MULTICHOICE, False, False, "horizontal", False),
}


@pytest.mark.parametrize("written", sorted(SPELLINGS))
def test_every_type_spelling__is_read_as_moodle_reads_it(written):
    text, (sub,) = parse_embedded(f"A {{2:{written}:=right~wrong}} B", "html")
    assert text == "A {#1} B"
    assert (sub.qtype, sub.single, sub.use_case, sub.layout, sub.shuffle) == SPELLINGS[written]
    assert (sub.weight, sub.written) == (2.0, written)


def test_answers__grades_feedback_escapes_and_numbers():
    text, subs = parse_embedded(
        "{:SA:=Paris#Right~%50%Lyon#Half \\# marks~*#Wrong} and "
        "{1:MC:%100%a\\}b~%-50%c\\~d~e} and {3:NM:=5.17:0.01~%0%123}",
        "moodle",
    )
    assert text == "{#1} and {#2} and {#3}"
    short, choice, number = subs
    assert short.weight == 1.0  # an empty weight is 1
    assert [(a.text.text, a.fraction, a.feedback.text) for a in short.answers] == [
        ("Paris", 1.0, "Right"),
        ("Lyon", 0.5, "Half # marks"),
        ("*", 0.0, "Wrong"),
    ]
    assert [(a.text.text, a.fraction) for a in choice.answers] == [
        ("a}b", 1.0),
        ("c~d", -0.5),
        ("e", 0.0),
    ]
    assert number.weight == 3.0
    assert [(a.number.value, a.number.tolerance) for a in number.answers if a.number] == [
        (5.17, 0.01),
        (123.0, 0.0),
    ]


def test_an_html_entity_before_a_separator__is_not_cut():
    _, (sub,) = parse_embedded("{1:MC:=it&#39;s~no}", "html")
    assert [a.text.text for a in sub.answers] == ["it&#39;s", "no"]


def test_spelling_reads_back_as_the_same_gaps():
    written = "x {2:SAC:=A\\}b#fine~%50%c\\~d} y {1:MCS:%100%e\\#f~%0%g} z {1:NM:=4:0.5}"
    text, subs = parse_embedded(written, "plain")
    again = spell_embedded(text, subs)
    assert parse_embedded(again, "plain") == (text, subs)


# -- through the real readers and writers ---------------------------------------------------------


def test_moodle_tools_cloze_fixture__each_question_imports_as_a_cloze(tmp_path):
    result = moodle_xml.read(INTEROP.read_bytes(), str(INTEROP))
    questions = result.data["questions"]
    assert [q["type"] for q in questions] == ["cloze"] * 5
    assert [q["prompt"] for q in questions][:1] == ["Enter the correct value: ___"]
    assert questions[2]["gaps"] == [
        {"accept": ["Cache Hit"], "options": ["Cache Hit", "Cache Miss"]}
    ]
    assert questions[4]["gaps"] == [
        {"accept": ["5.57"]},
        {"accept": ["pi"], "options": ["e", "pi"]},
    ]
    codes = [str(p.code) for p in result.problems]
    # a NUMERICAL tolerance can't be kept (3 gaps), the gaps' weights 2 and 1 become equal
    assert codes.count("grades-changed") == 4
    load_data(tmp_path, result.data)


def cloze_xml(body: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n<question type="cloze">\n'
        "<name><text>gaps</text></name>\n"
        f'<questiontext format="html"><text><![CDATA[{body}]]></text></questiontext>\n'
        "</question>\n</quiz>\n"
    ).encode()


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("Pick {1:MULTIRESPONSE:%50%a~%50%b~c}.", "several answers"),
        ("Match {1:REGEXP:=a.*}.", "REGEXP"),
        ("A ____ and {1:SA:=b}.", "underscores"),
    ],
)
def test_a_cloze_civic_quiz_cannot_represent__is_skipped_with_the_one_skip_code(body, words):
    result = moodle_xml.read(cloze_xml(body), "gaps.xml")
    assert result.data is None
    skipped = [p for p in result.problems if p.code == "question-skipped"]
    if words == "underscores":  # a broken question, not an unsupported one: an error, by line
        assert skipped == [] and any(words in p.message for p in result.problems)
    else:
        (warning,) = skipped
        assert words in warning.message and warning.line == 3


def test_the_same_cloze_imports_the_same_from_gift_and_from_moodle_xml():
    from_gift = gift.read(
        b"::q::The order was signed on {~December 1 =December 15} 2025.", "q.gift"
    ).data["questions"][0]
    from_xml = moodle_xml.read(
        cloze_xml("The order was signed on {1:MULTICHOICE:~December 1~=December 15} 2025."),
        "q.xml",
    ).data["questions"][0]
    keys = ("type", "prompt", "gaps")
    assert {k: from_gift[k] for k in keys} == {k: from_xml[k] for k in keys}
    assert from_gift["gaps"] == [
        {"accept": ["December 15"], "options": ["December 1", "December 15"]}
    ]


def test_a_typed_missing_word__imports_the_same_from_gift_and_from_moodle_xml():
    from_gift = gift.read(b"Signed by the {=President =the President} in 2025.", "q.gift")
    from_xml = moodle_xml.read(
        cloze_xml("Signed by the {1:SHORTANSWER:=President~=the President} in 2025."), "q.xml"
    )
    ours, theirs = from_gift.data["questions"][0], from_xml.data["questions"][0]
    assert (ours["prompt"], ours["gaps"]) == (theirs["prompt"], theirs["gaps"])
    assert ours["gaps"] == [{"accept": ["President", "the President"]}]


ONE_GAP_BANK = """bank:
  id: gaps
  title: Gaps
  language: en
  version: 1
  sources:
    - {id: eo, title: "EO", publisher: "The White House", kind: primary}
questions:
  - id: dropdown
    type: cloze
    topic: T
    difficulty: 1
    prompt: "The order was signed on ___ 2025."
    gaps:
      - accept: ["December 15"]
        options: ["December 1", "December 15", "January 20"]
    explanation: "x"
    source: {id: eo, locator: "Sec. 1"}
  - id: typed-at-the-end
    type: cloze
    topic: T
    difficulty: 2
    prompt: "It was signed by the ___"
    gaps:
      - accept: ["President", "the President"]
    explanation: "y"
    source: {id: eo, locator: "Sec. 1"}
  - id: special-characters
    type: cloze
    topic: T
    difficulty: 3
    prompt: "Braces {x}, ~ and # stay: ___ & more"
    gaps:
      - accept: ["a}b", "c~d #e"]
    fuzzy: false
    explanation: "z"
    source: {id: eo, locator: "Sec. 1"}
"""


def _bank(tmp_path: Path, text: str):
    path = tmp_path / "gaps.yaml"
    path.write_text(text, encoding="utf-8")
    result = load_paths([path])
    assert result.ok
    (bank,) = result.banks
    return bank


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml"])
def test_cloze_round_trip__the_same_questions_come_back(tmp_path, fmt):
    bank = _bank(tmp_path, ONE_GAP_BANK)
    module = gift if fmt == "gift" else moodle_xml
    exported = module.write([bank])
    assert exported.skipped == ()
    content = exported.content
    assert isinstance(content, str)
    back = module.read(content.encode("utf-8"), f"back.{'gift' if fmt == 'gift' else 'xml'}")
    (tmp_path / "back").mkdir()
    again = load_data(tmp_path / "back", back.data)
    assert [(q.id, q.prompt, q.gaps, q.fuzzy) for q in again.questions] == [
        (q.id, q.prompt, q.gaps, q.fuzzy) for q in bank.questions
    ]
    assert [q.fuzzy for q in again.questions] == [True, True, False]
    if fmt == "gift":
        assert list(again.questions) == list(bank.questions)


def test_gift_export__a_cloze_with_several_gaps_is_skipped_with_its_reason():
    (bank,) = load_paths([EXAMPLE]).banks
    exported = gift.write([bank])
    (skipped,) = exported.skipped
    assert skipped.reason == "cloze questions (GIFT's missing word has one gap, not several)"
    (warning,) = [p for p in exported.problems if p.code == "question-skipped"]
    assert warning.question == "cloze-001"
    assert "cloze-001" not in exported.content
