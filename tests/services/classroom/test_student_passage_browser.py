"""Document-based questions on the phone, in a real browser (Debian's chromium via Playwright)
against a real ClassroomServer: the passage of a shipped "Read the Order" question shows above
the prompt with where it comes from, scrolls on its own when it is long, is plain text (never
markup), and is gone for the next question that has none.

Screenshots at phone size go to /tmp/student-passage-*.png for a person to look at.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.content.loader import load_paths
from game.core.model import Question, QuestionType
from game.services.classroom import protocol as p
from tests.services.classroom.test_student_page_browser import (
    CHROMIUM,
    CODE,
    PHONE,
    ROOT,
    SHOTS,
    FakeRuntime,
    server,  # noqa: F401  (the fixture)
    sync_api,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is missing"),
]


def shipped() -> list[Question]:
    return [q for b in load_paths([ROOT / "questions"]).banks for q in b.questions]


def test_passage__above_the_prompt_scrollable_plain_text_and_gone_without_one(server):  # noqa: F811
    questions = shipped()
    dbq = max(
        (q for q in questions if q.passage is not None and q.type is QuestionType.SINGLE),
        key=lambda q: len(q.passage.text),  # type: ignore[union-attr]
    )
    assert dbq.passage is not None
    plain = next(q for q in questions if q.passage is None and q.type is QuestionType.SINGLE)
    runtime = FakeRuntime(server)
    problems: list[str] = []
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
            joined = runtime.wait_for(p.ClientJoin)
            token = joined.message.token
            server.send(joined.conn_id, p.welcome(1, "Ana", token))

            key = p.question_key(dbq, "passage-secret", 0)
            server.send(joined.conn_id, p.question(0, 2, dbq, 30.0, 1.0, key=key))
            prompt = page.get_by_role("heading", name=dbq.prompt)
            sync_api.expect(prompt).to_be_visible()
            box = page.get_by_role("region", name="Passage to read")
            sync_api.expect(box).to_have_text(dbq.passage.text)
            sync_api.expect(page.locator("#q-passage-source")).to_have_text(
                dbq.passage.citation_line()
            )
            above = box.bounding_box()
            below = prompt.bounding_box()
            assert above is not None and below is not None
            assert above["y"] + above["height"] <= below["y"]  # the passage comes first
            assert prompt.get_attribute("aria-describedby") == "q-passage-text"  # read with it
            page.screenshot(path=str(SHOTS / "student-passage-1.png"))
            # long: it scrolls inside its box, and the answers stay on the first screen
            sizes = box.evaluate("b => [b.scrollHeight, b.clientHeight]")
            assert sizes[0] > sizes[1], sizes
            box.evaluate("b => { b.scrollTop = b.scrollHeight; }")
            assert box.evaluate("b => b.scrollTop") > 0
            choice_box = page.locator("#q-answer button").first.bounding_box()
            assert choice_box is not None and choice_box["y"] < PHONE["height"]
            page.screenshot(path=str(SHOTS / "student-passage-2-scrolled.png"))

            # markup in a passage is shown as text, never run as HTML
            marked = replace(
                dbq, passage=replace(dbq.passage, text="<img src=x onerror=alert(1)> Sec. 1")
            )
            key2 = p.question_key(marked, "passage-secret", 1)
            server.send(joined.conn_id, p.question(1, 3, marked, 30.0, 1.0, key=key2))
            sync_api.expect(box).to_have_text("<img src=x onerror=alert(1)> Sec. 1")
            assert page.locator("#q-passage img").count() == 0

            # the next question has no passage: the box is gone
            key3 = p.question_key(plain, "passage-secret", 2)
            server.send(joined.conn_id, p.question(2, 3, plain, 30.0, 1.0, key=key3))
            sync_api.expect(page.get_by_role("heading", name=plain.prompt)).to_be_visible()
            sync_api.expect(page.locator("#q-passage")).to_be_hidden()
            plain_prompt = page.get_by_role("heading", name=plain.prompt)
            assert plain_prompt.get_attribute("aria-describedby") is None
        finally:
            browser.close()
    assert problems == []
