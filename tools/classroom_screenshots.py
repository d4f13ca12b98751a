"""Render the projector's classroom screens to PNG files, headless, to look at them.

    .venv/bin/python tools/classroom_screenshots.py [OUT_DIR] [--size 1280x720 ...]
        [--high-contrast] [--text-size "extra large"] [--font OpenDyslexic] [--pictures]

A class of six plays a short session through the real runtime, session log (a throwaway SQLite
file) and engine, with a stand-in for the network (phones are simulated messages): the lobby,
a question, the reveal of a choice question and of a typed answer, the leaderboard, the final
ranking, the report confirmation, the report and teams on one screen (a question, its reveal,
and a cloze's reveal with the team's gaps). Files are named classroom-*.png. `--pictures` adds
a question with a picture (from the test bank tests/fixtures/images/pictures.yaml) on the
projector (question and reveal) and in teams, and the reveal of a question whose picture file is
damaged (its alt text).
"""

from __future__ import annotations

import argparse
import os
import queue
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pygame  # noqa: E402

from game.app.gallery import render  # noqa: E402
from game.core import session as s  # noqa: E402
from game.core.model import QuestionType  # noqa: E402
from game.core.scoring import ScoringPreset, rules_for  # noqa: E402
from game.core.settings import FONTS, TEXT_SIZES, Settings  # noqa: E402
from game.services.classroom import protocol  # noqa: E402
from game.services.classroom.runtime import ClassroomRuntime  # noqa: E402
from game.services.classroom.server import Inbound  # noqa: E402
from game.services.classroom.service import ClassroomService, LiveSession  # noqa: E402
from game.services.storage import Store  # noqa: E402
from tools.screenshots import build_context  # noqa: E402


class StandInServer:
    """What the runtime needs of a ClassroomServer, with phones as queued messages."""

    def __init__(self) -> None:
        self.inbox: queue.SimpleQueue[Inbound] = queue.SimpleQueue()
        self.sent: list[tuple[int, dict[str, Any]]] = []
        self.urls = ["http://192.168.1.20:8765/"]
        self.port = 8765

    def send(self, conn_id: int, message: dict[str, Any]) -> None:
        self.sent.append((conn_id, message))

    def broadcast(self, message: dict[str, Any], conn_ids: Any = None) -> None:
        for conn in conn_ids or []:
            self.send(conn, message)

    def close(self, conn_id: int, reason: str, code: int = 4000) -> None:
        pass

    def stop(self) -> None:
        pass

    def phone(self, conn: int, message: Any, at: float) -> None:
        if message is None:
            self.inbox.put(Inbound(conn, "open", None, at))
        else:
            self.inbox.put(Inbound(conn, "message", message, at))


NAMES = ("Ana", "Ben", "Chloé", "Dev", "Emma", "Farid")


