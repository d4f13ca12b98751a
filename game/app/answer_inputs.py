"""The names the scenes and tests have always imported the answer inputs by.

Each question type's Pygame input is its own module in game/app/inputs/ (registered in
game/app/inputs/__init__.py); this module only re-exports them.
"""

from __future__ import annotations

from game.app.inputs import INPUTS, make_input
from game.app.inputs.base import BLANK_PROBLEMS, AnswerInput
from game.app.inputs.choice import ChoiceInput
from game.app.inputs.match import MatchInput
from game.app.inputs.numeric import NumericEntry
from game.app.inputs.order import OrderInput
from game.app.inputs.text import TextEntry

__all__ = [
    "BLANK_PROBLEMS",
    "INPUTS",
    "AnswerInput",
    "ChoiceInput",
    "MatchInput",
    "NumericEntry",
    "OrderInput",
    "TextEntry",
    "make_input",
]
