"""Writing entry files: exclusive, atomic, never over an existing file."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from kb.errors import KbError

MAX_SUFFIX = 1000


def entry_path(entries_dir: Path, created: dt.datetime, slug: str, suffix: int = 1) -> Path:
    """`entries/YYYY/YYYY-MM-DD-slug.md`, or `...-slug-N.md` for the Nth collision."""
    stem = f"{created:%Y-%m-%d}-{slug}" + (f"-{suffix}" if suffix > 1 else "")
    return entries_dir / f"{created:%Y}" / f"{stem}.md"


def create_exclusive(path: Path, text: str) -> None:
    """Write `text` to `path` atomically; raise FileExistsError if `path` exists.

    The content goes to a temporary file in the same folder first, then is hard-linked
    into place: link() fails when the target exists, and readers never see a partial
    file. Where hard links are not supported, O_EXCL creation is the fallback.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".kb-", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(handle, 0o644)  # mkstemp's 0600 would make the entry private
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise
        except OSError:
            _create_with_excl(path, text)
    finally:
        os.unlink(temporary)


def _create_with_excl(path: Path, text: str) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
        stream.write(text)


def create_entry_file(entries_dir: Path, created: dt.datetime, slug: str, text: str) -> Path:
    """Create the entry under the first free name (`slug`, `slug-2`, ...); return its path."""
    for suffix in range(1, MAX_SUFFIX + 1):
        path = entry_path(entries_dir, created, slug, suffix)
        try:
            create_exclusive(path, text)
        except FileExistsError:
            continue
        return path
    raise KbError(f"more than {MAX_SUFFIX} entries named {slug!r} on {created:%Y-%m-%d}")


def replace_atomically(path: Path, text: str) -> None:
    """Replace an existing file's content atomically (for deliberate edits such as kb fix)."""
    handle, temporary = tempfile.mkstemp(prefix=".kb-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
