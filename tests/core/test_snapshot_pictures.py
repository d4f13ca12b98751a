"""A session's snapshot of a question with a picture keeps what the picture needs without the
file: the path as written, the alt text and the file's fingerprint (path, SHA-256, type, size);
snapshots saved before pictures were shown still read, with none."""

from __future__ import annotations

import json

from game.core.model import ImageFile, Question, QuestionType
from game.core.snapshot import question_from_snapshot, question_to_snapshot

PICTURED = Question(
    id="pic-1",
    type=QuestionType.TRUE_FALSE,
    topic="Pictures",
    difficulty=1,
    prompt="The chart shows four bars.",
    truth=True,
    image="images/chart.png",
    image_alt="Bar chart with four bars.",
    image_file=ImageFile("/banks/images/chart.png", "ab" * 32, "image/png", 240, 150),
)


def test_a_pictured_question_round_trips_through_json() -> None:
    data = json.loads(json.dumps(question_to_snapshot(PICTURED)))
    assert data["image_alt"] == "Bar chart with four bars."
    assert data["image_file"]["sha256"] == "ab" * 32
    assert question_from_snapshot(data) == PICTURED


def test_snapshots_from_before_pictures_read_without_one() -> None:
    data = question_to_snapshot(PICTURED)
    del data["image_alt"], data["image_file"]
    old = question_from_snapshot(data)
    assert old.image == "images/chart.png"
    assert old.image_alt is None and old.image_file is None
    assert not old.shows_image  # asked without a picture then: shown without one now
    assert PICTURED.shows_image
