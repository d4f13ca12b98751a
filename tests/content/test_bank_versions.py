"""A shipped bank that changes says so in its `version`.

Reports and resumed sessions record the bank version a question came from
(`game.core.snapshot`), and docs/authoring.md asks authors to bump `version` when they change
questions. This keeps us honest about our own banks: each shipped bank's text (without its
version line) is fingerprinted in `bank_versions.json`; a change with the same version fails.
After a real change, bump the bank's `version` and refresh the file:

    python -m tests.content.test_bank_versions
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BANKS = ROOT / "questions"
LOCK = Path(__file__).with_name("bank_versions.json")
VERSION_LINE = re.compile(r"^  version: *(\S+) *$", re.MULTILINE)


def fingerprint(path: Path) -> tuple[str, str]:
    """The bank's version and a hash of everything else in the file."""
    text = path.read_text(encoding="utf-8")
    found = VERSION_LINE.search(text)
    assert found, f"{path.name}: no `  version:` line under `bank:`"
    rest = VERSION_LINE.sub("", text, count=1)
    return found.group(1), hashlib.sha256(rest.encode("utf-8")).hexdigest()


def current() -> dict[str, dict[str, str]]:
    return {
        path.name: dict(zip(("version", "sha256"), fingerprint(path), strict=True))
        for path in sorted(BANKS.glob("*.yaml"))
    }


def test_a_changed_bank_has_a_new_version() -> None:
    recorded = json.loads(LOCK.read_text(encoding="utf-8"))
    for name, now in current().items():
        before = recorded.get(name)
        if before is None or before["sha256"] == now["sha256"]:
            continue
        assert now["version"] != before["version"], (
            f"questions/{name} changed but its version is still {now['version']}: bump "
            "`version` under `bank:`, then run `python -m tests.content.test_bank_versions`"
        )


def test_every_shipped_bank_is_recorded() -> None:
    recorded = json.loads(LOCK.read_text(encoding="utf-8"))
    assert sorted(recorded) == sorted(current()), (
        "run `python -m tests.content.test_bank_versions` to record new or removed banks"
    )


if __name__ == "__main__":
    LOCK.write_text(json.dumps(current(), indent=2) + "\n", encoding="utf-8")
    sys.stdout.write(f"recorded {len(current())} banks in {LOCK.relative_to(ROOT)}\n")
