"""The search index: SQLite FTS5 under `.kb/cache/`, brought up to date before each search.

Only entries whose file changed (path, mtime and size) are re-read, so a search after
one edit costs a directory scan and one parse. The schema version and the settings that
shape stored rows (time zone, vocabulary, limits) are recorded; when they differ the
file is thrown away and rebuilt, as it is when SQLite says it is damaged.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kb.config import Config
from kb.entry import Entry, parse_entry
from kb.errors import KbError
from kb.gcpause import without_cycle_collection
from kb.readfile import read_file
from kb.render import format_datetime
from kb.search.filters import canonical_tags, refers_to_any
from kb.search.scan import Scan, Stamp, scan
from kb.search.spelling import add_words, words_ready

SCHEMA_VERSION = 1
CACHE_DIR = Path(".kb") / "cache"
INDEX_NAME = "search.sqlite3"

_DDL = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs(
    rowid INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    ok INTEGER NOT NULL,
    id TEXT, title TEXT, created TEXT, created_ts REAL,
    status TEXT, tags TEXT, refs TEXT, repo TEXT
);
-- Column order matters: the ranking weights in kb.search.query follow it.
CREATE VIRTUAL TABLE text USING fts5(
    title, tags, files, body, tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TABLE words(rowid INTEGER PRIMARY KEY, word TEXT NOT NULL UNIQUE);
CREATE VIRTUAL TABLE grams USING fts5(
    word, tokenize = 'trigram', content = 'words', content_rowid = 'rowid'
);
"""


@dataclass(frozen=True)
class SyncStats:
    """What one sync did: files re-read, removed, and how many are unreadable now."""

    updated: int
    removed: int
    broken: int


def index_path(config: Config) -> Path:
    return config.root / CACHE_DIR / INDEX_NAME


def settings_fingerprint(config: Config) -> str:
    """Every setting that changes what a stored row holds, as one line of ASCII JSON
    (stored whole: a digest would cost `kb search` the import of OpenSSL's hashlib)."""
    settings = {
        "schema": SCHEMA_VERSION,
        "timezone": config.timezone_name,
        "entries": config.relative(config.entries_dir),
        "max_bytes": config.max_entry_bytes,
        "aliases": sorted(config.vocabulary.aliases.items()),
    }
    return json.dumps(settings, sort_keys=True)


