"""Opening and resuming a student-paced session: its server (speaking wire version 2) and its
runtime bound together, and the closing time a teacher types turned into the session's time.

Why a module of its own: `service.ClassroomService` opens live sessions and knows the network
choices (address, port, the port a session used); a student-paced session uses the same choices
with another runtime (`paced_runtime.PacedRuntime`), and the service hands it over here with one
call each way, so the live path stays as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from game.core import paced as p
from game.core.model import Question
from game.services.classroom.paced_runtime import TITLE, PacedRuntime
from game.services.classroom.protocol import PACED_VERSION
from game.services.classroom.runtime_parts import saved_session

__all__ = [
    "ClosesError",
    "SavedPaced",
    "open_paced",
    "parse_closes",
    "resume_paced",
    "saved_paced",
    "write_paced_report",
]

CLOSES_FORMAT = "%Y-%m-%d %H:%M"


class ClosesError(ValueError):
    """A closing time that is not a date and time, or not in the future."""


def parse_closes(text: str, now: float) -> float:
    """ "YYYY-MM-DD HH:MM" in this computer's local time, as the session's time (epoch seconds:
    see paced_runtime's docstring). Raises ClosesError with what to type instead."""
    try:
        local = datetime.strptime(text.strip(), CLOSES_FORMAT)
    except ValueError:
        raise ClosesError(
            f"the closing time {text!r} is not a date and time: write it as "
            '"YYYY-MM-DD HH:MM" in this computer\'s local time, e.g. "2026-03-13 17:00"'
        ) from None
    at = local.astimezone().timestamp()
    if at <= now:
        shown = datetime.fromtimestamp(now).strftime(CLOSES_FORMAT)
        raise ClosesError(
            f"the closing time {text} has already passed (it is {shown} now): give a later one"
        )
    return at


def _urls(server: Any) -> str:
    urls = [u for u in server.urls if "//127." not in u] or list(server.urls)
    return urls[0] if urls else ""


def open_paced(service: Any, config: p.PacedConfig, title: str = TITLE) -> PacedRuntime:
    """A new student-paced session on the service's address and port."""
    runtime, server = service._create(PacedRuntime, config, title, PACED_VERSION)
    return _bound(runtime, server)


def resume_paced(service: Any, info: dict[str, Any], port: int | None) -> PacedRuntime:
    """A saved student-paced session, listening where its students' pages look for it."""
    server = service._server(info["join_code"], port, version=PACED_VERSION)
    runtime = PacedRuntime.resume(
        service.questions, service.store, server, info["id"], service.wall, service.clock
    )
    return _bound(runtime, server)


def _bound(runtime: PacedRuntime, server: Any) -> PacedRuntime:
    """The runtime, owning its server from now on (closing it stops the server)."""
    runtime.join_url = _urls(server)
    runtime.server = server
    runtime.owns_server = True
    return runtime


@dataclass(frozen=True)
class SavedPaced:
    """A saved student-paced session read back from its log, with the parts its reports read
    (`teacher_reports.paced_reports` takes it as it takes a running session)."""

    config: p.PacedConfig
    questions: Mapping[str, Question]
    state: p.PacedState
    title: str


def saved_paced(store: Any, session_id: int, banks: Mapping[str, Question]) -> SavedPaced:
    """Replay a student-paced session's saved commands against the questions it asked (its
    snapshot), never today's banks: the report of a session never changes afterwards."""
    info, config, asked = saved_session(store, session_id, p.config_from_data, banks)
    state = p.new_session(config)
    for _seq, kind, data in store.session_log(session_id):
        state = p.advance(state, p.command_from_data(kind, data), asked, config).state
    return SavedPaced(config, asked, state, str(info["title"]))


def write_paced_report(
    store: Any, session_id: int, banks: Mapping[str, Question], folder: Path
) -> list[str]:
    """A saved student-paced session's reports in `folder`, under the names the teacher page
    downloads them by (students.csv, item-analysis.csv with time spent, report.html)."""
    from game.services.classroom.teacher_reports import paced_reports
    from game.services.classroom.teacher_routes import REPORTS

    saved = saved_paced(store, session_id, banks)
    make = paced_reports(saved, f"{saved.title}: student-paced session report")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, (_, name) in REPORTS.items():
        content = make(kind)
        if content is not None:
            (folder / name).write_bytes(content)
            written.append(str(folder / name))
    return written
