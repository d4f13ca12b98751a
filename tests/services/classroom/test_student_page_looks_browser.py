"""Order and match take their colours by one rule on the phone and in solo play (the choice
colours of game.core.choice_look, in CSS variables): an order item keeps the colour of the
place it was shown in first, so the colour moves with it and never hints at the answer; a
match pair has its left item's number and colour on both sides. In a real browser (Debian's
chromium via Playwright) at 390x844 against a real ClassroomServer.

Screenshots go to /tmp/student-looks-*.png for a person to look at.
"""

from __future__ import annotations

import pytest

from game.app.theme import STANDARD
from game.content.loader import load_paths
from game.core.model import QuestionType
from game.services.classroom import protocol as p
from tests.services.classroom.test_student_page_browser import (
    ROOT,
    SHOTS,
    FakeRuntime,
    sync_api,
)
from tests.services.classroom.test_student_page_browser import server as server  # noqa: F401
from tests.services.classroom.test_student_page_choices_browser import join_page, launch

pytestmark = [pytest.mark.slow]


def rgb(position: int) -> str:
    r, g, b = STANDARD.choice_colors[position % len(STANDARD.choice_colors)]
    return f"rgb({r}, {g}, {b})"


def first_of(qtype: QuestionType):
    return next(
        q
        for bank in load_paths([ROOT / "questions"]).banks
        for q in bank.questions
        if q.type is qtype and len(q.items or q.pairs) >= 4
    )


def test_order_items_keep_the_colour_of_where_they_were_shown_first(server):  # noqa: F811
    question = first_of(QuestionType.ORDER)
    runtime = FakeRuntime(server)
    problems: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = launch(pw)
        try:
            page, conn = join_page(browser, server, runtime, problems)
            key = p.question_key(question, "looks-secret", 0)
            server.send(conn, p.question(0, 3, question, 30.0, key=key))
            items = page.locator("#q-answer .order-item")
            sync_api.expect(items).to_have_count(len(question.items))
            shown = items.locator(".label").all_text_contents()

            def colours() -> dict[str, str]:
                return dict(
                    zip(
                        items.locator(".label").all_text_contents(),
                        items.locator(".num").evaluate_all(
                            "ns => ns.map(n => getComputedStyle(n).backgroundColor)"
                        ),
                        strict=True,
                    )
                )

            assert colours() == {text: rgb(k) for k, text in enumerate(shown)}
            items.first.click()
            page.get_by_role("button", name="Move down").click()
            page.screenshot(path=str(SHOTS / "student-looks-order.png"))
            moved = items.locator(".label").all_text_contents()
            assert moved[1] == shown[0]  # it moved, and its colour with it
            assert colours() == {text: rgb(k) for k, text in enumerate(shown)}
        finally:
            browser.close()
    assert problems == []


def test_a_match_pair_has_its_left_items_number_and_colour(server):  # noqa: F811
    question = first_of(QuestionType.MATCH)
    runtime = FakeRuntime(server)
    problems: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = launch(pw)
        try:
            page, conn = join_page(browser, server, runtime, problems)
            key = p.question_key(question, "looks-secret", 0)
            server.send(conn, p.question(0, 3, question, 30.0, key=key))
            lists = page.locator("#q-answer .match-list")
            left, right = lists.nth(0).locator(".match-item"), lists.nth(1).locator(".match-item")
            sync_api.expect(left).to_have_count(len(question.pairs))
            for l_pos, r_pos in [(2, 0), (0, 3)]:  # the third left item first, then the first
                left.nth(l_pos).click()
                right.nth(r_pos).click()
            page.screenshot(path=str(SHOTS / "student-looks-match.png"))
            for l_pos, r_pos in [(2, 0), (0, 3)]:
                for item in (left.nth(l_pos), right.nth(r_pos)):
                    badge = item.locator(".badge")
                    assert badge.text_content() == str(l_pos + 1)
                    colour = badge.evaluate("b => getComputedStyle(b).backgroundColor")
                    assert colour == rgb(l_pos)
                    border = item.evaluate("b => getComputedStyle(b).borderTopColor")
                    assert border == rgb(l_pos)
        finally:
            browser.close()
    assert problems == []
