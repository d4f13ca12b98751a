"""Self-voicing, as Ren'Py does it: when a screen appears its text is spoken, and when the
keyboard focus moves the focused element is spoken; the timer is spoken when asked.

Scenes only say what there is to say (`Scene.speech()` returns a `Spoken`); this decides when to
say it, so no scene has to remember what was already spoken. The voice itself is a
`game.core.ports.SpeechOutput` handed in by the CLI; without one the game stays silent and says
so on screen when self-voicing is turned on.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.core.ports import SpeechOutput

__all__ = ["NO_SPEECH", "SelfVoicing", "Spoken"]


@dataclass(frozen=True)
class Spoken:
    """What a screen would say: its text, its focused element, and its timer (when it has one)."""

    screen: str = ""
    focus: str = ""
    timer: str = ""


class _NoSpeech:
    """The voice when the shell gave none (previews, tests that don't ask for one)."""

    notice: str | None = "Self-voicing is not available here"

    def say(self, text: str) -> None:
        return None

    def stop(self) -> None:
        return None


NO_SPEECH: SpeechOutput = _NoSpeech()


def _join(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p.strip())


class SelfVoicing:
    """Turns what the top scene would say into utterances, each spoken once, when it changes."""

    def __init__(self, output: SpeechOutput) -> None:
        self.output = output
        self.enabled = False
        self._scene: object = None
        self._last = Spoken()

    def observe(self, enabled: bool, scene: object, spoken: Spoken) -> None:
        """Called before each redraw with the top scene and what it would say."""
        if enabled != self.enabled:
            self.enabled = enabled
            self._scene, self._last = None, Spoken()
            if not enabled:
                self.output.say("Self-voicing off.")
                return
            self.output.say(_join("Self-voicing on.", spoken.screen, spoken.focus))
            self._scene, self._last = scene, spoken
            return
        if not enabled:
            return
        if scene is not self._scene or spoken.screen != self._last.screen:
            focus = "" if spoken.focus and spoken.focus in spoken.screen else spoken.focus
            text = _join(spoken.screen, focus)
        elif spoken.focus != self._last.focus:
            text = spoken.focus
        else:
            text = ""
        self._scene, self._last = scene, spoken
        if text:
            self.output.say(text)

    def say_timer(self, spoken: Spoken) -> None:
        """The timer key: time left on this screen, or that there is no timer."""
        self.output.say(spoken.timer or "No timer on this screen.")
