"""Moodle's embedded-answer syntax (qtype_multianswer, "Cloze"), both ways.

A Moodle XML `<question type="cloze">` keeps its gaps inside the question text, each written
`{WEIGHT:TYPE:ANSWERS}`: `{1:SHORTANSWER:=Paris#Right~*#Wrong}`, `{2:MC:%100%a~%0%b}`. This
module only reads and spells that syntax, the way Moodle's own
qtype_multianswer_extract_question does: a gap becomes a `Subquestion` of the Moodle model
(game.content.formats.moodle_model) and the text keeps `{#1}`, `{#2}`... where the gaps were.
What the gaps mean for Civic Quiz is game.content.formats.moodle_map's business.

- TYPE is SHORTANSWER (SA, MW), SHORTANSWER_C (SAC, MWC: case matters), NUMERICAL (NM),
  MULTICHOICE (MC: a drop-down) and its variants _V/_H (radio buttons), _S/_VS/_HS (shuffled)
  with the abbreviations MCV, MCH, MCS, MCVS, MCHS, and MULTIRESPONSE (MR, MRH, MRS, MRHS:
  checkboxes). WEIGHT may be empty (1).
- Each answer is `=text` (full marks), `%50%text` (a weight in percent) or `text` (0), with an
  optional `#feedback`; answers are separated by `~`. `\\}`, `\\~`, `\\#` and `\\\\` are
  literal characters; a numerical answer is `value` or `value:tolerance`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from game.content.formats.moodle_model import Answer, MoodleText, NumberSpec, Qtype, Subquestion

__all__ = ["MARKER", "marker", "parse_embedded", "spell_embedded"]

MARKER = re.compile(r"\{#(\d+)\}")  # where gap N goes in the text, as Moodle stores it

# (written spellings) -> (qtype, single, use_case, layout, shuffle)
_TYPES: dict[str, tuple[str, bool, bool, str, bool]] = {}
for _names, _spec in (
    (("SHORTANSWER", "SA", "MW"), (Qtype.SHORTANSWER, True, False, "", False)),
    (("SHORTANSWER_C", "SAC", "MWC"), (Qtype.SHORTANSWER, True, True, "", False)),
    (("NUMERICAL", "NM"), (Qtype.NUMERICAL, True, False, "", False)),
    (("MULTICHOICE", "MC"), (Qtype.MULTICHOICE, True, False, "dropdown", False)),
    (("MULTICHOICE_S", "MCS"), (Qtype.MULTICHOICE, True, False, "dropdown", True)),
    (("MULTICHOICE_V", "MCV"), (Qtype.MULTICHOICE, True, False, "vertical", False)),
    (("MULTICHOICE_VS", "MCVS"), (Qtype.MULTICHOICE, True, False, "vertical", True)),
    (("MULTICHOICE_H", "MCH"), (Qtype.MULTICHOICE, True, False, "horizontal", False)),
    (("MULTICHOICE_HS", "MCHS"), (Qtype.MULTICHOICE, True, False, "horizontal", True)),
    (("MULTIRESPONSE", "MR"), (Qtype.MULTICHOICE, False, False, "vertical", False)),
    (("MULTIRESPONSE_S", "MRS"), (Qtype.MULTICHOICE, False, False, "vertical", True)),
    (("MULTIRESPONSE_H", "MRH"), (Qtype.MULTICHOICE, False, False, "horizontal", False)),
    (("MULTIRESPONSE_HS", "MRHS"), (Qtype.MULTICHOICE, False, False, "horizontal", True)),
):
    for _name in _names:
        _TYPES[_name] = _spec

# `{` weight `:` TYPE `:` answers `}` where answers end at the first `}` not escaped by `\`.
_GAP = re.compile(r"\{([0-9]*(?:\.[0-9]+)?):([A-Z_]+):((?:\\.|[^\\}])*)\}", re.S)
_FRACTION = re.compile(r"=|%(-?[0-9]+(?:[.,][0-9]*)?)%")
_NUMBER = r"-?(?:[0-9]+[.,]?[0-9]*|[.,][0-9]+)(?:[eE][-+]?[0-9]+)?"
_NUMERIC = re.compile(rf"({_NUMBER})(?::({_NUMBER}))?")
_UNESCAPE = re.compile(r"\\([\\}~#])")


def marker(number: int) -> str:
    """Where gap `number` (1-based) goes in a multianswer question's text."""
    return f"{{#{number}}}"


