"""US civics test datasets (JSON) as Civic Quiz banks of typed-answer questions.

The USCIS naturalization civics test is the best-known civics question list, and two openly
licensed datasets hold it (FORMATS.md §9). Both are read, told apart by shape:

- talesin/civics100 (2025 test, 128 questions): a JSON list of
  `{theme, section, question, questionNumber, expectedAnswers, answers: {_type, choices}}`,
  optionally with `distractors` (questions-with-distractors-2025.json). A trailing ` *` on the
  question marks the 20 questions of the "65/20" list for older applicants.
- kaladron/uscis_test (2008 test, 100 questions): a JSON object keyed "1"…"100" of
  `{question, answers, extra_answers?, over65?, must_answer?, only_extra_answers?,
  outside_record?, us_answer?}`.

Mapping (every question becomes a `text` question; the player types the answer):
- accepted answers: talesin `answers.choices`; kaladron `answers` then `extra_answers`. USCIS
  writes optional words in parentheses ("(U.S.) Constitution", "(George) Washington"), and the
  game compares typed text strictly, so each answer with parentheses is followed by a variant
  without them ("Constitution", "Washington") unless one already matches. A whole answer in
  square brackets is a USCIS note ("[Also acceptable are …]"): it becomes the explanation.
- topic: talesin `section` (its `theme`, e.g. AMERICAN GOVERNMENT, becomes a kebab-case tag).
  kaladron has no sections; when the file is the 2008 test (keys 1–100, question 1 about the
  supreme law) the sections of the published 2008 test are used by question number, otherwise
  "Imported". A warning says where the topics came from.
- the 65/20 marker (talesin ` *`, kaladron `over65`) → tag `65-20`.
- answers that vary by state or officeholder (talesin `_type` senator / representative /
  governor / capital, kaladron `outside_record` / `us_answer`): the per-state tables and the
  "Answers will vary" / "Visit uscis.gov…" texts cannot be a fixed answer, so such a question
  is imported only if it still has fixed answers, and each gets a warning. No `valid_as_of` is
  invented: the datasets carry no date. Questions about who holds an office "now" that do have
  a fixed list (talesin) are imported with a warning that the answer changes.
- several answers required (talesin `expectedAnswers` > 1, kaladron `must_answer`): a text
  question takes one typed answer, so any one listed answer is accepted; a warning says so.
- difficulty 2 (one warning per file); ids `<bank-id>-NNN` from the question number; every
  question cites the declared source "imported" at "question N".
"""

from __future__ import annotations

import bisect
import json
import re
from pathlib import Path
from typing import Any

from game.content.formats import ImportResult
from game.content.formats.common import decode_text, imported_source, kebab
from game.content.problems import Problem, Severity
from game.core.answers import answer_key

__all__ = ["read"]

VARYING_TYPES = ("senator", "representative", "governor", "capital")
TALESIN_KEYS = {
    "theme",
    "section",
    "question",
    "questionNumber",
    "expectedAnswers",
    "answers",
    "distractors",
    "_tag",
}
KALADRON_KEYS = {
    "question",
    "answers",
    "extra_answers",
    "over65",
    "must_answer",
    "only_extra_answers",
    "outside_record",
    "us_answer",
}
SENIOR_TAG = "65-20"
# The published 2008 civics test, by question number: (theme, section).
SECTIONS_2008 = (
    (12, "American Government", "Principles of American Democracy"),
    (47, "American Government", "System of Government"),
    (57, "American Government", "Rights and Responsibilities"),
    (70, "American History", "Colonial Period and Independence"),
    (77, "American History", "1800s"),
    (87, "American History", "Recent American History and Other Important Historical Information"),
    (95, "Integrated Civics", "Geography"),
    (98, "Integrated Civics", "Symbols"),
    (100, "Integrated Civics", "Holidays"),
)
_PLACEHOLDER = re.compile(r"^\s*(answers will vary|visit uscis\.gov)", re.IGNORECASE)
_NOTE = re.compile(r"^\s*\[(.*)\]\s*$", re.DOTALL)
_PARENS = re.compile(r"\s*\([^()]*\)")
_NOW = re.compile(r"\bnow\b", re.IGNORECASE)


