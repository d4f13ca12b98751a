"""The teacher's report on disk: three CSV sheets and one printable HTML page.

`write_csv` writes students.csv, questions.csv and answers.csv: UTF-8 with a byte-order mark (so
Excel reads accents right), quoted by the `csv` module, and safe against formula injection — any
text cell starting with = + - @ (or a tab / carriage return) gets a leading apostrophe, so a
nickname such as "=HYPERLINK(…)" stays text. Numbers we compute are written as plain numbers.

`render_html` builds one self-contained page — inline CSS (with print rules), bar charts drawn
here as inline SVG, no scripts, no fonts, images or stylesheets from anywhere — and escapes every
piece of text with `html.escape`, since nicknames and typed answers come from students.
"""

from __future__ import annotations

import csv
import html
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from game.core.qtypes.registry import QTYPES
from game.core.report import (
    CHECK_KEY,
    NEGATIVE,
    NO_ANSWER,
    TOO_EASY,
    TOO_HARD,
    AnswerRecord,
    ItemReport,
    OptionCount,
    PollReport,
    SessionReport,
)

__all__ = ["CSV_FILES", "render_html", "safe_cell", "write_csv", "write_html"]

CSV_FILES = ("students.csv", "questions.csv", "answers.csv")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# -- CSV ---------------------------------------------------------------------------------------


def safe_cell(text: str) -> str:
    """Text a spreadsheet shows as text: a leading apostrophe before = + - @ tab CR."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _num(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _pct(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.1f}"


def _distribution(options: Sequence[OptionCount]) -> str:
    return "; ".join(f"{o.label}{'*' if o.keyed else ''} = {o.count}" for o in options)


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[str | int]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_csv(report: SessionReport, folder: Path) -> list[Path]:
    """Write students.csv, questions.csv and answers.csv into `folder` (created if missing)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    s = safe_cell
    students = _write(
        folder / "students.csv",
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
        (
            [
                st.rank,
                s(st.nickname),
                st.score,
                st.asked,
                st.answered,
                st.correct,
                _pct(st.accuracy),
                _num(st.total_time_s, 2),
                _num(st.average_time_s, 2),
            ]
            for st in report.students
        ),
    )

    rows: list[tuple[int, list[str | int]]] = []
    for it in report.items:
        rows.append(
            (
                it.index,
                [
                    it.number,
                    s(it.question_id),
                    "graded",
                    str(it.type),
                    s(it.topic),
                    s(it.prompt),
                    s(it.key),
                    it.present,
                    it.answered,
                    it.correct,
                    it.partly,
                    _pct(it.p_value),
                    _num(it.p_value, 3),
                    _num(it.mean_credit, 3),
                    _num(it.discrimination, 3),
                    _num(it.point_biserial, 3),
                    _num(it.average_time_s, 2),
                    s("; ".join(it.flags)),
                    s(_distribution(it.options)),
                    s("; ".join(f"{text} = {n}" for text, n in it.common_wrong)),
                    _num(it.total_time_s, 2),
                ],
            )
        )
    for poll in report.polls:
        rows.append(
            (
                poll.index,
                [
                    poll.number,
                    s(poll.question_id),
                    "poll",
                    "poll",
                    s(poll.topic),
                    s(poll.prompt),
                    "",
                    poll.present,
                    poll.answered,
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    _num(poll.average_time_s, 2),
                    "",
                    s(_distribution(poll.options)),
                    "",
                    "",
                ],
            )
        )
    for index, qid in report.skipped:
        rows.append((index, [index + 1, s(qid), "skipped", *[""] * 18]))
    questions = _write(
        folder / "questions.csv",
        [
            "number",
            "question_id",
            "kind",
            "type",
            "topic",
            "prompt",
            "key",
            "students",
            "answered",
            "correct",
            "partly",
            "percent_correct",
            "p_value",
            "mean_credit",
            "discrimination_index",
            "point_biserial",
            "average_time_s",
            "flags",
            "distribution",
            "common_wrong_answers",
            "total_time_s",
        ],
        (row for _, row in sorted(rows, key=lambda r: r[0])),
    )

    answers = _write(
        folder / "answers.csv",
        [
            "nickname",
            "question_number",
            "question_id",
            "graded",
            "answer",
            "credit",
            "correct",
            "points",
            "time_s",
        ],
        (
            [
                s(a.nickname),
                a.number,
                s(a.question_id),
                "yes" if a.graded else "no",
                s(a.answer),
                _num(a.credit, 3) if a.graded else "",
                ("yes" if a.correct else "no") if a.graded else "",
                a.points,
                _num(a.elapsed_s, 2),
            ]
            for a in report.answers
        ),
    )
    return [students, questions, answers]


