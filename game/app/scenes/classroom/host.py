"""What every projector screen of a live session shares: `HostScene` pumps the session each
frame, redraws on its events (a burst of answer counts at most every COUNTS_EVERY_S), moves
to the screen for where the session is, and draws the ranking, footer, controls and the
save banner. It registers no screen, so any classroom screen may build on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from game.app.scene import Push, Replace, Scene, Transition, new_scene, scene_class
from game.app.widgets import Button, draw_button, draw_panel, focus_ring_rect
from game.core import session as s

if TYPE_CHECKING:
    from game.app.context import AppContext
    from game.core.ports import ClassroomHost


# A burst of answers or joins (a count changing) redraws the projector at most this often;
# anything else that happens redraws it at once.
COUNTS_EVERY_S = 0.1
_COUNTS_ONLY = (s.AnswerAccepted, s.Joined, s.Left)


def _scene_for_state(ctx: AppContext, host: ClassroomHost) -> Scene:
    phase = host.state.phase
    if phase is s.SessionPhase.LOBBY:
        return new_scene("lobby", ctx, host)
    if phase is s.SessionPhase.QUESTION:
        return new_scene("host-question", ctx, host)
    if phase is s.SessionPhase.REVEAL and host.state.results:
        return new_scene("host-reveal", ctx, host, host.state.results[-1])
    return new_scene("podium", ctx, host)


class HostScene(Scene):
    """Shared by the live screens: pumps the session every frame, ends it on Esc."""

    honours_text_floor = False  # projected for the room: the text fits the screen instead

    def __init__(self, ctx: AppContext, host: ClassroomHost) -> None:
        super().__init__(ctx)
        self.host = host
        self.shows = (host.state.phase, host.state.index)  # what this screen was made for
        self._counts_drawn_at = float("-inf")
        self._counts_stale = False
        self._problem: str | None = None

    def animating(self) -> bool:
        return True  # the network keeps talking; the screen redraws only on events

    def update(self, now: float) -> Transition | None:
        events = self.host.pump()
        problem = getattr(self.host, "save_problem", None)
        if problem != self._problem:  # the banner comes or goes at once
            self._problem = problem
            self.ctx.invalidate()
        # 2,000 students answering at once change the count in every frame: redrawing the whole
        # projector 60 times a second for it would leave no time for anything else.
        if any(not isinstance(e, _COUNTS_ONLY) for e in events):
            self.ctx.invalidate()
        elif events:
            self._counts_stale = True
        if self._counts_stale and not 0 <= now - self._counts_drawn_at < COUNTS_EVERY_S:
            self._counts_drawn_at = now
            self._counts_stale = False
            self.ctx.invalidate()
        return self.on_session_events(events)

    def on_session_events(self, events: list[Any]) -> Transition | None:
        if any(isinstance(e, s.Finished) for e in events):
            self.ctx.play("round_end")
            return Replace.named("podium", self.ctx, self.host)
        if any(isinstance(e, s.Reopened) for e in events):
            return Replace(_scene_for_state(self.ctx, self.host))
        for event in events:
            if isinstance(event, s.Revealed):
                self.ctx.play("select")
                return Replace.named("host-reveal", self.ctx, self.host, event.result)
            if isinstance(event, s.QuestionOpened):
                return Replace.named("host-question", self.ctx, self.host)
            if isinstance(event, s.Finished):
                self.ctx.play("round_end")
                return Replace.named("podium", self.ctx, self.host)
        return None

    def end_session(self) -> Transition | None:
        """Esc: ask first (one key must not end the class for everyone)."""
        return Push.named("confirm-end", self.ctx, self.host)

    def resume(self, result: object) -> Transition | None:
        """Back from an overlay: the end confirmation, or the players or rename overlay during
        which the session may have moved on (then show the screen for where it is now)."""
        if result == "end":
            events = self.host.command(s.End(self.host.now()))
            return self.on_session_events(events) or Replace.named("podium", self.ctx, self.host)
        if isinstance(result, tuple) and result[0] == "events":
            return self.on_session_events(result[1])
        if (self.host.state.phase, self.host.state.index) != self.shows and isinstance(
            self, (scene_class("lobby"), scene_class("host-question"), scene_class("host-reveal"))
        ):
            return Replace(_scene_for_state(self.ctx, self.host))
        return None

    def draw_save_banner(self, surface: pygame.Surface) -> None:
        """While the session can't be saved: a banner across the top of the projector."""
        problem = self.host.save_problem
        if not problem:
            return
        ctx, theme = self.ctx, self.ctx.theme
        w, h = self.size
        u = ctx.unit()
        why = "the disk is full" if "full" in problem.lower() else "the save file can't be written"
        text = getattr(self.host, "stopped", None) or (  # the session's process is gone
            f"Not saving: {why}. The class goes on, and each answer is confirmed to its "
            "student once it is saved. Free some space: saving is retried every second."
        )
        rect = pygame.Rect(int(12 * u), int(8 * u), w - int(24 * u), max(int(h * 0.2), 60))
        draw_panel(surface, rect, theme, border=theme.wrong, width=max(4, int(5 * u)))
        inner = rect.inflate(-int(28 * u), -int(16 * u))
        ctx.text.fit(
            text, inner.width, inner.height, ctx.px(26), 11, bold=True, color=theme.text
        ).draw(surface, inner, valign="middle")

    def draw_ranking(
        self,
        surface: pygame.Surface,
        title: str,
        players: list[tuple[int, Any]],
        medals: bool,
        share: float = 1.0,
    ) -> None:
        """A title and one row per (shared rank, player) with rank, nickname and score (gold,
        silver and bronze rows on the podium; tied students share a place and its colour)."""
        ctx, theme = self.ctx, self.ctx.theme
        w, h = self.size
        u = ctx.unit()
        surface.fill(theme.background)
        head = pygame.Rect(0, int(16 * u), w, int(70 * u))
        ctx.text.fit(
            title, w - 40, head.height, ctx.px(44), 14, bold=True, color=theme.accent
        ).draw(surface, head, align="center", valign="middle")
        box = pygame.Rect(
            w // 8,
            head.bottom + int(16 * u),
            w * 3 // 4,
            h - head.bottom - int(16 * u) - max(40, ctx.px(34)) - int(10 * u),
        )
        box.height = int(box.height * share) if share < 1 else box.height
        if share < 1:
            box.height = int(h * 0.6) - box.y
        if not players:
            ctx.text.fit(
                "Nobody joined this session.", box.width, 60, ctx.px(28), 12, color=theme.muted
            ).draw(surface, box, align="center")
            return
        row_h = min(box.height // len(players), int((80 if medals else 64) * u))
        for i, (rank, player) in enumerate(players):
            inset = min(rank - 1, 3) * int(10 * u) if medals else 0
            row = pygame.Rect(box.x + inset, box.y + i * row_h, box.width - 2 * inset, row_h - 6)
            fill = (
                (theme.accent, theme.panel_border, theme.partial)[rank - 1]
                if medals and rank <= 3
                else None
            )
            draw_button(
                surface,
                ctx.text,
                theme,
                row,
                player.nickname,
                key=str(rank),
                fill=fill,
                max_px=ctx.px(32 if medals else 26),
                bold=medals,
                mark=f"{player.score:,}",
            )

    def footer(self, surface: pygame.Surface, text: str) -> None:
        ctx = self.ctx
        rect = pygame.Rect(
            int(24 * ctx.unit()),
            self.size[1] - max(30, ctx.px(28)),
            self.size[0] - int(48 * ctx.unit()),
            max(26, ctx.px(24)),
        )
        ctx.text.fit(
            text, rect.width, rect.height, ctx.px(18), 10, color=ctx.theme.muted, max_lines=2
        ).draw(surface, rect, align="center", valign="middle")

    def controls(
        self, surface: pygame.Surface, items: list[tuple[str, str, int]], note: str = ""
    ) -> None:
        """The teacher's controls as a row of buttons (label, key name, key): a click does
        what the key does. The arrows don't move between them: the keyboard focus is the
        button Enter presses, and it carries the ring."""
        ctx = self.ctx
        u = ctx.unit()
        height = max(30, ctx.px(28))
        _, ring, halo = focus_ring_rect(pygame.Rect(0, 0, 1, 1), self.size)
        y = self.size[1] - height - max(int(4 * u), ring + halo + 2)  # the ring fits below
        x = int(24 * u)
        width = self.size[0] - 2 * x
        note_w = width // 4 if note else 0
        if note:
            ctx.text.fit(
                note, note_w - 8, height, ctx.px(18), 9, color=ctx.theme.muted, max_lines=2
            ).draw(surface, pygame.Rect(x, y, note_w - 8, height), valign="middle")
        gap = int(8 * u)
        each = (width - note_w - gap * (len(items) - 1)) // max(1, len(items))
        self.buttons = [
            b for b in self.buttons if not (isinstance(b.action, tuple) and b.action[0] == "key")
        ]
        for i, (label, key_name, key) in enumerate(items):
            rect = pygame.Rect(x + note_w + i * (each + gap), y, each, height)
            draw_button(
                surface,
                ctx.text,
                ctx.theme,
                rect,
                label,
                key=key_name,
                fill=ctx.theme.accent if i == 0 else None,
                focused=key == pygame.K_RETURN,
                max_px=ctx.px(18),
                min_px=9,
                bold=i == 0,
            )
            self.buttons.append(Button(rect, ("key", key), label))
        self.draw_save_banner(surface)  # the controls are drawn last: the banner goes on top

    def activate(self, action: object) -> Transition | None:
        if isinstance(action, tuple) and action[0] == "key":
            return self.on_key(pygame.event.Event(pygame.KEYDOWN, key=action[1], mod=0))
        return None
