"""The classroom wire protocol, version 1: what students' browsers and the host say to each other.

Every message is one JSON object sent as a WebSocket text frame, `{"v": 1, "type": ..., ...}`.
This module is pure (no sockets, no clocks, no randomness of its own) so that it can be tested
exhaustively: `decode` checks everything a phone sends and turns it into a typed
`ClientMessage` or a `ProtocolError` with a reason a student can read; the builders below are
the only way the host makes messages, so no student ever receives a field it should not see
(a question payload never carries its answer). docs/classroom-protocol.md is the human
description of the same rules; keep the two in step.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from game.core.model import Question
from game.core.qtypes import text as text_type
from game.core.qtypes.registry import qtype as qtype_of
from game.core.session import PlayerResult
from game.services.json_text import compact_encoder

__all__ = [
    "CLOSE_FULL",
    "CLOSE_HOST",
    "CLOSE_KICKED",
    "CLOSE_RATE",
    "CLOSE_REPLACED",
    "CLOSE_SLOW",
    "CLOSE_STOPPING",
    "CLOSE_WRONG_CODE",
    "ClientAnswer",
    "ClientContinue",
    "ClientJoin",
    "ClientMessage",
    "ClientNext",
    "ClientPing",
    "MAX_MESSAGE_BYTES",
    "ProtocolError",
    "QuestionKey",
    "VERSION",
    "ack",
    "decode",
    "distribution_labels",
    "encode",
    "ended",
    "error",
    "kicked",
    "leaderboard",
    "lobby",
    "paused",
    "pong",
    "question",
    "question_key",
    "refused",
    "response_from_wire",
    "reveal",
    "shuffled_orders",
    "welcome",
]

VERSION = 1
PACED_VERSION = 2  # student-paced sessions (game.services.classroom.paced_protocol)
PERSONAL_CODE_MAX = 16
MAX_MESSAGE_BYTES = 4096
CODE_MAX = 12
NICKNAME_MAX = 40  # the session engine trims further, to 20
TOKEN_MIN, TOKEN_MAX = 8, 64
INDEX_MAX = 9999
TEXT_MAX = text_type.TEXT_MAX
LIST_MAX = 20
LIST_INT_MIN, LIST_INT_MAX = -1, 999  # -1: a match left item paired with nothing
NUMBER_MAX = 1e15  # beyond this a phone's JavaScript numbers stop being exact
ROSTER_MAX = 500

_TOKEN = re.compile(r"[A-Za-z0-9_-]+", re.ASCII)

# WebSocket close codes. 40xx: the page must not reconnect by itself; 41xx: it may, with backoff.
CLOSE_HOST = 4000  # the host closed this connection (default of ClassroomServer.close)
CLOSE_REPLACED = 4001  # the same player connected again from another tab or device
CLOSE_KICKED = 4002  # the teacher removed the player
CLOSE_WRONG_CODE = 4003  # too many wrong join codes on one connection
CLOSE_SLOW = 4100  # the client did not read its messages fast enough
CLOSE_RATE = 4101  # the client sent too many messages
CLOSE_FULL = 4102  # the server has as many connections as it accepts
CLOSE_STOPPING = 1001  # the server is stopping ("going away")


# -- client → server -------------------------------------------------------------------------


@dataclass(frozen=True)
class ClientJoin:
    """Join (or rejoin: the same token is the same player) with the code on the host's screen."""

    code: str
    nickname: str  # may be empty on a rejoin, or to ask for the roster
    token: str


@dataclass(frozen=True)
class ClientAnswer:
    """An answer to question `index`; `response` is the JSON form `answers.response_from_json`
    takes (its fit to the question is checked by the engine, not here)."""

    index: int
    response: int | bool | float | str | list[int] | list[str]


@dataclass(frozen=True)
class ClientPing:
    """Keep-alive: the server answers `pong`."""


@dataclass(frozen=True)
class ClientContinue:
    """Student-paced (version 2): carry on from another device with roster name + personal
    code (checked by the runtime, within its guessing limits)."""

    code: str
    nickname: str
    personal_code: str
    token: str