def _top_items(text: str) -> tuple[str, list[tuple[str | None, Any, int]]]:
    """The top-level entries of valid JSON with their line: ("list"|"object"|"other", items)."""
    decoder = json.JSONDecoder()
    breaks = [i for i, ch in enumerate(text) if ch == "\n"]

    def line_of(offset: int) -> int:
        return bisect.bisect_left(breaks, offset) + 1

    def skip(i: int) -> int:
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        return i

    i = skip(0)
    if i >= len(text) or text[i] not in "[{":
        return "other", []
    kind = "list" if text[i] == "[" else "object"
    closing = "]" if kind == "list" else "}"
    items: list[tuple[str | None, Any, int]] = []
    i = skip(i + 1)
    while i < len(text) and text[i] != closing:
        key = None
        start = i
        if kind == "object":
            key, i = decoder.raw_decode(text, i)
            i = skip(i) + 1  # the colon
            i = skip(i)
        value, i = decoder.raw_decode(text, i)
        items.append((key, value, line_of(start)))
        i = skip(i)
        if i < len(text) and text[i] == ",":
            i = skip(i + 1)
    return kind, items


class _Import:
    """Collects questions and problems for one file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.bank_id = kebab(Path(path).stem)
        self.problems: list[Problem] = []
        self.questions: list[dict[str, Any]] = []
        self.ids: set[str] = set()
        self.variants = 0

    def warn(
        self, code: str, message: str, line: int, qid: str | None, hint: str | None = None
    ) -> None:
        self.problems.append(
            Problem(Severity.WARNING, code, message, self.path, line, 1 if line else 0, qid, hint)
        )

    def error(self, code: str, message: str, line: int, hint: str | None = None) -> None:
        self.problems.append(
            Problem(Severity.ERROR, code, message, self.path, line, 1 if line else 0, None, hint)
        )

    def qid(self, number: int | None, ordinal: int) -> str:
        qid = f"{self.bank_id}-{(number if number is not None else ordinal):03d}"
        while qid in self.ids:
            qid += "b"
        self.ids.add(qid)
        return qid

    def accepted(self, answers: list[str], line: int, qid: str) -> tuple[list[str], list[str]]:
        """Accepted answers (with parenthesis-free variants) and the bracketed notes."""
        accept: list[str] = []
        notes: list[str] = []
        keys: set[str] = set()
        for answer in answers:
            text = " ".join(answer.split())
            note = _NOTE.match(text)
            if note:
                notes.append(note.group(1).strip())
                continue
            if not answer_key(text):
                self.warn(
                    "not-imported",
                    f"accepted answer {answer!r} has no letters or digits; not imported",
                    line,
                    qid,
                )
                continue
            accept.append(text)
            keys.add(answer_key(text))
        for text in list(accept):
            bare = re.sub(r"\s+([,.;:!?])", r"\1", _PARENS.sub("", text)).strip()
            if bare and answer_key(bare) and answer_key(bare) not in keys:
                accept.append(bare)
                keys.add(answer_key(bare))
                self.variants += 1
        return accept, notes

    def add(
        self,
        qid: str,
        number: int,
        topic: str,
        prompt: str,
        accept: list[str],
        notes: list[str],
        tags: list[str],
    ) -> None:
        data: dict[str, Any] = {
            "id": qid,
            "type": "text",
            "topic": topic,
            "difficulty": 2,
            "prompt": prompt,
            "accept": accept,
        }
        if notes:
            data["explanation"] = " ".join(notes)
        data["source"] = {"id": "imported", "locator": f"question {number}"}
        if tags:
            data["tags"] = tags
        self.questions.append(data)


def read(raw: bytes, path: str) -> ImportResult:
    """Import either civics test dataset (talesin 2025 list or kaladron 2008 object)."""
    text, problem = decode_text(raw, path, "JSON files must be UTF-8")
    if text is None:
        return ImportResult(None, (problem,) if problem else ())
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return ImportResult(
            None,
            (
                Problem(
                    Severity.ERROR,
                    "json-syntax",
                    f"not valid JSON: {exc.msg}",
                    path,
                    exc.lineno,
                    exc.colno,
                ),
            ),
        )
    kind, items = _top_items(text)
    state = _Import(path)
    if (
        kind == "list"
        and items
        and all(
            isinstance(v, dict) and "question" in v and isinstance(v.get("answers"), dict)
            for _, v, _ in items
        )
    ):
        fmt = "the talesin/civics100 civics test JSON (2025 test)"
        for ordinal, (_, item, line) in enumerate(items, 1):
            _talesin(state, item, line, ordinal)
        topics = "topics are the dataset's sections; its themes are tags"
    elif (
        kind == "object"
        and items
        and all(
            isinstance(v, dict) and "question" in v and isinstance(v.get("answers"), list)
            for _, v, _ in items
        )
    ):
        fmt = "the kaladron/uscis_test civics test JSON (2008 test)"
        sections = _is_2008(items)
        for ordinal, (key, item, line) in enumerate(items, 1):
            _kaladron(state, str(key), item, line, ordinal, sections)
        topics = (
            "the file has no sections: topics are the published 2008 test's sections by "
            "question number"
            if sections
            else 'the file has no sections: every question got topic "Imported"'
        )
        seen: set[str] = set()
        for key, _, line in items:
            if key in seen:
                state.error(
                    "duplicate-key",
                    f"question key {key!r} appears twice; JSON readers keep only one of them",
                    line,
                )
            seen.add(str(key))
    else:
        return ImportResult(
            None,
            (
                Problem(
                    Severity.ERROR,
                    "civics-shape",
                    "this JSON is neither civics test dataset: expected "
                    "a list of {question, answers: {_type, choices}} (talesin/civics100) "
                    "or an object keyed by question number of {question, answers: [...]} "
                    "(kaladron/uscis_test)",
                    path,
                    1,
                    1,
                    None,
                    "see FORMATS.md §9 for both layouts",
                ),
            ),
        )
    if not state.questions:
        return ImportResult(None, tuple(state.problems))
    notes = [f"{topics}; every question got difficulty 2 (medium)"]
    if state.variants:
        notes.append(
            f"{state.variants} answer variant(s) without the optional words in "
            "parentheses were added so typed answers match"
        )
    state.problems.append(
        Problem(
            Severity.WARNING,
            "defaults",
            "; ".join(notes),
            path,
            0,
            0,
            None,
            "review topics and difficulty",
        )
    )
    bank = {
        "id": state.bank_id,
        "title": Path(path).stem,
        "language": "en",
        "version": 1,
        "sources": [imported_source(Path(path).name, fmt)],
    }
    return ImportResult({"bank": bank, "questions": state.questions}, tuple(state.problems))


def _strings(value: Any) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


def _talesin(state: _Import, item: dict[str, Any], line: int, ordinal: int) -> None:
    number = item.get("questionNumber")
    number = number if isinstance(number, int) and not isinstance(number, bool) else None
    qid = state.qid(number, ordinal)
    label = number if number is not None else ordinal
    prompt = item.get("question")
    if not isinstance(prompt, str) or not prompt.strip():
        state.error("bad-question", f"question {label} has no question text; not imported", line)
        return
    prompt = prompt.strip()
    tags: list[str] = []
    if prompt.endswith("*"):
        prompt = prompt.rstrip("*").rstrip()
        tags.append(SENIOR_TAG)
    theme = item.get("theme")
    if isinstance(theme, str) and theme.strip():
        tags.append(kebab(theme))
    section = item.get("section")
    topic = section.strip() if isinstance(section, str) and section.strip() else "Imported"
    for key in sorted(set(item) - TALESIN_KEYS):
        state.warn(
            "not-imported",
            f"field `{key}` has no place in a Civic Quiz question; not imported",
            line,
            qid,
        )
    answers = item["answers"]
    kind = answers.get("_type", "text")
    choices = answers.get("choices")
    if kind != "text":
        count = len(choices) if isinstance(choices, list) else 0
        by = "congressional district" if kind == "representative" else "state"
        state.warn(
            "answer-varies",
            f'question {label} ("{prompt}"): answers will vary — the '
            f"dataset lists {count} answers by {by} (`_type: {kind}`) and no fixed "
            "answer; not imported",
            line,
            qid,
            "ask this question in class, where each player knows their own answer",
        )
        return
    strings = _strings(choices)
    if not strings:
        state.error(
            "bad-question",
            f"question {label}: `answers.choices` must be a list of texts; not imported",
            line,
        )
        return
    accept, notes = state.accepted(strings, line, qid)
    if not accept:
        state.warn(
            "answer-varies", f"question {label} has no fixed answer; not imported", line, qid
        )
        return
    expected = item.get("expectedAnswers", 1)
    if isinstance(expected, int) and expected > 1:
        state.warn(
            "several-answers",
            f"the test asks for {expected} answers, but a text "
            f"question takes one typed answer: any one of the {len(strings)} listed "
            "answers is accepted",
            line,
            qid,
            "reword the prompt to ask for one, or make it a multiple question",
        )
    if _NOW.search(prompt):
        state.warn(
            "answer-changes",
            f"the answer changes with the officeholder: the dataset's "
            f'"{accept[0]}" has no date, so no valid_as_of was set',
            line,
            qid,
            "check the answer and add valid_as_of: YYYY-MM-DD",
        )
    distractors = item.get("distractors")
    if isinstance(distractors, list) and distractors:
        state.warn(
            "not-imported",
            f"the dataset's {len(distractors)} wrong answers "
            "(`distractors`) were not imported: a text question has no choices",
            line,
            qid,
            "turn the question into a single question to use them",
        )
    state.add(qid, label, topic, prompt, accept, notes, tags)


def _is_2008(items: list[tuple[str | None, Any, int]]) -> bool:
    keys = sorted(int(k) for k, _, _ in items if isinstance(k, str) and k.isdigit())
    first: Any = next((v for k, v, _ in items if k == "1"), {})
    return keys == list(range(1, 101)) and "supreme law" in str(first.get("question", ""))


def _section_2008(number: int) -> tuple[str, str]:
    for last, theme, section in SECTIONS_2008:
        if number <= last:
            return theme, section
    return "", "Imported"


def _kaladron(
    state: _Import, key: str, item: dict[str, Any], line: int, ordinal: int, sections: bool
) -> None:
    number = int(key) if key.isdigit() else None
    qid = state.qid(number, ordinal)
    label = number if number is not None else ordinal
    prompt = item.get("question")
    if not isinstance(prompt, str) or not prompt.strip():
        state.error("bad-question", f"question {key!r} has no question text; not imported", line)
        return
    prompt = prompt.strip()
    tags: list[str] = []
    if item.get("over65") is True:
        tags.append(SENIOR_TAG)
    topic = "Imported"
    if sections and number is not None:
        theme, topic = _section_2008(number)
        tags.append(kebab(theme))
    for extra in sorted(set(item) - KALADRON_KEYS):
        state.warn(
            "not-imported",
            f"field `{extra}` has no place in a Civic Quiz question; not imported",
            line,
            qid,
        )
    answers, more = _strings(item["answers"]), _strings(item.get("extra_answers", []))
    if answers is None or more is None:
        state.error(
            "bad-question",
            f"question {key!r}: `answers` and `extra_answers` must be lists of texts; not imported",
            line,
        )
        return
    varies = item.get("outside_record") or item.get("us_answer")
    fixed = [a for a in answers + more if not _PLACEHOLDER.match(a)]
    if varies or len(fixed) < len(answers) + len(more):
        field = (
            "outside_record"
            if item.get("outside_record")
            else "us_answer"
            if item.get("us_answer")
            else "answers"
        )
        said = next((a for a in answers + more if _PLACEHOLDER.match(a)), "")
        if not fixed:
            state.warn(
                "answer-varies",
                f'question {label} ("{prompt}"): the answer varies '
                f'(`{field}: {varies or "varies"}`; the dataset says "{said[:60]}…") and '
                "there is no fixed answer; not imported",
                line,
                qid,
                "ask it in class, or add a dated question with valid_as_of",
            )
            return
        state.warn(
            "answer-varies",
            f"the answer varies (`{field}`); only the fixed answers were imported",
            line,
            qid,
            "check them and add valid_as_of: YYYY-MM-DD",
        )
    accept, notes = state.accepted(fixed, line, qid)
    if not accept:
        state.warn(
            "answer-varies", f"question {label} has no fixed answer; not imported", line, qid
        )
        return
    must = item.get("must_answer")
    if isinstance(must, int) and must > 1:
        detail = (
            f"the test needs all of: {'; '.join(more)}"
            if item.get("only_extra_answers")
            else f"the test asks for {must} answers"
        )
        state.warn(
            "several-answers",
            f"{detail}, but a text question takes one typed answer: "
            f"any one of the {len(accept)} accepted answers counts",
            line,
            qid,
            "reword the prompt to ask for one, or make it a multiple question",
        )
    state.add(qid, label, topic, prompt, accept, notes, tags)
