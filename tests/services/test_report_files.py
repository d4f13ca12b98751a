"""The report on disk: CSV sheets a spreadsheet opens safely, and one self-contained HTML page.

The class is the hand-computed one of tests/core/test_report.py, with two hostile nicknames:
Cy is "<script>alert(1)</script>" and Dee '=HYPERLINK("http://x")' (the session keeps the first
20 characters of a nickname).
"""

from __future__ import annotations

import csv
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from game.core.report import build_report
from game.services.report_files import CSV_FILES, render_html, safe_cell, write_csv, write_html
from tests.core.test_report import Driver, play_class

HOSTILE = ("Ana", "Ben", "<script>alert(1)</script>", '=HYPERLINK("http://x")', "Eve")
CY, DEE = "<script>alert(1)</sc", '=HYPERLINK("http://x'  # as the session trimmed them


@pytest.fixture(scope="module")
def report():
    return play_class(HOSTILE).report()


def read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


# -- CSV ----------------------------------------------------------------------------------------


def test_write_csv__three_files_utf8_with_bom(report, tmp_path):
    folder = tmp_path / "new" / "folder"
    paths = write_csv(report, folder)
    assert [p.name for p in paths] == list(CSV_FILES)
    for path in paths:
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_students_csv__rows(report, tmp_path):
    students, _, _ = write_csv(report, tmp_path)
    assert read(students) == [
        [
            "rank",
            "nickname",
            "score",
            "questions_asked",
            "answered",
            "correct",
            "accuracy_percent",
            "total_time_s",
            "average_time_s",
        ],
        ["1", "Ana", "4000", "4", "4", "3", "75.0", "22.00", "5.50"],
        ["1", "Ben", "4000", "4", "4", "3", "75.0", "28.00", "7.00"],  # tied with Ana: one place
        ["3", CY, "3000", "4", "4", "2", "50.0", "37.00", "9.25"],
        ["4", "'" + DEE, "2000", "4", "4", "2", "50.0", "43.00", "10.75"],
        ["5", "Eve", "1000", "4", "3", "1", "25.0", "43.00", "14.33"],
    ]


