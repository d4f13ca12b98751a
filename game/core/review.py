"""A student's personal review at the end of a class, and the "misses" file they can save.

When a session ends, each phone gets that student's own review: every question asked, with
their answer (choices named by the number and shape they saw), the right answer, the
explanation and the source. It is built only from questions already revealed, and sent only to
that student after the end (game.services.classroom.runtime), so it never shows an answer early.

"Save my misses" turns the questions the student missed into a small JSON file; on their own
computer `civic-quiz import-misses FILE` puts them into their "Review my mistakes". The file
comes back from outside, so `read_misses` treats it as hostile: any problem is a `MissesError`
that names the file, the line and what to do, never a traceback.

Pure: no I/O, no clock, no randomness.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from game.core.answers import response_from_json
from game.core.model import Question
from game.core.qtypes.registry import qtype
from game.core.report import describe_response
from game.core.session import SessionState

__all__ = [
    "MISSES_FORMAT",
    "MISSES_MAX_BYTES",
    "MISSES_MAX_QUESTIONS",
    "MissesError",
    "MissesFile",
    "ReviewEntry",
    "class_reviews",
    "given_answer_text",
    "misses_document",
    "personal_review",
    "read_misses",
    "right_answer_text",
]

MISSES_FORMAT = "civic-quiz-misses"
MISSES_VERSION = 1
MISSES_MAX_BYTES = 256 * 1024
MISSES_MAX_QUESTIONS = 500
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")  # a bank question id (game.content.format)


@dataclass(frozen=True)
class ReviewEntry:
    number: int  # 1-based position in the session
    question_id: str
    prompt: str
    your_answer: str  # "" when the student gave none
    right_answer: str  # "" for polls
    outcome: str  # "right", "partly", "wrong", "no answer" or "poll"
    explanation: str
    source: str  # "" when the question cites none

    @property
    def missed(self) -> bool:
        return self.outcome in ("partly", "wrong", "no answer")

    def to_data(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "question_id": self.question_id,
            "prompt": self.prompt,
            "your_answer": self.your_answer,
            "right_answer": self.right_answer,
            "outcome": self.outcome,
            "explanation": self.explanation,
            "source": self.source,
        }


def personal_review(
    questions: Mapping[str, Question],
    state: SessionState,
    player_id: int,
    shown: Mapping[int, Sequence[int]] | None = None,
) -> tuple[ReviewEntry, ...]:
    """The review of `player_id`: every revealed, not skipped question they were in the session
    for, in session order. `shown` is each question's choice order (see build_report)."""
    return class_reviews(questions, state, [player_id], shown)[player_id]


def class_reviews(
    questions: Mapping[str, Question],
    state: SessionState,
    player_ids: Iterable[int],
    shown: Mapping[int, Sequence[int]] | None = None,
) -> dict[int, tuple[ReviewEntry, ...]]:
    """`personal_review` for each of `player_ids`, with what all share (the prompt, the right
    answer, the explanation) worked out once per question, not once per student."""
    asked = []  # (result, question, order, answers by player, right answer, source)
    for result in state.results:
        if result.skipped:
            continue
        question = questions[result.question_id]
        order = tuple((shown or {}).get(result.index, ()))
        answers = {p.player_id: p for p in result.players}
        source = question.source.label() if question.source else ""
        asked.append((result, question, order, answers, right_answer_text(question, order), source))
    reviews: dict[int, tuple[ReviewEntry, ...]] = {}
    for player_id in player_ids:
        entries = []
        for result, question, order, answers, right, source in asked:
            mine = answers.get(player_id)
            if mine is None:
                continue
            if not question.graded:
                outcome = "poll"
            elif mine.response is None:
                outcome = "no answer"
            elif mine.correct:
                outcome = "right"
            else:
                outcome = "partly" if mine.credit > 0 else "wrong"
            entries.append(
                ReviewEntry(
                    number=result.index + 1,
                    question_id=result.question_id,
                    prompt=qtype(question).shown_prompt(question),  # cloze: numbered gaps
                    your_answer=describe_response(question, mine.response, order),
                    right_answer=right,
                    outcome=outcome,
                    explanation=question.explanation,
                    source=source,
                )
            )
        reviews[player_id] = tuple(entries)
    return reviews


