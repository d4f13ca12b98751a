"""Moodle XML in and out: the file Moodle's question bank imports and exports.

Teachers keep their question banks in Moodle and move them between courses and tools as Moodle
XML (a `<quiz>` of `<question type="...">` elements). `read` turns such a file into Civic Quiz
bank data and warns about every Moodle feature the game cannot hold (per-answer feedback, partial
grades, wildcards, images, HTML formatting, essay/cloze/drag-and-drop questions...). `write` turns
banks into a file Moodle imports, and keeps our own metadata where Moodle has a slot for it so
that reading the file back gives the same bank:

- the bank: a category per bank whose description lists its id, title and sources (JSON lines),
  and a sub-category per topic;
- a question: `<idnumber>` = its id, `<generalfeedback>` = its explanation followed by a
  "Source: <title>, <locator>" line, and tags `difficulty-N`, `source:<id>`, `valid-as-of:...`,
  `time-limit:...`, `points:...` and `all-or-nothing` next to its own tags.

The XML is parsed with xml.etree. A DOCTYPE is refused before anything is built, so entities can
neither expand enormously ("billion laughs") nor pull in other files.
"""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath
from types import MappingProxyType
from typing import Any, cast

from game.content.bank_io import bank_meta_to_data, source_to_json
from game.content.format import ID_PATTERN, MAX_CHOICES
from game.content.formats import ExportResult, ImportResult, Skipped
from game.content.formats.common import imported_source, kebab, slug_id
from game.content.formats.html_text import HtmlText, one_line, strip_html
from game.content.formats.moodle_grades import (
    ALL_OR_NOTHING_HINT,
    GRADE_TOLERANCE,
    MOODLE_GRADES,
    all_or_nothing_message,
    grade_rounded_message,
    multiple_grades,
    several_full_marks_message,
    snap_grade,
)
from game.content.problems import Problem, Severity
from game.content.sameness import repeats
from game.core.answers import answer_key
from game.core.model import Bank, Question, QuestionType, SourceKind

__all__ = ["MOODLE_GRADES", "read", "write"]

FORMAT_NAME = "Moodle XML"
MAX_BYTES = 32 * 1024 * 1024

_GRADE_HINT = (
    "Moodle only accepts 100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, "
    "33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5, 11.11111, 10, 5 and 0 percent "
    "(or their negatives); fix the fraction and import again"
)

META_MARKER = "Civic Quiz bank (Civic Quiz reads the lines below back; keep them as they are)"
TAG_MAX_LENGTH = 50  # Moodle cuts longer tags (TAG_MAX_LENGTH in lib/setup.php)
_ID_RE = re.compile(ID_PATTERN)
_DIFFICULTY_TAG = re.compile(r"^difficulty-([123])$")
_CATEGORY_SPLIT = re.compile(r"(?<!/)/(?!/)")  # Moodle writes a "/" inside a name as "//"
_PLACEHOLDER_CATEGORIES = frozenset(
    {"", "top", "$course$", "$system$", "$module$", "$coursecategory$", "$cat1$", "$cat2$"}
)
_DEFAULT_FEEDBACK = frozenset(
    {
        "",
        "your answer is correct.",
        "your answer is partially correct.",
        "your answer is incorrect.",
    }
)
_UNSUPPORTED_REASONS = MappingProxyType(
    {
        "essay": "an essay has no answer the game can check",
        "description": "a description is text without a question",
        "cloze": "embedded answers (Cloze) put several gaps in one text",
        "multianswer": "embedded answers (Cloze) put several gaps in one text",
        "random": "a random question is only a placeholder",
    }
)


# -- reading ----------------------------------------------------------------------------------


class _DoctypeFound(Exception):
    pass


class _NoDoctype(ET.TreeBuilder):
    """Tree builder that stops the parser at a DOCTYPE, before any entity is declared."""

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise _DoctypeFound(name)


def _lines(text: str) -> str:
    """Spaces collapsed inside each line, blank lines dropped."""
    rows = (" ".join(row.split()) for row in text.split("\n"))
    return "\n".join(row for row in rows if row)


def _bool(text: str | None, default: bool) -> bool:
    if text is None or not text.strip():
        return default
    return text.strip().lower() in ("1", "true", "yes")


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def _percent(fraction: float) -> str:
    text = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _wildcard(text: str) -> bool:
    """A short answer with an unescaped `*` (Moodle's wildcard)."""
    return re.search(r"(?<!\\)\*", text) is not None


def _int_or(text: str | None, default: int) -> int:
    try:
        return int((text or "").strip())
    except ValueError:
        return default


def _split_category(path: str) -> list[str]:
    return [part.replace("//", "/").strip() for part in _CATEGORY_SPLIT.split(path)]


def _escape_category(name: str) -> str:
    return name.replace("/", "//")


@dataclass
class _Q:
    """One `<question>` being read: where it is and what to call it in messages."""

    elem: ET.Element
    number: int
    label: str
    fmt: str  # default text format of its parts: the question text's format
    images: list[str] = field(default_factory=list)
    formatting: dict[str, set[str]] = field(default_factory=dict)  # what → tags removed


