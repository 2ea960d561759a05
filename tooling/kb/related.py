"""Related entries: shared files first, then shared tags. One implementation for all.

`kb show` and the site both call `related_entries`, so the terminal and the browser
never disagree about what is related.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from kb.entry import Entry


@dataclass(frozen=True)
class Related:
    entry: Entry
    shared_files: tuple[str, ...]
    shared_tags: tuple[str, ...]


class RelatedIndex:
    """Entries by file path and by tag, built once per run for all lookups."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = list(entries)
        self.by_file: dict[tuple[str | None, str], list[Entry]] = defaultdict(list)
        self.by_tag: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries:
            for path in {ref.path for ref in entry.files}:
                self.by_file[(entry.repo, path)].append(entry)
            for tag in entry.tags:
                self.by_tag[tag].append(entry)

    def related(self, entry: Entry, limit: int = 5) -> list[Related]:
        """Up to `limit` entries, most shared files first, then most shared tags, newest."""
        files: dict[str, set[str]] = defaultdict(set)
        tags: dict[str, set[str]] = defaultdict(set)
        by_id: dict[str, Entry] = {}
        for path in {ref.path for ref in entry.files}:
            for other in self.by_file.get((entry.repo, path), []):
                files[other.id].add(path)
                by_id[other.id] = other
        for tag in entry.tags:
            for other in self.by_tag.get(tag, []):
                tags[other.id].add(tag)
                by_id[other.id] = other
        by_id.pop(entry.id, None)
        ranked = sorted(
            by_id.values(),
            key=lambda o: (-len(files[o.id]), -len(tags[o.id]), -o.created.timestamp(), o.id),
        )
        return [
            Related(o, tuple(sorted(files[o.id])), tuple(sorted(tags[o.id])))
            for o in ranked[:limit]
        ]


def related_entries(entries: Sequence[Entry], entry: Entry, limit: int = 5) -> list[Related]:
    """Convenience for a single lookup; build a RelatedIndex when doing many."""
    return RelatedIndex(entries).related(entry, limit)
