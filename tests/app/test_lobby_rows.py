"""The projector's lobby at Extra large text: each name's cell is as tall as its own label, so
one student with a long label (accommodations: "(2x time, read aloud, large text)") no longer
makes every cell as tall as theirs and the page show few students. Through the real lobby scene,
runtime and session log (a real SQLite file), with the stand-in network of
test_classroom_screens; what is counted is what the scene drew."""

from __future__ import annotations

import pygame
import pytest

from game.app.scenes.classroom import LobbyScene
from game.app.text import TextBlock
from game.core import session as s
from game.core.accommodations import Accommodations
from game.core.scoring import ScoringPreset, rules_for
from game.core.settings import Settings
from tests.app.test_classroom_screens import FakeNetService
from tests.services.classroom.test_runtime import join

NAMES = [f"Student {i:02d}" for i in range(1, 31)]


def drawn_names(ctx, lobby: LobbyScene, size: tuple[int, int]) -> list[str]:
    """The student labels the lobby drew on the screen (not the ones it only measured)."""
    return [t for t in drawn_texts(ctx, lobby, size) if t.startswith("Student")]


def drawn_texts(ctx, lobby: LobbyScene, size: tuple[int, int]) -> list[str]:
    """The texts the lobby drew on the screen (not the ones it only measured)."""
    texts: dict[int, str] = {}
    drawn: list[str] = []
    fit, draw = ctx.text.fit, TextBlock.draw

    def spy(text, *args, **kwargs):
        block = fit(text, *args, **kwargs)
        texts[id(block)] = text
        return block

    def drawing(block, *args, **kwargs):
        drawn.append(texts.get(id(block), ""))
        return draw(block, *args, **kwargs)

    ctx.text.fit = spy
    TextBlock.draw = drawing
    try:
        lobby.layout(size)
        lobby.apply_text_floor()
        lobby.draw(pygame.Surface(size))
    finally:
        ctx.text.fit = fit
        TextBlock.draw = draw
    return drawn


def open_lobby(ctx, store, clock, needs: bool) -> LobbyScene:
    service = FakeNetService(ctx.questions, store, wall=clock, clock=clock)
    ctx.classroom = service
    qid = next(iter(ctx.questions))
    host = service.open((qid,), s.SessionConfig((qid,), rules_for(ScoringPreset.CLASSIC)), "P3")
    for i, name in enumerate(NAMES, start=1):
        join(service.server, i, f"token-{i:04d}", name, clock())
    host.pump()
    if needs:
        host.set_accommodations(1, Accommodations(2.0, frozenset({"read_aloud", "large_text"})))
    return LobbyScene(ctx, host)


@pytest.mark.parametrize("size", [(800, 600), (1280, 720), (1920, 1080)])
def test_lobby__a_long_label_costs_only_its_own_lines(ctx, store, clock, size):
    ctx.change_settings(Settings(text_size="extra large"))
    plain = drawn_names(ctx, open_lobby(ctx, store, clock, needs=False), size)
    ctx.text.overflowed.clear()
    with_needs = drawn_names(ctx, open_lobby(ctx, store, clock, needs=True), size)
    assert ctx.text.overflowed == []
    assert with_needs[0].startswith("Student 01 (")  # in full, or cut with "…" when taller
    assert "large text" in with_needs[0] or with_needs[0].endswith("\u2026")  # than the page
    assert len(plain) >= 2
    # the long label takes a few lines of its own; every other cell keeps one line's height
    assert len(with_needs) >= len(plain) - 3, (plain, with_needs)
    assert len(with_needs) >= min(len(plain), 2)


def test_lobby__paging_still_reaches_every_student(ctx, store, clock):
    ctx.change_settings(Settings(text_size="extra large"))
    lobby = open_lobby(ctx, store, clock, needs=True)
    seen: set[str] = set()
    for selected in range(len(NAMES)):
        lobby.selected = selected
        shown = drawn_names(ctx, lobby, (800, 600))
        assert any(t.startswith(NAMES[selected]) for t in shown)  # the picked one is on screen
        seen.update(t.split(" (")[0] for t in shown)
    assert seen == set(NAMES)


def test_lobby__the_keys_words_stay_where_there_is_room(ctx, store, clock):
    """The letters-only key list is for a crowded panel (large text, a small window); at the
    usual text size the teacher reads what each key does."""
    lobby = open_lobby(ctx, store, clock, needs=False)
    for size, words in [((1280, 720), True), ((1920, 1080), True)]:
        drawn = drawn_texts(ctx, lobby, size)
        head = next(t for t in drawn if t.startswith("30 joined"))
        assert ("K removes" in head) is words, (size, head)
    ctx.change_settings(Settings(text_size="extra large"))
    head = next(t for t in drawn_texts(ctx, lobby, (800, 600)) if t.startswith("30 joined"))
    assert head.endswith("arrows, K R X O C G L")
