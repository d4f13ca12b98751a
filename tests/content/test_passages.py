"""Passages (document-based questions): defined once in a bank, named by questions, checked by the
validator with file and line, carried by the YAML writer, GIFT and CSV."""

from __future__ import annotations

from game.content.bank_io import bank_to_data
from game.content.formats import gift, spreadsheet
from tests.content.helpers import load_text
from tests.content.test_shipped_banks import RESULT

BANK = """bank:
  id: dbq
  title: DBQ
  sources:
    - {id: eo, title: The order, kind: primary}
passages:
  - id: p1
    text: "Illicit fentanyl is closer to a chemical weapon than a narcotic."
    source: {id: eo, locator: "Sec. 1"}
questions:
  - id: d-1
    type: true_false
    topic: T
    difficulty: 1
    passage: p1
    prompt: "The passage compares fentanyl to a chemical weapon."
    answer: true
    explanation: "It says so."
    source: {id: eo, locator: "Sec. 1"}
"""


def test_a_question_carries_its_passage(tmp_path):
    result = load_text(tmp_path, BANK)
    assert [p.format() for p in result.problems] == []
    [bank] = result.banks
    [passage] = bank.passages
    assert bank.questions[0].passage == passage
    assert passage.citation_line() == "[primary text] The order, Sec. 1"


def test_unknown_passage__error_with_line_and_suggestion(tmp_path):
    result = load_text(tmp_path, BANK.replace("passage: p1", "passage: p11"))
    errors = [p for p in result.problems if p.is_error]
    assert [(p.code, p.line, p.question) for p in errors] == [("unknown-passage", 15, "d-1")]
    assert "did you mean `p1`" in (errors[0].hint or "")


def test_duplicate_unused_and_undeclared_source_passages(tmp_path):
    text = BANK.replace(
        "questions:\n",
        '  - {id: p1, text: "again", source: {id: eo, locator: x}}\n'
        '  - {id: p3, text: "unused", source: {id: eo, locator: x}}\n'
        '  - {id: p4, text: "bad source", source: {id: nope, locator: x}}\n'
        "questions:\n",
    )
    codes = sorted(p.code for p in load_text(tmp_path, text).problems)
    assert codes == ["duplicate-passage", "unknown-source", "unused-passage"]


def test_passage_without_text_or_source_is_reported(tmp_path):
    text = BANK.replace("questions:\n", "  - {id: p9}\nquestions:\n")
    problems = [p for p in load_text(tmp_path, text).problems if p.is_error]
    assert sorted(p.code for p in problems) == ["missing", "missing"]
    assert all(p.line == 10 for p in problems)


def test_yaml_gift_and_csv_keep_passages(tmp_path):
    [bank] = load_text(tmp_path, BANK).banks
    data = bank_to_data(bank)
    assert data["passages"] == [
        {"id": "p1", "text": bank.passages[0].text, "source": {"id": "eo", "locator": "Sec. 1"}}
    ]
    assert data["questions"][0]["passage"] == "p1"
    assert gift.read(gift.write([bank]).content.encode(), "dbq.gift").data == data
    assert (
        spreadsheet.read_csv(spreadsheet.write_csv([bank]).content.encode(), "dbq.csv").data == data
    )


def test_read_the_order__passages_quote_the_order_exactly():
    """Every passage of the shipped DBQ bank is a verbatim excerpt (spacing aside) of the order."""
    from pathlib import Path

    order = Path(__file__).resolve().parents[1] / "fixtures/sources/executive-order-2025-12-15.md"
    text = " ".join(order.read_text(encoding="utf-8").split())
    [bank] = [b for b in RESULT.banks if b.id == "read-the-order"]
    assert len(bank.passages) >= 7
    assert len(bank.questions) >= 30
    assert [p.id for p in bank.passages if " ".join(p.text.split()) not in text] == []
    assert all(q.passage is not None for q in bank.questions)


def test_gift__the_passage_is_question_text_for_moodle_and_still_round_trips(tmp_path):
    """Moodle ignores `//` comments, so the passage must be in the question text itself; reading
    the file back into Civic Quiz still gives the passage once and the prompt unchanged."""
    [bank] = load_text(tmp_path, BANK).banks
    content = gift.write([bank]).content
    text_lines = [line for line in content.splitlines() if not line.startswith("//")]
    question = next(line for line in text_lines if line.startswith("::d-1::"))
    assert "“Illicit fentanyl is closer to a chemical weapon than a narcotic.”" in question
    assert question.index("chemical weapon") < question.index("The passage compares")
    assert "[primary text] The order, Sec. 1" in question  # where it comes from, for Moodle too
    back = gift.read(content.encode(), "dbq.gift").data
    assert back["questions"][0]["prompt"] == bank.questions[0].prompt
    assert back["passages"][0]["text"] == bank.passages[0].text
    # a GIFT file without Civic Quiz's comments (as Moodle exports it) keeps the passage in
    # the prompt: nothing the students read is lost
    moodle = "\n".join(line for line in content.splitlines() if "civic-quiz" not in line)
    plain = gift.read(moodle.encode(), "moodle.gift").data["questions"][0]["prompt"]
    assert plain.startswith("“Illicit fentanyl is closer") and plain.endswith(
        bank.questions[0].prompt
    )
