"""Screens register by name, and no scene module imports another (issue 13 §4).

A scene module is a module under game/app/scenes that registers a screen (`@register("name")`).
Every module under game/app/scenes is read with `ast`: none may import a scene module (at the top,
inside a function or only for type checking), nor the packages that re-export them
(game.app.scenes and game.app.scenes.classroom, which only import). A screen opens another by
name, so every name asked for anywhere in game/ must be registered, and the arguments it is
asked with must fit that screen's constructor.
"""

from __future__ import annotations

import ast
import inspect
from dataclasses import dataclass
from pathlib import Path

import pytest

import game.app.scene as scene_module
import game.app.scenes  # noqa: F401 (the catalogue: importing it registers every screen)
from game.app.scene import Scene, register, registered, scene_class

ROOT = Path(__file__).resolve().parents[2]
GAME = ROOT / "game"
SCENES = GAME / "app" / "scenes"
# The packages whose __init__ imports scene modules (to register them all, and to keep the old
# names importable for tools and tests): they hold no code of their own.
CATALOGUES = {"game.app.scenes", "game.app.scenes.classroom"}
ASKING = {"named", "new_scene", "scene_class"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def registered_in(tree: ast.Module) -> dict[str, str]:
    """{name: class name} for each `@register("name")` on a class in the module."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for d in node.decorator_list:
                if (
                    isinstance(d, ast.Call)
                    and isinstance(d.func, ast.Name)
                    and d.func.id == "register"
                    and d.args
                    and isinstance(d.args[0], ast.Constant)
                ):
                    found[d.args[0].value] = node.name
    return found


def imports_in(tree: ast.Module, module: str, package: bool) -> list[tuple[int, str]]:
    """Every module an import anywhere in the tree may load, with its line: `from P import x`
    gives P and P.x (x may be a submodule); relative imports are resolved."""
    here = module if package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = here.split(".")[: len(here.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def scene_sources() -> dict[str, tuple[Path, ast.Module]]:
    return {module_name(p): (p, parse(p)) for p in sorted(SCENES.rglob("*.py"))}


def import_violations(sources: dict[str, tuple[Path, ast.Module]]) -> list[str]:
    scene_modules = {name for name, (_, tree) in sources.items() if registered_in(tree)}
    forbidden = scene_modules | CATALOGUES
    bad = []
    for name, (path, tree) in sources.items():
        if name in CATALOGUES:
            continue
        worst: dict[int, str] = {}  # per line, the most precise name (`from . import a`: a)
        for line, imported in imports_in(tree, name, path.name == "__init__.py"):
            if imported in forbidden and imported != name:
                worst[line] = max(worst.get(line, ""), imported, key=len)
        bad += [f"{path.relative_to(ROOT)}:{line} imports {worst[line]}" for line in sorted(worst)]
    return bad


def test_no_scene_module_imports_another():
    bad = import_violations(scene_sources())
    assert not bad, (
        "a screen opens another by name (Push.named / Replace.named / new_scene), never by "
        "importing it; move shared code to a module that registers no screen:\n" + "\n".join(bad)
    )


def test_the_check_sees_function_local_and_type_only_imports():
    """The checker itself: imports inside a function, under TYPE_CHECKING, relative or of the
    re-exporting packages are all caught; a module that registers nothing may be imported."""
    sources = {
        "game.app.scenes.a": (SCENES / "a.py", ast.parse('@register("a")\nclass A: pass')),
        "game.app.scenes.common": (SCENES / "common.py", ast.parse("X = 1")),
        "game.app.scenes.b": (
            SCENES / "b.py",
            ast.parse(
                "from typing import TYPE_CHECKING\n"
                "from game.app.scenes.common import X\n"
                "if TYPE_CHECKING:\n"
                "    from game.app.scenes.a import A\n"
                "def f():\n"
                "    from . import a\n"
                "    import game.app.scenes.a\n"
                "    from game.app.scenes.classroom import LobbyScene\n"
                '@register("b")\nclass B: pass\n'
            ),
        ),
    }
    assert import_violations(sources) == [
        "game/app/scenes/b.py:4 imports game.app.scenes.a",
        "game/app/scenes/b.py:6 imports game.app.scenes.a",
        "game/app/scenes/b.py:7 imports game.app.scenes.a",
        "game/app/scenes/b.py:8 imports game.app.scenes.classroom",
    ]


def test_the_packages_that_re_export_screens_only_import():
    for name, (path, tree) in scene_sources().items():
        if name not in CATALOGUES:
            continue
        for node in tree.body:
            docstring = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            names_list = isinstance(node, ast.Assign) and [
                t.id for t in node.targets if isinstance(t, ast.Name)
            ] == ["__all__"]
            assert isinstance(node, ast.Import | ast.ImportFrom) or docstring or names_list, (
                f"{path.relative_to(ROOT)}:{node.lineno}: only imports here"
            )


def test_every_registered_screen_resolves_to_the_class_that_registers_it():
    in_source: dict[str, tuple[str, str]] = {}
    for name, (_path, tree) in scene_sources().items():
        for screen, cls in registered_in(tree).items():
            assert screen not in in_source, f"{screen!r} registered twice"
            in_source[screen] = (name, cls)
    assert in_source, "no screen registered"
    live = registered()
    assert set(live) == set(in_source)
    for screen, (module, cls) in in_source.items():
        found = scene_class(screen)
        assert found is live[screen]
        assert issubclass(found, Scene)
        assert (found.__module__, found.__qualname__) == (module, cls)


@dataclass(frozen=True)
class Asked:
    where: str
    called: str  # named, new_scene or scene_class
    name: str
    args: int  # positional arguments after the name, the context included
    keywords: tuple[str, ...]
    exact: bool  # no *args or **kwargs: the call can be checked against the constructor


def asked_for() -> list[Asked]:
    """Every Push.named / Replace.named / new_scene / scene_class call in game/."""
    calls = []
    for path in sorted(GAME.rglob("*.py")):
        for node in ast.walk(parse(path)):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called not in ASKING or (called == "named" and not node.args):
                continue
            if path == GAME / "app" / "scene.py" and not isinstance(node.args[0], ast.Constant):
                continue  # the registry's own helpers pass the name on
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            first = node.args[0]
            assert isinstance(first, ast.Constant) and isinstance(first.value, str), (
                f"{where}: ask for a screen by a literal name, so that this test can check it"
            )
            calls.append(
                Asked(
                    where,
                    called,
                    first.value,
                    len(node.args) - 1,
                    tuple(k.arg for k in node.keywords if k.arg),
                    not any(isinstance(a, ast.Starred) for a in node.args)
                    and all(k.arg for k in node.keywords),
                )
            )
    return calls


def test_every_name_asked_for_is_registered_and_fits_its_constructor():
    calls = asked_for()
    assert len(calls) > 20  # the screens really do ask by name
    known = registered()
    for call in calls:
        assert call.name in known, f"{call.where}: no screen registered as {call.name!r}"
        if call.exact and call.called != "scene_class":
            signature = inspect.signature(known[call.name])
            try:
                signature.bind(*[None] * call.args, **dict.fromkeys(call.keywords))
            except TypeError as exc:
                pytest.fail(f"{call.where}: {call.name!r} asked with the wrong arguments: {exc}")


def test_unknown_names_and_clashing_names_are_clear_errors(monkeypatch):
    monkeypatch.setattr(scene_module, "_SCENES", dict(scene_module._SCENES))
    with pytest.raises(LookupError, match="no screen registered as 'nowhere'.*history"):
        scene_class("nowhere")

    class Other(Scene):
        pass

    with pytest.raises(ValueError, match="two screens registered as 'history'"):
        register("history")(Other)
    assert register("other")(Other) is Other
    assert scene_class("other") is Other
