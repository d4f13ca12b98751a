"""`civic-quiz import` on real-world cases: the format found from the content when the name does
not tell, ids taken from the target file and never clashing with the banks already beside it,
and Kahoot!'s template example left out. Runs the real CLI in-process on real files."""

from __future__ import annotations

import pytest

from game.cli import main
from game.content.formats.detect import detect_format
from game.content.loader import load_paths
from tests.conftest import ROOT

GIFT_AS_TXT = "::capital::What is the capital of France?{=Paris ~Lyon ~Nice}\n\nOk?{T}\n"
KAHOOT_CSV = (
    "Question,Option 1,Option 2,Option 3,Option 4,Correct Answer,Explanation\n"
    '"Which branch writes laws?",Congress,Courts,President,,Congress,"Article I."\n'
    '"Which branch signs orders?",Congress,Courts,President,,President,"Article II."\n'
)
AIKEN = "Which one?\nA) one\nB) two\nANSWER: B\n\nAnd this?\nA. yes\nB. no\nANSWER: A\n"


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.out, out.err


@pytest.mark.parametrize(
    ("name", "text", "fmt"),
    [
        ("moodle-export.txt", GIFT_AS_TXT, "gift"),
        ("quiz.csv", KAHOOT_CSV, "kahoot-csv"),
        ("questions.txt", AIKEN, "aiken"),
        (
            "quiz.xml",
            '<?xml version="1.0"?>\n<quiz><question type="truefalse"/></quiz>',
            "moodle-xml",
        ),
    ],
)
def test_detect_format__from_the_content(name, text, fmt):
    assert detect_format(text.encode(), name).name == fmt


def test_detect_format__qti_and_plain_text_are_not_guessed():
    qti = detect_format(b'<?xml version="1.0"?>\n<assessmentItem identifier="x"/>', "match.xml")
    assert qti.name is None and "QTI" in qti.reason
    assert detect_format(b"just some notes\n", "notes.txt").name is None


def test_import__gift_saved_as_txt_is_read_as_gift(tmp_path, capsys):
    src = tmp_path / "moodle-export.txt"
    src.write_text(GIFT_AS_TXT)
    code, out, _ = cli(capsys, "import", str(src), "-o", str(tmp_path / "civics.yaml"))
    assert code == 0 and "imported 2 question(s)" in out
    assert load_paths([tmp_path / "civics.yaml"]).ok


def test_import__kahoot_csv_named_csv_goes_to_the_kahoot_reader(tmp_path, capsys):
    src = tmp_path / "quiz.csv"
    src.write_text(KAHOOT_CSV)
    code, out, err = cli(capsys, "import", str(src), "-o", str(tmp_path / "branches.yaml"))
    assert code == 0, err
    assert "as kahoot-csv, not csv" in err
    bank = load_paths([tmp_path / "branches.yaml"]).banks[0]
    assert [q.correct for q in bank.questions] == [(0,), (2,)]
    assert bank.questions[0].explanation == "Article I."


def test_import__unknown_content_suggests_format(tmp_path, capsys):
    src = tmp_path / "notes.txt"
    src.write_text("just some notes\n")
    code, _, err = cli(capsys, "import", str(src))
    assert code == 2 and "--format" in err and "cannot tell the format" in err


def test_import__ids_come_from_the_target_not_the_source_name(tmp_path, capsys):
    a = tmp_path / "a" / "KahootQuizTemplate.csv"
    b = tmp_path / "b" / "KahootQuizTemplate.csv"
    for path in (a, b):
        path.parent.mkdir()
        path.write_text(KAHOOT_CSV)
    out_dir = tmp_path / "questions"
    out_dir.mkdir()
    assert cli(capsys, "import", str(a), "-o", str(out_dir / "branches.yaml"))[0] == 0
    assert cli(capsys, "import", str(b), "-o", str(out_dir / "powers.yaml"))[0] == 0
    result = load_paths([out_dir])
    assert result.ok, [p.format() for p in result.problems]
    assert sorted(bank.id for bank in result.banks) == ["branches", "powers"]
    assert result.banks[0].questions[0].id.startswith(result.banks[0].id + "-")


