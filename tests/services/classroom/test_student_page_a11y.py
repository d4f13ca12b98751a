"""Screen readers on the phone: the student page checked by axe-core inside a real browser on
every screen a student meets (join, a refused join, the roster picker, waiting, each question
type, answered, paused, time up, each kind of result, the leaderboard, the end, removed), with
live regions for the timer, "answer received" and the result, the system font size honoured and
reduced motion respected.

axe-core is vendored in tests/services/classroom/axe/ (from the npm registry, with its licence)
and injected from that file: nothing is loaded from the internet.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from game.content.loader import load_paths
from game.core.answers import answer_text
from game.core.model import Question, QuestionType
from game.core.session import PlayerResult
from game.services.classroom import protocol as p
from game.services.classroom.server import ClassroomServer, Inbound

ROOT = Path(__file__).resolve().parents[3]
AXE = Path(__file__).with_name("axe") / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
CODE = "482913"
PHONE = {"width": 390, "height": 844}
SHOTS = Path("/tmp")
# WCAG 2.0-2.2 A and AA, and axe's best practices (landmarks, one main heading, …).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's chromium is missing: apt-get update && apt-get install -y chromium",
    ),
]


def shipped_questions() -> dict[QuestionType, Question]:
    """One shipped question of every type (single: one with a single right choice); cloze, not
    shipped yet, from the example in tests/fixtures/cloze/."""
    found: dict[QuestionType, Question] = {}
    for bank in load_paths([ROOT / "questions", ROOT / "tests" / "fixtures" / "cloze"]).banks:
        for q in bank.questions:
            if q.type is QuestionType.SINGLE and len(q.correct) != 1:
                continue
            found.setdefault(q.type, q)
    assert set(found) == set(QuestionType)
    return found


class Inbox:
    """Drains the server's inbox like the game thread does."""

    def __init__(self, server: ClassroomServer) -> None:
        self.server = server

    def wait_for(self, kind: type, timeout: float = 10) -> Inbound:
        deadline = time.monotonic() + timeout
        seen = []
        while time.monotonic() < deadline:
            try:
                item = self.server.inbox.get(timeout=0.05)
            except queue.Empty:
                continue
            seen.append(item)
            if item.kind == "message" and isinstance(item.message, kind):
                return item
        raise AssertionError(f"no {kind.__name__} arrived; saw {seen}")


@pytest.fixture
def server() -> Iterator[ClassroomServer]:
    srv = ClassroomServer(CODE, ROOT / "assets" / "web", host="127.0.0.1")
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"],
        )
        try:
            yield chromium
        finally:
            chromium.close()


def phone(browser: Any, url: str, problems: list[str], **options: Any) -> Any:
    # bypass_csp: the page's policy allows only its own scripts; the test injects axe-core.
    context = browser.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        bypass_csp=True,
        **options,
    )
    page = context.new_page()
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.goto(url)
    return page


def axe_violations(page: Any) -> list[str]:
    """axe-core's violations on the page as it is now, one line each."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {
                runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return result.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — '
                + v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + n.failureSummary)
                    .join(', '));
        }""",
        AXE_TAGS,
    )
    return list(found)