@dataclass
class _Parsed:
    """A question read successfully, before ids and sources are settled for the whole file."""

    number: int
    label: str
    idnumber: str
    topic: str
    difficulty: int | None
    prompt: str
    body: dict[str, Any]  # type and type-specific keys
    explanation: str
    citation: str | None  # the "Source: ..." line of the general feedback
    source_id: str | None  # from a `source:<id>` tag
    meta_index: int | None  # the Civic Quiz bank category in effect
    line: int
    tags: list[str]
    extra: dict[str, Any]  # time_limit, points, valid_as_of


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.name = PurePath(path).name or "input"
        self.problems: list[Problem] = []
        self.lines: dict[ET.Element, int] = {}
        self.metas: list[dict[str, Any]] = []
        self.meta_index: int | None = None
        self.topic = "Imported"
        self.parsed: list[_Parsed] = []
        self.skipped: Counter[str] = Counter()
        self.total = 0

    # problems -------------------------------------------------------------------------------

    def _add(
        self,
        severity: Severity,
        code: str,
        message: str,
        where: ET.Element | int | None,
        question: str | None,
        hint: str | None,
        column: int = 0,
    ) -> None:
        line = (
            where
            if isinstance(where, int)
            else self.lines.get(where, 0)
            if where is not None
            else 0
        )
        self.problems.append(
            Problem(severity, code, message, self.path, line, column, question, hint)
        )

    def error(
        self,
        code: str,
        message: str,
        where: ET.Element | int | None = None,
        q: _Q | None = None,
        hint: str | None = None,
        column: int = 0,
    ) -> None:
        self._add(Severity.ERROR, code, message, where, q.label if q else None, hint, column)

    def warn(
        self,
        code: str,
        message: str,
        where: ET.Element | int | None = None,
        q: _Q | None = None,
        hint: str | None = None,
    ) -> None:
        self._add(Severity.WARNING, code, message, where, q.label if q else None, hint)

    # parsing --------------------------------------------------------------------------------

    def parse(self, raw: bytes) -> ET.Element | None:
        if not raw.strip():
            self.error(
                "empty",
                f"{self.name} is empty",
                1,
                hint="export the questions from Moodle again (Question bank > Export)",
            )
            return None
        if len(raw) > MAX_BYTES:
            self.error(
                "too-large",
                f"{self.name} is larger than {MAX_BYTES // 2**20} MB",
                1,
                hint="export fewer categories at a time",
            )
            return None
        guard = ET.XMLParser(target=_NoDoctype())
        try:
            guard.feed(raw)
            guard.close()
        except _DoctypeFound:
            at = raw.upper().find(b"<!DOCTYPE")
            self.error(
                "xml-doctype",
                "the file declares a DOCTYPE; Moodle XML never needs one, "
                "and its entities could expand enormously or read other files",
                raw.count(b"\n", 0, max(at, 0)) + 1,
                hint="remove the <!DOCTYPE ...> declaration (and its <!ENTITY ...> lines) "
                "and import again",
            )
            return None
        except ET.ParseError as exc:
            line, column = exc.position
            message = re.sub(r": line \d+, column \d+$", "", str(exc))
            self.error(
                "xml-syntax",
                f"XML syntax error: {message}",
                line,
                column=column + 1,
                hint=_syntax_hint(message),
            )
            return None
        # Parse again, a line at a time, to learn the line of every element.
        pull: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start",))
        flush = getattr(pull, "flush", None)  # Python ≥ 3.13: no deferred parsing
        root: ET.Element | None = None
        for number, chunk in enumerate(raw.splitlines(keepends=True), 1):
            pull.feed(chunk)
            if flush is not None:
                flush()
            starts = cast("Iterator[tuple[str, ET.Element]]", pull.read_events())
            for _event, elem in starts:
                self.lines[elem] = number
                if root is None:
                    root = elem
        pull.close()
        return root

    def read(self, raw: bytes) -> ImportResult:
        root = self.parse(raw)
        if root is None:
            return ImportResult(None, tuple(self.problems))
        tag = root.tag.rpartition("}")[2]
        if tag != "quiz":
            self.error(
                "not-moodle-xml",
                f"the top element is <{tag}>, not <quiz>",
                root,
                hint="a Moodle XML export starts with <quiz>; is this another XML format "
                "(QTI, Blackboard)?",
            )
            return ImportResult(None, tuple(self.problems))
        number = 0
        for child in root:
            if not isinstance(child.tag, str):
                continue
            if child.tag != "question":
                self.warn(
                    "unknown-element", f"<{child.tag}> is not a Moodle question; ignored", child
                )
                continue
            qtype = (child.get("type") or "").strip().lower()
            if qtype == "category":
                self.category(child)
                continue
            number += 1
            self.question(child, number, qtype)
        self.total = number
        return self.finish()

    # categories -----------------------------------------------------------------------------

    def category(self, elem: ET.Element) -> None:
        text = elem.find("category/text")
        path = one_line("".join(text.itertext())) if text is not None else ""
        segments = _split_category(path)
        name = segments[-1] if segments else ""
        self.topic = "Imported" if name.lower() in _PLACEHOLDER_CATEGORIES else name
        info_el = elem.find("info/text")
        info = "".join(info_el.itertext()).strip() if info_el is not None else ""
        if info.startswith(META_MARKER):
            meta = self.read_meta(info, elem)
            if meta is not None:
                self.metas.append(meta)
                self.meta_index = len(self.metas) - 1
            return
        idnumber = (elem.findtext("idnumber") or "").strip()
        if info or idnumber:
            kept = " and ".join(k for k, v in (("description", info), ("idnumber", idnumber)) if v)
            self.warn(
                "category-info",
                f'category "{name or path}": its {kept} cannot be '
                "kept (a Civic Quiz topic is only a name)",
                elem,
            )

    def read_meta(self, info: str, elem: ET.Element) -> dict[str, Any] | None:
        meta: dict[str, Any] = {"sources": []}
        for row in info.splitlines()[1:]:
            key, sep, value = row.partition(": ")
            if not sep:
                continue
            try:
                decoded = json.loads(value)
            except ValueError:
                self.warn(
                    "bank-metadata",
                    f"cannot read the `{key.strip()}` line of the Civic "
                    "Quiz bank description; ignored",
                    elem,
                )
                continue
            key = key.strip()
            if key == "source":
                if (
                    isinstance(decoded, dict)
                    and isinstance(decoded.get("id"), str)
                    and _ID_RE.match(decoded["id"])
                    and isinstance(decoded.get("title"), str)
                ):
                    meta["sources"].append(_clean_source(decoded))
                else:
                    self.warn(
                        "bank-metadata",
                        "a `source` line of the Civic Quiz bank "
                        "description has no valid id and title; ignored",
                        elem,
                    )
            elif _meta_value_ok(key, decoded):
                meta[key] = decoded
        if "id" in meta and not _ID_RE.match(meta["id"]):
            del meta["id"]
        return meta

    # questions ------------------------------------------------------------------------------

    def text(
        self,
        q: _Q,
        holder: ET.Element | None,
        what: str,
        multiline: bool,
        plain: bool = False,
        kept: bool = True,
    ) -> str:
        """The text of a Moodle text field (`<x format=...><text>...</text></x>`), as plain text.

        `kept`: the text goes into the bank, so lost formatting and images are worth a warning
        (dropped fields get their own warning instead)."""
        if holder is None:
            return ""
        text_el = holder.find("text")
        raw = "".join(text_el.itertext()) if text_el is not None else (holder.text or "")
        if kept:
            q.images.extend(f.get("name") or "an embedded file" for f in holder.findall("file"))
        fmt = (holder.get("format") or q.fmt).strip().lower()
        if plain or fmt in ("plain_text", "plain", "markdown"):
            text = raw.strip()
            if kept and fmt == "markdown" and re.search(r"[*_#`\[]", text):
                q.formatting.setdefault(what, set()).add("markdown")
        else:
            if fmt in ("moodle_auto_format", "moodle"):
                raw = raw.replace("\r\n", "\n").replace("\n", "<br>")
            parser = HtmlText()
            parser.feed(raw)
            parser.close()
            text = parser.raw()
            if kept:
                q.images.extend(parser.images)
            if kept and parser.formatting:
                q.formatting.setdefault(what, set()).update(parser.formatting)
        return _lines(text) if multiline else one_line(text)

    def fraction(self, q: _Q, answer: ET.Element, check: bool = True) -> float | None:
        raw = (answer.get("fraction") or "0").strip()
        try:
            value = float(raw) / 100
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            self.error(
                "bad-fraction",
                f'question "{q.label}": fraction {raw!r} is not a number',
                answer,
                q,
                'write the grade in percent, e.g. fraction="100"',
            )
            return None
        if not check:
            return value
        snapped = snap_grade(value)
        if snapped is None:
            self.error(
                "invalid-grade",
                f'question "{q.label}": grade {raw}% (fraction '
                f"{value:g}) is not one Moodle allows; the question is skipped",
                answer,
                q,
                _GRADE_HINT,
            )
        return snapped

    def question(self, elem: ET.Element, number: int, qtype: str) -> None:
        name_el = elem.find("name/text")
        name = strip_html("".join(name_el.itertext())) if name_el is not None else ""
        label = name or f"question {number}"
        readers = {
            "multichoice": self.multichoice,
            "truefalse": self.truefalse,
            "shortanswer": self.shortanswer,
            "numerical": self.numerical,
            "matching": self.matching,
            "match": self.matching,
            "ordering": self.ordering,
        }
        if qtype not in readers:
            self.skipped[qtype or "(no type)"] += 1
            reason = _UNSUPPORTED_REASONS.get(qtype) or (
                f"Moodle's `{qtype}` type has no Civic Quiz equivalent"
                if qtype
                else 'it has no type="..."'
            )
            self.warn(
                "unsupported-type",
                f'question "{label}" ({qtype or "no type"}) is skipped: {reason}',
                elem,
                _Q(elem, number, label, "html"),
                "Civic Quiz imports multichoice, truefalse, shortanswer, numerical, "
                "matching and ordering questions",
            )
            return
        qtext = elem.find("questiontext")
        fmt = (qtext.get("format") if qtext is not None else None) or "html"
        q = _Q(elem, number, label, fmt.strip().lower())
        errors_before = sum(p.is_error for p in self.problems)
        prompt = self.text(q, qtext, "question text", multiline=True)
        if not prompt:
            self.error(
                "empty-prompt",
                f'question "{label}" has no question text',
                elem,
                q,
                "write the question in <questiontext><text>...</text></questiontext>",
            )
        tags, meta_tags = self.tags(elem)
        body = readers[qtype](q, meta_tags)
        if body is None or sum(p.is_error for p in self.problems) > errors_before:
            self.skipped["with errors"] += 1
            return
        explanation = self.text(q, elem.find("generalfeedback"), "general feedback", multiline=True)
        citation = None
        head, _, last = explanation.rpartition("\n")
        if "source" in meta_tags and last.startswith("Source: "):
            citation = last[len("Source: ") :].strip()
            explanation = head.rstrip()
            before, _, also = explanation.rpartition("\n")
            if also.startswith("See also: "):  # further citations Civic Quiz wrote as text
                explanation = before.rstrip()
        self.common_warnings(q)
        self.parsed.append(
            _Parsed(
                number=number,
                label=label,
                idnumber=(elem.findtext("idnumber") or "").strip(),
                topic=self.topic,
                difficulty=meta_tags.get("difficulty"),
                prompt=prompt,
                body=body,
                explanation=explanation,
                citation=citation,
                source_id=meta_tags.get("source"),
                meta_index=self.meta_index,
                line=self.lines.get(elem, 0),
                tags=tags,
                extra={
                    k: meta_tags[k]
                    for k in ("time_limit", "points", "valid_as_of")
                    if k in meta_tags
                },
            )
        )

    def tags(self, elem: ET.Element) -> tuple[list[str], dict[str, Any]]:
        """Plain tags, and the ones that carry Civic Quiz metadata."""
        tags: list[str] = []
        meta: dict[str, Any] = {}
        for tag_el in elem.findall("tags/tag"):
            text_el = tag_el.find("text")
            tag = one_line(
                "".join(text_el.itertext()) if text_el is not None else tag_el.text or ""
            )
            if not tag:
                continue
            key, sep, value = tag.partition(":")
            match = _DIFFICULTY_TAG.match(tag)
            if match:
                meta["difficulty"] = int(match.group(1))
            elif tag == "all-or-nothing":
                meta["all_or_nothing"] = True
            elif sep and key == "source" and _ID_RE.match(value.strip()):
                meta["source"] = value.strip()
            elif sep and key == "valid-as-of" and _iso_date(value.strip()) is not None:
                meta["valid_as_of"] = _iso_date(value.strip())
            elif sep and key == "time-limit" and _in_range(value, 5, 600):
                meta["time_limit"] = _number(float(value))
            elif (
                sep and key == "points" and _in_range(value, 0, 10000) and float(value).is_integer()
            ):
                meta["points"] = int(float(value))
            elif tag not in tags:
                tags.append(tag)
        return tags, meta

    def common_warnings(self, q: _Q) -> None:
        elem = q.elem
        for what, tags in q.formatting.items():
            shown = ", ".join(f"<{t}>" if t != "markdown" else "Markdown" for t in sorted(tags))
            self.warn(
                "formatting-removed",
                f'"{q.label}": formatting is removed from the '
                f"{what} ({shown}); Civic Quiz shows plain text",
                elem,
                q,
            )
        images = [i.removeprefix("@@PLUGINFILE@@/") for i in q.images]
        old_image = (elem.findtext("image") or "").strip()  # Moodle 1.9's <image> field
        if old_image or (elem.findtext("image_base64") or "").strip():
            images.append(old_image or "an <image_base64>")
        if images:
            self.warn(
                "image-dropped",
                f'"{q.label}" has images or files '
                f"({', '.join(dict.fromkeys(images))}) that are not imported",
                elem,
                q,
                "add the picture to the bank folder and set `image:` on the question",
            )
        hints = [h for h in elem.findall("hint") if one_line("".join(h.itertext()))]
        if hints:
            self.warn(
                "hints-dropped",
                f'the {len(hints)} hint(s) of "{q.label}" are not kept (Civic Quiz gives one try)',
                hints[0],
                q,
            )
        combined = [
            tag
            for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback")
            if self.text(q, elem.find(tag), tag, True, kept=False).lower() not in _DEFAULT_FEEDBACK
        ]
        if combined:
            self.warn(
                "feedback-dropped",
                f'"{q.label}": '
                f"{', '.join(f'<{c}>' for c in combined)} cannot be kept (Civic Quiz "
                "shows the explanation only)",
                elem.find(combined[0]),
                q,
            )
        grade = (elem.findtext("defaultgrade") or "").strip()
        try:
            mark = float(grade) if grade else 1.0
        except ValueError:
            mark = 1.0
        if mark != 1.0:
            self.warn(
                "mark-dropped",
                f'the default mark {grade} of "{q.label}" is not kept '
                "(Civic Quiz scores by difficulty)",
                elem.find("defaultgrade"),
                q,
                "set `points:` on the question if it should count more",
            )
        if _bool(elem.findtext("hidden"), False):
            self.warn(
                "hidden-question",
                f'"{q.label}" is hidden in Moodle; it is imported as a normal question',
                elem.find("hidden"),
                q,
            )

    def answer_feedback(self, q: _Q, feedback: list[tuple[str, str]]) -> None:
        kept = [answer for answer, text in feedback if text]
        if kept:
            self.warn(
                "answer-feedback",
                f'per-answer feedback of "{q.label}" (on '
                f"{', '.join(repr(a) for a in kept)}) is not kept: Civic Quiz shows one "
                "explanation",
                q.elem,
                q,
                "fold anything important into the explanation",
            )

    # -- per type ----------------------------------------------------------------------------

    def multichoice(self, q: _Q, meta: dict[str, Any]) -> dict[str, Any] | None:
        elem = q.elem
        answers: list[tuple[str, float, ET.Element]] = []
        feedback: list[tuple[str, str]] = []
        ok = True
        for answer in elem.findall("answer"):
            text = self.text(q, answer, "choices", multiline=False)
            fraction = self.fraction(q, answer)
            note = self.text(
                q, answer.find("feedback"), "answer feedback", multiline=True, kept=False
            )
            if fraction is None:
                ok = False
                continue
            if not text:
                if fraction or note:
                    self.warn(
                        "empty-choice",
                        f'"{q.label}" has an answer without text '
                        f"(grade {_percent(fraction)}%); it is left out",
                        answer,
                        q,
                    )
                continue
            answers.append((text, fraction, answer))
            feedback.append((text, note))
        if not ok:
            return None
        choices = [a[0] for a in answers]
        if not self.check_choices(q, choices, [a[2] for a in answers]):
            return None
        self.answer_feedback(q, feedback)
        fractions = [a[1] for a in answers]
        shuffle = _bool(elem.findtext("shuffleanswers"), True)
        body: dict[str, Any] = {"choices": choices}
        if _bool(elem.findtext("single"), True):
            best = max(fractions)
            if best <= 0:
                self.error(
                    "no-correct-choice",
                    f'question "{q.label}": no choice earns any marks',
                    elem,
                    q,
                    'give the right choice fraction="100"',
                )
                return None
            correct = [i for i, f in enumerate(fractions) if f == best]
            if len(correct) > 1 and best >= 1 - GRADE_TOLERANCE:
                # Several full-marks answers: the same `multiple` question GIFT's `{=a =b ~c}`
                # gives (one Moodle question, imported the same from both formats).
                self.warn(
                    "several-correct",
                    several_full_marks_message(q.label, len(correct)),
                    elem,
                    q,
                    "make it a one-answer question if one choice is enough",
                )
                wrong = [i for i, f in enumerate(fractions) if f < 0 or 0 < f < best]
                if wrong:
                    self.warn(
                        "partial-grade",
                        f"the partial or negative grades on choices {_numbers(wrong)} of "
                        f'"{q.label}" are not kept: they now count as wrong',
                        elem,
                        q,
                    )
                body.update(type="multiple", answers=[i + 1 for i in correct], partial_credit=False)
                if not shuffle:
                    body["shuffle"] = False
                return body
            if best < 1:
                self.warn(
                    "partial-grade",
                    f'the best choice of "{q.label}" earns only '
                    f"{_percent(best)}%; it is imported as the right answer",
                    elem,
                    q,
                )
            if len(correct) > 1:
                self.warn(
                    "several-correct",
                    f'choices {_numbers(correct[1:])} of "{q.label}" '
                    f"also earn {_percent(best)}%; only choice {correct[0] + 1} is kept "
                    "as right, the others now count as wrong",
                    elem,
                    q,
                    "make it a multiple-answer question if several are right",
                )
            partial = [i for i, f in enumerate(fractions) if 0 < f < best]
            if partial:
                self.warn(
                    "partial-grade",
                    f"partial grades on choices {_numbers(partial)} of "
                    f'"{q.label}" are not kept: they now count as wrong',
                    elem,
                    q,
                )
            negative = [i for i, f in enumerate(fractions) if f < 0]
            if negative:
                self.warn(
                    "negative-grade",
                    f"negative grades on choices {_numbers(negative)} "
                    f'of "{q.label}" are not kept: a wrong single answer earns 0',
                    elem,
                    q,
                )
            body = {"type": "single", **body, "answer": correct[0] + 1}
        else:
            body = {"type": "multiple", **body, **self.multiple_grades(q, fractions, meta)}
            if body["answers"] is None:
                return None
        if not shuffle:
            body["shuffle"] = False
        return body

    def multiple_grades(
        self, q: _Q, fractions: list[float], meta: dict[str, Any]
    ) -> dict[str, Any]:
        right = [i for i, f in enumerate(fractions) if f > 0]
        if not right:
            self.error(
                "no-correct-choice",
                f'question "{q.label}": no choice earns any marks',
                q.elem,
                q,
                "give each right choice an equal positive share",
            )
            return {"answers": None}
        answers = [i + 1 for i in right]
        if meta.get("all_or_nothing"):
            return {"answers": answers, "partial_credit": False}
        share = 1 / len(right)
        wrong = [f for f in fractions if f <= 0]
        positive = [fractions[i] for i in right]
        if len(right) > 1 and all(abs(f - 1) < GRADE_TOLERANCE for f in positive):
            # the same Moodle question as GIFT's {~%100%a ~%100%b ~c}: the same import
            self.warn(
                "several-correct",
                several_full_marks_message(q.label, len(right)),
                q.elem,
                q,
                "make it a one-answer question if one choice is enough",
            )
            return {"answers": answers, "partial_credit": False}
        if any(abs(f - share) > GRADE_TOLERANCE for f in positive):
            self.warn(
                "grades-changed",
                f'the right choices of "{q.label}" earn unequal shares '
                f"({', '.join(_percent(f) + '%' for f in positive)}); Civic Quiz gives "
                f"each an equal share ({_percent(share)}%)",
                q.elem,
                q,
            )
        elif all(f == 0 for f in wrong) and wrong:
            self.warn(
                "grades-changed",
                f'wrong choices of "{q.label}" cost nothing in Moodle; '
                f"Civic Quiz's partial credit takes {_percent(share)}% away for each wrong "
                "pick",
                q.elem,
                q,
            )
        elif any(abs(f + share) > GRADE_TOLERANCE for f in wrong):
            self.warn(
                "grades-changed",
                f"the negative grades of the wrong choices of "
                f'"{q.label}" ({", ".join(_percent(f) + "%" for f in wrong)}) are not '
                f"kept; Civic Quiz takes {_percent(share)}% away for each wrong pick",
                q.elem,
                q,
            )
        return {"answers": answers, "partial_credit": True}

    def check_choices(
        self,
        q: _Q,
        choices: list[str],
        elems: list[ET.Element],
        what: str = "choices",
        low: int = 2,
        high: int = MAX_CHOICES,
    ) -> bool:
        if len(choices) < low:
            self.error(
                "too-few-choices",
                f'question "{q.label}" has {len(choices)} {what}; Civic Quiz needs at least {low}',
                q.elem,
                q,
            )
            return False
        if len(choices) > high:
            self.error(
                "too-many-choices",
                f'question "{q.label}" has {len(choices)} {what}; Civic Quiz shows at most {high}',
                q.elem,
                q,
                f"remove {what} or split the question before importing",
            )
            return False
        for rep in repeats(choices):
            text = choices[rep.index]
            if not rep.case_only:
                self.error(
                    "duplicate-choice",
                    f'question "{q.label}": {what} {rep.index + 1} '
                    f"repeats {rep.earlier + 1} ({text!r}) once formatting is removed",
                    elems[rep.index],
                    q,
                    "make the texts differ",
                )
                return False
            self.warn(
                "case-only-difference",
                f'question "{q.label}": {what} {rep.index + 1} ({text!r}) differs from '
                f"{rep.earlier + 1} ({choices[rep.earlier]!r}) only in upper/lower case",
                elems[rep.index],
                q,
                "fine if the case matters (GB and Gb); otherwise reword one of them",
            )
        return True

    def truefalse(self, q: _Q, meta: dict[str, Any]) -> dict[str, Any] | None:
        found: dict[str, float] = {}
        feedback: list[tuple[str, str]] = []
        for answer in q.elem.findall("answer"):
            text = self.text(q, answer, "answers", multiline=False, plain=True).lower()
            fraction = self.fraction(q, answer, check=False)
            if fraction is None:
                return None
            if text in ("true", "false"):
                found[text] = fraction
                feedback.append(
                    (
                        text,
                        self.text(
                            q,
                            answer.find("feedback"),
                            "answer feedback",
                            multiline=True,
                            kept=False,
                        ),
                    )
                )
        if set(found) != {"true", "false"} or found["true"] == found["false"]:
            self.error(
                "truefalse-answers",
                f'question "{q.label}" needs a `true` and a '
                '`false` answer, one of them with fraction="100"',
                q.elem,
                q,
            )
            return None
        self.answer_feedback(q, feedback)
        return {"type": "true_false", "answer": found["true"] > found["false"]}

    def shortanswer(self, q: _Q, meta: dict[str, Any]) -> dict[str, Any] | None:
        elem = q.elem
        if _bool(elem.findtext("usecase"), False):
            self.warn(
                "case-sensitive",
                f'"{q.label}" is case-sensitive in Moodle; Civic Quiz '
                "ignores case, accents and punctuation",
                elem.find("usecase"),
                q,
            )
        accept: list[str] = []
        dropped: list[str] = []
        feedback: list[tuple[str, str]] = []
        ok = True
        for answer in elem.findall("answer"):
            text = self.text(q, answer, "answers", multiline=False, plain=True)
            fraction = self.fraction(q, answer)
            note = self.text(
                q, answer.find("feedback"), "answer feedback", multiline=True, kept=False
            )
            if fraction is None:
                ok = False
                continue
            if not text:
                continue
            feedback.append((text, note))
            if fraction < 1 or _wildcard(text):
                dropped.append(f"{text!r} ({_percent(fraction)}%)")
            elif not answer_key(text.replace("\\*", "*")):
                self.warn(
                    "answer-dropped",
                    f'accepted answer {text!r} of "{q.label}" has no '
                    "letters or digits; Civic Quiz cannot match it and leaves it out",
                    answer,
                    q,
                )
            else:
                accept.append(text.replace("\\*", "*"))
        if not ok:
            return None
        if not accept:
            self.error(
                "no-correct-answer",
                f'question "{q.label}" has no answer that earns 100% (without a * wildcard)',
                elem,
                q,
                'give at least one plain answer fraction="100"',
            )
            return None
        if dropped:
            self.warn(
                "answers-dropped",
                f'answers of "{q.label}" with partial or no credit or '
                f"a * wildcard are not kept: {', '.join(dropped)}",
                elem,
                q,
                "Civic Quiz accepts whole answers (list variants in `accept`)",
            )
        self.answer_feedback(q, feedback)
        return {"type": "text", "accept": list(dict.fromkeys(accept))}

    def numerical(self, q: _Q, meta: dict[str, Any]) -> dict[str, Any] | None:
        elem = q.elem
        main: tuple[float, float] | None = None
        dropped: list[str] = []
        feedback: list[tuple[str, str]] = []
        ok = True
        for answer in elem.findall("answer"):
            text = self.text(q, answer, "answers", multiline=False, plain=True)
            fraction = self.fraction(q, answer)
            if fraction is None:
                ok = False
                continue
            feedback.append(
                (
                    text,
                    self.text(
                        q, answer.find("feedback"), "answer feedback", multiline=True, kept=False
                    ),
                )
            )
            tolerance_text = (answer.findtext("tolerance") or "").strip() or "0"
            try:
                value = float(text)
                tolerance = abs(float(tolerance_text))
            except ValueError:
                value, tolerance = math.nan, 0.0
            if main is None and fraction == 1 and math.isfinite(value) and math.isfinite(tolerance):
                main = (value, tolerance)
            else:
                dropped.append(f"{text or '(empty)'} ({_percent(fraction)}%)")
        if not ok:
            return None
        if main is None:
            self.error(
                "no-correct-answer",
                f'question "{q.label}" has no number that earns 100%',
                elem,
                q,
                'give the right number fraction="100"',
            )
            return None
        if dropped:
            self.warn(
                "answers-dropped",
                f'other answers of "{q.label}" are not kept: '
                f"{', '.join(dropped)}; Civic Quiz accepts one number with a tolerance",
                elem,
                q,
            )
        self.answer_feedback(q, feedback)
        body: dict[str, Any] = {"type": "numeric", "answer": _number(main[0])}
        if main[1]:
            body["tolerance"] = _number(main[1])
        unit, conversions = None, []
        for unit_el in elem.findall("units/unit"):
            name = one_line(unit_el.findtext("unit_name") or "")
            try:
                multiplier = float((unit_el.findtext("multiplier") or "1").strip() or "1")
            except ValueError:
                multiplier = math.nan
            if name and unit is None and multiplier == 1:
                unit = name
            elif name:
                conversions.append(f"{name} (×{(unit_el.findtext('multiplier') or '').strip()})")
        if unit:
            body["unit"] = unit
        if conversions:
            self.warn(
                "units-dropped",
                f'unit conversions of "{q.label}" are not kept: '
                f"{', '.join(conversions)}; Civic Quiz shows one unit and grades the "
                "number only",
                elem.find("units"),
                q,
            )
        return body

    def matching(self, q: _Q, meta: dict[str, Any]) -> dict[str, Any] | None:
        pairs: list[list[str]] = []
        elems: list[ET.Element] = []
        distractors: list[str] = []
        for sub in q.elem.findall("subquestion"):
            left = self.text(q, sub, "left-hand items", multiline=False)
            right_el = sub.find("answer")
            right = (
                self.text(q, right_el, "right-hand items", multiline=False, plain=True)
                if right_el is not None
                else ""
            )
            if not left:
                if right:
                    distractors.append(right)
                continue
            if not right:
                self.error(
                    "match-answer", f'question "{q.label}": item {left!r} has no answer', sub, q
                )
                return None
            pairs.append([left, right])
            elems.append(sub)
        if distractors:
            self.warn(
                "distractors-dropped",
                f'extra answers of "{q.label}" that match '
                f"nothing are not kept: {', '.join(repr(d) for d in distractors)}",
                q.elem,
                q,
                "Civic Quiz's match questions only pair items",
            )
        if not self.check_choices(
            q, [p[0] for p in pairs], elems, "pairs", 2, 8
        ) or not self.check_choices(q, [p[1] for p in pairs], elems, "answers", 2, 8):
            return None
        if not _bool(q.elem.findtext("shuffleanswers"), True):
            self.warn(
                "shuffle-ignored",
                f'"{q.label}" keeps its answers in order in Moodle; '
                "Civic Quiz always shuffles the right-hand side",
                q.elem.find("shuffleanswers"),
                q,
            )
        return {"type": "match", "pairs": pairs}

    def ordering(self, q: _Q, meta: dict[str, Any]) -> dict[str, Any] | None:
        """Moodle's ordering question (qtype_ordering): the answers in the right order, each
        `fraction` its position."""
        found: list[tuple[float, int, str, ET.Element]] = []
        for index, answer in enumerate(q.elem.findall("answer")):
            text = self.text(q, answer, "items", multiline=False)
            if not text:
                continue
            try:
                position = float(answer.get("fraction") or index + 1)
            except ValueError:
                position = float(index + 1)
            found.append((position, index, text, answer))
        found.sort(key=lambda f: (f[0], f[1]))
        items = [f[2] for f in found]
        if not self.check_choices(q, items, [f[3] for f in found], "items", 2, MAX_CHOICES):
            return None
        select_type = (q.elem.findtext("selecttype") or "0").strip()
        select_count = _int_or(q.elem.findtext("selectcount"), 0)
        if select_type not in ("", "0") and 0 < select_count < len(items):
            self.warn(
                "ordering-subset",
                f'"{q.label}" asks students to order {select_count} of its {len(items)} '
                "items; Civic Quiz asks for all of them",
                q.elem.find("selectcount"),
                q,
            )
        grading = (q.elem.findtext("gradingtype") or "0").strip()
        if grading not in ("", "0"):
            self.warn(
                "grades-changed",
                f'"{q.label}" uses Moodle ordering grading type {grading}; Civic Quiz gives '
                "credit for each item in its right place (Moodle's 'absolute position')",
                q.elem.find("gradingtype"),
                q,
            )
        return {"type": "order", "items": items}

    # the bank -------------------------------------------------------------------------------

    def finish(self) -> ImportResult:
        stem = PurePath(self.name).stem if "." in self.name else self.name
        single_meta = self.metas[0] if len(self.metas) == 1 else None
        bank_id = (single_meta or {}).get("id") or kebab(stem)
        title = (single_meta or {}).get("title") or _title_from(stem)
        # Sources of every Civic Quiz bank in the file, renamed where two banks disagree.
        sources: dict[str, dict[str, Any]] = {}
        renamed: dict[tuple[int, str], str] = {}  # (bank in the file, its source id) → final id
        for index, meta in enumerate(self.metas):
            for source in meta["sources"]:
                sid = final = source["id"]
                while final in sources and sources[final] != {**source, "id": final}:
                    final = f"{meta.get('id') or f'bank-{index + 1}'}-{final}"
                if final != sid:
                    self.warn(
                        "source-renamed",
                        f"two banks in the file declare source `{sid}` "
                        f"differently; the one of bank `{meta.get('id', '?')}` is "
                        f"renamed `{final}`",
                        0,
                    )
                sources.setdefault(final, {**source, "id": final})
                renamed[(index, sid)] = final
        questions: list[dict[str, Any]] = []
        used_ids: set[str] = set()
        imported_used = False
        no_difficulty = 0
        for p in self.parsed:
            qid = slug_id(p.idnumber, "-._", _ID_RE) if p.idnumber else ""
            if not qid or qid in used_ids:
                qid = f"{bank_id}-{p.number:03d}"
            while qid in used_ids:
                qid += "-x"
            used_ids.add(qid)
            source_ref = None
            if p.source_id is not None and p.meta_index is not None:
                sid = renamed.get((p.meta_index, p.source_id))
                if sid is not None and p.citation:
                    source_title = sources[sid]["title"]
                    locator = p.citation
                    if locator.startswith(source_title + ", "):
                        locator = locator[len(source_title) + 2 :]
                    elif locator == source_title:
                        locator = ""
                    if locator.strip():
                        source_ref = {"id": sid, "locator": locator.strip()}
            if p.source_id is not None and source_ref is None:
                self._add(
                    Severity.WARNING,
                    "source-unresolved",
                    f'"{p.label}" is tagged '
                    f"`source:{p.source_id}` but the file does not declare that source or "
                    'its general feedback has no "Source: ..." line; it cites the '
                    "import instead",
                    p.line,
                    p.label,
                    None,
                )
            if source_ref is None:
                imported_used = True
                locator = f"question {p.number}" + (
                    f" ({p.label})" if p.label != f"question {p.number}" else ""
                )
                source_ref = {"id": "imported", "locator": locator}
            if p.difficulty is None:
                no_difficulty += 1
            data: dict[str, Any] = {
                "id": qid,
                "type": p.body["type"],
                "topic": p.topic,
                "difficulty": p.difficulty or 2,
                "prompt": p.prompt,
            }
            data.update({k: v for k, v in p.body.items() if k != "type"})
            if p.explanation:
                data["explanation"] = p.explanation
            data["source"] = source_ref
            if p.tags:
                data["tags"] = p.tags
            data.update(p.extra)
            questions.append(data)
        if imported_used or not sources:
            if "imported" in sources:
                pass  # a bank imported earlier and exported again: keep its note
            else:
                sources["imported"] = imported_source(self.name, FORMAT_NAME)
        if no_difficulty:
            self.warn(
                "default-difficulty",
                f"{no_difficulty} question(s) have no "
                "`difficulty-N` tag; they get difficulty 2 (medium)",
                0,
                hint="adjust `difficulty:` (1 easy, 2 medium, 3 hard) where needed",
            )
        if self.skipped:
            kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(self.skipped.items()))
            self.warn(
                "questions-skipped",
                f"imported {len(questions)} of {self.total} "
                f"questions from {self.name}; skipped {sum(self.skipped.values())}: "
                f"{kinds}",
                0,
            )
        if not questions:
            self.error(
                "nothing-imported",
                f"no question in {self.name} could be imported",
                0,
                hint="see the problems above; Civic Quiz imports multichoice, "
                "truefalse, shortanswer, numerical and matching questions",
            )
            return ImportResult(None, tuple(self.problems))
        meta_out: dict[str, Any] = {"id": bank_id, "title": title}
        if single_meta and single_meta.get("description"):
            meta_out["description"] = single_meta["description"]
        meta_out["language"] = (single_meta or {}).get("language", "en")
        version = (single_meta or {}).get("version", 1)
        meta_out["version"] = (
            int(version) if isinstance(version, str) and version.isdigit() else version
        )
        for key in ("authors", "license"):
            if single_meta and single_meta.get(key):
                meta_out[key] = single_meta[key]
        meta_out["sources"] = list(sources.values())
        return ImportResult({"bank": meta_out, "questions": questions}, tuple(self.problems))


