"""The files of a repo, listed once, for resolving and suggesting file references."""

from __future__ import annotations

import difflib
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

SKIPPED_DIRS = frozenset({".git", ".venv", "node_modules", "__pycache__", ".kb", "site"})


@dataclass
class RepoIndex:
    """Paths relative to `root`, POSIX separators. `from_git` says where they came from."""

    root: Path
    files: frozenset[str]
    from_git: bool
    directories: frozenset[str] = field(default=frozenset())
    _by_name: dict[str, list[str]] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not self.directories:
            dirs: set[str] = set()
            for path in self.files:
                parent = PurePosixPath(path).parent
                while str(parent) != ".":
                    if str(parent) in dirs:
                        break
                    dirs.add(str(parent))
                    parent = parent.parent
            self.directories = frozenset(dirs)

    def has_file(self, path: str) -> bool:
        return path in self.files

    def has_directory(self, path: str) -> bool:
        return path.rstrip("/") in self.directories

    def closest(self, path: str) -> str | None:
        """The existing path most like `path`: same file name elsewhere first, then spelling."""
        if self._by_name is None:
            self._by_name = {}
            for existing in self.files:
                self._by_name.setdefault(PurePosixPath(existing).name, []).append(existing)
        name = PurePosixPath(path).name
        same_name = self._by_name.get(name, [])
        if same_name:
            return max(same_name, key=lambda c: difflib.SequenceMatcher(None, path, c).ratio())
        parent = str(PurePosixPath(path).parent)
        siblings = [f for f in self.files if str(PurePosixPath(f).parent) == parent]
        pool = siblings or list(self.files)
        if len(pool) > 5000:  # keep suggestion cheap on huge repos: compare file names only
            names = difflib.get_close_matches(name, list(self._by_name), n=1, cutoff=0.6)
            return self._by_name[names[0]][0] if names else None
        matches = difflib.get_close_matches(path, pool, n=1, cutoff=0.6)
        return matches[0] if matches else None


def build_index(root: Path) -> RepoIndex:
    """Files git knows in `root` (tracked, and untracked but not ignored); else the disk."""
    try:
        result = subprocess.run(
            [
                "git",
                "-C",
                str(root),
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
                "--full-name",
            ],
            capture_output=True,
            check=True,
            timeout=120,
        )
        top = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--show-toplevel"],
            capture_output=True,
            check=True,
            text=True,
            timeout=30,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return RepoIndex(root, frozenset(_walk(root)), from_git=False)
    if Path(top).resolve() != root.resolve():
        return RepoIndex(root, frozenset(_walk(root)), from_git=False)
    names = result.stdout.decode("utf-8", "surrogateescape").split("\0")
    return RepoIndex(root, frozenset(n for n in names if n), from_git=True)


def _walk(root: Path) -> list[str]:
    found: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS]
        relative = Path(folder).relative_to(root)
        found.extend((relative / name).as_posix() for name in files)
    return found