def open_index(config: Config) -> sqlite3.Connection:
    """The up-to-date index for `config`, created or rebuilt when needed."""
    path = index_path(config)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = _connect(path, settings_fingerprint(config))
    except (sqlite3.Error, OSError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise KbError(f"{config.relative(path)}: cannot open the search index: {reason}") from None
    connection.create_function("kb_refers", 2, _sql_refers, deterministic=True)
    return connection


def _connect(path: Path, fingerprint: str) -> sqlite3.Connection:
    # Rebuilding deletes the file and makes a new one. Checking it and rebuilding it
    # happen under one lock, so no process looks at a file another is deleting or has
    # half made ("disk I/O error"), and whoever waited finds the index rebuilt.
    with _rebuild_lock(path):
        connection = sqlite3.connect(path, timeout=30, isolation_level=None)
        if not _usable(connection, fingerprint):
            connection.close()
            connection = _create(path, fingerprint)
        # A cache that is rebuilt when damaged need not wait for the disk on every
        # commit; the rollback journal still keeps it whole if kb is killed mid-write.
        connection.execute("PRAGMA synchronous = OFF")
    return connection


def _create(path: Path, fingerprint: str) -> sqlite3.Connection:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    connection = sqlite3.connect(path, timeout=30, isolation_level=None)
    # One script, one transaction: a reader never sees a half-created schema.
    quoted = "'" + fingerprint.replace("'", "''") + "'"  # an SQL string literal
    connection.executescript(
        f"BEGIN IMMEDIATE; {_DDL}"
        f"INSERT INTO meta VALUES ('settings', {quoted});"
        "INSERT INTO meta VALUES ('words', 'pending');"
        f"PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
    )
    return connection


@contextlib.contextmanager
def _rebuild_lock(path: Path) -> Iterator[None]:
    """An exclusive lock beside the index (none where fcntl is missing)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on Windows
        yield
        return
    with open(f"{path}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _usable(connection: sqlite3.Connection, fingerprint: str) -> bool:
    """True when the index can be used as it is; False when it must be rebuilt."""
    try:
        return _is_current(connection, fingerprint)
    except sqlite3.DatabaseError:
        return False  # damaged, or not a database at all


def _is_current(connection: sqlite3.Connection, fingerprint: str) -> bool:
    if connection.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
        return False
    row = connection.execute("SELECT value FROM meta WHERE key = 'settings'").fetchone()
    return row is not None and row[0] == fingerprint


def _sql_refers(refs: str | None, paths: str) -> int:
    """SQL `kb_refers(docs.refs, json_paths)`: the --file filter inside a query."""
    if not refs:
        return 0
    pairs = [(kind, path) for kind, path in json.loads(refs)]
    return int(refers_to_any(pairs, json.loads(paths)))


def synced_with(connection: sqlite3.Connection, on_disk: Scan) -> int | None:
    """How many entry files were unreadable at the last sync if it stored the scan
    `on_disk`; None when it stored another (or there was none).

    The stored key is compared as SQLite reads it (incremental blob I/O): fetching it
    whole first took twice as long, 1.2 ms at 10,000 entries.
    """
    with read_snapshot(connection):  # the row and its bytes from one state of the index
        row = connection.execute(
            "SELECT scan.rowid, broken.value FROM meta scan, meta broken"
            " WHERE scan.key = 'scan' AND broken.key = 'broken'"
        ).fetchone()
        if row is None:
            return None
        with connection.blobopen("meta", "value", row[0], readonly=True) as blob:
            return int(row[1]) if on_disk.matches(blob.read) else None


@contextlib.contextmanager
def read_snapshot(connection: sqlite3.Connection) -> Iterator[None]:
    """One read transaction (unless one is open): every statement inside sees the same
    state of the index, even while another process syncs it."""
    if connection.in_transaction:
        yield
        return
    connection.execute("BEGIN")
    try:
        yield
    finally:
        if connection.in_transaction:
            connection.execute("COMMIT")  # reads only: this ends the transaction


def sync(connection: sqlite3.Connection, config: Config, on_disk: Scan | None = None) -> SyncStats:
    """Re-read the entry files that changed since the last sync; drop the deleted ones.

    The last scan is stored with the rows it produced, in the same transaction, so the
    common case (nothing changed) is one comparison of bytes after the scan; only when
    they differ are the stored stamps read and compared as sets.
    """
    on_disk = on_disk if on_disk is not None else scan(config)
    broken = synced_with(connection, on_disk)
    if broken is not None:
        return SyncStats(0, 0, broken)
    key = on_disk.key()
    stamps = on_disk.stamp_set()
    stored = set(connection.execute("SELECT path, mtime_ns, size FROM docs"))
    changed = stamps - stored
    gone = {path for path, _, _ in stored - stamps} - {path for path, _, _ in changed}
    connection.execute("BEGIN IMMEDIATE")
    try:
        rowids = dict(connection.execute("SELECT path, rowid FROM docs"))
        stale = gone | {path for path, _, _ in changed}
        _delete(connection, [rowids[path] for path in stale if path in rowids])
        with without_cycle_collection():  # many entries parsed and kept: see kb.gcpause
            _insert(connection, config, sorted(changed), rowids)
        broken = connection.execute("SELECT count(*) FROM docs WHERE ok = 0").fetchone()[0]
        connection.executemany(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)", [("scan", key), ("broken", str(broken))]
        )
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return SyncStats(len(changed), len(gone), broken)


def _delete(connection: sqlite3.Connection, rowids: list[int]) -> None:
    rows = [(rowid,) for rowid in rowids]
    connection.executemany("DELETE FROM text WHERE rowid = ?", rows)
    connection.executemany("DELETE FROM docs WHERE rowid = ?", rows)


def _insert(
    connection: sqlite3.Connection, config: Config, changed: list[Stamp], rowids: dict[str, int]
) -> None:
    """Parse each changed file and store its row (keeping its rowid) and its text."""
    next_rowid = connection.execute("SELECT coalesce(max(rowid), 0) + 1 FROM docs").fetchone()[0]
    docs: list[tuple[object, ...]] = []
    texts: list[tuple[int, str, str, str, str]] = []
    for path, mtime, size in changed:
        rowid = rowids.get(path)
        if rowid is None:
            rowid, next_rowid = next_rowid, next_rowid + 1
        entry = _parse(config, path, size)
        docs.append((rowid, path, mtime, size, *_doc_values(entry, config)))
        if entry is not None:
            texts.append((rowid, *_text_columns(entry, config)))
    connection.executemany(f"INSERT INTO docs VALUES ({','.join('?' * 13)})", docs)
    connection.executemany(
        "INSERT INTO text(rowid, title, tags, files, body) VALUES (?,?,?,?,?)", texts
    )
    if words_ready(connection):
        add_words(connection, [" ".join(columns[1:]) for columns in texts])


def _parse(config: Config, path: str, size: int) -> Entry | None:
    """The entry in `path`, or None when it cannot be read or parsed (kb check says why).

    Reads with the size scan() saw, so the index never needs a second stat per file.
    """
    if size > config.max_entry_bytes:
        return None
    try:
        data = read_file(os.path.join(config.root, path), size)  # no pathlib: hot loop
    except OSError:
        return None  # unreadable, or a directory named like an entry
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return parse_entry(path, text, config.timezone).entry


def _doc_values(entry: Entry | None, config: Config) -> tuple[object, ...]:
    """The `docs` columns after path, mtime and size: ok, id, title, created, ..."""
    if entry is None:
        return (0, None, None, None, None, None, None, None, None)
    return (
        1,
        entry.id,
        entry.title,
        format_datetime(entry.created),
        entry.created.timestamp(),
        entry.status,
        " " + " ".join(canonical_tags(entry.tags, config.vocabulary)) + " ",
        json.dumps([(ref.kind.value, ref.path) for ref in entry.files]),
        entry.repo,
    )


def _text_columns(entry: Entry, config: Config) -> tuple[str, str, str, str]:
    tags = " ".join(canonical_tags(entry.tags, config.vocabulary))
    return entry.title, tags, " ".join(ref.raw for ref in entry.files), entry.body
