"""Drawing helpers shared by the scenes: panels, buttons with key badges and shapes, bars, the
keyboard focus ring and the right/wrong icons.

Widgets here only draw; scenes decide what is where and what a click means. The focus ring and
the text colour on each fill are decided here once, so every screen shows focus the same way
and keeps the theme's measured contrast (game.app.theme.contrast_pairs).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pygame

from game.app.text import TextCache, wrap
from game.app.theme import CHOICE_SHAPES, Theme
from game.core.contrast import AA_TEXT, AA_UI, contrast_ratio

__all__ = [
    "Button",
    "button_height",
    "button_width",
    "clip_line",
    "draw_bar",
    "draw_button",
    "draw_focus_ring",
    "draw_icon",
    "draw_notice_line",
    "draw_panel",
    "draw_shape",
    "draw_text_page",
    "draw_verdict",
    "focus_ring_rect",
    "ink_on",
    "key_bar_rows",
    "label_px",
    "label_rect",
    "min_button_height",
    "notice_line_rect",
    "scaled",
    "shows",
    "text_height",
    "text_pages",
]

Color = tuple[int, int, int]


def scaled(size: tuple[int, int]) -> float:
    """Layout unit: 1.0 at 1280×720, smaller or larger with the window."""
    w, h = size
    return max(0.55, min(w / 1280, h / 720))


@dataclass
class Button:
    """A clickable area with an action; scenes keep a list of these per layout."""

    rect: pygame.Rect
    action: object
    label: str = ""


def draw_panel(
    surface: pygame.Surface,
    rect: pygame.Rect,
    theme: Theme,
    color: Color | None = None,
    border: Color | None = None,
    radius: int = 14,
    width: int | None = None,
) -> None:
    pygame.draw.rect(surface, color or theme.panel, rect, border_radius=radius)
    bw = theme.border_width if width is None else width
    if bw:
        pygame.draw.rect(surface, border or theme.panel_border, rect, bw, border_radius=radius)


def draw_shape(
    surface: pygame.Surface, shape: str, center: tuple[int, int], r: int, color: Color
) -> None:
    cx, cy = center
    if shape == "circle":
        pygame.draw.circle(surface, color, center, r)
        return
    if shape == "square":
        side = int(r * 1.6)
        pygame.draw.rect(surface, color, (cx - side // 2, cy - side // 2, side, side))
        return
    if shape == "cross":
        t = max(2, r // 2)
        pygame.draw.rect(surface, color, (cx - r, cy - t // 2, 2 * r, t))
        pygame.draw.rect(surface, color, (cx - t // 2, cy - r, t, 2 * r))
        return
    if shape == "heart":
        pygame.draw.circle(surface, color, (cx - r // 2, cy - r // 4), r // 2 + 1)
        pygame.draw.circle(surface, color, (cx + r // 2, cy - r // 4), r // 2 + 1)
        pygame.draw.polygon(
            surface, color, [(cx - r, cy - r // 6), (cx + r, cy - r // 6), (cx, cy + r)]
        )
        return
    sides, rotation, star = {
        "triangle": (3, -90, False),
        "diamond": (4, 0, False),
        "pentagon": (5, -90, False),
        "hexagon": (6, 0, False),
        "star": (5, -90, True),
    }[shape]
    points = []
    count = sides * 2 if star else sides
    for i in range(count):
        radius = r if not star or i % 2 == 0 else r * 0.45
        angle = math.radians(rotation + 360 * i / count)
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    pygame.draw.polygon(surface, color, points)


@dataclass
class _Geometry:
    """Where a button's parts go: the badge (key and shape), the mark, and the label."""

    label: pygame.Rect
    badge: pygame.Rect | None = None
    key_label: str = ""
    key_px: int = 12
    shape_at: tuple[int, int] | None = None
    shape_r: int = 0
    mark: pygame.Rect | None = None
    mark_px: int = 10
    icon: pygame.Rect | None = None  # beside the mark: a tick or cross on revealed answers


