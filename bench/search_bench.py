"""How fast is `kb search`? Ratios against baselines measured in the same run.

On one synthetic knowledge base (10,000 entries by default):

- query, index up to date: `kb search` in this process, the check that nothing
  changed (a scan of every entry file's mtime and size) included: target <= 50 ms.
  Best wall time of a few runs, and the median CPU time (steadier on a busy machine).
  The scan alone and the query alone (SQL only) are printed too, and the one-time
  cost of the spelling vocabulary, built on the first query with a misspelled word.
- full build / floor: building the index from nothing, where the floor reads every
  entry and parses its frontmatter with `yaml.CSafeLoader`: target <= 2.
- update / full build: bringing the index up to date after one entry changed:
  target <= 0.1.

Usage: python bench/search_bench.py [--entries 10000] [--seed 1] [--runs 2]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import synth
from kb.cli.main import main as kb_main
from kb.config import load_config
from kb.search.filters import Filters
from kb.search.index import open_index, sync
from kb.search.query import search
from kb.search.scan import scan
from kb.search.spelling import ensure_words

# A common word, a rarer pair, a misspelling, a prefix and a path-like query.
QUERIES = ["migration", "cache rollback", "transacton", "webhoo*", "api/registry"]


def timed(action: Callable[[], object], before: Callable[[], object] = lambda: None) -> float:
    before()
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def best_of(runs: int, action: Callable[[], object], before: Callable[[], object]) -> float:
    return min(timed(action, before) for _ in range(runs))


def cpu_of(runs: int, action: Callable[[], object]) -> float:
    """Median CPU seconds of `action` in this process: steadier than wall time on a
    shared machine (system calls such as the scan's stats count as CPU too)."""
    times = []
    for _ in range(runs):
        started = time.process_time()
        action()
        times.append(time.process_time() - started)
    return statistics.median(times)


def build(kb_yml: Path) -> None:
    config = load_config(kb_yml)
    connection = open_index(config)
    sync(connection, config)
    connection.close()


def touch_one(kb_root: Path, counter: list[int]) -> None:
    """Change one entry's body (and so its size and mtime), as an edit would."""
    path = sorted((kb_root / "entries").rglob("*.md"))[len(counter) * 7919 % 1000]
    counter.append(1)
    with path.open("a", encoding="utf-8") as stream:
        stream.write(f"\nEdited {len(counter)}: zanzibar.\n")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def cli_query(kb_root: Path, query: str) -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        status = kb_main(["--root", str(kb_root), "search", "--json", *query.split()])
    assert status == 0, f"kb search {query!r} exited {status}"


def sql_query(kb_yml: Path, query: str, repeats: int) -> float:
    config = load_config(kb_yml)
    connection = open_index(config)
    sync(connection, config)
    times = [timed(lambda: search(connection, query, Filters(), 10)) for _ in range(repeats)]
    connection.close()
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="kb search speed, as ratios to baselines")
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=2, help="best of N for each timing")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kb-search-bench-") as folder:
        kb_yml = synth.make_kb(Path(folder) / "kb", args.entries, args.seed)
        kb_root = kb_yml.parent
        cache = kb_root / ".kb"
        floor_s = best_of(args.runs, lambda: synth.parse_floor(kb_root), lambda: None)
        full_s = best_of(
            args.runs, lambda: build(kb_yml), lambda: shutil.rmtree(cache, ignore_errors=True)
        )
        counter: list[int] = []
        update_s = best_of(args.runs, lambda: build(kb_yml), lambda: touch_one(kb_root, counter))
        print(f"{args.entries} entries, best of {args.runs}")
        print(f"floor (read + CSafeLoader)   {floor_s * 1000:9.1f} ms")
        print(
            f"full index build             {full_s * 1000:9.1f} ms  "
            f"ratio to floor {full_s / floor_s:.2f} (target <= 2)"
        )
        print(
            f"update after one change      {update_s * 1000:9.1f} ms  "
            f"ratio to full build {update_s / full_s:.3f} (target <= 0.1)"
        )
        config = load_config(kb_yml)
        words_s = timed(lambda: ensure_words(open_index(config)))
        print(f"spelling vocabulary            {words_s * 1000:7.1f} ms  (once, at the first typo)")
        scan_s = best_of(args.runs + 1, lambda: scan(config), lambda: None)
        scan_cpu = cpu_of(args.runs + 1, lambda: scan(config))
        print(
            f"freshness scan (stat per entry) {scan_s * 1000:6.1f} ms, CPU {scan_cpu * 1000:.1f} ms"
            " (part of every kb search)"
        )
        for query in QUERIES:
            end_to_end = best_of(args.runs + 1, lambda q=query: cli_query(kb_root, q), lambda: None)
            cpu = cpu_of(args.runs + 1, lambda q=query: cli_query(kb_root, q))  # type: ignore[misc]
            sql = sql_query(kb_yml, query, 5)
            print(
                f"query {query!r:<16} kb search {end_to_end * 1000:7.1f} ms, "
                f"CPU {cpu * 1000:5.1f} ms (target <= 50), SQL alone {sql * 1000:6.1f} ms"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
