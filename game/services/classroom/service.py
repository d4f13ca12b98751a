"""Starting, resuming and reporting classroom sessions: what the host screens call.

Implements game.core.ports.ClassroomService for the Pygame app and the `civic-quiz host` and
`civic-quiz report` commands. A live session is a ClassroomServer (the network, on its own
thread) and a ClassroomRuntime (the engine and the session log) bound together (LiveSession), or,
with `separate_process` (`civic-quiz host --session-process`), the same two in a process of
their own (game.services.classroom.process.ProcessSession); a teams session has no server.

The network choices live here too: the address to listen on (`--bind`, all interfaces by
default), the port (8765, or any free one when nobody asked for a port; an explicit port that
is taken is an error, never a silent move), the port a session used (kept in its saved config,
so `--resume` listens where students' pages look for it), which of this computer's addresses
the lobby shows, and the open-file limit raised before listening.
"""

from __future__ import annotations

import contextlib
import importlib
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from game import resources
from game.core import names
from game.core.accommodations import Accommodations
from game.core.model import Question
from game.core.ports import SessionUnavailable
from game.core.session import (
    Reopen,
    SessionConfig,
    SessionPhase,
    command_from_data,
    config_from_data,
    replay,
)
from game.services.classroom import protocol
from game.services.classroom.paced_runtime import is_paced
from game.services.classroom.runtime import ClassroomRuntime, new_join_code, session_questions
from game.services.storage import StorageError

__all__ = ["ClassroomService", "LiveSession", "PortBusy", "check_port", "web_dir"]

DEFAULT_PORT = 8765
# What opening a session loads the first time: the web server's library (aiohttp) and the
# teacher link are most of a second of imports, which `ClassroomService.prepare` does ahead.
NETWORK_MODULES = (
    "game.services.classroom.server",
    "game.services.classroom.teacher_routes",
    "game.services.classroom.teacher_reports",
    "game.services.classroom.teacher_view",
    "game.services.classroom.paced_service",
    "segno",
)
PORT_KEY = "port"  # in a session's saved config: where its students' pages reconnect
TEACHER_KEY = "teacher_key"  # ...and the teacher link's secret (never sent to a student)


class PortBusy(OSError):
    """A port that was asked for (or that a resumed session used) is taken."""

    def __init__(self, port: int, bind: str, cause: OSError) -> None:
        where = "all addresses" if bind in ("", "0.0.0.0") else bind
        super().__init__(
            f"port {port} on {where} is in use ({cause.strerror or cause}): close the program or "
            f"the other session using it, or choose another port with --port"
        )
        self.port = port


def check_port(bind: str, port: int) -> PortBusy | None:
    """Whether `port` can be listened on now (checked before the teacher sets a session up)."""
    import socket

    family = socket.AF_INET6 if ":" in bind else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
        try:
            probe.bind((bind or "0.0.0.0", port))
        except OSError as exc:
            return PortBusy(port, bind, exc)
    return None


class _PortInConfig:
    """The store, but a new session's saved config also records the server's port."""

    def __init__(self, store: Any, port: int, teacher_key: str = "") -> None:
        self._store = store
        self._port = port
        self._teacher_key = teacher_key

    def create_session(
        self,
        title: str,
        join_code: str,
        config: dict[str, Any],
        now: float,
        questions: list[dict[str, Any]],
    ) -> int:
        config = {**config, PORT_KEY: self._port}
        if self._teacher_key:
            config[TEACHER_KEY] = self._teacher_key
        return int(self._store.create_session(title, join_code, config, now, questions))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def web_dir() -> Path:
    """The student page shipped in assets/web."""
    return resources.web_dir()


