"""Reloading the student page mid-session, in a real browser (Debian's chromium via Playwright)
against the real server, runtime and SQLite file: during a question the page comes back to the
question with the student's answer confirmed in words; during the reveal it shows the result;
after the end, the final screen. Never the lobby.

Screenshots at phone size go to /tmp/student-rejoin-*.png for a person to look at.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from game.core import session as s
from game.core.scoring import ScoringPreset, rules_for
from game.services.classroom.runtime import ClassroomRuntime
from game.services.classroom.server import ClassroomServer
from game.services.classroom.service import web_dir
from game.services.storage import Store
from tests.services.classroom.test_runtime import QS, SINGLES
from tests.services.classroom.test_student_page_browser import CHROMIUM, PHONE, SHOTS

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

CODE = "864213"


class HostThread(threading.Thread):
    """The game loop: opens the store, pumps the runtime, runs the teacher's commands."""

    def __init__(self, path: Path, server: ClassroomServer, board: str = "each") -> None:
        super().__init__(daemon=True)
        self.path, self.server, self.board = path, server, board
        self.commands: queue.Queue[Any] = queue.Queue()
        self.ready, self.stopping = threading.Event(), threading.Event()
        self.runtime: ClassroomRuntime | None = None

    def run(self) -> None:
        ids = tuple(q.id for q in SINGLES[:2])
        config = s.SessionConfig(ids, rules_for(ScoringPreset.CLASSIC), leaderboard=self.board)
        with Store.open(self.path) as store:
            rt = ClassroomRuntime.create(
                QS, config, store, self.server, "B", time.time, join_code=CODE
            )
            self.runtime = rt
            self.ready.set()
            while not self.stopping.is_set():
                with contextlib.suppress(queue.Empty):
                    rt.command(self.commands.get_nowait()(rt.now()))
                rt.pump()
                time.sleep(0.01)

    def state(self) -> s.SessionState:
        assert self.runtime is not None
        return self.runtime.state  # an immutable value: safe to read from another thread


def wait(condition: Any, what: str) -> None:
    for _ in range(1000):
        if condition():
            return
        time.sleep(0.01)
    raise AssertionError(f"never: {what}")


def test_reloading_the_page_mid_question_during_the_reveal_and_after_the_end(tmp_path):
    server = ClassroomServer(CODE, web_dir(), host="127.0.0.1", port=0)
    server.start()
    host = HostThread(tmp_path / "class.sqlite3", server)
    host.start()
    host.ready.wait(10)
    question = SINGLES[0]
    chosen = question.choices[1]
    problems: list[str] = []
    try:
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=str(CHROMIUM),
                args=["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"],
            )
            try:
                context = browser.new_context(
                    viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
                )
                ana, ben = context.new_page(), browser.new_page(viewport=PHONE)
                for page in (ana, ben):
                    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
                for page, name in ((ana, "Ana"), (ben, "Ben")):
                    page.goto(server.urls[0])
                    page.get_by_label("Join code").fill(CODE)
                    page.get_by_label("Nickname").fill(name)
                    page.get_by_role("button", name="Join").click()
                    sync_api.expect(page.get_by_role("heading", name="You're in!")).to_be_visible()
                host.commands.put(s.Start)
                sync_api.expect(ana.get_by_role("heading", name=question.prompt)).to_be_visible()
                ana.get_by_role("button", name=chosen).click()
                ana.get_by_role("button", name="Submit").click()
                sync_api.expect(ana.get_by_text("Answer received")).to_be_visible()

                ana.reload()  # mid-question: back to the question, the answer confirmed
                sync_api.expect(ana.get_by_role("heading", name=question.prompt)).to_be_visible()
                sync_api.expect(
                    ana.get_by_text(f"Your answer was received: {chosen}")
                ).to_be_visible()
                ana.screenshot(path=str(SHOTS / "student-rejoin-1-question.png"), full_page=True)

                host.commands.put(s.Reveal)
                wait(lambda: host.state().phase is s.SessionPhase.REVEAL, "revealed")
                ana.reload()  # during the reveal: the result, not the lobby
                sync_api.expect(ana.locator("#r-correct")).to_be_visible()
                sync_api.expect(ana.get_by_role("heading", name="You're in!")).to_be_hidden()
                ana.screenshot(path=str(SHOTS / "student-rejoin-2-reveal.png"), full_page=True)

                host.commands.put(s.End)
                wait(lambda: host.state().phase is s.SessionPhase.FINISHED, "ended")
                ana.reload()  # after the end: the final screen
                sync_api.expect(ana.get_by_role("heading", name="Quiz over!")).to_be_visible()
                ana.screenshot(path=str(SHOTS / "student-rejoin-3-ended.png"), full_page=True)
            finally:
                browser.close()
    finally:
        host.stopping.set()
        host.join(10)
        server.stop()
    assert problems == []


def test_leaderboard_never__the_phone_shows_its_own_score_and_no_podium(tmp_path):
    server = ClassroomServer(CODE, web_dir(), host="127.0.0.1", port=0)
    server.start()
    host = HostThread(tmp_path / "class.sqlite3", server, board="never")
    host.start()
    host.ready.wait(10)
    try:
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=str(CHROMIUM),
                args=["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"],
            )
            try:
                page = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True)
                page.goto(server.urls[0])
                page.get_by_label("Join code").fill(CODE)
                page.get_by_label("Nickname").fill("Ana")
                page.get_by_role("button", name="Join").click()
                sync_api.expect(page.get_by_role("heading", name="You're in!")).to_be_visible()
                host.commands.put(s.Start)
                sync_api.expect(page.get_by_role("heading", name=SINGLES[0].prompt)).to_be_visible()
                host.commands.put(s.End)
                sync_api.expect(page.get_by_role("heading", name="Quiz over!")).to_be_visible()
                sync_api.expect(page.get_by_text("You scored 0 points.")).to_be_visible()
                sync_api.expect(page.get_by_role("heading", name="Podium")).to_be_hidden()
                page.screenshot(
                    path=str(SHOTS / "student-rejoin-4-ended-never.png"), full_page=True
                )
            finally:
                browser.close()
    finally:
        host.stopping.set()
        host.join(10)
        server.stop()
