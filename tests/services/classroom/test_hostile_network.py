"""A class of teenagers on the same Wi-Fi, through the real host (server on 127.0.0.1, runtime,
engine, SQLite log, the host's frame loop on its own thread): join storms, ghost players, a
slow host frame. No honest student may be disconnected, and every honest student gets in."""

from __future__ import annotations

import asyncio
import contextlib
import json

import aiohttp

from game.core import session as s
from game.core.scoring import ScoringPreset, rules_for
from game.services.classroom import protocol as p
from game.services.classroom.runtime import ClassroomRuntime
from game.services.storage import Store
from tests.services.classroom.live_host import (
    QS,
    SINGLES,
    LiveHost,
    Student,
    eventually,
    join_message,
)
from tests.services.classroom.test_runtime import FakeServer, join


def run(coro, timeout: float = 120):
    return asyncio.run(asyncio.wait_for(coro, timeout))


def client_session() -> aiohttp.ClientSession:
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))


async def join_class(session, host: LiveHost, count: int, prefix: str = "honest") -> list[Student]:
    students = [Student(f"{prefix}-token-{n:05d}", f"{prefix} {n}") for n in range(count)]
    await asyncio.gather(*(st.connect(session, host.url) for st in students))
    await asyncio.gather(*(asyncio.wait_for(st.welcomed.wait(), 60) for st in students))
    return students


def last_lobby_count(student: Student) -> int:
    lobbies = student.of("lobby")
    return lobbies[-1]["players"] if lobbies else -1


def test_join_storm__400_joins_from_20_connections_during_a_slow_frame_drop_nobody(tmp_path):
    async def go(host: LiveHost):
        async with client_session() as session:
            honest = await join_class(session, host, 30)
            host.stall(1.5)  # a slow host frame: the whole storm is handled in one frame
            attackers = []
            for a in range(20):
                ws = await session.ws_connect(host.url)
                attackers.append(ws)
                for n in range(20):
                    await ws.send_str(join_message(f"storm-{a:02d}-{n:03d}", f"x{a}-{n}"))
            await eventually(
                lambda: all(last_lobby_count(st) == 50 for st in honest), what="lobby of 50"
            )
            for st in honest:
                await st.send({"type": "ping"})
            await eventually(
                lambda: all(st.of("pong") or st.close_code for st in honest), what="pongs"
            )
            for ws in attackers:
                await ws.close()
            return honest, [st.close_code for st in honest]

    with LiveHost(tmp_path / "class.sqlite3") as host:
        honest, codes = run(go(host))
        players = len(host.state.players)  # the attackers have left: away, still players
    assert codes == [None] * 30
    assert all(st.of("pong") for st in honest)
    assert players == 50  # one player per connection: 30 students and 20 attackers
    lobby_messages = max(len(st.of("lobby")) for st in honest)
    assert lobby_messages < 30  # the latest count, not one message per join


def test_join_storm__500_students_joining_at_once_all_get_in(tmp_path):
    async def go(host: LiveHost):
        async with client_session() as session:
            students = await join_class(session, host, 500)
            await eventually(
                lambda: all(last_lobby_count(st) == 500 for st in students), what="lobby 500"
            )
            connected = len(host.state.connected())
            return students, [st.close_code for st in students], connected

    with LiveHost(tmp_path / "class.sqlite3") as host:
        students, codes, connected = run(go(host), timeout=180)
    assert connected == 500
    assert codes == [None] * 500
    assert len({st.of("welcome")[0]["player_id"] for st in students}) == 500


def test_ghosts__one_connection_creates_at_most_one_player_and_students_still_join(tmp_path):
    async def go(host: LiveHost):
        async with client_session() as session:
            ghost = await session.ws_connect(host.url)
            replies: list[dict] = []

            async def read() -> None:
                async for msg in ghost:
                    replies.append(json.loads(msg.data))

            reader = asyncio.create_task(read())
            with contextlib.suppress(ConnectionError):  # the server may cut it off
                for n in range(1000):
                    await ghost.send_str(join_message(f"ghost-token-{n:05d}", f"Ghost {n}"))
            await eventually(lambda: host.state.players, what="the ghost's first join")
            await asyncio.sleep(0.5)  # the rest of its joins reach the host
            honest = await join_class(session, host, 5)
            ghosts_while_open = len(host.state.players) - 5
            await ghost.close()
            await reader
            await eventually(lambda: len(host.state.connected()) == 5, what="the ghost is away")
            host.call(lambda rt: rt.command(s.Start(rt.wall())))
            await eventually(lambda: all(st.of("question") for st in honest), what="question")
            for st in honest:
                question = st.of("question")[0]
                choice = question["choices"][0]["id"]
                await st.send({"type": "answer", "index": 0, "response": choice})
            await eventually(lambda: all(st.of("reveal") for st in honest), what="reveal")
            return [st.close_code for st in honest], ghosts_while_open, replies

    # untimed, and a rate limit the ghost never reaches: only the one-player rule can stop it
    with LiveHost(tmp_path / "class.sqlite3", timed=False, rate_per_s=1_000_000) as host:
        codes, ghosts, replies = run(go(host))
    assert ghosts == 1
    # (the ghost may also be cut as too slow for its own flood of refusals, before its welcome)
    assert [r["type"] for r in replies].count("welcome") <= 1
    errors = {r["reason"] for r in replies if r["type"] == "error"}
    assert errors <= {"already joined: reload the page to join again"}
    assert codes == [None] * 5


def test_ghosts__players_who_left_never_fill_the_session(tmp_path):
    async def go(host: LiveHost):
        async with client_session() as session:
            ghosts = await join_class(session, host, 5, prefix="ghost")
            for ghost in ghosts:
                await ghost.close()
            await eventually(lambda: not host.state.connected(), what="the ghosts are away")
            honest = await join_class(session, host, 5)
            return [st.of("welcome")[0]["nickname"] for st in honest], len(host.state.players)

    with LiveHost(tmp_path / "class.sqlite3", max_players=5) as host:
        names, players = run(go(host))
    assert names == [f"honest {n}" for n in range(5)]
    assert players == 10


def test_ghosts__the_runtime_also_makes_one_player_per_connection(tmp_path):
    """Behind the server's own check: joins queued in one frame, then on later frames."""
    server = FakeServer()
    config = s.SessionConfig(SINGLES[:2], rules_for(ScoringPreset.CLASSIC))
    with Store.open(tmp_path / "class.sqlite3") as store:
        runtime = ClassroomRuntime.create(QS, config, store, server, "test", lambda: 1000.0)
        for n in range(1000):
            join(server, 1, f"ghost-token-{n:05d}", f"Ghost {n}", 1000.0)
        runtime.pump()
        join(server, 1, "ghost-token-00000", "", 1000.0)  # its own token: welcomed again
        join(server, 1, "ghost-token-99999", "Another", 1000.0)
        runtime.pump()
        logged = [kind for kind, _ in store.session_commands(runtime.session_id)]
    assert len(runtime.state.players) == 1 and logged == ["join"]
    errors = server.to(1, "error")
    assert errors == [p.error("already joined: reload the page to join again")] * 2
    assert [m["token"] for m in server.to(1, "welcome")] == ["ghost-token-00000"] * 2
