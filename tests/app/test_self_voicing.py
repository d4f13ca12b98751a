"""Self-voicing through the real loop: V turns it on, the screen and the focus are spoken as they
change, the timer when asked, and a missing engine is a one-line notice, never a crash.

Utterances are read back from the speech log (CIVIC_QUIZ_SPEECH_LOG), one line each.
"""

from __future__ import annotations

import random

import pygame
import pytest

from game.app.context import AppContext
from game.app.loop import App
from game.app.scenes.menus import MainMenuScene, SettingsScene, start_round_scene
from game.app.scenes.question import ARM_S
from game.app.scenes.summary import SummaryScene
from game.app.widgets import notice_line_rect
from game.core.answers import answer_text
from game.core.model import QuestionType
from game.services.speech import Speaker, speaker_from_env
from tests.app.conftest import BANKS, key

NUMBER_KEYS = [getattr(pygame, f"K_{n}") for n in range(1, 10)]


@pytest.fixture
def log(tmp_path, monkeypatch):
    path = tmp_path / "speech.log"
    monkeypatch.setenv("CIVIC_QUIZ_SPEECH_LOG", str(path))
    return path


@pytest.fixture
def voiced(store, clock, log):
    """The game as the CLI builds it: the platform's speaker, logging to $CIVIC_QUIZ_SPEECH_LOG."""
    speaker = speaker_from_env()
    ctx = AppContext(BANKS, store, now=clock, wall=clock, rng=random.Random(3), speech=speaker)
    ctx.choose_player(store.create_player("Tester", clock()))
    app = App(ctx, size=(1280, 720))
    yield app
    speaker.close()
    pygame.display.quit()


def lines(log) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def first_of(ctx, qtype):
    return next(q for q in ctx.questions.values() if q.type is qtype and q.explanation)


def test_keyboard_round__speaks_prompt_numbered_choices_and_feedback(voiced, log, clock):
    """Ensures a keyboard-only round with self-voicing writes what a blind student needs."""
    app, ctx = voiced, voiced.ctx
    single = first_of(ctx, QuestionType.SINGLE)
    truth = first_of(ctx, QuestionType.TRUE_FALSE)
    # GIVEN the title menu, and V pressed
    app.start(MainMenuScene(ctx))
    app.step([])
    assert lines(log) == []  # silent until asked
    app.step([key(pygame.K_v)])
    assert ctx.settings.self_voicing
    assert lines(log)[-1].startswith("Self-voicing on. Civic Quiz.")
    assert lines(log)[-1].endswith("Quick round: 10 mixed questions")
    # WHEN focus moves in the menu, the focused entry is spoken
    app.step([key(pygame.K_DOWN)])
    assert lines(log)[-1] == "Choose topics"
    app.step([key(pygame.K_TAB)])
    assert lines(log)[-1] == "Review my mistakes: nothing due, unavailable"
    # AND a round starts: the prompt and every choice with its number
    app.start(start_round_scene(ctx, (single.id, truth.id), "quick"))
    app.step([])
    scene = app.stack.top
    labels = [single.choices[i] for i in scene.input.order]
    spoken = lines(log)[-1]
    assert spoken.startswith(f"Question 1 of 2. {' '.join(single.prompt.split())}")
    numbered = " ".join(f"{i}: {' '.join(c.split()).rstrip('.')}." for i, c in enumerate(labels, 1))
    assert numbered in spoken
    # a number key picks a choice: it is spoken as selected
    right = scene.input.order.index(single.correct[0])
    clock.advance(ARM_S)  # keys count once the question has been on screen for ARM_S
    app.step([key(NUMBER_KEYS[right])])
    assert lines(log)[-1] == f"{right + 1}: {' '.join(labels[right].split())}, selected"
    # the timer, when asked (Ctrl+T)
    clock.advance(5 - ARM_S)
    app.step([key(pygame.K_t, mod=pygame.KMOD_CTRL)])
    assert lines(log)[-1] == "15 seconds left."
    # Enter: the feedback with the explanation
    app.step([key(pygame.K_RETURN)])
    feedback = lines(log)[-1]
    assert feedback.startswith("Right! Plus ")
    assert " ".join(single.explanation.split()) in feedback
    assert feedback.endswith("Next question with Enter.")
    # the next question, answered wrong: the right answer is said too
    clock.advance(ARM_S)
    app.step([key(pygame.K_RETURN)])
    assert lines(log)[-1].startswith(f"Question 2 of 2. {' '.join(truth.prompt.split())}")
    assert "1: True. 2: False." in lines(log)[-1]
    clock.advance(ARM_S)
    app.step([key(pygame.K_f if truth.truth else pygame.K_t), key(pygame.K_RETURN)])
    wrong = lines(log)[-1]
    assert wrong.startswith(f"Not quite. The right answer: {answer_text(truth)}.")
    assert " ".join(truth.explanation.split()) in wrong
    # a missed question comes back once: said as a second try
    clock.advance(ARM_S)
    app.step([key(pygame.K_RETURN)])
    assert lines(log)[-1].startswith(f"Second try. {' '.join(truth.prompt.split())}")
    clock.advance(ARM_S)
    app.step([key(pygame.K_t if truth.truth else pygame.K_f), key(pygame.K_RETURN)])
    assert lines(log)[-1].startswith("Right! Plus ")
    assert lines(log)[-1].endswith("See your results with Enter.")
    # THEN the summary is spoken
    clock.advance(ARM_S)
    app.step([key(pygame.K_RETURN)])
    assert isinstance(app.stack.top, SummaryScene)
    assert lines(log)[-1].startswith("Round complete. Score ")
    assert "Missed 1 question; R practises them." in lines(log)[-1]
    # every utterance is one line, and nothing was spoken twice in a row
    spoken_lines = lines(log)
    assert all(a != b for a, b in zip(spoken_lines, spoken_lines[1:], strict=False))


