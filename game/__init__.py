"""Civic Quiz: an offline civic-education quiz game. Importing this package has no side effects.

`__version__` is the one place the version is written: pyproject.toml reads it for the wheel
(`dynamic = ["version"]`) and `civic-quiz --version` prints it. Each release adds its notes to
CHANGELOG.md.
"""

__version__ = "0.1.0"