class LiveSession:
    """A runtime plus its server, as the host screens see it (game.core.ports.ClassroomHost)."""

    def __init__(self, runtime: ClassroomRuntime, server: Any | None) -> None:
        self.runtime = runtime
        self.server = server
        self._address = 0
        self.teacher: Any = None  # the teacher link (teacher_routes.TeacherDesk), if any

    @property
    def state(self) -> Any:
        return self.runtime.state

    @property
    def config(self) -> SessionConfig:
        return self.runtime.config

    @property
    def session_id(self) -> int:
        return self.runtime.session_id

    @property
    def join_code(self) -> str:
        return self.runtime.join_code

    @property
    def join_urls(self) -> list[str]:
        """Where students can reach this session, the one the lobby shows first (loopback is
        left out when listening everywhere: a phone can never reach it)."""
        if self.server is None:
            return []
        urls = list(self.server.urls)
        if getattr(self.server, "host", "0.0.0.0") in ("0.0.0.0", ""):
            urls = [u for u in urls if "//127." not in u and "//localhost" not in u]
        if not urls:
            return []
        shift = self._address % len(urls)
        return urls[shift:] + urls[:shift]

    def next_address(self) -> None:
        """Show the next of this computer's addresses (the teacher knows which is the room's)."""
        self._address += 1

    def wrong_codes_recent(self) -> int:
        """Wrong join codes tried in the last minute: someone may be guessing."""
        count = getattr(self.server, "wrong_codes_recent", None)
        return int(count()) if count is not None else 0

    @property
    def questions(self) -> Mapping[str, Question]:
        """The questions as this session asks them (its snapshot, not today's banks)."""
        return self.runtime.questions

    @property
    def save_problem(self) -> str | None:
        """Why the session can't be saved right now (None: all saved)."""
        return self.runtime.save_problem

    def now(self) -> float:
        """The session's clock: the time teacher commands carry."""
        return self.runtime.now()

    def pump(self) -> list[Any]:
        events = self.runtime.pump()
        if self.teacher is not None:  # what the teacher page asked: applied in this frame
            from game.services.classroom.teacher_routes import apply_requests

            events += apply_requests(self.teacher, self)
        return events

    def accommodations_of(self, player_id: int) -> Accommodations:
        return self.runtime.accommodations_of(player_id)

    def set_accommodations(self, player_id: int, accommodations: Accommodations) -> None:
        """A student's extra time and page needs: applied at once, remembered for the name."""
        self.runtime.set_accommodations(player_id, accommodations)

    def command(self, command: Any) -> list[Any]:
        return self.runtime.command(command)

    def command_shown(self, command: Any) -> list[Any]:
        """A teacher's key whose messages to the class go out once the projector has drawn
        the screen it leads to (`frame_shown`)."""
        return self.runtime.command(command, after_frame=True)

    def frame_shown(self) -> None:
        self.runtime.frame_shown()

    def choice_order(self) -> list[int]:
        return self.runtime.choice_order()

    def show_leaderboard(self) -> None:
        self.runtime.show_leaderboard()

    def close(self) -> None:
        self.runtime.close()
        if self.server is not None:
            self.server.stop()
            self.server = None


def shown_orders(
    questions: Mapping[str, Question], config: SessionConfig, session_id: int
) -> dict[int, tuple[int, ...]]:
    """The order each question's choices (or a match's items) were shown in, by its index in
    the session: the session's own key (ClassroomRuntime._key_for), so reports name choices by
    the number and shape students saw."""
    secret = config.secret or f"session-{session_id}"
    return {
        index: protocol.question_key(questions[qid], secret, index).choice_order
        for index, qid in enumerate(config.question_ids)
        if qid in questions
    }


def _not_paced(info: dict[str, Any]) -> None:
    """The live report reads live sessions only; a student-paced one has its own files
    (`write_report`, paced_service.write_paced_report)."""
    if is_paced(info["config"]):
        raise SessionUnavailable(
            f"session {info['id']} is student-paced: write its report files with "
            f"`civic-quiz report {info['id']} --csv FOLDER` (students, questions, HTML)"
        )


