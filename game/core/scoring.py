"""Points for an answer: three documented presets, pure and deterministic.

**classic** (the default): a correct answer earns its base points (by difficulty: 1000, 1500,
2000, or the question's own `points`) times the share answered right. When the timer is on,
speed counts as in Kahoot!: the points are multiplied by `1 - (t / T) / 2`, where `t` is the time
taken and `T` the time allowed, so an instant answer earns everything and a last-second one half;
answers in the first half second count as instant. A streak bonus of +100 per consecutive fully
correct answer after the first, capped at +500, is added to fully correct answers.

**accuracy**: base points times the share answered right; no speed factor, no streak bonus. For
assessment, and for students who need more time.

**practice**: no timer; base points times the share right, plus the streak bonus.

Partial credit (multiple with `partial_credit`, order, match) earns that share of the base
points, but only a fully correct answer keeps a streak going. Polls are never scored. A score is
never negative.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from game.core.model import Question, QuestionType
from game.core.qtypes.registry import QTYPES

__all__ = [
    "BASE_POINTS",
    "DEFAULT_TIME_LIMITS",
    "Score",
    "ScoringPreset",
    "ScoringRules",
    "rules_for",
    "score_answer",
    "time_limit_for",
]

BASE_POINTS = {1: 1000, 2: 1500, 3: 2000}
STREAK_STEP = 100
STREAK_CAP = 500
INSTANT_S = 0.5

DEFAULT_TIME_LIMITS: dict[QuestionType, float] = {
    name: kind.time_limit for name, kind in QTYPES.items()
}  # each type module says its own


class ScoringPreset(StrEnum):
    CLASSIC = "classic"
    ACCURACY = "accuracy"
    PRACTICE = "practice"


@dataclass(frozen=True)
class ScoringRules:
    """How answers turn into points. `timed` is whether a timer runs at all."""

    preset: ScoringPreset
    timed: bool
    speed_bonus: bool
    streak_bonus: bool


def rules_for(preset: ScoringPreset, timer_on: bool = True) -> ScoringRules:
    """The rules of a preset; practice never runs a timer."""
    timed = timer_on and preset is not ScoringPreset.PRACTICE
    return ScoringRules(
        preset=preset,
        timed=timed,
        speed_bonus=timed and preset is ScoringPreset.CLASSIC,
        streak_bonus=preset in (ScoringPreset.CLASSIC, ScoringPreset.PRACTICE),
    )


def time_limit_for(question: Question, multiplier: float | None) -> float | None:
    """Seconds allowed for a question, or None when the timer is off (multiplier None)."""
    if multiplier is None:
        return None
    base = question.time_limit or DEFAULT_TIME_LIMITS[question.type]
    return base * multiplier


@dataclass(frozen=True)
class Score:
    """The outcome of scoring one answer. `streak` is the streak after this answer."""

    points: int
    base: int
    speed_factor: float
    streak_bonus: int
    streak: int


def score_answer(
    rules: ScoringRules,
    question: Question,
    credit: float,
    elapsed_s: float,
    time_limit_s: float | None,
    streak_before: int,
) -> Score:
    """Score one answer. `credit` is the share answered right (0–1)."""
    if not question.graded:
        return Score(0, 0, 1.0, 0, streak_before)
    credit = min(1.0, max(0.0, credit))
    base = question.points if question.points is not None else BASE_POINTS[question.difficulty]
    speed = 1.0
    if rules.speed_bonus and time_limit_s and elapsed_s > INSTANT_S:
        speed = 1.0 - min(1.0, max(0.0, elapsed_s / time_limit_s)) / 2
    fully = credit >= 1.0
    streak = streak_before + 1 if fully else 0
    bonus = (
        min(STREAK_STEP * (streak - 1), STREAK_CAP)
        if rules.streak_bonus and fully and streak > 1
        else 0
    )
    points = round(base * credit * speed) + bonus
    return Score(max(0, points), base, speed, bonus, streak)
