"""The teacher's report of a classroom session: who did how well, and how well each question worked.

`build_report` turns a session's final `SessionState` into a `SessionReport` of plain frozen data;
`game.services.report_files` writes it as CSV files and a printable HTML page. Everything here is
pure and deterministic: the same state always gives the same report, and every number can be
checked by hand (docs/reports.md walks through the formulas).

Choices (also explained to teachers in docs/reports.md):

- **Who counts.** The students are the players still in the session at the end (kicked players
  are left out everywhere). A question counts a student only if they were in the session when it
  was revealed: a late joiner is not marked wrong on questions asked before they came. A student
  who was there but did not answer (or was disconnected) counts as *wrong*.
- **Graded questions** are every asked, non-skipped question except polls. Polls only get their
  distribution; they never count in `answered`, `correct`, accuracy, times or item statistics.
  Skipped questions are listed and otherwise ignored.
- **Correct** means fully correct (credit 1). Partial credit (order, match, multiple with
  partial credit) earns points, and shows as "partly" in the distribution, but is not correct.
- **Difficulty (p)** of a question = fully correct answers / students present for it.
- **Test score** for the item analysis is the number of graded questions a student got fully
  correct — not the game points, which also reward speed and streaks.
- **Discrimination** compares the item with the *rest score*: the test score on the *other*
  graded questions (the item itself is excluded, otherwise with only a handful of questions each
  item would largely correlate with itself). Both the upper–lower 27 % index and the point-biserial
  correlation use the rest score.
- **Upper–lower groups.** Each group holds k = max(1, ⌊0.27·n + 0.5⌋) students (never more than
  n/2). Students tied on the rest score at a group's edge share the remaining places equally
  (fractional membership), so the result never depends on an arbitrary tie-break.
- **Rank** is the game's own final order (score, then nickname), the order of the podium.
- **Choices are named as students saw them**: by the number and shape of the place they had on
  the screens in that session ("2 ◆ The Director of the FBI"), from the order the session showed
  them in (`shown`); without one, the bank's order.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from game.core.answers import response_from_json
from game.core.model import Question, QuestionType
from game.core.qtypes.base import shown_choice
from game.core.qtypes.registry import QTYPES, qtype
from game.core.session import SessionConfig, SessionPhase, SessionState, leaderboard
from game.core.standings import shared_ranks

__all__ = [
    "CHECK_KEY",
    "CHOICE_TYPES",
    "EASY_ABOVE",
    "HARD_BELOW",
    "NEGATIVE",
    "NO_ANSWER",
    "TOO_EASY",
    "TOO_HARD",
    "UPPER_LOWER_SHARE",
    "AnswerRecord",
    "ItemReport",
    "OptionCount",
    "PollReport",
    "SessionReport",
    "StudentReport",
    "build_report",
    "describe_response",
    "group_size",
    "option_label",
    "shown_choice",
    "point_biserial",
    "upper_lower_index",
]

TOO_EASY = "too easy"
TOO_HARD = "too hard"
NEGATIVE = "negative discrimination"
CHECK_KEY = "check the key"
EASY_ABOVE = 0.9  # p > 0.9: nearly everyone knew it
HARD_BELOW = 0.2  # p < 0.2: nearly nobody knew it
UPPER_LOWER_SHARE = 0.27
NO_ANSWER = "No answer"
CHOICE_TYPES = frozenset(name for name, kind in QTYPES.items() if kind.tally == "choices")


# -- the report --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StudentReport:
    """One student's results over the graded questions they were present for."""

    player_id: int
    nickname: str
    score: int  # game points at the end
    rank: int  # 1 = first on the final leaderboard; tied students share a place (1, 1, 3)
    asked: int  # graded questions asked while the student was in the session
    answered: int  # ... of which the student answered
    correct: int  # ... of which fully correct
    accuracy: float | None  # correct / asked; None when asked == 0
    total_time_s: float  # seconds spent on the answered graded questions
    average_time_s: float | None  # total_time_s / answered; None when answered == 0


@dataclass(frozen=True)
class OptionCount:
    """One bar of a distribution: how many students chose this option (or gave this outcome).

    `label` is short ("A", "True", "Right", "No answer"); `text` is the choice as written.
    `keyed` marks the right answer(s) — never set for polls or for "No answer".
    """

    label: str
    text: str
    count: int
    keyed: bool = False


