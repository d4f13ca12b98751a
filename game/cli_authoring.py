"""The authors' commands: new-bank, new, stats, import, export.

Part of the composition root (game.cli registers them). Each command reads files, calls the
content layer, prints problems compiler-style and exits 0 (done), 1 (problems in the input) or
2 (usage error) — never with a traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from game.content.formats import ExportResult
from game.content.problems import Problem, format_text

__all__ = ["register"]


def _err(message: str, code: int = 1) -> int:
    print(f"civic-quiz: {message}", file=sys.stderr)
    return code


def _print_problems(problems: list[Problem] | tuple[Problem, ...]) -> None:
    if problems:
        print(
            format_text(sorted(problems, key=lambda p: (p.path, p.line, p.column))), file=sys.stderr
        )


# -- new-bank ----------------------------------------------------------------------------------


def _cmd_new_bank(args: argparse.Namespace) -> int:
    from game.content.authoring import template_for

    path = Path(args.file)
    if path.suffix not in (".yaml", ".yml"):
        path = path.with_suffix(".yaml")
    if path.exists():
        return _err(f"{path} already exists; choose another name (nothing was changed)")
    bank_id = args.id or re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "my-bank"
    title = args.title or path.stem.replace("-", " ").replace("_", " ").title()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(template_for(bank_id, title), encoding="utf-8")
    from game.resources import bank_schema

    schema = bank_schema()
    if not (path.parent / "bank.schema.json").exists() and schema.exists():
        (path.parent / "bank.schema.json").write_text(
            schema.read_text(encoding="utf-8"), encoding="utf-8"
        )
    print(
        f"created {path} (bank id `{bank_id}`) with one example question; edit it, then run "
        f"`civic-quiz validate {path}`"
    )
    return 0


# -- new ---------------------------------------------------------------------------------------


def _ask(prompt: str, default: str | None = None) -> str:
    suffix = f" [{default}]" if default else ""
    answer = input(f"{prompt}{suffix}: ").strip()
    return answer or (default or "")


def _collect(args: argparse.Namespace, bank: Any, interactive: bool) -> dict[str, Any] | str:
    """The new question's fields from the flags, asking for the rest in a terminal."""

    values: dict[str, Any] = {
        "type": args.type,
        "topic": args.topic,
        "difficulty": args.difficulty,
        "prompt": args.prompt,
        "choices": args.choice or [],
        "answer": args.answer,
        "explanation": args.explanation,
        "source": args.source,
    }
    types = list(_qtypes_by_name())
    missing = [k for k in ("type", "topic", "difficulty", "prompt") if values[k] in (None, "")]
    if not interactive and missing:
        return (
            f"missing {', '.join('--' + m for m in missing)} (or run it in a terminal to be asked)"
        )
    if interactive:
        topics = bank.topics()
        if not values["type"]:
            values["type"] = _ask(f"Type ({', '.join(types)})", types[0])
        if not values["topic"]:
            values["topic"] = _ask(
                "Topic" + (f" (e.g. {topics[0]})" if topics else ""), topics[0] if topics else None
            )
        if not values["difficulty"]:
            values["difficulty"] = _ask("Difficulty 1-3", "2")
        if not values["prompt"]:
            values["prompt"] = _ask("Prompt")
        kind = _qtypes_by_name().get(values["type"])  # what to ask: the question type says
        if kind is not None and kind.new_entries and not values["choices"]:
            print(f"{kind.new_entries}, one per line; an empty line ends:")
            while line := input("  > ").strip():
                values["choices"].append(line)
        if kind is not None and kind.new_answer and values["answer"] in (None, ""):
            values["answer"] = _ask(f"Answer ({kind.new_answer})")
        graded = kind is None or kind.graded
        if graded and not values["explanation"]:
            values["explanation"] = _ask("Explanation (why the answer is right)")
        ids = [s.id for s in bank.sources]
        if graded and not values["source"]:
            values["source"] = _ask(
                f"Source as ID:LOCATOR (declared: {', '.join(ids)})", f"{ids[0]}:" if ids else None
            )
        # An undeclared source would throw every typed field away at the check below: ask
        # for that one field again instead (an empty answer leaves the question unsourced).
        while values["source"] and _source_id(values["source"]) not in ids:
            print(
                f"source {_source_id(values['source'])!r} is not declared in this bank "
                f"(declared: {', '.join(ids) or 'none'}); declare it under bank: sources, "
                "or give a declared one"
            )
            values["source"] = _ask(
                f"Source as ID:LOCATOR (declared: {', '.join(ids)})", f"{ids[0]}:" if ids else None
            )
    return _question_data(values)


