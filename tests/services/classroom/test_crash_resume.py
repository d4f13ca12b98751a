"""Kill the host process mid-session (SIGKILL), resume from the SQLite log in a new host, and
students rejoin with their tokens: every answer and score survives. The host process and the
resuming host are the fixtures in this folder's conftest.py."""

from __future__ import annotations

import asyncio

import pytest

aiohttp = pytest.importorskip("aiohttp")

START_WITH_TWO = """
def in_lobby(runtime):
    if len(runtime.state.connected()) >= 2:
        runtime.command(s.Start(time.time()))
"""


def test_kill_host_mid_session_and_resume(host_to_kill, resume_host):
    from game.core import session as s

    host = host_to_kill(START_WITH_TWO)

    async def first_half() -> tuple[dict, dict]:
        ana_done, ben_done, killed = asyncio.Event(), asyncio.Event(), asyncio.Event()
        tasks = asyncio.gather(
            host.student("token-ana-0001", "Ana", 0, "ack", ana_done, killed),
            host.student("token-ben-0002", "Ben", None, "question", ben_done, killed),
        )
        await ana_done.wait()
        await ben_done.wait()
        await asyncio.sleep(0.1)
        host.kill()  # mid-question, students still connected
        killed.set()
        return await tasks

    ana, ben = asyncio.run(asyncio.wait_for(first_half(), 30))
    assert ana["ack"]["index"] == 0 and ben["question"]["index"] == 0

    with resume_host(host) as resumed:
        state = resumed.runtime.state
        assert state.phase is s.SessionPhase.QUESTION and state.index == 0
        ana_id = state.by_token("token-ana-0001").id
        assert ana_id in state.submissions  # the answer given before the crash is there

        seen = resumed.rejoin("token-ana-0001")
        assert seen["welcome"]["player_id"] == ana_id
        assert seen["welcome"]["nickname"] == "Ana"
        assert seen["question"]["index"] == 0
        assert len(resumed.runtime.state.players) == 2
