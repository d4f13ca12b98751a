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
    Gap,
    ImageFile,
    NumericAnswer,
    Passage,
    Question,
    QuestionType,
    Source,
    SourceKind,
    SourceRef,
)

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
    numeric = question.numeric
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
        "choices": list(question.choices),
        "correct": list(question.correct),
        "partial_credit": question.partial_credit,
        "shuffle": question.shuffle,
        "truth": question.truth,
        "items": list(question.items),
        "pairs": [list(pair) for pair in question.pairs],
        "accept": list(question.accept),
        "fuzzy": question.fuzzy,
        "gaps": [{"accept": list(g.accept), "options": list(g.options)} for g in question.gaps],
        "numeric": None
        if numeric is None
        else {
            "value": numeric.value,
            "low": numeric.low,
            "high": numeric.high,
            "unit": numeric.unit,
        },
    }


def question_from_snapshot(data: Mapping[str, Any]) -> Question:
    """The question a snapshot holds (KeyError/ValueError/TypeError if it is not one)."""
    if data.get("format") != SNAPSHOT_FORMAT:
        raise ValueError(f"unknown question snapshot format {data.get('format')!r}")
    src = data["source"]
    num = data["numeric"]  # fields added later (more_sources, passage, fuzzy) may be missing
    return Question(
        id=str(data["id"]),
        type=QuestionType(data["type"]),
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
        choices=tuple(data["choices"]),
        correct=tuple(int(i) for i in data["correct"]),
        partial_credit=bool(data["partial_credit"]),
        shuffle=bool(data["shuffle"]),
        truth=data["truth"],
        items=tuple(data["items"]),
        pairs=tuple((str(a), str(b)) for a, b in data["pairs"]),
        accept=tuple(data["accept"]),
        fuzzy=bool(data.get("fuzzy", True)),
        numeric=None
        if num is None
        else NumericAnswer(float(num["value"]), float(num["low"]), float(num["high"]), num["unit"]),
        gaps=tuple(  # added with cloze: older snapshots have none
            Gap(tuple(str(a) for a in g["accept"]), tuple(str(o) for o in g["options"]))
            for g in data.get("gaps", ())
        ),
    )