class ClassroomService:
    def __init__(
        self,
        questions: Mapping[str, Question],
        store: Any,
        wall: Callable[[], float] = time.time,
        host: str = "0.0.0.0",
        port: int | None = None,
        roster: list[str] | None = None,
        clock: Callable[[], float] = time.monotonic,
        bank_versions: Mapping[str, str] | None = None,
        on_open: Callable[[Any], None] | None = None,
        separate_process: bool = False,
    ) -> None:
        """`port` None: 8765, or any free port if it is taken; a port given is that port or an
        error (PortBusy). `on_open` hears of every live session opened or resumed.
        `separate_process`: a live session's network, engine and log run in a process of their
        own (game.services.classroom.process), the projector in this one; `clock` and `wall`
        are then the real ones."""
        self.questions = questions
        self.store = store
        self.wall = wall
        self.clock = clock
        self.bank_versions: Mapping[str, str] = bank_versions or {}  # bank id → version
        self.host = host
        self.port = port
        self.roster = roster or []
        self.on_open = on_open
        self.separate_process = separate_process
        self._live: list[Any] = []  # LiveSession or ProcessSession
        self._next_teacher: Any = None  # the teacher link `_server` adds to the next server
        self._loading: threading.Thread | None = None  # prepare()'s imports

    def prepare(self) -> None:
        """Load what opening a session needs (NETWORK_MODULES) on a thread of its own, once,
        and return at once. The host screens call it when the teacher reaches the Classroom
        menu: those first imports took 0.3-0.7 s, one frozen projector frame when the session
        opened. Opening a session waits for them (`_loaded`), so no module is imported by two
        threads at once."""
        if self._loading is None:
            self._loading = threading.Thread(
                target=_import_all, args=(NETWORK_MODULES,), name="classroom-prepare", daemon=True
            )
            self._loading.start()

    def _loaded(self) -> None:
        """What `prepare` started is done (at once if it was never called, or has finished)."""
        if self._loading is not None:
            self._loading.join()

    def _server(self, join_code: str, port: int | None, version: int = protocol.VERSION) -> Any:
        from game.services.classroom.server import ClassroomServer, raise_open_file_limit

        # the teacher link of the session being opened: its routes go on before the start
        teacher, self._next_teacher = self._next_teacher, None
        raise_open_file_limit()  # each student is an open socket
        wanted = DEFAULT_PORT if port is None else port
        server = ClassroomServer(join_code, web_dir(), host=self.host, port=wanted, version=version)
        if teacher is not None:
            server.extra_routes.append(teacher.add_routes)
        try:
            server.start()
        except OSError as exc:
            if port is not None:
                raise PortBusy(port, self.host, exc) from exc
            # Nobody asked for this port and it is taken (another session?): any free one.
            server = ClassroomServer(join_code, web_dir(), host=self.host, port=0, version=version)
            if teacher is not None:
                server.extra_routes.append(teacher.add_routes)
            server.start()
        return server

    def _teacher_desk(self, key: str | None = None) -> Any:
        """The teacher link of a new or resumed session (its key kept in the saved config)."""
        from game.services.classroom.teacher_routes import TeacherDesk, new_teacher_key

        return TeacherDesk(key or new_teacher_key(), web_dir())

    def _with_teacher(self, live: LiveSession, desk: Any) -> LiveSession:
        from game.services.classroom.teacher_reports import live_reports
        from game.services.classroom.teacher_view import TeacherView

        live.teacher = desk
        desk.attach(
            TeacherView(live),
            live_reports(self, live.session_id),
            can_start=lambda: live.state.phase is SessionPhase.LOBBY and bool(live.state.players),
        )
        return live

    def _in_process(
        self, kind: str, questions: Mapping[str, Question] | None = None, **what: Any
    ) -> Any:
        """A live session run by its own process (see game.services.classroom.process)."""
        from game.services.classroom.process import ProcessSession, SessionSpec

        spec = SessionSpec(
            kind,
            str(self.store.path),
            self.questions if questions is None else questions,
            self.host,
            self.port,
            tuple(self.roster),
            dict(self.bank_versions),
            **what,
        )
        return self._keep(ProcessSession(spec))

    def open(self, question_ids: tuple[str, ...], config: SessionConfig, title: str) -> Any:
        self._loaded()
        if self.separate_process:
            return self._in_process(
                "open",
                {q: self.questions[q] for q in config.question_ids},  # the child needs no more
                question_ids=question_ids,
                config=config,
                title=title,
            )
        runtime, server = self._create(ClassroomRuntime, config, title, protocol.VERSION)
        runtime.roster = self.roster
        return self._keep(self._with_teacher(LiveSession(runtime, server), runtime.teacher_desk))

    def _create(self, runtime_class: Any, config: Any, title: str, version: int) -> Any:
        """A new session's (runtime, server): a join code, the roster saved with the session
        (resume and replay enforce the same roster), a server speaking `version`, the session
        in the store; a store that cannot be written (a full disk) is SessionUnavailable."""
        code = new_join_code()
        if self.roster:
            cleaned = (names.clean(n) for n in self.roster)
            config = replace(config, roster=tuple(dict.fromkeys(n for n in cleaned if n)))
        desk = self._next_teacher = self._teacher_desk()
        server = self._server(code, self.port, version)
        try:
            runtime = runtime_class.create(
                self.questions,
                config,
                _PortInConfig(self.store, server.port, desk.key),
                server,
                title,
                self.wall,
                join_code=code,
                clock=self.clock,
                bank_versions=self.bank_versions,
            )
        except StorageError as exc:  # e.g. the disk is already full: say so, stop listening
            server.stop()
            raise SessionUnavailable(str(exc)) from exc
        runtime.store = self.store
        runtime.teacher_desk = desk  # attached by the caller, which knows the session's kind
        return runtime, server

    def open_paced(self, config: Any, title: str = "Student-paced") -> Any:
        """A student-paced session (game.services.classroom.paced_service)."""
        self._loaded()
        from game.services.classroom.paced_service import open_paced

        return self._keep(self._with_paced_teacher(open_paced(self, config, title)))

    def _with_paced_teacher(self, runtime: Any) -> Any:
        """A student-paced session with its teacher link: the progress grid and its reports."""
        from game.services.classroom.teacher_reports import paced_reports
        from game.services.classroom.teacher_view import TeacherView

        desk = getattr(runtime, "teacher_desk", None)
        if desk is not None:
            runtime.teacher = desk
            desk.attach(TeacherView(runtime, lambda t: t), paced_reports(runtime))  # epoch clock
        return runtime

    def _keep(self, session: Any) -> Any:
        self._live.append(session)
        if self.on_open is not None and session.server is not None:
            self.on_open(session)
        return session

    def close_all(self) -> None:
        """Stop every server still listening (the game is closing)."""
        for session in self._live:
            session.close()
        self._live.clear()

    def open_local(self, config: SessionConfig, title: str) -> LiveSession:
        try:
            runtime = ClassroomRuntime.create(
                self.questions,
                config,
                self.store,
                None,
                title,
                self.wall,
                clock=self.clock,
                bank_versions=self.bank_versions,
            )
        except StorageError as exc:
            raise SessionUnavailable(str(exc)) from exc
        return LiveSession(runtime, None)

    def resume(self, session_id: int) -> Any:
        self._loaded()
        info = next(s for s in self.store.class_sessions() if s["id"] == session_id)
        saved = info["config"].get(PORT_KEY)
        port = self.port if self.port is not None or not isinstance(saved, int) else saved
        teams = info["title"] == "Teams"
        key = info["config"].get(TEACHER_KEY)
        desk = None if teams else self._teacher_desk(key if isinstance(key, str) else None)
        if is_paced(info["config"]):
            from game.services.classroom.paced_service import resume_paced

            self._next_teacher = desk
            paced = resume_paced(self, info, port)
            self._next_teacher = None
            paced.teacher_desk = desk
            return self._keep(self._with_paced_teacher(paced))
        if self.separate_process and not teams:
            return self._in_process("resume", session_id=session_id)
        self._next_teacher = desk
        server = self._server(info["join_code"], port) if not teams else None
        self._next_teacher = None
        runtime = ClassroomRuntime.resume(
            self.questions, self.store, server, session_id, self.wall, self.clock
        )
        runtime.roster = self.roster
        live = LiveSession(runtime, server)
        return self._keep(live if desk is None else self._with_teacher(live, desk))

    def reopen(self, session_id: int) -> Any:
        """Resume a session that was ended (by mistake): back to its last reveal or lobby."""
        info = next(s for s in self.store.class_sessions() if s["id"] == session_id)
        if is_paced(info["config"]):
            return self.resume(session_id)  # its closing time is moved on the host's screen
        if self.separate_process and info["title"] != "Teams":
            return self._in_process("reopen", session_id=session_id)
        session = self.resume(session_id)
        if session.state.phase is SessionPhase.FINISHED:
            session.command(Reopen(session.now()))
        return session

    def sessions(self, unfinished_only: bool = False) -> list[dict[str, Any]]:
        return self.store.class_sessions(unfinished_only)

    def session_state(self, session_id: int) -> tuple[SessionConfig, Any]:
        info = next(s for s in self.store.class_sessions() if s["id"] == session_id)
        _not_paced(info)
        config = config_from_data(info["config"])
        asked = session_questions(self.store, session_id, config, self.questions)
        commands = [command_from_data(k, d) for k, d in self.store.session_commands(session_id)]
        return config, replay(commands, asked, config)

    def report(self, session_id: int) -> Any:
        """The report, replayed against the questions as the session asked them."""
        from game.core.report import build_report

        info = next(s for s in self.store.class_sessions() if s["id"] == session_id)
        _not_paced(info)
        asked = session_questions(
            self.store, session_id, config_from_data(info["config"]), self.questions
        )
        config, state = self.session_state(session_id)
        return build_report(asked, config, state, shown_orders(asked, config, session_id))

    def write_report(self, session_id: int, folder: str) -> list[str]:
        """The session's report files in `folder` (CSV and HTML), live or student-paced."""
        self._loaded()
        from game.services.report_files import write_csv, write_html

        info = next(s for s in self.store.class_sessions() if s["id"] == session_id)
        if is_paced(info["config"]):
            from game.services.classroom.paced_service import write_paced_report

            return write_paced_report(self.store, session_id, self.questions, Path(folder))
        report = self.report(session_id)
        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        written = [str(p) for p in write_csv(report, out)]
        html = out / "report.html"
        write_html(report, html)
        return written + [str(html)]

    def qr_matrix(self, text: str) -> list[list[bool]]:
        self._loaded()
        import segno

        return [[bool(cell) for cell in row] for row in segno.make(text, error="m").matrix]


def _import_all(modules: tuple[str, ...]) -> None:
    """`prepare`'s thread. A module that fails to import here fails again, with its error,
    where the session needs it: nothing to say from here."""
    for name in modules:
        with contextlib.suppress(Exception):
            importlib.import_module(name)
