"""The search index: SQLite FTS5 under `.kb/cache/`, brought up to date on every open.

Only entries whose file changed (path, mtime and size) are re-read, so a search after
one edit costs a directory scan and one parse. The schema version and the settings that
shape stored rows (time zone, vocabulary, limits) are recorded; when they differ the
file is thrown away and rebuilt, as it is when SQLite says it is damaged.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kb.config import Config
from kb.entry import Entry
from kb.errors import KbError
from kb.project import read_entry
from kb.render import format_datetime
from kb.search.filters import canonical_tags, refers_to_any

SCHEMA_VERSION = 1
CACHE_DIR = Path(".kb") / "cache"
INDEX_NAME = "search.sqlite3"
# Column order matters: ranking weights in kb.search.query follow it.
TEXT_COLUMNS = ("title", "tags", "files", "body")
_WORD = re.compile(r"[^\W\d_]{3,}")

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
    """A digest of every setting that changes what a stored row holds."""
    settings = {
        "schema": SCHEMA_VERSION,
        "timezone": config.timezone_name,
        "entries": config.relative(config.entries_dir),
        "max_bytes": config.max_entry_bytes,
        "aliases": sorted(config.vocabulary.aliases.items()),
    }
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()


def open_index(config: Config) -> sqlite3.Connection:
    """The up-to-date index for `config`, created or rebuilt when needed."""
    path = index_path(config)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = _connect(path, settings_fingerprint(config))
    except sqlite3.Error as error:
        raise KbError(f"{config.relative(path)}: cannot open the search index: {error}") from None
    connection.create_function("kb_refers", 2, _sql_refers, deterministic=True)
    return connection


def _connect(path: Path, fingerprint: str) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        if _is_current(connection, fingerprint):
            return connection
    except sqlite3.DatabaseError:
        pass  # damaged or not a database at all: rebuild below
    connection.close()
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    connection = sqlite3.connect(path, timeout=30, isolation_level=None)
    # One script, one transaction: a reader never sees a half-created schema.
    connection.executescript(
        f"BEGIN IMMEDIATE; {_DDL}"
        f"INSERT INTO meta VALUES ('settings', '{fingerprint}');"
        f"PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
    )
    return connection


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


def scan(config: Config) -> dict[str, tuple[int, int]]:
    """Every entry file as `relative path -> (mtime_ns, size)`, like project.entry_files."""
    root = str(config.root)
    found: dict[str, tuple[int, int]] = {}
    for item in _walk(str(config.entries_dir)):
        stat = item.stat()
        found[os.path.relpath(item.path, root).replace(os.sep, "/")] = (
            stat.st_mtime_ns,
            stat.st_size,
        )
    return found


def _walk(folder: str) -> Iterator[os.DirEntry[str]]:
    try:
        children = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return
    for child in children:
        if child.name.startswith("."):
            continue
        if child.name.endswith(".md"):
            yield child
        elif child.is_dir(follow_symlinks=False):
            yield from _walk(child.path)


def sync(connection: sqlite3.Connection, config: Config) -> SyncStats:
    """Re-read the entry files that changed since the last sync; drop the deleted ones."""
    on_disk = scan(config)
    stored = {
        path: (rowid, mtime, size)
        for rowid, path, mtime, size in connection.execute(
            "SELECT rowid, path, mtime_ns, size FROM docs"
        )
    }
    changed = [p for p, stamp in on_disk.items() if stored.get(p, (0, -1, -1))[1:] != stamp]
    removed = [stored[p][0] for p in stored.keys() - on_disk.keys()]
    if changed or removed:
        connection.execute("BEGIN IMMEDIATE")
        try:
            _apply(connection, config, changed, removed, on_disk)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    broken = connection.execute("SELECT count(*) FROM docs WHERE ok = 0").fetchone()[0]
    return SyncStats(len(changed), len(removed), broken)


def _apply(
    connection: sqlite3.Connection,
    config: Config,
    changed: list[str],
    removed: list[int],
    on_disk: dict[str, tuple[int, int]],
) -> None:
    for rowid in removed:
        connection.execute("DELETE FROM text WHERE rowid = ?", (rowid,))
        connection.execute("DELETE FROM docs WHERE rowid = ?", (rowid,))
    words: set[str] = set()
    for path in changed:
        entry = read_entry(config, config.root / path).entry
        rowid = _store(connection, config, path, on_disk[path], entry)
        connection.execute("DELETE FROM text WHERE rowid = ?", (rowid,))
        if entry is not None:
            columns = _text_columns(entry, config)
            connection.execute(
                "INSERT INTO text(rowid, title, tags, files, body) VALUES (?,?,?,?,?)",
                (rowid, *columns),
            )
            words.update(_WORD.findall(" ".join(columns).lower()))
    _add_words(connection, words)


def _store(
    connection: sqlite3.Connection,
    config: Config,
    path: str,
    stamp: tuple[int, int],
    entry: Entry | None,
) -> int:
    """Insert or replace the `docs` row of `path`; return its rowid."""
    values: tuple[object, ...] = (path, *stamp, 0, None, None, None, None, None, None, None, None)
    if entry is not None:
        values = (
            path,
            *stamp,
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
    row = connection.execute(
        "INSERT INTO docs(path, mtime_ns, size, ok, id, title, created, created_ts, status,"
        " tags, refs, repo) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
        " ON CONFLICT(path) DO UPDATE SET mtime_ns = excluded.mtime_ns, size = excluded.size,"
        " ok = excluded.ok, id = excluded.id, title = excluded.title,"
        " created = excluded.created, created_ts = excluded.created_ts,"
        " status = excluded.status, tags = excluded.tags, refs = excluded.refs,"
        " repo = excluded.repo RETURNING rowid",
        values,
    ).fetchone()
    return int(row[0])


def _text_columns(entry: Entry, config: Config) -> tuple[str, str, str, str]:
    tags = " ".join(canonical_tags(entry.tags, config.vocabulary))
    return entry.title, tags, " ".join(ref.raw for ref in entry.files), entry.body


def _add_words(connection: sqlite3.Connection, words: set[str]) -> None:
    """Record new words for spelling correction; stale words are harmless (see query)."""
    if not words:
        return
    last = connection.execute("SELECT coalesce(max(rowid), 0) FROM words").fetchone()[0]
    connection.executemany(
        "INSERT OR IGNORE INTO words(word) VALUES (?)", ((word,) for word in sorted(words))
    )
    connection.execute(
        "INSERT INTO grams(rowid, word) SELECT rowid, word FROM words WHERE rowid > ?", (last,)
    )
