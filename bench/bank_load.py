"""How fast banks load: the shipped banks, a generated 10,000-question bank, and a cached reload.

Prints its figures and ends with one line:
    shipped_ms=… cold_ratio=… warm_s=…
- shipped_ms: median time to load and validate every bank in questions/ (no cache); target < 100.
- cold_ratio: loading and validating the generated bank (no cache) divided by the time PyYAML's C
  loader alone takes to parse the same text; target ≤ 1.2.
- warm_s: a second load of the unchanged generated bank through the cache; target < 0.2.

Run: .venv/bin/python bench/bank_load.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.content.loader import load_file, load_paths  # noqa: E402

TYPES = [
    (
        "single",
        '    choices: ["First choice text", "Second choice text", "Third choice", '
        '"Fourth choice"]\n    answer: 2\n',
    ),
    (
        "multiple",
        '    choices: ["Alpha option", "Beta option", "Gamma option", "Delta option"]\n'
        "    answers: [1, 3]\n    partial_credit: true\n",
    ),
    ("true_false", "    answer: false\n"),
    ("order", '    items: ["Step one happens", "Step two follows", "Step three ends"]\n'),
    (
        "match",
        '    pairs:\n      - ["Attorney General", "Prosecutions"]\n'
        '      - ["Secretary of State", "Assets"]\n      - ["Homeland Security", '
        '"Threat networks"]\n',
    ),
    ("text", '    accept: ["Attorney General", "AG"]\n'),
    ("numeric", "    answer: 282\n    tolerance: 0\n    unit: section\n"),
    ("poll", '    choices: ["Agree", "Disagree", "Not sure"]\n'),
]


def generate_bank(count: int) -> str:
    parts = [
        "bank:\n  id: generated\n  title: Generated bank\n  version: 1\n  sources:\n"
        "    - id: eo\n      title: The order\n      date: 2025-12-15\n"
        "questions:\n"
    ]
    for n in range(count):
        qtype, body = TYPES[n % len(TYPES)]
        parts.append(
            f"  - id: gen-{n:05d}\n    type: {qtype}\n    topic: Topic {n % 7}\n"
            f"    difficulty: {n % 3 + 1}\n"
            f'    prompt: "Generated question number {n} asks something about the order and '
            f'its sections, long enough to be realistic for a prompt?"\n{body}'
            f'    explanation: "An explanation that teaches why the answer is right, with a '
            f'sentence or two of context about question {n}."\n'
            f'    source: {{id: eo, locator: "Sec. {n % 4 + 1}"}}\n'
            f"    tags: [generated, t{n % 5}]\n"
        )
    return "".join(parts)


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    print(f"PyYAML {yaml.__version__}, C loader: {yaml.__with_libyaml__}")
    shipped = load_paths([ROOT / "questions"])
    n_questions = sum(len(b.questions) for b in shipped.banks)
    shipped_s = median_time(lambda: load_paths([ROOT / "questions"]), 15)
    print(
        f"shipped banks: {len(shipped.banks)} banks, {n_questions} questions, "
        f"{shipped_s * 1000:.1f} ms median (target < 100 ms)"
    )

    text = generate_bank(10_000)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "generated.yaml"
        path.write_text(text, encoding="utf-8")
        size_mb = path.stat().st_size / 1e6
        result = load_file(path)
        assert result.bank is not None and len(result.bank.questions) == 10_000, result.problems
        assert not any(p.is_error for p in result.problems)
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        yaml_s = median_time(lambda: yaml.load(path.read_text(encoding="utf-8"), Loader=loader), 5)
        ours_s = median_time(lambda: load_file(path), 5)
        ratio = ours_s / yaml_s
        print(f"generated bank: 10,000 questions, {size_mb:.1f} MB")
        print(f"  PyYAML C loader alone: {yaml_s * 1000:.0f} ms")
        print(f"  our load + validate:   {ours_s * 1000:.0f} ms  (ratio {ratio:.2f}, target ≤ 1.2)")
        cache = Path(tmp) / "cache"
        load_file(path, cache)  # fills the cache
        warm_s = median_time(lambda: load_file(path, cache), 5)
        print(f"  cached reload:         {warm_s * 1000:.0f} ms  (target < 200 ms)")
    print(f"shipped_ms={shipped_s * 1000:.1f} cold_ratio={ratio:.2f} warm_s={warm_s:.3f}")


if __name__ == "__main__":
    main()
