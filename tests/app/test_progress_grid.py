"""The host's progress grid for a student-paced session, driven through the real game loop over
an in-process session on the real engine (tests/paced_local.py): the default projector-safe
view, names on N, sorting, the teacher's controls, paging, and cells told apart by shape."""

from __future__ import annotations

import random

import pygame
import pytest

from game.app.scenes.classroom import ConfirmEndScene, ProgressScene, RenameScene
from game.app.scenes.classroom.progress import draw_cell
from game.app.theme import HIGH_CONTRAST, STANDARD
from game.core import paced as p
from game.core.paced_views import Cell
from tests.app.conftest import key
from tests.paced_local import LocalPacedHost


def typed(text: str) -> pygame.event.Event:
    return pygame.event.Event(pygame.TEXTINPUT, text=text)


@pytest.fixture
def paced(ctx, clock):
    ids = tuple(q.id for q in ctx.questions.values() if q.graded)[:5]
    config = p.PacedConfig(ids, closes_at=clock() + 3600)
    return LocalPacedHost(ctx.questions, config, clock)


def texts(app) -> list[str]:
    return app.ctx.text.kept_texts()


def drawn(app) -> str:
    app.ctx.text.forget_rendered()
    app.stack.top.draw(pygame.Surface(app.ctx.size))
    return "\n".join(texts(app))


def test_grid__opens_projector_safe_and_n_shows_the_names(app, paced, clock):
    ana = paced.join("Ana")
    paced.answer(ana, right=True)
    paced.join("Ben")
    app.start(ProgressScene(app.ctx, paced))
    app.step([])
    shown = drawn(app)
    assert "Ana" not in shown and "Ben" not in shown  # counts, no names
    assert "right" in shown and "Join at http://192.0.2.10:8765/" in shown
    assert "code 482913" in shown and "100%" in shown  # Q1: the one try was right
    app.step([key(pygame.K_n)])
    shown = drawn(app)
    assert "Ana" in shown and "Ben" in shown and "1/5" in shown


def test_grid__s_sorts_by_name_progress_and_score(app, paced):
    rng = random.Random(1)
    zoe = paced.join("Zoe")
    paced.play(zoe, 3, rng, right_share=1.0)
    paced.join("Amy")
    scene = ProgressScene(app.ctx, paced)
    app.start(scene)
    app.step([key(pygame.K_n)])
    assert [r.nickname for r in scene.rows()] == ["Amy", "Zoe"]
    app.step([key(pygame.K_s)])
    assert scene.sort == "progress" and [r.nickname for r in scene.rows()] == ["Zoe", "Amy"]
    app.step([key(pygame.K_s)])
    assert scene.sort == "score" and [r.nickname for r in scene.rows()] == ["Zoe", "Amy"]
    app.step([key(pygame.K_s)])
    assert scene.sort == "name"


def test_grid__teacher_pauses_extends_kicks_renames_gives_extra_time_and_ends(app, paced, clock):
    ana, ben = paced.join("Ana"), paced.join("Ben")
    scene = ProgressScene(app.ctx, paced)
    app.start(scene)
    app.step([key(pygame.K_p)])
    assert paced.state.paused_at is not None
    assert "Paused" in drawn(app)
    app.step([key(pygame.K_p)])
    assert paced.state.paused_at is None
    closes = paced.state.closes_at
    app.step([key(pygame.K_c)])
    assert paced.state.closes_at == closes + 15 * 60
    app.step([key(pygame.K_n), key(pygame.K_x)])  # names; extra time for the first (Ana)
    assert paced.state.students[ana].extra_time == 1.5
    app.step([key(pygame.K_r)])
    assert isinstance(app.stack.top, RenameScene)
    app.step([key(pygame.K_BACKSPACE)] * 3 + [typed("Anna"), key(pygame.K_RETURN)])
    assert paced.state.students[ana].nickname == "Anna"
    assert app.stack.top is scene
    app.step([key(pygame.K_DOWN), key(pygame.K_k)])  # remove Ben
    assert paced.state.students[ben].kicked
    assert [r.nickname for r in scene.rows()] == ["Anna"]
    app.step([key(pygame.K_ESCAPE)])
    assert isinstance(app.stack.top, ConfirmEndScene)
    app.step([key(pygame.K_ESCAPE)])  # keep going
    assert app.stack.top is scene and paced.state.phase is p.PacedPhase.OPEN
    app.step([key(pygame.K_ESCAPE), key(pygame.K_RETURN)])
    assert paced.state.phase is p.PacedPhase.FINISHED and paced.state.ended_by == "teacher"
    assert app.stack.top is scene and "Ended" in drawn(app)


