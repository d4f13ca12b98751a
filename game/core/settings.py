"""A player's settings as plain data, with safe reading of whatever storage returns."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from game.core.scoring import ScoringPreset

__all__ = ["FONTS", "Settings", "TEXT_SIZES", "TIMER_CHOICES", "VOLUME_STEPS"]

TEXT_SIZES = ("small", "medium", "large", "extra large")
TIMER_CHOICES = {"1x": 1.0, "1.5x": 1.5, "2x": 2.0, "off": None}
FONTS = ("Noto Sans", "OpenDyslexic")
VOLUME_STEPS = tuple(range(0, 101, 10))


@dataclass(frozen=True)
class Settings:
    text_size: str = "medium"
    high_contrast: bool = False
    reduced_motion: bool = False
    sound: bool = True
    volume: int = 70
    timer: str = "1x"
    font: str = "Noto Sans"
    scoring: str = ScoringPreset.CLASSIC.value
    self_voicing: bool = False  # speak the screen and the focus aloud (key V)

    @property
    def timer_multiplier(self) -> float | None:
        return TIMER_CHOICES[self.timer]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Settings:
        """Settings from stored values; unknown keys and invalid values fall back to defaults."""
        default = cls()
        valid = {
            "text_size": lambda v: v in TEXT_SIZES,
            "high_contrast": lambda v: isinstance(v, bool),
            "reduced_motion": lambda v: isinstance(v, bool),
            "sound": lambda v: isinstance(v, bool),
            "volume": lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 100,
            "timer": lambda v: v in TIMER_CHOICES,
            "font": lambda v: v in FONTS,
            "scoring": lambda v: v in {p.value for p in ScoringPreset},
            "self_voicing": lambda v: isinstance(v, bool),
        }
        values = {
            f.name: raw[f.name]
            if f.name in raw and valid[f.name](raw[f.name])
            else getattr(default, f.name)
            for f in fields(cls)
        }
        return cls(**values)
