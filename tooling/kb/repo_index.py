"""The files of a repo, listed once per run: what file references resolve against.

In a git work tree that is the files git tracks (its index, so staged files count);
untracked files are left out on purpose, because CI sees only tracked files and
listing them means walking the whole work tree (0.4 s against 0.06 s on a
100,000-file repo). Outside git it is every file on disk. A folder is looked up by
bisecting the sorted paths: the set of every folder (0.04 s at 100,000 files) is
built only when asked for.
"""

from __future__ import annotations

import bisect
import functools
import os
import re
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
    # The listed files that are symbolic links (git's mode 120000, or the disk's):
    # only these can lead out of the repo, so no other needs an lstat.
    symlinks: frozenset[str] = frozenset()
    # `files` sorted (derived when not given): globs and path hints search it.
    ordered: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.files and not self.ordered:
            object.__setattr__(self, "ordered", tuple(sorted(self.files)))

    @functools.cached_property
    def directories(self) -> frozenset[str]:
        """Every folder that holds a file, at any depth."""
        return directories_of(self.files)

    def has_file(self, path: str) -> bool:
        return path in self.files

    def has_directory(self, path: str) -> bool:
        """Whether a listed file lies below `path`: the first path after `path/` in
        sorted order starts with it if any does."""
        prefix = path.rstrip("/") + "/"
        if prefix == "/":
            return False
        at = bisect.bisect_left(self.ordered, prefix)
        return at < len(self.ordered) and self.ordered[at].startswith(prefix)


def directories_of(files: Iterable[str]) -> frozenset[str]:
    """Every folder that holds a file, at any depth: `a/b/c.py` gives `a` and `a/b`."""
    found: set[str] = set()
    for path in files:
        parent = path.rpartition("/")[0]
        while parent and parent not in found:
            found.add(parent)
            parent = parent.rpartition("/")[0]
    return frozenset(found)


# `git ls-files --stage -z` records: mode, object, stage, tab, path, NUL. A path
# starts after its record's first tab. Both patterns start with a literal, so the
# regex engine skips ahead in C (a pattern over every whole record took 0.1 s at
# 100,000 files, against 0.02 s for these two).
_PATH = re.compile(r"\t([^\0]*)\0")
_SYMLINK = re.compile(r"120000 [0-9a-f]+ \d\t([^\0]*)\0")


def git_files(root: Path) -> tuple[list[str], set[str]] | None:
    """The files git tracks in the work tree at `root`, and which of them are symlinks.

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
            ["git", "-C", str(root), "ls-files", "-z", "--stage", "--full-name"],
            capture_output=True,
            check=True,
            timeout=300,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    text = listing.decode("utf-8", "surrogateescape")  # once, not once per path
    names = _PATH.findall(text)
    # A link's mode starts its record (a path may hold the same characters).
    links = {
        match[1]
        for match in _SYMLINK.finditer(text)
        if match.start() == 0 or text[match.start() - 1] == "\0"
    }
    return names, links


def walk_files(root: Path) -> tuple[list[str], set[str]]:
    """Every file below `root` on disk, skipping tool folders (.git, .venv, ...), and
    which of them are symlinks. A link to a folder is listed as a file, like git does,
    and never followed."""
    found: list[str] = []
    links: set[str] = set()
    folders = [(str(root), "")]
    while folders:
        folder, prefix = folders.pop()
        try:
            children = list(os.scandir(folder))
        except OSError:
            continue
        for child in children:
            if child.is_dir(follow_symlinks=False):
                if child.name not in SKIPPED_DIRS:
                    folders.append((child.path, f"{prefix}{child.name}/"))
                continue
            found.append(prefix + child.name)
            if child.is_symlink():
                links.add(prefix + child.name)
    return found, links


def build_index(root: Path) -> RepoIndex:
    """The index of the checkout at `root`: git's tracked files, else the disk."""
    listed = git_files(root)
    names, links = listed if listed is not None else walk_files(root)
    # git lists in sorted order, so this sort costs little; it runs in the thread that
    # lists, while kb check parses entries.
    ordered = tuple(sorted(names))
    return RepoIndex(
        root, frozenset(names), listed is not None, symlinks=frozenset(links), ordered=ordered
    )
