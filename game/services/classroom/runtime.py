"""A running classroom session: the network server, the pure engine and the session log joined.

The host's game loop calls `pump()` once per frame. It drains what the server received, turns
each message into an engine command, applies it, saves every command that changed the session
(one transaction per frame, before anyone is told the result), then sends each student what
concerns them. Teacher actions come in through `command()`. Nothing here blocks on the network:
the server queues outgoing messages on its own thread.

Because the engine is deterministic, `resume` rebuilds a crashed session by replaying its saved
commands; students' pages reconnect on their own and rejoin with their token.

One connection is one player: a connection that has joined cannot join again as someone else
(so it cannot fill the session with ghosts), and a player whose connections are all gone is
away. The lobby's player count goes out at most `LOBBY_EVERY_S` apart, as the latest count, not
once per join: a class joining at once costs each phone a few messages, not one per classmate.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from game.core.answers import answer_text
from game.core.model import Question
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
    Paused,
    QuestionOpened,
    Rejected,
    Renamed,
    Resume,
    Revealed,
    SessionCommand,
    SessionConfig,
    SessionEvent,
    SessionPhase,
    SessionState,
    Submit,
    Tick,
    advance,
    command_from_data,
    command_to_data,
    config_from_data,
    config_to_data,
    deadline_at,
    leaderboard,
    new_session,
    question_limit,
)
from game.services.classroom import protocol

__all__ = ["ClassroomRuntime", "JOIN_CODE_DIGITS", "new_join_code"]

JOIN_CODE_DIGITS = 6
MAX_INBOUND_PER_FRAME = 5000
LOBBY_EVERY_S = 0.25  # the lobby count reaches phones at most this often (newcomers at once)


def new_join_code() -> str:
    """A short numeric code students type (or get from the QR code)."""
    return "".join(secrets.choice("0123456789") for _ in range(JOIN_CODE_DIGITS))


class ServerLike(Protocol):
    inbox: Any

    def send(self, conn_id: int, message: dict[str, Any]) -> None: ...
    def broadcast(self, message: dict[str, Any], conn_ids: Any = None) -> None: ...
    def close(self, conn_id: int, reason: str) -> None: ...


class LogStore(Protocol):
    def create_session(
        self, title: str, join_code: str, config: dict[str, Any], now: float
    ) -> int: ...
    def log_commands(
        self, session_id: int, first_seq: int, commands: list[tuple[str, dict[str, Any]]]
    ) -> None: ...
    def session_commands(self, session_id: int) -> list[tuple[str, dict[str, Any]]]: ...
    def end_session(self, session_id: int, now: float) -> None: ...
    def class_sessions(self, unfinished_only: bool = False) -> list[dict[str, Any]]: ...


@dataclass
class _Connections:
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


class ClassroomRuntime:
    def __init__(
        self,
        questions: Mapping[str, Question],
        config: SessionConfig,
        store: LogStore,
        server: ServerLike | None,
        session_id: int,
        join_code: str,
        wall: Callable[[], float],
        seed: int = 0,
    ) -> None:
        self.questions = questions
        self.config = config
        self.store = store
        self.server = server
        self.session_id = session_id
        self.join_code = join_code
        self.wall = wall
        self.state: SessionState = new_session()
        self.seq = 0
        self.conns = _Connections()
        self._rng = random.Random(seed)
        self._orders: dict[int, tuple[tuple[int, ...], tuple[int, ...]]] = {}
        self.roster: list[str] = []
        self._outbox: list[tuple[int, dict[str, Any]]] = []
        self._lobby_dirty = False  # the count changed since the last lobby sent to everyone
        self._lobby_sent_at = float("-inf")
        self._lobby_newcomers: set[int] = set()  # joined this frame: get the lobby at once
        self._acks: dict[tuple[int, bool], dict[str, Any]] = {}  # one dict: encoded once a frame

    # -- creation -----------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        questions: Mapping[str, Question],
        config: SessionConfig,
        store: LogStore,
        server: ServerLike | None,
        title: str,
        wall: Callable[[], float],
        join_code: str | None = None,
    ) -> ClassroomRuntime:
        code = join_code or new_join_code()
        session_id = store.create_session(title, code, config_to_data(config), wall())
        return cls(questions, config, store, server, session_id, code, wall, seed=session_id)

    @classmethod
    def resume(
        cls,
        questions: Mapping[str, Question],
        store: LogStore,
        server: ServerLike | None,
        session_id: int,
        wall: Callable[[], float],
    ) -> ClassroomRuntime:
        """Rebuild a session from its log; every student starts disconnected until they
        rejoin (their pages do that by themselves)."""
        info = next(s for s in store.class_sessions() if s["id"] == session_id)
        config = config_from_data(info["config"])
        missing = [q for q in config.question_ids if q not in questions]
        if missing:
            raise KeyError(f"the banks no longer hold question(s) {', '.join(missing)}")
        runtime = cls(
            questions, config, store, server, session_id, info["join_code"], wall, seed=session_id
        )
        for kind, data in store.session_commands(session_id):
            runtime.state = advance(
                runtime.state, command_from_data(kind, data), questions, config
            ).state
            runtime.seq += 1
        for player in list(runtime.state.players.values()):
            if player.connected:
                runtime.state = advance(
                    runtime.state, Disconnect(player.id, wall()), questions, config
                ).state
        return runtime

    # -- the frame ----------------------------------------------------------------------------

    def pump(self) -> list[SessionEvent]:
        """Handle everything the server received since the last frame, and the clock."""
        pending: list[tuple[SessionCommand, int | None]] = []
        inbox = self.server.inbox if self.server is not None else None
        count = 0
        # connection → token of its join queued this frame (-connection: refused this frame)
        joining: dict[int, str] = {}
        while inbox is not None and count < MAX_INBOUND_PER_FRAME:
            try:
                item = inbox.get_nowait()
            except Exception:  # queue.Empty
                break
            count += 1
            command = self._to_command(item, joining)
            if command is not None:
                pending.append((command, item.conn_id))
        pending.append((Tick(self.wall()), None))
        return self._apply_all(pending)

    def command(self, command: SessionCommand) -> list[SessionEvent]:
        """A teacher's action from the host screen."""
        return self._apply_all([(command, None)])

    def _to_command(self, item: Any, joining: dict[int, str]) -> SessionCommand | None:
        conn = item.conn_id
        if item.kind == "close":
            joining.pop(conn, None)
            player = self.conns.unbind(conn)
            if player is not None and player not in self.conns.conns_of:
                return Disconnect(player, item.at)
            return None
        message = item.message
        if item.kind != "message" or message is None:
            return None
        if isinstance(message, protocol.ClientJoin):
            return self._join_command(conn, message, item.at, joining)
        if isinstance(message, protocol.ClientAnswer):
            player = self.conns.player_of.get(conn)
            if player is None:
                self._send(conn, protocol.error("join the session first"))
                return None
            return Submit(player, message.index, message.response, item.at)
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
            current = self._question_for(player)
            if current is not None:
                self._send(conn, current)
        return None

    def _lobby_changed(self, newcomer: int | None = None) -> None:
        self._lobby_dirty = True
        if newcomer is not None:
            self._lobby_newcomers.add(newcomer)

    def _send_lobby(self) -> None:
        """The latest lobby to everyone if the last went out long enough ago, else only to
        those who just joined; the rest get it on a later frame."""
        now = self.wall()
        if self._lobby_dirty and not (0 <= now - self._lobby_sent_at < LOBBY_EVERY_S):
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
        log: list[tuple[str, dict[str, Any]]] = []
        outcomes: list[tuple[SessionEvent, int | None]] = []
        for command, conn in pending:
            step = advance(self.state, command, self.questions, self.config)
            if step.state is not self.state:
                log.append(command_to_data(command))
            self.state = step.state
            outcomes.extend((event, conn) for event in step.events)
        if log:
            self.store.log_commands(self.session_id, self.seq, log)  # saved before anyone hears
            self.seq += len(log)
        events = []
        for event, conn in outcomes:
            self._notify(event, conn)
            events.append(event)
        if any(isinstance(c, ExtendTime | Resume) for c, _ in pending):
            # The deadline moved: resend the question so every countdown shows the new time
            # (the page keeps the student's selection).
            for player in self.state.connected():
                message = self._question_for(player)
                if message is not None:
                    self._to_player(player.id, message)
        self._send_lobby()
        self._flush()
        if any(isinstance(e, Finished) for e in events):
            self.store.end_session(self.session_id, self.wall())
        return events

    def show_leaderboard(self) -> None:
        """The projector shows the leaderboard: students' devices show it too (after they have
        seen their own result), unless the teacher chose never to show one."""
        if self.config.leaderboard == "never":
            return
        ranking = leaderboard(self.state.players)
        rows = [(i + 1, p.nickname, p.score) for i, p in enumerate(ranking[:10])]
        self._everyone(protocol.leaderboard(rows))
        self._flush()

    # -- telling students ---------------------------------------------------------------------

    def _send(self, conn: int, message: dict[str, Any]) -> None:
        self._outbox.append((conn, message))

    def _flush(self) -> None:
        """Hand the frame's messages to the server in one go (one wake-up of its thread)."""
        if self.server is not None and self._outbox:
            send_many = getattr(self.server, "send_many", None)
            if send_many is not None:
                send_many(self._outbox)
            else:
                for conn, message in self._outbox:
                    self.server.send(conn, message)
        self._outbox = []

    def _to_player(self, player_id: int, message: dict[str, Any]) -> None:
        for conn in self.conns.conns_of.get(player_id, ()):
            self._send(conn, message)

    def _everyone(self, message: dict[str, Any]) -> None:
        for conn in self.conns.player_of:
            self._send(conn, message)

    def _lobby(self) -> dict[str, Any]:
        return protocol.lobby(len(self.state.connected()), self.roster)

    def _question_for(self, player: ClassPlayer) -> dict[str, Any] | None:
        if self.state.phase is not SessionPhase.QUESTION:
            return None
        index = self.state.index
        question = self.questions[self.config.question_ids[index]]
        choice_order, right_order = self._orders_for(index, question)
        limit = question_limit(question, self.config)
        deadline = deadline_at(self.state, limit, player.extra_time)
        remaining = None if deadline is None else max(0.0, deadline - self.wall())
        return protocol.question(
            index,
            len(self.config.question_ids),
            question,
            limit,
            player.extra_time,
            choice_order or None,
            right_order or None,
            remaining_s=remaining,
        )

    def _orders_for(
        self, index: int, question: Question
    ) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """One shuffle per question, the same for every student (and for the projector)."""
        if index not in self._orders:
            rng = random.Random(f"{self.session_id}:{index}")
            self._orders[index] = protocol.shuffled_orders(question, rng)
        return self._orders[index]

    def choice_order(self) -> list[int]:
        """The order the projector shows the current question's choices in."""
        index = self.state.index
        if index < 0:
            return []
        return list(self._orders_for(index, self.questions[self.config.question_ids[index]])[0])

    def _notify(self, event: SessionEvent, conn: int | None) -> None:
        if isinstance(event, Joined):
            player = event.player
            if conn is not None:
                # A newer tab (or a reconnect) takes over: older tabs of the same player are
                # closed, so one device can never answer twice.
                for old in list(self.conns.conns_of.get(player.id, ())):
                    if old != conn:
                        self.conns.unbind(old)
                        if self.server is not None:
                            self.server.close(
                                old, "playing in another tab", protocol.CLOSE_REPLACED
                            )
                self.conns.bind(conn, player.id)
                self._send(conn, protocol.welcome(player.id, player.nickname, player.token))
                current = self._question_for(player)
                if current is not None:
                    self._send(conn, current)
            self._lobby_changed(conn)
        elif isinstance(event, Left):
            self._lobby_changed()
        elif isinstance(event, Kicked):
            for c in list(self.conns.conns_of.get(event.player_id, ())):
                self._send(c, protocol.kicked())
                self.conns.unbind(c)
                if self.server is not None:
                    self.server.close(c, "removed by the teacher", protocol.CLOSE_KICKED)
            self._lobby_changed()
        elif isinstance(event, Renamed):
            player = self.state.players[event.player_id]
            self._to_player(player.id, protocol.welcome(player.id, player.nickname, player.token))
        elif isinstance(event, Rejected):
            target = conn
            if target is None and event.player_id is not None:
                for c in self.conns.conns_of.get(event.player_id, ()):
                    self._send(c, protocol.error(event.reason))
                return
            if target is not None:
                self._send(target, protocol.error(event.reason))
        elif isinstance(event, QuestionOpened):
            for player in self.state.connected():
                message = self._question_for(player)
                if message is not None:
                    self._to_player(player.id, message)
        elif isinstance(event, AnswerAccepted):
            key = (event.index, event.changed)
            if key not in self._acks:
                self._acks[key] = protocol.ack(event.index, event.changed)
            self._to_player(event.player_id, self._acks[key])
        elif isinstance(event, Revealed):
            self._reveal(event)
        elif isinstance(event, Paused):
            self._everyone(protocol.paused(event.paused))
        elif isinstance(event, Finished):
            podium = [(p.nickname, p.score) for p in event.ranking[: self.config.podium_size]]
            hide_rank = self.config.leaderboard == "never"
            for rank, player in enumerate(event.ranking, 1):
                self._to_player(
                    player.id, protocol.ended(None if hide_rank else rank, player.score, podium)
                )

    def _reveal(self, event: Revealed) -> None:
        result = event.result
        question = self.questions[result.question_id]
        correct_text = answer_text(question) if question.graded else ""
        source = question.source.label() if question.source else None
        labels = list(protocol.distribution_labels(question))
        ranking = leaderboard(self.state.players)
        hide_rank = self.config.leaderboard == "never"
        mine = {pr.player_id: pr for pr in result.players}
        for player in self.state.players.values():
            pr = mine.get(player.id)
            self._to_player(
                player.id,
                protocol.reveal(
                    result.index,
                    pr,
                    correct_text,
                    question.explanation,
                    source,
                    list(result.distribution),
                    labels,
                    None if hide_rank or pr is None else pr.rank,
                    player.score,
                    len(ranking),
                    skipped=result.skipped,
                ),
            )