# -- HTML --------------------------------------------------------------------------------------


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _fmt(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}".replace("-", "−")


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f}%"


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} s"


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_FLAG_CLASS = {TOO_EASY: "easy", TOO_HARD: "hard", NEGATIVE: "neg", CHECK_KEY: "key"}
_FLAG_HELP = {
    TOO_EASY: "more than 90% got it right",
    TOO_HARD: "fewer than 20% got it right",
    NEGATIVE: "students who did worse on the rest did better here",
    CHECK_KEY: "a wrong answer was more popular than the right one",
}


def _flags(flags: Sequence[str]) -> str:
    return (
        " ".join(
            f'<span class="flag {_FLAG_CLASS.get(f, "")}" '
            f'title="{_e(_FLAG_HELP.get(f, f))}">{_e(f)}</span>'
            for f in flags
        )
        or '<span class="ok">—</span>'
    )


def _bar_label(o: OptionCount) -> str:
    """ "2 ◆  Congress" for a choice, "True" / "Wrong" / "No answer" for the rest; ✓ on the key."""
    choice = o.text != o.label and o.label[:1].isdigit()  # "2 ◆", as the session showed it
    label = f"{o.label}  {_shorten(o.text, 34)}" if choice else o.text
    return f"✓ {label}" if o.keyed else label


def _chart(options: Sequence[OptionCount], scale_to: int, caption: str, poll: bool) -> str:
    """A horizontal bar chart as inline SVG: one bar per option, the key in green with ✓."""
    labels = [_bar_label(o) for o in options]
    row, top, bar_w = 26, 6, 320
    label_w = round(min(300, max(70, 16 + 7.4 * max((len(x) for x in labels), default=0))))
    width = label_w + bar_w + 50
    height = top * 2 + row * len(options)
    scale = max(scale_to, max((o.count for o in options), default=0), 1)
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{_e(caption)}"><title>{_e(caption)}</title>'
    ]
    for i, o in enumerate(options):
        y = top + i * row
        label = labels[i]
        kind = "poll" if poll else ("key" if o.keyed else "other")
        cls = "none" if o.label == NO_ANSWER else kind
        length = bar_w * o.count / scale
        parts.append(
            f'<g class="{cls}"><title>{_e(o.text)}: {o.count}</title>'
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end">{_e(label)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{bar_w}" height="{row - 8}" class="track"/>'
            f'<rect x="{label_w}" y="{y + 4}" width="{length:.1f}" height="{row - 8}" '
            f'class="bar"/>'
            f'<text x="{label_w + length + 6:.1f}" y="{y + 17}" class="count">{o.count}</text>'
            f"</g>"
        )
    parts.append("</svg>")
    return "".join(parts)


