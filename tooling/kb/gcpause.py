"""Pause Python's cyclic garbage collector around work that allocates and keeps a lot.

Parsing thousands of entries creates hundreds of thousands of objects that live to
the end of the run and form no reference cycles; the cyclic collector walks all of
them again and again (a fifth of a cold `kb check`'s CPU at 10,000 entries).
Refcounting still frees everything; the collector's state is restored afterwards.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def without_cycle_collection() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
