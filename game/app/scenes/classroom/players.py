"""Overlays on the live session: the players (N during the quiz) and renaming a student.
When the session moves on underneath, they step back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from game.app.scene import Pop, Transition, register
from game.app.scenes.classroom.host import HostScene
from game.app.scenes.classroom.moderation import (
    ACCOMMODATION_KEYS,
    draw_players,
    grid_shape,
    keep_up,
    moderate,
    players_in_order,
)
from game.app.widgets import draw_focus_ring, draw_panel, text_height
from game.core import session as s
from game.core.accommodations import NEED_LABELS

if TYPE_CHECKING:
    from game.app.context import AppContext
    from game.core.ports import ClassroomHost


_MOVED_ON = (s.Revealed, s.QuestionOpened, s.Finished)


class _Overlay(HostScene):
    """A screen over the live session (players, rename): when the session moves on meanwhile
    (a question closes, the next opens, it ends) it steps back, and the screen below resyncs."""

    def on_session_events(self, events: list[Any]) -> Transition | None:
        return Pop() if any(isinstance(e, _MOVED_ON) for e in events) else self.resume(None)

    def resume(self, result: object) -> Transition | None:
        moved = (self.host.state.phase, self.host.state.index) != self.shows
        return Pop() if moved else None


@register("players")
class PlayersScene(_Overlay):
    """The players during the quiz (N on the question and reveal screens): kick, rename, extra
    time, read aloud, reduced motion, large text and the room lock, as in the lobby; the bar
    lists every one of these keys. Esc goes back."""

    def __init__(self, ctx: AppContext, host: ClassroomHost) -> None:
        super().__init__(ctx, host)
        self.selected = 0

    def players(self) -> list[Any]:
        return players_in_order(self)

    def catch_up(self) -> bool:
        width = self.size[0] - 4 * int(24 * self.ctx.unit())  # the grid's, as drawn
        return keep_up(self, self.players(), grid_shape(self.ctx, width)[2])

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        players = self.players()
        if event.key in (pygame.K_ESCAPE, pygame.K_n):
            return Pop()
        return moderate(self, event, players)

    def draw(self, surface: pygame.Surface) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        surface.fill(theme.background)
        w, h = self.size
        u = ctx.unit()
        m = int(24 * u)
        players = self.players()
        state = self.host.state
        title = f"Players: {len(state.connected())} here, {len(players)} in all" + (
            " · room locked" if state.locked else ""
        )
        head_h = max(40, ctx.px(44), text_height(ctx.text, title, w - 2 * m, ctx.px(32), True))
        head = pygame.Rect(m, m // 2, w - 2 * m, head_h)
        ctx.text.fit(
            title,
            head.width,
            head.height,
            ctx.px(32),
            12,
            bold=True,
            color=theme.accent if state.locked else theme.text,
        ).draw(surface, head, valign="middle")
        items = self._keys()
        panel = pygame.Rect(m, head.bottom + 8, w - 2 * m, self.bar_top(items) - head.bottom - 16)
        draw_panel(surface, panel, theme)
        draw_players(self, surface, panel.inflate(-2 * m, -m), players)
        self.controls(surface, items)

    def _keys(self) -> list[tuple[str, str, int]]:
        return [
            ("Back", "Esc", pygame.K_ESCAPE),
            ("Remove", "K", pygame.K_k),
            ("Rename", "R", pygame.K_r),
            ("Extra time", "X", pygame.K_x),
            *(
                (NEED_LABELS[need].capitalize(), pygame.key.name(k).upper(), k)
                for k, need in ACCOMMODATION_KEYS.items()
            ),
            ("Unlock room" if self.host.state.locked else "Lock room", "L", pygame.K_l),
        ]


@register("rename")
class RenameScene(_Overlay):
    """Type a new nickname for a student (Enter saves, Esc cancels)."""

    wants_text = True

    def __init__(self, ctx: AppContext, host: ClassroomHost, player_id: int, current: str) -> None:
        super().__init__(ctx, host)
        self.player_id = player_id
        self.name = current

    def enter(self) -> None:
        pygame.key.start_text_input()

    def exit(self) -> None:
        pygame.key.stop_text_input()

    def on_text(self, text: str) -> Transition | None:
        self.name = (self.name + text)[:20]
        self.ctx.invalidate()
        return None

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        if event.key == pygame.K_BACKSPACE:
            self.name = self.name[:-1]
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.host.command(s.Rename(self.player_id, self.name, self.host.now()))
            return Pop()
        elif event.key == pygame.K_ESCAPE:
            return Pop()
        self.ctx.invalidate()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        surface.fill(theme.background)
        w, h = self.size
        u = ctx.unit()
        box = pygame.Rect(
            w // 2 - int(300 * u), h // 2 - int(40 * u), int(600 * u), max(50, int(80 * u))
        )
        ctx.text.fit(
            "New nickname (Enter saves, Esc cancels)",
            w - 40,
            int(60 * u),
            ctx.px(30),
            12,
            bold=True,
            color=theme.accent,
        ).draw(
            surface,
            pygame.Rect(20, box.y - int(90 * u), w - 40, int(60 * u)),
            align="center",
            valign="middle",
        )
        draw_panel(surface, box, theme, border=theme.focus)
        draw_focus_ring(surface, box, theme)
        self.box = box
        ctx.text.fit(
            self.name or " ",
            box.width - 24,
            box.height - 10,
            ctx.px(32),
            12,
            color=theme.text,
            max_lines=1,
        ).draw(surface, box.inflate(-24, -10), valign="middle")
        self.draw_save_banner(surface)
