"""Aiken import: teachers' one-line multiple-choice questions, read the way Moodle reads them.

Aiken is the simplest question format in circulation (Moodle, many LMSs and question generators
write it), so it is often the only thing a teacher has. The rules follow Moodle's importer
(`question/format/aiken/format.php`), because that is what files are tested against:

    What is the supreme law of the land?     <- the question: one line with no recognised prefix
    A) The Constitution                      <- a choice: capital letter, `)` or `.`, optional
    B. The Declaration of Independence          space or tab (`A)Text` is accepted)
    ANSWER: A                                <- `ANSWER:` in capitals ends the question; only the
                                                first character after the colon counts
- Lines are trimmed; lines shorter than 2 bytes (blank lines) are ignored. A UTF-8 byte-order
  mark is removed (Notepad and the AikenDoc samples write one); UTF-16 with a BOM is read too.
- Choices count by position, whatever their letters: `ANSWER: C` is the third choice.
- Errors use Moodle's wording and line numbers: "Question must have at least 2 answers on line
  N", "Question not started on line N", "Question not completed before next question start on
  line N". Our numbers are real line numbers (Moodle counts every line of a CRLF file twice).
  Two cases Moodle passes over silently are errors here too, so nothing disappears unreported: a
  question still open at the end of the file, and an ANSWER letter that names no choice.
- Moodle escapes `< > &` because it stores HTML. Civic Quiz stores plain text and shows it as
  plain text, so these characters are kept exactly as written; no escaping is needed.

Every imported question is a `single` question citing the declared "imported" source. Aiken has
no topics, difficulty, ids or feedback, so questions get topic "Imported", difficulty 2 (one
warning per file says so) and ids `<bank-id>-NNN`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from game.content.formats import ImportResult
from game.content.formats.common import decode_text, imported_source, kebab
from game.content.problems import Problem, Severity
from game.content.sameness import case_key, same_key

__all__ = ["read"]

MAX_CHOICES = 9  # what a `single` question holds (game.content.format)
_CHOICE = re.compile(r"^[A-Z][).][ \t]?")
_ANSWER = re.compile(r"^ANSWER:")
_LOOKS_LIKE_ANSWER = re.compile(r"^answer\s*[:=]", re.IGNORECASE)
_LOOKS_LIKE_CHOICE = re.compile(r"^[A-Za-z][,:;\-\]]\s")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_NOT_UTF8_HINT = 'save the file as UTF-8 ("Unicode") text and import it again'


def _short(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Open:
    """The question being read: its text and the choices seen so far."""

    def __init__(self, prompt: str, line: int) -> None:
        self.prompt = prompt
        self.line = line
        self.choices: list[tuple[str, str, int]] = []  # (text, letter, line)


def read(raw: bytes, path: str) -> ImportResult:
    """Import an Aiken file: single-answer questions, errors with Moodle's line numbers."""
    text, problem = decode_text(raw, path, _NOT_UTF8_HINT, utf16=True)
    if text is None:
        return ImportResult(None, (problem,) if problem else ())
    problems: list[Problem] = []
    bank_id = kebab(Path(path).stem)
    name = Path(path).name

    def error(code: str, message: str, line: int, hint: str | None = None) -> None:
        problems.append(Problem(Severity.ERROR, code, message, path, line, 1, None, hint))

    questions: list[dict[str, Any]] = []
    current: _Open | None = None
    for number, raw_line in enumerate(_LINE_BREAK.split(text), 1):
        line = raw_line.strip()
        if len(line.encode("utf-8")) < 2:  # Moodle: strlen($nowline) < 2, in bytes
            continue
        if _CHOICE.match(line):
            if current is None:
                error(
                    "aiken-not-started",
                    f"Question not started on line {number}: a choice "
                    "comes before any question text",
                    number,
                    "put the question on its own line above its choices",
                )
                continue
            current.choices.append((line[2:].strip(), line[0], number))
        elif _ANSWER.match(line):
            if current is None:
                error(
                    "aiken-not-started",
                    f"Question not started on line {number}: an ANSWER "
                    "line comes before any question text (or repeats the previous one)",
                    number,
                    "each question has exactly one ANSWER line, after its choices",
                )
                continue
            question = _finish(current, line, number, len(questions) + 1, bank_id, path, problems)
            if question is not None:
                questions.append(question)
            current = None
        else:
            if current is not None:
                hint = "end every question with a line `ANSWER: X` before the next question"
                if _LOOKS_LIKE_ANSWER.match(line):
                    hint = "write the answer line as `ANSWER: X` (capitals, then a colon)"
                elif _LOOKS_LIKE_CHOICE.match(line):
                    hint = "label choices with a capital letter and `)` or `.`, e.g. `A) text`"
                error(
                    "aiken-not-completed",
                    f"Question not completed before next question "
                    f"start on line {number}; the question on line {current.line} "
                    f'("{_short(current.prompt)}") was not imported',
                    number,
                    hint,
                )
            current = _Open(line, number)
    if current is not None:
        error(
            "aiken-not-completed",
            f"Question not completed: the question on line "
            f'{current.line} ("{_short(current.prompt)}") has no ANSWER line before the end '
            "of the file and was not imported",
            current.line,
            "end it with a line `ANSWER: X`",
        )
    if not questions:
        if not problems:
            error(
                "no-questions",
                "no Aiken questions found",
                1,
                "write the question, its choices `A) …`, then `ANSWER: A`",
            )
        return ImportResult(None, tuple(problems))
    problems.append(
        Problem(
            Severity.WARNING,
            "defaults",
            "Aiken has no topics or difficulty: "
            'every question got topic "Imported" and difficulty 2 (medium)',
            path,
            0,
            0,
            None,
            "set each question's topic and difficulty",
        )
    )
    bank = {
        "id": bank_id,
        "title": Path(path).stem,
        "language": "en",
        "version": 1,
        "sources": [imported_source(name, "Aiken")],
    }
    return ImportResult({"bank": bank, "questions": questions}, tuple(problems))


