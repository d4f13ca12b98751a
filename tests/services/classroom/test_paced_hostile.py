"""Student-paced sessions against hostile phones: the real ClassroomServer (wire version 2) on
127.0.0.1, the real PacedRuntime and engine, a real SQLite file, WebSocket clients.

Whatever a student controls (versions, message order, tokens, names, personal codes, answers,
rates) never crashes the host, never reveals an answer before that student answered (and only as
the feedback setting allows), never reaches another student, and a kicked student stays out.
"""

from __future__ import annotations

import asyncio
import contextlib
import json

import aiohttp

from game.core import paced as p
from game.core.scoring import ScoringPreset, rules_for
from game.services.classroom import protocol
from game.services.classroom.paced_runtime import CODE_TRIES_PER_CONNECTION, TOO_MANY_CODES
from tests.services.classroom.live_host import SINGLES, eventually
from tests.services.classroom.paced_host import PacedHostForTests, Phone, right_id, wrong_id

V1_FIELDS = {
    "v",
    "type",
    "index",
    "total",
    "question_type",
    "prompt",
    "time_limit_s",
    "extra_time",
    "remaining_s",
    "choices",
}


async def welcomed(phone: Phone, http: aiohttp.ClientSession, host: PacedHostForTests) -> None:
    await phone.connect(http, host.url)
    await asyncio.wait_for(phone.welcomed.wait(), 30)
    await eventually(lambda: bool(phone.of("question")), what=f"{phone.nickname}'s question")


def test_version_1_messages_and_play_before_joining_are_refused(tmp_path):
    async def run(host: PacedHostForTests) -> None:
        async with aiohttp.ClientSession() as http:
            ws = await http.ws_connect(host.url)
            await ws.send_str(
                json.dumps(
                    {
                        "v": 1,
                        "type": "join",
                        "code": "424242",
                        "nickname": "Old",
                        "token": "old-page-token",
                    }
                )
            )
            reply = json.loads((await ws.receive()).data)
            assert reply == {
                "v": 2,
                "type": "error",
                "reason": "unsupported protocol version: reload the page",
            }
            for message in (
                {"v": 2, "type": "next"},
                {"v": 2, "type": "answer", "index": 0, "response": 100},
            ):
                await ws.send_str(json.dumps(message))
                reply = json.loads((await ws.receive()).data)
                assert reply["reason"] == "join the session first"
            long_code = {
                "v": 2,
                "type": "continue",
                "code": "424242",
                "nickname": "Ana",
                "personal_code": "X" * 17,
                "token": "tok-long-code",
            }
            await ws.send_str(json.dumps(long_code))
            reply = json.loads((await ws.receive()).data)
            assert reply["reason"] == "the personal code is too long"
            await ws.close()
        assert host.paced.joined == 0

    with PacedHostForTests(tmp_path / "class.sqlite3") as host:
        asyncio.run(run(host))


def test_one_connection_is_one_student_and_answers_are_final(tmp_path):
    async def run(host: PacedHostForTests) -> None:
        async with aiohttp.ClientSession() as http:
            ana = Phone("token-ana-00001", "Ana")
            await welcomed(ana, http, host)
            question = ana.last("question")
            # Another token on the same connection: never a second student.
            await ana.send(
                {"type": "join", "code": "424242", "nickname": "Ghost", "token": "token-ghost-001"}
            )
            await ana.send(
                {
                    "type": "continue",
                    "code": "424242",
                    "nickname": "Ghost",
                    "personal_code": "AAAAAA",
                    "token": "token-ghost-002",
                }
            )
            await eventually(lambda: len(ana.of("error")) >= 2, what="two refusals")
            assert host.paced.joined == 1
            # A stale index and an answer that does not fit are refused; the first real answer
            # is final, the second one is refused.
            await ana.send({"type": "answer", "index": question["index"] + 1, "response": 1})
            await ana.send({"type": "answer", "index": question["index"], "response": 5})
            await ana.send(
                {"type": "answer", "index": question["index"], "response": wrong_id(question)}
            )
            await ana.send(
                {"type": "answer", "index": question["index"], "response": right_id(question)}
            )
            await eventually(lambda: bool(ana.of("feedback")), what="feedback")
            await eventually(lambda: len(ana.of("error")) >= 5, what="refusals")
            reasons = [m["reason"] for m in ana.of("error")]
            assert reasons[2:5] == [
                "this question is closed",
                "that answer does not fit this question",
                "this question is closed",
            ]
            assert ana.last("feedback")["result"]["correct"] is False
            student = host.paced.students[1]
            assert len(student.attempts) == 1 and not student.attempts[0].correct
            # `next` before answering the next question is fine; twice is refused.
            await ana.send({"type": "next"})
            await eventually(lambda: len(ana.of("question")) == 2, what="second question")
            await ana.send({"type": "next"})
            await eventually(
                lambda: ana.last("error")["reason"] == "answer this question first",
                what="too early",
            )
            await ana.close()

    with PacedHostForTests(tmp_path / "class.sqlite3") as host:
        asyncio.run(run(host))


