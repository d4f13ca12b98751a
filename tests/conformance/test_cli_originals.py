"""`civic-quiz import` on Moodle's original GIFT and Aiken fixtures (GPL, read in place from
../shared/corpora). Collected only when ../shared is beside the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.content.formats.helpers import CORPORA
from tests.test_cli_authoring import test_import_moodle_gift_and_aiken_files  # noqa: F401


@pytest.fixture
def moodle_samples() -> tuple[Path, Path]:
    return (
        CORPORA / "gift" / "moodle" / "questions.gift.txt",
        CORPORA / "aiken" / "moodle" / "aiken_errors.txt",
    )
