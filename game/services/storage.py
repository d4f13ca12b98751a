"""The save file: players, settings, rounds, every answer and the Leitner boxes in one SQLite file.

Why it exists: a student's progress must survive anything, including the game being killed
mid-round. So every write is its own transaction, committed before the call returns, with the
database in WAL mode and `synchronous=FULL` (a committed answer survives a crash of the process
and of the machine). An unfinished round is simply a round without `ended_at`; its answers are
all there and `history` counts them.

Rules:
- the schema is versioned (`PRAGMA user_version`, see `migrations`); a file from a newer game is
  refused, never "upgraded down";
- every failure of the database itself (damaged file, foreign file, disk full, locked, read-only)
  surfaces as `StorageError` with the path and what to do; caller mistakes (a bad player name, an
  unknown id) are `ValueError`;
- all SQL is parameterized; time is passed in (`now`, epoch seconds), never read here;
- one `Store` wraps one connection; any thread may use it, one call at a time (its lock: a live
  classroom saves answers on its network thread). Several `Store`s, in one process or several,
  may share a file: WAL lets readers see each commit at once.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import threading
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from game.core.accommodations import Accommodations, name_key
from game.core.leitner import Card
from game.core.round import AnswerRecord, RoundSummary, TopicResult
from game.services.json_text import compact_encoder
from game.services.migrations import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

ACCOMMODATIONS_KEY = "accommodations:"  # + name_key(name), a global setting

__all__ = [
    "MAX_NAME_LENGTH",
    "MIN_GRADED_FOR_ACCURACY",
    "AnswerRow",
    "Bests",
    "Player",
    "RoundRow",
    "StorageError",
    "Store",
    "clean_player_name",
]

MAX_NAME_LENGTH = 24
MIN_GRADED_FOR_ACCURACY = 5  # a round counts for best accuracy with this many graded first tries
BUSY_TIMEOUT_MS = 5_000  # wait this long for another process holding the write lock
MEMORY = ":memory:"
WAL_AUTOCHECKPOINT = 1_000  # SQLite's default: a commit checkpoints past this many pages of log


class StorageError(Exception):
    """The save file cannot be used; the message names the file and what to do."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


# -- plain rows --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Player:
    id: int
    name: str
    created_at: float


@dataclass(frozen=True)
class RoundRow:
    """A round for the history list. Counts come from the stored answers, so an unfinished round
    shows what was answered. `graded` and `correct` count first attempts at graded questions (as
    `RoundSummary` does); `answered` counts every answer, re-asks and polls included; `points` is
    the sum of the answers' points; `score` is the final score, None while unfinished."""

    id: int
    mode: str
    started_at: float
    ended_at: float | None
    score: int | None
    answered: int
    graded: int
    correct: int
    points: int

    @property
    def finished(self) -> bool:
        return self.ended_at is not None

    @property
    def accuracy(self) -> float:
        return self.correct / self.graded if self.graded else 0.0


@dataclass(frozen=True)
class AnswerRow(AnswerRecord):
    """A stored answer: the `AnswerRecord` as given, plus the bank version it was asked from."""

    bank_version: str = ""

    def to_record(self) -> AnswerRecord:
        """The answer as the round state machine knows it (to resume a round)."""
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(AnswerRecord)}
        return AnswerRecord(**fields)


@dataclass(frozen=True)
class Bests:
    """A player's records. `best_accuracy` (0–1) is over finished rounds with at least
    MIN_GRADED_FOR_ACCURACY graded first attempts; `rounds_played` counts finished rounds."""

    best_score: int
    best_streak: int
    best_accuracy: float
    rounds_played: int


# -- names -------------------------------------------------------------------------------------


