"""A session's saved questions read back the same now that each type saves its own fields.

Snapshots saved before (every type-specific field of every question, whatever its type) must
still read back as the question that was asked: a report never changes after class. The old
writer is kept here, as it was, to make such snapshots.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from game.content.loader import load_paths
from game.core.model import Question, QuestionType
from game.core.qtypes.registry import QTYPES
from game.core.snapshot import question_from_snapshot, question_to_snapshot
from game.resources import shipped_banks_dir


def _questions() -> list[Question]:
    shipped = [q for bank in load_paths([shipped_banks_dir()]).banks for q in bank.questions]
    examples = [e for kind in QTYPES.values() if (e := kind.example()) is not None]
    return shipped + examples


def _old_snapshot(question: Question) -> dict[str, Any]:
    """What question_to_snapshot wrote before each type saved its own fields: all of them."""
    data = question_to_snapshot(question)
    numeric = question.numeric
    data.update(
        {
            "choices": list(question.choices),
            "correct": list(question.correct),
            "partial_credit": question.partial_credit,
            "shuffle": question.shuffle,
            "truth": question.truth,
            "items": list(question.items),
            "pairs": [list(pair) for pair in question.pairs],
            "accept": list(question.accept),
            "fuzzy": question.fuzzy,
            "gaps": [{"accept": list(g.accept), "options": list(g.options)} for g in question.gaps],
            "numeric": None
            if numeric is None
            else {
                "value": numeric.value,
                "low": numeric.low,
                "high": numeric.high,
                "unit": numeric.unit,
            },
        }
    )
    return data


@pytest.mark.parametrize("name", [t.value for t in QuestionType])
def test_every_type__reads_back_from_old_and_new_snapshots(name):
    questions = [q for q in _questions() if q.type.value == name]
    assert questions, f"no shipped or example question of type {name}"
    for q in questions:
        new = json.loads(json.dumps(question_to_snapshot(q)))  # as SQLite stores it
        old = json.loads(json.dumps(_old_snapshot(q)))
        assert question_from_snapshot(new) == q, q.id
        assert question_from_snapshot(old) == q, q.id


def test_a_snapshot_holds_only_its_own_types_fields():
    """A choice question's snapshot carries no empty `items`, `pairs` or `gaps`: each type
    module saves what it has (so a new type's fields need no change to game/core/snapshot.py)."""
    single = next(q for q in _questions() if q.type is QuestionType.SINGLE)
    data = question_to_snapshot(single)
    assert data["choices"] == list(single.choices)
    assert not {"items", "pairs", "gaps", "accept", "numeric", "truth"} & set(data)


def test_a_snapshot_from_before_cloze__reads_with_no_gaps():
    """Snapshots older than cloze had no `gaps` (nor `fuzzy`): a text question still reads."""
    text = next(q for q in _questions() if q.type is QuestionType.TEXT and q.fuzzy)
    data = _old_snapshot(text)
    del data["gaps"], data["fuzzy"]
    assert question_from_snapshot(data) == text
