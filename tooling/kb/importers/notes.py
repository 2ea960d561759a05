"""Folders of Markdown notes (TIL collections): `topic/slug.md`, the title on a `# ` line.

The topic folder becomes the tag; created and updated are the first and last commits
that touched the note (following renames), or its modification time outside git.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kb.errors import KbError
from kb.importers.folders import dating, markdown_files, read_text, take_title, title_from_name
from kb.importers.model import Item


def from_folder(folder: Path, timezone: dt.tzinfo) -> tuple[list[Item], list[str]]:
    """An item per note, and notes about files that are not notes (outside a topic)."""
    paths = markdown_files(folder)
    dates = dating(folder, paths)
    items: list[Item] = []
    notes: list[str] = []
    for path in paths:
        relative = path.relative_to(folder)
        label = dates.label(path)
        if len(relative.parts) < 2:
            notes.append(f"{label}: not in a topic folder; not imported")
            continue
        items.append(_item(path, label, relative.parts[0], dates.of(path, timezone)))
    return items, notes


def _item(
    path: Path, label: str, topic: str, when: tuple[dt.datetime, dt.datetime, str | None]
) -> Item:
    created, updated, warning = when
    source = {"importer": "notes", "path": label}
    try:
        text = read_text(path)
    except KbError as error:
        return Item(label, path.stem, created, [topic], "", source, blocked=error.message)
    title, body = take_title(text)
    item = Item(
        label=label,
        title=title or title_from_name(path),
        created=created,
        updated=updated if updated > created else None,
        categories=[topic],
        body=body,
        source=source,
    )
    if title is None:
        item.attention.append("no `# ` title line; the title comes from the file name")
    if warning:
        item.attention.append(warning)
    return item