def clean_player_name(name: str) -> str:
    """The name as it will be stored: trimmed, inner whitespace collapsed to one space, NFC.

    ValueError (with a message fit for the player) if it is empty, longer than MAX_NAME_LENGTH
    characters or holds control characters.
    """
    if not isinstance(name, str):
        raise TypeError("a player name must be a string")
    if any(unicodedata.category(ch) in ("Cc", "Cs") and not ch.isspace() for ch in name):
        raise ValueError("A name can't contain control characters.")
    cleaned = unicodedata.normalize("NFC", " ".join(name.split()))
    visible = [ch for ch in cleaned if not ch.isspace() and unicodedata.category(ch) != "Cf"]
    if not visible:
        raise ValueError("Please type a name.")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ValueError(
            f"A name can be at most {MAX_NAME_LENGTH} characters (this one has {len(cleaned)})."
        )
    return cleaned


def _name_key(name: str) -> str:
    """What names are compared by: case- and compatibility-insensitive ("ANNA" = "anna")."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


# -- the store ---------------------------------------------------------------------------------


def _statements(script: str) -> Iterator[str]:
    """Split a migration step into single statements (sqlite3.execute runs one at a time)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer
            buffer = ""
    leftover = [ln for ln in buffer.splitlines() if ln.strip() and not ln.strip().startswith("--")]
    if leftover:
        raise ValueError(f"incomplete SQL statement in a migration: {buffer.strip()[:60]}")


# Made once (game/services/json_text.py: a classroom saves a command per answer).
_ENCODERS = {allow_nan: compact_encoder(allow_nan=allow_nan) for allow_nan in (False, True)}


def _json(value: Any, what: str, allow_nan: bool = False) -> str:
    try:
        return _ENCODERS[allow_nan](value)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"{what} must be JSON data (str, int, float, bool, None, lists and "
            f"dicts with str keys): {exc}"
        ) from exc


