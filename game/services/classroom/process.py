"""A live classroom session in its own process, so 2,000 students never wait on the projector.

The child process owns the network server (its aiohttp loop), the session engine and the SQLite
session log: students' answers are decided, saved and acknowledged there, on its own GIL, while
the game process only draws. The projector talks to it through `ProcessSession`, which is a
game.core.ports.ClassroomHost like the in-process `LiveSession`, so the host screens do not know
the difference:

- `state` is an immutable SessionState rebuilt in the game process from small deltas the child
  sends at most once per child frame (`StateLink`: the fields that changed, the players and
  answers that changed, the new results and the counts), never a whole 2,000-player copy per
  frame;
- `pump()` returns what the child reported since the last frame (a burst of answers or joins
  arrives as one event of each kind per child frame: the projector only counts them, the counts
  come with the state);
- `command()` forwards a teacher's action and returns its events, with the state brought up to
  date first;
- `close()` asks the child to stop (its server closes every connection) and waits for it.

If the child dies (a crash, kill -9), `stopped` says so in words for the teacher's banner and
every later call returns at once: nothing hangs, and `civic-quiz host --resume` continues the
session from its log like after any crash. The child also ends by itself when the game process
goes away (its end of the pipe closes). Everything crosses as pickles of the engine's frozen
dataclasses over one multiprocessing pipe; the child is started with "spawn" (no fork of a
process that has pygame and threads).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import signal
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from game.core.accommodations import Accommodations
from game.core.growmap import GrowMap
from game.core.model import Question
from game.core.ports import SessionUnavailable
from game.core.session import (
    AnswerAccepted,
    Joined,
    Left,
    SessionConfig,
    SessionEvent,
    SessionState,
    _Tally,
    _tally,
)
from game.services.classroom import protocol

__all__ = ["ProcessSession", "SessionSpec", "StateLink", "TeacherLink", "apply_delta"]

FRAME_S = 1 / 60  # the child's clock tick (deadlines) and the most often it reports
STATUS_EVERY_S = 0.25  # the wrong-code counter and the save problem, at most this often
START_TIMEOUT_S = 120.0  # opening the store and the port: far longer only if something is wrong
REPLY_POLL_S = 0.1  # waiting for a reply, the child's liveness is checked this often
CLOSE_TIMEOUT_S = 15.0
_COUNTS_ONLY = (AnswerAccepted, Joined, Left)
_SCALARS = tuple(
    f.name for f in fields(SessionState) if f.name not in ("players", "submissions", "results")
)


@dataclass(frozen=True)
class SessionSpec:
    """What the child needs to open (`kind` "open"), resume or reopen a session."""

    kind: str
    store_path: str
    questions: Mapping[str, Question]
    host: str
    port: int | None
    roster: tuple[str, ...] = ()
    bank_versions: Mapping[str, str] | None = None
    question_ids: tuple[str, ...] = ()
    config: SessionConfig | None = None
    title: str = ""
    session_id: int = 0
    synchronous: str = "NORMAL"  # the child's SQLite `synchronous` (see docs/classroom.md)


@dataclass(frozen=True)
class _Ready:
    session_id: int
    join_code: str
    config: SessionConfig
    questions: Mapping[str, Question]
    urls: tuple[str, ...]
    host: str
    port: int
    offset: float  # session time = time.monotonic() + offset
    state: SessionState
    teacher_key: str | None = None  # the teacher link's secret (its routes are the child's)


@dataclass(frozen=True)
class TeacherLink:
    """What the game process knows of the child's teacher link: its key, for the line
    `civic-quiz host` prints. The page and what it asks are served and applied by the child."""

    key: str


@dataclass(frozen=True)
class ServerInfo:
    """Where the child's server listens (what `LiveSession.server` offers the join line)."""

    urls: tuple[str, ...]
    host: str
    port: int


# -- state deltas (used on both sides) -------------------------------------------------------


