"""`numeric` in the exchange formats: Moodle's numerical (a range as GIFT's `low..high`, in
XML its middle ± half; the unit as a unit with multiplier 1), an Anki card with the number."""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import Any, ClassVar

from game.content.formats.exchange.base import CsvRow, TypeExchange, Warn, number_cell, plain
from game.content.formats.moodle_model import Answer, NumberSpec, Qtype, Unit
from game.content.formats.sheet_cells import _number_text
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

    csv_choices: ClassVar[bool] = False
    csv_answer: ClassVar[bool] = True

    def csv_write(self, data: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
        cells: dict[str, str] = {}
        if "range" in data:
            low, high = data["range"]
            cells["answer"] = f"{_number_text(low)}..{_number_text(high)}"
        else:
            cells["answer"] = _number_text(data["answer"])
            if "tolerance" in data:
                cells["tolerance"] = _number_text(data["tolerance"])
        if "unit" in data:
            cells["unit"] = data["unit"]
        return [], cells

    def csv_read(self, row: CsvRow) -> bool:
        """`answer` a number (with an optional `tolerance`) or a range `10..15`; `unit`."""
        span = re.fullmatch(r"\s*(\S+?)\s*\.\.\s*(\S+)\s*", row.answer)
        tolerance = row.cell("tolerance")
        if span:
            low, high = number_cell(span.group(1)), number_cell(span.group(2))
            if low is None or high is None or low > high:
                row.bad(f"answer {row.answer!r} is not a range min..max")
                return False
            row.data["range"] = [low, high]
            if tolerance:
                row.warn("a range needs no tolerance; the tolerance was not imported")
        else:
            value = number_cell(row.answer)
            if value is None:
                row.bad(f"answer {row.answer!r} is not a number or a range such as 10..15")
                return False
            row.data["answer"] = value
            if tolerance:
                spread = number_cell(tolerance)
                if spread is None or spread < 0:
                    row.bad(f"tolerance {tolerance!r} is not a number of 0 or more")
                    return False
                if spread:
                    row.data["tolerance"] = spread
        if row.cell("unit"):
            row.data["unit"] = row.cell("unit")
        return True


EXCHANGE = NumericExchange()