@dataclass(frozen=True)
class ClientNext:
    """Student-paced (version 2): the next question, after the feedback or a time-out."""


ClientMessage = ClientJoin | ClientAnswer | ClientPing | ClientContinue | ClientNext


@dataclass(frozen=True)
class ProtocolError:
    """Why a message was refused, in words shown to the student."""

    reason: str


_FIELDS: dict[str, tuple[str, ...]] = {
    "join": ("code", "nickname", "token"),
    "answer": ("index", "response"),
    "ping": (),
}
_FIELDS_PACED = {
    **_FIELDS,
    "continue": ("code", "nickname", "personal_code", "token"),
    "next": (),
}


class _Invalid(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _no_constants(name: str) -> Any:
    raise _Invalid("numbers must be finite")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Invalid("a field appears twice")
    return result


# Made once (json.loads with options builds a decoder per call): every message from every phone.
_DECODER = json.JSONDecoder(parse_constant=_no_constants, object_pairs_hook=_unique_keys)
_SCAN: Callable[[str, int], tuple[Any, int]] = _DECODER.scan_once  # type: ignore[attr-defined]


def _json_value(text: str) -> Any:
    """`text` decoded by _DECODER. A text that is one object with nothing around it (what
    every page sends) goes straight to the decoder's scanner, without its two searches for
    whitespace; anything else, valid or not, through `decode`, which says what is wrong."""
    if text[:1] == "{" and text[-1:] == "}":
        try:
            value, end = _SCAN(text, 0)
        except StopIteration:  # not JSON: decode raises the error
            pass
        else:
            if end == len(text):
                return value
    return _DECODER.decode(text)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _valid_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate written as a \ud800 escape
        return False
    return True


def _text(value: Any, name: str, most: int) -> str:
    if not isinstance(value, str) or len(value) > most:
        raise _Invalid(f"{name} must be text of at most {most} characters")
    if not _valid_unicode(value):
        raise _Invalid(f"{name} is not valid text")
    return value


def _number(value: Any) -> int | float:
    if isinstance(value, float) and not math.isfinite(value):
        raise _Invalid("numbers must be finite")
    if abs(value) > NUMBER_MAX:
        raise _Invalid("that number is too large")
    return value


def _response(value: Any) -> int | bool | float | str | list[int] | list[str]:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, str):
        if len(value) > TEXT_MAX:
            raise _Invalid(f"the answer is too long ({TEXT_MAX} characters at most)")
        if not _valid_unicode(value):
            raise _Invalid("the answer is not valid text")
        return value
    if isinstance(value, list):
        if len(value) > LIST_MAX:
            raise _Invalid(f"the answer has too many parts ({LIST_MAX} at most)")
        if value and all(isinstance(v, str) for v in value):  # one text per gap (cloze)
            if any(len(v) > TEXT_MAX or not _valid_unicode(v) for v in value):
                raise _Invalid(f"each part of the answer must be text of at most {TEXT_MAX}")
            return list(value)
        if not all(_is_int(v) and LIST_INT_MIN <= v <= LIST_INT_MAX for v in value):
            raise _Invalid("the answer's list must hold whole numbers only")
        return list(value)
    raise _Invalid("the answer has the wrong type")


