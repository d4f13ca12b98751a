"""Checking a parsed bank file against the format and turning it into a `Bank`.

Input is what `yamldoc.parse_yaml` returns (mappings and lists that remember their positions);
output is the `Bank` built from everything usable plus every problem found, each with the line and
column of the offending value. Rules that need several banks at once (ids unique across banks)
live in `check_across`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from game.content.format import (
    BANK_FIELDS,
    COMMON_FIELDS,
    ID_PATTERN,
    PASSAGE_FIELDS,
    SOURCE_FIELDS,
    SOURCE_REF_FIELDS,
    TOP_FIELDS,
    TYPE_FIELDS,
    Field,
    Kind,
    fields_for,
)
from game.content.problems import Problem, Severity
from game.content.sameness import repeats
from game.content.yamldoc import START, Mark, YList, YMap
from game.core.model import (
    Bank,
    Passage,
    Question,
    QuestionType,
    Source,
    SourceKind,
    SourceRef,
)
from game.core.qtypes.base import LONG_CHOICE, Place
from game.core.qtypes.registry import QTYPES

__all__ = ["LONG_CHOICE", "LONG_PROMPT", "check_across", "check_bank"]

LONG_PROMPT = 300  # characters; longer prompts crowd a small screen
_ID_RE = re.compile(ID_PATTERN)
_TYPE_NAMES = [t.value for t in QuestionType]
_KIND_NAMES = [k.value for k in SourceKind]
_ALL_TYPE_KEYS = {f.name: t for t, fs in TYPE_FIELDS.items() for f in fs}
_MISSING = object()


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"number {value}"
    if isinstance(value, date):
        return f"date {value.isoformat()}"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass
class _Checker:
    path: str
    problems: list[Problem]
    question: str | None = None

    def add(
        self, severity: Severity, code: str, message: str, pos: Mark | None, hint: str | None = None
    ) -> None:
        line, column = (pos.line + 1, pos.column + 1) if pos is not None else (0, 0)
        self.problems.append(
            Problem(severity, code, message, self.path, line, column, self.question, hint)
        )

    def error(self, code: str, message: str, pos: Mark | None, hint: str | None = None) -> None:
        self.add(Severity.ERROR, code, message, pos, hint)

    def warn(self, code: str, message: str, pos: Mark | None, hint: str | None = None) -> None:
        self.add(Severity.WARNING, code, message, pos, hint)

    # -- single values -----------------------------------------------------------------------

    def _wrong_kind(self, name: str, kind: str, value: Any, pos: Mark) -> None:
        hint = None
        if kind == "text" and isinstance(value, bool | int | float | date):
            hint = 'put the value in quotes to keep it as text, e.g. "No" or "1918"'
        elif kind in ("integer", "number") and isinstance(value, str):
            hint = "write the number without quotes"
        self.error("wrong-type", f"{name} must be {kind}, not {_describe(value)}", pos, hint)

    def text(self, name: str, value: Any, pos: Mark) -> str | None:
        if not isinstance(value, str):
            self._wrong_kind(name, "text", value, pos)
            return None
        if not value.strip():
            self.error("empty", f"{name} is empty", pos)
            return None
        return value.strip()

    def value(self, field: Field, value: Any, pos: Mark, label: str | None = None) -> Any:
        """Check one value against its field; return it converted, or _MISSING if unusable."""
        name = label or f"`{field.name}`"
        kind = field.kind
        if kind is Kind.TEXT:
            result = self.text(name, value, pos)
            return _MISSING if result is None else result
        if kind is Kind.ID:
            if not isinstance(value, str) or not _ID_RE.match(value):
                self.error(
                    "bad-id",
                    f"{name} must be an id (letters, digits, '-', '_' or '.'), not {value!r}"
                    if isinstance(value, str)
                    else f"{name} must be an id, not {_describe(value)}",
                    pos,
                    "use kebab-case such as `order-012`",
                )
                return _MISSING
            return value
        if kind in (Kind.INT, Kind.NUMBER):
            wanted = int if kind is Kind.INT else (int, float)
            if isinstance(value, bool) or not isinstance(value, wanted):
                self._wrong_kind(name, kind.value, value, pos)
                return _MISSING
            if value != value:  # NaN
                self.error("wrong-type", f"{name} is not a number", pos)
                return _MISSING
            if (field.minimum is not None and value < field.minimum) or (
                field.maximum is not None and value > field.maximum
            ):
                self.error(
                    "out-of-range",
                    f"{name} {value} is out of range ({_bounds(field.minimum, field.maximum)})",
                    pos,
                )
                return _MISSING
            return value
        if kind is Kind.BOOL:
            if not isinstance(value, bool):
                self._wrong_kind(name, "true or false", value, pos)
                return _MISSING
            return value
        if kind is Kind.DATE:
            if isinstance(value, datetime):
                return value.date()
            if isinstance(value, date):
                return value
            if isinstance(value, str):
                try:
                    return date.fromisoformat(value.strip())
                except ValueError:
                    pass
            self.error(
                "wrong-type", f"{name} must be a date written YYYY-MM-DD, not {value!r}", pos
            )
            return _MISSING
        if kind is Kind.VERSION:
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                self._wrong_kind(name, "a number or text", value, pos)
                return _MISSING
            return str(value)
        if kind is Kind.TEXT_LIST:
            return self._list(field, name, value, pos, self.text)
        if kind is Kind.INT_LIST:

            def one(item_name: str, item: Any, item_pos: Mark) -> int | None:
                if isinstance(item, bool) or not isinstance(item, int):
                    self._wrong_kind(item_name, "a whole number", item, item_pos)
                    return None
                return item

            return self._list(field, name, value, pos, one)
        if kind is Kind.PAIRS:

            def pair(item_name: str, item: Any, item_pos: Mark) -> tuple[str, str] | None:
                if not isinstance(item, YList) or len(item) != 2:
                    self.error(
                        "bad-pair",
                        f"{item_name} must be a [left, right] pair, not "
                        f"{_describe(item) if not isinstance(item, list) else f'a list of {len(item)}'}",  # noqa: E501
                        item_pos,
                        'write it as ["left", "right"]',
                    )
                    return None
                left = self.text(f"{item_name} left side", item[0], item.item_pos[0])
                right = self.text(f"{item_name} right side", item[1], item.item_pos[1])
                return None if left is None or right is None else (left, right)

            return self._list(field, name, value, pos, pair)
        if kind is Kind.ENTRIES:

            def entry(item_name: str, item: Any, item_pos: Mark) -> dict[str, Any] | None:
                values = self.mapping(item, item_pos, field.entries, item_name)
                if values is None or not all(f.name in values for f in field.entries if f.required):
                    return None
                return values

            return self._list(field, name, value, pos, entry)
        if kind is Kind.RANGE:
            if (
                not isinstance(value, YList)
                or len(value) != 2
                or any(isinstance(v, bool) or not isinstance(v, int | float) for v in value)
            ):
                self.error("wrong-type", f"{name} must be [min, max] with two numbers", pos)
                return _MISSING
            return (value[0], value[1])
        if kind is Kind.SOURCE_KIND:
            if isinstance(value, str) and value.strip() in _KIND_NAMES:
                return SourceKind(value.strip())
            close = (
                difflib.get_close_matches(value.strip(), _KIND_NAMES, n=1, cutoff=0.5)
                if isinstance(value, str)
                else []
            )
            self.error(
                "unknown-kind",
                f"{name} must be one of {', '.join(_KIND_NAMES)}, not {value!r}"
                if isinstance(value, str)
                else f"{name} must be one of {', '.join(_KIND_NAMES)}, not {_describe(value)}",
                pos,
                f"did you mean `{close[0]}`?" if close else None,
            )
            return _MISSING
        raise AssertionError(kind)  # mappings are checked by their own methods

    def _list(self, field: Field, name: str, value: Any, pos: Mark, one: Any) -> Any:
        if not isinstance(value, YList):
            self._wrong_kind(name, f"a {field.kind.value}", value, pos)
            return _MISSING
        if field.min_items is not None and len(value) < field.min_items:
            self.error(
                "too-few",
                f"{name} needs at least {field.min_items} "
                f"{'entry' if field.min_items == 1 else 'entries'}, has {len(value)}",
                pos,
            )
            return _MISSING
        if field.max_items is not None and len(value) > field.max_items:
            self.error(
                "too-many", f"{name} has {len(value)} entries; at most {field.max_items} fit", pos
            )
            return _MISSING
        out = []
        ok = True
        for index, (item, item_pos) in enumerate(zip(value, value.item_pos, strict=True), 1):
            result = one(f"{name} entry {index}", item, item_pos)
            if result is None:
                ok = False
            out.append(result)
        return tuple(out) if ok else _MISSING

    # -- mappings ------------------------------------------------------------------------------

    def mapping(
        self,
        node: Any,
        pos: Mark,
        fields: Sequence[Field],
        what: str,
        other_keys: dict[str, str] | None = None,
        ignore: Iterable[str] = (),
    ) -> dict[str, Any] | None:
        """Check a mapping's keys and simple values; return the usable values by key."""
        if not isinstance(node, YMap):
            self.error(
                "wrong-type", f"{what} must be a mapping of keys, not {_describe(node)}", pos
            )
            return None
        by_name = {f.name: f for f in fields}
        out: dict[str, Any] = {}
        for key, value in node.items():
            field = by_name.get(key)
            if field is None:
                if key in ignore:
                    continue
                self._unknown_key(key, node.key_pos[key], by_name, what, other_keys or {})
                continue
            if field.kind in (
                Kind.SOURCE_REF,
                Kind.SOURCES,
                Kind.BANK,
                Kind.QUESTIONS,
                Kind.PASSAGES,
            ):
                out[key] = value
                continue
            result = self.value(field, value, node.value_pos[key])
            if result is not _MISSING:
                out[key] = result
        for field in fields:
            if field.required and field.name not in node:
                self.error(
                    "missing",
                    f"{what} has no `{field.name}`",
                    node.pos,
                    f"add `{field.name}:` ({field.doc})",
                )
        return out

    def _unknown_key(
        self, key: Any, pos: Mark, allowed: dict[str, Field], what: str, other_keys: dict[str, str]
    ) -> None:
        close = difflib.get_close_matches(str(key), list(allowed), n=1, cutoff=0.6)
        if close:
            hint = f"did you mean `{close[0]}`?"
        elif key in other_keys:
            hint = f"`{key}` belongs to {other_keys[key]}"
        else:
            hint = "allowed keys: " + ", ".join(f"`{k}`" for k in allowed)
        self.error("unknown-key", f"unknown key `{key}` in {what}", pos, hint)


