"""Every install carries the game's files: the package list and data globs in pyproject.toml cover
what the repository holds, the resource locator finds it, and `python -m game` runs.

.ci/run builds the real wheel and checks it in a fresh venv; these tests catch the usual cause of
a broken wheel (a new package or asset that pyproject.toml does not list) on every test run.
"""

from __future__ import annotations

import fnmatch
import subprocess
import sys
import tomllib
from pathlib import Path

import game
from game import resources
from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]


def _package_folder(package: str) -> Path:
    """Where setuptools takes a package from, by the package-dir mapping."""
    mapping = SETUPTOOLS["package-dir"]
    parts = package.split(".")
    for cut in range(len(parts), 0, -1):
        prefix = ".".join(parts[:cut])
        if prefix in mapping:
            return ROOT / mapping[prefix] / Path(*parts[cut:])
    return ROOT / Path(*parts)


def test_every_code_package__is_listed_in_pyproject():
    """Ensures a new package under game/ cannot be left out of the wheel."""
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "game").rglob("__init__.py")
    }
    assert found <= set(SETUPTOOLS["packages"])


def test_every_shipped_file__matches_a_package_data_glob():
    """Ensures every font, sound, web file and bank in assets/ and questions/ goes in the wheel."""
    data = SETUPTOOLS["package-data"]
    for top in ("assets", "questions"):
        for path in sorted((ROOT / top).rglob("*")):
            if not path.is_file() or path.name == "__init__.py" or "__pycache__" in path.parts:
                continue
            owner = max(
                (p for p in SETUPTOOLS["packages"] if path.parent == _package_folder(p)),
                key=len,
                default=None,
            )
            assert owner is not None, f"{path.relative_to(ROOT)} is in no listed package"
            patterns = data.get(owner, [])
            assert any(fnmatch.fnmatch(path.name, pat) for pat in patterns), (
                f"{path.relative_to(ROOT)} matches no package-data glob of {owner}"
            )


def test_resource_locator__finds_the_shipped_folders():
    """Ensures fonts, sounds, the student page, the banks and the schema are found."""
    assets = resources.assets_dir()
    assert (assets / "fonts" / "NotoSans-Regular.ttf").is_file()
    assert (assets / "fonts" / "OpenDyslexic-Regular.otf").is_file()
    assert (assets / "sounds" / "right.wav").is_file()
    assert (resources.web_dir() / "index.html").is_file()
    assert (resources.web_dir() / "student.js").is_file()
    assert sorted(resources.shipped_banks_dir().glob("*.yaml"))
    assert resources.bank_schema().is_file()


def test_python_dash_m_game__prints_the_one_version(tmp_path):
    """Ensures `python -m game --version` works and reports game.__version__."""
    done = subprocess.run(
        [sys.executable, "-m", "game", "--version"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"civic-quiz {game.__version__}"


def test_version__is_defined_only_in_the_package():
    """Ensures pyproject.toml reads the version from game.__version__ instead of its own copy."""
    assert "version" not in PYPROJECT["project"]
    assert "version" in PYPROJECT["project"]["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "game.__version__"}
    assert f"## {game.__version__}" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_install_smoke_script__plays_a_round_and_serves_the_student_page(tmp_path):
    """Ensures tools/smoke_install.py (what CI runs against the wheel) passes here too."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "smoke_install.py")],
        cwd=tmp_path,  # outside the checkout, as in CI
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "smoke: solo round ok" in done.stdout
    assert "smoke: classroom host ok" in done.stdout
