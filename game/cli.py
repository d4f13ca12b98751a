"""The `civic-quiz` command: the composition root that wires the core, content and shell together.

Each subcommand imports what it needs when it runs, so `civic-quiz validate` never loads pygame
and a headless classroom host never opens a window.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

__all__ = ["main"]

DEFAULT_BANKS = "questions"


def _default_bank_dir() -> Path:
    """`questions/` of the current folder, else the one shipped beside the package."""
    here = Path(DEFAULT_BANKS)
    if here.is_dir():
        return here
    from game.resources import shipped_banks_dir

    return shipped_banks_dir()


def _layout_problems(result):  # type: ignore[no-untyped-def]
    """Layout lint with the game's real fonts, or nothing if pygame is not installed."""
    import importlib.util
    import os

    if importlib.util.find_spec("pygame") is None:
        print("civic-quiz: layout check skipped (pygame is not installed)", file=sys.stderr)
        return []
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from game.app.layout_lint import lint_layout

    return lint_layout(result.banks, result.question_lines)


def _cmd_validate(args: argparse.Namespace) -> int:
    from game.content.loader import default_cache_dir, load_paths
    from game.content.problems import format_json, format_text

    paths = args.paths or [str(_default_bank_dir())]
    cache = None if args.no_cache else default_cache_dir()
    result = load_paths(paths, cache)
    problems = list(result.problems)
    if args.layout and result.banks:
        problems += _layout_problems(result)
    problems = sorted(problems, key=lambda p: (p.path, p.line, p.column))
    shown = [p for p in problems if p.is_error] if not args.warnings else problems
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if args.format == "json":
        print(format_json(shown))
    else:
        if shown:
            print(format_text(shown))
        questions = sum(len(b.questions) for b in result.banks)
        summary = (
            f"{len(result.banks)} bank(s), {questions} question(s): "
            f"{errors} error(s), {warnings} warning(s)"
        )
        print(summary, file=sys.stderr if shown else sys.stdout)
    return 1 if errors else 0


def open_store(data_dir_flag: str | None):  # type: ignore[no-untyped-def]
    """The player's progress database, or None after printing why it cannot be opened."""
    from game.services.paths import data_dir, database_path, ensure_dir
    from game.services.storage import StorageError, Store

    folder = data_dir(data_dir_flag)
    try:
        ensure_dir(folder)
        return Store.open(database_path(folder))
    except (OSError, StorageError) as exc:
        print(f"civic-quiz: cannot open the progress database in {folder}: {exc}", file=sys.stderr)
        print(
            "  hint: choose another folder with --data-dir DIR or CIVIC_QUIZ_DATA_DIR",
            file=sys.stderr,
        )
        return None


def pick_player(store, now: float):  # type: ignore[no-untyped-def]
    """The last player on this computer, or a first profile the player can rename later."""
    last = store.get_settings(None).get("last_player")
    player = store.player(last) if isinstance(last, int) else None
    if player is None:
        players = store.players()
        player = players[0] if players else store.create_player("Player 1", now)
    return player


def _parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1280x720, not {text!r}") from None
    return w, h


def _cmd_play(args: argparse.Namespace) -> int:
    if getattr(args, "headless", False):  # no window, and not a single pygame import
        return _cmd_headless(args)
    import os
    import random
    import time

    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from game.content.loader import default_cache_dir, load_paths

    banks = load_paths(args.banks or [str(_default_bank_dir())], default_cache_dir())
    for problem in banks.problems:
        if problem.is_error:
            print(problem.format(), file=sys.stderr)
    if args.command == "host" and (closes := _closes(args)) is not None:
        return closes
    store = open_store(args.data_dir)
    if store is None:
        return 1
    from game.app.context import AppContext
    from game.app.loop import App, NoDisplayError
    from game.app.sound import Sounds
    from game.services.classroom.service import ClassroomService, PortBusy, check_port
    from game.services.speech import speaker_from_env

    roster = _read_roster(getattr(args, "roster", None), store)
    if isinstance(roster, int):
        return roster
    bind, port = getattr(args, "bind", "0.0.0.0"), getattr(args, "port", None)
    if port is not None and (busy := check_port(bind, port)) is not None:
        print(f"civic-quiz: {busy}", file=sys.stderr)
        return 1
    with store:
        speaker = speaker_from_env()  # self-voicing: the platform's voice
        ctx = AppContext(
            banks,
            store,
            rng=random.Random(args.seed),
            sounds=Sounds(enabled=not args.mute),
            speech=speaker,
        )
        ctx.choose_player(pick_player(store, time.time()))
        ctx.classroom = ClassroomService(
            ctx.questions,
            store,
            host=bind,
            port=port,
            roster=roster,
            on_open=_print_join_line if args.command == "host" else None,
            # --session-process: the network, engine and log in a process of their own
            separate_process=bool(getattr(args, "session_process", False)),
        )
        if isinstance(ctx.classroom, ClassroomService):  # sessions snapshot the bank versions
            ctx.classroom.bank_versions = {b.id: b.version for b in banks.banks}
        try:
            scenes = _first_scenes(ctx, args)
        except PortBusy as exc:
            print(f"civic-quiz: cannot resume the session: {exc}", file=sys.stderr)
            return 1
        try:
            app = App(ctx, size=args.size, fullscreen=args.fullscreen)
            app.run(*scenes)
        except NoDisplayError as exc:
            print(f"civic-quiz: {exc}", file=sys.stderr)
            return 1
        finally:
            ctx.classroom.close_all()  # the network server never outlives the game
            speaker.close()
    return 0


