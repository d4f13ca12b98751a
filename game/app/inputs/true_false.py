"""The Pygame input of `true_false` questions (True or false):
the shared choice grid with its own key line."""

from __future__ import annotations

from game.app.inputs.choice import ChoiceInput


class TrueFalseInput(ChoiceInput):
    hint = "Press 1 (T) for True or 2 (F) for False, then Enter"
