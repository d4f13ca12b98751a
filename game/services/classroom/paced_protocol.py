"""The messages a student-paced session sends (wire version 2), and each student's review.

Why a module of its own: a student-paced session speaks the version 1 messages where they mean
the same (`question`, `paused`, `error`, `kicked`, `leaderboard`, built by
`game.services.classroom.protocol` and stamped `"v": 2` here) plus its own (`welcome` with the
personal code and settings, `feedback`, `done`, `closing`, `reopened`, `ended`, `review` with
second chances). Like protocol.py it is pure and it is the only place these messages are made,
so no student ever receives a field they should not see: the right answer travels only in a
`feedback` with full feedback (after that student answered) or in their own review.
docs/classroom-protocol.md ("Student-paced sessions") describes the same messages.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from game.core.model import Question
from game.core.paced import Attempt, PacedConfig, PacedStudent
from game.core.paced_codes import shown
from game.core.report import describe_response
from game.core.review import ReviewEntry, misses_document, right_answer_text
from game.services.classroom import protocol

__all__ = [
    "REFUSED_WHY",
    "done",
    "ended",
    "feedback",
    "iso_time",
    "question",
    "refused",
    "review",
    "settings",
    "v2",
    "welcome",
]

VERSION = protocol.PACED_VERSION
REFUSED_WHY = (*protocol.REFUSED_WHY, "code")


def v2(message: dict[str, Any]) -> dict[str, Any]:
    """A version 1 builder's message, as a student-paced session sends it."""
    return {**message, "v": VERSION}


def iso_time(at: float | None) -> str | None:
    """A time on the session clock (seconds since the epoch, see paced_runtime) as ISO 8601 text
    with this computer's offset, as pages show it."""
    if at is None:
        return None
    return datetime.fromtimestamp(at).astimezone().isoformat(timespec="minutes")


def settings(config: PacedConfig, closes_at: float | None) -> dict[str, Any]:
    return {
        "feedback": config.feedback.value,
        "timer": config.rules.timed,
        "second_chances": config.redemption,
        "second_chance_credit": float(config.redemption_credit),
        "leaderboard": config.leaderboard,
        "closes_at": iso_time(closes_at),
        "review": config.review.value,
    }


def welcome(
    student: PacedStudent, token: str, continued: bool, config: PacedConfig, closes_at: float | None
) -> dict[str, Any]:
    """To this student's device alone: who they are, their personal code, the settings."""
    return v2(protocol.welcome(student.id, student.nickname, token)) | {
        "mode": "student-paced",
        "continued": bool(continued),
        "personal_code": shown(student.code),
        "settings": settings(config, closes_at),
    }


def refused(reason: str, why: str, roster: Sequence[str] | None = None) -> dict[str, Any]:
    if why not in REFUSED_WHY:
        raise ValueError(f"unknown refusal {why!r}")
    names = None if roster is None else [str(n) for n in roster][: protocol.ROSTER_MAX]
    return {"v": VERSION, "type": "refused", "reason": str(reason), "why": why, "roster": names}


def question(base: dict[str, Any], number: int, total: int, second_chance: bool) -> dict[str, Any]:
    """A version 1 `question` (protocol.question, never the answer) with the pass's numbering."""
    return v2(base) | {
        "number": int(number),
        "total": int(total),
        "second_chance": bool(second_chance),
    }


def feedback(
    attempt: Attempt,
    score: int,
    full: bool,
    correct_text: str | None,
    explanation: str | None,
    source: str | None,
) -> dict[str, Any]:
    """How the student's answer went; with `full` also the right answer, else nulls."""
    return {
        "v": VERSION,
        "type": "feedback",
        "index": int(attempt.position),
        "second_chance": bool(attempt.redemption),
        "result": {
            "answered": not attempt.timed_out,
            "timed_out": bool(attempt.timed_out),
            "correct": bool(attempt.correct),
            "credit": round(float(attempt.credit), 3),
            "points": int(attempt.points),
        },
        "score": int(score),
        "correct_text": correct_text if full else None,
        "explanation": explanation if full else None,
        "source": source if full else None,
    }


def done(student: PacedStudent, review_now: bool) -> dict[str, Any]:
    return {
        "v": VERSION,
        "type": "done",
        "score": int(student.score),
        "right": int(student.right),
        "total": len(student.order),
        "second_chances_right": int(student.redeemed),
        "review_now": bool(review_now),
    }


def ended(reason: str, score: int, rank: int | None, standing: str | None) -> dict[str, Any]:
    return {
        "v": VERSION,
        "type": "ended",
        "reason": reason,
        "score": int(score),
        "rank": None if rank is None else int(rank),
        "standing": standing,
    }


def closing(kind: str, closes_at: float | None) -> dict[str, Any]:
    """`closing` (the teacher moved the closing time) or `reopened` (moved it after the close)."""
    return {"v": VERSION, "type": kind, "closes_at": iso_time(closes_at)}


def _outcome(attempt: Attempt) -> str:
    if not attempt.graded:
        return "poll"
    if attempt.timed_out or attempt.response is None:
        return "no answer"
    if attempt.correct:
        return "right"
    return "partly" if attempt.credit > 0 else "wrong"


def review(
    student: PacedStudent,
    config: PacedConfig,
    questions: Mapping[str, Question],
    shown_order: Mapping[int, Sequence[int]],
) -> dict[str, Any]:
    """The student's own review: every question they met, in the session's order, their first
    answer, the right answer, the explanation, the source and how the second chance went."""
    first: dict[int, Attempt] = {}
    second: dict[int, Attempt] = {}
    for attempt in student.attempts:
        (second if attempt.redemption else first)[attempt.position] = attempt
    entries: list[ReviewEntry] = []
    again: list[str | None] = []
    for position in sorted(first):
        attempt = first[position]
        q = questions[config.question_ids[position]]
        order = tuple(shown_order.get(position, ()))
        entries.append(
            ReviewEntry(
                number=position + 1,
                question_id=q.id,
                prompt=q.prompt,
                your_answer=describe_response(q, attempt.response, order),
                right_answer=right_answer_text(q, order),
                outcome=_outcome(attempt),
                explanation=q.explanation,
                source=q.source.label() if q.source else "",
            )
        )
        redo = second.get(position)
        again.append(None if redo is None else _outcome(redo))
    data = [e.to_data() | {"second_chance": a} for e, a in zip(entries, again, strict=True)]
    return v2(protocol.review(data, misses_document(student.nickname, entries)))


def leaderboard(rows: Iterable[tuple[int, str, int]]) -> dict[str, Any]:
    return v2(protocol.leaderboard(rows))