@dataclass(frozen=True)
class ItemReport:
    """Item analysis of one graded, non-skipped question."""

    index: int  # 0-based position in the session
    question_id: str
    type: QuestionType
    topic: str
    prompt: str
    key: str  # the right answer, as a teacher reads it
    present: int  # students in the session when it was revealed
    answered: int
    correct: int  # fully correct
    partly: int  # 0 < credit < 1
    p_value: float | None  # correct / present; None when nobody was present
    mean_credit: float | None  # average share right (partial credit included), over present
    options: tuple[OptionCount, ...]
    average_time_s: float | None  # over those who answered
    discrimination: float | None  # upper–lower 27 % index, by rest score
    point_biserial: float | None  # item (0/1) vs rest score
    common_wrong: tuple[tuple[str, int], ...]  # text/numeric: most frequent wrong answers
    flags: tuple[str, ...]
    key_pairs: tuple[tuple[str, str], ...] = ()  # match: each item and its partner, as shown
    total_time_s: float = 0.0  # time the class spent on it: every answer's recorded time

    @property
    def number(self) -> int:
        """1-based position in the session, as shown to teachers ("Q3")."""
        return self.index + 1

    @property
    def percent_correct(self) -> float | None:
        return None if self.p_value is None else 100 * self.p_value


@dataclass(frozen=True)
class PollReport:
    """An opinion poll: only its distribution."""

    index: int
    question_id: str
    topic: str
    prompt: str
    present: int
    answered: int
    options: tuple[OptionCount, ...]
    average_time_s: float | None

    @property
    def number(self) -> int:
        return self.index + 1


@dataclass(frozen=True)
class AnswerRecord:
    """One student's answer to one question (also polls), for the answers sheet."""

    player_id: int
    nickname: str
    index: int
    question_id: str
    graded: bool
    answer: str  # readable form; "" when no answer
    credit: float
    correct: bool
    points: int
    elapsed_s: float | None
    pairs: tuple[tuple[str, str], ...] = ()  # match: each item and the partner the student chose

    @property
    def number(self) -> int:
        return self.index + 1


@dataclass(frozen=True)
class SessionReport:
    finished: bool  # False for a report of a session still running
    scoring: str  # the scoring preset's name
    timed: bool
    students: tuple[StudentReport, ...]  # in rank order
    items: tuple[ItemReport, ...]  # graded questions, in session order
    polls: tuple[PollReport, ...]
    skipped: tuple[tuple[int, str], ...]  # (0-based index, question id) of skipped questions
    answers: tuple[AnswerRecord, ...]  # by question, then by player id
    most_missed: tuple[ItemReport, ...]  # items someone missed: lowest p first, ties by id
    mean_score: float | None
    overall_accuracy: float | None  # all correct answers / all (student, question) pairs

    def review_ids(self, limit: int | None = None) -> tuple[str, ...]:
        """Question ids for a review round, most missed first (each id once)."""
        ids = tuple(dict.fromkeys(item.question_id for item in self.most_missed))
        return ids if limit is None else ids[:limit]

    def answer(self, player_id: int, index: int) -> AnswerRecord | None:
        """One student's answer to the question at `index` (a linear search)."""
        return next(
            (a for a in self.answers if a.player_id == player_id and a.index == index), None
        )


# -- statistics (public so that tests and docs can check them on small numbers) ----------------


