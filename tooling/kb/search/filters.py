"""Filters shared by `kb list`, `kb search` and `kb export`: tag, status, date, file.

Pure functions over plain values, so the search index can apply the same rules to the
rows it stores as `kb list` applies to parsed entries.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase

from kb.entry import Entry
from kb.refs import RefKind, normalise, parse_ref
from kb.vocabulary import Vocabulary

_RELATIVE = re.compile(r"^(?P<count>\d+)(?P<unit>[dwmy])$")
_UNIT_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}


@dataclass(frozen=True)
class Filters:
    """What to keep: every tag in `tags`, any status in `statuses`, created at or after
    `since`, and a reference to any path in `files`. Empty means no restriction."""

    tags: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    since: dt.datetime | None = None
    files: tuple[str, ...] = ()

    def keeps(self, entry: Entry, vocabulary: Vocabulary) -> bool:
        """True when `entry` passes every filter."""
        if self.statuses and entry.status not in self.statuses:
            return False
        if self.since is not None and entry.created < self.since:
            return False
        if self.tags and not set(self.tags) <= set(canonical_tags(entry.tags, vocabulary)):
            return False
        refs = [(ref.kind.value, ref.path) for ref in entry.files]
        return not self.files or refers_to_any(refs, self.files)


def canonical_tags(tags: Iterable[str], vocabulary: Vocabulary) -> list[str]:
    """Tags with aliases replaced by their tag; unknown tags kept as written."""
    found: list[str] = []
    for tag in tags:
        name = vocabulary.canonical(tag) or tag
        if name not in found:
            found.append(name)
    return found


def parse_since(text: str, timezone: dt.tzinfo, now: dt.datetime) -> dt.datetime:
    """`2025-11-24`, an ISO date-time, or `7d`/`2w`/`3m`/`1y` before `now`.

    Raises ValueError with a message fit for the user.
    """
    text = text.strip()
    relative = _RELATIVE.match(text)
    if relative:
        days = int(relative["count"]) * _UNIT_DAYS[relative["unit"]]
        return now - dt.timedelta(days=days)
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"{text!r} is not a date (2025-11-24), a date-time, or an age such as 30d, 2w, 6m, 1y"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone)


def query_path(text: str) -> str:
    """A `--file` value as a plain path: `./api//x.py:10-20` -> `api/x.py`."""
    return parse_ref(normalise(text)).path.rstrip("/")


def refers_to_any(refs: Sequence[tuple[str, str]], paths: Sequence[str]) -> bool:
    """Whether any (kind, path) reference covers or lies under any of `paths`."""
    return any(_refers_to(kind, ref, path) for kind, ref in refs for path in paths)


def _refers_to(kind: str, ref: str, path: str) -> bool:
    # A reference under the queried folder counts: `--file api/` finds `api/x.py`.
    if ref == path or ref.startswith(path + "/"):
        return True
    if kind == RefKind.DIRECTORY.value:
        return path.startswith(ref + "/")
    if kind == RefKind.GLOB.value:
        return fnmatchcase(path, ref)
    return False