def scenes(ctx: Any, store: Store) -> Iterator[tuple[str, Any]]:
    """Each screen as the session reaches it: render it before asking for the next one."""
    from game.app.scenes.classroom import (
        HostQuestionScene,
        HostRevealScene,
        LeaderboardScene,
        LobbyScene,
        PodiumScene,
    )
    from game.app.scenes.teams import TeamsScene

    clock = [1_900_000_000.0]

    def now() -> float:
        return clock[0]

    single = next(
        q for q in ctx.questions.values() if q.type is QuestionType.SINGLE and len(q.choices) == 4
    )
    text = next(
        q
        for q in ctx.questions.values()
        if q.type is QuestionType.TEXT and q.accept and not any(c.isdigit() for c in q.accept[0])
    )
    server = StandInServer()
    config = s.SessionConfig((single.id, text.id), rules_for(ScoringPreset.CLASSIC, True))
    runtime = ClassroomRuntime.create(
        ctx.questions, config, store, server, "Period 3", now, clock=now
    )
    live = LiveSession(runtime, server)
    service = ClassroomService(ctx.questions, store, wall=now, clock=now)
    ctx.classroom = service
    for i, name in enumerate(NAMES, start=1):
        server.phone(i, None, now())
        server.phone(i, protocol.ClientJoin(runtime.join_code, name, f"token-{name}-0000"), now())
    runtime.pump()
    yield "lobby", LobbyScene(ctx, live)
    runtime.command(s.Start(runtime.now()))
    yield "question", HostQuestionScene(ctx, live)
    key = protocol.question_key(single, runtime.config.secret, 0)
    picks = [single.correct[0]] * 3 + [(single.correct[0] + 1) % 4] * 2 + [None]
    for conn, pick in enumerate(picks, start=1):
        clock[0] += 1.5
        if pick is not None:
            wire = key.ids[pick]
            server.phone(conn, protocol.ClientAnswer(0, wire), now())
        runtime.pump()  # each answer at its own time
    runtime.command(s.Reveal(runtime.now()))
    yield "reveal-choice", HostRevealScene(ctx, live, runtime.state.results[-1])
    runtime.command(s.Next(runtime.now()))
    typed = ["Senate", "senate", "the Senate", text.accept[0], "Speaker of the House", None]
    for conn, answer in enumerate(typed, start=1):
        clock[0] += 3
        if answer is not None:
            server.phone(conn, protocol.ClientAnswer(1, answer), now())
        runtime.pump()
    runtime.command(s.Reveal(runtime.now()))
    yield "reveal-typed", HostRevealScene(ctx, live, runtime.state.results[-1])
    yield "leaderboard", LeaderboardScene(ctx, live)
    runtime.command(s.End(runtime.now()))
    podium = PodiumScene(ctx, live)
    yield "podium", podium
    from game.app.scenes.classroom import ConfirmReportScene

    class Stacked(ConfirmReportScene):
        """The confirmation over the final ranking, as the loop draws it."""

        def draw(self, surface: pygame.Surface) -> None:
            podium.layout(self.size)
            podium.draw(surface)
            super().draw(surface)

    yield "report-confirm", Stacked(ctx, live)
    from game.app.scenes.classroom import ReportScene

    yield "report-past-asks", ReportScene(ctx, runtime.session_id, ask_first=True)
    yield "report", ReportScene(ctx, runtime.session_id)

    teams = service.open_local(config, "Teams")
    team_scene = TeamsScene(ctx, teams, 8)
    team_scene.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode=""))
    yield "teams", team_scene

    revealed = service.open_local(config, "Teams")  # a session of its own: the reveal
    reveal_scene = TeamsScene(ctx, revealed, 4)
    reveal_scene.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode=""))
    reveal_scene._events(revealed.command(s.Reveal(revealed.now())))
    yield "teams-reveal", reveal_scene

    clozes = [q for q in ctx.questions.values() if q.type is QuestionType.CLOZE]
    cloze = next(
        (q for q in clozes if any(not g.options and len(g.accept[0]) > 5 for g in q.gaps)),
        clozes[0] if clozes else None,
    )
    if cloze is not None:  # a team's gaps on the reveal, one forgiven a slip
        config = s.SessionConfig((cloze.id,), rules_for(ScoringPreset.CLASSIC, True))
        gaps = service.open_local(config, "Teams")
        gap_scene = TeamsScene(ctx, gaps, 4)
        gap_scene.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode=""))
        typed = [g.accept[0] for g in cloze.gaps]
        first = next((i for i, g in enumerate(cloze.gaps) if not g.options), None)
        if first is not None and len(typed[first]) > 5:
            typed[first] = typed[first][:-2] + typed[first][-1] + typed[first][-2]  # a slip
        team = gap_scene.answering or 1
        gap_scene._events(gaps.command(s.Submit(team, 0, typed, gaps.now())))
        gap_scene._events(gaps.command(s.Reveal(gaps.now())))
        yield "teams-reveal-cloze", gap_scene

    yield from progress_scenes(ctx)

    pictured = next((q for q in ctx.questions.values() if q.image), None)
    if pictured is not None:  # with --pictures: a question with a picture, live and in teams
        config = s.SessionConfig((pictured.id,), rules_for(ScoringPreset.CLASSIC, True))
        runtime = ClassroomRuntime.create(
            ctx.questions, config, store, server, "Pictures", now, clock=now
        )
        runtime.command(s.Start(runtime.now()))
        yield "question-picture", HostQuestionScene(ctx, LiveSession(runtime, server))
        runtime.command(s.Reveal(runtime.now()))
        reveal = HostRevealScene(ctx, LiveSession(runtime, server), runtime.state.results[-1])
        yield "reveal-picture", reveal
        for page in range(1, reveal.pages):  # large text: the picture is on a later page
            paged = HostRevealScene(ctx, LiveSession(runtime, server), runtime.state.results[-1])
            paged.page = page
            yield f"reveal-picture-page{page + 1}", paged
        damaged = next(
            (q for q in ctx.questions.values() if q.image and q.id.endswith("broken")), None
        )
        if damaged is not None:  # a damaged file: its alt text, on the reveal too
            config = s.SessionConfig((damaged.id,), rules_for(ScoringPreset.CLASSIC, True))
            runtime = ClassroomRuntime.create(
                ctx.questions, config, store, server, "Damaged", now, clock=now
            )
            runtime.command(s.Start(runtime.now()))
            runtime.command(s.Reveal(runtime.now()))
            result = runtime.state.results[-1]
            yield (
                "reveal-damaged-picture",
                HostRevealScene(ctx, LiveSession(runtime, server), result),
            )
        pictures = TeamsScene(ctx, service.open_local(config, "Teams"), 4)
        pictures.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode=""))
        yield "teams-picture", pictures
    yield from paced_scenes(ctx, store, server, now)


