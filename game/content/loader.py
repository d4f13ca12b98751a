"""Reading bank files from disk: bytes → text → YAML → Bank, with every problem reported.

This is the only module in `game.content` that touches the file system, with `images.py`, which
it asks to check each question's picture file. The game, the validator
and the exporters all load banks through `load_paths`, so a broken bank is reported the same way
everywhere and never stops the other banks from loading.

A validated bank is cached (pickled, keyed by the SHA-256 of the file's bytes and the loader's
version) so that loading an unchanged bank again skips parsing. The cache is only an accelerator:
any failure to read or write it falls back to a normal load. Pictures are checked after the
cache, on every load: the bank's bytes say nothing about whether its picture files changed.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import os
import pickle
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from game.content.formats.common import decode_text
from game.content.images import ImageProblem, inspect_image, resolve_image
from game.content.problems import Problem, Severity
from game.content.validate import check_across, check_bank
from game.content.yamldoc import YList, YMap, parse_yaml
from game.core.model import Bank

__all__ = [
    "BANK_SUFFIXES",
    "LoadResult",
    "default_cache_dir",
    "find_bank_files",
    "load_bytes",
    "load_file",
    "load_paths",
]

BANK_SUFFIXES = (".yaml", ".yml")
MAX_FILE_BYTES = 32 * 1024 * 1024
CACHE_VERSION = "1"  # bump when the cache's own layout changes
_CODE_FILES = ("answers.py", "model.py"), ("format.py", "loader.py", "validate.py", "yamldoc.py")


@dataclass(frozen=True)
class LoadResult:
    banks: tuple[Bank, ...]
    problems: tuple[Problem, ...]
    question_lines: dict[tuple[str, str], int] = field(default_factory=dict)  # (path, id) → line

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


@dataclass(frozen=True)
class _FileResult:
    bank: Bank | None
    problems: tuple[Problem, ...]
    id_lines: dict[str, int]  # question id -> line of its `id:`
    image_marks: dict[str, tuple[int, int]] = field(default_factory=dict)  # id -> its `image:`


@functools.cache
def _code_fingerprint() -> str:
    """A hash of the code that turns bytes into a Bank: a changed validator misses the cache."""
    digest = hashlib.sha256(CACHE_VERSION.encode())
    core, content = Path(__file__).parent.parent / "core", Path(__file__).parent
    for folder, names in zip((core, content), _CODE_FILES, strict=True):
        for name in names:
            digest.update((folder / name).read_bytes())
    return digest.hexdigest()[:12]


def default_cache_dir() -> Path | None:
    """Where validated banks are cached: $CIVIC_QUIZ_CACHE_DIR, else the user cache dir."""
    override = os.environ.get("CIVIC_QUIZ_CACHE_DIR")
    if override is not None:
        return Path(override) if override else None  # empty: no cache
    try:
        import platformdirs
    except ImportError:
        return None
    return Path(platformdirs.user_cache_dir("civic-quiz", appauthor=False)) / "banks"


def find_bank_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """Expand folders into their bank files (sorted); report paths that don't exist."""
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix in BANK_SUFFIXES and p.is_file() and not p.name.startswith((".", "_"))
            )
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(
                Problem(Severity.ERROR, "no-file", f"no such file or folder: {path}", str(path))
            )
    return files, problems


def _decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    def err(code: str, message: str, line: int = 1, hint: str | None = None) -> list[Problem]:
        return [Problem(Severity.ERROR, code, message, path, line, 1 if line else 0, hint=hint)]

    if len(data) > MAX_FILE_BYTES:
        return None, err(
            "too-large",
            f"the file is {len(data) // (1024 * 1024)} MB; banks may "
            f"be at most {MAX_FILE_BYTES // (1024 * 1024)} MB",
            0,
            "split it into several banks",
        )
    if not data.strip():
        return None, err(
            "empty",
            "the file is empty",
            hint="start from `civic-quiz new-bank FILE` or copy a shipped bank",
        )
    if b"\x00" in data[:8192] or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, err(
            "binary",
            "this is not a text file (it contains NUL bytes or is UTF-16)",
            hint="save the bank as UTF-8 text",
        )
    text, problem = decode_text(data, path, "save the file as UTF-8 in your editor")
    if text is None:
        return None, [problem] if problem else []
    controls = [ch for ch in text[:65536] if ch < " " and ch not in "\t\n\r"]
    if len(controls) > 8:
        return None, err("binary", "this looks like a binary file, not a YAML bank")
    return text, []


def _image_marks(doc: object) -> dict[str, tuple[int, int]]:
    """Line and column of each question's `image:` value, for the picture checks' messages."""
    marks: dict[str, tuple[int, int]] = {}
    if isinstance(doc, YMap) and isinstance(doc.get("questions"), YList):
        for item in doc["questions"]:
            if isinstance(item, YMap) and isinstance(item.get("id"), str) and "image" in item:
                pos = item.value_pos["image"]
                marks.setdefault(item["id"], (pos.line + 1, pos.column + 1))
    return marks


