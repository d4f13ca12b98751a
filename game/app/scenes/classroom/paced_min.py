"""The host's screen for a student-paced session, kept minimal: where students join (address
and code), how many have joined and how many are done, when it closes, and Esc to end it (the
same end-confirmation as live sessions). The progress grid (students × questions, with the
teacher's controls) replaces it; this screen only keeps the session running and visible.

It reads everything from the session's immutable state (game.services.classroom.paced_runtime,
through its PacedHost protocol) and pumps it once per frame.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import pygame

from game.app.scene import Pop, Scene, Transition, register
from game.app.scenes.classroom.confirm import draw_confirm
from game.app.scenes.common import plural
from game.app.widgets import Button
from game.core import paced as p

if TYPE_CHECKING:
    from game.app.context import AppContext


def status_line(state: p.PacedState) -> str:
    """ "N students · M done" (removed students not counted)."""
    present = [s for s in state.students.values() if not s.kicked]
    done = sum(s.finished for s in present)
    return f"{plural(len(present), 'student')} \u00b7 {done} done"


def closes_line(state: p.PacedState) -> str:
    if state.phase is p.PacedPhase.FINISHED:
        return "The session has ended." if state.ended_by == "teacher" else "The session closed."
    if state.closes_at is None:
        return "Open until you end it."
    return "Closes " + datetime.fromtimestamp(state.closes_at).strftime("%A %d %B, %H:%M") + "."


@register("classroom.paced_host_min")
class PacedHostMinScene(Scene):
    def __init__(self, ctx: AppContext, host: Any) -> None:
        super().__init__(ctx)
        self.host = host  # a PacedHost
        self.confirming = False
        self._shown = ""

    def animating(self) -> bool:
        return True  # the session is pumped every frame

    def update(self, now: float) -> Transition | None:
        self.host.pump()
        shown = status_line(self.host.state) + closes_line(self.host.state)
        if shown != self._shown:
            self._shown = shown
            self.ctx.invalidate()
        return None

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        finished = self.host.state.phase is p.PacedPhase.FINISHED
        if self.confirming:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                return self.activate("end")
            if event.key == pygame.K_ESCAPE:
                return self.activate("keep")
            return None
        if event.key == pygame.K_ESCAPE or (finished and event.key == pygame.K_RETURN):
            return self.activate("leave" if finished else "ask")
        return None

    def activate(self, action: object) -> Transition | None:
        if action == "ask":
            self.confirming = True
        elif action == "keep":
            self.confirming = False
        elif action == "end":
            self.confirming = False
            self.host.command(p.End(self.host.now()))
        elif action == "leave":
            self.host.close()
            return Pop()
        self.ctx.invalidate()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        w, h = surface.get_size()
        u = ctx.unit()
        surface.fill(theme.background)
        state = self.host.state
        margin = int(24 * u)
        rows = [
            ("Student-paced session", ctx.px(44), True, theme.accent, 0.16),
            (
                f"Join at {self.host.join_url or 'this computer'}",
                ctx.px(34),
                True,
                theme.text,
                0.16,
            ),
            (f"Code {self.host.join_code}", ctx.px(60), True, theme.text, 0.2),
            (status_line(state), ctx.px(40), True, theme.text, 0.14),
            (closes_line(state), ctx.px(28), False, theme.text, 0.1),
        ]
        top = int(h * 0.06)
        for text, size, bold, color, share in rows:
            rect = pygame.Rect(margin, top, w - 2 * margin, int(h * share))
            ctx.text.fit(text, rect.width, rect.height, size, 12, bold=bold, color=color).draw(
                surface, rect, align="center", valign="middle"
            )
            top = rect.bottom
        finished = state.phase is p.PacedPhase.FINISHED
        hint = "Enter or Esc: back to the menu" if finished else "Esc: end the session"
        rect = pygame.Rect(margin, top, w - 2 * margin, h - top - margin)
        ctx.text.fit(hint, rect.width, rect.height, ctx.px(24), 11, color=theme.text).draw(
            surface, rect, align="center", valign="middle"
        )
        self.buttons = [Button(rect, "leave" if finished else "ask", hint)]
        if self.confirming:
            self.buttons = draw_confirm(
                surface,
                ctx,
                "End the session for everyone?",
                "Students can't answer any more and see their results (their review too, if "
                "you chose that). Their answers are kept for the reports.",
                (
                    ("Keep it open", "Esc", "keep"),
                    ("End the session", "Enter", "end"),
                ),
            )
