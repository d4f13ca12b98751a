"""Every registered question type has every part (docs/question-types.md):

- its core module in game.core.qtypes.registry, overriding each method a type must say itself
  (among them how a session's snapshot saves it and how `civic-quiz new` builds it), with its
  summary, time limit, the report's name for it, what `civic-quiz new` asks, and an
  `example()` for the screenshot gallery while no shipped bank holds a question of it;
- its Pygame input in game.app.inputs.INPUTS;
- its student-page ES module assets/web/qtypes/<name>.js, listed in assets/web/qtypes/index.js;
- its keys and summary in the generated schema and format reference (docs/bank-format.md);
- a credit table test: tests/core/qtypes/test_<name>.py with a non-empty CREDIT_TABLE.

A type missing any part fails here instead of silently scoring 0 or showing the wrong input.
And no module outside the type packages names a specific type (`test_no_switch_on_type_names`):
what differs by type is asked of the type's module, so a new type cannot be forgotten there.
"""

from __future__ import annotations

import ast
import functools
import importlib
import re
from pathlib import Path

import pytest

from game.app.inputs import INPUTS
from game.app.inputs.base import AnswerInput
from game.content.format import json_schema, reference_markdown
from game.content.loader import load_paths
from game.core.model import QuestionType
from game.core.qtypes.base import QType
from game.core.qtypes.registry import QTYPES
from game.resources import shipped_banks_dir

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "assets" / "web" / "qtypes"
MUST_OVERRIDE = (
    "check",
    "to_data",
    "decode",
    "credit",
    "answer_text",
    "snapshot",
    "from_snapshot",
    "from_new",
)


@functools.cache
def _shipped_types() -> frozenset[str]:
    banks = load_paths([shipped_banks_dir()]).banks
    return frozenset(q.type.value for bank in banks for q in bank.questions)


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
        if not kind.report_label:
            missing.append("core report_label (the report's name for the type)")
        if not (kind.new_entries or kind.new_answer):
            missing.append("core new_entries or new_answer (what `civic-quiz new` asks)")
        if kind.example() is None and name not in _shipped_types():
            missing.append("core example() (no shipped bank holds one for the gallery)")
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


# Where a type's name may appear: its own packages, the exchange formats (each maps types to a
# foreign format's own), and these few places, each for a reason.
TYPE_PACKAGES = ("game/core/qtypes/", "game/app/inputs/", "game/content/formats/")
ALLOWED = {
    # The enum of type names itself, and GRADED_TYPES beside it, which Question.graded reads
    # (game.core.model cannot import the registry: the type modules import the model);
    # test_graded_types_agree_with_the_modules keeps the two in step.
    ("game/core/model.py", "QuestionType.POLL"),
}


def _strings(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return [s for e in node.elts for s in _strings(e)]
    return []


def type_names_named(source: str) -> list[tuple[int, str]]:
    """Where `source` names a specific question type: `QuestionType.X`, `QuestionType("x")`, a
    comparison of something called *type* with a type's name (`q.type == "match"`,
    `kind in ("order", "match")`), or a table keyed by type names."""
    members = {t.name for t in QuestionType}
    values = {t.value for t in QuestionType}
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "QuestionType"
            and node.attr in members
        ):
            found.append((node.lineno, f"QuestionType.{node.attr}"))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "QuestionType"
            and any(s in values for a in node.args for s in _strings(a))
        ):
            found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            named = [s for side in sides for s in _strings(side) if s in values]
            others = [ast.unparse(side) for side in sides if not _strings(side)]
            if named and any("type" in other for other in others):
                found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.Dict):
            keys = {s for k in node.keys if k is not None for s in _strings(k) if s in values}
            if len(keys) >= 2:
                found.append((node.lineno, f"a table keyed by {sorted(keys)}"))
    return found


def test_no_switch_on_type_names():
    """What differs by type lives in the type's modules; elsewhere the code asks the registry."""
    named = []
    for path in sorted((ROOT / "game").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(TYPE_PACKAGES):
            continue
        for line, what in type_names_named(path.read_text(encoding="utf-8")):
            if (rel, what) not in ALLOWED:
                named.append(f"{rel}:{line}: {what}")
    assert named == []


def test_the_type_name_check_finds_switches():
    """A checker that never fails proves nothing: each form of switch is found."""
    source = (
        "if q.type is QuestionType.MATCH: pass\n"
        "if values['type'] in ('single', 'multiple'): pass\n"
        "if qtype == 'cloze': pass\n"
        "LABELS = {'order': 'Items', 'match': 'Pairs'}\n"
        "kind = QuestionType('numeric')\n"
        "if field.kind == 'text_list': pass\n"  # not a type name: not found
    )
    assert sorted(line for line, _ in type_names_named(source)) == [1, 2, 3, 4, 5]


def test_graded_types_agree_with_the_modules():
    from game.core.model import GRADED_TYPES

    assert {name for name, kind in QTYPES.items() if kind.graded} == set(GRADED_TYPES)


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
