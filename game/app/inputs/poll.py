"""The Pygame input of `poll` questions (An opinion poll):
the shared choice grid with its own key line."""

from __future__ import annotations

from game.app.inputs.choice import ChoiceInput


class PollInput(ChoiceInput):
    hint = "Your view: press 1-{n} or click, then Enter (not scored)"
