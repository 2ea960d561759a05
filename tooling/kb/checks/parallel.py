"""Run the checks on two cores: the link checks in a forked child, the rest here.

Checking is Python work on one core (the GIL). Once the entries are parsed, a
forked child sees them copy-on-write (nothing is pickled on the way in), runs the
links check while this process runs the others, and sends back its findings and
what it looked at: a few kilobytes. Where fork is missing, on a small knowledge
base, or when the child fails for any reason, the checks run here, in order: the
findings are the same either way (a test compares them).
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kb.cache import Stat
from kb.checks.context import Check, CheckContext
from kb.diagnostics import Diagnostic

# Checks worth a second core: about as long as all the others together.
IN_CHILD = frozenset({"links"})
# Below this many entries a fork costs more than the checks it moves.
MIN_ENTRIES = 1000


def run_in_order(ctx: CheckContext, checks: Iterable[Check]) -> list[Diagnostic]:
    return [finding for check in checks for finding in check.run(ctx)]


def run_checks(ctx: CheckContext, checks: Sequence[Check]) -> list[Diagnostic]:
    """Every finding of `checks`, some computed in a forked child when that pays."""
    moved = [check for check in checks if check.name in IN_CHILD]
    if not moved or len(ctx.entries) < MIN_ENTRIES or not hasattr(os, "fork"):
        return run_in_order(ctx, checks)
    child = _Child.start(ctx, moved)
    found = run_in_order(ctx, [check for check in checks if check not in moved])
    answer = child.answer() if child is not None else None
    if answer is None:  # no fork, or the child failed: do its share here
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


@dataclass
class _Child:
    pid: int
    pipe: int

    @classmethod
    def start(cls, ctx: CheckContext, checks: list[Check]) -> _Child | None:
        """Fork a child that runs `checks` and writes its _Answer to a pipe."""
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return None
        if pid == 0:  # the child: never returns, never runs the parent's exit code
            status = 1
            try:
                os.close(read)
                _write_all(write, _answer_bytes(ctx, checks))
                status = 0
            finally:
                os._exit(status)
        os.close(write)
        return cls(pid, read)

    def answer(self) -> _Answer | None:
        """The child's answer, or None when it failed (the caller then does its share)."""
        try:
            chunks = []
            while chunk := os.read(self.pipe, 1 << 20):
                chunks.append(chunk)
        finally:
            os.close(self.pipe)
            _, status = os.waitpid(self.pid, 0)
        if status != 0:
            return None
        try:
            answer = pickle.loads(b"".join(chunks))
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError):
            return None
        return answer if isinstance(answer, _Answer) else None


def _answer_bytes(ctx: CheckContext, checks: list[Check]) -> bytes:
    """Run `checks` (in the child) and pickle what the parent needs of the run."""
    observed_before = set(ctx.observed)
    found = run_in_order(ctx, checks)
    answer = _Answer(found, ctx.observed - observed_before, ctx.known_stats)
    return pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.close(fd)
