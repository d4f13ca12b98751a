"""Dated facts: every shipped question says when its facts were checked, a claim about events after
the order (Dec. 15, 2025) rests on a primary text or a named news report, and `civic-quiz stats`
lists what was checked more than a year ago."""

from __future__ import annotations

import re
from datetime import date

from game.content.authoring import bank_stats
from game.core.model import Bank, Question, QuestionType, Source, SourceKind, SourceRef
from tests.content.test_shipped_banks import QUESTIONS_ALL

ORDER_SIGNED = date(2025, 12, 15)
FIRM = {SourceKind.PRIMARY, SourceKind.NEWS}
_AFTER_ORDER = re.compile(
    r"\b20(2[6-9]|[3-9]\d)\b"  # any year after 2025
    r"|\bDec(?:ember|\.)? (1[6-9]|2\d|3[01]),? 2025\b"  # the rest of December 2025
)


def _text(q: Question) -> str:
    parts = [q.prompt, q.explanation, *q.choices, *q.items, *q.accept]
    parts += [f"{a} {b}" for a, b in q.pairs]
    return " ".join(parts)


def test_every_question_has_valid_as_of():
    assert [q.id for q in QUESTIONS_ALL if q.valid_as_of is None] == []


def test_claims_after_the_order__cite_a_primary_text_or_named_news_report():
    weak = [
        q.id
        for q in QUESTIONS_ALL
        if q.graded
        and _AFTER_ORDER.search(_text(q))
        and not any(ref.source.kind in FIRM for ref in q.citations)
    ]
    assert weak == []


def test_the_after_the_order_pattern__finds_later_dates_only():
    assert _AFTER_ORDER.search("decided Feb. 20, 2026")
    assert _AFTER_ORDER.search("on Dec. 16, 2025")
    assert not _AFTER_ORDER.search("signed Dec. 15, 2025, after the Feb. 1, 2025 tariffs")


def test_no_graded_question_rests_on_an_encyclopedia_alone():
    alone = [
        q.id
        for q in QUESTIONS_ALL
        if q.graded and {ref.source.kind for ref in q.citations} <= {SourceKind.REFERENCE, None}
    ]
    assert alone == []


def test_every_shipped_source_declares_its_kind():
    from tests.content.test_shipped_banks import RESULT

    assert [(b.id, s.id) for b in RESULT.banks for s in b.sources if s.kind is None] == []


def test_stats__lists_questions_checked_more_than_a_year_ago():
    src = Source("eo", "The order", kind=SourceKind.PRIMARY)

    def q(qid: str, checked: date) -> Question:
        return Question(
            qid,
            QuestionType.TRUE_FALSE,
            "t",
            1,
            "?",
            truth=True,
            source=SourceRef(src, "Sec. 1"),
            valid_as_of=checked,
        )

    bank = Bank(
        "b",
        "B",
        (q("old", date(2025, 1, 31)), q("fresh", date(2026, 6, 1)), q("edge", date(2025, 2, 2))),
        sources=(src,),
    )
    stats = bank_stats([bank], date(2026, 2, 1))
    assert stats.stale == [("old", date(2025, 1, 31))]
