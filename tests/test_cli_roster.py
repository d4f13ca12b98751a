"""A roster CSV with accommodation columns: the names come back for the lobby, each student's
extra time and page needs are remembered for their name (a real SQLite file), and a value the
game cannot use stops with the file, the line and what to write instead, never a traceback."""

from __future__ import annotations

from game.cli import _read_roster
from game.core.accommodations import Accommodations
from game.services.storage import Store


def test_roster_columns__are_remembered_for_each_name(tmp_path):
    roster = tmp_path / "period3.csv"
    roster.write_text(
        "Name,Extra time,Read aloud,Reduced motion,Large text\n"
        "Ana,1.5,yes,,\n"
        "\n"
        "Ben,,,yes,yes\n"
        "Cy,1,no,no,no\n",
        encoding="utf-8",
    )
    with Store.open(tmp_path / "progress.sqlite3") as store:
        store.remember_accommodations("Cy", Accommodations(2.0, frozenset({"read_aloud"})))
        assert _read_roster(str(roster), store) == ["Ana", "Ben", "Cy"]
        assert store.accommodations_for("ana") == Accommodations(1.5, frozenset({"read_aloud"}))
        assert store.accommodations_for("BEN") == Accommodations(
            1.0, frozenset({"reduced_motion", "large_text"})
        )
        assert store.accommodations_for("Cy") == Accommodations()  # the roster says no now


def test_roster_of_names_only__says_nothing_about_accommodations(tmp_path):
    roster = tmp_path / "names.csv"
    roster.write_text("name\nAna\nBen\n", encoding="utf-8")
    with Store.open(tmp_path / "progress.sqlite3") as store:
        store.remember_accommodations("Ana", Accommodations(2.0))
        assert _read_roster(str(roster), store) == ["Ana", "Ben"]
        assert store.accommodations_for("Ana") == Accommodations(2.0)  # kept as it was
        assert store.accommodations_for("Ben") is None


def test_roster_with_a_bad_value__names_the_file_and_line(tmp_path, capsys):
    roster = tmp_path / "period3.csv"
    roster.write_text("name,extra time\nAna,1.5\nBen,3\n", encoding="utf-8")
    with Store.open(tmp_path / "progress.sqlite3") as store:
        assert _read_roster(str(roster), store) == 1
        assert store.accommodations_for("Ana") is None  # nothing half-saved
    err = capsys.readouterr().err
    assert f"{roster} line 3: extra time for Ben is '3': write 1, 1.5 or 2" in err
    assert "Traceback" not in err
