"""A question exactly as a classroom session asked it, as plain JSON-ready data and back.

Why it exists: a session's report must never change after class. Banks get edited (choices
reordered, answers fixed, questions removed), so a session keeps a snapshot of every question it
asked, with the bank's id and version, and replays and reports against that snapshot rather than
against today's banks. The form is explicit field by field (not the bank format, which may
evolve): what is saved today reads back the same in every later version.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from game.core.model import (
    ImageFile,
    Passage,
    Question,
    QuestionType,
    Source,
    SourceKind,
    SourceRef,
)
from game.core.qtypes.registry import qtype

__all__ = ["SNAPSHOT_FORMAT", "question_from_snapshot", "question_to_snapshot"]

SNAPSHOT_FORMAT = 1


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _from_day(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def _ref_to_data(ref: SourceRef) -> dict[str, Any]:
    return {
        "locator": ref.locator,
        "id": ref.source.id,
        "title": ref.source.title,
        "publisher": ref.source.publisher,
        "url": ref.source.url,
        "date": _day(ref.source.date),
        "note": ref.source.note,
        "kind": ref.source.kind.value if ref.source.kind is not None else None,
    }


def _ref_from_data(src: Mapping[str, Any]) -> SourceRef:
    kind = src.get("kind")  # snapshots saved before sources had kinds have none
    return SourceRef(
        Source(
            id=src["id"],
            title=src["title"],
            publisher=src["publisher"],
            url=src["url"],
            date=_from_day(src["date"]),
            note=src["note"],
            kind=SourceKind(kind) if kind else None,
        ),
        src["locator"],
    )


def _image_to_data(image: ImageFile | None) -> dict[str, Any] | None:
    if image is None:
        return None
    return {
        "path": image.path,
        "sha256": image.sha256,
        "media_type": image.media_type,
        "width": image.width,
        "height": image.height,
    }


def _image_from_data(data: Any) -> ImageFile | None:
    if not data:
        return None
    return ImageFile(
        path=str(data["path"]),
        sha256=str(data["sha256"]),
        media_type=str(data["media_type"]),
        width=int(data["width"]),
        height=int(data["height"]),
    )


def question_to_snapshot(question: Question) -> dict[str, Any]:
    """Every field of `question` (its content as shown and as graded) in JSON form."""
    ref = question.source
    passage = question.passage
    return {
        "format": SNAPSHOT_FORMAT,
        "id": question.id,
        "type": question.type.value,
        "topic": question.topic,
        "difficulty": question.difficulty,
        "prompt": question.prompt,
        "bank_id": question.bank_id,
        "explanation": question.explanation,
        "source": None if ref is None else _ref_to_data(ref),
        "more_sources": [_ref_to_data(r) for r in question.more_sources],
        "passage": None
        if passage is None
        else {
            "id": passage.id,
            "text": passage.text,
            "sources": [_ref_to_data(r) for r in passage.sources],
        },
        "tags": list(question.tags),
        "time_limit": question.time_limit,
        "points": question.points,
        "image": question.image,
        # The picture as asked: its words and its fingerprint, not just a path. A resume shows
        # the file only while its SHA-256 still matches (else the alt text); a report needs
        # neither the file nor today's bank.
        "image_alt": question.image_alt,
        "image_file": _image_to_data(question.image_file),
        "valid_as_of": _day(question.valid_as_of),
        # the type's own fields (choices, items, accepted answers, …): its module says which
        **qtype(question).snapshot(question),
    }


def question_from_snapshot(data: Mapping[str, Any]) -> Question:
    """The question a snapshot holds (KeyError/ValueError/TypeError if it is not one)."""
    if data.get("format") != SNAPSHOT_FORMAT:
        raise ValueError(f"unknown question snapshot format {data.get('format')!r}")
    src = data["source"]
    kind = QuestionType(data["type"])  # fields added later (more_sources, passage) may be missing
    return Question(
        id=str(data["id"]),
        type=kind,
        topic=str(data["topic"]),
        difficulty=int(data["difficulty"]),
        prompt=str(data["prompt"]),
        bank_id=str(data["bank_id"]),
        explanation=str(data["explanation"]),
        source=None if src is None else _ref_from_data(src),
        more_sources=tuple(_ref_from_data(r) for r in data.get("more_sources", ())),
        passage=None
        if not data.get("passage")
        else Passage(
            id=str(data["passage"]["id"]),
            text=str(data["passage"]["text"]),
            sources=tuple(_ref_from_data(r) for r in data["passage"]["sources"]),
        ),
        tags=tuple(data["tags"]),
        time_limit=data["time_limit"],
        points=data["points"],
        image=data["image"],
        image_alt=data.get("image_alt"),  # snapshots saved before pictures were shown have none
        image_file=_image_from_data(data.get("image_file")),
        valid_as_of=_from_day(data["valid_as_of"]),
        **qtype(kind).from_snapshot(data),  # the type's own fields, as its module saved them
    )
