"""Moodle's grade rules, written once for the GIFT and Moodle XML writers and readers.

Both formats carry the same Moodle question, so a Civic Quiz question must be graded the same
way whichever of the two it is exported in: the same fractions per choice, the same warnings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "ALL_OR_NOTHING_HINT",
    "GRADE_TOLERANCE",
    "MOODLE_GRADES",
    "MultipleGrades",
    "all_or_nothing_message",
    "grade_rounded_message",
    "several_full_marks_message",
    "multiple_grades",
    "snap_grade",
]

# The only fractions Moodle accepts (question/engine/bank.php, ensure_fraction_options_initialised),
# and their negatives. An import with any other grade stops with `invalidgradequestion`.
MOODLE_GRADES = (
    1.0,
    0.9,
    0.8333333,
    0.8,
    0.75,
    0.7,
    0.6666667,
    0.6,
    0.5,
    0.4,
    0.3333333,
    0.3,
    0.25,
    0.2,
    0.1666667,
    0.1428571,
    0.125,
    0.1111111,
    0.1,
    0.05,
    0.0,
)
_ALL_GRADES = tuple(sorted({*MOODLE_GRADES, *(-g for g in MOODLE_GRADES)}))
GRADE_TOLERANCE = 0.00001  # Moodle's match_grade_options compares with this slack
ALL_OR_NOTHING_HINT = "use the qtype_multichoiceset plugin in Moodle for all-or-nothing"


def snap_grade(fraction: float) -> float | None:
    """The Moodle grade `fraction` stands for, or None if it is not one Moodle allows."""
    best = min(_ALL_GRADES, key=lambda g: abs(g - fraction))
    return best if abs(best - fraction) < GRADE_TOLERANCE else None


@dataclass(frozen=True)
class MultipleGrades:
    """The fraction of each choice of a `multiple` question in Moodle's multichoice."""

    fractions: tuple[float, ...]
    share: float  # what each right choice earns
    rounded: bool  # 1/len(correct) is no Moodle grade: `share` is the nearest one
    all_or_nothing: bool  # Moodle core cannot grade it so: a wrong pick costs 100 %


def multiple_grades(correct: Sequence[int], count: int, partial_credit: bool) -> MultipleGrades:
    """Right choices share 100 %; a wrong pick takes one share away with partial credit, and
    everything (−100 %) when the question is all-or-nothing, the nearest Moodle core gets."""
    exact = 1 / len(correct)
    share = snap_grade(exact)
    rounded = share is None
    if share is None:
        share = min((g for g in MOODLE_GRADES if g > 0), key=lambda g: abs(g - exact))
    wrong = -share if partial_credit else -1.0
    fractions = tuple(share if i in correct else wrong for i in range(count))
    return MultipleGrades(fractions, share, rounded, not partial_credit and len(correct) > 1)


def all_or_nothing_message(qid: str, grades: MultipleGrades) -> str:
    """The one warning both Moodle writers give for an all-or-nothing `multiple` question."""
    return (
        f"{qid} is all-or-nothing, which Moodle core multichoice cannot grade: right choices "
        f"earn {grades.share * 100:.5g}% each and a wrong pick costs 100%, so some right picks "
        "without a wrong one still earn part of the marks"
    )


def several_full_marks_message(label: str, count: int) -> str:
    """The one warning both Moodle readers give for a one-answer multichoice question with
    several full-marks answers (GIFT `{=a =b ~c}`, or XML `<single>true</single>` 100/100/0):
    both import it as the same `multiple` question."""
    return (
        f'{count} choices of "{label}" earn full marks: in Moodle picking any one of them is '
        "enough; Civic Quiz imports a `multiple` question where players must pick all of them"
    )


def grade_rounded_message(qid: str, grades: MultipleGrades, right: int) -> str:
    """The one warning both Moodle writers give when 1/right is not a Moodle grade."""
    return (
        f"Moodle has no grade of {1 / right:.2%}: each of the {right} right choices of {qid} "
        f"earns {grades.share * 100:.5g}%"
    )