_CSS = """
:root { --ink:#1d232b; --muted:#5b6673; --line:#d5dbe2; --key:#1f7a3a; --other:#8a6d3b;
        --none:#b9c0c8; --poll:#2f5f98; --track:#eef1f4; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
       color: var(--ink); margin: 0 auto; max-width: 1080px; padding: 24px 28px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 32px 0 10px; padding-bottom: 4px;
     border-bottom: 2px solid var(--ink); }
h3 { font-size: 16px; margin: 0 0 6px; }
.sub { color: var(--muted); margin: 0 0 12px; }
.warn { background: #fff4d6; border-left: 4px solid #d9a400; padding: 6px 10px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; }
.stat { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
.stat b { display: block; font-size: 22px; }
.stat span { color: var(--muted); font-size: 13px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
table.narrow { width: auto; min-width: 420px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left;
         vertical-align: top; }
th { background: #f3f5f7; font-size: 13px; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.c, th.c { text-align: center; }
table.pairs { width: auto; margin: 2px 0; }
table.pairs th, table.pairs td { padding: 2px 8px; }
details { margin: 8px 0; }
.flag { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px;
        font-weight: 600; margin: 1px 2px 1px 0; border: 1px solid; white-space: nowrap; }
.flag.easy { color: #1f5f8a; border-color: #1f5f8a; background: #e8f2fa; }
.flag.hard { color: #8a3b1f; border-color: #8a3b1f; background: #fbece6; }
.flag.neg { color: #7a1f5f; border-color: #7a1f5f; background: #f8e8f3; }
.flag.key { color: #6b5200; border-color: #6b5200; background: #fff4d6; }
.ok { color: var(--muted); }
.q { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; margin: 12px 0;
     break-inside: avoid; page-break-inside: avoid; }
.q .meta { color: var(--muted); font-size: 13px; margin: 0 0 6px; }
.q .prompt { font-weight: 600; margin: 0 0 4px; }
.q .facts { margin: 6px 0; }
.q .facts span { margin-right: 14px; white-space: nowrap; }
.chart { display: block; max-width: 100%; height: auto; margin-top: 6px; }
.chart text { font: 13px system-ui, sans-serif; fill: var(--ink); }
.chart .track { fill: var(--track); }
.chart .key .bar { fill: var(--key); }
.chart .key text { font-weight: 700; }
.chart .other .bar { fill: var(--other); }
.chart .none .bar { fill: var(--none); }
.chart .none text { fill: var(--muted); font-style: italic; }
.chart .poll .bar { fill: var(--poll); }
.chart .count { fill: var(--ink); font-weight: 600; }
.mark.right { color: var(--key); font-weight: 700; }
.mark.part { color: var(--other); font-weight: 700; }
.mark.wrong { color: #a3341c; font-weight: 700; }
.mark.none { color: var(--muted); }
code { font-size: 12px; background: #f3f5f7; padding: 0 4px; border-radius: 3px; }
.notes dt { font-weight: 700; margin-top: 8px; }
.notes dd { margin: 2px 0 0 0; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { max-width: none; padding: 0; font-size: 11pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  tr, .stat { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .pagebreak { break-before: page; page-break-before: always; }
}
"""


def _type_name(it: ItemReport) -> str:
    """How the report names a question's type ("single choice"): its type module says."""
    kind = QTYPES.get(it.type)
    return kind.report_label if kind is not None and kind.report_label else str(it.type)


def _summary(report: SessionReport) -> str:
    n = len(report.students)
    cards = [
        (str(n), "students"),
        (str(len(report.items)), "graded questions"),
        (_percent(report.overall_accuracy), "of all answers fully correct"),
        ("—" if report.mean_score is None else f"{report.mean_score:.0f}", "average score"),
        (str(len(report.polls)), "polls"),
        (str(len(report.skipped)), "skipped"),
    ]
    flagged = sum(1 for it in report.items if it.flags)
    out = ['<section id="summary"><h2>Summary</h2><div class="cards">']
    out += [f'<div class="stat"><b>{_e(v)}</b><span>{_e(k)}</span></div>' for v, k in cards]
    out.append("</div>")
    timer = "timer on" if report.timed else "timer off"
    out.append(
        f'<p class="sub">Scoring: {_e(report.scoring)}, {timer}. '
        f"{flagged} of {len(report.items)} graded questions carry a flag.</p>"
    )
    if not report.finished:
        out.append(
            '<p class="warn">The session was still running when this report was made: '
            "it covers only the questions revealed so far.</p>"
        )
    if 0 < n < 10:
        out.append(
            f'<p class="warn">Only {n} student{"s" if n != 1 else ""}: percentages are '
            "fine, but discrimination numbers and flags are very rough with so few.</p>"
        )
    if report.skipped:
        skipped = ", ".join(f"Q{i + 1} <code>{_e(qid)}</code>" for i, qid in report.skipped)
        out.append(f'<p class="sub">Skipped (not counted anywhere): {skipped}.</p>')
    out.append("</section>")
    return "".join(out)


def _leaderboard(report: SessionReport, top: int = 10) -> str:
    rows = "".join(
        f'<tr><td class="n">{s.rank}</td><td>{_e(s.nickname)}</td><td class="n">{s.score}</td>'
        f'<td class="n">{s.correct} / {s.asked}</td></tr>'
        for s in report.students[:top]
    )
    more = len(report.students) - top
    tail = f'<p class="sub">… and {more} more in the student table below.</p>' if more > 0 else ""
    return (
        '<section id="leaderboard"><h2>Leaderboard</h2><table class="narrow"><thead><tr>'
        '<th class="n">Rank</th><th>Nickname</th><th class="n">Score</th>'
        '<th class="n">Correct</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>{tail}</section>"
    )


