"""One small broken bank per validation rule: each must be reported with its code, line and a
message that tells the author what is wrong."""

from __future__ import annotations

import pytest

from game.content.problems import Severity
from tests.content.helpers import GOOD_SINGLE, HEADER, load_text, problems_of

Q = GOOD_SINGLE  # question starts at line 8: id 8, type 9, topic 10, difficulty 11, prompt 12,
#                  choices 13, answer 14, explanation 15, source 16


def sub(old: str, new: str) -> str:
    assert old in Q
    return HEADER + Q.replace(old, new)


ORDER_ONE = (
    HEADER
    + """  - id: o-1
    type: order
    topic: T
    difficulty: 2
    prompt: "Sort"
    items: ["only one"]
    explanation: "x"
    source: {id: eo, locator: "Sec. 1"}
"""
)
MATCH_ONE = ORDER_ONE.replace("type: order", "type: match").replace(
    'items: ["only one"]', 'pairs: [["a", "b"]]'
)
NUMERIC_RANGE = ORDER_ONE.replace("type: order", "type: numeric").replace(
    'items: ["only one"]', "range: [15, 10]"
)
NUMERIC_BOTH = ORDER_ONE.replace("type: order", "type: numeric").replace(
    'items: ["only one"]', "answer: 4\n    range: [1, 5]"
)
MULTIPLE_DUP = ORDER_ONE.replace("type: order", "type: multiple").replace(
    'items: ["only one"]', 'choices: ["a", "b", "c"]\n    answers: [1, 1]'
)
MATCH_DUP = ORDER_ONE.replace("type: order", "type: match").replace(
    'items: ["only one"]', 'pairs: [["a", "b"], ["a", "c"]]'
)
TEXT_EMPTY = ORDER_ONE.replace("type: order", "type: text").replace(
    'items: ["only one"]', 'accept: ["?!"]'
)
POLL_ANSWER = ORDER_ONE.replace("type: order", "type: poll").replace(
    'items: ["only one"]', 'choices: ["yes please", "no thanks"]\n    answer: 1'
)

