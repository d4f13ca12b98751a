"""Helping authors write banks: a commented template, appending a question, and statistics.

`append_question` adds a question to the end of a bank file as text, so every byte above it
(comments, quoting, blank lines) stays as the author wrote it; the result is validated before
anything is written. `bank_stats` counts what a set of banks holds and what needs attention.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from game.content.bank_io import SCHEMA_LINE, dump_bank
from game.core.model import Bank

__all__ = [
    "BankStats",
    "TEMPLATE",
    "append_question",
    "bank_stats",
    "next_question_id",
    "template_for",
]

TEMPLATE = (
    SCHEMA_LINE
    + """
## A Civic Quiz question bank. Lines starting with ## explain; delete them when you like.
## The format: docs/bank-format.md. Check your work: civic-quiz validate THIS_FILE
## Watch it as players will: civic-quiz preview THIS_FILE
bank:
  id: {bank_id}                  ## never change it once shared: saved answers refer to it
  title: "{title}"
  description: "What this bank covers, in a sentence or two."
  language: en
  version: 1                     ## bump it when you change questions
  authors: ["Your name"]
  license: CC-BY-4.0
  sources:                       ## every source your questions cite, declared once
    - id: eo
      title: "Designating Fentanyl as a Weapon of Mass Destruction"
      publisher: "The White House"
      url: "https://www.whitehouse.gov/presidential-actions/2025/12/designating-fentanyl-as-a-weapon-of-mass-destruction/"
      date: 2025-12-15
questions:
  - id: {prefix}-001               ## unique across all banks
    type: single                 ## single, multiple, true_false, order, match, text, numeric, poll
    topic: "What the order designates"
    difficulty: 1                ## 1 easy, 2 medium, 3 hard
    prompt: "What does the order designate as Weapons of Mass Destruction?"
    choices:
      - "All fentanyl, including fentanyl used in hospitals"
      - "Illicit fentanyl and its core precursor chemicals"
      - "All opioids sold without a prescription"
    answer: 2                    ## counts from 1
    explanation: "Sec. 1 designates illicit fentanyl and its core precursors, not all fentanyl."
    source: {{id: eo, locator: "Sec. 1"}}
    # tags: [designation]        ## optional keys: remove the # to use them
    # time_limit: 30
    # valid_as_of: 2025-12-15
"""
)


def template_for(bank_id: str, title: str) -> str:
    prefix = re.sub(r"[^a-z0-9]+", "-", bank_id.lower()).strip("-") or "q"
    return TEMPLATE.format(bank_id=bank_id, title=title.replace('"', "'"), prefix=prefix)


def next_question_id(bank: Bank) -> str:
    """The next free id in the bank's own style: `order-033` after `order-032`."""
    numbered = [re.match(r"^(.*?)(\d+)$", q.id) for q in bank.questions]
    styles = Counter((m.group(1), len(m.group(2))) for m in numbered if m)
    if not styles:
        return f"{bank.id}-001"
    (prefix, width), _ = styles.most_common(1)[0]
    taken = {q.id for q in bank.questions}
    highest = max(int(m.group(2)) for m in numbered if m and m.group(1) == prefix)
    number = highest + 1
    while f"{prefix}{number:0{width}d}" in taken:
        number += 1
    return f"{prefix}{number:0{width}d}"


class AppendError(ValueError):
    """The question cannot be added to this file safely; the message says why."""


def append_question(text: str, question: dict[str, Any]) -> str:
    """The bank file's text with `question` added at the end of its `questions:` list."""
    lines = text.splitlines()
    top_keys = [
        (i, line.split(":", 1)[0])
        for i, line in enumerate(lines)
        if line and not line[0].isspace() and not line.startswith("#") and ":" in line
    ]
    if not top_keys or top_keys[-1][1] != "questions":
        raise AppendError(
            "`questions:` is not the last top-level key, so the question cannot "
            "be appended without rewriting the file; move `questions:` to the end"
        )
    start = top_keys[-1][0]
    if lines[start].split(":", 1)[1].strip() not in ("", "[]"):
        raise AppendError("`questions:` is written in flow style; write it as a block list")
    indent = "  "
    for line in lines[start + 1 :]:
        stripped = line.lstrip(" ")
        if stripped.startswith("- "):
            indent = line[: len(line) - len(stripped)]
            break
    body = dump_bank({"questions": [question]}).split("\n", 1)[1]  # drop the schema line
    block = body.split("\n", 1)[1]  # drop "questions:"
    block_lines = [indent + line for line in block.rstrip("\n").splitlines()]
    head = text.rstrip("\n")
    if lines[start].split(":", 1)[1].strip() == "[]":
        head = "\n".join(lines[:start] + ["questions:"] + lines[start + 1 :]).rstrip("\n")
    return head + "\n\n" + "\n".join(block_lines) + "\n"


@dataclass
class BankStats:
    """Counts over a set of banks, for `civic-quiz stats`."""

    questions: int = 0
    by_bank: Counter[str] = field(default_factory=Counter)
    by_topic: Counter[str] = field(default_factory=Counter)
    by_type: Counter[str] = field(default_factory=Counter)
    by_difficulty: Counter[int] = field(default_factory=Counter)
    sources_cited: Counter[str] = field(default_factory=Counter)
    no_explanation: list[str] = field(default_factory=list)
    no_valid_as_of: list[str] = field(default_factory=list)
    stale: list[tuple[str, date]] = field(default_factory=list)


def bank_stats(banks: Sequence[Bank], today: date) -> BankStats:
    """Count questions every way authors ask about; `stale`: valid_as_of over a year old."""
    stats = BankStats()
    year_ago = today - timedelta(days=365)
    for bank in banks:
        for q in bank.questions:
            stats.questions += 1
            stats.by_bank[bank.title] += 1
            stats.by_topic[f"{bank.id}: {q.topic}"] += 1
            stats.by_type[q.type.value] += 1
            stats.by_difficulty[q.difficulty] += 1
            for ref in q.citations:
                stats.sources_cited[f"{bank.id}: {ref.source.title}"] += 1
            if q.graded and not q.explanation:
                stats.no_explanation.append(q.id)
            if q.valid_as_of is None:
                stats.no_valid_as_of.append(q.id)
            elif q.valid_as_of < year_ago:
                stats.stale.append((q.id, q.valid_as_of))
    return stats
