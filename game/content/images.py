"""Checking a question's picture file: that it exists, is a format every screen can show, and is
within the size limits, and what it holds (its SHA-256, pixel size and media type).

Why it exists: `game.content` never imports pygame, and a picture is checked wherever banks are
loaded (`civic-quiz validate`, the game, the classroom host), so the check reads only the file's
header, in plain Python: PNG, JPEG, GIF and WebP are the formats both pygame-ce (SDL_image) and
phone browsers show. SVG is refused (pygame cannot show it as the author drew it). A file whose
header is fine but whose data is broken passes here; the game then shows the alt text instead.
"""

from __future__ import annotations

import hashlib
import re
import struct
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from game.content.format import IMAGE_FORMATS, MAX_IMAGE_BYTES, MAX_IMAGE_SIDE
from game.core.model import ImageFile

__all__ = ["ImageProblem", "inspect_image", "resolve_image", "sniff"]

MEDIA_TYPES = {
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "GIF": "image/gif",
    "WebP": "image/webp",
}
_OTHER_FORMATS = (  # recognised but not shown: what to convert them to
    (b"BM", "a BMP"),
    (b"II*\x00", "a TIFF"),
    (b"MM\x00*", "a TIFF"),
    (b"%PDF", "a PDF"),
)
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_LIMITS = (
    f"{', '.join(IMAGE_FORMATS[:-1])} or {IMAGE_FORMATS[-1]} (at most "
    f"{MAX_IMAGE_BYTES // (1024 * 1024)} MB and {MAX_IMAGE_SIDE}×{MAX_IMAGE_SIDE} pixels)"
)


@dataclass(frozen=True)
class ImageProblem:
    """Why a picture cannot be used: `code` for tools, `message` and `hint` for the author."""

    code: str
    message: str
    hint: str


def sniff(data: bytes) -> tuple[str, int, int] | None:
    """(format, width, height) of a PNG, JPEG, GIF or WebP file's bytes; None if it is none of
    them or its header is cut short."""
    try:
        if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
            width, height = struct.unpack(">II", data[16:24])
            return "PNG", width, height
        if data[:6] in (b"GIF87a", b"GIF89a"):
            width, height = struct.unpack("<HH", data[6:10])
            return "GIF", width, height
        if data.startswith(b"\xff\xd8"):
            return _jpeg(data)
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            return _webp(data)
    except struct.error:
        return None
    return None


def _jpeg(data: bytes) -> tuple[str, int, int] | None:
    """A JPEG's size from its start-of-frame segment (walking the segments before it)."""
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # padding
            at += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # no length
            at += 2
            continue
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return "JPEG", width, height
        if length < 2:
            return None
        at += 2 + length
    return None


def _webp(data: bytes) -> tuple[str, int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", data[26:30])
        return "WebP", width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and data[20] == 0x2F:
        b0, b1, b2, b3 = data[21:25]
        width = 1 + (((b1 & 0x3F) << 8) | b0)
        height = 1 + (((b3 & 0x0F) << 10) | (b2 << 2) | ((b1 & 0xC0) >> 6))
        return "WebP", width, height
    if chunk == b"VP8X":
        width = 1 + int.from_bytes(data[24:27], "little")
        height = 1 + int.from_bytes(data[27:30], "little")
        return "WebP", width, height
    return None


def resolve_image(bank_path: str, written: str) -> Path | ImageProblem:
    """The file a question's `image:` names, relative to the folder of the bank file."""
    text = written.strip()
    if _URL.match(text):
        return ImageProblem(
            "image-url",
            f"`image` {text!r} is a web address; the game never loads anything from the internet",
            "download the picture into the bank's folder and give its path, e.g. "
            "`image: images/map.png`",
        )
    if PurePosixPath(text).is_absolute() or PureWindowsPath(text).is_absolute():
        return ImageProblem(
            "image-path",
            f"`image` {text!r} is an absolute path; a bank copied to another computer would "
            "lose it",
            "put the picture in the bank's folder (or a folder beside it) and give the path "
            "from there, e.g. `image: images/map.png`",
        )
    return Path(bank_path).resolve().parent / text.replace("\\", "/")


def inspect_image(file: Path, written: str) -> ImageFile | ImageProblem:
    """Check the picture at `file` (named `written` in the bank) and describe it."""
    where = f"`image` {written!r}"
    try:
        size = file.stat().st_size
        is_file = file.is_file()
    except OSError:
        size, is_file = -1, False
    if not is_file:
        return ImageProblem(
            "image-missing",
            f"{where}: no such file ({file})",
            "paths are relative to the bank file's folder; copy the picture there or correct "
            "the path (letter case counts on Linux and macOS)",
        )
    if size > MAX_IMAGE_BYTES:
        return ImageProblem(
            "image-too-large",
            f"{where} is {size / (1024 * 1024):.1f} MB; a picture may be at most "
            f"{MAX_IMAGE_BYTES // (1024 * 1024)} MB",
            f"save it smaller (at most {MAX_IMAGE_SIDE} pixels wide is plenty for a projector; "
            "JPEG for photos, PNG for charts)",
        )
    try:
        data = file.read_bytes()
    except OSError as exc:
        return ImageProblem(
            "image-unreadable",
            f"{where}: cannot read the file ({exc.strerror or exc})",
            "check that the file is not open elsewhere and that you may read it",
        )
    found = sniff(data)
    if found is None:
        return ImageProblem(
            "image-format",
            f"{where} is {_kind(data)}, which the game cannot show",
            f"save it as {_LIMITS}",
        )
    fmt, width, height = found
    if width < 1 or height < 1:
        return ImageProblem(
            "image-format", f"{where} says it is {width}×{height} pixels", "save it again"
        )
    if max(width, height) > MAX_IMAGE_SIDE:
        return ImageProblem(
            "image-too-large",
            f"{where} is {width}×{height} pixels; a picture may be at most "
            f"{MAX_IMAGE_SIDE}×{MAX_IMAGE_SIDE}",
            f"scale it down to at most {MAX_IMAGE_SIDE} pixels on its longer side",
        )
    return ImageFile(
        path=str(file.resolve()),
        sha256=hashlib.sha256(data).hexdigest(),
        media_type=MEDIA_TYPES[fmt],
        width=width,
        height=height,
    )


def _kind(data: bytes) -> str:
    """What a file we cannot show seems to be, for the message."""
    head = data[:512].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml")) or b"<svg" in head:
        return "an SVG drawing"
    for magic, name in _OTHER_FORMATS:
        if data.startswith(magic):
            return f"{name} file"
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypavif"):
        return "an HEIC/AVIF photo"
    if not data:
        return "an empty file"
    return "not a PNG, JPEG, GIF or WebP picture (or its header is damaged)"
