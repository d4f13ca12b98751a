"""Per-student accommodations as plain data: extra time, and what the student's page should do
(read each question aloud, no motion, larger text), with how a teacher writes them in a roster
CSV and how they are remembered for a student's name.

Extra time is the engine's (`session.SetExtraTime`: every limit times it, and speed points are
counted against the student's own limit); the page needs travel with each question message
(`protocol.question(accommodations=...)`). Nothing here touches storage or the network.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "EXTRA_TIMES",
    "NEEDS",
    "NEED_LABELS",
    "Accommodations",
    "RosterProblem",
    "name_key",
    "parse_roster",
]

EXTRA_TIMES = (1.0, 1.5, 2.0)
NEEDS = ("read_aloud", "reduced_motion", "large_text")
NEED_LABELS = {
    "read_aloud": "read aloud",
    "reduced_motion": "no motion",
    "large_text": "large text",
}
_YES = {"yes", "y", "true", "1", "x", "on"}
_NO = {"no", "n", "false", "0", "", "off"}
# Roster CSV headers (case and spaces ignored) for each column.
_COLUMNS = {
    "name": {"name", "first name", "firstname", "nickname"},
    "extra_time": {"extra time", "extra_time", "time"},
    "read_aloud": {"read aloud", "read_aloud"},
    "reduced_motion": {"reduced motion", "reduced_motion", "no motion"},
    "large_text": {"large text", "large_text"},
}


@dataclass(frozen=True)
class Accommodations:
    extra_time: float = 1.0
    needs: frozenset[str] = field(default_factory=frozenset)

    @property
    def any(self) -> bool:
        return self.extra_time != 1.0 or bool(self.needs)

    def toggled(self, need: str) -> Accommodations:
        if need not in NEEDS:
            raise ValueError(f"unknown accommodation {need!r}")
        return Accommodations(self.extra_time, self.needs ^ {need})

    def with_extra_time(self, extra_time: float) -> Accommodations:
        return Accommodations(extra_time, self.needs)

    def label(self) -> str:
        """'1.5x time · read aloud' (empty when there is none)."""
        parts = [] if self.extra_time == 1.0 else [f"{self.extra_time:g}x time"]
        parts += [NEED_LABELS[n] for n in NEEDS if n in self.needs]
        return " · ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {"extra_time": self.extra_time, "needs": sorted(self.needs)}

    @classmethod
    def from_dict(cls, raw: object) -> Accommodations:
        """From stored data; anything unreadable falls back to none."""
        if not isinstance(raw, dict):
            return cls()
        extra = raw.get("extra_time", 1.0)
        if (
            isinstance(extra, bool)
            or not isinstance(extra, int | float)
            or extra not in EXTRA_TIMES
        ):
            extra = 1.0
        needs = raw.get("needs", [])
        known = (
            frozenset(n for n in needs if n in NEEDS) if isinstance(needs, list) else frozenset()
        )
        return cls(float(extra), known)


def name_key(name: str) -> str:
    """The form a name is remembered under: 'ANA ', 'ana' and 'Ａｎａ' are one student."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


@dataclass(frozen=True)
class RosterProblem:
    line: int
    message: str  # what is wrong and what to write instead


def _extra_time(text: str) -> float | None:
    cleaned = text.strip().lower().removesuffix("x").removesuffix("×").strip()
    if not cleaned:
        return 1.0
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) and value in EXTRA_TIMES else None


def parse_roster(
    rows: list[list[str]],
) -> tuple[list[tuple[str, Accommodations | None]], list[RosterProblem]]:
    """Names (first column, or the one headed 'name') and each one's accommodations from a
    roster's rows. A header row is needed only for the accommodation columns: 'extra time'
    (1, 1.5 or 2), 'read aloud', 'reduced motion' and 'large text' (yes or no). A roster without
    such columns gives None for each name: it says nothing about accommodations."""
    entries: list[tuple[str, Accommodations | None]] = []
    problems: list[RosterProblem] = []
    columns = {"name": 0}
    start = 0
    if rows:
        header = [" ".join(cell.strip().lower().split()) for cell in rows[0]]
        found = {
            key: header.index(cell)
            for key, names in _COLUMNS.items()
            for cell in header
            if cell in names
        }
        if "name" in found:
            columns, start = found, 1
    for number, row in enumerate(rows[start:], start=start + 1):
        cells = [cell.strip() for cell in row]
        name = cells[columns["name"]] if columns["name"] < len(cells) else ""
        if not name:
            continue
        extra = 1.0
        needs: set[str] = set()
        if "extra_time" in columns and columns["extra_time"] < len(cells):
            value = _extra_time(cells[columns["extra_time"]])
            if value is None:
                problems.append(
                    RosterProblem(
                        number,
                        f"extra time for {name} is {cells[columns['extra_time']]!r}: "
                        "write 1, 1.5 or 2",
                    )
                )
                value = 1.0
            extra = value
        for need in NEEDS:
            if need in columns and columns[need] < len(cells):
                word = cells[columns[need]].lower()
                if word in _YES:
                    needs.add(need)
                elif word not in _NO:
                    problems.append(
                        RosterProblem(
                            number,
                            f"{NEED_LABELS[need]} for {name} is {cells[columns[need]]!r}: "
                            "write yes or no",
                        )
                    )
        given = len(columns) > 1
        entries.append((name, Accommodations(extra, frozenset(needs)) if given else None))
    return entries, problems
