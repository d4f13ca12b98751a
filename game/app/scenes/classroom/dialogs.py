"""The confirmations over a live session: end it for everyone, or put the teacher's report
(every student's name) on a screen that may be the projector. Each waits for Enter.
"""

from __future__ import annotations

import pygame

from game.app.scene import Pop, Transition, register
from game.app.scenes.classroom.confirm import REPORT_BODY, REPORT_TITLE, draw_confirm
from game.app.scenes.classroom.host import HostScene
from game.core import session as s


@register("confirm-end")
class ConfirmEndScene(HostScene):
    """End the session for everyone? Enter ends it, Esc keeps playing. The session runs on
    underneath (answers still arrive); if it moves on by itself, the question is dropped."""

    opaque = False
    title = "End the session for everyone?"
    body = (
        "Students see their final results and can't answer any more. A session ended by "
        "mistake can be reopened from the Classroom menu."
    )
    keep_label = "Keep playing"
    go_label = "End the session"
    confirmed = "end"  # what Enter hands back to the screen underneath

    def update(self, now: float) -> Transition | None:
        events = self.host.pump()
        if events:
            self.ctx.invalidate()
        moved = (s.Revealed, s.QuestionOpened, s.Finished, s.Reopened)
        if any(isinstance(e, moved) for e in events):
            return Pop(("events", events))
        return None

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            return Pop(self.confirmed)
        if event.key == pygame.K_ESCAPE:
            return Pop()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        w, h = self.size
        shade = pygame.Surface((w, h), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 170))
        surface.blit(shade, (0, 0))
        self.buttons = draw_confirm(
            surface,
            self.ctx,
            self.title,
            self.body,
            (
                (self.keep_label, "Esc", ("key", pygame.K_ESCAPE)),
                (self.go_label, "Enter", ("key", pygame.K_RETURN)),
            ),
        )
        self.draw_save_banner(surface)


@register("confirm-report")
class ConfirmReportScene(ConfirmEndScene):
    """Put the teacher's report on the projector? It names every student with their score and
    answers, so it waits for Enter; Esc goes back to the final ranking."""

    title = REPORT_TITLE
    body = REPORT_BODY
    keep_label = "Back"
    go_label = "Show the report"
    confirmed = "report"
