"""The formats report a fixed set of problem codes (FormatCode): every reader run on every
fixture file (whatever its format: a wrong file must give known errors, not an exception) and
every writer run on the shipped banks gives only codes from that set."""

from __future__ import annotations

import pytest

from game.cli_authoring import by_code
from game.content.formats import FORMATS
from game.content.formats.codes import FormatCode
from game.content.formats.common import tex_problems
from game.content.loader import load_paths
from tests.content.formats.helpers import ROOT

FIXTURE_FILES = sorted(
    p
    for folder in ("corpora", "interop")
    for p in (ROOT / "tests" / "fixtures" / folder).rglob("*")
    if p.is_file() and p.suffix.lower() != ".md"
)
KNOWN = {c.value for c in FormatCode}


@pytest.mark.parametrize("fmt", [f for f in FORMATS if FORMATS[f].reader])
def test_readers__report_only_known_codes_on_every_fixture(fmt):
    read = FORMATS[fmt].reader
    assert read is not None
    seen: set[str] = set()
    for path in FIXTURE_FILES:
        result = read(path.read_bytes(), str(path))
        seen |= {str(p.code) for p in result.problems}
        seen |= {str(p.code) for p in tex_problems(result.data, str(path))}
    assert seen - KNOWN == set()


@pytest.mark.parametrize("fmt", [f for f in FORMATS if FORMATS[f].writer])
def test_writers__report_only_known_codes_on_the_shipped_banks(fmt):
    write = FORMATS[fmt].writer
    assert write is not None
    result = write(load_paths([ROOT / "questions"]).banks)
    assert {str(p.code) for p in result.problems} - KNOWN == set()


def test_cli_counts_problems_by_code():
    from game.content.problems import Problem, Severity

    problems = [Problem(Severity.WARNING, FormatCode.RAW_TEX, "x")] * 2 + [
        Problem(Severity.WARNING, FormatCode.ANSWER_FEEDBACK, "y")
    ]
    assert by_code(problems) == "\n  by kind: 2 × raw-tex, 1 × answer-feedback"
