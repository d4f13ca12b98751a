"""game.core.names: nicknames a hostile student types, cleaned, compared and flagged."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.core.names import MAX_MARKS, NAME_MAX, _clean_any, clean, flag_all, flags, skeleton

VARIATION_SELECTORS = [chr(c) for c in range(0xFE00, 0xFE10)] + [
    chr(c) for c in range(0xE0100, 0xE01F0)
]


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("Ana", "Ana"),
        ("  Ann \t Lee\n", "Ann Lee"),
        ("Jose\u0301", "José"),
        ("ｆｕｌｌ ｗｉｄｔｈ", "full width"),  # NFKC
        ("Ana\ufe0f\u034f", "Ana"),
        ("a\u202eb\u200bc", "abc"),  # bidi override and zero-width space go
        ("\u3164Ana\u2800", "Ana"),
        ("Z" + "\u0301\u0302\u0303\u0304\u0305", "Ź\u0302\u0303"),  # at most two marks stack
        ("\u0301Ana", "Ana"),  # a mark with nothing under it
        ("x" * 30, "x" * NAME_MAX),
        ("李小龙", "李小龙"),
        ("😀 Sam", "😀 Sam"),
        ("", ""),
        (None, ""),
    ],
)
def test_clean(raw, cleaned):
    assert clean(raw) == unicodedata.normalize("NFC", cleaned)


def test_clean__every_variation_selector_and_blank_letter_alone_is_nothing():
    blanks = ["\u034f", "\u3164", "\u2800", "\u115f", "\u1160", "\uffa0", "\u180e", "\u200b"]
    for ch in VARIATION_SELECTORS + blanks:
        assert clean(ch) == "" and clean(ch * 5) == "" and clean(f" {ch} ") == "", hex(ord(ch))


def test_clean__no_single_code_point_leaves_a_name_without_something_visible():
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        name = clean(chr(code))
        assert name == "" or any(unicodedata.category(c)[0] not in "MZC" for c in name), hex(code)


@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=60))
def test_clean__is_idempotent_bounded_and_free_of_invisible_characters(raw):
    name = clean(raw)
    assert clean(name) == name
    assert len(name) <= NAME_MAX and name == name.strip() and "  " not in name
    assert not any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") for c in name)
    run = 0
    for c in name:
        run = run + 1 if unicodedata.category(c)[0] == "M" else 0
        assert run <= MAX_MARKS


@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=127), max_size=60))
def test_clean__the_shortcut_for_plain_ascii_is_the_same_as_going_character_by_character(raw):
    """A class of 2,000 joins with names like "Student 12": they skip the character-by-character
    walk, and come out exactly as it would have made them (tabs and control characters too,
    which take the walk)."""
    assert clean(raw) == _clean_any(raw)


def test_clean__the_shortcut_keeps_what_the_walk_does():
    for raw in ["  Ana   B  ", "x" * 40 + " y", "a" * 19 + " b", "   ", "", "Tab\tName", "Bell\a"]:
        assert clean(raw) == _clean_any(raw)


def test_skeleton__look_alikes_fold_together():
    assert skeleton("Аna") == skeleton("Ana") == skeleton("ANA") == skeleton("A n a")
    assert skeleton("Bob") != skeleton("Rob")
    assert skeleton("T3acher") == skeleton("Teacher")


def test_flags__look_alikes_staff_mixed_scripts_and_no_letters():
    room = ["Ana", "Аna", "Teacher", "Mr Host", "...", "Ben"]
    assert "looks like Аna" in flags("Ana", room)
    assert {"looks like Ana", "mixed scripts"} <= set(flags("Аna", room))
    assert "like staff" in flags("Teacher", room) and "like staff" in flags("Admin 2", room)
    assert "no letters" in flags("...", room)
    assert flags("Ben", room) == () and flags("李小龙", room) == ()


def test_flag_all__flags_each_name_once_for_a_whole_room():
    room = ["Ana", "Аna", "Ben", "Admin", "—"]
    assert flag_all(room) == {n: flags(n, room) for n in room if flags(n, room)}
    assert "Ben" not in flag_all(room)
