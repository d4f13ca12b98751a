"""Whole rounds through the real loop with synthetic input, checked against the SQLite file."""

from __future__ import annotations

import sqlite3

import pygame
import pytest

from game.app.answer_inputs import ChoiceInput, MatchInput, OrderInput
from game.app.scenes.menus import MainMenuScene, PauseScene, start_round_scene
from game.app.scenes.question import QuestionScene
from game.app.scenes.summary import SummaryScene
from game.core.model import QuestionType
from game.core.round import Phase
from tests.app.conftest import click, key, typed

LETTER_KEYS = [getattr(pygame, f"K_{c}") for c in "abcdefghij"]
NUMBER_KEYS = [getattr(pygame, f"K_{n}") for n in range(1, 10)]


def one_of_each_type(ctx) -> tuple[str, ...]:
    firsts = {}
    for q in ctx.questions.values():
        firsts.setdefault(q.type, q.id)
    return tuple(firsts[t] for t in QuestionType if t in firsts)


def keyboard_answer(scene: QuestionScene) -> list[pygame.event.Event]:
    """The key presses that answer the scene's question correctly (polls: choice 1)."""
    q = scene.runner.question
    inp = scene.input
    if q.type is QuestionType.SINGLE:
        return [key(NUMBER_KEYS[inp.order.index(q.correct[0])]), key(pygame.K_RETURN)]
    if q.type is QuestionType.MULTIPLE:
        return [key(NUMBER_KEYS[inp.order.index(i)]) for i in q.correct] + [key(pygame.K_RETURN)]
    if q.type is QuestionType.TRUE_FALSE:
        return [key(pygame.K_t if q.truth else pygame.K_f), key(pygame.K_RETURN)]
    if q.type is QuestionType.POLL:
        return [key(pygame.K_1), key(pygame.K_RETURN)]
    if q.type is QuestionType.ORDER:
        events = []
        arrangement = list(inp.arrangement)
        for target in range(len(arrangement)):
            position = arrangement.index(target)
            events.append(key(NUMBER_KEYS[position]))  # focus and grab
            events += [key(pygame.K_UP)] * (position - target)
            events.append(key(pygame.K_SPACE))  # drop
            arrangement.insert(target, arrangement.pop(position))
        return events + [key(pygame.K_RETURN)]
    if q.type is QuestionType.MATCH:
        events = []
        for left in range(len(q.pairs)):
            events += [key(NUMBER_KEYS[left]), key(LETTER_KEYS[inp.right_order.index(left)])]
        return events + [key(pygame.K_RETURN)]
    if q.type is QuestionType.TEXT:
        return [typed(q.accept[0].lower()), key(pygame.K_RETURN)]
    if q.type is QuestionType.CLOZE:  # type each typed gap, pick 1-9 in a drop-down; Tab: next
        events = []
        for gap in q.gaps:
            if gap.options:
                shown = sorted(gap.options, key=lambda o: (o.casefold(), o))
                events.append(key(NUMBER_KEYS[shown.index(gap.accept[0])]))
            else:
                events.append(typed(gap.accept[0].lower()))
            events.append(key(pygame.K_TAB))
        return events + [key(pygame.K_RETURN)]
    assert q.numeric is not None
    return [typed(f"{q.numeric.value:g}"), key(pygame.K_RETURN)]


def saved_answers(store) -> list[sqlite3.Row]:
    with sqlite3.connect(store.path) as conn:  # a second connection: proves it is committed
        conn.row_factory = sqlite3.Row
        return conn.execute("SELECT * FROM answers ORDER BY id").fetchall()


