"""The `civic-quiz` command: the composition root that wires the core, content and shell together.

Each subcommand imports what it needs when it runs, so `civic-quiz validate` never loads pygame
and a headless classroom host never opens a window.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]

DEFAULT_BANKS = "questions"


def _default_bank_dir() -> Path:
    """`questions/` of the current folder, else the one shipped beside the package."""
    here = Path(DEFAULT_BANKS)
    if here.is_dir():
        return here
    return Path(__file__).resolve().parent.parent / DEFAULT_BANKS


def _cmd_validate(args: argparse.Namespace) -> int:
    from game.content.loader import default_cache_dir, load_paths
    from game.content.problems import format_json, format_text

    paths = args.paths or [str(_default_bank_dir())]
    cache = None if args.no_cache else default_cache_dir()
    result = load_paths(paths, cache)
    problems = sorted(result.problems, key=lambda p: (p.path, p.line, p.column))
    shown = [p for p in problems if p.is_error] if not args.warnings else problems
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if args.format == "json":
        print(format_json(shown))
    else:
        if shown:
            print(format_text(shown))
        questions = sum(len(b.questions) for b in result.banks)
        summary = (f"{len(result.banks)} bank(s), {questions} question(s): "
                   f"{errors} error(s), {warnings} warning(s)")
        print(summary, file=sys.stderr if shown else sys.stdout)
    return 1 if errors else 0


def _cmd_schema(args: argparse.Namespace) -> int:
    import json

    from game.content.format import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2, as documented
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="civic-quiz", description="An offline civic-education quiz game.")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    validate = sub.add_parser("validate", help="check bank files and report every problem")
    validate.add_argument("paths", nargs="*", help=f"files or folders (default: {DEFAULT_BANKS}/)")
    validate.add_argument("--format", choices=("text", "json"), default="text")
    validate.add_argument("--no-warnings", dest="warnings", action="store_false",
                          help="show errors only")
    validate.add_argument("--no-cache", action="store_true", help="ignore the bank cache")
    validate.set_defaults(func=_cmd_validate)

    schema = sub.add_parser("schema", help="print the JSON Schema of bank files")
    schema.set_defaults(func=_cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
