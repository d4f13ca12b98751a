"""What a process does differently while a classroom session is live: its threads hand the GIL
over every millisecond instead of every 5 (CPython's default switch interval), the objects it
had before the session are left out of the garbage collector's passes (gc.freeze), and its
youngest objects are collected less often.

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

And the youngest generation is collected after SESSION_YOUNG_THRESHOLD new objects rather than
700: answers make thousands of short-lived objects a second, each pass walks those not yet
freed, and fewer, larger passes walk fewer in all. Alternating runs of bench/classroom_load.py
--mode burst --sizes 2000 gave acknowledgement p95 6.4/8.3/8.4 ms with it, 7.7/11.2/10.6 without.

`hold()` when a session starts listening, `release()` when it closes; the interval and the
thresholds a process had before its first session come back, and the collector is unfrozen,
after its last.
"""

from __future__ import annotations

import gc
import sys
import threading

__all__ = ["SESSION_SWITCH_S", "hold", "release", "settle"]

SESSION_SWITCH_S = 0.001
# The youngest generation is collected after this many new objects, not CPython's 700: a round of
# answers makes thousands that die young, and each pass also walks those that have not died yet.
SESSION_YOUNG_THRESHOLD = 7_000

_lock = threading.Lock()
_holders = 0
_before: float | None = None
_thresholds: tuple[int, ...] | None = None  # the collector's thresholds before the first session


def hold() -> None:
    """A session starts: switch at most every SESSION_SWITCH_S from now on, and leave what the
    process holds now out of the collector's passes."""
    global _holders, _before, _thresholds
    with _lock:
        if _holders == 0:
            _before = sys.getswitchinterval()
            sys.setswitchinterval(min(_before, SESSION_SWITCH_S))
            gc.freeze()
            _thresholds = gc.get_threshold()
            gc.set_threshold(max(_thresholds[0], SESSION_YOUNG_THRESHOLD), *_thresholds[1:])
        _holders += 1


def release() -> None:
    """A session ended: after the last one, the process's own interval again, and everything
    back in the collector's care."""
    global _holders, _before, _thresholds
    with _lock:
        if _holders == 0:
            return
        _holders -= 1
        if _holders == 0:
            gc.unfreeze()
            if _thresholds is not None:
                gc.set_threshold(*_thresholds)
                _thresholds = None
            if _before is not None:
                sys.setswitchinterval(_before)
                _before = None


def settle() -> None:
    """What a live session holds now stays with it (its students' connections, the answers so
    far): leave it out of the collector's passes too, so a full pass never walks the whole class.
    Only while a session is live; the last one's release() gives it all back."""
    with _lock:
        if _holders:
            gc.freeze()
