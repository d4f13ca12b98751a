"""The student page's student-paced flow in a real browser (Debian's chromium via Playwright)
against a real host: the ClassroomServer speaking version 2, the PacedRuntime, the paced engine
and a SQLite file. Two phones go at their own speed; one reloads mid-question; a second device
carries on with the personal code; the student finishes with a second chance and their review.

Screenshots at 390x844 go to /tmp/paced-*.png for a person to look at (also with large text).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from game.core import paced as p
from game.core.paced_codes import shown
from game.core.scoring import ScoringPreset, rules_for
from tests.services.classroom.live_host import SINGLES
from tests.services.classroom.paced_host import CODE, QS, PacedHostForTests

CHROMIUM = Path("/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}
SHOTS = Path("/tmp")

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is missing"),
]
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def phone(browser: Any, problems: list[str]) -> Any:
    """A new phone: its own context (its own localStorage, so its own token)."""
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on(
        "console",
        lambda msg: problems.append(f"console: {msg.text}") if msg.type == "error" else None,
    )
    return page


def choice(page: Any, right: bool) -> None:
    """Tap the right (or a wrong) choice of the question on screen, then Submit."""
    prompt = page.locator("#q-prompt").text_content()
    question = next(q for q in QS.values() if q.prompt == prompt)
    good = question.choices[question.correct[0]]
    text = good if right else next(c for c in question.choices if c != good)
    page.locator("#q-answer button.choice", has_text=text).first.click()
    page.get_by_role("button", name="Submit").click()


def join(page: Any, url: str, name: str) -> None:
    page.goto(url)
    page.get_by_label("Join code").fill(CODE)
    page.get_by_label("Nickname").fill(name)
    page.get_by_role("button", name="Join").click()


def test_two_phones_a_reload_and_another_device_through_to_the_review(tmp_path):
    config = p.PacedConfig(
        SINGLES[:3], rules_for(ScoringPreset.ACCURACY, True), secret="browser-paced"
    )
    problems: list[str] = []
    expect = sync_api.expect
    with PacedHostForTests(tmp_path / "class.sqlite3", config) as host:
        url = host.url.replace("/ws", "/")
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            try:
                ana = phone(browser, problems)
                join(ana, url, "Ana")
                expect(ana.locator("#q-progress")).to_have_text("Question 1 of 3")
                expect(ana.locator("#q-timer")).to_contain_text(" s")  # the question's timer
                code = ana.locator("#p-code").text_content()
                assert code and "Your personal code: " in code
                personal = code.split(": ")[1].split(" ")[0]
                assert personal == shown(host.paced.students[1].code)
                ana.screenshot(path=str(SHOTS / "paced-1-question.png"))
                choice(ana, right=False)
                expect(ana.get_by_role("heading", name="Not quite")).to_be_visible()
                expect(ana.locator("#fb-correct")).not_to_be_empty()  # full feedback
                ana.screenshot(path=str(SHOTS / "paced-2-feedback.png"), full_page=True)
                ana.get_by_role("button", name="Next question").click()
                expect(ana.locator("#q-progress")).to_have_text("Question 2 of 3")

                ben = phone(browser, problems)  # a second phone, one question behind
                join(ben, url, "Ben")
                expect(ben.locator("#q-progress")).to_have_text("Question 1 of 3")
                choice(ben, right=True)
                expect(ben.get_by_role("heading", name="Correct!")).to_be_visible()

                ana.reload()  # mid-question: back on the same question, by itself
                expect(ana.locator("#q-progress")).to_have_text("Question 2 of 3")

                other = phone(browser, problems)  # Ana's laptop: name + personal code
                other.goto(url)
                other.get_by_label("Join code").fill(CODE)
                other.get_by_text("Carry on from another device").click()
                other.get_by_label("Your name", exact=True).fill("Ana")
                other.get_by_label("Personal code").fill(personal.lower().replace("-", " "))
                other.screenshot(path=str(SHOTS / "paced-3-carry-on.png"), full_page=True)
                other.get_by_role("button", name="Carry on").click()
                expect(other.locator("#q-progress")).to_have_text("Question 2 of 3")
                assert len(host.paced.students[1].tokens) == 2

                for number in (2, 3):  # Ana finishes her first pass on the laptop
                    expect(other.locator("#q-progress")).to_have_text(f"Question {number} of 3")
                    choice(other, right=True)
                    expect(other.get_by_role("heading", name="Correct!")).to_be_visible()
                    other.get_by_role("button", name="Next question").click()
                expect(other.locator("#q-progress")).to_have_text("Second chance 1 of 1")
                expect(other.locator("#p-chance")).to_be_visible()
                other.evaluate("document.documentElement.classList.add('acc-large-text')")
                other.screenshot(path=str(SHOTS / "paced-4-second-chance-large.png"))
                other.evaluate("document.documentElement.classList.remove('acc-large-text')")
                choice(other, right=True)
                expect(
                    other.get_by_role("heading", name="Second chance: ✓ Correct!")
                ).to_be_visible()
                other.get_by_role("button", name="See my results").click()
                expect(other.get_by_role("heading", name="All done!")).to_be_visible()
                expect(other.locator("#e-rank")).to_contain_text("You got 2 of 3 right")
                expect(other.locator(".review-item")).to_have_count(3)
                expect(other.locator(".review-second")).to_have_text(["Second chance: right"])
                other.screenshot(path=str(SHOTS / "paced-5-done.png"), full_page=True)
                other.evaluate("document.documentElement.classList.add('acc-large-text')")
                other.screenshot(path=str(SHOTS / "paced-6-done-large.png"), full_page=True)
                # Ben is still on his own second question, untouched by Ana's pace.
                expect(ben.locator("#screen-feedback")).to_be_visible()
                ben.get_by_role("button", name="Next question").click()
                expect(ben.locator("#q-progress")).to_have_text("Question 2 of 3")
            finally:
                browser.close()
        student = host.paced.students[1]
        assert student.finished and student.right == 2 and student.redeemed == 1
    assert problems == []


def test_paced_feedback__a_forgiven_slip_stands_next_to_the_right_spelling(tmp_path):
    """A student-paced cloze with a typed gap forgiven a slip: the feedback shows the answer
    and, under it, what the student typed ("You typed: Traffickign"), the right spelling
    beside the slip."""
    from game.core.model import QuestionType

    cloze = next(
        q
        for q in QS.values()
        if q.type is QuestionType.CLOZE
        and q.fuzzy
        and any(not g.options and len(g.accept[0]) > 5 for g in q.gaps)
    )
    words = []
    for gap in cloze.gaps:
        w = gap.accept[0]
        words.append(w if gap.options or len(w) <= 5 else w[:-2] + w[-1] + w[-2])
    config = p.PacedConfig((cloze.id,), rules_for(ScoringPreset.ACCURACY, True), secret="slip")
    problems: list[str] = []
    expect = sync_api.expect
    with PacedHostForTests(tmp_path / "class.sqlite3", config) as host:
        url = host.url.replace("/ws", "/")
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            try:
                ana = phone(browser, problems)
                join(ana, url, "Ana")
                expect(ana.locator("#q-progress")).to_have_text("Question 1 of 1")
                for i, (gap, word) in enumerate(zip(cloze.gaps, words, strict=True), start=1):
                    field = ana.get_by_label(f"Gap {i}")
                    field.select_option(word) if gap.options else field.fill(word)
                ana.get_by_role("button", name="Submit").click()
                expect(ana.get_by_role("heading", name="Correct!")).to_be_visible()
                typed = (
                    words[0]  # one gap: the word alone, as its answer shows it
                    if len(words) == 1
                    else "; ".join(f"({i}) {w}" for i, w in enumerate(words, start=1))
                )
                expect(ana.locator("#fb-typed")).to_have_text(f"You typed: {typed}")
                expect(ana.locator("#fb-correct")).to_contain_text(cloze.gaps[0].accept[0])
                ana.screenshot(path=str(SHOTS / "paced-slip-feedback.png"), full_page=True)
            finally:
                browser.close()
    assert problems == []
