"""The self-voicing speaker: the real espeak-ng, interruption, the speech log, a missing engine."""

from __future__ import annotations

import shutil
import sys
import time

import pytest

from game.services.speech import Speaker, engine_command, speaker_from_env

SLOW_ENGINE = [sys.executable, "-c", "import sys, time; sys.stdin.read(); time.sleep(120)"]
GUARD_S = 60  # how long a test waits for a child process before giving up (never a measure)


def wait_for(condition, what: str):
    """Wait until `condition()` is truthy; a guard against hanging, not a timing assertion."""
    give_up = time.monotonic() + GUARD_S
    while not (value := condition()):
        if time.monotonic() > give_up:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.01)
    return value


def test_espeak_ng__speaks_for_real(tmp_path):
    """Ensures the Linux engine works end to end: espeak-ng turns the text into audio."""
    assert shutil.which("espeak-ng"), (
        "espeak-ng is installed by .ci/run (apt-get install espeak-ng)"
    )
    assert engine_command("linux") == ["espeak-ng"]
    wav = tmp_path / "spoken.wav"
    # the same engine and the same code path, with its audio written to a file instead of a device
    speaker = Speaker(engine_command("linux") + ["-w", str(wav)])
    assert speaker.notice is None
    speaker.say("Question 1 of 3. Which agency leads?  1: Treasury. 2: State.")
    proc = wait_for(lambda: speaker.current, "espeak-ng to start")
    assert proc.wait(timeout=GUARD_S) == 0
    data = wav.read_bytes()
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    assert len(data) > 20_000  # a few seconds of speech, not an empty file
    speaker.close()


def test_say__returns_at_once_and_a_new_utterance_interrupts_the_old():
    speaker = Speaker(SLOW_ENGINE)
    speaker.say("a long explanation that takes two minutes to read")
    first = wait_for(lambda: speaker.current, "the first utterance")
    assert first.poll() is None  # say() came back while the engine is still speaking
    speaker.say("the next question")
    second = wait_for(lambda: speaker.current is not first and speaker.current, "the second")
    assert first.wait(timeout=GUARD_S) != 0  # killed
    assert second.poll() is None
    speaker.stop()
    assert second.wait(timeout=GUARD_S) != 0
    speaker.close()


def test_close__silences_the_engine():
    speaker = Speaker(SLOW_ENGINE)
    speaker.say("something")
    proc = wait_for(lambda: speaker.current, "the utterance")
    speaker.close()
    assert proc.poll() is not None


def test_speech_log__one_line_per_utterance(tmp_path):
    log = tmp_path / "speech.log"
    speaker = speaker_from_env({"CIVIC_QUIZ_SPEECH_LOG": str(log)}, platform="linux")
    speaker.say("First line\nwith a break")
    speaker.say("   ")  # nothing to say: nothing logged
    speaker.say("Second  line")
    assert log.read_text(encoding="utf-8").splitlines() == [
        "First line with a break",
        "Second line",
    ]
    speaker.close()


def test_missing_engine__a_notice_never_an_error(tmp_path):
    log = tmp_path / "speech.log"
    speaker = Speaker(["civic-quiz-no-such-speech-engine"], log)
    assert speaker.notice is not None and "no speech engine" in speaker.notice
    assert "\n" not in speaker.notice
    speaker.say("still logged")
    speaker.stop()
    speaker.close()
    assert log.read_text(encoding="utf-8") == "still logged\n"
    missing_espeak = Speaker(["/nonexistent/espeak-ng"])
    assert "install espeak-ng" in (missing_espeak.notice or "")


def test_engine_that_fails_to_start__becomes_a_notice(tmp_path):
    """An engine on disk that cannot run (not a real program) is reported, not raised."""
    fake = tmp_path / "broken-engine"
    fake.write_bytes(b"\x00\x01 not a program")
    fake.chmod(0o755)
    speaker = Speaker([str(fake)])
    assert speaker.notice is None  # it looks like a program until it is run
    speaker.say("hello")
    notice = wait_for(lambda: speaker.notice, "the notice")
    assert "could not start" in notice
    speaker.say("again")  # and the game goes on
    speaker.close()


@pytest.mark.parametrize(
    ("platform", "program"),
    [("linux", "espeak-ng"), ("darwin", "say"), ("win32", "powershell")],
)
def test_engine_command__the_platforms_own_voice(platform, program):
    command = engine_command(platform)
    assert command[0] == program
    if platform == "win32":
        assert "System.Speech" in command[-1]  # SAPI


def test_text_goes_through_stdin__never_as_options(tmp_path):
    """A text starting with '-' must be spoken, not taken as an engine option."""
    out = tmp_path / "heard.txt"
    echo = [sys.executable, "-c", f"import sys; open({str(out)!r}, 'w').write(sys.stdin.read())"]
    speaker = Speaker(echo)
    speaker.say("-w /etc/passwd is not an option")
    proc = wait_for(lambda: speaker.current, "the utterance")
    assert proc.wait(timeout=GUARD_S) == 0
    assert out.read_text() == "-w /etc/passwd is not an option"
    speaker.close()
