"""The classroom's LAN server: the student page over HTTP and live messages over one WebSocket.

It runs aiohttp on its own thread with its own asyncio loop, so the game thread never waits on
the network, and it never touches game state: every checked message a phone sends becomes an
`Inbound` on `inbox` (a `queue.SimpleQueue` the game thread drains once per frame), and the
game thread talks back through `send`, `broadcast` and `close`, which only hand work to the
loop and return at once. What the server decides on its own is what needs no game state:
protocol errors (answered with `error`, never forwarded), the join code (checked in constant
time, with wrong guesses limited per address and room-wide: guard.py), a per-connection rate
limit, the message size limit, time limits on connections that never join and HTTP requests
that never finish, a cap on connections (below the open-file limit) and on unjoined ones per
address, and dropping a client too slow to read its messages. A lobby update waiting to be sent
is replaced by a newer one instead of queueing behind it, so a storm of joins never fills an
honest student's queue. See docs/classroom-protocol.md.

Whoever consumes `inbox` may also set `on_arrival`: it is then called on the server's thread
once after each round of arrivals (every message the loop read in one go, so answers arriving
together are handled, saved and acknowledged together), instead of waiting for its next frame.
Messages handed back on the server's own thread are queued at once, without a thread hop.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import functools
import hmac
import ipaddress
import itertools
import logging
import queue
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from aiohttp import WSMsgType, web

from game.services.classroom.guard import CodeGuard
from game.services.classroom.protocol import (
    CLOSE_FULL,
    CLOSE_HOST,
    CLOSE_RATE,
    CLOSE_SLOW,
    CLOSE_STOPPING,
    CLOSE_WRONG_CODE,
    IMAGE_PATH,
    IMAGE_TOKEN_CHARS,
    MAX_MESSAGE_BYTES,
    VERSION,
    ClientAnswer,
    ClientContinue,
    ClientJoin,
    ClientMessage,
    ClientNext,
    ClientPing,
    ProtocolError,
    decode,
    encode,
    error,
    pong,
)

__all__ = ["ClassroomServer", "Inbound", "lan_ipv4_addresses", "raise_open_file_limit"]

log = logging.getLogger(__name__)

BURST = 20  # messages a connection may send at once before the rate limit applies
OUTBOX_LIMIT = 256  # messages queued for one client before it counts as too slow
MAX_WRONG_CODES = 5  # wrong join codes on one connection before it is closed
HEARTBEAT_S = 20.0  # WebSocket pings that find phones which vanished without closing
CLOSE_WAIT_S = 2.0  # how long a closing handshake may take before the socket is cut
WS_SIZE_LIMIT = 2 * MAX_MESSAGE_BYTES  # bigger frames are cut at the WebSocket level (1009)
JOIN_TIMEOUT_S = 300.0  # a WebSocket must send a join with the right code within this
HTTP_TIMEOUT_S = 15.0  # an HTTP request must arrive whole within this (and idle ones close)
# Per network address, as many as a session's default player limit: a whole school assembly
# behind one NAT address still gets in; ghost factories are bounded.
MAX_UNJOINED_PER_ADDRESS = 2000  # connections open but not joined yet
MAX_PLAYERS_PER_ADDRESS = 2000  # distinct tokens joined
# A session's 2,000 players, plus room for tabs reconnecting while their old socket closes.
MAX_CONNECTIONS = 2200
CLOSE_JOIN_TIMEOUT = 4103  # never joined in time: the page may reconnect by itself
COALESCED = frozenset({"lobby"})  # message types where only the newest one matters
# Messages written in one go (a question to the class) before the loop reads what arrived
# meanwhile: 2,000 phones take 40 ms to write to, and answers must not wait for all of them.
WRITE_CHUNK = 100
# ...but a write to at most this many goes out whole: a round's acknowledgements (a round is
# at most runtime_parts.ROUND_CHUNK answers), which the same turn of the loop may follow with
# long work (the answer that closes a question brings its reveal: tens of ms at 2,000).
WRITE_AT_ONCE = 256

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".txt": "text/plain; charset=utf-8",
    ".woff2": "font/woff2",
}
_SAFE_HOST = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")


@dataclass(frozen=True)
class Inbound:
    """Something that happened on a connection, for the game thread.

    "open": a phone connected; "message": it sent `message` (already checked; a join always
    carries the right code); "close": the connection is gone. `at` is `time.time()` on arrival.
    """

    conn_id: int
    kind: Literal["open", "message", "close"]
    message: ClientMessage | None
    at: float
    address: str = ""  # the network address, on "open" (the runtime's per-address limits)


@dataclass(frozen=True)
class _Close:
    code: int
    reason: str


@functools.lru_cache(maxsize=8)  # a broadcast: one text to many phones, framed once
def text_frame(text: str) -> bytes:
    """`text` as one unmasked, uncompressed, final WebSocket text frame (RFC 6455 5.2: every
    WebSocketResponse here has compress=False). aiohttp's send_str encodes and frames the text
    again for each phone: half of a broadcast's cost to 2,000 of them."""
    payload = text.encode("utf-8")
    size = len(payload)
    if size < 126:
        return struct.pack("!BB", 0x81, size) + payload
    if size < 1 << 16:
        return struct.pack("!BBH", 0x81, 126, size) + payload
    return struct.pack("!BBQ", 0x81, 127, size) + payload


