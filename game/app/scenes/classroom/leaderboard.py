"""The leaderboard between questions: the top places only, never the bottom half."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.app.scene import Pop, Transition, register
from game.app.scenes.classroom.host import HostScene
from game.core import session as s
from game.core.standings import on_the_projector, projector_note

if TYPE_CHECKING:
    from game.app.context import AppContext
    from game.core.ports import ClassroomHost


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
                return self.on_session_events(self.host.command(s.Next(self.host.now())))
            return Pop()
        if event.key == pygame.K_ESCAPE:
            return self.end_session() if self.then_next else Pop()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        players = self.host.state.players
        shown = on_the_projector(players, self.host.config.podium_size)
        note = projector_note(len(shown), len(players))  # the others are counted, not dropped
        items = [("Continue", "Enter", pygame.K_RETURN), ("End", "Esc", pygame.K_ESCAPE)]
        self.draw_ranking(surface, "Leaderboard", shown, False, self.bar_top(items, note))
        self.controls(surface, items, note=note)
