"""Two processes sharing a list of pages from both ends, each page done by one of them.

A forked child works from the last page back while its parent works from the first on;
each claims its next page under a lock, so they meet wherever their speeds take them.
"""

from __future__ import annotations

import fcntl
import mmap
import struct
from collections.abc import Iterator
from contextlib import contextmanager


class Claims:
    """Who does which of `count` pages: this process from the first on, a child from the
    last back. Each claims its next page under a lock (POSIX record locks are held per
    process, so the parent's excludes the child's), in memory both share."""

    def __init__(self, count: int, lock_fd: int) -> None:
        self._shared = mmap.mmap(-1, 16)  # anonymous and shared: the child sees it too
        self._lock_fd = lock_fd
        self._store(-1, count)  # nothing claimed: this process before 0, the child past the end

    def mine(self, index: int) -> bool:
        """This process claims `index`; False when the child has (it has every later one)."""
        with self._locked():
            last, theirs = self._load()
            if index >= theirs:
                return False
            self._store(max(last, index), theirs)
            return True

    def theirs(self, index: int) -> bool:
        """The child claims `index`; False when this process has."""
        with self._locked():
            last, theirs = self._load()
            if index <= last:
                return False
            self._store(last, min(theirs, index))
            return True

    @contextmanager
    def _locked(self) -> Iterator[None]:
        fcntl.lockf(self._lock_fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.lockf(self._lock_fd, fcntl.LOCK_UN)

    def _load(self) -> tuple[int, int]:
        last, theirs = struct.unpack("<qq", self._shared[:16])
        return last, theirs

    def _store(self, last: int, theirs: int) -> None:
        self._shared[:16] = struct.pack("<qq", last, theirs)
