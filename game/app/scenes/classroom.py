"""The projector's screens for a live classroom session, and teams on one screen.

Host a session: set it up, open the lobby (join address, QR code, code, names arriving), then for
each question the host shows the prompt, the timer and how many have answered; the reveal shows
the right answer, how the class answered as a bar chart, and the explanation; a leaderboard and a
final podium follow. The teacher drives it all with the keyboard or the mouse:

    Enter  start / reveal now / next        P  pause or resume       E  +15 seconds
    S      skip the question                L  leaderboard           Esc  end the session
    Lobby: arrows pick a student, K removes them (and keeps them out), R renames, X gives extra
    time, L locks the room. During the quiz N opens the same list of players (PlayersScene).
    Names that deserve a second look (look-alikes, "Teacher", no letters) carry a flag.
    A shows another of this computer's addresses; with no network, T switches to Teams.

Ending asks first (Enter ends, Esc keeps playing), and an ended session can be reopened (O on
the final screen, or from the Classroom menu). If the session can't be saved (a full disk), a
banner says so on every screen while the session goes on.

The session itself runs in game.core.session, reached through the ClassroomHost port; these
scenes only draw it and turn keys and clicks into its commands.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

import pygame

from game.app.passage_view import PassageView, passage_speech
from game.app.scene import Pop, Push, Replace, Scene, Transition
from game.app.scenes.list_scene import Entry, ListScene
from game.app.scenes.menus import NoticeScene, _cycle, plural
from game.app.text import FLOORS_AT_1080P, wrap
from game.app.theme import CHOICE_SHAPES, Color
from game.app.voice import Spoken
from game.app.widgets import (
    Button,
    button_height,
    button_width,
    clip_line,
    draw_bar,
    draw_button,
    draw_focus_ring,
    draw_panel,
    draw_shape,
    draw_text_page,
    focus_ring_rect,
    key_bar_rows,
    label_px,
    min_button_height,
    text_height,
    text_pages,
)
from game.core import names
from game.core import session as s
from game.core.accommodations import NEED_LABELS
from game.core.model import QuestionType
from game.core.ports import SessionUnavailable
from game.core.review import right_answer_text
from game.core.scoring import ScoringPreset, rules_for
from game.core.selection import ROUND_SIZES, Filters, choose_questions
from game.core.standings import DEFAULT_SHOWN, on_the_projector
from game.core.typed_answers import TypedCount, common_typed

if TYPE_CHECKING:
    from game.app.context import AppContext
    from game.core.ports import ClassroomHost

__all__ = ["ClassroomMenuScene", "HostSetupScene", "LobbyScene", "PlayersScene"]

EXTEND_S = 15
# A burst of answers or joins (a count changing) redraws the projector at most this often;
# anything else that happens redraws it at once.
COUNTS_EVERY_S = 0.1
_COUNTS_ONLY = (s.AnswerAccepted, s.Joined, s.Left)


class ClassroomMenuScene(ListScene):
    heading = "Classroom"

    def subheading(self) -> str:
        return (
            "Students answer from their own phones or laptops over this room's network: "
            "no internet, no accounts. No devices? Play in teams on this screen."
        )

    def entries(self) -> list[Entry]:
        service = self.ctx.classroom
        items = [Entry("Host a live session", "host"), Entry("Teams on one screen", "teams")]
        unfinished = service.sessions(unfinished_only=True) if service else []
        if unfinished:
            last = unfinished[0]
            items.append(
                Entry(
                    "Resume the interrupted session",
                    ("resume", last["id"]),
                    f"{last['title']} (code {last['join_code']})",
                )
            )
        past = service.sessions() if service else []
        if not unfinished and past and past[0]["ended_at"] is not None:
            last = past[0]
            items.append(
                Entry(
                    "Reopen the last session",
                    ("reopen", last["id"]),
                    f"{last['title']} (code {last['join_code']}), ended by mistake?",
                )
            )
        items.append(
            Entry(
                "Reports of past sessions",
                "reports",
                plural(len(past), "session"),
                enabled=bool(past),
            )
        )
        items.append(Entry("Back", "back"))
        return items

    def resume(self, result: object) -> Transition | None:
        self.refresh()
        return None

    def activate(self, action: object) -> Transition | None:
        if action == "back":
            return Pop()
        if action == "host":
            return Push(HostSetupScene(self.ctx, teams=False))
        if action == "teams":
            return Push(HostSetupScene(self.ctx, teams=True))
        if action == "reports":
            return Push(ReportListScene(self.ctx))
        if isinstance(action, tuple) and action[0] in ("resume", "reopen"):
            service = self.ctx.classroom
            if service is None:
                return None
            try:
                host = (service.resume if action[0] == "resume" else service.reopen)(action[1])
            except (OSError, KeyError, ValueError) as exc:
                return Push(NoticeScene(self.ctx, "Cannot resume", str(exc)))
            return Push(_scene_for_state(self.ctx, host))
        return None


def _scene_for_state(ctx: AppContext, host: ClassroomHost) -> Scene:
    phase = host.state.phase
    if phase is s.SessionPhase.LOBBY:
        return LobbyScene(ctx, host)
    if phase is s.SessionPhase.QUESTION:
        return HostQuestionScene(ctx, host)
    if phase is s.SessionPhase.REVEAL and host.state.results:
        return HostRevealScene(ctx, host, host.state.results[-1])
    return PodiumScene(ctx, host)


class HostSetupScene(ListScene):
    """Questions and rules for the session, then open the lobby."""

    def __init__(self, ctx: AppContext, teams: bool) -> None:
        super().__init__(ctx)
        self.teams = teams
        self.heading = "Teams on one screen" if teams else "Host a live session"
        self.count = 10
        self.difficulties: set[int] = set()
        self.bank_ids: set[str] = set()
        self.preset = ScoringPreset.CLASSIC.value
        self.timer = "1x"
        self.board = "each"
        self.podium = DEFAULT_SHOWN  # places on the ranking screens (never the bottom half)
        self.allow_change = True
        self.team_count = 4

    def subheading(self) -> str:
        return "Enter or click changes a setting; Start opens the lobby."

    def entries(self) -> list[Entry]:
        filters = Filters(frozenset(self.bank_ids), frozenset(), frozenset(self.difficulties))
        matching = sum(filters.accepts(q) for q in self.ctx.questions.values())
        items = [
            Entry("Start", "start", f"{min(self.count, matching)} questions", enabled=matching > 0)
        ]
        if self.teams:
            items.append(Entry("Teams", "teams", str(self.team_count)))
        items += [
            Entry("Questions", "count", str(self.count)),
            Entry("Banks", "banks", ", ".join(sorted(self.bank_ids)) or "all"),
            Entry(
                "Difficulty",
                "difficulty",
                ", ".join(("easy", "medium", "hard")[d - 1] for d in sorted(self.difficulties))
                or "all",
            ),
            Entry("Scoring", "preset", self.preset),
            Entry("Timer", "timer", self.timer),
            Entry(
                "Leaderboard",
                "board",
                {"each": "after each question", "end": "only at the end", "never": "never"}[
                    self.board
                ],
            ),
            Entry("Ranking shows", "podium", f"top {self.podium}"),
        ]
        if not self.teams:
            items.append(
                Entry(
                    "Answers can be changed",
                    "change",
                    "yes, until time is up" if self.allow_change else "no",
                )
            )
        items.append(Entry("Back", "back"))
        return items

    def activate(self, action: object) -> Transition | None:
        if action == "back":
            return Pop()
        if action == "start":
            return self._start()
        if action == "count":
            self.count = _cycle(ROUND_SIZES + (30,), self.count)
        elif action == "teams":
            self.team_count = _cycle(tuple(range(2, 9)), self.team_count)
        elif action == "banks":
            ids = [b.id for b in self.ctx.banks.banks]
            options: list[set[str]] = [set()] + [{i} for i in ids]
            current = options.index(self.bank_ids) if self.bank_ids in options else 0
            self.bank_ids = options[(current + 1) % len(options)]
        elif action == "difficulty":
            order = [set(), {1}, {2}, {3}, {1, 2}, {2, 3}]
            index = order.index(self.difficulties) if self.difficulties in order else 0
            self.difficulties = order[(index + 1) % len(order)]
        elif action == "preset":
            self.preset = _cycle(tuple(p.value for p in ScoringPreset), self.preset)
        elif action == "timer":
            self.timer = _cycle(("1x", "1.5x", "2x", "off"), self.timer)
        elif action == "board":
            self.board = _cycle(("each", "end", "never"), self.board)
        elif action == "podium":
            self.podium = _cycle((3, 5, 10), self.podium)
        elif action == "change":
            self.allow_change = not self.allow_change
        self.refresh()
        return None

    def _start(self) -> Transition | None:
        ctx = self.ctx
        filters = Filters(frozenset(self.bank_ids), frozenset(), frozenset(self.difficulties))
        ids = choose_questions(list(ctx.questions.values()), filters, self.count, ctx.rng)
        multiplier = {"1x": 1.0, "1.5x": 1.5, "2x": 2.0, "off": None}[self.timer]
        config = s.SessionConfig(
            question_ids=ids,
            rules=rules_for(ScoringPreset(self.preset), multiplier is not None),
            timer_multiplier=multiplier,
            leaderboard=self.board,
            podium_size=self.podium,
            allow_change=self.allow_change and not self.teams,
        )
        title = "Teams" if self.teams else "Live session"
        assert ctx.classroom is not None  # the classroom menu opens only with a service
        try:
            host = (
                ctx.classroom.open_local(config, title)
                if self.teams
                else ctx.classroom.open(ids, config, title)
            )
        except SessionUnavailable as exc:  # the save file can't be written (a full disk)
            return Push(NoticeScene(ctx, "Cannot start the session", str(exc)))
        except OSError as exc:
            return Push(
                NoticeScene(
                    ctx,
                    "Cannot start the session",
                    (
                        f"The session's network server could not start: {exc}. Another program may "
                        "be using the port; try again, or start with `civic-quiz host --port N`."
                    ),
                )
            )
        if self.teams:
            from game.app.scenes.teams import TeamsScene

            return Replace(TeamsScene(ctx, host, self.team_count))
        return Replace(LobbyScene(ctx, host))


# ---------------------------------------------------------------------------------------------


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
        self.page = 0  # which page of text that does not fit is shown (PgDn, PgUp)
        self.pages = 1  # how many there were when last drawn
        self._pages_now = 1

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
        events = self.host.pump()
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
            return Replace(PodiumScene(self.ctx, self.host))
        if any(isinstance(e, s.Reopened) for e in events):
            return Replace(_scene_for_state(self.ctx, self.host))
        for event in events:
            if isinstance(event, s.Revealed):
                self.ctx.play("select")
                return Replace(HostRevealScene(self.ctx, self.host, event.result))
            if isinstance(event, s.QuestionOpened):
                return Replace(HostQuestionScene(self.ctx, self.host))
            if isinstance(event, s.Finished):
                self.ctx.play("round_end")
                return Replace(PodiumScene(self.ctx, self.host))
        return None

    def end_session(self) -> Transition | None:
        """Esc: ask first (one key must not end the class for everyone)."""
        return Push(ConfirmEndScene(self.ctx, self.host))

    def resume(self, result: object) -> Transition | None:
        """Back from an overlay: the end confirmation, or the players or rename overlay during
        which the session may have moved on (then show the screen for where it is now)."""
        if result == "end":
            events = self.host.command(s.End(self.host.now()))
            return self.on_session_events(events) or Replace(PodiumScene(self.ctx, self.host))
        if isinstance(result, tuple) and result[0] == "events":
            return self.on_session_events(result[1])
        if (self.host.state.phase, self.host.state.index) != self.shows and isinstance(
            self, LobbyScene | HostQuestionScene | HostRevealScene
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

    def _bar_plan(self, items: list[tuple[str, str, int]], note: str) -> tuple[int, int, int, int]:
        """(x, width, note width, rows) of the key bar."""
        u = self.ctx.unit()
        x = int(24 * u)
        width = self.size[0] - 2 * x
        note_w = width // 4 if note else 0
        gap = int(8 * u)
        labels = [(label, key_name, i == 0) for i, (label, key_name, _) in enumerate(items)]
        if not any(k == pygame.K_PAGEDOWN for _, _, k in items):
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
        text = (
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
            if action[1] in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
                return self.handle(pygame.event.Event(pygame.KEYDOWN, key=action[1], mod=0))
            return self.on_key(pygame.event.Event(pygame.KEYDOWN, key=action[1], mod=0))
        return None


def draw_confirm(
    surface: pygame.Surface,
    ctx: AppContext,
    title_text: str,
    body_text: str,
    choices: tuple[tuple[str, str, Any], tuple[str, str, Any]],
) -> list[Button]:
    """A yes/no question over the screen: title, body, and two buttons — (label, key name,
    action) for Esc's choice, then Enter's. Enter's is the filled one with the focus ring, as
    on every other screen: a highlighted choice that Enter does not press invites the wrong key.
    Returns the buttons, for clicks."""
    theme = ctx.theme
    w, h = surface.get_size()
    u = ctx.unit()
    box_w = min(w - int(40 * u), int(900 * u))
    buttons_h = max(34, ctx.px(30), min_button_height(ctx.text))
    gap = int(16 * u)
    each = (box_w - int(48 * u) - gap) // 2
    # Side by side when both labels fit at the chosen text size, else one above the other (and
    # the box grows by a row).
    side_by_side = all(
        button_width(ctx.text, label, buttons_h, key=key_name, bold=True) <= each
        for label, key_name, _ in choices
    )
    area_h = buttons_h if side_by_side else 2 * buttons_h + gap // 2
    text_w = box_w - int(48 * u)
    title_need = ctx.text.fit(title_text, text_w, 10_000, ctx.px(40), 14, bold=True, probe=True)
    body_need = ctx.text.fit(body_text, text_w, 10_000, ctx.px(24), 11, probe=True)
    need = title_need.height + body_need.height + area_h + int(20 * u) + int(40 * u)
    box = pygame.Rect(0, 0, box_w, min(h - int(40 * u), max(int(460 * u), need)))
    box.center = (w // 2, h // 2)
    draw_panel(surface, box, theme, border=theme.accent, width=max(3, int(4 * u)))
    inner = box.inflate(-int(48 * u), -int(40 * u))
    row_w = each if side_by_side else inner.width
    title_h = int(inner.height * 0.3)
    if title_h < title_need.height:  # a long title at a large size: what the body leaves it
        title_h = max(title_h, inner.height - area_h - int(20 * u) - body_need.height)
    title = pygame.Rect(inner.x, inner.y, inner.width, title_h)
    ctx.text.fit(
        title_text, title.width, title.height, ctx.px(40), 14, bold=True, color=theme.text
    ).draw(surface, title, align="center", valign="middle")
    body = pygame.Rect(
        inner.x, title.bottom, inner.width, inner.bottom - title.bottom - area_h - int(20 * u)
    )
    ctx.text.fit(body_text, body.width, body.height, ctx.px(24), 11, color=theme.text).draw(
        surface, body, align="center", valign="middle"
    )
    buttons = []
    for i, (label, key_name, action) in enumerate(choices):
        if side_by_side:
            rect = pygame.Rect(
                inner.x + i * (each + gap), inner.bottom - buttons_h, row_w, buttons_h
            )
        else:  # Enter's choice at the bottom, as when side by side it is on the right
            top = inner.bottom - area_h + i * (buttons_h + gap // 2)
            rect = pygame.Rect(inner.x, top, row_w, buttons_h)
        enter = i == 1
        draw_button(
            surface,
            ctx.text,
            theme,
            rect,
            label,
            key=key_name,
            fill=theme.accent if enter else None,
            focused=enter,  # what Enter presses
            max_px=ctx.px(22),
            min_px=9,
            bold=enter,
        )
        buttons.append(Button(rect, action, label))
    return buttons


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


class ConfirmReportScene(ConfirmEndScene):
    """Put the teacher's report on the projector? It names every student with their score and
    answers, so it waits for Enter; Esc goes back to the final ranking."""

    title = "Show the teacher's report on this screen?"
    body = (
        "The report lists every student's name, score and answers. If this screen is the "
        "projector, the whole class will see them. Enter shows it; Esc goes back."
    )
    keep_label = "Back"
    go_label = "Show the report"
    confirmed = "report"


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
        return sorted(self.host.state.players.values(), key=lambda p: p.id)

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
            return Replace(HostSetupScene(self.ctx, teams=True))
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
        # players
        players = self.players()
        right = self.right
        draw_panel(surface, right, theme)
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
        head = pygame.Rect(right.x + pad, right.y + pad // 2, head_w, head_h)
        ctx.text.fit(
            keys,
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
            surface, ctx.text, theme, self.end_rect, self.end_label, key="Esc", max_px=ctx.px(22)
        )
        guessing = self._guessing_note()
        if guessing:  # someone may be trying join codes: the teacher sees it in the footer
            self.footer(surface, guessing, theme.wrong)
            return
        self.footer(surface, self._FOOTERS[0] if self.host.state.locked else self._FOOTERS[1])
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


_MOVED_ON = (s.Revealed, s.QuestionOpened, s.Finished)


def moderate(scene: Any, event: pygame.event.Event, players: list[Any]) -> Transition | None:
    """The teacher's keys on a list of players, in the lobby and during the quiz: arrows pick a
    player, K removes the picked one (and keeps them out), R renames, X cycles extra time, L
    locks the room."""
    host, now = scene.host, scene.host.now()
    if players and event.key in (pygame.K_DOWN, pygame.K_RIGHT):
        scene.selected = (scene.selected + 1) % len(players)
    elif players and event.key in (pygame.K_UP, pygame.K_LEFT):
        scene.selected = (scene.selected - 1) % len(players)
    elif event.key == pygame.K_l:
        host.command(s.Lock(not host.state.locked, now))
    elif players and event.key == pygame.K_k:
        host.command(s.Kick(players[scene.selected % len(players)].id, now))
        scene.selected = 0
    elif players and event.key == pygame.K_r:
        player = players[scene.selected % len(players)]
        return Push(RenameScene(scene.ctx, host, player.id, player.nickname))
    elif players and event.key == pygame.K_x:
        player = players[scene.selected % len(players)]
        extra = _cycle((1.0, 1.5, 2.0), player.extra_time)
        if not _accommodate(host, player.id, lambda a: a.with_extra_time(extra)):
            host.command(s.SetExtraTime(player.id, extra, now))
    elif players and event.key in ACCOMMODATION_KEYS:
        need = ACCOMMODATION_KEYS[event.key]
        _accommodate(host, players[scene.selected % len(players)].id, lambda a: a.toggled(need))
    scene.ctx.invalidate()
    return None


# The teacher's keys for a student's page accommodations (extra time is X).
ACCOMMODATION_KEYS = {
    pygame.K_o: "read_aloud",
    pygame.K_c: "reduced_motion",
    pygame.K_g: "large_text",
}


def _accommodate(host: Any, player_id: int, change: Callable[[Any], Any]) -> bool:
    """Change one student's accommodations where the host keeps them (a live session: applied
    at once and remembered for the name); False where it does not."""
    current = getattr(host, "accommodations_of", None)
    setter = getattr(host, "set_accommodations", None)
    if current is None or setter is None:
        return False
    setter(player_id, change(current(player_id)))
    return True


def _player_label(scene: Any, player: Any) -> str:
    label = player.nickname + (
        "" if player.extra_time == 1.0 else f" ({player.extra_time:g}x time)"
    )
    needs = getattr(scene.host, "accommodations_of", None)
    if needs is not None and needs(player.id).any:
        label = f"{player.nickname} ({needs(player.id).label()})"
    return label


def _page_note(page: int, pages: int, count: int) -> str:
    return f"{page}/{pages} · arrows"


def draw_players(
    scene: Any, surface: pygame.Surface, grid: pygame.Rect, players: list[Any]
) -> None:
    """The players as a grid of names (the picked one highlighted, away ones dimmed), with a
    flag under any name that deserves a second look (game.core.names.flags). A class larger
    than the grid is paged: the page holding the picked student shows, with "Page 1/3" under
    the grid (the arrows move through every student, page by page)."""
    ctx, theme = scene.ctx, scene.ctx.theme
    room = tuple(p.nickname for p in players)
    if getattr(scene, "_flags_for", None) != room:  # computed when the names change only
        scene._flags_for, scene._flags = room, names.flag_all(room)
    flagged: dict[str, tuple[str, ...]] = scene._flags
    floor = ctx.text.floor
    columns = 3 if grid.width > 600 else 2
    while columns > 1 and grid.width // columns < 14 * max(floor, 10):
        columns -= 1  # large text: fewer, wider columns
    cell_w = grid.width // columns
    name_w = cell_w - 8 - 8 - 4
    labels = [_player_label(scene, p) for p in players]
    flags = [
        "⚠ " + ", ".join(flagged[p.nickname]) if p.nickname in flagged else "" for p in players
    ]
    name_h = max(
        [max(28, ctx.px(30))]
        + [text_height(ctx.text, label, name_w, ctx.px(22)) + 6 for label in labels]
    )
    flag_h = max([0] + [text_height(ctx.text, f, name_w, ctx.px(16), True) for f in flags if f])
    cell_h = name_h + flag_h
    rows = max(1, grid.height // (cell_h + 6))
    per = rows * columns
    pages = max(1, -(-len(players) // per))
    line_h = text_height(ctx.text, _page_note(9, 9, len(players)), grid.width, ctx.px(20))
    if pages > 1:  # a line under the grid says which page this is
        space = grid.height - line_h - 6
        rows = max(1, space // (cell_h + 6))
        cell_h = min(cell_h, space - 6)  # never under the page line
        per = rows * columns
        pages = max(1, -(-len(players) // per))
    selected = scene.selected % max(1, len(players))
    page = selected // per
    first = page * per
    for i, player in enumerate(players[first : first + per]):
        cell = pygame.Rect(
            grid.x + (i // rows) * cell_w,
            grid.y + (i % rows) * (cell_h + 6),
            cell_w - 8,
            cell_h,
        )
        if first + i == selected:
            pygame.draw.rect(surface, theme.hover, cell, border_radius=6)
            draw_focus_ring(surface, cell, theme)  # the student K, R and X act on
            scene.focus_cell = cell
        inner = cell.inflate(-8, 0)
        flag = flags[first + i]
        if flag:
            flag_rect = pygame.Rect(inner.x, inner.y + name_h, inner.width, flag_h)
            pygame.draw.rect(surface, theme.wrong, flag_rect, 2, border_radius=6)
            ctx.text.fit(
                flag,
                flag_rect.width - 8,
                flag_rect.height,
                ctx.px(16),
                9,
                bold=True,
                color=theme.wrong,
            ).draw(surface, flag_rect.inflate(-8, 0), align="center", valign="middle")
        color = theme.text if player.connected else theme.muted
        name_rect = pygame.Rect(inner.x, inner.y, inner.width - 4, name_h)
        ctx.text.fit(
            labels[first + i], name_rect.width, name_rect.height, ctx.px(22), 10, color=color
        ).draw(surface, name_rect, valign="middle")
    if pages > 1:
        more = pygame.Rect(grid.x, grid.bottom - line_h, grid.width, line_h)
        ctx.text.fit(
            _page_note(page + 1, pages, len(players)),
            more.width,
            more.height,
            ctx.px(20),
            10,
            color=theme.muted,
        ).draw(surface, more, align="right")


class _Overlay(HostScene):
    """A screen over the live session (players, rename): when the session moves on meanwhile
    (a question closes, the next opens, it ends) it steps back, and the screen below resyncs."""

    def on_session_events(self, events: list[Any]) -> Transition | None:
        return Pop() if any(isinstance(e, _MOVED_ON) for e in events) else self.resume(None)

    def resume(self, result: object) -> Transition | None:
        moved = (self.host.state.phase, self.host.state.index) != self.shows
        return Pop() if moved else None


class PlayersScene(_Overlay):
    """The players during the quiz (N on the question and reveal screens): kick, rename, extra
    time, read aloud, reduced motion, large text and the room lock, as in the lobby; the bar
    lists every one of these keys. Esc goes back."""

    def __init__(self, ctx: AppContext, host: ClassroomHost) -> None:
        super().__init__(ctx, host)
        self.selected = 0

    def players(self) -> list[Any]:
        return sorted(self.host.state.players.values(), key=lambda p: p.id)

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


def _choice_labels(question: Any) -> list[str]:
    if question.type is QuestionType.TRUE_FALSE:
        return ["True", "False"]
    return list(question.choices or question.items or [a for a, _ in question.pairs])


class HostQuestionScene(HostScene):
    def __init__(self, ctx: AppContext, host: ClassroomHost) -> None:
        super().__init__(ctx, host)
        self.question = host.questions[host.config.question_ids[host.state.index]]
        self.last_second: int | None = None
        passage = self.question.passage  # a document-based question: its passage above the prompt
        self.passage = PassageView(passage) if passage is not None else None
        self.passage_rect = pygame.Rect(0, 0, 0, 0)

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        w, h = size
        u = self.ctx.unit()
        m = int(24 * u)
        ctx = self.ctx
        half = (w - 2 * m) * 3 // 5
        count = len(self.host.state.players)
        answered = f"PAUSED  ·  {count} / {count} answered"
        top_h = max(
            int(54 * u),
            text_height(ctx.text, self._status(), half, ctx.px(22)),
            text_height(ctx.text, answered, w - 2 * m - half, ctx.px(28), True),
        )
        self.top = pygame.Rect(m, m // 2, w - 2 * m, top_h)
        self.timer = pygame.Rect(m, self.top.bottom, w - 2 * m, max(8, int(12 * u)))
        self.prompt = pygame.Rect(m, self.timer.bottom + int(12 * u), w - 2 * m, int(h * 0.26))
        if self.passage is not None:  # the passage takes the top, the prompt the rest
            self.passage_rect = pygame.Rect(
                self.prompt.x, self.prompt.y, self.prompt.w, int(h * 0.27)
            )
            self.prompt = pygame.Rect(
                m, self.passage_rect.bottom + int(8 * u), w - 2 * m, int(h * 0.13)
            )
        least = 2 * self.line_height(ctx.px(40), True)
        self.prompt.height = max(self.prompt.height, least)
        need = text_height(ctx.text, self.question.prompt, self.prompt.width, ctx.px(40), True)
        self.prompt.height = min(self.prompt.height, max(need, least))  # the choices get the rest
        bottom = self.bar_top(self._keys()) - int(8 * u)
        self.body = pygame.Rect(
            m,
            self.prompt.bottom + int(12 * u),
            w - 2 * m,
            bottom - self.prompt.bottom - int(12 * u),
        )
        labels = _choice_labels(self.question) if self._has_choices() else []
        least = max(
            (button_height(ctx.text, self.body.width, a, index=i) for i, a in enumerate(labels)),
            default=0,
        )
        # Not even one choice fits under the passage and prompt (large text, small window):
        # they get the screen, and the choices follow on the next page (the key bar's More).
        self.split = least > self.body.height
        self.whole = pygame.Rect(m, self.timer.bottom + int(12 * u), w - 2 * m, 0)
        self.whole.height = bottom - self.whole.y

    def _has_choices(self) -> bool:
        return self.question.type not in (QuestionType.TEXT, QuestionType.NUMERIC)

    def _status(self) -> str:
        total = len(self.host.config.question_ids)
        return f"Question {self.host.state.index + 1} of {total}  ·  {self.question.topic}" + (
            "  ·  room locked" if self.host.state.locked else ""
        )

    def _keys(self) -> list[tuple[str, str, int]]:
        paused = self.host.state.paused_at is not None
        return [
            ("Reveal", "Enter", pygame.K_RETURN),
            ("Resume" if paused else "Pause", "P", pygame.K_p),
            ("+15 s", "E", pygame.K_e),
            ("Skip", "S", pygame.K_s),
            ("Players", "N", pygame.K_n),
            ("End", "Esc", pygame.K_ESCAPE),
        ]

    def deadline(self) -> float | None:
        """When the question closes for the last student (the one with the most extra time)."""
        st = self.host.state
        longest = max((p.extra_time for p in st.connected()), default=1.0)
        return s.deadline_at(st, s.question_limit(self.question, self.host.config), longest)

    def update(self, now: float) -> Transition | None:
        transition = super().update(now)
        deadline = self.deadline()
        if deadline is not None and self.host.state.paused_at is None:
            second = int(deadline - self.host.now())
            if second != self.last_second:
                self.last_second = second
                self.ctx.invalidate()
                if 0 <= second < 5:
                    self.ctx.play("tick")
        return transition

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        now = self.host.now()
        key = event.key
        if key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            return self.on_session_events(self.host.command(s.Reveal(now)))
        if key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN) and self.passage is not None:
            step = self.passage.page()
            self.passage.scroll(step if key == pygame.K_PAGEDOWN else -step)
        elif key == pygame.K_p:
            paused = self.host.state.paused_at is not None
            self.host.command(s.Resume(now) if paused else s.Pause(now))
        elif key == pygame.K_e:
            self.host.command(s.ExtendTime(EXTEND_S, now))
        elif key == pygame.K_s:
            return self.on_session_events(self.host.command(s.Skip(now)))
        elif key == pygame.K_n:
            return Push(PlayersScene(self.ctx, self.host))
        elif key == pygame.K_ESCAPE:
            return self.end_session()
        self.ctx.invalidate()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        st = self.host.state
        surface.fill(theme.background)
        status = self._status()
        half = self.top.width * 3 // 5
        ctx.text.fit(status, half, self.top.height, ctx.px(22), 11, color=theme.muted).draw(
            surface, pygame.Rect(self.top.x, self.top.y, half, self.top.height), valign="middle"
        )
        done, expected = s.answer_counts(st)
        answered = f"{done} / {expected} answered"
        deadline = self.deadline()
        if st.paused_at is not None:
            answered = "PAUSED  ·  " + answered
        elif deadline is not None:
            answered = f"{max(0, int(deadline - self.host.now()))} s  ·  " + answered
        ctx.text.fit(
            answered,
            self.top.width - half,
            self.top.height,
            ctx.px(28),
            11,
            bold=True,
            color=theme.text,
        ).draw(
            surface,
            pygame.Rect(self.top.x + half, self.top.y, self.top.width - half, self.top.height),
            align="right",
            valign="middle",
        )
        if deadline is not None:
            limit = max(1.0, deadline - st.opened_at)
            now = st.paused_at or self.host.now()
            share = max(0.0, deadline - now) / limit
            draw_bar(surface, self.timer, share, theme.accent, theme.panel)
        self.passage_shown = False
        if self.split and self.page > 0:  # the choices' pages
            self._draw_options(surface, self.whole, self.page - 1)
            self._pages_now += 1
        else:
            prompt = self.prompt
            if self.split:
                self._draw_options(surface, self.whole, 0, count_only=True)
                self._pages_now += 1
                prompt = pygame.Rect(prompt.x, prompt.y, prompt.width, self.whole.bottom - prompt.y)
            if self.passage is not None:
                self.passage.draw(surface, ctx, self.passage_rect, ctx.px(30), ctx.px(20))
            self.passage_shown = self.passage is not None
            self.text_box(
                surface, self.question.prompt, prompt, ctx.px(40), bold=True, valign="middle"
            )
            if not self.split:
                self._draw_options(surface, self.body, self.page)
        self.controls(surface, self._keys())

    def on_scroll(self, amount: int) -> Transition | None:
        """The wheel scrolls a long passage."""
        if self.passage is not None and self.passage.scroll(-amount):
            self.ctx.invalidate()
        return None

    def speech(self) -> Spoken:
        """The question as the room sees it: number, passage, prompt and numbered choices."""
        total = len(self.host.config.question_ids)
        parts = [f"Question {self.host.state.index + 1} of {total}."]
        if self.question.passage is not None:
            parts.append(passage_speech(self.question.passage))
        parts.append(self.question.prompt)
        labels = _choice_labels(self.question)
        order = (
            self.host.choice_order() if self.question.type is not QuestionType.TRUE_FALSE else []
        )
        order = order or list(range(len(labels)))
        parts += [f"{position + 1}: {labels[i]}." for position, i in enumerate(order)]
        return Spoken(screen=" ".join(parts), focus=super().speech().focus)

    def _draw_options(
        self, surface: pygame.Surface, body: pygame.Rect, page: int, count_only: bool = False
    ) -> None:
        """The choices in `body`, page `page` of them; `count_only`: only count the pages."""
        ctx, theme = self.ctx, self.ctx.theme
        q = self.question
        if q.type in (QuestionType.TEXT, QuestionType.NUMERIC):
            label = "Type your answer on your device" + (
                f" (in {q.numeric.unit})" if q.numeric and q.numeric.unit else ""
            )
            self.text_box(
                surface,
                label,
                body,
                ctx.px(34),
                color=theme.muted,
                align="center",
                valign="middle",
            )
            return
        labels = _choice_labels(q)
        order = self.host.choice_order() if q.type is not QuestionType.TRUE_FALSE else [0, 1]
        order = order or list(range(len(labels)))
        gap = int(12 * ctx.unit())
        cells, shown = self._cells(labels, order, q.type is not QuestionType.ORDER, gap, body, page)
        if count_only:
            return
        px = min(
            label_px(ctx.text, cell, labels[original], index=position, max_px=ctx.px(30), min_px=11)
            for cell, (position, original) in zip(cells, shown, strict=True)
        )
        for cell, (position, original) in zip(cells, shown, strict=True):
            draw_button(
                surface,
                ctx.text,
                theme,
                cell,
                labels[original],
                index=position,
                fill=theme.choice_colors[position % len(theme.choice_colors)],
                max_px=px,
                min_px=min(11, px),
            )

    def _cells(
        self,
        labels: list[str],
        order: list[int],
        two_columns: bool,
        gap: int,
        body: pygame.Rect,
        page: int,
    ) -> tuple[list[pygame.Rect], list[tuple[int, int]]]:
        """Where the choices go: two columns if each label fits its cell at the text floor,
        else one; if even then they don't all fit, a page of them (the key bar's More)."""
        ctx = self.ctx
        count = len(order)
        for columns in (2, 1) if two_columns and count >= 2 else (1,):
            cell_w = (body.width - gap * (columns - 1)) // columns
            least = max(
                button_height(ctx.text, cell_w, labels[original], index=position)
                for position, original in enumerate(order)
            )
            fit_rows = max(1, (body.height + gap) // (least + gap))
            if fit_rows * columns >= count:
                break
        rows = min(fit_rows, -(-count // columns))
        per = rows * columns
        pages = -(-count // per)
        self._pages_now = max(self._pages_now, pages)
        first = min(page, pages - 1) * per
        cell_h = min((body.height - gap * (rows - 1)) // rows, int(150 * ctx.unit()))
        cell_h = max(cell_h, min(least, body.height))
        shown = list(enumerate(order))[first : first + per]
        cells = [
            pygame.Rect(
                body.x + (i % columns) * (cell_w + gap),
                body.y + (i // columns) * (cell_h + gap),
                cell_w,
                cell_h,
            )
            for i in range(len(shown))
        ]
        return cells, shown


class HostRevealScene(HostScene):
    def __init__(self, ctx: AppContext, host: ClassroomHost, result: Any) -> None:
        super().__init__(ctx, host)
        self.result = result
        self.question = host.questions[result.question_id]
        self.order = host.choice_order()

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            return self.next()
        if event.key == pygame.K_l and self.host.config.leaderboard != "never":
            return Push(LeaderboardScene(self.ctx, self.host))
        if event.key == pygame.K_n:
            return Push(PlayersScene(self.ctx, self.host))
        if event.key == pygame.K_ESCAPE:
            return self.end_session()
        return None

    def next(self) -> Transition | None:
        if self.host.config.leaderboard == "each":
            return Replace(LeaderboardScene(self.ctx, self.host, then_next=True))
        return self.on_session_events(self.host.command(s.Next(self.host.now())))

    def _key_text(self) -> str:
        """The key as the class saw it: choices by the number they had on the question screen."""
        return right_answer_text(self.question, self.host.choice_order(), shapes=False)

    def draw(self, surface: pygame.Surface) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        q = self.question
        w, h = self.size
        u = ctx.unit()
        m = int(24 * u)
        surface.fill(theme.background)
        board = (
            [("Leaderboard", "L", pygame.K_l)] if self.host.config.leaderboard != "never" else []
        )
        items = [
            ("Next", "Enter", pygame.K_RETURN),
            *board,
            ("Players", "N", pygame.K_n),
            ("End", "Esc", pygame.K_ESCAPE),
        ]
        note = f"{self.result.answered} answered"
        bottom = self.bar_top(items, note) - int(10 * u)
        one_line = self.line_height(ctx.px(30), True)
        need = text_height(ctx.text, q.prompt, w - 2 * m, ctx.px(30), True)
        top = pygame.Rect(m, m // 2, w - 2 * m, max(one_line, min(int(h * 0.16), need)))
        self.text_box(surface, q.prompt, top, ctx.px(30), bold=True, valign="middle")
        label = (
            "Skipped"
            if self.result.skipped
            else "Poll: how the class sees it"
            if not q.graded
            else f"Answer: {self._key_text()}"
        )
        needed = text_height(ctx.text, label, w - 2 * m, ctx.px(26), True)
        one_line = self.line_height(ctx.px(26), True)
        answer = pygame.Rect(m, top.bottom + 6, w - 2 * m, max(one_line, min(needed, int(h * 0.3))))
        self.text_box(
            surface,
            label,
            answer,
            ctx.px(26),
            bold=True,
            color=theme.right if q.graded else theme.accent,
            valign="middle",
        )
        content = pygame.Rect(
            m, answer.bottom + int(10 * u), w - 2 * m, bottom - answer.bottom - int(10 * u)
        )
        source = f"Source: {q.source.label()}" if q.source else ""
        body = (q.explanation or "Discuss: there is no right answer.") + (
            f"\n\n{source}" if source else ""
        )
        side_by_side = (content.width - m) * 9 // 20 >= 16 * max(10, ctx.text.floor)
        if side_by_side:
            chart = pygame.Rect(content.x, content.y, int(content.width * 0.55), content.height)
            self._draw_chart(surface, chart, self.page)
            text = pygame.Rect(
                chart.right + m, chart.y, content.right - chart.right - m, chart.height
            )
            self._draw_explanation(surface, text, body, self.page)
        else:  # large text in a small window: the chart, then the explanation on its own page
            chart_pages = self._draw_chart(surface, content, self.page, count_only=True)
            inner = content.inflate(-int(28 * u), -int(28 * u))
            told = len(text_pages(ctx.text, body, inner, ctx.px(24)))
            if self.page < chart_pages:
                self._draw_chart(surface, content, self.page)
            else:
                self._draw_explanation(surface, content, body, self.page - chart_pages)
            self._pages_now = max(self._pages_now, chart_pages + told)
        self.controls(surface, items, note=note)

    def _draw_explanation(
        self, surface: pygame.Surface, rect: pygame.Rect, body: str, page: int
    ) -> None:
        ctx = self.ctx
        draw_panel(surface, rect, ctx.theme)
        inner = rect.inflate(-int(28 * ctx.unit()), -int(28 * ctx.unit()))
        pages = draw_text_page(
            surface, ctx.text, body, inner, ctx.px(24), page, color=ctx.theme.text
        )
        self._pages_now = max(self._pages_now, pages)

    def _draw_chart(
        self, surface: pygame.Surface, rect: pygame.Rect, page: int, count_only: bool = False
    ) -> int:
        """How the class answered, one row per choice (or outcome): its label and a bar. Rows
        that don't fit at the text size go on further pages; returns how many pages."""
        ctx, theme = self.ctx, self.ctx.theme
        q = self.question
        dist = list(self.result.distribution)
        outcomes: list[Color] = []  # bars that count outcomes, not choices: their own colours
        if q.type in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.POLL):
            order = self.order or list(range(len(dist)))
            labels = [q.choices[i] for i in order]
            values = [dist[i] for i in order]
            right = [i in q.correct for i in order]
        elif q.type is QuestionType.TRUE_FALSE:
            labels, values = ["True", "False"], dist
            right = [bool(q.truth), not q.truth]
        else:  # order, match, text, numeric: how many were right, partly right, wrong
            labels = ["Right", "Partly right", "Wrong"]
            values, right = dist, [False, False, False]  # a label that says it needs no mark
            outcomes = [theme.right, theme.partial, theme.wrong]
        pad = int(14 * ctx.unit())
        inner = rect.inflate(-2 * pad, -2 * pad)
        typed = common_typed(q, (p.response for p in self.result.players))
        label_h = self.line_height(ctx.px(18))
        n = max(1, len(values))
        least_row = label_h + max(6, label_h // 2) + 8
        typed_h = 0
        if typed and not self.result.skipped:
            typed_h = max(inner.height * 9 // 20, (len(typed) + 1) * self.line_height(ctx.px(20)))
            if inner.height - typed_h < least_row:  # the common answers get a page of their own
                typed_h = inner.height
        chart_h = inner.height - typed_h if typed_h < inner.height else inner.height
        row_h = max(least_row, min(chart_h // n, int(90 * ctx.unit())))
        per = max(1, chart_h // row_h)
        bar_pages = -(-len(values) // per)
        pages = bar_pages + (1 if typed_h == inner.height else 0)
        if count_only:
            return pages
        self._pages_now = max(self._pages_now, pages)
        draw_panel(surface, rect, theme)
        page = min(page, pages - 1)
        if typed_h and (typed_h < inner.height or page == bar_pages):
            # The class's most common typed answers below the bars: misconceptions at a glance.
            self._draw_typed(
                surface, pygame.Rect(inner.x, inner.bottom - typed_h, inner.width, typed_h), typed
            )
            if typed_h == inner.height:
                return pages
        top_value = max(values + [1])
        value_w = ctx.fonts.font(max(ctx.px(20), ctx.text.floor), True).size("0000")[0] + 8
        first = page * per
        for k, (label, value) in enumerate(
            list(zip(labels, values, strict=False))[first : first + per]
        ):
            i = first + k
            row = pygame.Rect(inner.x, inner.y + k * row_h, inner.width, row_h - 6)
            line = max(label_h, row.height // 2)
            text_rect = pygame.Rect(row.x + line + 6, row.y, row.width - line - 6, line)
            shape = CHOICE_SHAPES[i % len(CHOICE_SHAPES)]
            draw_shape(
                surface,
                shape,
                (row.x + line // 2, row.y + line // 2),
                max(5, line // 3),
                theme.text,
            )
            marker = "  (right)" if right[i] and q.graded else ""
            number = "" if outcomes else f"{i + 1}  "  # as the question showed it: 2 ◆ …
            shown = clip_line(ctx.text, f"{number}{label}", text_rect.width, ctx.px(18))
            if marker:  # the word "right" is never cut off
                room = (
                    text_rect.width
                    - ctx.fonts.font(max(ctx.px(18), ctx.text.floor)).size(marker)[0]
                )
                shown = clip_line(ctx.text, f"{number}{label}", room, ctx.px(18)) + marker
            ctx.text.fit(
                shown,
                text_rect.width,
                text_rect.height,
                ctx.px(18),
                9,
                color=theme.text,
                max_lines=1,
            ).draw(surface, text_rect, valign="middle")
            bar = pygame.Rect(
                text_rect.x,
                text_rect.bottom + 2,
                text_rect.width - value_w - 4,
                max(6, row.bottom - text_rect.bottom - 4),
            )
            if outcomes:
                color = outcomes[i]
            elif right[i] and q.graded:
                color = theme.right
            else:
                color = theme.choice_colors[i % len(theme.choice_colors)]
            draw_bar(surface, bar, value / top_value, color, theme.panel_border)
            value_rect = pygame.Rect(bar.right + 4, bar.centery - label_h // 2, value_w, label_h)
            ctx.text.fit(
                str(value), value_w, label_h, ctx.px(20), 9, bold=True, color=theme.text
            ).draw(surface, value_rect, valign="middle")
        return pages

    def _draw_typed(
        self, surface: pygame.Surface, rect: pygame.Rect, typed: tuple[TypedCount, ...]
    ) -> None:
        """ "Most common answers" and up to three lines `“senate” × 3`, accepted ones marked in
        words. Student text: drawn folded and cut short (game.core.typed_answers), one line
        each, never with a name."""
        ctx, theme = self.ctx, self.ctx.theme
        line_h = rect.height // (len(typed) + 1)
        head = pygame.Rect(rect.x, rect.y, rect.width, line_h)
        ctx.text.fit(
            clip_line(ctx.text, "Most common answers", head.width, ctx.px(20), True),
            head.width,
            head.height,
            ctx.px(20),
            9,
            bold=True,
            color=theme.muted,
            max_lines=1,
        ).draw(surface, head, valign="middle")
        for i, answer in enumerate(typed):
            row = pygame.Rect(rect.x, rect.y + (i + 1) * line_h, rect.width, line_h)
            verdict = "accepted" if answer.accepted else "not accepted"
            tail = f"\u201d \u00d7 {answer.count:,}  ({verdict})"
            font = ctx.fonts.font(max(ctx.px(20), ctx.text.floor, 10))
            room = row.width - font.size(tail)[0]
            said = clip_line(ctx.text, f"\u201c{answer.text}", room, ctx.px(20))
            ctx.text.fit(
                said + tail,
                row.width,
                row.height,
                ctx.px(20),
                9,
                color=theme.text,
                max_lines=1,
            ).draw(surface, row, valign="middle")


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
        shown = on_the_projector(self.host.state.players, self.host.config.podium_size)
        items = [("Continue", "Enter", pygame.K_RETURN), ("End", "Esc", pygame.K_ESCAPE)]
        self.draw_ranking(surface, "Leaderboard", shown, False, self.bar_top(items))
        self.controls(surface, items)


class PodiumScene(HostScene):
    def animating(self) -> bool:
        return False

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        if event.key == pygame.K_r and self.ctx.classroom is not None:
            return Push(ConfirmReportScene(self.ctx, self.host))  # names on the wall: ask first
        if event.key == pygame.K_o:  # ended by mistake: reopen where it stood
            return self.on_session_events(self.host.command(s.Reopen(self.host.now())))
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_ESCAPE):
            self.host.close()
            return Pop()
        return None

    def resume(self, result: object) -> Transition | None:
        if result == "report" and self.ctx.classroom is not None:
            return Push(ReportScene(self.ctx, self.host.session_id))
        return super().resume(result)

    def draw(self, surface: pygame.Surface) -> None:
        if self.host.config.leaderboard == "never":
            return self._draw_without_ranking(surface)
        # The top places only (5 unless the teacher chose otherwise, never the bottom half of
        # the class); every student sees their own place on their device.
        shown = on_the_projector(self.host.state.players, self.host.config.podium_size)
        note = plural(len(self.host.state.players), "player")
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


class ReportListScene(ListScene):
    heading = "Reports of past sessions"

    def entries(self) -> list[Entry]:
        import time

        items = []
        assert self.ctx.classroom is not None  # the classroom menu opens only with a service
        for info in self.ctx.classroom.sessions():
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(info["created_at"]))
            status = "finished" if info["ended_at"] else "interrupted"
            items.append(
                Entry(
                    f"{when}  {info['title']}",
                    ("report", info["id"]),
                    f"{len(info['config']['question_ids'])} questions, {status}",
                )
            )
        return items or [Entry("No sessions yet", "none", enabled=False)]

    def activate(self, action: object) -> Transition | None:
        if isinstance(action, tuple):  # names on a screen that may be the projector: ask
            return Push(ReportScene(self.ctx, action[1], ask_first=True))
        return None


class ReportScene(Scene):
    """The teacher's report in the game: students, how each question went (percent right as a
    bar, with flags), and actions: practise the most missed (R), write CSV and printable HTML
    files (W), back (Enter or Esc). Arrows or the wheel scroll long lists."""

    def __init__(self, ctx: AppContext, session_id: int, ask_first: bool = False) -> None:
        """`ask_first`: show no names until the teacher confirms (Enter) that this screen may
        show them: it may be the projector (from the list of past sessions)."""
        super().__init__(ctx)
        self.session_id = session_id
        assert ctx.classroom is not None  # the classroom menu opens only with a service
        self.report = ctx.classroom.report(session_id)
        self.status = ""
        self.scroll = 0
        self.asking = ask_first
        self.ask_buttons: list[Button] = []

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        w, h = size
        u = self.ctx.unit()
        m = int(24 * u)
        ctx = self.ctx
        title = self._title()
        head_h = max(int(56 * u), text_height(ctx.text, title, w - 2 * m, ctx.px(30), True))
        self.head = pygame.Rect(m, m // 2, w - 2 * m, head_h)
        labels = [
            ("Practise the most missed", "R", "review"),
            ("Save CSV and HTML", "W", "write"),
            ("Back", "Enter", "back"),
        ]
        bar_h = max(40, int(54 * u), min_button_height(ctx.text))
        gap = int(10 * u)
        rows = key_bar_rows(
            ctx.text, [(a, k, b == "back") for a, k, b in labels], w - 2 * m, gap, bar_h
        )
        actions_h = rows * bar_h + (rows - 1) * gap
        self.actions = pygame.Rect(m, h - actions_h - m // 2, w - 2 * m, actions_h)
        top = self.head.bottom + int(8 * u)
        body_h = self.actions.y - int(10 * u) - top
        split = int((w - 2 * m) * 0.38)
        self.students_rect = pygame.Rect(m, top, split - int(8 * u), body_h)
        self.items_rect = pygame.Rect(
            m + split + int(8 * u), top, w - 2 * m - split - int(8 * u), body_h
        )
        per = -(-len(labels) // rows)
        each = (self.actions.width - (per - 1) * gap) // per
        self.buttons = [
            Button(
                pygame.Rect(
                    self.actions.x + (i % per) * (each + gap),
                    self.actions.y + (i // per) * (bar_h + gap),
                    each,
                    bar_h,
                ),
                action,
                label,
            )
            for i, (label, _, action) in enumerate(labels)
        ]
        self.keys = {action: key for _, key, action in labels}

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if not self.asking:
            return super().handle(event)
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            return self.activate("show")
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            return Pop()
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for button in self.ask_buttons:
                if button.rect.collidepoint(event.pos):
                    return self.activate(button.action)
        return None

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        actions = {
            pygame.K_r: "review",
            pygame.K_w: "write",
            pygame.K_RETURN: "back",
            pygame.K_KP_ENTER: "back",
            pygame.K_ESCAPE: "back",
        }
        if event.key in actions:
            return self.activate(actions[event.key])
        if event.key in (pygame.K_DOWN, pygame.K_PAGEDOWN):
            return self.on_scroll(-1)
        if event.key in (pygame.K_UP, pygame.K_PAGEUP):
            return self.on_scroll(1)
        return None

    def on_scroll(self, amount: int) -> Transition | None:
        longest = max(len(self.report.students), len(self.report.items))
        self.scroll = max(0, min(self.scroll - amount, longest - 1))
        self.ctx.invalidate()
        return None

    def activate(self, action: object) -> Transition | None:
        if action == "show":
            self.asking = False
            self.ctx.invalidate()
            return None
        if action == "back":
            return Pop()
        if action == "write":
            import os

            folder = os.path.join(os.path.expanduser("~"), f"civic-quiz-report-{self.session_id}")
            assert self.ctx.classroom is not None  # the classroom menu opens only with a service
            try:
                written = self.ctx.classroom.write_report(self.session_id, folder)
            except OSError as exc:
                self.status = f"Could not write the report: {exc}"
            else:
                self.status = f"Saved {len(written)} files in {folder}"
            self.ctx.invalidate()
            return None
        if action == "review":
            missed = self.report.review_ids(10)
            if not missed:
                self.status = "Nobody missed a question: nothing to practise."
                self.ctx.invalidate()
                return None
            from game.app.scenes.menus import start_round_scene

            return Replace(start_round_scene(self.ctx, missed, "review"))
        return None

    def _draw_question(self, surface: pygame.Surface) -> None:
        """Before any name shows: may this screen (perhaps the projector) show the report?"""
        surface.fill(self.ctx.theme.background)
        self.ask_buttons = draw_confirm(
            surface,
            self.ctx,
            ConfirmReportScene.title,
            ConfirmReportScene.body,
            (("Back", "Esc", "back"), ("Show the report", "Enter", "show")),
        )

    def draw(self, surface: pygame.Surface) -> None:
        if self.asking:
            return self._draw_question(surface)
        ctx, theme = self.ctx, self.ctx.theme
        surface.fill(theme.background)
        title = self._title()
        if self.status:  # the head grows for a long status ("Saved 3 files in …")
            need = text_height(ctx.text, self.status, self.head.width, ctx.px(30), True)
            self.head.height = max(self.head.height, need)
        ctx.text.fit(
            self.status or title,
            self.head.width,
            self.head.height,
            ctx.px(30),
            11,
            bold=True,
            color=theme.accent,
        ).draw(surface, self.head, valign="middle")
        self._students(surface)
        self._items(surface)
        for button in self.buttons:
            draw_button(
                surface,
                ctx.text,
                theme,
                button.rect,
                button.label,
                key=self.keys[cast(str, button.action)],
                fill=theme.accent if button.action == "back" else None,
                focused=button.action == "back",  # what Enter presses
                max_px=ctx.px(20),
                min_px=9,
                bold=button.action == "back",
            )

    def _title(self) -> str:
        report = self.report
        return (
            f"Session report · {plural(len(report.students), 'student')} · "
            f"{plural(len(report.items), 'graded question')}"
        )

    def _rows(
        self, surface: pygame.Surface, rect: pygame.Rect, heading: str
    ) -> tuple[pygame.Rect, int, int]:
        """A panel with a heading; returns the body rect, the row height and rows that fit."""
        ctx, theme = self.ctx, self.ctx.theme
        draw_panel(surface, rect, theme)
        pad = int(12 * ctx.unit())
        inner = rect.inflate(-2 * pad, -2 * pad)
        head_h = max(22, ctx.px(24), text_height(ctx.text, heading, inner.width, ctx.px(22), True))
        ctx.text.fit(
            heading, inner.width, head_h, ctx.px(22), 10, bold=True, color=theme.text
        ).draw(surface, pygame.Rect(inner.x, inner.y, inner.width, head_h))
        row_h = max(20, ctx.px(24), ctx.fonts.font(max(ctx.px(18), ctx.text.floor)).get_linesize())
        body = pygame.Rect(inner.x, inner.y + head_h + 4, inner.width, inner.height - head_h - 4)
        return body, row_h, max(1, body.height // row_h)

    def _students(self, surface: pygame.Surface) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        body, row_h, fits = self._rows(surface, self.students_rect, "Students: rank, score, right")
        for i, st in enumerate(self.report.students[self.scroll : self.scroll + fits]):
            accuracy = "-" if st.accuracy is None else f"{round(st.accuracy * 100)}%"
            tail = f"  {st.score:,}  ({accuracy})"
            font = ctx.fonts.font(max(ctx.px(18), ctx.text.floor, 10))
            name = clip_line(
                ctx.text, f"{st.rank}. {st.nickname}", body.width - font.size(tail)[0], ctx.px(18)
            )
            ctx.text.fit(
                name + tail,
                body.width,
                row_h,
                ctx.px(18),
                9,
                color=theme.text,
                max_lines=1,
            ).draw(
                surface, pygame.Rect(body.x, body.y + i * row_h, body.width, row_h), valign="middle"
            )

    def _items(self, surface: pygame.Surface) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        body, row_h, fits = self._rows(
            surface, self.items_rect, "Questions: percent right and flags"
        )
        line = row_h
        row_h = 3 * line + 4
        fits = max(1, body.height // row_h)
        for i, item in enumerate(self.report.items[self.scroll : self.scroll + fits]):
            row = pygame.Rect(body.x, body.y + i * row_h, body.width, row_h - 4)
            p = item.p_value or 0.0
            flags = ", ".join(item.flags)
            top_h = 2 * line
            font = ctx.fonts.font(max(ctx.px(18), ctx.text.floor, 10))
            lines = wrap(f"Q{item.index + 1}. {item.prompt}", font, row.width)
            prompt = "\n".join(lines[:2])
            if len(lines) > 2:  # the whole prompt is in the saved report
                prompt = "\n".join(
                    [lines[0], clip_line(ctx.text, lines[1] + " …", row.width, ctx.px(18))]
                )
            ctx.text.fit(
                prompt,
                row.width,
                top_h,
                ctx.px(18),
                9,
                color=theme.text,
                max_lines=2,
            ).draw(surface, pygame.Rect(row.x, row.y, row.width, top_h), valign="middle")
            stats_w = row.width * 2 // 5
            bar = pygame.Rect(
                row.x, row.y + top_h + 2, row.width - stats_w - 8, max(6, (row.height - top_h) // 2)
            )
            draw_bar(
                surface, bar, p, theme.right if p >= 0.5 else theme.partial, theme.panel_border
            )
            stats = f"{round(p * 100)}% right" + (f" · {flags}" if flags else "")
            stats = clip_line(ctx.text, stats, stats_w, ctx.px(16))
            ctx.text.fit(
                stats,
                stats_w,
                row.height - top_h,
                ctx.px(16),
                9,
                color=theme.wrong if flags else theme.muted,
                max_lines=1,
            ).draw(
                surface,
                pygame.Rect(row.right - stats_w, row.y + top_h, stats_w, row.height - top_h),
                valign="middle",
            )