def _source_id(source: str) -> str:
    return str(source).partition(":")[0].strip()


def _question_data(v: dict[str, Any]) -> dict[str, Any] | str:
    qtype = v["type"]
    try:
        difficulty = int(v["difficulty"])
    except (TypeError, ValueError):
        return f"difficulty must be 1, 2 or 3, not {v['difficulty']!r}"
    data: dict[str, Any] = {
        "id": "",
        "type": qtype,
        "topic": v["topic"],
        "difficulty": difficulty,
        "prompt": v["prompt"],
    }
    choices: list[str] = v["choices"]
    answer = v["answer"]
    kind = _qtypes_by_name().get(qtype)  # an unknown type: the bank's check names it
    try:
        if kind is not None:
            data.update(kind.from_new(choices, answer))
    except (TypeError, ValueError):
        return f"cannot read the answer {answer!r} for a `{qtype}` question"
    if v["explanation"]:
        data["explanation"] = v["explanation"]
    if v["source"]:
        sid, _, locator = str(v["source"]).partition(":")
        data["source"] = {"id": sid.strip(), "locator": locator.strip()}
    return data


def _cmd_new(args: argparse.Namespace) -> int:
    from game.content.authoring import AppendError, append_question, next_question_id
    from game.content.loader import load_bytes, load_file

    path = Path(args.bank)
    if not path.exists():
        return _err(f"{path} does not exist; create it with `civic-quiz new-bank {path}`")
    loaded = load_file(path)
    errors = [p for p in loaded.problems if p.is_error]
    if loaded.bank is None or errors:
        _print_problems(errors)
        return _err(f"{path} has errors; fix them before adding a question")
    interactive = sys.stdin.isatty() and not args.no_input
    try:
        data = _collect(args, loaded.bank, interactive)
    except (EOFError, KeyboardInterrupt):
        return _err("cancelled; nothing was written", 1)
    if isinstance(data, str):
        return _err(data, 2)
    data["id"] = args.id or next_question_id(loaded.bank)
    text = path.read_text(encoding="utf-8")
    try:
        new_text = append_question(text, data)
    except AppendError as exc:
        return _err(f"{path}: {exc}")
    problems = list(load_bytes(new_text.encode("utf-8"), str(path)).problems)
    if any(p.is_error for p in problems):
        _print_problems([p for p in problems if p.is_error])
        return _err(f"the new question is not valid; {path} was not changed")
    path.write_text(new_text, encoding="utf-8")
    _print_problems([p for p in problems if not p.is_error])
    print(f"added {data['id']} to {path}")
    return 0


# -- stats -------------------------------------------------------------------------------------


def _table(title: str, rows: Sequence[tuple[object, Any]]) -> str:
    width = max([len(str(k)) for k, _ in rows] + [len(title)])
    out = [title, "-" * (width + 8)]
    out += [f"{str(k):<{width}}  {v:>5}" for k, v in rows]
    return "\n".join(out)


def _cmd_stats(args: argparse.Namespace) -> int:
    from game.cli import _default_bank_dir
    from game.content.authoring import bank_stats
    from game.content.loader import load_paths

    result = load_paths(args.paths or [str(_default_bank_dir())])
    _print_problems([p for p in result.problems if p.is_error])
    stats = bank_stats(result.banks, date.today())
    parts = [
        f"{stats.questions} questions in {len(result.banks)} bank(s)",
        _table("bank", sorted(stats.by_bank.items())),
        _table("topic", sorted(stats.by_topic.items())),
        _table("type", sorted(stats.by_type.items())),
        _table("difficulty", sorted(stats.by_difficulty.items())),
        _table("sources cited", sorted(stats.sources_cited.items())),
        f"without explanation ({len(stats.no_explanation)}): "
        + (", ".join(stats.no_explanation) or "none"),
        f"without valid_as_of ({len(stats.no_valid_as_of)}): "
        + (
            ", ".join(stats.no_valid_as_of[:20]) + (" …" if len(stats.no_valid_as_of) > 20 else "")
            or "none"
        ),
        f"valid_as_of older than a year ({len(stats.stale)}): "
        + (", ".join(f"{qid} ({d.isoformat()})" for qid, d in stats.stale) or "none"),
    ]
    print("\n\n".join(parts))
    return 1 if any(p.is_error for p in result.problems) else 0


