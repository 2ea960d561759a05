"""Repo file lookups for the file-reference checks (and `kb new`'s warnings).

The listing itself is `kb.repo_index`; here are the lookups over it: globs, line
counts, symlinks leaving the repo, and the closest existing path for a hint.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import TYPE_CHECKING

from kb.cache import Stat, stat_tuple
from kb.checks.listing import Listing
from kb.readfile import read_file_and_stat
from kb.refs import glob_regex
from kb.repo_index import RepoIndex, build_index

if TYPE_CHECKING:
    from kb.checks.context import CheckContext


def repo_root(ctx: CheckContext, name: str | None) -> Path | None:
    """The local checkout of repo `name` when it exists on disk; None otherwise."""
    root = ctx.config.repo_root(name)
    if root is None or not root.is_dir():
        return None
    return root


def index_for(ctx: CheckContext, name: str | None) -> RepoIndex | None:
    return index_at(ctx.config.repo_root(name))


def index_at(root: Path | None) -> RepoIndex | None:
    """The index of the checkout at `root`; None when there is none on disk."""
    if root is None or not root.is_dir():
        return None
    return build_index(root)


class RepoFiles:
    """Lookups over one repo index for file-reference checks, each built on first use."""

    def __init__(self, index: RepoIndex, known_stats: dict[str, Stat] | None = None) -> None:
        self.index = index
        self.root = index.root.resolve()
        self._top = str(self.root)
        # Stats of the files read here, by path under the index's own (unresolved) root,
        # for kb.cache.
        self._known = known_stats if known_stats is not None else {}
        self._listed_top = str(index.root)
        self._lines: dict[str, int | None] = {}
        self._globs: dict[str, bool] = {}
        self._closest: dict[str, str | None] = {}
        self._searched: Listing | None = None

    def leaves_repo(self, path: str) -> bool:
        """True when `path` is a symlink whose target lies outside the repo root.

        The listing says which files are links (git's mode 120000, or the disk's), and
        listings never descend into linked folders, so only those need a look. A file
        that is a link in the work tree alone is caught when line_count opens it.
        """
        return path in self.index.symlinks and self._outside(f"{self._top}/{path}")

    def _outside(self, full: str) -> bool:
        target = Path(os.path.realpath(full))
        return target != self.root and self.root not in target.parents

    def on_disk(self, path: str) -> bool:
        """Whether `path` exists in the work tree, whatever git knows of it."""
        return os.path.lexists(os.path.join(self._top, path))

    def line_count(self, path: str) -> int | None:
        """Lines in a repo file (None when it cannot be read); call leaves_repo first."""
        if path not in self._lines:
            self._lines[path] = self._count_lines(path)
        return self._lines[path]

    def _count_lines(self, path: str) -> int | None:
        full = f"{self._top}/{path}"
        try:
            # Links the listing knows were vetted by leaves_repo; any other is not opened.
            data, found = read_file_and_stat(full, follow_symlinks=path in self.index.symlinks)
        except OSError as error:
            if error.errno not in (errno.ELOOP, errno.EMLINK) or self._outside(full):
                return None  # unreadable, or a link out of the repo git does not know of
            try:
                data, found = read_file_and_stat(full)
            except OSError:
                return None
        # What the read saw is what the warm cache must compare with later.
        self._known[f"{self._listed_top}/{path}"] = stat_tuple(found)
        ends = data.count(b"\n")
        return ends + (1 if data and not data.endswith(b"\n") else 0)

    def glob_matches(self, pattern: str) -> bool:
        """Whether any file matches `pattern` (`*` stays in one folder, `**` crosses)."""
        if pattern not in self._globs:
            self._globs[pattern] = self._glob(pattern)
        return self._globs[pattern]

    def _glob(self, pattern: str) -> bool:
        import bisect
        import re

        files = self.index.ordered
        literal = re.split(r"[*?\[]", pattern, maxsplit=1)[0]
        prefix = literal.rpartition("/")[0] + "/" if "/" in literal else ""
        try:
            regex = re.compile(glob_regex(pattern))
        except re.error:
            return False  # a malformed character class matches nothing
        start = bisect.bisect_left(files, prefix)
        for path in files[start:]:
            if not path.startswith(prefix):
                break
            if regex.fullmatch(path):
                return True
        return False

    def closest(self, path: str) -> str | None:
        """The existing file most like `path`: same name elsewhere first, then spelling."""
        if path not in self._closest:
            self._closest[path] = self._find_closest(path)
        return self._closest[path]

    def _find_closest(self, path: str) -> str | None:
        """Same file name elsewhere; else a sibling spelled alike; else a file whose name
        starts like this one's."""
        import difflib

        listing = self._listing()
        folder, _, name = path.rpartition("/")
        same_name = listing.named(name)
        if same_name:
            # Rank the 50 sharing the longest leading part, then by similarity.
            shared = sorted(same_name, key=lambda c: (-len(os.path.commonprefix([path, c])), c))  # noqa: RUF071
            return max(shared[:50], key=lambda c: difflib.SequenceMatcher(None, path, c).ratio())
        siblings = listing.in_folder(folder, 300)
        matches = difflib.get_close_matches(path, siblings, n=1, cutoff=0.6)
        if matches:
            return matches[0]
        start = name[:4] if len(name) > 6 else name[:3]
        alike = listing.names_starting(start, 600)
        nearest = sorted(alike, key=lambda n: (abs(len(n) - len(name)), n))[:100]
        close = difflib.get_close_matches(name, nearest, n=1, cutoff=0.75)
        return listing.first_named(close[0]) if close else None

    def _listing(self) -> Listing:
        """The listing searched by name and folder, built on the first miss of a run."""
        if self._searched is None:
            self._searched = Listing(self.index.ordered)
        return self._searched