def test_nothing_of_another_student_and_no_answer_before_answering(tmp_path):
    config = p.PacedConfig(
        SINGLES[:3],
        rules_for(ScoringPreset.ACCURACY, False),
        feedback=p.Feedback.VERDICT,
        secret="s",
    )

    async def run(host: PacedHostForTests) -> None:
        async with aiohttp.ClientSession() as http:
            ana = Phone("token-ana-00001", "Ana")
            ben = Phone("token-ben-00002", "Ben")
            await welcomed(ana, http, host)
            await welcomed(ben, http, host)
            for n in range(3):
                await eventually(lambda n=n: len(ana.of("question")) > n, what="a question")
                await ana.send(
                    {
                        "type": "answer",
                        "index": ana.last("question")["index"],
                        "response": right_id(ana.last("question")),
                    }
                )
                count = len(ana.of("feedback"))
                await eventually(lambda c=count: len(ana.of("feedback")) > c, what="feedback")
                await ana.send({"type": "next"})
            await eventually(lambda: bool(ana.of("done")), what="Ana done")
            await asyncio.sleep(0.3)
            text = json.dumps(ben.messages)
            ana_code = host.paced.students[1].code
            for secret in (ana_code, "token-ana-00001", '"Ana"'):
                assert secret not in text, secret
            for message in ben.of("question") + ana.of("question"):
                extra = set(message) - V1_FIELDS
                assert extra <= {"number", "second_chance"}, extra
            for fb in ana.of("feedback"):  # right or wrong only: the answers wait for the review
                assert fb["correct_text"] is None and fb["explanation"] is None
            await ana.close()
            await ben.close()

    with PacedHostForTests(tmp_path / "class.sqlite3", config) as host:
        asyncio.run(run(host))


def test_guessing_personal_codes_is_limited_per_connection_and_per_address(tmp_path):
    async def run(host: PacedHostForTests) -> None:
        async with aiohttp.ClientSession() as http:
            ana = Phone("token-ana-00001", "Ana")
            await welcomed(ana, http, host)
            code = ana.last("welcome")["personal_code"]
            # One connection: 5 wrong codes, then it is closed (4003).
            thief = Phone("token-thief-001", "Ana", personal_code="AAA-AAA")
            await thief.connect(http, host.url)
            for guess in ("CCC-CCC", "DDD-DDD", "EEE-EEE", "FFF-FFF"):
                await thief.send(
                    {
                        "type": "continue",
                        "code": "424242",
                        "nickname": "Ana",
                        "personal_code": guess,
                        "token": "token-thief-001",
                    }
                )
            await asyncio.wait_for(thief.reader, 30)  # type: ignore[arg-type]
            assert thief.close_code == protocol.CLOSE_WRONG_CODE
            refusals = thief.of("refused")
            assert len(refusals) == CODE_TRIES_PER_CONNECTION
            assert all(r["why"] == "code" for r in refusals)
            # The same address, new connections: 10 a minute in all, then refused unchecked,
            # even with the right code.
            for n in range(5):
                again = Phone(f"token-thief-1{n}0", "Ana", personal_code="GGG-GGG")
                await again.connect(http, host.url)
                await eventually(lambda a=again: bool(a.messages), what="an answer")
                await again.close()
            right = Phone("token-thief-999", "Ana", personal_code=code)
            await right.connect(http, host.url)
            await asyncio.wait_for(right.reader, 30)  # type: ignore[arg-type]
            assert right.last("error")["reason"] == TOO_MANY_CODES
            assert right.close_code == protocol.CLOSE_WRONG_CODE
            assert not right.of("welcome") and host.paced.students[1].tokens == ("token-ana-00001",)
            await ana.close()

    with PacedHostForTests(tmp_path / "class.sqlite3") as host:
        asyncio.run(run(host))


def test_a_kicked_student_stays_out_on_every_device_and_name(tmp_path):
    async def run(host: PacedHostForTests) -> None:
        async with aiohttp.ClientSession() as http:
            ana = Phone("token-ana-00001", "Ana")
            await welcomed(ana, http, host)
            code = ana.last("welcome")["personal_code"]
            host.call(lambda rt: rt.command(p.Kick(1, rt.now())))
            await asyncio.wait_for(ana.reader, 30)  # type: ignore[arg-type]
            assert ana.of("kicked") and ana.close_code == protocol.CLOSE_KICKED
            for phone in (
                Phone("token-ana-00001", "Ana"),  # the same device again
                Phone("token-ana-phone", "Ana", personal_code=code),  # another, with the code
                Phone("token-new-00009", "ana"),  # a new device under the same name
            ):
                await phone.connect(http, host.url)
                await eventually(lambda ph=phone: bool(ph.of("refused")), what="refused")
                assert phone.last("refused")["why"] == "kicked"
                assert not phone.of("question")
                await phone.close()
            assert host.paced.joined == 0

    with PacedHostForTests(tmp_path / "class.sqlite3") as host:
        asyncio.run(run(host))


def test_a_flood_is_cut_and_the_host_keeps_serving_others(tmp_path):
    async def run(host: PacedHostForTests) -> None:
        async with aiohttp.ClientSession() as http:
            ana = Phone("token-ana-00001", "Ana")
            mal = Phone("token-mal-00001", "Mal")
            await welcomed(ana, http, host)
            await welcomed(mal, http, host)
            with contextlib.suppress(ConnectionError):  # cut off mid-flood
                for _ in range(200):
                    await mal.send({"type": "next"})
            await asyncio.wait_for(mal.reader, 30)  # type: ignore[arg-type]
            assert mal.close_code in (protocol.CLOSE_RATE, 1006)  # 1006: cut while still writing
            await ana.send(
                {
                    "type": "answer",
                    "index": ana.last("question")["index"],
                    "response": right_id(ana.last("question")),
                }
            )
            await eventually(lambda: bool(ana.of("feedback")), what="Ana's feedback")
            assert ana.last("feedback")["result"]["correct"] is True
            await ana.close()

    with PacedHostForTests(tmp_path / "class.sqlite3") as host:
        asyncio.run(run(host))