# -- import / export ---------------------------------------------------------------------------


def _import_format(args: argparse.Namespace, source: Path, raw: bytes) -> str | int:
    """The format to read `source` in: --format, else its content, else its name."""
    from game.content.formats import FORMATS, guess_format
    from game.content.formats.detect import detect_format

    if args.format:
        return str(args.format)
    readable = ", ".join(f for f in FORMATS if FORMATS[f].reader)
    by_name = guess_format(source)
    found = detect_format(raw, source)
    if found.name is not None:
        if by_name is not None and by_name != found.name:
            print(
                f"civic-quiz: reading {source} as {found.name}, not {by_name}: {found.reason}; "
                "use --format to choose another",
                file=sys.stderr,
            )
        return found.name
    if by_name is not None and "QTI" not in found.reason:
        return by_name
    return _err(
        f"cannot tell the format of {source}: {found.reason}; "
        f"if it is one Civic Quiz reads, add --format with one of {readable}",
        2,
    )


def _cmd_import(args: argparse.Namespace) -> int:
    from game.content.bank_io import dump_bank
    from game.content.formats import FORMATS, ImportResult, reader
    from game.content.formats.common import tex_problems
    from game.content.import_ids import ids_in_folder, retarget
    from game.content.loader import load_file

    source = Path(args.file)
    try:
        raw = source.read_bytes()
    except OSError as exc:
        return _err(f"cannot read {source}: {exc.strerror or exc}")
    fmt = _import_format(args, source, raw)
    if isinstance(fmt, int):
        return fmt
    if fmt not in FORMATS:
        return _err(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}", 2)
    read = reader(fmt)
    if read is None:
        return _err(f"{fmt} can only be exported, not imported", 2)
    result = read(raw, str(source))
    result = ImportResult(
        result.data, result.problems + tuple(tex_problems(result.data, str(source)))
    )
    if result.data is None or not result.data.get("questions"):
        _print_problems(list(result.problems))
        return _err(f"no questions could be imported from {source}")
    out = Path(args.output) if args.output else Path(source.stem.replace(".gift", "") + ".yaml")
    if out.exists() and not args.force:
        _print_problems(list(result.problems))
        return _err(f"{out} already exists; use -o for another name or --force to replace it")
    taken_banks, taken_questions = ids_in_folder(out.parent, skip=out)
    placed = retarget(result.data, source, out, taken_banks, taken_questions)
    final = dict(placed.ids)  # the warnings name questions by the ids they are saved under
    _print_problems(
        [
            dataclasses.replace(p, question=final[p.question]) if p.question in final else p
            for p in result.problems
        ]
    )
    for old, new in placed.renamed:
        print(
            f"civic-quiz: id {old!r} is already used by a bank in {out.parent}; "
            f"imported as {new!r}",
            file=sys.stderr,
        )
    out.write_text(dump_bank(placed.data), encoding="utf-8")
    check = load_file(out)
    bad = [p for p in check.problems if p.is_error]
    _print_problems(bad)
    count = len(placed.data["questions"])
    warnings = sum(not p.is_error for p in result.problems)
    print(
        f"imported {count} question(s) from {source} into {out} as bank "
        f"{placed.data['bank']['id']!r}"
        + (f" ({warnings} warning(s) above)" if warnings else "")
        + by_code(result.problems)
    )
    return 1 if bad or any(p.is_error for p in result.problems) else 0


def _cmd_export(args: argparse.Namespace) -> int:
    from game.content.formats import FORMATS, guess_format, writer
    from game.content.loader import load_paths

    fmt = args.format or guess_format(args.output)
    if fmt is None:
        return _err(
            "say which format with --format ("
            + ", ".join(f for f in FORMATS if FORMATS[f].writer)
            + ")",
            2,
        )
    if fmt not in FORMATS:
        return _err(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}", 2)
    write = writer(fmt)
    if write is None:
        return _err(f"{fmt} can only be imported, not exported", 2)
    if fmt == "anki":
        from game.content.formats import anki

        if not anki.available():
            return _err(
                "Anki export needs the genanki library: pip install 'civic-quiz[anki]'; "
                "nothing was written",
                2,
            )
    result = load_paths(args.paths)
    errors = [p for p in result.problems if p.is_error]
    if errors:
        _print_problems(errors)
        return _err("fix the banks' errors before exporting; nothing was written")
    exported = write(result.banks)
    _print_problems(list(exported.problems))
    out = Path(args.output)
    if isinstance(exported.content, bytes):
        out.write_bytes(exported.content)
    else:
        out.write_text(exported.content, encoding="utf-8")
    print(export_summary(exported, sum(len(b.questions) for b in result.banks), out, fmt))
    return 0


