"""The teacher's grids as data: the student-paced grid's JSON form (the teacher page's `grid`
message) and the live session's grid of players × questions asked so far. Numbers by hand."""

from __future__ import annotations

import json

import pytest

from game.core import paced as p
from game.core import session as s
from game.core.live_grid import asked_count, live_grid, live_phase
from game.core.paced_views import Cell, grid_to_data, progress_grid, sort_rows
from tests.core.test_paced import ALL_QS, Paced
from tests.core.test_session import RIGHT, WRONG, Live


def paced_two() -> Paced:
    session = Paced(ids=("s1", "s2"))
    ana = session.join("Ana", now=0.0)
    ben = session.join("Ben", now=0.0)
    session.run(p.Answer(ana, 0, RIGHT, 4.0), p.Next(ana, 4.0), p.Answer(ana, 1, WRONG, 10.0))
    session.run(p.Answer(ben, 0, WRONG, 2.0))
    return session


def to_data(session: Paced, **kw) -> dict:
    options = {"sort": "name", "projector_safe": False, **kw}
    grid = progress_grid(session.state, session.cfg, options["sort"])
    prompts = {"s1": "First " + "x" * 200, "s2": "Second"}
    return grid_to_data(
        grid,
        prompts,
        phase="open",
        closes_at=None,
        joined=session.state.joined,
        here=session.state.here,
        **options,
    )


def test_grid_to_data__rows_cells_and_the_class_per_question():
    data = to_data(paced_two())
    json.dumps(data)  # plain JSON
    q1, q2 = data["questions"]
    assert q1["percent_right"] == 50.0 and q1["tries"] == 2 and q1["average_time_s"] == 3.0
    assert q2["percent_right"] == 0.0 and q2["tries"] == 1 and q2["average_time_s"] == 6.0
    assert len(q1["prompt"]) == 120 and q1["prompt"].endswith("…")
    ana, ben = data["students"]
    assert ana["nickname"] == "Ana" and ana["done"] == 2 and ana["time_spent_s"] == 10.0
    assert [c["first"] for c in ana["cells"]] == ["right", "wrong"]
    assert [c["first"] for c in ben["cells"]] == ["wrong", "not_yet"]
    assert "counts" not in data


def test_grid_to_data__projector_safe_has_counts_and_no_names():
    data = to_data(paced_two(), projector_safe=True)
    assert "students" not in data and "Ana" not in json.dumps(data)
    assert data["counts"] == [{"right": 1, "wrong": 1}, {"wrong": 1, "not_yet": 1}]


def test_sort_rows__refuses_an_unknown_sort():
    with pytest.raises(ValueError):
        sort_rows([], "age")


def test_live_grid__players_by_questions_asked_so_far():
    live = Live(ids=("s1", "s2", "tf"))
    ana, ben, cy = live.join("Ana", "Ben", "Cy")
    assert live_phase(live.state) == "lobby" and asked_count(live.state) == 0
    live(s.Start(0.0), s.Submit(ana, 0, RIGHT, 3.0), s.Submit(ben, 0, WRONG, 5.0))
    grid = live_grid(live.state, live.cfg, ALL_QS)
    assert grid.question_ids == ("s1",) and live_phase(live.state) == "open"
    cells = {r.nickname: r.cells[0].first for r in grid.rows}
    assert cells == {"Ana": Cell.ANSWERED, "Ben": Cell.ANSWERED, "Cy": Cell.NOW}  # no verdict yet
    live(s.Reveal(6.0))
    grid = live_grid(live.state, live.cfg, ALL_QS, "score")
    assert [r.nickname for r in grid.rows][0] == "Ana"
    by_name = {r.nickname: r for r in grid.rows}
    assert by_name["Ana"].cells[0].first is Cell.RIGHT and by_name["Ana"].cells[0].time_s == 3.0
    assert by_name["Ben"].cells[0].first is Cell.WRONG
    assert by_name["Cy"].cells[0].first is Cell.TIMED_OUT  # no answer by the reveal
    assert grid.columns[0].tries == 2 and grid.columns[0].percent_right == 50.0
    live(s.Next(7.0))
    grid = live_grid(live.state, live.cfg, ALL_QS)
    assert grid.question_ids == ("s1", "s2") and grid.rows[0].total == 3
    live(s.End(8.0))
    assert live_phase(live.state) == "finished"
