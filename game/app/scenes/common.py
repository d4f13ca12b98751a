"""Helpers that several screens share: a counted noun, cycling through a setting's options, and
starting a round. It registers no screen, so any scene module may import it (scene modules never
import each other: they ask for a screen by name, game.app.scene).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from game.app.round_runner import RoundRunner
from game.app.scene import Scene, new_scene

if TYPE_CHECKING:
    from game.app.context import AppContext

__all__ = ["_cycle", "plural", "start_round_scene"]


def plural(n: int, word: str, words: str | None = None) -> str:
    """ "1 problem", "2 problems" (`words` for irregular plurals)."""
    return f"{n:,} {word if n == 1 else words or word + 's'}"


def start_round_scene(ctx: AppContext, ids: tuple[str, ...], mode: str) -> Scene:
    """The first question of a new round, or a notice when there is nothing to ask."""
    if not ids:
        return new_scene(
            "notice",
            ctx,
            "Nothing to ask",
            "No questions match these choices. Pick other banks, topics or difficulties.",
        )
    return new_scene("question", ctx, RoundRunner(ctx, ids, mode))


def _cycle(options: tuple[Any, ...] | list[Any], current: Any, step: int = 1) -> Any:
    options = list(options)
    return (
        options[(options.index(current) + step) % len(options)]
        if current in options
        else options[0]
    )
