"""Which format a file to import is in, from its content when its name does not tell.

Moodle exports GIFT as `.txt`, Aiken files are `.txt` too, and a Kahoot! spreadsheet saved as
`.csv` looks like Civic Quiz's own CSV by its name. So `civic-quiz import` looks at the first
bytes: a zip (an .xlsx workbook), XML with a `<quiz>` root (Moodle XML), JSON, a CSV header
naming Kahoot!'s or Civic Quiz's columns, GIFT's `{…}` answer blocks, or Aiken's `A)` lines and
`ANSWER:` line. When the content fits no format, or fits two, the result says so, and the CLI
asks for `--format` instead of guessing.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Detection", "detect_format"]

_SAMPLE = 64 * 1024
_AIKEN_CHOICE = re.compile(r"^[A-Za-z][.)]\s+\S", re.MULTILINE)
_AIKEN_ANSWER = re.compile(r"^ANSWER\s*:\s*[A-Za-z]\s*$", re.MULTILINE)
# a GIFT answer block, not a Moodle cloze gap such as {1:MULTICHOICE:=a~b}
_GIFT_BLOCK = re.compile(
    r"(?<!\\)\{(?!\d*:[A-Z_]+:)[^{}]*(?:[=~]|\bT(?:RUE)?\b|\bF(?:ALSE)?\b|#)[^{}]*(?<!\\)\}",
    re.S,
)
_GIFT_TITLE = re.compile(r"^\s*::[^:\n]+::", re.MULTILINE)
_GIFT_CATEGORY = re.compile(r"^\s*\$CATEGORY:", re.MULTILINE)


@dataclass(frozen=True)
class Detection:
    """The format a file is in (`None`: can't tell), and in words why, for the CLI to print."""

    name: str | None
    reason: str


def _text(raw: bytes) -> str:
    sample = raw[:_SAMPLE]
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if sample.startswith(bom):
            return sample.decode(codec, errors="replace").lstrip("\ufeff")
    return sample.decode("utf-8", errors="replace")


def _csv_kind(text: str) -> str | None:
    """ "kahoot-csv" or "csv" if the first rows hold one's header, else None."""
    lines = [ln for ln in text.splitlines()[:20] if ln.strip() and not ln.lstrip().startswith("#")]
    for line in lines:
        delimiter = max((",", ";", "\t"), key=line.count)
        if not line.count(delimiter):
            continue
        cells = [
            c.strip().lower() for c in next(csv.reader(io.StringIO(line), delimiter=delimiter))
        ]
        has_answers = any(re.match(r"^(answer|option)\s*1(?!\d)", c) for c in cells)
        question = any(c.startswith("question") for c in cells)
        if question and has_answers and any(c.startswith("correct") for c in cells):
            return "kahoot-csv"
        if "type" in cells and "prompt" in cells:
            return "csv"
    return None


def detect_format(raw: bytes, path: str | Path) -> Detection:
    """The format of a file to import, from its bytes (the name only breaks no ties)."""
    if raw.startswith(b"PK\x03\x04"):
        return Detection("xlsx", "it is a zip archive, as an .xlsx workbook is")
    text = _text(raw)
    head = text.lstrip()
    if head.startswith("<"):
        if re.search(r"<quiz[\s>]", head[:4096]):
            return Detection("moodle-xml", "it is XML with a <quiz> root, as Moodle XML is")
        if "assessmentItem" in head[:4096] or "questestinterop" in head[:4096]:
            return Detection(
                None,
                "it is IMS QTI XML, which Civic Quiz cannot import; export the questions "
                "from your tool as Moodle XML or GIFT instead",
            )
        return Detection(None, "it is XML but not Moodle XML (no <quiz> root)")
    if head.startswith(("{", "[")):
        return Detection("civics-json", "it is JSON")
    kind = _csv_kind(text)
    if kind == "kahoot-csv":
        return Detection(kind, "its header row names Kahoot!'s columns (Question, Answer 1…)")
    if kind == "csv":
        return Detection(kind, "its header row names Civic Quiz's CSV columns (type, prompt…)")
    gift = len(_GIFT_BLOCK.findall(text)) + len(_GIFT_TITLE.findall(text))
    if _GIFT_CATEGORY.search(text) and "{" in text:
        gift += 1
    aiken = len(_AIKEN_ANSWER.findall(text)) if _AIKEN_CHOICE.search(text) else 0
    if gift and aiken:
        # An Aiken file may quote a cloze `{1:MULTICHOICE:…}`, a GIFT file may have an
        # `ANSWER:` line; the format with clearly more questions wins.
        if aiken > 2 * gift:
            gift = 0
        elif gift > 2 * aiken:
            aiken = 0
        else:
            return Detection(None, "it looks like both GIFT ({…} blocks) and Aiken (ANSWER: lines)")
    if gift:
        return Detection("gift", "it has GIFT answer blocks ({=…~…}) or ::titles::")
    if aiken:
        return Detection("aiken", "it has Aiken choices (A) …) and ANSWER: lines")
    return Detection(None, f"the content of {Path(path).name} matches none of the formats")
