"""The one Moodle model and its one mapper (game.content.formats.moodle_model, moodle_map).

Table tests at the model level, each Moodle type both ways: a Moodle question becomes the
expected Civic Quiz fields with the expected warnings (or is refused by name), and every Civic
Quiz type becomes a Moodle question that maps back to the same question. Then the promise
itself: every GIFT question in the fixtures, spelled again as Moodle XML, imports as the same
Civic Quiz question from both files. And the layering that makes it true: the two syntax
modules know the Moodle model, not Civic Quiz's.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

from game.content.formats import gift, moodle_xml
from game.content.formats.moodle_map import from_civic, to_civic
from game.content.formats.moodle_model import (
    Answer,
    MoodleQuestion,
    MoodleText,
    NumberSpec,
    OrderingOptions,
    Pair,
    Qtype,
    Subquestion,
    Unit,
)
from game.content.loader import load_paths
from tests.content.formats.helpers import FIXTURES, ROOT
from tests.content.helpers import HEADER

FORMATS = ROOT / "game" / "content" / "formats"


def mq(qtype: str, *answers: tuple[str, float], **more: Any) -> MoodleQuestion:
    return MoodleQuestion(
        qtype=qtype,
        name="q",
        text=MoodleText("Q?", "html"),
        number=1,
        line=7,
        answers=tuple(Answer(MoodleText(t, "html"), f) for t, f in answers),
        **more,
    )


def ans(text: str, fraction: float, feedback: str = "", number: NumberSpec | None = None) -> Answer:
    return Answer(MoodleText(text, "html"), fraction, MoodleText(feedback, "html"), number)


def cq(text: str, *gaps: Subquestion) -> MoodleQuestion:
    """An embedded-answers (Cloze) question: `{#N}` in `text` where gap N goes."""
    return MoodleQuestion(Qtype.MULTIANSWER, "q", MoodleText(text, "html"), 1, 7, subquestions=gaps)


def fields(question: MoodleQuestion) -> dict[str, Any]:
    mapped = to_civic(question, "t.xml")
    assert mapped.refusal is None, mapped.refusal
    assert mapped.fields is not None
    return {k: v for k, v in mapped.fields.items() if k != "prompt"}


def codes(question: MoodleQuestion) -> set[str]:
    return {str(p.code) for p in to_civic(question, "t.xml").problems}


# -- Moodle -> Civic Quiz, each type ---------------------------------------------------------------

SA, MC, NUM = Qtype.SHORTANSWER, Qtype.MULTICHOICE, Qtype.NUMERICAL

IMPORTS = {
    "cloze: a typed gap and a drop-down gap": (
        cq(
            "<p>Signed on {#1} by the {#2}.</p>",
            Subquestion(SA, (ans("December 15", 1), ans("Dec. 15", 1), ans("*", 0, "No"))),
            Subquestion(MC, (ans("President", 1), ans("Congress", 0))),
        ),
        {
            "type": "cloze",
            "gaps": [
                {"accept": ["December 15", "Dec. 15"]},
                {"accept": ["President"], "options": ["President", "Congress"]},
            ],
        },
        {"answer-feedback"},
    ),
    "cloze: gap weights, partial answers, case and a numeric tolerance": (
        cq(
            "{#1} and {#2} and {#3}",
            Subquestion(SA, (ans("Paris", 1), ans("Lyon", 0.5)), weight=2, use_case=True),
            Subquestion(NUM, (ans("5.17:0.01", 1, number=NumberSpec(5.17, 0.01)),)),
            Subquestion(MC, (ans("a", 1), ans("b", 0.5), ans("c", 0))),
        ),
        {
            "type": "cloze",
            "gaps": [
                {"accept": ["Paris"]},
                {"accept": ["5.17"]},
                {"accept": ["a"], "options": ["a", "b", "c"]},
            ],
        },
        {"answers-dropped", "case-sensitive", "grades-changed"},
    ),
    "one right answer": (
        mq(Qtype.MULTICHOICE, ("a", 1), ("b", 0), ("c", 0)),
        {"type": "single", "choices": ["a", "b", "c"], "answer": 1},
        set(),
    ),
    "one right, partial and negative grades": (
        mq(Qtype.MULTICHOICE, ("a", 1), ("b", 0.5), ("c", -0.5)),
        {"type": "single", "choices": ["a", "b", "c"], "answer": 1},
        {"partial-grade", "negative-grade"},
    ),
    "best answer below full marks": (
        mq(Qtype.MULTICHOICE, ("a", 0.5), ("b", 0)),
        {"type": "single", "choices": ["a", "b"], "answer": 1},
        {"partial-grade"},
    ),
    "two full marks in a one-answer question": (
        mq(Qtype.MULTICHOICE, ("a", 1), ("b", 1), ("c", 0)),
        {
            "type": "multiple",
            "choices": ["a", "b", "c"],
            "answers": [1, 2],
            "partial_credit": False,
        },
        {"several-correct"},
    ),
    "checkboxes, equal shares": (
        mq(Qtype.MULTICHOICE, ("a", 0.5), ("b", 0.5), ("c", -0.5), single=False),
        {"type": "multiple", "choices": ["a", "b", "c"], "answers": [1, 2], "partial_credit": True},
        set(),
    ),
    "checkboxes, unequal shares": (
        mq(Qtype.MULTICHOICE, ("a", 0.75), ("b", 0.25), ("c", -1), single=False),
        {"type": "multiple", "choices": ["a", "b", "c"], "answers": [1, 2], "partial_credit": True},
        {"grades-changed"},
    ),
    "checkboxes, all-or-nothing said by the file": (
        mq(
            Qtype.MULTICHOICE,
            ("a", 0.5),
            ("b", 0.5),
            ("c", -1),
            single=False,
            all_or_nothing=True,
            shuffle=False,
        ),
        {
            "type": "multiple",
            "choices": ["a", "b", "c"],
            "answers": [1, 2],
            "partial_credit": False,
            "shuffle": False,
        },
        set(),
    ),
    "case-only different choices": (
        mq(Qtype.MULTICHOICE, ("GB", 1), ("Gb", 0)),
        {"type": "single", "choices": ["GB", "Gb"], "answer": 1},
        {"case-only-difference"},
    ),
    "html choices": (
        mq(Qtype.MULTICHOICE, ("<b>a</b>", 1), ("<p>b</p>", 0)),
        {"type": "single", "choices": ["a", "b"], "answer": 1},
        {"formatting-removed"},  # <b> only: <p> is layout
    ),
    "true/false": (
        mq(Qtype.TRUEFALSE, ("true", 0), ("false", 1)),
        {"type": "true_false", "answer": False},
        set(),
    ),
    "short answer, a literal star": (
        mq(Qtype.SHORTANSWER, ("5\\*", 1), ("Five stars", 1)),
        {"type": "text", "accept": ["5*", "Five stars"]},
        set(),
    ),
    "short answer, a wildcard and partial credit": (
        mq(Qtype.SHORTANSWER, ("*Paris*", 1), ("Lutece", 0.5), use_case=True),
        {"type": "text", "accept": ["Paris"]},
        {"wildcard", "answers-dropped", "case-sensitive"},
    ),
    "numerical with a tolerance and a unit": (
        MoodleQuestion(
            Qtype.NUMERICAL,
            "q",
            MoodleText("How far?", "html"),
            answers=(Answer(MoodleText("42", "plain"), 1, number=NumberSpec(42, 0.5)),),
            units=(Unit("km", 1), Unit("m", 1000, "1000")),
        ),
        {"type": "numeric", "answer": 42, "tolerance": 0.5, "unit": "km"},
        {"units-dropped"},
    ),
    "numerical range": (
        MoodleQuestion(
            Qtype.NUMERICAL,
            "q",
            MoodleText("Between?", "moodle"),
            answers=(Answer(MoodleText("1..5", "plain"), 1, number=NumberSpec(1, low=1, high=5)),),
        ),
        {"type": "numeric", "range": [1, 5]},
        set(),
    ),
    "matching with a distractor": (
        MoodleQuestion(
            Qtype.MATCHING,
            "q",
            MoodleText("Match", "html"),
            pairs=(
                Pair(MoodleText("Forum", "html"), "talk"),
                Pair(MoodleText("Wiki", "html"), "pages"),
                Pair(MoodleText("", "html"), "chat"),
            ),
        ),
        {"type": "match", "pairs": [["Forum", "talk"], ["Wiki", "pages"]]},
        {"distractors-dropped"},
    ),
    "ordering by position, a subset asked": (
        mq(
            Qtype.ORDERING,
            ("second", 2),
            ("first", 1),
            ("third", 3),
            ordering=OrderingOptions("1", 2, "0"),
        ),
        {"type": "order", "items": ["first", "second", "third"]},
        {"ordering-subset"},
    ),
}


@pytest.mark.parametrize("name", sorted(IMPORTS))
def test_moodle_question__maps_to_civic_quiz_fields_with_its_warnings(name):
    question, expected, warned = IMPORTS[name]
    assert fields(question) == expected
    assert codes(question) == warned


REFUSED = {
    "essay": (mq(Qtype.ESSAY), "unsupported-type", "essay"),
    "description": (mq(Qtype.DESCRIPTION), "unsupported-type", "description"),
    "a plugin type": (mq("ddwtos"), "unsupported-type", "`ddwtos`"),
    "cloze without gaps": (mq(Qtype.MULTIANSWER), "no-correct-answer", "no embedded answers"),
    "cloze with a checkbox gap": (
        cq("A {#1}.", Subquestion(Qtype.MULTICHOICE, (ans("a", 0.5), ans("b", 0.5)), single=False)),
        "unsupported-type",
        "several answers",
    ),
    "cloze with a plug-in gap": (
        cq("A {#1}.", Subquestion("regexp", (ans("a.*", 1),), written="REGEXP")),
        "unsupported-type",
        "REGEXP",
    ),
    "cloze with its own underscores": (
        cq("A ___ and {#1}.", Subquestion(Qtype.SHORTANSWER, (ans("a", 1),))),
        "not-imported",
        "underscores",
    ),
    "cloze gap without full marks": (
        cq("A {#1}.", Subquestion(Qtype.MULTICHOICE, (ans("a", 0.5), ans("b", 0)))),
        "no-correct-choice",
        "gap 1",
    ),
    "no right choice": (
        mq(Qtype.MULTICHOICE, ("a", 0), ("b", 0)),
        "no-correct-choice",
        "no choice",
    ),
    "one choice": (mq(Qtype.MULTICHOICE, ("a", 1)), "too-few-choices", "1 choices"),
    "repeated choice": (
        mq(Qtype.MULTICHOICE, ("a", 1), ("<b>a</b>", 0)),
        "duplicate-choice",
        "repeats",
    ),
    "short answer without full marks": (
        mq(Qtype.SHORTANSWER, ("x", 0.5)),
        "no-correct-answer",
        "full marks",
    ),
    "true/false without false": (mq(Qtype.TRUEFALSE, ("true", 1)), "truefalse-answers", "false"),
    "empty question text": (
        MoodleQuestion(Qtype.TRUEFALSE, "q", MoodleText("<p> </p>", "html"), line=3),
        "empty-prompt",
        "empty",
    ),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_moodle_question_civic_quiz_cannot_hold__is_refused_by_name_with_its_line(name):
    question, code, words = REFUSED[name]
    mapped = to_civic(question, "t.xml")
    assert mapped.fields is None and mapped.refusal is not None
    assert (mapped.refusal.code, mapped.refusal.line) == (code, question.line)
    assert words in mapped.refusal.reason


# -- Civic Quiz -> Moodle -> Civic Quiz, each type -------------------------------------------------

BANK = """  - id: one
    type: single
    topic: T
    difficulty: 1
    prompt: "One?"
    choices: ["a", "b"]
    answer: 2
    source: {id: eo, locator: "Sec. 1"}
  - id: some
    type: multiple
    topic: T
    difficulty: 2
    prompt: "Some?"
    choices: ["a", "b", "c"]
    answers: [1, 3]
    partial_credit: true
    source: {id: eo, locator: "Sec. 1"}
  - id: all-of-them
    type: multiple
    topic: T
    difficulty: 2
    prompt: "All?"
    choices: ["a", "b", "c"]
    answers: [1, 2]
    partial_credit: false
    shuffle: false
    source: {id: eo, locator: "Sec. 1"}
  - id: tf
    type: true_false
    topic: T
    difficulty: 3
    prompt: "True?"
    answer: false
    source: {id: eo, locator: "Sec. 1"}
  - id: typed
    type: text
    topic: T
    difficulty: 2
    prompt: "Rating?"
    accept: ["5*", "five"]
    source: {id: eo, locator: "Sec. 1"}
  - id: number
    type: numeric
    topic: T
    difficulty: 2
    prompt: "How many?"
    answer: 42
    tolerance: 2
    unit: km
    source: {id: eo, locator: "Sec. 1"}
  - id: pairs
    type: match
    topic: T
    difficulty: 2
    prompt: "Match."
    pairs: [["a", "1"], ["b", "2"]]
    source: {id: eo, locator: "Sec. 1"}
  - id: steps
    type: order
    topic: T
    difficulty: 2
    prompt: "Order."
    items: ["first", "second", "third"]
    source: {id: eo, locator: "Sec. 1"}
  - id: vote
    type: poll
    topic: T
    difficulty: 2
    prompt: "Which?"
    choices: ["x", "y"]
    source: {id: eo, locator: "Sec. 1"}
