"""The personal review on a phone (390x844) in a real browser (Debian's chromium via Playwright)
against a real ClassroomServer and a real runtime, engine and SQLite session log pumped on their
own thread: at the end the page lists every question with the student's answer, the right
answer, the explanation and the source, and "Save my misses" downloads a file that
`civic-quiz import-misses` reads.

Screenshots go to /tmp/student-review-*.png for a person to look at.
"""

from __future__ import annotations

import re

import pytest

from game.core import session as s
from game.core.review import read_misses
from tests.services.classroom.test_student_page_browser import (
    CHROMIUM,
    CODE,
    PHONE,
    SHOTS,
    PumpedHost,
    shipped_single_question,
    sync_api,
)
from tests.services.classroom.test_student_page_browser import server as server  # noqa: F401

pytestmark = [pytest.mark.slow]


def test_review_at_the_end_and_save_my_misses(server, tmp_path):  # noqa: F811
    host = PumpedHost(server, tmp_path, ())
    question = shipped_single_question()
    problems: list[str] = []
    try:
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=str(CHROMIUM),
                args=["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"],
            )
            try:
                context = browser.new_context(
                    viewport=PHONE,
                    device_scale_factor=2,
                    is_mobile=True,
                    has_touch=True,
                    accept_downloads=True,
                )
                page = context.new_page()
                page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
                page.goto(server.urls[0])
                page.get_by_label("Join code").fill(CODE)
                page.get_by_label("Nickname").fill("Ana")
                page.get_by_role("button", name="Join").click()
                sync_api.expect(page.get_by_role("heading", name="You're in!")).to_be_visible()
                host.do(lambda: host.runtime.command(s.Start(host.runtime.now())))
                sync_api.expect(page.locator("#q-prompt")).to_have_text(question.prompt)
                wrong = next(i for i in range(len(question.choices)) if i not in question.correct)
                page.get_by_role("button", name=question.choices[wrong]).click()
                page.get_by_role("button", name="Submit").click()
                # the only player has answered: the reveal comes by itself
                sync_api.expect(page.get_by_role("heading", name="Not quite")).to_be_visible()
                # nothing of the review before the end
                assert page.locator("#e-review li").count() == 0
                host.do(lambda: host.runtime.command(s.End(host.runtime.now())))
                sync_api.expect(page.get_by_role("heading", name="Quiz over!")).to_be_visible()
                sync_api.expect(page.get_by_role("heading", name="Your review")).to_be_visible()
                item = page.locator("#e-review li")
                sync_api.expect(item).to_have_count(1)
                sync_api.expect(item).to_contain_text("Question 1 \u00b7 Wrong")
                sync_api.expect(item).to_contain_text(question.prompt)
                sync_api.expect(item).to_contain_text("Your answer: ")
                sync_api.expect(item).to_contain_text(question.choices[wrong])
                right = question.choices[question.correct[0]]
                sync_api.expect(item).to_contain_text(
                    re.compile(r"Right answer: \d [^ ] " + re.escape(right))
                )
                sync_api.expect(item).to_contain_text(question.explanation)
                if question.source:
                    sync_api.expect(item).to_contain_text("Source: " + question.source.label())
                page.screenshot(path=str(SHOTS / "student-review-end.png"), full_page=True)
                page.screenshot(path=str(SHOTS / "student-review-phone.png"))
                save = page.get_by_role("button", name="Save my misses (1 question)")
                sync_api.expect(save).to_be_visible()
                with page.expect_download() as info:
                    save.click()
                download = info.value
                assert download.suggested_filename == "civic-quiz-misses.json"
                saved = tmp_path / "misses.json"
                download.save_as(str(saved))
                misses = read_misses(saved.read_bytes(), str(saved))
                assert misses.nickname == "Ana" and misses.question_ids == (question.id,)
            finally:
                browser.close()
    finally:
        host.close()
    assert problems == []
