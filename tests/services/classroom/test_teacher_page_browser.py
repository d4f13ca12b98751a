"""The teacher page in a real browser (Debian's chromium, driven by Playwright) against a real
live session (ClassroomService: server on 127.0.0.1, runtime, engine, SQLite log), with the
host's frame loop on a thread and two students as real WebSocket clients: the page shows the
grid once both have answered, and ending the session from it ends it for everyone.

Screenshots go to /tmp/teacher-*.png for a person to look at.
"""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import pytest
from playwright import sync_api

from game.core import session as s
from game.core.scoring import ScoringPreset, rules_for
from game.services.classroom.service import ClassroomService
from game.services.classroom.teacher_routes import teacher_link
from game.services.storage import Store
from tests.services.classroom.live_host import QS, SINGLES
from tests.services.classroom.test_teacher_link import answered, student

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.slow


class Frames:
    """The host's frame loop (what the projector or the headless host runs), on a thread."""

    def __init__(self, live) -> None:
        self.live = live
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        while not self.stop.is_set():
            with self.lock:
                self.live.pump()
            time.sleep(0.02)

    def command(self, command):
        with self.lock:
            return self.live.command(command)


def test_teacher_page__shows_the_grid_after_two_answers_and_ends_the_session(tmp_path):
    import asyncio

    with Store.open(tmp_path / "class.sqlite3") as store:
        service = ClassroomService(QS, store, host="127.0.0.1", port=0)
        config = s.SessionConfig(SINGLES[:2], rules_for(ScoringPreset.CLASSIC, True))
        live = service.open(SINGLES[:2], config, "Period 4")
        frames = Frames(live)
        frames.thread.start()
        problems: list[str] = []
        try:

            async def class_answers() -> None:
                ana = asyncio.create_task(student(live, "Ana"))
                ben = asyncio.create_task(student(live, "Ben"))
                while len(live.state.players) < 2:
                    await asyncio.sleep(0.02)
                frames.command(s.Start(live.now()))
                while not answered(live, 2):
                    await asyncio.sleep(0.02)
                await ana
                await ben

            asyncio.run(asyncio.wait_for(class_answers(), 30))
            if not live.state.results:
                frames.command(s.Reveal(live.now()))
            link = teacher_link(f"http://127.0.0.1:{live.server.port}/", live.teacher.key)
            with sync_api.sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=str(CHROMIUM),
                    args=["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"],
                )
                try:
                    page = browser.new_page(viewport={"width": 1280, "height": 800})
                    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
                    page.on(
                        "console",
                        lambda m: problems.append(m.text) if m.type == "error" else None,
                    )
                    page.goto(link)
                    rows = page.locator("#grid tbody tr")
                    sync_api.expect(rows).to_have_count(2, timeout=10_000)
                    sync_api.expect(rows.nth(0)).to_contain_text("Ana")
                    sync_api.expect(rows.nth(1)).to_contain_text("Ben")
                    sync_api.expect(page.locator("#grid thead")).to_contain_text("Q1")
                    sync_api.expect(page.locator("#grid thead")).to_contain_text("% right")
                    sync_api.expect(page.locator("#status")).to_contain_text("2 joined")
                    page.screenshot(path="/tmp/teacher-grid.png", full_page=True)
                    page.set_viewport_size({"width": 390, "height": 844})  # a teacher's phone
                    page.screenshot(path="/tmp/teacher-phone.png", full_page=True)
                    page.set_viewport_size({"width": 1280, "height": 800})
                    page.check("#safe")  # projector-safe: counts, no names
                    sync_api.expect(page.locator("#grid")).not_to_contain_text("Ana")
                    # the choice each student picked is shuffled: right or wrong, two of them
                    counts = page.locator("#grid tbody")
                    sync_api.expect(counts).to_contain_text(re.compile(r"(right|wrong)\s*2"))
                    page.uncheck("#safe")
                    with page.expect_download() as download:
                        page.click("[data-report='report.csv']")
                    saved = tmp_path / "students.csv"
                    download.value.save_as(saved)
                    assert "Ana" in saved.read_text(encoding="utf-8-sig")
                    page.once("dialog", lambda dialog: dialog.accept())
                    page.click("#end")
                    sync_api.expect(page.locator("#status")).to_contain_text(
                        "ended", timeout=10_000
                    )
                    sync_api.expect(page.locator("#end")).to_be_hidden()
                    page.screenshot(path="/tmp/teacher-ended.png", full_page=True)
                    # Without the key, the same page gets nothing.
                    page.goto(f"http://127.0.0.1:{live.server.port}/teacher")
                    sync_api.expect(page.locator("#problem")).to_contain_text("no key")
                finally:
                    browser.close()
            assert live.state.phase is s.SessionPhase.FINISHED
            assert problems == []
        finally:
            frames.stop.set()
            frames.thread.join(10)
            service.close_all()
