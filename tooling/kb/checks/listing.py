"""Searches over a repo's sorted file listing, for the "did you mean" hints.

A hint is needed for a handful of missing paths per run, but mapping 100,000 listed
paths by file name and by folder took a tenth of a second, a tenth of a cold
`kb check`. Instead the listing is one string, one path per line, searched with
`str.find` (C speed) for the few names asked about, and the sorted paths are
bisected for a folder's files. Only the last resort, names that start alike, sorts the
distinct file names (once: a three-letter start can occur thousands of times); once
sorted, they also answer for a name no path has without a scan.
"""

from __future__ import annotations

import bisect
import itertools


class Listing:
    """A repo's paths (sorted, POSIX separators), searchable by name and folder."""

    def __init__(self, ordered: tuple[str, ...]) -> None:
        self.ordered = ordered
        self._text: str | None = None
        self._names: list[str] | None = None  # distinct file names, sorted

    def text(self) -> str:
        """Every path on a line of its own, with a newline before the first too."""
        if self._text is None:
            self._text = "\n" + "\n".join(self.ordered) + "\n"
        return self._text

    def named(self, name: str) -> list[str]:
        """The paths whose file name is `name`, sorted."""
        if self._names is not None and not self._has_name(name):
            return []  # no scan of the whole text once the names are sorted anyway
        text = self.text()
        found = [name] if self._listed(name) else []
        needle = f"/{name}\n"  # one scan: a top-folder file is looked up apart
        at = text.find(needle)
        while at >= 0:
            found.append(text[text.rfind("\n", 0, at) + 1 : at + len(needle) - 1])
            at = text.find(needle, at + 1)
        return sorted(found)

    def first_named(self, name: str) -> str | None:
        """The first path, in sorted order, whose file name is `name`: the text is in
        that order, so the scan stops at the first match (a top-level file aside)."""
        text = self.text()
        needle = f"/{name}\n"
        at = text.find(needle)
        found = [text[text.rfind("\n", 0, at) + 1 : at + len(needle) - 1]] if at >= 0 else []
        if self._listed(name):
            found.append(name)
        return min(found, default=None)

    def _has_name(self, name: str) -> bool:
        names = self._names or []
        at = bisect.bisect_left(names, name)
        return at < len(names) and names[at] == name

    def _listed(self, path: str) -> bool:
        """Whether `path` is listed: for a bare name, a file of the top folder. A
        bisection, not a set of the top folder's files (a pass over every path)."""
        at = bisect.bisect_left(self.ordered, path)
        return at < len(self.ordered) and self.ordered[at] == path

    def in_folder(self, folder: str, limit: int) -> list[str]:
        """The first `limit` paths directly in `folder` ("" for the top), sorted."""
        prefix = f"{folder}/" if folder else ""
        found: list[str] = []
        paths = self.ordered
        for index in range(bisect.bisect_left(paths, prefix), len(paths)):
            path = paths[index]
            if not path.startswith(prefix) or len(found) == limit:
                break
            if "/" not in path[len(prefix) :]:
                found.append(path)
        return found

    def names_starting(self, start: str, limit: int) -> list[str]:
        """The first `limit` distinct file names that start with `start`, sorted."""
        if self._names is None:  # once: a prefix can occur thousands of times
            self._names = sorted({path[path.rfind("/") + 1 :] for path in self.ordered})
        names = self._names
        first = bisect.bisect_left(names, start)
        return list(
            itertools.takewhile(lambda n: n.startswith(start), names[first : first + limit])
        )
