"""A cloze question on a phone-size chromium against a real host (the server, the runtime and
its session log on a real SQLite file): the student types one gap and picks the other from its
drop-down; the host grades it, and the reveal shows the right words per gap.

Screenshots go to /tmp/student-cloze-*.png for a person to look at.
"""

from __future__ import annotations

import queue
import threading
import time
from pathlib import Path

import pytest

from game.content.loader import load_paths
from game.core import session as s
from game.core.answers import answer_text
from game.core.qtypes.cloze import numbered_prompt
from game.core.scoring import ScoringPreset, rules_for
from game.core.selection import question_index
from game.services.classroom.runtime import ClassroomRuntime
from game.services.classroom.server import ClassroomServer
from game.services.storage import Store

ROOT = Path(__file__).resolve().parents[3]
FIXTURE = ROOT / "tests" / "fixtures" / "cloze" / "cloze-example.yaml"
CHROMIUM = Path("/usr/bin/chromium")
CODE = "482913"
PHONE = {"width": 390, "height": 844}

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's chromium is missing: apt-get update && apt-get install -y chromium",
    ),
]
QUESTIONS = question_index(load_paths([FIXTURE]).banks)
QUESTION = QUESTIONS["cloze-001"]


class Host:
    """The real runtime pumped on a thread of its own (SQLite stays on the thread that opened
    it); teacher commands run there too."""

    def __init__(self, server: ClassroomServer, db: Path) -> None:
        self.actions: queue.SimpleQueue = queue.SimpleQueue()
        self.stop = threading.Event()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(server, db), daemon=True)
        self.thread.start()
        assert self.ready.wait(30)

    def _run(self, server: ClassroomServer, db: Path) -> None:
        config = s.SessionConfig((QUESTION.id,), rules_for(ScoringPreset.CLASSIC))
        with Store.open(db) as store:
            self.runtime = ClassroomRuntime.create(
                QUESTIONS, config, store, server, "cloze", time.time, join_code=CODE
            )
            self.ready.set()
            while not self.stop.is_set():
                while not self.actions.empty():
                    self.actions.get()()
                self.runtime.pump()
                time.sleep(0.01)

    def do(self, action) -> object:
        done = threading.Event()
        box: list[object] = []
        self.actions.put(lambda: (box.append(action()), done.set()))
        assert done.wait(10)
        return box[0]

    def close(self) -> None:
        self.stop.set()
        self.thread.join(10)


@pytest.fixture
def server():
    srv = ClassroomServer(CODE, ROOT / "assets" / "web", host="127.0.0.1")
    srv.start()
    yield srv
    srv.stop()


def test_a_phone_fills_a_typed_gap_and_a_drop_down_and_sees_the_right_words(server, tmp_path):
    host = Host(server, tmp_path / "cloze.sqlite3")
    problems: list[str] = []
    try:
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=str(CHROMIUM),
                args=["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"],
            )
            try:
                page = browser.new_page(
                    viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
                )
                page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
                page.on(
                    "console",
                    lambda msg: (
                        problems.append(f"console {msg.type}: {msg.text}")
                        if msg.type in ("error", "warning")
                        else None
                    ),
                )
                page.goto(server.urls[0])
                page.get_by_label("Join code").fill(CODE)
                page.get_by_label("Nickname").fill("Ana")
                page.get_by_role("button", name="Join").click()
                sync_api.expect(page.get_by_role("heading", name="You're in!")).to_be_visible()

                host.do(lambda: host.runtime.command(s.Start(host.runtime.now())))
                sync_api.expect(
                    page.get_by_role("heading", name=numbered_prompt(QUESTION))
                ).to_be_visible()
                # the drop-down offers its words alphabetically, whatever order the author wrote
                options = page.get_by_label("Gap 2").locator("option").all_inner_texts()
                assert options == [
                    "Choose…",
                    "Mass Destruction",
                    "Mass Disruption",
                    "Strategic Concern",
                ]
                # nothing filled in: refused on the page, nothing sent
                page.get_by_role("button", name="Submit").click()
                sync_api.expect(page.get_by_text("Fill in at least one gap first.")).to_be_visible()
                page.get_by_label("Gap 1").fill("Fentanyl")
                page.get_by_label("Gap 2").select_option("Mass Destruction")
                page.screenshot(path="/tmp/student-cloze-question.png")
                page.get_by_role("button", name="Submit").click()
                # the only student has answered: the host reveals at once
                sync_api.expect(page.get_by_role("heading", name="Correct!")).to_be_visible()
                sync_api.expect(page.locator("#r-correct")).to_have_text(answer_text(QUESTION))
                page.screenshot(path="/tmp/student-cloze-reveal.png", full_page=True)
                [result] = host.do(lambda: host.runtime.state.results)
                [graded] = result.players
                assert graded.response == ["Fentanyl", "Mass Destruction"]  # one text per gap
                assert graded.credit == 1.0
            finally:
                browser.close()
    finally:
        host.close()
    assert problems == []


def test_a_forgiven_slip_stands_next_to_the_right_spelling_on_the_phone(server, tmp_path):
    """ "Fentanil" is marked right; the reveal shows the answer "(1) fentanyl; …" and, under it,
    what the student typed, "(1) Fentanil; …", so the right spelling is beside the slip."""
    host = Host(server, tmp_path / "slip.sqlite3")
    problems: list[str] = []
    try:
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=str(CHROMIUM),
                args=["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"],
            )
            try:
                page = browser.new_page(
                    viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
                )
                page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
                page.goto(server.urls[0])
                page.get_by_label("Join code").fill(CODE)
                page.get_by_label("Nickname").fill("Ana")
                page.get_by_role("button", name="Join").click()
                sync_api.expect(page.get_by_role("heading", name="You're in!")).to_be_visible()
                host.do(lambda: host.runtime.command(s.Start(host.runtime.now())))
                page.get_by_label("Gap 1").fill("Fentanil")
                page.get_by_label("Gap 2").select_option("Mass Destruction")
                page.get_by_role("button", name="Submit").click()
                sync_api.expect(page.get_by_role("heading", name="Correct!")).to_be_visible()
                sync_api.expect(page.locator("#r-correct")).to_have_text(answer_text(QUESTION))
                typed = page.locator("#r-typed")
                sync_api.expect(typed).to_be_visible()
                sync_api.expect(typed).to_have_text("You typed: (1) Fentanil; (2) Mass Destruction")
                page.screenshot(path="/tmp/student-cloze-slip.png", full_page=True)
            finally:
                browser.close()
    finally:
        host.close()
    assert problems == []
