"""A question's picture on a pygame screen, for the solo game, the projector and Teams.

One place decides how a picture is shown everywhere: scaled to fit its box with its aspect kept,
never enlarged past `MAX_UPSCALE` (a small picture blown up is only blur), and framed. The file
is read once and checked against the SHA-256 the loader (or a session's snapshot) recorded: a
picture that is missing, broken or changed since is never a crash and never a different picture,
but a grey box with the alt text in it. Decoded and scaled pictures are cached, so a frame costs
one blit.
"""

from __future__ import annotations

import hashlib
import io
from collections import OrderedDict
from typing import TYPE_CHECKING

import pygame

from game.app.decoder_noise import quiet_decoders
from game.app.widgets import draw_panel
from game.core.model import ImageFile, Question

if TYPE_CHECKING:
    from game.app.context import AppContext

__all__ = [
    "MAX_UPSCALE",
    "beside",
    "draw_question_image",
    "fitted_size",
    "image_speech",
    "load_picture",
    "under",
]

MAX_UPSCALE = 2.0
PICTURE_SHARE = 0.45  # at most this much of a row's width goes to a picture beside the text
_CACHE_SIZE = 24
_pictures: OrderedDict[tuple[str, str], pygame.Surface | None] = OrderedDict()
_scaled: OrderedDict[tuple[str, int, int], pygame.Surface] = OrderedDict()


def image_speech(question: Question) -> str:
    """What self-voicing (and the alt box) says of the picture: its alt text."""
    if not question.shows_image:
        return ""
    return f"Picture: {(question.image_alt or 'no description').rstrip('.')}."


def fitted_size(native: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """The largest size with `native`'s aspect that fits `box`, at most MAX_UPSCALE times
    the native size (and at least 1×1)."""
    w, h = max(1, native[0]), max(1, native[1])
    scale = min(box[0] / w, box[1] / h, MAX_UPSCALE)
    return max(1, int(w * scale)), max(1, int(h * scale))


def _remember(cache: OrderedDict, key: object, value: object) -> None:  # type: ignore[type-arg]
    cache[key] = value
    cache.move_to_end(key)
    while len(cache) > _CACHE_SIZE:
        cache.popitem(last=False)


def load_picture(image: ImageFile | None) -> pygame.Surface | None:
    """The decoded picture, or None when it cannot be shown as it was checked: the file is
    gone, unreadable, changed since (another SHA-256) or not decodable."""
    if image is None:
        return None
    key = (image.path, image.sha256)
    if key in _pictures:
        return _pictures[key]
    picture: pygame.Surface | None = None
    try:
        with open(image.path, "rb") as fh:
            data = fh.read(64 * 1024 * 1024)
        if hashlib.sha256(data).hexdigest() == image.sha256:
            hint = "x." + image.media_type.rsplit("/", 1)[-1]
            with quiet_decoders():  # a damaged file is our alt-text box, not libpng's line
                picture = pygame.image.load(io.BytesIO(data), hint)
            if pygame.display.get_surface() is not None:
                picture = picture.convert_alpha()
    except (OSError, pygame.error, ValueError, MemoryError):
        picture = None
    _remember(_pictures, key, picture)
    return picture


def _native(question: Question) -> tuple[int, int]:
    file = question.image_file
    return (file.width, file.height) if file is not None else (4, 3)


def beside(
    question: Question, rect: pygame.Rect, gap: int, share: float = PICTURE_SHARE
) -> tuple[pygame.Rect, pygame.Rect]:
    """Split `rect` into the text's part (left) and the picture's (right), the picture as
    wide as it can use within `share` of the width; no picture: all of it for the text."""
    if not question.shows_image or rect.width < 4 * gap:
        return rect, pygame.Rect(rect.right, rect.y, 0, 0)
    most = int(rect.width * share)
    w, _ = fitted_size(_native(question), (most, rect.height))
    if question.image_file is None or load_picture(question.image_file) is None:
        w = most  # the alt text's box: as wide as allowed, so its words are readable
    w = max(w, min(most, rect.width // 4))
    text = pygame.Rect(rect.x, rect.y, rect.width - w - gap, rect.height)
    return text, pygame.Rect(rect.right - w, rect.y, w, rect.height)


def under(question: Question, width: int, most_h: int) -> int:
    """The height a picture takes across `width` (at most `most_h`): for layouts that stack
    the picture below the prompt. 0 without a picture."""
    if not question.shows_image:
        return 0
    picture = load_picture(question.image_file)
    if picture is None:
        return min(most_h, max(60, most_h // 2))
    return min(most_h, fitted_size(_native(question), (width, most_h))[1])


def draw_question_image(
    surface: pygame.Surface, ctx: AppContext, question: Question, rect: pygame.Rect
) -> pygame.Rect:
    """Draw the picture fitted into `rect` (centred), or the alt-text box when it cannot be
    shown; returns the area drawn (empty without a picture)."""
    if not question.shows_image or rect.width < 2 or rect.height < 2:
        return pygame.Rect(rect.x, rect.y, 0, 0)
    theme = ctx.theme
    picture = load_picture(question.image_file)
    if picture is None:
        draw_panel(surface, rect, theme, radius=max(4, min(rect.size) // 12))
        pad = max(4, min(rect.size) // 14)
        inner = rect.inflate(-2 * pad, -2 * pad)
        ctx.text.fit(
            f"[Picture] {question.image_alt or ''}".strip(),
            inner.width,
            inner.height,
            ctx.px(20),
            10,
            color=theme.text,
            probe=True,  # shown as well as fits; self-voicing reads it whole
        ).draw(surface, inner, align="center", valign="middle")
        return rect
    size = fitted_size(picture.get_size(), rect.size)
    file = question.image_file
    assert file is not None
    key = (file.sha256, *size)
    scaled = _scaled.get(key)
    if scaled is None:
        scaled = (
            pygame.transform.smoothscale(picture, size)
            if picture.get_bitsize() >= 24
            else pygame.transform.scale(picture, size)
        )
        _remember(_scaled, key, scaled)
    place = scaled.get_rect(center=rect.center)
    surface.blit(scaled, place)
    border = max(1, theme.border_width)
    pygame.draw.rect(surface, theme.panel_border, place.inflate(2 * border, 2 * border), border)
    return place
