"""Every registered question type has every part (docs/question-types.md):

- its core module in game.core.qtypes.registry, overriding each method a type must say itself;
- its Pygame input in game.app.inputs.INPUTS;
- its student-page ES module assets/web/qtypes/<name>.js, listed in assets/web/qtypes/index.js;
- its keys and summary in the generated schema and format reference (docs/bank-format.md);
- a credit table test: tests/core/qtypes/test_<name>.py with a non-empty CREDIT_TABLE.

A type missing any part fails here instead of silently scoring 0 or showing the wrong input.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from game.app.inputs import INPUTS
from game.app.inputs.base import AnswerInput
from game.content.format import json_schema, reference_markdown
from game.core.model import QuestionType
from game.core.qtypes.base import QType
from game.core.qtypes.registry import QTYPES

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "assets" / "web" / "qtypes"
MUST_OVERRIDE = ("check", "to_data", "decode", "credit", "answer_text")


def missing_parts(name: str) -> list[str]:
    """What type `name` lacks; [] when it is complete."""
    missing = []
    kind = next((k for t, k in QTYPES.items() if t.value == name), None)
    if kind is None:
        missing.append("core module (game/core/qtypes/registry.py)")
    else:
        for method in MUST_OVERRIDE:
            if getattr(type(kind), method) is getattr(QType, method):
                missing.append(f"core method {method}")
        if not kind.summary or not kind.time_limit:
            missing.append("core summary or time limit")
    inputs = {t.value: cls for t, cls in INPUTS.items()}
    cls = inputs.get(name)
    if cls is None or not issubclass(cls, AnswerInput):
        missing.append("Pygame input (game/app/inputs/__init__.py)")
    elif cls.hint == AnswerInput.hint:
        missing.append("Pygame input's key hint")
    module = WEB / f"{name}.js"
    if not module.is_file():
        missing.append(f"student-page module assets/web/qtypes/{name}.js")
    else:
        text = module.read_text(encoding="utf-8")
        if "export function build(" not in text or "export const instructions" not in text:
            missing.append(f"build() or instructions in assets/web/qtypes/{name}.js")
    index = (WEB / "index.js").read_text(encoding="utf-8")
    if not re.search(rf"^\s*{re.escape(name)}: \w+,?$", index, re.M) or (
        f"'./{name}.js'" not in index
    ):
        missing.append("registry line in assets/web/qtypes/index.js")
    if f"### `type: {name}`" not in reference_markdown():
        missing.append("format reference section")
    if name not in json_schema()["definitions"]["question"]["properties"]["type"]["enum"]:
        missing.append("schema entry")
    try:
        table = importlib.import_module(f"tests.core.qtypes.test_{name}").CREDIT_TABLE
    except (ImportError, AttributeError):
        table = ()
    if not table:
        missing.append(f"credit table (tests/core/qtypes/test_{name}.py CREDIT_TABLE)")
    return missing


@pytest.mark.parametrize("name", [t.value for t in QuestionType])
def test_every_type_has_every_part(name):
    assert missing_parts(name) == []


def test_the_registries_list_the_same_types():
    assert set(QTYPES) == set(QuestionType) == set(INPUTS)
    assert all(kind.name is name for name, kind in QTYPES.items())


def test_the_check_fails_for_a_type_without_parts():
    """A checker that never fails proves nothing."""
    assert len(missing_parts("essay")) >= 6


# -- the exchange formats (game/content/formats/exchange, one module per type) -------------------

# What a format's writer calls on a type's exchange mapping.
EXCHANGE_METHODS = {
    "gift": "to_moodle",
    "moodle-xml": "to_moodle",
    "kahoot-csv": "kahoot",
    "xlsx": "kahoot",
    "anki": "anki_answer",
    "csv": "csv_read",
}


@pytest.mark.parametrize("name", [t.value for t in QuestionType])
def test_every_type_maps_to_each_exchange_format_or_says_why_not(name):
    from game.content.formats import FORMATS
    from game.content.formats.exchange.base import EXCHANGE_FORMATS, TypeExchange
    from game.content.formats.exchange.registry import EXCHANGES

    assert set(EXCHANGE_FORMATS) == {f for f, info in FORMATS.items() if info.writer}
    mapping = EXCHANGES.get(QuestionType(name))
    assert mapping is not None, f"no exchange module for {name} in exchange/registry.py"
    for fmt in EXCHANGE_FORMATS:
        why = mapping.not_written.get(fmt)
        if why is not None:
            assert why.strip(), f"{name}: an empty reason for {fmt}"
        elif fmt != "anki":  # Anki's card has a default (the prompt and answer_text)
            methods = ("csv_read", "csv_write") if fmt == "csv" else (EXCHANGE_METHODS[fmt],)
            for method in methods:
                own = getattr(type(mapping), method) is not getattr(TypeExchange, method)
                assert own, f"{name}: neither maps to {fmt} ({method}) nor declines it"
