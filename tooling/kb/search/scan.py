"""The freshness scan: every entry file's path, mtime and size, as cheaply as Python can.

It runs before every search (kb.search.fresh), so at 10,000 entries it is most of a
search's time; what is left per file is little more than the stat call. Its key, the
scan as bytes, is stored with the index rows it produced (kb.search.index.sync).
"""

from __future__ import annotations

import operator
import os
import stat
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from kb.config import Config

Stamp = tuple[str, int, int]  # an entry file's path, mtime_ns and size


@dataclass(frozen=True)
class Scan:
    """Every entry file, in walk order: each folder's path relative to the root (ending
    in `/`) with its files' names, as the bytes the system gives (no decoding in the
    scan); and their mtime_ns and size side by side in one int64 array."""

    folders: list[tuple[bytes, list[bytes]]]
    stamps: array[int]

    @property
    def paths(self) -> list[str]:
        """Every file's path relative to the root, in walk order."""
        return [os.fsdecode(prefix + name) for prefix, names in self.folders for name in names]

    def key(self) -> bytes:
        """The scan as bytes: equal bytes mean the same files with the same stamps.

        The paths joined by NUL, then NUL NUL and the stamps: built by joins in C,
        with no object per path.
        """
        return b"\0".join([*self._parts(), b"", self.stamps.tobytes()])

    def matches(self, read: Callable[[int], bytes]) -> bool:
        """Whether the bytes `read(size)` gives, one piece after another, are `key()`.

        Compared a folder at a time as they are read, so neither key is ever whole in
        memory (1 MB at 10,000 entries, most of what comparing them would cost).
        """
        for part in self._parts():
            if read(len(part)) != part or read(1) != b"\0":
                return False
        size = len(self.stamps) * self.stamps.itemsize
        if read(1) != b"\0":
            return False
        stamps = read(size)
        return len(stamps) == size and stamps.startswith(self.stamps) and read(1) == b""

    def _parts(self) -> Iterator[bytes]:
        """Each folder's paths joined by NUL."""
        for prefix, names in self.folders:
            yield prefix + (b"\0" + prefix).join(names)

    def stamp_set(self) -> set[Stamp]:
        pairs = iter(self.stamps)
        return set(zip(self.paths, pairs, pairs, strict=True))


def scan(config: Config) -> Scan:
    """Every entry file under the entries folder, like project.entry_files.

    This runs before every search, so what is left per file is little more than the
    system call: names from os.listdir as bytes (no DirEntry objects, nothing decoded),
    filtered in C, and one stat each, relative to the open folder.
    """
    scanned = Scan([], array("q"))
    start = config.entries_dir
    # config guarantees the entries folder is inside the root.
    prefix = start.relative_to(config.root).as_posix() + "/" if start != config.root else ""
    folders = [(os.fsencode(start), os.fsencode(prefix))]
    while folders:
        folder, relative = folders.pop()
        try:
            names = os.listdir(folder)
        except (FileNotFoundError, NotADirectoryError):
            continue
        files = list(filter(_IS_MARKDOWN, names))
        if any(map(_IS_HIDDEN, files)):
            files = [name for name in files if not name.startswith(b".")]
        found = _stamp(folder, files, scanned.stamps)
        if found:
            scanned.folders.append((relative, found))
        base = folder + _SEP
        # Sorted: the order of the walk is part of the scan's key.
        others = sorted(set(names).difference(files))
        folders += [
            (base + name, relative + name + b"/")
            for name in others
            if not name.startswith(b".") and not name.endswith(b".md") and _is_folder(base + name)
        ]
    return scanned


_STAMP = operator.attrgetter("st_mtime_ns", "st_size")
_IS_MARKDOWN = operator.methodcaller("endswith", b".md")
_IS_HIDDEN = operator.methodcaller("startswith", b".")
_SEP = os.sep.encode()
# stat relative to an open folder: the kernel then resolves one name, not every folder
# of the path again (a sixth of the scan at 10,000 entries).
_DIR_FD = os.stat in os.supports_dir_fd and hasattr(os, "O_DIRECTORY")


def _stamp(folder: bytes, names: list[bytes], stamps: array[int]) -> list[bytes]:
    """Append the mtime_ns and size of each of `names` in `folder` to `stamps`; return
    the names found. One that is gone since the listing, or a dangling link, is not
    an entry file."""
    descriptor = None
    targets = names
    if _DIR_FD:
        try:
            descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:  # gone since it was listed: so are its files
            return []
    else:
        targets = [folder + _SEP + name for name in names]
    missing: list[bytes] = []
    stat_of, extend = os.stat, stamps.extend
    try:
        # One plain loop that drops each stat_result at once: collecting a folder's
        # results first (list(map(...))) made the whole scan a fifth slower, as
        # thousands of live objects take fresh memory.
        for target in targets:
            try:
                extend(_STAMP(stat_of(target, dir_fd=descriptor)))
            except OSError:
                missing.append(target)
    finally:
        if descriptor is not None:
            os.close(descriptor)
    if missing:
        gone = set(missing)
        return [name for name, target in zip(names, targets, strict=True) if target not in gone]
    return names


def _is_folder(path: bytes) -> bool:
    """A real folder, not a link to one (a link could lead out of the knowledge base)."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False
