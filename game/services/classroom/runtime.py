"""A running classroom session: the network server, the pure engine and the session log joined.

Students' messages are handled as they arrive, on the server's own thread: after each round of
arrivals (`ClassroomServer.on_arrival`) the runtime turns each message waiting into an engine
command, applies it, saves every command that changed the session (one transaction for all that
waited: answers arriving together are committed together, before anyone is told), then hands
each student what concerns them to the server, which writes it at once. So an answer is decided,
saved and acknowledged when it arrives, with no other thread to wake on its way, not at the
projector's next frame.
The host's game loop still calls `pump()` once per frame: it handles the clock (deadlines),
anything a server without `on_arrival` queued, and returns the events of everything since the
last frame for the projector. Teacher actions come in through `command()`. One lock keeps the
threads apart; `state` is an immutable snapshot the projector reads without it. Nothing here
blocks on the network.

Because the engine is deterministic, `resume` rebuilds a crashed session by replaying its saved
commands; students' pages reconnect on their own and rejoin with their token. What the runtime
itself decides on a resume (everyone is away until they rejoin) is saved like any other command,
so the log replays exactly however often the host crashes.

The session keeps a snapshot of the questions it asks (`game.core.snapshot`): a resume and the
report replay against it, never against today's banks. Time is the session's own monotonic
clock (`now()`): wall-clock jumps change nothing, and a resume continues the clock from where
the crashed host last saved it, so downtime never counts against an open question.

If saving fails (the disk is full), the session keeps running in memory: `save_problem` says
why for the projector, the save is retried every second, and nothing the unsaved commands
caused is sent to a student before it is saved (an answer is acknowledged only once it is safe).
Changing an answer replaces the student's earlier answer in the log instead of adding to it.

One connection is one player: a connection that has joined cannot join again as someone else
(so it cannot fill the session with ghosts), and a player whose connections are all gone is
away. The lobby's player count goes out at most `LOBBY_EVERY_S` apart (further apart in a big
class: about `LOBBY_SENDS_PER_S` lobby messages a second in all), as the latest count, not once
per join: a class joining at once costs each phone a few messages, not one per classmate.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from game.core.accommodations import Accommodations
from game.core.answers import response_from_json
from game.core.model import Question
from game.core.qtypes.registry import qtype
from game.core.review import ReviewEntry, class_reviews, misses_document, right_answer_text
from game.core.session import (
    AnswerAccepted,
    ClassPlayer,
    Disconnect,
    ExtendTime,
    Finished,
    Join,
    Joined,
    Kicked,
    Left,
    LockChanged,
    Paused,
    PlayerResult,
    QuestionOpened,
    QuestionResult,
    Rejected,
    Renamed,
    Reopened,
    Resume,
    Revealed,
    SessionCommand,
    SessionConfig,
    SessionEvent,
    SessionPhase,
    SessionState,
    SetAccommodations,
    SetExtraTime,
    Submit,
    Tick,
    advance,
    closes_at,
    command_from_data,
    command_to_data,
    config_from_data,
    config_to_data,
    connected_count,
    deadline_at,
    new_session,
    question_limit,
    roster_left,
    waiting_for,
)
from game.core.standings import Standing, all_standings, on_the_projector, standing_text
from game.services.classroom import live_process, protocol
from game.services.classroom.runtime_parts import (
    FRAME_HOLD_S,
    JOIN_CODE_DIGITS,
    RETRY_SAVE_S,
    SAVE_ERRORS,
    Arrivals,
    Built,
    ClockSaver,
    CommandLog,
    Connections,
    FrameTurn,
    KeptWhile,
    Outbox,
    RuntimeBase,
    ServerLike,
    new_join_code,
    publish_picture,
    replay_saved,
    saved_session,
    session_questions,
    snapshot_rows,
)

__all__ = [
    "ClassroomRuntime",
    "JOIN_CODE_DIGITS",
    "RETRY_SAVE_S",
    "new_join_code",
    "own_answer_text",
    "session_questions",
    "snapshot_rows",
]

LOBBY_EVERY_S = 0.25  # the lobby count reaches phones at most this often (newcomers at once)
LOBBY_SENDS_PER_S = 1000  # ...and in a big class less often: about this many lobby sends a second
SETTLE_PLAYERS = 200  # live_process.settle() after each this many new players (and per question)

log = logging.getLogger(__name__)

_MOVES_DEADLINE = (ExtendTime, Resume)  # the open question's countdown is sent again
_TOLD_TO_THE_CLASS = (Revealed, Finished)  # each student's own message, made off the session


class LogStore(Protocol):
    def create_session(
        self,
        title: str,
        join_code: str,
        config: dict[str, Any],
        now: float,
        questions: list[dict[str, Any]],
    ) -> int: ...
    def log_commands(
        self,
        session_id: int,
        rows: list[tuple[int, str, dict[str, Any]]],
        replaced: list[int],
    ) -> None: ...
    def session_log(self, session_id: int) -> list[tuple[int, str, dict[str, Any]]]: ...
    def session_questions(self, session_id: int) -> list[dict[str, Any]]: ...
    def save_session_clock(self, session_id: int, clock_s: float) -> None: ...
    def end_session(self, session_id: int, now: float) -> None: ...
    def reopen_session(self, session_id: int) -> None: ...
    def class_sessions(self, unfinished_only: bool = False) -> list[dict[str, Any]]: ...


def _by_player(result: QuestionResult) -> dict[int, PlayerResult]:
    return {r.player_id: r for r in result.players}


def own_answer_text(question: Question, response_json: Any, shown: tuple[int, ...] = ()) -> str:
    """A student's own answer in words, for their page: the texts they chose, in the order the
    page showed them (`shown`, the choice order), never letters, positions or ids (those could
    hint at how the bank orders its answers)."""
    response = response_from_json(question, response_json)
    if response is None:
        return ""
    return qtype(question).own_answer(question, response, shown)


class ClassroomRuntime(RuntimeBase):
    CLOCK_TICKS = True  # a question's time running out closes it on the clock's thread

    def __init__(
        self,
        questions: Mapping[str, Question],
        config: SessionConfig,
        store: LogStore,
        server: ServerLike | None,
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
        self.wall = wall  # dates only (when the session was created and ended)
        self.clock = clock  # monotonic: every time inside the session
        self._offset = 0.0  # session time = clock() + offset
        self.state: SessionState = new_session()
        self.conns = Connections()
        self.log = CommandLog(store, session_id)  # saved before anyone hears
        self._save_clock = ClockSaver(store, session_id, 0.0)
        self._keys: dict[int, protocol.QuestionKey] = {}
        self.roster: list[str] = []
        self._settled_players = 0  # the class's size when live_process.settle() last ran
        self._outbox = Outbox()
        self._lobby_dirty = False  # the count changed since the last lobby sent to everyone
        self._lobby_sent_at = float("-inf")
        self._lobby_newcomers: set[int] = set()  # joined this frame: get the lobby at once
        self._acks: dict[tuple[int, bool], dict[str, Any]] = {}  # each encoded once, sent to all
        self._held_until: float | None = None  # a key's messages wait for its frame (command)
        # The server's thread (arrivals) and the game thread (frames, the teacher) take turns.
        self._lock = threading.RLock()
        self._since_frame: list[SessionEvent] = []  # what arrivals caused, for the next pump()
        self._arrivals: Arrivals | None = None  # handles messages as they arrive
        self._turn = FrameTurn(self._lock)  # a frame never waits long on a round's save
        self._image_urls: dict[int, str | None] = {}  # question index → its picture's address
        # A page that rejoins during a reveal or after the end gets its standing among the whole
        # class: ranked once, until a name or the class changes (KeptWhile).
        self._renames_and_kicks = 0
        self._ranked_now = KeptWhile()

    # -- creation -----------------------------------------------------------------------------

    CONFIG_TO_DATA = staticmethod(config_to_data)

    @classmethod
    def resume(
        cls,
        questions: Mapping[str, Question],
        store: LogStore,
        server: ServerLike | None,
        session_id: int,
        wall: Callable[[], float],
        clock: Callable[[], float] = time.monotonic,
    ) -> ClassroomRuntime:
        """Rebuild a session from its log and its question snapshot; every student is away
        until they rejoin (their pages do that by themselves)."""
        info, config, asked = saved_session(store, session_id, config_from_data, questions)
        runtime = cls(asked, config, store, server, session_id, info["join_code"], wall, clock)

        def step(command: SessionCommand) -> None:
            runtime.state = advance(runtime.state, command, asked, config).state

        def key_of(command: SessionCommand) -> tuple[int, int] | None:
            return (command.player_id, command.index) if isinstance(command, Submit) else None

        last = replay_saved(
            store, session_id, runtime.log, info.get("clock_s"), command_from_data, step, key_of
        )
        # The clock goes on from the last moment the crashed host saved: downtime is not
        # counted against the open question.
        runtime._offset = (last if last is not None else 0.0) - clock()
        runtime._save_clock.saved_at = runtime.now()
        # Everyone is away until their page rejoins. This is saved like any other command, so
        # the log replays exactly. Those who answered go first: a question never closes just
        # because the ones still listed as here had all answered.
        now = runtime.now()
        here = sorted(
            runtime.state.connected(), key=lambda p: p.id not in runtime.state.submissions
        )
        runtime._apply_all([(Disconnect(p.id, now), None) for p in here])
        runtime._listen()
        return runtime

    def now(self) -> float:
        """The session's time: monotonic seconds, continued across resumes."""
        return self.clock() + self._offset

    # -- the frame ----------------------------------------------------------------------------

    def pump(self) -> list[SessionEvent]:
        """The frame: the clock, anything received and not handled yet, and the events of all
        that happened since the last frame (arrivals handled on the server's thread included).

        While the server's thread is busy with a round of answers (deciding, saving), the frame
        does not wait for it: it draws what it knows, and the clock's tick comes a frame later, or,
        after FRAME_WAIT_S of such frames, waits its turn."""
        if not self._turn.take(self.now()):
            return []
        try:
            now = self.now()  # what arrived since the last frame counts as arriving now
            # Listening, what arrives is the server thread's work: a frame never saves a round
            # of answers (it would wait for the disk).
            pending = self._received(now) if self._arrivals is None else []
            if self._arrivals is None:  # not listening: nothing else ticks or saves the clock
                pending.append((Tick(now), None))
                self._save_clock(now)
            events, self._since_frame = self._since_frame, []
            return events + self._apply_all(pending)
        finally:
            self._lock.release()

    def _tick_clock(self) -> None:
        """The session's clock, on its own thread while students are connected: a question
        whose time is up closes here (grading the class, each student's result: tens of ms at
        2,000), and the projector's next frame hears that it did. Until then (most ticks) it
        only looks, without the session's lock."""
        held = self._held_until
        if held is not None and self.now() >= held:  # no frame said it was shown: send now
            with self._lock:
                self._flush()
        closes = closes_at(self.state, self.questions, self.config)
        if closes is None or self.now() <= closes:
            return
        with self._lock:
            self._since_frame.extend(self._apply_all([(Tick(self.now()), None)]))

    def command(self, command: SessionCommand, *, after_frame: bool = False) -> list[SessionEvent]:
        """A teacher's action from the host screen. With `after_frame`, what it tells the class
        waits for `frame_shown()` (at most FRAME_HOLD_S: then the session clock's next tick, the
        next frame or the next round of arrivals sends it)."""
        with self._lock:
            if after_frame:
                self._held_until = self.now() + FRAME_HOLD_S
            return self._apply_all([(command, None)])

    def frame_shown(self) -> None:
        """The projector has drawn the screen a teacher's key led to: what the key told the
        class goes out now. So the phones get a new question as the projector shows it, and
        the class's answers never meet the frame that draws it: the busiest one, on the same
        cores and the same GIL (at 2,000 students the question's writes took turns with it)."""
        if self._held_until is None:
            return
        with self._lock:
            self._held_until = None
            self._flush()

    def _to_command(self, item: Any, now: float, joining: dict[int, str]) -> SessionCommand | None:
        conn = item.conn_id
        if item.kind == "close":
            joining.pop(conn, None)
            player = self.conns.unbind(conn)
            if player is not None and player not in self.conns.conns_of:
                return Disconnect(player, now)
            return None
        message = item.message
        if item.kind != "message" or message is None:
            return None
        if isinstance(message, protocol.ClientJoin):
            return self._join_command(conn, message, now, joining)
        if isinstance(message, protocol.ClientAnswer):
            player = self.conns.player_of.get(conn)
            if player is None:
                self._send(conn, protocol.error("join the session first"))
                return None
            response: Any = message.response
            if message.index == self.state.index and self.state.phase is SessionPhase.QUESTION:
                question = self.questions[self.config.question_ids[message.index]]
                key = self._key_for(message.index, question)
                response = protocol.response_from_wire(question, key, response)
            return Submit(player, message.index, response, now)
        return None  # ping: the server answers it itself

    def _join_command(
        self, conn: int, message: protocol.ClientJoin, at: float, joining: dict[int, str]
    ) -> SessionCommand | None:
        """A join, unless this connection is already a player (or joining in this frame): then
        the same token only gets its welcome again, and another token is refused."""
        bound = self.conns.player_of.get(conn)
        token = joining.get(conn)
        if bound is not None and bound in self.state.players:
            token = self.state.players[bound].token
        if token is None:
            joining[conn] = message.token
            return Join(message.token, message.nickname, at)
        if token != message.token:
            if joining.get(-conn) is None:  # one refusal per frame, however many joins came
                joining[-conn] = ""
                self._send(conn, protocol.error("already joined: reload the page to join again"))
        elif bound is not None:
            player = self.state.players[bound]
            self._send(conn, protocol.welcome(player.id, player.nickname, player.token))
            self._catch_up(conn, player.id)
        return None

    def _lobby_changed(self, newcomer: int | None = None) -> None:
        self._lobby_dirty = True
        if newcomer is not None:
            self._lobby_newcomers.add(newcomer)

    def _send_lobby(self) -> None:
        """The latest lobby to everyone if the last went out long enough ago, else only to
        those who just joined; the rest get it on a later frame. Only while the session is in
        its lobby: during the quiz a `lobby` message would pull a page back to the lobby."""
        if self.state.phase is not SessionPhase.LOBBY:
            self._lobby_dirty = False
            self._lobby_newcomers.clear()
            return
        now = self.now()
        # A hall of 2,000 gets the count every 2 s, not 8,000 messages a second while joining.
        every = max(LOBBY_EVERY_S, len(self.conns.player_of) / LOBBY_SENDS_PER_S)
        if self._lobby_dirty and not (0 <= now - self._lobby_sent_at < every):
            message = self._lobby()
            self._everyone(message)
            self._lobby_dirty = False
            self._lobby_sent_at = now
        elif self._lobby_newcomers:
            message = self._lobby()
            for conn in self._lobby_newcomers:
                if conn in self.conns.player_of:
                    self._send(conn, message)
        self._lobby_newcomers.clear()

    def _apply_all(self, pending: list[tuple[SessionCommand, int | None]]) -> list[SessionEvent]:
        """Apply, save and tell. When the round holds the answer that closes the question,
        everything before that answer is saved and acknowledged first: the reveal it brings
        (grading the class, each student's result: tens of ms at 2,000) keeps only that one
        answer waiting, not the hundreds that came with it. The commands, their order and
        what they do are the same either way."""
        split = self._closing_answer(pending)
        if split:
            return self._apply_batch(pending[:split]) + self._apply_batch(pending[split:])
        return self._apply_batch(pending)

    def _closing_answer(self, pending: list[tuple[SessionCommand, int | None]]) -> int:
        """Where in `pending` the answer that would close the open question is (the last of
        the players here still to answer), or 0."""
        state = self.state
        if state.phase is not SessionPhase.QUESTION or len(pending) < 2:
            return 0
        waiting = waiting_for(state)
        players, submitted = state.players, state.submissions
        newcomers: set[int] = set()
        for at, (command, _) in enumerate(pending):
            if not isinstance(command, Submit) or command.index != state.index:
                continue
            player = players.get(command.player_id)
            if player is None or not player.connected or player.id in submitted:
                continue
            newcomers.add(player.id)
            if len(newcomers) == waiting:
                return at
        return 0

    def _apply_batch(self, pending: list[tuple[SessionCommand, int | None]]) -> list[SessionEvent]:
        outcomes: list[tuple[SessionEvent, int | None]] = []
        for command, conn in pending:
            step = advance(self.state, command, self.questions, self.config)
            if step.state is not self.state:
                self._record(command)
            self.state = step.state
            for event in step.events:
                outcomes.append((event, conn))
        for follow in self._recall_accommodations(outcomes):
            step = advance(self.state, follow, self.questions, self.config)
            if step.state is not self.state:
                self._record(follow)
            self.state = step.state
        for event, _ in outcomes:
            if isinstance(event, Finished):
                self.log.mark_end(self.wall())
            elif isinstance(event, Reopened):
                self.log.mark_reopen()
        self.log.save(self.now())  # saved before anyone hears
        events = []
        for event, conn in outcomes:
            self._notify(event, conn)
            events.append(event)
        if any(isinstance(c, _MOVES_DEADLINE) for c, _ in pending):
            # The deadline moved: resend the question so every countdown shows the new time
            # (the page keeps the student's selection).
            self._question_to_everyone()
        self._send_lobby()
        self._flush()
        self._settle(outcomes)
        return events

    def _settle(self, outcomes: list[tuple[SessionEvent, int | None]]) -> None:
        """Each SETTLE_PLAYERS new players, and as each question opens, what the session holds
        is left out of the garbage collector's passes (live_process.settle)."""
        players = len(self.state.players)
        opened = any(isinstance(event, QuestionOpened) for event, _ in outcomes)
        if opened or players >= self._settled_players + SETTLE_PLAYERS:
            self._settled_players = players
            live_process.settle()

    def _record(self, command: SessionCommand) -> None:
        """Queue a command for the log. A changed answer replaces the student's earlier one
        for that question (the log stays bounded and replays to the same state)."""
        kind, data = command_to_data(command)
        key = (command.player_id, command.index) if isinstance(command, Submit) else None
        self.log.record(kind, data, key)

    def show_leaderboard(self) -> None:
        """The projector shows the leaderboard: students' devices show it too (after they have
        seen their own result), unless the teacher chose never to show one."""
        if self.config.leaderboard == "never":
            return
        with self._lock:
            shown = on_the_projector(self.state.players, self.config.podium_size)
            rows = [(rank, p.nickname, p.score) for rank, p in shown]  # as the projector shows it
            self._everyone(protocol.leaderboard(rows))
            self._flush()

    # -- telling students ---------------------------------------------------------------------

    def _flush(self) -> None:
        """Hand the frame's messages to the server in one go (one wake-up of its thread).
        Nothing is sent while commands wait to be saved, nor while a teacher's key waits for its
        frame (`command`): messages queue up, in order, until then."""
        if self.log.waiting:
            return
        if self._held_until is not None:  # a key's messages, until its frame is shown
            if self.now() < self._held_until:
                return
            self._held_until = None  # no word of the frame: they wait no longer
        self._outbox.flush(self.server)

    def _lobby(self) -> dict[str, Any]:
        here = connected_count(self.state)  # O(1): this goes out at every round of joins
        return protocol.lobby(here, self.roster, locked=self.state.locked)

    def _question_for(self, player: ClassPlayer) -> dict[str, Any] | None:
        if self.state.phase is not SessionPhase.QUESTION:
            return None
        index = self.state.index
        question = self.questions[self.config.question_ids[index]]
        key = self._key_for(index, question)
        limit = question_limit(question, self.config)
        deadline = deadline_at(self.state, limit, player.extra_time)
        remaining = None if deadline is None else max(0.0, deadline - self.now())
        return protocol.question(
            index,
            len(self.config.question_ids),
            question,
            limit,
            player.extra_time,
            remaining_s=remaining,
            key=key,
            accommodations=sorted(player.needs),
            image_url=self._image_url(index, question),
        )

    def _image_url(self, index: int, question: Question) -> str | None:
        """The address of the picture of question `index`, which is being asked: published on
        the server now (never earlier), under an opaque name (`runtime_parts.publish_picture`).
        None: the page shows the alt text."""
        if index not in self._image_urls:
            secret = self.config.secret or f"session-{self.session_id}"
            self._image_urls[index] = publish_picture(self.server, secret, index, question)
        return self._image_urls[index]

    # -- per-student accommodations -----------------------------------------------------------

    def _recall_accommodations(
        self, outcomes: list[tuple[SessionEvent, int | None]]
    ) -> list[SessionCommand]:
        """A student joins: what a teacher set for their name before (this session or an
        earlier one, or in the roster) comes back, as logged engine commands (a rejoin keeps
        what the session's log has)."""
        recall = getattr(self.store, "accommodations_for", None)
        follow: list[SessionCommand] = []
        for event, _ in outcomes:
            if not isinstance(event, Joined) or event.rejoined or recall is None:
                continue
            try:
                known = recall(event.player.nickname)
            except Exception:  # a storage problem must not stop a join
                known = None
            known = known or Accommodations()
            player = self.state.players[event.player.id]
            if known.extra_time != player.extra_time:
                follow.append(SetExtraTime(player.id, known.extra_time, self.now()))
            if known.needs != player.needs:
                follow.append(SetAccommodations(player.id, tuple(sorted(known.needs)), self.now()))
        return follow

    def accommodations_of(self, player_id: int) -> Accommodations:
        player = self.state.players.get(player_id)
        if player is None:
            return Accommodations()
        return Accommodations(player.extra_time, player.needs)

    def set_accommodations(self, player_id: int, accommodations: Accommodations) -> None:
        """The teacher's choice for one student: applied now (an open question is sent again
        with it) and remembered for their name in later sessions."""
        player = self.state.players.get(player_id)
        if player is None:
            return
        if accommodations.extra_time != player.extra_time:
            self.command(SetExtraTime(player_id, accommodations.extra_time, self.now()))
        if accommodations.needs != player.needs:
            needs = tuple(sorted(accommodations.needs))
            self.command(SetAccommodations(player_id, needs, self.now()))
        remember = getattr(self.store, "remember_accommodations", None)
        if remember is not None:
            with contextlib.suppress(*SAVE_ERRORS):
                remember(player.nickname, self.accommodations_of(player_id))
        message = self._question_for(self.state.players[player_id])
        if message is not None:
            self._to_player(player_id, message)
            self._flush()

    def _key_for(self, index: int, question: Question) -> protocol.QuestionKey:
        """One shuffle and one set of opaque ids per question, the same for every student (and
        the projector), keyed by the session's secret (sessions saved before it had one use
        their id, as their shuffles always did)."""
        if index not in self._keys:
            secret = self.config.secret or f"session-{self.session_id}"
            self._keys[index] = protocol.question_key(question, secret, index)
        return self._keys[index]

    def choice_order(self) -> list[int]:
        """The order the projector shows the current question's choices in."""
        index = self.state.index
        if index < 0:
            return []
        key = self._key_for(index, self.questions[self.config.question_ids[index]])
        return list(key.choice_order)

    def _notify(self, event: SessionEvent, conn: int | None) -> None:
        if isinstance(event, AnswerAccepted):  # first: one for each answer, hundreds a second
            key = (event.index, event.changed)
            if key not in self._acks:
                self._acks[key] = protocol.encoded(protocol.ack(event.index, event.changed))
            self._to_player(event.player_id, self._acks[key])
        elif isinstance(event, Joined):
            player = event.player
            if conn is not None:
                # A newer tab (or a reconnect) takes over: older tabs of the same player are
                # closed, so one device can never answer twice.
                for old in list(self.conns.conns_of.get(player.id, ())):
                    if old != conn:
                        self.conns.unbind(old)
                        self._outbox.close_after(
                            old, "playing in another tab", protocol.CLOSE_REPLACED
                        )
                self.conns.bind(conn, player.id)
                self._send(conn, protocol.welcome(player.id, player.nickname, player.token))
            self._lobby_changed(conn)
            if conn is not None:
                self._catch_up(conn, event.player.id)
        elif isinstance(event, Left):
            self._lobby_changed()
        elif isinstance(event, Kicked):
            self._renames_and_kicks += 1
            for c in list(self.conns.conns_of.get(event.player_id, ())):
                self._send(c, protocol.kicked())  # sent before the close (see _flush)
                self.conns.unbind(c)
                self._outbox.close_after(c, "removed by the teacher", protocol.CLOSE_KICKED)
            self._lobby_changed()
        elif isinstance(event, LockChanged):
            self._lobby_changed()
        elif isinstance(event, Renamed):
            self._renames_and_kicks += 1
            player = self.state.players[event.player_id]
            self._to_player(player.id, protocol.welcome(player.id, player.nickname, player.token))
        elif isinstance(event, Rejected):
            target = conn
            if target is None and event.player_id is not None:
                for c in self.conns.conns_of.get(event.player_id, ()):
                    self._send(c, protocol.error(event.reason))
                return
            if target is not None and event.why:  # a refused join: the page shows why
                roster = roster_left(self.state, self.config) if self.config.roster else None
                self._send(target, protocol.refused(event.reason, event.why, roster))
            elif target is not None:
                self._send(target, protocol.error(event.reason))
        elif isinstance(event, QuestionOpened):
            self._question_to_everyone()
        elif isinstance(event, _TOLD_TO_THE_CLASS):
            self._outbox.later(self._class_messages(event))
        elif isinstance(event, Paused):
            self._everyone(protocol.paused(event.paused))

    def _catch_up(self, conn: int, player_id: int) -> None:
        """What a (re)joining page must see now: the open question (and the answer it gave,
        confirmed again in case that acknowledgement was lost), the last reveal, or the end."""
        player = self.state.players.get(player_id)
        if player is None:
            return
        phase = self.state.phase
        if phase is SessionPhase.QUESTION:
            current = self._question_for(player)
            if current is not None:
                self._send(conn, current)
            submitted = self.state.submissions.get(player.id)
            if submitted is not None:
                question = self.questions[self.config.question_ids[self.state.index]]
                shown = self._key_for(self.state.index, question).choice_order
                mine = own_answer_text(question, submitted[0], shown)
                self._send(conn, protocol.ack(self.state.index, False, mine))
        elif phase is SessionPhase.REVEAL and self.state.results:
            self._send(conn, self._reveal_for(self.state.results[-1], player))
        elif phase is SessionPhase.FINISHED:
            self._send(conn, self._ended_for(player))
            self._send(conn, self._review_for(player))

    def _final_places(
        self, state: SessionState | None = None
    ) -> tuple[dict[int, Standing], list[tuple[int, str, int]]]:
        """Every student's final standing and the podium the projector shows (ties shared), in
        `state` (the session's now by default, ranked once for every page that asks)."""
        if state is None:
            now = self.state
            parts = (now.results, len(now.players), self._renames_and_kicks)
            return self._ranked_now.get("final", parts, lambda: self._final_places(now))
        players = state.players
        scores = {p.id: (p.nickname, p.score) for p in players.values()}
        podium = [
            (rank, p.nickname, p.score)
            for rank, p in on_the_projector(players, self.config.podium_size)
        ]
        return all_standings(scores), podium

    def _question_to_everyone(self) -> None:
        """The open question to every student here: one message per extra-time multiplier and
        page accommodations (the same dict for all who share both, so the server encodes it
        once; never one student's accommodations for another)."""
        shared: dict[tuple[float, frozenset[str]], dict[str, Any] | None] = {}
        for player in self.state.players.values():
            if not player.connected or player.id not in self.conns.conns_of:
                continue
            need = (player.extra_time, player.needs)
            if need not in shared:
                shared[need] = self._question_for(player)
            message = shared[need]
            if message is not None:
                self._to_player(player.id, message)

    def _ended_for(
        self,
        player: ClassPlayer,
        final: tuple[dict[int, Standing], list[tuple[int, str, int]]] | None = None,
    ) -> dict[str, Any]:
        """The `ended` message for one student: with the leaderboard set to "never", no rank
        and no podium. `ranking`/`ranks`: the leaderboard, when the caller sorted it already."""
        if self.config.leaderboard == "never":
            return protocol.ended(None, player.score, [])
        standings, podium = final or self._final_places()
        standing = standings.get(player.id)
        return protocol.ended(
            None if standing is None else standing.rank,
            player.score,
            podium,
            standing=None if standing is None else standing_text(standing),
        )

    def _shown_orders(self, state: SessionState | None = None) -> dict[int, tuple[int, ...]]:
        """The order each revealed question's choices were shown in, by its index."""
        return {
            result.index: self._key_for(
                result.index, self.questions[result.question_id]
            ).choice_order
            for result in (state or self.state).results
        }

    def _review_for(
        self, player: ClassPlayer, entries: tuple[ReviewEntry, ...] | None = None
    ) -> dict[str, Any]:
        """The `review` message for one student, only ever sent to them and only after the end:
        the questions already revealed, their answers as they saw them, and their misses file."""
        if entries is None:
            entries = class_reviews(self.questions, self.state, [player.id], self._shown_orders())[
                player.id
            ]
        return protocol.review(
            [e.to_data() for e in entries], misses_document(player.nickname, entries)
        )

    def _class_messages(self, event: Revealed | Finished) -> Built:
        """What a reveal or the end tells the class, as a function that makes it: the outbox
        runs it on the server's thread (Outbox.later), so a teacher's key never makes 2,000
        students' messages in the projector's frame (at 2,000 a reveal took it 42-94 ms, the
        end 0.6-1.2 s: every student's review of every question). It is made from the session as
        it stands now, for the pages connected now, whenever it runs. It takes no lock: it
        reads only that (a frozen state, a copy of who is connected where) and the question
        keys, each the same whoever makes it first, so a frame or a teacher's key never waits
        for a whole class's messages."""
        state = self.state
        conns = {player: tuple(cs) for player, cs in self.conns.conns_of.items() if cs}

        def build() -> list[tuple[int, dict[str, Any]]]:
            if isinstance(event, Revealed):
                return self._reveal(event.result, state, conns)
            return self._end(event, state, conns)

        return build

    def _reveal(
        self, result: QuestionResult, state: SessionState, conns: Mapping[int, tuple[int, ...]]
    ) -> list[tuple[int, dict[str, Any]]]:
        """Each student's reveal: what they all share is built and encoded once for the class
        (the explanation, the right answer, the counts), only their own result per student."""
        places = self._places_after(result, state)  # once for the class, not once per student
        by_player = {r.player_id: r for r in result.players}  # indexed once, not per player
        shared = self._reveal_shared(result, state)
        shared_text = protocol.encode(shared)
        out: list[tuple[int, dict[str, Any]]] = []
        for player in state.players.values():
            if player.id in conns:
                own = self._reveal_own(result, player, places, by_player.get(player.id))
                message = protocol.spliced(shared, shared_text, own)
                out.extend((conn, message) for conn in conns[player.id])
        return out

    def _end(
        self, event: Finished, state: SessionState, conns: Mapping[int, tuple[int, ...]]
    ) -> list[tuple[int, dict[str, Any]]]:
        """Each student's final place, then their review, theirs alone."""
        final = self._final_places(state)  # once for the class, not once per student
        ranking = [p for p in event.ranking if p.id in conns]
        reviews = class_reviews(
            self.questions, state, [p.id for p in ranking], self._shown_orders(state)
        )
        out: list[tuple[int, dict[str, Any]]] = []
        for player in ranking:
            ended = self._ended_for(player, final)
            review = self._review_for(player, reviews[player.id])
            out.extend((conn, ended) for conn in conns[player.id])
            out.extend((conn, review) for conn in conns[player.id])
        return out

    def _right_text(self, result: QuestionResult) -> str:
        """The right answer with choices named as the page showed them ("2 ◆ …"), like the
        review and the reports."""
        question = self.questions[result.question_id]
        return right_answer_text(question, self._key_for(result.index, question).choice_order)

    def _places_after(
        self, result: QuestionResult, state: SessionState | None = None
    ) -> dict[int, Standing]:
        """Every student's standing as it stood after `result` (its totals), ties shared; in
        the session now by default, ranked once for every page that asks."""
        if state is None:
            now = self.state
            parts = (result, self._renames_and_kicks)
            return self._ranked_now.get("after", parts, lambda: self._places_after(result, now))
        players = state.players
        return all_standings(
            {
                r.player_id: (players[r.player_id].nickname, r.score)
                for r in result.players
                if r.player_id in players
            }
        )

    def _reveal_for(self, result: QuestionResult, player: ClassPlayer) -> dict[str, Any]:
        """One student's whole reveal of `result` (a page that rejoins during the reveal)."""
        by_player = self._ranked_now.get("by player", (result,), lambda: _by_player(result))
        pr = by_player.get(player.id)
        return {**self._reveal_shared(result), **self._reveal_own(result, player, None, pr)}

    def _reveal_shared(
        self, result: QuestionResult, state: SessionState | None = None
    ) -> dict[str, Any]:
        """What every student's reveal of `result` says alike."""
        question = self.questions[result.question_id]
        return protocol.reveal_shared(
            result.index,
            self._right_text(result),
            question.explanation,
            question.source.label() if question.source else None,
            list(result.distribution),
            list(protocol.distribution_labels(question)),
            len((state or self.state).players),
            skipped=result.skipped,
        )

    def _reveal_own(
        self,
        result: QuestionResult,
        player: ClassPlayer,
        places: Mapping[int, Standing] | None,
        pr: PlayerResult | None,
    ) -> dict[str, Any]:
        """One student's own part of the reveal of `result`: their result and their place as
        it stood after this question (the result's totals), ties shared."""
        if self.config.leaderboard == "never" or pr is None:
            standing = None
        else:
            standing = (self._places_after(result) if places is None else places).get(player.id)
        return protocol.reveal_own(
            pr,
            None if standing is None else standing.rank,
            player.score,
            None if standing is None else standing_text(standing),
        )