def paced_scenes(ctx: Any, store: Store, server: StandInServer, now: Any) -> Iterator[Any]:
    """A student-paced session: its setup, and the host's progress grid over the real runtime
    with six students, two of them done (names shown)."""
    from game.app.scenes.classroom import HostSetupScene, ProgressScene
    from game.core import paced
    from game.services.classroom.paced_runtime import PacedRuntime

    yield "paced-setup", HostSetupScene(ctx, False, mode="student-paced")
    ids = tuple(q.id for q in ctx.questions.values() if q.type is QuestionType.SINGLE)[:2]
    config = paced.PacedConfig(ids, redemption=False, closes_at=now() + 3 * 86400, secret="s")
    host = PacedRuntime.create(ctx.questions, config, store, server, "Homework", now, clock=now)
    host.join_url = server.urls[0]
    for i, name in enumerate(NAMES, start=1):
        host.command(paced.Join(f"token-{name}-paced", name, now(), i))
    for pid in (1, 2):
        for _ in ids:
            student = host.state.students[pid]
            host.command(paced.Answer(pid, student.current or 0, 0, now()))
            host.command(paced.Next(pid, now()))
    scene = ProgressScene(ctx, host)
    scene.projector_safe = False
    yield "paced-host", scene


def _reads(box: list[float]) -> Callable[[], float]:
    """A clock that reads the time kept in `box` (moved by the caller)."""
    return lambda: box[0]


def progress_scenes(ctx: Any) -> Iterator[tuple[str, Any]]:
    """The student-paced progress grid with 4, 30 and 2,000 students (an in-process session
    over the real engine, tests/paced_local.py), projector-safe (the default) and with names."""
    import random

    from game.app.scenes.classroom import ProgressScene
    from game.core import paced as p
    from tests.paced_local import LocalPacedHost

    ids = tuple(q.id for q in ctx.questions.values() if q.graded)[:12]
    for count in (4, 30, 2000):
        clock = [1_000.0]
        config = p.PacedConfig(ids, max_players=2000, closes_at=1_000.0 + 3 * 86400)
        host = LocalPacedHost(ctx.questions, config, _reads(clock))
        rng = random.Random(count)
        for n in range(count):
            pid = host.join(NAMES[n] if n < len(NAMES) else f"Student {n + 1:04d}", seed=n)
            clock[0] += 0.5
            host.play(pid, rng.randrange(0, len(ids) + 1), rng)
        scene = ProgressScene(ctx, host)
        yield f"progress-{count}", scene
        named = ProgressScene(ctx, host)
        named.projector_safe = False
        named.sort = "progress" if count > 4 else "name"
        yield f"progress-{count}-names", named


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="screenshots")
    parser.add_argument("--size", action="append", dest="sizes")
    parser.add_argument("--high-contrast", action="store_true")
    parser.add_argument("--only", help="render only scenes whose name contains this")
    parser.add_argument("--text-size", choices=TEXT_SIZES, default="medium")
    parser.add_argument("--font", choices=FONTS, default=FONTS[0])
    parser.add_argument("--pictures", action="store_true", help="add a question with a picture")
    args = parser.parse_args()
    sizes: list[tuple[int, int]] = []
    for size in args.sizes or ["800x600", "1280x720", "1920x1080"]:
        w, h = size.split("x")
        sizes.append((int(w), int(h)))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    pygame.display.init()
    pygame.display.set_mode((1, 1))
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "shots.sqlite3") as store:
        ctx = build_context(store, pictures=args.pictures)
        ctx.change_settings(
            Settings(high_contrast=args.high_contrast, text_size=args.text_size, font=args.font)
        )
        for name, scene in scenes(ctx, store):
            if args.only and args.only not in name:
                continue
            for size in sizes:
                path = out / f"classroom-{name}-{size[0]}x{size[1]}.png"
                pygame.image.save(render(scene, size), str(path))
                print(path)


if __name__ == "__main__":
    main()
