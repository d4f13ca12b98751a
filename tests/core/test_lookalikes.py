"""`names.LookAlikes` keeps `flag_all` of a room up to date name by name: after any sequence of
students joining, leaving and being renamed, each name's flags are what `flag_all` of the whole
room gives, and a change reports every name whose flags changed."""

from __future__ import annotations

import random

from game.core.names import LookAlikes, flag_all

# Names that look alike in groups (Cyrillic, digits for letters, case, spaces), staff-like ones,
# mixed scripts and names with no letters among plain ones.
POOL = [
    "Ana", "Аna", "ANA", "4na", "A n a", "Ben", "B3n", "Chloé", "Chloe", "Teacher", "Admin 2",
    "Dev", "Dеv", "Emma", "Emmа", "Farid", "Farld", "★★", "123", "l23", "Zoë", "Zoe", "Mod",
    "Student 1", "Student l", "Student 2", "Sam", "5am", "Kim", "Kіm",
]  # fmt: skip


def flags_now(looks: LookAlikes, room: dict[int, str]) -> dict[str, tuple[str, ...]]:
    return {name: looks.flags(name) for name in room.values() if looks.flags(name)}


def test_lookalikes_match_flag_all_through_joins_leaves_and_renames():
    rng = random.Random(15)
    for _ in range(30):
        looks = LookAlikes()
        room: dict[int, str] = {}  # player id -> name (unique, as the session keeps them)
        before: dict[str, tuple[str, ...]] = {}
        next_id = 1
        for _ in range(60):
            free = [n for n in POOL if n not in room.values()]
            move = rng.random()
            if move < 0.55 and free:
                name = rng.choice(free)
                changed = looks.put(next_id, next_id, name)
                room[next_id] = name
                next_id += 1
            elif move < 0.8 and room:
                pid = rng.choice(sorted(room))
                changed = looks.drop(pid)
                del room[pid]
            elif room and free:
                pid = rng.choice(sorted(room))
                name = rng.choice(free)
                changed = looks.put(pid, pid, name)
                room[pid] = name
            else:
                continue
            expected = flag_all(room[pid] for pid in sorted(room))
            assert flags_now(looks, room) == expected
            assert len(looks) == len(room)
            # every name whose flags changed was reported
            for name in room.values():
                if before.get(name, ()) != expected.get(name, ()):
                    assert name in changed, (name, before.get(name), expected.get(name))
            before = expected


def test_a_join_among_different_names_reports_only_itself():
    looks = LookAlikes()
    for pid in range(1, 200):
        looks.put(pid, pid, f"Student {pid:03d}")
    assert looks.put(500, 500, "Zed") == {"Zed"}
    assert looks.put(501, 501, "Аna") == {"Аna"}
    assert looks.put(502, 502, "Ana") == {"Аna", "Ana"}  # the first one now looks like it
    assert looks.flags("Аna")[0] == "looks like Ana"
