"""GIFT and Moodle XML carry the same Moodle question, so Civic Quiz writes and reads a question
the same way in both: all-or-nothing grading, a literal `*` in a short answer, case-only
different choices. Real writers, real readers, real loader."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from game.content.formats import gift, moodle_xml
from game.content.loader import load_paths
from tests.content.formats.helpers import load_data
from tests.content.helpers import HEADER

QUESTIONS = """  - id: pick-two
    type: multiple
    topic: Basics
    difficulty: 2
    prompt: "Which two are branches of government?"
    choices: ["Congress", "The courts", "The press"]
    answers: [1, 2]
    partial_credit: false
    explanation: "Congress and the courts."
    source: {id: eo, locator: "Sec. 1"}
  - id: pick-three
    type: multiple
    topic: Basics
    difficulty: 2
    prompt: "Which three are right?"
    choices: ["a", "b", "c", "d"]
    answers: [1, 2, 3]
    partial_credit: true
    explanation: "a, b and c."
    source: {id: eo, locator: "Sec. 1"}
  - id: star
    type: text
    topic: Basics
    difficulty: 2
    prompt: "How is the 5-star hotel rating written?"
    accept: ["5*", "5 stars (*****)"]
    explanation: "The asterisk."
    source: {id: eo, locator: "Sec. 1"}
"""


def bank(tmp_path):
    path = tmp_path / "both.yaml"
    path.write_text(HEADER + QUESTIONS, encoding="utf-8")
    result = load_paths([path])
    assert result.ok, [p.format() for p in result.problems]
    return result.banks[0]


def gift_fractions(text: str, qid: str) -> list[float]:
    block = text.split(f"::{qid}::", 1)[1].split("}", 1)[0]
    return [round(float(w) / 100, 7) for w in re.findall(r"~%(-?[\d.]+)%", block)]


def xml_fractions(text: str, qid: str) -> list[float]:
    for q in ET.fromstring(text.encode()).iter("question"):
        if q.findtext("idnumber") == qid:
            return [round(float(a.get("fraction")) / 100, 7) for a in q.findall("answer")]
    raise AssertionError(qid)


def test_all_or_nothing__exported_the_same_way_in_gift_and_xml(tmp_path):
    b = bank(tmp_path)
    g, x = gift.write([b]), moodle_xml.write([b])
    for qid in ("pick-two", "pick-three"):
        assert gift_fractions(g.content, qid) == xml_fractions(x.content, qid)
    assert gift_fractions(g.content, "pick-two") == [0.5, 0.5, -1.0]  # a wrong pick: nothing
    assert gift_fractions(g.content, "pick-three") == [0.3333333, 0.3333333, 0.3333333, -0.3333333]
    for result in (g, x):
        warned = [p for p in result.problems if p.code == "all-or-nothing"]
        assert [p.question for p in warned] == ["pick-two"]
    assert [p.message for p in g.problems if p.code == "all-or-nothing"] == [
        p.message for p in x.problems if p.code == "all-or-nothing"
    ]


def test_literal_star__escaped_for_moodle_and_read_back_as_a_star(tmp_path):
    b = bank(tmp_path)
    g = gift.write([b])
    block = g.content.split("::star::", 1)[1].split("}", 1)[0]
    assert "=5\\*" in block and "(\\*\\*\\*\\*\\*)" in block
    assert not [p for p in g.problems if p.question == "star" and "wildcard" in p.message]
    x = moodle_xml.write([b])
    answers = [
        a.findtext("text")
        for q in ET.fromstring(x.content.encode()).iter("question")
        if q.findtext("idnumber") == "star"
        for a in q.findall("answer")
    ]
    assert answers == ["5\\*", "5 stars (\\*\\*\\*\\*\\*)"]
    for reader, content, name in (
        (gift.read, g.content, "b.gift"),
        (moodle_xml.read, x.content, "b.xml"),
    ):
        data = reader(content.encode(), name).data
        (star,) = [q for q in data["questions"] if q["id"] == "star"]
        assert star["accept"] == ["5*", "5 stars (*****)"]
        back = load_data(tmp_path, data, name=f"{name}.yaml")
        assert {q.id for q in back.questions} >= {"pick-two", "star"}


def test_unescaped_star_in_gift__is_still_a_wildcard():
    data = gift.read(b"::w::Name a colour{=bl*}", "w.gift")
    assert any(p.code == "wildcard" for p in data.problems)


def test_two_answers_at_100_and_one_at_0__the_same_question_from_gift_and_xml(tmp_path):
    from_gift = gift.read(b"::two::Which are branches?{=Congress =The courts ~The press}", "t.gift")
    from_xml = moodle_xml.read(
        b"""<?xml version="1.0" encoding="UTF-8"?>