def test_round_with_every_type__keyboard_only__saved_in_sqlite(app, ctx, store, clock):
    """Ensures a keyboard-only player can answer all nine types and every answer is saved."""
    # GIVEN a round with one question of each type, opened from the menu
    ids = one_of_each_type(ctx)
    app.start(MainMenuScene(ctx))
    app.start(start_round_scene(ctx, ids, "quick"))
    # WHEN each question is answered with keys only, a few seconds each
    for number, qid in enumerate(ids, 1):
        scene = app.stack.top
        assert isinstance(scene, QuestionScene) and scene.runner.question.id == qid
        clock.advance(3)
        assert app.step(keyboard_answer(scene))
        assert scene.runner.state.phase is Phase.FEEDBACK
        assert len(saved_answers(store)) == number  # committed before moving on
        clock.advance(1)  # the feedback is read
        app.step([key(pygame.K_RETURN)])
    # THEN the summary shows, and the database holds all nine answers, all right
    assert isinstance(app.stack.top, SummaryScene)
    rows = saved_answers(store)
    assert [r["question_id"] for r in rows] == list(ids)
    graded = [r for r in rows if r["graded"]]
    assert len(graded) == 8 and all(r["correct"] == 1 for r in graded)
    assert all(r["points"] > 0 for r in graded)
    poll = next(r for r in rows if not r["graded"])
    assert poll["points"] == 0
    [history] = store.history(ctx.player.id)
    assert (
        history.finished
        and history.correct == 8
        and history.score == sum(r["points"] for r in rows)
    )
    summary = app.stack.top.summary
    assert summary.accuracy == 1.0 and summary.best_streak == 8
    # AND Enter goes back to the menu
    app.step([key(pygame.K_RETURN)])
    assert isinstance(app.stack.top, MainMenuScene)


def test_mouse_only__choices_order_and_match(app, ctx, store, clock):
    """Ensures the mouse alone can answer single, order and match questions."""
    pick = {
        t: next(q for q in ctx.questions.values() if q.type is t)
        for t in (QuestionType.SINGLE, QuestionType.ORDER, QuestionType.MATCH)
    }
    app.start(MainMenuScene(ctx))
    app.start(start_round_scene(ctx, tuple(q.id for q in pick.values()), "quick"))
    for q in pick.values():
        scene = app.stack.top
        inp = scene.input
        clock.advance(2)  # the question is read
        events = []
        if isinstance(inp, ChoiceInput):
            events += click(inp.cells[inp.order.index(q.correct[0])].center)
        elif isinstance(inp, OrderInput):
            arrangement = list(inp.arrangement)
            for target in range(len(arrangement)):
                position = arrangement.index(target)
                up = next(b for b in inp.buttons if b.action == ("up", position))
                for step in range(position, target, -1):
                    up = next(b for b in inp.buttons if b.action == ("up", step))
                    events += click(up.rect.center)
                arrangement.insert(target, arrangement.pop(position))
        elif isinstance(inp, MatchInput):
            for left in range(len(q.pairs)):
                events += click(inp.left_cells[left].center)
                events += click(inp.right_cells[inp.right_order.index(left)].center)
        events += click(scene.action_rect.center)  # Submit
        app.step(events)
        assert scene.runner.last_graded.record.correct, q.id
        clock.advance(1)
        app.step(click(scene.action_rect.center))  # Next
    assert isinstance(app.stack.top, SummaryScene)
    assert [r["correct"] for r in saved_answers(store)] == [1, 1, 1]


def test_order__drag_with_the_mouse(app, ctx):
    q = next(q for q in ctx.questions.values() if q.type is QuestionType.ORDER)
    app.start(start_round_scene(ctx, (q.id,), "quick"))
    app.stack.top.armed_at = 0.0  # (this test is about dragging, not about the input guard)
    inp = app.stack.top.input
    before = list(inp.arrangement)
    a, b = inp.row_rects[0].center, inp.row_rects[2].center
    app.step(
        [
            pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=a),
            pygame.event.Event(pygame.MOUSEMOTION, pos=b, rel=(0, 1), buttons=(1, 0, 0)),
            pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=b),
        ]
    )
    assert inp.arrangement == [before[1], before[2], before[0]] + before[3:]


def test_arrows_then_space_then_enter__submits_the_focused_choice(app, ctx, clock):
    q = next(q for q in ctx.questions.values() if q.type is QuestionType.SINGLE)
    app.start(start_round_scene(ctx, (q.id,), "quick"))
    scene = app.stack.top
    clock.advance(1)
    app.step([key(pygame.K_DOWN), key(pygame.K_SPACE), key(pygame.K_RETURN)])
    assert scene.runner.last_graded.record.response == scene.input.order[1]


