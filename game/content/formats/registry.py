"""The import/export formats Civic Quiz knows, each with its reader and writer functions.

Typed references to the functions themselves (no module names as strings), so a renamed or
missing function fails at import and in mypy, not when a teacher runs `civic-quiz import`.
Every writer is given only the questions its format can hold (type_support.only_supported:
the others are skipped with `question-skipped` and their type's reason).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from game.content.formats import (
    Reader,
    Writer,
    aiken,
    anki,
    civic_csv,
    civics_json,
    gift,
    kahoot,
    moodle_xml,
)
from game.content.formats.type_support import only_supported

__all__ = ["FORMATS", "FormatInfo"]


@dataclass(frozen=True)
class FormatInfo:
    name: str
    extensions: tuple[str, ...]
    reader: Reader | None
    writer: Writer | None
    description: str


FORMATS: Mapping[str, FormatInfo] = MappingProxyType(
    {
        f.name: f
        for f in (
            FormatInfo(
                "gift",
                (".gift",),
                gift.read,
                only_supported("gift", gift.write),
                "Moodle GIFT text",
            ),
            FormatInfo(
                "moodle-xml",
                (".xml",),
                moodle_xml.read,
                only_supported("moodle-xml", moodle_xml.write),
                "Moodle XML",
            ),
            FormatInfo("aiken", (".aiken",), aiken.read, None, "Aiken multiple-choice text"),
            FormatInfo(
                "csv",
                (".csv",),
                civic_csv.read_csv,
                only_supported("csv", civic_csv.write_csv),
                "CSV with Civic Quiz's own columns (every type)",
            ),
            FormatInfo(
                "kahoot-csv",
                (),
                kahoot.read_kahoot_csv,
                only_supported("kahoot-csv", kahoot.write_kahoot_csv),
                "the Kahoot! spreadsheet layout, as CSV",
            ),
            FormatInfo(
                "xlsx",
                (".xlsx",),
                kahoot.read_xlsx,
                only_supported("xlsx", kahoot.write_xlsx),
                "the Kahoot! spreadsheet layout, as .xlsx",
            ),
            FormatInfo(
                "civics-json",
                (".json",),
                civics_json.read,
                None,
                "the US civics test datasets (JSON)",
            ),
            FormatInfo(
                "anki",
                (".apkg",),
                None,
                only_supported("anki", anki.write),
                "an Anki deck (.apkg) for spaced repetition; needs the `anki` extra (genanki)",
            ),
        )
    }
)
