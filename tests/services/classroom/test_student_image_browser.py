"""A question's picture on the phone, in a real browser (Debian's chromium via Playwright) against
a real ClassroomServer: the picture the host serves shows under the prompt with its alt text,
never enlarged past twice its size; when the host has no file to serve (or it fails to load) the
alt text shows in its place; a question without a picture has none; axe-core finds nothing.

Screenshots at phone size (390×844) go to /tmp/student-image-*.png for a person to look at.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pytest

from game.content.loader import load_paths
from game.services.classroom import protocol as p
from tests.services.classroom.test_student_page_a11y import (
    CHROMIUM,
    CODE,
    PHONE,
    Inbox,
    axe_violations,
    browser,  # noqa: F401  (the fixture)
    phone,
    server,  # noqa: F401  (the fixture)
    sync_api,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is missing"),
]

BANK = Path(__file__).resolve().parents[2] / "fixtures" / "images" / "pictures.yaml"
SHOTS = Path("/tmp")


def test_picture__under_the_prompt_with_alt_text_or_the_alt_text_alone(server, browser):  # noqa: F811
    questions = {q.id: q for b in load_paths([BANK]).banks for q in b.questions}
    chart, broken = questions["pic-chart"], questions["pic-broken"]
    assert chart.image_file is not None and chart.image_alt
    problems: list[str] = []
    page = phone(browser, server.urls[0], problems)
    page.get_by_label("Join code").fill(CODE)
    page.get_by_label("Nickname").fill("Ana")
    page.get_by_role("button", name="Join").click()
    joined = Inbox(server).wait_for(p.ClientJoin)
    server.send(joined.conn_id, p.welcome(1, "Ana", joined.message.token))

    # The host publishes the picture when it asks the question, under an opaque name.
    body = Path(chart.image_file.path).read_bytes()
    token = p.image_token("image-secret", 0, hashlib.sha256(body).hexdigest())
    server.publish_image(token, body, chart.image_file.media_type)
    key = p.question_key(chart, "image-secret", 0)
    message = p.question(0, 3, chart, 30.0, 1.0, key=key, image_url=p.IMAGE_PATH + token)
    server.send(joined.conn_id, message)
    prompt = page.get_by_role("heading", name=chart.prompt)
    sync_api.expect(prompt).to_be_visible()
    picture = page.get_by_role("img", name=chart.image_alt)
    sync_api.expect(picture).to_be_visible()
    page.wait_for_function("document.getElementById('q-image-img').naturalWidth > 0")
    shown = picture.bounding_box()
    above = prompt.bounding_box()
    assert shown is not None and above is not None
    assert above["y"] + above["height"] <= shown["y"]  # under the prompt
    assert shown["width"] <= 2 * chart.image_file.width + 2  # never past 2× (CSS pixels)
    first_choice = page.locator("#q-answer button").first.bounding_box()
    assert first_choice is not None and first_choice["y"] < PHONE["height"]
    assert axe_violations(page) == []
    page.screenshot(path=str(SHOTS / "student-image-1.png"))

    # No file to serve (missing, or changed since the session began): the alt text instead.
    key = p.question_key(broken, "image-secret", 1)
    server.send(joined.conn_id, p.question(1, 3, broken, 30.0, 1.0, key=key, image_url=None))
    sync_api.expect(page.get_by_role("heading", name=broken.prompt)).to_be_visible()
    words = page.locator("#q-image-alt")
    sync_api.expect(words).to_have_text(f"Picture: {broken.image_alt}")
    sync_api.expect(page.locator("#q-image-img")).to_be_hidden()
    assert axe_violations(page) == []
    page.screenshot(path=str(SHOTS / "student-image-2-alt-text.png"))

    # An address that does not load (the host stopped serving it): the alt text, no broken icon.
    key = p.question_key(chart, "image-secret", 2)
    gone = p.question(2, 3, chart, 30.0, 1.0, key=key, image_url=p.IMAGE_PATH + "0" * 32)
    server.send(joined.conn_id, gone)
    sync_api.expect(page.locator("#q-progress")).to_have_text("Question 3 of 3")
    sync_api.expect(words).to_have_text(f"Picture: {chart.image_alt}")
    sync_api.expect(page.locator("#q-image-img")).to_be_hidden()

    # A question without a picture: none shown.
    plain = replace(chart, id="plain", image=None, image_alt=None, image_file=None)
    key = p.question_key(plain, "image-secret", 3)
    server.send(joined.conn_id, p.question(3, 4, plain, 30.0, 1.0, key=key))
    sync_api.expect(page.locator("#q-progress")).to_have_text("Question 4 of 4")
    sync_api.expect(page.locator("#q-image")).to_be_hidden()
    assert problems == []
