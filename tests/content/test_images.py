"""A question's picture: `image:` with `alt:`, checked by the loader for every way it can go
wrong (missing, a format the game cannot show, too many bytes or pixels, alt text missing or
just the file name), each an error naming the file, the line and what to do; and a good picture
reaches the game with its size, type and SHA-256."""

from __future__ import annotations

import hashlib
import shutil
import struct
import zlib
from pathlib import Path

import pytest

from game.cli import main
from game.content.format import MAX_IMAGE_BYTES, json_schema
from game.content.images import sniff
from tests.content.helpers import GOOD_SINGLE, HEADER, load_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "images"
# GOOD_SINGLE's `explanation:` is line 15 of HEADER + GOOD_SINGLE; the picture goes after it.
IMAGE_LINE = 16


def bank_with(tmp_path: Path, image: str | None, alt: str | None, copy: str | None = None) -> str:
    if copy is not None:
        (tmp_path / "images").mkdir(exist_ok=True)
        shutil.copy(FIXTURES / copy, tmp_path / "images" / copy)
    lines = []
    if image is not None:
        lines.append(f"    image: {image}\n")
    if alt is not None:
        lines.append(f"    alt: {alt}\n")
    head, tail = GOOD_SINGLE.split("    source:")
    return HEADER + head + "".join(lines) + "    source:" + tail


def errors(result):  # type: ignore[no-untyped-def]
    return [p for p in result.problems if p.is_error]


@pytest.mark.parametrize(
    ("name", "size", "media"),
    [
        ("chart.png", (240, 150), "image/png"),
        ("photo.jpg", (40, 30), "image/jpeg"),
        ("flag.gif", (40, 30), "image/gif"),
        ("tile.webp", (40, 30), "image/webp"),
        ("lossy.webp", (40, 30), "image/webp"),
    ],
)
def test_a_good_picture_reaches_the_question(
    tmp_path: Path, name: str, size: tuple[int, int], media: str
) -> None:
    result = load_text(
        tmp_path, bank_with(tmp_path, f"images/{name}", '"A test picture of shapes"', name)
    )
    assert errors(result) == []
    q = result.banks[0].questions[0]
    assert q.image == f"images/{name}"
    assert q.image_alt == "A test picture of shapes"
    assert q.image_file is not None
    assert (q.image_file.width, q.image_file.height) == size
    assert q.image_file.media_type == media
    data = (FIXTURES / name).read_bytes()
    assert q.image_file.sha256 == hashlib.sha256(data).hexdigest()
    assert Path(q.image_file.path) == (tmp_path / "images" / name).resolve()


def test_every_shown_format_loads_in_pygame() -> None:
    """What validate accepts, the game can draw (pygame-ce's SDL_image)."""
    import pygame

    for name in ("chart.png", "photo.jpg", "flag.gif", "tile.webp", "lossy.webp"):
        found = sniff((FIXTURES / name).read_bytes())
        assert found is not None
        surface = pygame.image.load(str(FIXTURES / name))
        assert surface.get_size() == found[1:]


def test_a_missing_file_names_the_bank_line_and_what_to_do(tmp_path: Path) -> None:
    result = load_text(tmp_path, bank_with(tmp_path, "images/map.png", '"A map of the border"'))
    (problem,) = errors(result)
    assert problem.code == "image-missing"
    assert problem.path.endswith("bank.yaml")
    assert problem.line == IMAGE_LINE
    assert problem.question == "q-1"
    assert "images/map.png" in problem.message
    assert "relative to the bank file's folder" in (problem.hint or "")
    # The question stays playable: its alt text stands in for the picture.
    q = result.banks[0].questions[0]
    assert q.image_file is None and q.image_alt == "A map of the border"


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("drawing.svg", "an SVG drawing"),
        ("bitmap.bmp", "a BMP file"),
        ("broken.png", None),  # a good header: accepted here, the game shows the alt text
    ],
)
def test_formats_the_game_cannot_show_are_refused(
    tmp_path: Path, name: str, words: str | None
) -> None:
    result = load_text(tmp_path, bank_with(tmp_path, f"images/{name}", '"Shapes"', name))
    if words is None:
        assert errors(result) == []
        return
    (problem,) = errors(result)
    assert problem.code == "image-format"
    assert words in problem.message
    assert problem.line == IMAGE_LINE
    assert "PNG, JPEG, GIF or WebP" in (problem.hint or "")


def test_too_many_pixels_says_the_limit(tmp_path: Path) -> None:
    result = load_text(tmp_path, bank_with(tmp_path, "images/wide.png", '"A strip"', "wide.png"))
    (problem,) = errors(result)
    assert problem.code == "image-too-large"
    assert "2600×4 pixels" in problem.message and "2560×2560" in problem.message


def _png(width: int, height: int, payload: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"tEXt", payload)


