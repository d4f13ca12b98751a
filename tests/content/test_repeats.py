"""No two shipped questions may test the same fact: no round may show a student a near-copy.

Each question is reduced to the words of its prompt and of what it asks for (the right choices;
every choice of a poll; all items, pairs or the first accepted answer), folded to lower case,
stop words dropped and simple plural/tense endings cut. Two questions are compared by the overlap of
those word sets, each word weighted by how rare it is across all shipped questions (so "order" and
"fentanyl", which are everywhere, count for little). A pair is flagged when both

- the weighted Jaccard index (shared / all words) is at least JACCARD, and
- the weighted overlap (shared / words of the shorter question) is at least OVERLAP.

The thresholds were calibrated on the repeats an audit found (legal-020/trade-028,
agency-017/civics-028, agency-009/legal-012, agency-015/order-008 and the two polls asked three
times: security vs. health, Congress vs. President): all ten pairs scored at or above
Jaccard 0.29 and overlap 0.47, while pairs that only share a topic scored lower. Polls are compared
only with polls, graded questions only with graded ones.
"""

from __future__ import annotations

import itertools
import math
import re

from game.core.model import Question, QuestionType
from tests.content.test_shipped_banks import QUESTIONS_ALL

JACCARD = 0.28
OVERLAP = 0.45

# Pairs that score above the thresholds but test different facts. Keep this list short; each
# entry says why both questions stay.
EXCEPTIONS: dict[frozenset[str], str] = {
    frozenset({"agency-004", "agency-025"}): "both read Sec. 2(d), but one asks whom the Secretary "
    "of War consults, the other what kind of incidents the directives cover",
    frozenset({"agency-010", "agency-024"}): "one asks which offices Sec. 2 names at all, the "
    "other which single office appears in both 2(a) and 2(c)",
    frozenset({"agency-011", "agency-021"}): "one asks which agencies the order leaves unnamed, "
    "the other which Cabinet department each agency belongs to",
    frozenset({"agency-024", "agency-027"}): "one asks which office two paragraphs share, the "
    "other how many different offices Sec. 2 names",
    frozenset({"agency-012", "read-030"}): "one asks which tools Sec. 2(a) lists, the other quotes "
    "the fact sheet's summary of 2(a) and asks which qualifier it drops",
}

_STOP_TEXT = """a about after all an and any apply are as at be before by can could did do does
each for from had has have how i in into is it its many much no not of on one or select should
than that the their them these they this those to under was were what which who whom with would
you your"""
_STOP = frozenset(_STOP_TEXT.split())


def _stem(word: str) -> str:
    for ending in ("ing", "ed", "es", "s"):
        if len(word) > 4 and word.endswith(ending):
            return word[: -len(ending)]
    return word


def words(text: str) -> frozenset[str]:
    return frozenset(
        _stem(w) for w in re.findall(r"[a-z0-9]+", text.casefold()) if w not in _STOP and len(w) > 1
    )


def asked(q: Question) -> str:
    """The prompt plus what the question asks a student to produce."""
    if q.type is QuestionType.POLL:
        parts = list(q.choices)
    elif q.choices:
        parts = [q.choices[i] for i in q.correct]
    elif q.items:
        parts = list(q.items)
    elif q.pairs:
        parts = [f"{left} {right}" for left, right in q.pairs]
    elif q.accept:
        parts = [q.accept[0]]
    else:
        parts = []
    return " ".join([q.prompt, *parts])


def similar_pairs(questions: list[Question]) -> list[tuple[str, str, float, float]]:
    sets = {q.id: words(asked(q)) for q in questions}
    df: dict[str, int] = {}
    for s in sets.values():
        for w in s:
            df[w] = df.get(w, 0) + 1
    idf = {w: math.log(len(questions) / n) for w, n in df.items()}

    def weight(s: frozenset[str]) -> float:
        return sum(idf[w] for w in s)

    found = []
    for a, b in itertools.combinations(questions, 2):
        if (a.type is QuestionType.POLL) != (b.type is QuestionType.POLL):
            continue
        sa, sb = sets[a.id], sets[b.id]
        shared = weight(sa & sb)
        smaller = min(weight(sa), weight(sb))
        if not shared or not smaller:
            continue
        jaccard, overlap = shared / weight(sa | sb), shared / smaller
        if jaccard >= JACCARD and overlap >= OVERLAP:
            found.append((a.id, b.id, round(jaccard, 2), round(overlap, 2)))
    return found


def test_no_two_questions_are_near_copies():
    flagged = [p for p in similar_pairs(QUESTIONS_ALL) if frozenset(p[:2]) not in EXCEPTIONS]
    assert flagged == []


def test_every_exception_is_still_needed_and_explained():
    pairs = {frozenset(p[:2]) for p in similar_pairs(QUESTIONS_ALL)}
    assert [sorted(k) for k in EXCEPTIONS if k not in pairs] == []
    assert all(len(reason) > 20 for reason in EXCEPTIONS.values())


def _q(qid: str, prompt: str, answer: bool) -> Question:
    return Question(qid, QuestionType.TRUE_FALSE, "t", 1, prompt, truth=answer)


def test_the_measure__flags_a_reworded_copy_and_passes_a_different_fact():
    questions = [
        _q(
            "a",
            "Mexico's president said fentanyl also has legal medical uses as an anesthetic.",
            True,
        ),
        _q(
            "b",
            "Responding to the order, Mexico's president noted fentanyl has legal uses, "
            "such as an anesthetic.",
            True,
        ),
        _q("c", "Section 4(d) says the Department of Justice pays for publishing the order.", True),
        _q("d", "The Controlled Substances Act places fentanyl in Schedule II.", True),
    ]
    assert [p[:2] for p in similar_pairs(questions)] == [("a", "b")]
