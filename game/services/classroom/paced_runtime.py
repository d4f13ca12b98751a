"""A running student-paced session: the network server, the paced engine and the session log.

Why it exists beside `runtime.ClassroomRuntime` (the live session): the engine differs
(`game.core.paced`: each student at their own pace, no shared open question) and so do the
messages (wire version 2, `paced_protocol`), but the rules that keep students' work safe are
the same and come from the same code (`runtime_parts`): students' messages are handled as they
arrive on the server's thread; every command that changed the session is saved (everything that
arrived together in one transaction) before anyone is told; while the disk is full nothing is
sent and the save is retried; one connection is one player. The host calls `pump()` once per
frame (the closing time, time-outs of students whose page went quiet) and `command()` for the
teacher's actions; `state` is an immutable snapshot it reads without the lock.

**The clock.** The session's clock is seconds since the epoch, read from the wall clock once
when the session starts (and again on each resume) and then carried by the monotonic clock: a
wall-clock jump while the host runs changes nothing. A closing time the teacher gives as a date
("Friday 17:00") is that date's epoch seconds, so it stays that date across host restarts: on a
resume the clock is set to the wall clock again (never backwards: if the computer's clock was
set back, the session's goes on from where it stopped), so downtime neither extends nor
shortens the window: a session whose closing time passed while the host was off closes, at its
closing time, as soon as it resumes. Question clocks must not count the downtime (it was not
the student's fault), so the resume saves a `Pause` at the moment the crashed host last saved
and a `Resume` now, like any other command: the log replays exactly. (Were the closing time
kept on a clock that stops while the host is off, every restart would silently move "Friday
17:00" later by the downtime.)

**Guessing personal codes.** A `continue` is checked by the engine (constant time, the same
refusal for a wrong code and an unknown name); the runtime limits guesses: 5 wrong codes per
connection (then it closes, 4003), 10 per network address a minute and 10 per student name an
hour (past those, a `continue` is refused without being checked). Join codes are the server's
business, as in live sessions.

The question snapshot is stored with the session (`runtime.snapshot_rows`); a resume replays
against it, never against today's banks. Choice ids are the session's opaque ids
(`protocol.question_key`, keyed by the session's secret and the question's position), so a
student's order of questions and the choices' ids say nothing about the answer key.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from game.core import names
from game.core import paced as p
from game.core.model import Question
from game.core.paced_views import leaders, may_review, ranking
from game.core.review import right_answer_text
from game.core.scoring import time_limit_for
from game.core.session import GRACE_S
from game.core.standings import Standing, all_standings, standing_text
from game.services.classroom import paced_protocol as wire
from game.services.classroom import protocol
from game.services.classroom.guard import CodeGuard
from game.services.classroom.runtime_parts import (
    Arrivals,
    Built,
    ClockSaver,
    CommandLog,
    Connections,
    FrameTurn,
    KeptWhile,
    Outbox,
    RuntimeBase,
    publish_picture,
    replay_saved,
    saved_session,
)

__all__ = [
    "CODE_TRIES_PER_ADDRESS",
    "CODE_TRIES_PER_CONNECTION",
    "CODE_TRIES_PER_NAME",
    "PacedHost",
    "PacedRuntime",
    "as_paced_host",
    "is_paced",
]

CODE_TRIES_PER_CONNECTION = 5
CODE_TRIES_PER_ADDRESS = 10  # a minute
CODE_TRIES_PER_NAME = 10  # an hour
TIMEOUT_CHECK_S = 0.5  # how often pump() looks for questions whose time ran out
TOO_MANY_CODES = "too many wrong codes: wait, then check the code on your first device"
TITLE = "Student-paced"
LEADERBOARD_ROWS = 5  # the leaderboard a student sees shows the top five
Places = dict[int, Standing]  # each ranked student's standing, by id


class PacedHost(Protocol):
    """What the host's screens (the progress grid, the teacher page) use of a student-paced
    session. `state` is an immutable snapshot, readable from the game thread without a lock."""

    config: p.PacedConfig
    questions: Mapping[str, Question]  # the session's snapshot, never today's banks
    session_id: int
    join_url: str
    join_code: str

    @property
    def state(self) -> p.PacedState: ...

    def now(self) -> float: ...
    def command(self, command: p.PacedCommand) -> list[p.PacedEvent]: ...
    def pump(self) -> list[p.PacedEvent]: ...
    def close(self) -> None: ...


def is_paced(config_data: Mapping[str, Any]) -> bool:
    """Whether a saved session's config is a student-paced one."""
    return config_data.get("mode") == "student-paced"


