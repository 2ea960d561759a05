"""Answer a query from an index that is up to date, without waiting for the check.

Knowing the index is current takes one stat per entry file: at 10,000 entries that
is most of a search's time, while the query itself takes a few milliseconds. Both
wait on the system (stat calls, SQLite), which releases the GIL, so the scan runs in
a thread while the query runs on the index as it is. The answer stands when the
index was synced with exactly the scanned files before and after the query;
otherwise (an edit, or another process syncing meanwhile) the index is synced and
the query run again.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from typing import TypeVar

from kb.config import Config
from kb.search.index import Scan, SyncStats, scan, stored_scan, sync

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
        before = stored_scan(connection)
        result = query()
        after = stored_scan(connection)
    finally:
        thread.join()
    if failed:
        raise failed[0]
    on_disk = scanned[0]
    stats = sync(connection, config, on_disk)
    if not before == after == on_disk.key():
        result = query()  # the first answer may have come from other files than these
    return result, stats