def _meta_value_ok(key: str, value: Any) -> bool:
    if key in ("id", "title", "description", "language", "license"):
        return isinstance(value, str) and bool(value.strip())
    if key == "version":
        return isinstance(value, int | str) and not isinstance(value, bool)
    if key == "authors":
        return isinstance(value, list) and all(isinstance(a, str) and a.strip() for a in value)
    return False


def _clean_source(raw: dict[str, Any]) -> dict[str, Any]:
    source: dict[str, Any] = {"id": raw["id"], "title": raw["title"]}
    for key in ("publisher", "url", "note"):
        if isinstance(raw.get(key), str) and raw[key].strip():
            source[key] = raw[key]
    if raw.get("kind") in {k.value for k in SourceKind}:
        source["kind"] = raw["kind"]
    if isinstance(raw.get("date"), str) and _iso_date(raw["date"]) is not None:
        source["date"] = _iso_date(raw["date"])
    return source


def _iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None


def _in_range(text: str, low: float, high: float) -> bool:
    try:
        value = float(text)
    except ValueError:
        return False
    return low <= value <= high


def _numbers(indices: list[int]) -> str:
    return ", ".join(str(i + 1) for i in indices)


def _title_from(stem: str) -> str:
    words = re.sub(r"[_\-\s]+", " ", stem).strip()
    return (words[:1].upper() + words[1:]) if words else "Imported questions"


