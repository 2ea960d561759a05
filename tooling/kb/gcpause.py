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


def freeze_survivors() -> None:
    """Move every object alive now out of the collector's sight until `thaw()`.

    A site build keeps every entry and, as MkDocs converts them, every page's HTML until
    it ends: each full collection would walk all of them again (about 5% of a build at
    5,000 entries), and in a forked child it would also write to pages shared with the
    parent. Objects allocated later are still collected as usual."""
    gc.freeze()


def thaw() -> None:
    """Undo `freeze_survivors()`, so what the build kept can be collected (`kb serve`
    builds again in the same process)."""
    gc.unfreeze()
