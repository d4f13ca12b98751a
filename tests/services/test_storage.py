"""The save file on real SQLite files: schema versions, damaged files, players, settings, rounds
committed answer by answer (also across a killed process), history, bests and Leitner cards."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from game.core.leitner import Card
from game.core.round import AnswerRecord, RoundSummary, TopicResult
from game.services import migrations, storage
from game.services.storage import (
    MAX_NAME_LENGTH,
    AnswerRow,
    Bests,
    Player,
    RoundRow,
    StorageError,
    Store,
    clean_player_name,
)
from tests.conftest import ROOT


def answer(
    qid: str,
    correct: bool = True,
    *,
    points: int | None = None,
    streak: int = 0,
    at: float = 100.0,
    reask: bool = False,
    graded: bool = True,
    topic: str = "order",
    response: object = 1,
) -> AnswerRecord:
    return AnswerRecord(
        question_id=qid,
        bank_id="eo-basics",
        topic=topic,
        response=response,
        credit=1.0 if correct else 0.0,
        correct=correct and graded,
        points=(100 if correct else 0) if points is None else points,
        elapsed_s=3.25,
        timed_out=False,
        streak=streak,
        at=at,
        reask=reask,
        graded=graded,
    )


def summary(score: int, correct: int = 0, graded: int = 0) -> RoundSummary:
    return RoundSummary(
        score=score,
        correct=correct,
        graded=graded,
        accuracy=correct / graded if graded else 0.0,
        duration_s=42.5,
        best_streak=correct,
        topics=(TopicResult("order", correct, graded),),
        missed=("q-9",) if graded > correct else (),
    )


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "data" / "civic-quiz.sqlite3"


@pytest.fixture
def store(db_path):
    with Store.open(db_path) as s:
        yield s


@pytest.fixture
def ann(store):
    return store.create_player("Ann", now=1_000.0)


def raw(path) -> sqlite3.Connection:
    """A plain second connection, independent of the Store under test."""
    return sqlite3.connect(str(path))


# -- opening, schema, versions -----------------------------------------------------------------


def test_open__creates_parent_folders_schema_and_version(db_path):
    assert not db_path.parent.exists()
    Store.open(db_path).close()
    with raw(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
        assert conn.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"players", "settings", "rounds", "answers", "leitner"} <= tables
    assert {"settings_scope_key", "rounds_player_started", "answers_round"} <= indexes


def test_open__full_sync_and_foreign_keys(store):
    conn = store._conn  # the pragmas are per connection, so only the store's own can tell
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_checkpoint_apart__commits_leave_the_log_to_checkpoint(db_path):
    """A live classroom commits on its network thread: with checkpoints apart, no commit copies
    the write-ahead log into the file (SQLite's would, past 1,000 pages); checkpoint() does, on
    a connection of its own, while the store stays usable."""
    wal = db_path.with_name(db_path.name + "-wal")
    with Store.open(db_path) as s:
        s.checkpoint()  # the file holds the schema; the log is copied in
        s.checkpoint_apart(True)
        assert s._conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
        before = db_path.stat().st_size
        for n in range(1_200):  # a commit each, past the 1,000 pages SQLite would checkpoint at
            s.set_setting(None, f"k{n}", "x" * 100)
        assert wal.stat().st_size > storage.WAL_AUTOCHECKPOINT * 4096  # nothing copied in
        assert db_path.stat().st_size == before
        s.checkpoint()
        assert db_path.stat().st_size > before  # copied into the file
        s.set_setting(None, "after", 1)  # the store goes on
        s.checkpoint_apart(False)
        assert s._conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1_000
    with raw(db_path) as conn:  # every commit is there
        count = conn.execute("SELECT COUNT(*) FROM settings").fetchone()[0]
    assert count >= 1_201


def test_checkpoint__nothing_for_memory():
    with Store.open(":memory:") as s:
        s.checkpoint_apart(True)
        s.checkpoint()
        s.set_setting(None, "k", 1)
        assert s.get_settings(None) == {"k": 1}


def test_open__memory_works(tmp_path):
    with Store.open(":memory:") as s:
        pid = s.create_player("Mem", 1.0).id
        assert s.player(pid) == Player(pid, "Mem", 1.0)
    assert list(tmp_path.iterdir()) == []


def test_reopen__keeps_data(db_path):
    with Store.open(db_path) as s:
        pid = s.create_player("Ann", 1.0).id
        rid = s.start_round(pid, "solo", {"question_ids": ["q-1"]}, 2.0)
        s.record_answer(rid, answer("q-1"), "3")
        s.set_setting(None, "volume", 0.5)
    with Store.open(db_path) as s:
        assert s.players() == [Player(pid, "Ann", 1.0)]
        assert [a.question_id for a in s.round_answers(rid)] == ["q-1"]
        assert s.get_settings(None) == {"volume": 0.5}


def test_newer_schema__refused_and_left_untouched(db_path):
    Store.open(db_path).close()
    with raw(db_path) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(StorageError) as err:
        Store.open(db_path)
    message = str(err.value)
    assert "this data was written by a newer Civic Quiz (schema 99); update the game" in message
    assert str(db_path) in message
    with raw(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 99


def test_garbage_file__storage_error_naming_path_and_remedy(db_path):
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"this is not a database, just some text that got here " * 40)
    with pytest.raises(StorageError) as err:
        Store.open(db_path)
    assert str(db_path) in str(err.value)
    assert "move it aside" in str(err.value)
    assert err.value.path == str(db_path)


def test_foreign_sqlite_database__refused(db_path):
    db_path.parent.mkdir(parents=True)
    with raw(db_path) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    with pytest.raises(StorageError, match="another program"):
        Store.open(db_path)
    with raw(db_path) as conn:  # not "migrated" into a mix of both
        assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 1


def test_folder_instead_of_file__storage_error(tmp_path):
    with pytest.raises(StorageError, match="folder"):
        Store.open(tmp_path)


def test_empty_file__becomes_a_fresh_save(db_path):
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"")
    with Store.open(db_path) as s:
        assert s.players() == []


def test_migration__new_step_upgrades_and_keeps_data(db_path, monkeypatch):
    with Store.open(db_path) as s:
        pid = s.create_player("Ann", 1.0).id
    step = "ALTER TABLE players ADD COLUMN avatar TEXT;\nUPDATE players SET avatar = 'owl';\n"
    monkeypatch.setattr(storage, "MIGRATIONS", migrations.MIGRATIONS + (step,))
    monkeypatch.setattr(storage, "SCHEMA_VERSION", migrations.SCHEMA_VERSION + 1)
    with Store.open(db_path) as s:
        assert s.player(pid) == Player(pid, "Ann", 1.0)
    with raw(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION + 1
        assert conn.execute("SELECT avatar FROM players").fetchone()[0] == "owl"


def test_migration__failing_step_changes_nothing(db_path, monkeypatch):
    Store.open(db_path).close()
    step = "CREATE TABLE badges (id INTEGER PRIMARY KEY);\nINSERT INTO nowhere VALUES (1);\n"
    monkeypatch.setattr(storage, "MIGRATIONS", migrations.MIGRATIONS + (step,))
    monkeypatch.setattr(storage, "SCHEMA_VERSION", migrations.SCHEMA_VERSION + 1)
    with pytest.raises(StorageError, match=str(db_path)):
        Store.open(db_path)
    with raw(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "badges" not in names


def test_migrations__each_statement_is_complete():
    for step in migrations.MIGRATIONS:
        statements = list(storage._statements(step))
        assert statements and all(sqlite3.complete_statement(s) for s in statements)
        assert "user_version" not in step.lower() and "begin" not in step.lower()


# -- players -----------------------------------------------------------------------------------


def test_player_name__trimmed_and_inner_space_collapsed(store):
    p = store.create_player("  Ann \t  Lee  ", 5.0)
    assert p.name == "Ann Lee"
    assert store.player(p.id) == p


@pytest.mark.parametrize("bad", ["", "   ", "\t\n", "\u200b"])
def test_player_name__empty_rejected(store, bad):
    with pytest.raises(ValueError, match="type a name"):
        store.create_player(bad, 1.0)


def test_player_name__length_limit(store):
    assert store.create_player("x" * MAX_NAME_LENGTH, 1.0).name == "x" * MAX_NAME_LENGTH
    with pytest.raises(ValueError, match=f"at most {MAX_NAME_LENGTH}"):
        store.create_player("y" * (MAX_NAME_LENGTH + 1), 1.0)
    # the limit applies after trimming
    assert clean_player_name("  " + "z" * MAX_NAME_LENGTH + "  ") == "z" * MAX_NAME_LENGTH


@pytest.mark.parametrize("bad", ["Ann\x00", "A\x07nn", "Ann\x1b[31m"])
def test_player_name__control_characters_rejected(store, bad):
    with pytest.raises(ValueError, match="control"):
        store.create_player(bad, 1.0)
    assert store.players() == []


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Ann Lee", "ann lee"),
        ("Ann Lee", "  ANN   LEE "),
        ("Zoë", "ZOË"),
        ("Straße", "STRASSE"),
    ],
)
def test_player_name__duplicates_ignore_case(store, first, second):
    store.create_player(first, 1.0)
    with pytest.raises(ValueError, match="already a player called") as err:
        store.create_player(second, 2.0)
    assert first in str(err.value)
    assert len(store.players()) == 1


def test_player_name__unicode_kept(store):
    assert store.create_player("José 🦉", 1.0).name == "José 🦉"


def test_players__most_recently_active_first(store):
    a = store.create_player("A", 10.0)
    b = store.create_player("B", 20.0)
    c = store.create_player("C", 30.0)
    assert [p.name for p in store.players()] == ["C", "B", "A"]
    store.start_round(a.id, "solo", {}, 40.0)
    assert [p.name for p in store.players()] == ["A", "C", "B"]
    store.start_round(b.id, "solo", {}, 35.0)  # newer than C's creation, older than A's round
    assert [p.name for p in store.players()] == ["A", "B", "C"]
    assert store.player(c.id) == c
    assert store.player(9_999) is None


# -- settings ----------------------------------------------------------------------------------


JSON_VALUES = {
    "volume": 0.75,
    "fullscreen": True,
    "lives": 3,
    "theme": "dark – ünïcode",
    "timer": None,
    "banks": ["eo-basics", "agencies"],
    "keys": {"next": "space", "nested": [1, 2.5, False]},
}


def test_settings__round_trip_json_types_global_and_player(db_path):
    with Store.open(db_path) as s:
        pid = s.create_player("Ann", 1.0).id
        for key, value in JSON_VALUES.items():
            s.set_setting(None, key, value)
        s.set_setting(pid, "volume", 0.1)
        s.set_setting(pid, "theme", "light")
    with Store.open(db_path) as s:
        assert s.get_settings(None) == JSON_VALUES
        assert s.get_settings(pid) == {"volume": 0.1, "theme": "light"}
        assert {**s.get_settings(None), **s.get_settings(pid)}["volume"] == 0.1


def test_settings__overwrite_keeps_one_value_per_scope(store, ann, db_path):
    for value in (1, 2, 3):
        store.set_setting(None, "lives", value)
        store.set_setting(ann.id, "lives", value * 10)
    assert store.get_settings(None) == {"lives": 3}
    assert store.get_settings(ann.id) == {"lives": 30}
    with raw(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM settings").fetchone()[0] == 2


def test_settings__bad_values_and_unknown_player(store):
    with pytest.raises(ValueError, match="JSON"):
        store.set_setting(None, "when", object())
    with pytest.raises(ValueError, match="JSON"):
        store.set_setting(None, "x", float("nan"))
    with pytest.raises(ValueError, match="no such player"):
        store.set_setting(42, "volume", 1)
    with pytest.raises(ValueError):
        store.set_setting(None, "", 1)
    assert store.get_settings(None) == {}


def test_settings__damaged_value_skipped(store, db_path):
    store.set_setting(None, "good", 1)
    store.set_setting(None, "bad", 2)
    with raw(db_path) as conn:
        conn.execute("UPDATE settings SET value_json = '{oops' WHERE key = 'bad'")
    assert store.get_settings(None) == {"good": 1}


# -- rounds and answers ------------------------------------------------------------------------


def test_record_answer__visible_to_a_second_connection_before_finish(store, ann, db_path):
    rid = store.start_round(ann.id, "solo", {"question_ids": ["q-1", "q-2"]}, 100.0)
    store.record_answer(rid, answer("q-1", streak=1), "7")
    with raw(db_path) as conn:
        assert conn.execute(
            "SELECT question_id, bank_version FROM answers WHERE round_id = ?", (rid,)
        ).fetchall() == [("q-1", "7")]
    with Store.open(db_path) as other:
        assert [r.answered for r in other.history(ann.id)] == [1]
        store.record_answer(rid, answer("q-2", correct=False), "7")
        assert [a.question_id for a in other.round_answers(rid)] == ["q-1", "q-2"]


CRASH_SCRIPT = textwrap.dedent("""
    import os, signal, sys
    from game.core.round import AnswerRecord
    from game.services.storage import Store

    path, how = sys.argv[1], sys.argv[2]
    store = Store.open(path)
    pid = store.create_player("Crash", 1.0).id
    rid = store.start_round(pid, "solo", {"question_ids": ["q-1", "q-2", "q-3", "q-4"]}, 2.0)
    for n in (1, 2, 3):
        store.record_answer(rid, AnswerRecord(
            question_id=f"q-{n}", bank_id="b", topic="t", response=n, credit=1.0,
            correct=True, points=100, elapsed_s=1.5, timed_out=False, streak=n, at=2.0 + n,
            reask=False, graded=True), "1")
    print(pid, rid, flush=True)
    # mid-round: no finish_round, no close
    if how == "sigkill":
        os.kill(os.getpid(), signal.SIGKILL)
    os._exit(1)
""")


@pytest.mark.parametrize("how", ["exit", "sigkill"])
def test_killed_mid_round__answers_and_unfinished_round_survive(db_path, how):
    if how == "sigkill" and not hasattr(signal, "SIGKILL"):
        pytest.skip("no SIGKILL on this platform")
    result = subprocess.run(
        [sys.executable, "-c", CRASH_SCRIPT, str(db_path), how],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == (-signal.SIGKILL if how == "sigkill" else 1), result.stderr
    pid, rid = map(int, result.stdout.split())
    assert (db_path.parent / (db_path.name + "-wal")).exists()  # died without a checkpoint
    with Store.open(db_path) as s:
        assert [a.question_id for a in s.round_answers(rid)] == ["q-1", "q-2", "q-3"]
        [row] = s.history(pid)
        assert (row.id, row.finished, row.score, row.answered, row.correct) == (
            rid,
            False,
            None,
            3,
            3,
        )
        assert [r.id for r in s.unfinished_rounds(pid)] == [rid]
        assert s.personal_bests(pid).best_streak == 3


def test_round_answers__round_trip_every_field(store, ann):
    rid = store.start_round(ann.id, "solo", {}, 100.0)
    records = [
        answer("q-1", response=[0, 2], streak=1, at=101.125),
        AnswerRecord(
            "q-2", "bank-2", "law", None, 0.0, False, 0, 20.0, True, 0, 130.5, False, True
        ),
        answer("q-1", response=[0, 2], reask=True, points=50, at=140.0),
        answer("poll-1", graded=False, response=2, points=0),
        answer("q-3", response="Attorney Général", topic="agencies"),
        answer("q-4", response=float("nan"), correct=False),
    ]
    for r in records:
        store.record_answer(rid, r, "2025-12")
    rows = store.round_answers(rid)
    assert all(isinstance(r, AnswerRow) and r.bank_version == "2025-12" for r in rows)
    got = [r.to_record() for r in rows]
    assert got[:5] == records[:5]
    assert got[5].response != got[5].response  # NaN survives as NaN
    assert store.round_answers(9_999) == []


def test_record_answer__unknown_or_finished_round_rejected(store, ann):
    with pytest.raises(ValueError, match="doesn't exist"):
        store.record_answer(9_999, answer("q-1"), "1")
    rid = store.start_round(ann.id, "solo", {}, 1.0)
    store.finish_round(rid, summary(0), 2.0)
    with pytest.raises(ValueError, match="already finished"):
        store.record_answer(rid, answer("q-1"), "1")
    with pytest.raises(ValueError, match="already finished"):
        store.finish_round(rid, summary(5), 3.0)
    assert store.round_answers(rid) == []


def test_start_round__unknown_player_and_bad_config(store, ann):
    with pytest.raises(ValueError, match="no such player"):
        store.start_round(9_999, "solo", {}, 1.0)
    with pytest.raises(ValueError, match="JSON"):
        store.start_round(ann.id, "solo", {"when": object()}, 1.0)
    assert store.history(ann.id) == []


def test_round_config_and_summary__round_trip(store, ann):
    config = {"question_ids": ("q-1", "q-2"), "timer_multiplier": None, "reask_missed": True}
    rid = store.start_round(ann.id, "review", config, 10.0)
    assert store.round_config(rid) == {**config, "question_ids": ["q-1", "q-2"]}
    assert store.round_summary(rid) is None
    done = summary(250, correct=2, graded=3)
    store.finish_round(rid, done, 50.0)
    assert store.round_summary(rid) == done
    with pytest.raises(ValueError):
        store.round_config(9_999)
    with pytest.raises(ValueError):
        store.round_summary(9_999)


def test_history__newest_first_with_counts_from_answers(store, ann):
    other = store.create_player("Bob", 1.0)
    r1 = store.start_round(ann.id, "solo", {}, 100.0)
    for rec in (
        answer("a", streak=1),
        answer("b", correct=False),
        answer("b", reask=True),
        answer("p", graded=False, points=0),
    ):
        store.record_answer(r1, rec, "1")
    store.finish_round(r1, summary(200, correct=1, graded=2), 160.0)
    r2 = store.start_round(ann.id, "solo", {}, 200.0)  # unfinished
    store.record_answer(r2, answer("c"), "1")
    r3 = store.start_round(ann.id, "review", {}, 300.0)  # unfinished, nothing answered
    store.start_round(other.id, "solo", {}, 400.0)

    rows = store.history(ann.id)
    assert rows == [
        RoundRow(r3, "review", 300.0, None, None, 0, 0, 0, 0),
        RoundRow(r2, "solo", 200.0, None, None, 1, 1, 1, 100),
        RoundRow(r1, "solo", 100.0, 160.0, 200, 4, 2, 1, 200),
    ]
    assert rows[2].finished and not rows[0].finished
    assert rows[2].accuracy == 0.5 and rows[0].accuracy == 0.0
    assert [r.id for r in store.history(ann.id, limit=2)] == [r3, r2]
    assert store.history(ann.id, limit=0) == []
    assert [r.id for r in store.history(ann.id, limit=None)] == [r3, r2, r1]
    assert [r.id for r in store.unfinished_rounds(ann.id)] == [r3, r2]
    with pytest.raises(ValueError):
        store.history(ann.id, limit=-1)


def test_history__many_rounds_limit_takes_the_newest(store, ann):
    ids = [store.start_round(ann.id, "solo", {}, float(t)) for t in range(30)]
    assert [r.id for r in store.history(ann.id)] == ids[::-1][:20]


def test_personal_bests__zeros_when_nothing(store, ann):
    assert store.personal_bests(ann.id) == Bests(0, 0, 0.0, 0)
    store.start_round(ann.id, "solo", {}, 1.0)
    assert store.personal_bests(ann.id) == Bests(0, 0, 0.0, 0)


def test_personal_bests__score_streak_accuracy_rounds(store, ann):
    def play(start: float, results: list[bool], score: int | None, extra=()):
        rid = store.start_round(ann.id, "solo", {}, start)
        streak = 0
        for n, ok in enumerate(results):
            streak = streak + 1 if ok else 0
            store.record_answer(rid, answer(f"q-{n}", ok, streak=streak), "1")
        for rec in extra:
            store.record_answer(rid, rec, "1")
        if score is not None:
            store.finish_round(rid, summary(score), start + 60)
        return rid

    play(100, [True, True, True, False, True], 400)  # 4/5 counts
    play(200, [True, True, True, True], 900)  # 4/4: too few graded for accuracy
    # 3/5 on first attempts; the re-asks and the poll change nothing
    play(
        300,
        [True, False, True, False, True],
        300,
        extra=[answer("q-1", reask=True), answer("q-3", reask=True), answer("poll", graded=False)],
    )
    play(400, [True] * 9, None)  # unfinished: its streak counts, its score and accuracy don't
    bests = store.personal_bests(ann.id)
    assert bests == Bests(best_score=900, best_streak=9, best_accuracy=0.8, rounds_played=3)
    other = store.create_player("Bob", 1.0)
    assert store.personal_bests(other.id) == Bests(0, 0, 0.0, 0)


def test_answered_question_ids__per_player_across_rounds(store, ann):
    bob = store.create_player("Bob", 1.0)
    r1 = store.start_round(ann.id, "solo", {}, 1.0)
    store.record_answer(r1, answer("q-1"), "1")
    store.record_answer(r1, answer("q-2", correct=False), "1")
    r2 = store.start_round(ann.id, "solo", {}, 2.0)
    store.record_answer(r2, answer("q-2"), "1")
    r3 = store.start_round(bob.id, "solo", {}, 3.0)
    store.record_answer(r3, answer("q-9"), "1")
    assert store.answered_question_ids(ann.id) == {"q-1", "q-2"}
    assert store.answered_question_ids(bob.id) == {"q-9"}


# -- Leitner -----------------------------------------------------------------------------------


def test_cards__save_update_delete_reload(db_path):
    with Store.open(db_path) as s:
        ann = s.create_player("Ann", 1.0).id
        bob = s.create_player("Bob", 1.0).id
        s.save_card(ann, "q-1", Card("q-1", 1, 100.0))
        s.save_card(ann, "q-2", Card("q-2", 3, 200.5))
        s.save_card(ann, "q-1", Card("q-1", 2, 300.0))  # moved up a box
        s.save_card(bob, "q-1", Card("q-1", 5, 50.0))
        s.save_card(ann, "q-2", None)  # learned
        s.save_card(ann, "q-never", None)  # deleting a missing card is fine
    with Store.open(db_path) as s:
        assert s.cards(ann) == {"q-1": Card("q-1", 2, 300.0)}
        assert s.cards(bob) == {"q-1": Card("q-1", 5, 50.0)}
        assert s.cards(9_999) == {}


def test_cards__mismatch_and_unknown_player_rejected(store, ann):
    with pytest.raises(ValueError, match="q-2"):
        store.save_card(ann.id, "q-1", Card("q-2", 1, 1.0))
    with pytest.raises(ValueError, match="no such player"):
        store.save_card(9_999, "q-1", Card("q-1", 1, 1.0))
    assert store.cards(ann.id) == {}


# -- errors on a working store -----------------------------------------------------------------


def test_closed_store__storage_error_not_a_raw_sqlite_error(db_path):
    s = Store.open(db_path)
    s.close()
    s.close()  # twice is fine
    with pytest.raises(StorageError, match=str(db_path)):
        s.players()


def test_locked_by_another_writer__storage_error(db_path, monkeypatch):
    monkeypatch.setattr(storage, "BUSY_TIMEOUT_MS", 50)
    with Store.open(db_path) as s:
        pid = s.create_player("Ann", 1.0).id
        blocker = raw(db_path)
        blocker.isolation_level = None
        blocker.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StorageError, match="already running"):
                s.set_setting(pid, "volume", 1)
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        s.set_setting(pid, "volume", 1)  # usable again afterwards
        assert s.get_settings(pid) == {"volume": 1}


def test_stored_json_is_plain_and_readable(store, ann, db_path):
    rid = store.start_round(ann.id, "solo", {"question_ids": ["q-1"]}, 1.0)
    store.record_answer(rid, answer("q-1", response=[2, 0]), "1")
    with raw(db_path) as conn:
        (config,) = conn.execute("SELECT config_json FROM rounds").fetchone()
        (response,) = conn.execute("SELECT response_json FROM answers").fetchone()
    assert json.loads(config) == {"question_ids": ["q-1"]} and json.loads(response) == [2, 0]
