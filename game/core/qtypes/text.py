"""`text`: a short typed answer with accepted variants (graded by game.core.text_match)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from game.core.model import Question, QuestionType
from game.core.qtypes.base import Checks, QType, Response
from game.core.qtypes.fields import Field, Kind
from game.core.text_match import answer_key, match_accepted, match_key, normalize_text

TEXT_MAX = 500  # characters a typed answer keeps (the phone's box allows as many)

FUZZY = Field(
    "fuzzy",
    Kind.BOOL,
    "`false` accepts only exact matches. By default (`true`) small spelling slips are "
    "forgiven: 1 for answers of 5–8 letters, 2 for longer ones, none where digits are "
    "involved; a leading article (the, a, an) is always ignored.",
)


def check_accepted(
    c: Checks, accept: tuple[str, ...], at: tuple[str | int, ...], what: str = "accepted answer"
) -> bool:
    """Each accepted answer has letters or digits; one that types the same as another warns."""
    seen: dict[str, int] = {}
    for index, text in enumerate(accept):
        key = answer_key(text)
        if not key:
            c.error("empty", f"{what} {index + 1} has no letters or digits", (*at, index))
            return False
        if key in seen:
            c.warn(
                "duplicate-accept",
                f"{what} {index + 1} matches the same typed text as answer {seen[key] + 1}",
                (*at, index),
                "matching ignores case, accents, punctuation and spaces; remove it",
            )
        seen.setdefault(key, index)
    return True


class Text(QType):
    name: ClassVar[QuestionType] = QuestionType.TEXT
    summary: ClassVar[str] = "A short typed answer with accepted variants."
    fields: ClassVar[tuple[Field, ...]] = (
        Field(
            "accept",
            Kind.TEXT_LIST,
            "Accepted answers; the first is shown as the answer. "
            "Case, accents, punctuation and extra spaces are ignored when matching.",
            required=True,
            min_items=1,
        ),
        FUZZY,
    )
    time_limit: ClassVar[float] = 30
    blank_problem: ClassVar[str] = "Type an answer first"

    def check(self, c: Checks, values: dict[str, Any]) -> dict[str, Any] | None:
        accept = values.get("accept")
        if accept is None or not check_accepted(c, accept, ("accept",)):
            return None
        return {"accept": accept, "fuzzy": values.get("fuzzy", True)}

    def to_data(self, q: Question) -> dict[str, Any]:
        data: dict[str, Any] = {"accept": list(q.accept)}
        if not q.fuzzy:
            data["fuzzy"] = False
        return data

    def decode(self, q: Question, value: Any) -> Response:
        return value[:TEXT_MAX] if isinstance(value, str) else None

    def is_blank(self, q: Question, response: Response) -> bool:
        if response is None:
            return True
        return isinstance(response, str) and not answer_key(response)

    def credit(self, q: Question, response: Response) -> float:
        if not isinstance(response, str):
            return 0.0
        return 1.0 if match_accepted(q.accept, q.fuzzy, response) is not None else 0.0

    def answer_text(self, q: Question) -> str:
        return q.accept[0]

    def key_text(self, q: Question, shown: Any = ()) -> str:
        return " / ".join(q.accept)

    def wrong_group(self, q: Question, response: Response) -> tuple[str, str] | None:
        key = answer_key(str(response))
        return (key, normalize_text(str(response))) if key else None

    def wire(
        self,
        q: Question,
        choice_order: Any,
        right_order: Any,
        ids: Any,
        right_ids: Any,
    ) -> dict[str, Any]:
        return {"max_length": TEXT_MAX}

    report_label: ClassVar[str] = "typed answer"
    new_entries: ClassVar[str] = "Accepted answers"

    def typed_group(self, q: Question, response: Response) -> tuple[str, str] | None:
        return match_key(str(response)), normalize_text(str(response))

    def spelled(self, q: Question, response: Response) -> tuple[tuple[int, str, str], ...]:
        if not isinstance(response, str):
            return ()
        found = match_accepted(q.accept, q.fuzzy, response)
        if found is None or found.exact:
            return ()
        return ((0, response.strip(), found.accepted),)

    def from_new(self, entries: list[str], answer: Any) -> dict[str, Any]:
        return {"accept": entries or [str(answer)]}

    def snapshot(self, q: Question) -> dict[str, Any]:
        return {"accept": list(q.accept), "fuzzy": q.fuzzy}

    def from_snapshot(self, data: Mapping[str, Any]) -> dict[str, Any]:
        return {"accept": tuple(data["accept"]), "fuzzy": bool(data.get("fuzzy", True))}


TYPE = Text()
