"""What every page generator needs, derived once per build from the loaded project.

The indexes here (entries by tag, by year and month, by folder) are the only place the
site groups entries, so the home page's counts and the index pages always agree.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from kb.config import Config
from kb.entry import Entry
from kb.refs import FileRef, RefKind
from kb.related import RelatedIndex
from kb.site import urls
from kb.site.settings import SiteSettings
from kb.staleness import RefChanges, describe, label
from kb.vocabulary import Tag

# The files an entry refers to, by repo (None: home) and folder: [(ref, entry)].
FolderIndex = dict[tuple[str | None, str], list[tuple[FileRef, Entry]]]


@dataclass
class SiteModel:
    config: Config
    settings: SiteSettings
    entries: list[Entry]  # newest first
    by_id: dict[str, Entry]
    by_tag: dict[str, list[Entry]]  # canonical tag (or the unknown name) -> newest first
    by_year: dict[int, list[Entry]]  # newest first
    folders: FolderIndex
    related: RelatedIndex = field(repr=False)
    entry_uris: dict[str, str] = field(default_factory=dict)
    directory_urls: bool = True  # MkDocs' use_directory_urls, for links in raw HTML
    # What git says changed since each entry, by entry id and reference (raw text);
    # empty when there is no history (a tree outside git, a shallow clone).
    changes: dict[str, dict[str, RefChanges]] = field(default_factory=dict)
    # Memos: index pages list each entry several times, and entry pages link the same
    # tag and folder pages. Per-entry values are kept with the entry they came from, so
    # an edited entry (a new object, `kb serve`) never gets an old one's.
    _urls: dict[str, str] = field(default_factory=dict, repr=False)
    _folders: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _memos: dict[tuple[str, str], tuple[Entry, str]] = field(default_factory=dict, repr=False)

    @property
    def timezone(self) -> dt.tzinfo:
        return self.config.timezone

    def tag_info(self, name: str) -> Tag | None:
        return self.config.vocabulary.tags.get(name)

    def local(self, entry: Entry) -> dt.datetime:
        return entry.created.astimezone(self.timezone)

    def href(self, from_uri: str, to_uri: str) -> str:
        """The finished relative URL between two pages, for links inside raw HTML."""
        here = self._folders.get(from_uri)
        if here is None:
            here = self._folders[from_uri] = urls.folders(self.url(from_uri))
        return urls.between(here, self.url(to_uri))

    def url(self, uri: str) -> str:
        """The site URL of the page at `uri` (urls.page_url), computed once."""
        found = self._urls.get(uri)
        if found is None:
            found = self._urls[uri] = urls.page_url(uri, self.directory_urls)
        return found

    def memo(self, entry: Entry, what: str, make: Callable[[], str]) -> str:
        """`make()` of `entry`, once per entry and `what` (text that depends on no more)."""
        found = self._memos.get((entry.path, what))
        if found is None or found[0] is not entry:
            found = self._memos[(entry.path, what)] = (entry, make())
        return found[1]

    def changed_since(self, entry: Entry, ref: FileRef) -> str | None:
        """`3 commits since, newest 9f1c2ab 2026-01-05 "split settings"`, or None."""
        found = self.changes.get(entry.id, {}).get(ref.raw)
        words = label(found)
        if found is None or words is None:
            return None
        if found.commits:
            words += f", newest {describe(found.commits[0], self.timezone)}"
        return words

    def entry_uri(self, entry: Entry) -> str:
        """The docs-relative URI of an entry's page: `entries/2025/ID.md`."""
        return self.entry_uris[entry.path]


def build_model(
    config: Config,
    settings: SiteSettings,
    entries: list[Entry],
    directory_urls: bool = True,
    changes: dict[str, list[RefChanges]] | None = None,
) -> SiteModel:
    """Index the entries once; every list is newest first, ties broken by id."""
    ordered = sorted(entries, key=lambda e: (-e.created.timestamp(), e.id))
    by_tag: dict[str, list[Entry]] = {name: [] for name in config.vocabulary.tags}
    by_year: dict[int, list[Entry]] = defaultdict(list)
    folders: FolderIndex = defaultdict(list)
    for entry in ordered:
        for name in canonical_tags(config, entry):
            by_tag.setdefault(name, []).append(entry)
        by_year[entry.created.astimezone(config.timezone).year].append(entry)
        for ref in entry.files:
            folders[(entry.repo, folder_of(ref))].append((ref, entry))
    return SiteModel(
        config=config,
        settings=settings,
        entries=ordered,
        by_id={entry.id: entry for entry in ordered},
        by_tag=by_tag,
        by_year=dict(by_year),
        folders=dict(folders),
        related=RelatedIndex(ordered),
        entry_uris=_entry_uris(config, ordered),
        directory_urls=directory_urls,
        changes={
            entry_id: {found.ref.raw: found for found in found_list}
            for entry_id, found_list in (changes or {}).items()
        },
    )


def _entry_uris(config: Config, entries: list[Entry]) -> dict[str, str]:
    prefix = config.relative(config.entries_dir)  # resolves paths: once, not per entry
    start = len(prefix) + 1 if prefix != "." else 0
    # By path, not id: two entries may share an id (an error that kb check reports).
    return {entry.path: urls.entry(entry.path[start:]) for entry in entries}


def canonical_tags(config: Config, entry: Entry) -> list[str]:
    """An entry's tags with aliases resolved; unknown tags keep their own name."""
    names: list[str] = []
    for used in entry.tags:
        name = config.vocabulary.canonical(used) or used
        if name not in names:
            names.append(name)
    return names


def folder_of(ref: FileRef) -> str:
    """The folder a reference is listed under: its parent, itself for `dir/`, a glob's base."""
    if ref.kind is RefKind.DIRECTORY:
        return ref.path.strip("/")
    path = ref.path
    if ref.kind is RefKind.GLOB:
        fixed = []
        for segment in path.split("/"):
            if any(ch in segment for ch in "*?["):
                break
            fixed.append(segment)
        return "/".join(fixed)
    return posixpath.dirname(path)


def ref_key(ref: FileRef) -> str:
    """The path a reference is listed under (line ranges are shown per entry instead)."""
    if ref.kind is RefKind.GLOB:
        return ref.raw.strip()
    return ref.path + "/" if ref.kind is RefKind.DIRECTORY else ref.path
