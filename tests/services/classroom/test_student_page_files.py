"""The student page's files, read as text: self-contained (nothing from the internet), text from
the server never treated as HTML, every element the script needs present, and accessible basics
(labels, live regions, language) in place. The browser test checks the behaviour."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

WEB = Path(__file__).resolve().parents[3] / "assets" / "web"
HTML = (WEB / "index.html").read_text(encoding="utf-8")
JS = (WEB / "student.js").read_text(encoding="utf-8")
CSS = (WEB / "student.css").read_text(encoding="utf-8")


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags():
    parser = _Collect()
    parser.feed(HTML)
    return parser.tags


def test_files__load_nothing_from_elsewhere():
    for name, text in (("index.html", HTML), ("student.js", JS), ("student.css", CSS)):
        assert not re.search(r"https?://", text), name
        assert "@import" not in text and "//cdn" not in text, name
    for tag, attrs in tags():
        for key in ("src", "href", "action"):
            value = attrs.get(key) or ""
            assert not value.startswith(("http", "//", "data:")), (tag, value)


def test_script__never_turns_text_into_html():
    for sink in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        "setTimeout('",
        'setTimeout("',
    ):
        assert sink not in JS, sink
    assert "textContent" in JS


def test_script__every_element_it_looks_up_exists():
    ids = {attrs["id"] for _, attrs in tags() if attrs.get("id")}
    wanted = set(re.findall(r"\$\('([A-Za-z0-9_-]+)'\)", JS))
    assert wanted, "the script should look elements up by id"
    assert wanted - ids == set()


def test_page__inputs_have_labels_and_status_is_announced():
    found = tags()
    labelled = {attrs.get("for") for tag, attrs in found if tag == "label"}
    inputs = [attrs["id"] for tag, attrs in found if tag == "input"]
    assert inputs and set(inputs) <= labelled
    live = [
        attrs["id"]
        for _, attrs in found
        if attrs.get("aria-live") or attrs.get("role") in ("status", "alert")
    ]
    assert {"conn", "q-status", "join-error"} <= set(live)
    assert '<html lang="en">' in HTML
    assert 'name="viewport"' in HTML
    assert all(
        tag != "script" or not attrs.get("src", "").startswith("http") for tag, attrs in found
    )
    assert "<script>" not in HTML and " style=" not in HTML and "onclick" not in HTML  # CSP


def test_page__keeps_the_player_token_and_generates_it_securely():
    assert "localStorage" in JS
    body = JS[JS.index("function newToken") : JS.index("function token")]
    assert "crypto.getRandomValues" in body and "Math.random" not in body


def test_styles__buttons_and_inputs_are_large_touch_targets():
    for selector in ("button {", 'input[type="text"], input[type="number"] {'):
        rule = CSS[CSS.index(selector) :]
        rule = rule[: rule.index("}")]
        assert re.search(r"min-height:\s*3\.25rem", rule), selector  # 52 px at 16 px/rem
