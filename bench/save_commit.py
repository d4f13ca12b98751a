"""How long one classroom save (a group commit of answers) takes, FULL against NORMAL.

    .venv/bin/python bench/save_commit.py [--commits 300] [--rows 1 20] [--dir /tmp]

The session log is saved as the runtime saves it (`Store.log_commands`: one transaction per
round of arrivals) in a SQLite file in WAL mode, with `synchronous` FULL (an fsync per commit:
survives a power cut) and NORMAL (no fsync per commit: survives the process crashing or being
killed, which is what the classroom's kill -9 tests check, not a power cut). Prints p50/p95/p99
per commit in ms for each, and the ratio. The disk is shared with whatever else runs: compare the
two lines of one sitting, never figures of different sittings.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def measure(folder: Path, mode: str, commits: int, rows: int) -> list[float]:
    from game.services.storage import Store

    with Store.open(folder / f"save-{mode}-{rows}.sqlite3") as store:
        store.set_synchronous(mode)
        sid = store.create_session("bench", "424242", {}, time.time(), [])
        took = []
        seq = 0
        for _ in range(commits):
            batch = []
            for _ in range(rows):
                data = {"player_id": seq, "index": 0, "response": 2, "now": 1.5}
                batch.append((seq, "submit", data))
                seq += 1
            start = time.perf_counter()
            store.log_commands(sid, batch, [])
            took.append((time.perf_counter() - start) * 1000)
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=300)
    parser.add_argument("--rows", type=int, nargs="+", default=[1, 20])
    parser.add_argument("--dir", default=None, help="where the files go (default: a temp dir)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        for rows in args.rows:
            figures = {}
            for mode in ("FULL", "NORMAL"):
                took = measure(Path(tmp), mode, args.commits, rows)
                figures[mode] = pct(took, 95)
                print(
                    f"synchronous={mode:6s} rows_per_commit={rows:3d} commits={args.commits} "
                    f"p50_ms={pct(took, 50):.2f} p95_ms={pct(took, 95):.2f} "
                    f"p99_ms={pct(took, 99):.2f}"
                )
            ratio = figures["FULL"] / figures["NORMAL"] if figures["NORMAL"] else float("nan")
            print(f"  p95 FULL / NORMAL at {rows} rows per commit: {ratio:.1f}x")


if __name__ == "__main__":
    main()
