"""The student page in a real browser (Debian's chromium, driven by Playwright) against a real
ClassroomServer: a student types the code and a nickname, answers a shipped question, sees the
result, reloads and is rejoined as the same player. A tiny fake runtime in the test thread plays
the part of the game, answering from `server.inbox` with the protocol's builders.

Screenshots at phone size go to /tmp/student-*.png for a person to look at.
"""

from __future__ import annotations

import queue
import time
from pathlib import Path

import pytest

from game.content.loader import load_paths
from game.core.answers import answer_text, credit, response_from_json
from game.core.model import Question, QuestionType
from game.core.session import PlayerResult
from game.services.classroom import protocol as p
from game.services.classroom.server import ClassroomServer, Inbound

ROOT = Path(__file__).resolve().parents[3]
CHROMIUM = Path("/usr/bin/chromium")
CODE = "482913"
PHONE = {"width": 390, "height": 844}
SHOTS = Path("/tmp")

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's chromium is missing: apt-get update && apt-get install -y chromium",
    ),
]


def shipped_single_question() -> Question:
    result = load_paths([ROOT / "questions"])
    return next(
        q
        for bank in result.banks
        for q in bank.questions
        if q.type is QuestionType.SINGLE and len(q.correct) == 1
    )


class FakeRuntime:
    """Just enough of the game to drive one student: drains the inbox like the game thread."""

    def __init__(self, server: ClassroomServer) -> None:
        self.server = server
        self.seen: list[Inbound] = []

    def wait_for(self, kind: type, timeout: float = 10) -> Inbound:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                item = self.server.inbox.get(timeout=0.05)
            except queue.Empty:
                continue
            self.seen.append(item)
            if item.kind == "message" and isinstance(item.message, kind):
                return item
        raise AssertionError(f"no {kind.__name__} arrived; saw {self.seen}")


@pytest.fixture
def server():
    srv = ClassroomServer(CODE, ROOT / "assets" / "web", host="127.0.0.1")
    srv.start()
    yield srv
    srv.stop()


def test_student_joins_answers_and_sees_the_result(server):
    question = shipped_single_question()
    runtime = FakeRuntime(server)
    key = p.question_key(question, "browser-test-secret", 0)
    right = question.correct[0]
    problems: list[str] = []

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
            ],
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

            # The student types the code and a nickname.
            page.get_by_label("Join code").fill(CODE)
            page.get_by_label("Nickname").fill("Ana")
            page.screenshot(path=str(SHOTS / "student-1-join.png"))
            page.get_by_role("button", name="Join").click()
            joined = runtime.wait_for(p.ClientJoin)
            assert (joined.message.code, joined.message.nickname) == (CODE, "Ana")
            token = joined.message.token
            server.send(joined.conn_id, p.welcome(1, "Ana", token))
            server.send(joined.conn_id, p.lobby(1))
            sync_api.expect(page.get_by_role("heading", name="You're in!")).to_be_visible()
            page.screenshot(path=str(SHOTS / "student-2-lobby.png"))

            # A real shipped question arrives; the student taps the right choice and Submit.
            server.send(joined.conn_id, p.question(0, 3, question, 30.0, 1.0, key=key))
            sync_api.expect(page.get_by_role("heading", name=question.prompt)).to_be_visible()
            page.get_by_role("button", name=question.choices[right]).click()
            page.screenshot(path=str(SHOTS / "student-3-question.png"))
            page.get_by_role("button", name="Submit").click()
            answered = runtime.wait_for(p.ClientAnswer)
            assert answered.conn_id == joined.conn_id
            assert answered.message == p.ClientAnswer(0, key.ids[right])  # an opaque id
            engine_form = p.response_from_wire(question, key, answered.message.response)
            assert credit(question, response_from_json(question, engine_form)) == 1
            server.send(joined.conn_id, p.ack(0, False))
            sync_api.expect(page.get_by_text("Answer received")).to_be_visible()
            page.screenshot(path=str(SHOTS / "student-4-answered.png"))

            # The teacher reveals: the page shows the result, the answer and the explanation.
            result = PlayerResult(1, right, 1.0, True, 967, 2.0, 967, 1)
            labels = p.distribution_labels(question)
            source = question.source.label() if question.source else None
            server.send(
                joined.conn_id,
                p.reveal(
                    0,
                    result,
                    answer_text(question),
                    question.explanation,
                    source,
                    [1 if i == right else 0 for i in range(len(labels))],
                    labels,
                    2,
                    967,
                    3,
                    standing="You're 2nd (tied) · 1,118 points behind Ben",
                ),
            )
            sync_api.expect(page.get_by_role("heading", name="Correct!")).to_be_visible()
            # by its id: the screen-reader announcement repeats the same words 60 ms later
            sync_api.expect(page.locator("#r-points")).to_have_text("+967 points")
            # the place in kind words, never "number 2 of 3"
            sync_api.expect(page.locator("#r-rank")).to_have_text(
                "You're 2nd (tied) · 1,118 points behind Ben. You have 967 points."
            )
            sync_api.expect(page.locator("#r-correct")).to_have_text(answer_text(question))
            sync_api.expect(page.locator("#r-explanation")).to_have_text(question.explanation)
            page.screenshot(path=str(SHOTS / "student-5-reveal.png"), full_page=True)

            # A reload rejoins by itself as the same player (same token, no typing).
            page.reload()
            rejoined = runtime.wait_for(p.ClientJoin)
            assert rejoined.message.token == token
            assert rejoined.conn_id != joined.conn_id
            server.send(rejoined.conn_id, p.welcome(1, "Ana", token))
            sync_api.expect(page.get_by_role("heading", name="You're in!")).to_be_visible()
            server.send(
                rejoined.conn_id,
                p.ended(1, 12558, [("Ana", 12558), ("Ben", 800)], standing="You're 1st"),
            )
            sync_api.expect(page.get_by_role("heading", name="Quiz over!")).to_be_visible()
            # numbers read as on the projector: "12,558", not "12558"
            sync_api.expect(
                page.get_by_text("You're 1st. You scored 12,558 points.")
            ).to_be_visible()
            page.screenshot(path=str(SHOTS / "student-6-ended.png"), full_page=True)
        finally:
            browser.close()

    assert problems == []


