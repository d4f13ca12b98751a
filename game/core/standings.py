"""Places in a class, told kindly: shared ranks for ties, a projector ranking that never shows
the bottom of the class, and the words a student's phone uses for their own place.

- **Shared ranks** ("standard competition ranking"): equal scores share a place and the next
  place is skipped — 1, 2, 2, 4.
- **What the projector shows**: the top `size` places (5 unless the teacher chose otherwise),
  and never more than half the class (rounded up), so the last places are never on the wall;
  students tied at the cut are shown together or not at all (so a class where hundreds tie
  does not fill the wall, or every phone's podium).
- **What the projector says about the rest**: "Top 2 of 3 players", so a student left off the
  wall (the bottom of the class, a student who scored nothing) is counted, never silently
  dropped; each of them has a place, last for 0 points, on their own device and in the report.
- **Words for one student**: "You're 3rd" and how far the next place up is
  ("1,118 points behind Ana"), never how many are below.

Pure: no I/O, no clock, no randomness.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from game.core.session import ClassPlayer, leaderboard

__all__ = [
    "DEFAULT_SHOWN",
    "all_standings",
    "Standing",
    "on_the_projector",
    "projector_note",
    "ordinal",
    "ranked",
    "shared_ranks",
    "standing_of",
    "standing_text",
]

DEFAULT_SHOWN = 5  # places on the projector's final ranking unless the teacher chose otherwise


def shared_ranks(scores: Sequence[int]) -> list[int]:
    """The place of each score in `scores` (any order): 1 + how many scored more."""
    place: dict[int, int] = {}
    for i, score in enumerate(sorted(scores, reverse=True)):
        place.setdefault(score, i + 1)
    return [place[score] for score in scores]


def ranked(players: Mapping[int, ClassPlayer]) -> list[tuple[int, ClassPlayer]]:
    """(shared rank, player) in leaderboard order (score, then nickname)."""
    order = leaderboard(players)
    ranks = shared_ranks([p.score for p in order])
    return list(zip(ranks, order, strict=True))


def on_the_projector(
    players: Mapping[int, ClassPlayer], size: int = DEFAULT_SHOWN
) -> list[tuple[int, ClassPlayer]]:
    """The (rank, player) rows the projector may show: places 1…`size`, at most half the class
    (rounded up). A tie at the cut is shown whole, or left out whole when that would pass half
    the class or twice `size`; when everyone in view is tied for first, the first `size` of
    them by name."""
    rows = ranked(players)
    if not rows:
        return []
    half = -(-len(rows) // 2)
    limit = max(1, min(size, half))
    shown = [row for row in rows if row[0] <= limit]
    if len(shown) > min(half, 2 * limit):  # the tied group at the cut passes what may show
        cut = shown[-1][0]
        shown = [row for row in shown if row[0] < cut] or shown[:limit]
    return shown


def projector_note(shown: int, players: int) -> str:
    """What the projector's ranking says under its `shown` rows about a class of `players`:
    the count alone when every student is on it, else how many of them it shows."""
    noun = "player" if players == 1 else "players"
    if shown >= players:
        return f"{players:,} {noun}"
    return f"Top {shown:,} of {players:,} {noun}"  # short: it shares a row with the key bar


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, … 11th, 12th, 13th, 21st, 1,001st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n:,}{suffix}"


@dataclass(frozen=True)
class Standing:
    """One student's place: `rank` shared with `tied` others; `behind` points to the next place
    up, held by `ahead` (None for first place)."""

    rank: int
    tied: int
    behind: int | None
    ahead: str | None


def standing_of(scores: Mapping[int, tuple[str, int]], player_id: int) -> Standing | None:
    """The standing of `player_id` among `scores` (player id → (nickname, score)); None when
    the player is not among them. The next place up is the lowest score above theirs (its
    first holder by nickname, then id)."""
    if player_id not in scores:
        return None
    mine = scores[player_id][1]
    above = [(score, name.casefold(), pid) for pid, (name, score) in scores.items() if score > mine]
    tied = sum(1 for pid, (_, score) in scores.items() if score == mine and pid != player_id)
    if not above:
        return Standing(1, tied, None, None)
    low = min(score for score, _, _ in above)
    holder = min((name, pid) for score, name, pid in above if score == low)[1]
    return Standing(1 + len(above), tied, low - mine, scores[holder][0])


def all_standings(scores: Mapping[int, tuple[str, int]]) -> dict[int, Standing]:
    """`standing_of` for every player at once, in O(n log n): what a reveal to a whole class
    needs (one call per class, not one scan of the class per student)."""
    order = sorted(scores.items(), key=lambda item: (-item[1][1], item[1][0].casefold(), item[0]))
    result: dict[int, Standing] = {}
    above = 0  # players with a higher score than the current group
    ahead: tuple[str, int] | None = None  # (first holder's name, score) of the group above
    i = 0
    while i < len(order):
        score = order[i][1][1]
        j = i
        while j < len(order) and order[j][1][1] == score:
            j += 1
        for pid, _ in order[i:j]:
            if ahead is None:
                result[pid] = Standing(1, j - i - 1, None, None)
            else:
                result[pid] = Standing(above + 1, j - i - 1, ahead[1] - score, ahead[0])
        ahead = (order[i][1][0], score)
        above = j
        i = j
    return result


def standing_text(standing: Standing) -> str:
    """ "You're 1st", "You're 3rd (tied)", "You're 3rd · 1,118 points behind Ana"."""
    text = f"You're {ordinal(standing.rank)}"
    if standing.tied:
        text += " (tied)"
    if standing.behind is not None and standing.ahead is not None:
        points = "point" if standing.behind == 1 else "points"
        text += f" \u00b7 {standing.behind:,} {points} behind {standing.ahead}"
    return text
