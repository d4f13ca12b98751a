"""Regenerate the files derived from game/content/format.py.

- questions/bank.schema.json: the JSON Schema editors use to complete and check banks;
- the field reference between the GENERATED markers in docs/bank-format.md.

Run after changing format.py: .venv/bin/python tools/generate_format_files.py
tests/content/test_format_files.py fails while either file is stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.content.format import json_schema, reference_markdown  # noqa: E402

SCHEMA_FILE = ROOT / "questions" / "bank.schema.json"
DOC_FILE = ROOT / "docs" / "bank-format.md"
BEGIN = "<!-- BEGIN GENERATED: field reference (tools/generate_format_files.py) -->"
END = "<!-- END GENERATED -->"


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def doc_text(current: str) -> str:
    head, _, rest = current.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n\n{reference_markdown()}\n{END}{tail}"


def main() -> None:
    SCHEMA_FILE.write_text(schema_text(), encoding="utf-8")
    DOC_FILE.write_text(doc_text(DOC_FILE.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {SCHEMA_FILE.relative_to(ROOT)} and {DOC_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
