"""`match` in the exchange formats: Moodle's matching (each pair a sub-question), an Anki card
listing both sides (the right-hand side in alphabetical order)."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, ClassVar

from game.content.formats.exchange.base import (
    PAIR_ARROW,
    CsvRow,
    TypeExchange,
    Warn,
    html_lines,
    plain,
)
from game.content.formats.moodle_model import Pair, Qtype
from game.core.model import Question, QuestionType

NO_KAHOOT = "no Kahoot! spreadsheet form"


class MatchExchange(TypeExchange):
    name: ClassVar[QuestionType] = QuestionType.MATCH
    not_written = MappingProxyType({"kahoot-csv": NO_KAHOOT, "xlsx": NO_KAHOOT})

    def to_moodle(self, q: Question, warn: Warn) -> dict[str, Any]:
        pairs = tuple(Pair(plain(left), right) for left, right in q.pairs)
        return {"qtype": Qtype.MATCHING, "pairs": pairs}

    def anki_choices(self, q: Question) -> str:
        rights = sorted((right for _, right in q.pairs), key=str.casefold)
        return (
            "Match each of:"
            + html_lines([left for left, _ in q.pairs])
            + "with:"
            + html_lines(rights)
        )

    def anki_answer(self, q: Question) -> str:
        return html_lines([f"{left} → {right}" for left, right in q.pairs])

    def csv_write(self, data: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
        return [f"{left}{PAIR_ARROW}{right}" for left, right in data["pairs"]], {}

    def csv_read(self, row: CsvRow) -> bool:
        pairs = []
        for index, entry in enumerate(row.entries, 1):
            left, arrow, right = entry.partition("=>")
            if not arrow or not left.strip() or not right.strip():
                row.bad(f"choice{index} {entry!r} is not a pair `left => right`")
                return False
            pairs.append([left.strip(), right.strip()])
        row.data["pairs"] = pairs
        return True


EXCHANGE = MatchExchange()
