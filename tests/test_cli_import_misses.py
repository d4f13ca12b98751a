"""`civic-quiz import-misses FILE`: the questions a student missed in class (the file "Save my
misses" saved on their phone) go into that player's "Review my mistakes". The file comes from
outside, so every bad one gets a clear error naming the file and the line, never a traceback,
and nothing is saved from it."""

from __future__ import annotations

import json
import random

import pytest

from game.content.loader import load_paths
from game.core.leitner import due_cards
from game.core.review import ReviewEntry, misses_document, read_misses
from game.services.paths import database_path
from game.services.storage import Store
from tests.conftest import QUESTIONS
from tests.test_cli import run

SHIPPED = [q for bank in load_paths([QUESTIONS]).banks for q in bank.questions]


def entry(qid: str, outcome: str) -> ReviewEntry:
    return ReviewEntry(1, qid, "prompt", "", "", outcome, "", "")


def misses_file(tmp_path, nickname="Ana", ids=None) -> tuple:
    ids = ids or [q.id for q in SHIPPED[:3]]
    entries = [entry(ids[0], "right")] + [entry(qid, "wrong") for qid in ids[1:]]
    path = tmp_path / "civic-quiz-misses.json"
    path.write_text(json.dumps(misses_document(nickname, entries), indent=2), encoding="utf-8")
    return path, ids[1:]


def test_import__the_misses_go_into_the_players_review(tmp_path, app_ctx_factory):
    path, missed = misses_file(tmp_path)
    data = tmp_path / "data"
    result = run("--data-dir", str(data), "import-misses", str(path), "--player", "Ana")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Added 2 questions to Ana's Review my mistakes."
    with Store.open(database_path(data)) as store:
        (ana,) = [p for p in store.players() if p.name == "Ana"]
        cards = store.cards(ana.id)
        assert set(cards) == set(missed) and {c.box for c in cards.values()} == {1}
        due = [c.question_id for c in due_cards(cards, max(c.last_seen for c in cards.values()))]
        assert set(due) == set(missed)
        # the real game: Review my mistakes now asks exactly these
        scene = app_ctx_factory(store, ana)
        assert set(scene.runner.config.question_ids) == set(missed)
    # importing again is harmless: the same cards, still due
    again = run("--data-dir", str(data), "import-misses", str(path), "--player", "Ana")
    assert again.returncode == 0
    with Store.open(database_path(data)) as store:
        assert set(store.cards(ana.id)) == set(missed)


def test_import__the_nickname_in_the_file_picks_the_player(tmp_path):
    data = tmp_path / "data"
    with Store.open(database_path(_mkdir(data))) as store:
        store.create_player("Zoe", 1.0)
        store.create_player("ana", 2.0)
    path, missed = misses_file(tmp_path, nickname="Ana")
    result = run("import-misses", str(path), "--data-dir", str(data))  # options after, too
    assert result.returncode == 0, result.stderr
    assert "to ana's Review my mistakes" in result.stdout
    with Store.open(database_path(data)) as store:
        ana = next(p for p in store.players() if p.name == "ana")
        assert set(store.cards(ana.id)) == set(missed)


def test_import__questions_the_banks_lack_are_named_and_skipped(tmp_path):
    path, missed = misses_file(tmp_path, ids=[SHIPPED[0].id, SHIPPED[1].id, "gone-from-banks-7"])
    data = tmp_path / "data"
    result = run("--data-dir", str(data), "import-misses", str(path), "--player", "Ana")
    assert result.returncode == 0
    assert "Added 1 question to Ana's" in result.stdout
    assert "gone-from-banks-7" in result.stderr and "--banks" in result.stderr


def _mkdir(path):
    path.mkdir(parents=True, exist_ok=True)
    return path


