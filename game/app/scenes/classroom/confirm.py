"""One yes/no question drawn over a screen (end the session? show the report?), shared by
the confirmation overlays and by the report's own question before it shows any name. It
registers no screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from game.app.widgets import Button, button_width, draw_button, draw_panel, min_button_height

if TYPE_CHECKING:
    from game.app.context import AppContext


# The question before the teacher's report goes on a screen that may be the projector: asked over
# the final ranking (ConfirmReportScene) and by the report itself when opened from the list of
# past sessions (ReportScene).
REPORT_TITLE = "Show the teacher's report on this screen?"
REPORT_BODY = (
    "The report lists every student's name, score and answers. If this screen is the "
    "projector, the whole class will see them. Enter shows it; Esc goes back."
)


def draw_confirm(
    surface: pygame.Surface,
    ctx: AppContext,
    title_text: str,
    body_text: str,
    choices: tuple[tuple[str, str, Any], tuple[str, str, Any]],
) -> list[Button]:
    """A yes/no question over the screen: title, body, and two buttons — (label, key name,
    action) for Esc's choice, then Enter's. Enter's is the filled one with the focus ring, as
    on every other screen: a highlighted choice that Enter does not press invites the wrong key.
    Returns the buttons, for clicks."""
    theme = ctx.theme
    w, h = surface.get_size()
    u = ctx.unit()
    box_w = min(w - int(40 * u), int(900 * u))
    buttons_h = max(34, ctx.px(30), min_button_height(ctx.text))
    gap = int(16 * u)
    each = (box_w - int(48 * u) - gap) // 2
    # Side by side when both labels fit at the chosen text size, else one above the other (and
    # the box grows by a row).
    side_by_side = all(
        button_width(ctx.text, label, buttons_h, key=key_name, bold=True) <= each
        for label, key_name, _ in choices
    )
    area_h = buttons_h if side_by_side else 2 * buttons_h + gap // 2
    text_w = box_w - int(48 * u)
    title_need = ctx.text.fit(title_text, text_w, 10_000, ctx.px(40), 14, bold=True, probe=True)
    body_need = ctx.text.fit(body_text, text_w, 10_000, ctx.px(24), 11, probe=True)
    need = title_need.height + body_need.height + area_h + int(20 * u) + int(40 * u)
    box = pygame.Rect(0, 0, box_w, min(h - int(40 * u), max(int(460 * u), need)))
    box.center = (w // 2, h // 2)
    draw_panel(surface, box, theme, border=theme.accent, width=max(3, int(4 * u)))
    inner = box.inflate(-int(48 * u), -int(40 * u))
    row_w = each if side_by_side else inner.width
    title_h = int(inner.height * 0.3)
    if title_h < title_need.height:  # a long title at a large size: what the body leaves it
        title_h = max(title_h, inner.height - area_h - int(20 * u) - body_need.height)
    title = pygame.Rect(inner.x, inner.y, inner.width, title_h)
    ctx.text.fit(
        title_text, title.width, title.height, ctx.px(40), 14, bold=True, color=theme.text
    ).draw(surface, title, align="center", valign="middle")
    body = pygame.Rect(
        inner.x, title.bottom, inner.width, inner.bottom - title.bottom - area_h - int(20 * u)
    )
    ctx.text.fit(body_text, body.width, body.height, ctx.px(24), 11, color=theme.text).draw(
        surface, body, align="center", valign="middle"
    )
    buttons = []
    for i, (label, key_name, action) in enumerate(choices):
        if side_by_side:
            rect = pygame.Rect(
                inner.x + i * (each + gap), inner.bottom - buttons_h, row_w, buttons_h
            )
        else:  # Enter's choice at the bottom, as when side by side it is on the right
            top = inner.bottom - area_h + i * (buttons_h + gap // 2)
            rect = pygame.Rect(inner.x, top, row_w, buttons_h)
        enter = i == 1
        draw_button(
            surface,
            ctx.text,
            theme,
            rect,
            label,
            key=key_name,
            fill=theme.accent if enter else None,
            focused=enter,  # what Enter presses
            max_px=ctx.px(22),
            min_px=9,
            bold=enter,
        )
        buttons.append(Button(rect, action, label))
    return buttons
