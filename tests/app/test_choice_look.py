"""One look per choice: the projector, the phone and the solo game give the choice at each
position the same number, shape and colour, all taken from game.core.choice_look."""

from __future__ import annotations

import re
from pathlib import Path

import pygame
import pytest

from game.app.gallery import question_scene, render
from game.app.theme import CHOICE_RGB, CHOICE_SHAPES, HIGH_CONTRAST, STANDARD
from game.core import session as s
from game.core.choice_look import CHOICE_LOOKS, choice_tag, look_of, shown_position
from game.core.contrast import contrast_ratio
from game.core.model import QuestionType
from game.core.scoring import ScoringPreset, rules_for
from tests.app.test_classroom_screens import FakeNetService
from tests.services.classroom.test_runtime import join

WEB = Path(__file__).resolve().parents[2] / "assets" / "web"


def css_colours() -> dict[int, tuple[int, int, int]]:
    css = (WEB / "student.css").read_text(encoding="utf-8")
    found = re.findall(r"--c(\d+):\s*#([0-9a-fA-F]{6})", css)
    return {int(i): (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)) for i, h in found}


def js_list(name: str) -> list[str]:
    js = (WEB / "student.js").read_text(encoding="utf-8")
    body = re.search(rf"var {name} = \[(.*?)\];", js, re.S)
    assert body, name
    items = re.findall(r"'((?:[^'\\]|\\.)*)'", body.group(1))
    return [i.encode().decode("unicode_escape") for i in items]


def test_the_theme_takes_shapes_and_colours_from_the_one_list():
    assert tuple(look.shape for look in CHOICE_LOOKS) == CHOICE_SHAPES
    assert STANDARD.choice_colors == tuple(CHOICE_RGB[look.colour] for look in CHOICE_LOOKS)
    assert [look.number for look in CHOICE_LOOKS] == list(range(1, 10))
    assert len({look.colour for look in CHOICE_LOOKS}) == len(CHOICE_LOOKS)  # all different
    assert choice_tag(1) == "2 \u25c6" and look_of(10).number == 11


def test_the_phone_css_and_script_agree_with_the_list():
    """The student page's colour variables --c0…--c8 and its shapes are the list's, in order."""
    colours = css_colours()
    assert [colours[i] for i in range(len(CHOICE_LOOKS))] == list(STANDARD.choice_colors)
    assert js_list("SHAPES") == [look.glyph for look in CHOICE_LOOKS]
    assert js_list("SHAPE_NAMES") == [look.shape for look in CHOICE_LOOKS]
    for colour in colours.values():  # the page writes white on them
        assert contrast_ratio((255, 255, 255), colour) >= 4.5


def test_shown_position__the_place_a_choice_had_on_screen():
    assert shown_position(2, (3, 2, 0, 1)) == 1
    assert shown_position(2, ()) == 2  # no order known: the bank's
    assert shown_position(2, (0, 0, 1)) == 2  # not an order: the bank's


def spy_buttons(monkeypatch, module) -> list[dict]:
    drawn: list[dict] = []
    real = module.draw_button

    def spy(surface, text, theme, rect, label, **kw):
        drawn.append({"label": label, **kw})
        return real(surface, text, theme, rect, label, **kw)

    monkeypatch.setattr(module, "draw_button", spy)
    return drawn


@pytest.mark.parametrize("high_contrast", [False, True], ids=["standard", "high-contrast"])
def test_projector_and_solo_draw_each_position_alike(
    app, ctx, store, clock, monkeypatch, high_contrast
):
    """The same question on the projector (in the session's shuffled order) and in the solo game
    (in its own order): the choice at position i has number i + 1, shape i and colour i."""
    import game.app.inputs.choice as solo_inputs
    import game.app.scenes.classroom.question as projector
    from game.core.settings import Settings

    ctx.change_settings(Settings(high_contrast=high_contrast))
    theme = ctx.theme
    question = next(
        q for q in ctx.questions.values() if q.type is QuestionType.SINGLE and len(q.choices) >= 4
    )
    service = FakeNetService(ctx.questions, store, wall=clock, clock=clock)
    config = s.SessionConfig((question.id,), rules_for(ScoringPreset.CLASSIC, True))
    live = service.open((question.id,), config, "Live session")
    join(service.server, 1, "token-aaaa", "Ana", clock())
    live.pump()
    live.command(s.Start(live.now()))
    scene = projector.HostQuestionScene(ctx, live)
    drawn = spy_buttons(monkeypatch, projector)
    render(scene, (1280, 720))
    order = live.choice_order()
    assert sorted(order) == list(range(len(question.choices)))
    on_projector = [d for d in drawn if d["label"] in question.choices]
    assert [d["label"] for d in on_projector] == [question.choices[i] for i in order]
    for position, d in enumerate(on_projector):
        assert d["index"] == position  # the badge's number and the shape follow the index
        assert d["fill"] == theme.choice_colors[position]

    drawn = spy_buttons(monkeypatch, solo_inputs)
    solo = question_scene(ctx, question, answered=False)
    render(solo, (1280, 720))
    # layout measures by drawing off-screen first: the last drawing of each choice is the one shown
    last = {d["label"]: d for d in drawn if d["label"] in question.choices}
    on_solo = sorted(last.values(), key=lambda d: d["index"])
    assert len(on_solo) == len(question.choices)
    for position, d in enumerate(on_solo):
        assert d["index"] == position
        assert d["fill"] == theme.choice_colors[position]
    # and the phone is sent the same order the projector shows
    sent = [m for _, m in service.server.sent if m["type"] == "question"][-1]
    assert [c["text"] for c in sent["choices"]] == [question.choices[i] for i in order]
    pygame.display.quit()


