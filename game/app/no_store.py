"""A progress store that keeps nothing: for previews and layout checks, which must not touch a
player's history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.core.leitner import Card

__all__ = ["NoStore"]


@dataclass(frozen=True)
class _Author:
    id: int = 0
    name: str = "Author"


class NoStore:
    def players(self) -> list[Any]:
        return [_Author()]

    def player(self, player_id: int) -> Any:
        return _Author()

    def create_player(self, name: str, now: float) -> Any:
        return _Author(name=name)

    def get_settings(self, player_id: int | None) -> dict[str, Any]:
        return {}

    def set_setting(self, player_id: int | None, key: str, value: Any) -> None:
        pass

    def start_round(self, player_id: int, mode: str, config: dict[str, Any], now: float) -> int:
        return 0

    def record_answer(self, *args: Any) -> None:
        pass

    def finish_round(self, *args: Any) -> None:
        pass

    def history(self, player_id: int, limit: int = 20) -> list[Any]:
        return []

    def round_answers(self, round_id: int) -> list[Any]:
        return []

    def personal_bests(self, player_id: int) -> Any:
        return None

    def cards(self, player_id: int) -> dict[str, Card]:
        return {}

    def save_card(self, player_id: int, question_id: str, card: Card | None) -> None:
        pass
