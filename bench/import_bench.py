"""How fast is `kb import`? Seconds against the issue's target, and against a floor.

Builds (with `git fast-import`, outside the timing) a TIL repo of N notes in N commits,
one note per commit across 20 topic folders, then times `kb import notes` of it into a
fresh knowledge base, in this process. The floor is the least any importer must do:
one `git log --name-status` over the history, reading every note and writing every
entry file (plain writes, no checks).

- `kb import notes`, 2,000 notes / 2,000 commits: target <= 20 s (ratio to 20 s <= 1)
- `kb import notes` / floor: reported, to see what the import adds

Also reported: `kb import mim --history` of a journal with M commits, each adding one
entry (every version is parsed once).

Usage: python bench/import_bench.py [--notes 2000] [--journal-commits 300]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import subprocess
import tempfile
import time
from pathlib import Path

from kb.cli.main import main as kb_main

TARGET_SECONDS = 20.0
TOPICS = 20
KB_YML = "title: Bench\ntimezone: UTC\ntags:\n  gotcha:\n    description: Surprises.\n"
START = 1_700_000_000  # 2023-11-14, a commit an hour apart


def fast_import(repo: Path, commits: list[tuple[str, str]]) -> None:
    """A repo whose Nth commit writes commits[N] = (path, full text) to the file."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    stream = io.BytesIO()
    for number, (path, text) in enumerate(commits):
        stamp = f"{START + number * 3600} +0000"
        message = f"note {number}".encode()
        data = text.encode()
        stream.write(f"commit refs/heads/main\nauthor B <b@e> {stamp}\n".encode())
        stream.write(f"committer B <b@e> {stamp}\ndata {len(message)}\n".encode() + message)
        stream.write(f"\nM 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")
    subprocess.run(
        ["git", "-C", str(repo), "fast-import", "--quiet"], input=stream.getvalue(), check=True
    )
    subprocess.run(["git", "-C", str(repo), "checkout", "-q", "main"], check=True)


def notes_repo(repo: Path, count: int) -> None:
    notes = []
    for number in range(count):
        topic = f"topic-{number % TOPICS}"
        text = f"# Note number {number}\n\nWhat we learnt, {number}.\n\n- detail {number}\n"
        notes.append((f"{topic}/note-{number}.md", text))
    fast_import(repo, notes)


def journal_repo(repo: Path, commits: int) -> None:
    text = ""
    versions = []
    for number in range(commits):
        hour, minute = divmod(number % 1440, 60)
        text += (
            f"### [{hour:02d}:{minute:02d}] [gotcha] Entry {number}\n"
            f"**Details**: Something surprising, {number}.\n- a list item\n"
            f"**Files**: api/x{number}.py\n---\n\n"
        )
        versions.append((".claude/knowledge/session.md", text))
    fast_import(repo, versions)


def floor(repo: Path, out: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        ["git", "-C", str(repo), "log", "--name-status", "-M", "--format=%aI"],
        capture_output=True,
        check=True,
    )
    out.mkdir()
    for number, path in enumerate(sorted(repo.rglob("*.md"))):
        if ".git" not in path.parts:
            (out / f"{number}.md").write_text("---\n---\n" + path.read_text())
    return time.perf_counter() - started


def timed_import(kb: Path, *args: str) -> float:
    kb.mkdir()
    (kb / "kb.yml").write_text(KB_YML)
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        status = kb_main(["--root", str(kb), "import", *args])
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"kb import {' '.join(args)} failed with status {status}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--journal-commits", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kb-import-bench-") as tmp:
        root = Path(tmp)
        notes_repo(root / "til", args.notes)
        base = floor(root / "til", root / "floor")
        notes = timed_import(root / "kb", "notes", str(root / "til"), "--add-tags")
        written = len(list((root / "kb" / "entries").rglob("*.md")))
        print(f"kb import notes: {written} notes, {args.notes} commits: {notes:.2f} s")
        print(f"  ratio to the {TARGET_SECONDS:.0f} s target: {notes / TARGET_SECONDS:.2f}")
        print(f"  floor (git log, read, plain writes): {base:.2f} s; ratio {notes / base:.1f}")
        journal_repo(root / "journal", args.journal_commits)
        journal = root / "journal" / ".claude" / "knowledge" / "session.md"
        mim = timed_import(root / "kb-mim", "mim", str(journal), "--history")
        print(f"kb import mim --history: {args.journal_commits} versions: {mim:.2f} s")


if __name__ == "__main__":
    main()
