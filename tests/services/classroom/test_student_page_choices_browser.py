"""Every choice visible, and each one as the projector shows it, on a phone (390x844) in a real
browser (Debian's chromium via Playwright) against a real ClassroomServer.

With a three-line prompt the fourth choice used to hide under the sticky Submit bar; now the
page switches to a compact 2x2 grid when the list would not fit above the bar. Each choice
carries the number, shape and colour of its position (game.core.choice_look).

Screenshots go to /tmp/student-choices-*.png for a person to look at.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.app.theme import STANDARD
from game.core.choice_look import CHOICE_LOOKS
from game.core.model import QuestionType
from game.services.classroom import protocol as p
from tests.services.classroom.test_student_page_browser import (
    CHROMIUM,
    CODE,
    PHONE,
    SHOTS,
    FakeRuntime,
    shipped_single_question,
    sync_api,
)
from tests.services.classroom.test_student_page_browser import server as server  # noqa: F401

pytestmark = [pytest.mark.slow]

THREE_LINES = "Which official does the order direct to keep the list of fentanyl precursors?"


def longest_four_choice_question():
    from game.content.loader import load_paths
    from tests.services.classroom.test_student_page_browser import ROOT

    result = load_paths([ROOT / "questions"])
    singles = [
        q
        for bank in result.banks
        for q in bank.questions
        if q.type is QuestionType.SINGLE and len(q.choices) == 4
    ]
    return max(singles, key=lambda q: sum(len(c) for c in q.choices))


def launch(pw):
    return pw.chromium.launch(
        executable_path=str(CHROMIUM),
        args=["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"],
    )


def join_page(browser, server, runtime, problems, viewport=PHONE):
    page = browser.new_page(
        viewport=viewport, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.goto(server.urls[0])
    page.get_by_label("Join code").fill(CODE)
    page.get_by_label("Nickname").fill("Ana")
    page.get_by_role("button", name="Join").click()
    joined = runtime.wait_for(p.ClientJoin)
    server.send(joined.conn_id, p.welcome(1, "Ana", joined.message.token))
    server.send(joined.conn_id, p.lobby(1))
    sync_api.expect(page.get_by_role("heading", name="You're in!")).to_be_visible()
    return page, joined.conn_id


def choice_boxes(page) -> dict:
    return page.evaluate(
        """() => {
            const bar = document.querySelector('#screen-question .actions').getBoundingClientRect();
            const prompt = document.getElementById('q-prompt');
            const lines = Math.round(prompt.getBoundingClientRect().height /
                parseFloat(getComputedStyle(prompt).lineHeight));
            const choices = Array.from(document.querySelectorAll('#q-answer .choice')).map(b => {
                const r = b.getBoundingClientRect();
                return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                        num: b.querySelector('.num').textContent,
                        shape: b.querySelector('.shape').textContent,
                        name: b.getAttribute('data-shape'),
                        colour: getComputedStyle(b).backgroundColor};
            });
            return {bar: {top: bar.top, bottom: bar.bottom}, lines, choices,
                    width: window.innerWidth, height: window.innerHeight,
                    compact: document.querySelector('#q-answer .choices')
                        .classList.contains('compact')};
        }"""
    )


def test_all_four_choices_show_above_the_submit_bar_with_their_look(server):  # noqa: F811
    """The longest four choices the banks ship, under a three-line prompt."""
    question = replace(longest_four_choice_question(), prompt=THREE_LINES)
    runtime = FakeRuntime(server)
    key = p.question_key(question, "choices-secret", 0)
    problems: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = launch(pw)
        try:
            page, conn = join_page(browser, server, runtime, problems)
            server.send(conn, p.question(0, 10, question, 30.0, 1.0, key=key))
            sync_api.expect(page.locator("#q-prompt")).to_have_text(question.prompt)
            sync_api.expect(page.locator("#q-answer .choice")).to_have_count(4)
            page.screenshot(path=str(SHOTS / "student-choices-three-lines.png"))
            boxes = choice_boxes(page)
            assert boxes["lines"] == 3, boxes
            assert boxes["bar"]["bottom"] <= boxes["height"] + 1
            for position, box in enumerate(boxes["choices"]):
                assert box["top"] >= 0 and box["left"] >= 0, box
                assert box["right"] <= boxes["width"], box
                assert box["bottom"] <= boxes["bar"]["top"], (position, box, boxes["bar"])
                look = CHOICE_LOOKS[position]
                assert box["num"] == str(look.number)
                assert box["shape"] == look.glyph and box["name"] == look.shape
                r, g, b = STANDARD.choice_colors[position]
                assert box["colour"] == f"rgb({r}, {g}, {b})"
            # the shown order is the session's, as on the projector
            texts = page.locator("#q-answer .choice .label").all_text_contents()
            assert texts == [question.choices[i] for i in key.choice_order]
        finally:
            browser.close()
    assert problems == []


def test_every_shipped_four_choice_question_fits_when_its_prompt_does(server):  # noqa: F811
    """Each shipped single question with four choices, one after the other on the same page:
    when its prompt takes three lines or fewer, all four choices show above the bar (for a
    document-based question, once the student has scrolled past its passage)."""
    from game.content.loader import load_paths
    from tests.services.classroom.test_student_page_browser import ROOT

    questions = [
        q
        for bank in load_paths([ROOT / "questions"]).banks
        for q in bank.questions
        if q.type is QuestionType.SINGLE and len(q.choices) == 4
    ]
    runtime = FakeRuntime(server)
    problems: list[str] = []
    hidden: list[str] = []
    checked = 0
    with sync_api.sync_playwright() as pw:
        browser = launch(pw)
        try:
            page, conn = join_page(browser, server, runtime, problems)
            for index, question in enumerate(questions):
                key = p.question_key(question, "choices-secret", index)
                server.send(conn, p.question(index, len(questions), question, 30.0, key=key))
                sync_api.expect(page.locator("#q-prompt")).to_have_text(question.prompt)
                if question.passage is not None:
                    # the passage is read first: scrolled to the end, every choice is above the bar
                    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
                boxes = choice_boxes(page)
                page.evaluate("window.scrollTo(0, 0)")
                if boxes["lines"] > 3:
                    continue
                checked += 1
                for box in boxes["choices"]:
                    if box["bottom"] > boxes["bar"]["top"] or box["right"] > boxes["width"]:
                        hidden.append(question.id)
                        page.screenshot(path=str(SHOTS / f"student-choices-{question.id}.png"))
                        break
        finally:
            browser.close()
    assert checked >= 5  # the banks hold six such questions today
    assert hidden == []
    assert problems == []


def test_a_short_question_keeps_the_roomy_one_column_list(server):  # noqa: F811
    """The compact grid is for when the list would not fit; a short one stays one per row."""
    question = shipped_single_question()
    question = replace(
        question, prompt="Who signs an executive order?", choices=("The President", "Congress")
    )
    question = replace(question, correct=(0,))
    runtime = FakeRuntime(server)
    key = p.question_key(question, "choices-secret", 0)
    problems: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = launch(pw)
        try:
            page, conn = join_page(browser, server, runtime, problems)
            server.send(conn, p.question(0, 10, question, 30.0, 1.0, key=key))
            sync_api.expect(page.locator("#q-answer .choice")).to_have_count(2)
            boxes = choice_boxes(page)
            assert not boxes["compact"]
            first, second = boxes["choices"]
            assert second["top"] >= first["bottom"]  # one below the other
        finally:
            browser.close()
    assert problems == []
