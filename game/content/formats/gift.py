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
  becomes the explanation.
Mapping choices:
- multiple choice with `=`: one fully correct answer is `single`; several are `multiple` (Moodle
  would accept any one of them: warned). Without `=` (checkboxes), the positively weighted answers
  are the `multiple` answers; partial credit when there are several. Weights that differ from
  Civic Quiz's scoring (equal shares, each wrong pick taking one share away) are warned about.
- true/false feedback follows Moodle's meaning: `{TRUE#a#b}` shows `a` after the wrong answer and
  `b` after the right one (gift-pegjs names them the other way round).
- short answer: the 100% answers are accepted; partial credit and `*` wildcards are warned about.
- numerical: the first 100% answer (`#3:2` is 3 ± 2, `#1..5` a range); others are warned about.
- missing word (text after the answers) is imported the way Moodle imports it: the answer block
  becomes `_____` in the prompt, whatever the type.
Essay and description questions are skipped with a warning; so is anything Civic Quiz cannot hold
(duplicate choices, more than 9 choices...). Every loss (per-answer feedback, matching
distractors, images, removed HTML...) is a warning naming the question and the field.

Writing produces a file Moodle imports as is, and that this reader turns back into the same bank:
`$CATEGORY: $course$/top/<bank title>/<topic>`, `// [id:...] [tag:...]` comments, and
`// civic-quiz...:` comment lines (JSON) for what Moodle has no place for (bank metadata, sources,
difficulty, source locators, units...). `order` and `poll` questions cannot be written (warning).
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath
from typing import Any

from game.content.bank_io import (
    bank_meta_to_data,
    passage_to_data,
    source_refs_to_data,
    source_to_json,
)
from game.content.format import ID_PATTERN, MAX_CHOICES
from game.content.formats import ExportResult, ImportResult, Skipped
from game.content.formats.common import imported_source, kebab, slug_id
from game.content.formats.html_text import HtmlText
from game.content.formats.moodle_grades import (
    ALL_OR_NOTHING_HINT,
    all_or_nothing_message,
    grade_rounded_message,
    multiple_grades,
    several_full_marks_message,
)
from game.content.problems import Problem, Severity
from game.content.sameness import repeats
from game.core.answers import answer_key
from game.core.model import Bank, Question, QuestionType, SourceKind

__all__ = ["idnumber_and_tags", "read", "write"]

FORMAT_NAME = "Moodle GIFT"
MAX_PAIRS = 8
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
_TAG_RE = re.compile(r"<\s*/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--")
_MARKDOWN_RE = re.compile(
    r"\*\*|__|`|^\s{0,3}#{1,6}\s|^\s*[-*+]\s|^\s*\d+\.\s|\[[^\]]*\]\([^)]*\)"
    r"|(?<![\w*])\*[^*\s][^*]*\*(?![\w*])|(?<!\w)_[^_\s][^_]*_(?!\w)",
    re.M,
)
_FORMAT_MARK_RE = re.compile(r"\[(?:moodle|html|plain|markdown)\]")
_BLANK_RE = re.compile(r"(?<!_)_____(?!_)")
_CQ_COMMENT_RE = re.compile(r"//\s*civic-quiz(?:\s+(bank|source))?\s*:\s*(.*)$")
_MOODLE_ID_RE = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f\x7f])+)\]")
# Moodle refuses tags with < > or `; reading back our own files, they are accepted.
_MOODLE_TAG_RE = re.compile(r"\[tag:((?:\\\]|[^\]\x00-\x1f\x7f])*)\]")
_CONTEXT_RE = re.compile(r"^\$[a-z0-9]+\$/?")
_CATEGORY_SPLIT_RE = re.compile(r"(?<!/)/(?!/)")
_WILDCARD_RE = re.compile(r"(?<!\\)\*")  # Moodle's short-answer wildcard; `\*` is a real star
_EPS = 0.01  # GIFT weights are written with 5 decimals (33.33333)


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


