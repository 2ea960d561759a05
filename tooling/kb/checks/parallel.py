"""Run the checks on two cores: the link checks in a forked child, the rest here.

Checking is Python work on one core (the GIL). Once the entries are parsed, a
forked child sees them copy-on-write (nothing is pickled on the way in), runs the
links check while this process runs the others, and sends back its findings and
what it looked at: a few kilobytes (kb.forked). Where fork is missing, on a small
knowledge base, or when the child fails for any reason, the checks run here, in
order: the findings are the same either way (a test compares them).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kb.cache import Stat
from kb.checks.context import Check, CheckContext
from kb.diagnostics import Diagnostic
from kb.forked import fork

# Checks worth a second core: about as long as all the others together.
IN_CHILD = frozenset({"links"})
# Below this many entries a fork costs more than the checks it moves.
MIN_ENTRIES = 1000


def run_in_order(ctx: CheckContext, checks: Iterable[Check]) -> list[Diagnostic]:
    return [finding for check in checks for finding in check.run(ctx)]


def run_checks(ctx: CheckContext, checks: Sequence[Check]) -> list[Diagnostic]:
    """Every finding of `checks`, some computed in a forked child when that pays."""
    moved = [check for check in checks if check.name in IN_CHILD]
    if not moved or len(ctx.entries) < MIN_ENTRIES:
        return run_in_order(ctx, checks)
    child = fork(lambda: _answer(ctx, moved))
    found = run_in_order(ctx, [check for check in checks if check not in moved])
    answer = child.result() if child is not None else None
    if not isinstance(answer, _Answer):  # no fork, or the child failed: do its share here
        return found + run_in_order(ctx, moved)
    ctx.observed.update(answer.observed)
    ctx.known_stats.update(answer.known_stats)
    return found + answer.found


@dataclass(frozen=True)
class _Answer:
    """What the child computed, and what it looked at (for the warm cache)."""

    found: list[Diagnostic]
    observed: set[str]
    known_stats: dict[str, Stat]


def _answer(ctx: CheckContext, checks: list[Check]) -> _Answer:
    """Run `checks` (in the child) and keep what the parent needs of the run."""
    observed_before = set(ctx.observed)
    found = run_in_order(ctx, checks)
    return _Answer(found, ctx.observed - observed_before, ctx.known_stats)