"""

EXPORTS = {
    # id: (Moodle type, single, [(answer text, fraction)], all_or_nothing)
    "one": (Qtype.MULTICHOICE, True, [("a", 0.0), ("b", 1.0)], None),
    "some": (Qtype.MULTICHOICE, False, [("a", 0.5), ("b", -0.5), ("c", 0.5)], False),
    "all-of-them": (Qtype.MULTICHOICE, False, [("a", 0.5), ("b", 0.5), ("c", -1.0)], True),
    "tf": (Qtype.TRUEFALSE, True, [("true", 0.0), ("false", 1.0)], None),
    "typed": (Qtype.SHORTANSWER, True, [("5\\*", 1.0), ("five", 1.0)], None),
    "number": (Qtype.NUMERICAL, True, [("42", 1.0)], None),
    "pairs": (Qtype.MATCHING, True, [], None),
    "steps": (Qtype.ORDERING, True, [("first", 1.0), ("second", 2.0), ("third", 3.0)], None),
}


@pytest.fixture(scope="module")
def civic_bank(tmp_path_factory):
    path = tmp_path_factory.mktemp("bank") / "bank.yaml"
    path.write_text(HEADER + BANK, encoding="utf-8")
    result = load_paths([path])
    assert result.ok, [p.format() for p in result.problems]
    return result.banks[0]


@pytest.mark.parametrize("qid", sorted(EXPORTS))
def test_civic_quiz_question__becomes_a_moodle_question_that_maps_back_the_same(civic_bank, qid):
    (q,) = [q for q in civic_bank.questions if q.id == qid]
    exported = from_civic(q, "bank.yaml")
    assert exported.skipped is None and exported.question is not None
    moodle = exported.question
    qtype, single, answers, all_or_nothing = EXPORTS[qid]
    assert (moodle.qtype, moodle.single, moodle.all_or_nothing) == (qtype, single, all_or_nothing)
    assert [(a.text.text, round(a.fraction, 7)) for a in moodle.answers] == answers
    assert (moodle.idnumber, moodle.category, moodle.civic["difficulty"]) == (
        qid,
        (q.topic,),
        q.difficulty,
    )
    back = fields(moodle)
    assert back["type"] == q.type.value
    assert to_civic(moodle, "t.xml").fields["prompt"] == q.prompt  # type: ignore[index]
    if q.type.value in ("single", "multiple"):
        assert back["choices"] == list(q.choices)
        assert back.get("shuffle", True) is q.shuffle
    if q.type.value == "single":
        assert back["answer"] == q.correct[0] + 1
    if q.type.value == "multiple":
        assert back["answers"] == [i + 1 for i in q.correct]
        assert back["partial_credit"] is q.partial_credit
    if q.type.value == "true_false":
        assert back["answer"] is q.truth
    if q.type.value == "text":
        assert back["accept"] == list(q.accept)
    if q.type.value == "numeric":
        assert q.numeric is not None
        assert back["range"] == [q.numeric.low, q.numeric.high]  # exactly, as a range
        assert back["unit"] == q.numeric.unit
    if q.type.value == "match":
        assert back["pairs"] == [list(p) for p in q.pairs]
    if q.type.value == "order":
        assert back["items"] == list(q.items)


def test_all_or_nothing_multiple__warned_once_when_exported(civic_bank):
    (q,) = [q for q in civic_bank.questions if q.id == "all-of-them"]
    assert [str(p.code) for p in from_civic(q, "bank.yaml").problems] == ["all-or-nothing"]


def test_poll__left_out_with_the_moodle_core_reason(civic_bank):
    (q,) = [q for q in civic_bank.questions if q.type.value == "poll"]
    exported = from_civic(q, "bank.yaml", "moodle-xml")
    assert exported.question is None and exported.skipped is not None
    assert exported.skipped.reason == "poll questions (Moodle core has no poll type)"
    assert [str(p.code) for p in exported.problems] == ["question-skipped"]


# -- the same question from GIFT and from Moodle XML -----------------------------------------------

GIFT_FILES = sorted(
    p.relative_to(ROOT).as_posix()
    for folder in (FIXTURES / "gift", ROOT / "tests" / "fixtures" / "interop" / "gift")
    for p in folder.rglob("*")
    if p.suffix in (".gift", ".txt") and p.parent.name != "LICENSES"
)


def _comparable(q: dict[str, Any]) -> dict[str, Any]:
    """A question as both files can carry it: ids and the import's citation depend on the file
    name; a GIFT range `1..5` is Moodle XML's `3` ± `2` (the same numbers accepted)."""
    out = {k: v for k, v in q.items() if k not in ("id", "source")}
    if out.get("type") == "numeric":
        if "range" in out:
            low, high = out.pop("range")
        else:
            spread = out.pop("tolerance", 0)
            low, high = out["answer"] - spread, out["answer"] + spread
        out.pop("answer", None)
        out["bounds"] = (pytest.approx(low), pytest.approx(high))
    return out


