"""The question screen: the prompt, the answer input, the timer, then feedback on the same screen.

Asking: the input takes keys and clicks; Enter (or the Submit button) submits what is entered,
and with nothing entered says "pick an answer first" and records nothing. S (Ctrl+S while typing)
or the Skip button skips the question, recorded as skipped.
Feedback: the right answer is shown in place, with the explanation and the source below;
Enter, Space or the Next button moves on. Esc opens the pause menu at any time.

Input guard (answers nobody gave): every screen of a question — the question itself, its feedback,
and the question again after a pause — is armed `ARM_S` after it appears; until then keys, typing
and clicks other than Esc/Pause are ignored. So a second Enter or a double-click meant for Next
can't answer the question that replaced it, though Next and Submit share one place. A key held
down can't get past the guard either: the loop turns key repeat off for Enter, Space and every
other key that acts (see `game.app.loop`), so a held key makes exactly one press, which happened
before the new screen appeared.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.app.answer_inputs import AnswerInput, make_input
from game.app.passage_view import PassageView
from game.app.round_runner import RoundRunner
from game.app.scene import Pop, Push, Replace, Scene, Transition
from game.app.voice import Spoken
from game.app.widgets import Button, draw_bar, draw_button, draw_icon, draw_panel
from game.core.answers import match_text
from game.core.model import QuestionType
from game.core.round import Phase

if TYPE_CHECKING:
    from game.app.context import AppContext

__all__ = ["QuestionScene"]

TYPE_HINTS = {
    QuestionType.SINGLE: "Press 1-{n} or click a choice, then Enter",
    QuestionType.MULTIPLE: "Select every right choice with 1-{n} or clicks, then Enter",
    QuestionType.TRUE_FALSE: "Press 1 (T) for True or 2 (F) for False, then Enter",
    QuestionType.ORDER: "Space grabs a row, arrows move it (or drag), then Enter",
    QuestionType.MATCH: "Pick a number, then its letter (or click both), then Enter",
    QuestionType.TEXT: "Type your answer, then Enter",
    QuestionType.NUMERIC: "Type a number, then Enter",
    QuestionType.POLL: "Your view: press 1-{n} or click, then Enter (not scored)",
}
TIMER_REDRAW_S = 1 / 15
SLIDE_S = 0.22  # the feedback panel slides up this fast (not at all with reduced motion)
ARM_S = 0.5  # a new screen takes input only this long after it appears (longer than a double-click)


class QuestionScene(Scene):
    def __init__(self, ctx: AppContext, runner: RoundRunner) -> None:
        super().__init__(ctx)
        self.runner = runner
        self.input: AnswerInput = make_input(ctx, runner.question)
        self.last_timer_draw = 0.0
        self.last_tick_second: int | None = None
        self.paused_at: float | None = None
        self.feedback_since: float | None = None  # monotonic time the feedback appeared
        self.armed_at = 0.0  # monotonic time from which this screen takes answers
        self.arming = False
        self.notice = ""  # why Enter did nothing ("pick an answer first")
        self.esc_hint = "Esc pause"  # what Esc does here (the preview quits instead)
        q = runner.question
        self.passage = PassageView(q.passage) if q is not None and q.passage else None
        self.passage_rect = pygame.Rect(0, 0, 0, 0)

    @property
    def wants_text(self) -> bool:
        return self.input.wants_text and self.runner.state.phase is Phase.ASKING

    def speech(self) -> Spoken:
        from game.app.question_speech import question_speech

        return question_speech(self)

    # -- lifecycle ----------------------------------------------------------------------------

    def enter(self) -> None:
        self.input.start()
        self._arm()

    def _arm(self) -> None:
        self.armed_at = self.ctx.now() + ARM_S
        self.arming = True

    def armed(self) -> bool:
        return self.ctx.now() >= self.armed_at

    def exit(self) -> None:
        self.input.stop()

    def resume(self, result: object) -> Transition | None:
        if self.paused_at is not None:
            self.runner.resume(self.ctx.wall() - self.paused_at)
            self.paused_at = None
        if result == "quit-round":
            return Pop()
        self._arm()
        if self.runner.state.phase is Phase.ASKING:
            self.input.start()
        self.layout(self.ctx.size)
        return None

    # -- layout -------------------------------------------------------------------------------

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        w, h = size
        u = self.ctx.unit()
        m = int(24 * u)
        top_h = int(58 * u)
        bottom_h = max(44, int(64 * u))
        self.top_rect = pygame.Rect(m, m // 2, w - 2 * m, top_h)
        self.timer_rect = pygame.Rect(m, self.top_rect.bottom, w - 2 * m, max(6, int(10 * u)))
        body_top = self.timer_rect.bottom + int(14 * u)
        self.bottom_rect = pygame.Rect(m, h - bottom_h - m // 2, w - 2 * m, bottom_h)
        body_h = self.bottom_rect.y - int(14 * u) - body_top
        feedback = self.runner.state.phase is not Phase.ASKING
        width = w - 2 * m
        if feedback:
            # Give the prompt and the explanation the room they need (within limits) and the
            # answers the rest, so short explanations leave more room for long answers.
            q = self.runner.question
            prompt_h = min(  # a passage is shown above the prompt: room for both
                self._needed(q.prompt, width, 24 if q.passage else 36, True)
                + self._passage_need(width),
                int(body_h * (0.30 if q.passage else 0.22)),
            )
            fb_need = self._feedback_need(width) + 2 * max(10, int(16 * u))
            answers_min = self.input.min_height(width)
            if body_h - prompt_h - int(20 * u) - answers_min < fb_need:
                prompt_h = 0  # tight (small window, large text): the prompt was just read
            room = body_h - prompt_h - int(20 * u) - answers_min
            fb_h = max(int(body_h * 0.25), min(fb_need, int(body_h * 0.55), room))
            self.prompt_rect = pygame.Rect(m, body_top, width, prompt_h)
            answer_top = self.prompt_rect.bottom + int(10 * u)
            fb_top = self.bottom_rect.y - int(10 * u) - fb_h
            self.answer_rect = pygame.Rect(m, answer_top, width, fb_top - int(10 * u) - answer_top)
            self.feedback_rect = pygame.Rect(m, fb_top, width, fb_h)
        else:
            top_h = int(body_h * 0.30)
            if self.passage is not None:  # a passage and its prompt share the top, up to 46 %
                need = self._needed(self.runner.question.prompt, width, 24, True)
                need += self._passage_need(width, 20)  # roomier while it is being read
                top_h = max(top_h, min(need, int(body_h * 0.46)))
            self.prompt_rect = pygame.Rect(m, body_top, width, top_h)
            answer_top = self.prompt_rect.bottom + int(14 * u)
            self.answer_rect = pygame.Rect(
                m, answer_top, width, self.bottom_rect.y - int(14 * u) - answer_top
            )
            self.feedback_rect = pygame.Rect(0, 0, 0, 0)
        self._split_for_passage()
        self.input.layout(self.answer_rect)
        action_w = min(int(260 * u), self.bottom_rect.width // 3)
        self.action_rect = pygame.Rect(
            self.bottom_rect.right - action_w, self.bottom_rect.y, action_w, self.bottom_rect.height
        )
        pause_w = min(int(130 * u), self.bottom_rect.width // 6)
        self.pause_rect = pygame.Rect(
            self.bottom_rect.x, self.bottom_rect.y, pause_w, self.bottom_rect.height
        )
        self.buttons = [Button(self.action_rect, "action"), Button(self.pause_rect, "pause")]
        self.skip_rect = pygame.Rect(self.pause_rect.right, self.bottom_rect.y, 0, 0)
        if not feedback:
            skip_w = min(int(150 * u), self.bottom_rect.width // 6)
            self.skip_rect = pygame.Rect(
                self.pause_rect.right + max(8, int(12 * u)),
                self.bottom_rect.y,
                skip_w,
                self.bottom_rect.height,
            )
            self.buttons.append(Button(self.skip_rect, "skip"))

    def _passage_need(self, width: int, base_px: int = 16) -> int:
        """Room the passage takes whole at `base_px` (scaled), with the gap to the prompt."""
        if self.passage is None:
            return 0
        px = self.ctx.px(base_px)
        return self.passage.height_for(self.ctx, width, px) + int(8 * self.ctx.unit())

    def _split_for_passage(self) -> None:
        """A document-based question: its passage above, the prompt below, in the prompt's room."""
        rect = self.prompt_rect
        self.passage_rect = pygame.Rect(rect.x, rect.y, rect.width, 0)
        q = self.runner.question
        if self.passage is None or q is None or not rect.height:
            return
        gap = int(8 * self.ctx.unit())
        prompt_h = min(self._needed(q.prompt, rect.width, 24, True), (rect.height - gap) * 2 // 5)
        self.passage_rect.height = max(0, rect.height - prompt_h - gap)
        self.prompt_rect = pygame.Rect(rect.x, self.passage_rect.bottom + gap, rect.width, prompt_h)

    def _needed(self, text: str, width: int, base_px: int, bold: bool = False) -> int:
        """Height `text` takes at its full size in `width`."""
        block = self.ctx.text.fit(
            text, width, 100_000, self.ctx.px(base_px), 10, bold=bold, probe=True
        )
        return block.height

    def _feedback_need(self, width: int) -> int:
        q = self.runner.question
        pad = 2 * max(10, int(16 * self.ctx.unit()))
        verdict = max(24, self.ctx.px(30) + 8)
        body = self._needed(
            q.explanation or "Talk it over: there is no right answer.", width - pad, 22
        )
        source = self._needed(q.citation_line(), width - pad, 15) if q.citations else 0
        return verdict + body + source + 12

    # -- input --------------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            return self.pause()
        if self.passage is not None and self._scroll_passage(event):
            return None
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for button in self.buttons:
                if button.rect.collidepoint(event.pos):
                    if button.action == "pause":
                        return self.pause()
                    if not self.armed():
                        return None
                    return self.skip() if button.action == "skip" else self.act()
        if not self.armed() and event.type in (
            pygame.KEYDOWN,
            pygame.TEXTINPUT,
            pygame.TEXTEDITING,
            pygame.MOUSEBUTTONDOWN,
        ):
            return None  # pressed before this screen could be seen: never an answer
        if self.runner.state.phase is Phase.ASKING:
            if (
                event.type == pygame.KEYDOWN
                and event.key == pygame.K_s
                and (event.mod & pygame.KMOD_CTRL or not self.input.wants_text)
            ):
                return self.skip()
            if self.input.handle(event) == "submit":
                return self.act()
            if event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN, pygame.TEXTINPUT):
                self.notice = ""
            return None
        if event.type == pygame.KEYDOWN and event.key in (
            pygame.K_RETURN,
            pygame.K_KP_ENTER,
            pygame.K_SPACE,
        ):
            return self.act()
        return None

    def _scroll_passage(self, event: pygame.event.Event) -> bool:
        """Page Up/Down and the wheel scroll a long passage; True if the event was theirs."""
        assert self.passage is not None
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            step = self.passage.page()
            self.passage.scroll(step if event.key == pygame.K_PAGEDOWN else -step)
        elif event.type == pygame.MOUSEWHEEL:
            self.passage.scroll(-event.y)
        else:
            return False
        self.ctx.invalidate()
        return True

    def pause(self) -> Transition:
        from game.app.scenes.menus import PauseScene

        self.input.stop()
        if self.runner.state.phase is Phase.ASKING:
            self.paused_at = self.ctx.wall()
        return Push(PauseScene(self.ctx))

    def act(self) -> Transition | None:
        phase = self.runner.state.phase
        if phase is Phase.ASKING:
            problem = self.input.problem()
            if problem:
                self.notice = problem  # nothing is recorded
                self.ctx.play("wrong")
                self.ctx.invalidate()
                return None
            self.runner.submit(self.input.response())
            self._show_feedback()
            return None
        if phase is Phase.FEEDBACK:
            self.runner.next()
            return self._after_next()
        return None

    def skip(self) -> Transition | None:
        """Skip the question on purpose: recorded as skipped (a miss), then its feedback."""
        if self.runner.state.phase is not Phase.ASKING:
            return None
        self.runner.skip()
        self._show_feedback()
        return None

    def _show_feedback(self) -> None:
        self.notice = ""
        self._arm()
        self.input.stop()
        self.layout(self.ctx.size)
        if not self.ctx.settings.reduced_motion:
            self.feedback_since = self.ctx.now()
        self.ctx.invalidate()

    def _slide(self) -> float:
        """How far the feedback panel has come in, 0–1 (1: in place)."""
        if self.feedback_since is None:
            return 1.0
        t = (self.ctx.now() - self.feedback_since) / SLIDE_S
        if t >= 1.0:
            self.feedback_since = None
            return 1.0
        return 1 - (1 - max(0.0, t)) ** 3  # ease out

    def _after_next(self) -> Transition | None:
        if self.runner.finished:
            from game.app.scenes.summary import SummaryScene

            return Replace(SummaryScene(self.ctx, self.runner))
        return Replace(QuestionScene(self.ctx, self.runner))

    # -- time ---------------------------------------------------------------------------------

    def animating(self) -> bool:
        return (
            self.arming
            or self.feedback_since is not None
            or (self.runner.deadline() is not None and self.paused_at is None)
        )

    def update(self, now: float) -> Transition | None:
        if self.feedback_since is not None:
            self.ctx.invalidate()
        if self.arming and self.armed():
            self.arming = False
            self.ctx.invalidate()  # the Submit/Next button lights up
        deadline = self.runner.deadline()
        if deadline is None:
            return None
        wall = self.ctx.wall()
        remaining = deadline - wall
        if remaining <= 0:
            self.runner.time_up()
            self._show_feedback()
            return None
        second = int(remaining)
        if remaining <= 5 and second != self.last_tick_second:
            self.last_tick_second = second
            self.ctx.play("tick")
        if (
            wall - self.last_timer_draw >= TIMER_REDRAW_S
            or self.ctx.settings.reduced_motion
            and second != self.last_tick_second
        ):
            self.last_timer_draw = wall
            self.ctx.invalidate()
        return None

    # -- drawing ------------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        surface.fill(theme.background)
        runner = self.runner
        started = runner.last_started
        q = runner.question if not runner.finished else None
        if q is None or started is None:
            return
        phase = runner.state.phase
        # top bar
        left = f"Question {started.number} of {started.total}  ·  {q.topic}"
        if started.reask:
            left = f"Second try at a missed question  ·  {q.topic}"
        half = self.top_rect.width * 2 // 3
        ctx.text.fit(left, half, self.top_rect.height, ctx.px(22), 11, color=theme.muted).draw(
            surface,
            pygame.Rect(self.top_rect.x, self.top_rect.y, half, self.top_rect.height),
            valign="middle",
        )
        score = f"Score {runner.state.score:,}"
        if runner.state.streak >= 2:
            score = f"Streak {runner.state.streak}  ·  " + score
        ctx.text.fit(
            score,
            self.top_rect.width - half,
            self.top_rect.height,
            ctx.px(24),
            11,
            bold=True,
            color=theme.text,
        ).draw(
            surface,
            pygame.Rect(
                self.top_rect.x + half,
                self.top_rect.y,
                self.top_rect.width - half,
                self.top_rect.height,
            ),
            align="right",
            valign="middle",
        )
        deadline = runner.deadline()
        if deadline is not None and started.time_limit_s:
            remaining = max(0.0, deadline - (self.paused_at or ctx.wall()))
            share = remaining / started.time_limit_s
            color = theme.wrong if remaining <= 5 else theme.accent
            draw_bar(surface, self.timer_rect, share, color, theme.panel)
        # prompt
        if self.passage is not None and self.passage_rect.height:
            self.passage.draw(surface, ctx, self.passage_rect, ctx.px(22), ctx.px(16))
        if self.prompt_rect.height:
            ctx.text.fit(
                q.prompt,
                self.prompt_rect.width,
                self.prompt_rect.height,
                ctx.px(24 if q.passage else 36),
                min(ctx.px(36), ctx.px(12 if q.passage else 15)),
                bold=True,
                color=theme.text,
            ).draw(surface, self.prompt_rect, valign="middle")
        # answer
        revealed = phase is not Phase.ASKING
        self.input.draw(surface, None, revealed)
        if revealed:
            self._draw_feedback(surface)
        # bottom bar
        if not revealed:
            n = len(q.choices) if q.choices else 2
            hint = TYPE_HINTS[q.type].format(n=n) + "  ·  " + self.esc_hint
            if self.input.wants_text:
                hint = "Enter submits  ·  Ctrl+S skips  ·  " + self.esc_hint
            label = "Submit"
        else:
            hint = "Enter or Space: next  ·  " + self.esc_hint
            label = "See results" if runner.state.index + 1 >= len(runner.state.queue) else "Next"
        left_edge = max(self.pause_rect.right, self.skip_rect.right)
        hint_rect = pygame.Rect(
            left_edge + 12,
            self.bottom_rect.y,
            self.action_rect.x - left_edge - 24,
            self.bottom_rect.height,
        )
        hint_color = theme.muted
        if self.notice and not revealed:
            hint, hint_color = self.notice, theme.wrong
        ctx.text.fit(
            hint, hint_rect.width, hint_rect.height, ctx.px(18), 10, color=hint_color
        ).draw(surface, hint_rect, valign="middle")
        if not revealed and self.skip_rect.width:
            draw_button(
                surface,
                ctx.text,
                theme,
                self.skip_rect,
                "Skip",
                key=None if self.input.wants_text else "S",  # Ctrl+S: said in the hint
                align="center" if self.input.wants_text else "left",
                max_px=ctx.px(20),
                min_px=10,
            )
        draw_button(
            surface,
            ctx.text,
            theme,
            self.pause_rect,
            "Pause",
            align="center",
            max_px=ctx.px(20),
            min_px=10,
        )
        draw_button(
            surface,
            ctx.text,
            theme,
            self.action_rect,
            label,
            key="Enter",
            fill=theme.accent if self.armed() else theme.panel,
            focused=revealed,  # after answering, Enter goes on: the focus is on Next
            max_px=ctx.px(24),
            min_px=10,
            bold=True,
        )

    def _close_spelling(self) -> bool:
        """Whether a typed answer was accepted with a small spelling slip."""
        q, graded = self.runner.question, self.runner.last_graded
        if q is None or graded is None or q.type is not QuestionType.TEXT:
            return False
        typed = graded.record.response
        match = match_text(q, typed) if isinstance(typed, str) else None
        return match is not None and not match.exact

    def _draw_feedback(self, surface: pygame.Surface) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        graded = self.runner.last_graded
        q = self.runner.question
        if graded is None or q is None:
            return
        record = graded.record
        if not q.graded:
            verdict, color = "Your view is recorded (polls are not scored)", theme.accent
        elif record.timed_out:
            verdict, color = "Time's up", theme.wrong
        elif record.skipped:
            verdict, color = "Skipped: here is the answer", theme.muted
        elif record.correct and self._close_spelling():
            verdict = f"Close — check the spelling  +{record.points:,} points"
            color = theme.right
        elif record.correct:
            verdict, color = f"Right!  +{record.points:,} points", theme.right
        elif record.credit > 0:
            verdict = f"Partly right ({round(record.credit * 100)}%)  +{record.points:,} points"
            color = theme.partial
        else:
            verdict, color = "Not quite", theme.wrong
        rect = self.feedback_rect.move(0, int((1 - self._slide()) * self.feedback_rect.height))
        draw_panel(surface, rect, theme, border=color, width=max(3, theme.border_width))
        pad = max(10, int(16 * ctx.unit()))
        inner = rect.inflate(-2 * pad, -2 * pad)
        verdict_h = min(inner.height // 3, max(24, ctx.px(30) + 8))
        verdict_rect = pygame.Rect(inner.x, inner.y, inner.width, verdict_h)
        icon = {theme.right: "right", theme.wrong: "wrong", theme.partial: "partial"}.get(color)
        if icon:  # an icon and a word, never colour alone
            square = pygame.Rect(inner.x, inner.y, verdict_h, verdict_h)
            draw_icon(surface, icon, square.inflate(-verdict_h // 6, -verdict_h // 6), color)
            verdict_rect = pygame.Rect(
                square.right + 8, inner.y, inner.width - verdict_h - 8, verdict_h
            )
        ctx.text.fit(
            verdict, verdict_rect.width, verdict_h, ctx.px(30), 12, bold=True, color=color
        ).draw(surface, verdict_rect, valign="middle")
        source = q.citation_line()  # each source with its kind: "[opinion] Title, locator"
        source_h = min(inner.height // 3, self._needed(source, inner.width, 15)) if source else 0
        body = q.explanation or ("Talk it over: there is no right answer." if not q.graded else "")
        body_rect = pygame.Rect(
            inner.x, inner.y + verdict_h + 4, inner.width, inner.height - verdict_h - source_h - 8
        )
        block = ctx.text.fit(
            body, body_rect.width, body_rect.height, ctx.px(22), 11, color=theme.text
        )
        block.draw(surface, body_rect)
        if source:
            source_rect = pygame.Rect(inner.x, inner.bottom - source_h, inner.width, source_h)
            src = ctx.text.fit(
                source, source_rect.width, source_rect.height, ctx.px(15), 10, color=theme.muted
            )
            src.draw(surface, source_rect, valign="bottom")
