"""The question types the game knows: one line per type (the Pygame inputs are registered in
game/app/inputs/__init__.py and the student page's modules in assets/web/qtypes/index.js, under
the same names; tests/test_qtypes_complete.py fails when a type lacks a part)."""

from __future__ import annotations

from game.core.model import Question, QuestionType
from game.core.qtypes import (
    cloze,
    match,
    multiple,
    numeric,
    order,
    poll,
    single,
    text,
    true_false,
)
from game.core.qtypes.base import QType

__all__ = ["QTYPES", "qtype"]

QTYPES: dict[QuestionType, QType] = {
    t.name: t
    for t in (
        single.TYPE,
        multiple.TYPE,
        true_false.TYPE,
        order.TYPE,
        match.TYPE,
        text.TYPE,
        numeric.TYPE,
        poll.TYPE,
        cloze.TYPE,
    )
}


def qtype(question: Question | QuestionType) -> QType:
    """The type module's object for a question (or a type)."""
    kind = question if isinstance(question, QuestionType) else question.type
    return QTYPES[kind]
