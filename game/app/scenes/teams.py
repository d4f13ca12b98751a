"""Teams on one screen, for a class with one computer and no student devices.

Two to eight teams take turns, or buzz in: F1…F8 on the keyboard, or buttons 1…8 of a USB
gamepad, each stand for a team. The teacher enters (or confirms) the answering team's answer
with the same inputs a solo player uses, Enter submits it, and the reveal, explanation and team
scores follow. The session runs in the same engine as a live one (each team is a player), so it
is saved and reported the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from game.app.answer_inputs import AnswerInput, ChoiceInput, make_input
from game.app.passage_view import PassageView
from game.app.question_image import beside, draw_question_image
from game.app.scene import Pop, Replace, Transition, register
from game.app.scenes.classroom.host import HostScene
from game.app.text import quiet_sizes
from game.app.theme import TEAM_RGB, Color
from game.app.widgets import (
    draw_button,
    draw_panel,
    draw_verdict,
    key_bar_rows,
    min_button_height,
)
from game.core import session as s
from game.core.answers import response_from_json, response_to_json
from game.core.qtypes.registry import qtype
from game.core.review import given_answer_text, right_answer_text

if TYPE_CHECKING:
    from game.app.context import AppContext
    from game.core.ports import ClassroomHost

__all__ = ["TEAM_NAMES", "TeamsScene", "team_color"]

TEAM_NAMES = tuple(TEAM_RGB)  # Red, Blue, Green, Gold, Purple, Orange, Teal, Silver
BUZZ_KEYS = [getattr(pygame, f"K_F{n}") for n in range(1, 9)]
PAGE_KEYS = (pygame.K_PAGEDOWN, pygame.K_PAGEUP)


def team_color(nickname: str, position: int) -> Color:
    """The colour a team is named after ("Team Gold" is gold), the same in both themes."""
    name = nickname.split()[-1] if nickname.split() else ""
    return TEAM_RGB.get(name, TEAM_RGB[TEAM_NAMES[position % len(TEAM_NAMES)]])


@register("teams")
class TeamsScene(HostScene):
    def __init__(self, ctx: AppContext, host: ClassroomHost, team_count: int) -> None:
        super().__init__(ctx, host)
        now = host.now()
        if not host.state.players:
            for i in range(team_count):
                host.command(s.Join(f"team-{i + 1}", f"Team {TEAM_NAMES[i]}", now))
        self.input: AnswerInput | None = None
        self.passage: PassageView | None = None  # a document-based question's passage
        self.passage_rect = pygame.Rect(0, 0, 0, 0)
        self.image_rect = pygame.Rect(0, 0, 0, 0)  # the question's picture, beside the prompt
        self.answering: int | None = None  # player id of the team whose answer is entered
        self.notice = ""  # why Enter recorded nothing ("pick an answer first")
        self.turn = 0
        self.revealed: Any = None
        self.split = False  # the prompt and the answer buttons on pages of their own
        self.input_h = 0  # split: the answer buttons' height, and where each page of them starts
        self.input_tops: list[int] = [0]
        self._joysticks: list[Any] = []
        try:
            pygame.joystick.init()
            self._joysticks = [
                pygame.joystick.Joystick(i) for i in range(pygame.joystick.get_count())
            ]
        except pygame.error:
            self._joysticks = []

    def teams(self) -> list[Any]:
        return sorted(self.host.state.players.values(), key=lambda p: p.id)

    def animating(self) -> bool:
        return False  # nothing arrives over the network: only keys move this screen

    def _open_question(self) -> None:
        st = self.host.state
        question = self.host.questions[self.host.config.question_ids[st.index]]
        self.input = make_input(self.ctx, question)
        self.passage = PassageView(question.passage) if question.passage is not None else None
        order = self.host.choice_order()
        if isinstance(self.input, ChoiceInput) and sorted(order) == list(self.input.order):
            # the session's order, so the report names choices as the class saw them
            self.input.order = list(order)
        self.notice = ""
        teams = self.teams()
        self.answering = teams[self.turn % len(teams)].id
        self.turn += 1
        self.revealed = None
        self.layout(self.size)

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        w, h = size
        u = self.ctx.unit()
        m = int(24 * u)
        row_h = max(int(50 * u), min_button_height(self.ctx.text))
        self.score_rows = key_bar_rows(self.ctx.text, self._score_labels(), w - 2 * m, 6, row_h)
        self.score_rect = pygame.Rect(m, m // 2, w - 2 * m, row_h * self.score_rows)
        self.prompt_rect = pygame.Rect(
            m, self.score_rect.bottom + int(10 * u), w - 2 * m, int(h * 0.22)
        )
        self.passage_rect = pygame.Rect(m, self.prompt_rect.y, w - 2 * m, 0)
        if self.passage is not None:  # the passage above, the prompt below it
            self.passage_rect.height = int(h * 0.24)
            self.prompt_rect = pygame.Rect(
                m, self.passage_rect.bottom + int(8 * u), w - 2 * m, int(h * 0.12)
            )
        self.image_rect = pygame.Rect(0, 0, 0, 0)
        st = self.host.state
        if st.phase is not s.SessionPhase.LOBBY and 0 <= st.index < len(
            self.host.config.question_ids
        ):
            question = self.host.questions[self.host.config.question_ids[st.index]]
            if question.shows_image:  # its picture to the right of the prompt (question_image.py)
                self.prompt_rect.height = int(h * (0.3 if self.passage is None else 0.18))
                self.prompt_rect, self.image_rect = beside(question, self.prompt_rect, int(16 * u))
        bottom = min(
            self.bar_top(self._keys()), h - self.footer_height("Page 9/9 (PgDn) · " + self._hint())
        ) - int(10 * u)
        self.body = pygame.Rect(
            m,
            self.prompt_rect.bottom + int(10 * u),
            w - 2 * m,
            bottom - self.prompt_rect.bottom - int(20 * u),
        )
        self.whole = pygame.Rect(m, self.prompt_rect.y, w - 2 * m, bottom - self.prompt_rect.y)
        self.split = False
        if self.input is not None:
            self.input.layout(self.body)
            if self._input_overflows():
                # Large text in a small window: the prompt gets the screen, and the answer
                # buttons follow on the next page (PgDn; the number keys work on either).
                # That page has the whole screen (the prompt page names the team).
                self.split = True
                self.input.uncapped = True
                self.whole = pygame.Rect(m, m // 2, w - 2 * m, bottom - m // 2)
                self._lay_tall_input()

    def _lay_tall_input(self) -> None:
        """The answer buttons as tall as their text needs at the floor, in pages of the
        screen's height (a page starts at the first button the one before did not show)."""
        assert self.input is not None
        whole = self.whole

        def fits(height: int) -> bool:
            assert self.input is not None
            self.input.layout(pygame.Rect(whole.x, whole.y, whole.width, height))
            return not self._input_overflows()

        low = high = whole.height
        while not fits(high) and high < 40 * whole.height:
            low, high = high, int(high * 1.5) + 8
        while high - low > 2:
            middle = (low + high) // 2
            if fits(middle):
                high = middle
            else:
                low = middle
        fits(high)
        self.input_h = high
        self.input_tops = [0]
        for rect in sorted((b.rect for b in self.input.buttons), key=lambda r: r.y):
            top = rect.y - whole.y
            if rect.bottom - whole.y > self.input_tops[-1] + whole.height and top > 0:
                self.input_tops.append(top)
        self.input.layout(pygame.Rect(whole.x, whole.y, whole.width, high))

    def _input_overflows(self) -> bool:
        """Whether the answer buttons' text does not fit at the floor (drawn off-screen)."""
        assert self.input is not None
        cache = self.ctx.text
        mark = len(cache.overflowed)
        with quiet_sizes():
            self.input.draw(pygame.Surface((1, 1)), None, False)
        over = len(cache.overflowed) > mark or self.input.overflow
        del cache.overflowed[mark:]
        return over

    def _score_labels(self) -> list[tuple[str, str, bool]]:
        """Each team's cell on the scoreboard (its score as wide as it may grow)."""
        return [
            (f"{team.nickname.split()[-1]} {max(team.score, 99_999):,}", f"F{i + 1}", False)
            for i, team in enumerate(self.teams())
        ]

    def _keys(self) -> list[tuple[str, str, int]]:
        return [("Next", "Enter", pygame.K_RETURN), ("End", "Esc", pygame.K_ESCAPE)]

    def _hint(self) -> str:
        return self.notice or "Enter the team's answer, then Enter · F1-F8 buzz in · Esc end"

    def handle(self, event: pygame.event.Event) -> Transition | None:
        paging = self.pages > 1 and (self.split or self.host.state.phase is s.SessionPhase.REVEAL)
        if paging and event.type == pygame.KEYDOWN and event.key in PAGE_KEYS:
            return super().handle(event)  # the next page
        st = self.host.state
        now = self.host.now()
        buzz = None
        if event.type == pygame.KEYDOWN and event.key in BUZZ_KEYS:
            buzz = BUZZ_KEYS.index(event.key)
        elif event.type == pygame.JOYBUTTONDOWN:
            buzz = event.button
        if buzz is not None and st.phase is s.SessionPhase.QUESTION:
            teams = self.teams()
            if buzz < len(teams):
                self.answering = teams[buzz].id
                self.ctx.play("select")
                self.ctx.invalidate()
            return None
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for button in self.buttons:  # the reveal's bar: a click does what its key does
                if button.rect.collidepoint(event.pos) and isinstance(button.action, tuple):
                    return self.handle(pygame.event.Event(pygame.KEYDOWN, key=button.action[1]))
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            if st.phase is s.SessionPhase.LOBBY:
                self.host.close()
                return Pop()
            return self.end_session()  # asks first; see resume
        if st.phase is s.SessionPhase.LOBBY:
            if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                return self._events(self.host.command(s.Start(now)))
            return None
        if (
            self.passage is not None
            and event.type == pygame.KEYDOWN
            and event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN)
        ):  # scroll a long passage
            step = self.passage.page()
            self.passage.scroll(step if event.key == pygame.K_PAGEDOWN else -step)
            self.ctx.invalidate()
            return None
        if st.phase is s.SessionPhase.QUESTION and self.input is not None:
            if self.split and self.page == 0 and event.type == pygame.MOUSEBUTTONDOWN:
                return None  # the prompt's page: the answer buttons are not shown
            if self.input.handle(event) == "submit" and self.answering is not None:
                self.notice = self.input.problem() or ""
                if self.notice:  # nothing chosen: say so and record nothing
                    self.ctx.invalidate()
                    return None
                response = response_to_json(self.input.response())
                events = self.host.command(s.Submit(self.answering, st.index, response, now))
                if self.host.state.phase is s.SessionPhase.QUESTION:
                    events += self.host.command(s.Reveal(now))
                return self._events(events)
            return None
        if (
            st.phase is s.SessionPhase.REVEAL
            and event.type == pygame.KEYDOWN
            and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)
        ):
            return self._events(self.host.command(s.Next(now)))
        return None

    def resume(self, result: object) -> Transition | None:
        """Back from "End the session?": Enter ended it, or the session moved on meanwhile."""
        if result == "end":
            return self._events(self.host.command(s.End(self.host.now())))
        if isinstance(result, tuple) and result[0] == "events":
            return self._events(result[1])
        return None

    def _events(self, events: list[Any]) -> Transition | None:
        for event in events:
            if isinstance(event, s.QuestionOpened):
                self._open_question()
            elif isinstance(event, s.Revealed):
                self.revealed = event.result
                mine = next(
                    (p for p in event.result.players if p.player_id == self.answering), None
                )
                self.ctx.play("right" if mine and mine.correct else "wrong")
            elif isinstance(event, s.Finished):
                return Replace.named("podium", self.ctx, self.host)
        self.ctx.invalidate()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        self._draw(surface)
        self.draw_save_banner(surface)

    def _draw(self, surface: pygame.Surface) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        st = self.host.state
        surface.fill(theme.background)
        self.buttons = []  # only the reveal has a bar to click
        teams = self.teams()
        if self.split and self.page > 0 and st.phase is s.SessionPhase.QUESTION:
            teams = []  # the answer buttons' page: the whole screen for them
        # scoreboard strip (two rows when the teams don't fit one at the text size)
        per = -(-len(teams) // self.score_rows)
        cell_w = self.score_rect.width // max(1, per)
        row_h = self.score_rect.height // self.score_rows
        for i, team in enumerate(teams):
            cell = pygame.Rect(
                self.score_rect.x + (i % per) * cell_w,
                self.score_rect.y + (i // per) * row_h,
                cell_w - 6,
                row_h - (4 if self.score_rows > 1 else 0),
            )
            fill = team_color(team.nickname, i)
            draw_button(
                surface,
                ctx.text,
                theme,
                cell,
                f"{team.nickname.split()[-1]} {team.score:,}",
                key=f"F{i + 1}",
                fill=fill,
                selected=team.id == self.answering and st.phase is s.SessionPhase.QUESTION,
                max_px=ctx.px(20),
                min_px=9,
                text_color=theme.feedback_text,
            )
        if st.phase is s.SessionPhase.LOBBY:
            self.text_box(
                surface,
                "Teams are ready. Take turns, or buzz in with F1-F8 (or gamepad "
                "buttons 1-8). Enter starts; Esc goes back.",
                self.body,
                ctx.px(34),
                align="center",
                valign="middle",
            )
            return
        if st.phase is s.SessionPhase.FINISHED or st.index < 0:
            return
        question = self.host.questions[self.host.config.question_ids[st.index]]
        team = st.players.get(self.answering) if self.answering else None
        prefix = (
            f"{team.nickname} answers: " if team and st.phase is s.SessionPhase.QUESTION else ""
        )
        asking = st.phase is s.SessionPhase.QUESTION and self.input is not None
        self.passage_shown = False
        body = self.body
        least = 3 * ctx.fonts.font(max(ctx.px(32), ctx.text.floor), True).get_linesize()
        # The reveal with little room (large text, small window): the passage was read while
        # asking, and the verdict takes its place.
        no_passage = not asking and body.height < least + int(40 * ctx.unit())
        if no_passage and self.passage is not None:
            body = pygame.Rect(
                body.x, self.passage_rect.y, body.width, body.bottom - self.passage_rect.y
            )
        if not (asking and self.split and self.page > 0):
            prompt = self.prompt_rect
            if asking and self.split:
                prompt = prompt.copy()
                prompt.height = self.whole.bottom - prompt.y
            if self.passage is not None and not no_passage:
                self.passage.draw(surface, ctx, self.passage_rect, ctx.px(30), ctx.px(20))
                self.passage_shown = True
            if not (no_passage and self.passage is not None):
                self.text_box(
                    surface,
                    prefix + qtype(question).shown_prompt(question),  # cloze numbers its gaps
                    prompt,
                    ctx.px(36),
                    bold=True,
                    valign="middle",
                )
                draw_question_image(surface, ctx, question, self.image_rect)
        if asking and self.input is not None:
            if self.split:
                self._pages_now = max(self._pages_now, 1 + len(self.input_tops))
                if self.page > 0:
                    top = self.input_tops[min(self.page, len(self.input_tops)) - 1]
                    whole = self.whole
                    self.input.layout(
                        pygame.Rect(whole.x, whole.y - top, whole.width, self.input_h)
                    )
                    surface.set_clip(whole)
                    self.input.draw(surface, None, False)
                    surface.set_clip(None)
            else:
                self.input.draw(surface, None, False)
            self.pages, self._pages_now = self._pages_now, 1
            hint = self._hint()
            if self.pages > 1:
                hint = f"Page {min(self.page, self.pages - 1) + 1}/{self.pages} (PgDn) · " + hint
            self.footer(surface, hint)
            return
        result = self.revealed
        mine = (
            next((p for p in result.players if p.player_id == self.answering), None)
            if result
            else None
        )
        if mine and mine.correct:
            # as solo says it: a typed answer forgiven a spelling slip is right, but said so
            slip = qtype(question).slipped(question, response_from_json(question, mine.response))
            verdict = "Close — check the spelling" if slip else "Right!"
            kind, color = "right", theme.right
        elif mine and mine.credit > 0:
            kind, verdict, color = "partial", "Partly right", theme.partial
        else:
            kind, verdict, color = "wrong", "Not this time", theme.wrong
        if mine and mine.points:
            verdict += f"  +{mine.points:,}"
        draw_panel(surface, body, theme, border=color, width=max(3, theme.border_width))
        inner = body.inflate(-int(40 * ctx.unit()), -int(40 * ctx.unit()))
        # The verdict as solo's feedback shows it: an icon and a word, never colour alone.
        verdict_h = draw_verdict(surface, ctx.text, inner, kind, verdict, color, ctx.px(32))
        least = ctx.fonts.font(max(ctx.px(28), ctx.text.floor)).get_linesize()
        inner = pygame.Rect(
            inner.x, inner.y + verdict_h + 6, inner.width, max(least, inner.height - verdict_h - 6)
        )
        key = right_answer_text(question, self.host.choice_order(), shapes=False)  # as shown
        team = st.players.get(self.answering) if self.answering is not None else None
        given = given_answer_text(question, mine.response, self.host.choice_order()) if mine else ""
        said = f"{team.nickname} answered: {given}\n" if team and given else ""  # every gap
        text = f"{said}Answer: {key}\n\n{question.explanation}" + (
            f"\n\nSource: {question.source.label()}" if question.source else ""
        )
        self.text_box(surface, text, inner, ctx.px(28))
        # The bar, as on the live reveal: the ring is on the button Enter presses.
        self.controls(surface, self._keys())
