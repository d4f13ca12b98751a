"""Moodle GIFT, both ways: teachers' GIFT files become bank data, banks become GIFT files.

GIFT is the plain-text question format Moodle imports and exports, and the one teachers most often
already have. Reading follows Moodle's own importer (question/format/gift/format.php) step by step
so a file means here what it means in Moodle:
- questions are separated by blank lines; lines starting with `//` are comments, and a comment may
  carry Moodle 4 metadata, `[id:...]` (becomes the question id) and `[tag:...]` (tags);
- `$CATEGORY: path` sets the topic (the last level of the path) of the questions after it;
- `::name::` is the question's name (kept in the source locator), `[html]`, `[moodle]`, `[plain]`
  and `[markdown]` set a text's format (HTML tags are stripped to text, with a warning);
- the answers sit between the first `{` and the first `}`; their content picks the type exactly as
  Moodle does (essay, numerical, multiple choice, matching, true/false, short answer);
- escapes `\\~ \\= \\# \\{ \\} \\: \\\\ \\n` are honoured; `####` is the general feedback, which
  becomes the explanation;
- true/false feedback follows Moodle's meaning: `{TRUE#a#b}` shows `a` after the wrong answer and
  `b` after the right one (gift-pegjs names them the other way round);
- missing word (text after the answers) is read the way Moodle reads it: the answer block
  becomes `_____` in the question text, whatever the type.
This module only reads and writes GIFT's syntax: each question becomes a Moodle question
(game.content.formats.moodle_model), and game.content.formats.moodle_map decides what that is
in Civic Quiz (and back), exactly as for Moodle XML. A question it cannot import is skipped
with a warning saying why; a syntax error names its line.

Writing produces a file Moodle imports as is, and that this reader turns back into the same bank:
`$CATEGORY: $course$/top/<bank title>/<topic>`, `// [id:...] [tag:...]` comments, and
`// civic-quiz...:` comment lines (JSON) for what Moodle has no place for (bank metadata, sources,
difficulty, source locators, units...). `order` and `poll` questions cannot be written (warning).
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from game.content.format import ID_PATTERN
from game.content.formats import ExportResult, ImportResult, Skipped
from game.content.formats.codes import FormatCode
from game.content.formats.common import imported_source, kebab, slug_id
from game.content.formats.moodle_cloze import marker
from game.content.formats.moodle_map import (
    ExportedBank,
    Mapped,
    bank_fields,
    clean_source,
    export_banks,
    to_civic,
)
from game.content.formats.moodle_model import (
    NO_TEXT,
    Answer,
    MoodleQuestion,
    MoodleText,
    NumberSpec,
    Pair,
    Qtype,
    Subquestion,
    Unit,
)
from game.content.problems import Problem, Severity

if TYPE_CHECKING:
    from game.core.model import Bank

__all__ = ["idnumber_and_tags", "moodle_questions", "read", "write"]

FORMAT_NAME = "Moodle GIFT"
DEFAULT_DIFFICULTY = 2
TEXT_FORMATS = ("moodle", "html", "plain", "markdown")

# Escaped control characters become private-use placeholders while the structure is parsed,
# exactly like Moodle's escapedchar_pre/escapedchar_post.
_PLACEHOLDERS = {
    ":": "\ue000",
    "#": "\ue001",
    "=": "\ue002",
    "{": "\ue003",
    "}": "\ue004",
    "~": "\ue005",
    "n": "\ue006",
}
_RESTORE = str.maketrans({v: ("\n" if k == "n" else k) for k, v in _PLACEHOLDERS.items()})
_ESCAPE_OUT = str.maketrans(
    {
        "\\": "\\\\",
        "#": "\\#",
        "=": "\\=",
        "~": "\\~",
        "{": "\\{",
        "}": "\\}",
        ":": "\\:",
        "\n": "\\n",
        "\r": "",
    }
)

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ID_RE = re.compile(ID_PATTERN)
_WEIGHT_RE = re.compile(r"%(-?\d+(?:\.\d*)?)%")
_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_FORMAT_MARK_RE = re.compile(r"\[(?:moodle|html|plain|markdown)\]")
_BLANK_RE = re.compile(r"(?<!_)_____(?!_)")
_GAP_HERE = "\ue00f"  # where a missing word's answers were, until its type is known
_CQ_COMMENT_RE = re.compile(r"//\s*civic-quiz(?:\s+(bank|source))?\s*:\s*(.*)$")
_MOODLE_ID_RE = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f\x7f])+)\]")
# Moodle refuses tags with < > or `; reading back our own files, they are accepted.
_MOODLE_TAG_RE = re.compile(r"\[tag:((?:\\\]|[^\]\x00-\x1f\x7f])*)\]")
_CONTEXT_RE = re.compile(r"^\$[a-z0-9]+\$/?")
_CATEGORY_SPLIT_RE = re.compile(r"(?<!/)/(?!/)")


def idnumber_and_tags(comment: str) -> tuple[str, list[str]]:
    """Moodle 4's metadata in question comments: `[id:...]` (the first) and every `[tag:...]`.

    A `]` inside a value is written `\\]`; a token split over two lines is ignored (as in Moodle).
    """
    idnumber = ""
    found = _MOODLE_ID_RE.search(comment)
    if found:
        idnumber = found.group(1).strip().replace("\\]", "]")
    tags = [raw.strip().replace("\\]", "]") for raw in _MOODLE_TAG_RE.findall(comment)]
    return idnumber, [t for t in tags if t]


# -- text helpers -------------------------------------------------------------------------------


def _escape_pre(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt == "\\":
                out.append("\\")
                i += 2
                continue
            if nxt in _PLACEHOLDERS:
                out.append(_PLACEHOLDERS[nxt])
                i += 2
                continue
        out.append(ch)
        i += 1
    return "".join(out)


def _escape_post(text: str) -> str:
    return text.translate(_RESTORE)


def _split_format(raw: str, default: str) -> tuple[str, str]:
    """A leading `[html]`-style marker, as Moodle's parse_text_with_format reads it."""
    raw = raw.strip()
    if raw.startswith("["):
        end = raw.find("]")
        if end > 0 and raw[1:end] in TEXT_FORMATS:
            return raw[end + 1 :], raw[1:end]
    return raw, default


