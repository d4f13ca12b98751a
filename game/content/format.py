"""The bank file format, defined once.

Every key an author may write, its kind, whether it is required and what it means lives in the
tables below. The validator checks files against them, `bank.schema.json` (the JSON Schema that
editors use) is generated from them, and so is the field reference in `docs/bank-format.md`;
tests fail if either file drifts from these tables.
"""

from __future__ import annotations

from typing import Any

from game.core.model import QuestionType, SourceKind
from game.core.qtypes.choice_base import KAHOOT_ANSWER_LIMIT as KAHOOT_ANSWER_LIMIT
from game.core.qtypes.choice_base import MAX_CHOICES as MAX_CHOICES
from game.core.qtypes.fields import Field, Kind
from game.core.qtypes.registry import QTYPES

__all__ = [
    "BANK_FIELDS",
    "COMMON_FIELDS",
    "FORMAT_VERSION",
    "Field",
    "IMAGE_FORMATS",
    "MAX_IMAGE_BYTES",
    "MAX_IMAGE_SIDE",
    "Kind",
    "PASSAGE_FIELDS",
    "SOURCE_FIELDS",
    "SOURCE_REF_FIELDS",
    "TOP_FIELDS",
    "TYPE_DOCS",
    "TYPE_FIELDS",
    "fields_for",
    "json_schema",
    "reference_markdown",
]

FORMAT_VERSION = 1
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
KAHOOT_PROMPT_LIMIT = 120  # characters Kahoot! allows in a question
# A question's picture: small enough for 30 phones to fetch over a school Wi-Fi at once, and for
# the game to hold decoded (4 bytes a pixel) without strain.
MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_IMAGE_SIDE = 2560  # pixels, width and height
IMAGE_FORMATS = ("PNG", "JPEG", "GIF", "WebP")  # what pygame-ce (SDL_image) and browsers show


TOP_FIELDS = (
    Field("bank", Kind.BANK, "The bank's metadata.", required=True),
    Field(
        "passages",
        Kind.PASSAGES,
        "Short excerpts of a source that several questions read (document-based questions), "
        "each defined once and named by its `id` from the questions' `passage:`.",
    ),
    Field(
        "questions", Kind.QUESTIONS, "The questions, in the order authors see them.", required=True
    ),
)

BANK_FIELDS = (
    Field(
        "id",
        Kind.ID,
        "Stable identifier of the bank (kebab-case). Never change it once "
        "shared: saved answers refer to it.",
        required=True,
    ),
    Field("title", Kind.TEXT, "Name shown in the game's bank picker.", required=True),
    Field("description", Kind.TEXT, "One or two sentences on what the bank covers."),
    Field("language", Kind.TEXT, "Language code of the questions, e.g. `en`."),
    Field("version", Kind.VERSION, "Bump it when questions change; recorded with every answer."),
    Field("authors", Kind.TEXT_LIST, "Who wrote the bank."),
    Field("license", Kind.TEXT, "Licence of the bank's text, e.g. `CC-BY-4.0`."),
    Field("sources", Kind.SOURCES, "Every source the questions cite."),
)

SOURCE_FIELDS = (
    Field("id", Kind.ID, "Short id that questions cite, unique in the bank.", required=True),
    Field("title", Kind.TEXT, "Title of the document or page.", required=True),
    Field("publisher", Kind.TEXT, "Who published it."),
    Field("url", Kind.TEXT, "Where to read it."),
    Field("date", Kind.DATE, "Publication date, `YYYY-MM-DD`."),
    Field("note", Kind.TEXT, "Anything a reader should know about the source."),
    Field(
        "kind",
        Kind.SOURCE_KIND,
        "What kind of document it is; the game shows it next to the citation. One of "
        + ", ".join(f"`{k.value}` ({k.label})" for k in SourceKind)
        + ". Cite the original publisher, not a re-post.",
    ),
)

SOURCE_REF_FIELDS = (
    Field("id", Kind.ID, "The `id` of a source declared under `bank.sources`.", required=True),
    Field(
        "locator",
        Kind.TEXT,
        "Where in the source: `Sec. 2(c)`, a section heading, a page.",
        required=True,
    ),
)

PASSAGE_FIELDS = (
    Field(
        "id",
        Kind.ID,
        "Short id that questions name in `passage:`, unique in the bank.",
        required=True,
    ),
    Field(
        "text",
        Kind.TEXT,
        "The excerpt, quoted exactly as the source has it; shown with every question that uses it.",
        required=True,
    ),
    Field(
        "source",
        Kind.SOURCE_REF,
        "Where the excerpt comes from: `{id, locator}` of a declared source (or a list of them).",
        required=True,
    ),
)

