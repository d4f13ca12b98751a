"""game.services is the shell between the core and the screens: never pygame, never game.app."""

from __future__ import annotations

from tests.test_architecture import violations


def test_services__never_import_pygame_or_the_app():
    assert violations("services", {"pygame", "game.app", "game.cli"}) == []
