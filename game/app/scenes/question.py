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

from game.app.answer_inputs import BLANK_PROBLEMS, AnswerInput, make_input
from game.app.question_image import PICTURE_SHARE, beside, draw_question_image, under
from game.app.question_speech import question_speech
from game.app.round_runner import RoundRunner
from game.app.scene import Pop, Push, Replace, Scene, Transition, register
from game.app.text import quiet_sizes
from game.app.voice import Spoken
from game.app.widgets import (
    Button,
    button_width,
    draw_bar,
    draw_button,
    draw_icon,
    draw_panel,
    min_button_height,
    text_height,
)
from game.core.qtypes.registry import qtype
from game.core.round import Phase

if TYPE_CHECKING:
    from game.app.context import AppContext

__all__ = ["QuestionScene"]

TIMER_REDRAW_S = 1 / 15
SLIDE_S = 0.22  # the feedback panel slides up this fast (not at all with reduced motion)
ARM_S = 0.5  # a new screen takes input only this long after it appears (longer than a double-click)


@register("question")
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
        self.hint_rect = pygame.Rect(0, 0, 1, 1)
        # Content taller than the screen (large text, a long question) scrolls in `viewport`.
        self.viewport = pygame.Rect(0, 0, 1, 1)
        self._content: dict[str, pygame.Rect] = {}
        self.content_h = 0
        self.scroll = 0
        self.max_scroll = 0
        self._feedback_seen = False
        # Texts that did not fit one screen (so the body scrolls): the layout lint reports them.
        self.too_long: list[str] = []
        self.image_rect = pygame.Rect(0, 0, 0, 0)  # where the question's picture goes
        self.picture_shown = pygame.Rect(0, 0, 0, 0)  # what it took when last drawn (the lint)

    @property
    def wants_text(self) -> bool:
        return self.input.wants_text and self.runner.state.phase is Phase.ASKING

    def speech(self) -> Spoken:
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
        ctx = self.ctx
        u = ctx.unit()
        m = int(24 * u)
        width = w - 2 * m
        feedback = self.runner.state.phase is not Phase.ASKING
        half = width * 2 // 3
        top_need = max(
            (
                text_height(ctx.text, t, half if i == 0 else width - half, ctx.text.floor)
                for i, t in enumerate(self._top_texts())
            ),
            default=0,
        )
        top_h = max(int(58 * u), top_need + 4 if ctx.text.floor else 0)
        self.top_rect = pygame.Rect(m, m // 2, width, top_h)
        self.timer_rect = pygame.Rect(m, self.top_rect.bottom, width, max(6, int(10 * u)))
        body_top = self.timer_rect.bottom + int(14 * u)
        # The bottom bar: buttons at least wide enough for their labels at the chosen text
        # size, the hint wrapping in what is left (and the bar as tall as the hint needs).
        bottom_h = max(44, int(64 * u), min_button_height(ctx.text))
        gap = max(8, int(12 * u))
        action_w = max(
            min(int(260 * u), width // 3),
            button_width(ctx.text, "See results", bottom_h, key="Enter", bold=True),
        )
        pause_w = max(min(int(130 * u), width // 6), button_width(ctx.text, "Pause", bottom_h))
        skip_w = 0
        if not feedback:
            skip_key = None if self.input.wants_text else "S"
            skip_w = max(
                min(int(150 * u), width // 6),
                button_width(ctx.text, "Skip", bottom_h, key=skip_key),
            )
        left_edge = m + pause_w + (skip_w + gap if skip_w else 0)
        hint_w = width - action_w - pause_w - (skip_w + gap if skip_w else 0) - 36
        hint_need = max(
            text_height(ctx.text, t, max(40, hint_w), ctx.text.floor) for t in self._hints()
        )
        # With large text a hint that does not fit beside the buttons gets its own lines above.
        own_line = bool(ctx.text.floor) and hint_need + 8 > bottom_h
        if own_line:
            hint_w = width
            hint_need = max(text_height(ctx.text, t, hint_w, ctx.text.floor) for t in self._hints())
        if ctx.text.floor and not own_line:
            bottom_h = max(bottom_h, hint_need + 8)
        self.bottom_rect = pygame.Rect(m, h - bottom_h - m // 2, width, bottom_h)
        if own_line:
            self.hint_rect = pygame.Rect(
                m, self.bottom_rect.y - hint_need - 6, width, hint_need + 2
            )
        else:
            self.hint_rect = pygame.Rect(
                left_edge + 12, self.bottom_rect.y, hint_w, self.bottom_rect.height
            )
        self.action_rect = pygame.Rect(
            self.bottom_rect.right - action_w, self.bottom_rect.y, action_w, bottom_h
        )
        self.pause_rect = pygame.Rect(self.bottom_rect.x, self.bottom_rect.y, pause_w, bottom_h)
        self.buttons = [Button(self.action_rect, "action"), Button(self.pause_rect, "pause")]
        self.skip_rect = pygame.Rect(self.pause_rect.right, self.bottom_rect.y, 0, 0)
        if skip_w:
            self.skip_rect = pygame.Rect(
                self.pause_rect.right + gap, self.bottom_rect.y, skip_w, bottom_h
            )
            self.buttons.append(Button(self.skip_rect, "skip"))
        body_bottom = min(self.bottom_rect.y, self.hint_rect.y) - int(14 * u)
        self.viewport = pygame.Rect(m, body_top, width, max(1, body_bottom - body_top))
        self.input.uncapped = False
        self._lay_body(feedback)
        self.too_long = []
        if ctx.text.floor and self._overflows():
            self._lay_tall(feedback)  # the chosen text size wins: the body scrolls instead
        else:
            self.content_h = self.viewport.height
        self.max_scroll = max(0, self.content_h - self.viewport.height)
        if not self.max_scroll:
            self.too_long = []  # laid out again, it fits one screen after all
        if feedback and self.max_scroll and not self._feedback_seen:
            # Show the verdict (and as much of the answers above it as fits).
            fb = self._content["feedback"]
            self.scroll = max(0, fb.bottom - self.viewport.height)
            if fb.height > self.viewport.height:
                self.scroll = fb.top
        self.scroll = max(0, min(self.scroll, self.max_scroll))
        self._place()

    def _lay_body(self, feedback: bool) -> None:
        """The body in the viewport, as one screen: the text fits between its size and the
        floor (content y counts from the viewport's top)."""
        u = self.ctx.unit()
        m, width, body_h = self.viewport.x, self.viewport.width, self.viewport.height
        q = self.runner.question
        picture = bool(q is not None and q.shows_image)
        gap = int(14 * u)
        if feedback:
            # Give the prompt and the explanation the room they need (within limits) and the
            # answers the rest, so short explanations leave more room for long answers.
            text_w = int(width * (1 - PICTURE_SHARE)) if picture else width
            prompt_h = min(self._needed(q.prompt, text_w, 36, True), int(body_h * 0.22))
            if picture:  # the picture beside the prompt stays in view after answering
                prompt_h = int(body_h * 0.22)
            fb_need = self._feedback_need(width) + 2 * max(10, int(16 * u))
            answers_min = self.input.min_height(width)
            if body_h - prompt_h - int(20 * u) - answers_min < fb_need:
                prompt_h = 0  # tight (small window, large text): the prompt was just read
            room = body_h - prompt_h - int(20 * u) - answers_min
            fb_h = max(int(body_h * 0.25), min(fb_need, int(body_h * 0.55), room))
            prompt = pygame.Rect(m, 0, width, prompt_h)
            answer_top = prompt.bottom + int(10 * u)
            fb_top = body_h - fb_h
            answer = pygame.Rect(m, answer_top, width, fb_top - int(10 * u) - answer_top)
            fb = pygame.Rect(m, fb_top, width, fb_h)
        else:
            prompt = pygame.Rect(m, 0, width, int(body_h * (0.36 if picture else 0.30)))
            answer_top = prompt.bottom + int(14 * u)
            answer = pygame.Rect(m, answer_top, width, body_h - answer_top)
            fb = pygame.Rect(0, 0, 0, 0)
        image = pygame.Rect(0, 0, 0, 0)
        if picture and q is not None and prompt.height:
            prompt, image = beside(q, prompt, gap)  # the picture to the right of the prompt
        self._content = {"prompt": prompt, "answer": answer, "feedback": fb, "image": image}
        self._place(0)

    def _lay_tall(self, feedback: bool) -> None:
        """The body taller than the viewport: the prompt, every answer and the feedback each as
        tall as its text needs at the chosen size, one below the other, to scroll through."""
        ctx, q = self.ctx, self.runner.question
        u = ctx.unit()
        m, width = self.viewport.x, self.viewport.width
        gap = int(14 * u)
        prompt_h = text_height(
            ctx.text, self._prompt_text(), width, ctx.px(22 if q.passage else 28), bold=True
        )
        prompt = pygame.Rect(m, 0, width, prompt_h)
        # The picture goes under the prompt, across the width, up to half the screen's height.
        image_h = under(q, width, self.viewport.height // 2) if q is not None else 0
        image = (
            pygame.Rect(m, prompt.bottom + gap, width, image_h) if image_h else prompt.move(0, 0)
        )
        image.height = image_h
        top = image.bottom if image_h else prompt.bottom
        fb_h = self._feedback_need(width) + 2 * max(10, int(16 * u)) if feedback else 0
        answer_h = max(
            self.input.min_height(width),
            self.viewport.height - top - gap - (fb_h + gap if feedback else 0),
        )
        self.input.uncapped = True
        limit = 40 * max(1, self.viewport.height)

        def fits(height: int) -> bool:
            answer = pygame.Rect(m, top + gap, width, height)
            self._content = {
                "prompt": prompt,
                "answer": answer,
                "feedback": pygame.Rect(0, 0, 0, 0),
                "image": image,
            }
            self._place(0)
            return not self._overflows(only_input=True)

        low, high = answer_h, answer_h  # grow until it fits, then find the least that fits
        while not fits(high) and high < limit:
            low, high = high, int(high * 1.5) + 8
        while high - low > 2:
            middle = (low + high) // 2
            if fits(middle):
                high = middle
            else:
                low = middle
        fits(high)
        answer = self._content["answer"].move(0, 0)
        empty = pygame.Rect(0, 0, 0, 0)
        fb = pygame.Rect(m, answer.bottom + gap, width, fb_h) if feedback else empty
        self._content["feedback"] = fb
        self.content_h = fb.bottom if feedback else answer.bottom

    def _place(self, scroll: int | None = None) -> None:
        """Put the content on screen, scrolled by `scroll` (default: the current scroll)."""
        dy = self.viewport.y - (self.scroll if scroll is None else scroll)
        self.prompt_rect = self._content["prompt"].move(0, dy)
        self.image_rect = self._content.get("image", pygame.Rect(0, 0, 0, 0)).move(0, dy)
        self.feedback_rect = self._content["feedback"].move(0, dy)
        self.input.layout(self._content["answer"].move(0, dy))

    def _overflows(self, only_input: bool = False) -> bool:
        """Whether some text of the body does not fit at the floor (drawn off-screen to see)."""
        cache = self.ctx.text
        mark = len(cache.overflowed)
        scratch = pygame.Surface((1, 1))
        with quiet_sizes():
            if only_input:
                self.input.draw(scratch, None, self.runner.state.phase is not Phase.ASKING)
            else:
                self._draw_body(scratch, slide=1.0)
        over = len(cache.overflowed) > mark or self.input.overflow
        if not only_input:
            self.too_long = cache.overflowed[mark:]
        del cache.overflowed[mark:]
        return over

    def scroll_by(self, pixels: int) -> None:
        scroll = max(0, min(self.scroll + pixels, self.max_scroll))
        if scroll != self.scroll:
            self.scroll = scroll
            self._place()
            self.ctx.invalidate()

    def _keep_focus_in_view(self) -> None:
        rect = self.input.focus_rect()
        if rect is None or not self.max_scroll:
            return
        if rect.top < self.viewport.top:
            self.scroll_by(rect.top - self.viewport.top - 8)
        elif rect.bottom > self.viewport.bottom:
            self.scroll_by(
                min(rect.bottom - self.viewport.bottom + 8, rect.top - self.viewport.top)
            )

    def _top_texts(self) -> list[str]:
        started = self.runner.last_started
        q = self.runner.question if not self.runner.finished else None
        if q is None or started is None:
            return []
        left = f"Question {started.number} of {started.total}  ·  {q.topic}"
        if started.reask:
            left = f"Second try at a missed question  ·  {q.topic}"
        return [left, "Streak 99  ·  Score 99,999"]

    def _hints(self) -> list[str]:
        """Every text the hint line may show in this phase (the bar fits the longest)."""
        q = self.runner.question
        if q is None:
            return [""]
        scroll = "  ·  PgUp/PgDn scroll"
        if self.runner.state.phase is not Phase.ASKING:
            return ["Enter or Space: next  ·  " + self.esc_hint + scroll]
        n = len(q.choices) if q.choices else 2
        hint = self.input.hint.format(n=n) + "  ·  " + self.esc_hint
        if self.input.wants_text:
            hint = self.input.text_hint + "  ·  Ctrl+S skips  ·  " + self.esc_hint
        problem = BLANK_PROBLEMS.get(q.type, "Answer first").format(n=n)
        return [hint + scroll, problem]

    def _prompt_text(self) -> str:
        q = self.runner.question
        if q is None:
            return ""
        # A document-based question shows its passage, quoted and cited, above the prompt; a
        # long one scrolls with the rest of the body.
        prompt = qtype(q).shown_prompt(q)  # cloze numbers its gaps
        if q.passage is None:
            return prompt
        return f"“{q.passage.text}”\n{q.passage.citation_line()}\n\n{prompt}"

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
        if event.type == pygame.MOUSEWHEEL:
            self.scroll_by(-event.y * max(40, self.viewport.height // 6))
            return None
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            step = max(40, self.viewport.height * 4 // 5)
            self.scroll_by(step if event.key == pygame.K_PAGEDOWN else -step)
            return None
        if (
            event.type == pygame.MOUSEBUTTONDOWN
            and self.max_scroll
            and not self.viewport.collidepoint(event.pos)
            and not any(b.rect.collidepoint(event.pos) for b in self.buttons)
        ):
            return None  # a part of the body scrolled out of view takes no clicks
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
            if event.type == pygame.KEYDOWN:
                self._keep_focus_in_view()
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

    def pause(self) -> Transition:
        self.input.stop()
        if self.runner.state.phase is Phase.ASKING:
            self.paused_at = self.ctx.wall()
        return Push.named("pause", self.ctx)

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
            return Replace.named("summary", self.ctx, self.runner)
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
        if self.runner.state.phase is not Phase.ASKING:
            self._feedback_seen = True  # from now on the student scrolls the feedback screen
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
        surface.set_clip(self.viewport.inflate(8, 8))  # room for the focus ring
        self._draw_body(surface, self._slide())
        surface.set_clip(None)
        revealed = phase is not Phase.ASKING
        if self.max_scroll:
            self._draw_scrollbar(surface)
        # bottom bar
        hint = self._hints()[0]
        if not self.max_scroll:
            hint = hint.replace("  ·  PgUp/PgDn scroll", "")
        if not revealed:
            label = "Submit"
        else:
            label = "See results" if runner.state.index + 1 >= len(runner.state.queue) else "Next"
        hint_rect = self.hint_rect
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

    def _draw_body(self, surface: pygame.Surface, slide: float) -> None:
        """The prompt, the answers and (after answering) the feedback."""
        ctx, theme, q = self.ctx, self.ctx.theme, self.runner.question
        if q is None:
            return
        if self.prompt_rect.height:
            ctx.text.fit(
                self._prompt_text(),
                self.prompt_rect.width,
                self.prompt_rect.height,
                ctx.px(24 if q.passage else 36),
                # The prompt stays a size above the rest: at a large text size it scrolls
                # rather than shrink to the floor.
                max(ctx.px(12 if q.passage else 15), ctx.text.floor * (1 if q.passage else 5) // 4),
                bold=True,
                color=theme.text,
            ).draw(surface, self.prompt_rect, valign="middle")
        if self.image_rect.width and self.image_rect.height:
            self.picture_shown = draw_question_image(surface, ctx, q, self.image_rect)
        revealed = self.runner.state.phase is not Phase.ASKING
        self.input.draw(surface, None, revealed)
        if revealed:
            self._draw_feedback(surface, slide)

    def _draw_scrollbar(self, surface: pygame.Surface) -> None:
        """Where the view is in content taller than the screen (PgUp/PgDn and the wheel move)."""
        theme = self.ctx.theme
        track = pygame.Rect(
            self.viewport.right + max(4, self.viewport.x // 4),
            self.viewport.y,
            max(4, self.viewport.x // 3),
            self.viewport.height,
        )
        pygame.draw.rect(surface, theme.panel_border, track, border_radius=track.width // 2)
        share = self.viewport.height / max(1, self.content_h)
        thumb = track.copy()
        thumb.height = max(track.width * 2, int(track.height * share))
        thumb.y = track.y + int(
            (track.height - thumb.height) * self.scroll / max(1, self.max_scroll)
        )
        pygame.draw.rect(surface, theme.text, thumb, border_radius=track.width // 2)

    def _close_spelling(self) -> bool:
        """Whether a typed answer was accepted with a small spelling slip."""
        q, graded = self.runner.question, self.runner.last_graded
        if q is None or graded is None:
            return False
        return qtype(q).slipped(q, graded.record.response)

    def _draw_feedback(self, surface: pygame.Surface, slide: float = 1.0) -> None:
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
        rect = self.feedback_rect.move(0, int((1 - slide) * self.feedback_rect.height))
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
        body = q.explanation or ("Talk it over: there is no right answer." if not q.graded else "")
        source_h = 0
        if source:  # the room it needs, up to what the explanation leaves (at least a third)
            spare = (
                inner.height - verdict_h - 8 - (self._needed(body, inner.width, 22) if body else 0)
            )
            source_h = min(self._needed(source, inner.width, 15), max(inner.height // 3, spare))
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
