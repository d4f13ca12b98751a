"""The README's two commands stay true, and CI runs the test command verbatim."""

from __future__ import annotations

import re

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = re.findall(r"```sh\n(.+?)\n```", README)


def test_readme__has_the_two_commands():
    play, test = COMMANDS[:2]
    assert play.startswith("python3 -m venv .venv && ") and play.endswith(".venv/bin/civic-quiz")
    assert "pip install -e '.[test]'" in test and test.endswith("python -m pytest")


def test_ci__runs_the_readme_test_command_verbatim():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert COMMANDS[1] in ci.splitlines()