def test_timer_runs_out__answer_is_saved_as_timed_out(app, ctx, store, clock):
    q = next(q for q in ctx.questions.values() if q.type is QuestionType.SINGLE)
    app.start(start_round_scene(ctx, (q.id,), "quick"))
    scene = app.stack.top
    assert scene.animating()
    clock.advance(scene.runner.last_started.time_limit_s + 1)
    app.step([])
    record = scene.runner.last_graded.record
    assert record.timed_out and record.points == 0
    assert saved_answers(store)[0]["timed_out"] == 1


def test_pause__stops_the_clock_and_resumes(app, ctx, clock):
    q = next(q for q in ctx.questions.values() if q.type is QuestionType.SINGLE)
    app.start(start_round_scene(ctx, (q.id,), "quick"))
    scene = app.stack.top
    deadline = scene.runner.deadline()
    app.step([key(pygame.K_ESCAPE)])
    assert isinstance(app.stack.top, PauseScene) and not app.stack.top.animating()
    clock.advance(100)  # far beyond the limit, but paused
    app.step([])
    app.step([key(pygame.K_RETURN)])  # Resume
    assert app.stack.top is scene
    assert scene.runner.deadline() == pytest.approx(deadline + 100)
    assert scene.runner.state.phase is Phase.ASKING


def test_quit_mid_round__answers_kept_and_round_unfinished(app, ctx, store, clock):
    ids = one_of_each_type(ctx)[:3]
    app.start(MainMenuScene(ctx))
    app.start(start_round_scene(ctx, ids, "quick"))
    clock.advance(1)
    app.step(keyboard_answer(app.stack.top))
    assert not app.step([pygame.event.Event(pygame.QUIT)])
    [row] = store.history(ctx.player.id)
    assert not row.finished and row.answered == 1


def test_quit_round_from_pause__back_to_menu(app, ctx, store):
    ids = one_of_each_type(ctx)[:3]
    app.start(MainMenuScene(ctx))
    app.start(start_round_scene(ctx, ids, "quick"))
    app.step([key(pygame.K_ESCAPE)])
    app.step([key(pygame.K_3)])  # Quit round
    assert isinstance(app.stack.top, MainMenuScene)


def test_resize_mid_question__relayout_without_overflow(app, ctx):
    q = max(
        (q for q in ctx.questions.values() if q.type is QuestionType.SINGLE),
        key=lambda q: len(q.prompt) + sum(len(c) for c in q.choices),
    )
    app.start(start_round_scene(ctx, (q.id,), "quick"))
    scene = app.stack.top
    wide = scene.prompt_rect.width
    ctx.text.overflowed.clear()
    app.step([pygame.event.Event(pygame.VIDEORESIZE, w=800, h=600, size=(800, 600))])
    assert app.screen.get_size() == (800, 600) and scene.prompt_rect.width < wide
    assert ctx.text.overflowed == []
    app.step([pygame.event.Event(pygame.VIDEORESIZE, w=300, h=200, size=(300, 200))])
    assert app.screen.get_size() == (800, 600)  # never smaller than the minimum


def test_f11_toggles_fullscreen_and_back(app, ctx):
    app.start(MainMenuScene(ctx))
    app.step([key(pygame.K_F11)])
    assert app.fullscreen
    app.step([key(pygame.K_F11)])
    assert not app.fullscreen and app.screen.get_size() == (1280, 720)


def test_m_mutes_and_is_saved(app, ctx, store):
    app.start(MainMenuScene(ctx))
    assert ctx.settings.sound
    app.step([key(pygame.K_m)])
    assert not ctx.settings.sound
    assert store.get_settings(ctx.player.id)["sound"] is False


def test_idle__nothing_is_redrawn(app, ctx):
    app.start(MainMenuScene(ctx))
    app.step([])
    drawn = app.frames_drawn
    for _ in range(20):
        app.step([])
    assert app.frames_drawn == drawn
    app.step([key(pygame.K_DOWN)])
    assert app.frames_drawn == drawn + 1


def test_enter_on_title__starts_a_quick_round_of_ten(app, ctx):
    app.start(MainMenuScene(ctx))
    app.step([key(pygame.K_RETURN)])
    scene = app.stack.top
    assert isinstance(scene, QuestionScene)
    assert len(scene.runner.config.question_ids) == 10