<quiz><question type="multichoice">
  <name><text>two</text></name>
  <questiontext format="html"><text>Which are branches?</text></questiontext>
  <single>true</single>
  <answer fraction="100"><text>Congress</text></answer>
  <answer fraction="100"><text>The courts</text></answer>
  <answer fraction="0"><text>The press</text></answer>
</question></quiz>""",
        "t.xml",
    )
    keys = ("type", "choices", "answers", "partial_credit")
    (g,) = from_gift.data["questions"]
    (x,) = from_xml.data["questions"]
    assert (
        {k: g.get(k) for k in keys}
        == {k: x.get(k) for k in keys}
        == {
            "type": "multiple",
            "choices": ["Congress", "The courts", "The press"],
            "answers": [1, 2],
            "partial_credit": False,
        }
    )
    g_warn = [p.message for p in from_gift.problems if p.code == "several-correct"]
    x_warn = [p.message for p in from_xml.problems if p.code == "several-correct"]
    assert g_warn == x_warn and len(g_warn) == 1
    load_data(tmp_path, from_xml.data)


GIFT_AND_XML = {
    # name: (GIFT, the same Moodle question in Moodle XML's answers and <single>)
    "true/false": (
        "{F}",
        "truefalse",
        '<answer fraction="0"><text>true</text></answer>'
        '<answer fraction="100"><text>false</text></answer>',
        None,
    ),
    "one right": ("{=a ~b ~c}", "multichoice", "100 a|0 b|0 c", "true"),
    "partial single": ("{=a ~%50%b ~c}", "multichoice", "100 a|50 b|0 c", "true"),
    "shares": ("{~%50%a ~%50%b ~%-50%c}", "multichoice", "50 a|50 b|-50 c", "false"),
    "each 100": ("{~%100%a ~%100%b ~c}", "multichoice", "100 a|100 b|0 c", "false"),
    "unequal": ("{~%75%a ~%25%b ~%-100%c}", "multichoice", "75 a|25 b|-100 c", "false"),
    "feedback": ("{=a#yes ~b#no}", "multichoice", "100 a yes|0 b no", "true"),
    "short": ("{=Paris =Lutetia}", "shortanswer", "100 Paris|100 Lutetia", None),
    "numeric": (
        "{#5:1}",
        "numerical",
        '<answer fraction="100"><text>5</text><tolerance>1</tolerance></answer>',
        None,
    ),
}


def _xml_answers(spec: str) -> str:
    if spec.startswith("<"):
        return spec
    out = []
    for part in spec.split("|"):
        fraction, text, *feedback = part.split(" ", 2)
        fb = f"<feedback><text>{feedback[0]}</text></feedback>" if feedback else ""
        out.append(f'<answer fraction="{fraction}"><text>{text}</text>{fb}</answer>')
    return "".join(out)


@pytest.mark.parametrize("name", sorted(GIFT_AND_XML))
def test_the_same_moodle_question__imports_the_same_from_gift_and_xml(name):
    block, qtype, answers, single = GIFT_AND_XML[name]
    from_gift = gift.read(f"::q::Q?{block}".encode(), "t.gift")
    single_el = f"<single>{single}</single>" if single else ""
    from_xml = moodle_xml.read(
        (
            f'<?xml version="1.0"?><quiz><question type="{qtype}"><name><text>q</text></name>'
            f'<questiontext format="html"><text>Q?</text></questiontext>{single_el}'
            f"{_xml_answers(answers)}</question></quiz>"
        ).encode(),
        "t.xml",
    )
    skip = {"id", "source"}
    (g,) = from_gift.data["questions"]
    (x,) = from_xml.data["questions"]
    assert {k: v for k, v in g.items() if k not in skip} == {
        k: v for k, v in x.items() if k not in skip
    }
