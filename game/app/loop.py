"""The game loop: window, events, redraw only when needed.

One frame: take the pending events (window-wide keys first: F11 fullscreen, M mute, resize,
close), hand the rest to the top scene, apply the transition it returns, let an animating scene
update, and draw only if something asked for it. When nothing moves and no input comes, the
loop sleeps briefly instead of spinning, so an idle menu costs almost no CPU.

`App.step(events)` runs exactly one frame with the given events: tests and benchmarks drive the
real loop with synthetic events and a fake clock through it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import replace

import pygame

from game.app.context import AppContext
from game.app.scene import Scene, SceneStack
from game.app.widgets import draw_notice_line

__all__ = ["App", "MIN_SIZE"]

MIN_SIZE = (800, 600)
FPS = 60
IDLE_SLEEP_S = 1 / 40


class App:
    def __init__(
        self, ctx: AppContext, size: tuple[int, int] = (1280, 720), fullscreen: bool = False
    ) -> None:
        self.ctx = ctx
        pygame.display.init()
        pygame.font.init()
        pygame.display.set_caption("Civic Quiz")
        self.windowed_size = (max(MIN_SIZE[0], size[0]), max(MIN_SIZE[1], size[1]))
        self.fullscreen = False
        self.screen = pygame.display.set_mode(self.windowed_size, pygame.RESIZABLE)
        if fullscreen:
            self.toggle_fullscreen()
        ctx.size = self.screen.get_size()
        self.stack = SceneStack()
        self.clock = pygame.time.Clock()
        self.frames_drawn = 0
        pygame.key.set_repeat(350, 40)

    # -- window -------------------------------------------------------------------------------

    def toggle_fullscreen(self) -> None:
        self.fullscreen = not self.fullscreen
        if self.fullscreen:
            self.screen = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        else:
            self.screen = pygame.display.set_mode(self.windowed_size, pygame.RESIZABLE)
        self.relayout()

    def resize(self, size: tuple[int, int]) -> None:
        size = (max(MIN_SIZE[0], size[0]), max(MIN_SIZE[1], size[1]))
        self.windowed_size = size
        if self.screen.get_size() != size:
            self.screen = pygame.display.set_mode(size, pygame.RESIZABLE)
        self.relayout()

    def relayout(self) -> None:
        self.ctx.size = self.screen.get_size()
        for scene in self.stack.scenes:
            scene.layout(self.ctx.size)
        self.ctx.invalidate()

    # -- frames ---------------------------------------------------------------------------------

    def start(self, scene: Scene) -> None:
        self.stack.push(scene, self.ctx.size)
        self.ctx.invalidate()

    def step(self, events: Iterable[pygame.event.Event]) -> bool:
        """Run one frame with these events; False once the game should quit."""
        for event in events:
            if not self._window_event(event):
                self.stack.apply(self.stack.top.handle(event), self.ctx.size)
                if event.type in (
                    pygame.KEYDOWN,
                    pygame.MOUSEBUTTONDOWN,
                    pygame.MOUSEBUTTONUP,
                    pygame.TEXTINPUT,
                    pygame.TEXTEDITING,
                ):
                    self.ctx.invalidate()
            if self.stack.quit:
                return False
        top = self.stack.top
        if top.animating():
            self.stack.apply(top.update(self.ctx.now()), self.ctx.size)
            if self.stack.quit:
                return False
        if self.ctx.dirty:
            self.ctx.narrate(self.stack.top)  # self-voicing speaks what changed
            self.draw()
        return True

    def _window_event(self, event: pygame.event.Event) -> bool:
        """Handle window-wide events; True if consumed."""
        if event.type == pygame.QUIT:
            self.stack.quit = True
            return True
        if event.type == pygame.VIDEORESIZE and not self.fullscreen:
            self.resize((event.w, event.h))
            return True
        if event.type in (pygame.WINDOWEXPOSED, pygame.WINDOWRESTORED, pygame.WINDOWSIZECHANGED):
            if event.type == pygame.WINDOWSIZECHANGED and not self.fullscreen:
                self.resize(self.screen.get_size())
            self.ctx.invalidate()
            return True
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_F11:
                self.toggle_fullscreen()
                return True
            if event.key == pygame.K_m and not getattr(self.stack.top, "wants_text", False):
                settings = self.ctx.settings
                self.ctx.change_settings(replace(settings, sound=not settings.sound))
                return True
            if event.key == pygame.K_v and not getattr(self.stack.top, "wants_text", False):
                settings = self.ctx.settings
                self.ctx.change_settings(replace(settings, self_voicing=not settings.self_voicing))
                return True
            if event.key == pygame.K_t and event.mod & pygame.KMOD_CTRL:
                if self.ctx.settings.self_voicing:
                    self.ctx.voice.say_timer(self.stack.top.speech())
                return True
        return False

    def draw(self) -> None:
        self.ctx.dirty = False
        for scene in self.stack.visible():
            scene.draw(self.screen)
        if self.ctx.settings.self_voicing and self.ctx.speech.notice:
            draw_notice_line(self.screen, self.ctx.text, self.ctx.theme, self.ctx.speech.notice)
        pygame.display.flip()
        self.frames_drawn += 1

    def run(self, *scenes: Scene, max_frames: int | None = None) -> None:
        """The real loop until the player quits (or `max_frames`, for smoke tests).

        `scenes` are stacked in order: the last one is shown first.
        """
        for scene in scenes:
            self.start(scene)
        frames = 0
        while max_frames is None or frames < max_frames:
            frames += 1
            events = pygame.event.get()
            if not events and not self.ctx.dirty and not self.stack.top.animating():
                # pygame's event.wait(timeout) polls in a busy loop (about 2 % of a core);
                # a short sleep answers input within a frame or two and costs almost nothing.
                time.sleep(IDLE_SLEEP_S)
                continue
            if not self.step(events):
                break
            if self.stack.top.animating():
                self.clock.tick(FPS)
        for scene in reversed(self.stack.scenes):
            scene.exit()