def _bounds(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"{low:g}–{high:g}"
    return f"at least {low:g}" if low is not None else f"at most {high:g}"


# ---------------------------------------------------------------------------------------------


def check_bank(doc: Any, path: str) -> tuple[Bank | None, list[Problem]]:
    """Validate one parsed bank file; build the Bank from its valid questions."""
    problems: list[Problem] = []
    c = _Checker(path, problems)
    top = c.mapping(doc, START, TOP_FIELDS, "the file")
    if top is None:
        if isinstance(doc, YList) and doc and isinstance(doc[0], dict):
            problems[-1] = replace(
                problems[-1],
                hint="start the file with `bank:` (metadata) and `questions:` (the list)",
            )
        return None, problems
    meta = (
        c.mapping(top["bank"], doc.value_pos["bank"], BANK_FIELDS, "`bank`")
        if "bank" in top
        else None
    )
    sources = _check_sources(c, meta, doc["bank"]) if meta else {}
    passages = _check_passages(c, top, doc, sources)
    used: set[str] = set()
    questions: list[Question] = []
    if "questions" in top:
        raw = top["questions"]
        qpos = doc.value_pos["questions"]
        if not isinstance(raw, YList):
            c.error(
                "wrong-type",
                f"`questions` must be a list, not {_describe(raw)}",
                qpos,
                "start each question with `- id: ...`",
            )
        else:
            if not raw:
                c.warn("no-questions", "the bank has no questions", qpos)
            bank_id = meta.get("id", "") if meta else ""
            seen: dict[str, Mark] = {}
            for item, item_pos in zip(raw, raw.item_pos, strict=True):
                question = _check_question(c, item, item_pos, sources, bank_id, seen, passages)
                if question is not None:
                    questions.append(question)
                if isinstance(item, YMap) and isinstance(item.get("passage"), str):
                    used.add(item["passage"])
    c.question = None
    for pid in passages:
        if pid not in used:
            raw_passages = doc["passages"]
            where = next(
                pos
                for node, pos in zip(raw_passages, raw_passages.item_pos, strict=True)
                if isinstance(node, YMap) and node.get("id") == pid
            )
            c.warn(
                "unused-passage",
                f"passage `{pid}` is not used by any question",
                where,
                "give a question `passage: " + pid + "` or remove the passage",
            )
    if meta is None or "id" not in meta or "title" not in meta:
        return None, problems
    bank = Bank(
        id=meta["id"],
        title=meta["title"],
        questions=tuple(questions),
        description=meta.get("description", ""),
        language=meta.get("language", "en"),
        version=meta.get("version", "1"),
        authors=meta.get("authors", ()),
        license=meta.get("license"),
        sources=tuple(sources.values()),
        path=path,
        passages=tuple(passages.values()),
    )
    return bank, problems


def _check_passages(
    c: _Checker, top: dict[str, Any], doc: YMap, sources: dict[str, Source]
) -> dict[str, Passage]:
    """The bank's `passages:`, each with a unique id, its text and a declared source."""
    raw = top.get("passages")
    if raw is None:
        return {}
    if not isinstance(raw, YList):
        c.error(
            "wrong-type",
            f"`passages` must be a list, not {_describe(raw)}",
            doc.value_pos["passages"],
        )
        return {}
    passages: dict[str, Passage] = {}
    for item, item_pos in zip(raw, raw.item_pos, strict=True):
        values = c.mapping(item, item_pos, PASSAGE_FIELDS, "a passage")
        if not values or "id" not in values or "text" not in values or "source" not in item:
            continue
        refs = _check_source_refs(c, item, sources)
        if values["id"] in passages:
            c.error(
                "duplicate-passage",
                f"passage id `{values['id']}` is used twice",
                item.value_pos["id"],
                "give each passage its own id",
            )
            continue
        if refs:
            passages[values["id"]] = Passage(values["id"], values["text"], refs)
    return passages


def _check_sources(c: _Checker, meta: dict[str, Any], node: YMap) -> dict[str, Source]:
    raw = meta.get("sources")
    if raw is None:
        return {}
    pos = node.value_pos["sources"]
    if not isinstance(raw, YList):
        c.error("wrong-type", f"`sources` must be a list, not {_describe(raw)}", pos)
        return {}
    sources: dict[str, Source] = {}
    for item, item_pos in zip(raw, raw.item_pos, strict=True):
        values = c.mapping(item, item_pos, SOURCE_FIELDS, "a source")
        if not values or "id" not in values or "title" not in values:
            continue
        if values["id"] in sources:
            c.error(
                "duplicate-source",
                f"source id `{values['id']}` is declared twice",
                item.value_pos["id"],
            )
            continue
        sources[values["id"]] = Source(**values)
    return sources


def _check_question(
    c: _Checker,
    item: Any,
    pos: Mark,
    sources: dict[str, Source],
    bank_id: str,
    seen: dict[str, Mark],
    passages: dict[str, Passage] | None = None,
) -> Question | None:
    c.question = None
    if not isinstance(item, YMap):
        c.error(
            "wrong-type",
            f"a question must be a mapping of keys, not {_describe(item)}",
            pos,
            "start each question with `- id: ...` and indent its keys under it",
        )
        return None
    qid = item.get("id")
    if isinstance(qid, str):
        c.question = qid
        if qid in seen:
            c.error(
                "duplicate-id",
                f"question id `{qid}` is used twice in this bank (first at "
                f"line {seen[qid].line + 1})",
                item.value_pos["id"],
            )
        else:
            seen[qid] = item.value_pos["id"]
    qtype = _question_type(c, item)
    if qtype is None:
        # Still check the common keys so authors see every problem at once.
        c.mapping(item, pos, COMMON_FIELDS, "the question", ignore=_ALL_TYPE_KEYS)
        return None
    type_keys = {f.name for f in TYPE_FIELDS[qtype]}
    other = {
        k: f"type `{t.value}`, not `{qtype.value}`"
        for k, t in _ALL_TYPE_KEYS.items()
        if k not in type_keys
    }
    if not QTYPES[qtype].graded:
        other["answer"] = other["answers"] = "graded types: a poll has no correct answer"
    values = c.mapping(item, pos, fields_for(qtype), f"a `{qtype.value}` question", other)
    assert values is not None
    ok = all(f.name in values for f in fields_for(qtype) if f.required)
    graded = QTYPES[qtype].graded
    refs = _check_source_refs(c, item, sources)
    if graded:
        if "explanation" not in item:
            c.warn(
                "no-explanation",
                "graded question has no explanation",
                pos,
                "add `explanation:` saying why the answer is right",
            )
        if "source" not in item:
            c.error(
                "missing",
                "graded question has no `source`",
                pos,
                'add `source: {id: SOURCE_ID, locator: "Sec. 2(c)"}`',
            )
            ok = False
        elif refs is None:
            ok = False
    passage = None
    if "passage" in values:
        passage = (passages or {}).get(values["passage"])
        if passage is None:
            close = difflib.get_close_matches(
                values["passage"], list(passages or {}), n=1, cutoff=0.6
            )
            c.error(
                "unknown-passage",
                f"passage `{values['passage']}` is not defined under `passages:`",
                item.value_pos["passage"],
                f"did you mean `{close[0]}`?"
                if close
                else "add it under `passages:` with an id, its text and a source",
            )
            ok = False
    if not _check_alt(c, item, values):
        ok = False
    prompt = values.get("prompt")
    if prompt and len(prompt) > LONG_PROMPT:
        c.warn(
            "long-prompt",
            f"prompt is {len(prompt)} characters; more than {LONG_PROMPT} crowds small screens",
            item.value_pos["prompt"],
            "shorten it or split it",
        )
    extra = QTYPES[qtype].check(_TypeChecks(c, item), values)
    if extra is None or not ok:
        return None
    return Question(
        id=values["id"],
        type=qtype,
        topic=values["topic"],
        difficulty=values["difficulty"],
        prompt=values["prompt"],
        short_prompt=values.get("short_prompt"),
        bank_id=bank_id,
        explanation=values.get("explanation", ""),
        source=refs[0] if refs else None,
        more_sources=refs[1:] if refs else (),
        tags=values.get("tags", ()),
        time_limit=values.get("time_limit"),
        points=values.get("points"),
        image=values.get("image"),
        image_alt=values.get("alt") if "image" in values else None,
        valid_as_of=values.get("valid_as_of"),
        passage=passage,
        **extra,
    )


_PLACEHOLDER_ALTS = frozenset({"image", "picture", "photo", "img", "graphic", "figure", "alt"})


def _check_alt(c: _Checker, item: YMap, values: dict[str, Any]) -> bool:
    """A picture needs `alt`: what it shows in words, not its file name. False if unusable.

    The file itself is checked by the loader (`game.content.images`), which reads the disk."""
    if "image" not in item:
        if "alt" in item:
            c.error(
                "alt-without-image",
                "`alt` is given but the question has no `image`",
                item.key_pos["alt"],
                "add `image:` with the picture's path, or remove `alt:`",
            )
        return True
    if "image" not in values:
        return False  # reported: not text, or empty
    if "alt" not in item:
        c.error(
            "missing-alt",
            "the question has an `image` but no `alt` text",
            item.key_pos["image"],
            "add `alt:` saying in words what the picture shows (what a student who cannot see "
            "it needs to answer), e.g. `alt: Bar chart: seizures rose from 2019 to 2023`",
        )
        return False
    alt = values.get("alt")
    if alt is None:
        return False  # reported: not text, or empty
    written = values["image"].replace("\\", "/")
    name = written.rsplit("/", 1)[-1]
    folded = _fold(alt)
    if folded in {_fold(written), _fold(name), _fold(name.rsplit(".", 1)[0])} or (
        folded.strip(".:") in _PLACEHOLDER_ALTS
    ):
        c.error(
            "alt-is-file-name",
            f"`alt` {alt!r} does not say what the picture shows",
            item.value_pos["alt"],
            "describe the picture in words, as you would to a student who cannot see it",
        )
        return False
    return True


def _question_type(c: _Checker, item: YMap) -> QuestionType | None:
    if "type" not in item:
        c.error(
            "missing",
            "the question has no `type`",
            item.pos,
            "add `type:` with one of " + ", ".join(_TYPE_NAMES),
        )
        return None
    raw = item["type"]
    pos = item.value_pos["type"]
    if not isinstance(raw, str):
        c.error(
            "unknown-type",
            f"`type` must be one of {', '.join(_TYPE_NAMES)}, not {_describe(raw)}",
            pos,
        )
        return None
    try:
        return QuestionType(raw.strip())
    except ValueError:
        close = difflib.get_close_matches(raw.strip(), _TYPE_NAMES, n=1, cutoff=0.5)
        c.error(
            "unknown-type",
            f"unknown question type `{raw}`",
            pos,
            f"did you mean `{close[0]}`?" if close else "use one of " + ", ".join(_TYPE_NAMES),
        )
        return None


def _check_source_refs(
    c: _Checker, item: YMap, sources: dict[str, Source]
) -> tuple[SourceRef, ...] | None:
    """A question's `source:`: one `{id, locator}` mapping or a non-empty list of them."""
    if "source" not in item:
        return None
    raw, pos = item["source"], item.value_pos["source"]
    if not isinstance(raw, YList):
        ref = _check_source_ref(c, raw, pos, "`source`", sources)
        return None if ref is None else (ref,)
    if not raw:
        c.error(
            "too-few",
            "`source` is an empty list",
            pos,
            'cite at least one source: `source: [{id: eo, locator: "Sec. 1"}]`',
        )
        return None
    refs: list[SourceRef] = []
    seen: set[tuple[str, str]] = set()
    ok = True
    for index, (entry, entry_pos) in enumerate(zip(raw, raw.item_pos, strict=True), 1):
        ref = _check_source_ref(c, entry, entry_pos, f"`source` entry {index}", sources)
        if ref is None:
            ok = False
            continue
        key = (ref.source.id, _fold(ref.locator))
        if key in seen:
            c.warn(
                "duplicate-source",
                f"`source` entry {index} cites `{ref.source.id}` at the same place twice",
                entry_pos,
                "remove the repeated entry",
            )
            continue
        seen.add(key)
        refs.append(ref)
    return tuple(refs) if ok else None


def _check_source_ref(
    c: _Checker, node: Any, pos: Mark, what: str, sources: dict[str, Source]
) -> SourceRef | None:
    values = c.mapping(node, pos, SOURCE_REF_FIELDS, what)
    if not values or "id" not in values or "locator" not in values:
        return None
    sid = values["id"]
    if sid not in sources:
        close = difflib.get_close_matches(sid, list(sources), n=1, cutoff=0.6)
        c.error(
            "unknown-source",
            f"source `{sid}` is not declared in `bank.sources`",
            node.value_pos["id"],
            f"did you mean `{close[0]}`?"
            if close
            else "declare it under `bank: sources:` with an id, title, publisher, url and date",
        )
        return None
    return SourceRef(sources[sid], values["locator"])


# -- per-type rules: in each type's module (game.core.qtypes), reporting through this ---------


@dataclass
class _TypeChecks:
    """`game.core.qtypes.base.Checks` for one question: turns a `Place` into a line and column."""

    c: _Checker
    item: YMap

    def _pos(self, at: Place) -> Mark:
        node: Any = self.item
        pos: Mark = self.item.pos
        for step in at:
            if isinstance(step, str) and isinstance(node, YMap) and step in node:
                pos, node = node.value_pos[step], node[step]
            elif isinstance(step, int) and isinstance(node, YList) and 0 <= step < len(node):
                pos, node = node.item_pos[step], node[step]
            else:
                break
        return pos

    def error(self, code: str, message: str, at: Place = (), hint: str | None = None) -> None:
        self.c.error(code, message, self._pos(at), hint)

    def warn(self, code: str, message: str, at: Place = (), hint: str | None = None) -> None:
        self.c.warn(code, message, self._pos(at), hint)

    def has(self, key: str) -> bool:
        return key in self.item

    def distinct(self, texts: Sequence[str], at: Place, what: str) -> bool:
        """Texts must differ (exactly, after NFC); a case-only difference is allowed with a
        warning."""
        texts = list(texts)
        clean = True
        for rep in repeats(texts):
            where = (*at, rep.index)
            text = texts[rep.index]
            if rep.case_only:
                self.warn(
                    "case-only-difference",
                    f"{what} {rep.index + 1} ({text!r}) differs from {what} {rep.earlier + 1} "
                    f"({texts[rep.earlier]!r}) only in upper/lower case",
                    where,
                    "fine if the case matters (GB and Gb); otherwise reword one of them",
                )
            else:
                self.error(
                    "duplicate-choice",
                    f"{what} {rep.index + 1} repeats {what} {rep.earlier + 1} ({text!r})",
                    where,
                )
                clean = False
        return clean


def check_across(banks: Sequence[Bank], id_lines: dict[tuple[str, str], int]) -> list[Problem]:
    """Rules spanning banks: bank ids and question ids must be unique across all banks.

    `id_lines` maps (bank path, question id) to the line of its `id:` for messages.
    """
    problems: list[Problem] = []
    bank_seen: dict[str, Bank] = {}
    for bank in banks:
        if bank.id in bank_seen:
            problems.append(
                Problem(
                    Severity.ERROR,
                    "duplicate-bank-id",
                    f"bank id `{bank.id}` is also used by {bank_seen[bank.id].path}",
                    bank.path,
                    0,
                    0,
                    hint="give each bank its own id",
                )
            )
        else:
            bank_seen[bank.id] = bank
    question_seen: dict[str, tuple[str, int]] = {}
    for bank in banks:
        for q in bank.questions:
            line = id_lines.get((bank.path, q.id), 0)
            if q.id in question_seen:
                other_path, other_line = question_seen[q.id]
                if other_path == bank.path:
                    continue  # reported by check_bank already
                problems.append(
                    Problem(
                        Severity.ERROR,
                        "duplicate-id",
                        f"question id `{q.id}` is also used in {other_path}:{other_line}",
                        bank.path,
                        line,
                        0,
                        q.id,
                        "question ids must be unique across all banks",
                    )
                )
            else:
                question_seen[q.id] = (bank.path, line)
    return problems
