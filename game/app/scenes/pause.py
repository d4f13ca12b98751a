"""The pause menu lives with the other menus; this name is kept for the question screen."""

from game.app.scenes.menus import PauseScene

__all__ = ["PauseScene"]
