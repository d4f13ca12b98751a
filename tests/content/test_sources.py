"""Source kinds and questions that cite several sources: through the real loader, the game's
feedback line, and the exchange formats (GIFT, Moodle XML, CSV) that must carry them back."""

from __future__ import annotations

from game.content.bank_io import bank_to_data
from game.content.formats import gift, moodle_xml, spreadsheet
from game.core.model import SourceKind
from tests.content.helpers import load_text

BANK = """bank:
  id: kinds
  title: Kinds
  sources:
    - id: eo
      title: The order
      kind: primary
    - id: col
      title: "A Terrible Idea"
      publisher: Reason
      kind: opinion
    - id: wire
      title: A report
questions:
  - id: k-1
    type: true_false
    topic: T
    difficulty: 1
    prompt: "The order names no cartel."
    answer: true
    explanation: "Sec. 1 mentions two cartels without naming them."
    source:
      - {id: eo, locator: "Sec. 1"}
      - {id: col, locator: "para. 3"}
  - id: k-2
    type: single
    topic: T
    difficulty: 2
    prompt: "Which?"
    choices: ["A", "B", "C"]
    answer: 3
    explanation: "C, because."
    source: {id: wire, locator: "lead"}
"""


def test_kind_and_several_sources_load_in_order(tmp_path):
    result = load_text(tmp_path, BANK)
    assert [p.format() for p in result.problems] == []
    [bank] = result.banks
    one, two = bank.questions
    assert [(r.source.id, r.locator) for r in one.citations] == [
        ("eo", "Sec. 1"),
        ("col", "para. 3"),
    ]
    assert one.source is not None and one.source.source.kind is SourceKind.PRIMARY
    assert two.more_sources == () and two.source.source.kind is None


def test_feedback_line_shows_each_source_with_its_kind(tmp_path):
    [bank] = load_text(tmp_path, BANK).banks
    one, two = bank.questions
    assert one.citation_line() == (
        "Sources: [primary text] The order, Sec. 1; [opinion] A Terrible Idea, para. 3"
    )
    assert two.citation_line() == "Source: A report, lead"


def test_unknown_kind__error_names_line_and_suggests(tmp_path):
    result = load_text(tmp_path, BANK.replace("kind: opinion", "kind: opinon"))
    [problem] = [p for p in result.problems if p.is_error]
    assert (problem.code, problem.line) == ("unknown-kind", 11)
    assert "opinion" in (problem.hint or "")


def test_source_list__unknown_id_and_empty_list_are_errors_with_lines(tmp_path):
    result = load_text(tmp_path, BANK.replace("{id: col, locator", "{id: cole, locator"))
    [problem] = [p for p in result.problems if p.is_error]
    assert (problem.code, problem.line, problem.question) == ("unknown-source", 24, "k-1")
    assert "did you mean `col`" in (problem.hint or "")
    empty = BANK.replace(
        '    source:\n      - {id: eo, locator: "Sec. 1"}\n      - {id: col, locator: "para. 3"}\n',
        "    source: []\n",
    )
    codes = [p.code for p in load_text(tmp_path, empty).problems if p.is_error]
    assert codes == ["too-few"]


def test_source_list__same_place_twice_is_a_warning_and_kept_once(tmp_path):
    twice = BANK.replace('{id: col, locator: "para. 3"}', '{id: eo, locator: "sec.  1"}')
    result = load_text(tmp_path, twice)
    assert [p.code for p in result.problems] == ["duplicate-source"]
    assert len(result.banks[0].questions[0].citations) == 1


def test_gift_and_csv_round_trip_keep_kinds_and_every_source(tmp_path):
    [bank] = load_text(tmp_path, BANK).banks
    back_gift = gift.read(gift.write([bank]).content.encode(), "kinds.gift")
    assert back_gift.data["bank"]["sources"] == bank_to_data(bank)["bank"]["sources"]
    assert back_gift.data["questions"] == bank_to_data(bank)["questions"]
    exported = spreadsheet.write_csv([bank])
    assert exported.problems == ()
    back_csv = spreadsheet.read_csv(exported.content.encode(), "kinds.csv")
    assert back_csv.data == bank_to_data(bank)


def test_moodle_keeps_the_main_source_and_lists_the_others_as_text(tmp_path):
    [bank] = load_text(tmp_path, BANK).banks
    exported = moodle_xml.write([bank])
    assert [p.code for p in exported.problems] == ["more-sources-as-text"]
    assert "See also: A Terrible Idea, para. 3" in exported.content
    back = moodle_xml.read(exported.content.encode(), "kinds.xml")
    [first, second] = back.data["questions"]
    assert first["source"] == {"id": "eo", "locator": "Sec. 1"}
    assert first["explanation"] == bank.questions[0].explanation
    assert [s.get("kind") for s in back.data["bank"]["sources"]] == ["primary", "opinion", None]


def test_feedback_line__long_lists_shorten_the_extra_sources_then_count_them(tmp_path):
    [bank] = load_text(tmp_path, BANK).banks
    one = bank.questions[0]
    assert one.citation_line(limit=70) == (
        "Sources: [primary text] The order, Sec. 1; [opinion] Reason, para. 3"
    )
    assert one.citation_line(limit=40) == "Sources: [primary text] The order, Sec. 1; and 1 more"