def export_summary(exported: ExportResult, total: int, out: Path, fmt: str) -> str:
    """ "exported 132 of 156 question(s) …; 24 skipped", then one line per reason with its count."""
    from collections import Counter

    skipped = Counter(s.reason for s in exported.skipped)
    count = sum(skipped.values())
    text = f"exported {total - count} of {total} question(s) to {out} as {fmt}"
    if count:
        text += f"; {count} skipped"
    if exported.problems:
        text += f"; {len(exported.problems)} warning(s) above"
    for reason, n in skipped.most_common():
        text += f"\n  {n} skipped: {reason}"
    return text + by_code(exported.problems)


def by_code(problems: Sequence[Problem]) -> str:
    """The problems counted by their code, most frequent first: "\n  by kind: 3 × raw-tex, …"."""
    from collections import Counter

    counts = Counter(str(p.code) for p in problems)
    if not counts:
        return ""
    return "\n  by kind: " + ", ".join(f"{n} × {code}" for code, n in counts.most_common())


def register(sub: Any) -> None:
    """Add the authors' subcommands to the `civic-quiz` parser."""
    new_bank = sub.add_parser("new-bank", help="create a bank from a commented template")
    new_bank.add_argument("file")
    new_bank.add_argument("--id", help="bank id (default: from the file name)")
    new_bank.add_argument("--title")
    new_bank.set_defaults(func=_cmd_new_bank)

    new = sub.add_parser("new", help="append a question (asks for what is missing)")
    new.add_argument("bank", help="the bank file")
    new.add_argument("--id", help="question id (default: the next free one)")
    new.add_argument("--type")
    new.add_argument("--topic")
    new.add_argument("--difficulty")
    new.add_argument("--prompt")
    new.add_argument(
        "--choice",
        action="append",
        help="a choice (repeat); for order: items, match: 'left => right', text: accepted answers",
    )
    new.add_argument(
        "--answer", help="single: N; multiple: 1,3; true_false: true/false; numeric: the number"
    )
    new.add_argument("--explanation")
    new.add_argument("--source", help="SOURCE_ID:LOCATOR, e.g. 'eo:Sec. 2(c)'")
    new.add_argument("--no-input", action="store_true", help="never ask; fail if incomplete")
    new.set_defaults(func=_cmd_new)

    stats = sub.add_parser("stats", help="questions per bank, topic, type and difficulty")
    stats.add_argument("paths", nargs="*")
    stats.set_defaults(func=_cmd_stats)

    imp = sub.add_parser(
        "import",
        help="import questions from GIFT, Moodle XML, Aiken, CSV, Kahoot! .xlsx or civics JSON",
    )
    imp.add_argument("file")
    imp.add_argument("-o", "--output", help="the bank file to write (default: NAME.yaml)")
    imp.add_argument(
        "--format",
        help="gift, moodle-xml, aiken, csv, kahoot-csv, xlsx, "
        "civics-json (default: found from the content)",
    )
    imp.add_argument("--force", action="store_true", help="replace the output file")
    imp.set_defaults(func=_cmd_import)

    exp = sub.add_parser("export", help="export banks to GIFT, Moodle XML, CSV, Kahoot! or Anki")
    exp.add_argument("paths", nargs="+", help="bank files or folders")
    exp.add_argument(
        "--format",
        help="gift, moodle-xml, csv, kahoot-csv, xlsx, anki (default: from the output's extension)",
    )
    exp.add_argument("-o", "--output", required=True)
    exp.set_defaults(func=_cmd_export)


def _qtypes_by_name() -> dict[str, Any]:
    """The registered question types by name (imported when `new` runs, not at start-up)."""
    from game.core.qtypes.registry import QTYPES

    return {name.value: kind for name, kind in QTYPES.items()}
