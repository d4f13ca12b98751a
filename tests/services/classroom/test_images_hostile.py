"""Question pictures on the phones, attacked: the real ClassroomServer on 127.0.0.1, the real
runtime and engine, a real SQLite log and a student over a real WebSocket and HTTP.

The host serves a picture only once its question has been asked (a later question's picture
could give that question away), under an opaque per-session address that is neither the bank's
path nor guessable without the session's secret; everything else under it (a later question's
address, traversal, the bank's own file names) is 404. A resumed session serves the same picture
only while the file is unchanged, and its snapshot keeps the alt text and the fingerprint.
"""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import time
from pathlib import Path

import aiohttp
import pytest
import yarl

from game.content.loader import load_paths
from game.core import session as s
from game.core.scoring import ScoringPreset, rules_for
from game.core.selection import question_index
from game.services.classroom import protocol
from game.services.classroom.runtime import ClassroomRuntime
from game.services.classroom.server import ClassroomServer
from game.services.classroom.service import web_dir
from game.services.storage import Store
from tests.services.classroom.live_host import Student, eventually

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "images"
CODE = "271828"


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    folder = tmp_path / "bank"
    shutil.copytree(FIXTURES, folder)
    # A second picture question, asked second: its picture must not leak before it is asked.
    text = (folder / "pictures.yaml").read_text(encoding="utf-8")
    second = text.split("  - id: pic-chart\n", 1)[1].split("  - id: pic-broken\n", 1)[0]
    second = (
        second.replace("image: chart.png", "image: photo.jpg")
        .replace("Look at the chart.", "Look at the photo.")
        .replace('alt: "Bar chart', 'alt: "Colour gradient photo, not a chart; a')
    )
    (folder / "pictures.yaml").write_text(text + "  - id: pic-later\n" + second, encoding="utf-8")
    return folder / "pictures.yaml"


class Host:
    """The real server and runtime in this thread (the runtime's arrivals thread takes joins)."""

    def __init__(self, store: Store, questions, ids: tuple[str, ...]) -> None:
        self.server = ClassroomServer(CODE, web_dir(), host="127.0.0.1", port=0)
        self.server.start()
        config = s.SessionConfig(ids, rules_for(ScoringPreset.CLASSIC, False))
        self.runtime = ClassroomRuntime.create(
            questions, config, store, self.server, "pictures", time.time, join_code=CODE
        )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    def close(self) -> None:
        self.runtime.close()
        self.server.stop()


async def get(http: aiohttp.ClientSession, url: str) -> tuple[int, bytes, str]:
    """GET `url` exactly as written: no client-side clean-up of `..` or `%2e`."""
    async with http.get(yarl.URL(url, encoded=True), allow_redirects=False) as response:
        return response.status, await response.read(), response.headers.get("Content-Type", "")