def _overview(report: SessionReport) -> str:
    if not report.items:
        return (
            '<section id="questions"><h2>Questions</h2>'
            '<p class="sub">No graded question was asked.</p></section>'
        )
    rows = "".join(
        f'<tr><td class="n"><a href="#q{it.number}">Q{it.number}</a></td>'
        f"<td>{_e(_shorten(it.prompt, 90))}</td><td>{_e(_type_name(it))}</td>"
        f'<td class="n">{_percent(it.p_value)}</td><td class="n">{_fmt(it.discrimination)}</td>'
        f'<td class="n">{_fmt(it.point_biserial)}</td>'
        f'<td class="n">{_seconds(it.average_time_s)}</td><td>{_flags(it.flags)}</td></tr>'
        for it in report.items
    )
    return (
        '<section id="questions"><h2>Questions</h2><table><thead><tr>'
        '<th class="n">#</th><th>Question</th><th>Type</th><th class="n">Correct</th>'
        '<th class="n" title="upper–lower 27% index">D</th>'
        '<th class="n" title="point-biserial correlation">r<sub>pb</sub></th>'
        '<th class="n">Avg time</th><th>Flags</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></section>"
    )


def _most_missed(report: SessionReport) -> str:
    if not report.most_missed:
        body = '<p class="sub">Nobody missed a graded question.</p>'
    else:
        body = (
            "<ol>"
            + "".join(
                f'<li><a href="#q{it.number}">Q{it.number}</a> — {_percent(it.p_value)} correct: '
                f"{_e(_shorten(it.prompt, 110))} <code>{_e(it.question_id)}</code></li>"
                for it in report.most_missed
            )
            + "</ol>"
        )
        body += (
            '<p class="sub">Start a review round with these questions, most missed first: '
            "the game reads the ids above.</p>"
        )
    return f'<section id="most-missed"><h2>Most missed</h2>{body}</section>'


def _pairs_table(pairs: Sequence[tuple[str, str]], head: tuple[str, str]) -> str:
    """A match answer as two columns: each item and the partner given to it."""
    rows = "".join(f"<tr><td>{_e(left)}</td><td>{_e(right)}</td></tr>" for left, right in pairs)
    return (
        f'<table class="pairs"><thead><tr><th>{_e(head[0])}</th><th>{_e(head[1])}</th></tr>'
        f"</thead><tbody>{rows}</tbody></table>"
    )


def _answers_table(it: ItemReport, answers: Sequence[AnswerRecord]) -> str:
    """Each student's answer to one question, folded away until the teacher opens it."""
    if not answers:
        return ""
    rows = []
    for a in sorted(answers, key=lambda a: (a.nickname.casefold(), a.player_id)):
        if a.pairs:
            given = _pairs_table(a.pairs, ("Item", "Paired with"))
        else:
            given = _e(a.answer) if a.answer else '<span class="ok">no answer</span>'
        rows.append(f"<tr><td>{_e(a.nickname)}</td><td>{given}</td>{_mark(a)}</tr>")
    return (
        f"<details><summary>Each student's answer to Q{it.number}</summary>"
        '<table class="answers"><thead><tr><th>Nickname</th><th>Answer</th>'
        f'<th class="c">Result</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
        "</details>"
    )


def _right_answer(it: ItemReport) -> str:
    if it.key_pairs:
        return f"<p>Right answer:</p>{_pairs_table(it.key_pairs, ('Item', 'Its partner'))}"
    return f"<p>Right answer: <b>{_e(it.key)}</b></p>"


