"""How fast is the site build? Ratios against plain Material, measured in the same run.

The baseline is MkDocs + Material (search, the same theme settings) building the same
synthetic entries as ordinary Markdown pages under docs/, with a one-item navigation.
The kb build is MkDocs + Material + the kb plugin over the knowledge base itself (entry,
tag, timeline and folder pages, the feed, `kb check`'s findings, and kb's own search
index in place of Material's). Each build runs in its own child process. Its peak
memory is the largest sum of the proportional set size (PSS) of that child and its
children (the search index is written by a child of MkDocs, kb.site.searchservice, and
large kb builds fork children that share the parent's memory, kb.site.twocores),
sampled every 20 ms: a page shared by n processes counts 1/n in each, where a sum of
resident sizes would count it n times. The largest single process (ru_maxrss) is
printed too.

- kb / plain at 1,000 and at 5,000 entries: target <= 1.15
- kb at 5,000 / kb at 1,000: target <= 5.5
- kb peak memory at 5,000 entries: target <= 300 MB

Usage: python bench/site_bench.py [--sizes 1000 5000] [--files 2000] [--seed 1] [--keep DIR]
                                  [--repeat N]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import synth

THEME = """\
theme:
  name: material
  font: false
  features: [navigation.instant, search.highlight, content.code.copy]
  palette:
    - scheme: default
      toggle: {icon: material/weather-night, name: Switch to dark mode}
    - scheme: slate
      toggle: {icon: material/weather-sunny, name: Switch to light mode}
markdown_extensions: [admonition, tables, {toc: {permalink: true}}, pymdownx.superfences]
"""
PLAIN = "site_name: Plain\n{theme}plugins: [search]\nnav:\n  - Home: index.md\n"
KB = (
    "site_name: Synthetic\ndocs_dir: site-docs\n{theme}plugins: [kb]\n"
    "nav:\n  - Home: index.md\n  - Tags: tags/index.md\n"
    "  - Timeline: timeline/index.md\n  - Files: files/index.md\n"
)


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float  # user + system, the children (the search index, git) included
    peak_mb: float  # the process tree's largest sum
    largest_mb: float  # the largest single process (ru_maxrss)
    children_mb: float  # the largest sum of MkDocs' children alone (the search index)
    site_bytes: int


PAGE = os.sysconf("SC_PAGE_SIZE")


def descendants(root: int) -> set[int]:
    """`root` and every process under it now (from /proc)."""
    parents: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as stat:
                    parents[int(name)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue  # gone meanwhile
    tree, grew = {root}, True
    while grew:
        found = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree, grew = tree | found, bool(found)
    return tree


def resident(pids: set[int]) -> int:
    """Bytes of memory `pids` use now, added up."""
    return sum(map(memory, pids))


def memory(pid: int) -> int:
    """Bytes: the proportional set size (Linux 4.14 and later), else the resident size
    (which counts a page shared with another process in both); 0 when it is gone."""
    with contextlib.suppress(OSError, ValueError), open(f"/proc/{pid}/smaps_rollup") as rollup:
        for line in rollup:
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    with contextlib.suppress(OSError, IndexError, ValueError), open(f"/proc/{pid}/statm") as st:
        return int(st.read().split()[1]) * PAGE
    return 0


def build(folder: Path) -> Run:
    """`mkdocs build` of folder/mkdocs.yml in a child process: wall time and peak memory."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(folder / "mkdocs.yml")]
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=folder, env=env)
    peak = [0, 0]  # the whole tree, the children alone
    done = threading.Event()

    def sample() -> None:
        """Resident memory every 20 ms; the process tree looked up again every 0.2 s
        (a full /proc scan costs milliseconds: not on every sample of a shared machine)."""
        pids, rounds = {child.pid}, 0
        while not done.wait(0.02):
            if rounds % 10 == 0:
                pids = descendants(child.pid)
            rounds += 1
            children = resident(pids - {child.pid})
            peak[0] = max(peak[0], resident({child.pid}) + children)
            peak[1] = max(peak[1], children)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"mkdocs build failed in {folder} (exit {child.returncode})")
    size = sum(p.stat().st_size for p in (folder / "site").rglob("*") if p.is_file())
    largest = usage.ru_maxrss / 1024  # KiB on Linux
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu, max(peak[0] / 2**20, largest), largest, peak[1] / 2**20, size)


