"""The whole knowledge base as data: JSON for tools, one Markdown file for assistants.

`export_json` follows the schema in docs/reference/export.md (bump EXPORT_VERSION when
a field changes meaning or goes away); `llms_text` writes one file in the llms.txt
style, every entry in full, so a coding assistant can read the knowledge base at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from kb.config import Config
from kb.entry import Entry
from kb.render import format_datetime
from kb.search.filters import canonical_tags

EXPORT_VERSION = 1
_HEADING = re.compile(r"^(#{1,6})(\s)")
_FENCE = re.compile(r"^\s*(```|~~~)")


def newest_first(entries: Sequence[Entry]) -> list[Entry]:
    """Entries by creation time, newest first; the id breaks ties so order is stable."""
    by_id = sorted(entries, key=lambda entry: entry.id)
    return sorted(by_id, key=lambda entry: entry.created, reverse=True)


def entry_record(entry: Entry, config: Config, *, body: bool = True) -> dict[str, Any]:
    """One entry as JSON-ready values; tags are canonical (aliases resolved)."""
    record: dict[str, Any] = {
        "id": entry.id,
        "path": entry.path,
        "title": entry.title,
        "created": format_datetime(entry.created),
        "updated": format_datetime(entry.updated) if entry.updated else None,
        "tags": canonical_tags(entry.tags, config.vocabulary),
        "status": entry.status,
        "superseded_by": entry.superseded_by,
        "files": [ref.raw for ref in entry.files],
        "repo": entry.repo,
        "authors": list(entry.authors),
        "verified": jsonable(entry.verified),
        "source": jsonable(entry.source),
    }
    if body:
        record["body"] = entry.body
    return record


def jsonable(value: Any) -> Any:
    """YAML values (dates included) as JSON values."""
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    return value


def export_json(config: Config, entries: Sequence[Entry]) -> dict[str, Any]:
    """The export document: the knowledge base's title, its vocabulary and its entries."""
    return {
        "version": EXPORT_VERSION,
        "title": config.title,
        "description": config.description,
        "tags": {
            name: {"description": tag.description, "aliases": list(tag.aliases)}
            for name, tag in sorted(config.vocabulary.tags.items())
        },
        "entries": [entry_record(entry, config) for entry in newest_first(entries)],
    }


def llms_text(config: Config, entries: Sequence[Entry]) -> str:
    """One Markdown document: `# title`, a `>` summary, then one `##` section per entry."""
    ordered = newest_first(entries)
    parts = [f"# {config.title}"]
    if config.description:
        parts.append(f"> {' '.join(config.description.split())}")
    parts.append(
        f"{len(ordered)} entries of a team knowledge base, newest first. Each section is "
        "one entry: its facts as a list, then its text. File paths are relative to the "
        "root of the repo named (this repo when none is)."
    )
    parts.extend(_llms_entry(entry, config) for entry in ordered)
    return "\n\n".join(parts) + "\n"


def _llms_entry(entry: Entry, config: Config) -> str:
    facts = [
        f"- id: {entry.id}",
        f"- created: {entry.created.astimezone(config.timezone).date().isoformat()}",
        f"- tags: {', '.join(canonical_tags(entry.tags, config.vocabulary))}",
    ]
    if entry.updated:
        facts.append(f"- updated: {entry.updated.astimezone(config.timezone).date().isoformat()}")
    if entry.status != "active":
        successor = f" by {entry.superseded_by}" if entry.superseded_by else ""
        facts.append(f"- status: {entry.status}{successor}")
    if entry.files:
        facts.append("- files: " + ", ".join(f"`{ref.raw}`" for ref in entry.files))
    if entry.repo:
        facts.append(f"- repo: {entry.repo}")
    body = demote_headings(entry.body.strip("\n"), top=3)
    return "\n".join([f"## {entry.title}", "", *facts]) + (f"\n\n{body}" if body else "")


def demote_headings(markdown: str, top: int) -> str:
    """Shift ATX headings (outside code fences) so the biggest becomes level `top`."""
    lines = markdown.split("\n")
    levels, fenced = [], _fenced_lines(lines)
    for number, line in enumerate(lines):
        match = _HEADING.match(line)
        if match and number not in fenced:
            levels.append(len(match.group(1)))
    shift = max(0, top - min(levels)) if levels else 0
    if not shift:
        return markdown
    for number, line in enumerate(lines):
        match = _HEADING.match(line)
        if match and number not in fenced:
            level = min(6, len(match.group(1)) + shift)
            lines[number] = "#" * level + line[len(match.group(1)) :]
    return "\n".join(lines)


def _fenced_lines(lines: list[str]) -> set[int]:
    inside, fenced = False, set()
    for number, line in enumerate(lines):
        if _FENCE.match(line):
            inside = not inside
            fenced.add(number)
        elif inside:
            fenced.add(number)
    return fenced
