"""HTML to plain text, written once for every format that carries HTML (GIFT, Moodle XML).

The game shows plain text, so a question's HTML becomes its readable text: block elements
start new lines, scripts and styles are dropped, entities decoded. What was lost is counted
(tags, formatting tags beyond plain layout, images and other media) so each format can warn
about it in its own words.
"""

from __future__ import annotations

from html.parser import HTMLParser

__all__ = ["BLOCK_TAGS", "LAYOUT_TAGS", "MEDIA_TAGS", "HtmlText", "one_line", "strip_html"]

BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tr",
        "ul",
    }
)
LAYOUT_TAGS = frozenset({"p", "div", "br", "span"})  # removing these loses nothing worth a warning
MEDIA_TAGS = frozenset({"img", "image", "video", "audio", "iframe", "object", "embed", "svg"})


class HtmlText(HTMLParser):
    """The readable text of an HTML fragment, and what had to be dropped to get it.

    With `keep_newlines` false, line breaks in the text itself are spaces (HTML's own rule);
    block elements always break lines.
    """

    def __init__(self, keep_newlines: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.keep_newlines = keep_newlines
        self.parts: list[str] = []
        self.tags = 0  # every tag and comment seen
        self.media = 0  # images, video, audio, embeds
        self.images: list[str] = []  # the src of each <img>
        self.formatting: set[str] = set()  # tags beyond plain layout (b, table, script…)
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags += 1
        if tag in MEDIA_TAGS:
            self.media += 1
        if tag == "img":
            self.images.append(dict(attrs).get("src") or "an <img>")
        elif tag not in LAYOUT_TAGS:
            self.formatting.add(tag)
        if tag in ("script", "style"):
            self._hidden += 1
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self.tags += 1
        if tag in ("script", "style"):
            self._hidden = max(0, self._hidden - 1)
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data if self.keep_newlines else data.replace("\n", " "))

    def handle_comment(self, data: str) -> None:
        self.tags += 1

    def raw(self) -> str:
        """The text as parsed, spacing untouched."""
        return "".join(self.parts)

    def text(self) -> str:
        """The text with spaces collapsed inside each line and blank lines dropped."""
        lines = (" ".join(line.split()) for line in self.raw().split("\n"))
        return "\n".join(line for line in lines if line)


def one_line(text: str) -> str:
    return " ".join(text.split())


def strip_html(text: str) -> str:
    """An HTML fragment as one line of plain text."""
    parser = HtmlText()
    parser.feed(text)
    parser.close()
    return one_line(parser.raw())
