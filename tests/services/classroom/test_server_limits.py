"""The server's limits against a hostile machine on the room's Wi-Fi, over real sockets: join-code
guessing (per address, room-wide, surviving reconnects), connections that never join, HTTP
requests that never finish, unjoined connections per address, and the open-file limit."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys

import aiohttp
import pytest

from game.services.classroom import protocol as p
from game.services.classroom.guard import CodeGuard
from game.services.classroom.server import CLOSE_JOIN_TIMEOUT, ClassroomServer
from tests.conftest import ROOT

WEB = ROOT / "assets" / "web"
CODE = "123456"
WAIT = "too many wrong join codes: wait a minute, then check the code"


class Clock:
    def __init__(self) -> None:
        self.t = 5000.0

    def __call__(self) -> float:
        return self.t


def run(coro, timeout: float = 60):
    return asyncio.run(asyncio.wait_for(coro, timeout))


def join_text(code: str, token: str = "token-0001", nickname: str = "Ana") -> str:
    return json.dumps({"v": 1, "type": "join", "code": code, "nickname": nickname, "token": token})


def session_from(address: str = "127.0.0.1") -> aiohttp.ClientSession:
    """A client whose connections come from `address` (all of 127/8 is this machine)."""
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(local_addr=(address, 0), limit=0))


async def replies_until_closed(ws) -> tuple[list[dict], int | None]:
    got = []
    async for msg in ws:
        if msg.type is aiohttp.WSMsgType.TEXT:
            got.append(json.loads(msg.data))
    return got, ws.close_code


def drained(srv: ClassroomServer) -> list:
    items = []
    while True:
        try:
            items.append(srv.inbox.get_nowait())
        except Exception:
            return items


# -- the guard on its own ------------------------------------------------------------------------


def test_guard__an_address_gets_its_wrong_codes_then_waits_for_the_window():
    guard = CodeGuard(per_address=3, overall=100, window_s=60)
    for n in range(3):
        assert guard.verdict("10.0.0.9", 100.0 + n) == "check"
        guard.wrong("10.0.0.9", 100.0 + n)
    assert guard.verdict("10.0.0.9", 110.0) == "refuse"
    assert guard.verdict("10.0.0.8", 110.0) == "check"  # another phone is not affected
    assert guard.recent_wrong(110.0) == 4  # three wrong, one refused
    assert guard.verdict("10.0.0.9", 161.0) == "check"  # the first guess left the window
    assert guard.recent_wrong(1000.0) == 0


def test_guard__room_wide_limit_stops_many_addresses_but_not_a_fresh_one():
    guard = CodeGuard(per_address=5, overall=10, window_s=60)
    for n in range(10):
        guard.wrong(f"10.0.1.{n}", 100.0)
    assert guard.verdict("10.0.1.3", 101.0) == "refuse"  # guessed already: waits
    assert guard.verdict("10.0.2.1", 101.0) == "check"  # never guessed wrong: checked


def test_guard__remembers_a_bounded_number_of_addresses():
    guard = CodeGuard(per_address=2, overall=10**9, window_s=60)
    for n in range(5000):
        guard.wrong(f"10.{n // 65536}.{n // 256 % 256}.{n % 256}", 100.0 + n * 1e-3)
    assert len(guard._by_address) <= 4096


# -- guessing over real sockets ------------------------------------------------------------------


def test_guessing__a_reconnecting_guesser_gets_few_guesses_and_others_still_join():
    clock = Clock()
    srv = ClassroomServer(
        CODE, WEB, host="127.0.0.1", clock=clock, guard=CodeGuard(5, 50, window_s=60)
    )
    srv.start()
    url = f"http://127.0.0.1:{srv.port}/ws"

    async def guesser(rounds: int, first: str | None = None) -> list[dict]:
        """Reconnects after every close and guesses 000000, 000001, … as fast as the replies
        come (`first`: the code it tries first on each connection)."""
        replies: list[dict] = []
        guess = 0
        async with session_from("127.0.0.1") as session:
            for _ in range(rounds):
                async with session.ws_connect(url) as ws:
                    wrong = 0
                    while wrong < 5:
                        code = first if first is not None and wrong == 0 else f"{guess:06d}"
                        guess += 1
                        await ws.send_str(join_text(code))
                        msg = await ws.receive(timeout=20)
                        if msg.type is not aiohttp.WSMsgType.TEXT:
                            break
                        replies.append(json.loads(msg.data))
                        if replies[-1] != p.error("wrong join code"):
                            break
                        wrong += 1
                    replies += (await replies_until_closed(ws))[0]
        return replies

    async def honest() -> dict:
        async with session_from("127.0.0.2") as session, session.ws_connect(url) as ws:
            await ws.send_str(join_text(CODE, token="honest-token", nickname="Ben"))
            await ws.send_str(json.dumps({"v": 1, "type": "ping"}))
            return json.loads((await ws.receive(timeout=10)).data)

    try:
        replies = run(guesser(10))
        right_but_refused = run(guesser(1, first=CODE))
        reply = run(honest())
        counted = srv.wrong_codes_recent()
        clock.t += 61  # a minute later the guesser may check again, a few codes only
        again = run(guesser(1))
        later = srv.wrong_codes_recent()
    finally:
        srv.stop()
    # 10 reconnects: five codes checked in the minute, then every connection refused at once
    assert replies == [p.error("wrong join code")] * 5 + [p.error(WAIT)] * 9
    assert right_but_refused == [p.error(WAIT)]  # not even checked: no oracle
    assert reply == p.pong()  # the honest student from another address was let in
    joins = [i for i in drained(srv) if i.kind == "message" and isinstance(i.message, p.ClientJoin)]
    assert [j.message.token for j in joins] == ["honest-token"]
    assert counted == 5 + 9 + 1  # the lobby's count: checked and refused attempts
    assert again == [p.error("wrong join code")] * 5
    assert later == 5  # the first minute has left the window


# -- connections that never end ------------------------------------------------------------------


def test_never_joining__a_websocket_is_closed_after_the_join_time_and_a_student_is_not():
    srv = ClassroomServer(CODE, WEB, host="127.0.0.1", join_timeout_s=0.5)
    srv.start()
    url = f"http://127.0.0.1:{srv.port}/ws"

    async def go():
        async with session_from() as session:
            idle = await session.ws_connect(url)
            student = await session.ws_connect(url)
            await student.send_str(join_text(CODE))
            idle_got = await replies_until_closed(idle)
            await asyncio.sleep(0.6)  # past the join time: the student stays
            await student.send_str(json.dumps({"v": 1, "type": "ping"}))
            pong = json.loads((await student.receive(timeout=10)).data)
            await student.close()
            return idle_got, pong

    try:
        (idle_replies, idle_code), pong = run(go())
    finally:
        srv.stop()
    assert idle_code == CLOSE_JOIN_TIMEOUT
    assert idle_replies == [p.error("no join in time: reload the page to join")]
    assert pong == p.pong()


@pytest.mark.parametrize(
    "sent",
    [b"", b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n", b"GET /ws HTTP/1.1\r\nUpgrade: webs"],
)
def test_half_sent_http__is_closed_after_the_http_time(sent):
    srv = ClassroomServer(CODE, WEB, host="127.0.0.1", http_timeout_s=0.5)
    srv.start()
    try:
        with socket.create_connection(("127.0.0.1", srv.port), timeout=30) as sock:
            sock.sendall(sent)
            assert sock.recv(1024) == b""  # closed by the server (a hang fails after 30 s)
    finally:
        srv.stop()


def test_unjoined_per_address__capped_while_other_addresses_and_joined_ones_get_in():
    srv = ClassroomServer(CODE, WEB, host="127.0.0.1", max_unjoined_per_address=3)
    srv.start()
    url = f"http://127.0.0.1:{srv.port}/ws"

    async def go():
        async with session_from("127.0.0.1") as here, session_from("127.0.0.3") as there:
            held = [await here.ws_connect(url) for _ in range(3)]
            extra = await here.ws_connect(url)
            refused = await replies_until_closed(extra)
            other = await there.ws_connect(url)
            await other.send_str(json.dumps({"v": 1, "type": "ping"}))
            other_reply = json.loads((await other.receive(timeout=10)).data)
            await held[0].send_str(join_text(CODE))  # joins: frees a place for its address
            await held[0].send_str(json.dumps({"v": 1, "type": "ping"}))
            await held[0].receive(timeout=10)
            after = await here.ws_connect(url)
            await after.send_str(json.dumps({"v": 1, "type": "ping"}))
            after_reply = json.loads((await after.receive(timeout=10)).data)
            for ws in (*held, other, after):
                await ws.close()
            return refused, other_reply, after_reply

    try:
        (refused_replies, refused_code), other_reply, after_reply = run(go())
    finally:
        srv.stop()
    assert refused_code == p.CLOSE_FULL
    assert refused_replies == [
        p.error("too many connections from your network: trying again shortly")
    ]
    assert other_reply == p.pong() and after_reply == p.pong()


def test_players_per_address__new_tokens_are_capped_and_known_ones_still_rejoin():
    srv = ClassroomServer(CODE, WEB, host="127.0.0.1", max_players_per_address=3)
    srv.start()
    url = f"http://127.0.0.1:{srv.port}/ws"

    async def one(session, token: str) -> dict:
        async with session.ws_connect(url) as ws:
            await ws.send_str(join_text(CODE, token=token))
            await ws.send_str(json.dumps({"v": 1, "type": "ping"}))
            return json.loads((await ws.receive(timeout=10)).data)

    async def go():
        async with session_from("127.0.0.1") as here, session_from("127.0.0.5") as there:
            mine = [await one(here, f"token-{n:04d}") for n in range(4)]
            again = await one(here, "token-0000")
            other = await one(there, "token-9999")
            return mine, again, other

    try:
        mine, again, other = run(go())
    finally:
        srv.stop()
    assert mine == [p.pong()] * 3 + [p.error("too many players from your network")]
    assert again == p.pong() and other == p.pong()
    joins = [i.message.token for i in drained(srv) if isinstance(i.message, p.ClientJoin)]
    assert joins == ["token-0000", "token-0001", "token-0002", "token-0000", "token-9999"]


# -- the open-file limit -------------------------------------------------------------------------

LIMITED_HOST = r"""
import resource, sys, time
from pathlib import Path
resource.setrlimit(resource.RLIMIT_NOFILE, (int(sys.argv[1]), int(sys.argv[2])))
from game.services.classroom.server import ClassroomServer, raise_open_file_limit
raised = raise_open_file_limit()
srv = ClassroomServer("123456", Path("assets/web"), host="127.0.0.1")
srv.start()
print(srv.port, srv.capacity, raised[0], flush=True)
sys.stdin.read()
srv.stop()
"""


def limited_host(soft: int, hard: int) -> tuple[subprocess.Popen, int, int, int]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", LIMITED_HOST, str(soft), str(hard)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    port, capacity, raised = (int(v) for v in proc.stdout.readline().split())
    return proc, port, capacity, raised


def test_open_files__the_soft_limit_is_raised_to_the_hard_limit():
    proc, _, capacity, raised = limited_host(256, 1024)
    proc.communicate("", timeout=30)
    assert raised == 1024
    assert capacity == 1024 - 200


def test_open_files__past_the_limit_students_are_told_the_room_is_full_never_left_hanging():
    proc, port, capacity, raised = limited_host(256, 256)
    url = f"http://127.0.0.1:{port}/ws"
    try:
        assert raised == 256 and capacity == 192

        async def go():
            async with session_from() as session:
                sockets, told = [], []
                for n in range(capacity + 20):
                    ws = await session.ws_connect(url)
                    await ws.send_str(join_text(CODE, token=f"token-{n:05d}"))
                    sockets.append(ws)
                for ws in sockets[capacity:]:
                    told.append(await replies_until_closed(ws))
                for ws in sockets[:capacity]:
                    await ws.send_str(json.dumps({"v": 1, "type": "ping"}))
                    assert json.loads((await ws.receive(timeout=20)).data) == p.pong()
                for ws in sockets:
                    await ws.close()
                return told

        told = run(go(), timeout=120)
    finally:
        proc.communicate("", timeout=30)
    full = ([p.error("the room is full: trying again shortly")], p.CLOSE_FULL)
    assert told == [full] * 20
