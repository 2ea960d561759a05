"""Read a whole file with the fewest system calls: kb reads thousands per run.

`open(path, "rb").read()` builds a buffered file object and asks for the size
again; for small files that is about as much time as the read (0.13 s against
0.06 s for 10,000 entries). Callers usually know the size from a stat already.
"""

from __future__ import annotations

import os

_CHUNK = 1 << 16
_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)


def read_file(path: str, size: int = _CHUNK) -> bytes:
    """Every byte of the file at `path`; `size` is what it is expected to hold.

    Raises OSError like open() does. A file that grew since its stat is read to the end.
    """
    fd = os.open(path, _FLAGS)
    try:
        return read_all(fd, size)
    finally:
        os.close(fd)


def read_file_and_stat(path: str, follow_symlinks: bool = True) -> tuple[bytes, os.stat_result]:
    """The file's bytes and its stat as of the read (fstat: no second path lookup).

    Without `follow_symlinks`, a symlink is not opened: OSError with errno ELOOP
    (EMLINK on some BSDs)."""
    fd = open_file(path, follow_symlinks)
    try:
        found = os.fstat(fd)
        return read_all(fd, found.st_size), found
    finally:
        os.close(fd)


def open_file(path: str, follow_symlinks: bool = True) -> int:
    """A read-only descriptor of `path` (see read_file_and_stat for symlinks); the
    caller closes it. Callers use try/finally rather than a context manager: a
    generator-based one cost 1.6 us a file, a fifth of reading a small one."""
    return os.open(path, _FLAGS if follow_symlinks else _FLAGS | getattr(os, "O_NOFOLLOW", 0))


def read_all(fd: int, size: int) -> bytes:
    """Every byte left in `fd`, expected to be `size`: one read unless it grew."""
    data = os.read(fd, size + 1)
    if len(data) <= size:
        return data
    chunks = [data]
    while chunk := os.read(fd, _CHUNK):
        chunks.append(chunk)
    return b"".join(chunks)
