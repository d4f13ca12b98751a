"""Menus: broken banks are explained in the game, review brings back misses, settings persist,
players are created and switched."""

from __future__ import annotations

import random

import pygame

from game.app.context import AppContext
from game.app.scenes.menus import MainMenuScene, NoticeScene, PlayerScene, SettingsScene
from game.app.scenes.question import QuestionScene
from game.content.loader import load_paths
from tests.app.conftest import key, typed
from tests.conftest import QUESTIONS
from tests.content.helpers import GOOD_SINGLE, HEADER


def test_broken_bank__named_with_file_and_line_and_others_still_load(tmp_path, store, clock):
    broken = tmp_path / "broken.yaml"
    broken.write_text(HEADER + GOOD_SINGLE.replace("answer: 2", "answer: 7"))
    banks = load_paths([QUESTIONS, broken])
    ctx = AppContext(banks, store, now=clock, wall=clock, rng=random.Random(1))
    ctx.choose_player(store.create_player("A", clock()))
    menu = MainMenuScene(ctx)
    menu.layout((1280, 720))
    assert menu.entries()[0].action == "problems"
    notice = menu.activate("problems").scene
    assert isinstance(notice, NoticeScene)
    assert f"{broken}:14:13: error: answer 7 is out of range (3 choices)" in notice.body
    shipped = len(load_paths([QUESTIONS]).banks)
    assert len(ctx.banks.banks) == shipped + 1  # the shipped banks and the broken file's bank
    assert "q-1" not in ctx.questions  # the broken question is not playable


def test_review__asks_the_missed_questions(app, ctx, store, clock):
    menu = MainMenuScene(ctx)
    app.start(menu)
    assert not next(e for e in menu.entries() if e.action == "review").enabled
    app.step([key(pygame.K_RETURN)])  # quick round
    scene = app.stack.top
    last_right: dict[str, bool] = {}  # a re-ask answered right moves the card up a box
    while isinstance(app.stack.top, QuestionScene):
        scene = app.stack.top
        clock.advance(1)
        # a typed wrong answer (a numeric box ignores letters), or a skip (recorded as a miss)
        wrong = "99999" if scene.runner.question.type.value == "numeric" else "zzz"
        app.step(
            [typed(wrong), key(pygame.K_RETURN)] if scene.input.wants_text else [key(pygame.K_s)]
        )
        record = scene.runner.last_graded.record
        if record.graded:
            last_right[record.question_id] = record.correct
        clock.advance(1)
        app.step([key(pygame.K_RETURN)])
    missed = [qid for qid, right in last_right.items() if not right]
    app.step([key(pygame.K_RETURN)])  # summary -> menu
    assert isinstance(app.stack.top, MainMenuScene) and missed
    review = next(e for e in menu.entries() if e.action == "review")
    noun = "missed question" if len(missed) == 1 else "missed questions"
    assert review.enabled and review.detail == f"{len(missed)} {noun} to practise again"
    app.stack.apply(menu.activate("review"), ctx.size)
    assert set(app.stack.top.runner.config.question_ids) == set(missed)


def test_settings__change_and_persist_per_player(app, ctx, store):
    app.start(MainMenuScene(ctx))
    app.stack.apply(app.stack.top.activate("settings"), ctx.size)
    assert isinstance(app.stack.top, SettingsScene)
    app.step([key(pygame.K_1)])  # text size: medium -> large
    app.step([key(pygame.K_2)])  # high contrast on
    assert ctx.settings.text_size == "large" and ctx.settings.high_contrast
    assert ctx.theme.name == "high contrast"
    saved = store.get_settings(ctx.player.id)
    assert saved["text_size"] == "large" and saved["high_contrast"] is True


def test_new_player__typed_name_becomes_the_current_player(app, ctx, store):
    app.start(MainMenuScene(ctx))
    app.stack.apply(app.stack.top.activate("player"), ctx.size)
    assert isinstance(app.stack.top, PlayerScene)
    app.step([key(pygame.K_1)])  # New player…
    app.step([typed("Zoë"), key(pygame.K_RETURN)])
    assert isinstance(app.stack.top, MainMenuScene)
    assert ctx.player.name == "Zoë"
    assert store.get_settings(None)["last_player"] == ctx.player.id


def test_new_player__duplicate_name_is_refused_with_a_message(app, ctx):
    app.start(MainMenuScene(ctx))
    app.stack.apply(app.stack.top.activate("player"), ctx.size)
    app.step([key(pygame.K_1)])
    app.step([typed("tester"), key(pygame.K_RETURN)])  # "Tester" exists
    assert app.stack.top.error
    assert ctx.player.name == "Tester"
