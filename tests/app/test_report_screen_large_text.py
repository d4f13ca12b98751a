"""The teacher's report screen at Extra large text with the dyslexia font: nothing overlaps and
nothing is drawn below the floor, at 800x600 and 1920x1080 (it overlapped at 1920x1080 and drew
10 px text at 800x600). Drawn text is recorded where it lands on the screen."""

from __future__ import annotations

import itertools

import pygame
import pytest

from game.app import text as text_module
from game.app.gallery import render
from game.app.scenes.classroom import ReportScene
from game.app.text import recording_sizes, text_floor
from game.core import session as s
from game.core.settings import Settings
from tests.app.projector_gallery import CLASS_SIZE, _session_questions
from tests.app.test_classroom_screens import FakeNetService, right_response
from tests.services.classroom.test_runtime import answer, join


def _finished_session(ctx, service, clock):  # type: ignore[no-untyped-def]
    from game.core.scoring import ScoringPreset, rules_for

    ids = _session_questions(ctx)
    host = service.open(ids, s.SessionConfig(ids, rules_for(ScoringPreset.CLASSIC, True)), "P3")
    for i in range(CLASS_SIZE):
        join(service.server, i + 1, f"token-{i:04d}", f"Maximiliana-Josefina {i}", clock())
    host.pump()
    host.command(s.Start(host.now()))
    for index, qid in enumerate(ids):
        for conn in range(1, CLASS_SIZE + 1, 2):
            answer(service.server, conn, index, right_response(ctx.questions[qid]), clock())
        host.pump()
        host.command(s.Reveal(host.now()))
        if index < len(ids) - 1:
            host.command(s.Next(host.now()))
    host.command(s.End(host.now()))
    return host


def _drawn_boxes(monkeypatch) -> list[pygame.Rect]:  # type: ignore[no-untyped-def]
    """Where each text block is drawn: its lines' box on the screen."""
    boxes: list[pygame.Rect] = []
    real = text_module.TextBlock.draw

    def draw(block, target, rect, align="left", valign="top"):  # type: ignore[no-untyped-def]
        y = rect.y
        if valign == "middle":
            y = rect.y + (rect.height - block.height) // 2
        elif valign == "bottom":
            y = rect.bottom - block.height
        widths = [s.get_width() for s in block.surfaces]
        if any(widths):
            x = rect.x
            if align == "center":
                x = rect.x + (rect.width - block.width) // 2
            elif align == "right":
                x = rect.right - block.width
            boxes.append(pygame.Rect(x, y, block.width, block.height))
        real(block, target, rect, align, valign)

    monkeypatch.setattr(text_module.TextBlock, "draw", draw)
    return boxes


@pytest.mark.parametrize(
    ("size", "status"), list(itertools.product([(800, 600), (1920, 1080)], [0, 1]))
)
def test_report_at_extra_large_dyslexic__nothing_overlaps_nothing_below_the_floor(
    app, ctx, store, clock, monkeypatch, size, status
):
    ctx.change_settings(Settings(text_size="extra large", font="OpenDyslexic"))
    service = FakeNetService(ctx.questions, store, wall=clock, clock=clock)
    ctx.classroom = service
    host = _finished_session(ctx, service, clock)
    scene = ReportScene(ctx, host.session_id)
    if status:
        scene.status = "Saved 2 files in /home/teacher/civic-quiz-report-1"
    boxes = _drawn_boxes(monkeypatch)
    ctx.text.overflowed.clear()
    with recording_sizes() as drawn:
        render(scene, size)
    assert min(drawn) >= text_floor("extra large", size)
    assert ctx.text.overflowed == []
    screen = pygame.Rect(0, 0, *size)
    assert all(screen.contains(b) for b in boxes)
    overlapping = [(a, b) for a, b in itertools.combinations(boxes, 2) if a.colliderect(b)]
    assert overlapping == []
    # The panels and the buttons keep apart too.
    parts = [scene.head, scene.students_rect, scene.items_rect] + [b.rect for b in scene.buttons]
    assert [(a, b) for a, b in itertools.combinations(parts, 2) if a.colliderect(b)] == []
