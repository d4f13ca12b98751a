"""The Kahoot! quiz template, as CSV and as .xlsx.

Kahoot! imports quizzes only from its spreadsheet template, so banks must go both ways through it.
(Civic Quiz's own lossless CSV is game.content.formats.civic_csv.)

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

import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.content.format import KAHOOT_ANSWER_LIMIT as _ANSWER_LIMIT
from game.content.format import KAHOOT_PROMPT_LIMIT
from game.content.formats import ExportResult, ImportResult, Skipped
from game.content.formats.codes import FormatCode
from game.content.formats.common import decode_text, imported_source, kebab
from game.content.formats.exchange.registry import exchange
from game.content.formats.sheet_cells import (
    _NOT_UTF8_HINT,
    _cell_text,
    _csv_rows,
    _parse_number,
    _write_csv_text,
)
from game.content.problems import Problem, Severity
from game.content.sameness import case_key, repeats, same_key
from game.core.model import Bank, Question, QuestionType

__all__ = [
    "KAHOOT_HEADER",
    "KAHOOT_TIMES",
    "read_kahoot_csv",
    "read_xlsx",
    "write_kahoot_csv",
    "write_xlsx",
]

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


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


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
            why = exchange(q).not_written.get("xlsx" if fmt == "xlsx" else "kahoot-csv")
            if why is not None:
                warn(
                    FormatCode.QUESTION_SKIPPED,
                    f"{q.type.value} question {q.id} is not exported: {why} (only multiple "
                    "choice and true/false)",
                    q.id,
                )
                skipped.append(Skipped(q.id, f"{q.type.value} questions ({why})"))
                continue
            choices, correct = exchange(q).kahoot(q)
            if len(choices) > 4:
                warn(
                    FormatCode.QUESTION_SKIPPED,
                    f"the question has {len(choices)} choices; Kahoot! allows 4; not exported",
                    q.id,
                    "remove wrong choices to fit Kahoot!",
                )
                skipped.append(Skipped(q.id, "more than 4 choices (Kahoot! allows 4)"))
                continue
            fitted = _kahoot_texts(q, choices)
            if isinstance(fitted, str):
                warn(
                    FormatCode.QUESTION_SKIPPED,
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
