"""Short sound effects from assets/sounds, played only when sound is on and a device exists."""

from __future__ import annotations

import pygame

from game.app.text import assets_dir

__all__ = ["SOUND_NAMES", "Sounds"]

SOUND_NAMES = ("right", "wrong", "tick", "round_end", "select")


class Sounds:
    """Loads the effects once; every failure (no audio device, no mixer) means silence."""

    def __init__(self, enabled: bool = True) -> None:
        self._sounds: dict[str, pygame.mixer.Sound] = {}
        self.available = False
        if not enabled:
            return
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init(frequency=22050, size=-16, channels=1, buffer=512)
            for name in SOUND_NAMES:
                self._sounds[name] = pygame.mixer.Sound(
                    str(assets_dir() / "sounds" / f"{name}.wav")
                )
            self.available = True
        except (pygame.error, FileNotFoundError, OSError):
            self._sounds.clear()

    def play(self, name: str, volume: float) -> None:
        sound = self._sounds.get(name)
        if sound is None or volume <= 0:
            return
        try:
            sound.set_volume(max(0.0, min(1.0, volume)))
            sound.play()
        except pygame.error:
            pass