def test_v_again__turns_it_off_and_the_game_goes_quiet(voiced, log):
    app, ctx = voiced, voiced.ctx
    app.start(MainMenuScene(ctx))
    app.step([key(pygame.K_v)])
    app.step([key(pygame.K_v)])
    assert lines(log)[-1] == "Self-voicing off."
    count = len(lines(log))
    app.step([key(pygame.K_DOWN), key(pygame.K_DOWN)])
    assert len(lines(log)) == count


def test_setting__saved_per_player_and_listed_in_settings(voiced, log, store, clock):
    app, ctx = voiced, voiced.ctx
    app.start(MainMenuScene(ctx))
    app.start(SettingsScene(ctx))
    entry = next(i for i, e in enumerate(app.stack.top.items) if e.action == "self_voicing")
    app.step([key(pygame.K_DOWN)] * entry + [key(pygame.K_RETURN)])
    assert ctx.settings.self_voicing
    assert lines(log)[-1].startswith("Self-voicing on. Settings.")
    app.step([key(pygame.K_UP)])
    assert lines(log)[-1] == "Reduced motion: off"
    # another player has it off; coming back to the first player brings it back on
    first = ctx.player
    ctx.choose_player(store.create_player("Other", clock()))
    assert not ctx.settings.self_voicing
    ctx.choose_player(first)
    assert ctx.settings.self_voicing


def test_typing_a_name__v_is_a_letter_not_the_switch(voiced, log):
    from game.app.scenes.menus import NameScene

    app, ctx = voiced, voiced.ctx
    app.start(MainMenuScene(ctx))
    app.start(NameScene(ctx))
    app.step([key(pygame.K_v, text="v"), pygame.event.Event(pygame.TEXTINPUT, text="v")])
    assert not ctx.settings.self_voicing
    assert app.stack.top.name == "v"


def test_missing_engine__one_line_notice_and_no_crash(store, clock, tmp_path):
    """Ensures a machine without a speech engine shows why it is silent, and plays on."""
    speaker = Speaker(["civic-quiz-no-such-speech-engine"], tmp_path / "speech.log")
    ctx = AppContext(BANKS, store, now=clock, wall=clock, rng=random.Random(3), speech=speaker)
    ctx.choose_player(store.create_player("Tester", clock()))
    app = App(ctx, size=(1280, 720))
    drawn: list[str] = []
    fit = ctx.text.fit

    def spy(text, *args, **kwargs):
        drawn.append(text)
        return fit(text, *args, **kwargs)

    app.start(MainMenuScene(ctx))
    app.step([])
    strip = notice_line_rect(app.screen.get_size())
    assert app.screen.get_at(strip.topleft)[:3] != ctx.theme.accent  # no notice while off
    ctx.text.fit = spy  # type: ignore[method-assign]
    assert app.step([key(pygame.K_v)])
    assert speaker.notice in drawn
    assert "\n" not in speaker.notice and "install espeak-ng" not in speaker.notice
    assert app.screen.get_at(strip.topleft)[:3] == ctx.theme.accent
    # the round still plays, and the log still records what would have been said
    app.step([key(pygame.K_DOWN), key(pygame.K_RETURN)])
    assert (tmp_path / "speech.log").read_text(encoding="utf-8").startswith("Self-voicing on.")
    pygame.display.quit()


def test_without_a_voice__self_voicing_says_it_is_not_available(app, ctx):
    """Contexts built without a speaker (previews) say so instead of failing."""
    app.start(MainMenuScene(ctx))
    app.step([key(pygame.K_v)])
    assert ctx.speech.notice == "Self-voicing is not available here"
    strip = notice_line_rect(app.screen.get_size())
    assert app.screen.get_at(strip.center)[:3] != ctx.theme.background
