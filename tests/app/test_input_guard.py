"""Answers nobody gave: held keys, double presses, double clicks and blank answers, played
through the real loop (pygame's own event queue where a key is held) against a real SQLite file.

Each test answers a first question, then does what a hurried player does on its feedback screen,
and checks that the next question, which the player has not yet seen, stays unanswered.
"""

from __future__ import annotations

import json
import sqlite3

import pygame
import pytest

from game.app.scenes.menus import start_round_scene
from game.app.scenes.question import ARM_S, QuestionScene
from game.core.model import QuestionType
from game.core.round import Phase
from tests.app.conftest import click, key, typed


def saved_answers(store) -> list[sqlite3.Row]:
    with sqlite3.connect(store.path) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute("SELECT * FROM answers ORDER BY id").fetchall()


def first_of(ctx, qtype: QuestionType) -> str:
    return next(q.id for q in ctx.questions.values() if q.type is qtype)


def post(*events: pygame.event.Event) -> None:
    for event in events:
        pygame.event.post(event)


def enter_down() -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r", scancode=40)


def enter_up() -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYUP, key=pygame.K_RETURN, mod=0, unicode="\r", scancode=40)


def on_feedback_of_first(app, ctx, clock, second: QuestionType) -> QuestionScene:
    """A round of a true/false question then one of type `second`; the first answered."""
    ids = (first_of(ctx, QuestionType.TRUE_FALSE), first_of(ctx, second))
    app.start(start_round_scene(ctx, ids, "quick"))
    pygame.event.clear()
    scene = app.stack.top
    clock.advance(2)
    app.step([key(pygame.K_t), key(pygame.K_RETURN)])
    assert scene.runner.state.phase is Phase.FEEDBACK
    clock.advance(2)  # the feedback is read
    return scene


def assert_second_unanswered(app, store, second: QuestionType) -> None:
    top = app.stack.top
    assert isinstance(top, QuestionScene)
    assert top.runner.question.type is second
    assert top.runner.state.phase is Phase.ASKING
    assert len(saved_answers(store)) == 1  # only the first question's answer


SECONDS = [QuestionType.SINGLE, QuestionType.ORDER, QuestionType.TEXT, QuestionType.MATCH]


def test_key_repeat_is_on_only_for_arrows_backspace_and_delete(app):
    from game.app.loop import HeldKeys

    held = HeldKeys()
    down = [key(k) for k in (pygame.K_RETURN, pygame.K_SPACE, pygame.K_1, pygame.K_DOWN)]
    assert len(held.filter(down)) == 4
    assert [e.key for e in held.filter(down)] == [pygame.K_DOWN]  # repeats of a held key
    up = pygame.event.Event(pygame.KEYUP, key=pygame.K_RETURN, mod=0)
    assert len(held.filter([up, key(pygame.K_RETURN)])) == 2  # released, then a new press


@pytest.mark.parametrize("second", SECONDS, ids=lambda t: t.value)
def test_enter_held_for_0_7_s_on_feedback__answers_nothing_unseen(app, ctx, store, clock, second):
    """Ensures a held Enter (repeating as pygame repeats it) moves on once and answers nothing."""
    on_feedback_of_first(app, ctx, clock, second)
    # WHEN Enter goes down on the feedback screen and pygame repeats it for 0.7 s
    post(enter_down())
    app.step(app.poll())
    clock.advance(0.35)
    held = 0.35
    while held < 0.7:
        post(enter_down())  # a repeat: no key-up in between
        app.step(app.poll())
        clock.advance(0.04)
        held += 0.04
    post(enter_up())
    app.step(app.poll())
    # THEN the second question is shown, unanswered
    assert_second_unanswered(app, store, second)


@pytest.mark.parametrize("second", SECONDS, ids=lambda t: t.value)
def test_two_enter_presses_180_ms_apart__answer_nothing_unseen(app, ctx, store, clock, second):
    on_feedback_of_first(app, ctx, clock, second)
    post(enter_down(), enter_up())
    app.step(app.poll())
    clock.advance(0.18)
    post(enter_down(), enter_up())
    app.step(app.poll())
    assert_second_unanswered(app, store, second)


