"""All 55 real-world files of ../shared/corpora/interop, read in place (many are GPL or AGPL, or
MIT without a licence text to copy, so they are never copied into the project): each imports
with the right count and no traceback through the real CLI, the format found from the content.
The MIT/Apache ones also run from copies in tests/content/formats/test_interop_files.py."""

from __future__ import annotations

import pytest

from tests.content.formats.helpers import CORPORA
from tests.content.formats.interop_expected import EXPECTED, check_import

INTEROP = CORPORA / "interop"
FILES = sorted(
    p.relative_to(INTEROP).as_posix()
    for p in INTEROP.rglob("*")
    if p.is_file() and p.parent.name != "LICENSES" and p.name != "SOURCES.md"
)


def test_the_corpus_is_the_55_files_with_expected_counts():
    assert len(FILES) == 55
    assert set(FILES) == set(EXPECTED)


@pytest.mark.parametrize("name", FILES)
def test_real_world_original__imports_with_the_right_count(name, tmp_path, capsys):
    check_import(INTEROP / name, EXPECTED[name], tmp_path, capsys)


def test_every_reader_on_every_original__reports_only_known_codes():
    from game.content.formats import FORMATS
    from game.content.formats.codes import FormatCode

    known = {c.value for c in FormatCode}
    seen: set[str] = set()
    for path in sorted(p for p in CORPORA.rglob("*") if p.is_file() and p.suffix != ".md"):
        raw = path.read_bytes()
        for info in FORMATS.values():
            if info.reader is not None:
                seen |= {str(p.code) for p in info.reader(raw, str(path)).problems}
    assert seen - known == set()
