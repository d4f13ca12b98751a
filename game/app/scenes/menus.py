"""The title menu and the screens it opens: players, topics, review, settings, notices, pause.

Enter on the title starts a Quick round of 10 mixed questions; everything else is one step away.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

import pygame

from game.app.scene import Pop, Push, Quit, Replace, Scene, Transition, register
from game.app.scenes.common import _cycle, plural, start_round_scene
from game.app.scenes.list_scene import Entry, ListScene
from game.app.voice import Spoken
from game.app.widgets import (
    Button,
    button_width,
    draw_button,
    draw_focus_ring,
    draw_panel,
    min_button_height,
    text_height,
)
from game.core.leitner import due_cards
from game.core.scoring import ScoringPreset
from game.core.selection import ROUND_SIZES, Filters, choose_questions
from game.core.settings import FONTS, TEXT_SIZES, TIMER_CHOICES, VOLUME_STEPS, Settings

if TYPE_CHECKING:
    from game.app.context import AppContext

__all__ = [
    "MainMenuScene",
    "NoticeScene",
    "PauseScene",
    "PlayerScene",
    "SettingsScene",
    "TopicsScene",
    "plural",
    "start_round_scene",
]

QUICK_ROUND = 10


@register("main-menu")
class MainMenuScene(ListScene):
    """The title screen and main menu in one: Enter starts a Quick round."""

    heading = "Civic Quiz"
    footer = (
        "Enter: Quick round · arrows and Enter or click to choose · F11 full screen · "
        "M sound on/off"
    )

    def subheading(self) -> str:
        player = self.ctx.player.name if self.ctx.player else "nobody"
        return (
            "The fentanyl WMD executive order: what it says, who acts, the legal debate, "
            f"and the civics behind it.   Playing as {player}."
        )

    def entries(self) -> list[Entry]:
        ctx = self.ctx
        due = len(due_cards(ctx.store.cards(ctx.player.id), ctx.wall())) if ctx.player else 0
        items = [
            Entry("Quick round", "quick", f"{QUICK_ROUND} mixed questions"),
            Entry("Choose topics", "topics"),
            Entry(
                "Review my mistakes",
                "review",
                f"{plural(due, 'missed question')} to practise again" if due else "nothing due",
                enabled=due > 0,
            ),
            Entry("History and personal bests", "history"),
            Entry("Classroom", "classroom"),
            Entry("Settings", "settings"),
            Entry("Change player", "player", ctx.player.name if ctx.player else ""),
            Entry("Quit", "quit"),
        ]
        problems = [p for p in ctx.banks.problems if p.is_error]
        if problems:
            items.insert(
                0,
                Entry(
                    "Some banks could not be loaded",
                    "problems",
                    f"{plural(len(problems), 'problem')}: see why",
                ),
            )
        return items

    def enter(self) -> None:
        self.focus = next(i for i, e in enumerate(self.items) if e.action == "quick")
        self.layout(self.size)

    def resume(self, result: object) -> Transition | None:
        self.refresh()
        return None

    def back(self) -> Transition | None:
        return None  # Esc on the title does nothing; Quit is an entry

    def activate(self, action: object) -> Transition | None:
        ctx = self.ctx
        if action == "quick":
            ids = choose_questions(list(ctx.questions.values()), Filters(), QUICK_ROUND, ctx.rng)
            return Push(start_round_scene(ctx, ids, "quick"))
        if action == "topics":
            return Push(TopicsScene(ctx))
        if action == "review":
            cards = due_cards(ctx.store.cards(ctx.player.id), ctx.wall())
            ids = tuple(c.question_id for c in cards if c.question_id in ctx.questions)[:10]
            return Push(start_round_scene(ctx, ids, "review"))
        if action == "history":
            return Push.named("history", ctx)
        if action == "classroom":
            if ctx.classroom is None:  # a window without the classroom service (a preview)
                return Push(
                    NoticeScene(
                        ctx,
                        "Classroom",
                        "Hosting a class needs the full game: start it with civic-quiz, or "
                        "civic-quiz host to open a live session on the projector.",
                    )
                )
            return Push.named("classroom-menu", ctx)
        if action == "settings":
            return Push(SettingsScene(ctx))
        if action == "player":
            return Push(PlayerScene(ctx))
        if action == "problems":
            text = "\n".join(
                p.format().replace("\n    ", "  ") for p in ctx.banks.problems if p.is_error
            )
            return Push(
                NoticeScene(
                    ctx,
                    "Bank problems",
                    "These banks were skipped; the others "
                    "work. Fix them and restart (civic-quiz validate shows the "
                    "same list):\n\n" + text,
                )
            )
        if action == "quit":
            return Quit()
        return None


@register("notice")
class NoticeScene(Scene):
    """A message with an OK button (Enter, Esc or click closes it)."""

    def __init__(self, ctx: AppContext, heading: str, body: str) -> None:
        super().__init__(ctx)
        self.heading = heading
        self.body = body
        self.head = pygame.Rect(0, 0, 1, 1)

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        w, h = size
        u = self.ctx.unit()
        self.panel = pygame.Rect(int(60 * u), int(50 * u), w - int(120 * u), h - int(100 * u))
        ok_h = max(44, int(60 * u), min_button_height(self.ctx.text))
        ok_w = max(int(200 * u), button_width(self.ctx.text, "OK", ok_h, key="Enter", bold=True))
        pad = int(24 * u)
        head_w = self.panel.width - 2 * pad
        floor = self.ctx.text.floor
        head_h = max(int(60 * u), text_height(self.ctx.text, self.heading, head_w, floor, True))
        self.head = pygame.Rect(self.panel.x + pad, self.panel.y + pad, head_w, head_h)
        self.ok = pygame.Rect(
            self.panel.centerx - ok_w // 2, self.panel.bottom - ok_h - int(20 * u), ok_w, ok_h
        )
        self.buttons = [Button(self.ok, "ok", "OK")]

    def activate(self, action: object) -> Transition | None:
        return Pop()

    def speech(self) -> Spoken:
        return Spoken(screen=f"{self.heading}. {self.body}", focus="OK")

    def draw(self, surface: pygame.Surface) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        surface.fill(theme.background)
        draw_panel(surface, self.panel, theme)
        pad = int(24 * ctx.unit())
        head = self.head
        ctx.text.fit(
            self.heading, head.width, head.height, ctx.px(38), 14, bold=True, color=theme.accent
        ).draw(surface, head, valign="middle")
        body = pygame.Rect(
            head.x, head.bottom + pad // 2, head.width, self.ok.y - pad - head.bottom - pad // 2
        )
        ctx.text.fit(self.body, body.width, body.height, ctx.px(24), 10, color=theme.text).draw(
            surface, body
        )
        draw_button(
            surface,
            ctx.text,
            theme,
            self.ok,
            "OK",
            key="Enter",
            fill=theme.accent,
            focused=True,
            max_px=ctx.px(24),
            bold=True,
        )


@register("player")
class PlayerScene(ListScene):
    """Pick a player profile or create one (names only: no passwords, no accounts)."""

    heading = "Who is playing?"

    def subheading(self) -> str:
        return "Progress, history and settings are kept per name on this computer only."

    def entries(self) -> list[Entry]:
        players = self.ctx.store.players()
        current = self.ctx.player.id if self.ctx.player else None
        return [Entry("New player…", "new")] + [
            Entry(p.name, ("pick", p.id), "playing now" if p.id == current else "") for p in players
        ]

    def activate(self, action: object) -> Transition | None:
        if action == "new":
            return Push(NameScene(self.ctx))
        _, player_id = cast(tuple[str, int], action)
        self.ctx.choose_player(self.ctx.store.player(player_id))
        return Pop()

    def resume(self, result: object) -> Transition | None:
        if result is not None:
            return Pop()
        self.refresh()
        return None


@register("name")
class NameScene(Scene):
    """Type a new player's name."""

    wants_text = True

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.name = ""
        self.error = ""
        # The shortcut key that opened this screen (the "1" of "1 New player…") still sends its
        # text after it: a lone digit that comes before any key went down here is that one.
        self.typing = False

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type in (pygame.KEYDOWN, pygame.TEXTEDITING):
            self.typing = True
        elif event.type == pygame.TEXTINPUT and not self.typing and event.text.isdigit():
            return None
        return super().handle(event)

    def enter(self) -> None:
        pygame.key.start_text_input()

    def exit(self) -> None:
        pygame.key.stop_text_input()

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        w, h = size
        u = self.ctx.unit()
        text = self.ctx.text
        box_h = max(50, int(80 * u), self.ctx.fonts.font(self.ctx.px(32)).get_linesize() + 14)
        self.box = pygame.Rect(w // 2 - int(320 * u), h // 2 - int(40 * u), int(640 * u), box_h)
        # Large text: the message under the box takes the lines it needs, the button follows.
        message = self.error or "1 to 24 characters. Enter saves, Esc cancels."
        self.msg_h = max(int(50 * u), text_height(text, message, self.box.width, text.floor) + 4)
        ok_h = max(44, int(60 * u), min_button_height(text))
        ok_w = max(int(300 * u), button_width(text, "Save", ok_h, key="Enter", bold=True))
        ok_y = max(self.box.bottom + int(70 * u), self.box.bottom + 10 + self.msg_h + 8)
        self.ok = pygame.Rect(w // 2 - ok_w // 2, ok_y, ok_w, ok_h)
        title = "Your name (or a nickname)"
        self.head_h = max(int(60 * u), text_height(text, title, w - 40, text.floor, True))
        self.buttons = [Button(self.ok, "ok", "Save")]
        pygame.key.set_text_input_rect(self.box)

    def speech(self) -> Spoken:
        screen = "Your name, or a nickname. 1 to 24 characters. Enter saves, Esc cancels."
        return Spoken(screen=screen, focus=self.error)

    def on_text(self, text: str) -> Transition | None:
        self.name = (self.name + text)[:24]
        if self.error:
            self.error = ""
            self.layout(self.size)
        self.ctx.invalidate()
        return None

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        if event.key == pygame.K_BACKSPACE:
            self.name = self.name[:-1]
            self.ctx.invalidate()
            return None
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            return self.activate("ok")
        if event.key == pygame.K_ESCAPE:
            return Pop()
        return None

    def activate(self, action: object) -> Transition | None:
        try:
            player = self.ctx.store.create_player(self.name, self.ctx.wall())
        except ValueError as exc:
            self.error = str(exc)
            self.layout(self.size)  # the message may take more lines than the hint
            self.ctx.invalidate()
            return None
        self.ctx.choose_player(player)
        return Pop(player)

    def draw(self, surface: pygame.Surface) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        surface.fill(theme.background)
        u = ctx.unit()
        head_y = min(self.box.y - int(130 * u), self.box.y - self.head_h - 8)
        head = pygame.Rect(0, max(0, head_y), self.size[0], self.head_h)
        ctx.text.fit(
            "Your name (or a nickname)",
            head.width - 40,
            head.height,
            ctx.px(36),
            14,
            bold=True,
            color=theme.accent,
        ).draw(surface, head, align="center", valign="middle")
        draw_panel(surface, self.box, theme, border=theme.focus)
        draw_focus_ring(surface, self.box, theme)
        inner = self.box.inflate(-24, -10)
        shown = self.name or "Type here…"
        block = ctx.text.fit(
            shown,
            inner.width - 8,
            inner.height,
            ctx.px(32),
            12,
            color=theme.text if self.name else theme.muted,
        )
        block.draw(surface, inner, valign="middle")
        x = inner.x + (block.width if self.name else 0) + 3
        pygame.draw.line(surface, theme.accent, (x, inner.y + 6), (x, inner.bottom - 6), 3)
        message = self.error or "1 to 24 characters. Enter saves, Esc cancels."
        msg_rect = pygame.Rect(self.box.x, self.box.bottom + 10, self.box.width, self.msg_h)
        ctx.text.fit(
            message,
            msg_rect.width,
            msg_rect.height,
            ctx.px(20),
            10,
            color=theme.wrong if self.error else theme.muted,
        ).draw(surface, msg_rect, align="center")
        draw_button(
            surface,
            ctx.text,
            theme,
            self.ok,
            "Save",
            key="Enter",
            fill=theme.accent,
            max_px=ctx.px(24),
            bold=True,
        )


@register("topics")
class TopicsScene(ListScene):
    """Choose banks, topics, difficulty, round length and timer, then start."""

    heading = "Choose topics"

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.banks: set[str] = set()
        self.topics: set[str] = set()
        self.difficulties: set[int] = set()
        self.count = 10

    def subheading(self) -> str:
        return "Toggle what to include (nothing ticked means everything), then Start."

    def _filters(self) -> Filters:
        return Filters(frozenset(self.banks), frozenset(self.topics), frozenset(self.difficulties))

    def entries(self) -> list[Entry]:
        ctx = self.ctx
        matching = sum(self._filters().accepts(q) for q in ctx.questions.values())
        items = [
            Entry(
                "Start",
                "start",
                f"{min(self.count, matching)} of {matching} matching questions",
                enabled=matching > 0,
            ),
            Entry("Questions", "count", str(self.count)),
            Entry("Timer", "timer", ctx.settings.timer),
            Entry(
                "Difficulty",
                "difficulty",
                ", ".join(("easy", "medium", "hard")[d - 1] for d in sorted(self.difficulties))
                or "all",
            ),
        ]
        for bank in ctx.banks.banks:
            items.append(
                Entry(
                    f"Bank: {bank.title}",
                    ("bank", bank.id),
                    "included" if bank.id in self.banks else "",
                )
            )
            if not self.banks or bank.id in self.banks:
                for topic in bank.topics():
                    items.append(
                        Entry(
                            f"    Topic: {topic}",
                            ("topic", topic),
                            "included" if topic in self.topics else "",
                        )
                    )
        return items

    def activate(self, action: object) -> Transition | None:
        ctx = self.ctx
        if action == "start":
            ids = choose_questions(
                list(ctx.questions.values()), self._filters(), self.count, ctx.rng
            )
            return Replace(start_round_scene(ctx, ids, "topics"))
        if action == "count":
            self.count = _cycle(ROUND_SIZES, self.count)
        elif action == "timer":
            ctx.change_settings(
                replace(ctx.settings, timer=_cycle(tuple(TIMER_CHOICES), ctx.settings.timer))
            )
        elif action == "difficulty":
            order = [set(), {1}, {2}, {3}, {1, 2}, {2, 3}]
            index = order.index(self.difficulties) if self.difficulties in order else 0
            self.difficulties = order[(index + 1) % len(order)]
        elif isinstance(action, tuple):
            kind, value = action
            chosen = self.banks if kind == "bank" else self.topics
            chosen ^= {value}
        self.refresh()
        return None


@register("settings")
class SettingsScene(ListScene):
    heading = "Settings"

    def subheading(self) -> str:
        return "Left/Right or Enter change a setting; it is saved at once."

    def entries(self) -> list[Entry]:
        s = self.ctx.settings
        return [
            Entry("Text size", "text_size", s.text_size),
            Entry("High-contrast colours", "high_contrast", "on" if s.high_contrast else "off"),
            Entry("Font", "font", s.font),
            Entry("Timer", "timer", s.timer + ("" if s.timer == "off" else " time")),
            Entry(
                "Scoring",
                "scoring",
                {
                    "classic": "classic (speed and streaks)",
                    "accuracy": "accuracy only",
                    "practice": "practice (no timer)",
                }[s.scoring],
            ),
            Entry("Sound", "sound", "on" if s.sound else "off"),
            Entry("Volume", "volume", f"{s.volume}%"),
            Entry("Reduced motion", "reduced_motion", "on" if s.reduced_motion else "off"),
            Entry("Self-voicing (V)", "self_voicing", "on" if s.self_voicing else "off"),
            Entry("Done", "done"),
        ]

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        """Left and Right step the focused setting down and up (Enter steps it up)."""
        if event.key in (pygame.K_LEFT, pygame.K_RIGHT) and 0 <= self.focus < len(self.items):
            action = self.items[self.focus].action
            if action != "done":
                return self.step(action, -1 if event.key == pygame.K_LEFT else 1)
        return super().on_key(event)

    def activate(self, action: object) -> Transition | None:
        if action == "done":
            return Pop()
        return self.step(action, 1)

    def step(self, action: object, step: int) -> Transition | None:
        s: Settings = self.ctx.settings
        changes: dict[str, Any] = {}
        if action == "text_size":
            changes["text_size"] = _cycle(TEXT_SIZES, s.text_size, step)
        elif action in ("high_contrast", "sound", "reduced_motion", "self_voicing"):
            changes[str(action)] = not getattr(s, str(action))
        elif action == "font":
            changes["font"] = _cycle(FONTS, s.font, step)
        elif action == "timer":
            changes["timer"] = _cycle(tuple(TIMER_CHOICES), s.timer, step)
        elif action == "scoring":
            changes["scoring"] = _cycle(tuple(p.value for p in ScoringPreset), s.scoring, step)
        elif action == "volume" and (step > 0 or s.volume > 0):
            # Left never wraps round from silent to loud.
            changes["volume"] = _cycle(VOLUME_STEPS, s.volume, step)
        self.ctx.change_settings(replace(s, **changes))
        if action == "volume":
            self.ctx.play("select")
        self.refresh()
        return None


@register("pause")
class PauseScene(ListScene):
    heading = "Paused"

    def subheading(self) -> str:
        return "The timer is stopped. Answers already given are saved."

    def entries(self) -> list[Entry]:
        return [
            Entry("Resume", "resume"),
            Entry("Settings", "settings"),
            Entry("Quit round", "quit"),
        ]

    def activate(self, action: object) -> Transition | None:
        if action == "settings":
            return Push(SettingsScene(self.ctx))
        return Pop("quit-round" if action == "quit" else None)

    def back(self) -> Transition | None:
        return Pop()
