"""The student-paced page module and its style sheet, read as text: self-contained (nothing from
the internet) and never turning text from the server into HTML, like student.js."""

from __future__ import annotations

import re
from pathlib import Path

WEB = Path(__file__).resolve().parents[3] / "assets" / "web"
JS = (WEB / "paced.js").read_text(encoding="utf-8")
CSS = (WEB / "paced.css").read_text(encoding="utf-8")


def test_paced_files__load_nothing_from_elsewhere():
    for name, text in (("paced.js", JS), ("paced.css", CSS)):
        assert not re.search(r"https?://", text), name
        assert "@import" not in text and "//cdn" not in text, name


def test_paced_script__never_turns_text_into_html():
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                 "new Function", "setTimeout('", 'setTimeout("'):  # fmt: skip
        assert sink not in JS, sink
    assert "textContent" in JS or "el(" in JS


def test_the_live_page_loads_the_paced_module_only_through_its_hook():
    student = (WEB / "student.js").read_text(encoding="utf-8")
    assert "import { installPaced } from './paced.js';" in student
    assert student.count("installPaced(") == 1  # called once, only when data-wire is 2