def _with_images(result: _FileResult) -> _FileResult:
    """Check every question's picture file and attach what was found (`Question.image_file`).
    A picture that cannot be used is an error for the author; the question stays playable,
    showing its alt text where the picture would be."""
    bank = result.bank
    if bank is None or not any(q.image for q in bank.questions):
        return result
    problems = list(result.problems)
    questions = []
    for q in bank.questions:
        if not q.image:
            questions.append(q)
            continue
        where = resolve_image(bank.path, q.image)
        found = where if isinstance(where, ImageProblem) else inspect_image(where, q.image)
        if isinstance(found, ImageProblem):
            line, column = result.image_marks.get(q.id, (result.id_lines.get(q.id, 0), 0))
            problems.append(
                Problem(
                    Severity.ERROR,
                    found.code,
                    found.message,
                    bank.path,
                    line,
                    column,
                    q.id,
                    found.hint,
                )
            )
            questions.append(replace(q, image_file=None))
        else:
            questions.append(replace(q, image_file=found))
    return replace(result, bank=replace(bank, questions=tuple(questions)), problems=tuple(problems))


def _id_lines(doc: object) -> dict[str, int]:
    lines: dict[str, int] = {}
    if isinstance(doc, YMap) and isinstance(doc.get("questions"), YList):
        for item in doc["questions"]:
            if isinstance(item, YMap) and isinstance(item.get("id"), str):
                lines.setdefault(item["id"], item.value_pos["id"].line + 1)
    return lines


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Parsing builds hundreds of thousands of small acyclic objects; the cycle collector would
    scan them again and again (two thirds of the time of a large bank). Reference counting frees
    them all the same; any cycle (a recursive alias) is collected once the collector is back."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_bytes(data: bytes, path: str) -> _FileResult:
    """Decode, parse and check a bank's bytes (no cache): for files and for text about to be
    written, such as a question `civic-quiz new` appends."""
    with _gc_paused():
        return _parse_and_check(data, path)


def _parse_and_check(data: bytes, path: str) -> _FileResult:
    text, problems = _decode(data, path)
    if text is None:
        return _FileResult(None, tuple(problems), {})
    located = parse_yaml(text, path)
    if located.value is None:
        return _FileResult(None, located.problems, {})
    bank, more = check_bank(located.value, path)
    return _FileResult(
        bank, located.problems + tuple(more), _id_lines(located.value), _image_marks(located.value)
    )


def _rebind(result: _FileResult, path: str) -> _FileResult:
    """Put the current path into a cached result (the same bytes may live elsewhere now)."""
    bank = result.bank
    if bank is not None and bank.path != path:
        bank = replace(bank, path=path)
    problems = tuple(p if p.path == path else replace(p, path=path) for p in result.problems)
    return _FileResult(bank, problems, result.id_lines, result.image_marks)


def load_file(path: str | Path, cache_dir: Path | None = None) -> _FileResult:
    """Load and validate one bank file, using the cache when given one."""
    shown = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return _FileResult(
            None,
            (
                Problem(
                    Severity.ERROR,
                    "unreadable",
                    f"cannot read the file: {exc.strerror or exc}",
                    shown,
                ),
            ),
            {},
        )
    cache_file = None
    if cache_dir is not None:
        digest = hashlib.sha256(data).hexdigest()
        cache_file = cache_dir / f"{digest}-{_code_fingerprint()}.pickle"
        try:
            with open(cache_file, "rb") as fh:
                cached = pickle.load(fh)
            if isinstance(cached, _FileResult):
                return _with_images(_rebind(cached, shown))
        except (
            OSError,
            pickle.PickleError,
            EOFError,
            AttributeError,
            ImportError,
            TypeError,
            ValueError,
        ):
            pass
    result = load_bytes(data, shown)
    if cache_file is not None:
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache_file.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, cache_file)
        except OSError:
            pass
    return _with_images(result)


def load_paths(paths: Sequence[str | Path], cache_dir: Path | None = None) -> LoadResult:
    """Load every bank under `paths` (files or folders), checking ids across all of them."""
    files, problems = find_bank_files(paths)
    banks: list[Bank] = []
    id_lines: dict[tuple[str, str], int] = {}
    for file in files:
        result = load_file(file, cache_dir)
        problems.extend(result.problems)
        if result.bank is not None:
            banks.append(result.bank)
            for qid, line in result.id_lines.items():
                id_lines[(result.bank.path, qid)] = line
    problems.extend(check_across(banks, id_lines))
    return LoadResult(tuple(banks), tuple(problems), id_lines)
