"""Every copyable file of `shared/corpora/interop` (tests/fixtures/interop, MIT/Apache) imports
with the right count and no traceback, through the real CLI. The others are checked in place by
tests/conformance/test_interop_originals.py."""

from __future__ import annotations

import pytest

from tests.content.formats.helpers import ROOT
from tests.content.formats.interop_expected import EXPECTED, check_import

COPIES = ROOT / "tests" / "fixtures" / "interop"
FILES = sorted(
    p.relative_to(COPIES).as_posix()
    for p in COPIES.rglob("*")
    if p.is_file() and p.parent.name != "LICENSES" and p.name != "SOURCES.md"
)


def test_every_copy_has_an_expected_count_and_a_licence():
    assert len(FILES) == 36
    assert set(FILES) <= set(EXPECTED)
    licences = {p.stem for p in (COPIES / "LICENSES").iterdir()}
    assert {f.split("/")[1] for f in FILES} <= licences


@pytest.mark.parametrize("name", FILES)
def test_real_world_file__imports_with_the_right_count(name, tmp_path, capsys):
    check_import(COPIES / name, EXPECTED[name], tmp_path, capsys)
