"""The lobby on the projector: the join address, QR code and code, and the students
arriving, whom the teacher can remove, rename, give extra time or lock out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from game.app.scene import Pop, Replace, Transition, register
from game.app.scenes.classroom.host import HostScene
from game.app.scenes.classroom.moderation import draw_players, moderate
from game.app.widgets import Button, draw_button, draw_panel
from game.core import session as s

if TYPE_CHECKING:
    from game.app.context import AppContext
    from game.core.ports import ClassroomHost


@register("lobby")
class LobbyScene(HostScene):
    def __init__(self, ctx: AppContext, host: ClassroomHost) -> None:
        super().__init__(ctx, host)
        self.selected = 0
        self.qr = ctx.classroom.qr_matrix(self._join_link()) if ctx.classroom else []
        self._shown_note = ""

    def _join_link(self) -> str:
        url = self.host.join_urls[0] if self.host.join_urls else ""
        return f"{url}?code={self.host.join_code}"

    def _next_address(self) -> None:
        """A: the lobby and the QR code show the next of this computer's addresses."""
        step = getattr(self.host, "next_address", None)  # live sessions only
        if step is not None and len(self.host.join_urls) > 1:
            step()
            self.qr = self.ctx.classroom.qr_matrix(self._join_link()) if self.ctx.classroom else []

    def update(self, now: float) -> Transition | None:
        result = super().update(now)
        note = self._guessing_note()
        if note != self._shown_note:  # wrong codes are no session event: redraw for them
            self._shown_note = note
            self.ctx.invalidate()
        return result

    def _guessing_note(self) -> str:
        count = getattr(self.host, "wrong_codes_recent", lambda: 0)()
        if not count:
            return ""
        return f"{count} wrong join code{'s' if count != 1 else ''} in the last minute"

    def players(self) -> list[Any]:
        current = self.host.state.players  # sorted once per change of the players, not per draw
        memo: tuple[Any, list[Any]] | None = getattr(self, "_sorted", None)
        if memo is None or memo[0] is not current:
            memo = (current, sorted(current.values(), key=lambda p: p.id))
            self._sorted = memo
        return memo[1]

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        w, h = size
        u = self.ctx.unit()
        m = int(28 * u)
        self.left = pygame.Rect(m, m, int(w * 0.42), h - 2 * m - max(30, self.ctx.px(28)))
        self.right = pygame.Rect(
            self.left.right + m,
            m,
            w - self.left.right - 2 * m,
            self.left.height - max(50, int(70 * u)),
        )
        self.start_rect = pygame.Rect(
            self.right.x,
            self.right.bottom + int(12 * u),
            self.right.width // 2 - 6,
            max(44, int(58 * u)),
        )
        self.end_rect = pygame.Rect(
            self.start_rect.right + 12,
            self.start_rect.y,
            self.right.width - self.start_rect.width - 12,
            self.start_rect.height,
        )
        self.buttons = [
            Button(self.start_rect, "start", "Start"),
            Button(self.end_rect, "end", "End session"),
        ]

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        players = self.players()
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            return self.activate("start")
        if event.key == pygame.K_ESCAPE:
            return self.activate("end")
        if event.key == pygame.K_a:
            self._next_address()
        elif event.key == pygame.K_t and not self.host.join_urls and not players:
            self.host.close()  # no network: Teams on one screen instead
            return Replace.named("host-setup", self.ctx, teams=True)
        else:
            return moderate(self, event, players)
        self.ctx.invalidate()
        return None

    def activate(self, action: object) -> Transition | None:
        if isinstance(action, tuple):
            return super().activate(action)
        if action == "start":
            if not self.host.state.players:
                return None
            return self.on_session_events(self.host.command(s.Start(self.host.now())))
        if action == "end":
            if self.host.state.players:  # students are waiting: ask first
                return self.end_session()
            self.host.close()
            return Pop()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        surface.fill(theme.background)
        u = ctx.unit()
        left = self.left
        draw_panel(surface, left, theme)
        pad = int(18 * u)
        inner = left.inflate(-2 * pad, -2 * pad)
        line_h = max(30, ctx.px(30))
        ctx.text.fit(
            "Join on your phone or laptop",
            inner.width,
            line_h,
            ctx.px(28),
            12,
            bold=True,
            color=theme.text,
        ).draw(surface, pygame.Rect(inner.x, inner.y, inner.width, line_h), align="center")
        urls = self.host.join_urls
        if not urls:  # no network a phone could reach: say so, never advertise 127.0.0.1
            ctx.text.fit(
                "No network. Connect this computer to the room's Wi-Fi, then start again, or "
                "press T for Teams on one screen.",
                inner.width,
                inner.height - line_h - 8,
                ctx.px(40),
                14,
                bold=True,
                color=theme.wrong,
            ).draw(
                surface,
                pygame.Rect(inner.x, inner.y + line_h + 8, inner.width, inner.height - line_h - 8),
                align="center",
                valign="middle",
            )
        else:
            ctx.text.fit(
                urls[0], inner.width, line_h, ctx.px(30), 12, bold=True, color=theme.accent
            ).draw(
                surface,
                pygame.Rect(inner.x, inner.y + line_h + 4, inner.width, line_h),
                align="center",
            )
        hint = f"A: other address ({len(urls)})" if len(urls) > 1 else ""
        if hint:
            ctx.text.fit(hint, inner.width, line_h * 2 // 3, ctx.px(18), 9, color=theme.muted).draw(
                surface,
                pygame.Rect(inner.x, inner.y + 2 * line_h + 4, inner.width, line_h * 2 // 3),
                align="center",
            )
        code_h = max(60, ctx.px(72))
        code_rect = pygame.Rect(inner.x, inner.bottom - code_h, inner.width, code_h)
        if urls:  # without a network the code is no use to anyone
            ctx.text.fit(
                f"Code {self.host.join_code}",
                inner.width,
                code_h,
                ctx.px(64),
                14,
                bold=True,
                color=theme.text,
            ).draw(surface, code_rect, align="center", valign="middle")
        qr_top = inner.y + 2 * line_h + 12 + (line_h * 2 // 3 if hint else 0)
        qr_side = min(inner.width, code_rect.y - 12 - qr_top)
        if self.qr and urls and qr_side > 40:
            self._draw_qr(
                surface, pygame.Rect(inner.centerx - qr_side // 2, qr_top, qr_side, qr_side)
            )
        # players
        players = self.players()
        right = self.right
        draw_panel(surface, right, theme)
        head = pygame.Rect(right.x + pad, right.y + pad // 2, right.width - 2 * pad, line_h)
        ctx.text.fit(
            f"{len(players)} joined"
            + (" · room locked" if self.host.state.locked else "")
            + (
                " · arrows pick, K removes, R renames, X extra time,"
                " O read aloud, C no motion, G large text, L locks"
                if players
                else " · waiting for students… (L locks the room)"
            ),
            head.width,
            head.height,
            ctx.px(24),
            11,
            bold=True,
            color=theme.accent if self.host.state.locked else theme.text,
        ).draw(surface, head, valign="middle")
        grid = pygame.Rect(
            right.x + pad,
            head.bottom + 8,
            right.width - 2 * pad,
            right.bottom - head.bottom - 8 - pad,
        )
        draw_players(self, surface, grid, players)
        draw_button(
            surface,
            ctx.text,
            theme,
            self.start_rect,
            "Start",
            key="Enter",
            fill=theme.accent if players else None,
            bold=True,
            max_px=ctx.px(24),
        )
        draw_button(
            surface, ctx.text, theme, self.end_rect, "End session", key="Esc", max_px=ctx.px(22)
        )
        guessing = self._guessing_note()
        if guessing:  # someone may be trying join codes: the teacher sees it in the footer
            box = pygame.Rect(
                int(24 * u),
                self.size[1] - max(30, ctx.px(28)),
                self.size[0] - int(48 * u),
                max(26, ctx.px(24)),
            )
            ctx.text.fit(
                guessing, box.width, box.height, ctx.px(22), 10, bold=True, color=theme.wrong
            ).draw(surface, box, align="center", valign="middle")
            return
        self.footer(
            surface,
            "Room locked: no new players; students who were in can rejoin. L unlocks."
            if self.host.state.locked
            else "No student data leaves this room: names and answers stay on this computer.",
        )
        self.draw_save_banner(surface)

    def _draw_qr(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        size = len(self.qr) + 8  # quiet zone of 4 modules each side
        module = max(1, rect.width // size)
        side = module * size
        box = pygame.Rect(rect.centerx - side // 2, rect.y, side, side)
        pygame.draw.rect(surface, (255, 255, 255), box)
        for y, row in enumerate(self.qr):
            for x, dark in enumerate(row):
                if dark:
                    pygame.draw.rect(
                        surface,
                        (0, 0, 0),
                        (box.x + (x + 4) * module, box.y + (y + 4) * module, module, module),
                    )
