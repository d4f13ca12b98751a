"""How many questions each file of `shared/corpora/interop` must import (0: none, refused with
a clear error), for the per-file tests on the copies (tests/content/formats/test_interop_files.py)
and on the originals (tests/conformance/test_interop_originals.py).

Counts are Moodle's own (its GIFT/Aiken importers' question splitting, `<question type>` for
Moodle XML, rows with a question, two answers and a correct answer for Kahoot! sheets) less the
kinds Civic Quiz does not import, each of which the importer reports by question: essays,
descriptions, plug-in types (gapfill, gapselect, ddwtos, mtf, stack, pmatch, guessit), the old
`order` plug-in, and Kahoot!'s template example. Moodle's own embedded answers (Cloze) import
as `cloze` questions. The format is found from the
content (no --format), as a teacher would run it.
"""

from __future__ import annotations

EXPECTED: dict[str, int] = {
    # GIFT
    "gift/RGIFTParser/test.gift": 39,
    "gift/gift-guessit/gift_guessit.english_proverbs.txt": 0,  # guessit plug-in dialect
    "gift/giftmedia/questions.giftimage1.txt": 1,
    "gift/gipper/matching.gift": 1,
    "gift/gipper/missing_word.gift": 4,
    "gift/gipper/multiple_choice.gift": 6,
    "gift/gipper/numerical.gift": 2,
    "gift/gipper/short_answer.gift": 3,
    "gift/gipper/super_gift.txt": 30,
    "gift/gipper/true_or_false.gift": 6,
    "gift/mtommasi-pygiftparser/categories.gift": 3,  # + 2 essays, 1 description
    "gift/mtommasi-pygiftparser/inline.gift": 3,  # + 1 essay
    "gift/mtommasi-pygiftparser/markdow.gift": 0,  # 3 essays
    "gift/mtommasi-pygiftparser/moodleFormat.gift": 0,  # 5 essays
    "gift/mtommasi-pygiftparser/numerical.gift": 4,
    "gift/mtommasi-pygiftparser/single.gift": 4,
    "gift/mtommasi-pygiftparser/specials.gift": 3,
    "gift/mtommasi-pygiftparser/trueFalse.gift": 3,
    "gift/rgmf-pygiftparser/test1.txt": 4,
    "gift/rgmf-pygiftparser/test10.txt": 9,  # + 1 description
    "gift/rgmf-pygiftparser/test11.txt": 4,
    "gift/rgmf-pygiftparser/test12.txt": 17,  # + 1 essay, 1 description
    "gift/rgmf-pygiftparser/test3.txt": 5,  # + 1 essay, 1 description
    "gift/rgmf-pygiftparser/test4.txt": 30,  # two with GB/Gb choices: not duplicates
    "gift/rgmf-pygiftparser/test5.txt": 40,
    "gift/rgmf-pygiftparser/test7.txt": 7,
    "gift/rgmf-pygiftparser/test8.txt": 5,
    # Moodle XML
    "moodle-xml/aiken-to-moodlexml/moodle.xml": 8,  # + essay, description, old `order`
    "moodle-xml/gapfill/gapfill_examples.xml": 0,
    "moodle-xml/moodle-tools/clozeRef.xml": 5,  # multianswer → cloze
    "moodle-xml/moodle-tools/description.xml": 0,
    "moodle-xml/moodle-tools/dragdrop_missing-wordsRef.xml": 0,
    "moodle-xml/moodle-tools/essayRef.xml": 0,
    "moodle-xml/moodle-tools/exact_set_equalityRef.xml": 0,
    "moodle-xml/moodle-tools/markdownRef.xml": 1,
    "moodle-xml/moodle-tools/matchingRef.xml": 2,
    "moodle-xml/moodle-tools/missing-wordsRef.xml": 0,
    "moodle-xml/moodle-tools/multiple-choiceRef.xml": 2,
    "moodle-xml/moodle-tools/multiple-true-falseRef.xml": 0,
    "moodle-xml/moodle-tools/numericalRef.xml": 2,
    "moodle-xml/moodle-tools/orderingRef.xml": 2,  # qtype_ordering → order
    "moodle-xml/moodle-tools/shortanswerRef.xml": 3,
    "moodle-xml/moodle-tools/true-falseRef.xml": 3,
    "moodle-xml/moodlexport/My_little_catgory_from_latex.xml": 1,  # + 1 essay
    "moodle-xml/moodlexport/Number-of-roots-for-a-polynomial.xml": 216,
    "moodle-xml/moodlexport/Simple-arithmetic.xml": 1,
    "moodle-xml/moodlexport/Simple-derivative.xml": 0,  # an essay
    "moodle-xml/pmatch/testquestion.moodle.xml": 0,
    # Aiken
    "aiken/aiken-to-moodlexml/aiken.txt": 2,
    "aiken/aikenadv/aiken_hebrew_english_sample.txt": 0,  # aikenadv's NUMBERING: lines
    "aiken/fisdap-aiken/aiken.txt": 3,
    # Kahoot!
    "kahoot-csv/kahoot-quiz-generator/male-voices-quiz.csv": 16,
    "kahoot-xlsx/kahoot-quiz-generator/Kahoot-Quiz-Spreadsheet-Template.xlsx": 0,  # the example
    "kahoot-xlsx/kahoot-quiz-generator/kahoot-quiz-from-csv.xlsx": 16,
    # QTI: not a format Civic Quiz reads
    "qti/tao-itemqti/match.xml": 0,
}


def check_import(path, expected: int, tmp_path, capsys) -> None:
    """Import `path` with the real CLI, as a teacher would (no --format): the right number of
    questions in a bank that validates, or, for 0, a clear error; never a traceback."""
    from game.cli import main
    from game.content.loader import load_paths

    out = tmp_path / "questions" / "imported.yaml"
    out.parent.mkdir()
    code = main(["import", str(path), "-o", str(out)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if expected == 0:
        assert code != 0 and not out.exists()
        assert err.strip(), "a refused file must say why"
        return
    # 1: questions were imported, and the broken ones named with their lines (aiken.txt of
    # aiken-to-moodlexml mixes Aiken with Moodle's own export); the saved bank must be valid
    assert code == 0 or (code == 1 and ": error:" in err), err
    result = load_paths([out])
    assert result.ok, [p.format() for p in result.problems if p.is_error]
    (bank,) = result.banks
    assert bank.id == "imported"
    assert len(bank.questions) == expected
