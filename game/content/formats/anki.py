"""Anki export: the banks as an .apkg deck, so students can carry on spaced repetition in Anki.

The game's review mode learns from Anki; this lets a student take the questions there. One note
per graded question (polls have no answer to learn), with the prompt and what to choose from on
the front, and the answer, explanation and source on the back; tags name the bank and the
topic. Each note's GUID comes from the bank and question ids, and the note type's and decks' ids
from fixed names, so importing a newer export into Anki updates the notes instead of adding
copies. Written with genanki (the optional `anki` extra), which builds the SQLite collection
and the zip.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
from collections.abc import Sequence
from typing import Any

from game.content.formats import ExportResult, Skipped
from game.content.formats.codes import FormatCode
from game.content.formats.exchange.registry import exchange
from game.content.problems import Problem, Severity
from game.core.model import Bank, Question
from game.core.qtypes.registry import qtype

__all__ = ["FIELDS", "available", "note_guid", "write"]

FIELDS = ("Prompt", "Choices", "Answer", "Explanation", "Source", "Id")
_FRONT = "{{Prompt}}{{#Choices}}<div class=choices>{{Choices}}</div>{{/Choices}}"
_BACK = (
    "{{FrontSide}}<hr id=answer><div class=answer>{{Answer}}</div>"
    "{{#Explanation}}<p>{{Explanation}}</p>{{/Explanation}}"
    "{{#Source}}<p class=source>Source: {{Source}}</p>{{/Source}}"
)
_CSS = (
    ".card { font-family: sans-serif; font-size: 22px; text-align: left; }\n"
    ".answer { font-weight: bold; }\n"
    ".source { font-size: 16px; color: #555; }\n"
)


def available() -> bool:
    """Whether genanki (the `anki` extra) is installed."""
    try:
        import genanki  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return False
    return True


def _stable_id(name: str) -> int:
    """An Anki id (positive, below 2**31, as genanki's docs advise) fixed by `name`."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big") % (2**31 - 1) + 1


def note_guid(bank_id: str, question_id: str) -> str:
    """The note's GUID: the same for the same question in every export."""
    import genanki

    return str(genanki.guid_for("civic-quiz", bank_id, question_id))


def _esc(text: str) -> str:
    """Text for an Anki field, which holds HTML."""
    return html.escape(text, quote=False)


def _tag(text: str) -> str:
    """Anki tags have no spaces; `::` makes a hierarchy."""
    return re.sub(r"\s+", "_", text.strip())


def _source(q: Question) -> str:
    parts = []
    for ref in q.citations:
        label = _esc(ref.label())
        url = ref.source.url
        parts.append(f'<a href="{html.escape(url, quote=True)}">{label}</a>' if url else label)
    return "; ".join(parts)


def write(banks: Sequence[Bank]) -> ExportResult:
    """The banks as one .apkg file: a deck per bank under "Civic Quiz", a note per question."""
    import genanki

    model = genanki.Model(
        _stable_id("civic-quiz note type v1"),
        "Civic Quiz question",
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Question", "qfmt": _FRONT, "afmt": _BACK}],
        css=_CSS,
        sort_field_index=FIELDS.index("Prompt"),
    )
    problems: list[Problem] = []
    skipped: list[Skipped] = []
    decks: list[Any] = []
    for bank in banks:
        deck = genanki.Deck(_stable_id(f"civic-quiz deck {bank.id}"), f"Civic Quiz::{bank.title}")
        for q in bank.questions:
            why = exchange(q).not_written.get("anki")
            if why is not None:
                problems.append(
                    Problem(
                        Severity.WARNING,
                        FormatCode.QUESTION_SKIPPED,
                        f"{q.type.value} question {q.id} is not exported: {why}",
                        bank.path,
                        question=q.id,
                    )
                )
                skipped.append(Skipped(q.id, f"{q.type.value} questions ({why})"))
                continue
            # as the game shows it: a cloze's gaps numbered as its answer names them
            prompt = _esc(qtype(q).shown_prompt(q))
            if q.passage is not None:  # the excerpt the question is about, as in the game
                prompt = f"<blockquote>{_esc(q.passage.text)}</blockquote>{prompt}"
            fields = [
                prompt,
                exchange(q).anki_choices(q),
                exchange(q).anki_answer(q),
                _esc(q.explanation),
                _source(q),
                _esc(q.id),
            ]
            tags = ["civic-quiz", f"bank::{_tag(bank.id)}", f"topic::{_tag(q.topic)}"]
            tags += [_tag(t) for t in q.tags if _tag(t)]
            if q.image:
                problems.append(
                    Problem(
                        Severity.WARNING,
                        "image-not-exported",
                        f"the image {q.image!r} of {q.id} is not exported to Anki",
                        bank.path,
                        question=q.id,
                        hint="add it to the note in Anki after importing",
                    )
                )
            deck.add_note(
                genanki.Note(model=model, fields=fields, tags=tags, guid=note_guid(bank.id, q.id))
            )
        decks.append(deck)
    out = io.BytesIO()
    genanki.Package(decks).write_to_file(out)
    return ExportResult(out.getvalue(), tuple(problems), tuple(skipped))
