"""Spreadsheets: Civic Quiz's own CSV (every question type) and the Kahoot! quiz template.

Teachers keep questions in spreadsheets, and Kahoot! imports quizzes only from its spreadsheet
template, so banks must go both ways through CSV and .xlsx.

Civic Quiz CSV (`read_csv` / `write_csv`): one row per question, lossless for every type.
Rows whose first cell starts with `#` are comments; three kinds carry the bank:

    # Civic Quiz bank as CSV ...                        <- any other `#` row: a free comment
    #bank,id,the-order                                   <- bank metadata: key, then value(s);
    #bank,title,The Order Itself                            keys: id, title, description,
    #bank,authors,Ms. Rivera,Mr. Chen                       language, version, authors (one
    #source,eo,Designating…,The White House,https://…,2025-12-15,   cell each), license
                          ^ id, title, publisher, url, date (YYYY-MM-DD), note, kind
    id,type,topic,difficulty,prompt,choice1,…,choiceN,answer,tolerance,unit,partial_credit,
        shuffle,explanation,source_id,source_locator,tags,time_limit,points,valid_as_of,image,alt
    order-001,single,Designation,1,What does…,All fentanyl…,Illicit fentanyl…,,2,,,,,…

The first row that is not a comment is the header; columns are found by name (any order, any
case; unknown columns are reported and ignored), so hand-made sheets work. Per type:
- single / multiple / poll: the choices in choice1, choice2, …; `answer` is the choice number
  (`2`) or numbers (`1;3`, commas or spaces also work); multiple: `partial_credit` true/false;
  single/multiple/poll: `shuffle` false keeps the written order (empty = true).
- true_false: `answer` is `true` or `false` (also yes/no), no choices.
- order: the items, in the correct order, in the choice columns.
- match: each pair as `left => right` in a choice column.
- text: the accepted answers in the choice columns, the one shown as right first.
- numeric: `answer` is a number (`282`, with an optional `tolerance`) or a range `10..15`;
  `unit` optional.
`tags` are separated by `;`; `short_choices` (the author's short forms for Kahoot!) one per
line of the cell. `source_id` must be declared in a `#source` row (a question citing
several sources puts one id per line of the cell and the locators, in the same order, one per
line of `source_locator`); a graded question
without one cites the source "imported" (declared automatically). Missing `id`, `topic` or
`difficulty` get `<bank-id>-NNN`, "Imported" and 2, with one warning each per file.

Several banks can share one file: each `#bank,id,…` row starts the next bank's section (its
`#source` rows and questions follow it; the header is written once). Reading gives one bank: the
first section's metadata, every section's questions and sources (a source id declared twice with
different details is renamed `<bank-id>-<source-id>`), with a warning for each merged bank.

The writer puts a UTF-8 byte-order mark first so Excel reads accents correctly, and `\\n` line
ends. Cells are written as data; a spreadsheet program may still treat a cell starting with `=`
as a formula when it opens a CSV, so check such cells after opening one in Excel.

Kahoot! template (`read_kahoot_csv` / `write_kahoot_csv`, `read_xlsx` / `write_xlsx`): rows 1–7
hold a title and instructions, row 8 the header in columns B–H (`Question - max 120
characters`, `Answer 1 - max 75 characters` … `Answer 4 …`, `Time limit (sec) – 5, 10, 20, 30,
60, 90, 120, or 240 secs`, `Correct answer(s) - choose at least one`), and from row 9 one
question per row with its number in column A (FORMATS.md §4). Reading looks for the header row
wherever it is (matching "Question", "Answer 1"…, "Time", "Correct" by their start), so files
from other exporters work. Correct answers are numbers, several separated by commas (`1,3`).
On import two answers True/False become `true_false`, one correct answer `single`, several
`multiple`; the time limit becomes `time_limit`. Export writes `single`, `multiple` and
`true_false` questions with up to 4 choices; longer questions (120) and answers (75 characters)
are cut with a warning, time limits are rounded to the allowed values (5, 10, 20, 30, 60, 90,
120, 240 s; 20 when none is set), and every other question type, and every field the template
has no column for, is reported per question.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from game.content.bank_io import question_to_data, source_to_data
from game.content.format import KAHOOT_ANSWER_LIMIT as _ANSWER_LIMIT
from game.content.format import KAHOOT_PROMPT_LIMIT
from game.content.formats import ExportResult, ImportResult, Skipped
from game.content.formats.common import decode_text, imported_source, kebab
from game.content.problems import Problem, Severity
from game.content.sameness import case_key, repeats, same_key
from game.core.model import Bank, Question, QuestionType, SourceKind

__all__ = [
    "KAHOOT_HEADER",
    "KAHOOT_TIMES",
    "read_csv",
    "read_kahoot_csv",
    "read_xlsx",
    "write_csv",
    "write_kahoot_csv",
    "write_xlsx",
]

LEAD_COLUMNS = ("id", "type", "topic", "difficulty", "prompt")
TAIL_COLUMNS = (
    "answer",
    "tolerance",
    "unit",
    "partial_credit",
    "shuffle",
    "explanation",
    "source_id",
    "source_locator",
    "tags",
    "time_limit",
    "points",
    "valid_as_of",
    "image",
    "alt",  # the image's words (required with it)
    "passage",
    "short_prompt",
    "short_choices",  # one per line of the cell
)
BANK_KEYS = ("id", "title", "description", "language", "version", "authors", "license")
SOURCE_KEYS = ("id", "title", "publisher", "url", "date", "note", "kind")
PAIR_ARROW = " => "
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_CHOICE_COLUMN = re.compile(r"^choice[ _]?(\d+)$")
_TRUE = {"true", "yes", "t", "y", "1"}
_FALSE = {"false", "no", "f", "n", "0"}
_TYPE_ALIASES = {
    "truefalse": "true_false",
    "true-false": "true_false",
    "true/false": "true_false",
    "tf": "true_false",
    "boolean": "true_false",
    "short_answer": "text",
    "matching": "match",
    "ordering": "order",
    "number": "numeric",
    "numerical": "numeric",
    "single_choice": "single",
    "multiple_choice": "multiple",
    "survey": "poll",
}
_NOT_UTF8_HINT = 'save it as "CSV UTF-8" in your spreadsheet program'

KAHOOT_HEADER = (
    "Question - max 120 characters",
    "Answer 1 - max 75 characters",
    "Answer 2 - max 75 characters",
    "Answer 3 - max 75 characters",
    "Answer 4 - max 75 characters",
    "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
    "Correct answer(s) - choose at least one",
)
KAHOOT_TIMES = (5, 10, 20, 30, 60, 90, 120, 240)
KAHOOT_DEFAULT_TIME = 20
KAHOOT_QUESTION_LIMIT = KAHOOT_PROMPT_LIMIT  # defined with the short_prompt field
KAHOOT_ANSWER_LIMIT = _ANSWER_LIMIT
KAHOOT_HEADER_ROW = 8  # 1-based; questions start on the next row, in column B
KAHOOT_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE)


# -- shared helpers -----------------------------------------------------------------------------


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(value)


def _parse_number(text: str) -> int | float | None:
    try:
        value = float(text.strip().replace("\u2212", "-"))
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def _cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a person sees in it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float):
        return _number_text(value) if math.isfinite(value) else str(value)
    if isinstance(value, datetime):
        return (
            value.date().isoformat()
            if value.time() == datetime.min.time()
            else value.isoformat(sep=" ")
        )
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _csv_rows(
    text: str, delimiter: str, path: str
) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """Records with the line each starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    last = 0
    try:
        for cells in reader:
            rows.append((last + 1, cells))
            last = reader.line_num
    except csv.Error as exc:
        return rows, [
            Problem(
                Severity.ERROR,
                "csv-syntax",
                f"cannot read the CSV after line {last}: {exc}",
                path,
                last + 1,
                hint="check the quotes on this line; the rows above were read",
            )
        ]
    return rows, []


