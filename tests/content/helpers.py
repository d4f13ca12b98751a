"""Small builders for bank text used across the content tests."""

from __future__ import annotations

from pathlib import Path

from game.content.loader import load_paths
from game.content.problems import Problem

HEADER = """bank:
  id: test-bank
  title: Test bank
  sources:
    - id: eo
      title: The order
questions:
"""

GOOD_SINGLE = """  - id: q-1
    type: single
    topic: Basics
    difficulty: 1
    prompt: "Which one?"
    choices: ["A", "B", "C"]
    answer: 2
    explanation: "B is right because it is."
    source: {id: eo, locator: "Sec. 1"}
"""


def load_text(tmp_path: Path, text: str, name: str = "bank.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_paths([path])


def problems_of(tmp_path: Path, text: str) -> list[Problem]:
    return list(load_text(tmp_path, text).problems)
