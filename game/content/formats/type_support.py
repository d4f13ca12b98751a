"""Leaving out of an export the questions whose type has no form in that format yet.

A question type's module says which formats it may be written to (`QType.exports`; None: every
writer decides for itself, as for the original eight types). A newer type, such as `cloze`, is
skipped by the others with one clear reason each, counted by the CLI's export summary, instead
of being written as something else (a GIFT essay) or crashing a writer that doesn't know it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from game.content.formats import ExportResult, Skipped, Writer
from game.content.formats.codes import FormatCode
from game.content.problems import Problem, Severity
from game.core.model import Bank
from game.core.qtypes.registry import qtype

__all__ = ["only_supported"]


def only_supported(name: str, write: Writer) -> Writer:
    """`write` for format `name`, given only the questions it can represent."""

    def filtered(banks: Sequence[Bank]) -> ExportResult:
        kept: list[Bank] = []
        skipped: list[Skipped] = []
        problems: list[Problem] = []
        for bank in banks:
            keep = []
            for q in bank.questions:
                formats = qtype(q).exports
                if formats is None or name in formats:
                    keep.append(q)
                    continue
                reason = f"{q.type.value} questions (no {name} form yet)"
                skipped.append(Skipped(q.id, reason))
                problems.append(
                    Problem(
                        Severity.WARNING,
                        FormatCode.QUESTION_SKIPPED,
                        f"{q.type.value} questions have no {name} form yet; not exported",
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
