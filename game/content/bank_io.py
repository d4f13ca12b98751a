"""Writing banks back to YAML: a `Bank` (or question) as the data an author would write.

The inverse of the loader: `bank_to_data` gives the mapping that, dumped with `dump_bank` and
loaded again, yields an equal bank. Importers build the same kind of mapping directly. Numbers
that authors count from 1 (answers) are written from 1 again.
"""

from __future__ import annotations

from typing import Any

import yaml

from game.core.model import Bank, Passage, Question, Source
from game.core.qtypes.registry import qtype

__all__ = [
    "SCHEMA_LINE",
    "bank_meta_to_data",
    "bank_to_data",
    "dump_bank",
    "question_to_data",
    "source_to_data",
    "source_to_json",
]

SCHEMA_LINE = "# yaml-language-server: $schema=./bank.schema.json"


def source_to_data(source: Source) -> dict[str, Any]:
    data: dict[str, Any] = {"id": source.id, "title": source.title}
    for key in ("publisher", "url", "date", "note"):
        value = getattr(source, key)
        if value is not None:
            data[key] = value
    if source.kind is not None:
        data["kind"] = source.kind.value
    return data


def source_refs_to_data(q: Question | Passage) -> dict[str, str] | list[dict[str, str]] | None:
    """A `source:` value: one mapping, or a list when several sources are cited."""
    cited = q.sources if isinstance(q, Passage) else q.citations
    refs = [{"id": r.source.id, "locator": r.locator} for r in cited]
    if not refs:
        return None
    return refs[0] if len(refs) == 1 else refs


def passage_to_data(passage: Passage) -> dict[str, Any]:
    """An entry of a bank's `passages:`."""
    return {"id": passage.id, "text": passage.text, "source": source_refs_to_data(passage)}


def question_to_data(q: Question) -> dict[str, Any]:
    """One question as an author writes it (1-based answers, only the keys that matter)."""
    data: dict[str, Any] = {
        "id": q.id,
        "type": q.type.value,
        "topic": q.topic,
        "difficulty": q.difficulty,
        "prompt": q.prompt,
    }
    if q.short_prompt is not None:
        data["short_prompt"] = q.short_prompt
    data.update(qtype(q).to_data(q))  # the type's own keys, from its module
    if q.explanation:
        data["explanation"] = q.explanation
    refs = source_refs_to_data(q)
    if refs is not None:
        data["source"] = refs
    if q.tags:
        data["tags"] = list(q.tags)
    for key in ("time_limit", "points", "image", "valid_as_of"):
        value = getattr(q, key)
        if value is not None:
            data[key] = value
    if q.image and q.image_alt:  # a picture's words go with it (validate requires them)
        data["alt"] = q.image_alt
    if q.passage is not None:
        data["passage"] = q.passage.id
    return data


def source_to_json(source: Source) -> dict[str, Any]:
    """A source for formats that store JSON (the date as `YYYY-MM-DD` text)."""
    data = source_to_data(source)
    if source.date is not None:
        data["date"] = source.date.isoformat()
    return data


def bank_meta_to_data(bank: Bank, include_sources: bool = True) -> dict[str, Any]:
    """The `bank:` mapping of a bank file."""
    meta: dict[str, Any] = {"id": bank.id, "title": bank.title}
    if bank.description:
        meta["description"] = bank.description
    meta["language"] = bank.language
    meta["version"] = int(bank.version) if bank.version.isdigit() else bank.version
    if bank.authors:
        meta["authors"] = list(bank.authors)
    if bank.license:
        meta["license"] = bank.license
    if include_sources and bank.sources:
        meta["sources"] = [source_to_data(s) for s in bank.sources]
    return meta


def bank_to_data(bank: Bank) -> dict[str, Any]:
    data: dict[str, Any] = {"bank": bank_meta_to_data(bank)}
    if bank.passages:
        data["passages"] = [passage_to_data(p) for p in bank.passages]
    data["questions"] = [question_to_data(q) for q in bank.questions]
    return data


class _Dumper(yaml.SafeDumper):
    """Block style for mappings, flow style for short lists of scalars, readable long text."""


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.Node:
    flow = all(isinstance(v, int | float | bool) for v in value) or (
        all(isinstance(v, str) for v in value) and sum(len(v) for v in value) < 60
    )
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_SPECIAL = set(":#'\"{}[],&*!|>%@`")
_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "~", "y", "n"}


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    quoted = value and (
        value != value.strip() or not _SPECIAL.isdisjoint(value) or value.lower() in _WORDS
    )
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"' if quoted else None)


def _represent_dict(dumper: yaml.SafeDumper, value: dict[str, Any]) -> yaml.Node:
    small = (
        len(value) <= 2
        and all(isinstance(v, str | int | float) for v in value.values())
        and sum(len(str(v)) for v in value.values()) < 70
    )
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=small or None)


_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(str, _represent_str)


def dump_bank(data: dict[str, Any]) -> str:
    """YAML text for bank data, starting with the line that points editors at the schema."""
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=10**6,
        default_flow_style=False,
    )
    return f"{SCHEMA_LINE}\n{body}"
