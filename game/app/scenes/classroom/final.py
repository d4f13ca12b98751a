"""The end of the session: the podium (top places only), or a thank-you without names when
the leaderboard is off; from here the teacher reopens it or opens the report.
"""

from __future__ import annotations

import pygame

from game.app.scene import Pop, Push, Transition, register
from game.app.scenes.classroom.host import HostScene
from game.app.scenes.common import plural
from game.core import session as s
from game.core.standings import on_the_projector, projector_note


@register("podium")
class PodiumScene(HostScene):
    def animating(self) -> bool:
        return False

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        if event.key == pygame.K_r and self.ctx.classroom is not None:
            return Push.named("confirm-report", self.ctx, self.host)  # names on the wall: ask first
        if event.key == pygame.K_o:  # ended by mistake: reopen where it stood
            return self.on_session_events(self.host.command(s.Reopen(self.host.now())))
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_ESCAPE):
            self.host.close()
            return Pop()
        return None

    def resume(self, result: object) -> Transition | None:
        if result == "report" and self.ctx.classroom is not None:
            return Push.named("report", self.ctx, self.host.session_id)
        return super().resume(result)

    def draw(self, surface: pygame.Surface) -> None:
        if self.host.config.leaderboard == "never":
            return self._draw_without_ranking(surface)
        # The top places only (5 unless the teacher chose otherwise, never the bottom half of
        # the class); every student sees their own place on their device, and the note says so.
        players = self.host.state.players
        shown = on_the_projector(players, self.host.config.podium_size)
        note = projector_note(len(shown), len(players))
        bottom = self.bar_top(self._buttons(), note)
        self.draw_ranking(surface, "Final results", shown, True, bottom)
        self.controls(surface, self._buttons(), note=note)

    def _buttons(self) -> list[tuple[str, str, int]]:
        return [
            ("Back to the menu", "Enter", pygame.K_RETURN),
            ("Teacher's report", "R", pygame.K_r),
            ("Reopen", "O", pygame.K_o),
        ]

    def _draw_without_ranking(self, surface: pygame.Surface) -> None:
        """The leaderboard is set to "never": the end shows no names, scores or places."""
        ctx, theme = self.ctx, self.ctx.theme
        w, h = self.size
        u = ctx.unit()
        surface.fill(theme.background)
        st = self.host.state
        asked = sum(not r.skipped for r in st.results)
        head = pygame.Rect(int(24 * u), int(h * 0.2), w - int(48 * u), int(h * 0.2))
        ctx.text.fit(
            "Thank you, everyone!",
            head.width,
            head.height,
            ctx.px(56),
            16,
            bold=True,
            color=theme.accent,
        ).draw(surface, head, align="center", valign="middle")
        body = pygame.Rect(head.x, head.bottom, head.width, int(h * 0.25))
        ctx.text.fit(
            f"{plural(len(st.players), 'student')} answered {plural(asked, 'question')}. "
            "Each student sees "
            "their own score on their device; the teacher's report has the details.",
            body.width,
            body.height,
            ctx.px(28),
            12,
            color=theme.text,
        ).draw(surface, body, align="center", valign="middle")
        self.controls(surface, self._buttons())