def _closes(args: argparse.Namespace) -> int | None:
    """Check `--closes` (an error, exit 2, for a malformed or past time) and keep it as the
    session's time in `args.closes_at`; None when all is well."""
    args.closes_at = None
    if getattr(args, "closes", None) is None:
        return None
    import time

    from game.services.classroom.paced_service import ClosesError, parse_closes

    if args.mode != "student-paced":
        print("civic-quiz: --closes is for --mode student-paced", file=sys.stderr)
        return 2
    try:
        args.closes_at = parse_closes(args.closes, time.time())
    except ClosesError as exc:
        print(f"civic-quiz: {exc}", file=sys.stderr)
        return 2
    return None


def _cmd_headless(args: argparse.Namespace) -> int:
    """`civic-quiz host --headless`: the session with no window (game.services.classroom.headless);
    Ctrl-C or SIGTERM stops it with everything saved, `--resume` carries on."""
    import signal

    from game.content.loader import default_cache_dir, load_paths
    from game.core.ports import SessionUnavailable
    from game.core.selection import question_index
    from game.services.classroom.headless import (
        HeadlessHost,
        HeadlessOptions,
        Stop,
        report_folder,
    )
    from game.services.classroom.service import ClassroomService, PortBusy, check_port
    from game.services.paths import data_dir

    if (closes := _closes(args)) is not None:
        return closes
    mode = getattr(args, "mode", None) or "live"
    paced = mode == "student-paced"  # its setup defaults: accuracy scoring, no timer
    options = HeadlessOptions(
        mode=mode,
        count=args.count,
        topics=tuple(t.strip() for t in (args.topics or "").split(",") if t.strip()),
        scoring=args.scoring or ("accuracy" if paced else "classic"),
        timer=args.timer or ("off" if paced else "1x"),
        closes_at=getattr(args, "closes_at", None),
        auto_advance=args.auto_advance,
        start_after=args.start_after,
        pace_s=args.pace,
    )
    if options.mode == "live" and not options.auto_advance:
        print(
            "civic-quiz: a live session with no window needs --auto-advance (it moves through "
            "the questions by itself); or use --mode student-paced",
            file=sys.stderr,
        )
        return 2
    banks = load_paths(args.banks or [str(_default_bank_dir())], default_cache_dir())
    for problem in banks.problems:
        if problem.is_error:
            print(problem.format(), file=sys.stderr)
    store = open_store(args.data_dir)
    if store is None:
        return 1
    roster = _read_roster(getattr(args, "roster", None), store)
    if isinstance(roster, int):
        return roster
    bind, port = args.bind, args.port
    if port is not None and (busy := check_port(bind, port)) is not None:
        print(f"civic-quiz: {busy}", file=sys.stderr)
        return 1
    stop = Stop()  # not a threading.Event: see Stop
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    with store:
        service = ClassroomService(
            question_index(banks.banks),
            store,
            host=bind,
            port=port,
            roster=roster,
            on_open=_print_join_line,
        )
        service.bank_versions = {b.id: b.version for b in banks.banks}
        try:
            session = _headless_session(service, options, args)
        except (PortBusy, SessionUnavailable, ValueError) as exc:
            print(f"civic-quiz: cannot start the session: {exc}", file=sys.stderr)
            service.close_all()
            return 1
        folder = report_folder(data_dir(args.data_dir), session.session_id)

        def reports(ended) -> None:  # type: ignore[no-untyped-def]
            try:
                service.write_report(ended.session_id, str(folder))
            except Exception as exc:  # noqa: BLE001 - the session is saved; say what failed
                print(f"civic-quiz: the report was not written to {folder}: {exc}", file=sys.stderr)
                return
            print(f"report {folder}", flush=True)

        try:
            finished = HeadlessHost(session, options, on_end=reports).run(stop)
        finally:
            service.close_all()  # the server stops; everything is saved already
    if not finished:
        print(
            "civic-quiz: stopped; the session is saved. "
            "`civic-quiz host --headless --auto-advance --resume` carries on.",
            file=sys.stderr,
        )
    return 0


