"""The teacher link: `/teacher` on the classroom server, for the teacher's own browser only.

Why a module of its own: the student server (server.py) must never know the teacher's secret,
and everything the teacher page may do (watch the grid, download the reports, end the session,
start a live session waiting in its lobby) lives here, behind one check. The server adds these
routes through its `extra_routes` hook.

The secret is `secrets.token_urlsafe(32)` (256 bits), made per session and saved in the
session's config so that a resume keeps the link working. The printed link carries it in the
URL's fragment (`/teacher#key=…`), which browsers never send, so it is not in any request line,
`Referer` or proxy log; the page sends it in an `Authorization: Bearer` header. Every data route
answers a missing or wrong key with the same plain 404 as an unknown address (no hint that the
page exists for someone), compares keys in constant time (`hmac.compare_digest`), and counts
wrong keys per network address with the join code's limiter (guard.CodeGuard): past the limit a
key is not even checked. The page itself (teacher.html, teacher.js) holds nothing secret.

A school network often puts every device behind one address, so a student guessing keys would
lock the teacher's own browser out too. A browser that has given the right key once therefore
gets a pass (a random cookie of its own, HttpOnly, SameSite=Strict, path /teacher): with the
pass its requests skip the address's lock. The pass only lifts the lock — every request still
needs the key — so it opens nothing by itself, and a made-up one is no pass.

Requests that change the session (end, start) are not applied on the server's thread: they wait
in `TeacherDesk.take()` for the host's own loop (the projector's frame or the headless loop),
which applies them like the teacher's keys, so the projector follows them as it follows a key.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import web

from game.services.classroom.guard import CodeGuard
from game.services.classroom.teacher_view import TeacherView

__all__ = ["REPORTS", "TeacherDesk", "apply_requests", "new_teacher_key", "teacher_link"]

TEACHER_PATH = "/teacher"
KEY_BYTES = 32
PASS_COOKIE = "teacher_pass"  # lifts the address's wrong-key lock for a browser that got in
MAX_PASSES = 64  # browsers remembered; the oldest pass goes first
REQUESTS = ("end", "start")  # what the page may ask of the session
# kind → (content type, file name)
REPORTS: dict[str, tuple[str, str]] = {
    "report.csv": ("text/csv; charset=utf-8", "students.csv"),
    "items.csv": ("text/csv; charset=utf-8", "item-analysis.csv"),
    "report.html": ("text/html; charset=utf-8", "report.html"),
}
ReportMaker = Callable[[str], bytes | None]


def new_teacher_key() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


def teacher_link(base_url: str, key: str) -> str:
    """The link printed for the teacher: the key in the fragment, never sent by a browser."""
    return f"{base_url.rstrip('/')}{TEACHER_PATH}#key={key}"


@dataclass(frozen=True)
class _Attached:
    view: TeacherView
    reports: ReportMaker | None
    can_start: Callable[[], bool]


class TeacherDesk:
    """The teacher link's routes and what they ask of the session.

    Made with the key before the server starts (its routes are added as the server starts);
    `attach` gives it the session once the session exists. Until then every data route is a
    404, like a wrong key."""

    def __init__(
        self,
        key: str,
        static_dir: Path,
        *,
        guard: CodeGuard | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if len(key) < 32:
            raise ValueError("a teacher key must be long and random (new_teacher_key)")
        self.key = key
        self.static_dir = Path(static_dir)
        self._key_bytes = key.encode("utf-8")
        self.guard = guard or CodeGuard()
        self.clock = clock
        self._lock = threading.Lock()
        self._requests: list[str] = []
        self._attached: _Attached | None = None
        self._passes: dict[bytes, None] = {}  # the passes given, hashed, oldest first

    # -- the session side (the host's thread) ----------------------------------------------

    def attach(
        self,
        view: TeacherView,
        reports: ReportMaker | None = None,
        can_start: Callable[[], bool] = lambda: False,
    ) -> None:
        self._attached = _Attached(view, reports, can_start)

    def take(self) -> list[str]:
        """What the teacher page asked since the last call ("end", "start"), oldest first."""
        with self._lock:
            taken, self._requests = self._requests, []
        return taken

    def ask(self, request: str) -> None:
        """Queue a request, as the page's buttons do (also for tests and the headless loop)."""
        if request not in REQUESTS:
            raise ValueError(f"unknown teacher request {request!r}")
        with self._lock:
            if request not in self._requests:
                self._requests.append(request)

    # -- the server side (the server's thread) ---------------------------------------------

    def add_routes(self, app: web.Application) -> None:
        """The server's `extra_routes` hook."""
        app.router.add_get(TEACHER_PATH, self._page)
        app.router.add_get(TEACHER_PATH + "/grid.json", self._grid)
        for kind in REPORTS:
            app.router.add_get(f"{TEACHER_PATH}/{kind}", self._report)
        app.router.add_post(TEACHER_PATH + "/end", self._ask)
        app.router.add_post(TEACHER_PATH + "/start", self._ask)

    def _allowed(self, request: web.Request) -> tuple[_Attached, str | None]:
        """The attached session when the request carries the key, and the pass it earned (a
        right key without a pass; `_answer` gives it); else a plain 404. A request without a
        pass is refused unchecked while its address is over the wrong-key limit; one with a
        pass is checked (the teacher's browser behind a guessing student's address)."""
        address = request.remote or "?"
        now = self.clock()
        header = request.headers.get("Authorization", "")
        given = header[7:].strip() if header[:7].lower() == "bearer " else ""
        held = _hashed(request.cookies.get(PASS_COOKIE, ""))
        earned: str | None = None
        with self._lock:
            has_pass = held in self._passes
            if not has_pass and self.guard.verdict(address, now) == "refuse":
                raise web.HTTPNotFound(text="Not found")
            right = hmac.compare_digest(given.encode("utf-8"), self._key_bytes)
            if not right:
                self.guard.wrong(address, now)
            elif not has_pass:
                earned = self._new_pass()
        attached = self._attached
        if not right or attached is None:
            raise web.HTTPNotFound(text="Not found")
        return attached, earned

    def _new_pass(self) -> str:
        """A pass for a browser that gave the right key (under the lock)."""
        given = secrets.token_urlsafe(KEY_BYTES)
        if len(self._passes) >= MAX_PASSES:
            del self._passes[next(iter(self._passes))]
        self._passes[_hashed(given)] = None
        return given

    @staticmethod
    def _answer(earned: str | None, response: web.Response) -> web.Response:
        """`response`, with the browser's new pass when it just earned one."""
        if earned:
            response.set_cookie(
                PASS_COOKIE, earned, path=TEACHER_PATH, httponly=True, samesite="Strict"
            )
        return response

    async def _page(self, request: web.Request) -> web.StreamResponse:
        """The page holds no secret: its script reads the key from the link's fragment."""
        return web.Response(
            body=(self.static_dir / "teacher.html").read_bytes(),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )

    async def _grid(self, request: web.Request) -> web.StreamResponse:
        attached, earned = self._allowed(request)
        sort = request.query.get("sort", "name")
        safe = request.query.get("projector_safe", "") in ("1", "true")
        data = dict(attached.view.data(sort, safe))
        data["can_start"] = attached.can_start()
        data["reports"] = [kind for kind in REPORTS] if attached.reports is not None else []
        return self._answer(
            earned,
            web.Response(
                text=json.dumps(data, ensure_ascii=False),
                headers={"Content-Type": "application/json; charset=utf-8"},
            ),
        )

    async def _report(self, request: web.Request) -> web.StreamResponse:
        attached, earned = self._allowed(request)
        kind = request.path.rsplit("/", 1)[-1]
        maker = attached.reports
        # A report replays the session: off the server's loop, so students are not kept waiting.
        body = (
            await asyncio.get_running_loop().run_in_executor(None, maker, kind) if maker else None
        )
        if body is None:
            raise web.HTTPNotFound(text="Not found")
        content_type, name = REPORTS[kind]
        return self._answer(
            earned,
            web.Response(
                body=body,
                headers={
                    "Content-Type": content_type,
                    "Content-Disposition": f'attachment; filename="{name}"',
                },
            ),
        )

    async def _ask(self, request: web.Request) -> web.StreamResponse:
        _, earned = self._allowed(request)
        what = request.path.rsplit("/", 1)[-1]
        self.ask(what)
        return self._answer(
            earned,
            web.Response(
                text=json.dumps({"asked": what}),
                status=202,
                headers={"Content-Type": "application/json; charset=utf-8"},
            ),
        )


def _hashed(given: str) -> bytes:
    """A pass as kept: its hash, so a lookup's time tells nothing about the passes given."""
    return hashlib.sha256(given.encode("utf-8", "replace")).digest() if given else b""


def apply_requests(desk: TeacherDesk | None, session: Any) -> list[Any]:
    """Apply what the teacher page asked (on the host's thread, in its frame or loop): "end"
    ends a live or student-paced session, "start" starts a live one waiting in its lobby with
    students in it. Returns the session's events, for the projector."""
    if desk is None:
        return []
    from game.core import paced as p
    from game.core import session as s

    events: list[Any] = []
    for request in desk.take():
        state = session.state
        if isinstance(getattr(session, "config", None), p.PacedConfig):
            if request == "end" and state.phase is p.PacedPhase.OPEN:
                events += session.command(p.End(session.now()))
            continue
        if request == "end" and state.phase is not s.SessionPhase.FINISHED:
            events += session.command(s.End(session.now()))
        elif request == "start" and state.phase is s.SessionPhase.LOBBY and state.players:
            events += session.command(s.Start(session.now()))
    return events
