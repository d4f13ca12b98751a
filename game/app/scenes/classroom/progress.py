"""The host's progress grid for a student-paced session: students × questions, each cell right,
partly, wrong, out of time or not yet (a shape and a colour, never colour alone), the class's
percent right per question, the join address and code, and the teacher's controls (pause, move
the closing time, remove, rename or give extra time to a student, end).

Why a screen of its own: a student-paced session has no shared question, reveal or podium, so
none of the live screens fits; the teacher watches this one for the whole session. It reads
everything from the session's state snapshot through game.core.paced_views, and builds the
grid once per change of that state (at most every REBUILD_EVERY_S while students answer, every
second in a class of 2,000; a student whose record did not change keeps their built row):
drawing shows only the rows and columns on screen, so a frame costs the same for 30 students
as for 2,000.

It opens in the **projector-safe** view (counts per question, no names), because the host's
window is usually the projector; N shows the names (and N again hides them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pygame

from game.app.scene import Pop, Push, Transition, register
from game.app.scenes.classroom.host import HostScene
from game.app.theme import Theme
from game.app.widgets import (
    Button,
    button_width,
    clip_line,
    draw_button,
    draw_focus_ring,
    draw_icon,
    draw_panel,
    text_height,
)
from game.core import paced as p
from game.core import session as s
from game.core.paced_views import CELL_WORDS, SORTS, Cell, Grid, counts_per_question, progress_grid

__all__ = ["ProgressScene", "draw_cell"]

if TYPE_CHECKING:
    from game.app.context import AppContext
    from game.services.classroom.teacher_view import PacedHost

REBUILD_EVERY_S = 0.5  # while students answer, the grid is rebuilt at most this often
EXTEND_S = 15 * 60  # C moves the closing time this much later
EXTRA_TIMES = (1.0, 1.5, 2.0)
MIN_ROWS = 6  # fewer students a page than this (large text, small window): the compact layout
SORT_WORDS = {"name": "name", "progress": "progress", "score": "score"}
# The states a projector-safe row counts, in the order they are listed.
SAFE_ORDER = (
    Cell.RIGHT,
    Cell.PARTLY,
    Cell.WRONG,
    Cell.TIMED_OUT,
    Cell.ANSWERED,
    Cell.NOW,
    Cell.NOT_YET,
)


def draw_cell(surface: pygame.Surface, rect: pygame.Rect, cell: Cell, theme: Theme) -> None:
    """One cell's state as a shape in a colour: a tick on green, a half circle on amber, a
    cross on red, an hourglass outlined in red, a dot (answered poll), a ring (on the student's
    screen now), nothing but a faint dot (not yet)."""
    side = min(rect.width, rect.height)
    box = pygame.Rect(0, 0, side, side)
    box.center = rect.center
    radius = max(2, side // 6)
    if cell in (Cell.RIGHT, Cell.PARTLY, Cell.WRONG):
        fill = {Cell.RIGHT: theme.right, Cell.PARTLY: theme.partial, Cell.WRONG: theme.wrong}[cell]
        pygame.draw.rect(surface, fill, box, border_radius=radius)
        kind = {Cell.RIGHT: "right", Cell.PARTLY: "partial", Cell.WRONG: "wrong"}[cell]
        draw_icon(surface, kind, box.inflate(-side // 4, -side // 4), theme.feedback_text)
    elif cell is Cell.TIMED_OUT:
        pygame.draw.rect(surface, theme.wrong, box, max(2, side // 10), border_radius=radius)
        inner = box.inflate(-side // 3, -side // 3)
        top = [inner.topleft, inner.topright, inner.center]
        bottom = [inner.center, inner.bottomleft, inner.bottomright]
        pygame.draw.polygon(surface, theme.wrong, top)
        pygame.draw.polygon(surface, theme.wrong, bottom)
    elif cell is Cell.ANSWERED:
        pygame.draw.circle(surface, theme.text, box.center, max(2, side // 3))
    elif cell is Cell.NOW:
        pygame.draw.circle(surface, theme.accent, box.center, max(3, side // 3), max(2, side // 10))
    else:
        pygame.draw.circle(surface, theme.muted, box.center, max(1, side // 10))


def _second_mark(surface: pygame.Surface, rect: pygame.Rect, cell: Cell, theme: Theme) -> None:
    """A second chance's outcome: a small corner triangle, filled when right, outlined else."""
    side = max(6, min(rect.width, rect.height) // 3)
    corner = [rect.topright, (rect.right - side, rect.top), (rect.right, rect.top + side)]
    if cell is Cell.RIGHT:
        pygame.draw.polygon(surface, theme.right, corner)
        pygame.draw.polygon(surface, theme.feedback_text, corner, 1)
    elif cell is not Cell.NOW:
        pygame.draw.polygon(surface, theme.wrong, corner, 2)


@dataclass(frozen=True)
class _Shows:
    """What the live screens' overlays compare (phase, index): a paced session has no index."""

    phase: object
    index: int = -1
    locked: bool = False


class _AsLiveHost:
    """The student-paced session, as the live overlays it reuses (rename, the end
    confirmation) talk to a host: their live commands become the paced engine's."""

    def __init__(self, paced: PacedHost) -> None:
        self.paced = paced

    @property
    def state(self) -> _Shows:
        return _Shows(self.paced.state.phase)

    @property
    def save_problem(self) -> str | None:
        return getattr(self.paced, "save_problem", None)

    def now(self) -> float:
        return self.paced.now()

    def pump(self) -> list[Any]:
        return []  # the grid screen pumps the session; an overlay only waits for the teacher

    def command(self, command: Any) -> list[Any]:
        if isinstance(command, s.Rename):
            return list(
                self.paced.command(p.Rename(command.player_id, command.nickname, command.now))
            )
        if isinstance(command, s.End):
            return list(self.paced.command(p.End(command.now)))
        return []


def _clock_words(seconds: float) -> str:
    seconds = max(0, int(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min" if minutes else "under a minute"


@register("progress-grid")
class ProgressScene(HostScene):
    """The teacher's view of a student-paced session (see the module docstring).

    Keys: S sorts (name, progress, score), N switches names / counts, arrows pick a student
    (Left/Right show further questions when they don't all fit), K removes, R renames, X gives
    extra time, P pauses or resumes, C moves the closing time 15 minutes later (reopening a
    session the clock closed), Esc ends (after a confirmation)."""

    pages_text = False  # the grid pages itself (arrows, PgUp/PgDn): no room for the text pager

    def __init__(self, ctx: AppContext, paced: PacedHost) -> None:
        self.paced = paced
        super().__init__(ctx, _AsLiveHost(paced))  # type: ignore[arg-type]
        self.sort = "name"
        self.projector_safe = True
        self.selected = 0
        self.column = 0  # the first question shown
        self._grid: Grid | None = None
        self._rows_memo: dict[int, Any] = {}  # student → their row, rebuilt when they change
        self._grid_for: tuple[object, str] | None = None
        self._built_at = float("-inf")
        self._counts: tuple[Any, ...] | None = None
        self._stale = False
        self._measured: dict[str, str] = {}  # name → the name as it fits its column
        self._measured_key: object = None
        self.cols_shown = 1
        self.rows_shown = 1
        self.key_pages = 1  # the key bar's pages when its keys don't fit two rows (Tab)
        self.key_page = 0
        self.legend_fits = True  # the key to the shapes fits under the grid
        self.legend_shown = False  # H: the key in the grid's place, when it does not fit
        self._legend_h = 0
        self._legend_rows = 1
        # Compact layout (see `_fits_roomy`): text at the floor, one row of keys, every key on
        # the key page (H) as a button.
        self.compact = False
        self._compact_for: object = None
        self.join_lines = 1  # the lines the join address and code take
        self._px = 0  # the grid's text size and row height, set by `draw`
        self._row_h = 0

    # -- the data ---------------------------------------------------------------------------

    def grid(self) -> Grid:
        state = self.paced.state
        key = (state, self.sort)
        if self._grid is None or self._grid_for is None or self._grid_for[1] != self.sort:
            self._rebuild(state)
        elif self._grid_for[0] is not key[0]:
            self._stale = True
        return self._grid  # type: ignore[return-value]

    def _rebuild(self, state: p.PacedState) -> None:
        self._grid = progress_grid(state, self.paced.config, self.sort, self._rows_memo)
        self._grid_for = (state, self.sort)
        self._counts = None
        self._built_at = self.paced.now()
        self._stale = False

    def counts(self) -> tuple[Any, ...]:
        if self._counts is None:
            self._counts = counts_per_question(self.grid())
        return self._counts

    def rows(self) -> tuple[Any, ...]:
        return self.grid().rows

    # -- the frame --------------------------------------------------------------------------

    def update(self, now: float) -> Transition | None:
        events = self.paced.pump()
        desk = getattr(self.paced, "teacher", None)  # the teacher link's End, in this frame
        if (
            desk is not None
            and "end" in desk.take()
            and self.paced.state.phase is p.PacedPhase.OPEN
        ):
            events += self.paced.command(p.End(self.paced.now()))
        state = self.paced.state
        problem = getattr(self.paced, "save_problem", None)
        if problem != self._problem:
            self._problem = problem
            self.ctx.invalidate()
        changed = self._grid_for is None or self._grid_for[0] is not state
        shown_now = any(not _to_a_student(e) for e in events)
        if changed or shown_now:
            # the state changed: rebuild now, or once REBUILD_EVERY_S has passed since the last
            at = self.paced.now()
            every = max(REBUILD_EVERY_S, state.joined / 2000)  # 1 s in a class of 2,000
            if self._grid is None or not 0 <= at - self._built_at < every or _big(events):
                self._rebuild(state)
                self.ctx.invalidate()
        return None

    def resume(self, result: object) -> Transition | None:
        if result == "end":
            self.paced.command(p.End(self.paced.now()))
        self._rebuild(self.paced.state)
        self.ctx.invalidate()
        return None

    # -- keys -------------------------------------------------------------------------------

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        paced, now = self.paced, self.paced.now()
        rows = self.rows()
        key = event.key
        if key == pygame.K_ESCAPE:
            if paced.state.phase is p.PacedPhase.FINISHED:
                paced.close()
                return Pop()
            return Push.named("confirm-end", self.ctx, self.host)
        if key == pygame.K_s:
            self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
            self.selected = 0
            self._rebuild(paced.state)
        elif key == pygame.K_TAB and self.key_pages > 1:
            self.key_page = (self.key_page + 1) % self.key_pages
        elif key == pygame.K_h:
            self.legend_shown = not self.legend_shown
        elif key == pygame.K_n:
            self.projector_safe = not self.projector_safe
        elif key == pygame.K_p:
            paused = paced.state.paused_at is not None
            paced.command(p.Resume(now) if paused else p.Pause(now))
        elif key == pygame.K_c:
            closes = paced.state.closes_at
            if closes is not None:
                paced.command(p.SetClosing(max(closes, now) + EXTEND_S, now))
        elif key in (pygame.K_LEFT, pygame.K_RIGHT):
            step = self.cols_shown if key == pygame.K_RIGHT else -self.cols_shown
            count = len(paced.config.question_ids)
            self.column = max(0, min(self.column + step, max(0, count - self.cols_shown)))
        elif key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP) and rows and not self.projector_safe:
            step = self.rows_shown if key == pygame.K_PAGEDOWN else -self.rows_shown
            self.selected = max(0, min(len(rows) - 1, self.selected + step))
        elif rows and not self.projector_safe:
            chosen = rows[min(self.selected, len(rows) - 1)]
            if key == pygame.K_DOWN:
                self.selected = (self.selected + 1) % len(rows)
            elif key == pygame.K_UP:
                self.selected = (self.selected - 1) % len(rows)
            elif key == pygame.K_k:
                paced.command(p.Kick(chosen.player_id, now))
                self.selected = max(0, min(self.selected, len(rows) - 2))
            elif key == pygame.K_r:
                return Push.named("rename", self.ctx, self.host, chosen.player_id, chosen.nickname)
            elif key == pygame.K_x:
                student = paced.state.students[chosen.player_id]
                extra = EXTRA_TIMES[
                    (_index(EXTRA_TIMES, student.extra_time) + 1) % len(EXTRA_TIMES)
                ]
                paced.command(p.SetExtraTime(chosen.player_id, extra, now))
        if paced.state is not (self._grid_for or (None,))[0]:
            self._rebuild(paced.state)
        self.ctx.invalidate()
        return None

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            return self.on_key(event)
        return super().handle(event)

    def activate(self, action: object) -> Transition | None:
        if isinstance(action, tuple) and action[0] == "page":  # a key on the key page (H)
            self.legend_shown = False  # back to the grid, to see what the key did
            return self.on_key(pygame.event.Event(pygame.KEYDOWN, key=action[1], mod=0))
        return super().activate(action)

    def _key_sets(
        self,
    ) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, int]], list[tuple[str, str, int]]]:
        """Every key the grid takes as (label, key name, key): the general ones, the picked
        student's (names shown) and the one that ends."""
        state = self.paced.state
        finished = state.phase is p.PacedPhase.FINISHED
        general: list[tuple[str, str, int]] = [
            (f"Sort: {SORT_WORDS[self.sort]}", "S", pygame.K_s),
            ("Show names" if self.projector_safe else "Hide names", "N", pygame.K_n),
        ]
        if not finished:
            general.append(("Resume" if state.paused_at is not None else "Pause", "P", pygame.K_p))
        if state.closes_at is not None and (not finished or state.ended_by == "closed"):
            general.append(("Closes +15 min", "C", pygame.K_c))
        student: list[tuple[str, str, int]] = []
        if not self.projector_safe and self.rows():
            student = [
                ("Remove", "K", pygame.K_k),
                ("Rename", "R", pygame.K_r),
                ("Extra time", "X", pygame.K_x),
            ]
        end = [("Close" if finished else "End", "Esc", pygame.K_ESCAPE)]
        return general, student, end

    def keys(self) -> list[tuple[str, str, int]]:
        """The key bar. When every key does not fit two rows (large text in a small window),
        Tab turns the bar's pages; in the compact layout the bar is one row (names, pause, the
        key page and end) and the key page (H) has every key as a button."""
        general, student, end = self._key_sets()
        if self.compact:
            self.key_pages = 1
            short = {pygame.K_n: "Names"}
            bar = [(short.get(k, label), name, k) for label, name, k in general]
            bar = [item for item in bar if item[2] in (pygame.K_n, pygame.K_p)]
            return [*bar, ("Grid" if self.legend_shown else "Keys", "H", pygame.K_h), *end]
        if not self.legend_fits:
            general.append(("Grid" if self.legend_shown else "Key", "H", pygame.K_h))
        every = general + student + end
        if self._bar_plan(every, "")[3] <= 2:
            self.key_pages = 1
            return every
        # Pages of keys that fit two rows with "More keys" and Esc; Tab turns the page.
        rest = general + student
        more = ("More keys", "Tab", pygame.K_TAB)
        pages: list[list[tuple[str, str, int]]] = []
        while rest:
            n = len(rest)
            while n > 1 and self._bar_plan(rest[:n] + [more] + end, "")[3] > 2:
                n -= 1
            pages.append(rest[:n])
            rest = rest[n:]
        self.key_pages = len(pages)
        self.key_page %= len(pages)
        label = f"More keys {self.key_page + 1}/{len(pages)}"
        return pages[self.key_page] + [(label, "Tab", pygame.K_TAB)] + end

    # -- drawing ----------------------------------------------------------------------------

    def status_line(self) -> str:
        state = self.paced.state
        grid = self.grid()
        finished = sum(1 for r in grid.rows if r.finished)
        parts = [f"{state.joined} joined", f"{state.here} here", f"{finished} finished"]
        if state.phase is p.PacedPhase.FINISHED:
            parts.insert(0, "Ended" if state.ended_by == "teacher" else "Closed")
        elif state.paused_at is not None:
            parts.insert(0, "Paused: every clock is stopped")
        if state.closes_at is not None and state.phase is p.PacedPhase.OPEN:
            parts.append(f"closes in {_clock_words(state.closes_at - self.paced.now())}")
        return " · ".join(parts)

    def _join_texts(self) -> tuple[str, str]:
        """The join line, and its short form for the compact layout."""
        url, code = self.paced.join_url, self.paced.join_code
        return f"Join at {url}  ·  code {code}", f"{url.rstrip('/')}  ·  code {code}"

    def _fits_roomy(self) -> bool:
        """Whether the roomy layout (join line and grid at their own sizes, keys on up to two
        rows with their full words) shows MIN_ROWS students a page. Else (Extra large text in a
        small window) the compact one: text at the floor, rows sized to it, one row of keys."""
        ctx = self.ctx
        state = self.paced.state
        memo: tuple[object, ...] = (self.size, ctx.text.floor, ctx.settings, self._join_texts())
        memo += (self.status_line(), self.projector_safe, state.phase)
        if memo == self._compact_for:
            return not self.compact
        u = ctx.unit()
        m = int(20 * u)
        width = self.size[0] - 2 * m
        join_h = max(
            ctx.px(34), text_height(ctx.text, self._join_texts()[0], width, ctx.px(30), True)
        )
        status_h = max(
            ctx.px(26), text_height(ctx.text, self.status_line(), width, ctx.px(22), True)
        )
        top = m // 2 + join_h + 4 + status_h + int(8 * u)
        self.compact, shown = False, self.legend_fits
        self.legend_fits = True  # as `draw` decides: the key to the shapes under the grid...
        bottom = self._legend_top(self.keys()) - int(14 * u)
        if bottom - top < 6 * self.line_height(ctx.px(20)):  # ...or H shows it
            self.legend_fits = False
            bottom = self.bar_top(self.keys()) - int(8 * u)
        self.legend_fits = shown
        row_h = max(self.line_height(ctx.px(20)) + 6, int(30 * u))
        body = bottom - top - int(12 * u) - 2 * row_h - 8 - self.line_height(ctx.px(18))
        roomy = body // row_h >= MIN_ROWS
        self.compact = not roomy
        self._compact_for = memo
        return roomy

    def draw(self, surface: pygame.Surface) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        self.buttons = [b for b in self.buttons if not _on_key_page(b.action)]
        surface.fill(theme.background)
        w, h = self.size
        u = ctx.unit()
        m = int(20 * u)
        width = w - 2 * m
        self.compact = not self._fits_roomy()
        join, short = self._join_texts()
        status = self.status_line()
        if self.compact:  # everything at the floor: the join line on one line if it can
            one = self.line_height(0, True)
            self.join_lines = 1
            if text_height(ctx.text, join, width, 0, True) > one:
                join = short
                self.join_lines = max(1, -(-text_height(ctx.text, join, width, 0, True) // one))
            join_h = self.join_lines * one
            status_h = text_height(ctx.text, status, width, 0, True)
            self._px = max(ctx.text.floor, 1)
            self._row_h = self.line_height(0) + 4
        else:
            join_h = max(ctx.px(34), text_height(ctx.text, join, width, ctx.px(30), True))
            self.join_lines = max(1, round(join_h / self.line_height(ctx.px(30), True)))
            status_h = max(ctx.px(26), text_height(ctx.text, status, width, ctx.px(22), True))
            self._px = ctx.px(20)
            self._row_h = max(self.line_height(self._px) + 6, int(30 * u))
        ctx.text.fit(join, width, join_h, ctx.px(30), 12, bold=True, color=theme.accent).draw(
            surface, pygame.Rect(m, m // 2, width, join_h), valign="middle"
        )
        paused = self.paced.state.paused_at is not None
        status_rect = pygame.Rect(m, m // 2 + join_h + 4, width, status_h)
        ctx.text.fit(
            status,
            width,
            status_h,
            ctx.px(22),
            10,
            bold=True,
            color=theme.wrong if paused else theme.text,
            changing=True,  # the counts and the clock
        ).draw(surface, status_rect, valign="middle")
        top = status_rect.bottom + int(8 * u)
        legend_top = self._legend_top(self.keys())
        # The key to the shapes goes under the grid when the grid keeps room for a few rows;
        # else H shows it in the grid's place (large text in a small window).
        room = legend_top - top - int(14 * u)
        fits = not self.compact and room >= 6 * self.line_height(ctx.px(20))
        if fits != self.legend_fits:
            self.legend_fits = fits
            legend_top = self._legend_top(self.keys())  # the bar gains or loses "Key"
        keys = self.keys()
        if self.legend_fits:
            box = pygame.Rect(m, top, width, legend_top - top - int(14 * u))
        else:
            box = pygame.Rect(m, top, width, max(0, self.bar_top(keys) - top - int(8 * u)))
        draw_panel(surface, box, theme)
        inner = box.inflate(-int(16 * u), -int(12 * u))
        page_buttons: list[Button] = []
        if self.legend_fits:
            self._draw_table(surface, inner)
            self._draw_legend(surface, pygame.Rect(m, legend_top, width, self._legend_h))
        elif self.legend_shown:
            page_buttons = self._draw_key_page(surface, inner)
        else:
            self._draw_table(surface, inner)
        self.controls(surface, keys, "")
        self.buttons.extend(page_buttons)

    def _draw_key_page(self, surface: pygame.Surface, area: pygame.Rect) -> list[Button]:
        """H when the key to the shapes does not fit under the grid: the key to the shapes, and
        every key the grid takes as a button with its words (a click does what the key does,
        then shows the grid again)."""
        ctx, theme = self.ctx, self.ctx.theme
        legend = pygame.Rect(area.x, area.y, area.width, min(area.height, self._legend_h))
        self._draw_legend(surface, legend)
        general, student, _ = self._key_sets()
        height = self.bar_row_height()
        gap = int(8 * ctx.unit())
        y = legend.bottom + gap
        buttons: list[Button] = []
        for group, heading in ((general, ""), (student, "picked")):
            if not group:
                continue
            if heading:
                rows = self.rows()
                name = rows[min(self.selected, len(rows) - 1)].nickname
                words = f"The student picked: {name}"
                line = self.line_height(0)
                ctx.text.fit(
                    clip_line(ctx.text, words, area.width, 0),
                    area.width,
                    line,
                    0,
                    1,
                    color=theme.muted,
                    max_lines=1,
                ).draw(surface, pygame.Rect(area.x, y, area.width, line), valign="middle")
                y += line + gap // 2
            widest = max(button_width(ctx.text, lab, height, key=kn) for lab, kn, _ in group)
            per = next((n for n in (3, 2) if (area.width - gap * (n - 1)) // n >= widest + 8), 1)
            each = (area.width - gap * (per - 1)) // per
            for i, (label, key_name, k) in enumerate(group):
                row, col = divmod(i, per)
                rect = pygame.Rect(
                    area.x + col * (each + gap), y + row * (height + gap), each, height
                )
                draw_button(
                    surface,
                    ctx.text,
                    theme,
                    rect,
                    label,
                    key=key_name,
                    max_px=ctx.px(18),
                    min_px=9,
                )
                buttons.append(Button(rect, ("page", k), label))
            y += -(-len(group) // per) * (height + gap)
        return buttons

    def _legend_top(self, keys: list[tuple[str, str, int]]) -> int:
        ctx = self.ctx
        self._legend_h = max(ctx.px(24), self.line_height(ctx.px(18)))
        items = len(SAFE_ORDER) + 1
        per_row = max(
            1, (self.size[0] - int(40 * ctx.unit())) // max(1, 14 * max(ctx.text.floor, ctx.px(18)))
        )
        rows = -(-items // per_row)
        self._legend_rows = rows
        self._legend_h = rows * (self._legend_h + 4)
        return self.bar_top(keys) - self._legend_h - int(6 * ctx.unit())

    def _draw_legend(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        entries: list[tuple[Cell | None, str]] = [(c, CELL_WORDS[c]) for c in SAFE_ORDER]
        if self.paced.config.redemption:
            entries.append((None, "corner: second chance"))
        rows = self._legend_rows
        per_row = -(-len(entries) // rows)
        each = rect.width // per_row
        line = (rect.height - 4 * (rows - 1)) // rows
        for i, (cell, words) in enumerate(entries):
            row, col = divmod(i, per_row)
            x, y = rect.x + col * each, rect.y + row * (line + 4)
            icon = pygame.Rect(x, y, line, line)
            if cell is None:
                pygame.draw.rect(surface, theme.panel_border, icon, 1)
                _second_mark(surface, icon, Cell.RIGHT, theme)
            else:
                draw_cell(surface, icon, cell, theme)
            label = pygame.Rect(icon.right + 6, y, each - line - 12, line)
            ctx.text.fit(words, label.width, label.height, ctx.px(18), 9, color=theme.muted).draw(
                surface, label, valign="middle"
            )

    def _name_column(self, width: int) -> int:
        floor = max(self.ctx.text.floor, self.ctx.px(20))
        return max(min(width // 4, 14 * floor), min(width // 2, 8 * floor))

    def _draw_table(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        grid = self.grid()
        count = len(grid.question_ids)
        px, row_h = self._px, self._row_h
        head_h = 2 * row_h
        top = area.y + head_h + 4
        body_h = area.bottom - top
        note_h = self.line_height(ctx.px(18))
        rows = grid.rows
        per = max(1, (body_h - note_h - 4) // row_h)
        if not self.projector_safe and rows:
            self.selected = min(self.selected, len(rows) - 1)
        first = (self.selected // per) * per
        total = len(grid.question_ids)
        small = ctx.text.book.font(max(ctx.px(16), ctx.text.floor, 8), False)
        done_w = small.size(f"{total}/{total} ✓")[0] + 4
        if self.compact:  # the name column as wide as this page's names (or the counts' words)
            font = ctx.text.book.font(max(px, ctx.text.floor, 8), False)
            bold = ctx.text.book.font(max(px, ctx.text.floor, 8), True)
            if self.projector_safe:
                widest = max(font.size(CELL_WORDS[c])[0] for c in SAFE_ORDER) + row_h + 12
            else:
                page = rows[first : first + per] or rows[:1]
                widest = max((font.size(r.nickname)[0] for r in page), default=0) + done_w + 8
            heads = max(bold.size("First tries")[0], font.size("% right")[0])
            name_w = min(area.width * 2 // 5, max(widest, heads) + 16)
            cell_w = max(row_h, font.size("100%")[0] + 16)
        else:
            name_w = self._name_column(area.width)
            cell_w = max(row_h, self.line_height(px) * 5 // 2 + 4)  # room for "100%"
        done_w = min(name_w // 2, done_w)
        cols = max(1, min(count, (area.width - name_w) // cell_w))
        self.cols_shown = cols
        self.column = max(0, min(self.column, max(0, count - cols)))
        first_q = self.column
        shown = range(first_q, min(count, first_q + cols))
        # head: question numbers and the class's percent right
        more_q = "" if cols >= count else f"Q{first_q + 1}–{shown[-1] + 1} of {count} · ◀ ▶"
        title = "Students" if not self.projector_safe else "First tries"
        ctx.text.fit(title, name_w - 8, row_h, px, 9, bold=True, color=theme.text).draw(
            surface, pygame.Rect(area.x, area.y, name_w - 8, row_h), valign="middle"
        )
        ctx.text.fit("% right", name_w - 8, row_h, px, 9, color=theme.muted).draw(
            surface, pygame.Rect(area.x, area.y + row_h, name_w - 8, row_h), valign="middle"
        )
        for j, position in enumerate(shown):
            x = area.x + name_w + j * cell_w
            ctx.text.fit(
                f"Q{position + 1}", cell_w - 4, row_h, px, 9, bold=True, color=theme.text
            ).draw(
                surface, pygame.Rect(x, area.y, cell_w - 4, row_h), align="center", valign="middle"
            )
            percent = grid.columns[position].percent_right
            label = "–" if percent is None else f"{percent:.0f}%"
            ctx.text.fit(label, cell_w - 4, row_h, px, 9, color=theme.muted).draw(
                surface,
                pygame.Rect(x, area.y + row_h, cell_w - 4, row_h),
                align="center",
                valign="middle",
            )
        pygame.draw.line(surface, theme.panel_border, (area.x, top - 2), (area.right, top - 2), 1)
        if body_h < row_h:  # no room for a single row: the header alone
            return
        if self.projector_safe:
            self._draw_counts(surface, area, top, name_w, cell_w, row_h, shown)
            if more_q:
                self._note(surface, area, more_q, note_h)
            return
        rows = grid.rows
        if not rows:
            self.text_box(
                surface,
                "Nobody has joined yet. Students open the address above and type the code.",
                pygame.Rect(area.x, top + 8, area.width, body_h - 8),
                ctx.px(26),
                color=theme.muted,
                align="center",
            )
            return
        if (body_h - note_h - 4) // row_h < 1:  # one row and no page line
            note_h = 0
        self.rows_shown = per
        pages = -(-len(rows) // per)
        names_key = (name_w, px, ctx.text.floor, ctx.settings)
        if self._measured_key != names_key:
            self._measured, self._measured_key = {}, names_key
        for i, row in enumerate(rows[first : first + per]):
            y = top + i * row_h
            line = pygame.Rect(area.x, y, area.width, row_h - 2)
            if first + i == self.selected:
                pygame.draw.rect(surface, theme.hover, line, border_radius=4)
                draw_focus_ring(surface, line, theme)
            name = self._measured.get(row.nickname)
            if name is None:
                name = self._measured[row.nickname] = clip_line(
                    ctx.text, row.nickname, name_w - done_w - 8, px
                )
            color = theme.text if row.connected else theme.muted
            ctx.text.fit(
                name, name_w - done_w - 8, row_h - 2, px, 9, color=color, max_lines=1
            ).draw(
                surface, pygame.Rect(line.x + 4, y, name_w - done_w - 8, row_h - 2), valign="middle"
            )
            done = f"{row.done}/{row.total}" + (" ✓" if row.finished else "")
            ctx.text.fit(
                done, done_w, row_h - 2, ctx.px(16), 8, color=theme.muted, max_lines=1
            ).draw(
                surface,
                pygame.Rect(area.x + name_w - done_w - 8, y, done_w, row_h - 2),
                align="right",
                valign="middle",
            )
            for j, position in enumerate(shown):
                cell = row.cells[position]
                rect = pygame.Rect(area.x + name_w + j * cell_w, y, cell_w - 4, row_h - 2)
                icon = rect.inflate(-4, -4)
                draw_cell(surface, icon, cell.first, theme)
                if cell.second is not None:
                    _second_mark(
                        surface,
                        pygame.Rect(
                            icon.centerx - icon.height // 2, icon.y, icon.height, icon.height
                        ),
                        cell.second,
                        theme,
                    )
        if not note_h:
            return
        last = min(len(rows), first + per)
        if self.compact:  # short: the sort is not on the compact key bar
            note = f"{first + 1}–{last} of {len(rows)}" + (" ▲▼" if pages > 1 else "")
            if more_q:
                note += f" · Q{first_q + 1}–{shown[-1] + 1} of {count} ◀▶"
            note += f" · by {SORT_WORDS[self.sort]}"
        else:
            note = f"Students {first + 1}–{last} of {len(rows)}"
            if pages > 1:
                note += " · ▲▼ PgUp PgDn"
            if more_q:
                note += " · " + more_q
        self._note(surface, area, note, note_h)

    def _note(self, surface: pygame.Surface, area: pygame.Rect, text: str, height: int) -> None:
        ctx = self.ctx
        ctx.text.fit(text, area.width, height, ctx.px(18), 9, color=ctx.theme.muted).draw(
            surface, pygame.Rect(area.x, area.bottom - height, area.width, height), align="right"
        )

    def _draw_counts(
        self,
        surface: pygame.Surface,
        area: pygame.Rect,
        top: int,
        name_w: int,
        cell_w: int,
        row_h: int,
        shown: range,
    ) -> None:
        """Projector-safe: one row per state, how many students' first tries are in it."""
        ctx, theme = self.ctx, self.ctx.theme
        counts = self.counts()
        px = self._px
        order = [c for c in SAFE_ORDER if c is not Cell.ANSWERED or any(col[c] for col in counts)]
        for i, cell in enumerate(order):
            y = top + i * row_h
            if y + row_h > area.bottom - self.line_height(ctx.px(18)):
                break
            icon = pygame.Rect(area.x + 4, y + 3, row_h - 8, row_h - 8)
            draw_cell(surface, icon, cell, theme)
            label = pygame.Rect(icon.right + 8, y, name_w - icon.width - 20, row_h - 2)
            ctx.text.fit(
                CELL_WORDS[cell], label.width, label.height, px, 9, color=theme.text, max_lines=1
            ).draw(surface, label, valign="middle")
            for j, position in enumerate(shown):
                n = counts[position][cell]
                rect = pygame.Rect(area.x + name_w + j * cell_w, y, cell_w - 4, row_h - 2)
                ctx.text.fit(
                    str(n) if n else "·",
                    rect.width,
                    rect.height,
                    px,
                    9,
                    bold=bool(n),
                    color=theme.text if n else theme.muted,
                ).draw(surface, rect, align="center", valign="middle")


def _on_key_page(action: object) -> bool:
    return isinstance(action, tuple) and action[0] == "page"


def _to_a_student(event: object) -> bool:
    return isinstance(event, p.Rejected) and (
        event.player_id is not None or event.token is not None
    )


def _big(events: list[Any]) -> bool:
    """Events the teacher must see at once (not a student's answer or join among many)."""
    return any(
        isinstance(
            e, (p.SessionEnded, p.SessionReopened, p.Paused, p.ClosingChanged, p.Kicked, p.Renamed)
        )
        for e in events
    )


def _index(values: tuple[float, ...], value: float) -> int:
    return values.index(value) if value in values else 0