def _headless_session(service, options, args):  # type: ignore[no-untyped-def]
    """The session to run headless: the interrupted one with --resume (or the last ended one,
    reopened), else a new one."""
    import random

    from game.services.classroom.headless import open_session

    if args.resume:
        unfinished = service.sessions(unfinished_only=True)
        if unfinished:
            return service.resume(unfinished[0]["id"])
        ended = service.sessions()
        if ended:
            print(f"civic-quiz: reopening the last session, {ended[0]['title']!r}", file=sys.stderr)
            return service.reopen(ended[0]["id"])
        print("civic-quiz: no session to resume; starting a new one", file=sys.stderr)
    return open_session(service, options, random.Random(args.seed))


def _print_join_line(session) -> None:  # type: ignore[no-untyped-def]
    """`join <URL> code <CODE>` on stdout as the lobby opens (teachers paste it into a chat,
    scripts read it), then `teacher <URL>`: the teacher link, with its secret."""
    urls = session.join_urls or list(session.server.urls)
    if urls:
        print(f"join {urls[0]} code {session.join_code}", flush=True)
        teacher = getattr(session, "teacher", None)
        if teacher is not None:  # the teacher's own link: a secret, for their eyes only
            from game.services.classroom.teacher_routes import teacher_link

            print(f"teacher {teacher_link(urls[0], teacher.key)}", flush=True)


def _read_roster(path: str | None, store: Any = None) -> list[str] | int:
    """First names from a CSV file (first column, or the one headed 'name'; a header row is
    skipped). Columns 'extra time', 'read aloud', 'reduced motion' and 'large text' set each
    student's accommodations, remembered for their name (game.core.accommodations)."""
    if not path:
        return []
    import csv

    from game.core.accommodations import parse_roster

    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))  # blank rows kept: problems name the file's line
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        print(f"civic-quiz: cannot read the roster {path}: {exc}", file=sys.stderr)
        return 1
    entries, problems = parse_roster(rows)
    for problem in problems:
        print(f"civic-quiz: {path} line {problem.line}: {problem.message}", file=sys.stderr)
    if problems:
        return 1
    entries = entries[:500]
    if store is not None:
        try:
            for name, accommodations in entries:
                if accommodations is not None:
                    store.remember_accommodations(name, accommodations)
        except Exception as exc:  # noqa: BLE001 - a storage problem: the session still runs
            print(f"civic-quiz: the roster's accommodations were not saved: {exc}", file=sys.stderr)
    return [name for name, _ in entries]


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is a number from 0 to 65535, not {text!r}")
    return port


def _first_scenes(ctx, args):  # type: ignore[no-untyped-def]
    """The title menu, with the hosting screens on top of it for `civic-quiz host`."""
    from game.app.scenes.menus import MainMenuScene

    menu = MainMenuScene(ctx)
    if args.command != "host":
        return [menu]
    from game.app.scenes.classroom import ClassroomMenuScene, HostSetupScene, _scene_for_state

    if args.resume:
        unfinished = ctx.classroom.sessions(unfinished_only=True)
        if unfinished:
            return [
                menu,
                ClassroomMenuScene(ctx),
                _scene_for_state(ctx, ctx.classroom.resume(unfinished[0]["id"])),
            ]
        ended = ctx.classroom.sessions()
        if ended:  # the last session was ended (by mistake?): reopen it where it stood
            last = ended[0]
            print(
                f"civic-quiz: reopening the last session, {last['title']!r} "
                f"(code {last['join_code']}), which was ended",
                file=sys.stderr,
            )
            return [
                menu,
                ClassroomMenuScene(ctx),
                _scene_for_state(ctx, ctx.classroom.reopen(last["id"])),
            ]
        print("civic-quiz: no session to resume; starting a new one", file=sys.stderr)
    setup = HostSetupScene(
        ctx, teams=False, mode=args.mode, closes_at=getattr(args, "closes_at", None)
    )
    return [menu, ClassroomMenuScene(ctx), setup]


