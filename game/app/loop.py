"""The game loop: window, events, redraw only when needed.

One frame: take the pending events (window-wide keys first: F11 fullscreen, M mute, resize,
close), hand the rest to the top scene, apply the transition it returns, let an animating scene
update, and draw only if something asked for it. When nothing moves and no input comes, the
loop sleeps briefly instead of spinning, so an idle menu costs almost no CPU.

Part of the window: a scene that knows only a small part changed (the projector's answer count,
its countdown) asks for that area alone (`AppContext.invalidate_area`). The loop then draws the
screens as usual but clipped to the area, and shows only it (`App.draw_area`): what is drawn is
exactly what a whole redraw would draw there, and everything outside is left as it was, at a
fraction of the cost (a 1920×1080 redraw fills and copies 2 million pixels).

`App.step(events)` runs exactly one frame with the given events: tests and benchmarks drive the
real loop with synthetic events and a fake clock through it. `App.poll()` takes the pending
events from pygame's queue the way the real loop does.

Key repeat: a held key makes one press. pygame repeats held keys (set_repeat below) only so that
arrows, Backspace and Delete keep moving and deleting; `HeldKeys` drops the repeats of every
other key, so a held Enter or Space can never answer a question that appeared after it was
pressed (see the input guard in `game.app.scenes.question`).

No display: when SDL finds no screen (no DISPLAY or WAYLAND_DISPLAY) it may fall back to a
driver that draws nowhere, and the game would run invisibly; `App` refuses to start then with
`NoDisplayError`, unless SDL_VIDEODRIVER asked for such a driver (as the headless tests do).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import replace

import pygame

from game.app.context import AppContext
from game.app.scene import Scene, SceneStack
from game.app.widgets import draw_notice_line

__all__ = ["App", "HeldKeys", "MIN_SIZE", "NoDisplayError", "fit_window"]

MIN_SIZE = (800, 600)
DEFAULT_SIZE = (1280, 720)
DESKTOP_MARGIN = (40, 80)  # room for the window's title bar and the desktop's panels
FPS = 60
IDLE_SLEEP_S = 1 / 40
# A frame that did not redraw the whole screen may work ahead (Scene.idle) until this long
# after it began: well inside a 60 Hz frame's 16.7 ms, whatever the frame did before.
FRAME_WORK_S = 0.006
REPEAT_DELAY_MS, REPEAT_INTERVAL_MS = 350, 40
REPEATABLE = frozenset(
    {pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN, pygame.K_BACKSPACE, pygame.K_DELETE}
)
INVISIBLE_DRIVERS = frozenset({"dummy", "offscreen"})


def fit_window(desktop: tuple[int, int], wanted: tuple[int, int] | None) -> tuple[int, int] | None:
    """The window size for a desktop: `wanted` (default 1280x720) shrunk to leave room for the
    title bar and panels; None (full screen) when even 800x600 doesn't fit beside them, as on a
    1024x600 netbook. An explicit `wanted` size is kept if it fits the desktop itself."""
    room = (desktop[0] - DESKTOP_MARGIN[0], desktop[1] - DESKTOP_MARGIN[1])
    if wanted is not None:
        if wanted[0] <= desktop[0] and wanted[1] <= desktop[1]:
            return wanted
        room = desktop
    else:
        wanted = DEFAULT_SIZE
    size = (min(wanted[0], room[0]), min(wanted[1], room[1]))
    if size[0] < MIN_SIZE[0] or size[1] < MIN_SIZE[1]:
        return None
    return size


class NoDisplayError(RuntimeError):
    """There is no screen to show the game on."""


class HeldKeys:
    """Keeps track of the keys held down and drops their repeats, except for `REPEATABLE` keys."""

    def __init__(self) -> None:
        self.down: set[int] = set()

    def filter(self, events: Iterable[pygame.event.Event]) -> list[pygame.event.Event]:
        kept = []
        for event in events:
            if event.type == pygame.KEYDOWN:
                if event.key in self.down and event.key not in REPEATABLE:
                    continue  # a repeat of a held key: not a new press
                self.down.add(event.key)
            elif event.type == pygame.KEYUP:
                self.down.discard(event.key)
            elif event.type == pygame.WINDOWFOCUSLOST:
                self.down.clear()  # its key-ups may go to another window
            kept.append(event)
        return kept


class App:
    def __init__(
        self,
        ctx: AppContext,
        size: tuple[int, int] | None = DEFAULT_SIZE,
        fullscreen: bool = False,
        desktop: tuple[int, int] | None = None,
    ) -> None:
        """`size` None: fit the desktop (`desktop`, default the first screen's size)."""
        self.ctx = ctx
        try:
            pygame.display.init()
        except pygame.error as exc:
            raise NoDisplayError(
                f"no display found ({exc}): start Civic Quiz from a desktop"
            ) from exc
        driver = pygame.display.get_driver()
        if driver in INVISIBLE_DRIVERS and os.environ.get("SDL_VIDEODRIVER") != driver:
            pygame.display.quit()
            raise NoDisplayError(
                "no display found: Civic Quiz needs a desktop session to show its window "
                "(neither DISPLAY nor WAYLAND_DISPLAY is set). Start it from the desktop, or "
                "use the commands that need no window: civic-quiz --help."
            )
        pygame.font.init()
        pygame.display.set_caption("Civic Quiz")
        if size is None or desktop is not None:
            screens = pygame.display.get_desktop_sizes()
            desktop = desktop or (screens[0] if screens else DEFAULT_SIZE)
            fitted = fit_window(desktop, size)
            if fitted is None:
                fullscreen = True  # a small screen: all of it
            size = fitted or MIN_SIZE
        self.windowed_size = (max(MIN_SIZE[0], size[0]), max(MIN_SIZE[1], size[1]))
        self.fullscreen = False
        self.stack = SceneStack()  # before toggle_fullscreen, which lays the scenes out
        self.screen = pygame.display.set_mode(self.windowed_size, pygame.RESIZABLE)
        if fullscreen:
            self.toggle_fullscreen()
        ctx.size = self.screen.get_size()
        self.clock = pygame.time.Clock()
        self.frames_drawn = 0
        self.areas_drawn = 0  # redraws of part of the window (draw_area)
        self.held = HeldKeys()
        pygame.key.set_repeat(REPEAT_DELAY_MS, REPEAT_INTERVAL_MS)

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
        started = time.perf_counter()
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
            self.ctx.frame_shown()
            return True
        if self.ctx.dirty_areas:
            self.ctx.narrate(self.stack.top)
            self.draw_area()
        self.ctx.frame_shown()
        if time.perf_counter() < started + FRAME_WORK_S:  # a frame with time to spare
            self.stack.top.idle(started + FRAME_WORK_S)
        return True

    def poll(self) -> list[pygame.event.Event]:
        """The pending events from pygame's queue, without the repeats of held keys."""
        return self.held.filter(pygame.event.get())

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
        self.ctx.dirty_areas.clear()
        for scene in self.stack.visible():
            scene.apply_text_floor()
            scene.draw(self.screen)
        if self.ctx.settings.self_voicing and self.ctx.speech.notice:
            draw_notice_line(self.screen, self.ctx.text, self.ctx.theme, self.ctx.speech.notice)
        pygame.display.flip()
        self.frames_drawn += 1

    def draw_area(self) -> None:
        """Redraw only the areas asked for: the screens drawn clipped to them, then only they
        are shown. The notice line (self-voicing) may cover any of them: then all is drawn."""
        areas, self.ctx.dirty_areas = self.ctx.dirty_areas, []
        if self.ctx.settings.self_voicing and self.ctx.speech.notice:
            self.draw()
            return
        screen = self.screen.get_rect()
        shown = [clipped for a in areas if (clipped := a.clip(screen))]
        if not shown:
            return
        apart = not any(a.colliderect(b) for i, a in enumerate(shown) for b in shown[i + 1 :])
        try:  # apart: each drawn on its own, so nothing between them is drawn for nothing
            for clip in shown if apart else [shown[0].unionall(shown[1:])]:
                self.screen.set_clip(clip)
                for scene in self.stack.visible():
                    scene.apply_text_floor()
                    scene.draw(self.screen)
        finally:
            self.screen.set_clip(None)
        # Only the areas asked for go to the display, not all that lies between them (on a
        # real window that copy is what a frame costs most: the lobby's heading and page line
        # with the names between them were most of a 1920x1080 screen).
        pygame.display.update([a.clip(screen) for a in areas])
        self.areas_drawn += 1

    def run(self, *scenes: Scene, max_frames: int | None = None) -> None:
        """The real loop until the player quits (or `max_frames`, for smoke tests).

        `scenes` are stacked in order: the last one is shown first.
        """
        for scene in scenes:
            self.start(scene)
        frames = 0
        while max_frames is None or frames < max_frames:
            frames += 1
            events = self.poll()
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