class Store:
    """One connection to the save file. Open with `Store.open(path)`; use as a context manager
    or call `close()`. Every method that writes has committed when it returns.

    Usable from any thread, one call at a time: a live classroom saves students' answers on its
    network thread as they arrive (so they are acknowledged at once), while the game thread
    uses the same store. Each read and each transaction holds the store's lock."""

    def __init__(self, connection: sqlite3.Connection, path: str) -> None:
        """Use `Store.open`; this only wraps an already migrated connection."""
        self._conn = connection
        self._path = path
        self._lock = threading.RLock()
        self._checkpointer: sqlite3.Connection | None = None  # see checkpoint()
        self._checkpoint_lock = threading.Lock()

    # -- opening and closing -------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str) -> Store:
        """Open (creating if needed) the save file at `path`, or an in-memory one for ":memory:".

        Creates missing parent folders and brings the schema up to date. StorageError if the file
        is damaged, is not a Civic Quiz save, was written by a newer game, or can't be opened.
        """
        where = str(path)
        if where != MEMORY:
            try:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageError(
                    f"{where}: can't create the folder for the save file ({exc.strerror or exc}); "
                    "choose another data folder with --data-dir or $CIVIC_QUIZ_DATA_DIR",
                    where,
                ) from exc
            if Path(path).is_dir():
                raise StorageError(
                    f"{where}: is a folder, not a save file; choose a file path", where
                )
        try:
            conn = _connect(where)
        except sqlite3.Error as exc:
            raise _translate(exc, where, "open the save file") from exc
        try:
            _prepare(conn, where)
        except BaseException:
            conn.close()
            raise
        return cls(conn, where)

    @property
    def path(self) -> str:
        """The file this store writes to (":memory:" for an in-memory one)."""
        return self._path

    def set_synchronous(self, mode: str) -> None:
        """SQLite's `synchronous` for this connection: "FULL" (the default: a commit survives
        a power cut) or "NORMAL" (with WAL, a commit survives the process crashing or being
        killed, not a power cut, and skips the fsync per commit; the classroom session's own
        process uses it, see docs/classroom.md)."""
        if mode.upper() not in ("FULL", "NORMAL"):
            raise ValueError(f"synchronous must be FULL or NORMAL, not {mode!r}")
        with self._reading("set how the save file is synced") as conn:
            conn.execute(f"PRAGMA synchronous = {mode.upper()}")

    def checkpoint_apart(self, apart: bool) -> None:
        """Whether `checkpoint()` copies the write-ahead log into the file (True), or each
        commit does when the log has grown past SQLite's default 1,000 pages (False, the
        default). A live classroom commits on its network thread, where that copy (and its
        flush to disk) would keep a round of answers waiting for milliseconds."""
        with self._reading("choose when the save file is checkpointed") as conn:
            conn.execute(f"PRAGMA wal_autocheckpoint = {0 if apart else WAL_AUTOCHECKPOINT}")

    def checkpoint(self) -> None:
        """Copy what the write-ahead log holds into the file, on a connection of its own, so
        this store's commits go on meanwhile (a PASSIVE checkpoint: it never waits for them).
        Nothing for an in-memory store."""
        if self._path == MEMORY:
            return
        with self._checkpoint_lock:
            try:
                if self._checkpointer is None:
                    self._checkpointer = _connect(self._path)  # used under _checkpoint_lock
                self._checkpointer.execute("PRAGMA wal_checkpoint(PASSIVE)")
            except sqlite3.Error as exc:
                raise _translate(exc, self._path, "copy the log into the save file") from exc

    def close(self) -> None:
        """Close the connection (safe to call twice). Everything was already committed."""
        with self._checkpoint_lock:
            if self._checkpointer is not None:
                self._checkpointer.close()
                self._checkpointer = None
        with self._lock:  # never under another thread's transaction
            self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- plumbing ------------------------------------------------------------------------------

    @contextmanager
    def _reading(self, action: str) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self._conn
            except sqlite3.Error as exc:
                raise _translate(exc, self._path, action) from exc

    @contextmanager
    def _writing(self, action: str) -> Iterator[sqlite3.Connection]:
        """One committed transaction; rolled back (and translated) on any failure."""
        with self._lock:
            yield from self._transaction(action)

    def _transaction(self, action: str) -> Iterator[sqlite3.Connection]:
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except sqlite3.IntegrityError as exc:
            if "FOREIGN KEY" in str(exc):  # every reference a caller can get wrong is a player
                raise ValueError(f"can't {action}: no such player") from exc
            raise ValueError(f"can't {action}: {exc}") from exc
        except sqlite3.Error as exc:
            raise _translate(exc, self._path, action) from exc

    # -- players -------------------------------------------------------------------------------

    def create_player(self, name: str, now: float) -> Player:
        """Add a player. ValueError with a message for the player if the name breaks the rules
        (see `clean_player_name`) or is taken (ignoring case)."""
        cleaned = clean_player_name(name)
        key = _name_key(cleaned)
        with self._writing("add the player") as conn:
            taken = conn.execute("SELECT name FROM players WHERE name_key = ?", (key,)).fetchone()
            if taken is not None:
                raise ValueError(
                    f'There is already a player called "{taken[0]}". Pick another name.'
                )
            cur = conn.execute(
                "INSERT INTO players (name, name_key, created_at) VALUES (?, ?, ?)",
                (cleaned, key, now),
            )
            player_id = cur.lastrowid
        assert player_id is not None
        return Player(player_id, cleaned, now)

    def players(self) -> list[Player]:
        """All players, most recently active first (latest round started, else creation)."""
        with self._reading("list the players") as conn:
            rows = conn.execute(
                """SELECT p.id, p.name, p.created_at
                   FROM players p
                   ORDER BY coalesce((SELECT max(r.started_at) FROM rounds r
                                      WHERE r.player_id = p.id), p.created_at) DESC,
                            p.id DESC"""
            ).fetchall()
        return [Player(*row) for row in rows]

    def player(self, player_id: int) -> Player | None:
        with self._reading("read a player") as conn:
            row = conn.execute(
                "SELECT id, name, created_at FROM players WHERE id = ?", (player_id,)
            ).fetchone()
        return Player(*row) if row else None

    # -- settings ------------------------------------------------------------------------------

    def get_settings(self, player_id: int | None) -> dict[str, Any]:
        """The settings of one scope: a player's, or the global ones for None (not merged;
        callers wanting "player over global" use `{**get_settings(None), **get_settings(id)}`).
        A value that no longer decodes is left out, so a damaged setting falls back to the
        default instead of stopping the game."""
        with self._reading("read the settings") as conn:
            rows = conn.execute(
                "SELECT key, value_json FROM settings WHERE player_id IS ? ORDER BY key",
                (player_id,),
            ).fetchall()
        settings: dict[str, Any] = {}
        for key, value_json in rows:
            try:
                settings[key] = json.loads(value_json)
            except ValueError:
                continue
        return settings

    def set_setting(self, player_id: int | None, key: str, value: Any) -> None:
        """Store one setting (JSON-encoded), replacing any previous value of `key` in the scope.
        ValueError if `value` isn't JSON data, `key` is empty or the player doesn't exist."""
        if not isinstance(key, str) or not key:
            raise ValueError("a setting key must be a non-empty string")
        encoded = _json(value, f"setting {key!r}")
        with self._writing(f"save setting {key!r}") as conn:
            conn.execute(
                "INSERT OR REPLACE INTO settings (player_id, key, value_json) VALUES (?, ?, ?)",
                (player_id, key, encoded),
            )

    # -- per-student accommodations, remembered by name (classroom) --------------------------

    def accommodations_for(self, name: str) -> Accommodations | None:
        """What a teacher set for a student of this name (any earlier session), or None."""
        with self._reading("read a student's accommodations") as conn:
            row = conn.execute(
                "SELECT value_json FROM settings WHERE player_id IS NULL AND key = ?",
                (ACCOMMODATIONS_KEY + name_key(name),),
            ).fetchone()
        if row is None:
            return None
        try:
            return Accommodations.from_dict(json.loads(row[0]))
        except ValueError:
            return None

    def remember_accommodations(self, name: str, accommodations: Accommodations) -> None:
        """Keep a student's accommodations for their name, for later sessions."""
        self.set_setting(None, ACCOMMODATIONS_KEY + name_key(name), accommodations.to_dict())

    # -- rounds and answers --------------------------------------------------------------------

    def start_round(self, player_id: int, mode: str, config: dict[str, Any], now: float) -> int:
        """Record the start of a round; returns its id. `config` is stored as JSON (tuples come
        back as lists). ValueError if the player doesn't exist or `config` isn't JSON data."""
        encoded = _json(config, "the round config")
        with self._writing("start the round") as conn:
            cur = conn.execute(
                "INSERT INTO rounds (player_id, mode, config_json, started_at) VALUES (?, ?, ?, ?)",
                (player_id, mode, encoded, now),
            )
            round_id = cur.lastrowid
        assert round_id is not None
        return round_id

    def record_answer(self, round_id: int, record: AnswerRecord, bank_version: str) -> None:
        """Store one answer, committed before returning (a crash right after loses nothing).
        ValueError if the round doesn't exist or is already finished."""
        response = _json(record.response, "the response", allow_nan=True)  # a typed "nan"
        with self._writing("save the answer") as conn:
            cur = conn.execute(
                """INSERT INTO answers (round_id, question_id, bank_id, bank_version, topic,
                       response_json, credit, correct, points, elapsed_s, timed_out, streak,
                       reask, graded, at)
                   SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
                   WHERE EXISTS (SELECT 1 FROM rounds WHERE id = ? AND ended_at IS NULL)""",
                (
                    round_id,
                    record.question_id,
                    record.bank_id,
                    bank_version,
                    record.topic,
                    response,
                    float(record.credit),
                    int(record.correct),
                    int(record.points),
                    float(record.elapsed_s),
                    int(record.timed_out),
                    int(record.streak),
                    int(record.reask),
                    int(record.graded),
                    float(record.at),
                    round_id,
                ),
            )
            if cur.rowcount != 1:
                raise ValueError(f"round {round_id} doesn't exist or is already finished")

    def finish_round(self, round_id: int, summary: RoundSummary, now: float) -> None:
        """Mark the round finished at `now` with the summary's score; the summary is kept as
        JSON (see `round_summary`). ValueError if the round doesn't exist or is finished."""
        encoded = _json(dataclasses.asdict(summary), "the round summary")
        with self._writing("finish the round") as conn:
            cur = conn.execute(
                "UPDATE rounds SET ended_at = ?, score = ?, summary_json = ? "
                "WHERE id = ? AND ended_at IS NULL",
                (now, int(summary.score), encoded, round_id),
            )
            if cur.rowcount != 1:
                raise ValueError(f"round {round_id} doesn't exist or is already finished")

    def unfinished_rounds(self, player_id: int) -> list[RoundRow]:
        """The player's rounds that were started but never finished, newest first."""
        return self._round_rows(player_id, unfinished_only=True, limit=None)

    def history(self, player_id: int, limit: int | None = 20) -> list[RoundRow]:
        """The player's rounds, finished or not, newest first; at most `limit` (None: all)."""
        if limit is not None and limit < 0:
            raise ValueError("limit must be at least 0")
        return self._round_rows(player_id, unfinished_only=False, limit=limit)

    def _round_rows(
        self, player_id: int, unfinished_only: bool, limit: int | None
    ) -> list[RoundRow]:
        with self._reading("read the round history") as conn:
            rows = conn.execute(
                """SELECT r.id, r.mode, r.started_at, r.ended_at, r.score,
                          count(a.id),
                          coalesce(sum(a.graded AND NOT a.reask), 0),
                          coalesce(sum(a.graded AND NOT a.reask AND a.correct), 0),
                          coalesce(sum(a.points), 0)
                   FROM (SELECT id, mode, started_at, ended_at, score FROM rounds
                         WHERE player_id = ? AND (NOT ? OR ended_at IS NULL)
                         ORDER BY started_at DESC, id DESC LIMIT ?) r
                   LEFT JOIN answers a ON a.round_id = r.id
                   GROUP BY r.id
                   ORDER BY r.started_at DESC, r.id DESC""",
                (player_id, int(unfinished_only), -1 if limit is None else limit),
            ).fetchall()
        return [RoundRow(*row) for row in rows]

    def round_config(self, round_id: int) -> dict[str, Any]:
        """The config a round was started with (to resume it). ValueError if unknown."""
        with self._reading("read the round") as conn:
            row = conn.execute(
                "SELECT config_json FROM rounds WHERE id = ?", (round_id,)
            ).fetchone()
        if row is None:
            raise ValueError(f"round {round_id} doesn't exist")
        return self._decode(row[0], f"round {round_id}'s config")

    def round_summary(self, round_id: int) -> RoundSummary | None:
        """The summary stored by `finish_round`; None while the round is unfinished.
        ValueError if the round doesn't exist."""
        with self._reading("read the round") as conn:
            row = conn.execute(
                "SELECT summary_json FROM rounds WHERE id = ?", (round_id,)
            ).fetchone()
        if row is None:
            raise ValueError(f"round {round_id} doesn't exist")
        if row[0] is None:
            return None
        data = self._decode(row[0], f"round {round_id}'s summary")
        try:
            topics = tuple(TopicResult(**t) for t in data.pop("topics"))
            return RoundSummary(**{**data, "topics": topics, "missed": tuple(data["missed"])})
        except (KeyError, TypeError) as exc:
            raise StorageError(
                f"{self._path}: round {round_id}'s summary is unreadable ({exc})", self._path
            ) from exc

    def round_answers(self, round_id: int) -> list[AnswerRow]:
        """A round's answers in the order they were given (empty for an unknown round)."""
        with self._reading("read the round's answers") as conn:
            rows = conn.execute(
                """SELECT question_id, bank_id, bank_version, topic, response_json, credit,
                          correct, points, elapsed_s, timed_out, streak, at, reask, graded
                   FROM answers WHERE round_id = ? ORDER BY id""",
                (round_id,),
            ).fetchall()
        return [
            AnswerRow(
                question_id=qid,
                bank_id=bank,
                topic=topic,
                response=self._decode(response, f"an answer to {qid}"),
                credit=credit,
                correct=bool(correct),
                points=points,
                elapsed_s=elapsed,
                timed_out=bool(timed_out),
                streak=streak,
                at=at,
                reask=bool(reask),
                graded=bool(graded),
                bank_version=version,
            )
            for (
                qid,
                bank,
                version,
                topic,
                response,
                credit,
                correct,
                points,
                elapsed,
                timed_out,
                streak,
                at,
                reask,
                graded,
            ) in rows
        ]

    def personal_bests(self, player_id: int) -> Bests:
        """The player's best score, longest streak, best accuracy and finished-round count;
        zeros when there is nothing yet. Streaks count unfinished rounds too."""
        with self._reading("read the personal bests") as conn:
            best_score, rounds_played = conn.execute(
                """SELECT coalesce(max(score), 0), count(*) FROM rounds
                   WHERE player_id = ? AND ended_at IS NOT NULL""",
                (player_id,),
            ).fetchone()
            (best_streak,) = conn.execute(
                """SELECT coalesce(max(a.streak), 0) FROM answers a
                   JOIN rounds r ON r.id = a.round_id WHERE r.player_id = ?""",
                (player_id,),
            ).fetchone()
            (best_accuracy,) = conn.execute(
                """SELECT coalesce(max(CAST(correct AS REAL) / graded), 0.0) FROM (
                       SELECT sum(a.correct) AS correct, count(*) AS graded
                       FROM rounds r JOIN answers a ON a.round_id = r.id
                       WHERE r.player_id = ? AND r.ended_at IS NOT NULL
                             AND a.graded AND NOT a.reask
                       GROUP BY r.id HAVING count(*) >= ?)""",
                (player_id, MIN_GRADED_FOR_ACCURACY),
            ).fetchone()
        return Bests(int(best_score), int(best_streak), float(best_accuracy), int(rounds_played))

    def answered_question_ids(self, player_id: int) -> set[str]:
        """Every question the player has answered at least once, in any round."""
        with self._reading("read the answered questions") as conn:
            rows = conn.execute(
                """SELECT DISTINCT a.question_id FROM rounds r
                   JOIN answers a ON a.round_id = r.id WHERE r.player_id = ?""",
                (player_id,),
            ).fetchall()
        return {qid for (qid,) in rows}

    # -- Leitner boxes -------------------------------------------------------------------------

    def cards(self, player_id: int) -> dict[str, Card]:
        """The player's review cards by question id."""
        with self._reading("read the review cards") as conn:
            rows = conn.execute(
                "SELECT question_id, box, last_seen FROM leitner WHERE player_id = ?", (player_id,)
            ).fetchall()
        return {qid: Card(qid, box, last_seen) for qid, box, last_seen in rows}

    def save_card(self, player_id: int, question_id: str, card: Card | None) -> None:
        """Store the question's card, or remove it for None (not or no longer in review).
        ValueError if the card is for another question or the player doesn't exist."""
        if card is not None and card.question_id != question_id:
            raise ValueError(f"card for {card.question_id!r} saved as {question_id!r}")
        with self._writing("save the review card") as conn:
            if card is None:
                conn.execute(
                    "DELETE FROM leitner WHERE player_id = ? AND question_id = ?",
                    (player_id, question_id),
                )
            else:
                conn.execute(
                    """INSERT INTO leitner (player_id, question_id, box, last_seen)
                       VALUES (?, ?, ?, ?)
                       ON CONFLICT (player_id, question_id)
                       DO UPDATE SET box = excluded.box, last_seen = excluded.last_seen""",
                    (player_id, question_id, int(card.box), float(card.last_seen)),
                )

    # -- helpers -------------------------------------------------------------------------------

    # -- classroom sessions ------------------------------------------------------------------

    def create_session(
        self,
        title: str,
        join_code: str,
        config: dict[str, Any],
        now: float,
        questions: Sequence[Mapping[str, Any]] = (),
    ) -> int:
        """A new classroom session, with the snapshot of the questions it asks (dicts with
        question_id, bank_id, bank_version and content), in one transaction. Its commands are
        logged with `log_commands`."""
        with self._writing("start a classroom session") as conn:
            cursor = conn.execute(
                "INSERT INTO class_sessions (created_at, join_code, title, config_json) "
                "VALUES (?, ?, ?, ?)",
                (now, join_code, title, _json(config, "config")),
            )
            session_id = int(cursor.lastrowid or 0)
            conn.executemany(
                "INSERT INTO class_questions (session_id, position, question_id, bank_id, "
                "bank_version, content_json) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (
                        session_id,
                        i,
                        q["question_id"],
                        q["bank_id"],
                        q["bank_version"],
                        _json(q["content"], "question"),
                    )
                    for i, q in enumerate(questions)
                ],
            )
            return session_id

    def session_questions(self, session_id: int) -> list[dict[str, Any]]:
        """The snapshot of what a session asked, in order (empty for sessions saved before
        snapshots existed): question_id, bank_id, bank_version, content."""
        with self._reading("read a classroom session") as conn:
            rows = conn.execute(
                "SELECT question_id, bank_id, bank_version, content_json FROM class_questions "
                "WHERE session_id = ? ORDER BY position",
                (session_id,),
            ).fetchall()
        return [
            {
                "question_id": r[0],
                "bank_id": r[1],
                "bank_version": r[2],
                "content": self._decode(r[3], "question"),
            }
            for r in rows
        ]

    def log_commands(
        self,
        session_id: int,
        rows: Sequence[tuple[int, str, dict[str, Any]]],
        replaced: Sequence[int] = (),
    ) -> None:
        """Save commands (seq, kind, payload) and delete the rows `replaced` names (answers
        that a newer one replaces), in one transaction: all of it or none."""
        if not rows and not replaced:
            return
        with self._writing("save classroom answers") as conn:
            if replaced:
                conn.executemany(
                    "DELETE FROM class_commands WHERE session_id = ? AND seq = ?",
                    [(session_id, seq) for seq in replaced],
                )
            conn.executemany(
                "INSERT INTO class_commands (session_id, seq, kind, payload_json) "
                "VALUES (?, ?, ?, ?)",
                [(session_id, seq, kind, _json(payload, "command")) for seq, kind, payload in rows],
            )

    def session_log(self, session_id: int) -> list[tuple[int, str, dict[str, Any]]]:
        """A session's saved commands as (seq, kind, payload), in order."""
        with self._reading("read a classroom session") as conn:
            rows = conn.execute(
                "SELECT seq, kind, payload_json FROM class_commands WHERE session_id = ? "
                "ORDER BY seq",
                (session_id,),
            ).fetchall()
        return [(seq, kind, self._decode(payload, "command")) for seq, kind, payload in rows]

    def session_commands(self, session_id: int) -> list[tuple[str, dict[str, Any]]]:
        return [(kind, data) for _, kind, data in self.session_log(session_id)]

    def save_session_clock(self, session_id: int, clock_s: float) -> None:
        """Remember how far the session's own clock has run (a resume continues from there)."""
        with self._writing("save the session clock") as conn:
            conn.execute(
                "UPDATE class_sessions SET clock_s = ? WHERE id = ?", (clock_s, session_id)
            )

    def end_session(self, session_id: int, now: float) -> None:
        with self._writing("end a classroom session") as conn:
            conn.execute(
                "UPDATE class_sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL",
                (now, session_id),
            )

    def reopen_session(self, session_id: int) -> None:
        """An ended session can be resumed again (it was ended by mistake)."""
        with self._writing("reopen a classroom session") as conn:
            conn.execute("UPDATE class_sessions SET ended_at = NULL WHERE id = ?", (session_id,))

    def class_sessions(self, unfinished_only: bool = False) -> list[dict[str, Any]]:
        """Sessions newest first: id, title, join_code, created_at, ended_at, config, clock_s."""
        query = (
            "SELECT id, title, join_code, created_at, ended_at, config_json, clock_s "
            "FROM class_sessions"
        )
        if unfinished_only:
            query += " WHERE ended_at IS NULL"
        with self._reading("list classroom sessions") as conn:
            rows = conn.execute(query + " ORDER BY created_at DESC, id DESC").fetchall()
        return [
            {
                "id": r[0],
                "title": r[1],
                "join_code": r[2],
                "created_at": r[3],
                "ended_at": r[4],
                "config": self._decode(r[5], "config"),
                "clock_s": r[6],
            }
            for r in rows
        ]

    def _decode(self, text: str, what: str) -> Any:
        try:
            return json.loads(text)
        except ValueError as exc:
            raise StorageError(
                f"{self._path}: {what} is unreadable ({exc}); the file was "
                "changed outside the game",
                self._path,
            ) from exc