def _split(body: str, separator: str) -> list[str]:
    """`body` cut at each `separator` not escaped by a backslash, nor ending an HTML entity's
    `&` (`&#39;`), as Moodle's answer pattern reads it."""
    parts: list[str] = []
    start = i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            i += 2
            continue
        if ch == separator and not body.endswith(("&", "&amp;"), start, i):
            parts.append(body[start:i])
            start = i + 1
        i += 1
    parts.append(body[start:])
    return parts


def _unescape(text: str) -> str:
    return _UNESCAPE.sub(r"\1", text)


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def _answer(raw: str, qtype: str, fmt: str, line: int) -> Answer:
    fraction = 0.0
    found = _FRACTION.match(raw)
    if found:
        fraction = 1.0 if found.group(0) == "=" else float(found.group(1).replace(",", ".")) / 100
        raw = raw[found.end() :]
    pieces = _split(raw, "#")
    text, feedback = pieces[0], "#".join(pieces[1:])
    number = None
    if qtype == Qtype.NUMERICAL:
        spec = _NUMERIC.fullmatch(text.strip())
        if spec is not None:
            value = _number(spec.group(1))
            spread = _number(spec.group(2) or "0")
            if value is not None and spread is not None:
                number = NumberSpec(value, abs(spread))
    return Answer(
        MoodleText(_unescape(text).strip(), fmt),
        fraction,
        MoodleText(_unescape(feedback).strip(), fmt),
        number,
        line,
    )


def parse_embedded(text: str, fmt: str, line: int = 0) -> tuple[str, tuple[Subquestion, ...]]:
    """A multianswer question's text with `{#N}` where each gap was, and the gaps in order.

    A gap of a type Moodle does not know keeps the type as written as its `qtype` (the mapper
    refuses it by name); text that is not a gap is left as it is."""
    subquestions: list[Subquestion] = []
    out: list[str] = []
    end = 0
    for found in _GAP.finditer(text):
        weight_text, written, body = found.groups()
        spec = _TYPES.get(written)
        if spec is None:  # `{1:FOO:...}` is not a gap Moodle reads; but say what it is
            qtype, single, use_case, layout, shuffle = written.lower(), True, False, "", False
        else:
            qtype, single, use_case, layout, shuffle = spec
        at = line + text.count("\n", 0, found.start())
        answers = tuple(_answer(raw, qtype, fmt, at) for raw in _split(body, "~") if raw.strip())
        subquestions.append(
            Subquestion(
                qtype,
                answers,
                float(weight_text) if weight_text else 1.0,
                written,
                single,
                use_case,
                layout,
                shuffle,
            )
        )
        out.append(text[end : found.start()])
        out.append(marker(len(subquestions)))
        end = found.end()
    out.append(text[end:])
    return "".join(out), tuple(subquestions)


def _escape(text: str) -> str:
    return re.sub(r"([\\}~#])", r"\\\1", text)


def _percent(fraction: float) -> str:
    text = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _weight(weight: float) -> str:
    return str(int(weight)) if float(weight).is_integer() else f"{weight:g}"


def _spell_one(sub: Subquestion) -> str:
    if sub.written:
        written = sub.written
    elif sub.qtype == Qtype.MULTICHOICE:
        written = "MULTICHOICE" if sub.single else "MULTIRESPONSE"
    else:
        written = {"shortanswer": "SHORTANSWER", "numerical": "NUMERICAL"}.get(
            str(sub.qtype), str(sub.qtype).upper()
        )
        if sub.qtype == Qtype.SHORTANSWER and sub.use_case:
            written = "SHORTANSWER_C"
    answers = []
    for answer in sub.answers:
        if answer.number is not None:
            body = f"{answer.number.value:.15g}"
            if answer.number.tolerance:
                body += f":{answer.number.tolerance:.15g}"
        else:
            body = _escape(answer.text.text)
        feedback = _escape(answer.feedback.text)
        answers.append(
            f"%{_percent(answer.fraction)}%{body}" + (f"#{feedback}" if feedback else "")
        )
    return f"{{{_weight(sub.weight)}:{written}:{'~'.join(answers)}}}"


def spell_embedded(text: str, subquestions: Sequence[Subquestion]) -> str:
    """The text with each `{#N}` replaced by gap N in the embedded-answer syntax (answers and
    feedback are in the text's own format, as they were read)."""

    def one(found: re.Match[str]) -> str:
        index = int(found.group(1)) - 1
        if 0 <= index < len(subquestions):
            return _spell_one(subquestions[index])
        return found.group(0)

    return MARKER.sub(one, text)