def _parse(raw: str | bytes, version: int = VERSION) -> ClientMessage:
    if isinstance(raw, bytes | bytearray | memoryview):
        data = bytes(raw)
        if len(data) > MAX_MESSAGE_BYTES:
            raise _Invalid("message too long")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise _Invalid("message is not valid UTF-8 text") from None
    elif isinstance(raw, str):
        if len(raw) > MAX_MESSAGE_BYTES:
            raise _Invalid("message too long")
        try:
            size = len(raw.encode("utf-8"))
        except UnicodeEncodeError:
            raise _Invalid("message is not valid UTF-8 text") from None
        if size > MAX_MESSAGE_BYTES:
            raise _Invalid("message too long")
        text = raw
    else:
        raise _Invalid("message is not text")
    try:
        data_obj = _json_value(text)
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError; so is a 5000-digit int
        raise _Invalid("message is not valid JSON") from None
    if not isinstance(data_obj, dict):
        raise _Invalid("message must be a JSON object")
    obj: dict[str, Any] = data_obj
    if "v" not in obj:
        raise _Invalid("missing field: v")
    if not _is_int(obj["v"]) or obj["v"] != version:
        raise _Invalid("unsupported protocol version: reload the page")
    kind = obj.get("type")
    if not isinstance(kind, str):
        raise _Invalid("missing field: type")
    table = _FIELDS_PACED if version == PACED_VERSION else _FIELDS
    if kind not in table:
        raise _Invalid("unknown message type")
    allowed = table[kind]
    for key in obj:
        if key not in allowed and key not in ("v", "type"):
            raise _Invalid(f"unexpected field: {key[:20]}")
    for key in allowed:
        if key not in obj:
            raise _Invalid(f"missing field: {key}")
    if kind in ("join", "continue"):
        code = _text(obj["code"], "the join code", CODE_MAX)
        nickname = _text(obj["nickname"], "the nickname", NICKNAME_MAX)
        token = obj["token"]
        if not (
            isinstance(token, str)
            and TOKEN_MIN <= len(token) <= TOKEN_MAX
            and _TOKEN.fullmatch(token)
        ):
            raise _Invalid(f"the token must be {TOKEN_MIN} to {TOKEN_MAX} letters, digits, - or _")
        if kind == "continue":
            personal = obj["personal_code"]
            if not isinstance(personal, str) or len(personal) > PERSONAL_CODE_MAX:
                raise _Invalid("the personal code is too long")
            return ClientContinue(code, nickname, _text(personal, "the code", 16), token)
        return ClientJoin(code, nickname, token)
    if kind == "next":
        return ClientNext()
    if kind == "answer":
        index = obj["index"]
        if not _is_int(index) or not 0 <= index <= INDEX_MAX:
            raise _Invalid("the question number must be a whole number from 0")
        return ClientAnswer(index, _response(obj["response"]))
    return ClientPing()


def decode(raw: str | bytes, version: int = VERSION) -> ClientMessage | ProtocolError:
    """A checked client message, or why it was refused. Never raises. `version`: the
    session's wire version (2: student-paced, which also has `continue` and `next`)."""
    try:
        return _parse(raw, version)
    except _Invalid as invalid:
        return ProtocolError(invalid.reason)
    except Exception:  # a defect here must not take the server down
        return ProtocolError("message could not be read")


def encode(message: dict[str, Any]) -> str:
    """A builder's message as the text sent on the wire (compact, UTF-8, no NaN)."""
    if type(message) is Spliced:
        return message.text
    return _ENCODE(message)


# Made once (game/services/json_text.py): every message to every phone.
_ENCODE = compact_encoder(allow_nan=False)


class Spliced(dict[str, Any]):
    """A message that carries its wire text, made of a part every student shares (encoded once
    for the class) and the student's own fields: a reveal to 2,000 phones encodes the question's
    explanation once, not 2,000 times. It is the same dict as any message for whoever reads it."""

    __slots__ = ("text",)
    text: str


def spliced(shared: dict[str, Any], shared_text: str, own: dict[str, Any]) -> Spliced:
    """`shared` (whose wire text is `shared_text`) with `own`'s fields added; the two have no
    key in common."""
    message = Spliced(shared)
    message.update(own)
    own_text = encode(own)
    message.text = shared_text if not own else f"{shared_text[:-1]},{own_text[1:]}"
    return message


def encoded(message: dict[str, Any]) -> Spliced:
    """`message` carrying its wire text: for one sent again and again unchanged (the
    acknowledgement of an answer to a question), encoded once instead of at each sending."""
    prepared = Spliced(message)
    prepared.text = encode(message)
    return prepared


# -- server → client -------------------------------------------------------------------------


def _msg(kind: str, **fields: Any) -> dict[str, Any]:
    return {"v": VERSION, "type": kind, **fields}