def test_import__into_a_folder_with_banks_never_clashes(tmp_path, capsys):
    """A bank exported to GIFT keeps its ids in comments; imported back beside the original it
    gets free ids, and the folder still validates."""
    folder = tmp_path / "questions"
    folder.mkdir()
    shipped = sorted((ROOT / "questions").glob("*.yaml"))[0]
    (folder / shipped.name).write_bytes(shipped.read_bytes())
    gift = tmp_path / "out.gift"
    assert cli(capsys, "export", str(folder), "--format", "gift", "-o", str(gift))[0] == 0
    code, out, err = cli(capsys, "import", str(gift), "-o", str(folder / "again.yaml"))
    assert code == 0, err
    assert "already used" in err
    result = load_paths([folder])
    assert result.ok, [p.format() for p in result.problems if p.is_error][:3]
    assert len(result.banks) == 2


def test_import__kahoot_template_example_is_not_a_question(tmp_path, capsys):
    src = tmp_path / "template.csv"
    src.write_text(
        "Question - max 120 characters,Answer 1 - max 75 characters,Answer 2 - max 75 "
        "characters,Answer 3,Answer 4,Time limit (sec),Correct answer(s)\n"
        "Which spreadsheet tools can read this sheet and export to xlsx format?,Excel,"
        'Google Docs,Numbers,LibreOffice,60,"1,2,3,4"\n'
        "Who signs executive orders?,The President,The Senate,,,30,1\n"
    )
    code, out, err = cli(capsys, "import", str(src), "-o", str(tmp_path / "mine.yaml"))
    assert code == 0 and "imported 1 question(s)" in out
    assert "example question of Kahoot!'s template" in err
    (q,) = load_paths([tmp_path / "mine.yaml"]).banks[0].questions
    assert q.prompt == "Who signs executive orders?"


def test_import__unknown_format_name_is_a_clear_error(tmp_path, capsys):
    src = tmp_path / "x.gift"
    src.write_text(GIFT_AS_TXT)
    code, _, err = cli(capsys, "import", str(src), "--format", "qti")
    assert code == 2 and "unknown format 'qti'" in err


def test_export_summary__counts_what_was_written_and_groups_the_reasons(tmp_path, capsys):
    out = tmp_path / "all.gift"
    code, text, _ = cli(
        capsys, "export", str(ROOT / "questions"), "--format", "gift", "-o", str(out)
    )
    banks = load_paths([ROOT / "questions"]).banks
    total = sum(len(b.questions) for b in banks)
    order = sum(q.type.value == "order" for b in banks for q in b.questions)
    poll = sum(q.type.value == "poll" for b in banks for q in b.questions)
    several = sum(q.type.value == "cloze" and len(q.gaps) > 1 for b in banks for q in b.questions)
    assert code == 0
    assert f"exported {total - order - poll - several} of {total} question(s)" in text
    assert f"; {order + poll + several} skipped" in text
    assert f"  {order} skipped: order questions (GIFT has no ordering type)" in text
    assert f"  {poll} skipped: poll questions" in text
    assert f"  {several} skipped: cloze questions (GIFT's missing word has one gap" in text


def test_raw_tex__gets_a_warning_naming_the_question_and_field(tmp_path, capsys):
    src = tmp_path / "maths.gift"
    src.write_bytes(
        b"::sq::What is \\\\(x^2\\\\) when x is 3?{#9}\n\n::f::Is $\\\\frac{1}{2}$ a half?{T}\n\n"
        b"::m::Which costs more, $5 or $10?{=$10 ~$5}\n"
    )
    code, _, err = cli(capsys, "import", str(src), "-o", str(tmp_path / "maths.yaml"))
    assert code == 0
    warned = [line for line in err.splitlines() if "raw TeX" in line]
    assert len(warned) == 2
    assert "[question maths-001]" in warned[0] and "prompt" in warned[0]
    assert "[question maths-002]" in warned[1] and "as typed" in warned[1]
