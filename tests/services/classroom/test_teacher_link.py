"""The teacher link over real sockets: a live session from the real ClassroomService (server on
127.0.0.1, runtime, engine, SQLite log), students as real WebSocket clients, the teacher page's
routes as plain HTTP. A hostile student can't reach or guess the link, it is in nothing a
student receives, and what changes the session stays with the host (or the key's holder)."""

from __future__ import annotations

import asyncio
import json
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar

import aiohttp
import pytest

from game.core import session as s
from game.core.scoring import ScoringPreset, rules_for
from game.services.classroom import teacher_routes
from game.services.classroom.service import TEACHER_KEY, ClassroomService
from game.services.storage import Store
from tests.services.classroom.live_host import QS, SINGLES


@pytest.fixture
def service(tmp_path):
    with Store.open(tmp_path / "class.sqlite3") as store:
        svc = ClassroomService(QS, store, host="127.0.0.1", port=0)
        yield svc
        svc.close_all()


@pytest.fixture
def live(service):
    config = s.SessionConfig(SINGLES[:2], rules_for(ScoringPreset.CLASSIC, True))
    return service.open(SINGLES[:2], config, "Period 2")


def http(live, path: str, key: str | None = None, method: str = "GET") -> tuple[int, bytes]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{live.server.port}{path}",
        method=method,
        data=b"" if method == "POST" else None,
    )
    if key is not None:
        request.add_header("Authorization", f"Bearer {key}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


async def student(live, name: str, answers: bool = True) -> list[str]:
    """A student joins, answers the open question (0) when it comes; every text received."""
    got: list[str] = []
    url = f"http://127.0.0.1:{live.server.port}/ws"
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
        await ws.send_str(
            json.dumps(
                {"v": 1, "type": "join", "code": live.join_code, "nickname": name,
                 "token": f"tok-{name}-123456"}
            )
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                msg = await ws.receive(timeout=0.5)
            except TimeoutError:
                continue
            if msg.type is not aiohttp.WSMsgType.TEXT:
                break
            got.append(msg.data)
            data = json.loads(msg.data)
            if data.get("type") == "question" and answers:
                pick = data["choices"][0]["id"]  # opaque ids, as the page sends them
                answer = {"v": 1, "type": "answer", "index": data["index"], "response": pick}
                await ws.send_str(json.dumps(answer))
            if data.get("type") in ("ack", "ended"):
                break
    return got


def answered(live, n: int) -> bool:
    """`n` answers are in (or everyone answered and the question closed by itself)."""
    return len(live.state.submissions) == n or bool(live.state.results)


def pump_until(live, done, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not done() and time.monotonic() < deadline:
        live.pump()
        time.sleep(0.02)
    assert done()


def test_teacher_key__is_long_random_saved_with_the_session_and_printed_as_a_fragment(
    live, service
):
    key = live.teacher.key
    assert len(key) >= 43 and key != service._teacher_desk().key
    saved = next(x for x in service.sessions() if x["id"] == live.session_id)["config"]
    assert saved[TEACHER_KEY] == key
    link = teacher_routes.teacher_link("http://10.0.0.5:8765/", key)
    assert link == f"http://10.0.0.5:8765/teacher#key={key}"


def test_grid__only_with_the_key_and_a_wrong_or_missing_key_is_a_plain_404(live):
    status, body = http(live, "/teacher/grid.json", live.teacher.key)
    assert status == 200
    data = json.loads(body)
    assert data["mode"] == "live" and data["phase"] == "lobby" and data["students"] == []
    _, unknown = http(live, "/no-such-page.json")
    for key in (None, "", "x" * 43, live.teacher.key[:-1], live.teacher.key + "x"):
        status, body = http(live, "/teacher/grid.json", key)
        assert (status, body) == (404, unknown)  # exactly what an unknown address gets
    for path in ("/teacher/report.csv", "/teacher/items.csv", "/teacher/report.html"):
        assert http(live, path)[0] == 404
    assert http(live, "/teacher/end", method="POST")[0] == 404


def test_guessing__is_limited_per_address_then_even_the_right_key_is_refused(live):
    for n in range(10):
        assert http(live, "/teacher/grid.json", f"guess-{n:040d}")[0] == 404
    assert http(live, "/teacher/grid.json", live.teacher.key)[0] == 404  # not even checked


def browser() -> urllib.request.OpenerDirector:
    """A client that keeps cookies, as the teacher's browser does."""
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))


def http_in(
    client: urllib.request.OpenerDirector, live, path: str, key: str | None, method: str = "GET"
) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{live.server.port}{path}",
        method=method,
        data=b"" if method == "POST" else None,
    )
    if key is not None:
        request.add_header("Authorization", f"Bearer {key}")
    try:
        with client.open(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def test_a_guesser_behind_the_teachers_address__does_not_lock_the_teacher_out(live):
    """A school NAT: a student guessing keys and the teacher's browser come from one address
    (here both 127.0.0.1). The browser that opened the link once keeps working; guessing stays
    limited for everyone else, and the browser's pass opens nothing without the key."""
    key = live.teacher.key
    teacher = browser()
    assert http_in(teacher, live, "/teacher/grid.json", key) == 200  # the teacher opens the link
    for n in range(30):  # a student on the same network guesses, past the limit
        assert http(live, "/teacher/grid.json", f"guess-{n:040d}")[0] == 404
    assert http(live, "/teacher/grid.json", key)[0] == 404  # the address is locked: not checked
    newcomer = browser()
    assert http_in(newcomer, live, "/teacher/grid.json", key) == 404  # nor for a new browser
    for _ in range(3):  # the teacher's browser goes on: the grid, a report, end
        assert http_in(teacher, live, "/teacher/grid.json", key) == 200
    assert http_in(teacher, live, "/teacher/report.csv", key) in (200, 404)
    assert http_in(teacher, live, "/teacher/end", key, "POST") == 202
    assert http_in(teacher, live, "/teacher/grid.json", "x" * 43) == 404  # the pass alone: no
    assert http_in(teacher, live, "/teacher/grid.json", None) == 404
    forged = browser()  # a made-up pass is no pass
    forged.addheaders = [("Cookie", "teacher_pass=" + "A" * 43)]
    assert http_in(forged, live, "/teacher/grid.json", key) == 404
    cookies = [c for c in teacher.handlers if isinstance(c, urllib.request.HTTPCookieProcessor)]
    (jar,) = [h.cookiejar for h in cookies]
    (cookie,) = list(jar)
    assert cookie.path == "/teacher" and cookie.has_nonstandard_attr("HttpOnly")
    assert key not in cookie.value and len(cookie.value) >= 43  # a pass of its own, not the key


def test_keys__are_compared_in_constant_time(live, monkeypatch):
    seen = []
    real = teacher_routes.hmac.compare_digest

    def spy(a, b):
        seen.append((a, b))
        return real(a, b)

    monkeypatch.setattr(teacher_routes.hmac, "compare_digest", spy)
    http(live, "/teacher/grid.json", "a-guess")
    assert seen == [(b"a-guess", live.teacher.key.encode())]


def test_the_key__is_in_nothing_a_student_receives_or_loads(live):
    key = live.teacher.key
    for path in ("/", "/student.js", "/student.css", "/teacher", "/teacher.js", "/teacher.html"):
        status, body = http(live, path)
        assert status == 200 and key.encode() not in body, path

    async def class_plays() -> list[str]:
        ana = asyncio.create_task(student(live, "Ana"))
        ben = asyncio.create_task(student(live, "Ben"))
        await asyncio.to_thread(pump_until, live, lambda: len(live.state.players) == 2)
        live.command(s.Start(live.now()))
        await asyncio.to_thread(pump_until, live, lambda: answered(live, 2))
        return [*(await ana), *(await ben)]

    texts = asyncio.run(asyncio.wait_for(class_plays(), 30))
    assert any('"question"' in t for t in texts)
    assert not any(key in t for t in texts)


def test_host_only__a_student_cannot_end_and_the_key_holders_end_waits_for_the_host(live):
    async def hostile() -> list[str]:
        url = f"http://127.0.0.1:{live.server.port}/ws"
        got = []
        async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
            for kind in ("end", "teacher", "kick", "start"):
                await ws.send_str(json.dumps({"v": 1, "type": kind, "key": "x", "player_id": 1}))
                got.append((await ws.receive(timeout=5)).data)
        return got

    answers = asyncio.run(hostile())
    assert all('"error"' in a for a in answers)
    live.pump()
    assert live.state.phase is s.SessionPhase.LOBBY
    status, _ = http(live, "/teacher/end", live.teacher.key, method="POST")
    assert status == 202
    assert live.state.phase is s.SessionPhase.LOBBY  # nothing on the server's thread
    events = live.pump()  # the host's frame applies it
    assert live.state.phase is s.SessionPhase.FINISHED
    assert any(isinstance(e, s.Finished) for e in events)


def test_reports__download_with_the_key_with_time_spent(live):
    async def play() -> None:
        ana = asyncio.create_task(student(live, "Ana"))
        await asyncio.to_thread(pump_until, live, lambda: len(live.state.players) == 1)
        live.command(s.Start(live.now()))
        await asyncio.to_thread(pump_until, live, lambda: answered(live, 1))
        await ana

    asyncio.run(asyncio.wait_for(play(), 30))
    if not live.state.results:
        live.command(s.Reveal(live.now()))
    live.command(s.End(live.now()))
    key = live.teacher.key
    status, students = http(live, "/teacher/report.csv", key)
    assert status == 200 and b"Ana" in students and b"total_time_s" in students
    status, items = http(live, "/teacher/items.csv", key)
    assert status == 200 and SINGLES[0].encode() in items
    status, page = http(live, "/teacher/report.html", key)
    assert status == 200 and b"<html" in page and b"Ana" in page


def test_resume__keeps_the_teacher_link(service, live):
    key, session_id = live.teacher.key, live.session_id
    live.close()
    again = service.resume(session_id)
    assert again.teacher.key == key
    assert http(again, "/teacher/grid.json", key)[0] == 200
