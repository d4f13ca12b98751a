"""A cloze question played through the real loop, by keyboard alone and by mouse alone, with
the answer saved in the real SQLite file and the feedback showing the right word per gap."""

from __future__ import annotations

import json
import random
import sqlite3
from dataclasses import replace
from pathlib import Path

import pygame
import pytest

from game.app.context import AppContext
from game.app.gallery import render
from game.app.inputs.cloze import ClozeInput
from game.app.loop import App
from game.app.scenes.classroom import HostQuestionScene
from game.app.scenes.menus import MainMenuScene, start_round_scene
from game.app.scenes.question import QuestionScene
from game.app.scenes.teams import TeamsScene
from game.content.loader import load_paths
from game.core import session as s
from game.core.qtypes.cloze import numbered_prompt
from game.core.round import Phase
from game.core.scoring import ScoringPreset, rules_for
from tests.app.conftest import click, key, typed
from tests.app.test_classroom_screens import FakeNetService
from tests.conftest import QUESTIONS
from tests.services.classroom.test_runtime import join

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "cloze" / "cloze-example.yaml"


@pytest.fixture
def cloze_app(store, clock):
    ctx = AppContext(load_paths([FIXTURE]), store, now=clock, wall=clock, rng=random.Random(3))
    ctx.choose_player(store.create_player("Tester", clock()))
    application = App(ctx, size=(1280, 720))
    application.start(MainMenuScene(ctx))
    application.start(start_round_scene(ctx, ("cloze-001",), "quick"))
    yield application, ctx
    pygame.display.quit()


def saved(store) -> list[sqlite3.Row]:
    with sqlite3.connect(store.path) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute("SELECT * FROM answers ORDER BY id").fetchall()


def test_keyboard_only__type_a_gap_tab_and_pick_a_word(cloze_app, store, clock):
    app, ctx = cloze_app
    scene = app.stack.top
    assert isinstance(scene, QuestionScene) and isinstance(scene.input, ClozeInput)
    clock.advance(2)
    # Enter with nothing filled in is refused, not graded
    app.step([key(pygame.K_RETURN)])
    assert scene.runner.state.phase is Phase.ASKING
    # gap 1 typed with a slip and a backspace; Tab; gap 2 by Right until the right word
    options = scene.input.options[1]
    events = [typed("Fentanyll"), key(pygame.K_BACKSPACE), key(pygame.K_TAB)]
    events += [key(pygame.K_RIGHT)] * (options.index("Mass Destruction") + 1)
    app.step(events)
    assert scene.input.response() == ("Fentanyl", "Mass Destruction")
    app.step([key(pygame.K_RETURN)])
    assert scene.runner.state.phase is Phase.FEEDBACK
    [row] = saved(store)
    assert json.loads(row["response_json"]) == ["Fentanyl", "Mass Destruction"]
    assert row["correct"] == 1 and row["points"] > 0


def test_keyboard__a_number_picks_a_word_and_shift_tab_goes_back(cloze_app, store, clock):
    app, _ = cloze_app
    scene = app.stack.top
    clock.advance(2)
    options = scene.input.options[1]
    wrong = next(o for o in options if o != "Mass Destruction")
    app.step([key(pygame.K_DOWN), typed(str(options.index(wrong) + 1))])
    app.step([key(pygame.K_TAB, mod=pygame.KMOD_SHIFT), typed("heroin"), key(pygame.K_RETURN)])
    [row] = saved(store)
    assert json.loads(row["response_json"]) == ["heroin", wrong]
    assert row["correct"] == 0 and row["points"] == 0


def test_mouse_only__click_the_drop_down_and_submit(cloze_app, store, clock):
    app, ctx = cloze_app
    scene = app.stack.top
    clock.advance(2)
    inp = scene.input
    cell = inp.cells[1]
    right_part = (cell.right - 20, cell.centery)
    for _ in range(inp.options[1].index("Mass Destruction") + 1):
        app.step(click(right_part))
    assert inp.values[1] == "Mass Destruction" and inp.focus == 1
    app.step(click((cell.x + 30, cell.centery)))  # the left part goes back one word
    app.step(click(right_part))
    submit = next(b for b in scene.buttons if b.action not in ("pause", "skip"))
    app.step(click(submit.rect.center))
    assert scene.runner.state.phase is Phase.FEEDBACK
    [row] = saved(store)
    assert json.loads(row["response_json"]) == ["", "Mass Destruction"]
    assert row["correct"] == 0 and row["points"] > 0  # one gap of two: half the points
    # the feedback names the right word of the gap left empty
    render(scene, ctx.size)
    assert inp._label(0, revealed=True) == "(empty)  ·  right: fentanyl"
    assert inp._label(1, revealed=True) == "Mass Destruction"