def _to_text(raw: str, fmt: str) -> tuple[str, set[str]]:
    """Plain text for a GIFT text piece (placeholders still in) of the given format.

    Returns the text and what was lost: "html" (tags removed), "image", "markdown".
    Raw line breaks are spaces except in Markdown; `\\n` escapes are line breaks.
    """
    flags: set[str] = set()
    text = _escape_post(raw if fmt == "markdown" else raw.replace("\n", " "))
    if fmt == "html" or (fmt in ("moodle", "markdown") and _TAG_RE.search(text)):
        parser = HtmlText(keep_newlines=fmt != "html")
        try:
            parser.feed(text)
            parser.close()
        except (AssertionError, ValueError):  # markup HTMLParser gives up on: drop tags crudely
            parser = HtmlText(keep_newlines=fmt != "html")
            parser.tags = 1
            parser.handle_data(html.unescape(re.sub(r"<[^>]*>", " ", text)))
        if parser.tags:
            flags.add("html")
        if parser.media:
            flags.add("image")
        text = parser.text()
    elif fmt != "plain":
        text = html.unescape(text)
    if fmt == "markdown" and _MARKDOWN_RE.search(text):
        flags.add("markdown")
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip()
    return text, flags


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else value


def _parse_number(text: str) -> float | None:
    text = text.strip()
    if not _NUMBER_RE.fullmatch(text):
        return None
    number = float(text)
    return number if math.isfinite(number) else None


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _listing(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _plural(word: str, items: Sequence[object]) -> str:
    return word if len(items) == 1 else word + "s"


def _places(places: Sequence[str]) -> str:
    """ "prompt", "choice 1", "choice 2" -> "prompt and choices 1 and 2"."""
    groups: dict[str, list[str]] = {}
    for place in places:
        word, _, number = place.partition(" ")
        numbers = groups.setdefault(word, [])
        if number and number not in numbers:
            numbers.append(number)
    return _listing(
        [
            f"{word}{'s' if len(nums) > 1 else ''} {_listing(nums)}" if nums else word
            for word, nums in groups.items()
        ]
    )


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
class _Answer:
    text: str  # plain text
    weight: float  # percent
    feedback: str  # plain text


@dataclass
class _Ctx:
    """The question being read: where it is, what it will be called, what it lost."""

    number: int
    line: int
    qid: str
    name: str | None
    meta: dict[str, Any]
    flags: dict[str, list[str]] = field(default_factory=dict)
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
            "gift-question-skipped",
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

    def text(self, ctx: _Ctx, raw: str, fmt: str, where: str) -> str:
        text, flags = _to_text(raw, fmt)
        for flag in sorted(flags):
            ctx.flags.setdefault(flag, []).append(where)
        return text

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
        sid, title = value.get("id"), value.get("title")
        if not (
            isinstance(sid, str)
            and _ID_RE.fullmatch(sid)
            and isinstance(title, str)
            and title.strip()
        ):
            self.problem(
                Severity.WARNING,
                "gift-metadata",
                "a civic-quiz source comment needs an `id` and a `title`; it was ignored",
                line,
            )
            return
        data: dict[str, Any] = {"id": sid, "title": title}
        for key in ("publisher", "url", "note"):
            if isinstance(value.get(key), str):
                data[key] = value[key]
        if value.get("kind") in {k.value for k in SourceKind}:
            data["kind"] = value["kind"]
        if isinstance(value.get("date"), str):
            try:
                data["date"] = date.fromisoformat(value["date"])
            except ValueError:
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

        start, finish = text.find("{"), text.find("}")
        if start < 0 and finish < 0:
            self.skip(
                ctx,
                "it is a description (text without answers); Civic Quiz has no "
                "description questions",
                "put the text into the prompt of the questions that need it",
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
        if text.endswith("}"):
            question_text = text[:start] + text[finish + 1 :]
        else:  # missing word: the blank stays in the prompt, as in Moodle
            question_text = text[:start] + "_____" + text[finish + 1 :]
        general = ""
        separator = answers.rfind("####")
        if separator >= 0:
            general, answers = answers[separator + 4 :], answers[:separator].strip()
        question_text, fmt = _split_format(question_text, "moodle")
        general, general_fmt = _split_format(general, fmt)

        if not answers:
            self.skip(
                ctx,
                "it is an essay question (`{}`); Civic Quiz has no essay questions",
                "rewrite it as a text question with accepted answers",
            )
            return
        prompt = self.text(ctx, question_text, fmt, "prompt")
        if not prompt:
            self.skip(ctx, "its question text is empty once formatting is removed")
            return
        if answers[0] == "#":
            fields = self.numerical(ctx, answers)
        elif "~" in answers:
            fields = self.multichoice(ctx, answers, fmt)
        elif "=" in answers and "->" in answers:
            fields = self.matching(ctx, answers, fmt)
        else:
            head = answers[: answers.find("#")].strip() if answers.find("#") > 0 else answers
            if head in ("T", "TRUE", "F", "FALSE"):
                fields = self.truefalse(ctx, answers, fmt)
            else:
                fields = self.shortanswer(ctx, answers, fmt)
        if fields is None:
            return
        explanation = self.text(ctx, general, general_fmt, "explanation")
        self.finish(ctx, prompt, fields, explanation, tags)

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

    # per type ----------------------------------------------------------------------------------

    def answers_of(
        self,
        ctx: _Ctx,
        parts: list[str],
        fmt: str,
        default_weight: float,
        eq_is_full: bool,
        what: str,
    ) -> list[_Answer]:
        result = []
        for index, part in enumerate(parts, 1):
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
                _Answer(
                    self.text(ctx, text_raw, text_fmt, f"{what} {index}"),
                    weight,
                    _to_text(feedback_raw, feedback_fmt)[0],
                )
            )
        return result

    def feedback_warning(
        self, ctx: _Ctx, with_feedback: Sequence[str], extra: str = "", what: str = "answer"
    ) -> None:
        if not with_feedback and not extra:
            return
        parts = []
        if with_feedback:
            parts.append(f"{_plural(what, with_feedback)} {_listing(with_feedback)}")
        if extra:
            parts.append(extra)
        where = " and ".join(parts)
        self.warn(
            ctx,
            "answer-feedback",
            f"per-answer feedback (`#...`) on {where}"
            " cannot be kept: Civic Quiz shows one explanation for every answer",
            "move what matters into the general feedback (`####...`), the explanation",
        )

    def choices_ok(self, ctx: _Ctx, texts: Sequence[str], what: str, most: int) -> bool:
        if len(texts) > most:
            self.skip(ctx, f"it has {len(texts)} {what}s; Civic Quiz allows at most {most}")
            return False
        for rep in repeats(texts):
            text = texts[rep.index]
            if not rep.case_only:
                self.skip(
                    ctx,
                    f"{what} {rep.index + 1} repeats {what} {rep.earlier + 1} "
                    f"({_short(text)!r}) once formatting is removed",
                )
                return False
            self.warn(
                ctx,
                "case-only-difference",
                f"{what} {rep.index + 1} ({_short(text)!r}) differs from {what} "
                f"{rep.earlier + 1} ({_short(texts[rep.earlier])!r}) only in upper/lower case",
                "fine if the case matters (GB and Gb); otherwise reword one of them",
            )
        return True

    def multichoice(self, ctx: _Ctx, body: str, fmt: str) -> dict[str, Any] | None:
        has_equals = "=" in body
        parts = body.replace("=", "~=").split("~")
        if parts and not parts[0].strip():
            parts = parts[1:]
        if len(parts) < 2:
            self.error(ctx, "a multiple-choice question needs at least 2 answers")
            return None
        answers = self.answers_of(ctx, parts, fmt, 0.0, eq_is_full=True, what="choice")
        self.feedback_warning(
            ctx, [str(i) for i, a in enumerate(answers, 1) if a.feedback], what="choice"
        )
        empty = [i for i, a in enumerate(answers, 1) if not a.text]
        kept = [a for a in answers if a.text]
        if empty:
            self.warn(
                ctx,
                "gift-empty-answer",
                f"answer{'s' if len(empty) > 1 else ''} "
                f"{_listing([str(i) for i in empty])} "
                f"{'are' if len(empty) > 1 else 'is'} empty and was left out",
            )
        if len(kept) < 2:
            self.skip(ctx, "fewer than 2 of its answers have text")
            return None
        choices = [a.text for a in kept]
        if not self.choices_ok(ctx, choices, "choice", MAX_CHOICES):
            return None
        fields: dict[str, Any] = {"type": "multiple", "choices": choices}
        if has_equals:
            correct = [i for i, a in enumerate(kept) if a.weight >= 100 - _EPS]
            if not correct:
                self.skip(ctx, "no answer is fully correct")
                return None
            if len(correct) == 1:
                fields["type"] = "single"
                fields["answer"] = correct[0] + 1
            else:
                fields["answers"] = [i + 1 for i in correct]
                fields["partial_credit"] = bool(ctx.meta.get("partial_credit", False))
                if "partial_credit" not in ctx.meta:
                    self.warn(
                        ctx,
                        "several-correct",
                        several_full_marks_message(ctx.name or ctx.label, len(correct)),
                        "make it a one-answer question if one choice is enough",
                    )
            partial = [
                f"{i + 1} ({a.weight:g}%)"
                for i, a in enumerate(kept)
                if _EPS < a.weight < 100 - _EPS
            ]
            negative = [f"{i + 1} ({a.weight:g}%)" for i, a in enumerate(kept) if a.weight < -_EPS]
            if partial:
                self.warn(
                    ctx,
                    "gift-weights",
                    f"partial credit on {_plural('choice', partial)} "
                    f"{_listing(partial)} cannot be kept: only the fully correct choice "
                    "earns points in Civic Quiz",
                )
            if negative:
                self.warn(
                    ctx,
                    "gift-weights",
                    f"negative marking on choice"
                    f"{'s' if len(negative) > 1 else ''} {_listing(negative)} cannot be kept "
                    "on a one-answer question: a wrong pick simply earns nothing",
                )
        else:
            fields.update(self.weighted(ctx, kept))
            if "answers" not in fields:
                return None
        if ctx.meta.get("shuffle") is False:
            fields["shuffle"] = False
        return fields

    def weighted(self, ctx: _Ctx, kept: Sequence[_Answer]) -> dict[str, Any]:
        """Checkbox answers (no `=`): map Moodle's %-weights onto `multiple`."""
        positive = [(i, a.weight) for i, a in enumerate(kept) if a.weight > _EPS]
        if not positive:
            self.skip(
                ctx,
                "no answer earns credit (a question without a right answer)",
                "mark the right answers with `=` or a positive %weight%",
            )
            return {}
        if (
            len(positive) > 1
            and all(weight >= 100 - _EPS for _, weight in positive)
            and "partial_credit" not in ctx.meta
        ):
            # the same Moodle question as Moodle XML's 100/100/0 checkboxes: the same import
            self.warn(
                ctx,
                "several-correct",
                several_full_marks_message(ctx.name or ctx.label, len(positive)),
                "make it a one-answer question if one choice is enough",
            )
            return {"answers": [i + 1 for i, _ in positive], "partial_credit": False}
        share = 100 / len(positive)
        partial_credit = len(positive) > 1
        if not all(abs(weight - share) < _EPS for _, weight in positive):
            weights = _listing([f"{i + 1} ({w:g}%)" for i, w in positive])
            self.warn(
                ctx,
                "gift-weights",
                f"the weights of choices {weights} cannot be kept: "
                f"Civic Quiz gives every right choice the same share ({share:.4g}%)",
            )
        if "partial_credit" in ctx.meta:
            partial_credit = bool(ctx.meta["partial_credit"])
        else:
            wrong = [
                f"{i + 1} ({a.weight:g}%)"
                for i, a in enumerate(kept)
                if a.weight <= _EPS
                and not (abs(a.weight + share) < _EPS or (share >= 100 and a.weight <= -100))
            ]
            if wrong:
                self.warn(
                    ctx,
                    "gift-weights",
                    f"wrong {_plural('choice', wrong)} "
                    f"{_listing(wrong)} will be scored differently: Civic Quiz takes "
                    f"{share:.4g}% away for each wrong pick (never below 0) instead of the "
                    "GIFT weight",
                )
        return {"answers": [i + 1 for i, _ in positive], "partial_credit": partial_credit}

    def matching(self, ctx: _Ctx, body: str, fmt: str) -> dict[str, Any] | None:
        parts = body.split("=")
        if parts and not parts[0].strip():
            parts = parts[1:]
        if len(parts) < 2:
            self.error(ctx, "a matching question needs at least 2 pairs")
            return None
        pairs: list[list[str]] = []
        distractors: list[str] = []
        for index, part in enumerate(parts, 1):
            if "->" not in part:
                self.error(
                    ctx,
                    f"pair {index} has no `->` between its two sides",
                    "write each pair as `=left -> right`",
                )
                return None
            left_raw, right_raw = part.split("->", 1)
            left_raw, left_fmt = _split_format(left_raw, fmt)
            left = self.text(ctx, left_raw, left_fmt, f"pair {index}")
            right = _escape_post(right_raw).strip()
            if not left:
                distractors.append(right)
            elif not right:
                self.skip(ctx, f"pair {index} has no right-hand side")
                return None
            else:
                pairs.append([left, right])
        if distractors:
            self.warn(
                ctx,
                "gift-match-distractor",
                "extra wrong answer"
                f"{'s' if len(distractors) > 1 else ''} "
                f"{_listing([repr(_short(d)) for d in distractors])} (pairs with an empty "
                "left side) cannot be kept: Civic Quiz matches only real pairs",
            )
        if len(pairs) < 2:
            self.skip(ctx, "it has fewer than 2 real pairs")
            return None
        if not (
            self.choices_ok(ctx, [p[0] for p in pairs], "left side", MAX_PAIRS)
            and self.choices_ok(ctx, [p[1] for p in pairs], "right side", MAX_PAIRS)
        ):
            return None
        return {"type": "match", "pairs": pairs}

    def truefalse(self, ctx: _Ctx, body: str, fmt: str) -> dict[str, Any] | None:
        bits = body.split("#", 2)
        truth = _escape_post(bits[0]).strip() in ("T", "TRUE")
        feedbacks = []
        for raw in bits[1:]:
            text, feedback_fmt = _split_format(raw, fmt)
            feedbacks.append(_to_text(text, feedback_fmt)[0])
        wrong_answer, right_answer = ("false", "true") if truth else ("true", "false")
        lost = []
        if len(feedbacks) > 0 and feedbacks[0]:
            lost.append(
                f"{_short(feedbacks[0])!r} (Moodle shows it after the wrong answer, {wrong_answer})"
            )
        if len(feedbacks) > 1 and feedbacks[1]:
            lost.append(
                f"{_short(feedbacks[1])!r} (Moodle shows it after the right answer, {right_answer})"
            )
        if lost:
            self.warn(
                ctx,
                "answer-feedback",
                f"per-answer feedback {' and '.join(lost)} "
                "cannot be kept: Civic Quiz shows one explanation for both answers",
                "move what matters into the general feedback (`####...`), the explanation",
            )
        return {"type": "true_false", "answer": truth}

    def shortanswer(self, ctx: _Ctx, body: str, fmt: str) -> dict[str, Any] | None:
        parts = body.split("=")
        if parts and not parts[0].strip():
            parts = parts[1:]
        if not parts:
            self.error(ctx, "a short-answer question needs at least 1 answer")
            return None
        answers = self.answers_of(ctx, parts, fmt, 100.0, eq_is_full=False, what="answer")
        self.feedback_warning(ctx, [str(i) for i, a in enumerate(answers, 1) if a.feedback])
        accept: list[str] = []
        partial, wildcards, unusable = [], [], []
        for index, answer in enumerate(answers, 1):
            if answer.weight < 100 - _EPS:
                if answer.weight > _EPS:
                    partial.append(f"{answer.text!r} ({answer.weight:g}%)")
                elif _WILDCARD_RE.search(answer.text):
                    wildcards.append(
                        f"{answer.text!r} (0%, any other answer: Civic Quiz marks it wrong anyway)"
                    )
                continue
            text = answer.text
            if _WILDCARD_RE.search(text):
                text = " ".join(_WILDCARD_RE.sub(" ", text).split())
                wildcards.append(
                    f"{answer.text!r} (accepted as {text!r})"
                    if answer_key(text)
                    else f"{answer.text!r} (dropped)"
                )
            text = text.replace("\\*", "*")  # an escaped star is a real one
            if text and answer_key(text):
                accept.append(text)
            elif text:
                unusable.append(f"{index} ({text!r})")
        if partial:
            self.warn(
                ctx,
                "gift-weights",
                f"partial-credit answer{'s' if len(partial) > 1 else ''}"
                f" {_listing(partial)} cannot be kept: Civic Quiz accepts only fully "
                "correct answers",
            )
        if wildcards:
            self.warn(
                ctx,
                "gift-wildcard",
                f"wildcard `*` {_plural('answer', wildcards)}"
                f" {_listing(wildcards)}: Civic Quiz matches whole answers, not patterns",
                "list the real variants as separate `=` answers",
            )
        if unusable:
            self.warn(
                ctx,
                "gift-empty-answer",
                f"answer{'s' if len(unusable) > 1 else ''} "
                f"{_listing(unusable)} {'have' if len(unusable) > 1 else 'has'} no letters "
                "or digits and cannot be typed; left out",
            )
        if not accept:
            self.skip(ctx, "no answer is fully correct (100%)")
            return None
        return {"type": "text", "accept": accept}

    def numerical(self, ctx: _Ctx, body: str) -> dict[str, Any] | None:
        body = body[1:]
        wrong_feedback = ""
        tilde = body.find("~")
        if tilde >= 0:
            wrong_feedback = _split_feedback(body[tilde + 1 :])[1]
            body = body[:tilde]
        parts = body.split("=")
        if parts and not parts[0].strip():
            parts = parts[1:]
        if not parts:
            self.error(
                ctx,
                "a numerical question needs a number after `#`",
                "write `{#42}`, `{#42:2}` (± tolerance) or `{#40..44}` (a range)",
            )
            return None
        values: list[tuple[float, dict[str, Any], str, str]] = []
        feedback_on: list[str] = []
        for index, part in enumerate(parts, 1):
            raw = part.strip()
            weight = 100.0
            if found := _WEIGHT_RE.match(raw):
                weight, raw = float(found.group(1)), raw[found.end() :]
            spec_raw, feedback_raw = _split_feedback(raw)
            spec = _escape_post(spec_raw).strip()
            if _to_text(feedback_raw, "moodle")[0]:
                feedback_on.append(str(index))
            if spec == "*":
                continue
            number = self.number_spec(ctx, spec)
            if number is None:
                return None
            values.append((weight, number, spec, str(index)))
        extra = (
            "the catch-all wrong answer (`~#...`)" if _to_text(wrong_feedback, "moodle")[0] else ""
        )
        self.feedback_warning(ctx, feedback_on, extra)
        full = [v for v in values if v[0] >= 100 - _EPS]
        if not full:
            self.skip(ctx, "no number earns full credit (100%)")
            return None
        others = [
            f"{value[2]!r}" + (f" ({value[0]:g}%)" if value[0] < 100 - _EPS else "")
            for value in values
            if value is not full[0] and value[0] > _EPS
        ]
        if others:
            self.warn(
                ctx,
                "gift-numeric-answers",
                f"other accepted number"
                f"{'s' if len(others) > 1 else ''} {_listing(others)} cannot be kept: "
                f"Civic Quiz accepts one number or range (kept {full[0][2]!r})",
            )
        fields = {"type": "numeric", **full[0][1]}
        unit = ctx.meta.get("unit")
        if isinstance(unit, str) and unit.strip():
            fields["unit"] = unit
        return fields

    def number_spec(self, ctx: _Ctx, spec: str) -> dict[str, Any] | None:
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
                return {"answer": _number(low)}
            return {"range": [_number(low), _number(high)]}
        if spec.find(":") > 0:
            value_text, tolerance_text = spec.split(":", 1)
            value, tolerance = _parse_number(value_text), _parse_number(tolerance_text)
            if value is None or tolerance is None or tolerance < 0:
                self.error(ctx, f"{spec!r} is not a number with a tolerance", hint)
                return None
            data: dict[str, Any] = {"answer": _number(value)}
            if tolerance:
                data["tolerance"] = _number(tolerance)
            return data
        value = _parse_number(spec)
        if value is None:
            self.error(ctx, f"{spec!r} is not a number", hint)
            return None
        return {"answer": _number(value)}

    # assembling --------------------------------------------------------------------------------

    def finish(
        self, ctx: _Ctx, prompt: str, fields: dict[str, Any], explanation: str, tags: list[str]
    ) -> None:
        self.flag_warnings(ctx)
        meta = ctx.meta
        qtype = fields.pop("type")
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
        data: dict[str, Any] = {
            "id": ctx.qid,
            "type": qtype,
            "topic": self.topic,
            "difficulty": difficulty,
            "prompt": prompt,
        }
        shuffle = fields.pop("shuffle", None)
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
            data["tags"] = tags
        self.extras(ctx, data)
        self.questions.append(data)
        self.problems.extend(ctx.pending)

    def flag_warnings(self, ctx: _Ctx) -> None:
        where = {flag: _places(places) for flag, places in ctx.flags.items()}
        if "html" in where:
            self.warn(
                ctx,
                "formatting-removed",
                f"HTML formatting was removed from the "
                f"{where['html']} (emphasis, links and layout are lost; the text is kept)",
            )
        if "image" in where:
            self.warn(
                ctx,
                "image-dropped",
                f"the {where['image']} show"
                f"{'' if ',' in where['image'] or ' and ' in where['image'] else 's'} an "
                "image or media file that cannot be imported; it was dropped",
                "add the picture to the bank folder and set the question's `image`",
            )
        if "markdown" in where:
            self.warn(
                ctx,
                "formatting-removed",
                f"Markdown formatting in the {where['markdown']} is "
                "kept as plain text (Civic Quiz shows it as written)",
            )

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
        bank: dict[str, Any] = {"id": self.bank_id, "title": self.stem}
        header = self.bank_headers[0] if len(self.bank_headers) == 1 else {}
        if isinstance(header.get("id"), str) and _ID_RE.fullmatch(header["id"]):
            bank["id"] = header["id"]
        if isinstance(header.get("title"), str) and header["title"].strip():
            bank["title"] = header["title"]
        if isinstance(header.get("description"), str) and header["description"].strip():
            bank["description"] = header["description"]
        language = header.get("language")
        bank["language"] = language if isinstance(language, str) and language.strip() else "en"
        version = header.get("version")
        bank["version"] = (
            version
            if isinstance(version, int | str)
            and str(version).strip()
            and not isinstance(version, bool)
            else 1
        )
        authors = header.get("authors")
        if isinstance(authors, list) and authors and all(isinstance(a, str) for a in authors):
            bank["authors"] = authors
        if isinstance(header.get("license"), str) and header["license"].strip():
            bank["license"] = header["license"]
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


def read(raw: bytes, path: str) -> ImportResult:
    """A GIFT file as bank data, with an error for every unreadable question (which is skipped)
    and a warning for everything Civic Quiz cannot hold."""
    return _Reader(path).run(raw)


# -- writing --------------------------------------------------------------------------------------


def _escape(text: str) -> str:
    return text.translate(_ESCAPE_OUT)


def _with_passage(q: Question) -> str:
    """The question text Moodle shows: a document-based question's passage, quoted, with where
    it comes from, above the prompt (the civic-quiz comment keeps it too, for the way back)."""
    if q.passage is None:
        return q.prompt
    return f"“{q.passage.text}” ({q.passage.citation_line()})\n\n{q.prompt}"


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


def _json(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


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

    def warn(
        self, bank: Bank, q: Question | None, code: str, message: str, hint: str | None = None
    ) -> None:
        self.problems.append(
            Problem(Severity.WARNING, code, message, bank.path, 0, 0, q.id if q else None, hint)
        )

    def bank(self, bank: Bank) -> None:
        header = bank_meta_to_data(bank, include_sources=False)
        self.lines.append(f"// civic-quiz bank: {_json(header)}")
        for source in bank.sources:
            self.lines.append(f"// civic-quiz source: {_json(source_to_json(source))}")
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
        category = None
        for q in bank.questions:
            if q.type in (QuestionType.ORDER, QuestionType.POLL):
                what = (
                    "an `order` question (GIFT has no ordering type)"
                    if q.type is QuestionType.ORDER
                    else "a `poll` (GIFT has no ungraded choice question)"
                )
                self.warn(
                    bank,
                    q,
                    "gift-not-exported",
                    f"{q.id} is {what}; it was not exported",
                    "export it as CSV to keep it",
                )
                self.skipped.append(
                    Skipped(q.id, f"{q.type.value} questions ({what.split('(')[1]}")
                )
                continue
            if q.topic.startswith("/") or bank.title.endswith("/"):
                self.warn(
                    bank,
                    q,
                    "gift-ambiguous",
                    "a `/` at the edge of the topic or bank "
                    "title makes the category path ambiguous; the topic may not come back "
                    "as written",
                )
            path = f"$course$/top/{_category(bank.title)}/{_category(q.topic)}"
            if path != category:
                category = path
                self.lines += [f"$CATEGORY: {path}", ""]
            self.lines += self.question(bank, q)
            self.lines.append("")

    def question(self, bank: Bank, q: Question) -> list[str]:
        tags = "".join(" [tag:" + t.replace("]", "\\]") + "]" for t in q.tags)
        bad_tags = [t for t in q.tags if re.search(r"[<>`\x00-\x1f\x7f]", t)]
        if bad_tags:
            self.warn(
                bank,
                q,
                "gift-tag",
                f"Moodle will not read tag"
                f"{'s' if len(bad_tags) > 1 else ''} {_listing([repr(t) for t in bad_tags])}"
                " (it refuses <, > and `); Civic Quiz will",
            )
        meta: dict[str, Any] = {"difficulty": q.difficulty}
        refs = source_refs_to_data(q)
        if refs is not None:
            meta["source"] = refs
        if q.passage is not None:
            meta["passage"] = passage_to_data(q.passage)  # Moodle ignores it; Civic Quiz reads it
        ignored: list[str] = []
        if q.type in (QuestionType.SINGLE, QuestionType.MULTIPLE) and not q.shuffle:
            meta["shuffle"] = False
            ignored.append("`shuffle: false` (Moodle's shuffle setting is not part of GIFT)")
        if q.type is QuestionType.MULTIPLE and q.partial_credit != (len(q.correct) > 1):
            meta["partial_credit"] = q.partial_credit
        if q.type is QuestionType.MULTIPLE:
            grades = multiple_grades(q.correct, len(q.choices), q.partial_credit)
            if grades.rounded:
                self.warn(
                    bank, q, "grade-rounded", grade_rounded_message(q.id, grades, len(q.correct))
                )
            if grades.all_or_nothing:
                self.warn(
                    bank,
                    q,
                    "all-or-nothing",
                    all_or_nothing_message(q.id, grades),
                    ALL_OR_NOTHING_HINT,
                )
        if q.numeric is not None and q.numeric.unit:
            meta["unit"] = q.numeric.unit
            ignored.append(f"the unit {q.numeric.unit!r}")
        for key, label in (
            ("time_limit", "the time limit"),
            ("points", "the points"),
            ("image", "the image"),
            ("valid_as_of", "`valid_as_of`"),
        ):
            value = getattr(q, key)
            if value is not None:
                meta[key] = value.isoformat() if isinstance(value, date) else value
                ignored.append(f"{label} ({meta[key]})")
        if q.image and q.image_alt:  # the image's words travel with it
            meta["alt"] = q.image_alt
        if ignored:
            self.warn(
                bank,
                q,
                "gift-field-in-comment",
                f"GIFT cannot hold {_listing(ignored)}; "
                "kept in a `// civic-quiz` comment that Moodle ignores",
            )
        lines = [f"// [id:{q.id}]{tags}", f"// civic-quiz: {_json(meta)}"]
        feedback = f"####{_encode(q.explanation)}" if q.explanation else ""
        body, inline = self.answer_block(bank, q, feedback)
        prompt = _encode(_with_passage(q))
        blanks = list(_BLANK_RE.finditer(prompt))
        head, tail = prompt, ""
        if len(blanks) == 1 and prompt[blanks[0].end() :].strip():
            head, tail = prompt[: blanks[0].start()], prompt[blanks[0].end() :]
        start = f"::{_escape(q.id)}::{head}"
        if inline:
            return [*lines, f"{start}{{{body[0]}}}{tail}"]
        return [*lines, f"{start}{{", *body, f"}}{tail}"]

    def answer_block(self, bank: Bank, q: Question, feedback: str) -> tuple[list[str], bool]:
        t = q.type
        if t is QuestionType.TRUE_FALSE:
            return [("TRUE" if q.truth else "FALSE") + feedback], True
        if t is QuestionType.NUMERIC:
            n = q.numeric
            assert n is not None
            return [f"#{_numeric_spec(n.value, n.low, n.high)}{feedback}"], True
        lines: list[str] = []
        if t is QuestionType.SINGLE:
            for index, choice in enumerate(q.choices):
                text = _encode(choice)
                if index in q.correct:
                    lines.append(f"\t={text}")
                else:  # an explicit 0% keeps a choice that starts with %5% from being a weight
                    lines.append(f"\t~{'%0%' if text.startswith('%') else ''}{text}")
        elif t is QuestionType.MULTIPLE:
            grades = multiple_grades(q.correct, len(q.choices), q.partial_credit)
            for choice, fraction in zip(q.choices, grades.fractions, strict=True):
                lines.append(f"\t~%{_percent(fraction * 100)}%{_encode(choice)}")
        elif t is QuestionType.TEXT:
            for answer in q.accept:
                # `\*` is a literal star for Moodle's short answer; a bare `*` a wildcard
                text = _encode(answer).replace("*", "\\*")
                lines.append(f"\t={'%100%' if text.startswith('%') else ''}{text}")
            if any("->" in a for a in q.accept):
                self.warn(
                    bank,
                    q,
                    "gift-ambiguous",
                    "an accepted answer contains `->`: Moodle "
                    "reads such a short-answer question as matching",
                )
        elif t is QuestionType.MATCH:
            for left, right in q.pairs:
                lines.append(f"\t={_encode(left)} -> {_escape(right)}")
            if any("->" in left for left, _ in q.pairs):
                self.warn(
                    bank,
                    q,
                    "gift-ambiguous",
                    "a left side contains `->`, which GIFT "
                    "cannot escape: Moodle will split that pair in the wrong place",
                )
        if feedback:
            lines.append(f"\t{feedback}")
        return lines, False


def write(banks: Sequence[Bank]) -> ExportResult:
    """The banks as one GIFT file, with a warning for every question or field GIFT cannot hold."""
    writer = _Writer()
    for bank in banks:
        writer.bank(bank)
    return ExportResult(
        "\n".join(writer.lines).rstrip("\n") + "\n", tuple(writer.problems), tuple(writer.skipped)
    )
