"""Kill the host (SIGKILL) after the teacher set a student's accommodations, forget what was
remembered for the name, and resume from the SQLite log alone: the student's page, rejoining
over a real websocket, gets her extra time, read-aloud and large text back. The host process
and the resuming host are the fixtures in this folder's conftest.py."""

from __future__ import annotations

import asyncio

import pytest

aiohttp = pytest.importorskip("aiohttp")

SET_ANA_UP_AND_START = """
from game.core.accommodations import Accommodations

def in_lobby(runtime):
    if runtime.state.connected():
        ana = runtime.state.connected()[0]
        runtime.set_accommodations(
            ana.id, Accommodations(2.0, frozenset({"read_aloud", "large_text"}))
        )
        runtime.command(s.Start(time.time()))
"""


def test_accommodations_survive_a_killed_host_from_the_log_alone(host_to_kill, resume_host):
    from game.core.accommodations import Accommodations

    host = host_to_kill(SET_ANA_UP_AND_START)

    async def first_half() -> dict:
        asked, killed = asyncio.Event(), asyncio.Event()
        task = asyncio.create_task(
            host.student("token-ana-0001", "Ana", None, "question", asked, killed)
        )
        await asked.wait()
        host.kill()  # mid-question, Ana still connected
        killed.set()
        return await task

    before = asyncio.run(asyncio.wait_for(first_half(), 30))
    assert before["question"]["read_aloud"] is True

    def forget_ana(store) -> None:
        assert store.accommodations_for("Ana") is not None  # remembered for the name...
        store.remember_accommodations("Ana", Accommodations())  # ...and now forgotten

    with resume_host(host, before=forget_ana) as resumed:
        after = resumed.rejoin("token-ana-0001")
    question = after["question"]
    assert question["read_aloud"] is True and question["large_text"] is True
    assert question["extra_time"] == 2.0 and "reduced_motion" not in question
