"""The classroom server over real sockets on 127.0.0.1: the page, the WebSocket, what reaches the
inbox and what never does, the limits, and that start/stop leave nothing behind."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import queue
import re
import socket
import threading
import time
from pathlib import Path

import aiohttp
import pytest

from game.services.classroom import protocol as p
from game.services.classroom.server import ClassroomServer, Inbound, lan_ipv4_addresses

ROOT = Path(__file__).resolve().parents[3]
WEB = ROOT / "assets" / "web"
CODE = "123456"
TOKEN = "tok-en_12345"


@pytest.fixture
def server():
    srv = ClassroomServer(CODE, WEB, host="127.0.0.1")
    srv.start()
    yield srv
    srv.stop()


def run(coro, timeout: float = 20):
    return asyncio.run(asyncio.wait_for(coro, timeout))


def join_text(code: str = CODE, token: str = TOKEN, nickname: str = "Ana") -> str:
    return json.dumps({"v": 1, "type": "join", "code": code, "nickname": nickname, "token": token})


def answer_text(index: int = 0, response=1) -> str:
    return json.dumps({"v": 1, "type": "answer", "index": index, "response": response})


@contextlib.asynccontextmanager
async def client(srv: ClassroomServer):
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(f"http://127.0.0.1:{srv.port}/ws", autoping=True) as ws,
    ):
        yield ws


async def receive(ws, timeout: float = 5):
    msg = await ws.receive(timeout=timeout)
    if msg.type is aiohttp.WSMsgType.TEXT:
        return json.loads(msg.data)
    return msg


async def next_inbound(srv: ClassroomServer, timeout: float = 5) -> Inbound:
    return await asyncio.to_thread(srv.inbox.get, True, timeout)


async def inbound_until(srv: ClassroomServer, kind: str, timeout: float = 5) -> list[Inbound]:
    """Everything that arrives up to and including the first `kind` event."""
    got = []
    deadline = time.monotonic() + timeout
    while True:
        item = await next_inbound(srv, max(0.01, deadline - time.monotonic()))
        got.append(item)
        if item.kind == kind:
            return got


def drained(srv: ClassroomServer) -> list[Inbound]:
    items = []
    with contextlib.suppress(queue.Empty):
        while True:
            items.append(srv.inbox.get_nowait())
    return items


def http_raw(port: int, request_line: str) -> tuple[int, bytes]:
    """Send a request line exactly as written (no client-side path cleaning)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(f"{request_line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data


# -- life cycle --------------------------------------------------------------------------------


def test_start__on_port_0_listens_and_stop_is_idempotent():
    srv = ClassroomServer(CODE, WEB, host="127.0.0.1")
    srv.start()
    assert srv.port > 0 and srv.running
    assert srv.urls == [f"http://127.0.0.1:{srv.port}/"]
    with socket.create_connection(("127.0.0.1", srv.port), timeout=2):
        pass
    srv.stop()
    srv.stop()
    assert not srv.running
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", srv.port), timeout=2)


def test_start__on_all_interfaces_lists_lan_urls_then_loopback_last():
    srv = ClassroomServer(CODE, WEB)  # 0.0.0.0: only loopback is ever contacted here
    srv.start()
    try:
        assert srv.urls[-1] == f"http://127.0.0.1:{srv.port}/"
        for url in srv.urls:
            assert re.fullmatch(rf"http://\d+\.\d+\.\d+\.\d+:{srv.port}/", url)
        assert len(set(srv.urls)) == len(srv.urls)
    finally:
        srv.stop()


def test_start__a_busy_port_raises_and_a_server_starts_once(server):
    other = ClassroomServer(CODE, WEB, host="127.0.0.1", port=server.port)
    with pytest.raises(OSError):
        other.start()
    other.stop()
    with pytest.raises(RuntimeError):
        server.start()


def test_start__refuses_an_empty_join_code():
    with pytest.raises(ValueError):
        ClassroomServer("  ", WEB)


def test_lan_addresses__are_ipv4_and_never_loopback():
    for text in lan_ipv4_addresses():
        ip = ipaddress.IPv4Address(text)
        assert not ip.is_loopback and not ip.is_unspecified


# -- HTTP --------------------------------------------------------------------------------------


def test_page__is_served_with_its_content_types_and_strict_headers(server):
    async def go():
        async with aiohttp.ClientSession() as session:
            found = {}
            for path in ("/", "/index.html", "/student.js", "/student.css", "/favicon.svg"):
                async with session.get(f"http://127.0.0.1:{server.port}{path}") as response:
                    assert response.status == 200, path
                    found[path] = (response.headers, await response.text())
            return found

    found = run(go())
    headers, body = found["/"]
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert "student.js" in body
    assert found["/student.js"][0]["Content-Type"] == "text/javascript; charset=utf-8"
    assert found["/student.css"][0]["Content-Type"] == "text/css; charset=utf-8"
    assert found["/favicon.svg"][0]["Content-Type"] == "image/svg+xml"
    for headers, _ in found.values():
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "unsafe" not in csp
        assert headers["Cache-Control"] == "no-store"
        assert headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "target",
    [
        "/../pyproject.toml",
        "/%2e%2e/pyproject.toml",
        "/..%2fpyproject.toml",
        "/..%2F..%2Fpyproject.toml",
        "/static/../../pyproject.toml",
        "/../../../../etc/passwd",
        "/%2e%2e%2f%2e%2e%2fpyproject.toml",
        "//etc/passwd",
        "/.%2e/pyproject.toml",
        "/index.html/../../pyproject.toml",
        "/..\\pyproject.toml",
    ],
)
def test_page__no_path_traversal(server, target):
    status, data = http_raw(server.port, f"GET {target} HTTP/1.1")
    assert status in (400, 404)
    assert b"[project]" not in data and b"root:" not in data