COMMON_FIELDS = (
    Field(
        "id",
        Kind.ID,
        "Stable identifier, unique across all banks (e.g. `order-012`).",
        required=True,
    ),
    Field("type", Kind.TEXT, "One of the question types below.", required=True),
    Field("topic", Kind.TEXT, "Topic label used to choose and report questions.", required=True),
    Field(
        "difficulty",
        Kind.INT,
        "1 (easy), 2 (medium) or 3 (hard).",
        required=True,
        minimum=1,
        maximum=3,
    ),
    Field("prompt", Kind.TEXT, "The question as players read it.", required=True),
    Field(
        "short_prompt",
        Kind.TEXT,
        "Optional: the prompt reworded by you to fit platforms that limit its length "
        f"(Kahoot!: {KAHOOT_PROMPT_LIMIT} characters); it must still say everything that decides "
        "the answer. Exports never cut a prompt: without a short form that fits, such a "
        "question is left out with a warning.",
    ),
    Field(
        "explanation",
        Kind.TEXT,
        "Shown after answering: why the answer is right. "
        "Required for graded questions; a discussion note for polls.",
    ),
    Field(
        "source",
        Kind.SOURCE_REF,
        "Where the facts come from: one `{id, locator}`, or a list of them when a question "
        "draws on several sources (the first is the main one). Required for graded questions.",
    ),
    Field("tags", Kind.TEXT_LIST, "Free keywords."),
    Field(
        "time_limit", Kind.NUMBER, "Seconds allowed when the timer is on.", minimum=5, maximum=600
    ),
    Field(
        "points",
        Kind.INT,
        "Base points, overriding the difficulty's default.",
        minimum=0,
        maximum=10000,
    ),
    Field(
        "image",
        Kind.TEXT,
        "Optional picture shown with the question (solo, projector and phones): a path relative "
        f"to the bank file, e.g. `images/map.png`. PNG, JPEG, GIF or WebP, at most "
        f"{MAX_IMAGE_BYTES // (1024 * 1024)} MB and {MAX_IMAGE_SIDE} pixels on each side; "
        "never SVG. Needs `alt`.",
        needs="alt",
    ),
    Field(
        "alt",
        Kind.TEXT,
        "Required with `image`: what the picture shows, in words, for students who cannot see "
        "it (self-voicing and screen readers read it; it is shown when the file is missing). "
        "Not the file name.",
        needs="image",
    ),
    Field(
        "valid_as_of", Kind.DATE, "Date the facts were checked (`YYYY-MM-DD`); civics facts change."
    ),
    Field(
        "passage",
        Kind.ID,
        "The `id` of an entry of `passages:` that the question is about; the game shows that "
        "passage with the question.",
    ),
)

# Each type's own keys and its one-line summary come from its module (game.core.qtypes).
TYPE_FIELDS: dict[QuestionType, tuple[Field, ...]] = {
    name: kind.fields for name, kind in QTYPES.items()
}

TYPE_DOCS: dict[QuestionType, str] = {name: kind.summary for name, kind in QTYPES.items()}


def fields_for(qtype: QuestionType) -> tuple[Field, ...]:
    """All keys a question of this type may have."""
    return COMMON_FIELDS + TYPE_FIELDS[qtype]


# ---------------------------------------------------------------------------------------------
# JSON Schema


