"""Run the checks on two cores: the per-entry work shared with a forked child.

Checking is Python work on one core (the GIL). The file-reference and link checks do
most of theirs entry by entry (`Check.parts`). Once the entries are parsed, a forked
child sees them copy-on-write (nothing is pickled on the way in) and takes chunks of
entries from the back of the list while this process runs the other checks, then
takes chunks from the front (kb.checks.splitparse): the two finish together however
busy the machine is. Each chunk sends back its findings and what it looked at, a
few kilobytes. Where fork is missing, on a small knowledge base, or when the child
fails for any reason, the work is done here: the findings are the same either way
(a test compares them).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from kb.cache import Stat
from kb.checks.context import Check, CheckContext, Parts
from kb.checks.splitparse import SplitParse
from kb.diagnostics import Diagnostic
from kb.entry import Entry

# Below this many entries a fork costs more than the checks it moves.
MIN_ENTRIES = 1000


def run_in_order(ctx: CheckContext, checks: Iterable[Check]) -> list[Diagnostic]:
    return [finding for check in checks for finding in check.run(ctx)]


def run_checks(ctx: CheckContext, checks: Sequence[Check]) -> list[Diagnostic]:
    """Every finding of `checks`, the per-entry work shared with a child when that pays."""
    parted = [check.parts for check in checks if check.parts is not None]
    if not parted or len(ctx.entries) < MIN_ENTRIES:
        return run_in_order(ctx, checks)
    work = _EntryWork(ctx, parted)
    sharing = SplitParse(ctx.entries, work.chunk)
    sharing.start()  # the child starts on the last entries
    found = run_in_order(ctx, [check for check in checks if check.parts is None])
    for answer in sharing.finish():  # this process takes the first entries meanwhile
        found += answer.found
        ctx.observed.update(answer.observed)
        ctx.known_stats.update(answer.known_stats)
    found += (finding for parts in parted for finding in parts.rest(ctx, work.state))
    return found


@dataclass(frozen=True)
class _Answer:
    """What a chunk found, and what it looked at (for the warm cache)."""

    found: list[Diagnostic]
    observed: set[str]
    known_stats: dict[str, Stat]


class _EntryWork:
    """The per-entry parts of the checks, run chunk by chunk in either process."""

    def __init__(self, ctx: CheckContext, parted: list[Parts]) -> None:
        self.ctx = ctx
        self.parted = parted
        self.state: dict[str, Any] = {}  # each process's own: lookups built once

    def chunk(self, entries: list[Entry]) -> _Answer:
        ctx = self.ctx
        observed, known = set(ctx.observed), len(ctx.known_stats)
        found = [
            finding for parts in self.parted for finding in parts.each(ctx, entries, self.state)
        ]
        # Insertion order: what this chunk added to known_stats comes last (islice:
        # no list of every earlier item for each chunk).
        added = dict(itertools.islice(ctx.known_stats.items(), known, None))
        return _Answer(found, ctx.observed - observed, added)
