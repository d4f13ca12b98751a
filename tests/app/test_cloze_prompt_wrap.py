"""A cloze gap's number stays on the line of its blank: "(2) _____" is never wrapped apart, at
any window width or text size, on the solo screen (and so on the projector and in Teams, which
lay the prompt out with the same wrap). The prompt is laid out by the real text code and the
lines are read back from what the real question screen drew."""

from __future__ import annotations

import re

import pytest

from game.app.gallery import render
from game.app.offscreen import question_scene
from game.app.text import wrap
from game.core.model import QuestionType
from game.core.qtypes import registry
from game.core.qtypes.cloze import numbered_prompt
from game.core.settings import Settings

EXAMPLE = registry.qtype(QuestionType.CLOZE).example()
ALONE = re.compile(r"\(\d\)$")  # a line ending with a gap number: its blank went to the next


def test_wrap__a_no_break_space_keeps_its_neighbours_together(ctx):
    font = ctx.fonts.font(24)
    assert EXAMPLE is not None
    prompt = numbered_prompt(EXAMPLE)
    cut = 0
    for width in range(240, 900, 7):
        lines = wrap(prompt, font, width)
        cut += len(lines) > 1
        for line in lines:
            assert not ALONE.search(line), (width, lines)
            assert not line.startswith("_"), (width, lines)
        assert " ".join(lines).replace("\u00a0", " ") == prompt.replace("\u00a0", " ")
    assert cut > 20  # the widths did wrap the prompt, many ways
    assert wrap("ab\u00a0cd ef", font, font.size("ab\u00a0cd")[0]) == ["ab\u00a0cd", "ef"]


@pytest.mark.parametrize("size", [(800, 600), (1280, 720), (1920, 1080)])
@pytest.mark.parametrize("text_size", ["medium", "extra large"])
def test_the_question_screen_never_parts_a_number_from_its_blank(ctx, size, text_size):
    assert EXAMPLE is not None
    ctx.questions.setdefault(EXAMPLE.id, EXAMPLE)
    ctx.change_settings(Settings(text_size=text_size))
    drawn: list[str] = []
    fit = ctx.text.fit

    def spy(text, *args, **kwargs):
        block = fit(text, *args, **kwargs)
        drawn.append(text)
        return block

    ctx.text.fit = spy
    render(question_scene(ctx, EXAMPLE, answered=False), size)
    ctx.text.fit = fit
    shown = [t for t in drawn if "_____" in t]
    assert shown, drawn
    assert all("\u00a0_____" in t for t in shown)
    font = ctx.fonts.font(24)
    for text in shown:
        for width in (size[0] // 3, size[0] // 2, size[0]):
            assert not any(ALONE.search(line) for line in wrap(text, font, width))


def test_the_round_summary_lists_a_missed_cloze_with_its_gaps_numbered(ctx):
    """ "Right answer: (1) fentanyl; (2) Mass Destruction" under the prompt it names."""
    from game.app.round_runner import RoundRunner
    from game.app.scenes.summary import SummaryScene

    assert EXAMPLE is not None
    ctx.questions.setdefault(EXAMPLE.id, EXAMPLE)
    runner = RoundRunner(ctx, (EXAMPLE.id,), "gallery")
    while not runner.finished:
        runner.skip()
        runner.next()
    [item] = [t for t in SummaryScene(ctx, runner)._items() if "Right answer" in t]
    assert item.startswith(numbered_prompt(EXAMPLE) + "\nRight answer: (1) fentanyl; (2)")


def test_a_no_break_space_is_as_wide_as_a_space_in_every_font():
    """OpenDyslexic draws U+00A0 wider than a space: "(1)  _____" looked like a double space."""
    from game.app.text import FONT_FAMILIES, FontBook

    for family in FONT_FAMILIES:
        font = FontBook(family).font(30)
        assert font.size("(1)\u00a0_____") == font.size("(1) _____"), family
