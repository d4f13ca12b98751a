"""Where Civic Quiz keeps its data, decided in one place.

The game, the CLI and the tests all ask `data_dir` so that a `--data-dir` flag, the
$CIVIC_QUIZ_DATA_DIR variable (used by the tests to stay out of the user's real folders) and the
platform default are honoured the same way everywhere. Nothing here creates folders on import or
lookup; the caller does that, once, with `ensure_dir`.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["APP_NAME", "DATABASE_NAME", "ENV_DATA_DIR", "data_dir", "database_path", "ensure_dir"]

APP_NAME = "civic-quiz"
ENV_DATA_DIR = "CIVIC_QUIZ_DATA_DIR"
DATABASE_NAME = "civic-quiz.sqlite3"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: `override` (a command-line flag) if given and non-empty, else
    $CIVIC_QUIZ_DATA_DIR if set and non-empty, else the platform's user data dir.

    A leading `~` is expanded in the first two. The folder may not exist yet (see `ensure_dir`).
    """
    if override is not None and os.fspath(override) != "":
        return Path(override).expanduser()
    from_env = os.environ.get(ENV_DATA_DIR, "")
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs  # a dependency of the game; imported late so lookups above need nothing

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def database_path(data_dir: Path) -> Path:
    """The save file inside a data folder."""
    return Path(data_dir) / DATABASE_NAME


def ensure_dir(path: Path) -> Path:
    """Create `path` (and its parents) if missing and return it; OSError if that is impossible."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    return path
