"""Read aloud on the phone: the student page's "Read aloud" button speaks the prompt and the
answers with their numbers through the browser's speechSynthesis, in the voice and at the speed
the student picked (kept on the phone); "Read every question" (or the teacher's accommodation,
`read_aloud` in the question message) reads each new question at once; and a browser that cannot
speak shows no button at all.

A stand-in speechSynthesis, installed before the page's own script runs, records each utterance
(its text, rate and voice): the real page code, in a real browser, against a real server.
"""

from __future__ import annotations

from typing import Any

from game.core.model import QuestionType
from game.services.classroom import protocol as p
from tests.services.classroom import test_student_page_a11y as a11y
from tests.services.classroom.test_student_page_a11y import CODE, Inbox, phone, shipped_questions

server = a11y.server  # the same fixtures: a real server, a real chromium
browser = a11y.browser
pytestmark = a11y.pytestmark

FAKE_SPEECH = """
window.__spoken = [];
window.__cancelled = 0;
const voices = [
  {name: 'Ava', lang: 'en-US', voiceURI: 'ava', default: true},
  {name: 'Lucía', lang: 'es-ES', voiceURI: 'lucia', default: false},
];
Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: {
  speaking: false,
  getVoices: () => voices,
  speak: (u) => window.__spoken.push(
    {text: u.text, rate: u.rate, voice: u.voice ? u.voice.name : null}),
  cancel: () => { window.__cancelled += 1; },
  addEventListener: () => {},
}});
window.SpeechSynthesisUtterance = function (text) { this.text = text; this.rate = 1; };
"""
NO_SPEECH = """
Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: undefined});
Object.defineProperty(window, 'SpeechSynthesisUtterance', {configurable: true, value: undefined});
"""


def joined_phone(browser: Any, server: Any, script: str, problems: list[str]) -> tuple[Any, int]:
    inbox = Inbox(server)
    page = phone(browser, "about:blank", problems)
    page.add_init_script(script)
    page.goto(server.urls[0])
    page.get_by_label("Join code").fill(CODE)
    page.get_by_label("Nickname").fill("Ana")
    page.get_by_role("button", name="Join").click()
    joined = inbox.wait_for(p.ClientJoin)
    server.send(joined.conn_id, p.welcome(1, "Ana", joined.message.token))
    return page, joined.conn_id


def spoken(page: Any) -> list[dict[str, Any]]:
    return list(page.evaluate("window.__spoken"))


def test_read_aloud__speaks_the_prompt_and_the_numbered_answers_in_the_chosen_voice(
    server, browser
):
    questions = shipped_questions()
    single = questions[QuestionType.SINGLE]
    problems: list[str] = []
    page, conn = joined_phone(browser, server, FAKE_SPEECH, problems)
    key = p.question_key(single, "read-aloud", 0)
    server.send(conn, p.question(0, 3, single, 30.0, key=key))
    page.get_by_role("heading", name=single.prompt).wait_for()
    assert spoken(page) == []  # nothing is read unless asked

    page.get_by_role("button", name="Read aloud").click()
    said = spoken(page)
    assert len(said) == 1
    shown = page.locator(".choice .label").all_inner_texts()  # the page's own (shuffled) order
    expected = (
        single.prompt + " Answers: " + " ".join(f"{i + 1}: {text}." for i, text in enumerate(shown))
    )
    assert said[0]["text"] == expected
    assert said[0]["rate"] == 1 and said[0]["voice"] is None  # the phone's default voice

    # Voice and speed: chosen once, used from then on, and kept on the phone.
    page.get_by_text("Reading options").click()  # the settings are folded away at first
    page.get_by_label("Voice").select_option(label="Lucía (es-ES)")
    page.get_by_label("Speed").select_option(label="Slow")
    page.get_by_role("button", name="Read aloud").click()
    assert spoken(page)[-1]["voice"] == "Lucía" and spoken(page)[-1]["rate"] == 0.75
    assert page.evaluate("window.__cancelled") >= 2  # a new reading interrupts the old one

    # An order question: its items with their numbers; a match: both lists.
    order = questions[QuestionType.ORDER]
    server.send(conn, p.question(1, 3, order, 30.0, key=p.question_key(order, "read-aloud", 1)))
    page.get_by_role("heading", name=order.prompt).wait_for()
    page.get_by_role("button", name="Read aloud").click()
    text = spoken(page)[-1]["text"]
    assert text.startswith(order.prompt + " Items: 1: ")
    assert all(item in text for item in order.items)
    match = questions[QuestionType.MATCH]
    server.send(conn, p.question(2, 3, match, 30.0, key=p.question_key(match, "read-aloud", 2)))
    page.get_by_role("heading", name=match.prompt).wait_for()
    page.get_by_role("button", name="Read aloud").click()
    text = spoken(page)[-1]["text"]
    assert " Items: 1: " in text and " Partners: 1: " in text
    assert all(a in text and b in text for a, b in match.pairs)

    # After a reload the choices are remembered.
    page.reload()
    page.locator("#ra-rate").wait_for(state="attached")
    assert page.locator("#ra-rate").input_value() == "0.75"
    assert page.locator("#ra-voice").input_value() == "Lucía"
    assert problems == []


def test_read_every_question__and_the_teachers_read_aloud_accommodation(server, browser):
    questions = shipped_questions()
    problems: list[str] = []
    page, conn = joined_phone(browser, server, FAKE_SPEECH, problems)
    tf = questions[QuestionType.TRUE_FALSE]
    # The teacher turned read-aloud on for this student: each question is read as it arrives.
    key = p.question_key(tf, "read-aloud", 0)
    server.send(conn, p.question(0, 2, tf, 30.0, key=key, accommodations=("read_aloud",)))
    page.get_by_role("heading", name=tf.prompt).wait_for()
    page.wait_for_function("window.__spoken.length === 1")
    assert spoken(page)[0]["text"] == tf.prompt + " Answers: 1: True. 2: False."
    assert page.get_by_label("Read every question").is_checked()
    # The student may still turn it off.
    page.get_by_text("Reading options").click()
    page.get_by_label("Read every question").uncheck()
    text = questions[QuestionType.TEXT]
    server.send(conn, p.question(1, 2, text, 30.0, key=p.question_key(text, "read-aloud", 1)))
    page.get_by_role("heading", name=text.prompt).wait_for()
    assert len(spoken(page)) == 1
    assert problems == []


def test_no_speech_in_the_browser__no_read_aloud_button(server, browser):
    single = shipped_questions()[QuestionType.SINGLE]
    problems: list[str] = []
    page, conn = joined_phone(browser, server, NO_SPEECH, problems)
    server.send(conn, p.question(0, 1, single, 30.0, key=p.question_key(single, "x", 0)))
    page.get_by_role("heading", name=single.prompt).wait_for()
    assert page.get_by_role("button", name="Read aloud").count() == 0
    assert page.locator(".read-aloud").count() == 0
    assert problems == []
