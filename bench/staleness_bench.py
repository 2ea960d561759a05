"""Staleness speed: 10,000 entries x 3 file references on a repo with 20,000 commits.

Builds the history with `git fast-import` (each commit edits, inserts into, renames or
deletes a few files), writes the knowledge base inside the repo, then times in the same
run: one plain `git log --name-status` over the whole history (the baseline) and kb's
staleness pass (the `git log -z --name-status -M` pass, the `-U0` pass for line ranges,
the file list, and the findings for every entry). Target: under 10 s absolute.

    .venv/bin/python bench/staleness_bench.py [--entries 10000] [--commits 20000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from kb.config import load_config
from kb.history import entry_prefix, load_histories
from kb.project import load_project
from kb.repo_index import build_index
from kb.staleness import findings

T = TypeVar("T")
START = dt.datetime(2019, 1, 1, 12, tzinfo=dt.UTC)
WORDS = ["cache", "token", "session", "retry", "header", "cookie", "index", "query"]


def _content(rng: random.Random, lines: int) -> list[str]:
    return [f"{rng.choice(WORDS)}_{n} = {rng.randint(0, 99_999)}\n" for n in range(lines)]


def _blob(lines: list[str]) -> bytes:
    data = "".join(lines).encode()
    return b"data %d\n%s\n" % (len(data), data)


def _commit(when: int, message: str) -> bytes:
    body = message.encode()
    header = f"commit refs/heads/main\ncommitter Bench <b@example.com> {when} +0000\n"
    return header.encode() + b"data %d\n%s\n" % (len(body), body)


def history_stream(rng: random.Random, n_files: int, n_commits: int) -> tuple[bytes, list[str]]:
    """A fast-import stream and the paths of the first commit (what entries refer to)."""
    files = {f"src/m{n // 100}/f{n}.py": _content(rng, 30) for n in range(n_files)}
    initial = sorted(files)
    chunks = [_commit(int(START.timestamp()), "initial import")]
    chunks += [b"M 100644 inline %s\n%s" % (p.encode(), _blob(files[p])) for p in initial]
    for number in range(1, n_commits):
        when = int((START + dt.timedelta(hours=3 * number)).timestamp())
        chunks.append(_commit(when, f"change {number}"))
        roll = rng.random()
        if roll < 0.01 and len(files) > 10:  # a move, most with an edit
            old = rng.choice(sorted(files))
            new = f"src/moved/{number}.py"
            chunks.append(b"R %s %s\n" % (old.encode(), new.encode()))
            files[new] = files.pop(old)
            if rng.random() < 0.5:
                files[new][0] = "moved = True\n"
                chunks.append(b"M 100644 inline %s\n%s" % (new.encode(), _blob(files[new])))
            continue
        if roll < 0.015 and len(files) > 10:  # a deletion
            gone = rng.choice(sorted(files))
            del files[gone]
            chunks.append(b"D %s\n" % gone.encode())
            continue
        for path in rng.sample(sorted(files), 3):
            lines = files[path]
            where = rng.randrange(len(lines))
            if rng.random() < 0.5:
                lines.insert(where, f"inserted_{number} = 1\n")
            else:
                lines[where] = f"edited_{number} = 2\n"
            chunks.append(b"M 100644 inline %s\n%s" % (path.encode(), _blob(lines)))
    return b"".join(chunks), initial


def make_repo(root: Path, n_files: int, n_commits: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    stream, paths = history_stream(rng, n_files, n_commits)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "fast-import", "--quiet"], input=stream, check=True)
    subprocess.run(["git", "-C", str(root), "reset", "-q", "--hard", "main"], check=True)
    return paths


def make_kb(
    root: Path, paths: list[str], n_entries: int, n_commits: int, seed: int, ranges: float
) -> Path:
    """Entries with 3 file references each (`ranges` of them with a line range)."""
    rng = random.Random(seed)
    (root / "kb.yml").write_text(
        "title: Bench\ntimezone: UTC\ntags:\n  gotcha:\n    description: x\n", encoding="utf-8"
    )
    span = n_commits * 3 * 3600
    for number in range(n_entries):
        created = START + dt.timedelta(seconds=rng.randrange(span))
        refs = []
        for path in rng.sample(paths, 3):
            start = rng.randint(1, 25)
            refs.append(f"{path}:{start}-{start + 3}" if rng.random() < ranges else path)
        entry_id = f"{created:%Y-%m-%d}-entry-{number}"
        folder = root / "entries" / entry_id[:4]
        folder.mkdir(parents=True, exist_ok=True)
        files = "".join(f"  - {ref}\n" for ref in refs)
        (folder / f"{entry_id}.md").write_text(
            f"---\ntitle: Entry {number}\ncreated: {created.isoformat()}\ntags: [gotcha]\n"
            f"files:\n{files}---\n\nBody.\n",
            encoding="utf-8",
        )
    return root / "kb.yml"


def cpu() -> float:
    """CPU seconds of this process and its finished children (git): steadier than wall time
    on a shared machine."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def timed(label: str, results: dict[str, tuple[float, float]], function: Callable[[], T]) -> T:
    began, began_cpu = time.perf_counter(), cpu()
    value = function()
    results[label] = (time.perf_counter() - began, cpu() - began_cpu)
    return value