def test_feedback_slides_in_briefly_and_not_at_all_with_reduced_motion(app, ctx, clock):
    from dataclasses import replace

    from game.app.scenes.question import ARM_S, SLIDE_S

    q = next(q for q in ctx.questions.values() if q.type is QuestionType.TRUE_FALSE)
    ctx.change_settings(replace(ctx.settings, timer="off"))
    app.start(start_round_scene(ctx, (q.id,), "quick"))
    scene = app.stack.top
    clock.advance(ARM_S)
    app.step([])
    assert not scene.animating()  # untimed and armed: nothing moves, nothing is redrawn
    app.step([key(pygame.K_t), key(pygame.K_RETURN)])
    assert scene.animating() and scene._slide() < 1.0
    clock.advance(SLIDE_S + 0.01)
    app.step([])
    assert scene.feedback_since is None and scene._slide() == 1.0
    clock.advance(ARM_S)
    app.step([])
    assert not scene.animating()
    ctx.change_settings(replace(ctx.settings, reduced_motion=True))
    app.stack.scenes.pop()
    app.start(start_round_scene(ctx, (q.id,), "quick"))
    scene = app.stack.top
    clock.advance(ARM_S)
    app.step([key(pygame.K_t), key(pygame.K_RETURN)])
    assert scene.feedback_since is None and scene._slide() == 1.0


@pytest.mark.parametrize(
    ("qid", "typed_text", "close"),
    [("order-014", "the piperidone", False), ("civics-006", "Federal Regster", True)],
)
def test_typed_answer__article_ignored_and_a_slip_forgiven_with_a_spelling_note(
    app, ctx, store, clock, qid, typed_text, close
):
    """Ensures "the X" counts as X and a one-letter slip counts, saying so in the feedback."""
    app.start(start_round_scene(ctx, (qid,), "quick"))
    scene = app.stack.top
    clock.advance(2)
    app.step([typed(typed_text), key(pygame.K_RETURN)])
    record = scene.runner.last_graded.record
    assert record.correct and saved_answers(store)[0]["correct"] == 1
    assert scene._close_spelling() is close
    seen: list[str] = []
    real_fit = ctx.text.fit
    ctx.text.fit = lambda text, *a, **k: seen.append(text) or real_fit(text, *a, **k)
    ctx.text.overflowed.clear()
    app.draw()
    ctx.text.fit = real_fit
    assert ctx.text.overflowed == []
    if close:
        assert any(t.startswith("Close — check the spelling") for t in seen)
        assert f"You typed: {typed_text}\nAccepted: Federal Register" in seen
    else:
        assert any(t.startswith("Right!") for t in seen)


def test_round_counter__re_asks_are_shown_as_second_tries_and_m_never_grows(app, ctx, clock):
    ids = tuple(q.id for q in ctx.questions.values() if q.type is QuestionType.TRUE_FALSE)[:5]
    app.start(start_round_scene(ctx, ids, "quick"))
    tops: list[str] = []
    real_fit = ctx.text.fit
    ctx.text.fit = lambda text, *a, **k: (
        (tops.append(text) if text.startswith(("Question ", "Second try")) else None)
        or real_fit(text, *a, **k)
    )
    try:
        first = True
        while isinstance(app.stack.top, QuestionScene):
            scene = app.stack.top
            app.draw()
            q = scene.runner.question
            clock.advance(1)
            wrong = first  # miss the first question once: it comes back
            first = False
            app.step([key(pygame.K_f if q.truth != wrong else pygame.K_t), key(pygame.K_RETURN)])
            clock.advance(1)
            app.step([key(pygame.K_RETURN)])
    finally:
        ctx.text.fit = real_fit
    numbers = list(dict.fromkeys(t.split("  ·  ")[0] for t in tops))
    assert numbers == [f"Question {n} of 5" for n in range(1, 6)] + [
        "Second try at a missed question"
    ]


def test_scale_polls_keep_their_written_order(app, ctx, clock):
    scales = [q for q in ctx.questions.values() if q.type is QuestionType.POLL and not q.shuffle]
    assert {q.id for q in scales} >= {"legal-031", "trade-020", "agency-029"}
    for q in scales:
        app.start(start_round_scene(ctx, (q.id,), "quick"))
        assert app.stack.top.input.order == list(range(len(q.choices)))
        app.stack.scenes.pop()
