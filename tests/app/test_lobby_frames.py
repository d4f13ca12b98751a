"""Issue 15: the lobby while a class joins does only the work of what changed. A redraw after
one more student joined measures that student's name and nothing else of the class, and the
grid kept up to date change by change (game/app/scenes/classroom/name_cells.py) is the grid
worked out afresh. Through the real lobby, runtime and session log (a real SQLite file) with
the stand-in network of test_classroom_screens."""

from __future__ import annotations

import random

import pygame
import pytest

from game.app.loop import App
from game.app.scenes.classroom import LobbyScene
from game.app.scenes.classroom.moderation import NAMES_PER_FRAME, grid_shape, name_cells
from game.app.scenes.classroom.name_cells import NameCells
from game.core import session as s
from game.core.scoring import ScoringPreset, rules_for
from game.core.settings import Settings
from game.services.classroom.server import Inbound
from tests.app.test_classroom_screens import FakeNetService
from tests.app.test_projector_partial_redraw import same_as_a_whole_redraw
from tests.services.classroom.test_runtime import join


def open_lobby(ctx, store, clock, count: int, size=(1920, 1080), room: int = 50):
    service = FakeNetService(ctx.questions, store, wall=clock, clock=clock)
    ctx.classroom = service
    qid = next(iter(ctx.questions))
    config = s.SessionConfig((qid,), rules_for(ScoringPreset.CLASSIC), max_players=count + room)
    host = service.open((qid,), config, "P3")
    for i in range(1, count + 1):
        join(service.server, i, f"token-{i:04d}", f"Student {i:04d}", clock())
    host.pump()
    app = App(ctx, size=size)
    app.start(LobbyScene(ctx, host))
    app.step([])
    for _ in range(5000):  # the first question laid out ahead: its words are not the lobby's
        if getattr(app.stack.top, "ahead_done", False):
            break
        clock.advance(1 / 60)  # it starts once the lobby has been up AHEAD_AFTER_S
        app.step([])
    return service, host, app


def one_more_join(ctx, service, app, conn: int, clock) -> tuple[int, int]:
    """(names measured, widths measured) by the frames after one more student joined."""
    cells: NameCells = app.stack.top._name_cells
    names, widths = cells.measures, ctx.fonts.measured
    join(service.server, conn, f"token-{conn:04d}", f"Late {conn:04d}", clock())
    clock.advance(0.25)
    app.step([])
    return cells.measures - names, ctx.fonts.measured - widths


def test_a_redraw_after_one_join_measures_only_the_new_name(ctx, store, clock):
    work = {}
    for count in (40, 400):
        service, host, app = open_lobby(ctx, store, clock, count)
        assert app.stack.top._name_cells.measures >= count  # every name, once
        one_more_join(ctx, service, app, 9000 + count, clock)  # (the heading's new words)
        work[count] = one_more_join(ctx, service, app, 9500 + count, clock)
        assert len(host.state.players) == count + 2
        assert work[count][0] == 1  # the new student's label, nothing else of the class
    assert work[40][1] == work[400][1]  # the same few words measured at either class size


def fresh(ctx, lobby: LobbyScene) -> NameCells:
    """The lobby's grid worked out from nothing."""
    blank = LobbyScene(ctx, lobby.host)
    blank.layout(lobby.size)
    pad = int(18 * ctx.unit())
    return name_cells(blank, lobby.players(), grid_shape(ctx, lobby.right.width - 2 * pad)[2])


def other_change(rng, service, host, names: list[str], clock, move: float) -> None:
    """A student's phone goes away, the teacher renames one or removes one (by `move`)."""
    pid = rng.choice(sorted(host.state.players))
    if move < 0.5:
        service.server.inbox.put(Inbound(pid, "close", None, clock()))
    elif move < 0.75:
        host.command(s.Rename(pid, rng.choice(names) + " R", clock()))
    else:
        host.command(s.Kick(pid, clock()))


@pytest.mark.parametrize("look", [Settings(), Settings(text_size="extra large")])
def test_the_grid_kept_change_by_change_is_the_grid_worked_out_afresh(ctx, store, clock, look):
    ctx.change_settings(look)
    rng = random.Random(7)
    service, host, app = open_lobby(ctx, store, clock, 30, size=(800, 600))
    lobby = app.stack.top
    conn = 100
    names = ["Ana", "Аna", "Ben", "B3n", "Teacher", "Zoë", "★", "Farid", "Farld", "Kim"]
    for step in range(40):
        move = rng.random()
        if move < 0.5:
            conn += 1
            name = names[step % len(names)] if step < len(names) else f"Student {conn}"
            join(service.server, conn, f"token-{conn:04d}", name, clock())
        else:
            other_change(rng, service, host, names, clock, (move - 0.5) / 0.5 * 0.9)
        clock.advance(0.25)
        app.step([])
        kept: NameCells = lobby._name_cells
        again = fresh(ctx, lobby)
        assert kept.labels == again.labels
        assert kept.flags == again.flags
        assert (kept.name_hs, kept.flag_hs) == (again.name_hs, again.flag_hs)
        assert kept.heights == again.heights
        for columns, space in ((1, 200), (2, 333), (3, 90)):
            assert kept.page_starts(columns, space) == again.page_starts(columns, space)
    assert any("looks like" in flag for flag in lobby._name_cells.flags)


