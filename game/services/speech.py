"""The platform's own offline voice for self-voicing: espeak-ng on Linux, `say` on macOS, SAPI on
Windows (through PowerShell's System.Speech), each run as a child process.

Why a process and not a library: every platform already ships a command that speaks text from
standard input, so no Python binding is needed, and a child process is the simplest thing that
can be interrupted (killed) and can never block the game's frame loop. `say` only hands the text
to a worker thread; the worker kills the utterance still playing and starts the new one.

`CIVIC_QUIZ_SPEECH_LOG=FILE` appends every utterance to FILE as one line (tests read it). A
missing engine is a one-line `notice` for the screen, never an exception.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

__all__ = ["Speaker", "engine_command", "speaker_from_env"]

LOG_VARIABLE = "CIVIC_QUIZ_SPEECH_LOG"
_WINDOWS_SAPI = (
    "Add-Type -AssemblyName System.Speech; "
    "(New-Object System.Speech.Synthesis.SpeechSynthesizer).Speak([Console]::In.ReadToEnd())"
)


def engine_command(platform: str = sys.platform) -> list[str]:
    """The command that speaks its standard input aloud on this platform."""
    if platform.startswith("win"):
        return ["powershell", "-NoProfile", "-NonInteractive", "-Command", _WINDOWS_SAPI]
    if platform == "darwin":
        return ["say", "-f", "-"]
    return ["espeak-ng"]  # reads standard input when given no text


def _engine_hint(command: Sequence[str]) -> str:
    name = Path(command[0]).name if command else "a speech engine"
    if name.startswith("espeak"):
        return "install espeak-ng (sudo apt install espeak-ng)"
    return f"{name} is missing"


class Speaker:
    """Speaks one utterance at a time through a child process; a new one interrupts the old."""

    def __init__(self, command: Sequence[str] | None, log: Path | None = None) -> None:
        self.command = list(command) if command else None
        self.log = log
        self._notice: str | None = None
        if self.command is None or shutil.which(self.command[0]) is None:
            hint = _engine_hint(self.command or [])
            self._notice = f"Self-voicing: no speech engine found ({hint}); V turns it off"
            self.command = None
        self._lock = threading.Condition()
        self._pending: str | None = None
        self._stopping = False
        self._closed = False
        self.current: subprocess.Popen[bytes] | None = None  # the utterance playing now
        self._worker: threading.Thread | None = None
        if self.command is not None:
            self._worker = threading.Thread(target=self._run, name="speech", daemon=True)
            self._worker.start()

    @property
    def notice(self) -> str | None:
        return self._notice

    def say(self, text: str) -> None:
        """Speak `text` instead of whatever is being spoken; returns at once."""
        line = " ".join(text.split())
        if not line:
            return
        if self.log is not None:
            try:
                with self.log.open("a", encoding="utf-8") as fh:
                    fh.write(line + "\n")
            except OSError:
                pass  # the log is a testing aid: it must never stop the game
        with self._lock:
            self._pending = line
            self._stopping = True
            self._lock.notify()

    def stop(self) -> None:
        """Stop speaking now."""
        with self._lock:
            self._pending = None
            self._stopping = True
            self._lock.notify()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._pending = None
            self._stopping = True
            self._lock.notify()
        if self._worker is not None:
            self._worker.join(timeout=5)

    # -- the worker thread ---------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._lock:
                while not self._stopping and not self._closed:
                    self._lock.wait()
                text, self._pending, self._stopping = self._pending, None, False
                closed = self._closed
            self._silence()
            if closed:
                return
            if text is not None:
                self._speak(text)

    def _silence(self) -> None:
        proc, self.current = self.current, None
        if proc is not None and proc.poll() is None:
            proc.kill()
        if proc is not None:
            proc.wait()

    def _speak(self, text: str) -> None:
        assert self.command is not None
        try:
            proc = subprocess.Popen(
                self.command,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError as exc:
            self._notice = f"Self-voicing: the speech engine could not start ({exc.strerror})"
            return
        self.current = proc
        try:
            assert proc.stdin is not None
            proc.stdin.write(text.encode("utf-8"))
            proc.stdin.close()
        except OSError:
            pass  # the engine exited early: nothing more to say


def speaker_from_env(
    environ: Mapping[str, str] = os.environ, platform: str = sys.platform
) -> Speaker:
    """The platform's speaker, logging to $CIVIC_QUIZ_SPEECH_LOG when that is set."""
    log = environ.get(LOG_VARIABLE)
    return Speaker(engine_command(platform), Path(log) if log else None)