class _TokenBucket:
    __slots__ = ("rate", "burst", "tokens", "stamp")

    def __init__(self, rate: float, burst: int, now: float) -> None:
        self.rate, self.burst = rate, burst
        self.tokens, self.stamp = float(burst), now

    def take(self, now: float) -> bool:
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1.0:
            return False
        self.tokens -= 1.0
        return True


@dataclass(frozen=True)
class _Latest:
    """A place in the outbox for the newest message of one coalesced type."""

    kind: str


class _Connection:
    """One phone's WebSocket; lives on the server's loop only. (Slots: 2,000 of them at an
    assembly, each without a __dict__ of its own.)"""

    __slots__ = (
        "id", "ws", "request", "bucket", "address", "outbox", "latest", "pending", "join_timer",
        "admitted", "token", "wrong_codes", "closing", "close_queued", "writer", "aborter",
        "backlogged",
    )  # fmt: skip

    def __init__(
        self,
        conn_id: int,
        ws: web.WebSocketResponse,
        request: web.Request,
        bucket: _TokenBucket,
        address: str,
    ) -> None:
        self.id = conn_id
        self.ws = ws
        self.request = request
        self.bucket = bucket
        self.address = address
        # Made with the writer, the first time a message has to wait: most connections never
        # need one, and 2,000 empty queues held 3 MB.
        self.outbox: asyncio.Queue[str | _Close | _Latest] | None = None
        self.latest: dict[str, str] = {}  # coalesced type → newest text, its _Latest queued
        self.pending = 0  # text messages in `outbox`
        self.backlogged = 0  # its messages in the server's backlog: what it is sent next waits
        self.join_timer: asyncio.TimerHandle | None = None
        self.admitted = False  # sent a join with the right code
        self.token: str | None = None  # the token of that join: the only one it may use
        self.wrong_codes = 0
        self.closing = False
        self.close_queued = False  # a close frame waits in `outbox` behind earlier messages
        self.writer: asyncio.Task[None] | None = None  # started when a message must wait
        self.aborter: asyncio.Task[None] | None = None  # held here: the loop keeps weak refs


def _close_reason(reason: str) -> str:
    """A close frame's reason must fit in 123 bytes of UTF-8."""
    return reason.encode("utf-8")[:120].decode("utf-8", "ignore")


_PLAYING = (ClientAnswer, ClientNext)  # what only a student who has joined may send
_JOINING = (ClientJoin, ClientContinue)


def _coalesce_key(message: dict[str, Any]) -> str | None:
    kind = message.get("type")
    return kind if kind in COALESCED else None


def raise_open_file_limit() -> tuple[int, int] | None:
    """Raise this process's soft limit on open files to its hard limit (each student is one
    open socket); returns (soft, hard) afterwards, or None where the OS has no such limit."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        target = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
        if sys.platform == "darwin":
            target = min(target, 10240)  # macOS refuses more than OPEN_MAX for the soft limit
        if soft != resource.RLIM_INFINITY and soft < target:
            with contextlib.suppress(ValueError, OSError):
                resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        return resource.getrlimit(resource.RLIMIT_NOFILE)
    except (ValueError, OSError):
        return None


def _connection_capacity(wanted: int) -> int:
    """`wanted`, lowered so that the server refuses students with a message before the process
    runs out of open files (which would leave the rest hanging with no word)."""
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    except (ImportError, ValueError, OSError):
        return wanted
    if soft == resource.RLIM_INFINITY:
        return wanted
    reserve = min(200, soft // 4)  # the database, fonts, the page's HTTP requests, the display
    return max(1, min(wanted, soft - reserve))


def _normalize_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()


def _interface_ipv4(name: str) -> str | None:
    """The IPv4 address of one network interface (Linux), read locally with SIOCGIFADDR."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import fcntl

        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:  # never sends anything
            packed = fcntl.ioctl(
                probe.fileno(),
                0x8915,  # SIOCGIFADDR
                struct.pack("256s", name.encode()[:15]),
            )
        return socket.inet_ntoa(packed[20:24])
    except (OSError, ImportError, ValueError):
        return None