def test_too_many_bytes_says_the_limit(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    big = _png(10, 10, b"x" * (MAX_IMAGE_BYTES + 10))
    (tmp_path / "images" / "big.png").write_bytes(big)
    result = load_text(tmp_path, bank_with(tmp_path, "images/big.png", '"A large picture"'))
    (problem,) = errors(result)
    assert problem.code == "image-too-large"
    assert "at most 2 MB" in problem.message


@pytest.mark.parametrize(
    ("alt", "code"),
    [
        (None, "missing-alt"),
        ('""', "empty"),
        ("chart.png", "alt-is-file-name"),
        ("chart", "alt-is-file-name"),
        ("images/chart.png", "alt-is-file-name"),
        ("Image", "alt-is-file-name"),
    ],
)
def test_alt_text_is_required_and_says_something(
    tmp_path: Path, alt: str | None, code: str
) -> None:
    result = load_text(tmp_path, bank_with(tmp_path, "images/chart.png", alt, "chart.png"))
    codes = [p.code for p in errors(result)]
    assert code in codes
    problem = next(p for p in errors(result) if p.code == code)
    assert problem.line in (IMAGE_LINE, IMAGE_LINE + 1)
    assert problem.hint or problem.code == "empty"
    assert result.banks[0].questions == ()  # a picture without words is not shown to anyone


def test_alt_without_image_is_an_error(tmp_path: Path) -> None:
    result = load_text(tmp_path, bank_with(tmp_path, None, '"A chart"'))
    (problem,) = errors(result)
    assert problem.code == "alt-without-image"
    assert problem.line == IMAGE_LINE


@pytest.mark.parametrize(
    ("image", "code"),
    [
        ("https://example.org/map.png", "image-url"),
        ("/etc/map.png", "image-path"),
        ('"C:\\\\maps\\\\map.png"', "image-path"),
    ],
)
def test_web_addresses_and_absolute_paths_are_refused(
    tmp_path: Path, image: str, code: str
) -> None:
    result = load_text(tmp_path, bank_with(tmp_path, image, '"A map"'))
    assert [p.code for p in errors(result)] == [code]


def test_old_banks_without_pictures_stay_valid(tmp_path: Path) -> None:
    result = load_text(tmp_path, HEADER + GOOD_SINGLE)
    assert errors(result) == []
    assert result.banks[0].questions[0].image is None


def test_a_cached_bank_still_checks_its_picture(tmp_path: Path) -> None:
    """The cache is keyed by the bank's bytes: a picture removed since is still reported."""
    from game.content.loader import load_paths

    text = bank_with(tmp_path, "images/chart.png", '"A bar chart"', "chart.png")
    (tmp_path / "bank.yaml").write_text(text, encoding="utf-8")
    cache = tmp_path / "cache"
    first = load_paths([tmp_path / "bank.yaml"], cache)
    assert errors(first) == [] and first.banks[0].questions[0].image_file is not None
    (tmp_path / "images" / "chart.png").unlink()
    again = load_paths([tmp_path / "bank.yaml"], cache)
    assert [p.code for p in errors(again)] == ["image-missing"]
    assert again.banks[0].questions[0].image_file is None


def test_the_schema_requires_alt_with_image() -> None:
    import jsonschema

    schema = json_schema()
    question = {
        "id": "q-1",
        "type": "true_false",
        "topic": "T",
        "difficulty": 1,
        "prompt": "P",
        "answer": True,
        "image": "a.png",
    }
    bank = {"bank": {"id": "b", "title": "B"}, "questions": [question]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bank, schema)
    question["alt"] = "A map"
    jsonschema.validate(bank, schema)


def test_validate_command_reports_the_picture(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = bank_with(tmp_path, "images/map.png", '"A map"')
    (tmp_path / "bank.yaml").write_text(text, encoding="utf-8")
    code = main(["validate", str(tmp_path / "bank.yaml")])
    out = capsys.readouterr()
    assert code == 1
    shown = out.out + out.err
    assert f"bank.yaml:{IMAGE_LINE}:" in shown
    assert "images/map.png" in shown and "hint:" in shown
    assert "Traceback" not in shown


def test_a_bank_written_back_keeps_its_picture_and_alt_text(tmp_path: Path) -> None:
    """Import, `new-bank` and the exporters write banks through bank_io: `alt` goes with
    `image`, so a written bank validates again."""
    from game.content.bank_io import bank_to_data, dump_bank

    text = bank_with(tmp_path, "images/chart.png", '"A bar chart of four bars"', "chart.png")
    bank = load_text(tmp_path, text).banks[0]
    again = load_text(tmp_path, dump_bank(bank_to_data(bank)), "again.yaml")
    assert errors(again) == []
    q = again.banks[0].questions[0]
    assert (q.image, q.image_alt) == ("images/chart.png", "A bar chart of four bars")
    assert q.image_file == bank.questions[0].image_file
