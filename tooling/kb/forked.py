"""Compute something in a forked child and get it back: a second core for Python work.

A forked child sees this process's memory copy-on-write, so nothing is pickled on
the way in; only the result comes back, pickled through a pipe. Callers treat None
(no fork on this platform, or a child that failed in any way) as "do it here".
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

Result = TypeVar("Result")


@dataclass
class Forked(Generic[Result]):
    """A running child and the pipe its pickled result comes through."""

    pid: int
    pipe: int

    def result(self) -> Result | None:
        """What the child computed, or None when it failed; waits for it to end."""
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
            found: Result = pickle.loads(b"".join(chunks))
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            return None
        return found

    def stop(self) -> None:
        """End the child now (killed if it still runs, reaped) and let go of its pipe."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.pipe)


def fork(compute: Callable[[], Result]) -> Forked[Result] | None:
    """Start `compute()` in a forked child; None where fork is missing or fails.

    Fork only while no other thread runs: a thread holding a lock at the fork would
    leave that lock held forever in the child."""
    if not hasattr(os, "fork"):
        return None
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid == 0:  # the child: never returns, never runs the parent's exit handlers
        status = 1
        try:
            os.close(read)
            _write_all(write, pickle.dumps(compute(), protocol=pickle.HIGHEST_PROTOCOL))
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    return Forked(pid, read)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.close(fd)
