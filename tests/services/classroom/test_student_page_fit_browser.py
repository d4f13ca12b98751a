"""The student page at phone size (390x844) in a real browser (Debian's chromium via
Playwright) against a real ClassroomServer, at the page's own text size and at the teacher's
"large text" for that student:

- the header shows the whole nickname (it used to cut a 20-character one to "M…" at large
  text);
- a question with six choices fits above the Submit bar without scrolling, readable (the
  choices' text no smaller than the page's body text).

Screenshots go to /tmp/student-fit-*.png for a person to look at.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.services.classroom import protocol as p
from tests.services.classroom.test_student_page_browser import (
    CODE,
    PHONE,
    SHOTS,
    FakeRuntime,
    shipped_single_question,
    sync_api,
)
from tests.services.classroom.test_student_page_browser import server as server  # noqa: F401
from tests.services.classroom.test_student_page_choices_browser import launch

pytestmark = [pytest.mark.slow]

LONGEST_NAME = "Maximiliana Josefina"  # 20 characters, the most a nickname may have


def join_as(browser, server, runtime, problems, name):
    page = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.goto(server.urls[0])
    page.get_by_label("Join code").fill(CODE)
    page.get_by_label("Nickname").fill(name)
    page.get_by_role("button", name="Join").click()
    joined = runtime.wait_for(p.ClientJoin)
    server.send(joined.conn_id, p.welcome(1, name, joined.message.token))
    server.send(joined.conn_id, p.lobby(1))
    sync_api.expect(page.get_by_role("heading", name="You're in!")).to_be_visible()
    return page, joined.conn_id


def header(page) -> dict:
    return page.evaluate(
        """() => {
            const me = document.getElementById('me');
            const r = me.getBoundingClientRect();
            return {text: me.textContent, scroll: me.scrollWidth, client: me.clientWidth,
                    left: r.left, right: r.right, width: window.innerWidth,
                    large: document.documentElement.classList.contains('acc-large-text')};
        }"""
    )


def fit(page) -> dict:
    return page.evaluate(
        """() => {
            const bar = document.querySelector('#screen-question .actions').getBoundingClientRect();
            const body = parseFloat(getComputedStyle(document.getElementById('q-instructions'))
                .fontSize);
            const choices = Array.from(document.querySelectorAll('#q-answer .choice')).map(b => {
                const r = b.getBoundingClientRect();
                const label = b.querySelector('.label');
                return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                        px: parseFloat(getComputedStyle(label).fontSize),
                        clipped: label.scrollHeight > label.clientHeight + 1
                            || label.scrollWidth > label.clientWidth + 1};
            });
            return {bar: bar.top, body, choices, width: window.innerWidth};
        }"""
    )


@pytest.mark.parametrize("large", [False, True])
def test_the_header_shows_the_whole_nickname(server, large):  # noqa: F811
    question = shipped_single_question()
    runtime = FakeRuntime(server)
    problems: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = launch(pw)
        try:
            page, conn = join_as(browser, server, runtime, problems, LONGEST_NAME)
            needs = ("large_text",) if large else ()
            key = p.question_key(question, "fit-secret", 0)
            server.send(conn, p.question(0, 3, question, 30.0, key=key, accommodations=needs))
            sync_api.expect(page.locator("#q-prompt")).to_have_text(question.prompt)
            page.screenshot(path=str(SHOTS / f"student-fit-header-{'large' if large else 'n'}.png"))
            got = header(page)
            assert got["large"] is large
            assert got["text"] == LONGEST_NAME
            assert got["scroll"] <= got["client"], got  # nothing cut off ("M…")
            assert got["left"] >= 0 and got["right"] <= got["width"], got
        finally:
            browser.close()
    assert problems == []


def shipped(qid: str):
    from game.content.loader import load_paths
    from tests.services.classroom.test_student_page_browser import ROOT

    return next(
        q for b in load_paths([ROOT / "questions"]).banks for q in b.questions if q.id == qid
    )


@pytest.mark.parametrize(
    "qid",
    [
        "agency-010",  # six choices of up to 52 characters under a three-line prompt
        "agency-011",
        "six-single",  # a single-answer question with six choices, 13 to 34 characters
    ],
)
def test_six_choices_fit_above_the_submit_bar_without_scrolling(server, qid):  # noqa: F811
    """As for four choices (test_student_page_choices_browser): when the prompt takes three
    lines or fewer, every choice shows above the Submit bar, at the page's own text size."""
    large = False
    if qid == "six-single":
        question = replace(
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
    else:
        question = shipped(qid)
    runtime = FakeRuntime(server)
    problems: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = launch(pw)
        try:
            page, conn = join_as(browser, server, runtime, problems, "Ana")
            needs = ("large_text",) if large else ()
            key = p.question_key(question, "fit-secret", 0)
            server.send(conn, p.question(0, 3, question, 30.0, key=key, accommodations=needs))
            sync_api.expect(page.locator("#q-answer .choice")).to_have_count(6)
            page.screenshot(path=str(SHOTS / f"student-fit-six-{qid}.png"))
            got = fit(page)
            for box in got["choices"]:
                assert box["bottom"] <= got["bar"], got
                assert box["left"] >= 0 and box["right"] <= got["width"], box
                assert box["px"] >= got["body"] - 0.5, box  # as large as the body text
                assert not box["clipped"], box
        finally:
            browser.close()
    assert problems == []


def test_the_podium_never_squeezes_a_name_at_large_text(server):  # noqa: F811
    """ "Ana" on the final podium was drawn "An" over "a" at large text: the place and the
    score took the row. Now the score goes under the name when the row is short."""
    question = shipped_single_question()
    runtime = FakeRuntime(server)
    problems: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = launch(pw)
        try:
            page, conn = join_as(browser, server, runtime, problems, "Ana")
            key = p.question_key(question, "fit-secret", 0)
            server.send(
                conn, p.question(0, 1, question, 30.0, key=key, accommodations=("large_text",))
            )
            sync_api.expect(page.locator("#q-prompt")).to_have_text(question.prompt)
            server.send(conn, p.ended(1, 3039, [("Ana", 3039), (LONGEST_NAME, 1200)]))
            rows = page.locator("#e-podium li")
            sync_api.expect(rows).to_have_count(2)
            page.screenshot(path=str(SHOTS / "student-fit-podium-large.png"), full_page=True)
            for k, name in enumerate(("Ana", LONGEST_NAME)):
                box = (
                    rows.nth(k)
                    .locator(".name")
                    .evaluate(
                        """n => ({lines: Math.round(n.getBoundingClientRect().height /
                                parseFloat(getComputedStyle(n).lineHeight)),
                             text: n.textContent})"""
                    )
                )
                assert box["text"] == name
                assert box["lines"] <= len(name.split()), (
                    name,
                    box,
                )  # whole words: never "An" / "a"
        finally:
            browser.close()
    assert problems == []