def _delimiter(text: str, is_header: Callable[[str], bool]) -> str:
    """`,` unless the header line uses `;` (European Excel) or tabs more."""
    for line in text.splitlines():
        if is_header(line):
            counts = {d: line.count(d) for d in (",", ";", "\t")}
            best = max(counts, key=lambda d: counts[d])
            return best if counts[best] else ","
    return ","


def _write_csv_text(rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return "\ufeff" + out.getvalue()


# -- Civic Quiz CSV: writing --------------------------------------------------------------------


def _entries(data: dict[str, Any]) -> list[str]:
    """What goes into the choice columns for a question (as `question_to_data` gives it)."""
    if "choices" in data:
        return list(data["choices"])
    if "items" in data:
        return list(data["items"])
    if "pairs" in data:
        return [f"{left}{PAIR_ARROW}{right}" for left, right in data["pairs"]]
    if "accept" in data:
        return list(data["accept"])
    return []


def _answer_cells(data: dict[str, Any]) -> dict[str, str]:
    t = data["type"]
    cells: dict[str, str] = {}
    if t == "single":
        cells["answer"] = str(data["answer"])
    elif t == "multiple":
        cells["answer"] = ";".join(str(a) for a in data["answers"])
        cells["partial_credit"] = "true" if data["partial_credit"] else "false"
    elif t == "true_false":
        cells["answer"] = "true" if data["answer"] else "false"
    elif t == "numeric":
        if "range" in data:
            low, high = data["range"]
            cells["answer"] = f"{_number_text(low)}..{_number_text(high)}"
        else:
            cells["answer"] = _number_text(data["answer"])
            if "tolerance" in data:
                cells["tolerance"] = _number_text(data["tolerance"])
        if "unit" in data:
            cells["unit"] = data["unit"]
    if data.get("shuffle") is False:
        cells["shuffle"] = "false"
    return cells


def write_csv(banks: Sequence[Bank]) -> ExportResult:
    """Civic Quiz's own CSV: every question type and all metadata, readable by `read_csv`."""
    problems: list[Problem] = []
    datas = [[question_to_data(q) for q in bank.questions] for bank in banks]
    width = max([2] + [len(_entries(d)) for qs in datas for d in qs])
    header = [*LEAD_COLUMNS, *(f"choice{i}" for i in range(1, width + 1)), *TAIL_COLUMNS]
    rows: list[list[Any]] = [
        [
            "# Civic Quiz bank as CSV: #bank rows hold the bank (key, value), #source rows its "
            "sources (id, title, publisher, url, date, note), then a header and one row per "
            "question. See game/content/formats/spreadsheet.py."
        ]
    ]
    for number, (bank, questions) in enumerate(zip(banks, datas, strict=True)):
        rows.append(["#bank", "id", bank.id])
        rows.append(["#bank", "title", bank.title])
        if bank.description:
            rows.append(["#bank", "description", bank.description])
        rows.append(["#bank", "language", bank.language])
        rows.append(["#bank", "version", bank.version])
        if bank.authors:
            rows.append(["#bank", "authors", *bank.authors])
        if bank.license:
            rows.append(["#bank", "license", bank.license])
        for source in bank.sources:
            s = source_to_data(source)
            rows.append(["#source", *(_cell_text(s.get(k)) for k in SOURCE_KEYS)])
        for passage in bank.passages:  # #passage,ID,TEXT,SOURCE_ID(s),LOCATOR(s)
            ids = "\n".join(ref.source.id for ref in passage.sources)
            locators = "\n".join(ref.locator for ref in passage.sources)
            rows.append(["#passage", passage.id, passage.text, ids, locators])
        if number == 0:
            rows.append(header)
        for data in questions:
            rows.append(_question_row(data, width, problems))
    return ExportResult(_write_csv_text(rows), tuple(problems))


def _question_row(data: dict[str, Any], width: int, problems: list[Problem]) -> list[str]:
    qid = data["id"]
    cells: dict[str, str] = {
        k: _cell_text(data[k]) for k in ("id", "type", "topic", "difficulty", "prompt")
    }
    entries = _entries(data)
    for index, entry in enumerate(entries, 1):
        cells[f"choice{index}"] = entry
    for left, _right in data.get("pairs", []):
        if "=>" in left:
            problems.append(
                Problem(
                    Severity.WARNING,
                    "ambiguous-cell",
                    f"the left side of a "
                    f"pair contains `=>` ({left!r}); it will not read back as "
                    "written",
                    question=qid,
                    hint="reword that side",
                )
            )
    cells.update(_answer_cells(data))
    if "explanation" in data:
        cells["explanation"] = data["explanation"]
    if "source" in data:
        refs = data["source"] if isinstance(data["source"], list) else [data["source"]]
        # Several sources: one per line of the cell, ids and locators in the same order.
        cells["source_id"] = "\n".join(ref["id"] for ref in refs)
        cells["source_locator"] = "\n".join(ref["locator"] for ref in refs)
    if "tags" in data:
        if any(";" in tag for tag in data["tags"]):
            problems.append(
                Problem(
                    Severity.WARNING,
                    "ambiguous-cell",
                    "a tag contains `;`, which separates tags; it will read back as two tags",
                    question=qid,
                )
            )
        cells["tags"] = ";".join(data["tags"])
    if "short_prompt" in data:
        cells["short_prompt"] = data["short_prompt"]
    if "short_choices" in data:
        cells["short_choices"] = "\n".join(data["short_choices"])
    for key in ("time_limit", "points", "valid_as_of", "image", "alt", "passage"):
        if key in data:
            value = data[key]
            cells[key] = (
                _number_text(value) if isinstance(value, int | float) else _cell_text(value)
            )
    columns = [*LEAD_COLUMNS, *(f"choice{i}" for i in range(1, width + 1)), *TAIL_COLUMNS]
    return [cells.get(c, "") for c in columns]


# -- Civic Quiz CSV: reading --------------------------------------------------------------------


@dataclass
class _Section:
    """One bank's part of a CSV file: its metadata, sources and question rows."""

    meta: dict[str, Any] = field(default_factory=dict)
    meta_line: int = 0
    sources: list[tuple[dict[str, Any], int]] = field(default_factory=list)
    passages: list[tuple[dict[str, Any], int]] = field(default_factory=list)
    questions: list[tuple[dict[str, Any], int]] = field(default_factory=list)


@dataclass
class _Reader:
    path: str
    bank_id: str
    problems: list[Problem] = field(default_factory=list)
    missing: dict[str, int] = field(default_factory=dict)  # defaulted column -> rows

    def error(
        self,
        message: str,
        line: int,
        qid: str | None = None,
        hint: str | None = None,
        code: str = "bad-row",
    ) -> None:
        self.problems.append(Problem(Severity.ERROR, code, message, self.path, line, 1, qid, hint))

    def warn(
        self,
        message: str,
        line: int,
        qid: str | None = None,
        hint: str | None = None,
        code: str = "ignored",
    ) -> None:
        self.problems.append(
            Problem(Severity.WARNING, code, message, self.path, line, 1 if line else 0, qid, hint)
        )


def _header_map(
    cells: list[str], line: int, r: _Reader
) -> tuple[dict[str, int], list[tuple[int, int]]]:
    """Column name -> index, and the choice columns as (number, index) in number order."""
    columns: dict[str, int] = {}
    choices: list[tuple[int, int]] = []
    known = set(LEAD_COLUMNS) | set(TAIL_COLUMNS)
    for index, raw in enumerate(cells):
        name = raw.strip().lower().replace(" ", "_").replace("-", "_")
        if not name:
            continue
        match = _CHOICE_COLUMN.match(name)
        if match:
            choices.append((int(match.group(1)), index))
        elif name in known and name not in columns:
            columns[name] = index
        else:
            r.warn(
                f"column {raw.strip()!r} is not a Civic Quiz column; its cells were not imported",
                line,
                hint="columns: " + ", ".join([*LEAD_COLUMNS, "choice1…", *TAIL_COLUMNS]),
            )
    return columns, sorted(choices)


def read_csv(raw: bytes, path: str) -> ImportResult:
    """Read Civic Quiz's own CSV (see the module docstring for the layout)."""
    text, problem = decode_text(raw, path, _NOT_UTF8_HINT, utf16=True)
    if text is None:
        return ImportResult(None, (problem,) if problem else ())
    r = _Reader(path, kebab(Path(path).stem))
    delimiter = _delimiter(
        text, lambda line: bool(line.strip()) and not line.lstrip().startswith("#")
    )
    rows, problems = _csv_rows(text, delimiter, path)
    r.problems.extend(problems)
    sections: list[_Section] = [_Section()]
    header: list[str] | None = None
    columns: dict[str, int] = {}
    choice_columns: list[tuple[int, int]] = []
    ordinal = 0
    for line, cells in rows:
        first = cells[0].strip() if cells else ""
        if first.startswith("#"):
            _comment_row(first.lower(), cells, line, sections, r)
            continue
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = [c.strip().lower() for c in cells]
            columns, choice_columns = _header_map(cells, line, r)
            missing = [c for c in ("type", "prompt") if c not in columns]
            if missing:
                r.error(
                    f"the header row has no {' or '.join(missing)} column",
                    line,
                    hint="the first row that is not a #comment must name the columns: "
                    + ", ".join([*LEAD_COLUMNS, "choice1…", *TAIL_COLUMNS]),
                    code="csv-header",
                )
                return ImportResult(None, tuple(r.problems))
            continue
        if [c.strip().lower() for c in cells] == header:
            continue  # the header repeated (e.g. files pasted together)
        ordinal += 1
        question = _row_question(cells, line, ordinal, columns, choice_columns, r)
        if question is not None:
            sections[-1].questions.append((question, line))
    if header is None:
        r.error(
            "no header row found: every row is empty or a #comment",
            1,
            code="csv-header",
            hint="add a row naming the columns, e.g. id,type,topic,difficulty,prompt,"
            "choice1,choice2,answer,…",
        )
        return ImportResult(None, tuple(r.problems))
    return _assemble(sections, path, r)


def _comment_row(
    first: str, cells: list[str], line: int, sections: list[_Section], r: _Reader
) -> None:
    values = [c.strip() for c in cells[1:]]
    while values and not values[-1]:
        values.pop()
    if first == "#bank":
        if not values:
            return
        key = values[0].lower()
        if key == "id" and (sections[-1].meta or sections[-1].questions):
            sections.append(_Section())
        section = sections[-1]
        if key not in BANK_KEYS:
            r.warn(
                f"#bank key {values[0]!r} is not bank metadata; the row was not imported",
                line,
                hint="keys: " + ", ".join(BANK_KEYS),
            )
            return
        if key == "authors":
            section.meta["authors"] = [v for v in values[1:] if v]
        elif len(values) > 1 and values[1]:
            section.meta[key] = values[1]
        if key == "id":
            section.meta_line = line
    elif first == "#passage":
        if len(values) < 4 or not all(values[:4]):
            r.error(
                "a #passage row needs an id, its text, a source id and a locator",
                line,
                hint="#passage,ID,TEXT,SOURCE_ID,LOCATOR",
                code="bad-passage",
            )
            return
        ids, locators = values[2].split("\n"), values[3].split("\n")
        if len(ids) != len(locators):
            r.error(
                f"passage {values[0]!r} lists {len(ids)} source(s) but {len(locators)} locator(s)",
                line,
                code="bad-passage",
            )
            return
        refs = [
            {"id": i.strip(), "locator": loc.strip()} for i, loc in zip(ids, locators, strict=True)
        ]
        sections[-1].passages.append(
            (
                {"id": values[0], "text": values[1], "source": refs[0] if len(refs) == 1 else refs},
                line,
            )
        )
    elif first == "#source":
        source: dict[str, Any] = {k: v for k, v in zip(SOURCE_KEYS, values, strict=False) if v}
        if "id" not in source or "title" not in source:
            r.error(
                "a #source row needs at least an id and a title",
                line,
                hint="#source,ID,TITLE,PUBLISHER,URL,DATE,NOTE",
                code="bad-source",
            )
            return
        if len(values) > len(SOURCE_KEYS):
            r.warn(
                f"source {source['id']!r} has cells after the note; they were not imported", line
            )
        if not _ID_RE.match(source["id"]):
            r.error(
                f"source id {source['id']!r} is not an id (letters, digits, '-', '_', '.')",
                line,
                code="bad-source",
            )
            return
        if "date" in source:
            try:
                source["date"] = date.fromisoformat(source["date"])
            except ValueError:
                r.warn(
                    f"source {source['id']!r} has date {source['date']!r}, not YYYY-MM-DD; "
                    "the date was not imported",
                    line,
                )
                del source["date"]
        if "kind" in source and source["kind"] not in {k.value for k in SourceKind}:
            r.warn(
                f"source {source['id']!r} has kind {source['kind']!r}, not one of "
                + ", ".join(k.value for k in SourceKind)
                + "; the kind was not imported",
                line,
            )
            del source["kind"]
        sections[-1].sources.append((source, line))


def _refs(q: dict[str, Any]) -> list[dict[str, str]]:
    """A question's source references, whether it cites one source or several."""
    ref = q.get("source")
    return [] if ref is None else ref if isinstance(ref, list) else [ref]


def _row_question(
    cells: list[str],
    line: int,
    ordinal: int,
    columns: dict[str, int],
    choice_columns: list[tuple[int, int]],
    r: _Reader,
) -> dict[str, Any] | None:
    def cell(name: str) -> str:
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    qid = cell("id")
    if not qid:
        qid = f"{r.bank_id}-{ordinal:03d}"
        r.missing["id"] = r.missing.get("id", 0) + 1
    elif not _ID_RE.match(qid):
        r.error(
            f"id {qid!r} is not an id (letters, digits, '-', '_' or '.')",
            line,
            hint="use kebab-case such as `order-012`",
        )
        return None

    def bad(message: str, hint: str | None = None) -> None:
        r.error(f"row {line}: {message}; the question was not imported", line, qid, hint)

    raw_type = cell("type").lower().replace(" ", "_")
    qtype = _TYPE_ALIASES.get(raw_type, raw_type)
    if qtype not in {t.value for t in QuestionType}:
        bad(
            f"unknown type {cell('type')!r}",
            "use one of " + ", ".join(t.value for t in QuestionType),
        )
        return None
    prompt = cell("prompt")
    if not prompt:
        bad("the prompt is empty")
        return None
    topic = cell("topic")
    if not topic:
        topic = "Imported"
        r.missing["topic"] = r.missing.get("topic", 0) + 1
    difficulty: int = 2
    if cell("difficulty"):
        number = _parse_number(cell("difficulty"))
        if not isinstance(number, int) or not 1 <= number <= 3:
            bad(f"difficulty {cell('difficulty')!r} is not 1, 2 or 3")
            return None
        difficulty = number
    else:
        r.missing["difficulty"] = r.missing.get("difficulty", 0) + 1
    data: dict[str, Any] = {
        "id": qid,
        "type": qtype,
        "topic": topic,
        "difficulty": difficulty,
        "prompt": prompt,
    }
    entries: list[str] = []
    gap: int | None = None
    for number, index in choice_columns:
        value = cells[index].strip() if index < len(cells) else ""
        if value and gap is not None:
            bad(
                f"choice{gap} is empty but choice{number} is not",
                "fill the choice columns from choice1 on, without gaps",
            )
            return None
        if value:
            entries.append(value)
        elif gap is None:
            gap = number
    if not _type_fields(qtype, entries, cell, data, bad, r, line):
        return None
    if cell("explanation"):
        data["explanation"] = cell("explanation")
    source_id, locator = cell("source_id"), cell("source_locator")
    if source_id or locator:
        if not source_id or not locator:
            bad("give both source_id and source_locator (or neither)")
            return None
        ids, locators = source_id.split("\n"), locator.split("\n")
        if len(ids) != len(locators):
            bad(
                f"source_id lists {len(ids)} source(s) but source_locator {len(locators)}; "
                "put one id and one locator per line, in the same order"
            )
            return None
        refs = [
            {"id": i.strip(), "locator": loc.strip()} for i, loc in zip(ids, locators, strict=True)
        ]
        data["source"] = refs[0] if len(refs) == 1 else refs
    elif qtype != "poll":
        data["source"] = {"id": "imported", "locator": f"question {ordinal}"}
        r.missing["source"] = r.missing.get("source", 0) + 1
    if cell("tags"):
        data["tags"] = [t.strip() for t in re.split(r"[;]", cell("tags")) if t.strip()]
    if cell("short_prompt"):
        data["short_prompt"] = cell("short_prompt")
    if cell("short_choices"):
        data["short_choices"] = [t.strip() for t in cell("short_choices").split("\n") if t.strip()]
    return data if _optional_fields(cell, data, bad) else None


def _type_fields(
    qtype: str,
    entries: list[str],
    cell: Callable[[str], str],
    data: dict[str, Any],
    bad: Callable[..., None],
    r: _Reader,
    line: int,
) -> bool:
    answer = cell("answer")
    qid = data["id"]
    if qtype in ("single", "multiple", "poll"):
        data["choices"] = entries
        if len(entries) < 2:
            bad(f"a {qtype} question needs at least 2 choices, has {len(entries)}")
            return False
    if qtype == "single":
        number = _parse_number(answer)
        if not isinstance(number, int) or not 1 <= number <= len(entries):
            bad(f"answer {answer!r} is not a choice number from 1 to {len(entries)}")
            return False
        data["answer"] = number
    elif qtype == "multiple":
        numbers = [_parse_number(p) for p in re.split(r"[;,\s]+", answer) if p]
        if not numbers or any(
            not isinstance(n, int) or not 1 <= n <= len(entries) for n in numbers
        ):
            bad(f"answer {answer!r} must list choice numbers from 1 to {len(entries)}, e.g. 1;3")
            return False
        data["answers"] = numbers
        data["partial_credit"] = False
        if cell("partial_credit"):
            flag = _parse_bool(cell("partial_credit"))
            if flag is None:
                bad(f"partial_credit {cell('partial_credit')!r} is not true or false")
                return False
            data["partial_credit"] = flag
    elif qtype == "true_false":
        flag = _parse_bool(answer)
        if flag is None:
            bad(f"answer {answer!r} is not true or false")
            return False
        data["answer"] = flag
    elif qtype == "order":
        data["items"] = entries
    elif qtype == "match":
        pairs = []
        for index, entry in enumerate(entries, 1):
            left, arrow, right = entry.partition("=>")
            if not arrow or not left.strip() or not right.strip():
                bad(f"choice{index} {entry!r} is not a pair `left => right`")
                return False
            pairs.append([left.strip(), right.strip()])
        data["pairs"] = pairs
    elif qtype == "text":
        if not entries:
            bad("a text question needs its accepted answers in the choice columns")
            return False
        data["accept"] = entries
    elif qtype == "numeric" and not _numeric_fields(answer, cell, data, bad, r, line):
        return False
    if qtype in ("true_false", "numeric") and entries:
        r.warn(f"a {qtype} question has no choices; the choice cells were not imported", line, qid)
    if qtype in ("order", "match", "text", "poll") and answer:
        r.warn(
            f"the answer column is not used by {qtype} questions; {answer!r} was not imported",
            line,
            qid,
        )
    if cell("shuffle"):
        flag = _parse_bool(cell("shuffle"))
        if qtype not in ("single", "multiple", "poll"):
            r.warn(f"shuffle does not apply to {qtype} questions; not imported", line, qid)
        elif flag is None:
            bad(f"shuffle {cell('shuffle')!r} is not true or false")
            return False
        elif flag is False:
            data["shuffle"] = False
    if cell("partial_credit") and qtype != "multiple":
        r.warn(
            f"partial_credit applies to multiple questions only; not imported for {qtype}",
            line,
            qid,
        )
    return True


def _numeric_fields(
    answer: str,
    cell: Callable[[str], str],
    data: dict[str, Any],
    bad: Callable[..., None],
    r: _Reader,
    line: int,
) -> bool:
    span = re.fullmatch(r"\s*(\S+?)\s*\.\.\s*(\S+)\s*", answer)
    tolerance = cell("tolerance")
    if span:
        low, high = _parse_number(span.group(1)), _parse_number(span.group(2))
        if low is None or high is None or low > high:
            bad(f"answer {answer!r} is not a range min..max")
            return False
        data["range"] = [low, high]
        if tolerance:
            r.warn("a range needs no tolerance; the tolerance was not imported", line, data["id"])
    else:
        value = _parse_number(answer)
        if value is None:
            bad(f"answer {answer!r} is not a number or a range such as 10..15")
            return False
        data["answer"] = value
        if tolerance:
            spread = _parse_number(tolerance)
            if spread is None or spread < 0:
                bad(f"tolerance {tolerance!r} is not a number of 0 or more")
                return False
            if spread:
                data["tolerance"] = spread
    if cell("unit"):
        data["unit"] = cell("unit")
    return True


def _parse_bool(text: str) -> bool | None:
    folded = text.strip().lower()
    return True if folded in _TRUE else False if folded in _FALSE else None


def _optional_fields(
    cell: Callable[[str], str], data: dict[str, Any], bad: Callable[..., None]
) -> bool:
    if cell("time_limit"):
        value = _parse_number(cell("time_limit"))
        if value is None or not 5 <= value <= 600:
            bad(f"time_limit {cell('time_limit')!r} is not a number of seconds from 5 to 600")
            return False
        data["time_limit"] = value
    if cell("points"):
        value = _parse_number(cell("points"))
        if not isinstance(value, int) or not 0 <= value <= 10000:
            bad(f"points {cell('points')!r} is not a whole number from 0 to 10000")
            return False
        data["points"] = value
    if cell("image"):
        data["image"] = cell("image")
    if cell("alt"):
        data["alt"] = cell("alt")
    if cell("passage"):
        data["passage"] = cell("passage")
    if cell("valid_as_of"):
        try:
            data["valid_as_of"] = date.fromisoformat(cell("valid_as_of"))
        except ValueError:
            bad(
                f"valid_as_of {cell('valid_as_of')!r} is not a date written YYYY-MM-DD",
                "spreadsheet programs may reformat dates: format the column as text",
            )
            return False
    return True


def _assemble(sections: list[_Section], path: str, r: _Reader) -> ImportResult:
    """Merge the sections into one bank's data, checking ids and sources across rows."""
    sections = [s for s in sections if s.meta or s.sources or s.questions] or [_Section()]
    main = sections[0]
    meta: dict[str, Any] = {
        "id": main.meta.get("id", r.bank_id),
        "title": main.meta.get("title", Path(path).stem),
    }
    for key in ("description", "language", "version", "authors", "license"):
        if key in main.meta:
            meta[key] = main.meta[key]
    meta.setdefault("language", "en")
    version = str(meta.get("version", "1"))
    meta["version"] = int(version) if version.isdigit() else version
    if not _ID_RE.match(meta["id"]):
        r.warn(f"bank id {meta['id']!r} is not an id; used {r.bank_id!r}", main.meta_line)
        meta["id"] = r.bank_id
    sources: dict[str, dict[str, Any]] = {}
    passages: dict[str, dict[str, Any]] = {}
    questions: list[tuple[dict[str, Any], int]] = []
    for section in sections:
        if section is not main:
            r.warn(
                f"the file holds several banks: bank {section.meta.get('id', '?')!r} "
                f'("{section.meta.get("title", "")}") was merged into {meta["id"]!r}; its '
                "own title, description, authors and licence were not imported",
                section.meta_line,
                code="banks-merged",
                hint="split the file to keep each bank's metadata",
            )
        renames = _merge_sources(section, meta["id"], sources, r)
        for passage, _line in section.passages:
            for ref in _refs(passage):
                if ref["id"] in renames:
                    ref["id"] = renames[ref["id"]]
            passages.setdefault(passage["id"], passage)
        for q, line in section.questions:
            for ref in _refs(q):
                if ref["id"] in renames:
                    ref["id"] = renames[ref["id"]]
            questions.append((q, line))
    if (
        any(ref["id"] == "imported" for q, _ in questions for ref in _refs(q))
        and "imported" not in sources
    ):
        sources["imported"] = imported_source(Path(path).name, "a CSV spreadsheet")
    seen: set[str] = set()
    kept: list[dict[str, Any]] = []
    for q, line in questions:
        unknown = [ref["id"] for ref in _refs(q) if ref["id"] not in sources]
        if q["id"] in seen:
            r.error(
                f"question id {q['id']!r} is used twice; the second was not imported",
                line,
                q["id"],
                "give every question its own id",
                code="duplicate-id",
            )
            continue
        if unknown:
            r.error(
                f"source {unknown[0]!r} is not declared in a #source row; the question was "
                "not imported",
                line,
                q["id"],
                "add a row #source,ID,TITLE,PUBLISHER,URL,DATE",
                code="unknown-source",
            )
            continue
        seen.add(q["id"])
        kept.append(q)
    for name, count in r.missing.items():
        what = {
            "id": "ids <bank-id>-NNN",
            "topic": 'topic "Imported"',
            "difficulty": "difficulty 2 (medium)",
            "source": 'the source "imported" (add the real one)',
        }[name]
        r.warn(f"{count} question(s) had no {name}; they were given {what}", 0, code="defaults")
    if sources:
        meta["sources"] = list(sources.values())
    if not kept:
        return ImportResult(None, tuple(r.problems))
    found = {"passages": list(passages.values())} if passages else {}
    return ImportResult({"bank": meta, **found, "questions": kept}, tuple(r.problems))


def _merge_sources(
    section: _Section, bank_id: str, sources: dict[str, dict[str, Any]], r: _Reader
) -> dict[str, str]:
    renames: dict[str, str] = {}
    section_id = section.meta.get("id", bank_id)
    declared: set[str] = set()
    for source, line in section.sources:
        sid = source["id"]
        if sid in declared:
            r.error(
                f"source id {sid!r} is declared twice; the second was not imported",
                line,
                code="duplicate-source",
            )
            continue
        declared.add(sid)
        if sid not in sources:
            sources[sid] = source
        elif sources[sid] != source:
            new = f"{section_id}-{sid}"
            while new in sources:
                new += "-2"
            sources[new] = {**source, "id": new}
            renames[sid] = new
            r.warn(
                f"bank {section_id!r} declares source {sid!r} differently from an earlier "
                f"bank; it was renamed {new!r}",
                line,
                code="source-renamed",
            )
    return renames


# -- Kahoot! template: writing ------------------------------------------------------------------


def _nearest_time(seconds: float) -> int:
    return min(KAHOOT_TIMES, key=lambda t: (abs(t - seconds), -t))


def _kahoot_texts(q: Question, choices: tuple[str, ...]) -> tuple[str, list[str]] | str:
    """The prompt and answers to write, in the author's own words: the full ones where they
    fit Kahoot!'s limits, else the author's short forms; or why neither fits."""
    prompt = q.prompt
    if len(prompt) > KAHOOT_QUESTION_LIMIT:
        if q.short_prompt is None:
            return f"the prompt is {len(prompt)} characters; Kahoot! allows {KAHOOT_QUESTION_LIMIT}"
        if len(q.short_prompt) > KAHOOT_QUESTION_LIMIT:
            return (
                f"the short_prompt is {len(q.short_prompt)} characters; Kahoot! allows "
                f"{KAHOOT_QUESTION_LIMIT}"
            )
        prompt = q.short_prompt
    answers = list(choices)
    long = [i for i, c in enumerate(answers, 1) if len(c) > KAHOOT_ANSWER_LIMIT]
    if long:
        if not q.short_choices:
            return (
                f"choice {long[0]} is {len(answers[long[0] - 1])} characters; Kahoot! allows "
                f"{KAHOOT_ANSWER_LIMIT}"
            )
        too_long = [i for i, c in enumerate(q.short_choices, 1) if len(c) > KAHOOT_ANSWER_LIMIT]
        if too_long:
            return (
                f"short choice {too_long[0]} is {len(q.short_choices[too_long[0] - 1])} "
                f"characters; Kahoot! allows {KAHOOT_ANSWER_LIMIT}"
            )
        answers = list(q.short_choices)
    return prompt, answers


def _kahoot_rows(
    banks: Sequence[Bank], fmt: str
) -> tuple[list[list[Any]], list[Problem], list[Skipped]]:
    """The template's rows (row 1 first): title, instructions, header on row 8, questions."""
    problems: list[Problem] = []
    skipped: list[Skipped] = []

    def warn(code: str, message: str, qid: str | None = None, hint: str | None = None) -> None:
        problems.append(Problem(Severity.WARNING, code, message, question=qid, hint=hint))

    titles = "; ".join(b.title for b in banks) or "Civic Quiz"
    rows: list[list[Any]] = [
        [],
        [None, titles],
        [
            None,
            "Each question needs at least two answers, a time limit and at least one "
            "correct answer.",
        ],
        [
            None,
            f"Questions may have up to {KAHOOT_QUESTION_LIMIT} characters and answers up to "
            f"{KAHOOT_ANSWER_LIMIT}. For several correct answers, separate their numbers "
            "with a comma, e.g. 1,3.",
        ],
        [
            None,
            "Exported from Civic Quiz."
            + (
                " Kahoot! imports .xlsx files: save this CSV as .xlsx before uploading it."
                if fmt == "csv"
                else ""
            ),
        ],
        [],
        [],
        [None, *KAHOOT_HEADER],
    ]
    assert len(rows) == KAHOOT_HEADER_ROW
    untimed = 0
    number = 0
    for bank in banks:
        lost_meta = [
            k
            for k, v in (
                ("description", bank.description),
                ("authors", bank.authors),
                ("license", bank.license),
                ("sources", bank.sources),
            )
            if v
        ]
        warn(
            "not-exported-field",
            f"bank {bank.id!r}: the Kahoot! template has no place for "
            f"the bank's id, title{''.join(', ' + k for k in lost_meta)}; not exported",
        )
        for q in bank.questions:
            if q.type not in KAHOOT_TYPES:
                warn(
                    "not-exported",
                    f"{q.type.value} questions have no Kahoot! spreadsheet "
                    "form (only multiple choice and true/false); not exported",
                    q.id,
                )
                skipped.append(
                    Skipped(q.id, f"{q.type.value} questions (no Kahoot! spreadsheet form)")
                )
                continue
            if q.type is QuestionType.TRUE_FALSE:
                choices: tuple[str, ...] = ("True", "False")
                correct: tuple[int, ...] = (0,) if q.truth else (1,)
            else:
                choices, correct = q.choices, q.correct
            if len(choices) > 4:
                warn(
                    "not-exported",
                    f"the question has {len(choices)} choices; Kahoot! allows 4; not exported",
                    q.id,
                    "remove wrong choices to fit Kahoot!",
                )
                skipped.append(Skipped(q.id, "more than 4 choices (Kahoot! allows 4)"))
                continue
            fitted = _kahoot_texts(q, choices)
            if isinstance(fitted, str):
                warn(
                    "not-exported",
                    f"{fitted}; not exported (Kahoot! export never cuts a question's words)",
                    q.id,
                    f"add a `short_prompt` (at most {KAHOOT_QUESTION_LIMIT} characters) or "
                    f"`short_choices` (at most {KAHOOT_ANSWER_LIMIT} each) that still say "
                    "everything that decides the answer",
                )
                skipped.append(Skipped(q.id, "too long for Kahoot! (120/75 characters)"))
                continue
            prompt, answers = fitted
            if q.time_limit is None:
                time = KAHOOT_DEFAULT_TIME
                untimed += 1
            else:
                time = _nearest_time(q.time_limit)
                if time != q.time_limit:
                    warn(
                        "time-limit",
                        f"time_limit {q.time_limit:g} s is not one of Kahoot!'s "
                        f"({', '.join(map(str, KAHOOT_TIMES))}); wrote {time} s",
                        q.id,
                    )
            if q.type is QuestionType.MULTIPLE and len(correct) == 1:
                warn(
                    "type-changes",
                    "a multiple question with one correct choice reads back from Kahoot! as single",
                    q.id,
                )
            if q.type is QuestionType.SINGLE and sorted(_fold(c) for c in choices) == [
                "false",
                "true",
            ]:
                warn(
                    "type-changes",
                    "choices True and False read back from Kahoot! as a true_false question",
                    q.id,
                )
            lost = ["id", "topic", "difficulty"]
            lost += [
                name
                for name, value in (
                    ("explanation", q.explanation),
                    ("source", q.source),
                    ("tags", q.tags),
                    ("points", q.points),
                    ("image", q.image),
                    ("valid_as_of", q.valid_as_of),
                    ("partial_credit", q.partial_credit),
                )
                if value
            ]
            warn(
                "not-exported-field",
                f"the Kahoot! template has no column for {', '.join(lost)}; not exported",
                q.id,
            )
            number += 1
            correct_cell: Any = (
                ",".join(str(i + 1) for i in correct) if len(correct) > 1 else correct[0] + 1
            )
            rows.append(
                [number, prompt, *answers, *[None] * (4 - len(answers)), time, correct_cell]
            )
    if untimed:
        warn(
            "time-limit",
            f"{untimed} question(s) had no time_limit; wrote Kahoot!'s default "
            f"{KAHOOT_DEFAULT_TIME} s (it reads back as time_limit {KAHOOT_DEFAULT_TIME})",
        )
    return rows, problems, skipped


def write_kahoot_csv(banks: Sequence[Bank]) -> ExportResult:
    """The Kahoot! template's layout as CSV (save it as .xlsx before uploading to Kahoot!)."""
    rows, problems, skipped = _kahoot_rows(banks, "csv")
    return ExportResult(_write_csv_text(rows), tuple(problems), tuple(skipped))


def write_xlsx(banks: Sequence[Bank]) -> ExportResult:
    """The Kahoot! quiz template as .xlsx: header on row 8 (B–H), one question per row after."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    rows, problems, skipped = _kahoot_rows(banks, "xlsx")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sheet1"
    for row_number, row in enumerate(rows, 1):
        for column, value in enumerate(row, 1):
            if value is None:
                continue
            cell = sheet.cell(row=row_number, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text starting with "=" stays text, never a formula
            if row_number == KAHOOT_HEADER_ROW:
                cell.font = Font(bold=True)
                cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet["B2"].font = Font(bold=True, size=14)
    for letter, width in zip("ABCDEFGH", (5, 60, 30, 30, 30, 30, 18, 18), strict=True):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return ExportResult(out.getvalue(), tuple(problems), tuple(skipped))


# The example question on row 9 of Kahoot!'s own template (compared by `case_key`).
KAHOOT_EXAMPLE_PROMPT = "which spreadsheet tools can read this sheet and export to xlsx format?"

# -- Kahoot! template: reading ------------------------------------------------------------------


@dataclass(frozen=True)
class _KahootColumns:
    question: int
    answers: dict[int, int]  # answer number 1–4 -> column index
    time: int | None
    correct: int
    explanation: int | None = None  # kahoot-quiz-generator's CSV adds one
    correct_by_text: bool = False  # its "Option N" layout names the correct answer by its text


def _kahoot_header(cells: list[str]) -> _KahootColumns | None:
    names = [c.strip().lower() for c in cells]
    question = next((i for i, n in enumerate(names) if n.startswith("question")), None)
    answers: dict[int, int] = {}
    for index, name in enumerate(names):
        match = re.match(r"^(?:answer|option)\s*([1-4])(?!\d)", name)
        if match and int(match.group(1)) not in answers:
            answers[int(match.group(1))] = index
    correct = next((i for i, n in enumerate(names) if n.startswith("correct")), None)
    if question is None or 1 not in answers or correct is None:
        return None
    time = next((i for i, n in enumerate(names) if n.startswith("time")), None)
    explanation = next((i for i, n in enumerate(names) if n.startswith("explanation")), None)
    by_text = names[answers[1]].startswith("option")
    return _KahootColumns(question, answers, time, correct, explanation, by_text)


def _read_kahoot_rows(rows: Iterable[tuple[int, list[Any]]], path: str, fmt: str) -> ImportResult:
    problems: list[Problem] = []
    bank_id = kebab(Path(path).stem)

    def error(message: str, line: int, hint: str | None = None, code: str = "bad-row") -> None:
        problems.append(Problem(Severity.ERROR, code, message, path, line, 0, None, hint))

    def warn(message: str, line: int, qid: str | None, code: str = "time-limit") -> None:
        problems.append(Problem(Severity.WARNING, code, message, path, line, 0, qid))

    columns: _KahootColumns | None = None
    questions: list[dict[str, Any]] = []
    ordinal = 0
    for line, raw_cells in rows:
        cells = [_cell_text(v) for v in raw_cells]
        if columns is None:
            columns = _kahoot_header(cells)
            continue

        def at(index: int | None, cells: list[str] = cells) -> str:
            return cells[index] if index is not None and index < len(cells) else ""

        prompt = at(columns.question)
        slots = {n: at(i) for n, i in columns.answers.items()}
        time_text, correct_text = at(columns.time), at(columns.correct)
        if not prompt and not any(slots.values()) and not correct_text:
            continue  # an empty (perhaps pre-numbered) template row
        if case_key(prompt) == KAHOOT_EXAMPLE_PROMPT and case_key(slots.get(1, "")) == "excel":
            problems.append(
                Problem(
                    Severity.WARNING,
                    "kahoot-example",
                    f"row {line} is the example question of Kahoot!'s template "
                    f"({prompt!r}); not imported",
                    path,
                    line,
                    hint="overwrite the example row with your first question",
                )
            )
            continue
        ordinal += 1
        qid = f"{bank_id}-{ordinal:03d}"
        question = _kahoot_question(
            prompt,
            slots,
            time_text,
            correct_text,
            line,
            qid,
            ordinal,
            error,
            warn,
            columns.correct_by_text,
        )
        explanation = at(columns.explanation)
        if question is not None and explanation:
            question = _with_explanation(question, explanation)
        if question is not None:
            questions.append(question)
    if columns is None:
        error(
            'no Kahoot! header row found (a row with "Question", "Answer 1"… and '
            '"Correct answer(s)" cells)',
            1,
            "start from the Kahoot! quiz template: header on row 8, questions from row 9",
            code="kahoot-header",
        )
        return ImportResult(None, tuple(problems))
    if not questions:
        if not any(p.is_error for p in problems):
            error("the template has no questions below its header row", 1, code="no-questions")
        return ImportResult(None, tuple(problems))
    problems.append(
        Problem(
            Severity.WARNING,
            "defaults",
            (
                "the sheet has no topics or difficulty"
                if any("explanation" in q for q in questions)
                else "the Kahoot! template has no topics, difficulty or explanations"
            )
            + ': every question got topic "Imported" and difficulty 2 (medium)',
            path,
            0,
            0,
            None,
            "set each question's topic and difficulty, and add explanations",
        )
    )
    bank = {
        "id": bank_id,
        "title": Path(path).stem,
        "language": "en",
        "version": 1,
        "sources": [imported_source(Path(path).name, fmt)],
    }
    return ImportResult({"bank": bank, "questions": questions}, tuple(problems))


def _kahoot_question(
    prompt: str,
    slots: dict[int, str],
    time_text: str,
    correct_text: str,
    line: int,
    qid: str,
    ordinal: int,
    error: Callable[..., None],
    warn: Callable[..., None],
    correct_by_text: bool = False,
) -> dict[str, Any] | None:
    def bad(message: str, hint: str | None = None) -> None:
        error(f"row {line}: {message}; the question was not imported", line, hint)

    if not prompt:
        bad("the question cell is empty")
        return None
    numbered = {n: text for n, text in sorted(slots.items()) if text}
    if len(numbered) < 2:
        bad(f"it has {len(numbered)} answer(s); Kahoot! questions need at least 2")
        return None
    folded = [_fold(t) for t in numbered.values()]
    if any(not r.case_only for r in repeats(numbered.values())):
        bad("two answers are the same", "make every answer different")
        return None
    parts = [p for p in re.split(r"[,;\s]+", correct_text) if p]
    numbers = [_parse_number(p) for p in parts]
    by_text = [n for n, text in numbered.items() if same_key(text) == same_key(correct_text)]
    if correct_by_text and by_text:
        parts, numbers = [str(by_text[0])], [by_text[0]]  # the correct answer's text
    if not parts or any(not isinstance(n, int) for n in numbers):
        bad(
            f"correct answer(s) {correct_text!r} must be answer numbers such as 2 or 1,3",
            "write the number of each correct answer, separated by commas",
        )
        return None
    wrong = [n for n in numbers if n not in numbered]
    if wrong:
        bad(f"correct answer {wrong[0]} names an empty or missing answer")
        return None
    position = {n: i for i, n in enumerate(numbered)}
    correct = sorted({position[n] for n in numbers if isinstance(n, int)})
    choices = list(numbered.values())
    data: dict[str, Any] = {"id": qid, "topic": "Imported", "difficulty": 2, "prompt": prompt}
    if sorted(folded) == ["false", "true"] and len(correct) == 1:
        data["type"] = "true_false"
        data["answer"] = folded[correct[0]] == "true"
    elif len(correct) == 1:
        data.update(type="single", choices=choices, answer=correct[0] + 1)
    else:
        data.update(
            type="multiple", choices=choices, answers=[i + 1 for i in correct], partial_credit=False
        )
    data["source"] = {"id": "imported", "locator": f"question {ordinal}"}
    if time_text:
        seconds = _parse_number(time_text)
        if seconds is not None and seconds > 600 and seconds / 1000 in KAHOOT_TIMES:
            warn(f"time limit {time_text} read as milliseconds: {seconds / 1000:g} s", line, qid)
            seconds = int(seconds / 1000)
        if seconds is None or not 5 <= seconds <= 600:
            warn(
                f"time limit {time_text!r} is not a number of seconds from 5 to 600; not imported",
                line,
                qid,
            )
        else:
            if seconds not in KAHOOT_TIMES:
                warn(
                    f"time limit {seconds:g} s is not one Kahoot! allows "
                    f"({', '.join(map(str, KAHOOT_TIMES))}); imported as it is",
                    line,
                    qid,
                )
            data["time_limit"] = seconds
    # Keep the key order of the bank format (type first).
    order = [
        "id",
        "type",
        "topic",
        "difficulty",
        "prompt",
        "choices",
        "answer",
        "answers",
        "partial_credit",
        "source",
        "time_limit",
    ]
    return {k: data[k] for k in order if k in data}


def _with_explanation(question: dict[str, Any], explanation: str) -> dict[str, Any]:
    """`question` with an explanation, placed where the bank format puts it (before source)."""
    out: dict[str, Any] = {}
    for key, value in question.items():
        if key == "source":
            out["explanation"] = explanation
        out[key] = value
    return out


def read_kahoot_csv(raw: bytes, path: str) -> ImportResult:
    """Read the Kahoot! template saved as CSV (header row found wherever it is)."""
    text, problem = decode_text(raw, path, _NOT_UTF8_HINT, utf16=True)
    if text is None:
        return ImportResult(None, (problem,) if problem else ())
    rows, problems = _csv_rows(text, ",", path)
    for delimiter in (";", "\t"):  # European Excel writes `;`; "Unicode text" uses tabs
        if any(_kahoot_header(cells) for _, cells in rows):
            break
        rows, problems = _csv_rows(text, delimiter, path)
    result = _read_kahoot_rows(rows, path, "a Kahoot! spreadsheet (CSV)")
    return ImportResult(result.data, tuple(problems) + result.problems)


def read_xlsx(raw: bytes, path: str) -> ImportResult:
    """Read the Kahoot! template (.xlsx): the first sheet with a Kahoot! header row."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on damaged or foreign files
        return ImportResult(
            None,
            (
                Problem(
                    Severity.ERROR,
                    "not-xlsx",
                    f"cannot open the file as an .xlsx workbook ({type(exc).__name__}: {exc})",
                    path,
                    0,
                    0,
                    None,
                    "save it from your spreadsheet program as Excel Workbook (.xlsx)",
                ),
            ),
        )
    try:
        sheets: list[Any] = [book.active] if book.active is not None else []
        sheets += [s for s in book.worksheets if s not in sheets]
        result: ImportResult | None = None
        for sheet in sheets:
            rows = [
                (number, list(values))
                for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), 1)
            ]
            result = _read_kahoot_rows(rows, path, "a Kahoot! spreadsheet (.xlsx)")
            if not any(p.code == "kahoot-header" for p in result.problems):
                if len(sheets) > 1:
                    result = ImportResult(
                        result.data,
                        tuple(
                            Problem(
                                p.severity,
                                p.code,
                                f"{p.message} (sheet {sheet.title!r})" if p.line else p.message,
                                p.path,
                                p.line,
                                p.column,
                                p.question,
                                p.hint,
                            )
                            for p in result.problems
                        ),
                    )
                return result
        return result or ImportResult(
            None, (Problem(Severity.ERROR, "kahoot-header", "the workbook has no sheets", path),)
        )
    finally:
        book.close()
