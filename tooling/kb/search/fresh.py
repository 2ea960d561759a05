"""Answer a query from an index that is up to date, without waiting for the check.

Knowing the index is current takes one stat per entry file: at 10,000 entries that
is most of a search's time, while the query itself takes a few milliseconds. The
scan runs in a thread, started as soon as the entries folder is known, while the
index opens and the query runs on it as it is. Only time spent in SQLite or in system
calls overlaps (the GIL serialises the Python in both threads), so what the search
does besides the scan is kept small. The answer stands when the scan is the one the
index was last synced with and no other process has committed to the index since the
query began; otherwise (an edit, or another process syncing meanwhile) the index is
synced, and the query runs again when its rows may have changed.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from types import TracebackType
from typing import TypeVar

from kb.config import Config
from kb.search.index import SyncStats, sync, synced_with
from kb.search.scan import Scan, scan

Result = TypeVar("Result")


class BackgroundScan:
    """`scan(config)` in a thread from the moment this is made; `result()` waits for it.

    As a context manager it waits on leaving, so no scan outlives the search."""

    def __init__(self, config: Config) -> None:
        self._scanned: list[Scan] = []
        self._failed: list[BaseException] = []
        self._thread = threading.Thread(target=self._run, args=(config,), name="kb-scan")
        self._thread.daemon = True
        self._thread.start()

    def _run(self, config: Config) -> None:
        try:
            self._scanned.append(scan(config))
        except BaseException as error:  # re-raised by result(), in the caller's thread
            self._failed.append(error)

    def result(self) -> Scan:
        self._thread.join()
        if self._failed:
            raise self._failed[0]
        return self._scanned[0]

    def __enter__(self) -> BackgroundScan:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._thread.join()


def query_fresh(
    connection: sqlite3.Connection,
    config: Config,
    query: Callable[[], Result],
    scanning: BackgroundScan | None = None,
) -> tuple[Result, SyncStats]:
    """`query()`'s result on an index in step with the entry files, and what the sync did.

    `scanning` is a scan of `config`'s entries started earlier; by default one starts here.
    """
    running = scanning if scanning is not None else BackgroundScan(config)
    with running:
        version = _data_version(connection)
        result = query()
        on_disk = running.result()
    broken = synced_with(connection, on_disk)
    if broken is not None and _data_version(connection) == version:
        return result, SyncStats(0, 0, broken)
    stats = sync(connection, config, on_disk)
    if stats.updated or stats.removed or _data_version(connection) != version:
        result = query()  # the rows it came from changed: by this sync, or another's
    return result, stats


def _data_version(connection: sqlite3.Connection) -> int:
    """A number SQLite changes whenever another connection commits to the database
    (not this one: this sync's own changes are known from what it returns)."""
    version: int = connection.execute("PRAGMA data_version").fetchone()[0]
    return version