def _syntax_hint(message: str) -> str:
    if "mismatched tag" in message:
        return "an element is closed with a different name than it was opened with"
    if "undefined entity" in message:
        return "HTML entities such as &nbsp; are not XML: put HTML inside <![CDATA[ ... ]]>"
    if "not well-formed" in message:
        return (
            "a raw `<` or `&` in text must be written &lt; / &amp; or sit inside <![CDATA[ ... ]]>"
        )
    if "no element found" in message:
        return "the file ends too early: is it complete?"
    return "check the XML on this line (is the file a complete Moodle XML export?)"


def read(raw: bytes, path: str) -> ImportResult:
    """Read a Moodle XML file into bank data, with errors (by line) and warnings."""
    return _Reader(path).read(raw)


# -- writing ----------------------------------------------------------------------------------


def _sub_text(
    parent: ET.Element, tag: str, text: str, fmt: str | None = "plain_text", **attrs: str
) -> ET.Element:
    elem = ET.SubElement(parent, tag, attrs)
    if fmt is not None:
        elem.set("format", fmt)
    ET.SubElement(elem, "text").text = text
    return elem


def _moodle_tag(tag: str) -> str:
    """What Moodle stores for a tag (PARAM_TAG: no control characters, < > `; 50 characters)."""
    cleaned = re.sub(r"[\x00-\x1f\x7f<>`]", "", tag)
    return " ".join(cleaned.split())[:TAG_MAX_LENGTH]