# -- opening -----------------------------------------------------------------------------------


def _prepare(conn: sqlite3.Connection, path: str) -> None:
    """Check that `conn` holds a Civic Quiz database we can use, then migrate it."""
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        has_tables = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]
    except sqlite3.Error as exc:
        raise _translate(exc, path, "open the save file") from exc
    if app_id not in (0, APPLICATION_ID) or (version == 0 and has_tables):
        raise StorageError(
            f"{path}: this is an SQLite database of another program, not a Civic Quiz save "
            "file; choose another data folder with --data-dir or $CIVIC_QUIZ_DATA_DIR",
            path,
        )
    if version > SCHEMA_VERSION:
        raise StorageError(
            f"{path}: this data was written by a newer Civic Quiz (schema {version}); update "
            f"the game (this version reads schema {SCHEMA_VERSION} and older)",
            path,
        )
    try:
        conn.execute("PRAGMA journal_mode = WAL")  # stays "memory" for :memory:
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        _migrate(conn)
    except sqlite3.Error as exc:
        raise _translate(exc, path, "prepare the save file") from exc


def _migrate(conn: sqlite3.Connection) -> None:
    """Apply the missing migration steps in one transaction (all or nothing)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Read again under the write lock: another process may have migrated meanwhile.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version < SCHEMA_VERSION:
            for step in MIGRATIONS[version:]:
                for statement in _statements(step):
                    conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {int(APPLICATION_ID)}")
            conn.execute(f"PRAGMA user_version = {int(SCHEMA_VERSION)}")
            fk_problems = conn.execute("PRAGMA foreign_key_check").fetchall()
            if fk_problems:
                raise sqlite3.IntegrityError(f"migration broke references: {fk_problems[:3]}")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _connect(path: str) -> sqlite3.Connection:
    """A connection to the save file as the store uses them: transactions its own (no implicit
    ones), waiting BUSY_TIMEOUT_MS for another writer, usable from any thread (each holder
    serializes its use with a lock of its own)."""
    return sqlite3.connect(
        path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
    )


def _translate(exc: sqlite3.Error, path: str, action: str) -> StorageError:
    """A StorageError saying what failed on which file and what the player can do about it."""
    text = str(exc)
    lowered = text.lower()
    if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        advice = (
            "the file is damaged or is not a Civic Quiz save file; move it aside (or "
            "restore a backup) and start the game again to begin with a fresh one"
        )
    elif "locked" in lowered or "busy" in lowered:
        advice = "another program is using it (is Civic Quiz already running?); close it and retry"
    elif "readonly" in lowered or "read-only" in lowered:
        advice = "the file or its folder is read-only; make it writable or choose another folder"
    elif "full" in lowered:
        advice = "the disk is full; free some space and retry"
    elif "unable to open" in lowered:
        advice = (
            "the file can't be opened; check that the folder exists and is writable, or "
            "choose another data folder with --data-dir or $CIVIC_QUIZ_DATA_DIR"
        )
    else:
        advice = "if this keeps happening, move the file aside to start with a fresh one"
    return StorageError(f"{path}: can't {action} ({text}); {advice}", path)