def right_answer_text(question: Question, order: Sequence[int] = (), shapes: bool = True) -> str:
    """The key in words; choices by the number and shape they were shown with ("2 ◆ …"), or by
    the number alone (`shapes=False`: for a font with no shape glyphs, like the projector's)."""
    if not question.graded:
        return ""
    return qtype(question).shown_key(question, order, shapes)


def given_answer_text(question: Question, response_json: Any, order: Sequence[int] = ()) -> str:
    """What a team (or student) answered, in words, after the reveal: the texts chosen or typed
    in the order shown, and for a typed answer forgiven a small slip the spelling it was taken
    for ("(1) fentanil; (2) Mass Destruction — right spelling: (1) fentanyl"). "" for no
    answer."""
    t = qtype(question)
    response = response_from_json(question, response_json)
    if response is None:
        return ""
    text = t.own_answer(question, response, order)
    spelled = t.spelled(question, response)
    if not spelled:
        return text
    if t.answered_in_parts:
        right = "; ".join(f"({i + 1}) {accepted}" for i, _, accepted in spelled)
    else:
        right = "; ".join(accepted for _, _, accepted in spelled)
    return f"{text} \u2014 right spelling: {right}"


def misses_document(nickname: str, entries: Sequence[ReviewEntry]) -> dict[str, Any]:
    """What "Save my misses" writes: the missed questions' ids (and prompts, for a person
    reading the file)."""
    return {
        "format": MISSES_FORMAT,
        "version": MISSES_VERSION,
        "nickname": nickname,
        "questions": [{"id": e.question_id, "prompt": e.prompt} for e in entries if e.missed],
    }


@dataclass(frozen=True)
class MissesFile:
    nickname: str
    question_ids: tuple[str, ...]  # each once, in the file's order


class MissesError(ValueError):
    """A misses file that can't be read: the message names the file, the line and what to do."""


def read_misses(text: str | bytes, name: str) -> MissesFile:
    """The questions in a misses file (`name` is how the file is named in errors)."""
    hint = 'Save the file again from the quiz page ("Save my misses") and import that one.'

    def fail(line: int, what: str) -> MissesError:
        return MissesError(f"{name}, line {line}: {what}. {hint}")

    if len(text) > MISSES_MAX_BYTES:
        raise fail(1, f"the file is larger than a misses file can be ({MISSES_MAX_BYTES:,} bytes)")
    if isinstance(text, bytes):
        raw = text
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise fail(line, "this is not a text file (not UTF-8)") from None
    body: str = text.lstrip("\ufeff")

    def no_constants(value: str) -> Any:
        raise ValueError(f"{value} is not a number")

    try:
        data = json.loads(body, parse_constant=no_constants)
    except json.JSONDecodeError as exc:
        raise fail(exc.lineno, f"this is not a misses file (not valid JSON: {exc.msg})") from None
    except (ValueError, RecursionError) as exc:
        raise fail(1, f"this is not a misses file ({exc})") from None

    def line_of(needle: str) -> int:
        at = body.find(needle)
        return 1 if at < 0 else body.count("\n", 0, at) + 1

    if not isinstance(data, dict) or data.get("format") != MISSES_FORMAT:
        raise fail(1, f'this is not a Civic Quiz misses file (no "format": "{MISSES_FORMAT}")')
    if data.get("version") != MISSES_VERSION:
        raise fail(
            line_of('"version"'),
            f"misses file version {data.get('version')!r} is not one this Civic Quiz reads",
        )
    nickname = data.get("nickname", "")
    if not isinstance(nickname, str) or len(nickname) > 100:
        raise fail(line_of('"nickname"'), '"nickname" must be a short text')
    items = data.get("questions")
    if not isinstance(items, list):
        raise fail(line_of('"questions"'), '"questions" must be a list of questions')
    if len(items) > MISSES_MAX_QUESTIONS:
        raise fail(line_of('"questions"'), f"more than {MISSES_MAX_QUESTIONS} questions")
    ids: list[str] = []
    for number, item in enumerate(items, start=1):
        qid = item.get("id") if isinstance(item, dict) else item
        if not isinstance(qid, str) or not _ID.fullmatch(qid):
            shown = json.dumps(qid, ensure_ascii=True)[:40]
            raise fail(
                line_of(shown) if isinstance(qid, str) else line_of('"questions"'),
                f"question {number} has no valid question id ({shown})",
            )
        if qid not in ids:
            ids.append(qid)
    return MissesFile(" ".join(nickname.split())[:40], tuple(ids))
