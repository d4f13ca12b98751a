"""The leaderboard between questions: the top places only, never the bottom half."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pygame

from game.app.scene import Pop, Scene, Transition, new_scene, register
from game.app.scenes.classroom.ahead import next_question
from game.app.scenes.classroom.host import HostScene
from game.core import session as s
from game.core.standings import on_the_projector, projector_note

if TYPE_CHECKING:
    from game.app.context import AppContext
    from game.core.ports import ClassroomHost


_RANKED: list[Any] = [None, 0, []]  # the players ranked last, for what size, and the rows


def _ranked(players: Any, size: int) -> list[Any]:
    """`on_the_projector`, sorted once per change of the players (a class of 2,000 sorted at
    every redraw, and again by the same screen laid out ahead, cost a few ms each time)."""
    if _RANKED[0] is not players or _RANKED[1] != size:
        _RANKED[:] = [players, size, on_the_projector(players, size)]
    rows: list[Any] = _RANKED[2]
    return rows


@register("leaderboard")
class LeaderboardScene(HostScene):
    def __init__(self, ctx: AppContext, host: ClassroomHost, then_next: bool = False) -> None:
        super().__init__(ctx, host)
        self.then_next = then_next

    def enter(self) -> None:
        self.host.show_leaderboard()  # students' devices follow the projector

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            if self.then_next:
                return self.command_shown(s.Next(self.host.now()))
            return Pop()
        if event.key == pygame.K_ESCAPE:
            return self.end_session() if self.then_next else Pop()
        return None

    def ahead(self) -> list[Callable[[], Scene]]:
        """The next question."""
        upcoming = next_question(self.host, self.host.state.index + 1)
        return [] if upcoming is None else [lambda: new_scene("host-question", self.ctx, upcoming)]

    def draw(self, surface: pygame.Surface) -> None:
        players = self.host.state.players
        shown = _ranked(players, self.host.config.podium_size)
        note = projector_note(len(shown), len(players))  # the others are counted, not dropped
        items = [("Continue", "Enter", pygame.K_RETURN), ("End", "Esc", pygame.K_ESCAPE)]
        self.draw_ranking(surface, "Leaderboard", shown, False, self.bar_top(items, note))
        self.controls(surface, items, note=note)
