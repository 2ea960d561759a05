"""Answer a query from an index that is up to date, without waiting for the check.

Knowing the index is current takes one stat per entry file: at 10,000 entries that
is most of a search's time, while the query itself takes a few milliseconds. Both
wait on the system (stat calls, SQLite), which releases the GIL, so the scan runs in
a thread while the query runs on the index as it is. The answer stands when the
sync that follows changes nothing and no other process has committed to the index
since the query began; otherwise (an edit, or another process syncing meanwhile)
the query runs again on the synced index.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from typing import TypeVar

from kb.config import Config
from kb.search.index import Scan, SyncStats, scan, sync

Result = TypeVar("Result")


def query_fresh(
    connection: sqlite3.Connection, config: Config, query: Callable[[], Result]
) -> tuple[Result, SyncStats]:
    """`query()`'s result on an index in step with the entry files, and what the sync did."""
    scanned: list[Scan] = []
    failed: list[BaseException] = []

    def scan_entries() -> None:
        try:
            scanned.append(scan(config))
        except BaseException as error:  # re-raised in the caller's thread
            failed.append(error)

    thread = threading.Thread(target=scan_entries, name="kb-scan", daemon=True)
    thread.start()
    try:
        version = _data_version(connection)
        result = query()
    finally:
        thread.join()
    if failed:
        raise failed[0]
    stats = sync(connection, config, scanned[0])
    if stats.updated or stats.removed or _data_version(connection) != version:
        result = query()  # the rows it came from changed: by this sync, or another's
    return result, stats


def _data_version(connection: sqlite3.Connection) -> int:
    """A number SQLite changes whenever another connection commits to the database
    (not this one: this sync's own changes are known from what it returns)."""
    version: int = connection.execute("PRAGMA data_version").fetchone()[0]
    return version
