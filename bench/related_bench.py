"""How much do related entries cost a site build? Ratios against loading the entries.

The site asks `RelatedIndex.related(entry, 5)` once per entry, so the cost that counts
is one index plus one lookup for every entry. On a synthetic knowledge base (5,000
entries by default) this prints wall and CPU seconds for:

- load: `load_project` reading and parsing every entry (the baseline);
- related: building the index and looking up every entry's related entries, on the
  synthetic bodies (few words, all common) and again with a varied vocabulary
  (Zipf-distributed words, as real prose has), where text similarity does real work.

Target: related for every entry costs well under the load (a ratio < 1).

Usage: python bench/related_bench.py [--entries 5000] [--seed 1]
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import synth
from kb.config import load_config
from kb.entry import Entry
from kb.project import load_project
from kb.related import RelatedIndex


def timed(action: Callable[[], object]) -> tuple[float, float, object]:
    """Wall seconds, CPU seconds and the result of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def every_lookup(entries: Sequence[Entry]) -> int:
    """What a site build does: one index, one lookup per entry; returns the hits."""
    index = RelatedIndex(entries)
    return sum(len(index.related(entry, 5)) for entry in entries)


def varied(entries: Sequence[Entry], seed: int) -> list[Entry]:
    """The same entries with bodies drawn from a 20,000-word Zipf vocabulary."""
    rng = random.Random(seed)
    vocabulary = [f"term{n}x" for n in range(20_000)]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    return [
        dataclasses.replace(entry, body=" ".join(rng.choices(vocabulary, weights, k=150)))
        for entry in entries
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="kb-related-bench-"))
    try:
        files = synth.make_repo(work, args.files, args.seed, git=False)
        kb_yml = synth.make_kb(work, args.entries, args.seed, repo_files=files)
        load_wall, load_cpu, project = timed(lambda: load_project(load_config(kb_yml)))
        entries = project.entries  # type: ignore[attr-defined]
        print(f"{len(entries):,} entries")
        print(f"{'':<28} {'wall s':>7} {'cpu s':>7} {'cpu / load':>11}")
        print(f"{'load (baseline)':<28} {load_wall:>7.2f} {load_cpu:>7.2f} {1:>11.2f}")
        shapes = {"related, synthetic bodies": entries}
        shapes["related, varied vocabulary"] = varied(entries, args.seed)
        for name, shaped in shapes.items():
            wall, cpu, hits = timed(lambda shaped=shaped: every_lookup(shaped))
            print(f"{name:<28} {wall:>7.2f} {cpu:>7.2f} {cpu / load_cpu:>11.2f}"
                  f"   ({1000 * cpu / len(entries):.3f} ms a lookup, {hits:,} hits)")  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