def fastest(plain_dir: Path, kb_dir: Path, repeat: int) -> tuple[Run, Run]:
    """Each build `repeat` times, taking turns; the fastest of each. On a shared machine
    the others' load only ever slows a run down, so the fastest is the least disturbed."""
    runs = [(build(plain_dir), build(kb_dir)) for _ in range(repeat)]
    return min((r[0] for r in runs), key=lambda r: r.seconds), min(
        (r[1] for r in runs), key=lambda r: r.seconds
    )


def related_ms(kb_dir: Path, samples: int = 200) -> float:
    """Milliseconds per `RelatedIndex.related` lookup (after the first), in this process:
    the site asks once per entry, so this times the entry count is its share of a build."""
    from kb.config import load_config
    from kb.project import load_project
    from kb.related import RelatedIndex

    entries = load_project(load_config(kb_dir / "kb.yml")).entries
    index = RelatedIndex(entries)
    index.related(entries[0], 5)  # builds the text index
    started = time.perf_counter()
    for entry in entries[1 : samples + 1]:
        index.related(entry, 5)
    return (time.perf_counter() - started) * 1000 / min(samples, len(entries) - 1)


def prepare(root: Path, n_entries: int, n_files: int, seed: int) -> tuple[Path, Path]:
    """A repo with a knowledge base (kb site) and the same entries as plain pages."""
    repo = root / "repo"
    files = synth.make_repo(repo, n_files, seed)
    synth.make_kb(repo, n_entries, seed, repo_files=files)
    (repo / "site-docs").mkdir()  # the synthetic repo has a docs/ folder of its own
    (repo / "site-docs" / "index.md").write_text("# Synthetic\n\nThe knowledge base.\n")
    (repo / "mkdocs.yml").write_text(KB.format(theme=THEME))
    plain = root / "plain"
    shutil.copytree(repo / "entries", plain / "docs" / "entries")
    (plain / "docs" / "index.md").write_text("# Plain\n\nThe same entries.\n")
    (plain / "mkdocs.yml").write_text(PLAIN.format(theme=THEME))
    return plain, repo


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="build here and keep the sites")
    parser.add_argument("--repeat", type=int, default=1, help="builds of each; the fastest counts")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="kb-site-bench-"))
    results: dict[int, tuple[Run, Run]] = {}
    try:
        print(f"{'entries':>8} {'plain s':>8} {'kb s':>8} {'kb/plain':>9} {'plain MB':>9} "
              f"{'kb MB':>7} {'(largest)':>9} {'kb site bytes/entry':>20}")  # fmt: skip
        for n in args.sizes:
            plain_dir, kb_dir = prepare(work / str(n), n, args.files, args.seed)
            plain, kb = fastest(plain_dir, kb_dir, args.repeat)
            results[n] = (plain, kb)
            print(f"{n:>8} {plain.seconds:>8.2f} {kb.seconds:>8.2f} "
                  f"{kb.seconds / plain.seconds:>9.3f} {plain.peak_mb:>9.0f} {kb.peak_mb:>7.0f} "
                  f"{kb.largest_mb:>9.0f} {kb.site_bytes / n:>20,.0f}", flush=True)  # fmt: skip
            lookup = related_ms(kb_dir)
            print(f"{'':>8} kb's child processes (the search index) peaked at "
                  f"{kb.children_mb:.0f} MB together", flush=True)  # fmt: skip
            print(f"{'':>8} CPU seconds: plain {plain.cpu_seconds:.2f}, kb {kb.cpu_seconds:.2f} "
                  f"({kb.cpu_seconds / plain.cpu_seconds:.3f})", flush=True)  # fmt: skip
            print(f"{'':>8} related entries: {lookup:.2f} ms a lookup, about "
                  f"{lookup * n / 1000:.1f} s of the kb build", flush=True)  # fmt: skip
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    sizes = sorted(results)
    for n in sizes:
        print(f"kb / plain at {n:,} entries: {results[n][1].seconds / results[n][0].seconds:.3f}"
              " (target <= 1.15)")  # fmt: skip
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        scaling = results[large][1].seconds / results[small][1].seconds
        plain_scaling = results[large][0].seconds / results[small][0].seconds
        print(f"kb {large:,} / {small:,} entries: {scaling:.2f} (target <= 5.5; "
              f"plain Material: {plain_scaling:.2f})")  # fmt: skip
    largest = sizes[-1]
    print(f"kb peak memory at {largest:,} entries: {results[largest][1].peak_mb:.0f} MB "
          f"(target <= 300; plain Material: {results[largest][0].peak_mb:.0f} MB)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
