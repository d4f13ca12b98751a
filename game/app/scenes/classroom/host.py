"""What every projector screen of a live session shares: `HostScene` pumps the session each
frame, redraws on its events (a burst of answer counts at most every COUNTS_EVERY_S), moves
to the screen for where the session is, and draws the ranking, footer, controls and the
save banner. It registers no screen, so any classroom screen may build on it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pygame

from game.app.scene import Push, Replace, Scene, Transition, new_scene, scene_class
from game.app.scenes.classroom.ahead import lay_out_ahead
from game.app.text import FLOORS_AT_1080P
from game.app.theme import Color
from game.app.widgets import (
    Button,
    draw_button,
    draw_panel,
    draw_text_page,
    focus_ring_rect,
    key_bar_rows,
    min_button_height,
    shows,
    text_height,
)
from game.core import session as s
from game.core.paced import PacedConfig

if TYPE_CHECKING:
    from game.app.context import AppContext
    from game.core.ports import ClassroomHost


# A burst of answers or joins (a count changing) redraws the projector at most this often, and
# only the part that shows the counts where the screen has one (`counts_area`); anything else
# that happens redraws it whole at once.
COUNTS_EVERY_S = 0.1
# A screen lays out the next ones ahead (`idle`) only once it has been up this long: a
# question's first moments are the network's busiest (the question going out to every phone,
# the quickest answers coming back), and work ahead then takes the GIL from the server's thread.
# With 2,000 students answering within a second, deferring it cut the acknowledgements waiting
# over 5 ms by a fifth (bench/classroom_load.py --mode burst, three alternating runs each).
AHEAD_AFTER_S = 0.3
_COUNTS_ONLY = (s.AnswerAccepted, s.Joined, s.Left)


def _told_a_student(event: object) -> bool:
    """A refusal addressed to one student's page, which the projector does not show."""
    return isinstance(event, s.Rejected) and (
        event.player_id is not None or event.token is not None
    )


def _scene_for_state(ctx: AppContext, host: ClassroomHost) -> Scene:
    if isinstance(host.config, PacedConfig):  # a student-paced session
        return new_scene("progress-grid", ctx, host)
    phase = host.state.phase
    if phase is s.SessionPhase.LOBBY:
        return new_scene("lobby", ctx, host)
    if phase is s.SessionPhase.QUESTION:
        return new_scene("host-question", ctx, host)
    if phase is s.SessionPhase.REVEAL and host.state.results:
        return new_scene("host-reveal", ctx, host, host.state.results[-1])
    return new_scene("podium", ctx, host)


