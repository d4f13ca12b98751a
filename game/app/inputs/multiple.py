"""The Pygame input of `multiple` questions (Several correct choices):
the shared choice grid with its own key line."""

from __future__ import annotations

from game.app.inputs.choice import ChoiceInput


class MultipleInput(ChoiceInput):
    hint = "Select every right choice with 1-{n} or clicks, then Enter"
