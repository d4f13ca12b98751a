"""A real student-paced host for tests: the ClassroomServer speaking wire version 2 on 127.0.0.1
(port 0), the PacedRuntime, the paced engine and a SQLite session log, with the host's frames on
their own thread (tests/services/classroom/live_host.py), plus phones as real WebSocket clients.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from game.core import paced as p
from game.core.model import QuestionType
from game.core.scoring import ScoringPreset, rules_for
from game.services.classroom.paced_runtime import PacedRuntime
from game.services.classroom.server import ClassroomServer
from game.services.storage import Store
from tests.services.classroom.live_host import CODE, QS, SINGLES, LiveHost, Student

__all__ = ["CODE", "QS", "PacedHostForTests", "Phone", "right_id", "wrong_id"]


class PacedHostForTests(LiveHost):
    def __init__(self, db: Path, config: p.PacedConfig | None = None, **options: Any) -> None:
        super().__init__(db, version=2, **options)
        self.config = config or p.PacedConfig(
            SINGLES[:3], rules_for(ScoringPreset.ACCURACY, False), secret="test-secret"
        )

    def _open(self, store: Store, server: ClassroomServer) -> Any:
        return PacedRuntime.create(
            QS, self.config, store, server, "Student-paced", time.time, join_code=CODE
        )

    @property
    def paced(self) -> p.PacedState:
        assert self.runtime is not None
        return self.runtime.state  # type: ignore[return-value]


@dataclass
class Phone(Student):
    """A phone of a student-paced session (every message `"v": 2`)."""

    personal_code: str = ""  # with it, the phone sends `continue` instead of `join`

    async def connect(self, session: aiohttp.ClientSession, url: str, code: str = CODE) -> None:
        self.ws = await session.ws_connect(url, autoping=True, max_msg_size=1 << 20)
        first: dict[str, Any] = {"type": "join", "code": code, "nickname": self.nickname}
        if self.personal_code:
            first = {**first, "type": "continue", "personal_code": self.personal_code}
        await self.send({**first, "token": self.token})
        import asyncio

        self.reader = asyncio.create_task(self._read())

    async def send(self, message: dict[str, Any]) -> None:
        assert self.ws is not None
        await self.ws.send_str(json.dumps({"v": 2, **message}))

    def last(self, kind: str) -> dict[str, Any]:
        found = self.of(kind)
        assert found, f"{self.nickname} got no {kind}: {self.messages}"
        return found[-1]


def _question_of(message: dict[str, Any]) -> Any:
    return next(q for q in QS.values() if q.prompt == message["prompt"])


def right_id(message: dict[str, Any]) -> int:
    """The wire id of the right choice of a single-choice `question` message (test-side only:
    the test knows the bank)."""
    q = _question_of(message)
    assert q.type is QuestionType.SINGLE
    text = q.choices[q.correct[0]]
    return int(next(c["id"] for c in message["choices"] if c["text"] == text))


def wrong_id(message: dict[str, Any]) -> int:
    q = _question_of(message)
    text = q.choices[q.correct[0]]
    return int(next(c["id"] for c in message["choices"] if c["text"] != text))