def group_size(n: int, share: float = UPPER_LOWER_SHARE) -> int:
    """Students in the upper (and in the lower) group: ⌊share·n + 0.5⌋, at least 1, at most n/2."""
    return max(1, min(n // 2, math.floor(share * n + 0.5)))


def _group_mean(pairs: list[tuple[float, float]], k: int) -> float:
    """Mean item score of the first k students of `pairs` (sorted by rest score), where students
    tied at the edge share the remaining places equally."""
    total, left = 0.0, float(k)
    for _, level in groupby(pairs, key=lambda pair: pair[1]):
        tied = [item for item, _ in level]
        weight = min(1.0, left / len(tied))
        total += weight * sum(tied)
        left -= weight * len(tied)
        if left <= 1e-9:
            break
    return total / k


def upper_lower_index(
    items: Sequence[float], rests: Sequence[float], share: float = UPPER_LOWER_SHARE
) -> float | None:
    """D = (share correct in the upper group) − (share correct in the lower group).

    Groups are the k = `group_size(n)` students with the highest and the lowest rest scores.
    None when fewer than 2 students or when all rest scores are equal (no groups to compare).
    """
    n = len(items)
    if n < 2 or len(set(rests)) < 2:
        return None
    k = group_size(n, share)
    pairs = list(zip(items, rests, strict=True))
    upper = _group_mean(sorted(pairs, key=lambda p: -p[1]), k)
    lower = _group_mean(sorted(pairs, key=lambda p: p[1]), k)
    return upper - lower


def point_biserial(items: Sequence[float], totals: Sequence[float]) -> float | None:
    """Pearson correlation of the 0/1 item scores with the totals:
    r = (M1 − M0) / s · √(p·q), with s the population standard deviation of the totals.

    None when fewer than 2 students or when either side has zero variance.
    """
    n = len(items)
    if n < 2:
        return None
    mx, my = sum(items) / n, sum(totals) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(items, totals, strict=True))
    sxx = sum((x - mx) ** 2 for x in items)
    syy = sum((y - my) ** 2 for y in totals)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return sxy / math.sqrt(sxx * syy)


# -- reading answers ---------------------------------------------------------------------------


def option_label(i: int) -> str:
    """A, B, … Z, then 27, 28, … (banks rarely have more than six choices)."""
    return chr(ord("A") + i) if i < 26 else str(i + 1)


def describe_response(question: Question, response_json: Any, shown: Sequence[int] = ()) -> str:
    """A student's answer as a teacher reads it; "" for no answer. Choices are named by the
    number and shape they had in the session (`shown`: the order they were shown in)."""
    response = response_from_json(question, response_json)
    if response is None:
        return ""
    return qtype(question).describe(question, response, shown)


def _key(question: Question, shown: Sequence[int] = ()) -> str:
    return qtype(question).key_text(question, shown)


def _options(
    question: Question, rows: list[tuple[Any, float]], shown: Sequence[int] = ()
) -> tuple[OptionCount, ...]:
    """The distribution over the present students; `rows` holds (response JSON, credit).
    Choice bars come in the order the session showed the choices, labelled "2 ◆"."""
    given = [(response_from_json(question, r), c) for r, c in rows]
    answered = [(r, c) for r, c in given if r is not None]
    missing = OptionCount(NO_ANSWER, NO_ANSWER, len(given) - len(answered))
    kind = qtype(question)
    counts = kind.distribution(question, [r for r, _ in answered], [c for _, c in answered])
    options = (
        OptionCount(name.label, name.text, counts[name.index], name.keyed)
        for name in kind.distribution_names(question, shown)
    )
    return (*options, missing)


def _common_wrong(
    question: Question, rows: list[tuple[Any, float]], top: int = 3
) -> tuple[tuple[str, int], ...]:
    """The `top` most frequent wrong typed/entered answers with their counts (ties: the one seen
    first, by player id). Text answers are grouped the way they are graded (case, accents,
    punctuation and spaces ignored) and shown folded ("U.S." → "u s")."""
    kind = qtype(question)
    groups: dict[str, list[Any]] = {}
    for response_json, share in rows:
        response = response_from_json(question, response_json)
        if response is None or share >= 1.0:
            continue
        group = kind.wrong_group(question, response)
        if group is None:
            continue
        key, shown = group
        groups.setdefault(key, [shown, 0])[1] += 1
    ranked = sorted(groups.values(), key=lambda g: -g[1])  # stable: first seen wins ties
    return tuple((shown, count) for shown, count in ranked[:top])


def _check_key(
    question: Question,
    options: tuple[OptionCount, ...],
    common_wrong: tuple[tuple[str, int], ...],
    correct: int,
) -> bool:
    """A wrong answer was more popular than the right one."""
    if question.graded and qtype(question).tally in ("choices", "truth"):
        keyed = [o.count for o in options if o.keyed]
        wrong = [o.count for o in options if not o.keyed and o.label != NO_ANSWER]
        return bool(keyed and wrong) and max(wrong) > max(keyed)
    if common_wrong:
        return common_wrong[0][1] > correct
    return False


def _flags(p: float | None, d: float | None, r: float | None, check_key: bool) -> tuple[str, ...]:
    flags = []
    if p is not None and p > EASY_ABOVE:
        flags.append(TOO_EASY)
    if p is not None and p < HARD_BELOW:
        flags.append(TOO_HARD)
    if (d is not None and d < 0) or (r is not None and r < 0):
        flags.append(NEGATIVE)
    if check_key:
        flags.append(CHECK_KEY)
    return tuple(flags)


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


# -- building ----------------------------------------------------------------------------------


def build_report(
    questions: Mapping[str, Question],
    config: SessionConfig,
    state: SessionState,
    shown: Mapping[int, Sequence[int]] | None = None,
) -> SessionReport:
    """The report of `state` (normally a finished session; a running one gives a partial report).

    `shown` maps a question's 0-based index in the session to the order its choices (or a
    match's items) were shown in, as original indices: choices are named by the number and
    shape they had on the screens. Without it, the bank's order.
    Raises KeyError if a result names a question missing from `questions`.
    """
    orders = shown or {}
    roster = leaderboard(state.players)  # rank order
    # places as the projector and the phones give them: ties share one (1, 1, 3), and a
    # student who scored nothing is last, never left out
    rank = {p.id: r for p, r in zip(roster, shared_ranks([p.score for p in roster]), strict=True)}
    nick = {p.id: p.nickname for p in roster}

    graded_results = []  # (result, question, {pid: PlayerResult}) for graded, asked questions
    polls: list[PollReport] = []
    skipped: list[tuple[int, str]] = []
    answers: list[AnswerRecord] = []
    for result in state.results:
        question = questions[result.question_id]
        if result.skipped:
            skipped.append((result.index, result.question_id))
            continue
        present = {pr.player_id: pr for pr in result.players if pr.player_id in rank}
        order = tuple(orders.get(result.index, ()))
        for pid in sorted(present):
            pr = present[pid]
            given_pairs: tuple[tuple[str, str], ...] = ()
            if pr.response is not None:  # a match answer as a table of pairs
                given = response_from_json(question, pr.response)
                if given is not None:
                    given_pairs = qtype(question).given_pairs(question, given, order)
            answers.append(
                AnswerRecord(
                    pid,
                    nick[pid],
                    result.index,
                    result.question_id,
                    question.graded,
                    describe_response(question, pr.response, order),
                    pr.credit,
                    pr.correct,
                    pr.points,
                    pr.elapsed_s if pr.response is not None else None,
                    given_pairs,
                )
            )
        if question.graded:
            graded_results.append((result, question, present))
        else:
            rows = [(present[pid].response, 0.0) for pid in sorted(present)]
            times = [
                t
                for pid in sorted(present)
                if present[pid].response is not None and (t := present[pid].elapsed_s) is not None
            ]
            polls.append(
                PollReport(
                    result.index,
                    result.question_id,
                    question.topic,
                    question.prompt,
                    len(present),
                    sum(r is not None for r, _ in rows),
                    _options(question, rows, order),
                    _mean(times),
                )
            )

    # test score: fully correct graded answers per student
    test_score = {pid: 0 for pid in rank}
    for _, _, present in graded_results:
        for pid, pr in present.items():
            test_score[pid] += int(pr.correct)

    items = []
    for result, question, present in graded_results:
        pids = sorted(present)
        prs = [present[pid] for pid in pids]
        rows = [(pr.response, pr.credit) for pr in prs]
        item_scores = [1.0 if pr.correct else 0.0 for pr in prs]
        rests = [float(test_score[pid]) - x for pid, x in zip(pids, item_scores, strict=True)]
        n = len(prs)
        correct = sum(pr.correct for pr in prs)
        answered = [pr for pr in prs if pr.response is not None]
        p = correct / n if n else None
        order = tuple(orders.get(result.index, ()))
        options = _options(question, rows, order)
        common = _common_wrong(question, rows)
        d = upper_lower_index(item_scores, rests)
        r = point_biserial(item_scores, rests)
        times = [t for pr in answered if (t := pr.elapsed_s) is not None]
        items.append(
            ItemReport(
                index=result.index,
                question_id=result.question_id,
                type=question.type,
                topic=question.topic,
                prompt=qtype(question).shown_prompt(question),  # cloze: numbered gaps
                key=_key(question, order),
                present=n,
                answered=len(answered),
                correct=correct,
                partly=sum(0 < pr.credit < 1.0 for pr in answered),
                p_value=p,
                mean_credit=_mean([pr.credit for pr in prs]),
                options=options,
                average_time_s=_mean(times),
                total_time_s=round(sum(times), 3),
                discrimination=d,
                point_biserial=r,
                common_wrong=common,
                flags=_flags(p, d, r, _check_key(question, options, common, correct)),
                key_pairs=qtype(question).key_pairs(question, order),
            )
        )

    students = []
    for player in roster:
        mine = [present[player.id] for _, _, present in graded_results if player.id in present]
        done = [pr for pr in mine if pr.response is not None]
        total_time = sum(pr.elapsed_s or 0.0 for pr in done)
        n_correct = sum(pr.correct for pr in mine)
        students.append(
            StudentReport(
                player_id=player.id,
                nickname=player.nickname,
                score=player.score,
                rank=rank[player.id],
                asked=len(mine),
                answered=len(done),
                correct=n_correct,
                accuracy=n_correct / len(mine) if mine else None,
                total_time_s=total_time,
                average_time_s=total_time / len(done) if done else None,
            )
        )

    missed = sorted(
        (i for i in items if i.p_value is not None and i.p_value < 1.0),
        key=lambda i: (i.p_value, i.question_id, i.index),
    )
    pairs = sum(i.present for i in items)
    return SessionReport(
        finished=state.phase is SessionPhase.FINISHED,
        scoring=str(config.rules.preset),
        timed=config.rules.timed,
        students=tuple(students),
        items=tuple(items),
        polls=tuple(polls),
        skipped=tuple(skipped),
        answers=tuple(answers),
        most_missed=tuple(missed),
        mean_score=_mean([s.score for s in students]),
        overall_accuracy=sum(i.correct for i in items) / pairs if pairs else None,
    )
