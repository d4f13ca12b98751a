"""A session's report never changes after class: the session keeps a snapshot of what it asked
(each question's content, bank id and version) and replays against it, not against today's
banks. Its log stores command kinds under stable names, and logs from before still read."""

from __future__ import annotations

import shutil

import pytest

from game.content.loader import load_paths
from game.core import session as s
from game.core.model import QuestionType
from game.core.scoring import ScoringPreset, rules_for
from game.core.selection import question_index
from game.services.classroom.runtime import ClassroomRuntime
from game.services.classroom.service import ClassroomService
from game.services.storage import Store
from tests.conftest import QUESTIONS
from tests.services.classroom.test_runtime import Clock, FakeServer, answer, join


def load(folder):
    banks = load_paths([folder]).banks
    return question_index(banks), {b.id: b.version for b in banks}


@pytest.fixture
def bank_dir(tmp_path):
    folder = tmp_path / "banks"
    folder.mkdir()
    shutil.copy(QUESTIONS / "agencies.yaml", folder / "agencies.yaml")
    return folder


def play(store, qs, versions, ids, responses) -> int:
    """Ana answers each question with the response given; the session ends."""
    clock = Clock()
    server = FakeServer()
    config = s.SessionConfig(tuple(ids), rules_for(ScoringPreset.CLASSIC))
    runtime = ClassroomRuntime.create(
        qs, config, store, server, "P3", clock, clock=clock, bank_versions=versions
    )
    join(server, 1, "token-ana-0001", "Ana", clock.t)
    runtime.pump()
    runtime.command(s.Start(runtime.now()))
    for index, response in enumerate(responses):
        clock.t += 3
        answer(server, 1, index, response, clock.t)
        runtime.pump()
        runtime.command(s.Next(runtime.now()))
    assert runtime.state.phase is s.SessionPhase.FINISHED
    return runtime.session_id


def test_reordering_a_banks_choices_after_class_leaves_the_old_report_unchanged(bank_dir, tmp_path):
    qs, versions = load(bank_dir)
    singles = [q for q in qs.values() if q.type is QuestionType.SINGLE][:2]
    first = singles[0]
    assert first.correct == (0,)  # the right choice is listed first
    with Store.open(tmp_path / "class.sqlite3") as store:
        sid = play(store, qs, versions, [q.id for q in singles], [0, singles[1].correct[0]])
        before = ClassroomService(qs, store).report(sid)
        assert before.answer(1, 0).points > 0 and before.answer(1, 0).correct

        # After class the author moves the right choice to the end (answer 1 → 4) and
        # publishes a new version of the bank.
        path = bank_dir / "agencies.yaml"
        text = path.read_text(encoding="utf-8")
        old = "\n".join(f'      - "{c}"' for c in first.choices) + "\n    answer: 1"
        moved = (*first.choices[1:], first.choices[0])
        new = "\n".join(f'      - "{c}"' for c in moved) + "\n    answer: 4"
        assert old in text
        shipped = versions["agencies"]
        bumped = str(int(shipped) + 1)
        text = text.replace(f"version: {shipped}", f"version: {bumped}", 1)
        path.write_text(text.replace(old, new, 1))
        edited, new_versions = load(bank_dir)
        assert edited[first.id].choices == moved and new_versions["agencies"] == bumped

        after = ClassroomService(edited, store).report(sid)
        assert after == before  # the 950-point answer stays a 950-point answer
        snap = store.session_questions(sid)
        assert [r["question_id"] for r in snap] == [q.id for q in singles]
        assert snap[0]["bank_id"] == "agencies" and snap[0]["bank_version"] == shipped

        # Even with the question gone from the banks, the report and a resume still work.
        gone = {qid: q for qid, q in edited.items() if qid != first.id}
        assert ClassroomService(gone, store).report(sid) == before
        resumed = ClassroomRuntime.resume(gone, store, FakeServer(), sid, Clock())
        assert resumed.questions[first.id] == first