def _cmd_preview(args: argparse.Namespace) -> int:
    import os
    import random
    from pathlib import Path

    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    target, _, question_id = args.target.partition("#")
    path = Path(target)
    if not path.is_file():
        print(f"civic-quiz: no such bank file: {path}", file=sys.stderr)
        return 1
    from game.app.context import AppContext
    from game.app.loop import App, NoDisplayError
    from game.app.no_store import NoStore
    from game.app.scenes.preview import PreviewScene
    from game.content.loader import LoadResult

    ctx = AppContext(LoadResult((), ()), NoStore(), rng=random.Random(args.seed))
    ctx.player = ctx.store.players()[0]
    try:
        app = App(ctx, size=args.size)
    except NoDisplayError as exc:
        print(f"civic-quiz: {exc}", file=sys.stderr)
        return 1
    app.run(PreviewScene(ctx, path, question_id or None))
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    import time
    from pathlib import Path

    from game.content.loader import default_cache_dir, load_paths
    from game.core.selection import question_index
    from game.services.classroom.service import ClassroomService

    store = open_store(args.data_dir)
    if store is None:
        return 1
    with store:
        banks = load_paths(args.banks or [str(_default_bank_dir())], default_cache_dir())
        service = ClassroomService(question_index(banks.banks), store)
        sessions = service.sessions()
        if args.list or not sessions:
            if not sessions:
                print("no classroom sessions yet", file=sys.stderr)
            for info in sessions:
                when = time.strftime("%Y-%m-%d %H:%M", time.localtime(info["created_at"]))
                status = "finished" if info["ended_at"] else "interrupted"
                print(
                    f"{info['id']:>4}  {when}  {info['title']}  "
                    f"({len(info['config']['question_ids'])} questions, {status})"
                )
            return 0 if sessions or args.list else 1
        session_id = args.session or sessions[0]["id"]
        if session_id not in {s["id"] for s in sessions}:
            print(
                f"civic-quiz: no session {session_id}; see `civic-quiz report --list`",
                file=sys.stderr,
            )
            return 1
        from game.core.ports import SessionUnavailable

        info = next(s for s in sessions if s["id"] == session_id)
        if _is_paced(info):
            return _paced_report(service, session_id, args)
        try:
            report = service.report(session_id)
        except KeyError as exc:
            print(f"civic-quiz: the banks no longer hold question {exc}", file=sys.stderr)
            return 1
        except SessionUnavailable as exc:
            print(f"civic-quiz: {exc}", file=sys.stderr)
            return 1
        from game.services.report_files import render_text, write_csv, write_html

        print(render_text(report))
        if args.csv:
            for path in write_csv(report, Path(args.csv)):
                print(f"wrote {path}")
        if args.html:
            write_html(report, Path(args.html))
            print(f"wrote {args.html}")
    return 0


def _is_paced(info: dict[str, Any]) -> bool:
    from game.services.classroom.paced_runtime import is_paced

    return bool(is_paced(info["config"]))