@pytest.fixture
def class_ctx(store, clock):
    banks = load_paths([QUESTIONS, FIXTURE])
    ctx = AppContext(banks, store, now=clock, wall=clock, rng=random.Random(3))
    ctx.choose_player(store.create_player("Teacher", clock()))
    ctx.classroom = FakeNetService(ctx.questions, store, wall=clock, clock=clock)
    return ctx


def test_projector__shows_the_numbered_gaps_and_sends_the_phone_its_gaps(
    class_ctx, clock, monkeypatch
):
    ctx = class_ctx
    App(ctx, size=(1280, 720))
    service = ctx.classroom
    config = s.SessionConfig(("cloze-001",), rules_for(ScoringPreset.CLASSIC, True))
    live = service.open(("cloze-001",), config, "Live session")
    join(service.server, 1, "token-aaaa", "Ana", clock())
    live.pump()
    live.command(s.Start(live.now()))
    scene = HostQuestionScene(ctx, live)
    fitted: list[str] = []
    real_fit = ctx.text.fit

    def fit(text, *args, **kwargs):
        fitted.append(text)
        return real_fit(text, *args, **kwargs)

    monkeypatch.setattr(ctx.text, "fit", fit)
    render(scene, (1280, 720))
    question = ctx.questions["cloze-001"]
    assert numbered_prompt(question) in fitted  # the gaps numbered as the phones number them
    assert "Fill in the gaps on your device" in fitted
    sent = [m for _, m in service.server.sent if m["type"] == "question"][-1]
    assert sent["prompt"] == numbered_prompt(question)
    assert [sorted(g) for g in sent["gaps"]] == [["max_length"], ["options"]]
    pygame.display.quit()


def test_teams_on_one_screen__a_team_fills_the_gaps_with_keys(class_ctx, clock, monkeypatch):
    ctx = class_ctx
    app = App(ctx, size=(1280, 720))
    service = ctx.classroom
    real_open = service.open_local
    monkeypatch.setattr(
        service,
        "open_local",
        lambda config, title: real_open(replace(config, question_ids=("cloze-001",)), title),
    )
    app.start(MainMenuScene(ctx))
    app.stack.apply(app.stack.top.activate("classroom"), ctx.size)
    app.stack.apply(app.stack.top.activate("teams"), ctx.size)
    app.stack.apply(app.stack.top.activate("start"), ctx.size)
    scene = app.stack.top
    assert isinstance(scene, TeamsScene)
    app.step([key(pygame.K_RETURN)])  # start
    assert isinstance(scene.input, ClozeInput)
    right = scene.input.options[1].index("Mass Destruction") + 1
    app.step([typed("fentanyl"), key(pygame.K_TAB), typed(str(right)), key(pygame.K_RETURN)])
    assert scene.host.state.phase.value == "reveal"
    [result] = scene.host.state.results
    assert [p.credit for p in result.players if p.response is not None] == [1.0]
    pygame.display.quit()