def _meta_text(bank: Bank) -> str:
    rows = [META_MARKER] + [
        f"{key}: {json.dumps(value, ensure_ascii=False)}"
        for key, value in bank_meta_to_data(bank, include_sources=False).items()
    ]
    rows += [f"source: {json.dumps(source_to_json(s), ensure_ascii=False)}" for s in bank.sources]
    return "\n".join(rows)


def _category(
    quiz: ET.Element, path: str, info: str | None = None, idnumber: str | None = None
) -> None:
    question = ET.SubElement(quiz, "question", {"type": "category"})
    category = ET.SubElement(question, "category")
    ET.SubElement(category, "text").text = path
    if info is not None:
        _sub_text(question, "info", info)
    if idnumber is not None:
        ET.SubElement(question, "idnumber").text = idnumber


def _number_text(value: float) -> str:
    """A number as Moodle reads it, without binary noise (0.30000000000000004 → 0.3)."""
    return f"{float(value):.15g}"


class _Writer:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.skipped: list[Skipped] = []
        self.quiz = ET.Element("quiz")

    def warn(
        self, bank: Bank, q: Question | None, code: str, message: str, hint: str | None = None
    ) -> None:
        self.problems.append(
            Problem(Severity.WARNING, code, message, bank.path, 0, 0, q.id if q else None, hint)
        )

    def bank(self, bank: Bank) -> None:
        base = f"$course$/top/{_escape_category(bank.title)}"
        _category(self.quiz, base, _meta_text(bank), bank.id)
        topic = None
        for q in bank.questions:
            if q.type is QuestionType.POLL:
                what = "poll"
                self.warn(
                    bank,
                    q,
                    "type-not-exported",
                    f"{q.type.value} question {q.id} is not "
                    f"exported: Moodle core has no {what} question type (it needs a "
                    "plugin)",
                )
                self.skipped.append(
                    Skipped(q.id, f"{q.type.value} questions (Moodle core has no {what} type)")
                )
                continue
            if q.topic != topic:
                _category(self.quiz, f"{base}/{_escape_category(q.topic)}")
                topic = q.topic
            self.question(bank, q)

    def question(self, bank: Bank, q: Question) -> None:
        moodle_type = {
            QuestionType.SINGLE: "multichoice",
            QuestionType.MULTIPLE: "multichoice",
            QuestionType.TRUE_FALSE: "truefalse",
            QuestionType.TEXT: "shortanswer",
            QuestionType.NUMERIC: "numerical",
            QuestionType.MATCH: "matching",
            QuestionType.ORDER: "ordering",
        }[q.type]
        elem = ET.SubElement(self.quiz, "question", {"type": moodle_type})
        _sub_text(elem, "name", q.id, fmt=None)
        prompt = q.prompt
        if q.passage is not None:
            # Moodle has no shared passages: the excerpt goes above the question, as text.
            prompt = f"Passage: {q.passage.text}\n\n{q.prompt}"
            self.warn(
                bank,
                q,
                "passage-as-text",
                f"the passage {q.passage.id!r} of {q.id} is written into the question text; "
                "it comes back as part of the prompt, not as a passage",
            )
        _sub_text(elem, "questiontext", prompt)
        feedback = q.explanation
        if q.more_sources:
            # Moodle has one citation per question here; the others stay readable in the text.
            also = "; ".join(ref.label() for ref in q.more_sources)
            feedback = (feedback + "\n\n" if feedback else "") + f"See also: {also}"
            self.warn(
                bank,
                q,
                "more-sources-as-text",
                f"{q.id} cites {len(q.citations)} sources; Moodle XML keeps the first as its "
                "citation and the others as a 'See also' line of the general feedback",
            )
        if q.source is not None:
            feedback = (feedback + "\n\n" if feedback else "") + f"Source: {q.source.label()}"
        _sub_text(elem, "generalfeedback", feedback)
        ET.SubElement(elem, "defaultgrade").text = "1"
        ET.SubElement(elem, "penalty").text = (
            "1" if q.type is QuestionType.TRUE_FALSE else "0.3333333"
        )
        ET.SubElement(elem, "hidden").text = "0"
        if len(q.id) > 100:
            self.warn(
                bank,
                q,
                "idnumber-too-long",
                f"id {q.id} is longer than Moodle's 100-character ID number",
            )
        ET.SubElement(elem, "idnumber").text = q.id
        getattr(self, f"_{q.type.value}")(bank, q, elem)
        self.tags(bank, q, elem)
        if q.image:
            self.warn(
                bank,
                q,
                "image-not-exported",
                f"the image {q.image!r} of {q.id} is not exported",
                "add it to the question in Moodle after importing",
            )

    def tags(self, bank: Bank, q: Question, elem: ET.Element) -> None:
        tags = [f"difficulty-{q.difficulty}"]
        if q.source is not None:
            tags.append(f"source:{q.source.source.id}")
        if q.type is QuestionType.MULTIPLE and not q.partial_credit:
            tags.append("all-or-nothing")
        if q.valid_as_of is not None:
            tags.append(f"valid-as-of:{q.valid_as_of.isoformat()}")
        if q.time_limit is not None:
            tags.append(f"time-limit:{_number_text(q.time_limit)}")
        if q.points is not None:
            tags.append(f"points:{q.points}")
        for tag in (*tags, *q.tags):
            if _moodle_tag(tag) != tag:
                self.warn(
                    bank,
                    q,
                    "tag-changed",
                    f"Moodle will store tag {tag!r} of {q.id} as "
                    f"{_moodle_tag(tag)!r} (at most {TAG_MAX_LENGTH} characters, no "
                    "< > `)",
                )
        holder = ET.SubElement(elem, "tags")
        for tag in dict.fromkeys((*tags, *q.tags)):
            tag_el = ET.SubElement(holder, "tag")
            ET.SubElement(tag_el, "text").text = tag

    def _choices(self, elem: ET.Element, q: Question, fractions: list[float], single: bool) -> None:
        ET.SubElement(elem, "single").text = "true" if single else "false"
        ET.SubElement(elem, "shuffleanswers").text = "true" if q.shuffle else "false"
        ET.SubElement(elem, "answernumbering").text = "abc"
        for choice, fraction in zip(q.choices, fractions, strict=True):
            answer = _sub_text(elem, "answer", choice, fraction=_percent(fraction))
            _sub_text(answer, "feedback", "")

    def _single(self, bank: Bank, q: Question, elem: ET.Element) -> None:
        fractions = [1.0 if i in q.correct else 0.0 for i in range(len(q.choices))]
        self._choices(elem, q, fractions, single=True)

    def _multiple(self, bank: Bank, q: Question, elem: ET.Element) -> None:
        grades = multiple_grades(q.correct, len(q.choices), q.partial_credit)
        if grades.rounded:
            self.warn(bank, q, "grade-rounded", grade_rounded_message(q.id, grades, len(q.correct)))
        if grades.all_or_nothing:
            self.warn(
                bank, q, "all-or-nothing", all_or_nothing_message(q.id, grades), ALL_OR_NOTHING_HINT
            )
        self._choices(elem, q, list(grades.fractions), single=False)

    def _true_false(self, bank: Bank, q: Question, elem: ET.Element) -> None:
        for word in ("true", "false"):
            right = (word == "true") == bool(q.truth)
            answer = _sub_text(
                elem, "answer", word, fmt="moodle_auto_format", fraction="100" if right else "0"
            )
            _sub_text(answer, "feedback", "")

    def _text(self, bank: Bank, q: Question, elem: ET.Element) -> None:
        ET.SubElement(elem, "usecase").text = "0"
        for accepted in q.accept:
            answer = _sub_text(elem, "answer", accepted.replace("*", "\\*"), fraction="100")
            _sub_text(answer, "feedback", "")

    def _numeric(self, bank: Bank, q: Question, elem: ET.Element) -> None:
        n = q.numeric
        assert n is not None
        value = (n.low + n.high) / 2 if n.value * 2 != n.low + n.high else n.value
        answer = _sub_text(elem, "answer", _number_text(value), fraction="100")
        _sub_text(answer, "feedback", "")
        ET.SubElement(answer, "tolerance").text = _number_text(n.high - value)
        if n.unit:
            units = ET.SubElement(elem, "units")
            unit = ET.SubElement(units, "unit")
            ET.SubElement(unit, "multiplier").text = "1"
            ET.SubElement(unit, "unit_name").text = n.unit
        ET.SubElement(elem, "unitgradingtype").text = "0"
        ET.SubElement(elem, "unitpenalty").text = "0.1000000"
        ET.SubElement(elem, "showunits").text = "0" if n.unit else "3"
        ET.SubElement(elem, "unitsleft").text = "0"

    def _match(self, bank: Bank, q: Question, elem: ET.Element) -> None:
        ET.SubElement(elem, "shuffleanswers").text = "true"
        for left, right in q.pairs:
            sub = _sub_text(elem, "subquestion", left)
            answer = ET.SubElement(sub, "answer")
            ET.SubElement(answer, "text").text = right

    def _order(self, bank: Bank, q: Question, elem: ET.Element) -> None:
        """qtype_ordering (in Moodle's core repository): items in the right order, each
        `fraction` its position; graded by absolute position, as Civic Quiz does."""
        for tag, value in (
            ("layouttype", "0"),  # vertical
            ("selecttype", "0"),  # all items
            ("selectcount", "0"),
            ("gradingtype", "0"),  # absolute position
            ("showgrading", "1"),
            ("numberingstyle", "none"),
        ):
            ET.SubElement(elem, tag).text = value
        for position, item in enumerate(q.items, 1):
            _sub_text(elem, "answer", item, fraction=str(position))

    def content(self) -> str:
        ET.indent(self.quiz, "  ")
        body = ET.tostring(self.quiz, encoding="unicode", short_empty_elements=False)
        return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def write(banks: Sequence[Bank]) -> ExportResult:
    """The banks as one Moodle XML file, with a warning for everything Moodle cannot hold."""
    writer = _Writer()
    for bank in banks:
        writer.bank(bank)
    return ExportResult(writer.content(), tuple(writer.problems), tuple(writer.skipped))
