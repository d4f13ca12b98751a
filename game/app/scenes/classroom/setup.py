"""Setting up a session before the lobby opens: questions, banks, difficulty, scoring,
timer, leaderboard, the ranking's size, changing answers, and the number of teams; or, with
Mode set to Student-paced, the student-paced settings (docs/student-paced.md: feedback, second
chances, order, review, closing time).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from game.app.scene import Pop, Push, Replace, Transition, register
from game.app.scenes.common import _cycle
from game.app.scenes.list_scene import Entry, ListScene
from game.core import paced as p
from game.core import session as s
from game.core.ports import SessionUnavailable
from game.core.scoring import ScoringPreset, rules_for
from game.core.selection import ROUND_SIZES, Filters, choose_questions
from game.core.standings import DEFAULT_SHOWN

if TYPE_CHECKING:
    from game.app.context import AppContext


FEEDBACK_WORDS = {"full": "full", "verdict": "right or wrong only", "end": "nothing until the end"}
SECOND_WORDS = {
    "half": "on, half points",
    "quarter": "on, a quarter",
    "all": "on, all points",
    "none": "on, no points",
    "off": "off",
}
SECOND_CHANCES = {  # (missed questions come back, share of the points a right second try earns)
    "half": (True, 0.5),
    "quarter": (True, 0.25),
    "all": (True, 1.0),
    "none": (True, 0.0),
    "off": (False, 0.5),
}
ORDER_WORDS = {"same": "the same for everyone", "shuffled": "shuffled for each student"}
REVIEW_WORDS = {"done": "when the student finishes", "closed": "only once the session closes"}


@register("host-setup")
class HostSetupScene(ListScene):
    """Questions and rules for the session, then open the lobby."""

    def __init__(
        self, ctx: AppContext, teams: bool, mode: str = "live", closes_at: float | None = None
    ) -> None:
        super().__init__(ctx)
        self.teams = teams
        self.paced = mode == "student-paced" and not teams
        self.heading = "Teams on one screen" if teams else "Host a live session"
        if self.paced:
            self.heading = "Host a student-paced session"
        # Student-paced settings (docs/student-paced.md's table; the defaults first)
        self.feedback = p.Feedback.FULL.value
        self.second = "half"
        self.order = p.Order.SAME.value
        self.paced_preset = ScoringPreset.ACCURACY.value
        self.paced_board = False
        self.review = p.ReviewAt.DONE.value
        self.closes_at = closes_at  # `civic-quiz host --closes`, or chosen here
        now = round(ctx.wall() / 60) * 60
        later = [now + 3600.0, now + 86400.0, now + 7 * 86400.0]  # in an hour, a day, a week
        self.closes_options: list[float | None] = [
            None,
            *([closes_at] if closes_at else []),
            *later,
        ]
        self.count = 10
        self.difficulties: set[int] = set()
        self.bank_ids: set[str] = set()
        self.preset = ScoringPreset.CLASSIC.value
        self.timer = "off" if self.paced else "1x"  # student-paced: no timer unless asked
        self.board = "each"
        self.podium = DEFAULT_SHOWN  # places on the ranking screens (never the bottom half)
        self.allow_change = True
        self.team_count = 4

    def subheading(self) -> str:
        opens = "the session" if self.paced else "the lobby"
        return f"Enter or click changes a setting; Start opens {opens}."

    def entries(self) -> list[Entry]:
        filters = Filters(frozenset(self.bank_ids), frozenset(), frozenset(self.difficulties))
        matching = sum(filters.accepts(q) for q in self.ctx.questions.values())
        items = [
            Entry("Start", "start", f"{min(self.count, matching)} questions", enabled=matching > 0)
        ]
        if not self.teams:
            mode = "Student-paced" if self.paced else "Teacher-paced (live)"
            items.append(Entry("Mode", "mode", mode))
        if self.paced:
            return items + self._paced_entries()
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

    def _paced_entries(self) -> list[Entry]:
        closes = (
            "when you end it"
            if self.closes_at is None
            else datetime.fromtimestamp(self.closes_at).strftime("%a %d %b %H:%M")
        )
        return [
            Entry("Questions", "count", str(self.count)),
            Entry("Banks", "banks", ", ".join(sorted(self.bank_ids)) or "all"),
            Entry("Feedback", "feedback", FEEDBACK_WORDS[self.feedback]),
            Entry("Timer", "timer", self.timer),
            Entry("Second chances", "second", SECOND_WORDS[self.second]),
            Entry("Order", "order", ORDER_WORDS[self.order]),
            Entry("Scoring", "paced-preset", self.paced_preset),
            Entry("Leaderboard", "paced-board", "on" if self.paced_board else "off"),
            Entry("Review", "review", REVIEW_WORDS[self.review]),
            Entry("Closes", "closes", closes),
            Entry("Back", "back"),
        ]

    def _paced_action(self, action: object) -> bool:
        """A student-paced setting changed (True), or not one of them."""
        if action == "mode":
            self.paced = not self.paced
            self.heading = "Host a student-paced session" if self.paced else "Host a live session"
            self.timer = "off" if self.paced else "1x"  # each mode's default
        elif action == "feedback":
            self.feedback = _cycle(tuple(FEEDBACK_WORDS), self.feedback)
        elif action == "second":
            self.second = _cycle(tuple(SECOND_WORDS), self.second)
        elif action == "order":
            self.order = _cycle(tuple(ORDER_WORDS), self.order)
        elif action == "paced-preset":
            self.paced_preset = _cycle(tuple(x.value for x in ScoringPreset), self.paced_preset)
        elif action == "paced-board":
            self.paced_board = not self.paced_board
        elif action == "review":
            self.review = _cycle(tuple(REVIEW_WORDS), self.review)
        elif action == "closes":
            at = self.closes_options.index(self.closes_at)
            self.closes_at = self.closes_options[(at + 1) % len(self.closes_options)]
        else:
            return False
        return True

    def activate(self, action: object) -> Transition | None:
        if action == "back":
            return Pop()
        if action == "start":
            return self._start() if not self.paced else self._start_paced()
        if self._paced_action(action):
            self.refresh()
            return None
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

    def _start_paced(self) -> Transition | None:
        ctx = self.ctx
        filters = Filters(frozenset(self.bank_ids), frozenset(), frozenset(self.difficulties))
        ids = choose_questions(list(ctx.questions.values()), filters, self.count, ctx.rng)
        multiplier = {"1x": 1.0, "1.5x": 1.5, "2x": 2.0, "off": None}[self.timer]
        redemption, credit = SECOND_CHANCES[self.second]
        config = p.PacedConfig(
            question_ids=ids,
            rules=rules_for(ScoringPreset(self.paced_preset), multiplier is not None),
            timer_multiplier=multiplier,
            feedback=p.Feedback(self.feedback),
            review=p.ReviewAt(self.review),
            redemption=redemption,
            redemption_credit=credit,
            order=p.Order(self.order),
            leaderboard=self.paced_board,
            closes_at=self.closes_at,
        )
        assert ctx.classroom is not None
        try:
            host = ctx.classroom.open_paced(config)
        except SessionUnavailable as exc:
            return Push.named("notice", ctx, "Cannot start the session", str(exc))
        except OSError as exc:
            return Push.named("notice", ctx, "Cannot start the session", f"{exc}")
        return Replace.named("progress-grid", ctx, host)

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
