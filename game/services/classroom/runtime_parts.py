"""The parts every classroom runtime shares: binding connections to players, the session log's
save-before-telling (with retry on a full disk), the outbox, and handling arrivals as they come.

Why a module of its own: a live (teacher-paced) session (`runtime.ClassroomRuntime`) and a
student-paced one (`paced_runtime.PacedRuntime`) run different engines, but the rules that keep
students' work safe are the same and must stay the same in both: a command is saved before
anyone hears of it (everything that arrived together in one transaction), messages wait in
order while the disk is full and the save is retried every `RETRY_SAVE_S`, one connection is one
player, and arrivals are handled on the server's own thread as soon as it has read them. Each
runtime keeps its own engine, lock and messages; these pieces hold no game state.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol, Self, TypeVar, cast

from game.content.format import MAX_IMAGE_BYTES
from game.core.model import Question
from game.core.paced import PacedConfig
from game.core.session import SessionConfig
from game.core.snapshot import question_from_snapshot, question_to_snapshot
from game.services.classroom import live_process, protocol
from game.services.storage import StorageError

__all__ = [
    "ARRIVALS_IDLE_S",
    "Arrivals",
    "CLOCK_SAVE_S",
    "ClockSaver",
    "CommandLog",
    "Connections",
    "FRAME_WAIT_S",
    "FrameTurn",
    "KeptWhile",
    "MAX_INBOUND_PER_FRAME",
    "Outbox",
    "RETRY_SAVE_S",
    "RuntimeBase",
    "SAVE_ERRORS",
    "ServerLike",
    "create_record",
    "drain_inbox",
    "new_join_code",
    "publish_picture",
    "replay_saved",
    "saved_session",
    "session_questions",
    "snapshot_rows",
]

MAX_INBOUND_PER_FRAME = 5000
ROUND_CHUNK = 200  # a big round of arrivals is decided, saved and acknowledged this many at a time
RETRY_SAVE_S = 1.0  # while saving fails, try again this often
CLOCK_SAVE_S = 1.0  # how often the session clock is saved (a resume continues from it)
ARRIVALS_IDLE_S = 0.5  # the session clock's saver checks the clock and the server this often
CLOCK_TICK_S = 0.02  # ...and a live session's clock ticks this often there (a question's time up)
FRAME_WAIT_S = 0.25  # frames skip the session while arrivals are being saved, at most this long
FRAME_HOLD_S = 0.1  # a teacher's key's messages wait at most this long for the frame showing it
SAVE_ERRORS = (StorageError, sqlite3.Error, OSError)
JOIN_CODE_DIGITS = 6

log = logging.getLogger(__name__)


class ServerLike(Protocol):
    inbox: Any

    def send(self, conn_id: int, message: dict[str, Any]) -> None: ...
    def broadcast(self, message: dict[str, Any], conn_ids: Any = None) -> None: ...
    def close(self, conn_id: int, reason: str, code: int = protocol.CLOSE_HOST) -> None: ...


@dataclass
class Connections:
    """Which connection plays as which player (one connection is one player; a player may have
    several connections: tabs, or devices in a student-paced session)."""

    player_of: dict[int, int] = field(default_factory=dict)  # conn → player
    conns_of: dict[int, set[int]] = field(default_factory=dict)  # player → conns

    def bind(self, conn: int, player: int) -> None:
        self.player_of[conn] = player
        self.conns_of.setdefault(player, set()).add(conn)

    def unbind(self, conn: int) -> int | None:
        player = self.player_of.pop(conn, None)
        if player is not None:
            conns = self.conns_of.get(player, set())
            conns.discard(conn)
            if not conns:
                self.conns_of.pop(player, None)
        return player


class CommandLog:
    """A session's commands on their way to the store: queued in order, saved together, and
    retried every RETRY_SAVE_S while saving fails (`save_problem` says why, for the host)."""

    def __init__(self, store: Any, session_id: int) -> None:
        self.store = store
        self.session_id = session_id
        self.seq = 0
        self._unsaved: dict[int, tuple[str, dict[str, Any]]] = {}  # seq → command, in order
        self._replaced: list[int] = []  # saved rows that newer ones replace
        self._by_key: dict[Hashable, int] = {}  # replace-key → seq of the row holding it
        # ("end", when) or ("reopen", 0.0): the session's ended mark, still to be saved
        self._end_mark: tuple[str, float] | None = None
        self._retry_at = 0.0
        self.save_problem: str | None = None

    def loaded(self, seq: int, key: Hashable | None = None) -> None:
        """A row read back from the store (on a resume): the next seq follows it."""
        self.seq = seq + 1
        if key is not None:
            self._by_key[key] = seq

    def record(self, kind: str, data: dict[str, Any], key: Hashable | None = None) -> None:
        """Queue a command. With `key`, it replaces the row recorded before with the same key
        (a changed answer: the log stays bounded and replays to the same state)."""
        seq = self.seq
        self.seq += 1
        if key is not None:
            old = self._by_key.get(key)
            if old is not None and self._unsaved.pop(old, None) is None:
                self._replaced.append(old)  # already saved: deleted with the next save
            self._by_key[key] = seq
        self._unsaved[seq] = (kind, data)

    def mark_end(self, when: float) -> None:
        self._end_mark = ("end", when)

    def mark_reopen(self) -> None:
        self._end_mark = ("reopen", 0.0)

    @property
    def waiting(self) -> bool:
        """Commands wait to be saved: nothing may be sent meanwhile."""
        return bool(self._unsaved or self._replaced)

    @property
    def unsaved(self) -> int:
        return len(self._unsaved) + len(self._replaced)

    def save(self, now: float) -> bool:
        """Write what is queued (True when nothing is left unsaved)."""
        if not (self._unsaved or self._replaced or self._end_mark is not None):
            return True
        if self.save_problem is not None and now < self._retry_at:
            return False
        try:
            if self._unsaved or self._replaced:
                rows = [(seq, kind, data) for seq, (kind, data) in self._unsaved.items()]
                self.store.log_commands(self.session_id, rows, list(self._replaced))
                self._unsaved.clear()
                self._replaced.clear()
            if self._end_mark is not None:
                mark, when = self._end_mark
                if mark == "end":
                    self.store.end_session(self.session_id, when)
                else:
                    self.store.reopen_session(self.session_id)
                self._end_mark = None
        except SAVE_ERRORS as exc:
            self.save_problem = str(exc)
            self._retry_at = now + RETRY_SAVE_S
            return False
        self.save_problem = None
        return True


class FrameTurn:
    """The host frame's turn at the session's lock. While the server's thread holds it (writing
    a round of answers to disk) a frame does not wait: it draws what it knows and tries again
    next frame; after FRAME_WAIT_S of such frames it waits its turn."""

    def __init__(self, lock: Any) -> None:
        self.lock = lock
        self._busy_since = float("inf")  # when a frame first found the lock taken

    def take(self, now: float) -> bool:
        """True with the lock held (release it after the frame's work), False: skip."""
        patient = now - self._busy_since >= FRAME_WAIT_S
        if not self.lock.acquire(blocking=patient):
            self._busy_since = min(self._busy_since, now)
            return False
        self._busy_since = float("inf")
        return True


Built = Callable[[], list[tuple[int, dict[str, Any]]]]  # makes (connection, message) pairs
T = TypeVar("T")


class KeptWhile:
    """A value of the whole class made once and kept while what it comes from stays the same:
    every page rejoining at once (a hall's Wi-Fi back) needs its standing among everyone, and
    ranking the class again for each of 2,000 pages took the server's thread 15-23 s. The parts
    say what the value comes from; objects (a result, the results) compare by identity, as a
    new state's are new objects and a result is never compared whole, counts by value. Used
    only on the thread that holds the session."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[tuple[object, ...], Any]] = {}

    def get(self, kind: str, parts: tuple[object, ...], make: Callable[[], T]) -> T:
        kept = self._kept.get(kind)
        if kept is not None and _same_parts(kept[0], parts):
            return cast(T, kept[1])
        value = make()
        self._kept[kind] = (parts, value)
        return value


def _same_parts(kept: tuple[object, ...], now: tuple[object, ...]) -> bool:
    return len(kept) == len(now) and all(
        a == b if isinstance(a, int) else a is b for a, b in zip(kept, now, strict=True)
    )


class Outbox:
    """Messages (and closes, which follow them) for the server, handed over in one go.

    `later` queues messages that are costly to make for a whole class (a reveal, the end): a
    function that makes them, run on the server's own thread where the server can
    (`send_built`), so the thread that decided (the projector's, for a teacher's key) does not
    make them. Everything goes out in the order it was queued."""

    def __init__(self) -> None:
        self.messages: list[tuple[int, dict[str, Any]]] = []
        self.closes: list[tuple[int, str, int]] = []
        # messages queued before each `later`, and its maker
        self._held: list[tuple[list[tuple[int, dict[str, Any]]], Built]] = []

    def send(self, conn: int, message: dict[str, Any]) -> None:
        self.messages.append((conn, message))

    def later(self, build: Built) -> None:
        self._held.append((self.messages, build))
        self.messages = []

    def close_after(self, conn: int, reason: str, code: int) -> None:
        self.closes.append((conn, reason, code))

    def flush(self, server: Any | None) -> None:
        """Hand everything queued to the server (one wake-up of its thread when it can)."""
        held, self._held = self._held, []
        for messages, build in held:
            _hand(server, messages)
            send_built = getattr(server, "send_built", None)
            if send_built is not None:
                send_built(build)
            elif server is not None:  # a server without a thread to make them on
                _hand(server, build())
        _hand(server, self.messages)
        self.messages = []
        closes, self.closes = self.closes, []
        for conn, reason, code in closes:
            if server is not None:
                server.close(conn, reason, code)


def _hand(server: Any | None, messages: list[tuple[int, dict[str, Any]]]) -> None:
    if server is None or not messages:
        return
    send_many = getattr(server, "send_many", None)
    if send_many is not None:
        send_many(messages)
    else:
        for conn, message in messages:
            server.send(conn, message)


def drain_inbox(
    server: Any | None, handle: Callable[[Any], None], limit: int = MAX_INBOUND_PER_FRAME
) -> None:
    """Pass each item waiting on the server's inbox to `handle` (at most `limit` in one go)."""
    inbox = server.inbox if server is not None else None
    count = 0
    while inbox is not None and count < limit:
        try:
            item = inbox.get_nowait()
        except Exception:  # queue.Empty
            break
        count += 1
        handle(item)


class Arrivals:
    """Students' messages are handled where they arrive: the server calls `handle` on its own
    thread after each round of arrivals (`on_arrival`), so an answer is decided, saved and
    acknowledged in one go, with no other thread to wake and no GIL to hand over on its way.
    A small thread of its own runs `idle` (saving the session clock) every ARRIVALS_IDLE_S, so
    the server's loop never waits on that, and `tick` (the session's clock: a question whose time
    is up closes) every CLOCK_TICK_S, so the projector's frame never pays for closing one; it
    runs the garbage collector's pass when one is due (`live_process.tidy`: once the class is
    quiet), and ends when the server has stopped."""

    def __init__(
        self,
        server: Any,
        handle: Callable[[], None],
        idle: Callable[[], None],
        name: str,
        tick: Callable[[], None] | None = None,
    ) -> None:
        self.server = server
        self._handle = handle
        self._idle = idle
        self._tick = tick
        self._stopping = threading.Event()
        self._closed = False
        self._heard_at = time.monotonic()  # the last round of arrivals (live_process.tidy)
        self._hold = live_process.hold()  # the GIL and the garbage collector: live_process.py
        server.on_arrival = self._arrived
        threading.Thread(target=self._run, name=name, daemon=True).start()

    def stop(self) -> None:
        if getattr(self.server, "on_arrival", None) is not None:
            self.server.on_arrival = None
        self._closed = True
        self._release()
        self._stopping.set()

    def _release(self) -> None:
        """Give the process's interval and collector back (live_process), once: at `stop`, or
        when the server stopped without it (nothing can arrive any more)."""
        live_process.release(self._hold)

    def _arrived(self) -> None:
        """On the server's thread, after a round of arrivals."""
        if self._closed:
            return
        self._heard_at = time.monotonic()
        try:
            self._handle()
        except Exception:  # a bug must not stop the server: the next round or frame retries
            log.exception("classroom arrivals failed")

    def _run(self) -> None:
        try:
            self._clock()
        finally:  # however it ends, the process is not held for a session that ticks no more
            self._release()

    def _clock(self) -> None:
        every = ARRIVALS_IDLE_S if self._tick is None else CLOCK_TICK_S
        idle_at = time.monotonic() + ARRIVALS_IDLE_S
        while not self._stopping.wait(every):
            if self._tick is not None and not self._closed:
                try:
                    self._tick()
                except Exception:  # a bug must not stop the clock: the next tick retries
                    log.exception("classroom clock tick failed")
            if not self._closed:  # the collector's pass, when due (live_process: why quiet)
                live_process.tidy(time.monotonic() - self._heard_at >= live_process.QUIET_S)
            if time.monotonic() < idle_at:
                continue
            idle_at = time.monotonic() + ARRIVALS_IDLE_S
            try:  # here, so neither the projector's frames nor the server wait on disk
                self._idle()
            except Exception:  # ...and, like a tick, never the end of the clock
                log.exception("classroom clock's idle work failed")
            if not getattr(self.server, "running", False):
                return  # the server has stopped: nothing more can arrive


class ClockSaver:
    """Saves the session's clock at most every CLOCK_SAVE_S (a resume continues from it)."""

    def __init__(self, store: Any, session_id: int, now: float) -> None:
        self.store = store
        self.session_id = session_id
        self.saved_at = now

    def __call__(self, now: float) -> None:
        if now - self.saved_at < CLOCK_SAVE_S:
            return
        self.saved_at = now
        with contextlib.suppress(*SAVE_ERRORS):  # the log's own retry tells the teacher
            self.store.save_session_clock(self.session_id, now)


def publish_picture(server: Any, secret: str, index: int, question: Question) -> str | None:
    """Publish the picture of question `index` on the server (when it is being asked, never
    earlier) under an opaque name keyed by the session's secret, and only while the file still
    holds the bytes the session's snapshot recorded; its address, or None (the page shows the
    alt text)."""
    file = question.image_file
    publish = getattr(server, "publish_image", None)
    if file is None or publish is None:
        return None
    try:
        with open(file.path, "rb") as fh:
            body = fh.read(MAX_IMAGE_BYTES + 1)
    except OSError:
        body = b""
    if hashlib.sha256(body).hexdigest() != file.sha256:
        return None
    token = protocol.image_token(secret, index, file.sha256)
    publish(token, body, file.media_type)
    return protocol.IMAGE_PATH + token


def new_join_code() -> str:
    """A short numeric code students type (or get from the QR code)."""
    return "".join(secrets.choice("0123456789") for _ in range(JOIN_CODE_DIGITS))


def snapshot_rows(
    questions: Mapping[str, Question], question_ids: Sequence[str], versions: Mapping[str, str]
) -> list[dict[str, Any]]:
    """The rows of a session's question snapshot (game.core.snapshot), in the session's order,
    as the store keeps them with the session (a live or a student-paced one)."""
    return [
        {
            "question_id": qid,
            "bank_id": questions[qid].bank_id,
            "bank_version": versions.get(questions[qid].bank_id, ""),
            "content": question_to_snapshot(questions[qid]),
        }
        for qid in question_ids
    ]


def session_questions(
    store: Any,
    session_id: int,
    config: SessionConfig | PacedConfig,
    banks: Mapping[str, Question],
) -> dict[str, Question]:
    """The questions a session asked, as it asked them: its snapshot. Sessions saved before
    snapshots existed fall back to today's banks (KeyError naming what the banks lost)."""
    snapshot = store.session_questions(session_id)
    if snapshot:
        return {row["question_id"]: question_from_snapshot(row["content"]) for row in snapshot}
    missing = [q for q in config.question_ids if q not in banks]
    if missing:
        raise KeyError(f"the banks no longer hold question(s) {', '.join(missing)}")
    return {q: banks[q] for q in config.question_ids}


ConfigT = TypeVar("ConfigT", SessionConfig, PacedConfig)


def create_record(
    store: Any,
    questions: Mapping[str, Question],
    config: ConfigT,
    title: str,
    wall: Callable[[], float],
    join_code: str | None,
    bank_versions: Mapping[str, str] | None,
    to_data: Callable[[ConfigT], dict[str, Any]],
) -> tuple[ConfigT, int, str, dict[str, Question]]:
    """A new session in the store with its question snapshot: (its config, with a secret that
    keeps its shuffles and ids unguessable; its id; its join code; the questions it asks)."""
    code = join_code or new_join_code()
    if not config.secret:
        config = replace(config, secret=secrets.token_hex(16))
    rows = snapshot_rows(questions, config.question_ids, bank_versions or {})
    session_id = store.create_session(title, code, to_data(config), wall(), rows)
    return config, session_id, code, {qid: questions[qid] for qid in config.question_ids}


def saved_session(
    store: Any,
    session_id: int,
    from_data: Callable[[Mapping[str, Any]], ConfigT],
    banks: Mapping[str, Question],
) -> tuple[dict[str, Any], ConfigT, dict[str, Question]]:
    """A saved session's row, its config and the questions it asked (its snapshot)."""
    info = next(s for s in store.class_sessions() if s["id"] == session_id)
    config = from_data(info["config"])
    return info, config, session_questions(store, session_id, config, banks)


def replay_saved(
    store: Any,
    session_id: int,
    log: CommandLog,
    last: float | None,
    from_data: Callable[[str, dict[str, Any]], Any],
    step: Callable[[Any], None],
    key_of: Callable[[Any], Hashable | None] = lambda command: None,
) -> float | None:
    """Feed a session's saved commands to `step`, in order, telling `log` where it stands;
    returns the latest session time the host saved (`last`: its saved clock)."""
    for seq, kind, data in store.session_log(session_id):
        command = from_data(kind, data)
        step(command)
        log.loaded(seq, key_of(command))
        last = command.now if last is None else max(last, command.now)
    return last


class RuntimeBase:
    """What both runtimes do around their own engine: handle arrivals on the server's thread, turn
    each waiting message into the engine's command (`_to_command`), apply, save and tell
    (`_apply_all`), queue messages for a student's connections or for everyone, and say whether
    everything is saved. A runtime sets the attributes named here in its __init__."""

    CLOCK_THREAD = "classroom-clock"
    CLOCK_TICKS = False  # while listening, the clock ticks on CLOCK_THREAD, not in the frame
    server: Any
    log: CommandLog
    conns: Connections
    owns_server = False  # close() stops the server too (a student-paced session owns its own)
    teacher_desk: Any = None  # the teacher link made with the session (teacher_routes.TeacherDesk)
    teacher: Any = None  # that link once attached: what the teacher page asks is applied per frame
    _outbox: Outbox
    _lock: Any
    _since_frame: list[Any]
    _arrivals: Arrivals | None
    _save_clock: ClockSaver

    CONFIG_TO_DATA: Callable[[Any], dict[str, Any]]  # the engine's config as saved

    @classmethod
    def create(
        cls,
        questions: Mapping[str, Question],
        config: Any,
        store: Any,
        server: Any | None,
        title: str,
        wall: Callable[[], float],
        join_code: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        bank_versions: Mapping[str, str] | None = None,
    ) -> Self:
        """A new session: saved with the questions it asks (`create_record`), then listening."""
        config, session_id, code, asked = create_record(
            store, questions, config, title, wall, join_code, bank_versions, cls.CONFIG_TO_DATA
        )
        make: Callable[..., Self] = cls  # every runtime's constructor takes these, in this order
        runtime = make(asked, config, store, server, session_id, code, wall, clock)
        runtime._save_clock.saved_at = runtime.now()
        runtime._listen()
        return runtime

    def now(self) -> float:
        raise NotImplementedError

    def _to_command(self, item: Any, now: float, joining: dict[int, str]) -> Any:
        raise NotImplementedError

    def _apply_all(self, pending: list[tuple[Any, int | None]]) -> list[Any]:
        raise NotImplementedError

    def _listen(self) -> None:
        """From now on, handle students' messages as they arrive, on the server's thread (the
        clock is saved by a small thread of its own, which ends with the server)."""
        if self.server is None or not hasattr(self.server, "on_arrival"):
            return
        self._live_saving(True)
        tick = self._tick_clock if self.CLOCK_TICKS else None
        self._arrivals = Arrivals(self.server, self._arrived, self._idle, self.CLOCK_THREAD, tick)

    def _tick_clock(self) -> None:
        """On the session clock's thread, every CLOCK_TICK_S (runtimes with CLOCK_TICKS)."""
        raise NotImplementedError

    def _idle(self) -> None:
        """On the session clock's thread, every ARRIVALS_IDLE_S: save the clock, and copy the
        log of commits into the save file (see _live_saving), so neither ever happens on the
        thread that acknowledges answers."""
        self._save_clock(self.now())
        checkpoint = getattr(self.log.store, "checkpoint", None)
        if checkpoint is not None:
            with contextlib.suppress(*SAVE_ERRORS):  # the next one tries again
                checkpoint()

    def close(self) -> None:
        """Stop handling arrivals (before the server stops: its closing connections are not
        saved as students leaving, just as a crash would not save them)."""
        if self._arrivals is not None:
            self._arrivals.stop()
            self._live_saving(False)
        if self.owns_server and self.server is not None:
            self.server.stop()

    def _live_saving(self, live: bool) -> None:
        """While students are connected, a commit skips the disk's flush (SQLite's
        synchronous=NORMAL in WAL mode): it still survives the program crashing or being
        killed, and a round of answers is acknowledged in a fraction of a millisecond instead
        of a flush's few (docs/classroom.md says what it does not cover: a power cut). And no
        commit copies the log into the file (a checkpoint, with its own flushes: 11 ms once in
        about 500 commits, `bench/classroom_load.py --trace`); the clock's thread does
        (`_idle`). After the session, both as before."""
        store = self.log.store
        with contextlib.suppress(*SAVE_ERRORS):
            if hasattr(store, "set_synchronous"):
                store.set_synchronous("NORMAL" if live else "FULL")
            if hasattr(store, "checkpoint_apart"):
                store.checkpoint_apart(live)

    def _arrived(self) -> None:
        """After a round of arrivals: handle all that waits now, ROUND_CHUNK at a time. Each
        chunk is decided, saved together and acknowledged before the next is taken, so the
        first answers of a big round are not kept waiting for the last ones, and a teacher's
        key waits for one chunk at most. The host hears of it all at its next `pump()`."""
        inbox = self.server.inbox
        while True:
            with self._lock:
                pending = self._received(self.now(), ROUND_CHUNK)
                if pending:
                    self._since_frame.extend(self._apply_all(pending))
            if inbox.empty():  # only this thread's own reading adds to it: this ends
                return

    def _received(
        self, now: float, limit: int = MAX_INBOUND_PER_FRAME
    ) -> list[tuple[Any, int | None]]:
        """The commands for what the server received and nobody has handled yet."""
        pending: list[tuple[Any, int | None]] = []
        # connection → token of its join queued this round (-connection: refused this round)
        joining: dict[int, str] = {}

        def handle(item: Any) -> None:
            command = self._to_command(item, now, joining)
            if command is not None:
                pending.append((command, item.conn_id))

        drain_inbox(self.server, handle, limit)
        return pending

    @property
    def save_problem(self) -> str | None:
        """Why saving fails now (None: all saved), for the host's screen."""
        return self.log.save_problem

    @property
    def unsaved(self) -> int:
        """How many commands wait to be saved (0 when everything is on disk)."""
        return self.log.unsaved

    def _send(self, conn: int, message: dict[str, Any]) -> None:
        self._outbox.send(conn, message)

    def _to_player(self, player_id: int, message: dict[str, Any]) -> None:
        for conn in self.conns.conns_of.get(player_id, ()):
            self._send(conn, message)

    def _everyone(self, message: dict[str, Any]) -> None:
        for conn in self.conns.player_of:
            self._send(conn, message)
