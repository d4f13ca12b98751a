"""The Pygame input of each question type, one module per type, registered under the type's
name (as game.core.qtypes.registry registers its core module). tests/test_qtypes_complete.py
fails when a type lacks an input here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.app.inputs import cloze, match, multiple, numeric, order, poll, single, text, true_false
from game.app.inputs.base import AnswerInput
from game.core.model import Question, QuestionType

if TYPE_CHECKING:
    from game.app.context import AppContext

__all__ = ["INPUTS", "make_input"]

INPUTS: dict[QuestionType, type[AnswerInput]] = {
    QuestionType.SINGLE: single.SingleInput,
    QuestionType.MULTIPLE: multiple.MultipleInput,
    QuestionType.TRUE_FALSE: true_false.TrueFalseInput,
    QuestionType.ORDER: order.OrderInput,
    QuestionType.MATCH: match.MatchInput,
    QuestionType.TEXT: text.TextEntry,
    QuestionType.NUMERIC: numeric.NumericEntry,
    QuestionType.POLL: poll.PollInput,
    QuestionType.CLOZE: cloze.ClozeInput,
}


def make_input(ctx: AppContext, question: Question) -> AnswerInput:
    """The input for a question, by its type."""
    return INPUTS[question.type](ctx, question)