CASES = [
    # (name, text, code, line, words in the message)
    (
        "answer out of range",
        sub("answer: 2", "answer: 5"),
        "answer-out-of-range",
        14,
        "answer 5 is out of range (3 choices)",
    ),
    (
        "duplicate choices",
        sub('["A", "B", "C"]', '["A", "B", "A "]'),
        "duplicate-choice",
        13,
        "choice 3 repeats choice 1",
    ),
    ("empty prompt", sub('prompt: "Which one?"', 'prompt: "  "'), "empty", 12, "`prompt` is empty"),
    (
        "difficulty out of range",
        sub("difficulty: 1", "difficulty: 4"),
        "out-of-range",
        11,
        "`difficulty` 4 is out of range (1–3)",
    ),
    (
        "wrong value type",
        sub("difficulty: 1", 'difficulty: "easy"'),
        "wrong-type",
        11,
        "`difficulty` must be integer, not text",
    ),
    (
        "unquoted yes as a choice",
        sub('["A", "B", "C"]', '["A", yes, "C"]'),
        "wrong-type",
        13,
        "must be text, not boolean true",
    ),
    (
        "unknown key",
        sub("explanation:", "explanaton:"),
        "unknown-key",
        15,
        "unknown key `explanaton`",
    ),
    (
        "unknown type",
        sub("type: single", "type: singel"),
        "unknown-type",
        9,
        "unknown question type `singel`",
    ),
    ("missing field", sub("    topic: Basics\n", ""), "missing", 8, "has no `topic`"),
    (
        "undeclared source",
        sub("{id: eo,", "{id: e0,"),
        "unknown-source",
        16,
        "source `e0` is not declared",
    ),
    (
        "duplicate key",
        sub("    topic: Basics\n", "    topic: Basics\n    topic: Other\n"),
        "duplicate-key",
        11,
        "duplicate key 'topic' (first at line 10)",
    ),
    (
        "duplicate id in a bank",
        HEADER + Q + Q,
        "duplicate-id",
        17,
        "question id `q-1` is used twice in this bank (first at line 8)",
    ),
    (
        "graded without source",
        sub('    source: {id: eo, locator: "Sec. 1"}\n', ""),
        "missing",
        8,
        "graded question has no `source`",
    ),
    (
        "source without locator",
        sub(', locator: "Sec. 1"', ""),
        "missing",
        16,
        "`source` has no `locator`",
    ),
    ("order with one item", ORDER_ONE, "too-few", 13, "`items` needs at least 2 entries"),
    ("match with one pair", MATCH_ONE, "too-few", 13, "`pairs` needs at least 2 entries"),
    (
        "match left sides repeat",
        MATCH_DUP,
        "duplicate-choice",
        13,
        "left side of pair 2 repeats left side of pair 1",
    ),
    ("numeric empty range", NUMERIC_RANGE, "empty-range", 13, "range [15, 10] is empty"),
    (
        "numeric answer and range",
        NUMERIC_BOTH,
        "numeric-answer",
        8,
        "exactly one of `answer` or `range`",
    ),
    (
        "multiple answers repeat",
        MULTIPLE_DUP,
        "duplicate-answer",
        14,
        "`answers` lists the same choice twice",
    ),
    ("text answer with no letters", TEXT_EMPTY, "empty", 13, "has no letters or digits"),
    ("poll with an answer", POLL_ANSWER, "unknown-key", 14, "unknown key `answer`"),
    (
        "questions not a list",
        HEADER.replace("questions:\n", "questions: {a: 1}\n"),
        "wrong-type",
        7,
        "`questions` must be a list, not a mapping",
    ),
    (
        "question not a mapping",
        HEADER + "  - just some text\n",
        "wrong-type",
        8,
        "a question must be a mapping",
    ),
    ("top level not a mapping", "- a\n- b\n", "wrong-type", 1, "must be a mapping"),
    (
        "bank missing title",
        HEADER.replace("  title: Test bank\n", "") + Q,
        "missing",
        2,
        "`bank` has no `title`",
    ),
    (
        "yaml syntax error",
        HEADER + Q.replace('prompt: "Which one?"', 'prompt: "Which one?'),
        "yaml-syntax",
        13,
        "YAML syntax error",
    ),
    (
        "colon in plain text",
        HEADER + Q.replace("topic: Basics", "topic: Sec. 2: Agencies"),
        "yaml-syntax",
        10,
        "mapping values are not allowed",
    ),
    (
        "tab indentation",
        HEADER + Q.replace("    topic:", "\ttopic:"),
        "tab",
        10,
        "tab character used for indentation",
    ),
    (
        "merge key",
        HEADER + Q.replace("    topic: Basics\n", "    <<: {topic: x}\n"),
        "merge-key",
        10,
        "merge keys (<<) are not supported",
    ),
    (
        "python tag",
        HEADER
        + Q.replace('prompt: "Which one?"', 'prompt: !!python/object/apply:os.system ["ls"]'),
        "unsupported-tag",
        12,
        "is not allowed in bank files",
    ),
]


@pytest.mark.parametrize(
    ("name", "text", "code", "line", "words"), CASES, ids=[c[0] for c in CASES]
)
def test_rule__reported_with_code_line_and_message(tmp_path, name, text, code, line, words):
    """Ensures each broken bank yields its problem at the right line with a clear message."""
    problems = problems_of(tmp_path, text)
    matching = [p for p in problems if p.code == code]
    assert matching, f"no {code} among {[p.format() for p in problems]}"
    problem = matching[0]
    assert problem.line == line, problem.format()
    assert words in problem.message, problem.format()
    assert problem.path.endswith("bank.yaml")
    assert problem.severity is Severity.ERROR


def test_good_bank__has_no_problems(tmp_path):
    assert problems_of(tmp_path, HEADER + Q) == []