def test_page__no_listing_no_hidden_no_unknown_types_no_links_out(tmp_path):
    (tmp_path / "index.html").write_text("<p>hi</p>")
    (tmp_path / "secret.py").write_text("KEY = 1")
    (tmp_path / ".env.txt").write_text("hidden")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "page.html").write_text("nested")
    outside = tmp_path.parent / "outside.html"
    outside.write_text("outside")
    (tmp_path / "link.html").symlink_to(outside)
    srv = ClassroomServer(CODE, tmp_path, host="127.0.0.1")
    srv.start()
    try:
        assert http_raw(srv.port, "GET / HTTP/1.1")[0] == 200
        for target in (
            "/secret.py",
            "/.env.txt",
            "/sub",
            "/sub/",
            "/sub/page.html",
            "/link.html",
            "/missing.html",
        ):
            status, data = http_raw(srv.port, f"GET {target} HTTP/1.1")
            assert status == 404, target
            assert b"KEY" not in data and b"nested" not in data and b"outside" not in data
        assert (
            "Content-Security-Policy" in http_raw(srv.port, "GET /nope.html HTTP/1.1")[1].decode()
        )
    finally:
        srv.stop()


def test_ws__a_plain_get_is_refused(server):
    assert http_raw(server.port, "GET /ws HTTP/1.1")[0] == 400


# -- joining -----------------------------------------------------------------------------------


def test_join__with_the_right_code_reaches_the_inbox(server):
    async def go():
        async with client(server) as ws:
            opened = await next_inbound(server)
            before = time.time()
            await ws.send_str(join_text(code=" 123 456 "))  # spaces don't matter
            joined = await next_inbound(server)
            return opened, joined, before

    opened, joined, before = run(go())
    assert opened.kind == "open" and opened.message is None
    assert joined.kind == "message" and joined.conn_id == opened.conn_id
    assert joined.message == p.ClientJoin(" 123 456 ", "Ana", TOKEN)
    assert before - 1 <= joined.at <= time.time()


def test_join__a_wrong_code_is_refused_and_never_forwarded(server):
    async def go():
        async with client(server) as ws:
            await ws.send_str(join_text(code="654321"))
            reply = await receive(ws)
            await ws.send_str(answer_text())  # not joined yet
            reply2 = await receive(ws)
            return reply, reply2

    reply, reply2 = run(go())
    assert reply == p.error("wrong join code")
    assert reply2 == p.error("join the session first")
    assert [i.kind for i in run(inbound_until(server, "close"))] == ["open", "close"]


