"""The JSON Schema and the docs' field reference are generated from format.py and agree with the
validator."""

from __future__ import annotations

import json
from datetime import date

import jsonschema
import pytest
import yaml

from game.content.format import fields_for, json_schema, reference_markdown
from game.core.model import QuestionType
from tests.conftest import QUESTIONS, ROOT
from tests.content.helpers import GOOD_SINGLE, HEADER, problems_of
from tools.generate_format_files import BEGIN, DOC_FILE, END, SCHEMA_FILE, schema_text

SCHEMA = json_schema()


def as_json(value):
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value.isoformat() if isinstance(value, date) else value


def schema_errors(text: str) -> list[str]:
    validator = jsonschema.Draft7Validator(SCHEMA)
    return [e.message for e in validator.iter_errors(as_json(yaml.safe_load(text)))]


def test_schema_file__is_up_to_date():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "run: .venv/bin/python tools/generate_format_files.py"
    )


def test_docs_reference__is_up_to_date():
    doc = DOC_FILE.read_text(encoding="utf-8")
    generated = doc.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    assert generated == reference_markdown().strip(), (
        "run: .venv/bin/python tools/generate_format_files.py"
    )


def test_schema__is_a_valid_draft7_schema():
    jsonschema.Draft7Validator.check_schema(SCHEMA)


def test_shipped_banks__pass_the_schema():
    for path in sorted(QUESTIONS.glob("*.yaml")):
        assert schema_errors(path.read_text(encoding="utf-8")) == [], path.name


@pytest.mark.parametrize(
    "change",
    [
        ("answer: 2", "answers: [2]"),  # key of another type
        ("difficulty: 1", "difficulty: 7"),  # out of range
        ("type: single", "type: singel"),  # unknown type
        ("    topic: Basics\n", ""),  # missing required
        ('["A", "B", "C"]', '["A"]'),  # too few choices
    ],
)
def test_schema_and_validator__agree_on_errors(tmp_path, change):
    text = HEADER + GOOD_SINGLE.replace(*change)
    assert schema_errors(text), "the schema accepted it"
    assert any(p.is_error for p in problems_of(tmp_path, text)), "the validator accepted it"


def test_every_field__is_documented_in_schema_and_docs():
    doc = DOC_FILE.read_text(encoding="utf-8")
    question = SCHEMA["definitions"]["question"]["allOf"]
    for qtype, rule in zip(QuestionType, question, strict=True):
        props = rule["then"]["properties"]
        assert set(props) == {f.name for f in fields_for(qtype)}
        assert f"`type: {qtype.value}`" in doc
    assert json.loads(SCHEMA_FILE.read_text())["$schema"].endswith("draft-07/schema#")
    assert (ROOT / "docs" / "bank-format.md").exists()
