"""The question-bank model: what a bank, a source and a question are, as plain frozen data.

Everything else (the loader, the game screens, the classroom server, the exporters) passes these
values around; none of them may change one. A bank file on disk becomes a `Bank` only through
`game.content`, which guarantees every invariant documented here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

__all__ = [
    "Bank",
    "GRADED_TYPES",
    "ImageFile",
    "Gap",
    "NumericAnswer",
    "Passage",
    "Question",
    "QuestionType",
    "Source",
    "SourceKind",
    "SourceRef",
]


class QuestionType(StrEnum):
    """The kinds of question a bank may hold; the value is what authors write in `type:`. Each
    one's rules live in its module of game.core.qtypes (docs/question-types.md)."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"
    ORDER = "order"
    MATCH = "match"
    TEXT = "text"
    NUMERIC = "numeric"
    POLL = "poll"
    CLOZE = "cloze"


GRADED_TYPES = frozenset(QuestionType) - {QuestionType.POLL}
CITATION_LIMIT = 260  # characters of sources the feedback panel shows in full


class SourceKind(StrEnum):
    """What kind of document a source is, so a reader can weigh it: an opinion column's headline
    is not a finding. The value is what authors write in `kind:`."""

    PRIMARY = "primary"  # the text itself: order, statute, court opinion, Federal Register notice
    OFFICIAL = "official"  # a government's own summary or statement of its claims (fact sheet)
    NEWS = "news"  # a news report
    ANALYSIS = "analysis"  # legal or policy analysis: research service, law firm, think tank
    OPINION = "opinion"  # a signed opinion column or commentary
    ADVOCACY = "advocacy"  # a campaign or interest group's own document
    REFERENCE = "reference"  # an encyclopedia or other tertiary summary

    @property
    def label(self) -> str:
        """How the kind reads next to a citation."""
        return _KIND_LABELS[self]


_KIND_LABELS = {
    SourceKind.PRIMARY: "primary text",
    SourceKind.OFFICIAL: "official statement",
    SourceKind.NEWS: "news",
    SourceKind.ANALYSIS: "analysis",
    SourceKind.OPINION: "opinion",
    SourceKind.ADVOCACY: "advocacy",
    SourceKind.REFERENCE: "reference work",
}


@dataclass(frozen=True)
class Source:
    """A public source a bank declares once and its questions cite by `id`."""

    id: str
    title: str
    publisher: str | None = None
    url: str | None = None
    date: date | None = None
    note: str | None = None
    kind: SourceKind | None = None


@dataclass(frozen=True)
class SourceRef:
    """Where a question's facts come from: a declared source plus a place in it ("Sec. 2(c)")."""

    source: Source
    locator: str

    def label(self) -> str:
        """Short human form for the feedback screen, e.g. "Designating Fentanyl…, Sec. 2(c)"."""
        return f"{self.source.title}, {self.locator}" if self.locator else self.source.title

    def short_label(self) -> str:
        """Kind, publisher (or the title cut to a few words) and locator: for a crowded line."""
        name = self.source.publisher or self.source.title
        if len(name) > 40:
            name = name[:38].rsplit(" ", 1)[0] + "…"
        kind = f"[{self.source.kind.label}] " if self.source.kind else ""
        return f"{kind}{name}, {self.locator}" if self.locator else f"{kind}{name}"

    def label_with_kind(self) -> str:
        """The label preceded by the source's kind: "[opinion] Trump Has No Authority…, para. 1"."""
        kind = self.source.kind
        return f"[{kind.label}] {self.label()}" if kind else self.label()


@dataclass(frozen=True)
class Passage:
    """An excerpt of a source that a group of questions read (a document-based question)."""

    id: str
    text: str
    sources: tuple[SourceRef, ...]

    def citation_line(self) -> str:
        """Where the excerpt comes from, as shown under it."""
        return "; ".join(ref.label_with_kind() for ref in self.sources)


@dataclass(frozen=True)
class ImageFile:
    """The picture file a question's `image:` names, as the loader found it: where it is and
    what it holds. The SHA-256 of its bytes is the picture's identity: a classroom session
    keeps it, so a resume or a replay never shows a picture that changed since (it shows the
    alt text instead)."""

    path: str = field(compare=False)  # absolute path on this computer (not its identity)
    sha256: str  # hex digest of the file's bytes
    media_type: str  # "image/png", "image/jpeg", "image/gif" or "image/webp"
    width: int  # pixels
    height: int


