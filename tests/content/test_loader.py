"""Loading files from disk: encodings, folders, ids across banks, and the bank cache."""

from __future__ import annotations

from game.content import loader
from game.content.loader import _code_fingerprint, load_file, load_paths
from tests.content.helpers import GOOD_SINGLE, HEADER, load_text


def codes(result) -> list[str]:
    return [p.code for p in result.problems]


def test_empty_file__is_an_error(tmp_path):
    result = load_text(tmp_path, "  \n\n")
    assert codes(result) == ["empty"] and result.banks == ()


def test_not_utf8__names_the_line(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes((HEADER + GOOD_SINGLE).replace("Which one?", "Qu\xe9?").encode("latin-1"))
    problem = load_paths([path]).problems[0]
    assert problem.code == "not-utf8" and problem.line == 12
    assert "not UTF-8" in problem.message and "UTF-8" in problem.hint


def test_binary_junk__is_refused(tmp_path):
    path = tmp_path / "junk.yaml"
    path.write_bytes(bytes(range(256)) * 4)
    assert codes(load_paths([path])) == ["binary"]


def test_utf8_bom__is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + GOOD_SINGLE).encode())
    result = load_paths([path])
    assert result.ok and len(result.banks[0].questions) == 1


def test_missing_path__is_reported(tmp_path):
    result = load_paths([tmp_path / "nope.yaml"])
    assert codes(result) == ["no-file"]


def test_folder__loads_yaml_files_sorted_and_skips_templates(tmp_path):
    (tmp_path / "b.yaml").write_text(
        HEADER.replace("test-bank", "bank-b") + GOOD_SINGLE.replace("q-1", "b-1")
    )
    (tmp_path / "a.yml").write_text(
        HEADER.replace("test-bank", "bank-a") + GOOD_SINGLE.replace("q-1", "a-1")
    )
    (tmp_path / "_template.yaml").write_text("not: a bank")
    (tmp_path / "notes.txt").write_text("ignored")
    result = load_paths([tmp_path])
    assert result.ok
    assert [b.id for b in result.banks] == ["bank-a", "bank-b"]


def test_broken_bank__does_not_stop_the_others(tmp_path):
    (tmp_path / "good.yaml").write_text(HEADER + GOOD_SINGLE)
    (tmp_path / "bad.yaml").write_text("bank: [unclosed\n")
    result = load_paths([tmp_path])
    assert [b.id for b in result.banks] == ["test-bank"]
    assert [(p.path.endswith("bad.yaml"), p.code) for p in result.problems] == [
        (True, "yaml-syntax")
    ]


def test_duplicate_question_id_across_banks__names_both_places(tmp_path):
    (tmp_path / "one.yaml").write_text(HEADER.replace("test-bank", "one") + GOOD_SINGLE)
    (tmp_path / "two.yaml").write_text(HEADER.replace("test-bank", "two") + GOOD_SINGLE)
    result = load_paths([tmp_path])
    [problem] = result.problems
    assert problem.code == "duplicate-id" and problem.path.endswith("two.yaml")
    assert problem.line == 8
    assert f"also used in {tmp_path / 'one.yaml'}:8" in problem.message


def test_duplicate_bank_id__is_an_error(tmp_path):
    (tmp_path / "one.yaml").write_text(HEADER + GOOD_SINGLE)
    (tmp_path / "two.yaml").write_text(HEADER + GOOD_SINGLE.replace("q-1", "q-2"))
    assert codes(load_paths([tmp_path])) == ["duplicate-bank-id"]


def test_model__converts_author_numbers_to_zero_based(tmp_path):
    bank = load_text(tmp_path, HEADER + GOOD_SINGLE).banks[0]
    [q] = bank.questions
    assert q.correct == (1,) and q.choices[1] == "B"
    assert q.source is not None and q.source.locator == "Sec. 1"
    assert q.source.source.title == "The order" and q.bank_id == "test-bank"


def test_cache__second_load_comes_from_cache_and_follows_the_path(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = tmp_path / "first.yaml"
    first.write_text(HEADER + GOOD_SINGLE.replace("answer: 2", "answer: 7"))
    cold = load_file(first, cache)
    [entry] = cache.iterdir()
    assert entry.name.endswith(f"-{_code_fingerprint()}.pickle")

    def no_parsing(data, path):
        raise AssertionError("parsed again instead of using the cache")

    monkeypatch.setattr(loader, "load_bytes", no_parsing)
    moved = tmp_path / "moved.yaml"
    moved.write_bytes(first.read_bytes())
    warm = load_file(moved, cache)
    assert (
        [p.code for p in warm.problems]
        == [p.code for p in cold.problems]
        == ["answer-out-of-range"]
    )
    assert all(p.path == str(moved) for p in warm.problems)
    assert warm.bank is not None and warm.bank.path == str(moved)


def test_cache__changed_file_is_parsed_again(tmp_path):
    cache = tmp_path / "cache"
    path = tmp_path / "bank.yaml"
    path.write_text(HEADER + GOOD_SINGLE)
    assert load_file(path, cache).problems == ()
    path.write_text(HEADER + GOOD_SINGLE.replace("answer: 2", "answer: 9"))
    assert [p.code for p in load_file(path, cache).problems] == ["answer-out-of-range"]
    assert len(list(cache.iterdir())) == 2


def test_cache__corrupt_entry_falls_back_to_parsing(tmp_path):
    cache = tmp_path / "cache"
    path = tmp_path / "bank.yaml"
    path.write_text(HEADER + GOOD_SINGLE)
    load_file(path, cache)
    [entry] = cache.iterdir()
    entry.write_bytes(b"garbage")
    result = load_file(path, cache)
    assert result.bank is not None and result.problems == ()


def test_cache__unwritable_dir_is_ignored(tmp_path):
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    path = tmp_path / "bank.yaml"
    path.write_text(HEADER + GOOD_SINGLE)
    assert load_file(path, blocker / "cache").bank is not None


def test_text_fuzzy_false__loads_and_turns_off_spelling_slips(tmp_path):
    from game.core.answers import credit

    text = (
        HEADER
        + """  - id: q-1
    type: text
    topic: Basics
    difficulty: 1
    prompt: "Which publication?"
    accept: ["Federal Register"]
    fuzzy: false
    explanation: "It is published there."
    source: {id: eo, locator: "Sec. 1"}
  - id: q-2
    type: text
    topic: Basics
    difficulty: 1
    prompt: "Which publication?"
    accept: ["Federal Register"]
    explanation: "It is published there."
    source: {id: eo, locator: "Sec. 1"}
"""
    )
    result = load_text(tmp_path, text)
    assert [p for p in result.problems if p.is_error] == []
    strict, loose = result.banks[0].questions
    assert (strict.fuzzy, loose.fuzzy) == (False, True)
    assert credit(strict, "Federal Regster") == 0.0 and credit(loose, "Federal Regster") == 1.0
