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

This module only reads and writes the XML: each `<question>` becomes a Moodle question
(game.content.formats.moodle_model), and game.content.formats.moodle_map decides what that is
in Civic Quiz (and back), exactly as for GIFT. File-level checks stay here: grades Moodle itself
would refuse, the Civic Quiz bank description, ids and sources for the whole file.

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
from dataclasses import dataclass, replace
from pathlib import PurePath
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, cast

from game.content.format import ID_PATTERN
from game.content.formats import ExportResult, ImportResult, Skipped
from game.content.formats.codes import FormatCode
from game.content.formats.common import imported_source, kebab, slug_id
from game.content.formats.html_text import one_line, strip_html
from game.content.formats.moodle_cloze import parse_embedded, spell_embedded
from game.content.formats.moodle_grades import MOODLE_GRADES, snap_grade
from game.content.formats.moodle_map import (
    ExportedBank,
    Refusal,
    bank_fields,
    clean_source,
    export_banks,
    iso_date,
    to_civic,
)
from game.content.formats.moodle_model import (
    NO_TEXT,
    Answer,
    MoodleQuestion,
    MoodleText,
    NumberSpec,
    OrderingOptions,
    Pair,
    Qtype,
    Subquestion,
    Unit,
)
from game.content.problems import Problem, Severity

if TYPE_CHECKING:
    from game.core.model import Bank

__all__ = ["MOODLE_GRADES", "read", "spell", "write"]

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
# Moodle XML's text formats, as moodle_model names them
_FORMATS = MappingProxyType(
    {
        "html": "html",
        "moodle_auto_format": "moodle",
        "moodle": "moodle",
        "plain_text": "plain",
        "plain": "plain",
        "markdown": "markdown",
    }
)


# -- reading ----------------------------------------------------------------------------------


class _DoctypeFound(Exception):
    pass


class _NoDoctype(ET.TreeBuilder):
    """Tree builder that stops the parser at a DOCTYPE, before any entity is declared."""

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise _DoctypeFound(name)


def _bool(text: str | None, default: bool) -> bool:
    if text is None or not text.strip():
        return default
    return text.strip().lower() in ("1", "true", "yes")


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def _percent(fraction: float) -> str:
    text = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _int_or(text: str | None, default: int) -> int:
    try:
        return int((text or "").strip())
    except ValueError:
        return default


def _split_category(path: str) -> list[str]:
    return [part.replace("//", "/").strip() for part in _CATEGORY_SPLIT.split(path)]


def _escape_category(name: str) -> str:
    return name.replace("/", "//")


