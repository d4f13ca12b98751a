"""The one mapping between Moodle's question model and Civic Quiz, for GIFT and Moodle XML alike.

GIFT and Moodle XML both carry Moodle questions (game.content.formats.moodle_model). What such a
question becomes in Civic Quiz — which fractions make a one-answer or a several-answer
question, what all-or-nothing means, what a `*` in a short answer does, how HTML becomes text,
which losses are warned about and in which words — is decided here and only here, so the same
Moodle question imports the same from either file and a Civic Quiz question is exported the
same way to both.

- `to_civic`: a Moodle question as the type-specific fields of a Civic Quiz question (the
  mapping a bank file holds), with warnings for what it loses, or a `Refusal` saying why it
  cannot be imported. Each reader reports a refusal the way its format reports a skipped
  question, and settles ids, topics and sources for the whole file.
- `from_civic` (`export_banks` for whole banks): a Civic Quiz question as a Moodle question,
  with warnings for what Moodle cannot hold, or a `Skipped` reason when the format has no such
  question type; Civic Quiz's own fields ride along as plain data for each format's carrier.
- `clean_text`, the one HTML cleaner for Moodle texts; `clean_source` and `bank_fields`, the
  checks on the sources and bank details Civic Quiz writes beside Moodle's questions.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

from game.content.bank_io import (
    bank_meta_to_data,
    passage_to_data,
    source_refs_to_data,
    source_to_json,
)
from game.content.format import ID_PATTERN, MAX_CHOICES
from game.content.formats import Skipped
from game.content.formats.codes import FormatCode
from game.content.formats.exchange.base import escape_wildcards
from game.content.formats.exchange.registry import exchange
from game.content.formats.html_text import HtmlText, one_line
from game.content.formats.moodle_cloze import MARKER
from game.content.formats.moodle_grades import (
    several_full_marks_message,
)
from game.content.formats.moodle_model import (
    Answer,
    MoodleQuestion,
    MoodleText,
    NumberSpec,
    OrderingOptions,
    Qtype,
    Subquestion,
)
from game.content.problems import Problem, Severity
from game.content.sameness import repeats
from game.core.answers import answer_key
from game.core.model import Bank, Question, QuestionType, SourceKind
from game.core.qtypes.cloze import GAP, MAX_GAPS

__all__ = [
    "SOURCE_KINDS",
    "Exported",
    "ExportedBank",
    "Mapped",
    "Refusal",
    "bank_fields",
    "clean_source",
    "clean_text",
    "escape_wildcards",
    "export_banks",
    "from_civic",
    "iso_date",
    "to_civic",
]

MAX_PAIRS = 8
SOURCE_KINDS = frozenset(k.value for k in SourceKind)  # a source's `kind`, as files write it
_EPS = 0.0001  # fractions closer than this are equal (GIFT writes 33.33333 for 1/3)
_TYPE_HINT = (
    "Civic Quiz imports multichoice, truefalse, shortanswer, numerical, matching, ordering and "
    "embedded-answers (Cloze) questions"
)
_REFUSED_TYPES: Mapping[str, tuple[str, str]] = {
    Qtype.ESSAY: (
        "an essay has no answer the game can check",
        "rewrite it as a text question with accepted answers",
    ),
    Qtype.DESCRIPTION: (
        "a description is text without a question",
        "put the text into the prompt of the questions that need it",
    ),
    "random": ("a random question is only a placeholder", _TYPE_HINT),
}
# Moodle's own texts for the combined feedback: nothing is lost when they are dropped
_DEFAULT_FEEDBACK = frozenset(
    {
        "",
        "your answer is correct.",
        "your answer is partially correct.",
        "your answer is incorrect.",
    }
)
_WILDCARD_RE = re.compile(r"(?<!\\)\*")  # Moodle's short-answer wildcard; `\*` is a real star
_TAG_RE = re.compile(r"<\s*/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--")
_MARKDOWN_RE = re.compile(
    r"\*\*|__|`|^\s{0,3}#{1,6}\s|^\s*[-*+]\s|^\s*\d+\.\s|\[[^\]]*\]\([^)]*\)"
    r"|(?<![\w*])\*[^*\s][^*]*\*(?![\w*])|(?<!\w)_[^_\s][^_]*_(?!\w)",
    re.M,
)


# -- texts ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cleaned:
    """A Moodle text as the plain text Civic Quiz shows, and what cleaning it lost."""

    text: str
    formatting: frozenset[str] = frozenset()  # tags beyond plain layout, and "Markdown"
    images: tuple[str, ...] = ()


def clean_text(text: MoodleText, multiline: bool = True) -> Cleaned:
    """The one HTML cleaner for Moodle texts: `html` is HTML, `moodle` is HTML whose line
    breaks count, `markdown` and `plain` are shown as written (entities decoded in `moodle`
    text without tags, as Moodle does)."""
    raw, fmt = text.text, text.format
    formatting: set[str] = set()
    images: list[str] = list(text.files)
    if fmt == "html" or (fmt in ("moodle", "markdown") and _TAG_RE.search(raw)):
        parser = HtmlText(keep_newlines=fmt != "html")
        try:
            parser.feed(raw)
            parser.close()
        except (AssertionError, ValueError):  # markup HTMLParser gives up on: drop tags crudely
            parser = HtmlText(keep_newlines=fmt != "html")
            parser.handle_data(html.unescape(re.sub(r"<[^>]*>", " ", raw)))
            formatting.add("html")
        formatting |= parser.formatting
        images += parser.images
        if parser.media > len(parser.images):
            images.append("a media file")
        cleaned = parser.text()  # HTML's blank lines are layout, not paragraphs
    elif fmt == "moodle":
        cleaned = html.unescape(raw)
    else:
        cleaned = raw
    if fmt == "markdown" and _MARKDOWN_RE.search(cleaned):
        formatting.add("Markdown")
    if multiline:  # a blank line between paragraphs of text stays
        cleaned = "\n".join(" ".join(row.split()) for row in cleaned.split("\n")).strip()
    else:
        cleaned = one_line(cleaned)
    return Cleaned(cleaned, frozenset(formatting), tuple(images))


# -- import: Moodle -> Civic Quiz -----------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    """Why a Moodle question cannot be imported, in the words every format reports."""

    code: FormatCode
    reason: str
    hint: str | None = None
    line: int = 0


@dataclass(frozen=True)
class Mapped:
    """A Moodle question as Civic Quiz fields (`type`, `prompt`, the type's own keys and the
    `explanation`), or the refusal; warnings matter only when it was imported."""

    fields: Mapping[str, Any] | None
    problems: tuple[Problem, ...] = ()
    refusal: Refusal | None = None


class _Refused(Exception):
    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.reason)
        self.refusal = refusal


def _percent(fraction: float) -> str:
    text = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _numbers(indices: Sequence[int]) -> str:
    return ", ".join(str(i + 1) for i in indices)


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else value


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class _Import:
    """One question being mapped: its warnings, and what cleaning its texts lost."""

    q: MoodleQuestion
    path: str
    who: str | None
    problems: list[Problem] = field(default_factory=list)
    formatting: dict[str, set[str]] = field(default_factory=dict)
    images: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.q.label

    def warn(self, code: FormatCode, message: str, hint: str | None = None, line: int = 0) -> None:
        self.problems.append(
            Problem(
                Severity.WARNING,
                code,
                message,
                self.path,
                line or self.q.line,
                0,
                self.who,
                hint,
            )
        )

    def refuse(
        self, code: FormatCode, reason: str, hint: str | None = None, line: int = 0
    ) -> _Refused:
        return _Refused(Refusal(code, reason, hint, line or self.q.line))

    def text(self, text: MoodleText, what: str, multiline: bool = False) -> str:
        cleaned = clean_text(text, multiline)
        if cleaned.formatting:
            self.formatting.setdefault(what, set()).update(cleaned.formatting)
        self.images.extend(cleaned.images)
        return cleaned.text

    # checks shared by the types -----------------------------------------------------------

    def choices_ok(self, texts: Sequence[str], lines: Sequence[int], what: str, most: int) -> None:
        if len(texts) < 2:
            raise self.refuse(
                FormatCode.TOO_FEW_CHOICES,
                f"it has {len(texts)} {what}; Civic Quiz needs at least 2",
            )
        if len(texts) > most:
            raise self.refuse(
                FormatCode.TOO_MANY_CHOICES,
                f"it has {len(texts)} {what}; Civic Quiz shows at most {most}",
                f"remove {what} or split the question before importing",
            )
        one = what.rstrip("s")
        for rep in repeats(texts):
            text = texts[rep.index]
            if not rep.case_only:
                raise self.refuse(
                    FormatCode.DUPLICATE_CHOICE,
                    f"{one} {rep.index + 1} repeats {one} {rep.earlier + 1} "
                    f"({_short(text)!r}) once formatting is removed",
                    "make the texts differ",
                    lines[rep.index],
                )
            self.warn(
                FormatCode.CASE_ONLY_DIFFERENCE,
                f'"{self.label}": {one} {rep.index + 1} ({_short(text)!r}) differs from {one} '
                f"{rep.earlier + 1} ({_short(texts[rep.earlier])!r}) only in upper/lower case",
                "fine if the case matters (GB and Gb); otherwise reword one of them",
                lines[rep.index],
            )

    def answer_feedback(self, feedback: Sequence[tuple[str, str]], extra: str = "") -> None:
        kept = [repr(_short(answer)) for answer, text in feedback if text]
        if extra:
            kept.append(extra)
        if kept:
            self.warn(
                FormatCode.ANSWER_FEEDBACK,
                f'per-answer feedback of "{self.label}" (on {", ".join(kept)}) cannot be '
                "kept: Civic Quiz shows one explanation for every answer",
                "move what matters into the general feedback, the explanation",
            )

    def feedback_of(self, answers: Sequence[Answer], texts: Sequence[str]) -> None:
        notes = [self.text(a.feedback, "answer feedback") for a in answers]
        self.answer_feedback(list(zip(texts, notes, strict=True)))

    # per type -----------------------------------------------------------------------------

    def multichoice(self) -> dict[str, Any]:
        kept: list[tuple[Answer, str]] = []
        for answer in self.q.answers:
            text = self.text(answer.text, "choices")
            if text:
                kept.append((answer, text))
            elif answer.fraction or not answer.feedback.blank:
                self.warn(
                    FormatCode.EMPTY_CHOICE,
                    f'"{self.label}" has an answer without text '
                    f"(grade {_percent(answer.fraction)}%); it is left out",
                    line=answer.line,
                )
        choices = [t for _, t in kept]
        self.choices_ok(choices, [a.line for a, _ in kept], "choices", MAX_CHOICES)
        self.feedback_of([a for a, _ in kept], choices)
        fractions = [a.fraction for a, _ in kept]
        body: dict[str, Any] = {"choices": choices}
        if self.q.single:
            body.update(self.one_answer(fractions))
        else:
            body.update(type="multiple", **self.checkboxes(fractions))
        if not self.q.shuffle:
            body["shuffle"] = False
        return body

    def one_answer(self, fractions: Sequence[float]) -> dict[str, Any]:
        """Moodle's one-answer multichoice (GIFT's `=` form, XML's `<single>true`)."""
        best = max(fractions)
        if best <= _EPS:
            raise self.refuse(
                FormatCode.NO_CORRECT_CHOICE,
                "no choice earns any marks",
                'give the right choice full marks (`=` in GIFT, fraction="100" in XML)',
            )
        correct = [i for i, f in enumerate(fractions) if abs(f - best) < _EPS]
        if len(correct) > 1 and best >= 1 - _EPS:
            # Several full-marks answers: in Moodle any one is enough; the nearest Civic Quiz
            # question is `multiple`, all of them to pick (the same from GIFT and from XML).
            all_or_nothing = self.q.all_or_nothing
            if all_or_nothing is None:
                self.warn(
                    FormatCode.SEVERAL_CORRECT,
                    several_full_marks_message(self.label, len(correct)),
                    "make it a one-answer question if one choice is enough",
                )
            wrong = [i for i, f in enumerate(fractions) if f < -_EPS or _EPS < f < best - _EPS]
            if wrong:
                self.warn(
                    FormatCode.PARTIAL_GRADE,
                    f"the partial or negative grades on choices {_numbers(wrong)} of "
                    f'"{self.label}" are not kept: they now count as wrong',
                )
            return {
                "type": "multiple",
                "answers": [i + 1 for i in correct],
                "partial_credit": all_or_nothing is False,
            }
        if best < 1 - _EPS:
            self.warn(
                FormatCode.PARTIAL_GRADE,
                f'the best choice of "{self.label}" earns only {_percent(best)}%; it is '
                "imported as the right answer",
            )
        if len(correct) > 1:
            self.warn(
                FormatCode.SEVERAL_CORRECT,
                f'choices {_numbers(correct[1:])} of "{self.label}" also earn '
                f"{_percent(best)}%; only choice {correct[0] + 1} is kept as right, the others "
                "now count as wrong",
                "make it a multiple-answer question if several are right",
            )
        partial = [i for i, f in enumerate(fractions) if _EPS < f < best - _EPS]
        if partial:
            self.warn(
                FormatCode.PARTIAL_GRADE,
                f"partial grades on choices "
                f"{', '.join(f'{i + 1} ({_percent(fractions[i])}%)' for i in partial)} of "
                f'"{self.label}" are not kept: only the right choice earns points in Civic Quiz',
            )
        negative = [i for i, f in enumerate(fractions) if f < -_EPS]
        if negative:
            self.warn(
                FormatCode.NEGATIVE_GRADE,
                f"negative grades on choices "
                f"{', '.join(f'{i + 1} ({_percent(fractions[i])}%)' for i in negative)} of "
                f'"{self.label}" are not kept: a wrong pick on a one-answer question earns 0',
            )
        return {"type": "single", "answer": correct[0] + 1}

    def checkboxes(self, fractions: Sequence[float]) -> dict[str, Any]:
        """Moodle's several-answer multichoice: the positively graded choices are right."""
        right = [i for i, f in enumerate(fractions) if f > _EPS]
        if not right:
            raise self.refuse(
                FormatCode.NO_CORRECT_CHOICE,
                "no choice earns any marks (a question without a right answer)",
                "give each right choice an equal positive share",
            )
        answers = [i + 1 for i in right]
        if self.q.all_or_nothing is not None:
            return {"answers": answers, "partial_credit": not self.q.all_or_nothing}
        positive = [fractions[i] for i in right]
        if len(right) > 1 and all(f >= 1 - _EPS for f in positive):
            self.warn(
                FormatCode.SEVERAL_CORRECT,
                several_full_marks_message(self.label, len(right)),
                "make it a one-answer question if one choice is enough",
            )
            return {"answers": answers, "partial_credit": False}
        share = 1 / len(right)
        if any(abs(f - share) > _EPS for f in positive):
            self.warn(
                FormatCode.GRADES_CHANGED,
                f'the right choices of "{self.label}" earn unequal shares '
                f"({', '.join(f'{i + 1} ({_percent(fractions[i])}%)' for i in right)}); "
                f"Civic Quiz gives each an equal share ({_percent(share)}%)",
            )
        wrong = [
            i
            for i, f in enumerate(fractions)
            if f <= _EPS and not (abs(f + share) < _EPS or (share >= 1 and f <= -1 + _EPS))
        ]
        if wrong:
            self.warn(
                FormatCode.GRADES_CHANGED,
                f"the grades of the wrong choices "
                f"{', '.join(f'{i + 1} ({_percent(fractions[i])}%)' for i in wrong)} of "
                f'"{self.label}" are not kept: Civic Quiz takes {_percent(share)}% away for '
                "each wrong pick (never below 0)",
            )
        return {"answers": answers, "partial_credit": len(right) > 1}

    def truefalse(self) -> dict[str, Any]:
        found: dict[str, Answer] = {}
        for answer in self.q.answers:
            word = clean_text(answer.text, False).text.lower()
            if word in ("true", "false"):
                found.setdefault(word, answer)
        if set(found) != {"true", "false"} or found["true"].fraction == found["false"].fraction:
            raise self.refuse(
                FormatCode.TRUEFALSE_ANSWERS,
                "it needs a `true` and a `false` answer, one of them with full marks",
            )
        truth = found["true"].fraction > found["false"].fraction
        right, wrong = ("true", "false") if truth else ("false", "true")
        lost = []
        for which, word in (("wrong", wrong), ("right", right)):
            note = self.text(found[word].feedback, "answer feedback", multiline=True)
            if note:
                lost.append(f"{_short(note)!r} (Moodle shows it after the {which} answer, {word})")
        if lost:
            self.warn(
                FormatCode.ANSWER_FEEDBACK,
                f"per-answer feedback {' and '.join(lost)} cannot be kept: Civic Quiz shows "
                "one explanation for both answers",
                "move what matters into the general feedback, the explanation",
            )
        return {"type": "true_false", "answer": truth}

    def shortanswer(self) -> dict[str, Any]:
        if self.q.use_case:
            self.warn(
                FormatCode.CASE_SENSITIVE,
                f'"{self.label}" is case-sensitive in Moodle; Civic Quiz ignores case, accents '
                "and punctuation",
            )
        accept: list[str] = []
        dropped: list[str] = []
        wildcards: list[str] = []
        feedback: list[tuple[str, str]] = []
        for answer in self.q.answers:
            text = self.text(answer.text, "answers")
            if not text:
                continue
            feedback.append((text, self.text(answer.feedback, "answer feedback")))
            if answer.fraction < 1 - _EPS:
                if answer.fraction > _EPS:
                    dropped.append(f"{text!r} ({_percent(answer.fraction)}%)")
                elif _WILDCARD_RE.search(text):
                    wildcards.append(f"{text!r} (0%: any other answer is wrong in Civic Quiz)")
                continue
            plain = text
            if _WILDCARD_RE.search(text):
                plain = " ".join(_WILDCARD_RE.sub(" ", text).split())
                kept = answer_key(plain.replace("\\*", "*"))
                wildcards.append(f"{text!r} ({f'accepted as {plain!r}' if kept else 'dropped'})")
            plain = plain.replace("\\*", "*")  # an escaped star is a real one
            if plain and answer_key(plain):
                accept.append(plain)
            elif plain:
                self.warn(
                    FormatCode.ANSWER_DROPPED,
                    f'accepted answer {plain!r} of "{self.label}" has no letters or digits; '
                    "Civic Quiz cannot match it and leaves it out",
                    line=answer.line,
                )
        if not accept:
            raise self.refuse(
                FormatCode.NO_CORRECT_ANSWER,
                "no answer earns full marks (100%)",
                "give at least one plain answer full marks",
            )
        if dropped:
            self.warn(
                FormatCode.ANSWERS_DROPPED,
                f'partial-credit answers of "{self.label}" are not kept: {", ".join(dropped)}; '
                "Civic Quiz accepts only fully correct answers",
                "list the variants that are right as accepted answers",
            )
        if wildcards:
            self.warn(
                FormatCode.WILDCARD,
                f'wildcard `*` answers of "{self.label}": {", ".join(wildcards)}; Civic Quiz '
                "matches whole answers, not patterns",
                "list the real variants as separate accepted answers",
            )
        self.answer_feedback(feedback)
        return {"type": "text", "accept": list(dict.fromkeys(accept))}

    def numerical(self) -> dict[str, Any]:
        main: NumberSpec | None = None
        dropped: list[str] = []
        feedback: list[tuple[str, str]] = []
        catch_all = self.text(self.q.wrong_feedback, "answer feedback")  # GIFT's `~#...`
        for answer in self.q.answers:
            note = self.text(answer.feedback, "answer feedback")
            written = answer.text.text.strip()
            if answer.number is None:
                if written in ("", "*"):  # Moodle's "any other answer"
                    catch_all = catch_all or note
                elif answer.fraction > _EPS:
                    feedback.append((written, note))
                    dropped.append(f"{written!r} (not a number)")
                continue
            feedback.append((answer.number.label, note))
            if main is None and answer.fraction >= 1 - _EPS:
                main = answer.number
            elif answer.fraction > _EPS:
                dropped.append(
                    repr(answer.number.label)
                    + (f" ({_percent(answer.fraction)}%)" if answer.fraction < 1 - _EPS else "")
                )
        self.answer_feedback(feedback, "the catch-all wrong answer" if catch_all else "")
        if main is None:
            raise self.refuse(
                FormatCode.NO_CORRECT_ANSWER,
                "no number earns full marks (100%)",
                "give the right number full marks",
            )
        if dropped:
            self.warn(
                FormatCode.ANSWERS_DROPPED,
                f'other answers of "{self.label}" are not kept: {", ".join(dropped)}; Civic '
                f"Quiz accepts one number or range (kept {main.label!r})",
            )
        body: dict[str, Any] = {"type": "numeric"}
        if main.low is not None and main.high is not None and main.low != main.high:
            body["range"] = [_number(main.low), _number(main.high)]
        else:
            body["answer"] = _number(main.value if main.low is None else main.low)
            if main.tolerance:
                body["tolerance"] = _number(main.tolerance)
        unit: str | None = None
        conversions: list[str] = []
        for one in self.q.units:
            if one.name and unit is None and one.multiplier == 1:
                unit = one.name
            elif one.name:
                conversions.append(f"{one.name} (×{one.written or f'{one.multiplier:g}'})")
        if unit:
            body["unit"] = unit
        if conversions:
            self.warn(
                FormatCode.UNITS_DROPPED,
                f'unit conversions of "{self.label}" are not kept: {", ".join(conversions)}; '
                "Civic Quiz shows one unit and grades the number only",
            )
        return body

    def matching(self) -> dict[str, Any]:
        pairs: list[list[str]] = []
        lines: list[int] = []
        distractors: list[str] = []
        for index, pair in enumerate(self.q.pairs, 1):
            left = self.text(pair.left, "left-hand items")
            right = one_line(pair.right)
            if not left:
                if right:
                    distractors.append(right)
                continue
            if not right:
                raise self.refuse(
                    FormatCode.MATCH_ANSWER,
                    f"pair {index} ({_short(left)!r}) has no right-hand side",
                    line=pair.line,
                )
            pairs.append([left, right])
            lines.append(pair.line)
        if distractors:
            self.warn(
                FormatCode.DISTRACTORS_DROPPED,
                f'extra answers of "{self.label}" that match nothing are not kept: '
                f"{', '.join(repr(_short(d)) for d in distractors)}",
                "Civic Quiz's match questions only pair items",
            )
        self.choices_ok([p[0] for p in pairs], lines, "left sides", MAX_PAIRS)
        self.choices_ok([p[1] for p in pairs], lines, "right sides", MAX_PAIRS)
        if not self.q.shuffle:
            self.warn(
                FormatCode.SHUFFLE_IGNORED,
                f'"{self.label}" keeps its answers in order in Moodle; Civic Quiz always '
                "shuffles the right-hand side",
            )
        return {"type": "match", "pairs": pairs}

    def ordering(self) -> dict[str, Any]:
        """qtype_ordering: the answers in the right order, each `fraction` its position."""
        found: list[tuple[float, int, str, int]] = []
        for index, answer in enumerate(self.q.answers):
            text = self.text(answer.text, "items")
            if text:
                found.append((answer.fraction, index, text, answer.line))
        found.sort(key=lambda f: (f[0], f[1]))
        items = [f[2] for f in found]
        self.choices_ok(items, [f[3] for f in found], "items", MAX_CHOICES)
        options = self.q.ordering or OrderingOptions()
        if options.select_type not in ("", "0") and 0 < options.select_count < len(items):
            self.warn(
                FormatCode.ORDERING_SUBSET,
                f'"{self.label}" asks students to order {options.select_count} of its '
                f"{len(items)} items; Civic Quiz asks for all of them",
                line=options.line,
            )
        if options.grading_type not in ("", "0"):
            self.warn(
                FormatCode.GRADES_CHANGED,
                f'"{self.label}" uses Moodle ordering grading type {options.grading_type}; '
                "Civic Quiz gives credit for each item in its right place (Moodle's "
                "'absolute position')",
                line=options.line,
            )
        return {"type": "order", "items": items}

    def multianswer(self) -> dict[str, Any]:
        """Embedded answers (Cloze; GIFT's missing word is one with one gap): a `cloze`
        question, each SHORTANSWER or NUMERICAL gap typed, each MULTICHOICE gap a drop-down."""
        subs = self.q.subquestions
        if not subs:
            raise self.refuse(
                FormatCode.NO_CORRECT_ANSWER,
                "its text has no embedded answers such as {1:SHORTANSWER:=word}",
                "write each gap as {1:SHORTANSWER:=answer} or {1:MULTICHOICE:=right~wrong}",
            )
        if len(subs) > MAX_GAPS:
            raise self.refuse(
                FormatCode.TOO_MANY_CHOICES,
                f"it has {len(subs)} gaps; Civic Quiz shows at most {MAX_GAPS}",
                "split the question before importing",
            )
        prompt = self.text(self.q.text, "question text", multiline=True)
        if GAP.search(MARKER.sub("", prompt)):
            raise self.refuse(
                FormatCode.NOT_IMPORTED,
                "its text has a run of underscores (___) of its own, which Civic Quiz would "
                "read as a gap",
                "write the blank differently, e.g. as dots",
            )
        found = [int(n) for n in MARKER.findall(prompt)]
        if found != list(range(1, len(subs) + 1)):
            raise self.refuse(
                FormatCode.NOT_IMPORTED,
                "its gaps are not in the text once, in order",
                "write each gap once in the question text",
            )
        gaps: list[dict[str, Any]] = []
        feedback: list[tuple[str, str]] = []
        for number, sub in enumerate(subs, 1):
            gaps.append(self.gap(number, sub, feedback))
        self.answer_feedback(feedback)
        weights = [sub.weight for sub in subs]
        if len(set(weights)) > 1:
            self.warn(
                FormatCode.GRADES_CHANGED,
                f'the gaps of "{self.label}" have different weights '
                f"({', '.join(f'{w:g}' for w in weights)}); Civic Quiz gives each gap an equal "
                "share",
            )
        return {"type": "cloze", "prompt": MARKER.sub("___", prompt), "gaps": gaps}

    def gap(self, number: int, sub: Subquestion, feedback: list[tuple[str, str]]) -> dict[str, Any]:
        """One embedded answer as a gap: `accept` and, for a drop-down, `options`."""
        what = f"gap {number}"
        texts = [self.text(a.text, "answers") for a in sub.answers]
        for answer, text in zip(sub.answers, texts, strict=True):
            feedback.append((text, self.text(answer.feedback, "answer feedback")))
        if sub.qtype == Qtype.MULTICHOICE and not sub.single:
            raise self.refuse(
                FormatCode.UNSUPPORTED_TYPE,
                f"{what} ({sub.written or 'MULTIRESPONSE'}) takes several answers at once; a "
                "Civic Quiz gap takes one",
                "make it a MULTICHOICE gap with one right answer",
            )
        if sub.qtype not in (Qtype.MULTICHOICE, Qtype.SHORTANSWER, Qtype.NUMERICAL):
            raise self.refuse(
                FormatCode.UNSUPPORTED_TYPE,
                f"{what} is a {sub.written or sub.qtype} gap, which Civic Quiz cannot check",
                "use SHORTANSWER, NUMERICAL or MULTICHOICE gaps",
            )
        right = [t for a, t in zip(sub.answers, texts, strict=True) if a.fraction >= 1 - _EPS]
        partial = [
            f"{t!r} ({_percent(a.fraction)}%)"
            for a, t in zip(sub.answers, texts, strict=True)
            if _EPS < a.fraction < 1 - _EPS and t not in ("", "*")
        ]
        if partial:
            self.warn(
                FormatCode.ANSWERS_DROPPED,
                f'partial-credit answers of {what} of "{self.label}" are not kept: '
                f"{', '.join(partial)}; they now count as wrong",
                "list the variants that are right as accepted answers",
            )
        if sub.qtype == Qtype.MULTICHOICE:
            options = [t for t in texts if t]
            self.choices_ok(options, [a.line for a in sub.answers], "options", MAX_CHOICES)
            if not right:
                raise self.refuse(
                    FormatCode.NO_CORRECT_CHOICE,
                    f"no option of {what} earns full marks (100%)",
                    "give the right option full marks (= or %100%)",
                )
            return {"accept": list(dict.fromkeys(right)), "options": options}
        if sub.qtype == Qtype.NUMERICAL:
            accept = []
            for answer in sub.answers:
                spec = answer.number
                if spec is None or answer.fraction < 1 - _EPS:
                    continue
                accept.append(str(_number(spec.value)))
                if spec.tolerance:
                    self.warn(
                        FormatCode.GRADES_CHANGED,
                        f'{what} of "{self.label}" accepts {spec.label}; a Civic Quiz gap is '
                        f"typed text, so only {_number(spec.value)} is accepted",
                        "make it a numeric question of its own to keep the tolerance",
                    )
        else:
            if sub.use_case:
                self.warn(
                    FormatCode.CASE_SENSITIVE,
                    f'{what} of "{self.label}" is case-sensitive in Moodle; Civic Quiz ignores '
                    "case, accents and punctuation",
                )
            accept = []
            for text in right:
                if _WILDCARD_RE.search(text):
                    self.warn(
                        FormatCode.WILDCARD,
                        f'wildcard `*` answer {text!r} of {what} of "{self.label}" is not kept; '
                        "Civic Quiz matches whole answers, not patterns",
                        "list the real variants as separate accepted answers",
                    )
                    continue
                plain = text.replace("\\*", "*")
                if answer_key(plain):
                    accept.append(plain)
        if not accept:
            raise self.refuse(
                FormatCode.NO_CORRECT_ANSWER,
                f"no answer of {what} earns full marks (100%)",
                "give at least one plain answer full marks",
            )
        return {"accept": list(dict.fromkeys(accept))}

    # what every type shares ---------------------------------------------------------------

    def common_warnings(self) -> None:
        q = self.q
        for what, tags in self.formatting.items():
            shown = ", ".join(t if t == "Markdown" else f"<{t}>" for t in sorted(tags))
            self.warn(
                FormatCode.FORMATTING_REMOVED,
                f'"{self.label}": formatting is removed from the {what} ({shown}); Civic Quiz '
                "shows plain text",
            )
        images = [i.removeprefix("@@PLUGINFILE@@/") for i in (*self.images, *q.images)]
        if images:
            self.warn(
                FormatCode.IMAGE_DROPPED,
                f'"{self.label}" has images or files ({", ".join(dict.fromkeys(images))}) that '
                "are not imported",
                "add the picture to the bank folder and set `image:` on the question",
            )
        if q.hints:
            self.warn(
                FormatCode.HINTS_DROPPED,
                f'the {q.hints} hint(s) of "{self.label}" are not kept (Civic Quiz gives one try)',
            )
        combined = [
            name
            for name, text in q.combined_feedback
            if clean_text(text).text.lower() not in _DEFAULT_FEEDBACK
        ]
        if combined:
            self.warn(
                FormatCode.FEEDBACK_DROPPED,
                f'"{self.label}": {", ".join(f"<{c}>" for c in combined)} cannot be '
                "kept (Civic Quiz shows the explanation only)",
            )
        if q.default_mark is not None and q.default_mark != 1.0:
            self.warn(
                FormatCode.MARK_DROPPED,
                f'the default mark {q.default_mark:g} of "{self.label}" is not kept '
                "(Civic Quiz scores by difficulty)",
                "set `points:` on the question if it should count more",
            )
        if q.hidden:
            self.warn(
                FormatCode.HIDDEN_QUESTION,
                f'"{self.label}" is hidden in Moodle; it is imported as a normal question',
            )


