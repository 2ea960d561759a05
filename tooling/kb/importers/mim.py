"""Mím v1 session journals: one file as it is, or every committed version of it.

In history mode an entry is dated by the author date (and UTC offset) of the earliest
commit whose version holds it, at the `HH:MM` of its heading; it is imported once, with
the text of the latest version that holds it (`updated` when that text changed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb.errors import KbError
from kb.importers import githistory
from kb.importers.filerefs import split_files_value
from kb.importers.mim_journal import EntryCache, Journal, JournalEntry, parse
from kb.importers.model import Item
from kb.render import format_datetime


def read_journal(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise KbError(f"{path}: cannot read the journal: {error}") from None


def from_file(
    path: Path, label: str, date: dt.date | None, timezone: dt.tzinfo
) -> tuple[list[Item], list[str]]:
    """Items of one journal file, dated by its header (or `date`) at each heading's time.

    Also returns the lines that belong to no entry, so the summary can name them.
    """
    journal = parse(read_journal(path))
    day = journal.date or date
    if day is None:
        raise KbError(
            f"{label}: no `# Knowledge Capture Session - DATE` header; pass --date YYYY-MM-DD"
        )
    items = []
    for entry in journal.entries:
        created = dt.datetime.combine(day, entry.time, tzinfo=timezone)
        items.append(_item(entry, label, created, {}))
    return items, leftovers(journal, label)


def dated(time: dt.time, commit: githistory.Version) -> tuple[dt.datetime, str | None]:
    """The heading time on the commit's day (its offset); the day before if that is later."""
    stamp = commit.author_date
    created = dt.datetime.combine(stamp.date(), time, tzinfo=stamp.tzinfo)
    if created <= stamp:
        return created, None
    created -= dt.timedelta(days=1)
    return created, (
        f"heading time {time:%H:%M} is later than the commit's {stamp:%H:%M} "
        f"({format_datetime(stamp)}); dated the day before"
    )


@dataclass
class _Seen:
    """An entry across versions: where it first appeared, and its latest text."""

    first: JournalEntry
    first_commit: githistory.Version
    latest: JournalEntry
    latest_commit: githistory.Version


def from_history(path: Path, label: str, revs: Iterable[str] = ()) -> tuple[list[Item], int]:
    """Items from every committed version of the journal at `path`, and the version count."""
    folder = path.parent if path.parent.is_dir() else None
    top = githistory.work_tree(folder) if folder else None
    if top is None:
        raise KbError(f"{label}: --history needs the journal inside a git repo")
    relative = path.resolve().relative_to(top.resolve()).as_posix()
    versions = githistory.file_versions(top, relative, revs)
    if not versions:
        raise KbError(f"{label}: no committed version of {relative} in the history")
    seen: dict[str, _Seen] = {}
    cache: dict[str, dict[str, JournalEntry]] = {}
    entry_cache: EntryCache = {}
    for version in versions:
        before = [_by_heading(cache, entry_cache, text) for text in version.parent_texts]
        for entry in _by_heading(cache, entry_cache, version.text).values():
            _see(seen, entry, version, before)
    return [_history_item(record, relative) for record in seen.values()], len(versions)


def _by_heading(
    cache: dict[str, dict[str, JournalEntry]], entry_cache: EntryCache, text: str
) -> dict[str, JournalEntry]:
    """Each version's entries by heading, parsed once per distinct text.

    When a heading appears twice in one version (a union merge of two edits), the
    later text wins, as it does across versions.
    """
    if text not in cache:
        journal = parse(text, entry_cache)
        cache[text] = {entry.heading: entry for entry in journal.entries}
    return cache[text]


def _see(
    seen: dict[str, _Seen],
    entry: JournalEntry,
    version: githistory.Version,
    before: list[dict[str, JournalEntry]],
) -> None:
    """Record a version holding `entry`; a text this commit brought in becomes the latest.

    A commit brings a text in when none of its parents had the entry with that text:
    an edit, or a refill after the file was emptied. A branch that kept an old text,
    or a merge that took a text from one side, changes nothing.
    """
    record = seen.get(entry.heading)
    if record is None:
        seen[entry.heading] = _Seen(entry, version, entry, version)
        return
    if entry.content != record.latest.content and all(
        parent.get(entry.heading) is None or parent[entry.heading].content != entry.content
        for parent in before
    ):
        record.latest, record.latest_commit = entry, version


def _history_item(record: _Seen, relative: str) -> Item:
    created, note = dated(record.first.time, record.first_commit)
    source: dict[str, Any] = {"commit": record.first_commit.commit}
    if note:
        source["dated"] = note
    updated = None
    if record.latest.content != record.first.content:
        updated = max(record.latest_commit.author_date, created)
        source["text_from"] = record.latest_commit.commit
    item = _item(record.latest, relative, created, source)
    item.updated = updated
    return item


def _item(entry: JournalEntry, label: str, created: dt.datetime, extra: dict[str, Any]) -> Item:
    source: dict[str, Any] = {"importer": "mim", "file": label, "heading": entry.heading}
    source.update(extra)
    return Item(
        label=f"{label}:{entry.line}",
        title=entry.topic,
        created=created,
        categories=[entry.category],
        body=entry.details,
        source=source,
        files=split_files_value(entry.files) if entry.files else [],
        files_line=entry.files,
    )


def leftovers(journal: Journal, label: str) -> list[str]:
    """Lines that belong to no entry: named in the summary, so nothing goes unsaid."""
    lines = [f"{label}:{n}: line outside any entry: {text.strip()!r}" for n, text in journal.stray]
    lines += [
        f"{label}:{n}: heading with an impossible time: {text!r}"
        for n, text in journal.bad_headings
    ]
    return lines
