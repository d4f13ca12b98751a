"""A message to a whole class (a question to 2,000 phones) is written WRITE_CHUNK at a time,
with the server's loop free between chunks to read and acknowledge the answers of students who
already have it, and never out of order for any one student: what is sent to a student after
the broadcast (an acknowledgement, a kick and its close) reaches them after it. Real server,
real sockets on 127.0.0.1."""

from __future__ import annotations

import asyncio
import threading
import time

import aiohttp
import pytest

from game.services.classroom import protocol as p
from game.services.classroom import server as server_module
from game.services.classroom.server import ClassroomServer
from tests.services.classroom.test_server import (
    CODE,
    WEB,
    join_text,
    next_inbound,
    receive,
    run,
)

STUDENTS = 8


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(server_module, "WRITE_CHUNK", 2)
    monkeypatch.setattr(server_module, "WRITE_AT_ONCE", STUDENTS - 2)  # the class: more
    srv = ClassroomServer(CODE, WEB, host="127.0.0.1")
    srv.start()
    yield srv
    srv.stop()


async def joined_class(srv: ClassroomServer, session: aiohttp.ClientSession) -> list[tuple]:
    """STUDENTS phones joined, as (websocket, connection id), in joining order."""
    phones = []
    for n in range(STUDENTS):
        ws = await session.ws_connect(f"http://127.0.0.1:{srv.port}/ws")
        await ws.send_str(join_text(token=f"token-{n:04d}", nickname=f"S{n}"))
        conn_id = None
        while conn_id is None:
            item = await next_inbound(srv)
            if item.kind == "message":
                conn_id = item.conn_id
        phones.append((ws, conn_id))
    return phones


def test_what_follows_a_broadcast_never_overtakes_it_for_any_student(server):
    async def go():
        async with aiohttp.ClientSession() as session:
            phones = await joined_class(server, session)
            ids = [conn_id for _, conn_id in phones]
            # From the game's thread, as a runtime's frame hands them over: the class's question,
            # then one student's own message, then another's kick and close.
            server.send_many([(conn_id, p.paused(True)) for conn_id in ids])
            server.send(ids[-1], p.paused(False))
            server.send(ids[-2], p.kicked())
            server.close(ids[-2], "removed by the teacher", p.CLOSE_KICKED)
            got = []
            for n, (ws, _) in enumerate(phones):
                first = await receive(ws)
                second = await receive(ws) if n >= STUDENTS - 2 else None
                third = await receive(ws) if n == STUDENTS - 2 else None
                got.append((first, second, third))
            for ws, _ in phones:
                await ws.close()
            return got

    got = run(go())
    assert all(first == p.paused(True) for first, _, _ in got)  # everyone got the broadcast
    assert got[-1][1] == p.paused(False)  # ...before their own message
    assert got[-2][1] == p.kicked()  # ...before the kick
    closed = got[-2][2]
    assert (closed.type, closed.data) == (aiohttp.WSMsgType.CLOSE, p.CLOSE_KICKED)


def test_the_loop_is_free_between_a_broadcasts_chunks(server):
    """Between two chunks the loop runs whatever else is ready (reading answers and
    acknowledging them): a callback queued right after the broadcast runs before its end."""
    seen: list[int] = []
    done = threading.Event()

    async def go():
        async with aiohttp.ClientSession() as session:
            phones = await joined_class(server, session)
            ids = [conn_id for _, conn_id in phones]

            def broadcast_then_look() -> None:
                server._send_texts([(conn_id, "{}", None) for conn_id in ids])
                loop = asyncio.get_running_loop()
                loop.call_soon(lambda: (seen.append(len(server._backlog)), done.set()))

            server._loop.call_soon_threadsafe(broadcast_then_look)
            assert await asyncio.to_thread(done.wait, 10)
            for ws, _ in phones:
                assert (await ws.receive(timeout=5)).data == "{}"  # ...and all of it arrives
                await ws.close()

    run(go())
    assert seen and 0 < seen[0] < STUDENTS - 2  # a chunk went, others wait behind the callback


def padded(size: int) -> dict:
    """A message whose wire text is exactly `size` bytes of UTF-8, 'é' (two bytes) included."""
    base = len(p.encode({"type": "paused", "pad": "é"}).encode("utf-8"))
    return {"type": "paused", "pad": "é" + "x" * (size - base)}


@pytest.mark.parametrize("size", [40, 125, 126, 127, 65_535, 65_536, 70_000])
def test_frames_the_server_writes_itself_arrive_whole_at_every_length_boundary(server, size):
    """A message's frame is made once for everyone it goes to (server.text_frame): a 7-bit,
    16-bit and 64-bit length, each at its edge, read back exactly by a real WebSocket client."""
    message = padded(size)
    assert len(p.encode(message).encode("utf-8")) == size

    async def go():
        async with aiohttp.ClientSession() as session:
            phones = await joined_class(server, session)
            server.send_many([(conn_id, message) for _, conn_id in phones])
            got = [await receive(ws) for ws, _ in phones]
            for ws, _ in phones:
                await ws.close()
            return got

    assert run(go()) == [message] * STUDENTS


@pytest.mark.parametrize(("handed", "whole"), [(STUDENTS - 2, True), (STUDENTS, False)])
def test_a_rounds_replies_are_written_whole_before_the_loop_goes_on(server, handed, whole):
    """A round's acknowledgements (at most WRITE_AT_ONCE messages) are written to the sockets
    when the round hands them over, even when they are more than a chunk: the same turn of the
    loop may go on to work that takes a while (the answer that closes the question brings the
    reveal, grading the whole class), and answers already decided must not wait for it. A
    write to more (a question to the class) still goes a chunk at a time."""
    assert server_module.WRITE_AT_ONCE == STUDENTS - 2
    busy_s = 1.5
    busy_over = threading.Event()

    async def go():
        async with aiohttp.ClientSession() as session:
            phones = await joined_class(server, session)
            ids = [conn_id for _, conn_id in phones][:handed]

            def round_then_busy() -> None:  # as on_arrival runs on the server's thread
                server.send_many([(conn_id, p.ack(0, False)) for conn_id in ids])
                time.sleep(busy_s)  # the reveal's grading, holding the loop
                busy_over.set()

            server._loop.call_soon_threadsafe(round_then_busy)
            early = []
            for ws, _ in phones[:handed]:
                assert await receive(ws) == p.ack(0, False)
                early.append(not busy_over.is_set())
            for ws, _ in phones:
                await ws.close()
            return early

    early = run(go())
    if whole:
        assert all(early)  # every acknowledgement arrived while the loop was still busy
    else:
        assert early.count(True) == server_module.WRITE_CHUNK  # the first chunk only


def test_a_whole_round_of_acknowledgements_fits_in_one_write():
    """The runtime decides a big round ROUND_CHUNK answers at a time: each chunk's
    acknowledgements, one an answer, must be few enough to go out whole."""
    from game.services.classroom.runtime_parts import ROUND_CHUNK

    assert ROUND_CHUNK <= server_module.WRITE_AT_ONCE