_TYPES = {
    Qtype.MULTICHOICE: _Import.multichoice,
    Qtype.TRUEFALSE: _Import.truefalse,
    Qtype.SHORTANSWER: _Import.shortanswer,
    Qtype.NUMERICAL: _Import.numerical,
    Qtype.MATCHING: _Import.matching,
    "match": _Import.matching,
    Qtype.ORDERING: _Import.ordering,
    Qtype.MULTIANSWER: _Import.multianswer,
    "cloze": _Import.multianswer,  # Moodle XML's name for it
}


def to_civic(q: MoodleQuestion, path: str, who: str | None = None) -> Mapped:
    """`q` as Civic Quiz fields with a warning for each loss, or why it cannot be imported.

    `who` is what the problems name as the question (a reader's id or label for it)."""
    work = _Import(q, path, who)
    reader = _TYPES.get(q.qtype)
    if reader is None:
        reason, hint = _REFUSED_TYPES.get(
            q.qtype,
            (
                f"Moodle's `{q.qtype}` type has no Civic Quiz equivalent"
                if q.qtype
                else 'it has no type="..."',
                _TYPE_HINT,
            ),
        )
        return Mapped(None, (), Refusal(FormatCode.UNSUPPORTED_TYPE, reason, hint, q.line))
    try:
        prompt = work.text(q.text, "question text", multiline=True)
        if not prompt:
            raise work.refuse(
                FormatCode.EMPTY_PROMPT,
                "its question text is empty once formatting is removed",
                "write the question's text",
            )
        body = reader(work)
    except _Refused as refused:
        return Mapped(None, (), refused.refusal)
    explanation = work.text(q.general_feedback, "general feedback", multiline=True)
    work.common_warnings()
    fields: dict[str, Any] = {"type": body.pop("type"), "prompt": prompt, **body}
    if explanation:
        fields["explanation"] = explanation
    return Mapped(fields, tuple(work.problems))


