"""Spaced review of missed questions with Leitner boxes (per player).

A question enters box 1 when the player misses it. A correct answer moves it up one box, a miss
sends it back to box 1. A box is due again after its interval: box 1 at once, then 1, 3, 7 and 14
days. A question answered right in the top box has been learned and leaves the system.
Times are seconds since the epoch, passed in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["BOX_INTERVAL_DAYS", "Card", "due_cards", "update_card"]

BOX_INTERVAL_DAYS = {1: 0, 2: 1, 3: 3, 4: 7, 5: 14}
TOP_BOX = max(BOX_INTERVAL_DAYS)
DAY_S = 86_400


@dataclass(frozen=True)
class Card:
    question_id: str
    box: int
    last_seen: float


def update_card(card: Card | None, question_id: str, correct: bool, now: float) -> Card | None:
    """The card after an answer; None when the question is not (or no longer) in review."""
    if not correct:
        return Card(question_id, 1, now)
    if card is None:
        return None  # answered right and never missed: nothing to review
    if card.box >= TOP_BOX:
        return None  # learned
    return Card(question_id, card.box + 1, now)


def due_cards(cards: Mapping[str, Card], now: float) -> list[Card]:
    """Cards due for review, lowest box first, then the longest unseen."""
    due = [c for c in cards.values() if now - c.last_seen >= BOX_INTERVAL_DAYS[c.box] * DAY_S]
    return sorted(due, key=lambda c: (c.box, c.last_seen, c.question_id))
