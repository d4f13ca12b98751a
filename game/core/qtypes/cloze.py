"""`cloze`: fill in the blanks. The prompt is a sentence with one or more gaps, each written
`___` (three or more underscores); `gaps:` lists, in the same order, each gap's accepted answers
and, for a drop-down gap, the words offered. Each gap right earns its share of the points.

Typed gaps are matched as `text` answers are (game.core.text_match: case, accents, punctuation
and a leading article ignored; small slips forgiven unless `fuzzy: false`). A drop-down gap
counts only an accepted answer chosen exactly. The phone gets each drop-down's words in
alphabetical order, so their order never hints at the key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from game.core.model import Gap, Question, QuestionType
from game.core.qtypes.base import Checks, QType, Response
from game.core.qtypes.choice_base import MAX_CHOICES
from game.core.qtypes.fields import Field, Kind
from game.core.qtypes.text import FUZZY, check_accepted
from game.core.text_match import answer_key, match_accepted, match_key, normalize_text

__all__ = ["GAP", "GAP_MAX", "MAX_GAPS", "TYPE", "Cloze", "gap_right", "numbered_prompt"]

GAP = re.compile(r"_{3,}")  # how a gap is written in the prompt
GAP_MAX = 100  # characters one typed gap keeps
MAX_GAPS = 9
EMPTY = "—"  # a gap left empty, in reports and reviews

GAP_FIELDS = (
    Field(
        "accept",
        Kind.TEXT_LIST,
        "Accepted answers for this gap; the first is shown as right.",
        required=True,
        min_items=1,
    ),
    Field(
        "options",
        Kind.TEXT_LIST,
        "Makes the gap a drop-down offering these words (in alphabetical order); they must "
        "include every accepted answer. Without `options` the gap is typed.",
        min_items=2,
        max_items=MAX_CHOICES,
    ),
)


def numbered_prompt(q: Question) -> str:
    """The prompt with each gap numbered as the inputs name it: "… by the (1) ____ …". A
    no-break space joins each number to its blank, so no screen wraps "(2)" apart from it."""
    count = iter(range(1, len(q.gaps) + 1))
    return GAP.sub(lambda _: f"({next(count, '?')})\u00a0_____", q.prompt)


def gap_right(q: Question, index: int, given: str) -> bool:
    gap = q.gaps[index]
    if gap.options:
        return given in gap.accept
    return match_accepted(gap.accept, q.fuzzy, given) is not None


def sorted_options(gap: Gap) -> list[str]:
    return sorted(gap.options, key=lambda o: (o.casefold(), o))


class Cloze(QType):
    name: ClassVar[QuestionType] = QuestionType.CLOZE
    summary: ClassVar[str] = (
        "Fill in the blanks: a sentence with gaps written `___`, each typed or chosen from a "
        "drop-down; each gap right earns its share."
    )
    fields: ClassVar[tuple[Field, ...]] = (
        Field(
            "gaps",
            Kind.ENTRIES,
            "One entry per `___` in the prompt, in the same order.",
            required=True,
            min_items=1,
            max_items=MAX_GAPS,
            entries=GAP_FIELDS,
        ),
        FUZZY,
    )
    time_limit: ClassVar[float] = 45
    blank_problem: ClassVar[str] = "Fill in at least one gap first"

    def check(self, c: Checks, values: dict[str, Any]) -> dict[str, Any] | None:
        entries = values.get("gaps")
        prompt = values.get("prompt")
        if entries is None or prompt is None:
            return None
        written = len(GAP.findall(prompt))
        if written != len(entries):
            c.error(
                "cloze-gaps",
                f"the prompt has {written} gap{'s' if written != 1 else ''} (`___`) but `gaps` "
                f"lists {len(entries)}",
                ("prompt",),
                "write `___` in the prompt where each gap goes, one per entry of `gaps`, in order",
            )
            return None
        gaps = []
        ok = True
        for index, entry in enumerate(entries):
            at = ("gaps", index)
            accept: tuple[str, ...] = entry["accept"]
            options: tuple[str, ...] = entry.get("options", ())
            if not check_accepted(c, accept, (*at, "accept"), f"gap {index + 1}: accepted answer"):
                ok = False
                continue
            if options:
                if not c.distinct(options, (*at, "options"), f"gap {index + 1}: option"):
                    ok = False
                    continue
                for k, answer in enumerate(accept):
                    if answer not in options:
                        c.error(
                            "cloze-option",
                            f"gap {index + 1}: accepted answer {answer!r} is not one of its "
                            "`options`",
                            (*at, "accept", k),
                            "add it to `options` exactly as written, or remove `options` to "
                            "make the gap typed",
                        )
                        ok = False
                if len(accept) == len(options):
                    c.warn(
                        "all-correct",
                        f"gap {index + 1}: every option is accepted",
                        (*at, "options"),
                        "add at least one wrong option",
                    )
            gaps.append(Gap(accept, options))
        if not ok:
            return None
        return {"gaps": tuple(gaps), "fuzzy": values.get("fuzzy", True)}

    def to_data(self, q: Question) -> dict[str, Any]:
        gaps: list[dict[str, Any]] = []
        for gap in q.gaps:
            entry: dict[str, Any] = {"accept": list(gap.accept)}
            if gap.options:
                entry["options"] = list(gap.options)
            gaps.append(entry)
        data: dict[str, Any] = {"gaps": gaps}
        if not q.fuzzy:
            data["fuzzy"] = False
        return data

    def decode(self, q: Question, value: Any) -> Response:
        if (
            not isinstance(value, list)
            or len(value) != len(q.gaps)
            or not all(isinstance(v, str) for v in value)
        ):
            return None
        return tuple(v[:GAP_MAX] for v in value)

    def is_blank(self, q: Question, response: Response) -> bool:
        if response is None:
            return True
        return isinstance(response, tuple) and not any(
            isinstance(v, str) and answer_key(v) for v in response
        )

    def credit(self, q: Question, response: Response) -> float:
        if (
            not isinstance(response, tuple)
            or len(response) != len(q.gaps)
            or not all(isinstance(v, str) for v in response)
        ):
            return 0.0
        right = sum(gap_right(q, i, str(given)) for i, given in enumerate(response))
        return right / len(q.gaps)

    def answer_text(self, q: Question) -> str:
        if len(q.gaps) == 1:
            return q.gaps[0].accept[0]
        return "; ".join(f"({i + 1}) {gap.accept[0]}" for i, gap in enumerate(q.gaps))

    def key_text(self, q: Question, shown: Sequence[int] = ()) -> str:
        return "; ".join(f"({i + 1}) {' / '.join(gap.accept)}" for i, gap in enumerate(q.gaps))

    def describe(self, q: Question, response: Response, shown: Sequence[int] = ()) -> str:
        """Each gap as typed; a gap forgiven a small slip adds its right spelling, so a report
        or review never shows "fentanil" as right without "fentanyl" beside it."""
        given = response if isinstance(response, tuple) else ()
        spelled = {i: accepted for i, _, accepted in self.spelled(q, response)}
        return "; ".join(
            f"({i + 1}) {str(v).strip() or EMPTY}"
            + (f" (right spelling: {spelled[i]})" if i in spelled else "")
            for i, v in enumerate(given)
        )

    def own_answer(self, q: Question, response: Response, shown: Sequence[int] = ()) -> str:
        """As typed, nothing more: the page hears it before the reveal, so it never says
        which gap was right."""
        given = response if isinstance(response, tuple) else ()
        return "; ".join(f"({i + 1}) {str(v).strip() or EMPTY}" for i, v in enumerate(given))

    def spelled(self, q: Question, response: Response) -> tuple[tuple[int, str, str], ...]:
        """Typed gaps accepted despite a slip; a drop-down gap counts only exact words. (A
        saved record holds its gaps as a list: read the same.)"""
        if not isinstance(response, (tuple, list)) or len(response) != len(q.gaps):
            return ()
        found = []
        for index, (gap, given) in enumerate(zip(q.gaps, response, strict=True)):
            if gap.options or not isinstance(given, str):
                continue
            match = match_accepted(gap.accept, q.fuzzy, given)
            if match is not None and not match.exact:
                found.append((index, given.strip(), match.accepted))
        return tuple(found)

    def shown_prompt(self, q: Question) -> str:
        return numbered_prompt(q)

    def spoken_prompt(self, q: Question) -> str:
        count = iter(range(1, len(q.gaps) + 1))
        return GAP.sub(lambda _: f"gap {next(count, '')}", q.prompt)

    def example(self) -> Question:
        return Question(
            id="example-cloze",
            type=QuestionType.CLOZE,
            topic="Designation and findings",
            difficulty=1,
            prompt="The order designates illicit ___ and its core precursor chemicals as "
            "Weapons of ___, and directs the ___ to pursue prosecutions.",
            explanation="Section 1 names illicit fentanyl and its core precursor chemicals; "
            "Section 2 gives the Attorney General the prosecutions.",
            gaps=(
                Gap(("fentanyl",)),
                Gap(
                    ("Mass Destruction",),
                    ("Mass Destruction", "Mass Disruption", "Strategic Concern"),
                ),
                Gap(("Attorney General", "AG")),
            ),
        )

    def wire(
        self,
        q: Question,
        choice_order: Sequence[int] | None,
        right_order: Sequence[int] | None,
        ids: Sequence[int] | None,
        right_ids: Sequence[int] | None,
    ) -> dict[str, Any]:
        return {
            "gaps": [
                {"options": sorted_options(gap)} if gap.options else {"max_length": GAP_MAX}
                for gap in q.gaps
            ]
        }

    report_label: ClassVar[str] = "cloze"
    new_entries: ClassVar[str] = "Accepted answers of each gap, in order (alternatives: a | b)"

    def room_note(self, q: Question) -> str:
        return "Fill in the gaps on your device"

    def snapshot(self, q: Question) -> dict[str, Any]:
        return {
            "gaps": [{"accept": list(g.accept), "options": list(g.options)} for g in q.gaps],
            "fuzzy": q.fuzzy,
        }

    def from_snapshot(self, data: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "gaps": tuple(
                Gap(tuple(str(a) for a in g["accept"]), tuple(str(o) for o in g["options"]))
                for g in data.get("gaps", ())
            ),
            "fuzzy": bool(data.get("fuzzy", True)),
        }

    def from_new(self, entries: list[str], answer: Any) -> dict[str, Any]:
        # one line per gap, typed (a drop-down's options are written in the bank file)
        return {
            "gaps": [
                {"accept": [a.strip() for a in line.split("|") if a.strip()]} for line in entries
            ]
        }

    answered_in_parts: ClassVar[bool] = True

    def wrong_parts(self, q: Question, response: Response) -> tuple[tuple[int, str, str], ...]:
        """For the reveal's "most common wrong answers", one entry per filled gap the grader
        did not accept: (gap index, what groups equal answers, how the answer is shown). Grouped
        as typed gaps are graded; shown folded (student text: no case, accents or marks)."""
        if not isinstance(response, tuple) or len(response) != len(q.gaps):
            return ()
        wrong = []
        for index, given in enumerate(response):
            if not isinstance(given, str) or gap_right(q, index, given):
                continue
            key, shown = match_key(given), normalize_text(given)
            if key and shown:
                wrong.append((index, key, shown))
        return tuple(wrong)


TYPE = Cloze()
