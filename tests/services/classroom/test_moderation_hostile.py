"""Moderation against hostile students: the real ClassroomServer on 127.0.0.1, the real runtime
and engine, a real SQLite file, phones as WebSocket clients.

A kicked student used to come straight back from a private tab (a new token) under the same
name, and never saw the `kicked` message; anyone could join mid-quiz; `--roster` never reached
the phones and any name was accepted.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pytest

from game.core import session as s
from game.core.scoring import ScoringPreset, rules_for
from game.services.classroom import protocol
from game.services.classroom.runtime import ClassroomRuntime
from game.services.classroom.server import ClassroomServer
from game.services.classroom.service import web_dir
from game.services.storage import Store
from tests.services.classroom.test_runtime import SINGLES

aiohttp = pytest.importorskip("aiohttp")

CODE = "271828"


class Host:
    """A real host: server, runtime and session log, pumped while the phones talk."""

    def __init__(self, tmp_path, roster: tuple[str, ...] = ()) -> None:
        self.server = ClassroomServer(CODE, web_dir(), host="127.0.0.1", port=0)
        self.server.start()
        self.store = Store.open(tmp_path / "moderation.sqlite3")
        config = s.SessionConfig(
            tuple(q.id for q in SINGLES[:2]), rules_for(ScoringPreset.CLASSIC), roster=roster
        )
        self.runtime = ClassroomRuntime.create(
            self.store_questions(),
            config,
            self.store,
            self.server,
            "Period 4",
            self.wall,
            join_code=CODE,
        )
        self.url = f"http://127.0.0.1:{self.server.port}/ws"

    @staticmethod
    def store_questions() -> Any:
        from tests.services.classroom.test_runtime import QS

        return QS

    def wall(self) -> float:
        return 1_900_000_000.0

    def close(self) -> None:
        self.server.stop()
        self.store.close()

    def run(self, *phones: Any) -> list[Any]:
        """Run the phones (coroutines) to the end while the host pumps."""

        async def main() -> list[Any]:
            tasks = [asyncio.create_task(p) for p in phones]
            while not all(t.done() for t in tasks):
                self.runtime.pump()
                await asyncio.sleep(0.005)
            return [t.result() for t in tasks]

        return asyncio.run(asyncio.wait_for(main(), 30))

    def player(self, name: str) -> s.ClassPlayer:
        return next(p for p in self.runtime.state.players.values() if p.nickname == name)


@pytest.fixture
def host(tmp_path):
    h = Host(tmp_path)
    yield h
    h.close()


async def phone(
    url: str,
    nickname: str,
    token: str,
    until: Callable[[dict], bool] = lambda m: m["type"] in ("welcome", "refused", "error"),
    then: Callable[[], Any] | None = None,
) -> tuple[list[dict], int | None]:
    """Joins and collects messages until `until` holds (then runs `then` and keeps reading to
    the close when it is given); returns (messages, close code or None)."""
    seen: list[dict] = []
    async with aiohttp.ClientSession() as http, http.ws_connect(url) as ws:
        join = {"v": 1, "type": "join", "code": CODE, "nickname": nickname, "token": token}
        await ws.send_str(json.dumps(join))
        async for msg in ws:
            if msg.type != aiohttp.WSMsgType.TEXT:
                break
            seen.append(json.loads(msg.data))
            if until(seen[-1]):
                if then is None:
                    return seen, None
                then()
                then = None
                until = lambda m: False  # noqa: E731 - read on until the host closes
        return seen, ws.close_code


def test_kick__the_kicked_message_arrives_before_the_close_and_a_private_tab_cannot_rejoin(
    host,
):
    def kick_ben() -> None:
        host.runtime.command(s.Kick(host.player("Ben").id, host.wall()))

    [(ben_seen, code)] = host.run(
        phone(host.url, "Ben", "ben-token-0001", lambda m: m["type"] == "welcome", kick_ben)
    )
    assert [m["type"] for m in ben_seen][-1] == "kicked"
    assert code == protocol.CLOSE_KICKED
    # The private tab: a new token, the same name; then the same name in look-alike letters.
    replies = host.run(
        phone(host.url, "Ben", "private-tab-0002"),
        phone(host.url, "  BEN ", "private-tab-0003"),
        phone(host.url, "Веn", "private-tab-0004"),  # Cyrillic В and е
        phone(host.url, "Ana", "ana-token-0005"),
    )
    for seen, _ in replies[:3]:
        assert (seen[-1]["type"], seen[-1]["why"]) == ("refused", "kicked")
    assert replies[3][0][-1]["type"] == "welcome"
    assert [p.nickname for p in host.runtime.state.players.values()] == ["Ana"]


def test_kick_and_rename__work_mid_question(host):
    host.run(
        phone(host.url, "Ana", "ana-token-0001"),
        phone(host.url, "Xx_Teacher_xX", "troll-token-0002"),
    )
    host.runtime.command(s.Start(host.wall()))
    troll, ana = host.player("Xx_Teacher_xX"), host.player("Ana")
    host.runtime.command(s.Rename(ana.id, "Ana B", host.wall()))
    host.runtime.command(s.Kick(troll.id, host.wall()))
    assert host.runtime.state.phase is s.SessionPhase.QUESTION
    assert [p.nickname for p in host.runtime.state.players.values()] == ["Ana B"]
    [(seen, _)] = host.run(phone(host.url, "Xx_Teacher_xX", "troll-token-0003"))
    assert seen[-1]["why"] == "kicked"


def test_lock__new_players_are_refused_and_rejoining_by_token_still_works(host):
    host.run(phone(host.url, "Ana", "ana-token-0001"))
    host.runtime.command(s.Lock(True, host.wall()))
    assert host.runtime.state.locked
    late, ana_again = host.run(
        phone(host.url, "Late Larry", "larry-token-0002"),
        phone(host.url, "", "ana-token-0001"),  # Ana's page reloads
    )
    assert (late[0][-1]["type"], late[0][-1]["why"]) == ("refused", "locked")
    assert "locked" in late[0][-1]["reason"]
    assert ana_again[0][-1]["type"] == "welcome" and ana_again[0][-1]["nickname"] == "Ana"
    host.runtime.command(s.Lock(False, host.wall()))
    [(larry, _)] = host.run(phone(host.url, "Late Larry", "larry-token-0002"))
    assert larry[-1]["type"] == "welcome"


def test_roster__phones_get_the_names_and_only_roster_names_join(tmp_path):
    host = Host(tmp_path, roster=("Ana", "Ben", "Chloé"))
    try:
        asking, outsider, ana, chloe, ana_again = host.run(
            phone(host.url, "", "first-token-0001"),  # an empty name asks for the roster
            phone(host.url, "Mallory", "mallory-token-02"),
            phone(host.url, "ana", "ana-token-0003"),
            phone(host.url, "Chloe\u0301", "chloe-token-0004"),  # NFKC makes it Chloé
            phone(host.url, "Ana", "private-tab-0005"),
        )
        assert asking[0][-1]["type"] == "refused" and asking[0][-1]["why"] == "roster"
        offered = asking[0][-1]["roster"]
        assert offered and set(offered) <= {"Ana", "Ben", "Chloé"}
        assert outsider[0][-1]["why"] == "roster" and "Ben" in outsider[0][-1]["roster"]
        assert ana[0][-1]["type"] == "welcome" and ana[0][-1]["nickname"] == "Ana"
        assert chloe[0][-1]["nickname"] == "Chloé"
        assert ana_again[0][-1]["why"] == "taken"
        assert {p.nickname for p in host.runtime.state.players.values()} == {"Ana", "Chloé"}
        [(late, _)] = host.run(phone(host.url, "", "late-token-0006"))
        assert late[-1]["roster"] == ["Ben"]  # the picker offers the names still free
    finally:
        host.close()