HOSTILE = {
    "not json": (b"this is my homework\n", "line 1: this is not a misses file (not valid JSON"),
    "json on line 3 broken": (
        b'{\n  "format": "civic-quiz-misses",\n  "version": 1,,\n}',
        "line 3: this is not a misses file (not valid JSON",
    ),
    "another json": (b'{"type": "bank"}', 'no "format": "civic-quiz-misses"'),
    "a list": (b"[1, 2, 3]", "this is not a Civic Quiz misses file"),
    "future version": (
        b'{"format": "civic-quiz-misses",\n "version": 9, "questions": []}',
        "line 2: misses file version 9",
    ),
    "bad id": (
        b'{"format": "civic-quiz-misses", "version": 1,\n"questions": [\n'
        b'{"id": "../../etc/passwd"}]}',
        "line 3: question 1 has no valid question id",
    ),
    "id not text": (
        b'{"format": "civic-quiz-misses", "version": 1, "questions": [{"id": {"$ne": 1}}]}',
        "question 1 has no valid question id",
    ),
    "questions not a list": (
        b'{"format": "civic-quiz-misses", "version": 1, "questions": "all"}',
        '"questions" must be a list',
    ),
    "NaN": (
        b'{"format": "civic-quiz-misses", "version": NaN, "questions": []}',
        "NaN is not a number",
    ),
    "binary": (b"\x89PNG\r\n\x1a\n\xff\xfe\x00\x00", "not a text file (not UTF-8)"),
    "deep": (b"[" * 100_000 + b"]" * 100_000, "this is not a misses file"),
    "huge": (b'{"format": "civic-quiz-misses", "pad": "' + b"x" * 300_000 + b'"}', "larger"),
    "too many": (
        json.dumps(
            {"format": "civic-quiz-misses", "version": 1, "questions": ["q-1"] * 501}
        ).encode(),
        "more than 500 questions",
    ),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_import__a_bad_file_gets_a_clear_error_and_saves_nothing(tmp_path, name):
    content, expected = HOSTILE[name]
    path = tmp_path / "misses.json"
    path.write_bytes(content)
    data = tmp_path / "data"
    result = run("--data-dir", str(data), "import-misses", str(path), "--player", "Ana")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"civic-quiz: {path}, line "), result.stderr
    assert expected in result.stderr, result.stderr
    assert "Save the file again" in result.stderr  # what to do
    assert not database_path(data).exists() or _no_cards(data)


def _no_cards(data) -> bool:
    with Store.open(database_path(data)) as store:
        return all(not store.cards(p.id) for p in store.players())


def test_import__a_missing_file_is_named(tmp_path):
    result = run("import-misses", str(tmp_path / "nope.json"), "--data-dir", str(tmp_path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"cannot read {tmp_path / 'nope.json'}" in result.stderr


def test_read_misses__what_the_phone_saves_reads_back():
    doc = misses_document(
        "Ana", [entry("q-1", "wrong"), entry("q-2", "right"), entry("q-3", "no answer")]
    )
    assert doc["questions"] == [
        {"id": "q-1", "prompt": "prompt"},
        {"id": "q-3", "prompt": "prompt"},
    ]
    read = read_misses(json.dumps(doc), "f.json")
    assert (read.nickname, read.question_ids) == ("Ana", ("q-1", "q-3"))
    assert read_misses(json.dumps(doc).encode("utf-8-sig"), "f.json") == read  # a BOM is fine


@pytest.fixture
def app_ctx_factory():
    """The real game on `store` as `player`: Review my mistakes from the title menu."""
    import pygame

    from game.app.context import AppContext
    from game.app.loop import App
    from game.app.scenes.menus import MainMenuScene
    from tests.app.conftest import BANKS, FakeClock

    apps = []

    def make(store, player):
        clock = FakeClock(10_000_000_000.0)
        ctx = AppContext(BANKS, store, now=clock, wall=clock, rng=random.Random(1))
        ctx.choose_player(player)
        app = App(ctx, size=(1280, 720))
        apps.append(app)
        app.start(MainMenuScene(ctx))
        app.stack.apply(app.stack.top.activate("review"), ctx.size)
        return app.stack.top

    yield make
    if apps:
        pygame.display.quit()
