"""The reports the teacher page downloads (students CSV, item analysis CSV, printable HTML), as
bytes, for a live session (its report, replayed from the session log against its snapshot, as
`civic-quiz report` writes it) or a student-paced one (from its progress grid).

Why a module of its own: the teacher link (teacher_routes.py) only knows it can ask for a
report by kind; how each kind of session makes its files is here. Time spent is in both: per
student (total and average) and per question (average), from the times the session recorded
(live: answer time from the question opening; student-paced: each attempt's time on the
question, pauses not counted), so a report made again later says the same.
"""

from __future__ import annotations

import csv
import html
import io
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from game.core.model import Question
from game.core.paced_views import CELL_WORDS, Cell, Grid, progress_grid
from game.core.qtypes.registry import qtype
from game.services.report_files import render_html, safe_cell, write_csv

__all__ = ["live_reports", "paced_reports"]


def live_reports(service: Any, session_id: int) -> Any:
    """A report maker for a live session (ClassroomService.report)."""

    def make(kind: str) -> bytes | None:
        report = service.report(session_id)
        if kind == "report.html":
            return render_html(report, "Classroom session report").encode("utf-8")
        with tempfile.TemporaryDirectory() as tmp:
            write_csv(report, Path(tmp))
            name = {"report.csv": "students.csv", "items.csv": "questions.csv"}.get(kind)
            return None if name is None else (Path(tmp) / name).read_bytes()

    return make


def _csv(header: list[str], rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # a BOM, as report_files writes: Excel


def _cell_text(first: Cell, second: Cell | None) -> str:
    text = CELL_WORDS[first]
    return text if second is None else f"{text}; second chance: {CELL_WORDS[second]}"


def _avg(total: float, count: int) -> str:
    return f"{total / count:.2f}" if count else ""


def paced_students_csv(grid: Grid) -> bytes:
    numbers = [f"Q{i + 1}" for i in range(len(grid.question_ids))]
    rows = [
        [
            safe_cell(r.nickname),
            r.done,
            r.total,
            r.right,
            r.redeemed,
            r.score,
            f"{r.time_spent_s:.2f}",
            _avg(r.time_spent_s, sum(1 for c in r.cells if c.first not in _OPEN)),
            *(_cell_text(c.first, c.second) for c in r.cells),
        ]
        for r in grid.rows
    ]
    header = [
        "nickname",
        "answered",
        "questions",
        "right_first_try",
        "second_chances_right",
        "score",
        "time_spent_s",
        "average_time_s",
        *numbers,
    ]
    return _csv(header, rows)


_OPEN = (Cell.NOT_YET, Cell.NOW)


def paced_items_csv(grid: Grid, questions: Mapping[str, Question]) -> bytes:
    rows = []
    for i, (qid, col) in enumerate(zip(grid.question_ids, grid.columns, strict=True)):
        q = questions.get(qid)
        percent = col.percent_right
        rows.append(
            [
                i + 1,
                safe_cell(qid),
                safe_cell(qtype(q).shown_prompt(q) if q else ""),
                col.tries,
                "" if percent is None else f"{percent:.1f}",
                col.partly,
                col.timed_out,
                col.redo_tries,
                col.redo_right,
                f"{col.time_s:.2f}",
                _avg(col.time_s, col.tries + col.redo_tries),
            ]
        )
    header = [
        "number",
        "question_id",
        "prompt",
        "first_tries",
        "percent_right",
        "partly_right",
        "out_of_time",
        "second_chances",
        "second_chances_right",
        "time_spent_s",
        "average_time_s",
    ]
    return _csv(header, rows)


def paced_html(grid: Grid, questions: Mapping[str, Question], title: str) -> bytes:
    e = html.escape
    head = "".join(f"<th scope='col'>Q{i + 1}</th>" for i in range(len(grid.question_ids)))
    students = "".join(
        "<tr><th scope='row'>"
        + e(r.nickname)
        + f"</th><td>{r.done}/{r.total}</td><td>{r.right}</td><td>{r.score}</td>"
        + f"<td>{r.time_spent_s:.0f} s</td>"
        + "".join(f"<td>{e(_cell_text(c.first, c.second))}</td>" for c in r.cells)
        + "</tr>"
        for r in grid.rows
    )
    item_rows = []
    for i, (qid, col) in enumerate(zip(grid.question_ids, grid.columns, strict=True)):
        prompt = qtype(questions[qid]).shown_prompt(questions[qid]) if qid in questions else qid
        right = "" if col.percent_right is None else f"{col.percent_right:.0f}%"
        cells = [
            e(prompt),
            col.tries,
            right,
            _avg(col.time_s, col.tries + col.redo_tries),
            col.redo_tries,
            col.redo_right,
        ]
        item_rows.append(
            f"<tr><th scope='row'>Q{i + 1}</th>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"
        )
    items = "".join(item_rows)

    def heads(*names: str) -> str:
        return "".join(f'<th scope="col">{n}</th>' for n in names)

    item_head = heads(
        "#", "Question", "First tries", "Right", "Average time (s)", "Second chances",
        "Second chances right",
    )  # fmt: skip
    student_head = heads("Student", "Answered", "Right", "Score", "Time spent") + head
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse;margin:1em 0}}
th,td{{border:1px solid #888;padding:.3em .5em;text-align:left}}</style></head><body>
<h1>{e(title)}</h1>
<h2>Questions</h2>
<table><thead><tr>{item_head}</tr></thead><tbody>{items}</tbody></table>
<h2>Students</h2>
<table><thead><tr>{student_head}</tr></thead><tbody>{students}</tbody></table>
</body></html>
"""
    return page.encode("utf-8")


def paced_reports(host: Any, title: str = "Student-paced session report") -> Any:
    """A report maker for a student-paced session, from its state as it stands."""

    def make(kind: str) -> bytes | None:
        grid = progress_grid(host.state, host.config, "name")
        if kind == "report.csv":
            return paced_students_csv(grid)
        if kind == "items.csv":
            return paced_items_csv(grid, host.questions)
        if kind == "report.html":
            return paced_html(grid, host.questions, title)
        return None

    return make