def welcome(player_id: int, nickname: str, token: str) -> dict[str, Any]:
    """The join worked: this is the student's player (its nickname as the engine cleaned it)."""
    return _msg("welcome", player_id=int(player_id), nickname=str(nickname), token=str(token))


def lobby(
    count: int, roster: Sequence[str] | None = None, *, locked: bool = False
) -> dict[str, Any]:
    """Waiting for the teacher; `roster` lists names to pick from when the class uses one;
    `locked`: the teacher locked the room (no new players)."""
    names = None if roster is None else [str(n) for n in roster][:ROSTER_MAX]
    return _msg("lobby", players=int(count), roster=names, locked=bool(locked))


REFUSED_WHY = ("name", "roster", "taken", "locked", "kicked", "full", "ended")


def refused(reason: str, why: str, roster: Sequence[str] | None = None) -> dict[str, Any]:
    """A join was refused: `reason` in words for the student, `why` one of REFUSED_WHY for the
    page (pick another name, pick from the roster, or stop), and for a session with a roster
    the names still free to pick (`roster`, else None)."""
    if why not in REFUSED_WHY:
        raise ValueError(f"unknown refusal {why!r}")
    names = None if roster is None else [str(n) for n in roster][:ROSTER_MAX]
    return _msg("refused", reason=str(reason), why=why, roster=names)


# A question's picture is served at IMAGE_PATH + image_token(...): an address that names no file
# and cannot be guessed without the session's secret (the server serves only pictures of
# questions already asked).
IMAGE_PATH = "/img/"
IMAGE_TOKEN_CHARS = 32


def image_token(secret: str, index: int, sha256: str) -> str:
    """The opaque name of question `index`'s picture in one session (the same after a resume,
    for the same file; another file gets another name)."""
    digest = hmac.new(secret.encode("utf-8"), f"image:{index}:{sha256}".encode(), hashlib.sha256)
    return digest.hexdigest()[:IMAGE_TOKEN_CHARS]


# What a question message may ask of one student's page (per-student accommodations).
ACCOMMODATIONS = ("read_aloud", "reduced_motion", "large_text")


def question(
    index: int,
    total: int,
    question: Question,
    time_limit_s: float | None,
    extra_time: float = 1.0,
    choice_order: Sequence[int] | None = None,
    right_order: Sequence[int] | None = None,
    *,
    remaining_s: float | None = None,
    key: QuestionKey | None = None,
    accommodations: Iterable[str] = (),
    image_url: str | None = None,
) -> dict[str, Any]:
    """What a student needs to answer question `index` (0-based) of `total`, never its answer.

    `choice_order` is the order the choices (single, multiple, poll), the items (order) or the
    left items (match) are shown in, as original indices; `right_order` the order of a match's
    right items. Every entry carries an `id`, which is what answers use: with a `key` (what the
    runtime always sends) the key's orders and opaque per-session ids, else the original index.
    Order questions must arrive shuffled and match right items must not line up with the left
    ones (`shuffled_orders` makes such orders): otherwise the layout would give the answer away.
    `time_limit_s` is the question's limit before the student's `extra_time` multiplier;
    `remaining_s` (default: the limit times the multiplier) is what is left for this student,
    for a student who reconnects mid-question or after the teacher added time.
    `accommodations`: this student's presentation needs, any of ACCOMMODATIONS; each one given
    is sent as `true` (`read_aloud`: read each question aloud; `reduced_motion`: no animation;
    `large_text`: a larger text size), and none is sent otherwise.
    A question with a picture carries `image`: its alt text and `image_url` (the address the
    host serves it at, or null when the file cannot be served: the page shows the alt text).
    """
    qtype = question.type
    ids: Sequence[int] | None = None
    right_ids: Sequence[int] | None = None
    if key is not None:
        choice_order, right_order = key.choice_order or None, key.right_order or None
        ids, right_ids = key.ids, key.right_ids
    limit = None if time_limit_s is None else float(time_limit_s)
    remaining = (
        remaining_s
        if remaining_s is not None
        else (None if limit is None else limit * float(extra_time))
    )
    payload = _msg(
        "question",
        index=int(index),
        total=int(total),
        question_type=qtype.value,
        prompt=qtype_of(question).shown_prompt(question),
        time_limit_s=limit,
        extra_time=float(extra_time),
        remaining_s=None if remaining is None else max(0.0, float(remaining)),
    )
    if question.passage is not None:  # what a document-based question reads: never the key
        payload["passage"] = {
            "text": question.passage.text,
            "source": question.passage.citation_line(),
        }
    if question.shows_image:
        payload["image"] = {"alt": question.image_alt or "", "url": image_url}
    for need in accommodations:
        if need not in ACCOMMODATIONS:
            raise ValueError(f"unknown accommodation {need!r}")
        payload[need] = True
    payload.update(qtype_of(question).wire(question, choice_order, right_order, ids, right_ids))
    return payload


