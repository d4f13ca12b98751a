"""Leaving out of an export the questions whose type has no form in that format.

Each question type's exchange mapping (game.content.formats.exchange) names the formats it is
not written to, with the reason. `only_supported` gives a writer only the questions it can
represent; every other one is skipped with the one skip code (`question-skipped`) and a reason
the CLI's export summary counts ("24 skipped: order questions (GIFT has no ordering type)"),
instead of being written as something else or crashing a writer that doesn't know the type.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import replace

from game.content.formats import ExportResult, Skipped, Writer
from game.content.formats.codes import FormatCode
from game.content.formats.exchange.registry import exchange
from game.content.problems import Problem, Severity
from game.core.model import Bank

__all__ = ["only_supported"]


def only_supported(name: str, write: Writer) -> Writer:
    """`write` for format `name`, given only the questions it can represent."""

    @functools.wraps(write)
    def filtered(banks: Sequence[Bank]) -> ExportResult:
        kept: list[Bank] = []
        skipped: list[Skipped] = []
        problems: list[Problem] = []
        for bank in banks:
            keep = []
            for q in bank.questions:
                why = exchange(q).not_written.get(name)
                if why is None:
                    keep.append(q)
                    continue
                skipped.append(Skipped(q.id, f"{q.type.value} questions ({why})"))
                problems.append(
                    Problem(
                        Severity.WARNING,
                        FormatCode.QUESTION_SKIPPED,
                        f"{q.type.value} question {q.id} is not exported: {why}",
                        bank.path,
                        0,
                        0,
                        q.id,
                    )
                )
            kept.append(replace(bank, questions=tuple(keep)))
        result = write(kept)
        return replace(
            result,
            problems=(*problems, *result.problems),
            skipped=(*skipped, *result.skipped),
        )

    return filtered