class PacedRuntime(RuntimeBase):
    CLOCK_THREAD = "paced-clock"

    def __init__(
        self,
        questions: Mapping[str, Question],
        config: p.PacedConfig,
        store: Any,
        server: Any | None,
        session_id: int,
        join_code: str,
        wall: Callable[[], float],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.questions = questions
        self.config = config
        self.store = store
        self.server = server
        self.session_id = session_id
        self.join_code = join_code
        self.join_url = ""
        self.wall = wall
        self.clock = clock
        self._offset = wall() - clock()  # session time = clock() + offset ≈ the epoch
        self._state = p.new_session(config)
        self.conns = Connections()
        self.log = CommandLog(store, session_id)
        self._save_clock = ClockSaver(store, session_id, 0.0)
        self._outbox = Outbox()
        self._lock = threading.RLock()
        self._turn = FrameTurn(self._lock)  # a frame never waits long on a round's save
        self._since_frame: list[p.PacedEvent] = []
        self._arrivals: Arrivals | None = None
        self._keys: dict[int, protocol.QuestionKey] = {}
        self._images: dict[int, str | None] = {}  # position → its picture's address
        self._token_of: dict[int, str] = {}  # conn → the token it joined with
        self._address_of: dict[int, str] = {}  # conn → network address
        self._wrong_codes: dict[int, int] = {}  # conn → wrong personal codes
        self._by_address = CodeGuard(CODE_TRIES_PER_ADDRESS, 1 << 30, 60.0)
        self._by_name = CodeGuard(CODE_TRIES_PER_NAME, 1 << 30, 3600.0)
        self._checked_at = float("-inf")
        self.roster: list[str] = list(config.roster)
        # A page that rejoins after the end gets its standing among the whole class: ranked
        # once, until a name or the class changes (see _places_at_the_end).
        self._ends = 0
        self._renames_and_kicks = 0
        self._ranked_now = KeptWhile()

    # -- creation -----------------------------------------------------------------------------

    CONFIG_TO_DATA = staticmethod(p.config_to_data)

    @classmethod
    def resume(
        cls,
        questions: Mapping[str, Question],
        store: Any,
        server: Any | None,
        session_id: int,
        wall: Callable[[], float],
        clock: Callable[[], float] = time.monotonic,
    ) -> PacedRuntime:
        """Rebuild a session from its log and its question snapshot. Everyone is away until
        their page comes back; question clocks stand still over the downtime; the closing
        time stays the date it was (see the module docstring)."""
        info, config, asked = saved_session(store, session_id, p.config_from_data, questions)
        runtime = cls(asked, config, store, server, session_id, info["join_code"], wall, clock)

        def step(command: p.PacedCommand) -> None:
            runtime._state = p.advance(runtime._state, command, asked, config).state

        last = replay_saved(
            store, session_id, runtime.log, info.get("clock_s"), p.command_from_data, step
        )
        state = runtime._state
        stopped = float(last) if last is not None else runtime.now()
        restart = max(wall(), stopped)  # never backwards
        runtime._offset = restart - clock()
        runtime._save_clock.saved_at = restart
        away: list[tuple[p.PacedCommand, int | None]] = [
            (p.Leave(s.id, stopped), None) for s in state.students.values() if s.connected
        ]
        if state.phase is p.PacedPhase.OPEN and state.paused_at is None and restart > stopped:
            away += [(p.Pause(stopped), None), (p.Resume(restart), None)]
        with runtime._lock:
            runtime._since_frame.extend(runtime._apply_all(away))
        runtime._listen()
        return runtime

    @property
    def state(self) -> p.PacedState:
        return self._state

    def now(self) -> float:
        """The session's time: epoch seconds, carried by the monotonic clock (module docstring)."""
        return self.clock() + self._offset

    # -- the frame ----------------------------------------------------------------------------

    @property
    def join_urls(self) -> list[str]:
        """Where students reach the session (the host's join line and screen)."""
        return [self.join_url] if self.join_url else []

    def pump(self) -> list[p.PacedEvent]:
        """The frame: the closing time, time-outs, anything not handled yet, and the events of
        everything since the last call."""
        if not self._turn.take(self.now()):  # arrivals are being saved: next frame
            return []
        try:
            now = self.now()
            pending = self._received(now) if self._arrivals is None else []
            pending.append((p.Tick(now), None))
            pending.extend((c, None) for c in self._time_outs(now))
            if self._arrivals is None:
                self._save_clock(now)
            events, self._since_frame = self._since_frame, []
            return events + self._apply_all(pending)
        finally:
            self._lock.release()

    def command(self, command: p.PacedCommand) -> list[p.PacedEvent]:
        """A teacher's action (Pause, Resume, SetClosing, Kick, Rename, SetExtraTime, End):
        applied, saved, and sent to the students concerned."""
        with self._lock:
            return self._apply_all([(command, None)])

    def _time_outs(self, now: float) -> list[p.PacedCommand]:
        """`Next` for connected students whose timed question ran out (plus the grace) and
        whose page did not say so: the grid shows the time-out and the page its feedback."""
        if not self.config.rules.timed or now - self._checked_at < TIMEOUT_CHECK_S:
            return []
        self._checked_at = now
        state = self._state
        if state.phase is not p.PacedPhase.OPEN or state.paused_at is not None:
            return []
        out: list[p.PacedCommand] = []
        for pid in self.conns.conns_of:
            student = state.students.get(pid)
            if student is None or student.current is None:
                continue
            left = p.remaining_s(state, student, now, self.questions, self.config)
            if left is not None and left <= 0 and self._past_grace(student, now):
                out.append(p.Next(pid, now))
        return out

    def _past_grace(self, student: p.PacedStudent, now: float) -> bool:
        question = self.questions[self.config.question_ids[student.current or 0]]
        limit = p.own_limit(question, student, self.config)
        elapsed = p.elapsed_on_current(self._state, student, now)
        return limit is not None and elapsed > limit + GRACE_S + 1.0

    # -- messages in --------------------------------------------------------------------------

    def _to_command(self, item: Any, now: float, joining: dict[int, str]) -> p.PacedCommand | None:
        conn = item.conn_id
        if item.kind == "open":
            self._address_of[conn] = getattr(item, "address", "") or "?"
            return None
        if item.kind == "close":
            joining.pop(conn, None)
            self._token_of.pop(conn, None)
            self._address_of.pop(conn, None)
            self._wrong_codes.pop(conn, None)
            player = self.conns.unbind(conn)
            if player is not None and player not in self.conns.conns_of:
                return p.Leave(player, now)
            return None
        message = item.message
        if item.kind != "message" or message is None:
            return None
        if isinstance(message, protocol.ClientJoin | protocol.ClientContinue):
            return self._join_command(conn, message, now, joining)
        player = self.conns.player_of.get(conn)
        if isinstance(message, protocol.ClientAnswer | protocol.ClientNext) and player is None:
            self._send(conn, wire.v2(protocol.error("join the session first")))
            return None
        if isinstance(message, protocol.ClientAnswer) and player is not None:
            return p.Answer(player, message.index, self._from_wire(player, message), now)
        if isinstance(message, protocol.ClientNext) and player is not None:
            return p.Next(player, now)
        return None  # ping: the server answers it itself

    def _from_wire(self, player: int, message: protocol.ClientAnswer) -> Any:
        """The answer in the engine's form, when it is for the student's current question (any
        other is refused by the engine as it came)."""
        student = self._state.students.get(player)
        if student is None or student.current != message.index:
            return message.response
        question = self.questions[self.config.question_ids[message.index]]
        key = self._key_for(message.index, question)
        return protocol.response_from_wire(question, key, message.response)

    def _join_command(
        self,
        conn: int,
        message: protocol.ClientJoin | protocol.ClientContinue,
        now: float,
        joining: dict[int, str],
    ) -> p.PacedCommand | None:
        """A join or a continue, unless this connection is a student already (or joining this
        round): then the same token gets its welcome again and another is refused."""
        bound = self.conns.player_of.get(conn)
        token = self._token_of.get(conn) if bound is not None else joining.get(conn)
        if token is not None and token != message.token:
            self._send(
                conn, wire.v2(protocol.error("already joined: reload the page to join again"))
            )
            return None
        if bound is not None:
            self._welcome_again(conn, bound)
            return None
        if isinstance(message, protocol.ClientContinue):
            if self._code_guessing(conn, message.nickname, now):
                return None
            joining[conn] = message.token
            return p.Continue(message.token, message.nickname, message.personal_code, now)
        joining[conn] = message.token
        return p.Join(message.token, message.nickname, now, secrets.randbits(64))

    def _code_guessing(self, conn: int, nickname: str, now: float) -> bool:
        """Refuse a `continue` unchecked past the guessing limits (module docstring)."""
        address = self._address_of.get(conn, "?")
        name = names.clean(nickname).casefold()
        if (
            self._by_address.verdict(address, now) == "refuse"
            or self._by_name.verdict(name, now) == "refuse"
        ):
            self._send(conn, wire.v2(protocol.error(TOO_MANY_CODES)))
            self._outbox.close_after(conn, TOO_MANY_CODES, protocol.CLOSE_WRONG_CODE)
            return True
        return False

    def _wrong_code(self, conn: int, nickname: str, now: float) -> None:
        self._by_address.wrong(self._address_of.get(conn, "?"), now)
        self._by_name.wrong(names.clean(nickname).casefold(), now)
        self._wrong_codes[conn] = self._wrong_codes.get(conn, 0) + 1
        if self._wrong_codes[conn] >= CODE_TRIES_PER_CONNECTION:
            self._outbox.close_after(conn, "too many wrong codes", protocol.CLOSE_WRONG_CODE)

    # -- applying, saving, telling ------------------------------------------------------------

    def _apply_all(self, pending: list[tuple[p.PacedCommand, int | None]]) -> list[p.PacedEvent]:
        outcomes: list[tuple[p.PacedEvent, int | None, p.PacedCommand]] = []
        for command, conn in pending:
            step = p.advance(self._state, command, self.questions, self.config)
            if step.state is not self._state:
                kind, data = p.command_to_data(command)
                self.log.record(kind, data)
            self._state = step.state
            outcomes.extend((event, conn, command) for event in step.events)
        for event, _, _ in outcomes:
            if isinstance(event, p.SessionEnded):
                self.log.mark_end(self.wall())
            elif isinstance(event, p.SessionReopened):
                self.log.mark_reopen()
        self.log.save(self.now())  # saved before anyone hears
        events: list[p.PacedEvent] = []
        for event, conn, command in outcomes:
            self._notify(event, conn, command)
            events.append(event)
        if not self.log.waiting:
            self._outbox.flush(self.server)
        return events

    def _notify(self, event: p.PacedEvent, conn: int | None, command: p.PacedCommand) -> None:
        if isinstance(event, p.Joined):
            if conn is not None:
                self._bind(conn, event)
        elif isinstance(event, p.Rejected):
            self._refusal(event, conn, command)
        elif isinstance(event, p.QuestionServed):
            self._to_player(event.player_id, self._question(event))
        elif isinstance(event, p.AnswerRecorded):
            self._answered(event)
        elif isinstance(event, p.StudentDone):
            self._done(event.player_id)
        elif isinstance(event, p.Kicked):
            self._renames_and_kicks += 1
            for c in list(self.conns.conns_of.get(event.player_id, ())):
                self._send(c, wire.v2(protocol.kicked()))
                self.conns.unbind(c)
                self._outbox.close_after(c, "removed by the teacher", protocol.CLOSE_KICKED)
        elif isinstance(event, p.Renamed):
            self._renames_and_kicks += 1
            for c in self.conns.conns_of.get(event.player_id, ()):
                self._welcome_to(c, event.player_id, continued=False)
        elif isinstance(event, p.Paused):
            self._everyone(wire.v2(protocol.paused(event.paused)))
            if not event.paused:
                self._questions_again()
        elif isinstance(event, p.ClosingChanged):
            self._everyone(wire.closing("closing", event.closes_at))
        elif isinstance(event, p.SessionReopened):
            self._everyone(wire.closing("reopened", event.closes_at))
        elif isinstance(event, p.SessionEnded):
            self._ends += 1
            self._ended(event.reason)

    def _bind(self, conn: int, event: p.Joined) -> None:
        """The device is this student now: older tabs with the same token are closed (a
        student's other devices stay), then their welcome and, for a finished student or
        session, where things stand (the engine serves the question itself)."""
        student = event.student
        token = event.token or student.token
        for old in list(self.conns.conns_of.get(student.id, ())):
            if old != conn and self._token_of.get(old) == token:
                self.conns.unbind(old)
                self._outbox.close_after(old, "playing in another tab", protocol.CLOSE_REPLACED)
        self.conns.bind(conn, student.id)
        self._token_of[conn] = token
        self._welcome_to(conn, student.id, continued=event.continued)
        self._catch_up(conn, student.id)

    def _welcome_to(self, conn: int, player_id: int, continued: bool) -> None:
        student = self._state.students[player_id]
        token = self._token_of.get(conn, student.token)
        self._send(conn, wire.welcome(student, token, continued, self.config, self.state.closes_at))

    def _welcome_again(self, conn: int, player_id: int) -> None:
        """A page of a known student joins again on the same connection: its welcome and the
        question it is on (nothing changes, nothing is saved)."""
        self._welcome_to(conn, player_id, continued=False)
        student = self._state.students[player_id]
        if student.current is not None:
            self._send(conn, self._question(self._served_now(student)))
        self._catch_up(conn, player_id)

    def _catch_up(self, conn: int, player_id: int) -> None:
        student = self._state.students[player_id]
        if self._state.phase is p.PacedPhase.FINISHED:
            self._send(conn, self._ended_for(student, self._state.ended_by or "teacher"))
            if may_review(self._state, self.config, student):
                self._send(conn, self._review(student))
        elif student.finished:
            review_now = may_review(self._state, self.config, student)
            self._send(conn, wire.done(student, review_now))
            if review_now:
                self._send(conn, self._review(student))

    def _refusal(self, event: p.Rejected, conn: int | None, command: p.PacedCommand) -> None:
        if conn is None:
            if event.player_id is not None:
                self._to_player(event.player_id, wire.v2(protocol.error(event.reason)))
            return  # the teacher's: the host shows it
        if event.why:
            if event.why == "code" and isinstance(command, p.Continue):
                self._wrong_code(conn, command.nickname, command.now)
            roster = self._roster_left() if self.config.roster else None
            self._send(conn, wire.refused(event.reason, event.why, roster))
        else:
            self._send(conn, wire.v2(protocol.error(event.reason)))

    def _roster_left(self) -> list[str]:
        return [n for n in self.config.roster if self._state.names.get(n.casefold()) is None]

    def _key_for(self, position: int, question: Question) -> protocol.QuestionKey:
        if position not in self._keys:
            secret = self.config.secret or f"session-{self.session_id}"
            self._keys[position] = protocol.question_key(question, secret, position)
        return self._keys[position]

    def _base_limit(self, question: Question) -> float | None:
        if not self.config.rules.timed:
            return None
        return time_limit_for(question, self.config.timer_multiplier)

    def _question(
        self, served: p.QuestionServed, state: p.PacedState | None = None
    ) -> dict[str, Any]:
        student = (state or self._state).students[served.player_id]
        question = self.questions[served.question_id]
        base = protocol.question(
            served.position,
            served.total,
            question,
            self._base_limit(question),
            student.extra_time,
            remaining_s=served.remaining_s,
            key=self._key_for(served.position, question),
            image_url=self._image_url(served.position, question),
        )
        return wire.question(base, served.number, served.total, served.redemption)

    def _image_url(self, position: int, question: Question) -> str | None:
        """A question's picture, published (under its opaque name) when it is first served."""
        if position not in self._images:
            secret = self.config.secret or f"session-{self.session_id}"
            self._images[position] = publish_picture(self.server, secret, position, question)
        return self._images[position]

    def _served_now(self, student: p.PacedStudent) -> p.QuestionServed:
        """The student's current question as served now (what is left of its time)."""
        return p.served_event(self._state, student, self.now(), self.questions, self.config)

    def _questions_again(self) -> None:
        """After a pause: every open question again, with its time left (the clocks stood).
        Made on the server's thread (Outbox.later) from the session as it stands now: at 2,000
        students the teacher's Resume took the projector's thread 85-91 ms making them."""
        state, now = self._state, self.now()
        conns = {pid: tuple(cs) for pid, cs in self.conns.conns_of.items() if cs}

        def build() -> list[tuple[int, dict[str, Any]]]:
            out: list[tuple[int, dict[str, Any]]] = []
            for pid, cs in conns.items():
                student = state.students.get(pid)
                if student is not None and student.current is not None:
                    served = p.served_event(state, student, now, self.questions, self.config)
                    message = self._question(served, state)
                    out.extend((c, message) for c in cs)
            return out

        self._outbox.later(build)

    def _answered(self, event: p.AnswerRecorded) -> None:
        attempt = event.attempt
        if event.feedback is p.Feedback.END:
            if not attempt.timed_out:
                self._to_player(event.player_id, wire.v2(protocol.ack(attempt.position, False)))
            return
        full = event.feedback is p.Feedback.FULL
        question = self.questions[attempt.question_id]
        right = source = explanation = None
        if full:
            order = self._key_for(attempt.position, question).choice_order
            right = right_answer_text(question, order)
            explanation = question.explanation
            source = question.source.label() if question.source else None
        message = wire.feedback(attempt, event.score, full, right, explanation, source)
        self._to_player(event.player_id, message)

    def _done(self, player_id: int) -> None:
        student = self._state.students[player_id]
        review_now = may_review(self._state, self.config, student)
        self._to_player(player_id, wire.done(student, review_now))
        board = self._leaderboard()
        if board is not None:
            self._to_player(player_id, board)
        if review_now:
            self._to_player(player_id, self._review(student))

    def _leaderboard(self, state: p.PacedState | None = None) -> dict[str, Any] | None:
        top = leaders(self._state if state is None else state, self.config, LEADERBOARD_ROWS)
        return None if top is None else wire.leaderboard((r, s.nickname, s.score) for r, s in top)

    def _places(self, state: p.PacedState) -> Places | None:
        """Each student's standing in the class (None: the leaderboard is off)."""
        ranked = ranking(state, self.config)
        if ranked is None:
            return None
        return all_standings({s.id: (s.nickname, s.score) for s in ranked})

    def _places_at_the_end(self) -> Places | None:
        """The class's standings once the session has ended, ranked once for every page that
        rejoins then (ranking it again for each of 2,000 pages coming back at once would keep
        the server's thread busy for seconds). Scores no longer change; the parts say what
        still could: which end it is, the size of the class, and how many renames and removals
        there have been. Before the end, ranked each time."""
        state = self._state
        if state.phase is not p.PacedPhase.FINISHED:
            return self._places(state)
        parts = (self._ends, len(state.students), self._renames_and_kicks)
        return self._ranked_now.get("end", parts, lambda: self._places(state))

    def _ended_for(
        self, student: p.PacedStudent, reason: str, places: Places | None = None
    ) -> dict[str, Any]:
        """The end as `student` hears it (`places`: the class's standings, when known)."""
        if places is None:
            places = self._places_at_the_end()
        place = None if places is None else places.get(student.id)
        if place is None:
            return wire.ended(reason, student.score, None, None)
        return wire.ended(reason, student.score, place.rank, standing_text(place))

    def _ended(self, reason: str) -> None:
        self._outbox.later(self._end_messages(reason))

    def _end_messages(self, reason: str) -> Built:
        """Each connected student's end, the leaderboard and their review, as a function that
        makes them: the outbox runs it on the server's thread (Outbox.later), so the thread that
        ended the session (the projector's, for the teacher's key) does not make 2,000
        students' messages. The class is ranked once (ranking it again for each student's end
        took 25.7 s of CPU at 2,000). Like the live session's (runtime.py, _class_messages) it
        takes no lock: it reads only the session as it stands now (a frozen state, a copy of who
        is connected where) and the question keys, each the same whoever makes it first."""
        state = self._state
        conns = {pid: tuple(cs) for pid, cs in self.conns.conns_of.items() if cs}

        def build() -> list[tuple[int, dict[str, Any]]]:
            places = self._places(state)
            board = self._leaderboard(state)
            shown = self._shown_orders()
            out: list[tuple[int, dict[str, Any]]] = []
            for pid, cs in conns.items():
                student = state.students.get(pid)
                if student is None:
                    continue
                ended = self._ended_for(student, reason, places)
                out.extend((c, ended) for c in cs)
                if board is not None:
                    out.extend((c, board) for c in cs)
                if may_review(state, self.config, student):
                    review = wire.review(student, self.config, self.questions, shown)
                    out.extend((c, review) for c in cs)
            return out

        return build

    def _shown_orders(self) -> dict[int, tuple[int, ...]]:
        """Each question's choices in the order the students saw them (by position)."""
        return {
            position: self._key_for(position, self.questions[qid]).choice_order
            for position, qid in enumerate(self.config.question_ids)
        }

    def _review(self, student: p.PacedStudent) -> dict[str, Any]:
        return wire.review(student, self.config, self.questions, self._shown_orders())


def as_paced_host(runtime: PacedRuntime) -> PacedHost:
    """The runtime as the host's screens see it (mypy checks here that it is a PacedHost)."""
    return runtime
