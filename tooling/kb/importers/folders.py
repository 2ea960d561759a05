"""What the folder importers share: finding Markdown files, titles, and file dates."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kb.errors import KbError
from kb.importers import githistory

_TITLE = re.compile(r"^# +(?P<title>\S.*?)\s*#*\s*$")


def markdown_files(folder: Path) -> list[Path]:
    """Every `*.md` under `folder`, sorted; hidden files and folders skipped."""
    if not folder.is_dir():
        raise KbError(f"{folder}: not a folder")
    return sorted(_walk(folder))


def _walk(folder: Path) -> Iterator[Path]:
    for child in folder.iterdir():
        if child.name.startswith("."):
            continue
        if child.is_dir() and not child.is_symlink():
            yield from _walk(child)
        elif child.suffix == ".md" and child.is_file():
            yield child


def read_text(path: Path) -> str:
    """The file's text, newlines normalised; KbError naming the file when unreadable."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise KbError(f"{path}: cannot read: {error}") from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def take_title(body: str) -> tuple[str | None, str]:
    """The first `# ` heading, and the body without that line (the title holds it)."""
    lines = body.split("\n")
    for number, line in enumerate(lines):
        match = _TITLE.match(line)
        if match:
            rest = lines[:number] + lines[number + 1 :]
            return match["title"], "\n".join(rest).strip("\n")
    return None, body.strip("\n")


def title_from_name(path: Path) -> str:
    """`fix-the-thing_2.md` -> `Fix the thing 2`, for notes without a title line."""
    words = re.sub(r"[-_]+", " ", path.stem).strip()
    return words[:1].upper() + words[1:] if words else path.stem


@dataclass
class Dating:
    """Where files are and when they were written: git dates when in git, else mtimes."""

    folder: Path
    top: Path | None  # the git work tree, None outside git
    dates: dict[str, githistory.FileDates] = field(default_factory=dict)

    def label(self, path: Path) -> str:
        """The path as `source:` keeps it: relative to the repo top, or to the folder's parent."""
        base = self.top if self.top is not None else self.folder.resolve().parent
        return path.resolve().relative_to(base.resolve()).as_posix()

    def of(self, path: Path, timezone: dt.tzinfo) -> tuple[dt.datetime, dt.datetime, str | None]:
        """(created, updated, warning): git's first and last commits, else the mtime."""
        found = self.dates.get(self.label(path)) if self.top is not None else None
        if found is not None:
            return found.created, found.updated, None
        stamp = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=timezone).replace(microsecond=0)
        where = "not committed to git" if self.top is not None else "outside git"
        return stamp, stamp, f"{where}: dated by the file's modification time"


def dating(folder: Path, paths: list[Path]) -> Dating:
    """Dates of every file in `paths`, from one pass over the history of `folder`."""
    top = githistory.work_tree(folder)
    found = Dating(folder, top)
    if top is not None:
        inside = folder.resolve().relative_to(top.resolve()).as_posix()
        wanted = [found.label(path) for path in paths]
        try:
            found.dates = githistory.file_dates(top, "" if inside == "." else inside, wanted)
        except KbError:
            found.dates = {}  # a repo without commits yet: every file falls back to mtime
    return found
