"""Opening and resuming a student-paced session: its server (speaking wire version 2) and its
runtime bound together, and the closing time a teacher types turned into the session's time.

Why a module of its own: `service.ClassroomService` opens live sessions and knows the network
choices (address, port, the port a session used); a student-paced session uses the same choices
with another runtime (`paced_runtime.PacedRuntime`), and the service hands it over here with one
call each way, so the live path stays as it is.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from game.core import paced as p
from game.services.classroom.paced_runtime import TITLE, PacedRuntime
from game.services.classroom.protocol import PACED_VERSION

__all__ = ["ClosesError", "open_paced", "parse_closes", "resume_paced"]

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
