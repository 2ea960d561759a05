"""File references: `path`, `path:LINE`, `path:START-END`, `dir/`, or a glob."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

_LINES = re.compile(r"^(?P<path>.+?):(?P<start>\d+)(?:-(?P<end>\d+))?$")
_GLOB_CHARS = frozenset("*?[")
_DRIVE = re.compile(r"[A-Za-z]:")  # C:/... : absolute on Windows


class RefKind(enum.Enum):
    FILE = "file"
    DIRECTORY = "directory"
    GLOB = "glob"


@dataclass(frozen=True)
class FileRef:
    """One parsed reference. `raw` is what the entry says, kept for messages and fixes."""

    raw: str
    path: str
    kind: RefKind
    start: int | None = None
    end: int | None = None

    def __str__(self) -> str:
        return self.raw

    @property
    def has_lines(self) -> bool:
        return self.start is not None


def parse_ref(raw: str) -> FileRef:
    """Parse a reference; no validation beyond its shape (see `unsafe_reason`)."""
    text = raw.strip()
    match = _LINES.match(text) if ":" in text else None
    if match and not any(ch in match["path"] for ch in _GLOB_CHARS):
        start = int(match["start"])
        end = int(match["end"]) if match["end"] else start
        return FileRef(raw, match["path"], RefKind.FILE, start, end)
    if any(ch in text for ch in _GLOB_CHARS):
        return FileRef(raw, text, RefKind.GLOB)
    if text.endswith("/"):
        return FileRef(raw, text.rstrip("/"), RefKind.DIRECTORY)
    return FileRef(raw, text, RefKind.FILE)


def unsafe_reason(ref: FileRef) -> str | None:
    """Why the reference could leave the repo root, or None when it stays inside."""
    if "\\" in ref.raw:
        return "uses a backslash; write paths with `/`"
    if ref.path.startswith("/") or _DRIVE.match(ref.path):
        return "is absolute; write it relative to the repo root"
    if ".." in ref.path.split("/"):
        return "has a `..` segment; write it relative to the repo root"
    if not ref.path or ref.path == ".":
        return "is empty"
    return None


def normalise(raw: str) -> str:
    """`./a//b` -> `a/b`, keeping line suffixes, trailing slashes and globs."""
    text = raw.strip()
    trailing = text.endswith("/") and len(text) > 1
    parts = [p for p in text.split("/") if p not in ("", ".")]
    result = "/".join(parts)
    return result + "/" if trailing else result


def glob_regex(pattern: str) -> str:
    """A regex for a gitignore-style glob: `*` and `?` stay in a folder, `**` crosses."""
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        if pattern.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[" and "]" in pattern[index + 2 :]:
            end = pattern.index("]", index + 2)
            body = pattern[index + 1 : end]
            negate = body.startswith(("!", "^"))
            body = body[1:] if negate else body
            out.append("[" + ("^" if negate else "") + body.replace("\\", "\\\\") + "]")
            index = end + 1
            continue
        else:
            out.append(re.escape(char))
        index += 1
    return "".join(out)
