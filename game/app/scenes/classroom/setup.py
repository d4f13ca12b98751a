"""Setting up a session before the lobby opens: questions, banks, difficulty, scoring,
timer, leaderboard, the ranking's size, changing answers, and the number of teams.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.app.scene import Pop, Push, Replace, Transition, register
from game.app.scenes.common import _cycle
from game.app.scenes.list_scene import Entry, ListScene
from game.core import session as s
from game.core.ports import SessionUnavailable
from game.core.scoring import ScoringPreset, rules_for
from game.core.selection import ROUND_SIZES, Filters, choose_questions
from game.core.standings import DEFAULT_SHOWN

if TYPE_CHECKING:
    from game.app.context import AppContext


@register("host-setup")
class HostSetupScene(ListScene):
    """Questions and rules for the session, then open the lobby."""

    def __init__(self, ctx: AppContext, teams: bool) -> None:
        super().__init__(ctx)
        self.teams = teams
        self.heading = "Teams on one screen" if teams else "Host a live session"
        self.count = 10
        self.difficulties: set[int] = set()
        self.bank_ids: set[str] = set()
        self.preset = ScoringPreset.CLASSIC.value
        self.timer = "1x"
        self.board = "each"
        self.podium = DEFAULT_SHOWN  # places on the ranking screens (never the bottom half)
        self.allow_change = True
        self.team_count = 4

    def subheading(self) -> str:
        return "Enter or click changes a setting; Start opens the lobby."

    def entries(self) -> list[Entry]:
        filters = Filters(frozenset(self.bank_ids), frozenset(), frozenset(self.difficulties))
        matching = sum(filters.accepts(q) for q in self.ctx.questions.values())
        items = [
            Entry("Start", "start", f"{min(self.count, matching)} questions", enabled=matching > 0)
        ]
        if self.teams:
            items.append(Entry("Teams", "teams", str(self.team_count)))
        items += [
            Entry("Questions", "count", str(self.count)),
            Entry("Banks", "banks", ", ".join(sorted(self.bank_ids)) or "all"),
            Entry(
                "Difficulty",
                "difficulty",
                ", ".join(("easy", "medium", "hard")[d - 1] for d in sorted(self.difficulties))
                or "all",
            ),
            Entry("Scoring", "preset", self.preset),
            Entry("Timer", "timer", self.timer),
            Entry(
                "Leaderboard",
                "board",
                {"each": "after each question", "end": "only at the end", "never": "never"}[
                    self.board
                ],
            ),
            Entry("Ranking shows", "podium", f"top {self.podium}"),
        ]
        if not self.teams:
            items.append(
                Entry(
                    "Answers can be changed",
                    "change",
                    "yes, until time is up" if self.allow_change else "no",
                )
            )
        items.append(Entry("Back", "back"))
        return items

    def activate(self, action: object) -> Transition | None:
        if action == "back":
            return Pop()
        if action == "start":
            return self._start()
        if action == "count":
            self.count = _cycle(ROUND_SIZES + (30,), self.count)
        elif action == "teams":
            self.team_count = _cycle(tuple(range(2, 9)), self.team_count)
        elif action == "banks":
            ids = [b.id for b in self.ctx.banks.banks]
            options: list[set[str]] = [set()] + [{i} for i in ids]
            current = options.index(self.bank_ids) if self.bank_ids in options else 0
            self.bank_ids = options[(current + 1) % len(options)]
        elif action == "difficulty":
            order = [set(), {1}, {2}, {3}, {1, 2}, {2, 3}]
            index = order.index(self.difficulties) if self.difficulties in order else 0
            self.difficulties = order[(index + 1) % len(order)]
        elif action == "preset":
            self.preset = _cycle(tuple(p.value for p in ScoringPreset), self.preset)
        elif action == "timer":
            self.timer = _cycle(("1x", "1.5x", "2x", "off"), self.timer)
        elif action == "board":
            self.board = _cycle(("each", "end", "never"), self.board)
        elif action == "podium":
            self.podium = _cycle((3, 5, 10), self.podium)
        elif action == "change":
            self.allow_change = not self.allow_change
        self.refresh()
        return None

    def _start(self) -> Transition | None:
        ctx = self.ctx
        filters = Filters(frozenset(self.bank_ids), frozenset(), frozenset(self.difficulties))
        ids = choose_questions(list(ctx.questions.values()), filters, self.count, ctx.rng)
        multiplier = {"1x": 1.0, "1.5x": 1.5, "2x": 2.0, "off": None}[self.timer]
        config = s.SessionConfig(
            question_ids=ids,
            rules=rules_for(ScoringPreset(self.preset), multiplier is not None),
            timer_multiplier=multiplier,
            leaderboard=self.board,
            podium_size=self.podium,
            allow_change=self.allow_change and not self.teams,
        )
        title = "Teams" if self.teams else "Live session"
        assert ctx.classroom is not None  # the classroom menu opens only with a service
        try:
            host = (
                ctx.classroom.open_local(config, title)
                if self.teams
                else ctx.classroom.open(ids, config, title)
            )
        except SessionUnavailable as exc:  # the save file can't be written (a full disk)
            return Push.named("notice", ctx, "Cannot start the session", str(exc))
        except OSError as exc:
            return Push.named(
                "notice",
                ctx,
                "Cannot start the session",
                (
                    f"The session's network server could not start: {exc}. Another program may "
                    "be using the port; try again, or start with `civic-quiz host --port N`."
                ),
            )
        if self.teams:
            return Replace.named("teams", ctx, host, self.team_count)
        return Replace.named("lobby", ctx, host)
