"""Helpers every import/export format module needs, written once.

The format modules (aiken, civics_json, gift, moodle_xml, spreadsheet) each grew their own copy
of the same small pieces: an id made from a file name, a question id cleaned up from a foreign
one, bytes decoded to text with an error naming the line, and the "imported" source that every
imported question cites. The copies differed only in a fallback, a hint or a format's name, so
they live here with those differences as parameters, and a fix reaches every format at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from game.content.problems import Problem, Severity

__all__ = [
    "IMPORTED_NOTE",
    "decode_text",
    "imported_source",
    "kebab",
    "slug_id",
    "tex_problems",
]

IMPORTED_NOTE = (
    "Questions imported from {fmt}; check each fact and add its real source before sharing."
)

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def kebab(text: str, fallback: str = "imported") -> str:
    """`text` (a file stem, a theme) as a kebab-case id; `fallback` if it has no letters or
    digits."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or fallback


def slug_id(text: str, trim_end: str = "-", pattern: re.Pattern[str] | None = None) -> str:
    """A foreign question id as a Civic Quiz id: runs of other characters become `-`, and
    anything but a letter or digit is dropped from the start; `""` if nothing is left.

    `trim_end` lists the characters dropped from the end; with `pattern`, a slug it does not
    match (from the start) gives `""`.
    """
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", text.strip())
    slug = re.sub(r"^[^A-Za-z0-9]+", "", slug).rstrip(trim_end)
    if pattern is not None and not pattern.match(slug):
        return ""
    return slug


def decode_text(
    raw: bytes, path: str, hint: str, utf16: bool = False
) -> tuple[str | None, Problem | None]:
    """Bytes to text: UTF-8 (a BOM removed) or, with `utf16`, UTF-16 with a BOM; else no text
    and a "not-utf8" error naming the line of the first bad byte, with `hint` to fix it."""
    if utf16 and raw.startswith(_UTF16_BOMS):
        try:
            return raw.decode("utf-16"), None
        except UnicodeDecodeError:
            pass
    if raw.startswith(_UTF8_BOM):
        raw = raw[len(_UTF8_BOM) :]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, Problem(
            Severity.ERROR,
            "not-utf8",
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line})",
            path,
            line,
            hint=hint,
        )


def imported_source(
    file_name: str, format_label: str, source_id: str = "imported"
) -> dict[str, Any]:
    """The source imported questions cite: where they came from, and a note to check them."""
    return {
        "id": source_id,
        "title": f"Imported from {file_name}",
        "note": IMPORTED_NOTE.format(fmt=format_label),
    }


# TeX the way question tools write maths: \( \), \[ \], $$ $$, $…$ holding TeX-only characters,
# and commands such as \frac{ or \alpha. The game shows text as typed, so each is reported.
_TEX_RE = re.compile(
    r"\\\(|\\\)|\\\[|\\\]|\$\$"
    r"|(?<![\\\w$])\$[^$\n]*[\\^_{][^$\n]*\$"
    r"|\\(?:frac|sqrt|sum|int|alpha|beta|gamma|delta|pi|sigma|theta|lambda|mu|cdot|times|"
    r"leq?|geq?|neq|infty|mathbb|mathrm|text|Vert|left|right|begin|end)(?![A-Za-z])"
)
_TEXT_KEYS = ("prompt", "short_prompt", "explanation")
_LIST_KEYS = ("choices", "short_choices", "items", "accept")


def _texts(q: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for key in _TEXT_KEYS:
        if isinstance(q.get(key), str):
            yield key, q[key]
    for key in _LIST_KEYS:
        for index, text in enumerate(q.get(key) or [], 1):
            if isinstance(text, str):
                yield f"{key[:-1] if key.endswith('s') else key} {index}", text
    for index, pair in enumerate(q.get("pairs") or [], 1):
        for side, text in zip(("left", "right"), pair, strict=False):
            if isinstance(text, str):
                yield f"pair {index} ({side})", text


def tex_problems(data: dict[str, Any] | None, path: str) -> list[Problem]:
    """A warning for each imported question whose text holds raw TeX, naming where."""
    problems: list[Problem] = []
    for q in (data or {}).get("questions") or []:
        if not isinstance(q, dict):
            continue
        found = [(where, m.group(0)) for where, text in _texts(q) if (m := _TEX_RE.search(text))]
        if not found:
            continue
        places = ", ".join(f"{where} ({sample!r})" for where, sample in found[:4])
        problems.append(
            Problem(
                Severity.WARNING,
                "raw-tex",
                f"raw TeX in {places}: Civic Quiz shows it as typed, not as a formula",
                path,
                0,
                0,
                str(q.get("id")) if q.get("id") else None,
                "write the maths as players should read it (x², √2, ≤) and remove the TeX",
            )
        )
    return problems
