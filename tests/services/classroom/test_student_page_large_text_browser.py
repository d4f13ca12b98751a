"""The student page at the teacher's "large text" for that student, in a real browser (Debian's
chromium via Playwright) against a real ClassroomServer:

- on a 390x844 phone a question with six choices, and one whose prompt takes nine lines and
  more (agency-013), show every choice and Submit without scrolling: the page spends less room
  around the words, and a prompt too long for that scrolls in a box of its own (cut mid-line, so
  it shows there is more); the student taps a choice and Submit where they are;
- where that is not possible (52-character choices, a 360x640 phone) the page scrolls, and
  Submit stays on the screen at every point, with the last choice above it at the bottom;
- nothing is wider than the phone, and the choices' words are as large as the page's help text.

Screenshots go to /tmp/student-large-*.png for a person to look at.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.services.classroom import protocol as p
from tests.services.classroom.test_student_page_browser import (
    SHOTS,
    FakeRuntime,
    shipped_single_question,
    sync_api,
)
from tests.services.classroom.test_student_page_browser import server as server  # noqa: F401
from tests.services.classroom.test_student_page_choices_browser import launch
from tests.services.classroom.test_student_page_fit_browser import join_as, shipped

pytestmark = [pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
SMALL = {"width": 360, "height": 640}

BOXES = """() => {
    const box = e => { const r = e.getBoundingClientRect();
        return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; };
    const prompt = document.getElementById('q-prompt');
    const px = e => parseFloat(getComputedStyle(e).fontSize);
    return {
        height: window.innerHeight, width: window.innerWidth,
        wide: document.documentElement.scrollWidth,
        bar: box(document.querySelector('#screen-question .actions')),
        submit: box(document.getElementById('q-submit')),
        prompt: {...box(prompt), text: prompt.textContent, scrolls:
                 prompt.scrollHeight > prompt.clientHeight + 1, tab: prompt.tabIndex},
        help: px(document.getElementById('q-instructions')),
        choices: Array.from(document.querySelectorAll('#q-answer .choice')).map(
            c => ({...box(c), px: px(c.querySelector('.label')),
                   cut: c.scrollWidth > c.clientWidth + 1 || c.scrollHeight > c.clientHeight + 1})),
    };
}"""


def six_single():
    return replace(
        shipped_single_question(),
        prompt="Which official does the order direct to keep the list of fentanyl precursors?",
        choices=(
            "The President",
            "Congress",
            "The Attorney General",
            "The Secretary of State",
            "The Secretary of War",
            "The Secretary of Homeland Security",
        ),
        correct=(2,),
    )


def question_for(qid: str):
    return six_single() if qid == "six-single" else shipped(qid)


def open_large(browser, server, qid, viewport):  # noqa: F811
    runtime = FakeRuntime(server)
    problems: list[str] = []
    page, conn = join_as(browser, server, runtime, problems, "Ana")
    page.set_viewport_size(viewport)
    question = question_for(qid)
    key = p.question_key(question, "large-secret", 0)
    server.send(conn, p.question(0, 3, question, 30.0, key=key, accommodations=("large_text",)))
    sync_api.expect(page.locator("#q-answer .choice")).to_have_count(len(question.choices))
    page.wait_for_function("document.documentElement.classList.contains('acc-large-text')")
    page.wait_for_timeout(100)  # the layout settles (fitChoices runs on the question)
    return page, runtime, question, problems


def within_width(got) -> None:
    assert got["wide"] <= got["width"], got  # nothing wider than the phone
    for box in [got["bar"], got["prompt"], *got["choices"]]:
        assert box["left"] >= 0 and box["right"] <= got["width"], box
    for box in got["choices"]:
        assert box["px"] >= got["help"] - 0.5, box  # as large as the help text
        assert not box["cut"], box  # no word runs out of its card


@pytest.mark.parametrize("qid", ["six-single", "agency-013"])
def test_at_390x844_every_choice_and_submit_show_without_scrolling(server, qid):  # noqa: F811
    with sync_api.sync_playwright() as pw:
        browser = launch(pw)
        try:
            page, runtime, question, problems = open_large(browser, server, qid, PHONE)
            page.screenshot(path=str(SHOTS / f"student-large-{qid}-390x844.png"))
            got = page.evaluate(BOXES)
            within_width(got)
            assert got["prompt"]["text"] == question.prompt  # all of it, in its box
            assert got["prompt"]["top"] >= 0
            for box in got["choices"]:
                assert box["top"] >= got["prompt"]["bottom"] and box["bottom"] <= got["bar"]["top"]
            assert got["submit"]["bottom"] <= got["height"], got
            if got["prompt"]["scrolls"]:  # a box that scrolls is reachable from the keyboard
                assert got["prompt"]["tab"] == 0
            # The student taps the last choice and Submit where they are, with no scrolling.
            last = got["choices"][-1]
            page.touchscreen.tap((last["left"] + last["right"]) / 2, last["bottom"] - 8)
            sync_api.expect(page.locator("#q-answer .choice").last).to_have_attribute(
                "aria-pressed", "true"
            )
            assert page.evaluate("window.scrollY") == 0
            submit = got["submit"]
            page.touchscreen.tap((submit["left"] + submit["right"]) / 2, submit["top"] + 8)
            answer = runtime.wait_for(p.ClientAnswer)
            assert answer.message.index == 0
        finally:
            browser.close()
    assert problems == []


@pytest.mark.parametrize(
    ("qid", "viewport"),
    [
        ("agency-010", PHONE),  # six choices of up to 52 characters: too long for one screen
        ("agency-010", SMALL),
        ("six-single", SMALL),
        ("agency-013", SMALL),
    ],
    ids=["agency-010-390x844", "agency-010-360x640", "six-single-360x640", "agency-013-360x640"],
)
def test_when_the_page_must_scroll_submit_is_always_on_screen(server, qid, viewport):  # noqa: F811
    with sync_api.sync_playwright() as pw:
        browser = launch(pw)
        try:
            page, _, question, problems = open_large(browser, server, qid, viewport)
            name = f"student-large-{qid}-{viewport['width']}x{viewport['height']}"
            page.screenshot(path=str(SHOTS / f"{name}.png"))
            bottom = page.evaluate("document.documentElement.scrollHeight - window.innerHeight")
            for y in (0, bottom // 2, bottom):
                page.evaluate(f"window.scrollTo(0, {y})")
                got = page.evaluate(BOXES)
                within_width(got)
                assert got["submit"]["top"] >= 0 and got["submit"]["bottom"] <= got["height"], (
                    y,
                    got["submit"],
                )
            page.screenshot(path=str(SHOTS / f"{name}-end.png"))
            last = got["choices"][-1]
            assert last["bottom"] <= got["bar"]["top"] and last["top"] >= 0, got  # in reach
            assert got["prompt"]["text"] == question.prompt
        finally:
            browser.close()
    assert problems == []
