"""Where the data folder is: flag, then $CIVIC_QUIZ_DATA_DIR, then the platform default."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from game.services.paths import data_dir, database_path, ensure_dir


def test_flag_wins_over_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CIVIC_QUIZ_DATA_DIR", str(tmp_path / "env"))
    assert data_dir(tmp_path / "flag") == tmp_path / "flag"
    assert data_dir(str(tmp_path / "flag")) == tmp_path / "flag"


def test_environment_used_without_flag(tmp_path, monkeypatch):
    monkeypatch.setenv("CIVIC_QUIZ_DATA_DIR", str(tmp_path / "env"))
    assert data_dir() == tmp_path / "env"
    assert data_dir("") == tmp_path / "env"  # an empty flag is no flag


def test_platform_default_when_environment_unset_or_empty(monkeypatch):
    expected = Path(platformdirs.user_data_dir("civic-quiz", appauthor=False))
    monkeypatch.setenv("CIVIC_QUIZ_DATA_DIR", "")
    assert data_dir() == expected
    monkeypatch.delenv("CIVIC_QUIZ_DATA_DIR")
    assert data_dir() == expected


def test_tilde_expanded(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert data_dir("~/quiz") == tmp_path / "quiz"


def test_lookup_creates_nothing_ensure_dir_does(tmp_path):
    where = data_dir(tmp_path / "a" / "b")
    assert not where.exists()
    assert database_path(where) == tmp_path / "a" / "b" / "civic-quiz.sqlite3"
    assert ensure_dir(where) == where and where.is_dir()
    assert ensure_dir(where) == where  # twice is fine
