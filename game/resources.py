"""Where the game's shipped files are, in every kind of install: the one resource locator.

The fonts, sounds and student web page (`assets/`) and the shipped question banks (`questions/`)
sit at the top of the repository. pyproject.toml maps them into the package as `game.assets` and
`game.questions`, so a wheel, `pip install .` and `pipx install .` carry them inside
`site-packages/game/`, and an editable install finds them in the checkout through the same
import names. Asking `importlib.resources` for those packages therefore gives the right folder
everywhere, and no module has to guess by climbing up from its own file.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

__all__ = ["ResourceMissing", "assets_dir", "bank_schema", "shipped_banks_dir", "web_dir"]


class ResourceMissing(RuntimeError):
    """The install has no copy of a shipped folder (a broken or hand-copied install)."""


@functools.cache
def _package_folder(package: str) -> Path:
    try:
        folder = resources.files(package)
    except ModuleNotFoundError as exc:
        raise ResourceMissing(
            f"civic-quiz: the shipped files ({package}) are missing from this install; "
            "reinstall with `pipx install civic-quiz` or `pip install .` from the project folder"
        ) from exc
    if not isinstance(folder, Path):  # a zipped install: the game needs real files
        raise ResourceMissing(f"civic-quiz: {package} is not a folder on disk ({folder})")
    return folder


def assets_dir() -> Path:
    """The `assets/` folder: fonts/, sounds/ and web/."""
    return _package_folder("game.assets")


def web_dir() -> Path:
    """The student page (index.html, student.js, student.css) the classroom host serves."""
    return assets_dir() / "web"


def shipped_banks_dir() -> Path:
    """The shipped question banks (`questions/`)."""
    return _package_folder("game.questions")


def bank_schema() -> Path:
    """`bank.schema.json`, the JSON Schema editors use to complete and check banks."""
    return shipped_banks_dir() / "bank.schema.json"