def test_message_format__names_file_line_column_and_question(tmp_path):
    problem = next(p for p in problems_of(tmp_path, sub("answer: 2", "answer: 5")))
    text = problem.format()
    assert text.startswith(f"{problem.path}:14:13: error: answer 5 is out of range (3 choices)")
    assert "[question q-1]" in text
    assert "hint: answers count choices from 1 to 3" in text


def test_unknown_key__hints_the_close_key(tmp_path):
    problem = next(p for p in problems_of(tmp_path, sub("explanation:", "explanaton:")))
    assert problem.hint == "did you mean `explanation`?"


def test_unknown_key_of_another_type__says_which_type(tmp_path):
    problems = problems_of(tmp_path, sub("answer: 2", "answer: 2\n    items: [a, b]"))
    problem = next(p for p in problems if p.code == "unknown-key")
    assert problem.hint == "`items` belongs to type `order`, not `single`"


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    text = (
        sub("answer: 2", "answer: 9")
        .replace("difficulty: 1", "difficulty: 0")
        .replace("{id: eo,", "{id: nope,")
    )
    codes = sorted(p.code for p in problems_of(tmp_path, text))
    assert codes == ["answer-out-of-range", "out-of-range", "unknown-source"]


@pytest.mark.parametrize(
    ("name", "text", "code", "words"),
    [
        (
            "no explanation",
            sub('    explanation: "B is right because it is."\n', ""),
            "no-explanation",
            "has no explanation",
        ),
        (
            "long prompt",
            sub('"Which one?"', '"' + "Why? " * 70 + '"'),
            "long-prompt",
            "prompt is 349 characters",
        ),  # trailing space stripped
        (
            "long choice",
            sub('"C"]', '"' + "c" * 130 + '"]'),
            "long-choice",
            "choice 3 is 130 characters",
        ),
        (
            "case-only difference",
            sub('["A", "B", "C"]', '["GB", "Gb", "MB/s"]'),
            "case-only-difference",
            "choice 2 ('Gb') differs from choice 1 ('GB') only in upper/lower case",
        ),
    ],
)
def test_warning__reported_but_bank_still_loads(tmp_path, name, text, code, words):
    problems = problems_of(tmp_path, text)
    assert [p.code for p in problems] == [code]
    assert problems[0].severity is Severity.WARNING
    assert words in problems[0].message


def test_case_only_choices__are_different_answers_and_load(tmp_path):
    text = sub('["A", "B", "C"]', '["MB/s", "Mb/s", "mb/s"]')
    result = load_text(tmp_path, text)
    assert not [p for p in result.problems if p.is_error]
    assert result.banks[0].questions[0].choices == ("MB/s", "Mb/s", "mb/s")


def test_nfc_equal_choices__are_duplicates(tmp_path):
    # "é" precomposed and "e" + combining acute are the same text once NFC-normalised
    problems = problems_of(tmp_path, sub('["A", "B", "C"]', '["caf\u00e9", "cafe\u0301", "C"]'))
    assert [p.code for p in problems] == ["duplicate-choice"]


SHORT = sub(
    'prompt: "Which one?"',
    'prompt: "Which one?"\n    short_prompt: "Which?"\n    short_choices: ["a", "b"]',
)


def test_short_choices__one_per_choice(tmp_path):
    problems = problems_of(tmp_path, SHORT)
    assert [p.code for p in problems] == ["short-choices"]
    assert "`short_choices` has 2 entries for 3 choices" in problems[0].message


def test_short_forms__load_and_write_back(tmp_path):
    from game.content.bank_io import bank_to_data, dump_bank

    text = SHORT.replace('["a", "b"]', '["a", "b", "c"]')
    bank = load_text(tmp_path, text).banks[0]
    q = bank.questions[0]
    assert (q.short_prompt, q.short_choices) == ("Which?", ("a", "b", "c"))
    again = load_text(tmp_path, dump_bank(bank_to_data(bank)), "again.yaml").banks[0]
    assert again.questions[0].short_choices == ("a", "b", "c")
