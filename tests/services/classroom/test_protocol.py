"""The wire protocol: every refusal `decode` can give, that it never raises on any input, and
that the builders give students what they need to answer and never the answer itself."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core.answers import response_from_json
from game.core.model import (
    NumericAnswer,
    Passage,
    Question,
    QuestionType,
    Source,
    SourceKind,
    SourceRef,
)
from game.core.session import PlayerResult
from game.services.classroom import protocol as p

TOKEN = "abcDEF12_-"


def raw(**fields):
    return json.dumps({"v": 1, **fields})


def join(**over):
    fields = {"type": "join", "code": "123456", "nickname": "Ana", "token": TOKEN, **over}
    return raw(**fields)


LIST_ONLY = "the answer's list must hold whole numbers only"
BAD_INDEX = "the question number must be a whole number from 0"
BAD_TOKEN = "the token must be 8 to 64 letters, digits, - or _"
BAD_VERSION = "unsupported protocol version: reload the page"


def ans(response, index=0):
    return raw(type="answer", index=index, response=response)


def reason(text):
    result = p.decode(text)
    assert isinstance(result, p.ProtocolError), result
    return result.reason


def q(qtype, **fields):
    return Question(id="t-1", type=qtype, topic="t", difficulty=1, prompt="Prompt?", **fields)


SINGLE = q(QuestionType.SINGLE, choices=("Congress", "The President", "Courts"), correct=(1,))
MULTIPLE = q(QuestionType.MULTIPLE, choices=("a", "b", "c", "d"), correct=(0, 2))
POLL = q(QuestionType.POLL, choices=("yes", "no"))
TRUE_FALSE = q(QuestionType.TRUE_FALSE, truth=True)
ORDER = q(QuestionType.ORDER, items=("first", "second", "third", "fourth"))
MATCH = q(QuestionType.MATCH, pairs=(("DEA", "drugs"), ("DoD", "defense"), ("DHS", "borders")))
TEXT = q(QuestionType.TEXT, accept=("Secretary of State", "SecState"))
NUMERIC = q(QuestionType.NUMERIC, numeric=NumericAnswer(2025, 2025, 2025, "year"))
ALL = [SINGLE, MULTIPLE, POLL, TRUE_FALSE, ORDER, MATCH, TEXT, NUMERIC]


# -- decode: what passes ---------------------------------------------------------------------


def test_decode__a_join_becomes_a_client_join():
    assert p.decode(join()) == p.ClientJoin("123456", "Ana", TOKEN)


def test_decode__accepts_bytes_and_an_empty_nickname():
    assert p.decode(join(nickname="").encode()) == p.ClientJoin("123456", "", TOKEN)


@pytest.mark.parametrize(
    "response",
    [2, True, False, 2.5, -3, "Secretary of State", [], [0, 2, -1], "é" * 500, list(range(20))],
)
def test_decode__answers_of_every_allowed_shape(response):
    assert p.decode(raw(type="answer", index=3, response=response)) == p.ClientAnswer(3, response)


def test_decode__ping():
    assert p.decode(raw(type="ping")) == p.ClientPing()


def test_decode__whitespace_around_and_inside_a_message_is_fine():
    for text in (
        ' {"v": 1, "type": "ping"}',
        '{"v": 1, "type": "ping"}\n',
        '\t{ "v" : 1 , "type" : "ping" }  ',
    ):
        assert isinstance(p.decode(text), p.ClientPing), text


def test_decode__a_message_of_exactly_the_size_limit_passes():
    base = join(nickname="")
    padded = base[:-1] + " " * (p.MAX_MESSAGE_BYTES - len(base)) + "}"
    assert len(padded.encode()) == p.MAX_MESSAGE_BYTES
    assert isinstance(p.decode(padded), p.ClientJoin)


# -- decode: every refusal -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x" * (p.MAX_MESSAGE_BYTES + 1), "message too long"),
        (join(nickname="")[:-1] + " " * 4090 + "}", "message too long"),
        ('{"v": 1, "type": "join", "code": "é' + "é" * 2100 + '"}', "message too long"),
        ("{not json", "message is not valid JSON"),
        ("", "message is not valid JSON"),
        ("[" * 2000 + "]" * 2000, "message is not valid JSON"),
        ('{"v": 1, "type": "answer", "index": 0, "response": NaN}', "numbers must be finite"),
        ('{"v": 1, "type": "answer", "index": 0, "response": Infinity}', "numbers must be finite"),
        ('{"v": 1, "type": "answer", "index": 0, "response": 1e999}', "numbers must be finite"),
        ('{"v": 1, "v": 1, "type": "ping"}', "a field appears twice"),
        ('{"v": 1, "type": "ping"}}', "message is not valid JSON"),
        ('{"v": 1, "type": "ping"} {}', "message is not valid JSON"),
        (
            '{"v": 1, "type": "ping", "x": ' + "[" * 2000 + "]" * 2000 + "}",
            "message is not valid JSON",
        ),
        ('{"v": 1, "type": "ping",}', "message is not valid JSON"),
        ("{}", "missing field: v"),
        ("[1, 2]", "message must be a JSON object"),
        ('"hello"', "message must be a JSON object"),
        ("null", "message must be a JSON object"),
        ('{"type": "ping"}', "missing field: v"),
        (raw(type="ping").replace('"v": 1', '"v": 2'), BAD_VERSION),
        (raw(type="ping").replace('"v": 1', '"v": "1"'), BAD_VERSION),
        (raw(type="ping").replace('"v": 1', '"v": true'), BAD_VERSION),
        (raw(type="ping").replace('"v": 1', '"v": 1.0'), BAD_VERSION),
        ('{"v": 1}', "missing field: type"),
        (raw(type=5), "missing field: type"),
        (raw(type="vote"), "unknown message type"),
        (raw(type="welcome"), "unknown message type"),
        (raw(type="ping", extra=1), "unexpected field: extra"),
        (join(admin=True), "unexpected field: admin"),
        (raw(type="ping", **{"x" * 100: 1}), "unexpected field: " + "x" * 20),
        (raw(type="join", code="1", nickname="a"), "missing field: token"),
        (raw(type="answer", index=0), "missing field: response"),
        (raw(type="answer", response=0), "missing field: index"),
        (join(code=123456), "the join code must be text of at most 12 characters"),
        (join(code="1" * 13), "the join code must be text of at most 12 characters"),
        (join(nickname="n" * 41), "the nickname must be text of at most 40 characters"),
        (join(nickname=None), "the nickname must be text of at most 40 characters"),
        (join(nickname="\ud800"), "the nickname is not valid text"),
        (join(token="short"), BAD_TOKEN),
        (join(token="t" * 65), BAD_TOKEN),
        (join(token="has space!"), BAD_TOKEN),
        (join(token="ünïcödé-token"), BAD_TOKEN),
        (join(token="abcdefgh\n"), BAD_TOKEN),
        (join(token=12345678), BAD_TOKEN),
        (raw(type="answer", index=-1, response=0), BAD_INDEX),
        (raw(type="answer", index=1.0, response=0), BAD_INDEX),
        (raw(type="answer", index=True, response=0), BAD_INDEX),
        (raw(type="answer", index="1", response=0), BAD_INDEX),
        (raw(type="answer", index=10**6, response=0), BAD_INDEX),
        (ans(None), "the answer has the wrong type"),
        (ans({"a": 1}), "the answer has the wrong type"),
        (ans("x" * 501), "the answer is too long (500 characters at most)"),
        (ans("\udfff"), "the answer is not valid text"),
        (ans(list(range(21))), "the answer has too many parts (20 at most)"),
        (ans([1, "2"]), LIST_ONLY),
        (ans([True]), LIST_ONLY),
        (ans([1.5]), LIST_ONLY),
        (ans([[1]]), LIST_ONLY),
        (ans([-2]), LIST_ONLY),
        (ans([1000]), LIST_ONLY),
        (ans(10**16), "that number is too large"),
        (ans(-1e16), "that number is too large"),
    ],
)
def test_decode__refuses_with_a_readable_reason(text, expected):
    assert reason(text) == expected


def test_decode__refuses_bytes_that_are_not_utf8():
    assert reason(b'{"v": 1, "type": "ping", "x": "\xff"}') == "message is not valid UTF-8 text"


def test_decode__refuses_oversized_bytes_before_decoding():
    assert reason(b"\xff" * (p.MAX_MESSAGE_BYTES + 1)) == "message too long"


def test_decode__refuses_a_string_with_a_lone_surrogate():
    assert reason('{"v": 1, "type": "ping"}\ud800') == "message is not valid UTF-8 text"


def test_decode__refuses_what_is_not_text_at_all():
    assert reason(12) == "message is not text"  # type: ignore[arg-type]


def test_decode__a_huge_integer_literal_is_refused_not_raised():
    assert (
        reason('{"v": 1, "type": "answer", "index": 0, "response": ' + "9" * 4000 + "}")
        == "that number is too large"
    )


def test_decode__every_reason_is_short_plain_words():
    reasons = {reason(t) for t in ("", "[]", raw(type="x"), join(token="no"))}
    assert all(0 < len(r) <= 80 and "{" not in r for r in reasons)


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300)))
def test_decode__never_raises_on_arbitrary_input(data):
    result = p.decode(data)
    assert isinstance(result, p.ProtocolError | p.ClientJoin | p.ClientAnswer | p.ClientPing)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=20,
)


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(["join", "answer", "ping", "x"]),
    st.dictionaries(
        st.sampled_from(["code", "nickname", "token", "index", "response", "v", "extra"]),
        json_values,
        max_size=6,
    ),
)
def test_decode__never_raises_on_message_like_objects(kind, fields):
    text = json.dumps({"v": 1, "type": kind, **fields})
    result = p.decode(text)
    if isinstance(result, p.ClientAnswer):
        assert isinstance(result.response, int | float | str | list)
    assert not isinstance(result, Exception)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.text(min_size=0, max_size=40), st.from_regex(r"[A-Za-z0-9_-]{8,64}", fullmatch=True))
def test_decode__any_fitting_join_passes(nickname, token):
    result = p.decode(
        json.dumps({"v": 1, "type": "join", "code": "1", "nickname": nickname, "token": token})
    )
    if any(0xD800 <= ord(c) <= 0xDFFF for c in nickname):
        assert isinstance(result, p.ProtocolError)
    else:
        assert result == p.ClientJoin("1", nickname, token)


# -- builders --------------------------------------------------------------------------------


def wire(message):
    """What the client would receive: encoded and parsed again."""
    return json.loads(p.encode(message))


def test_builders__every_message_has_the_version_and_its_type():
    messages = [
        p.welcome(1, "Ana", TOKEN),
        p.lobby(3),
        p.ack(0, False),
        p.paused(True),
        p.leaderboard([(1, "Ana", 10)]),
        p.ended(1, 10, [("Ana", 10)]),
        p.error("no"),
        p.kicked(),
        p.pong(),
        p.question(0, 5, SINGLE, 20, 1.0, (2, 0, 1)),
        p.reveal(0, None, "x", "", None, [1], ["a"], 1, 0, 1),
    ]
    kinds = [wire(m)["type"] for m in messages]
    assert kinds == [
        "welcome",
        "lobby",
        "ack",
        "paused",
        "leaderboard",
        "ended",
        "error",
        "kicked",
        "pong",
        "question",
        "reveal",
    ]
    assert all(wire(m)["v"] == 1 for m in messages)


def test_lobby__carries_an_optional_roster():
    assert wire(p.lobby(2)) == {
        "v": 1,
        "type": "lobby",
        "players": 2,
        "roster": None,
        "locked": False,
    }
    assert wire(p.lobby(2, locked=True))["locked"] is True
    assert wire(p.lobby(0, ["Ana", "Ben"]))["roster"] == ["Ana", "Ben"]


def test_question__single_lists_choices_in_the_given_order_with_their_ids():
    m = wire(p.question(2, 10, SINGLE, 20.0, 1.5, (2, 0, 1)))
    assert m["choices"] == [
        {"id": 2, "text": "Courts"},
        {"id": 0, "text": "Congress"},
        {"id": 1, "text": "The President"},
    ]
    assert (m["index"], m["total"], m["question_type"], m["prompt"]) == (2, 10, "single", "Prompt?")
    assert (m["time_limit_s"], m["extra_time"], m["remaining_s"]) == (20.0, 1.5, 30.0)


def test_question__remaining_time_can_be_given_and_untimed_has_none():
    assert wire(p.question(0, 1, SINGLE, 20, 1.0, remaining_s=7.5))["remaining_s"] == 7.5
    untimed = wire(p.question(0, 1, SINGLE, None))
    assert untimed["time_limit_s"] is None and untimed["remaining_s"] is None


def test_question__true_false_offers_true_and_false():
    assert wire(p.question(0, 1, TRUE_FALSE, 10))["choices"] == [
        {"id": True, "text": "True"},
        {"id": False, "text": "False"},
    ]


def test_question__order_items_are_sent_in_the_shuffled_order():
    m = wire(p.question(0, 1, ORDER, 10, 1.0, (3, 1, 0, 2)))
    assert [i["text"] for i in m["items"]] == ["fourth", "second", "first", "third"]
    assert [i["id"] for i in m["items"]] == [3, 1, 0, 2]


def test_question__order_in_the_right_order_is_refused():
    with pytest.raises(ValueError, match="shuffled"):
        p.question(0, 1, ORDER, 10)


def test_question__match_sends_both_sides_shuffled():
    m = wire(p.question(0, 1, MATCH, 10, 1.0, (1, 0, 2), (2, 1, 0)))
    assert [x["text"] for x in m["left"]] == ["DoD", "DEA", "DHS"]
    assert [x["text"] for x in m["right"]] == ["borders", "defense", "drugs"]


def test_question__match_with_partners_lined_up_is_refused():
    with pytest.raises(ValueError, match="line up"):
        p.question(0, 1, MATCH, 10, 1.0, (1, 0, 2), (1, 0, 2))


def test_question__a_bad_order_is_refused():
    with pytest.raises(ValueError, match="choice_order"):
        p.question(0, 1, SINGLE, 10, 1.0, (0, 0, 1))


def test_question__text_and_numeric_give_what_the_input_needs():
    assert wire(p.question(0, 1, TEXT, 10))["max_length"] == 500
    assert wire(p.question(0, 1, NUMERIC, 10))["unit"] == "year"


@pytest.mark.parametrize("question", ALL, ids=lambda x: x.type.value)
def test_question__never_contains_the_answer(question):
    choice, right = p.shuffled_orders(question, random.Random(7))
    m = wire(p.question(0, 1, question, 10, 1.0, choice or None, right or None))
    text = json.dumps(m)
    assert set(m) <= {
        "v",
        "type",
        "index",
        "total",
        "question_type",
        "prompt",
        "time_limit_s",
        "extra_time",
        "remaining_s",
        "choices",
        "items",
        "left",
        "right",
        "max_length",
        "unit",
        "passage",
    }
    if question.type is QuestionType.TEXT:
        assert "Secretary" not in text
    if question.type is QuestionType.NUMERIC:
        assert "2025" not in text
    if question.type is QuestionType.MATCH:
        assert [x["id"] for x in m["left"]] != [x["id"] for x in m["right"]]
    if question.type is QuestionType.ORDER:
        assert [x["id"] for x in m["items"]] != [0, 1, 2, 3]


@pytest.mark.parametrize("question", ALL, ids=lambda x: x.type.value)
def test_question__ids_are_what_the_engine_takes_as_answers(question):
    """A client answering with the ids it was sent builds a response the engine accepts."""
    choice, right = p.shuffled_orders(question, random.Random(3))
    m = wire(p.question(0, 1, question, 10, 1.0, choice or None, right or None))
    if "choices" in m:
        response = m["choices"][0]["id"]
        if question.type is QuestionType.MULTIPLE:
            response = [c["id"] for c in m["choices"][:2]]
    elif "items" in m:
        response = [i["id"] for i in m["items"]]
    elif "left" in m:
        response = [-1] * len(m["left"])
        for lft, rgt in zip(m["left"], m["right"], strict=True):
            response[lft["id"]] = rgt["id"]
    elif question.type is QuestionType.TEXT:
        response = "secstate"
    else:
        response = 2025
    decoded = p.decode(json.dumps({"v": 1, "type": "answer", "index": 0, "response": response}))
    assert isinstance(decoded, p.ClientAnswer)
    assert response_from_json(question, decoded.response) is not None


def test_shuffled_orders__is_reproducible_and_keeps_unshuffled_choices():
    assert p.shuffled_orders(ORDER, random.Random(1)) == p.shuffled_orders(ORDER, random.Random(1))
    fixed = replace(SINGLE, shuffle=False)
    assert p.shuffled_orders(fixed, random.Random(1)) == ((0, 1, 2), ())
    assert p.shuffled_orders(TEXT, random.Random(1)) == ((), ())


@pytest.mark.parametrize("seed", range(30))
def test_shuffled_orders__never_gives_away_order_or_match(seed):
    two = q(QuestionType.ORDER, items=("a", "b"))
    assert p.shuffled_orders(two, random.Random(seed))[0] == (1, 0)
    left, right = p.shuffled_orders(MATCH, random.Random(seed))
    assert left != right


def test_distribution_labels():
    assert p.distribution_labels(SINGLE) == SINGLE.choices
    assert p.distribution_labels(TRUE_FALSE) == ("True", "False")
    assert p.distribution_labels(ORDER) == ("Right", "Partly right", "Wrong")


def test_reveal__reports_the_result_without_the_response():
    result = PlayerResult(
        player_id=4,
        response=[2, 0],
        credit=0.5,
        correct=False,
        points=500,
        elapsed_s=3.2,
        score=1700,
        rank=2,
    )
    m = wire(
        p.reveal(
            1,
            result,
            "a; c",
            "Because.",
            "EO, Sec. 2",
            (3, 1, 2, 0),
            p.distribution_labels(MULTIPLE),
            2,
            1700,
            25,
        )
    )
    assert m["result"] == {"answered": True, "correct": False, "credit": 0.5, "points": 500}
    assert (m["correct_text"], m["explanation"], m["source"]) == ("a; c", "Because.", "EO, Sec. 2")
    assert (m["distribution"], m["labels"]) == ([3, 1, 2, 0], ["a", "b", "c", "d"])
    assert (m["rank"], m["score"], m["players"], m["skipped"]) == (2, 1700, 25, False)
    assert "response" not in json.dumps(m)


def test_reveal__no_answer_and_no_player():
    none = PlayerResult(4, None, 0.0, False, 0, None, 0, 3)
    assert wire(p.reveal(0, none, "", "", None, [], [], 3, 0, 3))["result"]["answered"] is False
    assert wire(p.reveal(0, None, "", "", None, [], [], None, 0, 3, skipped=True))["result"] is None


def test_an_acknowledgement_encoded_once_is_the_same_message_on_the_wire():
    """The runtime encodes each acknowledgement once and sends it to everyone it is for: the
    text is exactly what encoding the message gives, and it still reads as that message."""
    for changed in (False, True):
        plain = p.ack(3, changed)
        once = p.encoded(plain)
        assert dict(once) == plain
        assert p.encode(once) == p.encode(plain)
        assert json.loads(p.encode(once)) == plain


def test_spliced_reveal__the_wire_text_is_the_whole_message():
    """A reveal's shared part is encoded once for the class and each student's own part spliced
    on: the text sent is exactly the student's message, and nobody else's result is in it."""
    shared = p.reveal_shared(2, 'Ünïcode, "quoted"', "Why.\nLine", None, [1, 2], ["a", "b"], 9)
    shared_text = p.encode(shared)
    mine = p.reveal_own(PlayerResult(4, 1, 1.0, True, 950, 2.0, 1900, 1), 1, 1900, "You're 1st")
    theirs = p.reveal_own(None, None, 0, None)
    message = p.spliced(shared, shared_text, mine)
    assert json.loads(p.encode(message)) == dict(message) == {**shared, **mine}
    assert dict(message) == p.reveal(
        2, PlayerResult(4, 1, 1.0, True, 950, 2.0, 1900, 1), "Ünïcode, \"quoted\"", "Why.\nLine",
        None, [1, 2], ["a", "b"], 1, 1900, 9, standing="You're 1st",
    )  # fmt: skip
    other = p.spliced(shared, shared_text, theirs)
    assert json.loads(p.encode(other)) == {**shared, **theirs}
    assert "950" not in p.encode(other) and p.encode(shared) == shared_text  # shared untouched


def test_leaderboard_ended_and_the_small_messages():
    assert wire(p.leaderboard([(1, "Ana", 900), (2, "Ben", 800)]))["rows"] == [
        {"rank": 1, "nickname": "Ana", "score": 900},
        {"rank": 2, "nickname": "Ben", "score": 800},
    ]
    assert wire(p.ended(2, 800, [("Ana", 900), ("Ben", 800)])) == {
        "v": 1,
        "type": "ended",
        "rank": 2,
        "score": 800,
        "podium": [
            {"place": 1, "nickname": "Ana", "score": 900},
            {"place": 2, "nickname": "Ben", "score": 800},
        ],
        "standing": None,
    }
    tied = wire(p.ended(2, 800, [(1, "Ana", 900), (2, "Ben", 800), (2, "Cy", 800)], standing="x"))
    assert [row["place"] for row in tied["podium"]] == [1, 2, 2]
    assert tied["standing"] == "x"
    assert wire(p.ack(3, True)) == {"v": 1, "type": "ack", "index": 3, "changed": True}
    assert wire(p.paused(False))["paused"] is False
    assert wire(p.error("wrong join code"))["reason"] == "wrong join code"
    assert wire(p.welcome(7, "Ana", TOKEN)) == {
        "v": 1,
        "type": "welcome",
        "player_id": 7,
        "nickname": "Ana",
        "token": TOKEN,
    }


def test_encode__keeps_unicode_and_refuses_nan():
    assert "é" in p.encode(p.error("é"))
    with pytest.raises(ValueError):
        p.encode({"v": 1, "type": "x", "n": float("nan")})


def test_close_codes__40xx_stop_41xx_retry():
    assert all(
        4000 <= c < 4100
        for c in (p.CLOSE_HOST, p.CLOSE_REPLACED, p.CLOSE_KICKED, p.CLOSE_WRONG_CODE)
    )
    assert all(4100 <= c < 4200 for c in (p.CLOSE_SLOW, p.CLOSE_RATE, p.CLOSE_FULL))


def test_protocol__is_pure():
    from tests.test_architecture import GAME, IO_MODULES, imports_of

    assert (
        imports_of(GAME / "services" / "classroom" / "protocol.py")
        & (IO_MODULES | {"time", "os", "pathlib", "game.app", "game.services"})
        == set()
    )


def test_question_key__wire_ids_map_back_to_the_engine_form_for_every_keyed_question():
    from tests.services.classroom.test_runtime import QS, to_wire

    rng = random.Random(11)
    for index, q in enumerate(QS.values()):
        if q.type not in (
            QuestionType.SINGLE,
            QuestionType.MULTIPLE,
            QuestionType.ORDER,
            QuestionType.MATCH,
            QuestionType.POLL,
        ):
            continue
        key = p.question_key(q, "secret", index)
        assert key == p.question_key(q, "secret", index)  # the same session: the same key
        message = wire(p.question(index, 99, q, None, key=key))
        size = len(q.choices) or len(q.items) or len(q.pairs)
        if q.type in (QuestionType.SINGLE, QuestionType.POLL):
            engine = rng.randrange(size)
        elif q.type is QuestionType.MULTIPLE:
            engine = sorted(rng.sample(range(size), rng.randint(1, size)))
        else:
            engine = rng.sample(range(size), size)
            if q.type is QuestionType.MATCH:
                engine[rng.randrange(size)] = -1  # a left item left unpaired
        assert p.response_from_wire(q, key, to_wire(message, q, engine)) == engine


def test_response_from_wire__unknown_ids_become_answers_the_engine_refuses():
    key = p.question_key(ORDER, "secret", 0)
    assert p.response_from_wire(ORDER, key, [1, 2, 3]) == [4, 4, 4]  # out of range
    assert p.response_from_wire(ORDER, key, "x") == "x"


# -- passages (document-based questions) -------------------------------------------------------

ORDER_SRC = Source("eo", "The order", kind=SourceKind.PRIMARY)
PASSAGE = Passage(
    "p1",
    "(d) The costs for publication … borne by the Department of Justice.",
    (SourceRef(ORDER_SRC, "Sec. 4(d)"),),
)


def test_question__a_passage_question_carries_the_passage_and_where_it_comes_from():
    dbq = replace(
        TEXT,
        passage=PASSAGE,
        explanation="Sec. 4(d) puts the cost on Justice.",
        source=SourceRef(ORDER_SRC, "QUESTION-LOCATOR"),
    )
    m = wire(p.question(0, 1, dbq, 10))
    assert m["passage"] == {"text": PASSAGE.text, "source": "[primary text] The order, Sec. 4(d)"}
    text = json.dumps(m, ensure_ascii=False)
    # the passage is what students read; the key, the explanation and the question's own
    # citation stay on the host
    assert "Secretary" not in text and "SecState" not in text
    assert "puts the cost" not in text and "QUESTION-LOCATOR" not in text


def test_question__without_a_passage_sends_none():
    assert "passage" not in wire(p.question(0, 1, SINGLE, 10, 1.0, (2, 0, 1)))


def _outcome(read: Any, text: str) -> tuple[str, Any]:
    try:
        return ("value", read(text))
    except Exception as exc:  # the kind of refusal is what must match
        return ("error", type(exc).__name__)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=5), max_size=4).map(
            json.dumps
        ),
        st.text(max_size=30).map(lambda t: "{" + t + "}"),
        st.text(alphabet='{}[]":,1 ve', max_size=30),
    )
)
def test_decode__the_scanner_shortcut_reads_what_the_decoder_reads(text: str) -> None:
    """A message that is one object goes straight to the JSON scanner: whatever the text, the
    result (or the kind of refusal) is the decoder's own."""
    assert _outcome(p._json_value, text) == _outcome(p._DECODER.decode, text)
