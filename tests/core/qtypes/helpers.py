"""Questions for the per-type credit tables (built directly: the loader has its own tests)."""

from __future__ import annotations

from typing import Any

from game.core.model import Question, QuestionType


def question(qtype: QuestionType, **fields: Any) -> Question:
    base: dict[str, Any] = {"topic": "T", "difficulty": 1, "prompt": "P?"}
    return Question(id=f"t-{qtype.value}", type=qtype, **{**base, **fields})
