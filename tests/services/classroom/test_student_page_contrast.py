"""Measured contrast on the student page: every text and background pair of student.css, in every
state the page has (each screen, each result tone, picked and unpicked answers, the connection
states, the timer's last seconds, a focused control), meets WCAG 2.2 AA: 4.5:1 for text, 3:1 for
large text (24 px, or 18.66 px bold) and for the edges of controls and the focus ring.

The colours are the browser's computed styles in a real page, not a copy of the CSS: each text
is measured against the first opaque background behind it, with translucent colours composited.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from game.core.model import QuestionType
from game.core.session import PlayerResult
from game.services.classroom import protocol as p
from tests.services.classroom import test_student_page_a11y as a11y
from tests.services.classroom.test_student_page_a11y import CODE, Inbox, phone, shipped_questions

server = a11y.server  # the same fixtures: a real server, a real chromium
browser = a11y.browser
pytestmark = a11y.pytestmark

SCAN = "\n".join(  # the function, without its leading comment
    line
    for line in Path(__file__).with_name("contrast_scan.js").read_text("utf-8").splitlines()
    if not line.startswith("//")
)


def failures(page: Any, state: str) -> list[str]:
    found = page.evaluate(SCAN)
    assert found, f"{state}: nothing measured"
    return [
        f"{state}: {f['what']} {f['ratio']:.2f}:1 < {f['need']}:1"
        for f in found
        if f["ratio"] < f["need"] - 0.005
    ]


def focus_each(page: Any, state: str, limit: int = 12) -> list[str]:
    """Tab through the page's controls, measuring the focus ring on each."""
    problems = []
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for _ in range(limit):
        page.keyboard.press("Tab")
        problems += failures(page, f"{state} (Tab)")
    return problems


def test_every_text_and_control_on_the_student_page_meets_wcag_aa(server, browser):
    questions = shipped_questions()
    inbox = Inbox(server)
    errors: list[str] = []
    problems: list[str] = []
    page = phone(browser, server.urls[0], errors)

    problems += failures(page, "join")
    page.get_by_role("button", name="Join").click()
    problems += failures(page, "join error")
    for conn in ("connecting", "online", "offline"):
        page.evaluate(f"() => document.getElementById('conn').dataset.state = '{conn}'")
        problems += failures(page, f"connection {conn}")
    problems += focus_each(page, "join")

    page.get_by_label("Join code").fill(CODE)
    page.get_by_label("Nickname").fill("Ana")
    page.get_by_role("button", name="Join").click()
    joined = inbox.wait_for(p.ClientJoin)
    server.send(joined.conn_id, p.welcome(1, "Ana", joined.message.token))
    server.send(joined.conn_id, p.lobby(2))
    page.get_by_role("heading", name="You're in!").wait_for()
    problems += failures(page, "waiting")

    for index, (qtype, question) in enumerate(questions.items()):
        key = p.question_key(question, "contrast", index)
        message = p.question(index, 10, question, 30.0, key=key)
        server.send(joined.conn_id, message)
        page.get_by_role("heading", name=message["prompt"]).wait_for()  # cloze numbers gaps
        problems += failures(page, f"question {qtype.value}")
        if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.POLL):
            page.locator(".choice").first.click()  # a picked choice
            problems += failures(page, f"question {qtype.value}, picked")
        if qtype is QuestionType.ORDER:
            page.locator(".order-item").first.click()
            problems += failures(page, "question order, grabbed")
        if qtype is QuestionType.MATCH:
            page.locator(".match-item").first.click()
            problems += failures(page, "question match, left picked")
        problems += focus_each(page, f"question {qtype.value}", limit=6)

    single = questions[QuestionType.SINGLE]
    last = len(questions)  # after one question of each type (the same index would not redraw)
    key = p.question_key(single, "contrast", last)
    server.send(joined.conn_id, p.question(last, 10, single, 30.0, remaining_s=4.0, key=key))
    page.get_by_role("heading", name=single.prompt).wait_for()
    page.wait_for_function("() => document.getElementById('q-timer-fill').dataset.low === 'true'")
    problems += failures(page, "timer in its last seconds")
    page.locator(".choice").first.click()
    page.get_by_role("button", name="Submit").click()
    inbox.wait_for(p.ClientAnswer)
    server.send(joined.conn_id, p.ack(last, False))
    page.get_by_text("Answer received").wait_for()
    problems += failures(page, "answered")
    server.send(joined.conn_id, p.paused(True))
    page.locator("#q-paused").wait_for()
    problems += failures(page, "paused")
    page.wait_for_timeout(100)

    labels = p.distribution_labels(single)
    results = {
        "right": PlayerResult(1, single.correct[0], 1.0, True, 967, 2.0, 967, 1),
        "partly right": PlayerResult(1, 0, 0.5, False, 300, 2.0, 300, 0),
        "wrong": PlayerResult(1, 0, 0.0, False, 0, 2.0, 0, 0),
    }
    for tone, result in results.items():
        server.send(
            joined.conn_id,
            p.reveal(
                last,
                result,
                "the answer",
                single.explanation,
                "A source",
                [1] * len(labels),
                labels,
                1,
                967,
                2,
            ),
        )
        page.locator("#screen-reveal").wait_for()
        page.wait_for_timeout(50)
        problems += failures(page, f"result {tone}")
    server.send(
        joined.conn_id,
        p.reveal(last, None, "x", "y", None, [0] * len(labels), labels, None, 0, 2, skipped=True),
    )
    page.wait_for_timeout(50)
    problems += failures(page, "result skipped")
    server.send(joined.conn_id, p.leaderboard([(1, "Ana", 1200), (2, "Ben", 900)]))
    page.get_by_role("heading", name="Leaderboard").wait_for()
    problems += failures(page, "leaderboard")
    server.send(joined.conn_id, p.ended(1, 1200, [("Ana", 1200), ("Ben", 900), ("Cy", 10)]))
    page.get_by_role("heading", name="Quiz over!").wait_for()
    problems += failures(page, "ended (podium)")
    page.evaluate(
        "() => { const n = document.getElementById('notice'); n.hidden = false;"
        " n.textContent = 'Lost the connection'; }"
    )
    problems += failures(page, "notice bar")

    assert problems == []
    assert errors == []
