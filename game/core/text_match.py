"""How a typed answer is compared with the accepted ones, for every type that takes typing.

Typed answers ignore case, accents, punctuation, spacing and a leading article ("the Congress" =
"Congress"), and forgive small slips in longer words: at most 1 edit for an accepted answer of
5–8 letters, 2 for longer ones — never where digits are involved, nor where the author set
`fuzzy: false`. The solo game and the classroom grade with this same rule; `text` questions use
it for their one answer and `cloze` questions for each gap. (game.core.answers re-exports it.)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "ARTICLES",
    "TextMatch",
    "allowed_edits",
    "answer_key",
    "match_accepted",
    "match_key",
    "normalize_text",
]


def normalize_text(text: str) -> str:
    """Fold a typed answer so that case, accents, punctuation and spacing don't matter."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = []
    for ch in decomposed:
        if unicodedata.combining(ch):
            continue
        kept.append(ch if ch.isalnum() else " ")
    return " ".join("".join(kept).split())


def answer_key(text: str) -> str:
    """What typed answers are compared by: `normalize_text` without spaces, so "A.G." = "AG"."""
    return normalize_text(text).replace(" ", "")


ARTICLES = frozenset({"the", "a", "an"})


def match_key(text: str) -> str:
    """What typed answers are graded by: `answer_key` after dropping a leading article."""
    words = normalize_text(text).split(" ")
    if len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    return "".join(words)


def allowed_edits(key: str) -> int:
    """How many slips (insert, delete or change a letter) an accepted answer forgives."""
    if any(ch.isdigit() for ch in key):
        return 0  # "1970" is not "1907": numbers must be exact
    letters = len(key)
    return 0 if letters < 5 else 1 if letters <= 8 else 2


@dataclass(frozen=True)
class TextMatch:
    """Which accepted answer a typed one matched; `exact` False: a small slip was forgiven."""

    accepted: str
    exact: bool


def match_accepted(accept: Sequence[str], fuzzy: bool, typed: str) -> TextMatch | None:
    """The accepted answer that `typed` matches (exactly first, else the closest slip)."""
    key = match_key(typed)
    if not key:
        return None
    keys = [(accepted, match_key(accepted)) for accepted in accept]
    typed_keys = {key, answer_key(typed)}  # "a.g." is "AG", not "g" without its article
    for accepted, accepted_key in keys:
        if typed_keys & {accepted_key, answer_key(accepted)}:
            return TextMatch(accepted, True)
    if not fuzzy or any(ch.isdigit() for ch in key):
        return None
    # Imported here: only a typed answer that missed needs it, so validating banks, the
    # authoring tools and the classroom server start without it.
    from rapidfuzz.distance import Levenshtein

    best: tuple[int, str] | None = None
    for accepted, accepted_key in keys:
        limit = allowed_edits(accepted_key)
        if limit:
            distance = Levenshtein.distance(key, accepted_key, score_cutoff=limit)
            if distance <= limit and (best is None or distance < best[0]):
                best = (distance, accepted)
    return TextMatch(best[1], False) if best else None
