"""Scenes and the scene stack.

A scene draws one screen and turns input into actions. It never changes another scene: it
returns a transition (`Push`, `Pop`, `Replace`, `Quit`) and the stack applies it after the handler
returns. Scenes lay themselves out in `layout(size)` (on entering and on every resize) and keep
the clickable areas they drew, so the same rectangles serve drawing and hit-testing.

Screens register by name, as Textual's do (`App.SCREENS`, `push_screen("name")`): each scene
module puts its classes in the registry with `@register("name")`, and a screen that opens another
asks for it by name (`Push.named("history", ctx)`, `new_scene("lobby", ctx, host)`) instead of
importing its module. So no scene module imports another, and adding a screen touches no other
screen's imports (tests/app/test_scene_registry.py checks both).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any, TypeVar

import pygame

from game.app.voice import Spoken
from game.app.widgets import Button

if TYPE_CHECKING:
    from game.app.context import AppContext

__all__ = [
    "Pop",
    "Push",
    "Quit",
    "Replace",
    "Scene",
    "SceneStack",
    "Transition",
    "new_scene",
    "register",
    "registered",
    "scene_class",
]


@dataclass(frozen=True)
class Push:
    scene: Scene

    @classmethod
    def named(cls, name: str, ctx: AppContext, *args: Any, **kwargs: Any) -> Push:
        """Push the screen registered as `name`, made with these arguments."""
        return cls(new_scene(name, ctx, *args, **kwargs))


@dataclass(frozen=True)
class Pop:
    result: object = None


@dataclass(frozen=True)
class Replace:
    scene: Scene

    @classmethod
    def named(cls, name: str, ctx: AppContext, *args: Any, **kwargs: Any) -> Replace:
        """Replace the top screen with the one registered as `name`, made with these arguments."""
        return cls(new_scene(name, ctx, *args, **kwargs))


@dataclass(frozen=True)
class Quit:
    pass


Transition = Push | Pop | Replace | Quit


class Scene:
    """Base scene: keyboard focus over `buttons`, mouse hit-testing, redraw on demand."""

    opaque = True  # False for overlays: the scene below is drawn first
    # The chosen text size's floor (game.app.text) binds this screen's text (every screen does,
    # the projector's too: what does not fit pages instead of shrinking).
    honours_text_floor = True

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.buttons: list[Button] = []
        self.focus = 0
        self.size = (0, 0)

    # -- lifecycle ------------------------------------------------------------------------------

    def enter(self) -> None:
        """Called once when the scene is pushed."""

    def exit(self) -> None:
        """Called once when the scene is popped or replaced."""

    def resume(self, result: object) -> Transition | None:
        """Back on top after the scene above was popped with `result`."""
        return None

    def layout(self, size: tuple[int, int]) -> None:
        self.size = size
        self.apply_text_floor()

    def apply_text_floor(self) -> None:
        """Set the text floor for laying out and drawing this screen."""
        self.ctx.text.floor = self.ctx.floor() if self.honours_text_floor else 0

    # -- input ----------------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame.KEYDOWN:
            return self.on_key(event)
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for index, button in enumerate(self.buttons):
                if button.rect.collidepoint(event.pos):
                    self.focus = index
                    self.ctx.invalidate()
                    return self.activate(button.action)
        if event.type == pygame.MOUSEWHEEL:
            return self.on_scroll(event.y)
        if event.type == pygame.TEXTINPUT:
            return self.on_text(event.text)
        return None

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        key = event.key
        if key in (pygame.K_DOWN, pygame.K_TAB, pygame.K_RIGHT) and self.buttons:
            step = -1 if key == pygame.K_TAB and event.mod & pygame.KMOD_SHIFT else 1
            self.move_focus(step)
        elif key in (pygame.K_UP, pygame.K_LEFT) and self.buttons:
            self.move_focus(-1)
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE) and self.buttons:
            return self.activate(self.buttons[self.focus % len(self.buttons)].action)
        elif key == pygame.K_ESCAPE:
            return self.back()
        return None

    def move_focus(self, step: int) -> None:
        self.focus = (self.focus + step) % len(self.buttons)
        self.ctx.invalidate()

    def on_scroll(self, amount: int) -> Transition | None:
        return None

    def on_text(self, text: str) -> Transition | None:
        return None

    def activate(self, action: object) -> Transition | None:
        return None

    def back(self) -> Transition | None:
        return Pop()

    # -- time and drawing -----------------------------------------------------------------------

    def update(self, now: float) -> Transition | None:
        """Called every frame while `animating()`; may invalidate or transition."""
        return None

    def animating(self) -> bool:
        """True while something moves (a timer, a tween): the loop then keeps ticking."""
        return False

    def idle(self, deadline: float) -> None:
        """Called by the loop in a frame that did not redraw the whole screen and has time to
        spare: work ahead (laying out the next screen) may use it until `deadline`
        (time.perf_counter)."""

    def draw(self, surface: pygame.Surface) -> None:
        raise NotImplementedError

    # -- self-voicing ---------------------------------------------------------------------------

    def speech(self) -> Spoken:
        """What self-voicing says here: the screen's text, the focused element, the timer.

        The loop speaks the screen when it appears or changes and the focus when it moves
        (game.app.voice). The default speaks the focused button's label; screens with more to
        say override this one method.
        """
        if not self.buttons:
            return Spoken()
        return Spoken(focus=self.buttons[self.focus % len(self.buttons)].label)


# -- the registry of screens by name -------------------------------------------------------------

SceneClass = TypeVar("SceneClass", bound=type[Scene])

_SCENES: dict[str, type[Scene]] = {}


def register(name: str) -> Callable[[SceneClass], SceneClass]:
    """Class decorator: the screen is known as `name` (one name, one class)."""

    def add(cls: SceneClass) -> SceneClass:
        known = _SCENES.get(name)
        if known is not None and (known.__module__, known.__qualname__) != (
            cls.__module__,
            cls.__qualname__,
        ):
            raise ValueError(
                f"two screens registered as {name!r}: {known.__module__}.{known.__qualname__} "
                f"and {cls.__module__}.{cls.__qualname__}; give one of them another name"
            )
        _SCENES[name] = cls
        return cls

    return add


def scene_class(name: str) -> type[Scene]:
    """The class registered as `name`."""
    if name not in _SCENES:  # nothing has imported the screens yet (the layout lint, a tool)
        import_module("game.app.scenes")  # the catalogue: importing it registers every screen
    try:
        return _SCENES[name]
    except KeyError:
        raise LookupError(
            f"no screen registered as {name!r} (registered: {', '.join(sorted(_SCENES))}); "
            "is its module imported in game/app/scenes/__init__.py?"
        ) from None


def new_scene(name: str, ctx: AppContext, *args: Any, **kwargs: Any) -> Scene:
    """A new screen of the class registered as `name`."""
    return scene_class(name)(ctx, *args, **kwargs)


def registered() -> dict[str, type[Scene]]:
    """Every registered name and its class (a copy)."""
    return dict(_SCENES)


class SceneStack:
    """The pushdown stack of scenes; the top one gets input."""

    def __init__(self) -> None:
        self.scenes: list[Scene] = []
        self.quit = False

    @property
    def top(self) -> Scene:
        return self.scenes[-1]

    def push(self, scene: Scene, size: tuple[int, int]) -> None:
        self.scenes.append(scene)
        scene.layout(size)
        scene.enter()

    def apply(self, transition: Transition | None, size: tuple[int, int]) -> None:
        while transition is not None:
            if isinstance(transition, Quit):
                self.quit = True
                return
            if isinstance(transition, Push):
                self.push(transition.scene, size)
                return
            if isinstance(transition, Replace):
                self.scenes.pop().exit()
                self.push(transition.scene, size)
                return
            old = self.scenes.pop()
            old.exit()
            if not self.scenes:
                self.quit = True
                return
            self.top.layout(size)
            transition = self.top.resume(transition.result)

    def visible(self) -> list[Scene]:
        """The scenes to draw, bottom first: from the top-most opaque one up."""
        start = len(self.scenes) - 1
        while start > 0 and not self.scenes[start].opaque:
            start -= 1
        return self.scenes[start:]