# -- Civic Quiz's own bank data, carried beside Moodle's questions --------------------------------

_ID_RE = re.compile(ID_PATTERN)


def iso_date(text: str) -> date | None:
    """A `YYYY-MM-DD` date, or None."""
    try:
        return date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None


def clean_source(raw: Mapping[str, Any]) -> dict[str, Any] | None:
    """A source Civic Quiz wrote beside its questions (a GIFT comment, a line of the XML bank
    description), as bank data; None without a valid id and a title. A bad `kind` or `date` is
    left out (`date` then stays out of the result: the reader may say so)."""
    sid, title = raw.get("id"), raw.get("title")
    if not (
        isinstance(sid, str) and _ID_RE.fullmatch(sid) and isinstance(title, str) and title.strip()
    ):
        return None
    source: dict[str, Any] = {"id": sid, "title": title}
    for key in ("publisher", "url", "note"):
        if isinstance(raw.get(key), str) and raw[key].strip():
            source[key] = raw[key]
    if raw.get("kind") in SOURCE_KINDS:
        source["kind"] = raw["kind"]
    if isinstance(raw.get("date"), str) and (day := iso_date(raw["date"])) is not None:
        source["date"] = day
    return source


def bank_fields(header: Mapping[str, Any], bank_id: str, title: str) -> dict[str, Any]:
    """The `bank:` mapping of an import: what a Civic Quiz bank header in the file says, where
    it is valid, else `bank_id`, `title`, English and version 1."""
    bank: dict[str, Any] = {"id": bank_id, "title": title}
    if isinstance(header.get("id"), str) and _ID_RE.fullmatch(header["id"]):
        bank["id"] = header["id"]
    for key in ("title", "description"):
        if isinstance(header.get(key), str) and header[key].strip():
            bank[key] = header[key]
    language = header.get("language")
    bank["language"] = language if isinstance(language, str) and language.strip() else "en"
    version = header.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int | str) or not str(version).strip():
        version = 1
    bank["version"] = int(version) if isinstance(version, str) and version.isdigit() else version
    authors = header.get("authors")
    if (
        isinstance(authors, list)
        and authors
        and all(isinstance(a, str) and a.strip() for a in authors)
    ):
        bank["authors"] = authors
    if isinstance(header.get("license"), str) and header["license"].strip():
        bank["license"] = header["license"]
    return bank


