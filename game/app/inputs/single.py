"""The Pygame input of `single` questions (One correct choice):
the shared choice grid with its own key line."""

from __future__ import annotations

from game.app.inputs.choice import ChoiceInput


class SingleInput(ChoiceInput):
    hint = "Press 1-{n} or click a choice, then Enter"