def plain_git_log(root: Path) -> None:
    """The baseline: one plain `git log --name-status` over the whole history."""
    command = ["git", "-C", str(root), "log", "--name-status"]
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True)


def measure(root: Path, kb_yml: Path) -> tuple[dict[str, tuple[float, float]], list[str]]:
    """(wall and CPU seconds per step, the finding codes), the baseline first."""
    times: dict[str, tuple[float, float]] = {}
    timed("baseline", times, lambda: plain_git_log(root))
    config = load_config(kb_yml)
    entries = timed("load entries", times, lambda: load_project(config)).entries
    histories = timed("history", times, lambda: load_histories(config, entries))
    exists = {None: timed("file list", times, lambda: build_index(root)).has_file}
    prefix = entry_prefix(config)
    found = timed(
        "findings",
        times,
        lambda: findings(entries, histories, exists, config.timezone, prefix),
    )
    return times, [d.code for d in found]


def report(times: dict[str, tuple[float, float]], codes: list[str]) -> float:
    """Print every step and the ratio against the baseline; return the total wall time."""
    print(f"  {'':<16} {'wall':>8} {'cpu':>8}")
    for label, (wall, used) in times.items():
        print(f"  {label:<16} {wall:7.2f}s {used:7.2f}s")
    # "load entries" is parsing, shared with every command, so not part of the total.
    parts = ("history", "file list", "findings")
    total = sum(times[p][0] for p in parts)
    total_cpu = sum(times[p][1] for p in parts)
    base, base_cpu = times["baseline"]
    print(
        f"staleness: {total:.2f} s wall = {total / base:.1f}x one plain git log --name-status "
        f"({total_cpu:.2f} s cpu = {total_cpu / base_cpu:.1f}x)"
    )
    counts = Counter(codes)
    print("findings: " + ", ".join(f"{code} {n:,}" for code, n in sorted(counts.items())))
    verdict = "met" if total < 10 else "MISSED (wall time; see the load average)"
    print(f"target (under 10 s): {verdict}; load average {os.getloadavg()[0]:.1f}")
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--commits", type=int, default=20_000)
    parser.add_argument("--files", type=int, default=3_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--line-ranges",
        type=float,
        default=0.33,
        help="fraction of references with a line range (0: no patches are read)",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kb-staleness-bench-") as folder:
        root = Path(folder) / "repo"
        began = time.perf_counter()
        paths = make_repo(root, args.files, args.commits, args.seed)
        kb_yml = make_kb(root, paths, args.entries, args.commits, args.seed, args.line_ranges)
        print(f"setup: {time.perf_counter() - began:.1f} s (not timed below)")
        print(
            f"repo: {args.commits:,} commits, {args.files:,} files; {args.entries:,} entries "
            f"x 3 references ({args.line_ranges:.0%} with line ranges)"
        )
        times, codes = measure(root, kb_yml)
    return 0 if report(times, codes) < 10 else 1


if __name__ == "__main__":
    sys.exit(main())
