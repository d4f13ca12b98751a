"""Fixtures for driving the real game headless: a real SQLite store on a temporary file, a fake
clock, the shipped banks, and the real App loop fed with synthetic events."""

from __future__ import annotations

import random

import pygame
import pytest

from game.app.context import AppContext
from game.app.loop import App
from game.content.loader import load_paths
from game.services.storage import Store
from tests.conftest import QUESTIONS

BANKS = load_paths([QUESTIONS])


class FakeClock:
    """Wall-clock seconds that move only when a test says so."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.t = start

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "progress.sqlite3") as s:
        yield s


@pytest.fixture
def ctx(store, clock) -> AppContext:
    context = AppContext(BANKS, store, now=clock, wall=clock, rng=random.Random(3))
    context.choose_player(store.create_player("Tester", clock()))
    return context


@pytest.fixture
def app(ctx):
    application = App(ctx, size=(1280, 720))
    yield application
    pygame.display.quit()


def key(k: int, mod: int = 0, text: str = "") -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=text, scancode=0)


def click(pos: tuple[int, int]) -> list[pygame.event.Event]:
    return [
        pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=pos),
        pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=pos),
    ]


def typed(text: str) -> pygame.event.Event:
    return pygame.event.Event(pygame.TEXTINPUT, text=text)
