"""Which entries are about a path: the gotchas to read before changing a file.

An entry is about `api/x.py` when it names the file (or, per history, the name the
file had before a rename), a directory that contains it, or a glob that matches it.
Matches come most specific first: the file itself, then the deepest directory, then
globs. Pure: entries and their staleness in, matches out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from kb.entry import Entry
from kb.refs import FileRef, RefKind, glob_regex, normalise
from kb.staleness import RefChanges

# How specific each kind of match is; lower sorts first.
_RANK = {"file": 0, "renamed": 0, "directory": 1, "glob": 2}


@dataclass(frozen=True)
class Match:
    entry: Entry
    ref: FileRef
    kind: str  # file, renamed (the entry names an earlier name), directory, glob
    changes: RefChanges | None = None  # staleness of a file reference, when known

    @property
    def stale(self) -> bool:
        return self.changes is not None and self.changes.stale

    def sort_key(self) -> tuple[int, int, float, str]:
        depth = -len(self.ref.path) if self.kind in ("directory", "glob") else 0
        return (_RANK[self.kind], depth, -self.entry.created.timestamp(), self.entry.id)


class PathIndex:
    """Entries by referenced file, directory and glob, built once for many lookups."""

    def __init__(
        self,
        entries: Iterable[Entry],
        changes: Mapping[str, Sequence[RefChanges]] | None = None,
    ) -> None:
        self.files: dict[str, list[Match]] = {}
        self.directories: dict[str, list[Match]] = {}
        self.globs: list[tuple[re.Pattern[str], Match]] = []
        for entry in entries:
            by_ref = {c.ref: c for c in (changes or {}).get(entry.id, ())}
            for ref in entry.files:
                self._add(entry, ref, by_ref.get(ref))

    def _add(self, entry: Entry, ref: FileRef, changes: RefChanges | None) -> None:
        path = normalise(ref.path)
        if ref.kind is RefKind.FILE:
            self.files.setdefault(path, []).append(Match(entry, ref, "file", changes))
            if changes is not None and changes.moved and changes.path != path:
                renamed = Match(entry, ref, "renamed", changes)
                self.files.setdefault(changes.path, []).append(renamed)
        elif ref.kind is RefKind.DIRECTORY:
            self.directories.setdefault(path, []).append(Match(entry, ref, "directory"))
        else:
            self.globs.append((re.compile(glob_regex(path)), Match(entry, ref, "glob")))

    def entries_for(self, path: str) -> list[Match]:
        """Every entry about `path`, most specific first, each entry once."""
        found = list(self.files.get(path, []))
        parent = path.rpartition("/")[0]
        while parent:
            found.extend(self.directories.get(parent, []))
            parent = parent.rpartition("/")[0]
        found.extend(match for pattern, match in self.globs if pattern.fullmatch(path))
        seen: set[str] = set()
        ordered: list[Match] = []
        for match in sorted(found, key=Match.sort_key):
            if match.entry.id not in seen:
                seen.add(match.entry.id)
                ordered.append(match)
        return ordered
