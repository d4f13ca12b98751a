"""`numeric` in the exchange formats: Moodle's numerical (a range as GIFT's `low..high`, in
XML its middle ± half; the unit as a unit with multiplier 1), an Anki card with the number."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, ClassVar

from game.content.formats.exchange.base import TypeExchange, Warn, plain
from game.content.formats.moodle_model import Answer, NumberSpec, Qtype, Unit
from game.core.model import Question, QuestionType

NO_KAHOOT = "no Kahoot! spreadsheet form"


class NumericExchange(TypeExchange):
    name: ClassVar[QuestionType] = QuestionType.NUMERIC
    not_written = MappingProxyType({"kahoot-csv": NO_KAHOOT, "xlsx": NO_KAHOOT})

    def to_moodle(self, q: Question, warn: Warn) -> dict[str, Any]:
        n = q.numeric
        assert n is not None
        spec = NumberSpec(n.value, 0.0, n.low, n.high)
        return {
            "qtype": Qtype.NUMERICAL,
            "answers": (Answer(plain(str(n.value)), 1.0, number=spec),),
            "units": (Unit(n.unit, 1.0),) if n.unit else (),
        }


EXCHANGE = NumericExchange()