@pytest.mark.parametrize("second", SECONDS, ids=lambda t: t.value)
def test_double_click_on_next__answers_nothing_unseen(app, ctx, store, clock, second):
    """Next and Submit share a place, but the Submit there is not armed when Next is clicked."""
    scene = on_feedback_of_first(app, ctx, clock, second)
    where = scene.action_rect.center
    app.step(click(where))
    clock.advance(0.15)
    app.step(click(where))
    assert_second_unanswered(app, store, second)
    # AND once the question has been seen, the same place submits (a real answer)
    clock.advance(ARM_S)
    app.step([key(pygame.K_s)] if second is not QuestionType.TEXT else [typed("x")])
    if second is QuestionType.TEXT:
        app.step(click(where))
    assert len(saved_answers(store)) == 2


def test_keys_in_the_same_frame_as_next__never_reach_the_new_question(app, ctx, store, clock):
    on_feedback_of_first(app, ctx, clock, QuestionType.SINGLE)
    app.step([key(pygame.K_RETURN), key(pygame.K_1), key(pygame.K_RETURN)])
    top = app.stack.top
    assert_second_unanswered(app, store, QuestionType.SINGLE)
    assert top.input.selected == set()  # not even a choice was picked


def test_enter_with_nothing_chosen__says_pick_an_answer_first_and_records_nothing(
    app, ctx, store, clock
):
    app.start(start_round_scene(ctx, (first_of(ctx, QuestionType.SINGLE),), "quick"))
    scene = app.stack.top
    clock.advance(2)
    app.step([key(pygame.K_RETURN)])
    assert scene.runner.state.phase is Phase.ASKING and saved_answers(store) == []
    assert scene.notice.startswith("Pick an answer first")
    ctx.text.overflowed.clear()
    app.draw()
    assert ctx.text.overflowed == []
    app.step(click(scene.action_rect.center))  # the Submit button: the same
    assert saved_answers(store) == []
    app.step([key(pygame.K_2)])
    assert scene.notice == ""  # picking clears the message
    app.step([key(pygame.K_RETURN)])
    assert len(saved_answers(store)) == 1


@pytest.mark.parametrize(
    ("qtype", "message"),
    [
        (QuestionType.MULTIPLE, "Pick at least one answer first"),
        (QuestionType.MATCH, "Match at least one pair first"),
        (QuestionType.TEXT, "Type an answer first"),
        (QuestionType.NUMERIC, "Type a number first"),
        (QuestionType.TRUE_FALSE, "Pick an answer first"),
        (QuestionType.POLL, "Pick an answer first"),
    ],
)
def test_empty_answers_are_refused_as_on_the_phone(app, ctx, store, clock, qtype, message):
    app.start(start_round_scene(ctx, (first_of(ctx, qtype),), "quick"))
    scene = app.stack.top
    clock.advance(2)
    events = [typed("  ?! ")] if qtype is QuestionType.TEXT else []  # nothing that counts
    app.step([*events, key(pygame.K_RETURN)])
    assert scene.runner.state.phase is Phase.ASKING
    assert saved_answers(store) == []
    assert scene.notice.startswith(message)


def test_skip__is_a_visible_choice_recorded_as_skipped(app, ctx, store, clock):
    ids = (first_of(ctx, QuestionType.SINGLE), first_of(ctx, QuestionType.TEXT))
    app.start(start_round_scene(ctx, ids, "quick"))
    scene = app.stack.top
    clock.advance(2)
    skip = next(b for b in scene.buttons if b.action == "skip")
    app.step(click(skip.rect.center))  # the Skip button
    record = scene.runner.last_graded.record
    assert record.skipped and not record.correct and record.points == 0
    clock.advance(2)
    app.step([key(pygame.K_RETURN)])
    text_scene = app.stack.top
    clock.advance(2)
    app.step([typed("s"), key(pygame.K_s)])  # while typing, S is a letter...
    assert text_scene.input.value == "s" and text_scene.runner.state.phase is Phase.ASKING
    app.step([key(pygame.K_s, mod=pygame.KMOD_LCTRL)])  # ...and Ctrl+S skips
    assert text_scene.runner.last_graded.record.skipped
    rows = saved_answers(store)
    assert [json.loads(r["response_json"]) for r in rows] == [{"skipped": True}] * 2
    assert [r["correct"] for r in rows] == [0, 0]
    assert [a.response for a in store.round_answers(text_scene.runner.round_id)] == [
        {"skipped": True}
    ] * 2
