"""The folder layout is the architecture: the core never reaches out to the shell.

- game.core: standard library only, and no I/O modules (no pygame, yaml, sqlite3, sockets, threads,
  clocks or global randomness);
- game.content: game.core + PyYAML; no pygame, sqlite3 or network;
- nothing below game.app imports pygame, and game.app never imports game.services.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

GAME = Path(__file__).resolve().parent.parent / "game"

IO_MODULES = {
    "pygame",
    "sqlite3",
    "socket",
    "socketserver",
    "asyncio",
    "threading",
    "http",
    "urllib",
    "aiohttp",
    "websockets",
    "subprocess",
    "multiprocessing",
    "selectors",
}
CORE_FORBIDDEN = IO_MODULES | {
    "yaml",
    "platformdirs",
    "game.content",
    "game.services",
    "game.app",
    "game.cli",
    "os",
    "pathlib",
    "time",
    "random",
}
CONTENT_FORBIDDEN = IO_MODULES | {"game.services", "game.app", "game.cli"}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):  # imports only for type hints don't run
        if (
            isinstance(node, ast.If)
            and isinstance(node.test, ast.Name)
            and node.test.id == "TYPE_CHECKING"
        ):
            node.body = []
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def violations(package: str, forbidden: set[str]) -> list[str]:
    bad = []
    for path in sorted((GAME / package).rglob("*.py")):
        for name in imports_of(path):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                bad.append(f"{path.relative_to(GAME.parent)} imports {name}")
    return bad


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("core", CORE_FORBIDDEN),
        ("content", CONTENT_FORBIDDEN),
    ],
)
def test_layer__imports_only_what_it_may(package, forbidden):
    assert violations(package, forbidden) == []


def test_only_app_imports_pygame():
    offenders = []
    for path in sorted(GAME.rglob("*.py")):
        rel = path.relative_to(GAME)
        if rel.parts[0] == "app":
            continue
        if any(n == "pygame" or n.startswith("pygame.") for n in imports_of(path)):
            offenders.append(str(rel))
    assert offenders == []


def test_app_never_imports_services():
    if not (GAME / "app").exists():
        pytest.skip("no game.app yet")
    assert violations("app", {"game.services", "sqlite3", "socket", "aiohttp"}) == []


def test_the_rule_checker_catches_a_forbidden_import(tmp_path, monkeypatch):
    """Ensures the checker itself can fail (a checker that never fails proves nothing)."""
    fake = tmp_path / "game" / "core"
    fake.mkdir(parents=True)
    (fake / "bad.py").write_text("import pygame\nfrom sqlite3 import connect\n")
    monkeypatch.setattr(sys.modules[__name__], "GAME", tmp_path / "game")
    assert len(violations("core", CORE_FORBIDDEN)) == 2


GALLERY = "game.app.gallery"


def gallery_importers(root: Path) -> list[str]:
    """Modules of the game (the gallery aside) that import the screenshot gallery, anywhere in
    the file: `import game.app.gallery`, `from game.app.gallery import x`, `from game.app import
    gallery`, a relative `from . import gallery` in game/app."""
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root.parent)
        if rel.with_suffix("").parts == tuple(GALLERY.split(".")):
            continue
        package = ".".join(rel.parent.parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                names = [base] + [f"{base}.{alias.name}" for alias in node.names]
            if any(n == GALLERY or n.startswith(GALLERY + ".") for n in names):
                found.append(f"{rel}:{node.lineno}")
    return found


def test_production_code_never_imports_the_screenshot_gallery():
    """game.app.gallery builds every screen in a known state for screenshots and golden images: it
    may import production code, never the reverse (what the preview and the layout lint need
    lives in game.app.offscreen)."""
    assert gallery_importers(GAME) == []


def test_the_gallery_check_catches_each_way_of_importing_it(tmp_path):
    app = tmp_path / "game" / "app"
    (app / "scenes").mkdir(parents=True)
    (app / "gallery.py").write_text("from game.app.scene import Scene\n")
    (app / "a.py").write_text("def f():\n    from game.app.gallery import render\n")
    (app / "b.py").write_text("from game.app import gallery\n")
    (app / "scenes" / "c.py").write_text("from .. import gallery\nimport game.app.gallery\n")
    assert gallery_importers(tmp_path / "game") == [
        "game/app/a.py:2",
        "game/app/b.py:1",
        "game/app/scenes/c.py:1",
        "game/app/scenes/c.py:2",
    ]