def test_every_student_screen__is_clean_under_axe_core(server, browser):
    questions = shipped_questions()
    inbox = Inbox(server)
    problems: list[str] = []
    violations: dict[str, list[str]] = {}

    def check(page: Any, screen: str) -> None:
        found = axe_violations(page)
        if found:
            violations[screen] = found
        page.screenshot(path=str(SHOTS / f"student-a11y-{screen}.png"), full_page=True)

    page = phone(browser, server.urls[0], problems)
    sync_api.expect(page.get_by_role("heading", name="Join the quiz")).to_be_visible()
    check(page, "join")
    page.get_by_role("button", name="Join").click()  # no code: the page says what to do
    sync_api.expect(page.locator("#join-error")).not_to_be_empty()
    check(page, "join-error")

    page.get_by_label("Join code").fill(CODE)
    page.get_by_role("button", name="Join").click()
    joined = inbox.wait_for(p.ClientJoin)
    server.send(joined.conn_id, p.refused("Pick your name from the list.", "roster", ["Ana"]))
    sync_api.expect(page.get_by_role("heading", name="Pick your name")).to_be_visible()
    check(page, "roster")
    page.get_by_role("button", name="Ana").click()
    joined = inbox.wait_for(p.ClientJoin)
    token = joined.message.token
    server.send(joined.conn_id, p.welcome(1, "Ana", token))
    server.send(joined.conn_id, p.lobby(3))
    sync_api.expect(page.get_by_role("heading", name="You're in!")).to_be_visible()
    check(page, "waiting")

    for index, (qtype, question) in enumerate(questions.items()):
        key = p.question_key(question, "a11y-secret", index)
        message = p.question(index, len(questions), question, 30.0, key=key)
        server.send(joined.conn_id, message)
        sync_api.expect(page.get_by_role("heading", name=message["prompt"])).to_be_visible()
        check(page, f"question-{qtype.value}")

    # Answered: a single-choice question, a choice picked, submitted and acknowledged.
    single = questions[QuestionType.SINGLE]
    index = len(questions)
    key = p.question_key(single, "a11y-secret", index)
    server.send(joined.conn_id, p.question(index, index + 1, single, 30.0, key=key))
    sync_api.expect(page.get_by_role("heading", name=single.prompt)).to_be_visible()
    page.get_by_role("button", name=single.choices[single.correct[0]]).click()
    page.get_by_role("button", name="Submit").click()
    inbox.wait_for(p.ClientAnswer)
    server.send(joined.conn_id, p.ack(index, False))
    sync_api.expect(page.get_by_text("Answer received")).to_be_visible()
    check(page, "answered")
    server.send(joined.conn_id, p.paused(True))
    sync_api.expect(page.get_by_text("Paused by the teacher").first).to_be_visible()
    check(page, "paused")
    server.send(joined.conn_id, p.paused(False))

    labels = p.distribution_labels(single)
    results = {
        "right": PlayerResult(1, single.correct[0], 1.0, True, 967, 2.0, 967, 1),
        "wrong": PlayerResult(1, 0, 0.0, False, 0, 2.0, 0, 0),
        "no-answer": PlayerResult(1, None, 0.0, False, 0, 0.0, 0, 0),
    }
    for name, result in results.items():
        server.send(
            joined.conn_id,
            p.reveal(
                index,
                result,
                answer_text(single),
                single.explanation,
                single.source.label() if single.source else None,
                [1] * len(labels),
                labels,
                2,
                967,
                3,
            ),
        )
        sync_api.expect(page.locator("#screen-reveal")).to_be_visible()
        check(page, f"result-{name}")
    server.send(joined.conn_id, p.leaderboard([(1, "Ben", 1200), (2, "Ana", 967)]))
    sync_api.expect(page.get_by_role("heading", name="Leaderboard")).to_be_visible()
    check(page, "leaderboard")
    server.send(joined.conn_id, p.ended(2, 967, [("Ben", 1200), ("Ana", 967)]))
    sync_api.expect(page.get_by_role("heading", name="Quiz over!")).to_be_visible()
    check(page, "ended")
    server.send(joined.conn_id, p.kicked())
    sync_api.expect(
        page.get_by_role("heading", name="You were removed from this quiz")
    ).to_be_visible()
    check(page, "removed")

    assert violations == {}
    assert problems == []


def test_live_regions__the_timer_the_answer_and_the_result_are_announced(server, browser):
    question = shipped_questions()[QuestionType.SINGLE]
    inbox = Inbox(server)
    problems: list[str] = []
    page = phone(browser, server.urls[0], problems)
    page.get_by_label("Join code").fill(CODE)
    page.get_by_label("Nickname").fill("Ana")
    page.get_by_role("button", name="Join").click()
    joined = inbox.wait_for(p.ClientJoin)
    server.send(joined.conn_id, p.welcome(1, "Ana", joined.message.token))
    key = p.question_key(question, "a11y-secret", 0)
    # Eleven seconds left: the "10 seconds left" announcement comes within the test's wait.
    server.send(joined.conn_id, p.question(0, 1, question, 30.0, remaining_s=10.6, key=key))
    sync_api.expect(page.get_by_role("heading", name=question.prompt)).to_be_visible()

    def live(selector: str) -> str:
        return str(
            page.locator(selector).evaluate(
                "n => (n.closest('[aria-live]') || {getAttribute: () => ''})"
                ".getAttribute('aria-live')"
            )
        )

    # The timer: read out at 30, 10 and 5 seconds left, never every second.
    sync_api.expect(page.locator("#q-timer-sr")).to_have_text("10 seconds left.", timeout=5000)
    assert live("#q-timer-sr") in ("polite", "assertive")
    # "Answer received".
    page.get_by_role("button", name=question.choices[question.correct[0]]).click()
    page.get_by_role("button", name="Submit").click()
    inbox.wait_for(p.ClientAnswer)
    server.send(joined.conn_id, p.ack(0, False))
    sync_api.expect(page.locator("#q-status")).to_contain_text("Answer received")
    assert live("#q-status") in ("polite", "assertive")
    # The result, in a live region outside the screens (a hidden screen announces nothing).
    result = PlayerResult(1, question.correct[0], 1.0, True, 967, 2.0, 967, 1)
    labels = p.distribution_labels(question)
    server.send(
        joined.conn_id,
        p.reveal(
            0,
            result,
            answer_text(question),
            question.explanation,
            None,
            [1] * len(labels),
            labels,
            1,
            967,
            1,
        ),
    )
    announce = page.locator("#sr-announce")
    sync_api.expect(announce).to_contain_text("Correct")
    sync_api.expect(announce).to_contain_text("967 points")
    assert live("#sr-announce") in ("polite", "assertive")
    assert announce.evaluate("n => !n.closest('[hidden]')")
    assert problems == []