@dataclass(frozen=True)
class NumericAnswer:
    """Accepted numbers: the closed interval [low, high]; `value` is the one shown as right."""

    value: float
    low: float
    high: float
    unit: str | None = None

    def accepts(self, number: float) -> bool:
        return self.low <= number <= self.high


@dataclass(frozen=True)
class Gap:
    """One gap of a cloze question: its accepted answers (the first is shown as right) and, for
    a drop-down gap, the words offered; a typed gap has no `options`."""

    accept: tuple[str, ...]
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    """One question. Only the fields of its `type` are filled; the rest keep their empty default.

    Indices are 0-based here (authors write 1-based numbers; the loader converts them).
    - single/multiple/poll: `choices`; `correct` holds the right indices (empty for poll).
    - true_false: `truth`.
    - order: `items` in the correct order.
    - match: `pairs` of (left, right) that belong together.
    - text: `accept`, the accepted answers, the first being the one shown as right.
    - numeric: `numeric`.
    - cloze: `gaps`, one per gap written `___` in the prompt, in order (`fuzzy` for typed gaps).
    """

    id: str
    type: QuestionType
    topic: str
    difficulty: int
    prompt: str
    bank_id: str = ""
    short_prompt: str | None = None  # the author's shorter wording, for length-limited exports
    explanation: str = ""
    source: SourceRef | None = None  # the first (main) citation
    more_sources: tuple[SourceRef, ...] = ()  # further citations, each with its own locator
    passage: Passage | None = None  # the excerpt the question is about, shown with it
    tags: tuple[str, ...] = ()
    time_limit: float | None = None
    points: int | None = None
    image: str | None = None  # the picture's path as written, relative to the bank file
    image_alt: str | None = None  # what the picture shows, in words (required with `image`)
    image_file: ImageFile | None = None  # the checked file (None: missing or unusable)
    valid_as_of: date | None = None
    choices: tuple[str, ...] = ()
    correct: tuple[int, ...] = ()
    short_choices: tuple[str, ...] = ()  # single/multiple: the author's shorter choices, or ()
    partial_credit: bool = False
    shuffle: bool = True
    truth: bool | None = None
    items: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    accept: tuple[str, ...] = ()
    fuzzy: bool = True  # text: forgive small spelling slips (see answers.match_text)
    numeric: NumericAnswer | None = None
    gaps: tuple[Gap, ...] = ()

    @property
    def graded(self) -> bool:
        return self.type in GRADED_TYPES

    @property
    def shows_image(self) -> bool:
        """Whether the question has a picture to show (with the words for it). A session saved
        before pictures were shown kept the path without alt text: it shows none, as asked."""
        return bool(self.image and self.image_alt)

    @property
    def citations(self) -> tuple[SourceRef, ...]:
        """Every citation, the main one first."""
        return ((self.source,) if self.source else ()) + self.more_sources

    def citation_line(self, limit: int = CITATION_LIMIT) -> str:
        """The feedback screen's source line: each citation with its kind, or "" if none.

        A screen has room for about `limit` characters: past that, the further citations are
        named by publisher (or a shortened title), and past that again only counted."""
        refs = self.citations
        if not refs:
            return ""
        head = "Source: " if len(refs) == 1 else "Sources: "
        full = head + "; ".join(ref.label_with_kind() for ref in refs)
        if len(full) <= limit:
            return full
        short = head + "; ".join([refs[0].label_with_kind(), *(r.short_label() for r in refs[1:])])
        if len(short) <= limit:
            return short
        return f"{head}{refs[0].label_with_kind()}; and {len(refs) - 1} more"


@dataclass(frozen=True)
class Bank:
    """A bank file's metadata and its questions, in file order."""

    id: str
    title: str
    questions: tuple[Question, ...]
    description: str = ""
    language: str = "en"
    version: str = "1"
    authors: tuple[str, ...] = ()
    license: str | None = None
    sources: tuple[Source, ...] = ()
    path: str = ""
    passages: tuple[Passage, ...] = ()

    def topics(self) -> tuple[str, ...]:
        """Topics in order of first appearance."""
        return tuple(dict.fromkeys(q.topic for q in self.questions))