@pytest.mark.parametrize("name", GIFT_FILES)
def test_every_gift_fixture_question__imports_the_same_from_gift_and_from_moodle_xml(name):
    raw = (ROOT / name).read_bytes()
    from_gift = gift.read(raw, name)
    as_xml = moodle_xml.spell(gift.moodle_questions(raw, name))
    from_xml = moodle_xml.read(as_xml.encode("utf-8"), name + ".xml")
    ours = [_comparable(q) for q in (from_gift.data or {}).get("questions", [])]
    theirs = [_comparable(q) for q in (from_xml.data or {}).get("questions", [])]
    assert ours == theirs
    # and the same losses said in the same words: every warning about a question (a skipped
    # question is reported the way each format reports one; the file's summary lines differ)
    assert _losses(from_gift.problems) == _losses(from_xml.problems)


FILE_LEVEL = {
    "question-skipped",
    "questions-skipped",
    "default-difficulty",
}


def _losses(problems: Any) -> list[tuple[str, str]]:
    return sorted(
        (str(p.code), p.message)
        for p in problems
        if p.severity.value == "warning" and p.code not in FILE_LEVEL
    )


# -- the syntax modules know the Moodle model only -------------------------------------------------


def _runtime_imports(path: Path) -> set[str]:
    """Modules a file imports when it runs (imports under `if TYPE_CHECKING:` are for mypy)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            skip |= {id(n) for child in node.body for n in ast.walk(child)}
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


@pytest.mark.parametrize("module", ["gift.py", "moodle_xml.py"])
def test_gift_and_moodle_xml__only_know_the_moodle_model_not_civic_quizs(module):
    imports = _runtime_imports(FORMATS / module)
    assert "game.content.formats.moodle_model" in imports
    assert "game.content.formats.moodle_map" in imports
    # Civic Quiz's own question model, its answer rules and its sameness rules are the mapper's
    assert not imports & {"game.core.model", "game.core.answers", "game.content.sameness"}
    assert not any(name.startswith("game.core") for name in imports)


def test_the_mapper__knows_no_file_syntax():
    imports = _runtime_imports(FORMATS / "moodle_map.py")
    assert not imports & {"xml.etree.ElementTree", "json", "game.content.formats.gift"}
    assert "game.content.formats.moodle_xml" not in imports
    model_imports = _runtime_imports(FORMATS / "moodle_model.py")
    assert not any(name.startswith("game.") for name in model_imports)


# -- cloze: the gaps' place in the prompt ------------------------------------------------------


def test_cloze__each_embedded_answer_becomes_a_gap_in_the_prompt_in_order():
    question = cq(
        "<p>Signed on {#1} by the {#2}.</p>",
        Subquestion(SA, (ans("December 15", 1),)),
        Subquestion(MC, (ans("President", 1), ans("Congress", 0))),
    )
    mapped = to_civic(question, "t.xml")
    assert mapped.fields is not None
    assert mapped.fields["prompt"] == "Signed on ___ by the ___."


def test_cloze__exported_gaps_are_shortanswer_and_multichoice_with_right_answers_at_100():
    (bank,) = load_paths([ROOT / "tests" / "fixtures" / "cloze" / "cloze-example.yaml"]).banks
    (q,) = bank.questions
    exported = from_civic(q, "bank.yaml").question
    assert exported is not None and exported.qtype == Qtype.MULTIANSWER
    assert exported.text.text.count("{#") == 2 and "___" not in exported.text.text
    typed, drop_down = exported.subquestions
    assert typed.qtype == SA and [(a.text.text, a.fraction) for a in typed.answers] == [
        ("fentanyl", 1.0)
    ]
    assert drop_down.qtype == MC and [(a.text.text, a.fraction) for a in drop_down.answers] == [
        ("Mass Destruction", 1.0),
        ("Mass Disruption", 0.0),
        ("Strategic Concern", 0.0),
    ]
    back = to_civic(exported, "bank.xml")
    assert back.fields is not None and back.problems == ()
    assert back.fields["prompt"] == q.prompt
    assert back.fields["gaps"] == [
        {"accept": list(g.accept), **({"options": list(g.options)} if g.options else {})}
        for g in q.gaps
    ]
