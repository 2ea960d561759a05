"""Searches over a repo's sorted file listing, for the "did you mean" hints.

A hint is needed for a handful of missing paths per run, but mapping 100,000 listed
paths by file name and by folder took a tenth of a second, a tenth of a cold
`kb check`. Instead the listing is one string, one path per line, searched with
`str.find` (C speed) for the few names asked about, and the sorted paths are
bisected for a folder's files.
"""

from __future__ import annotations

import bisect


class Listing:
    """A repo's paths (sorted, POSIX separators), searchable by name and folder."""

    def __init__(self, ordered: tuple[str, ...]) -> None:
        self.ordered = ordered
        self._text: str | None = None

    def text(self) -> str:
        """Every path on a line of its own, with a newline before the first too."""
        if self._text is None:
            self._text = "\n" + "\n".join(self.ordered) + "\n"
        return self._text

    def named(self, name: str) -> list[str]:
        """The paths whose file name is `name`, sorted."""
        text = self.text()
        found = []
        for needle in (f"/{name}\n", f"\n{name}\n"):
            at = text.find(needle)
            while at >= 0:
                start = at + 1 if needle[0] == "\n" else text.rfind("\n", 0, at) + 1
                found.append(text[start : at + len(needle) - 1])
                at = text.find(needle, at + 1)
        return sorted(found)

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

    def names_starting(self, start: str) -> list[str]:
        """The distinct file names that start with `start`, sorted."""
        text = self.text()
        names: set[str] = set()
        for needle in (f"/{start}", f"\n{start}"):
            at = text.find(needle)
            while at >= 0:
                end = text.find("\n", at + 1)
                name = text[at + 1 : end]
                if "/" not in name:
                    names.add(name)
                at = text.find(needle, at + 1)
        return sorted(names)