class StateLink:
    """The child's side: what changed since the state it last sent (compared by identity, so
    an unchanged player or answer costs a pointer comparison, never a copy)."""

    def __init__(self, state: SessionState) -> None:
        self.last = state

    def delta(
        self, state: SessionState, answered: Iterable[int] | None = None
    ) -> dict[str, Any] | None:
        """What changed since the last delta. `answered`: the players whose answers the events
        since then accepted (AnswerAccepted), when the caller collected every event since (under
        the runtime's lock): then only their answers are looked at, not the whole class's."""
        last = self.last
        if state is last:
            return None
        self.last = state
        delta: dict[str, Any] = {
            name: getattr(state, name)
            for name in _SCALARS
            if getattr(state, name) != getattr(last, name)
        }
        if state.players is not last.players:
            before = last.players
            delta["players"] = {
                pid: p for pid, p in state.players.items() if before.get(pid) is not p
            }
            if len(before) + sum(pid not in before for pid in delta["players"]) != len(
                state.players
            ):
                delta["players_gone"] = [pid for pid in before if pid not in state.players]
        if state.submissions is not last.submissions:
            now_s, before_s = state.submissions, last.submissions
            grew = isinstance(now_s, GrowMap) and now_s.grew_from(before_s)
            if answered is not None and grew and state.index == last.index:
                delta["submissions"] = {pid: now_s[pid] for pid in set(answered) if pid in now_s}
            elif len(now_s) < len(before_s) or state.index != last.index:
                delta["submissions_all"] = dict(now_s)
            else:
                delta["submissions"] = {
                    pid: v for pid, v in now_s.items() if before_s.get(pid) is not v
                }
        if state.results is not last.results:
            n = len(last.results)
            if len(state.results) >= n and all(
                a is b for a, b in zip(state.results, last.results, strict=False)
            ):
                delta["results_more"] = state.results[n:]
            else:
                delta["results"] = state.results
        tally = _tally(state)  # O(1): the engine carries it from answer to answer
        delta["tally"] = (tally.here, tally.here_answered, tally.away_answered)
        return delta


def apply_delta(state: SessionState, delta: Mapping[str, Any]) -> SessionState:
    """The game process's side: the state the child had when it sent `delta`."""
    changes: dict[str, Any] = {name: delta[name] for name in _SCALARS if name in delta}
    if "players" in delta or "players_gone" in delta:
        players = dict(state.players)
        players.update(delta.get("players", {}))
        for pid in delta.get("players_gone", ()):
            players.pop(pid, None)
        changes["players"] = players
    if "submissions_all" in delta:
        changes["submissions"] = GrowMap(delta["submissions_all"])
    elif "submissions" in delta:
        submissions = GrowMap.of(state.submissions)
        for pid, value in delta["submissions"].items():
            submissions = submissions.with_item(pid, value)
        changes["submissions"] = submissions
    if "results" in delta:
        changes["results"] = delta["results"]
    elif "results_more" in delta:
        changes["results"] = state.results + tuple(delta["results_more"])
    new = object.__new__(SessionState)  # as the engine's own _with: no field introspection
    new.__dict__.update(state.__dict__)
    for key in ("_tally", "_index", "_longest"):  # caches about the old fields
        new.__dict__.pop(key, None)
    new.__dict__.update(changes)
    if "tally" in delta:
        here, here_answered, away_answered = delta["tally"]
        new.__dict__["_tally"] = _Tally(
            new.players, new.submissions, here, here_answered, away_answered
        )
    return new


def _compact(events: list[SessionEvent]) -> list[SessionEvent]:
    """Events for the projector: of the count-only kinds (an answer, a join, a leave) the last
    of each, the rest as they came."""
    last: dict[type, SessionEvent] = {}
    kept: list[SessionEvent] = []
    for event in events:
        if isinstance(event, _COUNTS_ONLY):
            last[type(event)] = event
        else:
            kept.append(event)
    return kept + list(last.values())


# -- the child process -------------------------------------------------------------------------