ID_LOW, ID_HIGH = 100, 999  # opaque ids are distinct numbers in this range (fits LIST_INT_MAX)


@dataclass(frozen=True)
class QuestionKey:
    """How one question looks on the wire in one session: the orders its entries are shown in
    (original indices) and the opaque id of each entry. `ids[i]` is the id of choice/item/left
    item i, `right_ids[i]` of match right item i. Nothing here correlates with the answer."""

    choice_order: tuple[int, ...]
    right_order: tuple[int, ...]
    ids: tuple[int, ...]
    right_ids: tuple[int, ...]


def question_key(question: Question, secret: str, index: int) -> QuestionKey:
    """The session's key for question `index`: drawn from a generator seeded with an HMAC of
    the session's secret, so the same session (resumed or replayed) always gets the same one
    and without the secret the orders and ids are unpredictable."""
    digest = hmac.new(
        secret.encode("utf-8"), f"{index}:{question.id}".encode(), hashlib.sha256
    ).digest()
    rng = random.Random(digest)
    choice_order, right_order = shuffled_orders(question, rng)
    size = qtype_of(question).wire_size(question)
    ids = tuple(rng.sample(range(ID_LOW, ID_HIGH + 1), size))
    right_ids = tuple(rng.sample(range(ID_LOW, ID_HIGH + 1), size)) if right_order else ()
    return QuestionKey(choice_order, right_order, ids, right_ids)


def response_from_wire(question: Question, key: QuestionKey, value: Any) -> Any:
    """A student's answer in wire ids back in the engine's JSON form (original indices).

    An id the key does not know becomes an index out of range, and a match answer of the wrong
    length stays wrong, so the engine refuses it as "does not fit" like any other bad answer.
    Single/poll: an id. Multiple: a list of ids. Order: the item ids in the student's order.
    Match: one entry per left item in the order they were sent, its partner's id or -1.
    """
    return qtype_of(question).from_wire(question, key.choice_order, key.ids, key.right_ids, value)


