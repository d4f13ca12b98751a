"""What a key of a bank file is: its name, kind, doc and limits, as plain data.

It lives in the core (not in game.content.format, which re-exports it) because each question
type's module (game.core.qtypes.<name>) declares its own keys, and the core may not import the
content layer. game.content.format turns these into the JSON Schema and the docs' tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Field", "Kind"]


class Kind(StrEnum):
    """What kind of value a key takes. The value is the name used in messages and docs."""

    TEXT = "text"
    ID = "id"
    INT = "integer"
    NUMBER = "number"
    BOOL = "boolean"
    DATE = "date"
    VERSION = "version"
    TEXT_LIST = "list of text"
    INT_LIST = "list of integers"
    PAIRS = "list of [left, right] pairs"
    RANGE = "[min, max]"
    ENTRIES = "list of mappings"  # each entry has the keys of `Field.entries`
    SOURCE_KIND = "source kind"
    SOURCE_REF = "source reference or list of them"
    SOURCES = "list of sources"
    BANK = "bank metadata"
    PASSAGES = "list of passages"
    QUESTIONS = "list of questions"


@dataclass(frozen=True)
class Field:
    """One key of a mapping in a bank file. `entries`: the keys of each entry (Kind.ENTRIES)."""

    name: str
    kind: Kind
    doc: str
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    min_items: int | None = None
    max_items: int | None = None
    entries: tuple[Field, ...] = ()
    needs: str | None = None  # another key that must be given with this one
