"""Entries for the index, parsed without positions: about twice as fast as parse_entry.

The index needs an entry's values, not diagnostics (`kb check` reports those), so it
skips what only diagnostics need: duplicate-key tracking and key lines. Values are
the same as parse_entry's: the same YAML 1.2 resolver (yes/no stay strings), the same
schema validation, the same Entry. Frontmatter that could hold anchors or aliases, or
that does not load, goes through parse_entry so the rules stay in one place.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]
from kb import schema, yamlio
from kb.document import DocumentError, split
from kb.entry import Entry, parse_entry


class _ValuesLoader(_SafeLoader):
    """CSafeLoader with yamlio's YAML 1.2 resolvers (yes/no/on/off stay strings)."""

    yaml_implicit_resolvers = yamlio._Resolver.yaml_implicit_resolvers


def parse_values(path: str, text: str, timezone: dt.tzinfo) -> Entry | None:
    """The entry `text` holds (as parse_entry would build it), or None when unusable."""
    try:
        document = split(text)
    except DocumentError:
        return None
    if "&" in document.frontmatter or "*" in document.frontmatter:
        return parse_entry(path, text, timezone).entry
    loader = _ValuesLoader(document.frontmatter)
    try:
        raw: Any = loader.get_single_data()
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError):
        return None
    finally:
        loader.dispose()
    if not isinstance(raw, dict):
        return None
    values, _problems = schema.validate(raw, timezone)
    if values is None:
        return None
    return Entry(
        id=path.rsplit("/", 1)[-1].removesuffix(".md"),
        path=path,
        body=document.body,
        body_line=document.body_line,
        **values,
    )
