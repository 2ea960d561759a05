"""How fast is `kb check`? Ratios against a floor measured in the same run.

The floor is the least any checker must do: read every entry and parse its
frontmatter with `yaml.CSafeLoader`. Measured in one process, on one synthetic repo
(100,000 files) holding knowledge bases of 1,000 and 10,000 entries:

- cold `kb check` (no cache; the repo index is built) / floor: target <= 1.5
- warm `kb check` (cache filled, no entry changed) / floor: target <= 0.25
- cold 10,000 / cold 1,000: target <= 11 (linear)

These time the checks of `kb check` without staleness (KB309-KB312), whose `git log
-p` over the history is timed apart with `--all-checks` (minutes on 100,000 files).

Usage: python bench/check_bench.py [--files 100000] [--entries 10000] [--seed 1]
       [--runs 2] [--all-checks]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import synth
from kb.cli.main import main as kb_main


def kb_check(kb_root: Path, *extra: str) -> int:
    """`kb --root KB check` in this process, output discarded; returns the exit status."""
    with contextlib.redirect_stdout(io.StringIO()):
        return kb_main(["--root", str(kb_root), "check", *extra])


def best_of(runs: int, action: Callable[[], object], before: Callable[[], object]) -> float:
    """The fastest of `runs` timings of `action`, each after `before` (not timed)."""
    best = float("inf")
    for _ in range(runs):
        before()
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def drop_cache(kb_root: Path) -> None:
    shutil.rmtree(kb_root / ".kb", ignore_errors=True)


# Staleness (KB309-KB312, issue 6) reads the git history with `git log -p`; it is
# timed apart, so each ratio says what it measures.
WITHOUT_HISTORY = ("--ignore", "KB309,KB310,KB311,KB312")


def measure(kb_root: Path, runs: int, all_checks: bool) -> dict[str, float]:
    """Floor, cold and warm times; with `all_checks`, also cold and warm with staleness."""
    seconds = {
        "floor": best_of(runs, lambda: synth.parse_floor(kb_root), lambda: None),
        "cold": best_of(
            runs, lambda: kb_check(kb_root, *WITHOUT_HISTORY), lambda: drop_cache(kb_root)
        ),
    }
    seconds["warm"] = best_of(runs, lambda: kb_check(kb_root, *WITHOUT_HISTORY), lambda: None)
    if all_checks:  # each cold run fills the cache the warm run then uses
        seconds["cold_all"] = best_of(runs, lambda: kb_check(kb_root), lambda: drop_cache(kb_root))
        seconds["warm_all"] = best_of(runs, lambda: kb_check(kb_root), lambda: None)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="kb check speed, as ratios to a floor")
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=2, help="best of N for each timing")
    parser.add_argument(
        "--all-checks",
        action="store_true",
        help="also time every check, staleness included (minutes on 100,000 files)",
    )
    args = parser.parse_args(argv)
    small = max(1, args.entries // 10)
    with tempfile.TemporaryDirectory(prefix="kb-check-bench-") as tmp:
        repo = Path(tmp) / "repo"
        started = time.perf_counter()
        files = synth.make_repo(repo, args.files, args.seed)
        for name, count in (("kb-small", small), ("kb", args.entries)):
            synth.make_kb(repo / name, count, args.seed, repo_files=files, problems=0.01)
        print(
            f"generated {args.files:,} files, {small:,} + {args.entries:,} entries "
            f"in {time.perf_counter() - started:.1f} s"
        )
        time.sleep(2.5)  # let every file age past the cache's racy window (kb.cache)
        big = measure(repo / "kb", args.runs, args.all_checks)
        little = measure(repo / "kb-small", args.runs, False)
    for label, n in ((f"{small:,}", little), (f"{args.entries:,}", big)):
        print(
            f"{label:>7} entries: floor {n['floor']:.3f} s, cold {n['cold']:.3f} s, "
            f"warm {n['warm']:.3f} s (staleness not run)"
        )
    print(f"cold / floor    {big['cold'] / big['floor']:.2f}x  (target <= 1.5)")
    print(f"warm / floor    {big['warm'] / big['floor']:.2f}x  (target <= 0.25)")
    print(f"cold {args.entries:,} / cold {small:,}  {big['cold'] / little['cold']:.2f}x  (<= 11)")
    if args.all_checks:
        print(
            f"every check, staleness included: cold {big['cold_all']:.3f} s "
            f"({big['cold_all'] / big['floor']:.2f}x floor), warm {big['warm_all']:.3f} s "
            f"({big['warm_all'] / big['floor']:.2f}x floor)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
