"""Anki export: the .apkg the CLI writes is opened as what it is (a zip holding an SQLite
collection) and its notes, fields, tags and GUIDs are checked against the shipped banks."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

from game.cli import main
from game.content.formats import anki
from game.content.loader import load_paths
from game.core.answers import answer_text
from game.core.model import QuestionType
from game.core.qtypes.cloze import numbered_prompt
from game.core.qtypes.registry import qtype
from tests.content.formats.helpers import ROOT


def notes(apkg: Path, tmp_path: Path) -> list[tuple[str, list[str], set[str]]]:
    """(guid, fields, tags) of every note in the deck file."""
    with zipfile.ZipFile(apkg) as z:
        assert "collection.anki2" in z.namelist()
        z.extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        rows = db.execute("select guid, flds, tags from notes order by id").fetchall()
    finally:
        db.close()
    return [(guid, flds.split("\x1f"), set(tags.split())) for guid, flds, tags in rows]


def export(tmp_path: Path, capsys, name: str) -> tuple[int, str, Path]:
    out = tmp_path / name
    code = main(["export", str(ROOT / "questions"), "--format", "anki", "-o", str(out)])
    return code, capsys.readouterr().out, out


def test_anki_export__one_note_per_graded_question_with_answer_and_tags(tmp_path, capsys):
    code, text, apkg = export(tmp_path, capsys, "civic.apkg")
    assert code == 0
    banks = load_paths([ROOT / "questions"]).banks
    graded = [(b, q) for b in banks for q in b.questions if q.graded]
    total = sum(len(b.questions) for b in banks)
    assert f"exported {len(graded)} of {total} question(s)" in text
    assert "skipped: poll questions (no answer to learn)" in text
    found = notes(apkg, tmp_path)
    assert len(found) == len(graded)
    by_id = {fields[anki.FIELDS.index("Id")]: (guid, fields, tags) for guid, fields, tags in found}
    for bank, q in graded:
        guid, fields, tags = by_id[q.id]
        assert guid == anki.note_guid(bank.id, q.id)
        assert f"bank::{bank.id}" in tags
        assert "topic::" + q.topic.replace(" ", "_") in tags
        assert {t.replace(" ", "_") for t in q.tags} <= tags
        shown = qtype(q).shown_prompt(q)  # a cloze's gaps numbered, as everywhere else
        assert shown.replace("&", "&amp;").replace("<", "&lt;") in fields[0]
        if q.type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE, QuestionType.TEXT):
            answer = answer_text(q).replace("&", "&amp;").replace("<", "&lt;")
            assert fields[anki.FIELDS.index("Answer")] == answer
        assert fields[anki.FIELDS.index("Explanation")]
        assert q.source is None or fields[anki.FIELDS.index("Source")]


def test_anki_export__re_export_keeps_every_note_guid(tmp_path, capsys):
    first = notes(export(tmp_path, capsys, "a.apkg")[2], tmp_path / "a")
    second = notes(export(tmp_path, capsys, "b.apkg")[2], tmp_path / "b")
    assert [g for g, _, _ in first] == [g for g, _, _ in second]
    assert len({g for g, _, _ in first}) == len(first)


def test_anki_export__without_genanki_says_how_to_get_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(anki, "available", lambda: False)
    code, _, out = export(tmp_path, capsys, "none.apkg")
    assert code == 2 and not out.exists()


def test_anki_export__a_cloze_card_numbers_its_gaps_as_its_answer_names_them(tmp_path, capsys):
    """The front shows "(1) _____ … (2) _____" and the back "(1) … (2) …", as the game, the
    phones and the reports number them (game.core.qtypes.cloze.numbered_prompt)."""
    code, _, apkg = export(tmp_path, capsys, "cloze.apkg")
    assert code == 0
    clozes = [
        q
        for b in load_paths([ROOT / "questions"]).banks
        for q in b.questions
        if q.type is QuestionType.CLOZE
    ]
    assert clozes
    by_id = {f[anki.FIELDS.index("Id")]: f for _, f, _ in notes(apkg, tmp_path)}
    for q in clozes:
        front = by_id[q.id][anki.FIELDS.index("Prompt")]
        assert "(1)\u00a0_____" in front
        assert numbered_prompt(q).replace("&", "&amp;").replace("<", "&lt;") in front
        assert front.count("_____") == len(q.gaps)
