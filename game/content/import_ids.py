"""Ids for an imported bank: from the file it is written to, and never one already in use.

Format readers name a bank after the file they read (`KahootQuizTemplate.xlsx` gives the bank
`kahootquiztemplate` and questions `kahootquiztemplate-001`…), so two downloads with the same
name would collide, and a bank exported and imported again into `questions/` would repeat its
own ids. `civic-quiz import` therefore renames the bank after its target (`-o`), keeps ids the
file really carried (a GIFT `::title::`, a restored Civic Quiz id) unless they are taken, and
makes every id unique among the banks already in the target's folder.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from game.content.formats.common import kebab

__all__ = ["Retargeted", "ids_in_folder", "retarget"]


@dataclass(frozen=True)
class Retargeted:
    data: dict[str, Any]
    renamed: tuple[tuple[str, str], ...]  # (old id, new id) of ids that had to change for a clash
    ids: tuple[tuple[str, str], ...] = ()  # (reader's id, final id) of every question


def _stems(source: Path) -> set[str]:
    """The ids a reader may have made from the source file's name."""
    name = source.name
    stems = {kebab(source.stem), kebab(name.split(".")[0])}
    while "." in name[1:]:
        name = name.rsplit(".", 1)[0]
        stems.add(kebab(name))
    return stems


def ids_in_folder(folder: Path, skip: Path | None = None) -> tuple[set[str], set[str]]:
    """(bank ids, question ids) of the bank files in `folder` (not `skip`, the file replaced)."""
    banks: set[str] = set()
    questions: set[str] = set()
    if not folder.is_dir():
        return banks, questions
    for path in sorted(folder.glob("*.y*ml")):
        if skip is not None and path.resolve() == skip.resolve():
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue  # not a bank we can read; `validate` reports it
        if not isinstance(data, dict) or not isinstance(data.get("bank"), dict):
            continue
        if isinstance(data["bank"].get("id"), str):
            banks.add(data["bank"]["id"])
        for q in data.get("questions") or []:
            if isinstance(q, dict) and isinstance(q.get("id"), str):
                questions.add(q["id"])
    return banks, questions


def _free(wanted: str, taken: Iterable[str]) -> str:
    used = set(taken)
    if wanted not in used:
        return wanted
    n = 2
    while f"{wanted}-{n}" in used:
        n += 1
    return f"{wanted}-{n}"


def retarget(
    data: dict[str, Any],
    source: Path,
    target: Path,
    taken_banks: set[str],
    taken_questions: set[str],
) -> Retargeted:
    """`data` (a bank mapping from a reader) with its ids made from `target` and free of clashes."""
    bank = dict(data["bank"])
    old_id = str(bank.get("id", ""))
    from_name = old_id in _stems(source)
    renamed: list[tuple[str, str]] = []
    wanted = kebab(target.stem) if from_name or not old_id else old_id
    new_id = _free(wanted, taken_banks)
    if not from_name and old_id and new_id != old_id:
        renamed.append((old_id, new_id))
    bank["id"] = new_id
    questions: list[dict[str, Any]] = []
    seen = set(taken_questions)
    ids: list[tuple[str, str]] = []
    for q in data.get("questions") or []:
        q = dict(q)
        qid = str(q.get("id", ""))
        wanted_q = qid
        if from_name and qid.startswith(old_id + "-"):
            wanted_q = new_id + qid[len(old_id) :]
        new_q = _free(wanted_q, seen)
        if new_q != wanted_q:
            renamed.append((qid, new_q))
        q["id"] = new_q
        ids.append((qid, new_q))
        seen.add(new_q)
        questions.append(q)
    out = dict(data)
    out["bank"] = bank
    out["questions"] = questions
    return Retargeted(out, tuple(renamed), tuple(ids))