def shuffled_orders(
    question: Question, rng: random.Random
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(choice_order, right_order) for `question`, drawn from `rng`, safe to send.

    Choices are shuffled when the question allows it; order items always, never left as the
    answer; match right items never line up with the left ones.
    """

    return qtype_of(question).shuffled_orders(question, rng)


def distribution_labels(question: Question) -> tuple[str, ...]:
    """Names for `QuestionResult.distribution`'s counts, in the same order."""
    return tuple(name.text for name in qtype_of(question).distribution_names(question))


def ack(index: int, changed: bool, your_answer: str | None = None) -> dict[str, Any]:
    """The answer to question `index` was accepted (`changed`: it replaced an earlier one).
    On a rejoin it is sent again with `your_answer`, the student's own answer in words (never
    positions or ids), since a reloaded page has lost what it had selected."""
    if your_answer is None:
        return _msg("ack", index=int(index), changed=bool(changed))
    return _msg("ack", index=int(index), changed=bool(changed), your_answer=str(your_answer))


def reveal(
    index: int,
    your_result: PlayerResult | None,
    correct_text: str,
    explanation: str,
    source: str | None,
    distribution: Sequence[int],
    labels: Sequence[str],
    rank: int | None,
    score: int,
    players: int,
    *,
    skipped: bool = False,
    standing: str | None = None,
) -> dict[str, Any]:
    """Question `index` is over: how this student did and what the right answer was.

    `your_result` is None for a student who was not in the session when it closed; its
    `response` is never sent back. `players` is how many players the ranking has. `rank` is
    shared by tied students (1, 2, 2, 4); `standing` says it kindly for the page ("You're 3rd
    · 1,118 points behind Ana", game.core.standings), None when no ranking is shown.
    """
    shared = reveal_shared(
        index, correct_text, explanation, source, distribution, labels, players, skipped=skipped
    )
    return {**shared, **reveal_own(your_result, rank, score, standing)}


def reveal_shared(
    index: int,
    correct_text: str,
    explanation: str,
    source: str | None,
    distribution: Sequence[int],
    labels: Sequence[str],
    players: int,
    *,
    skipped: bool = False,
) -> dict[str, Any]:
    """The part of a `reveal` every student gets alike (see `reveal`)."""
    return _msg(
        "reveal",
        index=int(index),
        skipped=bool(skipped),
        correct_text=str(correct_text),
        explanation=str(explanation),
        source=None if source is None else str(source),
        distribution=[int(n) for n in distribution],
        labels=[str(s) for s in labels],
        players=int(players),
    )


def reveal_own(
    your_result: PlayerResult | None, rank: int | None, score: int, standing: str | None
) -> dict[str, Any]:
    """The part of a `reveal` that is one student's own (see `reveal`)."""
    result = None
    if your_result is not None:
        result = {
            "answered": your_result.response is not None,
            "correct": bool(your_result.correct),
            "credit": round(float(your_result.credit), 3),
            "points": int(your_result.points),
        }
    return {
        "result": result,
        "rank": None if rank is None else int(rank),
        "score": int(score),
        "standing": None if standing is None else str(standing),
    }


def leaderboard(rows: Iterable[tuple[int, str, int]]) -> dict[str, Any]:
    """The top of the ranking, as (rank, nickname, score) rows."""
    return _msg(
        "leaderboard",
        rows=[{"rank": int(r), "nickname": str(n), "score": int(s)} for r, n, s in rows],
    )


def paused(is_paused: bool) -> dict[str, Any]:
    """The teacher paused (True) or resumed (False) the question; its timer stops meanwhile."""
    return _msg("paused", paused=bool(is_paused))


def ended(
    rank: int | None,
    score: int,
    podium: Iterable[tuple[str, int] | tuple[int, str, int]],
    *,
    standing: str | None = None,
) -> dict[str, Any]:
    """The session is over: this student's final rank and score, the podium as the projector
    shows it — (place, name, score) rows with tied places shared, or (name, score) rows placed
    1, 2, 3 — and `standing`, the student's place in words (see `reveal`)."""
    rows = []
    for i, row in enumerate(podium, start=1):
        place, n, s = row if len(row) == 3 else (i, *row)  # type: ignore[misc]
        rows.append({"place": int(place), "nickname": str(n), "score": int(s)})
    return _msg(
        "ended",
        rank=None if rank is None else int(rank),
        score=int(score),
        podium=rows,
        standing=None if standing is None else str(standing),
    )


def review(entries: Sequence[dict[str, Any]], misses: dict[str, Any]) -> dict[str, Any]:
    """The student's personal review, sent to that student alone once the session has ended:
    one entry per revealed question (`game.core.review.ReviewEntry.to_data`) and `misses`, the
    document "Save my misses" downloads (`game.core.review.misses_document`)."""
    return _msg("review", entries=[dict(e) for e in entries], misses=dict(misses))


def error(reason: str) -> dict[str, Any]:
    """Something the student sent was refused; `reason` is shown to them as it is."""
    return _msg("error", reason=str(reason))


def kicked() -> dict[str, Any]:
    """The teacher removed this player; the host closes the connection after it."""
    return _msg("kicked")


def pong() -> dict[str, Any]:
    """The server's answer to `ping`."""
    return _msg("pong")