def _paced_report(service, session_id: int, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    """`civic-quiz report N` of a student-paced session: a summary, and its files with --csv
    (students.csv, questions.csv with time spent, report.html) or --html."""
    from pathlib import Path

    from game.core.paced_views import progress_grid
    from game.services.classroom.paced_service import saved_paced, write_paced_report

    try:
        saved = saved_paced(service.store, session_id, service.questions)
    except KeyError as exc:
        print(f"civic-quiz: the banks no longer hold question {exc}", file=sys.stderr)
        return 1
    grid = progress_grid(saved.state, saved.config, "name")
    done = sum(1 for r in grid.rows if r.finished)
    print(f"{saved.title}: student-paced, {len(saved.config.question_ids)} questions")
    print(f"{len(grid.rows)} student(s), {done} finished")
    for row in grid.rows:
        print(
            f"  {row.nickname}: {row.score} points, {row.right} right, {row.done}/{row.total} done"
        )
    folders = [Path(args.csv)] if args.csv else []
    if args.html:
        folders.append(Path(args.html).parent)
    for folder in folders:
        for path in write_paced_report(service.store, session_id, service.questions, folder):
            print(f"wrote {path}")
    return 0


def _cmd_import_misses(args: argparse.Namespace) -> int:
    """Put the questions a student missed in class (the file "Save my misses" saved on their
    phone) into a player's "Review my mistakes", due now."""
    import time
    from pathlib import Path

    from game.content.loader import default_cache_dir, load_paths
    from game.core.leitner import Card
    from game.core.review import MISSES_MAX_BYTES, MissesError, read_misses
    from game.core.selection import question_index
    from game.services.storage import StorageError, clean_player_name

    path = Path(args.file)
    try:
        with path.open("rb") as f:
            raw = f.read(MISSES_MAX_BYTES + 1)
    except OSError as exc:
        print(f"civic-quiz: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    try:
        misses = read_misses(raw, str(path))
    except MissesError as exc:
        print(f"civic-quiz: {exc}", file=sys.stderr)
        return 1
    if not misses.question_ids:
        print(f"{path} lists no missed questions: nothing to add.")
        return 0
    store = open_store(args.data_dir)
    if store is None:
        return 1
    now = time.time()
    with store:
        banks = load_paths(args.banks or [str(_default_bank_dir())], default_cache_dir())
        questions = question_index(banks.banks)
        wanted = args.player or misses.nickname
        player = next((p for p in store.players() if p.name.casefold() == wanted.casefold()), None)
        if player is None and args.player:
            try:
                player = store.create_player(clean_player_name(args.player), now)
            except ValueError as exc:
                print(f"civic-quiz: --player: {exc}", file=sys.stderr)
                return 1
        if player is None:
            player = pick_player(store, now)
        known = [qid for qid in misses.question_ids if qid in questions]
        unknown = [qid for qid in misses.question_ids if qid not in questions]
        try:
            for qid in known:
                store.save_card(player.id, qid, Card(qid, 1, now))  # as a miss: box 1, due now
        except StorageError as exc:
            print(f"civic-quiz: {exc}", file=sys.stderr)
            return 1
    count = f"{len(known)} question" + ("" if len(known) == 1 else "s")
    if known:
        print(f"Added {count} to {player.name}'s Review my mistakes.")
    if unknown:
        print(
            f"{len(unknown)} of the questions in {path} are not in your banks, so they were "
            f"skipped: {', '.join(unknown[:10])}{' …' if len(unknown) > 10 else ''}. Add the "
            "bank your class used with --banks PATH.",
            file=sys.stderr,
        )
    return 0 if known else 1


def _cmd_schema(args: argparse.Namespace) -> int:
    import json

    from game.content.format import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # usage errors exit 2, as documented
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


# Global options: they may come before or after the subcommand (`civic-quiz --banks my.yaml
# stats` = `civic-quiz stats --banks my.yaml`). Every parser declares them with SUPPRESS as the
# default, so a subcommand never overwrites a value given before it; `_global_options` then
# refuses those a subcommand can't use, and fills in the defaults.
GLOBAL_DEFAULTS: dict[str, object] = {
    "banks": None,
    "data_dir": None,
    "size": None,  # None: fit the screen (see game.app.loop.fit_window)
    "fullscreen": False,
    "mute": False,
    "seed": None,
}
GLOBAL_FLAGS = {name: "--" + name.replace("_", "-") for name in GLOBAL_DEFAULTS}
GLOBAL_USES: dict[str | None, frozenset[str]] = {
    None: frozenset(GLOBAL_DEFAULTS),  # play, the default
    "play": frozenset(GLOBAL_DEFAULTS),
    "host": frozenset(GLOBAL_DEFAULTS),
    "report": frozenset({"banks", "data_dir"}),
    "validate": frozenset({"banks"}),  # --banks: the files to check
    "stats": frozenset({"banks"}),
    "preview": frozenset({"size", "seed"}),
    "import-misses": frozenset({"banks", "data_dir"}),
}
COMMAND_DEFAULTS: dict[str | None, dict[str, object]] = {"preview": {"seed": 1}}


def _play_options(parser: argparse.ArgumentParser, names: frozenset[str] | None = None) -> None:
    """Add the global options (or only `names`), none of them with a default (see above)."""
    add = names if names is not None else frozenset(GLOBAL_DEFAULTS)
    hidden = argparse.SUPPRESS
    if "banks" in add:
        parser.add_argument(
            "--banks",
            nargs="+",
            action="extend",
            metavar="PATH",
            default=hidden,
            help=f"bank files or folders (default: {DEFAULT_BANKS}/)",
        )
    if "data_dir" in add:
        parser.add_argument(
            "--data-dir",
            metavar="DIR",
            default=hidden,
            help="where progress is saved (default: the user data folder, or $CIVIC_QUIZ_DATA_DIR)",
        )
    if "size" in add:
        parser.add_argument(
            "--size",
            type=_parse_size,
            metavar="WxH",
            default=hidden,
            help="window size (default: 1280x720, or less to fit the screen)",
        )
    if "fullscreen" in add:
        parser.add_argument(
            "--fullscreen", action="store_true", default=hidden, help="start in full screen (F11)"
        )
    if "mute" in add:
        parser.add_argument("--mute", action="store_true", default=hidden, help="no sound at all")
    if "seed" in add:
        parser.add_argument(
            "--seed", type=int, default=hidden, help="fix the question order (for testing)"
        )


def _split_banks(parser: argparse.ArgumentParser, argv: list[str], commands: set[str]) -> list[str]:
    """`--banks a b stats` -> `--banks=a --banks=b stats`: the paths end at a subcommand's name
    (nargs="+" would otherwise take "stats" as a bank and start the game)."""
    out: list[str] = []
    taking = bare = False  # bare: "--banks" with no path yet
    for arg in argv:
        if arg == "--":
            taking = False
        elif taking and not arg.startswith("-") and arg not in commands:
            out.append("--banks=" + arg)
            bare = False
            continue
        if bare:
            parser.error(f"--banks needs at least one bank file or folder before {arg!r}")
        taking = bare = arg == "--banks"
        if not taking:
            out.append(arg)
    if bare:
        out.append("--banks")
    return out


def _global_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse global options the subcommand can't use; fill in the defaults of the rest."""
    command = args.command
    uses = GLOBAL_USES.get(command, frozenset())
    given = [name for name in GLOBAL_DEFAULTS if name in vars(args)]
    unused = [GLOBAL_FLAGS[name] for name in given if name not in uses]
    if unused:
        parser.error(
            f"{', '.join(unused)} can't be used with `{command}` "
            f"(see `civic-quiz {command} --help`)"
        )
    if command in ("validate", "stats") and "banks" in given:
        if args.paths:
            parser.error(f"give the banks to `{command}` once: as paths or with --banks")
        args.paths = args.banks
    for name, default in {**GLOBAL_DEFAULTS, **COMMAND_DEFAULTS.get(command, {})}.items():
        if name not in vars(args):
            setattr(args, name, default)


def _scoring_presets():  # type: ignore[no-untyped-def]
    from game.core.scoring import ScoringPreset

    return list(ScoringPreset)


def build_parser() -> argparse.ArgumentParser:
    from game import __version__

    parser = _Parser(prog="civic-quiz", description="An offline civic-education quiz game.")
    parser.add_argument("--version", action="version", version=f"civic-quiz {__version__}")
    _play_options(parser)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    validate = sub.add_parser("validate", help="check bank files and report every problem")
    validate.add_argument("paths", nargs="*", help=f"files or folders (default: {DEFAULT_BANKS}/)")
    validate.add_argument("--format", choices=("text", "json"), default="text")
    validate.add_argument(
        "--no-warnings", dest="warnings", action="store_false", help="show errors only"
    )
    validate.add_argument("--no-cache", action="store_true", help="ignore the bank cache")
    _play_options(validate, GLOBAL_USES["validate"])
    validate.add_argument(
        "--no-layout",
        dest="layout",
        action="store_false",
        help="skip checking that texts fit the smallest window",
    )
    validate.set_defaults(func=_cmd_validate)

    play = sub.add_parser("play", help="start the game (the default)")
    _play_options(play)
    play.set_defaults(func=_cmd_play)

    from game.cli_authoring import register

    register(sub)
    _play_options(sub.choices["stats"], GLOBAL_USES["stats"])  # stats --banks PATH…

    host = sub.add_parser(
        "host", help="host a classroom session (students join from their browsers)"
    )
    _play_options(host)
    host.add_argument(
        "--port",
        type=_port,
        default=None,
        help="the port students connect to (default 8765, or any free one if it is taken; "
        "a port given here is used or the command stops with an error; --resume reuses the "
        "session's port)",
    )
    host.add_argument(
        "--bind",
        metavar="ADDRESS",
        default="0.0.0.0",
        help="the address to listen on (default 0.0.0.0: every network of this computer)",
    )
    host.add_argument(
        "--roster",
        metavar="CSV",
        help="first names students pick from; optional columns set accommodations",
    )
    host.add_argument(
        "--session-process",
        action="store_true",
        help="run the students' side (network, answers, session log) in a process of its own, "
        "beside the projector's (for a large assembly on a laptop with cores to spare; see "
        "docs/classroom.md, 'Large sessions')",
    )
    host.add_argument(
        "--mode",
        choices=("live", "student-paced"),
        default="live",
        help="live: you set the pace from the projector (the default); student-paced: each "
        "student goes at their own speed, for homework, stations and catching up "
        "(docs/student-paced.md)",
    )
    host.add_argument(
        "--closes",
        metavar='"YYYY-MM-DD HH:MM"',
        help="a student-paced session closes at this local date and time (default: when you "
        "end it)",
    )
    host.add_argument(
        "--resume",
        action="store_true",
        help="continue the last interrupted session (or reopen the last one, if it was ended)",
    )
    # -- without a display (issue 11): the setup as options, with the setup screen's defaults
    host.add_argument(
        "--headless",
        action="store_true",
        help="run the session with no window (a machine with no display); prints the join "
        "line and the teacher link; Ctrl-C stops it, saved (--resume carries on)",
    )
    host.add_argument(
        "--count", type=int, default=10, help="--headless: how many questions (default 10)"
    )
    host.add_argument(
        "--topics", metavar="A,B", help="--headless: only questions of these topics (default all)"
    )
    host.add_argument(
        "--scoring",
        choices=[p.value for p in _scoring_presets()],
        default=None,
        help="--headless: the scoring preset (default classic live, accuracy student-paced)",
    )
    host.add_argument(
        "--timer",
        choices=("1x", "1.5x", "2x", "off"),
        default=None,
        help="--headless: each question's time limit times this, or off (default 1x live, "
        "off student-paced)",
    )
    host.add_argument(
        "--auto-advance",
        action="store_true",
        help="--headless live session: question, reveal, leaderboard and next by themselves",
    )
    host.add_argument(
        "--start-after",
        type=float,
        metavar="SECONDS",
        help="--auto-advance: start this long after the session opens (once someone joined); "
        "without it the teacher page's Start button starts it",
    )
    host.add_argument(
        "--pace",
        type=float,
        default=8.0,
        metavar="SECONDS",
        help="--auto-advance: how long each reveal and leaderboard stays (default 8)",
    )
    host.set_defaults(func=_cmd_play)

    report = sub.add_parser("report", help="a classroom session's report (latest by default)")
    report.add_argument("session", nargs="?", type=int, help="session number (see --list)")
    report.add_argument("--list", action="store_true", help="list the sessions")
    report.add_argument("--csv", metavar="DIR", help="write students/questions/answers CSV")
    report.add_argument("--html", metavar="FILE", help="write a printable HTML report")
    _play_options(report, GLOBAL_USES["report"])
    report.set_defaults(func=_cmd_report)

    preview = sub.add_parser("preview", help="show a bank in the game, reloading on save")
    preview.add_argument("target", metavar="FILE[#QUESTION_ID]")
    _play_options(preview, GLOBAL_USES["preview"])
    preview.set_defaults(func=_cmd_preview)

    misses = sub.add_parser(
        "import-misses",
        help="add the questions a student missed in class (their saved misses file) to "
        "Review my mistakes",
    )
    misses.add_argument("file", help="the civic-quiz-misses.json file saved on the quiz page")
    misses.add_argument(
        "--player",
        metavar="NAME",
        help="whose Review my mistakes (default: the player named in the file, or the last "
        "player; a new name makes a new player)",
    )
    _play_options(misses, GLOBAL_USES["import-misses"])
    misses.set_defaults(func=_cmd_import_misses)

    schema = sub.add_parser("schema", help="print the JSON Schema of bank files")
    schema.set_defaults(func=_cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    commands = set(_subcommands(parser))
    given = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(_split_banks(parser, given, commands))
    _global_options(parser, args)
    if args.command is None:
        return _cmd_play(args)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _subcommands(parser: argparse.ArgumentParser) -> list[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return []


if __name__ == "__main__":
    sys.exit(main())