def test_grid__the_closing_time_passing_shows_closed_and_c_reopens(app, paced, clock):
    paced.join("Ana")
    scene = ProgressScene(app.ctx, paced)
    app.start(scene)
    clock.advance(3601)
    app.step([])
    assert paced.state.phase is p.PacedPhase.FINISHED
    assert "Closed" in drawn(app)
    app.step([key(pygame.K_c)])
    assert paced.state.phase is p.PacedPhase.OPEN


def test_grid__a_class_of_2000_pages_and_the_picked_student_stays_in_view(app, ctx, clock):
    ids = tuple(q.id for q in ctx.questions.values() if q.graded)[:3]
    paced = LocalPacedHost(ctx.questions, p.PacedConfig(ids), clock)
    for n in range(2000):
        paced.join(f"S{n:04d}", seed=n)
    scene = ProgressScene(ctx, paced)
    app.start(scene)
    app.step([key(pygame.K_n)])
    first = drawn(app)
    assert "S0000" in first and "Students 1–" in first and "of 2000" in first
    app.step([key(pygame.K_PAGEDOWN)])
    page = drawn(app)
    assert "S0000" not in page and scene.selected == scene.rows_shown
    assert f"S{scene.selected:04d}" in page


def test_grid__rebuilds_once_per_state_change_not_per_frame(app, paced, clock):
    ana = paced.join("Ana")
    scene = ProgressScene(app.ctx, paced)
    app.start(scene)
    app.step([])
    built = scene.grid()
    app.step([])
    app.step([])
    assert scene.grid() is built  # nothing happened: the same grid
    clock.advance(1)
    paced.answer(ana)
    app.step([])
    assert scene.grid() is not built and scene.grid().rows[0].done == 1


@pytest.mark.parametrize("theme", [STANDARD, HIGH_CONTRAST], ids=["standard", "high-contrast"])
def test_cells__every_state_has_its_own_shape_not_only_its_colour(theme):
    """Drawn in one colour (every colour of the theme made the same), no two states look alike."""
    from dataclasses import replace

    one = (200, 200, 200)
    mono = replace(
        theme,
        right=one,
        wrong=one,
        partial=one,
        text=one,
        muted=one,
        accent=one,
        feedback_text=(0, 0, 0),
    )
    shapes = {}
    for cell in Cell:
        surface = pygame.Surface((40, 40))
        surface.fill((0, 0, 0))
        draw_cell(surface, pygame.Rect(0, 0, 40, 40), cell, mono)
        shapes[cell] = pygame.image.tobytes(surface, "RGB")
    assert len(set(shapes.values())) == len(Cell)


def test_grid__the_teacher_links_end_is_applied_in_the_hosts_frame(app, paced, tmp_path):
    from game.services.classroom.teacher_routes import TeacherDesk, new_teacher_key

    paced.teacher = TeacherDesk(new_teacher_key(), tmp_path)
    paced.join("Ana")
    scene = ProgressScene(app.ctx, paced)
    app.start(scene)
    paced.teacher.ask("end")  # as POST /teacher/end does, from the server's thread
    assert paced.state.phase is p.PacedPhase.OPEN
    app.step([])
    assert paced.state.phase is p.PacedPhase.FINISHED and "Ended" in drawn(app)
