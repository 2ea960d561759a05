"""Staleness for one command run: read each repo's history and file list once, then judge.

The commands `kb for` and `kb fix` share this; `kb check` does the same through its
`CheckContext`, and the site calls `kb.staleness.changes_for` with its own history.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kb.config import Config
from kb.entry import Entry
from kb.history import History, entry_prefix, load_histories
from kb.repo_index import build_index
from kb.staleness import Exists, RefChanges, changes_for


@dataclass
class Staleness:
    """Per-entry `RefChanges` (by id) and the histories they came from."""

    histories: dict[str | None, History]
    by_entry: dict[str, list[RefChanges]] = field(default_factory=dict)
    exists: dict[str | None, Exists] = field(default_factory=dict)


def load_staleness(config: Config, entries: Sequence[Entry]) -> Staleness:
    """One `git log` (and one `git ls-files`) per repo the entries refer to."""
    result = Staleness(load_histories(config, entries))
    for repo, history in result.histories.items():
        root = config.repo_root(repo)
        if root is not None and history.available:
            result.exists[repo] = build_index(root).has_file
    prefix = entry_prefix(config)
    for entry in entries:
        found = result.histories.get(entry.repo)
        if found is not None:
            own = prefix + entry.path if entry.repo is None else None
            exists = result.exists.get(entry.repo)
            result.by_entry[entry.id] = changes_for(entry, found, exists, own)
    return result