def _child(conn: Any, spec: SessionSpec) -> None:
    """The session's own process: opens the store and the server, then serves the game
    process's requests and reports to it once per frame until told to close (or the game
    process is gone)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the game's: it closes us
    from game.services.classroom.service import ClassroomService, PortBusy
    from game.services.storage import Store

    try:
        store = Store.open(spec.store_path)
    except Exception as exc:
        conn.send(("failed", "unavailable", str(exc), 0))
        return
    try:
        with contextlib.suppress(Exception):  # see docs/classroom.md: durable against a crash
            store.set_synchronous(spec.synchronous)
        service = ClassroomService(
            spec.questions,
            store,
            host=spec.host,
            port=spec.port,
            roster=list(spec.roster),
            bank_versions=spec.bank_versions,
        )
        try:
            if spec.kind == "open":
                assert spec.config is not None
                live = service.open(spec.question_ids, spec.config, spec.title)
            elif spec.kind == "reopen":
                live = service.reopen(spec.session_id)
            else:
                live = service.resume(spec.session_id)
        except PortBusy as exc:
            conn.send(("failed", "port", str(exc.args[0] if exc.args else exc), exc.port))
            return
        except SessionUnavailable as exc:
            conn.send(("failed", "unavailable", str(exc), 0))
            return
        except Exception as exc:
            conn.send(("failed", "error", f"{type(exc).__name__}: {exc}", 0))
            return
        try:
            _serve(conn, live)
        finally:
            live.close()
    finally:
        store.close()


def _serve(conn: Any, live: Any) -> None:
    runtime = live.runtime
    server = live.server
    link = StateLink(runtime.state)
    conn.send(
        (
            "ready",
            _Ready(
                runtime.session_id,
                runtime.join_code,
                runtime.config,
                dict(runtime.questions),
                tuple(server.urls),
                str(server.host),
                int(server.port),
                runtime.now() - time.monotonic(),
                runtime.state,
                getattr(live.teacher, "key", None),
            ),
        )
    )
    outgoing: queue.SimpleQueue[Any] = queue.SimpleQueue()

    def sender() -> None:  # the pipe may be full while the game is busy: the frames go on
        while (item := outgoing.get()) is not None:
            try:
                conn.send(item)
            except OSError:
                return

    sending = threading.Thread(target=sender, name="classroom-link", daemon=True)
    sending.start()
    status: tuple[str | None, int] = (None, 0)
    status_at = float("-inf")

    def report(kind: str, events: list[SessionEvent], *extra: Any) -> None:
        """Called under the runtime's lock with every event since the last report, so the
        answers those events accepted are all that changed among the answers."""
        nonlocal status, status_at
        answered = [e.player_id for e in events if isinstance(e, AnswerAccepted)]
        delta = link.delta(runtime.state, answered)
        now = time.monotonic()
        new_status = status
        if now - status_at >= STATUS_EVERY_S or kind == "reply":
            status_at = now
            new_status = (runtime.save_problem, live.wrong_codes_recent())
        changed = new_status != status
        status = new_status
        if kind == "update" and not (events or delta or changed):
            return
        outgoing.put((kind, _compact(events), delta, status, *extra))

    next_frame = time.monotonic()
    try:
        while True:
            wait = max(0.0, next_frame - time.monotonic())
            if conn.poll(wait):
                try:
                    request = conn.recv()
                except (EOFError, OSError):
                    return  # the game process is gone
                kind = request[0]
                if kind == "close":
                    return
                # The runtime's lock (reentrant) around the change and its report: the events
                # collected are exactly those of the changes the state shows.
                with runtime._lock:
                    if kind == "command":
                        report("reply", runtime.command(request[1]))
                    elif kind == "leaderboard":
                        runtime.show_leaderboard()
                    elif kind == "accommodations":
                        runtime.set_accommodations(request[1], request[2])
                        report("reply", [])
                continue
            next_frame = max(next_frame + FRAME_S, time.monotonic())
            with runtime._lock:  # this loop may wait for a save; the projector never does
                report("update", live.pump())  # with what the teacher page asked
    finally:
        outgoing.put(None)
        sending.join(CLOSE_TIMEOUT_S)


# -- the game process's side -------------------------------------------------------------------


class ProcessSession:
    """A live session run by a child process, as the host screens see it (ClassroomHost)."""

    def __init__(self, spec: SessionSpec) -> None:
        from game.services.classroom.service import PortBusy

        ctx = multiprocessing.get_context("spawn")
        self._conn, child_conn = ctx.Pipe()
        self._process = ctx.Process(
            target=_child, args=(child_conn, spec), name="classroom-session", daemon=True
        )
        self._process.start()
        child_conn.close()
        self._pending: list[SessionEvent] = []
        self._address = 0
        self._keys: dict[int, protocol.QuestionKey] = {}
        self.stopped: str | None = None  # why the session's process is gone, for the teacher
        self._closed = False
        self._problem: str | None = None
        self._wrong_codes = 0
        first = self._first_message()
        if first[0] == "failed":
            self._process.join(CLOSE_TIMEOUT_S)
            _, why, message, port = first
            if why == "port":
                busy = PortBusy(port, spec.host, OSError(0, "in use"))
                busy.args = (message,)
                raise busy
            raise SessionUnavailable(message)
        ready: _Ready = first[1]
        self._ready = ready
        self.state: SessionState = ready.state
        self.server = ServerInfo(ready.urls, ready.host, ready.port)
        self.teacher = None if ready.teacher_key is None else TeacherLink(ready.teacher_key)

    def _first_message(self) -> tuple[Any, ...]:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                if self._conn.poll(REPLY_POLL_S):
                    return tuple(self._conn.recv())
            except (EOFError, OSError):
                break
            if not self._process.is_alive() and not self._conn.poll(0):
                break
        self._process.kill()
        code = self._process.exitcode
        raise SessionUnavailable(
            f"the classroom session's process did not start (exit code {code}): try again, "
            "and if it happens again run `civic-quiz host` from a terminal to see why"
        )

    # -- what the child told us -------------------------------------------------------------

    def _take(self, message: tuple[Any, ...]) -> list[SessionEvent]:
        _, events, delta, status, *_ = message
        if delta:
            self.state = apply_delta(self.state, delta)
        self._problem, self._wrong_codes = status
        return list(events)

    def _lost(self) -> None:
        if self.stopped is not None or self._closed:
            return
        self._process.join(1.0)
        code = self._process.exitcode
        how = (
            f"it was killed (signal {-code})"
            if code is not None and code < 0
            else (f"it ended with code {code}" if code is not None else "it stopped answering")
        )
        self.stopped = (
            f"The classroom server stopped: {how}. Students can't answer now. Every answer "
            "they saw confirmed is saved: press Esc, quit, and run `civic-quiz host --resume` "
            "to go on from here (their pages rejoin by themselves)."
        )

    def _receive(self, timeout: float) -> tuple[Any, ...] | None:
        try:
            if self._conn.poll(timeout):
                return tuple(self._conn.recv())
        except (EOFError, OSError):
            self._lost()
            return None
        if not self._process.is_alive() and not self._poll_quietly():
            self._lost()
        return None

    def _poll_quietly(self) -> bool:
        try:
            return bool(self._conn.poll(0))
        except (EOFError, OSError):
            return False

    def _send(self, request: tuple[Any, ...]) -> bool:
        if self.stopped is not None or self._closed:
            return False
        try:
            self._conn.send(request)
        except (OSError, ValueError):
            self._lost()
            return False
        return True

    def _reply(self) -> list[SessionEvent]:
        while self.stopped is None:
            message = self._receive(REPLY_POLL_S)
            if message is None:
                continue
            events = self._take(message)
            if message[0] == "reply":
                return events
            self._pending.extend(events)
        return []

    # -- ClassroomHost ------------------------------------------------------------------------

    @property
    def config(self) -> SessionConfig:
        return self._ready.config

    @property
    def session_id(self) -> int:
        return self._ready.session_id

    @property
    def join_code(self) -> str:
        return self._ready.join_code

    @property
    def questions(self) -> Mapping[str, Question]:
        return self._ready.questions

    @property
    def join_urls(self) -> list[str]:
        """As LiveSession.join_urls: loopback left out when listening everywhere."""
        urls = list(self.server.urls)
        if self.server.host in ("0.0.0.0", ""):
            urls = [u for u in urls if "//127." not in u and "//localhost" not in u]
        if not urls:
            return []
        shift = self._address % len(urls)
        return urls[shift:] + urls[:shift]

    def next_address(self) -> None:
        self._address += 1

    def wrong_codes_recent(self) -> int:
        return self._wrong_codes

    @property
    def save_problem(self) -> str | None:
        return self.stopped or self._problem

    def now(self) -> float:
        return time.monotonic() + self._ready.offset

    def pump(self) -> list[SessionEvent]:
        while self.stopped is None and not self._closed:
            message = self._receive(0)
            if message is None:
                break
            self._pending.extend(self._take(message))
        events, self._pending = self._pending, []
        return events

    def command(self, command: Any) -> list[SessionEvent]:
        if not self._send(("command", command)):
            return []
        return self._reply()

    def command_shown(self, command: Any) -> list[SessionEvent]:
        """As `command`: the session's own process writes to the class, on other cores than
        the projector's frame, so nothing needs to wait for it."""
        return self.command(command)

    def frame_shown(self) -> None:
        pass

    def choice_order(self) -> list[int]:
        index = self.state.index
        if index < 0:
            return []
        if index not in self._keys:
            question = self.questions[self.config.question_ids[index]]
            secret = self.config.secret or f"session-{self.session_id}"
            self._keys[index] = protocol.question_key(question, secret, index)
        return list(self._keys[index].choice_order)

    def show_leaderboard(self) -> None:
        if self.config.leaderboard != "never":
            self._send(("leaderboard",))

    def accommodations_of(self, player_id: int) -> Accommodations:
        player = self.state.players.get(player_id)  # the needs are in the session's state
        if player is None:
            return Accommodations(1.0, frozenset())
        return Accommodations(player.extra_time, player.needs)

    def set_accommodations(self, player_id: int, accommodations: Accommodations) -> None:
        if self._send(("accommodations", player_id, accommodations)):
            self._pending.extend(self._reply())

    @property
    def pid(self) -> int | None:
        return self._process.pid

    def close(self) -> None:
        """Stop the child (its server closes every connection) and wait for it."""
        if self._closed:
            return
        self._send(("close",))
        self._closed = True
        self._process.join(CLOSE_TIMEOUT_S)
        if self._process.is_alive():
            self._process.kill()
            self._process.join(CLOSE_TIMEOUT_S)
        self._conn.close()


def kill(session: ProcessSession) -> None:
    """For tests and the bench: the child dies as in a crash (SIGKILL)."""
    if session.pid is not None:
        os.kill(session.pid, signal.SIGKILL)