# Interfaces of virtual machines, containers and VPNs: a phone in the room never reaches them.
_VIRTUAL_PREFIXES = (
    "docker", "br-", "veth", "virbr", "vboxnet", "vmnet", "vnic", "lxc", "lxd", "cni",
    "flannel", "podman", "tun", "tap", "wg", "tailscale", "zt", "utun", "ham",
)  # fmt: skip
_VIRTUAL_NETWORKS = (
    ipaddress.IPv4Network("192.168.56.0/24"),  # VirtualBox host-only
    ipaddress.IPv4Network("172.17.0.0/16"),  # Docker's default bridge
    ipaddress.IPv4Network("100.64.0.0/10"),  # carrier-grade NAT: Tailscale and the like
)


def _lan_rank(ip: ipaddress.IPv4Address, interface: str | None = None) -> int:
    if (interface or "").lower().startswith(_VIRTUAL_PREFIXES) or any(
        ip in net for net in _VIRTUAL_NETWORKS
    ):
        return 5  # last: a virtual adapter
    if ip in ipaddress.IPv4Network("192.168.0.0/16"):
        return 0
    if ip in ipaddress.IPv4Network("10.0.0.0/8"):
        return 1
    if ip in ipaddress.IPv4Network("172.16.0.0/12"):
        return 2
    return 4 if ip.is_link_local else 3