def _number_spec(text: str, tolerance: str | None) -> NumberSpec | None:
    """A numerical `<answer>` and its `<tolerance>`; None if either is not a number."""
    try:
        value = float(text)
        spread = abs(float((tolerance or "").strip() or "0"))
    except ValueError:
        return None
    if not (math.isfinite(value) and math.isfinite(spread)):
        return None
    return NumberSpec(value, spread)


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
        label: str | None = None,
        hint: str | None = None,
        column: int = 0,
    ) -> None:
        self._add(Severity.ERROR, code, message, where, label, hint, column)

    def warn(
        self,
        code: str,
        message: str,
        where: ET.Element | int | None = None,
        label: str | None = None,
        hint: str | None = None,
    ) -> None:
        self._add(Severity.WARNING, code, message, where, label, hint)

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
                source = clean_source(decoded) if isinstance(decoded, dict) else None
                if source is not None:
                    meta["sources"].append(source)
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

    def text(self, holder: ET.Element | None, fmt: str, plain: bool = False) -> MoodleText:
        """A Moodle text field (`<x format=...><text>...</text></x>`) as written, with the
        files embedded in it; `plain` for the fields Moodle keeps as plain text."""
        if holder is None:
            return NO_TEXT
        text_el = holder.find("text")
        raw = "".join(text_el.itertext()) if text_el is not None else (holder.text or "")
        files = tuple(f.get("name") or "an embedded file" for f in holder.findall("file"))
        if plain:
            return MoodleText(raw.strip(), "plain", files)
        return MoodleText(
            raw, _FORMATS.get((holder.get("format") or fmt).strip().lower(), "html"), files
        )

    def fraction(self, label: str, answer: ET.Element, check: bool = True) -> float | None:
        raw = (answer.get("fraction") or "0").strip()
        try:
            value = float(raw) / 100
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            self.error(
                "bad-fraction",
                f'question "{label}": fraction {raw!r} is not a number',
                answer,
                label,
                'write the grade in percent, e.g. fraction="100"',
            )
            return None
        if not check:
            return value
        snapped = snap_grade(value)
        if snapped is None:
            self.error(
                "invalid-grade",
                f'question "{label}": grade {raw}% (fraction '
                f"{value:g}) is not one Moodle allows; the question is skipped",
                answer,
                label,
                _GRADE_HINT,
            )
        return snapped

    def answers(
        self, elem: ET.Element, qtype: str, fmt: str, label: str
    ) -> tuple[Answer, ...] | None:
        """The `<answer>`s; None if a grade is one Moodle refuses (reported)."""
        plain = qtype in (Qtype.TRUEFALSE, Qtype.NUMERICAL)  # keywords and numbers
        found: list[Answer] = []
        ok = True
        for index, answer in enumerate(elem.findall("answer")):
            text = self.text(answer, fmt, plain)
            if qtype == Qtype.ORDERING:  # qtype_ordering: the fraction is the item's position
                try:
                    fraction: float | None = float(answer.get("fraction") or index + 1)
                except ValueError:
                    fraction = float(index + 1)
            else:
                fraction = self.fraction(label, answer, check=qtype != Qtype.TRUEFALSE)
            if fraction is None:
                ok = False
                continue
            number = None
            if qtype == Qtype.NUMERICAL:
                number = _number_spec(text.text, answer.findtext("tolerance"))
            feedback = self.text(answer.find("feedback"), fmt)
            line = self.lines.get(answer, 0)
            found.append(Answer(text, fraction, feedback, number, line))
        return tuple(found) if ok else None

    def question(self, elem: ET.Element, number: int, qtype: str) -> None:
        name_el = elem.find("name/text")
        name = strip_html("".join(name_el.itertext())) if name_el is not None else ""
        label = name or f"question {number}"
        qtext = elem.find("questiontext")
        fmt = ((qtext.get("format") if qtext is not None else None) or "html").strip().lower()
        tags, civic = self.tags(elem)
        answers = self.answers(elem, qtype, fmt, label)
        if answers is None:
            self.skipped["with errors"] += 1
            return
        grade = (elem.findtext("defaultgrade") or "").strip()
        try:
            mark = float(grade) if grade else None
        except ValueError:
            mark = None
        text = self.text(qtext, fmt)
        subquestions: tuple[Subquestion, ...] = ()
        if qtype in (Qtype.MULTIANSWER, "cloze"):  # the gaps sit in the text: {1:SA:=...}
            written, subquestions = parse_embedded(
                text.text, text.format, self.line_of(elem, "questiontext")
            )
            text = replace(text, text=written)
        old_image = (elem.findtext("image") or "").strip()  # Moodle 1.9's <image> field
        has_base64 = bool((elem.findtext("image_base64") or "").strip())
        question = MoodleQuestion(
            qtype=qtype,
            name=name,
            text=text,
            number=number,
            line=self.lines.get(elem, 0),
            idnumber=(elem.findtext("idnumber") or "").strip(),
            answers=answers,
            pairs=self.pairs(elem, fmt),
            general_feedback=self.text(elem.find("generalfeedback"), fmt),
            tags=tuple(tags),
            category=(self.topic,),
            default_mark=mark,
            shuffle=_bool(elem.findtext("shuffleanswers"), True),
            single=_bool(elem.findtext("single"), True),
            all_or_nothing=True if civic.pop("all_or_nothing", False) else None,
            use_case=_bool(elem.findtext("usecase"), False),
            units=self.units(elem),
            ordering=OrderingOptions(
                (elem.findtext("selecttype") or "0").strip(),
                _int_or(elem.findtext("selectcount"), 0),
                (elem.findtext("gradingtype") or "0").strip(),
                self.line_of(elem, "selectcount"),
            )
            if qtype == Qtype.ORDERING
            else None,
            hints=sum(bool(one_line("".join(h.itertext()))) for h in elem.findall("hint")),
            combined_feedback=tuple(
                (tag, self.text(elem.find(tag), fmt))
                for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback")
                if elem.find(tag) is not None
            ),
            hidden=_bool(elem.findtext("hidden"), False),
            images=tuple(
                i for i in (old_image or ("an <image_base64>" if has_base64 else ""),) if i
            ),
            civic=MappingProxyType(civic),
            subquestions=subquestions,
        )
        mapped = to_civic(question, self.path, label)
        if mapped.refusal is not None or mapped.fields is None:
            self.refused(question, mapped.refusal)
            return
        fields = dict(mapped.fields)
        prompt = fields.pop("prompt")
        explanation = fields.pop("explanation", "")
        citation = None
        head, _, last = explanation.rpartition("\n")
        if "source" in civic and last.startswith("Source: "):
            citation = last[len("Source: ") :].strip()
            explanation = head.rstrip()
            before, _, also = explanation.rpartition("\n")
            if also.startswith("See also: "):  # further citations Civic Quiz wrote as text
                explanation = before.rstrip()
        self.problems.extend(mapped.problems)
        self.parsed.append(
            _Parsed(
                number=number,
                label=label,
                idnumber=question.idnumber,
                topic=self.topic,
                difficulty=civic.get("difficulty"),
                prompt=prompt,
                body=fields,
                explanation=explanation,
                citation=citation,
                source_id=civic.get("source"),
                meta_index=self.meta_index,
                line=question.line,
                tags=tags,
                extra={
                    k: civic[k]
                    for k in ("time_limit", "points", "valid_as_of", "fuzzy")
                    if k in civic and (k != "fuzzy" or fields["type"] in ("text", "cloze"))
                },
            )
        )

    def refused(self, q: MoodleQuestion, refusal: Refusal | None) -> None:
        """A question moodle_map cannot import: an unknown type is skipped with a warning, a
        broken question with an error naming its line."""
        assert refusal is not None
        if refusal.code == FormatCode.UNSUPPORTED_TYPE:
            self.skipped[q.qtype or "(no type)"] += 1
            self.warn(
                FormatCode.QUESTION_SKIPPED,
                f'question "{q.label}" ({q.qtype or "no type"}) is skipped: {refusal.reason}',
                refusal.line,
                q.label,
                refusal.hint,
            )
            return
        self.skipped["with errors"] += 1
        self.error(
            refusal.code,
            f'question "{q.label}": {refusal.reason}; the question is skipped',
            refusal.line,
            q.label,
            refusal.hint,
        )

    def line_of(self, elem: ET.Element, child: str) -> int:
        """The line of `elem`'s `child` element, else of `elem`."""
        found = elem.find(child)
        return self.lines.get(found if found is not None else elem, 0)

    def pairs(self, elem: ET.Element, fmt: str) -> tuple[Pair, ...]:
        found = []
        for sub in elem.findall("subquestion"):
            right = self.text(sub.find("answer"), fmt, plain=True)
            found.append(Pair(self.text(sub, fmt), right.text, self.lines.get(sub, 0)))
        return tuple(found)

    def units(self, elem: ET.Element) -> tuple[Unit, ...]:
        found = []
        for unit_el in elem.findall("units/unit"):
            written = (unit_el.findtext("multiplier") or "").strip()
            try:
                multiplier = float(written or "1")
            except ValueError:
                multiplier = math.nan
            found.append(Unit(one_line(unit_el.findtext("unit_name") or ""), multiplier, written))
        return tuple(found)

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
            elif tag == "exact-answers":  # Civic Quiz's `fuzzy: false`
                meta["fuzzy"] = False
            elif sep and key == "source" and _ID_RE.match(value.strip()):
                meta["source"] = value.strip()
            elif sep and key == "valid-as-of" and iso_date(value.strip()) is not None:
                meta["valid_as_of"] = iso_date(value.strip())
            elif sep and key == "time-limit" and _in_range(value, 5, 600):
                meta["time_limit"] = _number(float(value))
            elif (
                sep and key == "points" and _in_range(value, 0, 10000) and float(value).is_integer()
            ):
                meta["points"] = int(float(value))
            elif tag not in tags:
                tags.append(tag)
        return tags, meta

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
        meta_out = bank_fields(single_meta or {}, bank_id, title)
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


