"""Preview for authors: one bank in the real game, reloaded whenever the file is saved.

Shows a question exactly as players see it; answer it to try the input. Keys:
PageDown / PageUp (or Ctrl+Right / Ctrl+Left) next and previous question, Tab the feedback
screen on or off, F1 / F2 / F3 window size 800×600, 1280×720, 1920×1080, Esc quits. When the
file is broken, its problems (file, line, message) fill the window instead, until it is fixed.
Nothing is saved to any player's progress.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, cast

import pygame

from game.app.offscreen import question_scene
from game.app.scene import Quit, Scene, Transition, register
from game.app.widgets import draw_panel
from game.content.loader import load_paths
from game.content.problems import format_text
from game.core.selection import question_index

if TYPE_CHECKING:
    from game.app.context import AppContext

__all__ = ["PREVIEW_SIZES", "PreviewScene"]

PREVIEW_SIZES = {pygame.K_F1: (800, 600), pygame.K_F2: (1280, 720), pygame.K_F3: (1920, 1080)}
POLL_S = 0.4


@register("preview")
class PreviewScene(Scene):
    def __init__(self, ctx: AppContext, path: Path, question_id: str | None = None) -> None:
        super().__init__(ctx)
        self.path = path
        self.question_id = question_id
        self.answered = False
        self.inner: Scene | None = None
        self.errors = ""
        self.stamp: tuple[float, int] | None = None
        self.last_poll = 0.0
        self.reloads = 0
        self.reload()

    # -- file ---------------------------------------------------------------------------------

    def _stat(self) -> tuple[float, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_mtime, st.st_size)

    def reload(self) -> None:
        self.stamp = self._stat()
        self.reloads += 1
        result = load_paths([self.path])
        errors = [p for p in result.problems if p.is_error]
        questions = [q for b in result.banks for q in b.questions]
        if errors or not questions:
            self.errors = format_text(errors) if errors else f"{self.path}: no questions yet"
            self.inner = None
        else:
            self.errors = ""
            self.ctx.banks = result
            self.ctx.questions = question_index(result.banks)
            self.ctx.bank_versions = {b.id: b.version for b in result.banks}
            ids = [q.id for q in questions]
            if self.question_id not in ids:
                self.question_id = ids[0]
            self._show()
        self.ctx.invalidate()

    def _show(self) -> None:
        if self.inner is not None:
            self.inner.exit()
        question = self.ctx.questions[self.question_id]  # type: ignore[index]
        self.inner = question_scene(self.ctx, question, self.answered)
        self.inner.esc_hint = "Esc quits the preview"  # type: ignore[attr-defined]
        self.size = self.size if self.size != (0, 0) else self.ctx.size
        self.inner.layout(self._inner_size())
        if not self.answered:
            self.inner.enter()

    # -- scene --------------------------------------------------------------------------------

    def _bar_height(self) -> int:
        return max(18, self.ctx.px(15) + 4)

    def _inner_size(self) -> tuple[int, int]:
        return (self.size[0], self.size[1] - self._bar_height())

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        if self.inner is not None:
            self.inner.layout(self._inner_size())

    def animating(self) -> bool:
        return True  # keeps polling the file; nothing is redrawn until something changes

    def update(self, now: float) -> Transition | None:
        wall = self.ctx.wall()
        if wall - self.last_poll >= POLL_S:
            self.last_poll = wall
            if self._stat() != self.stamp:
                self.reload()
        if self.inner is not None and self.inner.animating():
            self.inner.update(now)
        return None

    def _step(self, delta: int) -> None:
        ids = list(self.ctx.questions)
        if self.question_id in ids:
            self.question_id = ids[(ids.index(self.question_id) + delta) % len(ids)]
            self._show()
            self.ctx.invalidate()

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame.KEYDOWN:
            key, ctrl = event.key, event.mod & pygame.KMOD_CTRL
            if key == pygame.K_ESCAPE:
                return Quit()
            if key in PREVIEW_SIZES:
                w, h = PREVIEW_SIZES[key]
                pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=w, h=h, size=(w, h)))
                return None
            if key == pygame.K_TAB and self.inner is not None:
                self.answered = not self.answered
                self._show()
                return None
            if key == pygame.K_PAGEDOWN or (ctrl and key == pygame.K_RIGHT):
                self._step(1)
                return None
            if key == pygame.K_PAGEUP or (ctrl and key == pygame.K_LEFT):
                self._step(-1)
                return None
        # Try the question; a pause or a finished one-question round starts it over.
        if self.inner is not None and self.inner.handle(event) is not None:
            self.answered = False
            self._show()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        if self.inner is not None:
            w, h = self._inner_size()
            self.inner.draw(surface.subsurface(pygame.Rect(0, 0, w, h)))
            ids = list(ctx.questions)
            label = (
                f"PREVIEW {self.path.name} · {self.question_id} "
                f"({ids.index(cast(str, self.question_id)) + 1}/{len(ids)}) · PgUp/PgDn question · "
                "Tab feedback · F1-F3 size · Esc quit · reloads on save"
            )
            bar = pygame.Rect(0, h, w, self._bar_height())
            pygame.draw.rect(surface, theme.accent, bar)
            ctx.text.fit(
                label,
                bar.width - 12,
                bar.height,
                ctx.px(14),
                9,
                color=theme.accent_text,
                max_lines=1,
            ).draw(surface, bar.inflate(-12, 0), valign="middle")
            return
        surface.fill(theme.background)
        u = ctx.unit()
        panel = pygame.Rect(
            int(30 * u), int(30 * u), self.size[0] - int(60 * u), self.size[1] - int(60 * u)
        )
        draw_panel(surface, panel, theme, border=theme.wrong, width=4)
        inner = panel.inflate(-int(40 * u), -int(40 * u))
        head_h = int(56 * u)
        ctx.text.fit(
            f"{self.path.name} has problems: fix and save, the preview reloads",
            inner.width,
            head_h,
            ctx.px(30),
            12,
            bold=True,
            color=theme.wrong,
        ).draw(surface, pygame.Rect(inner.x, inner.y, inner.width, head_h), valign="middle")
        body = pygame.Rect(inner.x, inner.y + head_h + 8, inner.width, inner.height - head_h - 8)
        ctx.text.fit(self.errors, body.width, body.height, ctx.px(20), 10, color=theme.text).draw(
            surface, body
        )
