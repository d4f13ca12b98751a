"""Checks that an installed Civic Quiz works, using only what the install carries.

.ci/run runs it with the python of a fresh venv (or a pipx venv) that has the built wheel
installed, from a folder outside the checkout, so `import game` is the installed copy:

    /tmp/venv/bin/python tools/smoke_install.py

It plays one Quick round of the shipped banks headless through the real game loop (fonts, sounds,
SQLite), then hosts a classroom session on 127.0.0.1 and fetches the student page and its script
over HTTP. It prints one line per check and exits 1 with the reason when one fails.
"""

from __future__ import annotations

import os
import sys
import tempfile
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pygame

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


def _fail(message: str) -> None:
    print(f"smoke: FAILED: {message}", file=sys.stderr)
    raise SystemExit(1)


def _answer_keys(scene: object) -> list[pygame.event.Event]:
    """Key presses that give a complete answer to the scene's question (right or wrong)."""
    import pygame

    from game.core.model import QuestionType

    def key(k: int) -> pygame.event.Event:
        return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)

    def typed(text: str) -> pygame.event.Event:
        return pygame.event.Event(pygame.TEXTINPUT, text=text)

    question = scene.runner.question  # type: ignore[attr-defined]
    kind = question.type
    if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.POLL):
        events = [key(pygame.K_1)]
    elif kind is QuestionType.TRUE_FALSE:
        events = [key(pygame.K_t)]
    elif kind is QuestionType.MATCH:
        events = []
        for left in range(len(question.pairs)):
            events += [key(getattr(pygame, f"K_{left + 1}")), key(pygame.K_a + left)]
    elif kind is QuestionType.TEXT:
        events = [typed("an answer")]
    elif kind is QuestionType.NUMERIC:
        events = [typed("1")]
    else:  # ORDER: the shown arrangement is a complete answer
        events = []
    return [*events, key(pygame.K_RETURN)]


def play_solo_round(data_dir: Path) -> None:
    """A Quick round from the title menu to the summary, every answer saved in SQLite."""
    import random

    import pygame

    from game.app.context import AppContext
    from game.app.loop import App
    from game.app.scenes.menus import MainMenuScene
    from game.app.scenes.question import QuestionScene
    from game.app.scenes.summary import SummaryScene
    from game.app.sound import Sounds
    from game.app.text import FontBook
    from game.content.loader import load_paths
    from game.core.round import Phase
    from game.resources import shipped_banks_dir
    from game.services.storage import Store

    banks = load_paths([shipped_banks_dir()])
    if not banks.banks or any(p.is_error for p in banks.problems):
        _fail(f"the shipped banks in {shipped_banks_dir()} did not load")
    for family in ("Noto Sans", "OpenDyslexic"):
        FontBook(family)  # raises when a bundled font file is missing
    enter = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="", scancode=0)
    with Store.open(data_dir / "progress.sqlite3") as store:
        clock = [0.0]  # the script's own clock: each screen takes keys ARM_S after it appears

        def step(events: list[pygame.event.Event]) -> None:
            clock[0] += 1.0  # a second per step: armed, and far inside any time limit
            app.step(events)

        ctx = AppContext(
            banks,
            store,
            rng=random.Random(1),
            sounds=Sounds(enabled=True),
            now=lambda: clock[0],
        )
        ctx.choose_player(store.create_player("Smoke", 0.0))
        app = App(ctx, size=(800, 600))
        app.start(MainMenuScene(ctx))
        step([enter])  # Enter on the title: a Quick round
        answered = 0
        while isinstance(app.stack.top, QuestionScene):
            scene = app.stack.top
            step([])  # the question appears (and is armed a second later)
            step(_answer_keys(scene))
            if scene.runner.state.phase is not Phase.FEEDBACK:
                _fail(f"question {scene.runner.question.id} did not take the answer")
            answered += 1
            step([enter])
            if answered > 200:
                _fail("the round never ended")
        if not isinstance(app.stack.top, SummaryScene):
            _fail(f"the round ended on {type(app.stack.top).__name__}, not the summary")
        [history] = store.history(ctx.player.id)
        if not history.finished:
            _fail("the round is not saved as finished")
        pygame.display.quit()
    print(f"smoke: solo round ok ({answered} answers given, summary shown, saved in SQLite)")


def host_classroom(data_dir: Path) -> None:
    """A live session on 127.0.0.1 serves the student page and its script, then stops."""
    from game.content.loader import load_paths
    from game.core.scoring import ScoringPreset, rules_for
    from game.core.selection import question_index
    from game.core.session import SessionConfig
    from game.resources import shipped_banks_dir
    from game.services.classroom.service import ClassroomService
    from game.services.storage import Store

    questions = question_index(load_paths([shipped_banks_dir()]).banks)
    ids = tuple(sorted(questions))[:3]
    config = SessionConfig(ids, rules_for(ScoringPreset.CLASSIC))
    with Store.open(data_dir / "classroom.sqlite3") as store:
        service = ClassroomService(questions, store, host="127.0.0.1", port=0)
        try:
            session = service.open(ids, config, "Smoke")
            [url] = session.join_urls
            with urllib.request.urlopen(url, timeout=10) as page:
                html = page.read().decode("utf-8")
            if "student.js" not in html:
                _fail(f"{url} is not the student page")
            with urllib.request.urlopen(url + "student.js", timeout=10) as script:
                js = script.read()
                kind = script.headers.get("Content-Type", "")
            if not js or "javascript" not in kind:
                _fail(f"{url}student.js: {len(js)} bytes of {kind!r}")
        finally:
            service.close_all()
    print(f"smoke: classroom host ok (served {url} and student.js, {len(js)} bytes; stopped)")


def main() -> int:
    import game

    print(f"smoke: civic-quiz {game.__version__} from {Path(game.__file__).parent}")
    with tempfile.TemporaryDirectory() as tmp:
        play_solo_round(Path(tmp))
        host_classroom(Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