def _kind_schema(field: Field) -> dict[str, Any]:
    text: dict[str, Any] = {"type": "string", "minLength": 1}
    schema: dict[str, Any]
    match field.kind:
        case Kind.TEXT:
            schema = dict(text)
        case Kind.ID:
            schema = {"type": "string", "pattern": ID_PATTERN}
        case Kind.INT:
            schema = {"type": "integer"}
        case Kind.NUMBER:
            schema = {"type": "number"}
        case Kind.BOOL:
            schema = {"type": "boolean"}
        case Kind.DATE:
            schema = {"type": "string", "format": "date"}
        case Kind.VERSION:
            schema = {"type": ["integer", "string"]}
        case Kind.TEXT_LIST:
            schema = {"type": "array", "items": text}
        case Kind.INT_LIST:
            schema = {
                "type": "array",
                "items": {"type": "integer", "minimum": 1},
                "uniqueItems": True,
            }
        case Kind.PAIRS:
            schema = {
                "type": "array",
                "items": {"type": "array", "items": text, "minItems": 2, "maxItems": 2},
            }
        case Kind.RANGE:
            schema = {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}
        case Kind.ENTRIES:
            schema = {"type": "array", "items": _object_schema(field.entries)}
        case Kind.SOURCE_KIND:
            schema = {"enum": [k.value for k in SourceKind]}
        case Kind.SOURCE_REF:
            one = _object_schema(SOURCE_REF_FIELDS)
            schema = {"oneOf": [one, {"type": "array", "items": one, "minItems": 1}]}
        case Kind.SOURCES:
            schema = {"type": "array", "items": _object_schema(SOURCE_FIELDS)}
        case Kind.BANK:
            schema = _object_schema(BANK_FIELDS)
        case Kind.PASSAGES:
            schema = {"type": "array", "items": _object_schema(PASSAGE_FIELDS)}
        case Kind.QUESTIONS:
            schema = {"type": "array", "items": {"$ref": "#/definitions/question"}}
    if field.minimum is not None:
        schema["minimum"] = field.minimum
    if field.maximum is not None:
        schema["maximum"] = field.maximum
    if field.min_items is not None:
        schema["minItems"] = field.min_items
    if field.max_items is not None:
        schema["maxItems"] = field.max_items
    schema["description"] = field.doc
    return schema


def _object_schema(fields: tuple[Field, ...]) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {f.name: _kind_schema(f) for f in fields},
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }
    needs = {f.name: [f.needs] for f in fields if f.needs}
    if needs:
        schema["dependencies"] = needs
    return schema


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a bank file (draft-07, which editors' YAML plugins understand)."""
    per_type = []
    for qtype in QuestionType:
        then = _object_schema(fields_for(qtype))
        then["properties"]["type"] = {"const": qtype.value, "description": TYPE_DOCS[qtype]}
        per_type.append({"if": {"properties": {"type": {"const": qtype.value}}}, "then": then})
    question = {
        "type": "object",
        "required": [f.name for f in COMMON_FIELDS if f.required],
        "properties": {"type": {"enum": [t.value for t in QuestionType]}},
        "allOf": per_type,
    }
    schema = _object_schema(TOP_FIELDS)
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": f"https://civic-quiz.invalid/bank-v{FORMAT_VERSION}.schema.json",
        "title": "Civic Quiz question bank",
        "description": "Generated from game/content/format.py; do not edit by hand.",
        **schema,
        "definitions": {"question": question},
    }


# ---------------------------------------------------------------------------------------------
# Markdown reference


def _table(fields: tuple[Field, ...]) -> list[str]:
    rows = ["| key | kind | required | meaning |", "| --- | --- | --- | --- |"]
    for f in fields:
        limits = []
        if f.minimum is not None or f.maximum is not None:
            lo = "" if f.minimum is None else f"{f.minimum:g}"
            hi = "" if f.maximum is None else f"{f.maximum:g}"
            limits.append(f"{lo}–{hi}" if lo and hi else (f"≥ {lo}" if lo else f"≤ {hi}"))
        if f.min_items is not None or f.max_items is not None:
            least = f.min_items if f.min_items is not None else 0
            limits.append(f"{least}–{f.max_items} items" if f.max_items else f"≥ {least} items")
        kind = f.kind.value + (f" ({', '.join(limits)})" if limits else "")
        required = "yes" if f.required else (f"with `{f.needs}`" if f.needs else "")
        rows.append(f"| `{f.name}` | {kind} | {required} | {f.doc} |")
    return rows


def reference_markdown() -> str:
    """The field reference, as it appears between the markers in docs/bank-format.md."""
    out = [
        "### Top level",
        "",
        *_table(TOP_FIELDS),
        "",
        "### `bank:`",
        "",
        *_table(BANK_FIELDS),
        "",
        "### Each entry of `bank.sources:`",
        "",
        *_table(SOURCE_FIELDS),
        "",
        "### Each entry of `passages:`",
        "",
        *_table(PASSAGE_FIELDS),
        "",
        "### A question's `source:` (or each entry of a list of them)",
        "",
        *_table(SOURCE_REF_FIELDS),
        "",
        "### Keys every question may have",
        "",
        *_table(COMMON_FIELDS),
        "",
    ]
    for qtype in QTYPES:
        out += [
            f"### `type: {qtype.value}`",
            "",
            TYPE_DOCS[qtype],
            "",
            *_table(TYPE_FIELDS[qtype]),
            "",
        ]
        for field in TYPE_FIELDS[qtype]:
            if field.entries:
                out += [f"Each entry of `{field.name}:`", "", *_table(field.entries), ""]
    return "\n".join(out)