def _in_range(text: str, low: float, high: float) -> bool:
    try:
        value = float(text)
    except ValueError:
        return False
    return low <= value <= high


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


def _meta_text(bank: ExportedBank) -> str:
    rows = [META_MARKER] + [
        f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in bank.meta.items()
    ]
    rows += [f"source: {json.dumps(dict(s), ensure_ascii=False)}" for s in bank.sources]
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


def _spell_text(parent: ET.Element, tag: str, text: MoodleText, **attrs: str) -> ET.Element:
    """A Moodle text field in its own format."""
    return _sub_text(parent, tag, text.text, _XML_FORMATS.get(text.format, "html"), **attrs)


_XML_FORMATS = MappingProxyType(
    {"html": "html", "moodle": "moodle_auto_format", "plain": "plain_text", "markdown": "markdown"}
)


class _Writer:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.skipped: list[Skipped] = []
        self.quiz = ET.Element("quiz")

    def warn(
        self, path: str, qid: str | None, code: str, message: str, hint: str | None = None
    ) -> None:
        self.problems.append(Problem(Severity.WARNING, code, message, path, 0, 0, qid, hint))

    def bank(self, bank: ExportedBank) -> None:
        base = f"$course$/top/{_escape_category(bank.title)}"
        _category(self.quiz, base, _meta_text(bank), bank.id)
        self.problems.extend(bank.problems)
        self.skipped.extend(bank.skipped)
        self.questions(bank.questions, base, bank.path)

    def questions(self, questions: Sequence[MoodleQuestion], base: str, path: str) -> None:
        category: tuple[str, ...] | None = None
        for q in questions:
            if q.category != category:
                category = q.category
                _category(self.quiz, "/".join([base, *map(_escape_category, category)]))
            self.question(q, path)

    def question(self, q: MoodleQuestion, path: str) -> None:
        qid, civic = q.idnumber, q.civic
        cloze = q.qtype in (Qtype.MULTIANSWER, "cloze")
        elem = ET.SubElement(self.quiz, "question", {"type": "cloze" if cloze else q.qtype})
        _sub_text(elem, "name", q.name, fmt=None)
        text = q.text
        if cloze:  # Moodle XML keeps the gaps in the text, as teachers write them
            text = replace(text, text=spell_embedded(text.text, q.subquestions))
        passage = civic.get("passage")
        if passage is not None:
            # Moodle has no shared passages: the excerpt goes above the question, as text.
            text = replace(text, text=f"Passage: {passage['text']}\n\n{text.text}")
            self.warn(
                path,
                qid,
                "passage-as-text",
                f"the passage {passage['id']!r} of {qid} is written into the question text; "
                "it comes back as part of the prompt, not as a passage",
            )
        _spell_text(elem, "questiontext", text)
        feedback = q.general_feedback.text
        see_also = civic.get("see_also") or []
        if see_also:
            # Moodle has one citation per question here; the others stay readable in the text.
            feedback = (feedback + "\n\n" if feedback else "") + f"See also: {'; '.join(see_also)}"
            self.warn(
                path,
                qid,
                "more-sources-as-text",
                f"{qid} cites {len(see_also) + 1} sources; Moodle XML keeps the first as its "
                "citation and the others as a 'See also' line of the general feedback",
            )
        if "source_label" in civic:
            feedback = (feedback + "\n\n" if feedback else "") + f"Source: {civic['source_label']}"
        _spell_text(elem, "generalfeedback", replace(q.general_feedback, text=feedback))
        ET.SubElement(elem, "defaultgrade").text = _number_text(
            1 if q.default_mark is None else q.default_mark
        )
        ET.SubElement(elem, "penalty").text = _number_text(q.penalty or 0)
        ET.SubElement(elem, "hidden").text = "1" if q.hidden else "0"
        if len(qid) > 100:
            self.warn(
                path,
                qid,
                "idnumber-too-long",
                f"id {qid} is longer than Moodle's 100-character ID number",
            )
        ET.SubElement(elem, "idnumber").text = qid
        spell = getattr(self, f"_{q.qtype}", None)
        if spell is not None:
            spell(q, elem)
        self.tags(q, elem, path)
        if "image" in civic:
            self.warn(
                path,
                qid,
                "image-not-exported",
                f"the image {civic['image']!r} of {qid} is not exported",
                "add it to the question in Moodle after importing",
            )

    def tags(self, q: MoodleQuestion, elem: ET.Element, path: str) -> None:
        civic = q.civic
        tags = [f"difficulty-{civic['difficulty']}"] if "difficulty" in civic else []
        if "source_id" in civic:
            tags.append(f"source:{civic['source_id']}")
        if q.qtype == Qtype.MULTICHOICE and not q.single and q.all_or_nothing:
            tags.append("all-or-nothing")
        if civic.get("fuzzy") is False:
            tags.append("exact-answers")
        if "valid_as_of" in civic:
            tags.append(f"valid-as-of:{civic['valid_as_of']}")
        if "time_limit" in civic:
            tags.append(f"time-limit:{_number_text(civic['time_limit'])}")
        if "points" in civic:
            tags.append(f"points:{civic['points']}")
        for tag in (*tags, *q.tags):
            if _moodle_tag(tag) != tag:
                self.warn(
                    path,
                    q.idnumber,
                    "tag-changed",
                    f"Moodle will store tag {tag!r} of {q.idnumber} as "
                    f"{_moodle_tag(tag)!r} (at most {TAG_MAX_LENGTH} characters, no "
                    "< > `)",
                )
        if not (tags or q.tags):
            return
        holder = ET.SubElement(elem, "tags")
        for tag in dict.fromkeys((*tags, *q.tags)):
            tag_el = ET.SubElement(holder, "tag")
            ET.SubElement(tag_el, "text").text = tag

    def answers(self, q: MoodleQuestion, elem: ET.Element, positions: bool = False) -> None:
        """The `<answer>`s: grades in percent with feedback, or (ordering) positions."""
        for answer in q.answers:
            text, tolerance = answer.text, None
            number = answer.number
            if number is not None:  # XML has no range: low..high is its middle ± half
                value, tolerance = number.value, number.tolerance
                if number.low is not None and number.high is not None:
                    low, high = number.low, number.high
                    value = value if value * 2 == low + high else (low + high) / 2
                    tolerance = high - value
                text = MoodleText(_number_text(value), "plain")
            grade = _number_text(answer.fraction) if positions else _percent(answer.fraction)
            holder = _spell_text(elem, "answer", text, fraction=grade)
            if not positions:
                _spell_text(holder, "feedback", answer.feedback)
            if tolerance is not None:
                ET.SubElement(holder, "tolerance").text = _number_text(tolerance)

    def _multichoice(self, q: MoodleQuestion, elem: ET.Element) -> None:
        ET.SubElement(elem, "single").text = "true" if q.single else "false"
        ET.SubElement(elem, "shuffleanswers").text = "true" if q.shuffle else "false"
        ET.SubElement(elem, "answernumbering").text = "abc"
        self.answers(q, elem)

    def _truefalse(self, q: MoodleQuestion, elem: ET.Element) -> None:
        self.answers(q, elem)

    def _shortanswer(self, q: MoodleQuestion, elem: ET.Element) -> None:
        ET.SubElement(elem, "usecase").text = "1" if q.use_case else "0"
        self.answers(q, elem)

    def _numerical(self, q: MoodleQuestion, elem: ET.Element) -> None:
        self.answers(q, elem)
        if not q.wrong_feedback.blank:  # GIFT's catch-all `~#...`: Moodle XML's `*` answer
            holder = _sub_text(elem, "answer", "*", "plain_text", fraction="0")
            _spell_text(holder, "feedback", q.wrong_feedback)
        if q.units:
            units = ET.SubElement(elem, "units")
            for one in q.units:
                unit = ET.SubElement(units, "unit")
                ET.SubElement(unit, "multiplier").text = _number_text(one.multiplier)
                ET.SubElement(unit, "unit_name").text = one.name
        ET.SubElement(elem, "unitgradingtype").text = "0"
        ET.SubElement(elem, "unitpenalty").text = "0.1000000"
        ET.SubElement(elem, "showunits").text = "0" if q.units else "3"
        ET.SubElement(elem, "unitsleft").text = "0"

    def _matching(self, q: MoodleQuestion, elem: ET.Element) -> None:
        ET.SubElement(elem, "shuffleanswers").text = "true" if q.shuffle else "false"
        for pair in q.pairs:
            sub = _spell_text(elem, "subquestion", pair.left)
            answer = ET.SubElement(sub, "answer")
            ET.SubElement(answer, "text").text = pair.right

    def _ordering(self, q: MoodleQuestion, elem: ET.Element) -> None:
        """qtype_ordering (in Moodle's core repository): items in the right order, each
        `fraction` its position; graded by absolute position, as Civic Quiz does."""
        options = q.ordering or OrderingOptions()
        for tag, value in (
            ("layouttype", "0"),  # vertical
            ("selecttype", options.select_type),  # 0: all items
            ("selectcount", str(options.select_count)),
            ("gradingtype", options.grading_type),  # 0: absolute position
            ("showgrading", "1"),
            ("numberingstyle", "none"),
        ):
            ET.SubElement(elem, tag).text = value
        self.answers(q, elem, positions=True)

    def content(self) -> str:
        ET.indent(self.quiz, "  ")
        body = ET.tostring(self.quiz, encoding="unicode", short_empty_elements=False)
        return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def spell(questions: Sequence[MoodleQuestion]) -> str:
    """Moodle questions, whatever they came from, as a Moodle XML file (each in its category
    under `$course$/top`): the XML spelling of the one Moodle model, without Civic Quiz's bank."""
    writer = _Writer()
    writer.questions(questions, "$course$/top", "")
    return writer.content()


def write(banks: Sequence[Bank]) -> ExportResult:
    """The banks as one Moodle XML file, with a warning for everything Moodle cannot hold."""
    writer = _Writer()
    for bank in export_banks(banks):
        writer.bank(bank)
    return ExportResult(writer.content(), tuple(writer.problems), tuple(writer.skipped))