def test_the_high_contrast_theme_keeps_shapes_and_numbers():
    """In high contrast every choice is drawn on black: numbers and shapes tell them apart."""
    assert set(HIGH_CONTRAST.choice_colors) == {(0, 0, 0)}
    assert len(set(CHOICE_SHAPES)) == len(CHOICE_SHAPES)


# -- teams ----------------------------------------------------------------------------------------

HUES = {  # the hue (degrees) each team name means, with room either side
    "Red": (345, 15),
    "Orange": (20, 40),
    "Gold": (40, 55),
    "Green": (90, 160),
    "Teal": (160, 200),
    "Blue": (200, 240),
    "Purple": (250, 300),
}


@pytest.mark.parametrize("name", sorted(HUES) + ["Silver"])
def test_team_colours_are_what_the_team_is_called(name):
    import colorsys

    from game.app.scenes.teams import TEAM_NAMES, team_color
    from game.app.theme import TEAM_RGB

    assert name in TEAM_NAMES
    r, g, b = (c / 255 for c in TEAM_RGB[name])
    hue, lightness, saturation = colorsys.rgb_to_hls(r, g, b)
    if name == "Silver":
        assert saturation < 0.2 and lightness > 0.7  # a light grey
    else:
        low, high = HUES[name]
        degrees = hue * 360
        inside = low <= degrees <= high if low < high else degrees >= low or degrees <= high
        assert inside and saturation > 0.5, (name, round(degrees))
    assert team_color(f"Team {name}", 0) == TEAM_RGB[name]
    for theme in (STANDARD, HIGH_CONTRAST):  # names and scores on them: 7:1 in both themes
        assert contrast_ratio(theme.feedback_text, TEAM_RGB[name]) >= 7
        # a fill in a verdict colour gets a tick or a cross (widgets.draw_button): never a team
        assert TEAM_RGB[name] not in (theme.right, theme.wrong, theme.partial)


def test_the_teams_screen_fills_each_team_with_its_colour(app, ctx, store, clock, monkeypatch):
    import game.app.scenes.teams as teams
    from game.app.theme import TEAM_RGB

    service = FakeNetService(ctx.questions, store, wall=clock, clock=clock)
    ids = tuple(list(ctx.questions)[:2])
    live = service.open_local(s.SessionConfig(ids, rules_for(ScoringPreset.CLASSIC, True)), "Teams")
    scene = teams.TeamsScene(ctx, live, 8)
    drawn = spy_buttons(monkeypatch, teams)
    render(scene, (1280, 720))
    cells = [d for d in drawn if d.get("key", "").startswith("F")]
    assert [d["label"].split()[0] for d in cells] == list(teams.TEAM_NAMES)
    assert [d["fill"] for d in cells] == [TEAM_RGB[n] for n in teams.TEAM_NAMES]
    pygame.display.quit()


def test_the_reveal_chart_names_each_choice_by_its_number_and_shape(
    app, ctx, store, clock, monkeypatch
):
    """After the question, the projector's chart lists the choices in the order shown, each
    with the number and shape it had on the question screen."""
    import game.app.scenes.classroom.reveal as projector

    question = next(
        q for q in ctx.questions.values() if q.type is QuestionType.SINGLE and len(q.choices) >= 4
    )
    service = FakeNetService(ctx.questions, store, wall=clock, clock=clock)
    config = s.SessionConfig((question.id,), rules_for(ScoringPreset.CLASSIC, True))
    live = service.open((question.id,), config, "Live session")
    join(service.server, 1, "token-aaaa", "Ana", clock())
    live.pump()
    live.command(s.Start(live.now()))
    live.command(s.Reveal(live.now()))
    scene = projector.HostRevealScene(ctx, live, live.state.results[-1])
    shapes: list[str] = []
    real_shape = projector.draw_shape
    monkeypatch.setattr(
        projector,
        "draw_shape",
        lambda surf, shape, *a: (shapes.append(shape), real_shape(surf, shape, *a)),
    )
    texts: list[str] = []
    fit = ctx.text.fit
    monkeypatch.setattr(ctx.text, "fit", lambda t, *a, **k: (texts.append(t), fit(t, *a, **k))[1])
    render(scene, (1280, 720))
    order = live.choice_order()
    for position, original in enumerate(order):
        label = f"{position + 1}  {question.choices[original]}"
        assert any(t.startswith(label) for t in texts), label
    assert shapes[: len(order)] == list(CHOICE_SHAPES[: len(order)])
    # the answer line names the key by the number it had on the question screen
    (right,) = question.correct
    assert f"Answer: {order.index(right) + 1} {question.choices[right]}" in texts
    pygame.display.quit()
