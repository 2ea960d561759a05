"""The files of a repo, listed once per run: what file references resolve against.

In a git work tree that is the files git tracks (its index, so staged files count);
untracked files are left out on purpose, because CI sees only tracked files and
listing them means walking the whole work tree (0.4 s against 0.06 s on a
100,000-file repo). Outside git it is every file on disk. Directories are derived
with plain string operations: PurePosixPath cost a second at 100,000 files.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# Tool folders, never code. (Not `site/`: outside git it may well be source code.)
SKIPPED_DIRS = frozenset({".git", ".venv", "node_modules", "__pycache__", ".kb"})


@dataclass(frozen=True)
class RepoIndex:
    """Paths relative to `root`, POSIX separators. `from_git` says where they came from."""

    root: Path
    files: frozenset[str]
    from_git: bool
    directories: frozenset[str] = frozenset()  # derived from `files` when not given

    def __post_init__(self) -> None:
        if self.files and not self.directories:
            object.__setattr__(self, "directories", directories_of(self.files))

    def has_file(self, path: str) -> bool:
        return path in self.files

    def has_directory(self, path: str) -> bool:
        return path.rstrip("/") in self.directories


def directories_of(files: Iterable[str]) -> frozenset[str]:
    """Every folder that holds a file, at any depth: `a/b/c.py` gives `a` and `a/b`."""
    found: set[str] = set()
    for path in files:
        parent = path.rpartition("/")[0]
        while parent and parent not in found:
            found.add(parent)
            parent = parent.rpartition("/")[0]
    return frozenset(found)


def git_files(root: Path) -> list[str] | None:
    """The files git tracks in the work tree at `root`, or None.

    None when `root` is not the top of a git work tree, or git is missing.
    """
    try:
        top = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--show-toplevel"],
            capture_output=True,
            check=True,
            text=True,
            timeout=30,
        ).stdout.strip()
        if Path(top).resolve() != root.resolve():
            return None
        listing = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", "--cached", "--full-name"],
            capture_output=True,
            check=True,
            timeout=300,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return [name for name in listing.decode("utf-8", "surrogateescape").split("\0") if name]


def walk_files(root: Path) -> list[str]:
    """Every file below `root` on disk, skipping tool folders (.git, .venv, ...)."""
    found: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS]
        relative = Path(folder).relative_to(root)
        found.extend((relative / name).as_posix() for name in files)
    return found


def build_index(root: Path) -> RepoIndex:
    """The index of the checkout at `root`: git's tracked files, else the disk."""
    names = git_files(root)
    files = frozenset(names if names is not None else walk_files(root))
    return RepoIndex(root, files, from_git=names is not None)
