"""What every check receives: the options of the run and a read-only view of the project.

Checks never load anything themselves: the context builds each repo's file index once,
on first use, and hands the same one to every check that asks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.cache import Stat
from kb.config import Config
from kb.diagnostics import Diagnostic
from kb.entry import Entry
from kb.history import History
from kb.project import Project
from kb.repo_index import RepoIndex

if TYPE_CHECKING:
    from concurrent.futures import Future

# Called by long-running checks (external links) with (done, total).
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class CheckOptions:
    """How to run the checks. The defaults are `kb check` with no flags."""

    # Codes or code prefixes (`KB3`, `KB301`) to report; empty means every code.
    select: tuple[str, ...] = ()
    # Codes or code prefixes never to report; wins over `select`.
    ignore: tuple[str, ...] = ()
    # Unverified repos (KB308) become errors; the CLI also fails on warnings.
    strict: bool = False
    # Check external http(s) links (network); never part of the default run.
    external: bool = False
    # Use and fill the cache under .kb/cache/ (repo indexes, external links).
    use_cache: bool = True
    # Paths relative to the root (files or folders) whose findings to keep; empty: all.
    paths: tuple[str, ...] = ()
    progress: Progress | None = None
    # Run the link checks in a forked child on a large knowledge base (kb.checks.parallel):
    # kb check does; library callers (the site) keep to one process.
    parallel: bool = False


@dataclass
class CheckContext:
    """Read-only inputs of one run: the config, the loaded project, the repo indexes."""

    config: Config
    project: Project
    options: CheckOptions = field(default_factory=CheckOptions)
    # Repo name (None: the home repo) -> its index, built on first use.
    _indexes: dict[str | None, RepoIndex | None] = field(default_factory=dict, repr=False)
    # Indexes a caller started building in the background (kb check overlaps git's
    # listing with reading entries).
    pending: dict[str | None, Future[RepoIndex | None]] = field(default_factory=dict)
    _by_id: dict[str, Entry] | None = field(default=None, repr=False)
    # Files and folders checks looked at beyond entries and repo listings (link
    # targets, say): the warm cache re-checks their stats before reusing a result.
    observed: set[str] = field(default_factory=set, repr=False)
    # Each repo's history, when the caller has read it already (the site does, for its
    # "changed since" marks), so one run reads it once; None: the staleness check reads it.
    histories: dict[str | None, History] | None = None
    # Absolute path -> its stat as kb.cache.stat_of gives it, taken by a check already
    # (the files check lstats every reference), so the warm cache's record reuses it.
    known_stats: dict[str, Stat] = field(default_factory=dict, repr=False)

    @property
    def root(self) -> Path:
        return self.config.root

    @property
    def entries(self) -> list[Entry]:
        return self.project.entries

    def entry_by_id(self) -> dict[str, Entry]:
        """Entries by id (the first of duplicates), built once."""
        if self._by_id is None:
            self._by_id = {}
            for entry in self.entries:
                self._by_id.setdefault(entry.id, entry)
        return self._by_id

    def observe(self, path: str | Path) -> None:
        """Record that a finding depends on `path` (absolute) existing or not, as now."""
        self.observed.add(str(path))

    def built_indexes(self) -> list[RepoIndex]:
        """The repo indexes this run has built so far."""
        return [index for index in self._indexes.values() if index is not None]

    def repo_index(self, name: str | None) -> RepoIndex | None:
        """The file index of repo `name` (None: the home repo); None without a checkout."""
        if name not in self._indexes:
            from kb.checks.repos import index_for

            future = self.pending.get(name)
            self._indexes[name] = future.result() if future else index_for(self, name)
        return self._indexes[name]


# A check: a pure function from the context to findings. It never prints, exits or
# writes (except through kb.cache), and it reports every problem it sees.
CheckFunction = Callable[[CheckContext], Iterable[Diagnostic]]


@dataclass(frozen=True)
class Check:
    """One registered check and the codes it can report (so `--select` can skip it)."""

    name: str
    run: CheckFunction
    codes: tuple[str, ...]
    # Runs only with `--external` (it uses the network).
    external: bool = False
    # False when findings depend on more than the files kb fingerprints (entries, docs,
    # kb.yml, repo file lists, HEAD commits): such a check is never served from the
    # whole-run cache.
    cacheable: bool = True
    # A check whose work is mostly per entry can also be run in parts: `each` on any
    # share of the entries (with a per-process `state` for what it builds once), then
    # `rest` once; `run` must equal `each` on every entry followed by `rest`. kb check
    # then shares the entries between two processes (kb.checks.parallel).
    parts: Parts | None = None


# Findings for a share of the entries; `state` holds what a process builds once.
EachFunction = Callable[[CheckContext, list[Entry], dict[str, Any]], Iterable[Diagnostic]]


@dataclass(frozen=True)
class Parts:
    each: EachFunction
    rest: Callable[[CheckContext, dict[str, Any]], Iterable[Diagnostic]]

    def whole(self, ctx: CheckContext) -> Iterator[Diagnostic]:
        """The check on every entry, in one process."""
        state: dict[str, Any] = {}
        yield from self.each(ctx, ctx.entries, state)
        yield from self.rest(ctx, state)
