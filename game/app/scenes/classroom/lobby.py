"""The lobby on the projector: the join address, QR code and code, and the students
arriving, whom the teacher can remove, rename, give extra time or lock out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pygame

from game.app.scene import Pop, Replace, Scene, Transition, new_scene, register
from game.app.scenes.classroom.ahead import next_question
from game.app.scenes.classroom.host import HostScene
from game.app.scenes.classroom.moderation import (
    draw_players,
    grid_page,
    grid_shape,
    keep_up,
    moderate,
    players_in_order,
)
from game.app.widgets import (
    Button,
    button_width,
    draw_button,
    draw_panel,
    focus_ring_rect,
    min_button_height,
    text_height,
)
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

    def catch_up(self) -> bool:
        self.apply_text_floor()
        pad = int(18 * self.ctx.unit())
        return keep_up(self, self.players(), grid_shape(self.ctx, self.right.width - 2 * pad)[2])

    def ahead(self) -> list[Callable[[], Scene]]:
        """The first question, while the class joins."""
        upcoming = next_question(self.host, 0)
        return [] if upcoming is None else [lambda: new_scene("host-question", self.ctx, upcoming)]

    def _guessing_note(self) -> str:
        count = getattr(self.host, "wrong_codes_recent", lambda: 0)()
        if not count:
            return ""
        return f"{count} wrong join code{'s' if count != 1 else ''} in the last minute"

    def players(self) -> list[Any]:
        return players_in_order(self)

    _FOOTERS = (
        "Room locked: no new players; students who were in can rejoin. L unlocks.",
        "No student data leaves this room: names and answers stay on this computer.",
    )

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        w, h = size
        ctx = self.ctx
        u = ctx.unit()
        m = int(28 * u)
        footer_h = max(30, ctx.px(28), max(self.footer_height(f) for f in self._FOOTERS) + 6)
        self.left = pygame.Rect(m, m, int(w * 0.42), h - 2 * m - footer_h + int(8 * u))
        button_h = max(44, int(58 * u), min_button_height(ctx.text))
        self.right = pygame.Rect(
            self.left.right + m,
            m,
            w - self.left.right - 2 * m,
            self.left.height - max(50, int(70 * u), button_h + int(12 * u)),
        )
        self.start_rect = pygame.Rect(
            self.right.x,
            self.right.bottom + int(12 * u),
            self.right.width // 2 - 6,
            button_h,
        )
        self.end_rect = pygame.Rect(
            self.start_rect.right + 12,
            self.start_rect.y,
            self.right.width - self.start_rect.width - 12,
            self.start_rect.height,
        )
        self.end_label = "End session"
        if button_width(ctx.text, self.end_label, button_h, key="Esc") > self.end_rect.width:
            self.end_label = "End"  # large text in a small window
        stacked = any(
            button_width(ctx.text, label, button_h, key=key, bold=True) > self.end_rect.width
            for label, key in (("Start", "Enter"), (self.end_label, "Esc"))
        )
        if stacked:  # large text in a small window: the buttons one above the other
            self.start_rect = pygame.Rect(
                self.right.x, self.left.bottom - 2 * button_h - 8, self.right.width, button_h
            )
            self.end_rect = self.start_rect.move(0, button_h + 8)
            self.right.height = self.start_rect.y - int(12 * u) - self.right.y
        self.buttons = [
            Button(self.start_rect, "start", "Start"),
            Button(self.end_rect, "end", self.end_label),
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
            return self.command_shown(s.Start(self.host.now()))
        if action == "end":
            if self.host.state.players:  # students are waiting: ask first
                return self.end_session()
            self.host.close()
            return Pop()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        surface.fill(theme.background)
        if surface.get_clip().colliderect(self.left):  # not when only the counts are redrawn
            self._draw_join_panel(surface)
        # players
        players = self.players()
        draw_panel(surface, self.right, theme)
        keys, head, grid = self._names_plan(players)
        ctx.text.fit(
            keys,
            head.width,
            head.height,
            ctx.px(24),
            11,
            bold=True,
            changing=True,  # the count
            color=theme.accent if self.host.state.locked else theme.text,
        ).draw(surface, head, valign="middle")
        page = draw_players(self, surface, grid, players)
        self._names_shown = (bool(players), head, grid, page.shown(players))
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
            surface, ctx.text, theme, self.end_rect, self.end_label, key="Esc", max_px=ctx.px(22)
        )
        guessing = self._guessing_note()
        if guessing:  # someone may be trying join codes: the teacher sees it in the footer
            self.footer(surface, guessing, theme.wrong)
            return
        self.footer(surface, self._FOOTERS[0] if self.host.state.locked else self._FOOTERS[1])
        self.draw_save_banner(surface)

    def _draw_join_panel(self, surface: pygame.Surface) -> None:
        """How to join: the address, the QR code and the join code (everything in `left`)."""
        ctx, theme = self.ctx, self.ctx.theme
        u = ctx.unit()
        left = self.left
        draw_panel(surface, left, theme)
        pad = int(18 * u)
        inner = left.inflate(-2 * pad, -2 * pad)
        title = "Join on your phone or laptop"
        line_h = max(30, ctx.px(30), text_height(ctx.text, title, inner.width, ctx.px(28), True))
        ctx.text.fit(title, inner.width, line_h, ctx.px(28), 12, bold=True, color=theme.text).draw(
            surface, pygame.Rect(inner.x, inner.y, inner.width, line_h), align="center"
        )
        urls = self.host.join_urls
        url_h = max(30, ctx.px(30))
        if not urls:  # no network a phone could reach: say so, never advertise 127.0.0.1
            self.text_box(
                surface,
                "No network. Connect this computer to the room's Wi-Fi, then start again, or "
                "press T for Teams on one screen.",
                pygame.Rect(inner.x, inner.y + line_h + 8, inner.width, inner.height - line_h - 8),
                ctx.px(40),
                bold=True,
                color=theme.wrong,
                align="center",
                valign="middle",
            )
        else:
            url_h = max(url_h, text_height(ctx.text, urls[0], inner.width, ctx.px(30), True))
            ctx.text.fit(
                urls[0], inner.width, url_h, ctx.px(30), 12, bold=True, color=theme.accent
            ).draw(
                surface,
                pygame.Rect(inner.x, inner.y + line_h + 4, inner.width, url_h),
                align="center",
            )
        hint = f"A: other address ({len(urls)})" if len(urls) > 1 else ""
        hint_h = 0
        if hint:
            hint_h = max(line_h * 2 // 3, text_height(ctx.text, hint, inner.width, ctx.px(18)))
            ctx.text.fit(hint, inner.width, hint_h, ctx.px(18), 9, color=theme.muted).draw(
                surface,
                pygame.Rect(inner.x, inner.y + line_h + url_h + 4, inner.width, hint_h),
                align="center",
            )
        code = f"Code {self.host.join_code}"
        code_h = max(60, ctx.px(72))
        if urls:
            code_h = max(code_h, text_height(ctx.text, code, inner.width, 14, True))
        code_rect = pygame.Rect(inner.x, inner.bottom - code_h, inner.width, code_h)
        if urls:  # without a network the code is no use to anyone
            ctx.text.fit(
                code, inner.width, code_h, ctx.px(64), 14, bold=True, color=theme.text
            ).draw(surface, code_rect, align="center", valign="middle")
        qr_top = inner.y + line_h + url_h + 12 + hint_h
        qr_side = min(inner.width, code_rect.y - 12 - qr_top)
        if self.qr and urls and qr_side > 40:
            self._draw_qr(
                surface, pygame.Rect(inner.centerx - qr_side // 2, qr_top, qr_side, qr_side)
            )

    def _names_plan(self, players: list[Any]) -> tuple[str, pygame.Rect, pygame.Rect]:
        """The students' panel: its heading (the count and the keys), where that goes, and
        the grid of names under it."""
        ctx = self.ctx
        right = self.right
        pad = int(18 * ctx.unit())
        title = "Join on your phone or laptop"
        inner_w = self.left.width - 2 * pad
        line_h = max(30, ctx.px(30), text_height(ctx.text, title, inner_w, ctx.px(28), True))
        keys = (
            f"{len(players)} joined"
            + (" · room locked" if self.host.state.locked else "")
            + (
                " · arrows pick, K removes, R renames, X extra time,"
                " O read aloud, C no motion, G large text, L locks"
                if players
                else " · waiting for students… (L locks the room)"
            )
        )
        head_w = right.width - 2 * pad
        head_h = max(line_h, text_height(ctx.text, keys, head_w, ctx.px(24), True))
        one = self.line_height(ctx.px(24), True)
        if players and head_h > max(2 * one, right.height // 4):  # large text: keys' letters
            keys = keys.split(" · arrows")[0] + " · arrows, K R X O C G L"
            head_h = max(one, text_height(ctx.text, keys, head_w, ctx.px(24), True))
        head = pygame.Rect(right.x + pad, right.y + pad // 2, head_w, head_h)
        grid = pygame.Rect(
            right.x + pad,
            head.bottom + 8,
            right.width - 2 * pad,
            right.bottom - head.bottom - 8 - pad,
        )
        return keys, head, grid

    def counts_area(self) -> pygame.Rect | None:
        """Students joining or leaving: the heading's count, and the page line under the names
        while the page shown stays the same (a class filling later pages); else the whole
        panel of names (with room for the picked name's focus ring)."""
        areas = self.counts_areas()
        return None if areas is None else areas[0].unionall(areas[1:])

    def counts_areas(self) -> list[pygame.Rect] | None:
        """`counts_area` in its parts: the heading and the page line apart, so the names
        between them are not sent to the display again at every join of a big class."""
        shown = getattr(self, "_names_shown", None)
        players = self.players()
        if shown is None or shown[0] != bool(players):  # the first: Start lights up
            return None
        _, head, grid = self._names_plan(players)
        page = grid_page(self, grid, players)
        if (head, grid, page.shown(players)) == shown[1:]:
            note = pygame.Rect(grid.x, grid.bottom - page.note_h, grid.width, page.note_h)
            return [head, note] if page.pages > 1 else [head]
        _, ring, halo = focus_ring_rect(grid, self.size)
        return [self.right.inflate(4 * (ring + halo), 4 * (ring + halo))]

    def _draw_qr(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        size = len(self.qr) + 8  # quiet zone of 4 modules each side
        module = max(1, rect.width // size)
        side = module * size
        box = pygame.Rect(rect.centerx - side // 2, rect.y, side, side)
        drawn: tuple[object, int, pygame.Surface] | None = getattr(self, "_qr_drawn", None)
        if drawn is None or drawn[0] is not self.qr or drawn[1] != module:
            # drawn once per address and size, then only copied
            image = pygame.Surface((side, side))
            image.fill((255, 255, 255))
            for y, row in enumerate(self.qr):
                for x, dark in enumerate(row):
                    if dark:
                        pygame.draw.rect(
                            image, (0, 0, 0), ((x + 4) * module, (y + 4) * module, module, module)
                        )
            drawn = self._qr_drawn = (self.qr, module, image)
        surface.blit(drawn[2], box)
