"""Folders of one-file-per-problem Markdown with frontmatter (the `docs/solutions/` habit).

Their fields map to kb's (`date` -> created, `category` -> a tag, ...; `--map` adds or
changes mappings); keys kb does not know are kept as they are. The original values of
mapped fields stay in `source.fields`, so nothing is lost in translation.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from kb import schema, yamlio
from kb.document import DocumentError, split
from kb.errors import KbError
from kb.importers.folders import Dating, dating, markdown_files, read_text, take_title
from kb.importers.model import Item

TARGETS = ("title", "created", "updated", "tags", "files", "authors")
DEFAULT_MAP = {
    "title": "title",
    "date": "created",
    "created": "created",
    "updated": "updated",
    "tags": "tags",
    "tag": "tags",
    "category": "tags",
    "files": "files",
    "author": "authors",
    "authors": "authors",
}
# `fix-n-plus-one-20260203.md`, `2026-02-03-fix.md`
_NAME_DATE = re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)")


def parse_map(pairs: list[str]) -> dict[str, str]:
    """DEFAULT_MAP with `FIELD=kbfield` pairs applied; `FIELD=` drops a mapping."""
    mapping = dict(DEFAULT_MAP)
    for pair in pairs:
        field, sep, target = (part.strip() for part in pair.partition("="))
        if not sep or not field:
            raise ValueError(f"{pair!r} is not FIELD=kbfield")
        if target and target not in TARGETS:
            raise ValueError(f"{pair!r}: kb field must be one of {', '.join(TARGETS)}")
        if target:
            mapping[field] = target
        else:
            mapping.pop(field, None)
    return mapping


def from_folder(
    folder: Path, mapping: dict[str, str], timezone: dt.tzinfo
) -> tuple[list[Item], list[str]]:
    """An item per Markdown file under `folder`."""
    paths = markdown_files(folder)
    dates = dating(folder, paths)
    return [_item(path, folder, dates, mapping, timezone) for path in paths], []


def _item(
    path: Path, folder: Path, dates: Dating, mapping: dict[str, str], timezone: dt.tzinfo
) -> Item:
    label = dates.label(path)
    source: dict[str, Any] = {"importer": "frontmatter", "path": label}
    created, _, warning = dates.of(path, timezone)
    item = Item(label, path.stem, created, [], "", source)
    try:
        raw, body = _split(read_text(path))
    except KbError as error:
        item.blocked = error.message
        return item
    values: dict[str, list[Any]] = {target: [] for target in TARGETS}
    for key, value in raw.items():
        target = mapping.get(str(key))
        if target is None and str(key) not in schema.BY_KEY:
            item.extra[str(key)] = value
        elif target is None:
            # A key kb knows but with this source's meaning (`status: solved`): keep it
            # in source rather than let it fail kb's schema.
            source.setdefault("fields", {})[str(key)] = value
        else:
            values[target].append(value)
            if target != "title":
                source.setdefault("fields", {})[str(key)] = value
    heading, rest = take_title(body)
    title = next((str(v).strip() for v in values["title"] if str(v).strip()), None)
    item.title = title or heading or path.stem
    item.body = rest if title is None and heading else body.strip("\n")
    item.categories = _words(values["tags"]) or _folder_tag(path, folder)
    item.files = _words(values["files"])
    item.authors = _words(values["authors"])
    _dates(item, values, path, timezone, warning)
    return item


def _split(text: str) -> tuple[dict[Any, Any], str]:
    """(frontmatter mapping, body); a file without frontmatter has an empty mapping."""
    try:
        document = split(text)
    except DocumentError as error:
        if error.kind == "missing":
            return {}, text
        raise KbError(f"line {error.line}: {error.message}") from None
    try:
        loaded = yamlio.load(document.frontmatter)
    except yamlio.YamlError as error:
        raise KbError(f"line {error.line + 1}: {error.message}") from None
    if loaded.value is None:
        return {}, document.body
    if not isinstance(loaded.value, dict):
        raise KbError("line 2: the frontmatter is not a mapping of keys")
    return loaded.value, document.body


def _words(values: list[Any]) -> list[str]:
    """Tags, files or authors given inline, as block lists, or as `a, b` strings."""
    found: list[str] = []
    for value in values:
        items = value if isinstance(value, list) else str(value).split(",")
        for item in items:
            text = str(item).strip()
            if text and text not in found:
                found.append(text)
    return found


def _folder_tag(path: Path, folder: Path) -> list[str]:
    """The category folder the file sits in, when there is no tag field."""
    parts = path.relative_to(folder).parts
    return [parts[0]] if len(parts) > 1 else []


def _dates(
    item: Item, values: dict[str, list[Any]], path: Path, tz: dt.tzinfo, warning: str | None
) -> None:
    """created from the field, else the file name, else git or the mtime (with a warning)."""
    for target in ("created", "updated"):
        for value in values[target]:
            parsed, reason = schema.to_datetime(value, tz)
            if parsed is None:
                item.attention.append(f"{target}: {reason}; not used")
                continue
            if target == "created":
                item.created = parsed
            else:
                item.updated = parsed
            break
        else:
            if target == "created" and not _date_from_name(item, path, tz) and warning:
                item.attention.append(warning)
    if item.updated is not None and item.updated <= item.created:
        item.updated = None


def _date_from_name(item: Item, path: Path, tz: dt.tzinfo) -> bool:
    match = _NAME_DATE.search(path.stem)
    if not match:
        return False
    try:
        day = dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return False
    item.created = dt.datetime.combine(day, dt.time(), tzinfo=tz)
    return True