class HostScene(Scene):
    """Shared by the live screens: pumps the session every frame, ends it on Esc.

    The chosen text size's floor binds these screens too. What does not fit at the floor is
    paged, never shrunk: a text box draws one page of its lines (`text_box`), the key bar shows
    "More 1/2" (PgDn, or a click) while there is more, and the bar wraps onto a second row when
    its keys don't fit one."""

    def __init__(self, ctx: AppContext, host: ClassroomHost) -> None:
        super().__init__(ctx)
        self.host = host
        self.shows = (host.state.phase, host.state.index)  # what this screen was made for
        self._counts_drawn_at = float("-inf")
        self._counts_stale = False
        self._problem: str | None = None
        self.page = 0  # which page of text that does not fit is shown (PgDn, PgUp)
        self.pages = 1  # how many there were when last drawn
        self._pages_now = 1
        self._ahead_next = 0  # how many of the next screens (`ahead`) are laid out
        self.ahead_done = False  # all of them
        self._first_update: float | None = None  # when this screen's first frame ran
        self._now = 0.0  # the last frame's time (ctx.now)

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if (
            event.type == pygame.KEYDOWN
            and event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP)
            and self.pages > 1
        ):
            step = 1 if event.key == pygame.K_PAGEDOWN else -1
            if not self.scroll_passage(step):  # a passage shown scrolls through first
                self.page = (self.page + step) % self.pages
            self.ctx.invalidate()
            return None
        return super().handle(event)

    def scroll_passage(self, step: int) -> bool:
        """Page Down/Up on a screen showing a document's passage: scroll it while it has more
        that way; True if it moved (then the key does not turn the screen's page)."""
        passage = getattr(self, "passage", None)
        if passage is None or not getattr(self, "passage_shown", False):
            return False
        return bool(passage.scroll(step * passage.page()))

    def animating(self) -> bool:
        return True  # the network keeps talking; the screen redraws only on events

    def update(self, now: float) -> Transition | None:
        self._now = now
        if self._first_update is None:
            self._first_update = now
        events = self.host.pump()
        problem = getattr(self.host, "save_problem", None)
        if problem != self._problem:  # the banner comes or goes at once
            self._problem = problem
            self.ctx.invalidate()
        # 2,000 students answering at once change the count in every frame: redrawing the whole
        # projector 60 times a second for it would leave no time for anything else.
        # What is refused to a student (a late or malformed answer, a flood of them) changes
        # nothing on the projector: it never costs a redraw.
        events_shown = [e for e in events if not _told_a_student(e)]
        if any(not isinstance(e, _COUNTS_ONLY) for e in events_shown):
            self.ctx.invalidate()
        elif events_shown:
            self._counts_stale = True
        if self.catch_up():
            self._counts_stale = True
        if self._counts_stale and not 0 <= now - self._counts_drawn_at < COUNTS_EVERY_S:
            self._counts_drawn_at = now
            self._counts_stale = False
            self.redraw_counts()
        return self.on_session_events(events)

    def catch_up(self) -> bool:
        """A frame's work on what came in (the lobby measures the names that joined), after
        the session's news and before anything is redrawn: what a redraw of only the counts
        leaves out is decided on what this frame shows. True: the counts' redraw has more to
        show (names taken in over several frames)."""
        return False

    def ahead(self) -> list[Callable[[], Scene]]:
        """The screens that may come next (made on the live session's stand-ins of
        game/app/scenes/classroom/ahead.py), to lay out ahead while this one waits."""
        return []

    def idle(self, deadline: float) -> None:
        """Lay out the next screens (`ahead`) in what is left of the frame, until `deadline`."""
        if self.ahead_done or not self.up_for(AHEAD_AFTER_S):
            return
        makers = self.ahead()
        text = self.ctx.text
        text.lay_out_until(deadline)
        try:
            while self._ahead_next < len(makers):
                if not lay_out_ahead(self.ctx, makers[self._ahead_next], self.size):
                    return  # out of time: on from here in the next frame
                self._ahead_next += 1
            self.ahead_done = True
        finally:
            text.lay_out_until(None)
            self.apply_text_floor()

    def up_for(self, seconds: float) -> bool:
        """Whether this screen's frames have run for `seconds` already."""
        return self._first_update is not None and self._now - self._first_update >= seconds

    def counts_area(self) -> pygame.Rect | None:
        """The part of this screen that shows what only counts change (how many answered or
        joined, the countdown): what is redrawn when only they changed (an empty rectangle:
        nothing shown here depends on them). None, the default: the whole screen."""
        return None

    def counts_areas(self) -> list[pygame.Rect] | None:
        """`counts_area` as the separate parts that change (a screen whose counts sit apart,
        like the lobby's heading and page line, says so: only they are sent to the display)."""
        area = self.counts_area()
        return None if area is None else [area]

    def redraw_counts(self) -> None:
        """Redraw what shows the counts: only their areas where the screen has them (never
        while the save banner covers the top of the screen)."""
        areas = None if self._problem else self.counts_areas()
        if areas is None:
            self.ctx.invalidate()
            return
        for area in areas:
            if area.width and area.height:
                self.ctx.invalidate_area(area)

    def command_shown(self, command: s.SessionCommand) -> Transition | None:
        """A key that brings the class a new screen (Start, Next, Reveal): the class hears of
        it once the projector has drawn the screen it leads to, at the end of this frame."""
        events = self.host.command_shown(command)
        self.ctx.after_frame(self.host.frame_shown)
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

    def text_box(
        self,
        surface: pygame.Surface,
        text: str,
        rect: pygame.Rect,
        max_px: int,
        *,
        bold: bool = False,
        color: Color | None = None,
        align: str = "left",
        valign: str = "top",
    ) -> None:
        """Text at the largest size that fits `rect`, paged at the floor when even that is too
        big (the page the key bar's "More" shows)."""
        pages = draw_text_page(
            surface,
            self.ctx.text,
            text,
            rect,
            max_px,
            self.page,
            bold=bold,
            color=color or self.ctx.theme.text,
            align=align,
            valign=valign,
        )
        self._pages_now = max(self._pages_now, pages)

    def line_height(self, px: int, bold: bool = False) -> int:
        """The height of one line at `px`, raised to the text floor."""
        return int(self.ctx.fonts.font(max(px, self.ctx.text.floor), bold).get_linesize())

    def bar_row_height(self) -> int:
        return max(30, self.ctx.px(28), min_button_height(self.ctx.text))

    pages_text = True  # long text may need the "More 1/2" (PgDn) pager: keep room for it

    def _bar_plan(self, items: list[tuple[str, str, int]], note: str) -> tuple[int, int, int, int]:
        """(x, width, note width, rows) of the key bar."""
        u = self.ctx.unit()
        x = int(24 * u)
        width = self.size[0] - 2 * x
        note_w = width // 4 if note else 0
        gap = int(8 * u)
        labels = [(label, key_name, i == 0) for i, (label, key_name, _) in enumerate(items)]
        if self.pages_text and not any(k == pygame.K_PAGEDOWN for _, _, k in items):
            labels.append(("More 9/9", "PgDn", False))  # room for the pager whenever it shows
        rows = key_bar_rows(self.ctx.text, labels, width - note_w, gap, self.bar_row_height())
        return x, width, note_w, rows

    def bar_top(self, items: list[tuple[str, str, int]], note: str = "") -> int:
        """Where the key bar (`controls`) begins: content goes above it."""
        _, _, _, rows = self._bar_plan(items, note)
        _, ring, halo = focus_ring_rect(pygame.Rect(0, 0, 1, 1), self.size)
        gap = int(8 * self.ctx.unit())
        bottom = self.size[1] - max(int(4 * self.ctx.unit()), ring + halo + 2)
        return bottom - rows * self.bar_row_height() - (rows - 1) * gap

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
        width = w - int(24 * u)
        need = text_height(ctx.text, text, width - int(28 * u), ctx.px(26), True)
        rect = pygame.Rect(
            int(12 * u), int(8 * u), width, min(h, max(int(h * 0.2), 60, need + int(16 * u)))
        )
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
        bottom: int,
    ) -> None:
        """A title and one row per (shared rank, player) with rank, nickname and score (gold,
        silver and bronze rows on the podium; tied students share a place and its colour).
        Rows that don't fit above `bottom` at the text size go on further pages."""
        ctx, theme = self.ctx, self.ctx.theme
        w, h = self.size
        u = ctx.unit()
        surface.fill(theme.background)
        head_h = max(int(70 * u), text_height(ctx.text, title, w - 40, ctx.px(44), True))
        head = pygame.Rect(0, int(16 * u), w, head_h)
        ctx.text.fit(
            title, w - 40, head.height, ctx.px(44), 14, bold=True, color=theme.accent
        ).draw(surface, head, align="center", valign="middle")
        box = pygame.Rect(
            w // 8, head.bottom + int(16 * u), w * 3 // 4, bottom - head.bottom - int(26 * u)
        )
        if ctx.text.floor > FLOORS_AT_1080P["medium"]:  # large text: the whole width
            box = pygame.Rect(int(24 * u), box.y, w - int(48 * u), box.height)
        if not players:
            self.text_box(
                surface,
                "Nobody joined this session.",
                box,
                ctx.px(28),
                color=theme.muted,
                align="center",
            )
            return
        least = min_button_height(ctx.text, 1) + 6
        row_h = max(least, min(box.height // len(players), int((80 if medals else 64) * u)))
        per = max(1, box.height // row_h)
        pages = -(-len(players) // per)
        self._pages_now = max(self._pages_now, pages)
        first = min(self.page, pages - 1) * per
        for i, (rank, player) in enumerate(players[first : first + per]):
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

    def footer_height(self, text: str) -> int:
        ctx = self.ctx
        width = self.size[0] - int(48 * ctx.unit())
        return max(26, ctx.px(24), text_height(ctx.text, text, width, ctx.px(18)))

    def footer(self, surface: pygame.Surface, text: str, color: Color | None = None) -> None:
        """A line (two if need be) along the bottom of the screen."""
        ctx = self.ctx
        height = self.footer_height(text)
        rect = pygame.Rect(
            int(24 * ctx.unit()),
            self.size[1] - height - 4,
            self.size[0] - int(48 * ctx.unit()),
            height,
        )
        ctx.text.fit(
            text, rect.width, rect.height, ctx.px(18), 10, color=color or ctx.theme.muted
        ).draw(surface, rect, align="center", valign="middle")

    def controls(
        self, surface: pygame.Surface, items: list[tuple[str, str, int]], note: str = ""
    ) -> None:
        """The teacher's controls as a row of buttons (label, key name, key): a click does
        what the key does. The arrows don't move between them: the keyboard focus is the
        button Enter presses, and it carries the ring. Keys that don't fit one row at the
        text size wrap onto a second; "More 1/2" (PgDn) pages text that did not fit."""
        ctx = self.ctx
        u = ctx.unit()
        self.pages = self._pages_now
        self._pages_now = 1
        self.page = min(self.page, self.pages - 1)
        if self.pages > 1:
            items = [*items, (f"More {self.page + 1}/{self.pages}", "PgDn", pygame.K_PAGEDOWN)]
        x, width, note_w, rows = self._bar_plan(items, note)
        height = self.bar_row_height()
        gap = int(8 * u)
        y = self.bar_top(items, note)
        if note:
            ctx.text.fit(
                note, note_w - 8, height * rows, ctx.px(18), 9, color=ctx.theme.muted
            ).draw(surface, pygame.Rect(x, y, note_w - 8, height * rows), valign="middle")
        per = -(-len(items) // rows)
        each = (width - note_w - gap * (per - 1)) // max(1, per)
        self.buttons = [
            b for b in self.buttons if not (isinstance(b.action, tuple) and b.action[0] == "key")
        ]
        for i, (label, key_name, key) in enumerate(items):
            row, col = divmod(i, per)
            rect = pygame.Rect(
                x + note_w + col * (each + gap), y + row * (height + gap), each, height
            )
            self.buttons.append(Button(rect, ("key", key), label))
            if not shows(surface, rect):  # a redraw of the counts only: not down here
                continue
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
        self.draw_save_banner(surface)  # the controls are drawn last: the banner goes on top

    def activate(self, action: object) -> Transition | None:
        if isinstance(action, tuple) and action[0] == "key":
            if action[1] in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
                return self.handle(pygame.event.Event(pygame.KEYDOWN, key=action[1], mod=0))
            return self.on_key(pygame.event.Event(pygame.KEYDOWN, key=action[1], mod=0))
        return None
