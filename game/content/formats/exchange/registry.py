"""The question types' exchange mappings: one line per type, under the type's name (as
game.core.qtypes.registry lists the types themselves; tests/test_qtypes_complete.py fails when
a registered type has no mapping here, or one that neither writes nor declines a format)."""

from __future__ import annotations

from game.content.formats.exchange import (
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
from game.content.formats.exchange.base import TypeExchange
from game.core.model import Question, QuestionType

__all__ = ["EXCHANGES", "exchange"]

EXCHANGES: dict[QuestionType, TypeExchange] = {
    t.name: t
    for t in (
        single.EXCHANGE,
        multiple.EXCHANGE,
        true_false.EXCHANGE,
        order.EXCHANGE,
        match.EXCHANGE,
        text.EXCHANGE,
        numeric.EXCHANGE,
        poll.EXCHANGE,
        cloze.EXCHANGE,
    )
}


def exchange(question: Question | QuestionType) -> TypeExchange:
    """The exchange mapping of a question's type."""
    kind = question if isinstance(question, QuestionType) else question.type
    return EXCHANGES[kind]