def lan_ipv4_addresses() -> list[str]:
    """This machine's IPv4 addresses that phones on the room's network might reach, likeliest
    first (192.168/16, 10/8, 172.16/12, others, link-local, and last virtual adapters: Docker,
    VirtualBox, VPNs). Found without sending anything: the host name's addresses and each
    interface's address. Loopback is left out."""
    candidates: list[tuple[str, str | None]] = []
    with contextlib.suppress(OSError, UnicodeError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            candidates.append((str(info[4][0]), None))
    with contextlib.suppress(OSError, AttributeError):
        for _, name in socket.if_nameindex():
            found = _interface_ipv4(name)
            if found:
                candidates.append((found, name))
    unique: dict[str, tuple[int, ipaddress.IPv4Address]] = {}
    for text, interface in candidates:
        try:
            ip = ipaddress.IPv4Address(text)
        except ValueError:
            continue
        if not (ip.is_loopback or ip.is_unspecified or ip.is_multicast):
            rank = _lan_rank(ip, interface)
            unique[text] = (max(rank, unique[text][0]) if text in unique else rank, ip)
    return sorted(unique, key=lambda t: unique[t])


class ClassroomServer:
    """HTTP (the student page) and WebSocket (`/ws`) on one port, run on a background thread.

    Thread-safe from any thread: `send`, `broadcast`, `close` (never block) and `start`/`stop`.
    Everything else happens on the server's own loop.
    """

    def __init__(
        self,
        join_code: str,
        static_dir: Path,
        host: str = "0.0.0.0",
        port: int = 0,
        rate_per_s: float = 10,
        max_connections: int = MAX_CONNECTIONS,
        *,
        outbox_limit: int = OUTBOX_LIMIT,
        clock: Callable[[], float] = time.monotonic,
        join_timeout_s: float = JOIN_TIMEOUT_S,
        http_timeout_s: float = HTTP_TIMEOUT_S,
        max_unjoined_per_address: int = MAX_UNJOINED_PER_ADDRESS,
        max_players_per_address: int = MAX_PLAYERS_PER_ADDRESS,
        guard: CodeGuard | None = None,
        version: int = VERSION,
    ) -> None:
        if not _normalize_code(join_code):
            raise ValueError("the join code must not be empty")
        self.join_code = join_code
        self.static_dir = Path(static_dir)
        self.host = host
        self.port = port
        self.rate_per_s = float(rate_per_s)
        self.max_connections = max_connections
        self.capacity = max_connections  # lowered to fit the open-file limit by start()
        self.outbox_limit = outbox_limit
        self.clock = clock
        self.join_timeout_s = join_timeout_s
        self.http_timeout_s = http_timeout_s
        self.max_unjoined_per_address = max_unjoined_per_address
        self.guard = guard or CodeGuard()
        self.version = version  # the wire version it speaks: 2 for a student-paced session
        self._guard_lock = threading.Lock()  # the lobby reads the guard's counter
        self._unjoined: dict[str, int] = {}  # address → open connections not yet joined
        self.max_players_per_address = max_players_per_address
        self._tokens: dict[str, set[str]] = {}  # address → tokens that joined from it
        self.inbox: queue.SimpleQueue[Inbound] = queue.SimpleQueue()
        self.urls: list[str] = []
        self._code = _normalize_code(join_code).encode("utf-8")
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._started = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None  # the server thread's id, once its loop runs
        # Called on the server's thread after a round of arrivals (see the module docstring).
        self.on_arrival: Callable[[], None] | None = None
        self._arrival_due = False
        self._stopping: asyncio.Event | None = None
        self._start_error: BaseException | None = None
        self._conns: dict[int, _Connection] = {}
        # Messages beyond a write's first WRITE_CHUNK, written a chunk per turn of the loop
        # (a text, or a close after the texts before it), in order.
        self._backlog: collections.deque[tuple[_Connection, str | _Close, str | None]] = (
            collections.deque()
        )
        self._backlog_due = False
        # On the server's thread: a whole class's messages to make once the handler that
        # handed them over is done (send_built), and what was handed over after them, in order.
        self._behind_build: list[tuple[Callable[..., None], tuple[Any, ...]]] | None = None
        self._ids = itertools.count(1)
        self._images: dict[str, tuple[bytes, str]] = {}  # token → (bytes, content type)
        self.extra_routes: list[Callable[[web.Application], None]] = []  # teacher_routes.py

    # -- life cycle (any thread) ---------------------------------------------------------------

    def start(self) -> None:
        """Start listening; returns once `port` and `urls` are known. Raises OSError when the
        port cannot be opened."""
        with self._lock:
            if self._started:
                raise RuntimeError("a ClassroomServer starts only once")
            self._started = True
            self.capacity = _connection_capacity(self.max_connections)
            ready = threading.Event()
            thread = threading.Thread(
                target=self._run, args=(ready,), name="classroom-server", daemon=True
            )
            self._thread = thread
            thread.start()
        if not ready.wait(timeout=30):
            raise RuntimeError("the classroom server did not start")
        if self._start_error is not None:
            thread.join(timeout=5)
            raise self._start_error
        loopback = f"http://127.0.0.1:{self.port}/"
        if self.host in ("0.0.0.0", ""):
            self.urls = [f"http://{ip}:{self.port}/" for ip in lan_ipv4_addresses()] + [loopback]
        else:
            self.urls = [f"http://{self.host}:{self.port}/"]

    def stop(self) -> None:
        """Close every connection, stop listening and join the thread. Safe to call twice."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is None:
            return
        loop, stopping = self._loop, self._stopping
        if loop is not None and stopping is not None:
            with contextlib.suppress(RuntimeError):  # the loop already ended
                loop.call_soon_threadsafe(stopping.set)
        thread.join(timeout=30)

    def wrong_codes_recent(self) -> int:
        """Wrong join codes tried in the last minute (refused ones included), for the lobby."""
        with self._guard_lock:
            return self.guard.recent_wrong(self.clock())

    @property
    def running(self) -> bool:
        thread = self._thread
        return thread is not None and thread.is_alive()

    # -- talking to clients (any thread; never blocks) -----------------------------------------

    def send(self, conn_id: int, message: dict[str, Any]) -> None:
        """Queue a builder's message for one connection; unknown or closed ids are ignored."""
        self._call(self._send_text, conn_id, encode(message), _coalesce_key(message))

    def broadcast(self, message: dict[str, Any], conn_ids: Iterable[int] | None = None) -> None:
        """Queue a message for `conn_ids`, or for every connection that has joined with the
        right code when None."""
        ids = None if conn_ids is None else tuple(conn_ids)
        self._call(self._broadcast_text, encode(message), ids, _coalesce_key(message))

    def send_many(self, items: list[tuple[int, dict[str, Any]]]) -> None:
        """Queue several messages (connection, message) with one wake-up of the server's
        thread: a frame's worth of acknowledgements costs one system call, not hundreds."""
        if items:
            encoded: dict[int, str] = {}  # a broadcast is one dict sent to many: encode it once
            texts = []
            for conn, message in items:
                text = encoded.get(id(message))
                if text is None:
                    text = encoded[id(message)] = encode(message)
                texts.append((conn, text, _coalesce_key(message)))
            self._call(self._send_texts, texts)

    def send_built(self, build: Callable[[], list[tuple[int, dict[str, Any]]]]) -> None:
        """Messages too costly to make on the caller's thread (a whole class's reveal, or the
        end with each student's review): `build` runs on the server's thread, after everything
        handed over before it, and the (connection, message) pairs it returns are sent in
        order, before anything handed over after it. Handed over on the server's thread itself
        (the answer that closes a question), it runs once the handler that handed it over is
        done: that handler holds the session, and a frame or a teacher's key must not wait
        for the class's messages."""
        if self._loop is not None and threading.get_ident() == self._loop_thread:
            if self._behind_build is None:
                self._behind_build = []
                self._loop.call_soon(self._run_behind_build)
            self._behind_build.append((self._build_and_send, (build,)))
            return
        self._call(self._build_and_send, build)

    def _run_behind_build(self) -> None:
        """The builds handed over on this thread, and what came after them, in order (anything
        handed over while they run goes straight out, after them)."""
        waiting, self._behind_build = self._behind_build or [], None
        for fn, args in waiting:
            fn(*args)

    def _build_and_send(self, build: Callable[[], list[tuple[int, dict[str, Any]]]]) -> None:
        try:
            items = build()
        except Exception:  # the game side's fault: it must not take the server down
            log.exception("classroom messages could not be made")
            return
        self.send_many(items)

    def publish_image(self, token: str, body: bytes, content_type: str) -> None:
        """Serve `body` at IMAGE_PATH + `token` from now on (a question's picture, published
        when the question is asked; nothing else is ever served there)."""
        with self._lock:
            self._images[token] = (bytes(body), content_type)

    def close(self, conn_id: int, reason: str, code: int = CLOSE_HOST) -> None:
        """Close a connection after the messages already queued for it have been sent."""
        self._call(self._close_conn, conn_id, code, reason)

    def _call(self, fn: Callable[..., None], *args: Any) -> None:
        loop = self._loop
        if loop is None:
            return
        if threading.get_ident() == self._loop_thread:  # on_arrival's replies: no thread hop
            if self._behind_build is not None:  # ...but never before a build handed over first
                self._behind_build.append((fn, args))
                return
            fn(*args)
            return
        with contextlib.suppress(RuntimeError):  # the server has stopped: nothing to send to
            loop.call_soon_threadsafe(fn, *args)

    def _arrived(self, item: Inbound) -> None:
        """Put `item` on the inbox, and have `on_arrival` called once this round of arrivals
        has been read (call_soon runs it after every handler the loop already woke)."""
        self.inbox.put(item)
        if self.on_arrival is None or self._arrival_due or self._loop is None:
            return
        self._arrival_due = True
        self._loop.call_soon(self._run_arrival)

    def _run_arrival(self) -> None:
        self._arrival_due = False
        handler = self.on_arrival
        if handler is None:
            return
        try:
            handler()
        except Exception:  # the game side's fault: it must not take the server down
            log.exception("classroom arrival handler failed")

    # -- the server's thread ---------------------------------------------------------------------

    def _run(self, ready: threading.Event) -> None:
        try:
            asyncio.run(self._main(ready))
        except BaseException as exc:  # reported to start() or logged
            if not ready.is_set():
                self._start_error = exc
                ready.set()
            else:
                log.exception("classroom server crashed")

    async def _main(self, ready: threading.Event) -> None:
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
        self._stopping = asyncio.Event()
        app = web.Application()
        app.on_response_prepare.append(self._security_headers)
        app.router.add_get("/ws", self._websocket)
        app.router.add_get("/", self._index)
        image_route = IMAGE_PATH + "{token:[0-9a-f]{" + str(IMAGE_TOKEN_CHARS) + "}}"
        app.router.add_get(image_route, self._image)  # only pictures published by the runtime
        app.router.add_get(r"/{name:[A-Za-z0-9_-]+(\.[A-Za-z0-9]+)+}", self._static)
        app.router.add_get(r"/qtypes/{name:[A-Za-z0-9_-]+\.js}", self._qtype_module)
        for add_routes in self.extra_routes:  # the teacher link (teacher_routes.TeacherDesk)
            add_routes(app)
        runner = web.AppRunner(
            app,
            access_log=None,
            handle_signals=False,
            shutdown_timeout=CLOSE_WAIT_S,
            # Also closes a connection whose request never arrives whole (aiohttp arms it as
            # soon as a connection opens); an open WebSocket is a running handler, never idle.
            keepalive_timeout=self.http_timeout_s,
        )
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host or None, self.port)
            await site.start()
            self.port = int(runner.addresses[0][1])
        except BaseException as exc:
            self._start_error = exc
            await runner.cleanup()
            ready.set()
            return
        ready.set()
        try:
            await self._stopping.wait()
        finally:
            for conn in list(self._conns.values()):
                self._close_conn(conn.id, CLOSE_STOPPING, "the teacher stopped the session")
            deadline = time.monotonic() + CLOSE_WAIT_S + 1
            while self._conns and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
            await runner.cleanup()

    # -- HTTP --------------------------------------------------------------------------------------

    async def _security_headers(self, request: web.Request, response: web.StreamResponse) -> None:
        host = request.host if set(request.host) <= _SAFE_HOST else ""
        connect = f"'self' ws://{host}" if host else "'self'"  # older Safari: 'self' ≠ ws:
        response.headers["Content-Security-Policy"] = (
            f"default-src 'self'; connect-src {connect}; img-src 'self'; style-src 'self'; "
            "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            "frame-ancestors 'none'"
        )
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"

    async def _index(self, request: web.Request) -> web.StreamResponse:
        response = self._file("index.html")
        if self.version != VERSION and isinstance(response, web.Response):
            # the page speaks the session's wire version (student.js reads it; paced.js)
            wire = f'<html lang="en" data-wire="{self.version}">'.encode()
            html = (self.static_dir / "index.html").read_bytes()
            response.body = html.replace(b'<html lang="en">', wire, 1)
        return response

    async def _static(self, request: web.Request) -> web.StreamResponse:
        return self._file(request.match_info["name"])

    async def _image(self, request: web.Request) -> web.StreamResponse:
        with self._lock:
            found = self._images.get(request.match_info["token"])
        if found is None:  # not published: a question not asked yet, or no such picture
            raise web.HTTPNotFound(text="Not found")
        body, content_type = found
        return web.Response(body=body, headers={"Content-Type": content_type})

    async def _qtype_module(self, request: web.Request) -> web.StreamResponse:
        """A question type's student-page module (assets/web/qtypes/NAME.js)."""
        return self._file(request.match_info["name"], "qtypes")

    def _file(self, name: str, folder: str = "") -> web.StreamResponse:
        root = (self.static_dir / folder).resolve() if folder else self.static_dir.resolve()
        path = (root / name).resolve()
        content_type = CONTENT_TYPES.get(path.suffix.lower())
        if content_type is None or path.parent != root or not path.is_file():
            raise web.HTTPNotFound(text="Not found")
        response = web.Response(body=path.read_bytes())  # a few small files: no need to stream
        response.headers["Content-Type"] = content_type
        return response

    # -- WebSocket -------------------------------------------------------------------------------

    async def _websocket(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(
            max_msg_size=WS_SIZE_LIMIT, heartbeat=HEARTBEAT_S, compress=False, timeout=CLOSE_WAIT_S
        )
        if not ws.can_prepare(request).ok:
            raise web.HTTPBadRequest(text="This address is for the quiz's WebSocket.")
        await ws.prepare(request)
        if self._stopping is not None and self._stopping.is_set():
            await ws.close(code=CLOSE_STOPPING, message=b"the server is stopping")
            return ws
        address = request.remote or "?"
        if len(self._conns) >= self.capacity:
            await self._refuse(ws, "the room is full: trying again shortly")
            return ws
        if self._unjoined.get(address, 0) >= self.max_unjoined_per_address:
            await self._refuse(ws, "too many connections from your network: trying again shortly")
            return ws
        conn = _Connection(
            next(self._ids),
            ws,
            request,
            _TokenBucket(self.rate_per_s, BURST, self.clock()),
            address,
        )
        self._conns[conn.id] = conn
        self._unjoined[address] = self._unjoined.get(address, 0) + 1
        conn.join_timer = asyncio.get_running_loop().call_later(
            self.join_timeout_s, self._join_too_late, conn
        )
        self._arrived(Inbound(conn.id, "open", None, time.time(), address))
        try:
            async for msg in ws:
                if msg.type in (WSMsgType.TEXT, WSMsgType.BINARY):
                    self._receive(conn, msg.data)
                elif msg.type is WSMsgType.ERROR:
                    break
        finally:
            self._conns.pop(conn.id, None)
            self._joined(conn)  # no longer counts as unjoined
            conn.closing = True
            try:
                await self._finish(conn)
            finally:  # whatever happened, the game hears that this connection is gone
                self._arrived(Inbound(conn.id, "close", None, time.time()))
        return ws

    async def _refuse(self, ws: web.WebSocketResponse, reason: str) -> None:
        with contextlib.suppress(Exception):
            await ws.send_str(self._say(error(reason)))
            await ws.close(code=CLOSE_FULL, message=_close_reason(reason).encode("utf-8"))

    def _joined(self, conn: _Connection) -> None:
        """The connection stops counting against its address's unjoined cap (once)."""
        if conn.join_timer is None:
            return
        conn.join_timer.cancel()
        conn.join_timer = None
        left = self._unjoined.get(conn.address, 1) - 1
        if left > 0:
            self._unjoined[conn.address] = left
        else:
            self._unjoined.pop(conn.address, None)

    def _join_too_late(self, conn: _Connection) -> None:
        if conn.admitted or conn.closing:
            return
        reason = "no join in time: reload the page to join"
        self._queue(conn, self._say(error(reason)))
        self._request_close(conn, CLOSE_JOIN_TIMEOUT, reason)

    async def _finish(self, conn: _Connection) -> None:
        """Let a queued close frame go out, stop the writer, close the socket."""
        transport = conn.request.transport
        try:
            if conn.writer is not None and not conn.writer.done():
                if conn.close_queued:  # let the close frame (with its reason) go out first
                    with contextlib.suppress(Exception):
                        await asyncio.wait_for(asyncio.shield(conn.writer), CLOSE_WAIT_S)
                conn.writer.cancel()
            if not conn.ws.closed:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(conn.ws.close(), CLOSE_WAIT_S)
        except asyncio.CancelledError:
            # A writer cancelled inside aiohttp's drain leaves the drain future (shared with
            # close()) cancelled, so close() raises CancelledError though nobody cancelled us.
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                raise
        finally:
            if transport is not None and transport.get_write_buffer_size() > 0:
                transport.abort()  # data the client will never read: cut instead of waiting

    def _receive(self, conn: _Connection, data: str | bytes) -> None:
        if conn.closing:
            return
        now = self.clock()
        if not conn.bucket.take(now):
            self._queue(conn, self._say(error("too many messages: slow down")))
            self._request_close(conn, CLOSE_RATE, "too many messages")
            return
        decoded = decode(data, self.version)
        if isinstance(decoded, _PLAYING):  # first: answers come hundreds a second
            if not conn.admitted:
                self._queue(conn, self._say(error("join the session first")))
                return
        elif isinstance(decoded, ProtocolError):
            self._queue(conn, self._say(error(decoded.reason)))
            return
        elif isinstance(decoded, _JOINING):
            if not self._code_ok(conn, decoded.code, now):
                return
            if conn.token is not None and decoded.token != conn.token:
                # one connection, one player (a page keeps its token): never a second one
                self._queue(conn, self._say(error("already joined: reload the page to join again")))
                return
            tokens = self._tokens.setdefault(conn.address, set())
            if decoded.token not in tokens:
                if len(tokens) >= self.max_players_per_address:
                    self._queue(conn, self._say(error("too many players from your network")))
                    return
                tokens.add(decoded.token)
            conn.token = decoded.token
            conn.admitted = True
            self._joined(conn)
        elif isinstance(decoded, ClientPing):
            self._queue(conn, self._say(pong()))
        self._arrived(Inbound(conn.id, "message", decoded, time.time()))

    def _say(self, message: dict[str, Any]) -> str:
        """A message the server makes itself, in the session's wire version."""
        return encode(message if self.version == VERSION else {**message, "v": self.version})

    def _code_ok(self, conn: _Connection, code: str, now: float) -> bool:
        """Check a join's code, within the guessing limits; answers the client when not ok."""
        right = hmac.compare_digest(_normalize_code(code).encode("utf-8"), self._code)
        if conn.admitted and right:
            return True  # knows the code already: nothing to guess
        with self._guard_lock:
            if not conn.admitted and self.guard.verdict(conn.address, now) == "refuse":
                reason = "too many wrong join codes: wait a minute, then check the code"
                self._queue(conn, self._say(error(reason)))
                self._request_close(conn, CLOSE_WRONG_CODE, reason)
                return False
            if right:
                return True
            self.guard.wrong(conn.address, now)
        conn.wrong_codes += 1
        self._queue(conn, self._say(error("wrong join code")))
        if conn.wrong_codes >= MAX_WRONG_CODES:
            self._request_close(conn, CLOSE_WRONG_CODE, "too many wrong join codes")
        return False

    def _queue(
        self, conn: _Connection, text: str, key: str | None = None, *, waited: bool = False
    ) -> None:
        """Send `text` to `conn` after what it was sent before (`waited`: it is the backlog's
        next message, its turn has come)."""
        if conn.closing:
            return
        if conn.backlogged and not waited:  # its earlier messages wait in the backlog: behind
            self._to_backlog(conn, text, key)
            return
        if key is not None and key in conn.latest:
            conn.latest[key] = text  # replaces the stale one still waiting: the queue stays put
            return
        if conn.pending == 0 and self._write_now(conn, text):
            return
        if conn.pending >= self.outbox_limit:
            self._drop(conn, CLOSE_SLOW, "too slow to keep up")
            return
        conn.pending += 1
        outbox = self._ensure_writer(conn)
        if key is None:
            outbox.put_nowait(text)
        else:
            conn.latest[key] = text
            outbox.put_nowait(_Latest(key))

    def _write_now(self, conn: _Connection, text: str) -> bool:
        """Write `text` straight to the socket when it takes it without waiting (nothing
        queued before it, nothing buffered): no task wakes for it, which is what a broadcast
        to 2,000 phones costs otherwise, and its WebSocket frame is made once for all of them
        (text_frame). False: the connection's writer task must send it (through aiohttp)."""
        transport = conn.request.transport
        if (
            transport is None
            or transport.is_closing()
            or transport.get_write_buffer_size() > 0  # the socket may be pausing writers
            or (
                conn.writer is not None
                and not conn.writer.done()
                and conn.outbox is not None
                and not conn.outbox.empty()
            )
            or conn.ws.closed  # aiohttp is closing it: nothing may follow its close frame
        ):
            return False
        transport.write(text_frame(text))
        return True

    def _ensure_writer(self, conn: _Connection) -> asyncio.Queue[str | _Close | _Latest]:
        """The connection's outbox and writer task, made the first time a message has to
        wait."""
        if conn.outbox is None:
            conn.outbox = asyncio.Queue()
        if conn.writer is None:
            conn.writer = asyncio.get_running_loop().create_task(self._write(conn))
        return conn.outbox

    def _request_close(
        self, conn: _Connection, code: int, reason: str, *, waited: bool = False
    ) -> None:
        if conn.closing:
            return
        if conn.backlogged and not waited:  # close after the messages still waiting for it
            self._to_backlog(conn, _Close(code, _close_reason(reason)), None)
            return
        conn.closing = conn.close_queued = True
        self._ensure_writer(conn).put_nowait(_Close(code, _close_reason(reason)))

    def _drop(self, conn: _Connection, code: int, reason: str) -> None:
        """Cut a client that does not read: its queue is dropped, the close frame sent if the
        socket still takes it, and the socket aborted in any case."""
        conn.closing = True
        if conn.writer is not None:
            conn.writer.cancel()
        log.info("dropping classroom connection %d: %s", conn.id, reason)
        transport = conn.request.transport
        conn.aborter = asyncio.create_task(
            self._abort(conn, transport, code, _close_reason(reason))
        )

    async def _abort(
        self, conn: _Connection, transport: asyncio.Transport | None, code: int, reason: str
    ) -> None:
        try:
            # Cancelling a writer stuck in aiohttp's drain cancels the drain future it shares
            # with close(), which then raises CancelledError at once: hence the finally.
            await asyncio.wait_for(
                conn.ws.close(code=code, message=reason.encode("utf-8")), CLOSE_WAIT_S
            )
        except Exception:  # the socket is being cut anyway
            log.debug("classroom connection %d: no clean close", conn.id)
        finally:
            if transport is not None:  # close() waits for data to drain, which it never will
                transport.abort()

    async def _write(self, conn: _Connection) -> None:
        outbox = conn.outbox
        assert outbox is not None  # made before the writer (_ensure_writer)
        try:
            while True:
                item = await outbox.get()
                if isinstance(item, _Close):
                    await conn.ws.close(code=item.code, message=item.reason.encode("utf-8"))
                    return
                conn.pending -= 1
                if isinstance(item, _Latest):
                    item_text = conn.latest.pop(item.kind, None)
                    if item_text is None:
                        continue
                    await conn.ws.send_str(item_text)
                else:
                    await conn.ws.send_str(item)
        except (ConnectionError, RuntimeError) as exc:  # the client went away meanwhile
            log.debug("classroom connection %d: %s", conn.id, exc)

    # -- loop-side handlers for send/broadcast/close ---------------------------------------------

    def _send_text(self, conn_id: int, text: str, key: str | None = None) -> None:
        conn = self._conns.get(conn_id)
        if conn is not None:
            self._queue(conn, text, key)

    def _send_texts(self, items: list[tuple[int, str, str | None]]) -> None:
        whole = len(items) <= WRITE_AT_ONCE
        for n, (conn_id, text, key) in enumerate(items):
            conn = self._conns.get(conn_id)
            if conn is None:
                continue
            if whole or n < WRITE_CHUNK:
                self._queue(conn, text, key)
            elif not conn.closing:
                self._to_backlog(conn, text, key)

    def _broadcast_text(
        self, text: str, conn_ids: tuple[int, ...] | None, key: str | None = None
    ) -> None:
        if conn_ids is None:
            targets = [(c.id, text, key) for c in self._conns.values() if c.admitted]
        else:
            targets = [(i, text, key) for i in conn_ids]
        self._send_texts(targets)

    def _to_backlog(self, conn: _Connection, item: str | _Close, key: str | None) -> None:
        """Write `item` to `conn` in a later turn of the loop, in order."""
        conn.backlogged += 1
        self._backlog.append((conn, item, key))
        self._backlog_later()

    def _backlog_later(self) -> None:
        """The backlog's next chunk in a later turn of the loop (once, however often asked)."""
        if not self._backlog_due and self._loop is not None:
            self._backlog_due = True
            self._loop.call_soon(self._write_backlog)

    def _write_backlog(self) -> None:
        """A chunk of the backlog; the rest in the loop's next turn, after what it read."""
        self._backlog_due = False
        backlog = self._backlog
        for _ in range(min(WRITE_CHUNK, len(backlog))):
            conn, item, key = backlog.popleft()
            conn.backlogged -= 1
            if isinstance(item, _Close):
                self._request_close(conn, item.code, item.reason, waited=True)
            else:
                self._queue(conn, item, key, waited=True)
        if backlog:
            self._backlog_later()

    def _close_conn(self, conn_id: int, code: int, reason: str) -> None:
        conn = self._conns.get(conn_id)
        if conn is not None:
            self._request_close(conn, code, reason)
