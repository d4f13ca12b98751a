"""Runs one solo round: sends commands to the core engine and saves what happens.

The question scene calls `submit`, `skip`, `time_up` and `next`; this passes them to
`game.core.round.advance` with the time, then writes every graded answer to the progress store at
once (so a crash loses nothing answered), moves Leitner cards, and finishes the round in storage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from game.core.answers import Response
from game.core.leitner import update_card
from game.core.round import (
    AnswerGraded,
    Event,
    Next,
    Phase,
    QuestionStarted,
    Resume,
    RoundConfig,
    RoundFinished,
    RoundState,
    RoundSummary,
    Skip,
    Submit,
    TimeUp,
    advance,
    start_round,
)
from game.core.scoring import ScoringPreset, rules_for

if TYPE_CHECKING:
    from game.app.context import AppContext

__all__ = ["RoundRunner"]


class RoundRunner:
    def __init__(self, ctx: AppContext, question_ids: tuple[str, ...], mode: str) -> None:
        self.ctx = ctx
        settings = ctx.settings
        preset = ScoringPreset(settings.scoring)
        multiplier = settings.timer_multiplier if preset is not ScoringPreset.PRACTICE else None
        self.config = RoundConfig(
            question_ids=question_ids,
            rules=rules_for(preset, multiplier is not None),
            timer_multiplier=multiplier,
        )
        self.mode = mode
        self.cards = ctx.store.cards(ctx.player.id)
        self.round_id = ctx.store.start_round(
            ctx.player.id,
            mode,
            {
                "questions": list(question_ids),
                "scoring": preset.value,
                "timer": settings.timer if multiplier is not None else "off",
            },
            ctx.wall(),
        )
        step = start_round(ctx.questions, self.config, ctx.wall())
        self.state: RoundState = step.state
        self.last_started: QuestionStarted | None = None
        self.last_graded: AnswerGraded | None = None
        self.summary: RoundSummary | None = None
        self._absorb(step.events)

    @property
    def question(self) -> Any:
        qid = self.state.current_id
        return self.ctx.questions[qid] if qid is not None else None

    @property
    def finished(self) -> bool:
        return self.state.phase is Phase.FINISHED

    def deadline(self) -> float | None:
        """Wall-clock time when the current question's timer runs out (None: no timer)."""
        started = self.last_started
        if started is None or started.time_limit_s is None or self.state.phase is not Phase.ASKING:
            return None
        return self.state.asked_at + started.time_limit_s

    def submit(self, response: Response) -> None:
        self._apply(Submit(response, self.ctx.wall()))

    def skip(self) -> None:
        self._apply(Skip(self.ctx.wall()))

    def time_up(self) -> None:
        self._apply(TimeUp(self.ctx.wall()))

    def next(self) -> None:
        self._apply(Next(self.ctx.wall()))

    def resume(self, paused_s: float) -> None:
        self._apply(Resume(paused_s))

    def _apply(self, command: Submit | Skip | TimeUp | Next | Resume) -> None:
        step = advance(self.state, command, self.ctx.questions, self.config)
        self.state = step.state
        self._absorb(step.events)

    def _absorb(self, events: tuple[Event, ...]) -> None:
        store = self.ctx.store
        for event in events:
            if isinstance(event, QuestionStarted):
                self.last_started = event
            elif isinstance(event, AnswerGraded):
                self.last_graded = event
                record = event.record
                store.record_answer(
                    self.round_id, record, self.ctx.bank_versions.get(record.bank_id, "")
                )
                if record.graded:
                    card = update_card(
                        self.cards.get(record.question_id),
                        record.question_id,
                        record.correct,
                        record.at,
                    )
                    if card is None:
                        self.cards.pop(record.question_id, None)
                    else:
                        self.cards[record.question_id] = card
                    store.save_card(self.ctx.player.id, record.question_id, card)
                self.ctx.play("right" if record.correct else "wrong" if record.graded else "select")
            elif isinstance(event, RoundFinished):
                self.summary = event.summary
                store.finish_round(self.round_id, event.summary, self.ctx.wall())
                self.ctx.play("round_end")