def test_join__too_many_wrong_codes_close_the_connection(server):
    async def go():
        async with client(server) as ws:
            for _ in range(5):
                await ws.send_str(join_text(code="000000"))
            replies = [await receive(ws) for _ in range(6)]
            return replies

    replies = run(go())
    assert replies[:5] == [p.error("wrong join code")] * 5
    assert replies[5].type is aiohttp.WSMsgType.CLOSE
    assert replies[5].data == p.CLOSE_WRONG_CODE


# -- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("{oops", "message is not valid JSON"),
        (json.dumps({"v": 1, "type": "shout"}), "unknown message type"),
        (json.dumps({"v": 2, "type": "ping"}), "unsupported protocol version: reload the page"),
        (
            json.dumps({"v": 1, "type": "join", "code": "1", "nickname": "a", "token": "x"}),
            "the token must be 8 to 64 letters, digits, - or _",
        ),
        ('{"v": 1, "type": "ping", "pad": "' + "x" * 5000 + '"}', "message too long"),
    ],
)
def test_bad_messages__are_answered_with_an_error_and_never_forwarded(server, text, reason):
    async def go():
        async with client(server) as ws:
            await ws.send_str(join_text())
            await ws.send_str(text)
            await ws.send_bytes(text.encode())
            return [await receive(ws), await receive(ws)]

    assert run(go()) == [p.error(reason), p.error(reason)]
    kinds = [(i.kind, type(i.message).__name__) for i in run(inbound_until(server, "close"))]
    assert kinds == [("open", "NoneType"), ("message", "ClientJoin"), ("close", "NoneType")]


def test_bad_messages__a_frame_far_over_the_limit_is_cut_at_the_websocket_level(server):
    async def go():
        async with client(server) as ws:
            await ws.send_str(join_text())
            await ws.send_str("x" * 100_000)
            return await receive(ws)

    closed = run(go())
    assert closed.type is aiohttp.WSMsgType.CLOSE and closed.data == 1009


def test_ping__is_answered_with_pong_and_forwarded(server):
    async def go():
        async with client(server) as ws:
            await ws.send_str(json.dumps({"v": 1, "type": "ping"}))
            pong = await receive(ws)
            items = await inbound_until(server, "message")
            return pong, items[-1]

    pong, item = run(go())
    assert pong == p.pong()
    assert item.message == p.ClientPing()


def test_answer__after_joining_reaches_the_inbox(server):
    async def go():
        async with client(server) as ws:
            await ws.send_str(join_text())
            await ws.send_str(answer_text(2, [0, 3]))
            return await inbound_until(server, "message") + [await next_inbound(server)]

    items = run(go())
    assert items[-1].message == p.ClientAnswer(2, [0, 3])


def _flood(pings: int) -> tuple[list, list[Inbound]]:
    """A client sends a join and `pings` pings at once, then reads until the connection ends.
    The server's clock stands still, so its bucket never refills: however slowly this machine
    sends, the 21st message is the one over the limit."""
    srv = ClassroomServer(CODE, WEB, host="127.0.0.1", rate_per_s=5, clock=lambda: 1000.0)
    srv.start()
    try:

        async def go():
            async with client(srv) as ws:
                await ws.send_str(join_text())
                with contextlib.suppress(ConnectionError):  # the server may close first
                    for _ in range(pings):
                        await ws.send_str(json.dumps({"v": 1, "type": "ping"}))
                received = []
                while True:
                    msg = await receive(ws)
                    received.append(msg)
                    if not isinstance(msg, dict):
                        return received

        received = run(go())
        return received, run(inbound_until(srv, "close"))
    finally:
        srv.stop()


def test_rate_limit__the_message_over_the_burst_is_refused_and_the_client_closed():
    received, items = _flood(20)  # the join and 19 pings fill the burst; the 20th ping is over
    assert received[:-1] == [p.pong()] * 19 + [p.error("too many messages: slow down")]
    assert received[-1].type is aiohttp.WSMsgType.CLOSE
    assert received[-1].data == p.CLOSE_RATE
    assert len([i for i in items if i.kind == "message"]) == 20


def test_rate_limit__closes_a_flooding_client():
    # What the flooder reads is not asserted: a socket closed with unread data is reset by the
    # kernel, which may discard the replies still on their way. The host's side is exact.
    received, items = _flood(60)
    assert not isinstance(received[-1], dict)  # the connection ended
    forwarded = [i for i in items if i.kind == "message"]
    assert len(forwarded) == 20  # the burst (the join and 19 pings), nothing after it
    assert items[-1].kind == "close"


