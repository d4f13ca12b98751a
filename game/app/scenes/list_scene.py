"""A screen of stacked buttons with a heading: the shape of the menus, settings and pickers.

Subclasses say what the entries are (`entries`) and what choosing one does (`activate`).
Arrows or Tab move the focus, Enter or Space chooses, number keys choose directly, the mouse
hovers and clicks, the wheel scrolls long lists, and Esc goes back.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.app.scene import Scene, Transition
from game.app.voice import Spoken
from game.app.widgets import Button, button_height, draw_button, text_height

__all__ = ["Entry", "ListScene"]


@dataclass(frozen=True)
class Entry:
    label: str
    action: object
    detail: str = ""  # shown on the right, e.g. a setting's current value
    enabled: bool = True


class ListScene(Scene):
    heading = ""
    footer = "Arrows or Tab to move · Enter to choose · Esc to go back"
    numbered = True

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.scroll = 0
        self.visible_count = 0
        self.hover: int | None = None
        self.items: list[Entry] = []

    def subheading(self) -> str:
        return ""

    def entries(self) -> list[Entry]:
        raise NotImplementedError

    def speech(self) -> Spoken:
        entry = self.items[self.focus] if 0 <= self.focus < len(self.items) else None
        focus = ""
        if entry is not None:
            focus = entry.label.strip() + (f": {entry.detail}" if entry.detail else "")
            focus += "" if entry.enabled else ", unavailable"
        return Spoken(screen=f"{self.heading}. {self.subheading()}", focus=focus)

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        w, h = size
        u = self.ctx.unit()
        text_w = w - int(80 * u)
        # At a large text size the heading, subheading and footer take the lines they need at
        # the floor, and the rows grow to fit their labels (the list scrolls).
        floor = self.ctx.text.floor
        heading_h = max(int(70 * u), text_height(self.ctx.text, self.heading, text_w, floor, True))
        self.heading_rect = pygame.Rect(int(40 * u), int(24 * u), text_w, heading_h)
        sub = self.subheading()
        sub_h = max(int(60 * u), text_height(self.ctx.text, sub, text_w, floor)) if sub else 0
        self.sub_rect = pygame.Rect(
            self.heading_rect.x, self.heading_rect.bottom, self.heading_rect.width, sub_h
        )
        footer_h = max(int(36 * u), text_height(self.ctx.text, self._footer(99), text_w, floor))
        self.footer_rect = pygame.Rect(
            self.heading_rect.x, h - int(10 * u) - footer_h, self.heading_rect.width, footer_h
        )
        top = self.sub_rect.bottom + int(16 * u)
        available = self.footer_rect.y - int(12 * u) - top
        gap = max(6, int(10 * u))
        # Entries may query storage (due reviews, sessions): read them once per layout, not
        # on every frame or key press.
        entries = self.items = self.entries()
        preferred = int(62 * u * min(1.3, self.ctx.px(10) / max(1, int(10 * u))))
        fitting = (available + gap) // max(1, len(entries)) - gap
        width = min(w - int(80 * u), int(760 * u * 1.2))
        needed = max(
            (
                button_height(
                    self.ctx.text, width, self._label(e), key="9" if self.numbered else None
                )
                for e in entries
            ),
            default=0,
        )
        row_h = max(min(preferred, fitting), 40, needed)
        self.visible_count = max(1, min(len(entries), (available + gap) // (row_h + gap)))
        x = (w - width) // 2
        self.focus = min(self.focus, max(0, len(entries) - 1))
        if self.focus < self.scroll:
            self.scroll = self.focus
        elif self.focus >= self.scroll + self.visible_count:
            self.scroll = self.focus - self.visible_count + 1
        self.scroll = max(0, min(self.scroll, len(entries) - self.visible_count))
        self.buttons = []
        self.row_entries: list[Entry] = []
        for row, entry in enumerate(entries[self.scroll : self.scroll + self.visible_count]):
            rect = pygame.Rect(x, top + row * (row_h + gap), width, row_h)
            self.buttons.append(Button(rect, entry.action, entry.label))
            self.row_entries.append(entry)

    @staticmethod
    def _label(entry: Entry) -> str:
        return entry.label + (f":  {entry.detail}" if entry.detail else "")

    def _footer(self, total: int) -> str:
        """The footer, with where the view is when the list scrolls."""
        if total <= self.visible_count:
            return self.footer
        shown = f"{self.scroll + 1}-{self.scroll + max(1, len(self.buttons))} of {total}"
        return f"{shown} · wheel or arrows scroll · " + self.footer

    def refresh(self) -> None:
        """Entries changed: lay out again (keeping focus) and redraw."""
        self.layout(self.size)
        self.ctx.invalidate()

    def move_focus(self, step: int) -> None:
        """`focus` is an index into all entries; the view scrolls to keep it visible."""
        total = len(self.items)
        self.focus = (self.focus + step) % max(1, total)
        self.refresh()

    def focus_in_view(self) -> int:
        return self.focus - self.scroll

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame.KEYDOWN and self.numbered:
            number = {getattr(pygame, f"K_{n}"): n for n in range(1, 10)}.get(event.key)
            if number is not None and number <= len(self.buttons):
                return self._choose(number - 1)
        if event.type == pygame.KEYDOWN and event.key in (
            pygame.K_RETURN,
            pygame.K_KP_ENTER,
            pygame.K_SPACE,
        ):
            return self._choose(self.focus_in_view()) if self.buttons else None
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for index, button in enumerate(self.buttons):
                if button.rect.collidepoint(event.pos):
                    return self._choose(index)
            return None
        if event.type == pygame.MOUSEMOTION:
            # Hovering highlights but never moves the keyboard focus: a pointer resting over
            # the window must not change what Enter does.
            hover = next(
                (i for i, b in enumerate(self.buttons) if b.rect.collidepoint(event.pos)), None
            )
            if hover != self.hover:
                self.hover = hover
                self.ctx.invalidate()
            return None
        return super().handle(event)

    def _choose(self, index: int) -> Transition | None:
        if not 0 <= index < len(self.row_entries) or not self.row_entries[index].enabled:
            return None
        self.focus = self.scroll + index
        self.ctx.play("select")
        self.ctx.invalidate()
        return self.activate(self.row_entries[index].action)

    def on_scroll(self, amount: int) -> Transition | None:
        total = len(self.items)
        self.scroll = max(0, min(self.scroll - amount, total - self.visible_count))
        self.focus = min(max(self.focus, self.scroll), self.scroll + self.visible_count - 1)
        self.layout(self.size)
        self.ctx.invalidate()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        surface.fill(theme.background)
        ctx.text.fit(
            self.heading,
            self.heading_rect.width,
            self.heading_rect.height,
            ctx.px(44),
            14,
            bold=True,
            color=theme.accent,
        ).draw(surface, self.heading_rect, align="center", valign="middle")
        sub = self.subheading()
        if sub:
            ctx.text.fit(
                sub, self.sub_rect.width, self.sub_rect.height, ctx.px(22), 11, color=theme.muted
            ).draw(surface, self.sub_rect, align="center", valign="middle")
        focus = self.focus_in_view()
        for index, (button, entry) in enumerate(zip(self.buttons, self.row_entries, strict=True)):
            label = self._label(entry)
            fill = theme.hover if index == self.hover and entry.enabled else None
            draw_button(
                surface,
                ctx.text,
                theme,
                button.rect,
                label,
                key=str(index + 1) if self.numbered and index < 9 else None,
                focused=index == focus,
                max_px=ctx.px(26),
                min_px=11,
                fill=fill if entry.enabled else theme.background,
            )
        ctx.text.fit(
            self._footer(len(self.items)),
            self.footer_rect.width,
            self.footer_rect.height,
            ctx.px(17),
            10,
            color=theme.muted,
        ).draw(surface, self.footer_rect, align="center", valign="middle")