def test_pictures_are_served_only_once_asked_under_opaque_addresses(tmp_path, bank) -> None:
    qs = question_index(load_paths([bank]).banks)
    chart, later = qs["pic-chart"], qs["pic-later"]
    assert chart.image_file is not None and later.image_file is not None

    async def scenario() -> None:
        with Store.open(tmp_path / "class.sqlite3") as store:
            host = Host(store, qs, ("pic-chart", "pic-later"))
            secret = host.runtime.config.secret
            try:
                async with aiohttp.ClientSession() as http:
                    student = Student("token-eve-000001", "Eve")
                    await student.connect(http, host.base + "/ws", CODE)
                    await asyncio.wait_for(student.welcomed.wait(), 30)
                    await eventually(lambda: bool(host.runtime.state.players), what="joined")
                    # Before anything is asked, no question's picture is served, even to a
                    # client that knows the session's secret and computes the addresses.
                    early = [
                        protocol.IMAGE_PATH + protocol.image_token(secret, i, q.image_file.sha256)
                        for i, q in enumerate((chart, later))
                    ]
                    for path in early:
                        assert (await get(http, host.base + path))[0] == 404
                    host.runtime.command(s.Start(host.runtime.now()))
                    await eventually(lambda: bool(student.of("question")), what="question 1")
                    message = student.of("question")[-1]
                    picture = message["image"]
                    assert picture["alt"] == chart.image_alt
                    url = picture["url"]
                    assert url == early[0]
                    assert "chart" not in url and "pictures" not in url  # not the bank's path
                    status, body, kind = await get(http, host.base + url)
                    assert status == 200 and kind == "image/png"
                    assert hashlib.sha256(body).hexdigest() == chart.image_file.sha256
                    # The next question's picture: 404 while it has not been asked.
                    assert (await get(http, host.base + early[1]))[0] == 404
                    # Traversal and the bank's own names: 404 (never a file off the disk).
                    for path in (
                        "/img/../pictures.yaml",
                        "/img/%2e%2e/%2e%2e/etc/passwd",
                        "/img/..%2F..%2Fpictures.yaml",
                        "/img/" + "0" * 32,
                        "/img/" + url.rsplit("/", 1)[1].upper(),
                        url + ".png",
                        url + "/../../index.html",
                        "/chart.png",
                        "/images/chart.png",
                        "/pictures.yaml",
                        "/img/chart.png",
                        "/" + str(Path(chart.image_file.path)).lstrip("/"),
                    ):
                        status, body, _ = await get(http, host.base + path)
                        assert status == 404, path
                        assert body[:8] != b"\x89PNG\r\n\x1a\n", path
                    # Once asked, the second picture is served; the first one still is.
                    host.runtime.command(s.Reveal(host.runtime.now()))
                    host.runtime.command(s.Next(host.runtime.now()))
                    await eventually(lambda: len(student.of("question")) >= 2, what="q2")
                    second = student.of("question")[-1]["image"]
                    assert second["url"] == early[1]
                    status, body, kind = await get(http, host.base + second["url"])
                    assert status == 200 and kind == "image/jpeg"
                    assert hashlib.sha256(body).hexdigest() == later.image_file.sha256
                    assert (await get(http, host.base + url))[0] == 200
                    await student.close()
            finally:
                host.close()

    asyncio.run(scenario())


def test_a_picture_changed_before_a_resume_is_never_served(tmp_path, bank) -> None:
    """The session snapshot keeps the alt text and the SHA-256: a resumed session serves the
    picture only while the file still matches, and otherwise sends the alt text alone."""
    qs = question_index(load_paths([bank]).banks)
    chart = qs["pic-chart"]
    assert chart.image_file is not None

    async def scenario() -> None:
        db = tmp_path / "class.sqlite3"
        with Store.open(db) as store:
            host = Host(store, qs, ("pic-chart",))
            host.runtime.command(s.Start(host.runtime.now()))
            session_id = host.runtime.session_id
            host.close()
            snapshot = store.session_questions(session_id)[0]["content"]
            assert snapshot["image_alt"] == chart.image_alt
            assert snapshot["image_file"]["sha256"] == chart.image_file.sha256
            # The teacher replaces the picture; the session resumes from its snapshot.
            shutil.copy(FIXTURES / "flag.gif", chart.image_file.path)
            server = ClassroomServer(CODE, web_dir(), host="127.0.0.1", port=0)
            server.start()
            runtime = ClassroomRuntime.resume({}, store, server, session_id, time.time)
            try:
                async with aiohttp.ClientSession() as http:
                    student = Student("token-eve-000001", "Eve")
                    await student.connect(http, f"http://127.0.0.1:{server.port}/ws", CODE)
                    await eventually(lambda: bool(student.of("question")), what="question")
                    picture = student.of("question")[-1]["image"]
                    assert picture == {"alt": chart.image_alt, "url": None}
                    token = protocol.image_token(runtime.config.secret, 0, chart.image_file.sha256)
                    status, _, _ = await get(
                        http, f"http://127.0.0.1:{server.port}{protocol.IMAGE_PATH}{token}"
                    )
                    assert status == 404
                    await student.close()
            finally:
                runtime.close()
                server.stop()

    asyncio.run(scenario())