def test_rate_limit__a_steady_student_is_never_limited():
    srv = ClassroomServer(CODE, WEB, host="127.0.0.1", rate_per_s=10)
    srv.start()
    try:

        async def go():
            async with client(srv) as ws:
                await ws.send_str(join_text())
                replies = []
                for _ in range(30):
                    await ws.send_str(json.dumps({"v": 1, "type": "ping"}))
                    replies.append(await receive(ws))
                    await asyncio.sleep(0.11)
                return replies

        assert run(go()) == [p.pong()] * 30
    finally:
        srv.stop()


# -- talking back --------------------------------------------------------------------------------


def test_send_and_broadcast__from_another_thread_reach_clients(server):
    async def go():
        async with client(server) as a, client(server) as b, client(server) as stranger:
            await a.send_str(join_text(token="aaaaaaaa"))
            await b.send_str(join_text(token="bbbbbbbb"))
            ids = {}
            while len(ids) < 2:
                item = await next_inbound(server)
                if item.kind == "message":
                    ids[item.message.token] = item.conn_id
            server.send(ids["aaaaaaaa"], p.welcome(1, "Ana", "aaaaaaaa"))
            server.broadcast(p.lobby(2))
            server.broadcast(p.paused(True), [ids["bbbbbbbb"]])
            got_a = [await receive(a), await receive(a)]
            got_b = [await receive(b), await receive(b)]
            with pytest.raises(asyncio.TimeoutError):
                await stranger.receive(timeout=0.5)  # never joined: no broadcasts
            return got_a, got_b

    got_a, got_b = run(go())
    assert got_a == [p.welcome(1, "Ana", "aaaaaaaa"), p.lobby(2)]
    assert got_b == [p.lobby(2), p.paused(True)]


def test_send__never_blocks_and_unknown_ids_are_ignored(server):
    # The network thread is kept busy (its loop blocked) while the game's thread sends: sends
    # that waited for the network would never finish. No clock involved.
    busy, release = threading.Event(), threading.Event()
    server._loop.call_soon_threadsafe(lambda: (busy.set(), release.wait()))
    assert busy.wait(30)

    def game_thread() -> None:
        for i in range(2000):
            server.send(10_000 + i, p.lobby(i))
        server.broadcast(p.lobby(1), [99_999])
        server.close(99_999, "nobody")

    sender = threading.Thread(target=game_thread)
    sender.start()
    sender.join(30)  # a deadlock, not a speed limit: a blocking send never returns
    finished = not sender.is_alive()
    release.set()
    sender.join()
    assert finished


def test_send__an_unsendable_message_raises_in_the_caller(server):
    with pytest.raises(ValueError):
        server.send(1, {"v": 1, "type": "x", "n": float("nan")})


def test_close__sends_what_was_queued_then_closes_with_the_reason(server):
    async def go():
        async with client(server) as ws:
            conn_id = (await next_inbound(server)).conn_id
            server.send(conn_id, p.kicked())
            server.close(conn_id, "removed by the teacher", p.CLOSE_KICKED)
            return await receive(ws), await receive(ws)

    message, closed = run(go())
    assert message == p.kicked()
    assert (closed.type, closed.data, closed.extra) == (
        aiohttp.WSMsgType.CLOSE,
        p.CLOSE_KICKED,
        "removed by the teacher",
    )
    items = run(inbound_until(server, "close"))
    assert items[-1].kind == "close"


def test_disconnect__gives_a_close_inbound(server):
    async def go():
        async with client(server) as ws:
            await ws.send_str(join_text())
            first = await next_inbound(server)
        return first, await inbound_until(server, "close")

    first, items = run(go())
    assert items[-1] == Inbound(first.conn_id, "close", None, items[-1].at)