class PumpedHost:
    """A real host in a thread of its own: runtime, session log on a real SQLite file and the
    server, pumped every few milliseconds; teacher actions run on that thread too (SQLite
    connections stay on the thread that opened them)."""

    def __init__(self, server: ClassroomServer, tmp_path: Path, roster: tuple[str, ...]) -> None:
        import threading

        from game.core import session as s

        self.s = s
        self.actions: queue.SimpleQueue = queue.SimpleQueue()
        self.stop = threading.Event()
        self.ready = threading.Event()
        self.thread = threading.Thread(
            target=self._run, args=(server, tmp_path / "browser.sqlite3", roster), daemon=True
        )
        self.thread.start()
        assert self.ready.wait(30)

    def _run(self, server: ClassroomServer, db: Path, roster: tuple[str, ...]) -> None:
        from game.content.loader import load_paths as load
        from game.core.scoring import ScoringPreset, rules_for
        from game.core.selection import question_index
        from game.services.classroom.runtime import ClassroomRuntime
        from game.services.storage import Store

        questions = question_index(load([ROOT / "questions"]).banks)
        config = self.s.SessionConfig(
            (shipped_single_question().id,), rules_for(ScoringPreset.CLASSIC), roster=roster
        )
        with Store.open(db) as store:
            self.runtime = ClassroomRuntime.create(
                questions, config, store, server, "browser", time.time, join_code=CODE
            )
            self.ready.set()
            while not self.stop.is_set():
                while not self.actions.empty():
                    self.actions.get()()
                self.runtime.pump()
                time.sleep(0.01)

    def do(self, action) -> None:
        """Run `action` on the host thread and wait for it."""
        import threading

        done = threading.Event()
        self.actions.put(lambda: (action(), done.set()))
        assert done.wait(10)

    def kick(self, name: str) -> None:
        def kick() -> None:
            player = next(p for p in self.runtime.state.players.values() if p.nickname == name)
            self.runtime.command(self.s.Kick(player.id, time.time()))

        self.do(kick)

    def lock(self, locked: bool) -> None:
        self.do(lambda: self.runtime.command(self.s.Lock(locked, time.time())))

    def close(self) -> None:
        self.stop.set()
        self.thread.join(10)


def test_roster_picker_kick_private_tab_and_locked_room(server, tmp_path):
    host = PumpedHost(server, tmp_path, ("Ana", "Ben", "Chloé"))
    problems: list[str] = []
    try:
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=str(CHROMIUM),
                args=["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"],
            )
            try:

                def phone():
                    context = browser.new_context(
                        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
                    )
                    page = context.new_page()
                    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
                    page.goto(server.urls[0])
                    return page

                # A student leaves the nickname empty: the roster arrives and shows as a picker.
                ben = phone()
                ben.get_by_label("Join code").fill(CODE)
                ben.get_by_role("button", name="Join").click()
                sync_api.expect(ben.get_by_role("heading", name="Pick your name")).to_be_visible()
                for name in ("Ana", "Ben", "Chloé"):
                    sync_api.expect(ben.get_by_role("button", name=name)).to_be_visible()
                ben.screenshot(path=str(SHOTS / "student-7-roster.png"))
                ben.get_by_role("button", name="Ben").click()
                sync_api.expect(ben.get_by_role("heading", name="You're in!")).to_be_visible()

                # The teacher removes Ben: the page says so (the kicked message arrives).
                host.kick("Ben")
                sync_api.expect(
                    ben.get_by_role("heading", name="You were removed from this quiz")
                ).to_be_visible()
                ben.screenshot(path=str(SHOTS / "student-8-kicked.png"))

                # A private tab (a fresh token) under the same name is kept out too.
                tab = phone()
                tab.get_by_label("Join code").fill(CODE)
                tab.get_by_label("Nickname").fill("Ben")
                tab.get_by_role("button", name="Join").click()
                sync_api.expect(
                    tab.get_by_role("heading", name="You were removed from this quiz")
                ).to_be_visible()

                # A name not on the roster gets the picker with a word of why.
                eve = phone()
                eve.get_by_label("Join code").fill(CODE)
                eve.get_by_label("Nickname").fill("Eve")
                eve.get_by_role("button", name="Join").click()
                sync_api.expect(eve.get_by_text("That name is not on the list")).to_be_visible()
                assert eve.get_by_role("button", name="Ben").count() == 1  # kicked: free again

                # The room is locked: a new student is told, and gets in once it opens again.
                host.lock(True)
                ana = phone()
                ana.get_by_label("Join code").fill(CODE)
                ana.get_by_label("Nickname").fill("Ana")
                ana.get_by_role("button", name="Join").click()
                sync_api.expect(
                    ana.get_by_role("heading", name="The room is locked")
                ).to_be_visible()
                ana.screenshot(path=str(SHOTS / "student-9-locked.png"))
                host.lock(False)
                ana.get_by_role("button", name="Try again").click()
                sync_api.expect(ana.get_by_role("heading", name="You're in!")).to_be_visible()
            finally:
                browser.close()
    finally:
        host.close()
    assert problems == []
