"""GIFT conformance on the original Moodle and QAS-Editor files (GPL, read in place from
../shared/corpora/gift; never copied). Collected only when ../shared is beside the repository:
tests/content/formats/test_gift.py covers the same cases with our own files.
"""

from __future__ import annotations

import re

import pytest

from game.content.formats.gift import read
from tests.content.formats.helpers import CORPORA, errors, load_data
from tests.content.formats.test_gift import skipped

GIFT = CORPORA / "gift"


def fixture(*parts: str):
    path = GIFT.joinpath(*parts)
    return read(path.read_bytes(), str(path))


def test_g14_moodle_questions_file__9_questions_all_accounted_for(tmp_path):
    result = fixture("moodle", "questions.gift.txt")
    imported = result.data["questions"]
    # Moodle's behat test: "Importing 9 questions from file".
    assert len(imported) + len(skipped(result)) + len(errors(result)) == 9
    assert [p.question for p in skipped(result)] == ["Q8"]  # the essay
    assert [q["type"] for q in imported] == [
        "match",
        "single",
        "multiple",
        "numeric",
        "text",
        "true_false",
        "true_false",
        "true_false",
    ]
    load_data(tmp_path, result.data)


def test_c5_qas_editor_all_gift__22_questions_all_accounted_for(tmp_path):
    result = fixture("qas-editor", "all.gift")
    imported = result.data["questions"]
    assert errors(result) == []
    assert len(imported) + len(skipped(result)) == 22
    reasons = [p.message for p in skipped(result)]
    assert sum("description" in r for r in reasons) == 1
    assert sum("essay" in r for r in reasons) == 2
    # match2 pairs two features with "Moodle 3.8": Civic Quiz needs distinct right sides.
    assert sum("repeats right side" in r for r in reasons) == 1
    by_type: dict[str, int] = {}
    for q in imported:
        by_type[q["type"]] = by_type.get(q["type"], 0) + 1
    # T/F 4, numerical 4, matching 2 (1 skipped), short 4, MC 4 + missing word 1 (a cloze).
    assert by_type == {
        "true_false": 4,
        "numeric": 4,
        "match": 1,
        "text": 4,
        "single": 2,
        "multiple": 2,
        "cloze": 1,
    }
    missing_word = [q for q in imported if q["topic"] == "Missing Words"]
    assert [(q["prompt"], q["gaps"]) for q in missing_word] == [
        (
            "Moodle costs ___ to download from moodle.org.",
            [
                {
                    "accept": ["nothing"],
                    "options": ["lots of money", "nothing", "a small amount"],
                }
            ],
        )
    ]
    # 9 `$CATEGORY`s under "qas editor"; the imported topics are their last levels.
    categories = re.findall(
        r"^\$CATEGORY: qas editor/(.+)$",
        (GIFT / "qas-editor" / "all.gift").read_text(encoding="utf-8"),
        re.M,
    )
    assert len(categories) == 9
    assert {q["topic"] for q in imported} <= set(categories)
    load_data(tmp_path, result.data)


@pytest.mark.parametrize(
    "path",
    sorted(
        p.relative_to(GIFT).as_posix()
        for p in GIFT.rglob("*")
        if p.suffix in (".gift", ".txt") and p.name != "examples.txt"
    )
    if GIFT.is_dir()
    else [],
)
def test_every_gift_fixture__imports_into_a_valid_bank_or_says_why_not(tmp_path, path):
    result = fixture(path)
    if result.data is None:
        assert [p.code for p in errors(result)][-1] == "gift-no-questions"
    else:
        load_data(tmp_path, result.data)


def test_moodle_examples_file__imports_into_a_valid_bank(tmp_path):
    result = fixture("moodle", "examples.txt")
    assert errors(result) == []
    load_data(tmp_path, result.data)