def _finish(
    current: _Open,
    line: str,
    number: int,
    ordinal: int,
    bank_id: str,
    path: str,
    problems: list[Problem],
) -> dict[str, Any] | None:
    """Turn an open question and its ANSWER line into question data (None, reported, if bad)."""

    def problem(
        severity: Severity,
        code: str,
        message: str,
        at: int,
        qid: str | None = None,
        hint: str | None = None,
    ) -> None:
        problems.append(Problem(severity, code, message, path, at, 1, qid, hint))

    choices = current.choices
    where = f'"{_short(current.prompt)}" (line {current.line})'
    if len(choices) < 2:
        problem(
            Severity.ERROR,
            "aiken-too-few-answers",
            f"Question must have at least 2 answers "
            f"on line {number}: {where} has {len(choices)} and was not imported",
            number,
            hint="give at least two choices, `A) …` and `B) …`",
        )
        return None
    letter = line[len("ANSWER:") :].strip()[:1]
    index = ord(letter) - ord("A") if letter else -1
    if not 0 <= index < len(choices):
        labels = [c[1] for c in choices]
        said = f"ANSWER: {letter}" if letter else "the ANSWER line is empty and"
        problem(
            Severity.ERROR,
            "aiken-bad-answer",
            f"{said} names no choice of {where}: it has "
            f"{len(choices)} choices (labelled {labels[0]}–{labels[-1]}) and Aiken counts "
            "them by position, A being the first; the question was not imported",
            number,
            hint=f"write `ANSWER: ` and a capital letter from A to {chr(64 + len(choices))}",
        )
        return None
    qid = f"{bank_id}-{ordinal:03d}"
    if len(choices) > MAX_CHOICES:
        problem(
            Severity.WARNING,
            "too-many-choices",
            f"{where} has {len(choices)} choices; a "
            f"Civic Quiz question holds at most {MAX_CHOICES}, so it was not imported",
            current.line,
            qid,
            "split it or remove wrong choices, then import again",
        )
        return None
    expected = [chr(ord("A") + i) for i in range(len(choices))]
    if [c[1] for c in choices] != expected:
        problem(
            Severity.WARNING,
            "aiken-labels",
            f"the choices of {where} are labelled "
            f"{', '.join(c[1] for c in choices)}; Aiken counts them by position, so ANSWER: "
            f'{letter} is choice {index + 1} ("{_short(choices[index][0])}")',
            choices[0][2],
            qid,
            "check that the right answer was kept",
        )
    empty = [c for c in choices if not c[0]]
    if empty:
        problem(
            Severity.ERROR,
            "aiken-empty-choice",
            f"choice {empty[0][1]} of {where} has no text; the question was not imported",
            empty[0][2],
            hint="write the choice's text after its label, e.g. `B) Congress`",
        )
        return None
    texts = _distinct(choices, where, qid, path, problems)
    return {
        "id": qid,
        "type": "single",
        "topic": "Imported",
        "difficulty": 2,
        "prompt": current.prompt,
        "choices": texts,
        "answer": index + 1,
        "source": {"id": "imported", "locator": f"question {ordinal}"},
    }


def _distinct(
    choices: list[tuple[str, str, int]], where: str, qid: str, path: str, problems: list[Problem]
) -> list[str]:
    """Choices must differ (exactly, after NFC); number repeated ones so they do, and warn on
    case-only differences."""
    seen: dict[str, int] = {}
    folded: dict[str, int] = {}
    out: list[str] = []
    for index, (text, _label, line) in enumerate(choices):
        key = same_key(text)
        if key in seen:
            renamed = f"{text} ({chr(ord('A') + index)})"
            problems.append(
                Problem(
                    Severity.WARNING,
                    "duplicate-choice",
                    f"choice {chr(ord('A') + index)} of "
                    f'{where} repeats choice {chr(ord("A") + seen[key])} ("{text}"); it was '
                    f'imported as "{renamed}" so the choices differ',
                    path,
                    line,
                    1,
                    qid,
                    "reword the choices (they may have pointed at images Aiken cannot carry)",
                )
            )
            text = renamed
            key = same_key(text)
        elif case_key(text) in folded:
            problems.append(
                Problem(
                    Severity.WARNING,
                    "case-only-difference",
                    f'choice {chr(ord("A") + index)} of {where} ("{text}") differs from '
                    f"choice {chr(ord('A') + folded[case_key(text)])} only in upper/lower case",
                    path,
                    line,
                    1,
                    qid,
                    "fine if the case matters (GB and Gb); otherwise reword one of them",
                )
            )
        folded.setdefault(case_key(text), index)
        seen[key] = index
        out.append(text)
    return out