def _split_feedback(raw: str) -> tuple[str, str]:
    text, _, feedback = raw.partition("#")
    return text.strip(), feedback.strip()


def _gift_text(raw: str, fmt: str) -> MoodleText:
    """A GIFT text piece (placeholders still in) as a Moodle text of the given format: raw line
    breaks are spaces except in Markdown; `\\n` escapes are line breaks."""
    return MoodleText(_escape_post(raw if fmt == "markdown" else raw.replace("\n", " ")), fmt)


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else value


def _parse_number(text: str) -> float | None:
    text = text.strip()
    if not _NUMBER_RE.fullmatch(text):
        return None
    number = float(text)
    return number if math.isfinite(number) else None


def _listing(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _common_folder(paths: Sequence[str]) -> str:
    """The folder the banks share ("questions/"), to name one warning about all of them."""
    try:
        common = os.path.commonpath(paths)
    except ValueError:  # different drives
        return ""
    return common + os.sep if common else ""


def _file_stem(path: str) -> str:
    name = PurePath(path).name
    while name.lower().endswith((".txt", ".gift")) and "." in name[1:]:
        name = name.rsplit(".", 1)[0]
    return name


# -- reading --------------------------------------------------------------------------------------


@dataclass
class _Block:
    """Lines between blank lines: the question's lines and its comment lines, with line numbers."""

    lines: list[tuple[int, str]] = field(default_factory=list)
    comments: list[tuple[int, str]] = field(default_factory=list)


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    for number, raw in enumerate(_LINE_BREAK.split(text), 1):
        line = raw.strip()
        if not line:
            if current is not None:
                blocks.append(current)
                current = None
            continue
        if current is None:
            current = _Block()
        (current.comments if line.startswith("//") else current.lines).append((number, line))
    if current is not None:
        blocks.append(current)
    return blocks


@dataclass
class _Ctx:
    """The question being read: where it is, what it will be called, what it lost."""

    number: int
    line: int
    qid: str
    name: str | None
    meta: dict[str, Any]
    pending: list[Problem] = field(default_factory=list)  # reported only if it is imported

    @property
    def label(self) -> str:
        return f"question {self.number}" + (f' ("{self.name}")' if self.name else "")


def _same_source(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return {k: v for k, v in a.items() if k != "id"} == {k: v for k, v in b.items() if k != "id"}


def _topic_of(path: str) -> str:
    """The topic for a `$CATEGORY:` path: its last level (`//` is an escaped `/`)."""
    path = _CONTEXT_RE.sub("", path.strip())
    names = [n.replace("//", "/").strip() for n in _CATEGORY_SPLIT_RE.split(path)]
    names = [n for n in names if n]
    if names and names[0] == "top":
        names = names[1:]
    return names[-1] if names else "Imported"


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.file_name = PurePath(path).name or "file.gift"
        self.stem = _file_stem(path) or "imported"
        self.bank_id = kebab(self.stem, "imported-gift")
        self.problems: list[Problem] = []
        self.moodle: list[MoodleQuestion] = []  # every question read, in Moodle's model
        self.questions: list[dict[str, Any]] = []
        self.used_ids: set[str] = set()
        self.topic = "Imported"
        self.number = 0
        self.defaulted = 0
        self.imported_refs: list[dict[str, str]] = []  # renamed if a bank declares "imported"
        self.passages: dict[str, dict[str, Any]] = {}  # passage id -> passage data
        self.bank_headers: list[dict[str, Any]] = []
        self.sources: dict[str, dict[str, Any]] = {}  # declared id -> source data
        self.source_map: dict[str, str] = {}  # ids the current bank cites -> declared id

    # problems ----------------------------------------------------------------------------------

    def problem(
        self,
        severity: Severity,
        code: str,
        message: str,
        line: int = 0,
        question: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.problems.append(Problem(severity, code, message, self.path, line, 0, question, hint))

    def warn(self, ctx: _Ctx, code: str, message: str, hint: str | None = None) -> None:
        """A loss in a question; kept back until the question is imported (a skipped question
        gets one warning or error saying why, not a list of details that no longer matter)."""
        ctx.pending.append(
            Problem(Severity.WARNING, code, message, self.path, ctx.line, 0, ctx.qid, hint)
        )

    def skip(self, ctx: _Ctx, why: str, hint: str | None = None) -> None:
        self.problem(
            Severity.WARNING,
            FormatCode.QUESTION_SKIPPED,
            f"{ctx.label} skipped: {why}",
            ctx.line,
            ctx.name,
            hint,
        )

    def error(self, ctx: _Ctx, message: str, hint: str | None = None) -> None:
        self.problem(
            Severity.ERROR,
            "gift-syntax",
            f"{ctx.label}: {message}; the question was skipped",
            ctx.line,
            ctx.name,
            hint,
        )

    # file level --------------------------------------------------------------------------------

    def run(self, raw: bytes) -> ImportResult:
        text = self.decode(raw)
        if text is None:
            return ImportResult(None, tuple(self.problems))
        for block in _blocks(text):
            self.block(block)
        return ImportResult(self.result(), tuple(self.problems))

    def decode(self, raw: bytes) -> str | None:
        if b"\x00" in raw:
            line = raw[: raw.index(b"\x00")].count(b"\n") + 1
            self.problem(
                Severity.ERROR,
                "gift-binary",
                f"{self.file_name} is not a text file (it contains NUL bytes)",
                line,
                hint="export the questions from Moodle as GIFT, a UTF-8 text file",
            )
            return None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            self.problem(
                Severity.ERROR,
                "gift-encoding",
                f"{self.file_name} is not UTF-8 text (byte {raw[exc.start]:#04x})",
                line,
                hint="GIFT files must be UTF-8: re-save the file as UTF-8 and try again",
            )
            return None
        if not text.strip():
            self.problem(Severity.ERROR, "gift-empty", f"{self.file_name} is empty", 1)
            return None
        return text

    def block(self, block: _Block) -> None:
        question_comments: list[tuple[int, str]] = []
        for number, comment in block.comments:
            found = _CQ_COMMENT_RE.match(comment)
            if found and found.group(1) == "bank":
                self.bank_header(number, found.group(2))
            elif found and found.group(1) == "source":
                self.source_header(number, found.group(2))
            else:
                question_comments.append((number, comment))
        lines = block.lines
        if not lines:
            return
        first_line, first = lines[0]
        if first.startswith("$CATEGORY:"):
            # Taken as written: Moodle does not unescape category paths either.
            self.topic = _topic_of(first[len("$CATEGORY:") :])
            lines = lines[1:]
            if not lines:
                return
            self.problem(
                Severity.WARNING,
                "gift-category-block",
                "the question after "
                f"`$CATEGORY:` on line {first_line} has no blank line before it; Moodle "
                "would read it as part of the category name",
                lines[0][0],
                hint="put a blank line after each `$CATEGORY:` line",
            )
        self.question(lines, question_comments)

    def json_comment(self, line: int, payload: str, what: str) -> dict[str, Any] | None:
        try:
            value = json.loads(payload)
        except ValueError:
            value = None
        if not isinstance(value, dict):
            self.problem(
                Severity.WARNING,
                "gift-metadata",
                f"the civic-quiz {what} comment is not a JSON object; it was ignored",
                line,
            )
            return None
        return value

    def bank_header(self, line: int, payload: str) -> None:
        value = self.json_comment(line, payload, "bank")
        if value is None:
            return
        self.bank_headers.append(value)
        self.source_map = {}

    def source_header(self, line: int, payload: str) -> None:
        value = self.json_comment(line, payload, "source")
        if value is None:
            return
        data = clean_source(value)
        if data is None:
            self.problem(
                Severity.WARNING,
                "gift-metadata",
                "a civic-quiz source comment needs an `id` and a `title`; it was ignored",
                line,
            )
            return
        sid = data["id"]
        if isinstance(value.get("date"), str) and "date" not in data:
            self.problem(
                Severity.WARNING,
                "gift-metadata",
                f"source `{sid}` has an invalid date {value['date']!r}; it was left out",
                line,
            )
        declared = sid
        if sid in self.sources and not _same_source(self.sources[sid], data):
            # Two banks declare different sources under one id: keep both, apart.
            prefix = self.bank_headers[-1].get("id") if self.bank_headers else None
            declared = f"{prefix}-{sid}" if isinstance(prefix, str) else f"{sid}-2"
            counter = 2
            while declared in self.sources and not _same_source(self.sources[declared], data):
                counter += 1
                declared = f"{sid}-{counter}"
            data = {**data, "id": declared}
        self.sources.setdefault(declared, data)
        self.source_map[sid] = declared

    # one question ------------------------------------------------------------------------------

    def question(self, lines: list[tuple[int, str]], comments: list[tuple[int, str]]) -> None:
        self.number += 1
        meta: dict[str, Any] = {}
        moodle_comments = []
        for number, comment in comments:
            found = _CQ_COMMENT_RE.match(comment)
            if found:
                meta = self.json_comment(number, found.group(2), "question") or {}
            else:
                moodle_comments.append(comment)
        idnumber, tags = idnumber_and_tags("\n".join(moodle_comments))

        text = _escape_pre("\n".join(line for _, line in lines))
        name: str | None = None
        if text.startswith("::"):
            end = text.find("::", 2)
            if end >= 0:
                name = _escape_post(text[2:end]).strip() or None
                text = text[end + 2 :].strip()
            else:
                text = text[2:]
        ctx = _Ctx(self.number, lines[0][0], self.new_id(idnumber, lines[0][0]), name, meta)
        parts: dict[str, Any] = {
            "name": name or "",
            "number": self.number,
            "line": ctx.line,
            "idnumber": idnumber,
            "tags": tuple(tags),
            "category": (self.topic,),
        }
        start, finish = text.find("{"), text.find("}")
        if start < 0 and finish < 0:
            question_text, fmt = _split_format(text, "moodle")
            self.map(
                ctx, MoodleQuestion(Qtype.DESCRIPTION, text=_gift_text(question_text, fmt), **parts)
            )
            return
        if start < 0 or finish < 0 or finish < start:
            missing = "`}`" if finish < 0 else "`{`"
            self.error(
                ctx,
                f"the answers must be written between `{{` and `}}` ({missing} is "
                "missing or out of place)",
                "escape literal braces as \\{ and \\}",
            )
            return
        answers = text[start + 1 : finish].strip()
        # missing word (text after the answers): a gap in the prompt, as in Moodle; a cloze
        # whose gap ends its sentence says so in its civic-quiz comment instead
        missing_word = not text.endswith("}") or meta.get("gap_at_end") is True
        keep_blank = meta.get("blank") is True  # a Civic Quiz question with a blank, not a gap
        question_text = text[:start] + (_GAP_HERE if missing_word else "") + text[finish + 1 :]
        general = ""
        separator = answers.rfind("####")
        if separator >= 0:
            general, answers = answers[separator + 4 :], answers[:separator].strip()
        question_text, fmt = _split_format(question_text, "moodle")
        general, general_fmt = _split_format(general, fmt)
        parts["text"] = _gift_text(question_text, fmt)
        parts["general_feedback"] = _gift_text(general, general_fmt)
        if "partial_credit" in meta:
            parts["all_or_nothing"] = not bool(meta["partial_credit"])
        if meta.get("shuffle") is False:
            parts["shuffle"] = False
        unit = meta.get("unit")
        if isinstance(unit, str) and unit.strip():
            parts["units"] = (Unit(unit, 1.0),)

        question: MoodleQuestion | None
        if not answers:
            question = MoodleQuestion(Qtype.ESSAY, **parts)
        elif answers[0] == "#":
            question = self.numerical(ctx, answers, parts)
        elif "~" in answers:
            question = self.multichoice(ctx, answers, fmt, parts)
        elif "=" in answers and "->" in answers:
            question = self.matching(ctx, answers, fmt, parts)
        else:
            head = answers[: answers.find("#")].strip() if answers.find("#") > 0 else answers
            if head in ("T", "TRUE", "F", "FALSE"):
                question = self.truefalse(answers, fmt, parts)
            else:
                question = self.shortanswer(ctx, answers, fmt, parts)
        if question is not None and missing_word:
            question = _missing_word(question, keep_blank)
        if question is not None:
            self.map(ctx, question)

    def map(self, ctx: _Ctx, question: MoodleQuestion) -> None:
        """The Moodle question in Civic Quiz terms (moodle_map), skipped with the reason if it
        cannot be imported."""
        self.moodle.append(question)
        mapped = to_civic(question, self.path, ctx.qid)
        if mapped.refusal is not None:
            self.skip(ctx, mapped.refusal.reason, mapped.refusal.hint)
            return
        self.finish(ctx, mapped, question.tags)

    def new_id(self, idnumber: str, line: int) -> str:
        base = slug_id(idnumber) if idnumber else ""
        if idnumber and not base:
            self.problem(
                Severity.WARNING,
                "gift-id",
                f"[id:{idnumber}] has no letters or digits; a numbered id was used instead",
                line,
            )
        if not base:
            base = f"{self.bank_id}-{self.number:03d}"
        qid, counter = base, 1
        while qid in self.used_ids:
            counter += 1
            qid = f"{base}-{counter}"
        if qid != base:
            self.problem(
                Severity.WARNING,
                "gift-duplicate-id",
                f"question id `{base}` is used twice in this file; this question became `{qid}`",
                line,
                qid,
            )
        elif idnumber and base != idnumber:
            self.problem(
                Severity.WARNING,
                "gift-id",
                f"[id:{idnumber}] is not a valid Civic Quiz id; it became `{qid}`",
                line,
                qid,
                "ids use letters, digits, '-', '_' and '.'",
            )
        self.used_ids.add(qid)
        return qid

    # per type: GIFT's answer syntax ----------------------------------------------------------

    def answers_of(
        self, parts: list[str], fmt: str, default_weight: float, eq_is_full: bool
    ) -> list[Answer]:
        result = []
        for part in parts:
            raw = part.strip()
            weight = default_weight
            if eq_is_full and raw.startswith("="):
                weight, raw = 100.0, raw[1:]
            elif found := _WEIGHT_RE.match(raw):
                weight, raw = float(found.group(1)), raw[found.end() :]
            text_raw, feedback_raw = _split_feedback(raw)
            text_raw, text_fmt = _split_format(text_raw, fmt)
            feedback_raw, feedback_fmt = _split_format(feedback_raw, fmt)
            result.append(
                Answer(
                    _gift_text(text_raw, text_fmt),
                    weight / 100,
                    _gift_text(feedback_raw, feedback_fmt),
                )
            )
        return result

    def multichoice(
        self, ctx: _Ctx, body: str, fmt: str, parts: dict[str, Any]
    ) -> MoodleQuestion | None:
        single = "=" in body  # Moodle: any `=` makes it a one-answer question
        pieces = body.replace("=", "~=").split("~")
        if pieces and not pieces[0].strip():
            pieces = pieces[1:]
        if len(pieces) < 2:
            self.error(ctx, "a multiple-choice question needs at least 2 answers")
            return None
        answers = self.answers_of(pieces, fmt, 0.0, eq_is_full=True)
        return MoodleQuestion(Qtype.MULTICHOICE, answers=tuple(answers), single=single, **parts)

    def matching(
        self, ctx: _Ctx, body: str, fmt: str, parts: dict[str, Any]
    ) -> MoodleQuestion | None:
        pieces = body.split("=")
        if pieces and not pieces[0].strip():
            pieces = pieces[1:]
        if len(pieces) < 2:
            self.error(ctx, "a matching question needs at least 2 pairs")
            return None
        pairs: list[Pair] = []
        for index, piece in enumerate(pieces, 1):
            if "->" not in piece:
                self.error(
                    ctx,
                    f"pair {index} has no `->` between its two sides",
                    "write each pair as `=left -> right`",
                )
                return None
            left_raw, right_raw = piece.split("->", 1)
            left_raw, left_fmt = _split_format(left_raw, fmt)
            pairs.append(Pair(_gift_text(left_raw, left_fmt), _escape_post(right_raw).strip()))
        return MoodleQuestion(Qtype.MATCHING, pairs=tuple(pairs), **parts)

    def truefalse(self, body: str, fmt: str, parts: dict[str, Any]) -> MoodleQuestion:
        bits = body.split("#", 2)
        truth = _escape_post(bits[0]).strip() in ("T", "TRUE")
        feedbacks = [_gift_text(*_split_format(raw, fmt)) for raw in bits[1:]]
        feedbacks += [NO_TEXT] * (2 - len(feedbacks))
        # Moodle shows the first feedback after the wrong answer, the second after the right one.
        right, wrong = ("true", "false") if truth else ("false", "true")
        answers = (
            Answer(MoodleText(right, "plain"), 1.0, feedbacks[1]),
            Answer(MoodleText(wrong, "plain"), 0.0, feedbacks[0]),
        )
        return MoodleQuestion(Qtype.TRUEFALSE, answers=answers, **parts)

    def shortanswer(
        self, ctx: _Ctx, body: str, fmt: str, parts: dict[str, Any]
    ) -> MoodleQuestion | None:
        pieces = body.split("=")
        if pieces and not pieces[0].strip():
            pieces = pieces[1:]
        if not pieces:
            self.error(ctx, "a short-answer question needs at least 1 answer")
            return None
        answers = self.answers_of(pieces, fmt, 100.0, eq_is_full=False)
        return MoodleQuestion(Qtype.SHORTANSWER, answers=tuple(answers), **parts)

    def numerical(self, ctx: _Ctx, body: str, parts: dict[str, Any]) -> MoodleQuestion | None:
        body = body[1:]
        wrong_feedback = NO_TEXT
        tilde = body.find("~")
        if tilde >= 0:
            wrong_feedback = _gift_text(_split_feedback(body[tilde + 1 :])[1], "moodle")
            body = body[:tilde]
        pieces = body.split("=")
        if pieces and not pieces[0].strip():
            pieces = pieces[1:]
        if not pieces:
            self.error(
                ctx,
                "a numerical question needs a number after `#`",
                "write `{#42}`, `{#42:2}` (± tolerance) or `{#40..44}` (a range)",
            )
            return None
        answers: list[Answer] = []
        for piece in pieces:
            raw = piece.strip()
            weight = 100.0
            if found := _WEIGHT_RE.match(raw):
                weight, raw = float(found.group(1)), raw[found.end() :]
            spec_raw, feedback_raw = _split_feedback(raw)
            spec = _escape_post(spec_raw).strip()
            number = None
            if spec != "*":
                number = self.number_spec(ctx, spec)
                if number is None:
                    return None
            answers.append(
                Answer(
                    MoodleText(spec, "plain"),
                    weight / 100,
                    _gift_text(feedback_raw, "moodle"),
                    number=number,
                )
            )
        return MoodleQuestion(
            Qtype.NUMERICAL, answers=tuple(answers), wrong_feedback=wrong_feedback, **parts
        )

    def number_spec(self, ctx: _Ctx, spec: str) -> NumberSpec | None:
        hint = "write `42`, `42:2` (± tolerance) or `40..44` (a range)"
        if spec.find("..") > 0:
            low_text, high_text = spec.split("..", 1)
            low, high = _parse_number(low_text), _parse_number(high_text)
            if low is None or high is None:
                self.error(ctx, f"{spec!r} is not a range of numbers", hint)
                return None
            if low > high:
                self.error(
                    ctx,
                    f"the range {spec!r} is empty (min is above max)",
                    f"write it as {high_text.strip()}..{low_text.strip()}",
                )
                return None
            if low == high:
                return NumberSpec(low)
            return NumberSpec(low, low=low, high=high)
        if spec.find(":") > 0:
            value_text, tolerance_text = spec.split(":", 1)
            value, tolerance = _parse_number(value_text), _parse_number(tolerance_text)
            if value is None or tolerance is None or tolerance < 0:
                self.error(ctx, f"{spec!r} is not a number with a tolerance", hint)
                return None
            return NumberSpec(value, tolerance)
        value = _parse_number(spec)
        if value is None:
            self.error(ctx, f"{spec!r} is not a number", hint)
            return None
        return NumberSpec(value)

    # assembling --------------------------------------------------------------------------------

    def finish(self, ctx: _Ctx, mapped: Mapped, tags: Sequence[str]) -> None:
        assert mapped.fields is not None
        fields = dict(mapped.fields)
        meta = ctx.meta
        difficulty = meta.get("difficulty")
        if not (
            isinstance(difficulty, int)
            and not isinstance(difficulty, bool)
            and 1 <= difficulty <= 3
        ):
            if difficulty is not None:
                self.warn(
                    ctx,
                    "gift-metadata",
                    f"difficulty {difficulty!r} is not 1, 2 or 3; used {DEFAULT_DIFFICULTY}",
                )
            difficulty = DEFAULT_DIFFICULTY
            self.defaulted += 1
        prompt = fields.pop("prompt")
        data: dict[str, Any] = {
            "id": ctx.qid,
            "type": fields.pop("type"),
            "topic": self.topic,
            "difficulty": difficulty,
            "prompt": prompt,
        }
        shuffle = fields.pop("shuffle", None)
        explanation = fields.pop("explanation", None)
        data.update(fields)
        if shuffle is False:
            data["shuffle"] = False
        if explanation:
            data["explanation"] = explanation
        data["source"] = self.source_of(ctx)
        passage = self.passage_of(ctx)
        if passage is not None:
            data["passage"] = passage
            data["prompt"] = _without_passage(prompt, self.passages[passage]["text"])
        if tags:
            data["tags"] = list(tags)
        self.extras(ctx, data)
        self.questions.append(data)
        self.problems.extend(mapped.problems)
        self.problems.extend(ctx.pending)

    def source_of(self, ctx: _Ctx) -> dict[str, str] | list[dict[str, str]]:
        cited = ctx.meta.get("source")
        if isinstance(cited, list) and cited:
            refs = [self._declared_ref(ctx, one) for one in cited]
            if all(ref is not None for ref in refs):
                return [ref for ref in refs if ref is not None]
        elif isinstance(cited, dict):
            ref = self._declared_ref(ctx, cited)
            if ref is not None:
                return ref
        locator = f"question {ctx.number}" + (f" ({ctx.name})" if ctx.name else "")
        reference = {"id": "imported", "locator": locator}
        self.imported_refs.append(reference)
        return reference

    def passage_of(self, ctx: _Ctx) -> str | None:
        """The passage a question reads (written whole in its civic-quiz comment), or None."""
        raw = ctx.meta.get("passage")
        if raw is None:
            return None
        cited = raw.get("source") if isinstance(raw, dict) else None
        entries = cited if isinstance(cited, list) else [cited]
        refs = [self._declared_ref(ctx, one) for one in entries] if cited else []
        if not (
            isinstance(raw, dict)
            and isinstance(raw.get("id"), str)
            and _ID_RE.fullmatch(raw["id"])
            and isinstance(raw.get("text"), str)
            and raw["text"].strip()
            and refs
            and all(ref is not None for ref in refs)
        ):
            self.warn(
                ctx,
                "gift-metadata",
                "the passage in the civic-quiz comment needs an id, a text and a declared "
                "source; the question was imported without it",
            )
            return None
        source = refs[0] if len(refs) == 1 else refs
        self.passages.setdefault(
            raw["id"], {"id": raw["id"], "text": raw["text"], "source": source}
        )
        return str(raw["id"])

    def _declared_ref(self, ctx: _Ctx, cited: Any) -> dict[str, str] | None:
        if not (
            isinstance(cited, dict)
            and isinstance(cited.get("id"), str)
            and isinstance(cited.get("locator"), str)
        ):
            return None
        declared = self.source_map.get(cited["id"])
        if declared is not None:
            return {"id": declared, "locator": cited["locator"]}
        self.warn(
            ctx,
            "gift-metadata",
            f"source `{cited['id']}` is not declared in a "
            "civic-quiz source comment; the question cites the import instead",
        )
        return None

    def extras(self, ctx: _Ctx, data: dict[str, Any]) -> None:
        meta = ctx.meta
        checks: dict[str, Any] = {
            "time_limit": lambda v: (
                isinstance(v, int | float) and not isinstance(v, bool) and 5 <= v <= 600
            ),
            "points": lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 10000,
            "image": lambda v: isinstance(v, str) and bool(v.strip()),
            "alt": lambda v: isinstance(v, str) and bool(v.strip()),  # the image's words
            "valid_as_of": lambda v: isinstance(v, str),
            "fuzzy": lambda v: v is False and data.get("type") in ("text", "cloze"),
        }
        for key, ok in checks.items():
            if key not in meta:
                continue
            value = meta[key]
            if key == "valid_as_of" and ok(value):
                try:
                    value = date.fromisoformat(value)
                except ValueError:
                    value = None
            if value is None or not ok(meta[key]):
                self.warn(
                    ctx,
                    "gift-metadata",
                    f"`{key}` {meta[key]!r} in the civic-quiz "
                    "comment is not valid; it was left out",
                )
                continue
            data[key] = value

    def result(self) -> dict[str, Any] | None:
        if not self.questions:
            self.problem(
                Severity.ERROR,
                "gift-no-questions",
                f"{self.file_name} has no question Civic Quiz can import",
                1,
                hint="the warnings above say why each question was skipped"
                if self.number
                else "a GIFT question is text followed by answers in "
                "braces, e.g. `Who wrote it?{=Madison ~Hamilton}`",
            )
            return None
        if self.defaulted:
            self.problem(
                Severity.WARNING,
                "default-difficulty",
                f"{self.defaulted} "
                f"question{'s have' if self.defaulted > 1 else ' has'} no difficulty "
                f"(GIFT has none); set to {DEFAULT_DIFFICULTY} (medium)",
                hint="adjust `difficulty:` (1 easy, 2 medium, 3 hard) after import",
            )
        header = self.bank_headers[0] if len(self.bank_headers) == 1 else {}
        bank = bank_fields(header, self.bank_id, self.stem)
        sources = list(self.sources.values())
        if self.imported_refs:
            imported, counter = "imported", 1
            while imported in self.sources:
                counter += 1
                imported = f"imported-{counter}"
            for reference in self.imported_refs:
                reference["id"] = imported
            sources.append(imported_source(self.file_name, FORMAT_NAME, imported))
        bank["sources"] = sources
        passages = {"passages": list(self.passages.values())} if self.passages else {}
        return {"bank": bank, **passages, "questions": self.questions}


def _missing_word(q: MoodleQuestion, keep_blank: bool = False) -> MoodleQuestion:
    """A missing-word question: a one-answer multiple choice becomes a drop-down gap, a short
    answer a typed gap (a multianswer question with one gap, as Moodle XML would hold it);
    any other type, or one whose civic-quiz comment says `blank`, keeps a `_____` blank in
    its text, as Moodle shows it."""
    one_gap = (q.qtype == Qtype.MULTICHOICE and q.single) or q.qtype == Qtype.SHORTANSWER
    if keep_blank or not one_gap:
        return replace(q, text=replace(q.text, text=q.text.text.replace(_GAP_HERE, "_____")))
    gap = Subquestion(q.qtype, q.answers, use_case=q.use_case)
    return replace(
        q,
        qtype=Qtype.MULTIANSWER,
        text=replace(q.text, text=q.text.text.replace(_GAP_HERE, marker(1))),
        answers=(),
        subquestions=(gap,),
    )


def moodle_questions(raw: bytes, path: str) -> list[MoodleQuestion]:
    """Every question of a GIFT file in Moodle's model, before moodle_map reads it (syntax
    errors leave a question out)."""
    reader = _Reader(path)
    reader.run(raw)
    return reader.moodle


def read(raw: bytes, path: str) -> ImportResult:
    """A GIFT file as bank data, with an error for every unreadable question (which is skipped)
    and a warning for everything Civic Quiz cannot hold."""
    return _Reader(path).run(raw)


# -- writing --------------------------------------------------------------------------------------


def _escape(text: str) -> str:
    return text.translate(_ESCAPE_OUT)


def _with_passage(q: MoodleQuestion) -> str:
    """The question text Moodle shows: a document-based question's passage, quoted, with where
    it comes from, above the prompt (the civic-quiz comment keeps it too, for the way back)."""
    passage = q.civic.get("passage")
    if passage is None:
        return q.text.text
    return f"“{passage['text']}” ({q.civic['passage_citation']})\n\n{q.text.text}"


def _without_passage(prompt: str, passage: str) -> str:
    """The prompt alone again, once the passage came back from the civic-quiz comment."""
    head = f"“{passage}”"
    cut = prompt.find("\n\n", len(head)) if prompt.startswith(head) else -1
    return prompt[cut + 2 :].strip() if cut >= 0 else prompt


def _encode(text: str) -> str:
    """A text piece: escaped, and marked `[plain]` when Moodle would read it as HTML or entities
    (or would take its start for a format marker)."""
    plain = any(ch in text for ch in "<>&") or _FORMAT_MARK_RE.match(text)
    return ("[plain]" if plain else "") + _escape(text)


def _percent(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _number_text(value: float) -> str:
    number = _number(value)
    return str(number) if isinstance(number, int) else repr(float(number))


def _numeric_spec(value: float, low: float, high: float) -> str:
    """`value`, `value:tolerance` or `low..high`: whichever reads back as exactly these floats."""
    if low == high:
        return _number_text(value)
    exact = value - low
    for digits in range(16):
        candidate = round(exact, digits)
        if value - candidate == low and value + candidate == high:
            return f"{_number_text(value)}:{_number_text(candidate)}"
    return f"{_number_text(low)}..{_number_text(high)}"


def _category(text: str) -> str:
    return " ".join(text.split()).replace("/", "//")


def _json(value: Mapping[str, Any]) -> str:
    return json.dumps(dict(value), ensure_ascii=False, default=str)


def _short_answer(text: str) -> str:
    """A short answer as GIFT spells it: escaped, except the `\\*` that makes a literal star
    (Moodle's wildcard escape, in the answer since moodle_map)."""
    plain = any(ch in text for ch in "<>&") or _FORMAT_MARK_RE.match(text)
    body = "\\*".join(_escape(piece) for piece in text.split("\\*"))
    return ("[plain]" if plain else "") + body


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = [
            "// Moodle GIFT file exported by Civic Quiz (UTF-8). In Moodle: Question bank > Import "
            "> GIFT format.",
            "// Lines starting with `// civic-quiz` keep Civic Quiz data Moodle has no place for "
            "(bank details, sources, difficulty); Moodle ignores them, Civic Quiz reads them back.",
            "",
        ]
        self.problems: list[Problem] = []
        self.skipped: list[Skipped] = []
        self.metadata_noted = False
        # fields GIFT cannot hold, kept in comments: which questions had each (in the order
        # met), and the banks they came from; said once per export (`fields_noted`)
        self.in_comments: dict[str, list[str | None]] = {}
        self.in_comment_paths: dict[str, None] = {}

    def fields_noted(self) -> None:
        """One warning for the whole export, counting the questions of each field GIFT cannot
        hold (not one per question: 204 lines for the shipped banks said the same thing)."""
        if not self.in_comments:
            return
        paths = list(self.in_comment_paths)
        where = paths[0] if len(paths) == 1 else _common_folder(paths)
        counted = [
            f"{label} ({len(qids):,} question{'s' if len(qids) != 1 else ''})"
            for label, qids in self.in_comments.items()
        ]
        self.problems.append(
            Problem(
                Severity.WARNING,
                FormatCode.GIFT_FIELD_IN_COMMENT,
                f"GIFT has no place for {_listing(counted)}; they are written in `// civic-quiz` "
                "comments, which Moodle ignores and Civic Quiz reads back",
                where,
            )
        )

    def warn(
        self, bank: ExportedBank, qid: str | None, code: str, message: str, hint: str | None = None
    ) -> None:
        self.problems.append(Problem(Severity.WARNING, code, message, bank.path, 0, 0, qid, hint))

    def skip(self, bank: ExportedBank, qid: str, what: str, why: str) -> None:
        """A question GIFT cannot hold: left out with the one skip code and a counted reason."""
        self.warn(
            bank,
            qid,
            FormatCode.QUESTION_SKIPPED,
            f"{what} question {qid} is not exported: {why}",
            "export it as Moodle XML to keep it",
        )
        self.skipped.append(Skipped(qid, f"{what} questions ({why})"))

    def bank(self, bank: ExportedBank) -> None:
        self.lines.append(f"// civic-quiz bank: {_json(bank.meta)}")
        for source in bank.sources:
            self.lines.append(f"// civic-quiz source: {_json(source)}")
        self.lines.append("")
        if not self.metadata_noted:
            self.metadata_noted = True
            self.warn(
                bank,
                None,
                "gift-metadata-in-comments",
                "GIFT has no place for bank "
                "details, sources, source locators or difficulty; they are written in "
                "`// civic-quiz` comments, which Moodle ignores and Civic Quiz reads back",
            )
        self.problems.extend(bank.problems)
        self.skipped.extend(bank.skipped)
        category = None
        for q in bank.questions:
            if q.qtype == Qtype.MULTIANSWER and len(q.subquestions) != 1:
                self.skip(bank, q.idnumber, "cloze", "GIFT's missing word has one gap, not several")
                continue
            topic = str(q.civic["topic"])
            if topic.startswith("/") or bank.title.endswith("/"):
                self.warn(
                    bank,
                    q.idnumber,
                    "gift-ambiguous",
                    "a `/` at the edge of the topic or bank "
                    "title makes the category path ambiguous; the topic may not come back "
                    "as written",
                )
            path = f"$course$/top/{_category(bank.title)}/{_category(topic)}"
            if path != category:
                category = path
                self.lines += [f"$CATEGORY: {path}", ""]
            self.lines += self.question(bank, q)
            self.lines.append("")

    def question(self, bank: ExportedBank, q: MoodleQuestion) -> list[str]:
        qid = q.idnumber
        civic = q.civic
        tags = "".join(" [tag:" + t.replace("]", "\\]") + "]" for t in q.tags)
        bad_tags = [t for t in q.tags if re.search(r"[<>`\x00-\x1f\x7f]", t)]
        if bad_tags:
            self.warn(
                bank,
                qid,
                "gift-tag",
                f"Moodle will not read tag"
                f"{'s' if len(bad_tags) > 1 else ''} {_listing([repr(t) for t in bad_tags])}"
                " (it refuses <, > and `); Civic Quiz will",
            )
        meta: dict[str, Any] = {"difficulty": civic["difficulty"]}
        if "source" in civic:
            meta["source"] = civic["source"]
        if "passage" in civic:
            meta["passage"] = civic["passage"]  # Moodle ignores it; Civic Quiz reads it
        ignored: list[
            str
        ] = []  # what GIFT cannot hold, by kind: one warning per export counts them
        if q.qtype == Qtype.MULTICHOICE and not q.shuffle:
            meta["shuffle"] = False
            ignored.append("`shuffle: false`")  # Moodle's shuffle setting is not part of GIFT
        if q.qtype == Qtype.MULTICHOICE and not q.single:
            right = sum(a.fraction > 0 for a in q.answers)
            partial_credit = not q.all_or_nothing
            if partial_credit != (right > 1):
                meta["partial_credit"] = partial_credit
        if q.units:
            meta["unit"] = q.units[0].name
            ignored.append("the unit")
        for key, label in (
            ("time_limit", "the time limit"),
            ("points", "the points"),
            ("image", "the image"),
            ("valid_as_of", "`valid_as_of`"),
        ):
            if key in civic:
                meta[key] = civic[key]
                ignored.append(label)
        if civic.get("fuzzy") is False:  # Moodle ignores it; Civic Quiz reads it back
            meta["fuzzy"] = False
        if "image" in civic and "alt" in civic:  # the image's words travel with it
            meta["alt"] = civic["alt"]
        for label in ignored:
            self.in_comments.setdefault(label, []).append(qid)
        if ignored:
            self.in_comment_paths.setdefault(bank.path, None)
        explanation = q.general_feedback.text
        feedback = f"####{_encode(explanation)}" if explanation else ""
        text = _with_passage(q)
        if q.qtype == Qtype.MULTIANSWER:  # one gap: GIFT's missing word, `{...}` in the text
            (gap,) = q.subquestions
            q = replace(q, qtype=gap.qtype, answers=gap.answers, single=True)
            head, _, tail = _encode(text.replace(marker(1), _GAP_HERE)).partition(_GAP_HERE)
            if not tail.strip():  # Moodle would not see a missing word: the comment says it
                meta["gap_at_end"] = True
        else:
            prompt = _encode(text)
            blanks = list(_BLANK_RE.finditer(prompt))
            head, tail = prompt, ""
            if len(blanks) == 1 and prompt[blanks[0].end() :].strip():
                # a blank stays a blank (Moodle shows the answers in it), not a cloze gap
                head, tail = prompt[: blanks[0].start()], prompt[blanks[0].end() :]
                meta["blank"] = True
        lines = [f"// [id:{qid}]{tags}", f"// civic-quiz: {_json(meta)}"]
        body, inline = self.answer_block(bank, q, feedback)
        start = f"::{_escape(qid)}::{head}"
        if inline:
            return [*lines, f"{start}{{{body[0]}}}{tail}"]
        return [*lines, f"{start}{{", *body, f"}}{tail}"]

    def answer_block(
        self, bank: ExportedBank, q: MoodleQuestion, feedback: str
    ) -> tuple[list[str], bool]:
        if q.qtype == Qtype.TRUEFALSE:
            truth = any(a.text.text == "true" and a.fraction > 0 for a in q.answers)
            return [("TRUE" if truth else "FALSE") + feedback], True
        if q.qtype == Qtype.NUMERICAL:
            number = q.answers[0].number
            assert number is not None
            low, high = number.bounds
            return [f"#{_numeric_spec(number.value, low, high)}{feedback}"], True
        lines: list[str] = []
        if q.qtype == Qtype.MULTICHOICE and q.single:
            for answer in q.answers:
                text = _encode(answer.text.text)
                if answer.fraction >= 1:
                    lines.append(f"\t={text}")
                else:  # an explicit 0% keeps a choice that starts with %5% from being a weight
                    lines.append(f"\t~{'%0%' if text.startswith('%') else ''}{text}")
        elif q.qtype == Qtype.MULTICHOICE:
            for answer in q.answers:
                lines.append(f"\t~%{_percent(answer.fraction * 100)}%{_encode(answer.text.text)}")
        elif q.qtype == Qtype.SHORTANSWER:
            for answer in q.answers:
                text = _short_answer(answer.text.text)
                lines.append(f"\t={'%100%' if text.startswith('%') else ''}{text}")
            if any("->" in a.text.text for a in q.answers):
                self.warn(
                    bank,
                    q.idnumber,
                    "gift-ambiguous",
                    "an accepted answer contains `->`: Moodle "
                    "reads such a short-answer question as matching",
                )
        elif q.qtype == Qtype.MATCHING:
            for pair in q.pairs:
                lines.append(f"\t={_encode(pair.left.text)} -> {_escape(pair.right)}")
            if any("->" in pair.left.text for pair in q.pairs):
                self.warn(
                    bank,
                    q.idnumber,
                    "gift-ambiguous",
                    "a left side contains `->`, which GIFT "
                    "cannot escape: Moodle will split that pair in the wrong place",
                )
        if feedback:
            lines.append(f"\t{feedback}")
        return lines, False


def write(banks: Sequence[Bank]) -> ExportResult:
    """The banks as one GIFT file, with a warning for every question GIFT cannot hold and one
    counting the fields it keeps in comments."""
    writer = _Writer()
    for bank in export_banks(banks, "gift"):
        writer.bank(bank)
    writer.fields_noted()
    return ExportResult(
        "\n".join(writer.lines).rstrip("\n") + "\n", tuple(writer.problems), tuple(writer.skipped)
    )