def _item_card(it: ItemReport, answers: Sequence[AnswerRecord] = ()) -> str:
    caption = f"Q{it.number}: how many chose each answer"
    common = ""
    if it.common_wrong:
        common = (
            '<p class="facts">Most frequent wrong answers: '
            + ", ".join(f"“{_e(text)}” × {n}" for text, n in it.common_wrong)
            + "</p>"
        )
    return (
        f'<article class="q" id="q{it.number}"><h3>Q{it.number}</h3>'
        f'<p class="meta">{_e(_type_name(it))} · {_e(it.topic)} · '
        f"<code>{_e(it.question_id)}</code></p>"
        f'<p class="prompt">{_e(it.prompt)}</p>'
        f"{_right_answer(it)}"
        f'<p class="facts"><span>Correct: <b>{it.correct} of {it.present}</b> '
        f"({_percent(it.p_value)})</span><span>Answered: {it.answered}</span>"
        + (f"<span>Partly right: {it.partly}</span>" if it.partly else "")
        + f"<span>D = {_fmt(it.discrimination)}</span>"
        f"<span>r<sub>pb</sub> = {_fmt(it.point_biserial)}</span>"
        f"<span>Avg time: {_seconds(it.average_time_s)}</span>"
        f"<span>Time spent: {_seconds(it.total_time_s if it.answered else None)}</span></p>"
        + (f'<p class="facts">{_flags(it.flags)}</p>' if it.flags else "")
        + common
        + _chart(it.options, it.present, caption, poll=False)
        + f"{_answers_table(it, answers)}</article>"
    )


def _poll_card(poll: PollReport) -> str:
    caption = f"Q{poll.number} (poll): how many chose each answer"
    return (
        f'<article class="q" id="q{poll.number}"><h3>Q{poll.number} · poll</h3>'
        f'<p class="meta">opinion poll, not graded · {_e(poll.topic)} · '
        f'<code>{_e(poll.question_id)}</code></p><p class="prompt">{_e(poll.prompt)}</p>'
        f'<p class="facts"><span>Answered: {poll.answered} of {poll.present}</span>'
        f"<span>Avg time: {_seconds(poll.average_time_s)}</span></p>"
        f"{_chart(poll.options, poll.present, caption, poll=True)}</article>"
    )


def _details(report: SessionReport) -> str:
    cards = sorted(
        [
            (it.index, _item_card(it, [a for a in report.answers if a.index == it.index]))
            for it in report.items
        ]
        + [(p.index, _poll_card(p)) for p in report.polls],
        key=lambda c: c[0],
    )
    if not cards:
        return ""
    return (
        '<section id="details"><h2>Question by question</h2>'
        '<p class="sub">Bars show how many students chose each answer; the right answer is '
        "green and marked ✓.</p>" + "".join(c for _, c in cards) + "</section>"
    )


def _mark(a: AnswerRecord | None) -> str:
    if a is None:
        return '<td class="c"><span class="mark none" title="not in the session">·</span></td>'
    if not a.answer:
        return '<td class="c"><span class="mark none" title="no answer">–</span></td>'
    if a.correct:
        cls, sym = "right", "✓"
    elif a.credit > 0:
        cls, sym = "part", "½"
    else:
        cls, sym = "wrong", "✗"
    return f'<td class="c" title="{_e(a.answer)}"><span class="mark {cls}">{sym}</span></td>'


def _students(report: SessionReport) -> str:
    heads = "".join(
        f'<th class="c"><a href="#q{it.number}">Q{it.number}</a></th>' for it in report.items
    )
    answers = {(a.player_id, a.index): a for a in report.answers}
    rows = []
    for s in sorted(report.students, key=lambda s: (s.nickname.casefold(), s.player_id)):
        marks = "".join(_mark(answers.get((s.player_id, it.index))) for it in report.items)
        rows.append(
            f'<tr><td>{_e(s.nickname)}</td><td class="n">{s.rank}</td>'
            f'<td class="n">{s.score}</td><td class="n">{s.answered} / {s.asked}</td>'
            f'<td class="n">{s.correct}</td><td class="n">{_percent(s.accuracy)}</td>'
            f'<td class="n">{_seconds(s.total_time_s if s.answered else None)}</td>'
            f'<td class="n">{_seconds(s.average_time_s)}</td>{marks}</tr>'
        )
    return (
        '<section id="students" class="pagebreak"><h2>Students</h2>'
        '<p class="sub">Alphabetical. ✓ right, ½ partly right, ✗ wrong, – no answer, '
        "· not in the session yet.</p><table><thead><tr><th>Nickname</th>"
        '<th class="n">Rank</th><th class="n">Score</th><th class="n">Answered</th>'
        '<th class="n">Correct</th><th class="n">Accuracy</th><th class="n">Total time</th>'
        f'<th class="n">Avg time</th>{heads}</tr></thead><tbody>{"".join(rows)}</tbody>'
        "</table></section>"
    )


