"""Test setup shared by every test: headless SDL before anything imports pygame, and no test
ever touching the user's real data or cache folders."""

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
os.environ["CIVIC_QUIZ_CACHE_DIR"] = ""  # no bank cache unless a test asks for one

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "questions"
SHARED_CORPORA = ROOT.parent / "shared" / "corpora"

# tests/conformance/ re-runs the format tests on the original third-party files, read in place
# from ../shared (some are GPL and never copied). Everything else uses tests/fixtures/, so a clone
# without ../shared leaves that folder out, says so in one line, and skips nothing.
collect_ignore = [] if SHARED_CORPORA.is_dir() else ["conformance"]


def pytest_report_header(config):
    if collect_ignore:
        return f"conformance: not collected (no {SHARED_CORPORA})"
    return f"conformance: tests/conformance/ reads the originals in {SHARED_CORPORA}"


def pytest_terminal_summary(terminalreporter):
    if collect_ignore:
        terminalreporter.write_line(
            f"conformance run on the original fixtures not collected: {SHARED_CORPORA} is "
            "missing (tests/fixtures/ covers the same cases)"
        )


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/app/golden/*.png from the current rendering",
    )


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory, monkeypatch):
    base = tmp_path_factory.mktemp("civic-quiz-home")
    monkeypatch.setenv("CIVIC_QUIZ_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "xdg-cache"))