# -- export: Civic Quiz -> Moodle -----------------------------------------------------------------


@dataclass(frozen=True)
class Exported:
    """A Civic Quiz question as a Moodle question, with warnings; or why it is left out."""

    question: MoodleQuestion | None
    problems: tuple[Problem, ...] = ()
    skipped: Skipped | None = None


# What a format's writer says when it leaves out a question whose type it has no form for.
_SKIP_HINTS = MappingProxyType(
    {"gift": "export it as Moodle XML or CSV to keep it", "moodle-xml": "it needs a plugin"}
)


def from_civic(q: Question, path: str, fmt: str = "moodle-xml") -> Exported:
    """`q` as a Moodle question for format `fmt` (`gift` or `moodle-xml`), or the reason it is
    left out (the type's exchange mapping declines the format: game.content.formats.exchange).

    Civic Quiz's own fields (difficulty, sources, passage, time limit...) go into `civic` as
    plain data, for each format to write in its own place."""
    problems: list[Problem] = []

    def warn(code: FormatCode, message: str, hint: str | None = None) -> None:
        problems.append(Problem(Severity.WARNING, code, message, path, 0, 0, q.id, hint))

    mapping = exchange(q)
    why = mapping.not_written.get(fmt)
    if why is not None:
        warn(
            FormatCode.QUESTION_SKIPPED,
            f"{q.type.value} question {q.id} is not exported: {why}",
            _SKIP_HINTS.get(fmt),
        )
        return Exported(None, tuple(problems), Skipped(q.id, f"{q.type.value} questions ({why})"))
    fields: dict[str, Any] = {
        "name": q.id,
        "text": _plain(q.prompt),
        "idnumber": q.id,
        "general_feedback": _plain(q.explanation),
        "tags": q.tags,
        "category": (q.topic,),
        "penalty": 0.3333333,
        "default_mark": 1.0,
        "civic": MappingProxyType(_civic_fields(q)),
    }
    fields.update(mapping.to_moodle(q, warn))
    return Exported(MoodleQuestion(**fields), tuple(problems))


