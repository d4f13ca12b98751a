"""The Classroom menu: host a live session, teams on one screen, resume an interrupted
session or reopen an ended one, and the reports of past sessions.
"""

from __future__ import annotations

from game.app.scene import Pop, Push, Transition, register
from game.app.scenes.classroom.host import _scene_for_state
from game.app.scenes.common import plural
from game.app.scenes.list_scene import Entry, ListScene


@register("classroom-menu")
class ClassroomMenuScene(ListScene):
    heading = "Classroom"

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        if ctx.classroom is not None:  # a session may open from here: its network loads now
            ctx.classroom.prepare()

    def subheading(self) -> str:
        return (
            "Students answer from their own phones or laptops over this room's network: "
            "no internet, no accounts. No devices? Play in teams on this screen."
        )

    def entries(self) -> list[Entry]:
        service = self.ctx.classroom
        items = [Entry("Host a live session", "host"), Entry("Teams on one screen", "teams")]
        unfinished = service.sessions(unfinished_only=True) if service else []
        if unfinished:
            last = unfinished[0]
            items.append(
                Entry(
                    "Resume the interrupted session",
                    ("resume", last["id"]),
                    f"{last['title']} (code {last['join_code']})",
                )
            )
        past = service.sessions() if service else []
        if not unfinished and past and past[0]["ended_at"] is not None:
            last = past[0]
            items.append(
                Entry(
                    "Reopen the last session",
                    ("reopen", last["id"]),
                    f"{last['title']} (code {last['join_code']}), ended by mistake?",
                )
            )
        items.append(
            Entry(
                "Reports of past sessions",
                "reports",
                plural(len(past), "session"),
                enabled=bool(past),
            )
        )
        items.append(Entry("Back", "back"))
        return items

    def resume(self, result: object) -> Transition | None:
        self.refresh()
        return None

    def activate(self, action: object) -> Transition | None:
        if action == "back":
            return Pop()
        if action == "host":
            return Push.named("host-setup", self.ctx, teams=False)
        if action == "teams":
            return Push.named("host-setup", self.ctx, teams=True)
        if action == "reports":
            return Push.named("report-list", self.ctx)
        if isinstance(action, tuple) and action[0] in ("resume", "reopen"):
            service = self.ctx.classroom
            if service is None:
                return None
            try:
                host = (service.resume if action[0] == "resume" else service.reopen)(action[1])
            except (OSError, KeyError, ValueError) as exc:
                return Push.named("notice", self.ctx, "Cannot resume", str(exc))
            return Push(_scene_for_state(self.ctx, host))
        return None