def _geometry(
    text: TextCache,
    rect: pygame.Rect,
    index: int | None,
    key: str | None,
    mark: str | None,
    max_px: int,
    icon_room: bool = False,
) -> _Geometry:
    """`icon_room`: keep room for a tick or cross even without a mark (a revealed answer).

    Worked out once per button shape and text setting (`TextCache.remember`): a screen drawn
    again (a count that changed) finds its buttons' geometry ready. Shared: never changed."""
    memo_key = ("geometry", text.floor, tuple(rect), index, key, mark, max_px, icon_room)
    return text.remember(
        memo_key, lambda: _work_out_geometry(text, rect, index, key, mark, max_px, icon_room)
    )


def _work_out_geometry(
    text: TextCache,
    rect: pygame.Rect,
    index: int | None,
    key: str | None,
    mark: str | None,
    max_px: int,
    icon_room: bool,
) -> _Geometry:
    pad_x = max(8, rect.height // 6)
    if text.floor:  # a tall cell (large text) keeps its width for the text
        pad_x = min(pad_x, 2 * text.floor + 8)
    inner = rect.inflate(-2 * pad_x, -2 * max(3, rect.height // 10))
    geo = _Geometry(inner)
    if index is not None or key is not None:
        badge = min(
            inner.height,
            max(28, rect.height // 2 + 8),
            max(28, rect.width // 7),
            max(72, rect.height // 2),
        )  # grows on 4K screens, stays modest below
        if text.floor:  # never too small for its number at the chosen text size's floor
            badge = max(badge, text.book.font(text.floor, True).get_linesize() + 6)
        geo.key_label = key if key is not None else str((index or 0) + 1)
        short = len(geo.key_label) <= 2
        geo.key_px = max(12, badge * 2 // 3) if short else max(11, badge * 2 // 5)
        geo.key_px = max(geo.key_px, text.floor)
        badge_w = badge if short else text.book.font(geo.key_px, True).size(geo.key_label)[0] + 14
        geo.badge = pygame.Rect(inner.x, rect.centery - badge // 2, badge_w, badge)
        next_x = geo.badge.right + 8
        if index is not None:
            geo.shape_r = max(7, badge // 3)
            geo.shape_at = (next_x + geo.shape_r, rect.centery)
            next_x += 2 * geo.shape_r + 10
        inner = pygame.Rect(next_x, inner.y, max(10, inner.right - next_x), inner.height)
    if mark:
        geo.mark_px = max(10, min(max_px * 3 // 4, inner.height // 2), text.floor)
        font = text.book.font(geo.mark_px, True)
        mark_w = font.size(mark)[0] + 4
        lines = 1
        if mark_w > inner.width // 4:  # a narrow cell: the mark takes two lines, the label more
            mark_w = max(font.size(part + " ·")[0] for part in mark.split(" · ")) + 4
            lines = 2
        if text.floor and (mark_w > inner.width // 3 or lines * font.get_linesize() > inner.height):
            # Large text: the mark on a line of its own (two if even that is too narrow).
            room = inner.width - font.get_linesize() - 6
            lines = 1 if font.size(mark)[0] + 4 <= room else 2
            _stack_mark(geo, inner, font.get_linesize(), lines)
            return geo
        mark_w = min(inner.width // 3, mark_w)
        geo.mark = pygame.Rect(inner.right - mark_w, inner.y, mark_w, inner.height)
        inner = pygame.Rect(inner.x, inner.y, inner.width - mark_w - 6, inner.height)
        side = min(inner.height, geo.mark_px + 4)
        if side * 4 <= inner.width:
            geo.icon = pygame.Rect(inner.right - side, rect.centery - side // 2, side, side)
            inner.width -= side + 6
    if icon_room and geo.icon is None:
        side = min(inner.height, max(12, max_px * 3 // 4 + 4))
        if side * 4 <= inner.width:
            geo.icon = pygame.Rect(inner.right - side, rect.centery - side // 2, side, side)
            inner.width -= side + 6
    geo.label = inner
    return geo


def _stack_mark(geo: _Geometry, inner: pygame.Rect, line_h: int, lines: int) -> None:
    """The mark ("RIGHT · YOURS") on its own line(s) above the label, its icon before it: a
    mark at a large text size does not fit beside the label without shrinking."""
    side, high = line_h, line_h * lines
    geo.icon = pygame.Rect(inner.x, inner.y, side, side)
    geo.mark = pygame.Rect(inner.x + side + 6, inner.y, inner.width - side - 6, high)
    geo.label = pygame.Rect(inner.x, inner.y + high + 2, inner.width, inner.height - high - 2)


def min_button_height(text: TextCache, lines: int = 1) -> int:
    """The least height of a button whose label has `lines` lines at the text floor."""
    line_h = text.book.font(max(10, text.floor), True).get_linesize()
    return max(28, (lines * line_h + 8) * 5 // 4)


def button_width(
    text: TextCache,
    label: str,
    height: int,
    *,
    key: str | None = None,
    index: int | None = None,
    bold: bool = False,
) -> int:
    """The least width of a button (`height` tall) whose label fits on one line at the floor."""
    rect = pygame.Rect(0, 0, 100_000, height)
    geo = _geometry(text, rect, index, key, None, text.floor)
    label_w = text.book.font(max(10, text.floor), bold).size(label)[0]
    return geo.label.x + label_w + (geo.label.x if key is None and index is None else 16) + 4


def button_height(
    text: TextCache,
    width: int,
    label: str,
    *,
    key: str | None = None,
    index: int | None = None,
    bold: bool = False,
) -> int:
    """The least height of a button `width` wide whose label fits at the floor (0: no floor)."""
    if not text.floor:
        return 0
    height = min_button_height(text)
    for _ in range(40):
        inner = _geometry(text, pygame.Rect(0, 0, width, height), index, key, None, text.floor)
        block = text.measure(label, inner.label.width, inner.label.height, 1, 1, bold=bold)
        if not block.overflow:
            return height
        height = height * 6 // 5 + 4
    return height


def key_bar_rows(
    text: TextCache, items: list[tuple[str, str, bool]], width: int, gap: int, row_h: int
) -> int:
    """How many rows a bar of buttons (label, key name, bold) takes so that every label fits on
    one line at the text floor, the buttons of a row sharing its width: a projector can't
    scroll its key bar, so a bar too wide for the window wraps onto a second line. Worked out
    once per bar and text setting (`TextCache.remember`): a screen redrawn asks again."""
    key = ("key bar", text.floor, tuple(items), width, gap, row_h)
    return text.remember(key, lambda: _key_bar_rows(text, items, width, gap, row_h))


def _key_bar_rows(
    text: TextCache, items: list[tuple[str, str, bool]], width: int, gap: int, row_h: int
) -> int:
    count = len(items)
    for rows in range(1, count + 1):
        per = -(-count // rows)
        each = (width - gap * (per - 1)) // per
        # (a few pixels to spare: the drawn label is measured with kerning, the estimate is not)
        if all(button_width(text, lab, row_h, key=k, bold=b) + 8 <= each for lab, k, b in items):
            return rows
    return max(1, count)


CONTINUED = "\u2026"  # ends each page of a paged text but the last


def draw_text_page(
    surface: pygame.Surface,
    text: TextCache,
    label: str,
    rect: pygame.Rect,
    max_px: int,
    page: int = 0,
    *,
    bold: bool = False,
    color: Color = (255, 255, 255),
    align: str = "left",
    valign: str = "top",
) -> int:
    """Draw `label` in `rect` at the largest size that fits, never below the text floor. Text
    that does not fit even at the floor is split into pages of the lines `rect` holds and page
    `page` (the last one if beyond) is drawn: a projector pages rather than shrinks. Returns
    the number of pages."""
    pages = text_pages(text, label, rect, max_px, bold)
    if len(pages) == 1:
        text.fit(label, rect.width, rect.height, max_px, 1, bold=bold, color=color).draw(
            surface, rect, align, valign
        )
        return 1
    lines = list(pages[min(page, len(pages) - 1)])
    if page < len(pages) - 1 and lines:  # it goes on: a cut text never looks whole
        lines[-1] += CONTINUED
    shown = "\n".join(lines)
    px = max(10, text.floor)
    text.fit(shown, rect.width, rect.height, px, px, bold=bold, color=color).draw(
        surface, rect, align, valign
    )
    return len(pages)


def text_pages(
    text: TextCache, label: str, rect: pygame.Rect, max_px: int, bold: bool = False
) -> list[list[str]]:
    """`label` as `draw_text_page` pages it in `rect`: one page (the whole text) when it fits
    at some size down to the floor, else the lines at the floor in pages of what `rect` holds."""
    block = text.measure(label, rect.width, rect.height, max_px, 1, bold=bold)
    if not block.overflow:
        return [[label]]
    font = text.book.font(max(10, text.floor), bold)
    width = max(1, rect.width)
    lines = wrap(label, font, width)
    per = max(1, rect.height // font.get_linesize())
    pages: list[list[str]] = []
    while len(lines) > per:
        page, lines = lines[:per], lines[per:]
        words = page[-1].split(" ")
        if font.size(page[-1] + CONTINUED)[0] > width and len(words) > 1:
            # room for the "…" that says the text goes on: the last word moves to the next page
            page[-1] = " ".join(words[:-1])
            lines = wrap(f"{words[-1]} {lines[0]}", font, width) + lines[1:]
        pages.append(page)
    return [*pages, lines] if lines or not pages else pages


def clip_line(text: TextCache, label: str, width: int, px: int, bold: bool = False) -> str:
    """`label` cut short with "…" to fit one line `width` wide at `px` (raised to the floor):
    for a reminder of a text shown in full elsewhere (a chart's choice labels)."""
    font = text.book.font(max(px, text.floor, 10), bold)
    if font.size(label)[0] <= width:
        return label
    while label and font.size(label + "…")[0] > width:
        label = label[:-1]
    return label.rstrip() + "…"


def text_height(text: TextCache, label: str, width: int, px: int, bold: bool = False) -> int:
    """The height `label` takes wrapped in `width` at `px` (raised to the floor)."""
    one = text.one_line_height(label, width, px, bold)
    return one if one is not None else text.measure(label, width, 1_000_000, px, px, bold).height


def label_rect(
    text: TextCache,
    rect: pygame.Rect,
    *,
    index: int | None = None,
    key: str | None = None,
    mark: str | None = None,
    max_px: int = 28,
) -> pygame.Rect:
    """Where the label of such a button goes (the rest holds the badge, shape and mark)."""
    return _geometry(text, rect, index, key, mark, max_px).label


def ink_on(theme: Theme, fill: Color | None) -> Color:
    """The text colour for a button filled with `fill` (None: no fill, the panel shows)."""
    if fill is None:
        return theme.text
    if fill == theme.accent:
        return theme.accent_text
    ink = (
        theme.feedback_text
        if fill in (theme.right, theme.wrong, theme.partial)
        else theme.choice_text
    )
    if contrast_ratio(ink, fill) >= AA_TEXT:
        return ink
    # A fill the palette did not plan text on (e.g. a medal in the panel-border colour): the
    # theme's ink that reads best on it.
    candidates = (theme.choice_text, theme.accent_text, theme.feedback_text, theme.text)
    return max(candidates, key=lambda c: contrast_ratio(c, fill))


def focus_ring_rect(
    rect: pygame.Rect, window: tuple[int, int] = (1280, 720)
) -> tuple[pygame.Rect, int, int]:
    """The ring around `rect`: its outer rectangle, the ring's width and the halo's width.

    The ring lies just outside `rect`, lined by a halo band on both sides (the inner one over the
    button's own edge), so it reaches only ring + halo pixels out: less than the gap between
    buttons. It grows with the window (3 px at 1280x720 and below, 4 px at 1920x1080)."""
    ring = max(3, round(3 * scaled(window)))
    halo = max(2, ring // 2)
    return rect.inflate(2 * ring, 2 * ring), ring, halo


def shows(surface: pygame.Surface, rect: pygame.Rect) -> bool:
    """Whether a button drawn in `rect` (its focus ring too) would show on `surface`: a screen
    drawn clipped to part of the window (game.app.loop's App.draw_area) skips the rest."""
    clip = surface.get_clip()
    if clip == surface.get_rect():  # not clipped: all of it is drawn (and laid out)
        return True
    outer, _, halo = focus_ring_rect(rect, surface.get_size())
    return bool(clip.colliderect(outer.inflate(2 * halo + 2, 2 * halo + 2)))


def draw_focus_ring(surface: pygame.Surface, rect: pygame.Rect, theme: Theme) -> None:
    """The keyboard focus, the same on every screen: a ring in `theme.focus` around `rect`, lined
    inside and outside by `theme.focus_halo`, so it stands out (>= 3:1) from any fill, any
    neighbour's border and any background."""
    outer, ring, halo = focus_ring_rect(rect, surface.get_size())
    pygame.draw.rect(surface, theme.focus_halo, rect, halo, border_radius=12)
    pygame.draw.rect(
        surface, theme.focus_halo, outer.inflate(2 * halo, 2 * halo), halo, border_radius=14 + ring
    )
    pygame.draw.rect(surface, theme.focus, outer, ring, border_radius=12 + ring)


def draw_icon(
    surface: pygame.Surface, kind: str, rect: pygame.Rect, color: Color, width: int = 0
) -> None:
    """A tick ("right"), a cross ("wrong") or a half-filled circle ("partial") in a square
    centred in `rect`: right and wrong are never told by colour alone."""
    side = min(rect.width, rect.height)
    box = pygame.Rect(0, 0, side, side)
    box.center = rect.center
    stroke = width or max(3, side // 7)
    if kind == "right":
        points = [
            (box.x + side * 0.12, box.y + side * 0.55),
            (box.x + side * 0.40, box.y + side * 0.82),
            (box.x + side * 0.90, box.y + side * 0.20),
        ]
        pygame.draw.lines(surface, color, False, points, stroke)
    elif kind == "wrong":
        a, b = side * 0.18, side * 0.82
        pygame.draw.line(surface, color, (box.x + a, box.y + a), (box.x + b, box.y + b), stroke)
        pygame.draw.line(surface, color, (box.x + a, box.y + b), (box.x + b, box.y + a), stroke)
    else:
        r = int(side * 0.4)
        pygame.draw.circle(surface, color, box.center, r, max(2, stroke // 2))
        pygame.draw.circle(surface, color, box.center, r, draw_top_left=True, draw_bottom_left=True)


def draw_verdict(
    surface: pygame.Surface,
    text: TextCache,
    rect: pygame.Rect,
    kind: str,
    verdict: str,
    color: Color,
    max_px: int,
) -> int:
    """A verdict line at the top of `rect`: the icon of `kind` ("right", "wrong", "partial")
    and the words, both in `color`, so right and wrong are never told by colour alone. Returns
    the height it took (the words wrap at the chosen text size rather than shrink)."""
    px = max(max_px, text.floor, 10)
    side = text.book.font(px, True).get_linesize()
    words_w = max(1, rect.width - side - 8)
    height = max(side, text_height(text, verdict, words_w, px, True))
    square = pygame.Rect(rect.x, rect.y, side, side)
    draw_icon(surface, kind, square.inflate(-side // 6, -side // 6), color)
    words = pygame.Rect(square.right + 8, rect.y, words_w, height)
    text.fit(verdict, words.width, words.height, px, px, bold=True, color=color).draw(
        surface, words, valign="middle" if height == side else "top"
    )
    return height


def label_px(
    text: TextCache,
    rect: pygame.Rect,
    label: str,
    *,
    index: int | None = None,
    key: str | None = None,
    mark: str | None = None,
    max_px: int = 28,
    min_px: int = 12,
    bold: bool = False,
) -> int:
    """The size the label of such a button would be drawn at (to give a group one size)."""
    inner = _geometry(text, rect, index, key, mark, max_px).label
    return text.measure(label, inner.width, inner.height, max_px, min_px, bold=bold).px


def draw_button(
    surface: pygame.Surface,
    text: TextCache,
    theme: Theme,
    rect: pygame.Rect,
    label: str,
    *,
    index: int | None = None,
    key: str | None = None,
    fill: Color | None = None,
    focused: bool = False,
    selected: bool = False,
    outline: Color | None = None,
    max_px: int = 28,
    min_px: int = 12,
    bold: bool = False,
    align: str = "left",
    mark: str | None = None,
    text_color: Color | None = None,
) -> bool:
    """Draw a button: optional badge (key + shape), text fitted to the rest. Returns overflow."""
    u = max(1, min(rect.height, 160) // 40)  # a tall button (large text) keeps thin edges
    color = fill if fill is not None else theme.panel
    pygame.draw.rect(surface, color, rect, border_radius=12)
    edge = outline or (theme.selected if selected else theme.panel_border)
    edge_w = max(theme.border_width, 4 * u if selected or outline else theme.border_width)
    pygame.draw.rect(surface, edge, rect, edge_w, border_radius=12)
    if focused:
        draw_focus_ring(surface, rect, theme)
    if text_color is None:
        text_color = ink_on(theme, fill)
    verdict = {theme.right: "right", theme.wrong: "wrong"}.get(fill) if fill else None
    geo = _geometry(text, rect, index, key, mark, max_px, icon_room=verdict is not None)
    if geo.badge is not None:
        pygame.draw.rect(
            surface, theme.text if not selected else theme.selected, geo.badge, border_radius=8
        )
        text.fit(
            geo.key_label,
            geo.badge.width - 6,
            geo.badge.height - 4,
            geo.key_px,
            10,
            bold=True,
            color=theme.accent_text,
            max_lines=1,
        ).draw(surface, geo.badge, align="center", valign="middle")
    if geo.shape_at is not None and index is not None:
        draw_shape(
            surface,
            CHOICE_SHAPES[index % len(CHOICE_SHAPES)],
            geo.shape_at,
            geo.shape_r,
            text_color,
        )
    if verdict and geo.icon is not None:
        # A revealed answer carries a tick or a cross beside its mark, not only a colour.
        draw_icon(surface, verdict, geo.icon, text_color)
    if mark and geo.mark is not None:
        stacked = geo.mark.x < geo.label.x + geo.label.width // 2
        text.fit(
            mark,
            geo.mark.width,
            geo.mark.height,
            geo.mark_px,
            9,
            bold=True,
            color=text_color,
            max_lines=2,  # "WRONG · YOURS" may take two lines in a narrow cell
        ).draw(surface, geo.mark, align="left" if stacked else "right", valign="middle")
    inner = geo.label
    block = text.fit(label, inner.width, inner.height, max_px, min_px, bold=bold, color=text_color)
    block.draw(surface, inner, align=align, valign="middle")
    return block.overflow


def notice_line_rect(size: tuple[int, int]) -> pygame.Rect:
    """Where `draw_notice_line` draws: a strip along the bottom of the window."""
    w, h = size
    strip = max(30, int(34 * scaled(size)))
    return pygame.Rect(0, h - strip, w, strip)


def draw_notice_line(surface: pygame.Surface, text: TextCache, theme: Theme, message: str) -> None:
    """A one-line notice over the bottom of any screen (e.g. no speech engine for self-voicing)."""
    rect = notice_line_rect(surface.get_size())
    pygame.draw.rect(surface, theme.accent, rect)
    inner = rect.inflate(-24, -6)
    px = max(14, rect.height * 11 // 20)
    text.fit(message, inner.width, inner.height, px, 10, bold=True, color=theme.accent_text).draw(
        surface, inner, align="center", valign="middle"
    )


def draw_bar(
    surface: pygame.Surface, rect: pygame.Rect, fraction: float, color: Color, back: Color
) -> None:
    """A progress bar; when the fill would not stand out from the track (< 3:1), the track is
    drawn as an outline only, so the fill meets whatever is behind the bar instead."""
    if contrast_ratio(color, back) >= AA_UI:
        pygame.draw.rect(surface, back, rect, border_radius=rect.height // 2)
    else:
        pygame.draw.rect(
            surface, back, rect, max(1, rect.height // 5), border_radius=rect.height // 2
        )
    filled = rect.copy()
    filled.width = max(0, int(rect.width * max(0.0, min(1.0, fraction))))
    if filled.width:
        pygame.draw.rect(surface, color, filled, border_radius=rect.height // 2)