def _plain(text: str) -> MoodleText:
    return MoodleText(text, "plain")


def _civic_fields(q: Question) -> dict[str, Any]:
    """What Civic Quiz keeps beside the Moodle question, as plain data (see MoodleQuestion)."""
    civic: dict[str, Any] = {"id": q.id, "topic": q.topic, "difficulty": q.difficulty}
    refs = source_refs_to_data(q)
    if refs is not None:
        civic["source"] = refs
    if q.source is not None:
        civic["source_id"] = q.source.source.id
        civic["source_label"] = q.source.label()
    if q.more_sources:
        civic["see_also"] = [ref.label() for ref in q.more_sources]
    if q.passage is not None:
        civic["passage"] = passage_to_data(q.passage)
        civic["passage_citation"] = q.passage.citation_line()
    if not q.fuzzy and q.type in (QuestionType.TEXT, QuestionType.CLOZE):
        civic["fuzzy"] = False  # typed answers must be exact: Moodle has no such setting
    for key in ("time_limit", "points", "image", "valid_as_of"):
        value = getattr(q, key)
        if value is not None:
            civic[key] = value.isoformat() if isinstance(value, date) else value
    if q.image is not None and q.image_alt:
        civic["alt"] = q.image_alt  # a picture's words travel with it
    return civic


