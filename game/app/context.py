"""What every scene can reach: banks, the progress store, the player, settings, fonts, sounds,
the voice for self-voicing, the clocks and the random generator.

Built once by the CLI (or by a test) and passed to each scene. It holds no game rules: rounds are
run by game.core.round, and this only wires the shell's resources together.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

from game.app.sound import Sounds
from game.app.text import FontBook, TextCache, text_floor
from game.app.theme import TEXT_SCALES, Theme, theme_for
from game.app.voice import NO_SPEECH, SelfVoicing
from game.app.widgets import scaled
from game.content.loader import LoadResult
from game.core.ports import ClassroomService, ProgressStore, SpeechOutput
from game.core.selection import question_index
from game.core.settings import Settings

__all__ = ["AppContext"]


class AppContext:
    def __init__(
        self,
        banks: LoadResult,
        store: ProgressStore,
        *,
        now: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        rng: random.Random | None = None,
        sounds: Sounds | None = None,
        speech: SpeechOutput | None = None,
    ) -> None:
        self.banks = banks
        self.questions = question_index(banks.banks)
        self.bank_versions = {b.id: b.version for b in banks.banks}
        self.store = store
        self.now = now  # monotonic seconds: timers
        self.wall = wall  # epoch seconds: what storage records
        self.rng = rng or random.Random()
        self.sounds = sounds or Sounds(enabled=False)
        self.speech = speech or NO_SPEECH  # the platform voice (game.services.speech)
        self.voice = SelfVoicing(self.speech)
        self.player: Any = None
        self.classroom: ClassroomService | None = None  # set by the CLI when sessions can run
        self.settings = Settings.from_dict(store.get_settings(None))
        self._size = (1280, 720)
        self.dirty = True
        self.dirty_areas: list[Any] = []  # parts of the window to redraw (pygame.Rect)
        self._after_frame: list[Callable[[], None]] = []
        self._apply_look()

    @property
    def size(self) -> tuple[int, int]:
        return self._size

    @size.setter
    def size(self, size: tuple[int, int]) -> None:
        self._size = size
        self.text.floor = self.floor()

    # -- drawing resources ------------------------------------------------------------------

    def _apply_look(self) -> None:
        self.theme: Theme = theme_for(self.settings.high_contrast)
        self.fonts = FontBook(self.settings.font)
        self.text = TextCache(self.fonts)
        self.text.floor = self.floor()

    def floor(self) -> int:
        """The smallest text the chosen text size allows in this window (game.app.text)."""
        return text_floor(self.settings.text_size, self._size)

    def px(self, base: float) -> int:
        """A font size: `base` at 1280×720 and medium text, scaled by window and setting."""
        # Text shrinks more slowly than the window: small screens still need readable text.
        window = max(0.8, scaled(self.size))
        return max(10, int(base * window * TEXT_SCALES[self.settings.text_size]))

    def unit(self) -> float:
        return scaled(self.size)

    def invalidate(self) -> None:
        """Ask for a redraw; the loop draws nothing while nothing is invalidated."""
        self.dirty = True

    def after_frame(self, done: Callable[[], None]) -> None:
        """Call `done` once this frame is drawn and shown (a classroom's new question goes
        out to the class then: game.services.classroom.runtime, `frame_shown`)."""
        self._after_frame.append(done)

    def frame_shown(self) -> None:
        """The loop: this frame is drawn (or had nothing to draw)."""
        done, self._after_frame = self._after_frame, []
        for call in done:
            call()

    def invalidate_area(self, rect: Any) -> None:
        """Ask for a redraw of only this part of the window (a count that changed): the loop
        draws the screen clipped to it and shows only it (game.app.loop, `App.draw_area`).
        A whole-window redraw asked for meanwhile covers it."""
        if not self.dirty:
            self.dirty_areas.append(rect)

    # -- player and settings ----------------------------------------------------------------

    def choose_player(self, player: Any) -> None:
        self.player = player
        self.store.set_setting(None, "last_player", player.id)
        stored = self.store.get_settings(player.id)
        self.settings = Settings.from_dict(stored or self.store.get_settings(None))
        self._apply_look()
        self.invalidate()

    def change_settings(self, settings: Settings) -> None:
        old = self.settings
        self.settings = settings
        owner = self.player.id if self.player is not None else None
        for key, value in settings.to_dict().items():
            if getattr(old, key) != value:
                self.store.set_setting(owner, key, value)
        if (old.font, old.high_contrast) != (settings.font, settings.high_contrast):
            self._apply_look()
        self.text.floor = self.floor()
        self.invalidate()

    def narrate(self, scene: Any) -> None:
        """Self-voicing: speak what changed on `scene` (called by the loop before each redraw)."""
        on = self.settings.self_voicing
        if on or self.voice.enabled:
            self.voice.observe(on, scene, scene.speech())

    def play(self, sound: str) -> None:
        if self.settings.sound:
            self.sounds.play(sound, self.settings.volume / 100)