def test_names_waiting_their_turn_end_as_the_grid_worked_out_afresh(ctx, store, clock):
    """Bursts of joins with leaves, renames and kicks among them while names still wait: each
    frame's grid labels the afresh grid's first students, and is all of it once none wait."""
    rng = random.Random(11)
    service, host, app = open_lobby(ctx, store, clock, 10, size=(800, 600), room=400)
    lobby = app.stack.top
    conn, waited = 100, 0
    names = ["Ana", "Аna", "Ben", "B3n", "Teacher", "Zoë", "Farid", "Farld"]
    for _step in range(30):
        move = rng.random()
        if move < 0.4:
            for _ in range(rng.randint(20, 60)):
                conn += 1
                name = rng.choice(names) + str(rng.randint(0, 3)) if conn % 5 else f"S {conn}"
                join(service.server, conn, f"token-{conn:04d}", name, clock())
        else:
            other_change(rng, service, host, names, clock, (move - 0.4) / 0.6)
        clock.advance(1 / 60)
        app.step([])
        kept: NameCells = lobby._name_cells
        again = fresh(ctx, lobby)
        shown = len(kept.labels)
        assert shown + kept.waiting == len(lobby.players())
        assert kept.labels == again.labels[:shown]
        if kept.waiting:  # (a name's look-alike may still wait: its flag comes with it)
            waited += 1
        else:
            assert (kept.flags, kept.heights) == (again.flags, again.heights)
    assert waited
    for _ in range(100):
        if not lobby._name_cells.waiting:
            break
        clock.advance(1 / 60)
        app.step([])
    kept, again = lobby._name_cells, fresh(ctx, lobby)
    assert (kept.labels, kept.flags, kept.heights) == (again.labels, again.flags, again.heights)
    for columns, space in ((1, 200), (2, 333), (3, 90)):
        assert kept.page_starts(columns, space) == again.page_starts(columns, space)


@pytest.mark.parametrize("size", [(800, 600), (1920, 1080)])
def test_a_class_joining_at_once_is_measured_a_share_per_frame(ctx, store, clock, size):
    """301 students in one frame: that frame takes in at most NAMES_PER_FRAME of their names,
    the rest come in over the next frames, every frame showing what a whole redraw shows (the
    last few open a page of their own: the frame they come in says so), and the grid ends as
    the grid worked out afresh."""
    service, host, app = open_lobby(ctx, store, clock, 0, size=size, room=301)
    lobby = app.stack.top
    for conn in range(1, 302):
        join(service.server, conn, f"token-{conn:04d}", f"Student {conn:04d}", clock())
    frames, waited = 0, 0
    while True:
        cells: NameCells = lobby._name_cells
        before = len(cells.labels)
        clock.advance(0.25)
        app.step([])
        frames += 1
        assert len(cells.labels) - before <= NAMES_PER_FRAME
        assert same_as_a_whole_redraw(app)
        app.step([])  # (the check drew the whole screen; the loop goes on from there)
        waited = max(waited, cells.waiting)
        if len(host.state.players) == 301 and not cells.waiting:
            break
        assert frames < 301 // NAMES_PER_FRAME + 3
    assert waited > NAMES_PER_FRAME  # names did wait: not all measured as they came
    clock.advance(0.25)
    app.step([])
    assert same_as_a_whole_redraw(app)  # the frame after the last came in shows them all
    assert len(host.state.players) == 301 and cells.measures >= 301
    again = fresh(ctx, lobby)
    assert (cells.labels, cells.heights) == (again.labels, again.heights)
    for columns, space in ((1, 200), (3, 90)):
        assert cells.page_starts(columns, space) == again.page_starts(columns, space)


def test_the_qr_code_is_drawn_once_then_copied(ctx, store, clock, monkeypatch):
    service, host, app = open_lobby(ctx, store, clock, 3)
    lobby = app.stack.top
    dark = sum(sum(1 for module in row if module) for row in lobby.qr)
    rects: list[object] = []
    real = pygame.draw.rect

    def counting(*args, **kwargs):
        rects.append(args[2] if len(args) > 2 else None)
        return real(*args, **kwargs)

    monkeypatch.setattr(pygame.draw, "rect", counting)
    for _ in range(3):
        ctx.invalidate()
        app.step([])
    assert dark > 100
    assert len(rects) < dark // 4  # panels, buttons and cells: not one rectangle per module


def test_the_counts_a_class_joining_makes_never_fill_the_text_cache(ctx, store, clock):
    """Each count is a new heading, rendered once (half a megabyte at 1920x1080): kept with the
    texts drawn again and again, 50 of them held 26 MB while 2,000 joined, and enough would push
    out the next question laid out ahead. Only the last few changing texts are kept, apart; the
    question laid out ahead and the join panel's words stay."""
    service, host, app = open_lobby(ctx, store, clock, 0, room=250)
    stable = {str(key[0]) for key in ctx.text._blocks}
    ahead = [t for t in stable if "joined" not in t and "Join" not in t]
    assert ahead  # the first question's words, laid out ahead
    for conn in range(1, 201):
        join(service.server, conn, f"token-{conn:04d}", f"Student {conn:04d}", clock())
        clock.advance(0.25)
        app.step([])
    assert len(host.state.players) == 200
    kept = ctx.text.kept_texts()
    counts = [t for t in kept if " joined" in t]
    assert 0 < len(counts) <= ctx.text.CHANGING_KEPT
    assert "200 joined" in counts[-1]  # the one shown is kept
    assert set(ahead) <= set(kept)  # nothing laid out ahead was pushed out
    assert "Join on your phone or laptop" in kept
    rendered = sum(
        surface.get_width() * surface.get_height() * surface.get_bytesize()
        for block in (*ctx.text._blocks._items.values(), *ctx.text._changing._items.values())
        for surface in block.surfaces
    )
    assert rendered < 16_000_000  # what 200 counts kept with the rest would hold: 100 MB