@dataclass(frozen=True)
class ExportedBank:
    """A bank on its way to a Moodle format: its details as plain data (bank_io's mappings)
    and its questions as Moodle questions, with the warnings and the questions left out."""

    id: str
    title: str
    path: str
    meta: Mapping[str, Any]  # the `bank:` mapping without sources
    sources: tuple[Mapping[str, Any], ...]  # each source as JSON-ready data
    questions: tuple[MoodleQuestion, ...]
    problems: tuple[Problem, ...]
    skipped: tuple[Skipped, ...]


def export_banks(banks: Sequence[Bank], fmt: str = "moodle-xml") -> list[ExportedBank]:
    """Every bank as Moodle questions (see `from_civic`)."""
    out: list[ExportedBank] = []
    for bank in banks:
        questions: list[MoodleQuestion] = []
        problems: list[Problem] = []
        skipped: list[Skipped] = []
        for q in bank.questions:
            exported = from_civic(q, bank.path, fmt)
            problems.extend(exported.problems)
            if exported.question is not None:
                questions.append(exported.question)
            if exported.skipped is not None:
                skipped.append(exported.skipped)
        out.append(
            ExportedBank(
                bank.id,
                bank.title,
                bank.path,
                MappingProxyType(bank_meta_to_data(bank, include_sources=False)),
                tuple(MappingProxyType(source_to_json(s)) for s in bank.sources),
                tuple(questions),
                tuple(problems),
                tuple(skipped),
            )
        )
    return out
