"""A real classroom host for tests: the ClassroomServer on 127.0.0.1 (port 0), the runtime, the
engine and a SQLite session log, with the host's frame loop on its own thread (as the game's
loop would run it), plus students as real WebSocket clients.

The store is opened on the host's thread (SQLite connections belong to one thread); the test
reads `runtime.state` (immutable, replaced whole each frame) and hands the host work through
`call`, which runs on the host's thread between frames. `stall(seconds)` makes one frame slow.
"""

from __future__ import annotations

import asyncio
import json
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

from game.content.loader import load_paths
from game.core import session as s
from game.core.model import QuestionType
from game.core.scoring import ScoringPreset, rules_for
from game.core.selection import question_index
from game.services.classroom.runtime import ClassroomRuntime
from game.services.classroom.server import ClassroomServer
from game.services.classroom.service import web_dir
from game.services.storage import Store
from tests.conftest import QUESTIONS

CODE = "424242"
QS = question_index(load_paths([QUESTIONS]).banks)
SINGLES = tuple(q.id for q in QS.values() if q.type is QuestionType.SINGLE)


class LiveHost:
    def __init__(
        self, db: Path, *, timed: bool = True, max_players: int = 1000, **server_options: Any
    ) -> None:
        self.db = db
        self.timed = timed
        self.max_players = max_players
        self.server_options = {"host": "127.0.0.1", "port": 0, **server_options}
        self.server: ClassroomServer | None = None
        self.runtime: ClassroomRuntime | None = None
        self._work: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="test-host", daemon=True)

    def __enter__(self) -> LiveHost:
        self._thread.start()
        if not self._ready.wait(30) or self._error is not None:
            raise RuntimeError(f"the host did not start: {self._error!r}")
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(30)
        if self._error is not None:
            raise self._error

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.port}/ws"

    @property
    def state(self) -> s.SessionState:
        assert self.runtime is not None
        return self.runtime.state

    def call(self, fn: Callable[[ClassroomRuntime], Any]) -> Any:
        """Run `fn(runtime)` on the host's thread between two frames; returns its result."""
        done: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._work.put(lambda: done.put(fn(self.runtime)))  # type: ignore[arg-type]
        return done.get(timeout=30)

    def stall(self, seconds: float) -> None:
        """The next frame takes `seconds` (a slow host: everything arrives at once after it)."""
        self._work.put(lambda: time.sleep(seconds))

    def _run(self) -> None:
        try:
            with Store.open(self.db) as store:
                self.server = ClassroomServer(CODE, web_dir(), **self.server_options)
                self.server.start()
                try:
                    self.runtime = self._open(store, self.server)
                    self._ready.set()
                    while not self._stop.is_set():
                        while True:
                            try:
                                self._work.get_nowait()()
                            except queue.Empty:
                                break
                        self.runtime.pump()
                        time.sleep(1 / 60)
                finally:
                    self.server.stop()
        except BaseException as exc:
            self._error = exc
            self._ready.set()

    def _open(self, store: Store, server: ClassroomServer) -> Any:
        """The session's runtime (a student-paced host overrides this)."""
        rules = rules_for(ScoringPreset.CLASSIC, self.timed)
        config = s.SessionConfig(
            SINGLES[:3],
            rules,
            timer_multiplier=1.0 if self.timed else None,
            max_players=self.max_players,
        )
        return ClassroomRuntime.create(QS, config, store, server, "test", time.time, join_code=CODE)


@dataclass
class Student:
    """A phone: joins, keeps reading (like the page), remembers what came and how it closed."""

    token: str
    nickname: str
    messages: list[dict[str, Any]] = field(default_factory=list)
    close_code: int | None = None
    ws: aiohttp.ClientWebSocketResponse | None = None
    welcomed: asyncio.Event = field(default_factory=asyncio.Event)
    reader: asyncio.Task[None] | None = None

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [m for m in self.messages if m.get("type") == kind]

    async def connect(self, session: aiohttp.ClientSession, url: str, code: str = CODE) -> None:
        self.ws = await session.ws_connect(url, autoping=True, max_msg_size=1 << 20)
        await self.ws.send_str(join_message(self.token, self.nickname, code))
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.ws is not None
        async for msg in self.ws:
            if msg.type is aiohttp.WSMsgType.TEXT:
                data = json.loads(msg.data)
                self.messages.append(data)
                if data.get("type") == "welcome":
                    self.welcomed.set()
        self.close_code = self.ws.close_code

    async def send(self, message: dict[str, Any]) -> None:
        assert self.ws is not None
        await self.ws.send_str(json.dumps({"v": 1, **message}))

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self.reader is not None:
            await self.reader


def join_message(token: str, nickname: str, code: str = CODE) -> str:
    return json.dumps({"v": 1, "type": "join", "code": code, "nickname": nickname, "token": token})


async def eventually(check: Callable[[], bool], timeout: float = 30, what: str = "") -> None:
    """Wait (polling) until `check()` holds; fail after `timeout` s (a hang, not a speed test)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        await asyncio.sleep(0.02)