_NOTES = """
<section id="notes"><h2>How these numbers are computed</h2><dl class="notes">
<dt>Who counts</dt><dd>Students still in the session at the end. A question counts a student
only if they were in the session when it was asked; a student who was there but did not answer
counts as wrong. Polls and skipped questions never count towards correct answers or accuracy.</dd>
<dt>Correct, accuracy</dt><dd>“Correct” means fully right (partly right answers earn points but
are not counted as correct). Accuracy = correct ÷ graded questions asked while the student was
there. Times are seconds from the question opening to the student's last answer; the average is
over the questions the student answered.</dd>
<dt>% correct (difficulty, p)</dt><dd>p = students fully right ÷ all students present for the
question, non-answers included. Flag <i>too easy</i> when p &gt; 0.9, <i>too hard</i> when
p &lt; 0.2.</dd>
<dt>Rest score</dt><dd>For each question, a student's number of correct answers on the
<em>other</em> graded questions (the question itself is left out so it does not count
twice).</dd>
<dt>D, upper–lower index</dt><dd>Take the 27% of students with the highest rest scores (at least
one student) and the 27% with the lowest: D = share correct in the top group − share correct in
the bottom group, from −1 to 1. Students tied at a group's edge share the remaining places
equally. Above 0.3 is good; around 0 tells nothing; below 0 means weaker students did better than
stronger ones. No value when there are fewer than 2 students or all rest scores are equal.</dd>
<dt>r<sub>pb</sub>, point-biserial</dt><dd>The correlation between being right on this question
(1 or 0) and the rest score: r = (M₁ − M₀) ÷ s × √(p·q), where M₁ and M₀ are the average rest
scores of the students who got it right and wrong, s the standard deviation of all rest scores
(dividing by n) and q = 1 − p. No
value with fewer than 2 students, or when everyone (or no one) got it right, or all rest scores
are equal. Flag <i>negative discrimination</i> when D or r<sub>pb</sub> is below 0.</dd>
<dt>Check the key</dt><dd>A wrong choice was picked by more students than the right one (for
typed or number answers: the most frequent wrong answer was given more often than the right
one). The key may be wrong, or the question misleading.</dd>
<dt>Most missed</dt><dd>Questions somebody missed, lowest % correct first (ties by question
id).</dd>
<dt>Few students</dt><dd>With a small class every statistic moves a lot when one student
changes an answer; read D, r<sub>pb</sub> and the flags as hints, not verdicts.</dd>
</dl></section>
"""


def render_html(report: SessionReport, title: str) -> str:
    """The whole report as one self-contained, printable HTML page."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>"
        f'<header><h1>{_e(title)}</h1><p class="sub">Civic Quiz classroom session report'
        "</p></header>"
        + _summary(report)
        + _leaderboard(report)
        + _overview(report)
        + _most_missed(report)
        + _details(report)
        + _students(report)
        + _NOTES
        + "</body></html>\n"
    )


def write_html(report: SessionReport, path: Path, title: str = "Classroom session report") -> Path:
    """Write `render_html` to `path` (UTF-8; the folder is created if missing)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(report, title), encoding="utf-8")
    return path


def render_text(report: Any) -> str:
    """A short plain-text summary for the terminal and the in-game report screen."""
    lines = [
        f"{len(report.students)} student(s), {len(report.items)} graded question(s)"
        + (f", {len(report.polls)} poll(s)" if report.polls else "")
    ]
    lines.append("")
    lines.append("Students (rank, score, right of asked, average time):")
    for st in report.students:
        accuracy = "-" if st.accuracy is None else f"{round(st.accuracy * 100)}%"
        avg = "-" if st.average_time_s is None else f"{st.average_time_s:.1f} s"
        lines.append(
            f"  {st.rank:>3}. {st.nickname}: {st.score:,} points, {st.correct}/"
            f"{st.asked} right ({accuracy}), {avg}"
        )
    lines.append("")
    lines.append("Questions (percent right, discrimination, flags):")
    for item in report.items:
        p = "-" if item.p_value is None else f"{round(item.p_value * 100)}%"
        d = "-" if item.discrimination is None else f"{item.discrimination:+.2f}"
        flags = ", ".join(item.flags) or "ok"
        lines.append(f"  {item.index + 1:>3}. {item.question_id}: {p} right, D {d}, {flags}")
    if report.most_missed:
        lines.append("")
        lines.append("Most missed: " + ", ".join(i.question_id for i in report.most_missed[:10]))
    return "\n".join(lines)
