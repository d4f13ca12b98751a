"""Limits on guessing the join code, kept per address so that reconnecting does not reset them.

A join code has only a million values, so the server must not let anyone try many of them: each
network address may get `per_address` wrong codes within `window_s` seconds, and the whole room
`overall` of them (so many addresses together cannot guess fast either). Past a limit the code is
not even checked: the attempt is refused until the window has moved on. An address that has
guessed nothing wrong in the window is still checked while the room-wide limit is reached, so a
student typing the right code from their own phone gets in during an attack.

The guard also counts every wrong attempt, refused or checked, so the lobby can tell the teacher
that someone is guessing. Pure: the caller passes the time (a monotonic clock) in.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Literal

__all__ = ["CodeGuard", "GuardVerdict"]

GuardVerdict = Literal["check", "refuse"]
MAX_ADDRESSES = 4096  # addresses remembered at once; older quiet ones are forgotten first


@dataclass(frozen=True)
class _Limits:
    per_address: int
    overall: int
    window_s: float


class CodeGuard:
    """Decides whether a join's code may be checked, and remembers wrong ones."""

    def __init__(self, per_address: int = 10, overall: int = 60, window_s: float = 60.0) -> None:
        if per_address < 1 or overall < 1 or window_s <= 0:
            raise ValueError("join-code limits must be positive")
        self.limits = _Limits(per_address, overall, window_s)
        self._by_address: dict[str, deque[float]] = {}
        self._wrong: deque[float] = deque()  # checked wrong codes, room-wide
        self._attempts: deque[list[float]] = deque()  # [second, count] of every wrong attempt

    def _prune(self, now: float) -> None:
        edge = now - self.limits.window_s
        while self._wrong and self._wrong[0] <= edge:
            self._wrong.popleft()
        while self._attempts and self._attempts[0][0] <= edge:
            self._attempts.popleft()

    def _recent(self, address: str, now: float) -> deque[float]:
        stamps = self._by_address.get(address)
        if stamps is None:
            return deque()
        edge = now - self.limits.window_s
        while stamps and stamps[0] <= edge:
            stamps.popleft()
        if not stamps:
            del self._by_address[address]
        return stamps

    def verdict(self, address: str, now: float) -> GuardVerdict:
        """ "check" the code of this join, or "refuse" it unchecked (counted as a wrong one)."""
        self._prune(now)
        mine = self._recent(address, now)
        over_room = len(self._wrong) >= self.limits.overall and len(mine) > 0
        if len(mine) >= self.limits.per_address or over_room:
            self._count(now)
            return "refuse"
        return "check"

    def wrong(self, address: str, now: float) -> None:
        """A checked code was wrong."""
        self._prune(now)
        self._wrong.append(now)
        self._count(now)
        stamps = self._by_address.get(address)
        if stamps is None:
            if len(self._by_address) >= MAX_ADDRESSES:
                self._forget_one(now)
            stamps = self._by_address[address] = deque(maxlen=self.limits.per_address)
        stamps.append(now)

    def _forget_one(self, now: float) -> None:
        oldest = min(self._by_address, key=lambda a: self._by_address[a][-1])
        del self._by_address[oldest]

    def _count(self, now: float) -> None:
        second = float(int(now))
        if self._attempts and self._attempts[-1][0] == second:
            self._attempts[-1][1] += 1
        else:
            self._attempts.append([second, 1])

    def recent_wrong(self, now: float) -> int:
        """Wrong join codes (checked or refused) within the window: what the lobby shows."""
        self._prune(now)
        return int(sum(count for _, count in self._attempts))