def test_system_font_size_and_reduced_motion_are_honoured(server, browser):
    problems: list[str] = []
    page = phone(browser, server.urls[0], problems, reduced_motion="reduce")
    sizes = page.evaluate(
        """() => {
            const px = (sel) => parseFloat(getComputedStyle(document.querySelector(sel)).fontSize);
            const before = [px('h1'), px('label'), px('.help'), px('button.primary')];
            document.documentElement.style.fontSize = '200%';  // as a larger system text size
            const after = [px('h1'), px('label'), px('.help'), px('button.primary')];
            document.documentElement.style.fontSize = '';
            return {before, after};
        }"""
    )
    for before, after in zip(sizes["before"], sizes["after"], strict=True):
        assert after > before * 1.5  # every text grows with the root size: rem, not px
    # With reduced motion nothing animates or slides (the timer bar jumps, no transitions).
    moving = page.evaluate(
        """() => [...document.querySelectorAll('*')].filter(n => {
            const s = getComputedStyle(n);
            const long = (v) => v.split(',').some(t => parseFloat(t) > 0.01);
            return long(s.transitionDuration)
                || (s.animationName !== 'none' && long(s.animationDuration));
        }).map(n => n.id || n.className || n.tagName)"""
    )
    assert moving == []
    css = (ROOT / "assets" / "web" / "student.css").read_text(encoding="utf-8")
    assert "font-size: 112.5%" in css or "font-size:112.5%" in css  # a percentage of the user's
    assert problems == []


def test_accommodations__the_teachers_large_text_and_reduced_motion_reach_that_phone(
    server, browser
):
    questions = shipped_questions()
    single, tf = questions[QuestionType.SINGLE], questions[QuestionType.TRUE_FALSE]
    inbox = Inbox(server)
    problems: list[str] = []
    page = phone(browser, server.urls[0], problems)
    page.get_by_label("Join code").fill(CODE)
    page.get_by_label("Nickname").fill("Ana")
    page.get_by_role("button", name="Join").click()
    joined = inbox.wait_for(p.ClientJoin)
    server.send(joined.conn_id, p.welcome(1, "Ana", joined.message.token))

    def looks() -> dict[str, Any]:
        return dict(
            page.evaluate(
                """() => {
                    const style = (id) => getComputedStyle(document.getElementById(id));
                    return {prompt: parseFloat(style('q-prompt').fontSize),
                            bar: style('q-timer-fill').transitionDuration};
                }"""
            )
        )

    server.send(joined.conn_id, p.question(0, 3, single, 30.0, key=p.question_key(single, "k", 0)))
    page.get_by_role("heading", name=single.prompt).wait_for()
    plain = looks()
    assert plain["bar"] != "0s"  # the timer bar glides when nothing asks otherwise
    needs = ("large_text", "reduced_motion")
    key = p.question_key(tf, "k", 1)
    server.send(joined.conn_id, p.question(1, 3, tf, 30.0, key=key, accommodations=needs))
    page.get_by_role("heading", name=tf.prompt).wait_for()
    adapted = looks()
    assert adapted["prompt"] >= plain["prompt"] * 1.2
    assert adapted["bar"] == "0s"
    assert axe_violations(page) == []
    # A question without them (the teacher turned them off) brings the plain page back.
    key = p.question_key(single, "k", 2)
    server.send(joined.conn_id, p.question(2, 3, single, 30.0, key=key))
    page.wait_for_function("!document.documentElement.classList.contains('acc-large-text')")
    assert looks() == plain
    assert problems == []
