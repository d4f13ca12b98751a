"""Civic Quiz's own CSV: one row per question, lossless for every question type it has columns
for (each type's columns are read and written by its module in game.content.formats.exchange;
`cloze` has none yet and is skipped).

Teachers keep questions in spreadsheets, so banks must go both ways through CSV. (The Kahoot!
template, the other spreadsheet format, is game.content.formats.kahoot.)

Civic Quiz CSV (`read_csv` / `write_csv`): one row per question.
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
case; unknown columns are reported and ignored), so hand-made sheets work. Per type (each in
its exchange module's `csv_read` / `csv_write`):
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
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from game.content.bank_io import question_to_data, source_to_data
from game.content.formats import ExportResult, ImportResult, Skipped
from game.content.formats.codes import FormatCode
from game.content.formats.common import decode_text, imported_source, kebab
from game.content.formats.exchange.base import CsvRow, parse_bool
from game.content.formats.exchange.registry import exchange
from game.content.formats.sheet_cells import (
    _NOT_UTF8_HINT,
    _cell_text,
    _csv_rows,
    _number_text,
    _parse_number,
    _write_csv_text,
)
from game.content.problems import Problem, Severity
from game.core.model import Bank, QuestionType, SourceKind

__all__ = ["read_csv", "write_csv"]

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
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_CHOICE_COLUMN = re.compile(r"^choice[ _]?(\d+)$")
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


def _delimiter(text: str, is_header: Callable[[str], bool]) -> str:
    """`,` unless the header line uses `;` (European Excel) or tabs more."""
    for line in text.splitlines():
        if is_header(line):
            counts = {d: line.count(d) for d in (",", ";", "\t")}
            best = max(counts, key=lambda d: counts[d])
            return best if counts[best] else ","
    return ","


# -- Civic Quiz CSV: writing --------------------------------------------------------------------


def _entries(data: dict[str, Any]) -> list[str]:
    """What goes into the choice columns for a question (as `question_to_data` gives it)."""
    return exchange(QuestionType(data["type"])).csv_write(data)[0]


def _answer_cells(data: dict[str, Any]) -> dict[str, str]:
    cells = dict(exchange(QuestionType(data["type"])).csv_write(data)[1])
    if data.get("shuffle") is False:
        cells["shuffle"] = "false"
    return cells


def write_csv(banks: Sequence[Bank]) -> ExportResult:
    """Civic Quiz's own CSV: every question type it has columns for and all metadata, readable
    by `read_csv`; a question of a type CSV declines is skipped with the reason."""
    problems: list[Problem] = []
    skipped: list[Skipped] = []
    datas: list[list[dict[str, Any]]] = []
    for bank in banks:
        datas.append([])
        for q in bank.questions:
            why = exchange(q).not_written.get("csv")
            if why is None:
                datas[-1].append(question_to_data(q))
                continue
            skipped.append(Skipped(q.id, f"{q.type.value} questions ({why})"))
            problems.append(
                Problem(
                    Severity.WARNING,
                    FormatCode.QUESTION_SKIPPED,
                    f"{q.type.value} question {q.id} is not exported: {why}",
                    bank.path,
                    question=q.id,
                )
            )
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
    return ExportResult(_write_csv_text(rows), tuple(problems), tuple(skipped))


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
    """The type's own columns, read by its exchange module (game.content.formats.exchange),
    and a warning for each shared column the type does not use."""
    answer = cell("answer")
    qid = data["id"]
    mapping = exchange(QuestionType(qtype))
    why = mapping.not_written.get("csv")
    if why is not None:
        bad(f"{qtype} questions cannot be read from CSV ({why})")
        return False
    row = CsvRow(entries, answer, cell, data, bad, lambda message: r.warn(message, line, qid))
    if not mapping.csv_read(row):
        return False
    if not mapping.csv_choices and entries:
        r.warn(f"a {qtype} question has no choices; the choice cells were not imported", line, qid)
    if not mapping.csv_answer and answer:
        r.warn(
            f"the answer column is not used by {qtype} questions; {answer!r} was not imported",
            line,
            qid,
        )
    if cell("shuffle"):
        flag = parse_bool(cell("shuffle"))
        if not mapping.csv_shuffle:
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
