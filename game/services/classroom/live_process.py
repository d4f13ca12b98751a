"""What a process does differently while a classroom session is live: its threads hand the GIL
over every millisecond instead of every 5 (CPython's default switch interval), the objects it
had before the session are left out of the garbage collector's passes (gc.freeze), and the
collector runs when the class is quiet, not whenever an allocation crosses its threshold.

Why the GIL: students' answers are read, decided, saved and acknowledged on the server's thread
while the game's thread draws the projector, in one process. Each socket read and write, each
wake-up and each save lets go of the GIL and must take it back; while the projector's thread is
busy drawing (a new question's first frame is about 100 ms of Python and pygame at 1920×1080),
every take-back waits up to the switch interval. A burst of 200 answers makes hundreds of them:
`bench/classroom_load.py --trace` showed every step of an answer's way stretched alike, and the
bench's alternating runs at 200 students gave acknowledgement p95 of 180–300 ms with 1 ms against
195–680 ms with 5 ms on a busy machine (`--gil-switch-ms`). The projector's own work is the same
either way; only who waits for whom changes. (Those figures were taken when answers still
crossed a third thread, the runtime's own arrivals thread, on their way.)

Why the collector: a full pass walks every object the collector tracks, and a game process has
hundreds of thousands before any student joins (the banks, fonts, scenes, modules). One pass
took 115 ms at 2,000 students, in the middle of a projector frame (`gc.callbacks` in
bench/projector_frame.py's join storm) and, in-process, holding the GIL the server's thread needs
to acknowledge answers. Nothing that existed before the session is garbage the session makes:
frozen, each pass walks only what came since. Freezing and unfreezing only move lists; nothing is
collected less in the end (the frozen objects are back in the collector's care after the last
session).

The session's own objects grow too: 2,000 students' connections are hundreds of thousands of
objects, and a full pass over them took 60-90 ms, twice while they joined and again while they
answered (`bench/classroom_load.py --trace`), holding up a round of answers or a frame each time.
So the runtime calls `settle()` as the class grows and as each question opens: what the session
holds by then is frozen as well, and a pass walks only what came since. The price: something
frozen that becomes garbage in a reference cycle (a connection's objects when its student leaves)
waits for the session's end to be collected. Settling only at those moments bounds it: at most
one freeze per SETTLE_PLAYERS new players (the class's size is capped) and per question, however
often anyone reconnects.

Why quiet: the collector's own passes came at the worst moments. `--trace` at 2,000 students
(with the collector's CPU time taken in its callbacks) showed passes of the youngest generation
of 5-11 ms while the class joined and 16-28 ms while it answered: a burst of 2,000 answers leaves
some 30,000 young objects alive at once (each connection's reading coroutines, futures, messages),
and a pass walks them all, holding the GIL the projector's frame and every other answer wait for.
Those passes collected nothing (`collected: 0` in every one): what a session makes dies by
reference counting, or lives on. So while a session is live the collector does not run on its
own (gc.disable); `tidy` runs it, from the session clock's thread, once the class has been quiet
for QUIET_S (no student message) and the process's own thresholds say a pass is due, so the pass
holds up no answer, and comes after the burst's frames (a reveal's first frame) are drawn. A class
that never goes quiet (a student connecting and leaving without end: a closed connection leaves
some 40 objects in reference cycles) still gets a pass each BUSY_BOUND new objects, so what it
leaves is collected and memory stays bounded.

`hold()` when a session starts listening, `release(its_hold)` when it closes; the interval a
process had before its first session comes back after its last, and so does its collector,
unfrozen and running on its own again (if it was before).
"""

from __future__ import annotations

import gc
import sys
import threading

__all__ = [
    "BUSY_BOUND",
    "QUIET_S",
    "SESSION_SWITCH_S",
    "Hold",
    "hold",
    "live",
    "release",
    "settle",
    "tidy",
]

SESSION_SWITCH_S = 0.001
QUIET_S = 1.0  # no student message for this long: a pass now keeps no one waiting
BUSY_BOUND = 100_000  # new objects (net) after which a pass runs however busy the class is

_lock = threading.Lock()
_holds: set[Hold] = set()  # the live sessions' holds on the process
_before: float | None = None
_collecting: bool | None = None  # whether the collector ran on its own before the first session


class Hold:
    """One session's hold on the process, from `hold()`: given back by `release`, once. Each
    session keeps its own, so a second release, or one that comes late, can never end another
    session's hold."""

    __slots__ = ()


def hold() -> Hold:
    """A session starts: switch at most every SESSION_SWITCH_S from now on, leave what the
    process holds now out of the collector's passes, and run them only through `tidy`."""
    global _before, _collecting
    mine = Hold()
    with _lock:
        if not _holds:
            _before = sys.getswitchinterval()
            sys.setswitchinterval(min(_before, SESSION_SWITCH_S))
            gc.freeze()
            _collecting = gc.isenabled()
            gc.disable()
        _holds.add(mine)
    return mine


def release(mine: Hold) -> None:
    """A session ended: after the last one, the process's own interval again, and everything
    back in the collector's care, which runs on its own again if it did before. Giving back a
    hold that was given back before changes nothing."""
    global _before, _collecting
    with _lock:
        if mine not in _holds:  # given back before
            return
        _holds.discard(mine)
        if not _holds:
            gc.unfreeze()
            if _collecting:
                gc.enable()
            _collecting = None
            if _before is not None:
                sys.setswitchinterval(_before)
                _before = None


def live() -> int:
    """How many sessions hold the process now."""
    return len(_holds)


def settle() -> None:
    """What a live session holds now stays with it (its students' connections, the answers so
    far): leave it out of the collector's passes too, so a full pass never walks the whole class.
    Only while a session is live; the last one's release() gives it all back."""
    with _lock:
        if _holds:
            gc.freeze()


def tidy(quiet: bool) -> int | None:
    """The collector's pass while a session is live, if one is due: when the class is `quiet`,
    as the process's own thresholds would have it (the youngest generation past its threshold,
    an older one past its own count of younger passes); however busy, once BUSY_BOUND new
    objects have piled up. Never in a process that ran without its collector before the session
    (its choice stands). Returns the generation collected, or None."""
    with _lock:
        if not _holds or not _collecting:
            return None
        counts, thresholds = gc.get_count(), gc.get_threshold()
        if counts[0] <= (thresholds[0] if quiet else BUSY_BOUND):
            return None
        generation = 0
        for older in range(1, len(counts)):
            if counts[older] > thresholds[older]:
                generation = older
    gc.collect(generation)  # outside the lock: a session may open or close meanwhile
    return generation