def test_solo_feedback__a_forgiven_slip_shows_the_right_spelling(
    cloze_app, store, clock, monkeypatch
):
    """ "fentanil" is marked right: the verdict says to check the spelling and the gap's row
    shows "fentanyl" beside what was typed; an exact gap shows only what was typed."""
    import game.app.inputs.cloze as cloze_input

    app, ctx = cloze_app
    scene = app.stack.top
    options = scene.input.options[1]
    events = [typed("fentanil"), key(pygame.K_TAB)]
    events += [key(pygame.K_RIGHT)] * (options.index("Mass Destruction") + 1)
    clock.advance(2)  # keys pressed before the question showed never answer it
    app.step(events)
    app.step([key(pygame.K_RETURN)])
    assert scene.runner.state.phase is Phase.FEEDBACK
    assert scene.runner.last_graded.record.correct
    labels: list[str] = []
    real = cloze_input.draw_button
    monkeypatch.setattr(
        cloze_input,
        "draw_button",
        lambda surface, text, theme, rect, label, **kw: (
            labels.append(label),
            real(surface, text, theme, rect, label, **kw),
        )[1],
    )
    drawn: list[str] = []
    fit = ctx.text.fit
    monkeypatch.setattr(ctx.text, "fit", lambda t, *a, **k: (drawn.append(t), fit(t, *a, **k))[1])
    app.draw()
    assert "fentanil  \u00b7  right spelling: fentanyl" in labels
    assert "Mass Destruction" in labels  # exact: nothing added
    assert any(t.startswith("Close \u2014 check the spelling") for t in drawn)


def test_teams_reveal__shows_the_teams_gaps_and_the_right_spelling(class_ctx, clock, monkeypatch):
    """The answering team's gaps on the Teams reveal, as other types show the team's answer,
    with the right spelling of a gap forgiven a slip; a wrong gap is named as typed."""
    ctx = class_ctx
    app = App(ctx, size=(1280, 720))
    service = ctx.classroom
    real_open = service.open_local
    monkeypatch.setattr(
        service,
        "open_local",
        lambda config, title: real_open(replace(config, question_ids=("cloze-001",)), title),
    )
    app.start(MainMenuScene(ctx))
    app.stack.apply(app.stack.top.activate("classroom"), ctx.size)
    app.stack.apply(app.stack.top.activate("teams"), ctx.size)
    app.stack.apply(app.stack.top.activate("start"), ctx.size)
    scene = app.stack.top
    app.step([key(pygame.K_RETURN)])  # start
    team = scene.host.state.players[scene.answering].nickname
    right = scene.input.options[1].index("Mass Destruction") + 1
    app.step([typed("fentanil"), key(pygame.K_TAB), typed(str(right)), key(pygame.K_RETURN)])
    assert scene.host.state.phase.value == "reveal"
    drawn: list[str] = []
    fit = ctx.text.fit
    monkeypatch.setattr(ctx.text, "fit", lambda t, *a, **k: (drawn.append(t), fit(t, *a, **k))[1])
    app.draw()
    said = (
        f"{team} answered: (1) fentanil; (2) Mass Destruction \u2014 right spelling: (1) fentanyl"
    )
    assert any(t.startswith(said + "\n") for t in drawn)
    assert any(t.startswith("Close \u2014 check the spelling") for t in drawn)  # as solo says it
    assert not any(t.startswith("Right!") for t in drawn)
    assert ctx.text.overflowed == []
    pygame.display.quit()


def test_teams_reveal__every_type_names_the_teams_answer(class_ctx, clock, monkeypatch):
    from tests.app.test_classroom_screens import right_response

    ctx = class_ctx
    app = App(ctx, size=(800, 600))
    service = ctx.classroom
    single = next(q for q in ctx.questions.values() if q.type.value == "single")
    real_open = service.open_local
    monkeypatch.setattr(
        service,
        "open_local",
        lambda config, title: real_open(replace(config, question_ids=(single.id,)), title),
    )
    app.start(MainMenuScene(ctx))
    app.stack.apply(app.stack.top.activate("classroom"), ctx.size)
    app.stack.apply(app.stack.top.activate("teams"), ctx.size)
    app.stack.apply(app.stack.top.activate("start"), ctx.size)
    scene = app.stack.top
    app.step([key(pygame.K_RETURN)])  # start
    team = scene.host.state.players[scene.answering].nickname
    host = scene.host
    scene._events(host.command(s.Submit(scene.answering, 0, right_response(single), host.now())))
    scene._events(host.command(s.Reveal(host.now())))
    drawn: list[str] = []
    fit = ctx.text.fit
    monkeypatch.setattr(ctx.text, "fit", lambda t, *a, **k: (drawn.append(t), fit(t, *a, **k))[1])
    app.draw()
    chosen = single.choices[single.correct[0]]
    assert any(t.startswith(f"{team} answered: {chosen}\n") for t in drawn)
    pygame.display.quit()
