"""`cloze` in the exchange formats: Moodle's embedded answers (multianswer), each typed gap a
SHORTANSWER and each drop-down a MULTICHOICE with its accepted words at 100 %; GIFT writes a
one-gap cloze as a missing-word question (and skips one with several gaps); an Anki card with
the numbered prompt and the words per gap. Civic Quiz's CSV and Kahoot! have no form for
gaps."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, ClassVar

from game.content.formats.exchange.base import TypeExchange, Warn, escape_wildcards, plain
from game.content.formats.moodle_cloze import marker
from game.content.formats.moodle_model import Answer, Qtype, Subquestion
from game.core.model import Gap, Question, QuestionType
from game.core.qtypes.cloze import GAP

NO_KAHOOT = "no Kahoot! spreadsheet form"


def gap_to_moodle(gap: Gap) -> Subquestion:
    """A cloze gap as an embedded answer: a drop-down is MULTICHOICE (its accepted words at
    100 %, the others at 0), a typed gap SHORTANSWER with every accepted answer at 100 %."""
    if gap.options:
        answers = tuple(Answer(plain(o), 1.0 if o in gap.accept else 0.0) for o in gap.options)
        return Subquestion(Qtype.MULTICHOICE, answers)
    return Subquestion(
        Qtype.SHORTANSWER, tuple(Answer(plain(escape_wildcards(a)), 1.0) for a in gap.accept)
    )


class ClozeExchange(TypeExchange):
    name: ClassVar[QuestionType] = QuestionType.CLOZE
    not_written = MappingProxyType(
        {"csv": "CSV has no columns for gaps yet", "kahoot-csv": NO_KAHOOT, "xlsx": NO_KAHOOT}
    )

    def to_moodle(self, q: Question, warn: Warn) -> dict[str, Any]:
        count = iter(range(1, len(q.gaps) + 1))
        text = GAP.sub(lambda _: marker(next(count)), q.prompt)
        return {
            "qtype": Qtype.MULTIANSWER,
            "text": plain(text),
            "subquestions": tuple(gap_to_moodle(gap) for gap in q.gaps),
        }


EXCHANGE = ClozeExchange()
