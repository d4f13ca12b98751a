"""Time spent in the reports: per student and per question, from what the session recorded
(live: each answer's time from the question opening; student-paced: each attempt's time), in the
CSV and HTML files, and the same however often the report is made again (a resume, a replay)."""

from __future__ import annotations

import csv

from game.core import paced as p
from game.core import session as s
from game.core.scoring import ScoringPreset, rules_for
from game.services.classroom.service import ClassroomService
from game.services.classroom.teacher_reports import paced_reports
from game.services.report_files import render_html, write_csv
from game.services.storage import Store
from tests.paced_local import LocalPacedHost, right_json
from tests.services.classroom.live_host import QS, SINGLES


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_live_report__time_spent_per_student_and_question_and_the_same_after_a_resume(tmp_path):
    clock = Clock()
    with Store.open(tmp_path / "db.sqlite3") as store:
        service = ClassroomService(QS, store, wall=clock, clock=clock)
        ids = SINGLES[:2]
        config = s.SessionConfig(ids, rules_for(ScoringPreset.ACCURACY, False))
        live = service.open_local(config, "Live session")  # the runtime and log, no network
        ana = live.command(s.Join("tok-ana-0001", "Ana", clock()))[0].player.id
        ben = live.command(s.Join("tok-ben-0001", "Ben", clock()))[0].player.id
        opened = clock.t
        live.command(s.Start(opened))
        live.command(s.Submit(ana, 0, QS[ids[0]].correct[0], opened + 4.0))
        live.command(s.Submit(ben, 0, QS[ids[0]].correct[0], opened + 10.0))
        live.command(s.Reveal(opened + 11.0))
        live.command(s.Next(opened + 12.0))
        live.command(s.Submit(ana, 1, QS[ids[1]].correct[0], opened + 18.0))  # 6 s
        live.command(s.End(opened + 40.0))
        first = service.report(live.session_id)
        by_name = {st.nickname: st for st in first.students}
        assert by_name["Ana"].total_time_s == 10.0 and by_name["Ana"].average_time_s == 5.0
        assert by_name["Ben"].total_time_s == 10.0 and by_name["Ben"].average_time_s == 10.0
        q1, q2 = first.items
        assert q1.total_time_s == 14.0 and q1.average_time_s == 7.0
        assert q2.total_time_s == 6.0
        write_csv(first, tmp_path / "out")
        rows = list(csv.DictReader((tmp_path / "out" / "questions.csv").open(encoding="utf-8-sig")))
        assert [r["total_time_s"] for r in rows] == ["14.00", "6.00"]
        html = render_html(first, "Report")
        assert "Time spent: 14" in html
        # Later, after the clock has moved on and the session was resumed: the same report.
        clock.t += 3600
        again = ClassroomService(QS, store, wall=clock, clock=clock, host="127.0.0.1", port=0)
        resumed = again.resume(live.session_id)  # listening again: closed at the end
        try:
            assert again.report(resumed.session_id) == first
        finally:
            again.close_all()


def test_paced_report__time_spent_from_each_attempt_and_the_same_when_made_again():
    clock = Clock()
    ids = SINGLES[:2]
    host = LocalPacedHost(QS, p.PacedConfig(ids, redemption=False), clock)
    ana = host.join("Ana")
    clock.t += 7.0
    host.command(p.Answer(ana, 0, right_json(QS[ids[0]]), clock()))
    host.command(p.Next(ana, clock()))
    clock.t += 3.0
    host.command(p.Answer(ana, 1, right_json(QS[ids[1]]), clock()))
    make = paced_reports(host)
    students = make("report.csv").decode("utf-8-sig").splitlines()
    assert students[0].startswith("nickname,answered,questions,right_first_try")
    row = next(csv.DictReader(students))
    assert row["time_spent_s"] == "10.00" and row["average_time_s"] == "5.00"
    items = list(csv.DictReader(make("items.csv").decode("utf-8-sig").splitlines()))
    assert [i["time_spent_s"] for i in items] == ["7.00", "3.00"]
    clock.t += 86400  # a day later: nothing recorded changed, nor does the report
    assert make("report.csv").decode("utf-8-sig").splitlines() == students
    assert b"Time spent" in make("report.html")
