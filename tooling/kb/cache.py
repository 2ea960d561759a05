"""The warm cache under `.kb/cache/`: results reused only when provably still true.

A cached result is stored with a fingerprint of every input it was computed from:
file stats (size, mtime, ctime, inode, mode) of entries, docs pages, folders and
referenced files, plus a content hash of each entry and page. A later run reuses it
only when every input still matches. Stats alone cannot see an edit made in the same
clock tick as the snapshot ("racy" files, as git calls them), so an input whose
mtime or ctime falls within `racy_ns` of the snapshot is verified by its content
hash, or, for folders and other inputs without one, never trusted. Anything unusual
(a corrupt or unreadable cache, a missing stat) counts as a miss: a miss costs a
cold run, a stale hit would be a wrong answer.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

CACHE_DIR = Path(".kb") / "cache"
# Wider than any file system's timestamp granularity that matters here (ext3 and
# HFS+ have 1 s, FAT 2 s), so an edit after the snapshot always looks racy.
RACY_NS = 2_000_000_000

Stat = tuple[int, int, int, int, int] | None


def stat_of(path: str | os.PathLike[str]) -> Stat:
    """(mode, size, mtime_ns, ctime_ns, inode), following symlinks; None if missing."""
    try:
        return stat_tuple(os.stat(path))
    except (OSError, ValueError):
        return None


def stat_tuple(st: os.stat_result) -> tuple[int, int, int, int, int]:
    """What stat_of keeps of a stat result (taken elsewhere, say by fstat on a read)."""
    return (st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass
class Fingerprint:
    """What a result depended on, snapshotted at `taken_ns` (before any input was read)."""

    taken_ns: int = field(default_factory=time.time_ns)
    # Files whose content was read, by path: their stat and the hash of what was read.
    files: dict[str, tuple[Stat, str]] = field(default_factory=dict)
    # Inputs compared by stat only (folders, referenced files, git's index and refs).
    stats: dict[str, Stat] = field(default_factory=dict)

    def add_file(self, path: str, stat: Stat, data: bytes) -> None:
        self.files[path] = (stat, digest(data))

    def add_stats(self, paths: Iterable[str]) -> None:
        for path in paths:
            if path not in self.stats:
                self.stats[path] = stat_of(path)

    def to_json(self, racy_ns: int) -> dict[str, Any]:
        """The fingerprint as stored: columns of flat lists (ten times faster to encode
        than a list per input); inputs changed too near the snapshot are marked racy."""
        limit = self.taken_ns - racy_ns
        file_stats = [stat for stat, _ in self.files.values()]
        stats = list(self.stats.values())
        racy = [i for i, stat in enumerate(stats) if stat is not None and _racy(stat, limit)]
        return {
            "files": {
                "paths": list(self.files),
                **_columns(file_stats),
                "hashes": [hashed for _, hashed in self.files.values()],
            },
            "stats": {"paths": list(self.stats), **_columns(stats), "racy": racy},
            "limit": limit,
        }


def _columns(stats: list[Stat]) -> dict[str, list[int]]:
    """Stats as one flat list (five numbers each; zeros for a missing one), and the
    indexes of the missing ones."""
    return {
        "stats": _flat(stats),
        "missing": [i for i, stat in enumerate(stats) if stat is None],
    }


def _recorded(column: dict[str, Any], index: int, missing: set[int]) -> Stat:
    if index in missing:
        return None
    values = column["stats"][5 * index : 5 * index + 5]
    if len(values) != 5:
        raise ValueError("a stat cut short")
    return (values[0], values[1], values[2], values[3], values[4])


_NO_STAT = (0, 0, 0, 0, 0)


def _racy(stat: tuple[int, int, int, int, int], limit: int) -> bool:
    return stat[2] >= limit or stat[3] >= limit


def still_valid(stored: dict[str, Any], current_files: dict[str, Stat]) -> bool:
    """Whether a stored fingerprint matches the disk now.

    `current_files` is the stat of every file the run would read now (entries and
    docs pages); a file added or removed since is a mismatch. Malformed data raises
    KeyError, TypeError, ValueError or IndexError (the caller's miss).
    """
    files: dict[str, Any] = stored.get("files", {})
    limit = int(stored.get("limit", 0))
    paths: list[str] = files.get("paths", [])
    if len(paths) != len(current_files) or set(paths) != current_files.keys():
        return False
    now = [current_files[path] for path in paths]
    if not _all_trusted(files, now, limit):
        missing = set(files.get("missing", []))
        for index, (path, stat) in enumerate(zip(paths, now, strict=True)):
            if stat is None:
                return False
            trusted = _recorded(files, index, missing) == stat and not _racy(stat, limit)
            if not trusted and not _same_content(path, files["hashes"][index]):
                return False
    others: dict[str, Any] = stored.get("stats", {})
    if others.get("racy"):
        return False  # changed too near the snapshot, and no content to compare
    now = [stat_of(path) for path in others.get("paths", [])]
    recorded: list[int] = others.get("stats", [])
    gone = [index for index, stat in enumerate(now) if stat is None]
    return gone == others.get("missing", []) and _flat(now) == recorded


def _all_trusted(column: dict[str, Any], now: list[Stat], limit: int) -> bool:
    """Whether every stat is the recorded one and none is racy: one comparison of
    flat lists, in C, rather than a Python step per file."""
    if column.get("missing") or None in now:
        return False
    flat = _flat(now)
    if flat != column["stats"]:
        return False
    return not flat or (max(flat[2::5]) < limit and max(flat[3::5]) < limit)


def _flat(stats: list[Stat]) -> list[int]:
    """Stats as stored: five numbers each, zeros for a missing one."""
    return list(chain.from_iterable(stat or _NO_STAT for stat in stats))


def _same_content(path: str, hashed: str) -> bool:
    try:
        with open(path, "rb") as stream:
            return digest(stream.read()) == hashed
    except OSError:
        return False


class Cache:
    """JSON documents under `<root>/.kb/cache/`; every failure reads as a miss."""

    def __init__(self, root: Path, racy_ns: int | None = None) -> None:
        self.folder = root / CACHE_DIR
        self.racy_ns = RACY_NS if racy_ns is None else racy_ns

    def prepare(self) -> None:
        """Create the folder now: creating it later would change its parent's mtime
        after the snapshot, and the result could never be trusted."""
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)

    def read(self, name: str) -> Any:
        try:
            with open(self.folder / name, encoding="utf-8") as stream:
                return json.load(stream)
        except (OSError, ValueError):
            return None

    def write(self, name: str, data: Any) -> None:
        """Replace the document atomically; a cache that cannot be written is skipped."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=self.folder)
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    # dumps, not dump: dump streams through the pure-Python encoder.
                    stream.write(json.dumps(data, separators=(",", ":")))
                os.replace(temporary, self.folder / name)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            pass