def test_questions_csv__graded_poll_and_skipped_in_session_order(report, tmp_path):
    _, questions, _ = write_csv(report, tmp_path)
    rows = read(questions)
    header = rows[0]
    by_id = {r[1]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert [r[0] for r in rows[1:]] == ["1", "2", "3", "4", "5", "6"]
    text = by_id["text-declare"]
    assert (text["kind"], text["p_value"], text["percent_correct"]) == ("graded", "0.400", "40.0")
    # computed negative numbers stay numbers: no apostrophe
    assert (text["discrimination_index"], text["point_biserial"]) == ("-1.000", "-0.910")
    assert text["flags"] == "negative discrimination; check the key"
    assert text["distribution"] == "Right* = 2; Partly = 0; Wrong = 3; No answer = 0"
    assert text["common_wrong_answers"] == "senate = 3"
    assert by_id["multi-powers"]["key"] == "1 ▲ Tax; 3 ● Declare war"  # as the choices showed
    assert by_id["single-branch"]["discrimination_index"] == "0.333"
    poll = by_id["poll-vote"]
    assert (poll["kind"], poll["p_value"], poll["distribution"]) == (
        "poll",
        "",
        "1 ▲ = 2; 2 ◆ = 1; 3 ● = 1; No answer = 1",
    )
    assert by_id["single-skip"]["kind"] == "skipped"
    assert all(len(r) == len(header) for r in rows)


def test_answers_csv__one_row_per_student_and_question(report, tmp_path):
    _, _, answers = write_csv(report, tmp_path)
    rows = read(answers)
    assert rows[0] == [
        "nickname",
        "question_number",
        "question_id",
        "graded",
        "answer",
        "credit",
        "correct",
        "points",
        "time_s",
    ]
    assert len(rows) == 1 + 25
    assert [
        "Ana",
        "2",
        "multi-powers",
        "yes",
        "1 ▲ Tax; 3 ● Declare war",
        "1.000",
        "yes",
        "2000",
        "5.00",
    ] in rows
    assert ["Eve", "3", "tf-veto", "yes", "", "0.000", "no", "0", ""] in rows
    assert ["Ana", "5", "poll-vote", "no", "1 ▲ Yes", "", "", "0", "1.00"] in rows


def test_formula_injection_nickname_is_neutralised(report, tmp_path):
    for path in write_csv(report, tmp_path):
        for row in read(path):
            for cell in row:
                assert not cell.startswith(("=", "+", "@")), (path.name, cell)
                if cell.startswith("-"):  # only our own numbers may start with a minus
                    float(cell)
    students = read(tmp_path / "students.csv")
    assert students[4][1] == "'=HYPERLINK(\"http://x"


def test_formula_injection_in_a_typed_answer(tmp_path):
    d = Driver(["text-declare"])
    a, b = d.join("Ann", "Bo")
    d.open(first=True)
    d.answer(a, "@SUM(A1:A9)", 1)
    d.answer(b, "-2+3", 1)
    rows = read(write_csv(d.report(), tmp_path)[2])
    assert [r[4] for r in rows[1:]] == ["'@SUM(A1:A9)", "'-2+3"]


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Ana", "Ana"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_safe_cell(raw, safe):
    assert safe_cell(raw) == safe


# -- HTML ---------------------------------------------------------------------------------------

VOID = {"meta", "link", "br", "hr", "img", "input", "col", "area", "base", "wbr", "source"}


class StrictChecker(HTMLParser):
    """Fails on every end tag that does not close the element opened last."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.starts: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.starts.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.starts.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def check(page: str) -> StrictChecker:
    parser = StrictChecker()
    parser.feed(page)
    parser.close()
    assert parser.errors == []
    assert parser.stack == []
    return parser


def test_html__well_formed_and_self_contained(report):
    page = render_html(report, "Civics 8B")
    parsed = check(page)
    tags = [t for t, _ in parsed.starts]
    assert tags.count("svg") == len(report.items) + len(report.polls) == 5
    assert "script" not in tags and "link" not in tags and "img" not in tags
    for _, attrs in parsed.starts:
        assert "src" not in attrs
        href = attrs.get("href")
        assert href is None or href.startswith("#")
        assert not any(k.startswith("on") for k in attrs)  # no event handlers
    assert "@import" not in page and "url(" not in page
    assert "@media print" in page


def test_html__hostile_nickname_and_title_are_escaped(report):
    page = render_html(report, "<script>x</script> & co")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/sc" in page
    parsed = check(page)
    text = "".join(parsed.text)
    assert CY in text and DEE in text and "<script>x</script> & co" in text


def test_html__sections_and_numbers(report):
    page = render_html(report, "Civics 8B")
    for section in (
        "summary",
        "leaderboard",
        "questions",
        "most-missed",
        "details",
        "students",
        "notes",
    ):
        assert f'<section id="{section}"' in page
    assert "check the key" in page and "negative discrimination" in page
    assert "−1.00" in page and "−0.91" in page  # Q4's D and r_pb, with a real minus sign
    assert "Only 5 students" in page


def test_html__bar_lengths_follow_the_counts(report):
    page = render_html(report, "Civics 8B")
    q1 = page[page.index('id="q1"') : page.index('id="q2"')]
    widths = [float(w) for w in re.findall(r'width="([\d.]+)" height="\d+" class="bar"', q1)]
    # 320 px stand for the 5 students present: A 0, B 4, C 0, D 1, no answer 0
    assert widths == [0.0, 256.0, 0.0, 64.0, 0.0]
    assert '<g class="key">' in q1


def test_html__empty_session_still_renders():
    d = Driver(["single-branch"])
    d.join("Ann")
    page = render_html(d.report(), "Nothing yet")
    check(page)
    assert "No graded question was asked." in page
    assert "still running" in page


def test_write_html__writes_the_rendered_page(report, tmp_path):
    path = write_html(report, tmp_path / "out" / "report.html", title="Civics 8B")
    assert path.read_text(encoding="utf-8") == render_html(report, "Civics 8B")


def test_report_can_be_rebuilt_from_the_same_state(report):
    d = play_class(HOSTILE)
    again = build_report(d.questions, d.config, d.state)
    assert render_html(again, "t") == render_html(report, "t")


def test_html__match_answers_and_key_are_two_column_tables():
    """A match answer reads as a table: each item, and the partner the student gave it."""
    from game.core.model import Question, QuestionType

    terms = Question(
        id="match-terms",
        type=QuestionType.MATCH,
        topic="Powers",
        difficulty=1,
        prompt="Match each chamber with its term",
        bank_id="civics",
        pairs=(("House", "2 years"), ("Senate", "6 years")),
    )
    d = Driver(["match-terms"], questions={"match-terms": terms})
    a, b = d.join("Ana", "Ben")
    d.open(first=True)
    d.answer(a, [0, 1], 2)
    d.answer(b, [1, 0], 3)
    d.reveal()
    html = render_html(d.report(), "Report")
    tables = re.findall(r'<table class="pairs">(.*?)</table>', html, re.S)
    cells = [re.findall(r"<t[dh]>(.*?)</t[dh]>", t) for t in tables]
    assert ["Item", "Its partner", "House", "2 years", "Senate", "6 years"] in cells  # the key
    assert ["Item", "Paired with", "House", "6 years", "Senate", "2 years"] in cells  # Ben's
    assert "Each student&#x27;s answer to Q1" in html or "Each student's answer to Q1" in html
