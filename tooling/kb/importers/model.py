"""What importers produce (items) and what an import run reports (its summary)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Item:
    """One entry-to-be. `categories` are raw tag names, resolved through the vocabulary.

    `source` is written as the entry's `source:` mapping; its importer and that
    importer's identity key (IDENTITY_KEYS) let a second import find the entry again.
    """

    label: str  # how messages name the item: `journal.md:12` or `topic/slug.md`
    title: str
    created: dt.datetime
    categories: list[str]
    body: str
    source: dict[str, Any]
    updated: dt.datetime | None = None
    files: list[str] = field(default_factory=list)
    # The files as the source wrote them, kept in `source` when conversion changed them.
    files_line: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    authors: list[str] = field(default_factory=list)
    # Reasons this item needs a person's attention (it is still imported).
    attention: list[str] = field(default_factory=list)
    # Why the item cannot be imported at all (unreadable, invalid frontmatter).
    blocked: str | None = None

    @property
    def identity(self) -> str:
        return identity_of(self.source) or ""


# The `source:` key that identifies an item within its importer.
IDENTITY_KEYS = {"mim": "heading", "frontmatter": "path", "notes": "path"}


def identity_of(source: object) -> str | None:
    """`importer:identity` of a `source:` mapping, or None when it is not an import's."""
    if not isinstance(source, dict):
        return None
    importer = source.get("importer")
    key = IDENTITY_KEYS.get(importer) if isinstance(importer, str) else None
    value = source.get(key) if key else None
    return f"{importer}:{value}" if isinstance(value, str) else None


@dataclass
class Outcome:
    """What happened to one item: written (or would be), already present, or skipped."""

    item: Item
    status: str  # "imported", "present" or "skipped"
    path: Path | None = None
    text: str = ""
    reasons: list[str] = field(default_factory=list)


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)
    # Problems about the run as a whole (a tag added with a placeholder description).
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def attention(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.reasons]
