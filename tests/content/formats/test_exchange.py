"""Each type's exchange mapping (game/content/formats/exchange) decides what every writer does
with it: a format a type declines skips its questions with the one skip code and the type's
reason, through every writer the registry lists; nothing is written as something else."""

from __future__ import annotations

import dataclasses

import pytest

from game.content.formats import FORMATS
from game.content.formats.exchange.base import EXCHANGE_FORMATS
from game.content.formats.exchange.registry import EXCHANGES
from game.content.loader import load_paths
from game.core.model import Bank, Question, QuestionType
from tests.content.formats.helpers import ROOT

DECLINED = sorted(
    (kind.value, fmt) for kind, mapping in EXCHANGES.items() for fmt in mapping.not_written
)


def _one_of_each() -> dict[QuestionType, Question]:
    banks = load_paths([ROOT / "questions", ROOT / "tests" / "fixtures" / "cloze"]).banks
    found: dict[QuestionType, Question] = {}
    for bank in banks:
        for q in bank.questions:
            found.setdefault(q.type, q)
    return found


@pytest.fixture(scope="module")
def one_of_each() -> dict[QuestionType, Question]:
    return _one_of_each()


def _bank(q: Question) -> Bank:
    (bank,) = [
        b
        for b in load_paths([ROOT / "questions", ROOT / "tests" / "fixtures" / "cloze"]).banks
        if q in b.questions
    ]
    return dataclasses.replace(bank, questions=(q,))


@pytest.mark.parametrize(("kind", "fmt"), DECLINED)
def test_a_declined_format__skips_the_question_with_the_one_code_and_the_types_reason(
    kind, fmt, one_of_each
):
    q = one_of_each[QuestionType(kind)]
    why = EXCHANGES[q.type].not_written[fmt]
    write = FORMATS[fmt].writer
    assert write is not None
    result = write([_bank(q)])
    assert [(s.question, s.reason) for s in result.skipped] == [(q.id, f"{kind} questions ({why})")]
    skipped = [p for p in result.problems if p.code == "question-skipped"]
    assert [(p.question, why in p.message) for p in skipped] == [(q.id, True)]


def test_every_type_is_found_for_the_table(one_of_each):
    assert set(one_of_each) == set(QuestionType)


@pytest.mark.parametrize("fmt", EXCHANGE_FORMATS)
def test_a_format_a_type_maps_to__keeps_its_question(fmt, one_of_each):
    write = FORMATS[fmt].writer
    assert write is not None
    for kind, q in one_of_each.items():
        if not EXCHANGES[kind].writes(fmt):
            continue
        result = write([_bank(q)])
        kept = q.id not in {s.question for s in result.skipped}
        # Kahoot! may still leave out a question too long for its columns or with 5+ choices,
        # GIFT a cloze with several gaps (its missing word has one)
        several_gaps = fmt == "gift" and kind is QuestionType.CLOZE and len(q.gaps) > 1
        assert kept or several_gaps or fmt in ("kahoot-csv", "xlsx"), (kind, fmt, result.skipped)


def test_a_csv_row_of_a_type_csv_declines__is_refused_naming_the_row():
    from game.content.formats.civic_csv import read_csv

    raw = (
        b"id,type,topic,difficulty,prompt,choice1,answer\n"
        b"gap-1,cloze,T,1,The order was signed on ___ 2025.,December 15,\n"
        b"tf-1,true_false,T,1,The order was signed in 2025.,,true\n"
    )
    result = read_csv(raw, "bank.csv")
    assert [q["id"] for q in result.data["questions"]] == ["tf-1"]
    (error,) = [p for p in result.problems if p.is_error]
    assert error.line == 2 and "cloze questions cannot be read from CSV" in error.message
