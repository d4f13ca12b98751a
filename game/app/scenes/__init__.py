"""The game's screens, one module per screen or small family.

Each scene module registers its screens by name (`@register("history")`, game.app.scene) and opens
another screen by asking for its name (`Push.named("history", ctx)`), never by importing it; what
several screens share lives in modules that register no screen (common, list_scene,
classroom.host, ...). Importing this package imports every scene module, so every name is
registered before any screen asks for one. A new scene module gets a line here.
"""

from game.app.scenes import classroom, history, menus, preview, question, summary, teams

__all__ = ["classroom", "history", "menus", "preview", "question", "summary", "teams"]