def test_command_kinds_are_stable_names_and_every_command_has_one():
    assert set(s.COMMAND_KINDS.values()) == set(s._HANDLERS)  # a new command needs a name
    kind, data = s.command_to_data(s.Submit(3, 1, [0, 2], 12.5))
    assert (kind, data) == ("submit", {"player_id": 3, "index": 1, "response": [0, 2], "now": 12.5})
    assert s.command_from_data(kind, data) == s.Submit(3, 1, [0, 2], 12.5)
    assert s.command_to_data(s.SetExtraTime(2, 1.5, 3.0))[0] == "set_extra_time"


def test_an_old_log_with_class_names_and_no_snapshot_still_reports(tmp_path):
    """Sessions saved before schema 3: kinds were class names, and there is no snapshot (the
    report then uses the banks, as it always did)."""
    qs, _ = load(QUESTIONS)
    single = next(q for q in qs.values() if q.type is QuestionType.SINGLE)
    config = s.SessionConfig((single.id,), rules_for(ScoringPreset.CLASSIC))
    with Store.open(tmp_path / "old.sqlite3") as store:
        sid = store.create_session("Old", "123456", s.config_to_data(config), 1.0)
        old_log = [
            ("Join", {"token": "token-ana-0001", "nickname": "Ana", "now": 1.0}),
            ("Start", {"now": 2.0}),
            ("Submit", {"player_id": 1, "index": 0, "response": single.correct[0], "now": 5.0}),
            ("End", {"now": 9.0}),
        ]
        store.log_commands(sid, [(i, k, d) for i, (k, d) in enumerate(old_log)])
        report = ClassroomService(qs, store).report(sid)
        assert report.answer(1, 0).correct and report.finished


def test_every_shipped_question__survives_its_snapshot_field_for_field():
    """A snapshot that drops a field (a new one, say) would change old reports: every field of
    every shipped question must come back as it went in."""
    import json

    from game.content.loader import load_paths
    from game.core.snapshot import question_from_snapshot, question_to_snapshot
    from game.resources import shipped_banks_dir

    questions = [q for bank in load_paths([shipped_banks_dir()]).banks for q in bank.questions]
    assert questions
    for q in questions:
        data = json.loads(json.dumps(question_to_snapshot(q)))  # as SQLite stores it
        assert question_from_snapshot(data) == q, q.id


def test_the_report_names_each_answer_by_the_number_and_shape_the_phone_showed(tmp_path):
    """Ana tapped the choice her phone showed second ("2 ◆ …"): answers.csv and the HTML say
    "2 ◆ <its text>", not a letter from the bank's order; the key too."""
    from game.core.choice_look import choice_tag
    from game.services.report_files import render_html, write_csv

    qs, versions = load(QUESTIONS)
    question = next(q for q in qs.values() if q.type is QuestionType.SINGLE and len(q.choices) >= 4)
    with Store.open(tmp_path / "class.sqlite3") as store:
        clock = Clock()
        server = FakeServer()
        config = s.SessionConfig((question.id,), rules_for(ScoringPreset.CLASSIC))
        runtime = ClassroomRuntime.create(qs, config, store, server, "P3", clock, clock=clock)
        join(server, 1, "token-ana-0001", "Ana", clock.t)
        runtime.pump()
        runtime.command(s.Start(runtime.now()))
        sent = next(m for _, m in server.sent if m["type"] == "question")
        tapped = sent["choices"][1]  # the second button on her phone
        original = question.choices.index(tapped["text"])
        clock.t += 3
        answer(server, 1, 0, original, clock.t)
        runtime.pump()
        runtime.command(s.End(runtime.now()))
        report = ClassroomService(qs, store).report(runtime.session_id)
        assert report.answer(1, 0).answer == f"2 \u25c6 {tapped['text']}"
        shown = [c["text"] for c in sent["choices"]]
        right = question.choices[question.correct[0]]
        assert report.items[0].key == f"{choice_tag(shown.index(right))} {right}"
        assert [o.text for o in report.items[0].options[:-1]] == shown
        answers = (tmp_path / "out").joinpath("answers.csv")
        write_csv(report, tmp_path / "out")
        assert f"2 \u25c6 {tapped['text']}" in answers.read_text(encoding="utf-8-sig")
        assert f"2 \u25c6 {tapped['text']}" in render_html(report, "Report")