def test_stop__closes_every_client_and_after_it_sends_are_ignored():
    srv = ClassroomServer(CODE, WEB, host="127.0.0.1")
    srv.start()

    async def go():
        async with client(srv) as a, client(srv) as b:
            await next_inbound(srv)
            await next_inbound(srv)
            stopping = asyncio.create_task(asyncio.to_thread(srv.stop))
            got = [await receive(a), await receive(b)]
            await stopping
            return got

    got = run(go())
    assert all(m.type is aiohttp.WSMsgType.CLOSE and m.data == p.CLOSE_STOPPING for m in got)
    assert not srv.running
    srv.send(1, p.lobby(0))  # no error after stop
    srv.broadcast(p.lobby(0))
    kinds = [i.kind for i in drained(srv)]
    assert kinds.count("close") == 2


def test_max_connections__the_extra_client_is_told_and_closed():
    srv = ClassroomServer(CODE, WEB, host="127.0.0.1", max_connections=1)
    srv.start()
    try:

        async def go():
            async with client(srv) as first:
                await next_inbound(srv)
                async with client(srv) as second:
                    return await receive(second), await receive(second), first.closed

        told, closed, first_closed = run(go())
        assert told == p.error("the room is full: trying again shortly")
        assert closed.data == p.CLOSE_FULL
        assert not first_closed
    finally:
        srv.stop()


def test_slow_client__that_never_reads_is_dropped():
    srv = ClassroomServer(CODE, WEB, host="127.0.0.1", outbox_limit=8)
    srv.start()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.settimeout(5)
        sock.connect(("127.0.0.1", srv.port))
        sock.sendall(
            b"GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            b"Sec-WebSocket-Version: 13\r\n\r\n"
        )
        head = b""
        while b"\r\n\r\n" not in head:
            head += sock.recv(1)
        assert b" 101 " in head
        opened = srv.inbox.get(timeout=5)
        big = p.error("x" * 60_000)
        deadline = time.monotonic() + 20
        closed = None
        while closed is None and time.monotonic() < deadline:
            for _ in range(50):
                srv.send(opened.conn_id, big)
            time.sleep(0.05)
            for item in drained(srv):
                if item.kind == "close":
                    closed = item
        assert closed is not None and closed.conn_id == opened.conn_id
    finally:
        sock.close()
        srv.stop()


def test_lan_addresses__likeliest_first_without_loopback_or_duplicates(monkeypatch):
    import game.services.classroom.server as server_module

    monkeypatch.setattr(socket, "gethostname", lambda: "teacher-laptop")
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda *a, **k: [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.1.1", 0)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.4.0.7", 0)),
        ],
    )
    monkeypatch.setattr(
        socket,
        "if_nameindex",
        lambda: [(1, "lo"), (2, "wlan0"), (3, "docker0"), (4, "eth9"), (5, "usb0"), (6, "br0")],
    )
    by_name = {
        "lo": "127.0.0.1",
        "wlan0": "192.168.1.23",
        "docker0": "172.17.0.1",
        "eth9": "10.4.0.7",
        "usb0": "169.254.3.3",
        "br0": "172.20.1.5",
    }
    monkeypatch.setattr(server_module, "_interface_ipv4", by_name.get)
    assert lan_ipv4_addresses() == [
        "192.168.1.23",
        "10.4.0.7",
        "172.20.1.5",
        "169.254.3.3",
        "172.17.0.1",  # a virtual adapter: last
    ]


def test_lan_addresses__a_virtualbox_adapter_never_beats_the_school_wifi(monkeypatch):
    import game.services.classroom.server as server_module

    monkeypatch.setattr(socket, "gethostname", lambda: "teacher-laptop")
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.168.56.1", 0))],
    )
    monkeypatch.setattr(
        socket, "if_nameindex", lambda: [(1, "vboxnet0"), (2, "wlp2s0"), (3, "tailscale0")]
    )
    by_name = {"vboxnet0": "192.168.56.1", "wlp2s0": "10.12.3.4", "tailscale0": "100.101.1.2"}
    monkeypatch.setattr(server_module, "_interface_ipv4", by_name.get)
    assert lan_ipv4_addresses()[0] == "10.12.3.4"
    assert set(lan_ipv4_addresses()[1:]) == {"192.168.56.1", "100.101.1.2"}


def test_lan_addresses__survive_a_machine_that_knows_nothing(monkeypatch):
    def fail(*args, **kwargs):
        raise OSError("no")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    monkeypatch.setattr(socket, "if_nameindex", fail)
    assert lan_ipv4_addresses() == []
