"""File references as journals write them, turned into kb references.

Journals write `/workspace/project/api/x.py`, `x.py (lines 856-937)`, `api/`, or a bare
`admin.py`; kb wants repo-relative `api/x.py:856-937`. What cannot be turned into a
safe reference is dropped and reported, never guessed at silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from kb import refs
from kb.repo_index import RepoIndex

# `path (lines 856-937)`, `path (line 12)`, `path (L12-20)`
_LINES_IN_PARENS = re.compile(
    r"^(?P<path>.+?)\s*\(\s*(?:lines?|L)\s*(?P<start>\d+)(?:\s*[-–]\s*(?P<end>\d+))?\s*\)$",
    re.IGNORECASE,
)
# Container and CI checkouts whose first two segments are never part of the repo.
_CONTAINER_ROOTS = ("workspace", "workspaces", "app", "code", "src", "repo", "project")


@dataclass
class RefContext:
    """What conversion may use: an explicit prefix, the repo's name and its file index."""

    strip_prefix: str | None = None
    repo_name: str | None = None
    index: RepoIndex | None = None
    # Prefixes found to work so far, tried first for the next absolute path.
    learned: list[str] = field(default_factory=list)


def split_files_value(value: str) -> list[str]:
    """`a.py, b/ , c.py:1-2` -> the non-empty comma-separated parts."""
    return [part.strip() for part in value.split(",") if part.strip()]


def convert(raw: str, context: RefContext) -> tuple[str | None, str | None]:
    """(kb reference or None, reason it needs attention or None) for one written path."""
    text = raw.strip().strip("`").strip()
    match = _LINES_IN_PARENS.match(text)
    if match:
        end = f"-{match['end']}" if match["end"] else ""
        text = f"{match['path'].strip()}:{match['start']}{end}"
    parsed = refs.parse_ref(text)
    suffix = text[len(parsed.path) :] if text.startswith(parsed.path) else ""
    path = parsed.path
    if path.startswith("/"):
        relative = _strip_absolute(path, context)
        if relative is None:
            return None, (
                f"file reference {raw!r} is an absolute path outside the repo and was left "
                "out; pass --strip-prefix to map it"
            )
        path = relative
    text = refs.normalise(path + suffix)
    reason = refs.unsafe_reason(refs.parse_ref(text))
    if reason:
        return None, f"file reference {raw!r} {reason}; it was left out"
    if "/" not in path:
        return _bare_name(raw, text, path, suffix, context)
    return text, None


def _bare_name(
    raw: str, text: str, path: str, suffix: str, context: RefContext
) -> tuple[str, str | None]:
    """A name without a folder: the one repo file of that name, else kept and reported."""
    if context.index is None:
        return text, f"file reference {raw!r} is a bare file name; not resolved (no checkout)"
    if context.index.has_file(path) or context.index.has_directory(path):
        return text, None
    same = sorted(f for f in context.index.files if PurePosixPath(f).name == path)
    if len(same) == 1:
        return refs.normalise(same[0] + suffix), None
    found = f"{len(same)} files" if same else "no file"
    return text, f"file reference {raw!r} is a bare file name matching {found}; kept as given"


def _strip_absolute(path: str, context: RefContext) -> str | None:
    """`path` relative to the repo, by the given, learned or guessed prefix; else None."""
    prefixes = [p for p in (context.strip_prefix, *context.learned) if p]
    for given in prefixes:
        prefix = given.rstrip("/") + "/"
        if path.startswith(prefix) and len(path) > len(prefix):
            return path[len(prefix) :]
    if context.strip_prefix:
        return None  # an explicit prefix that does not match: do not guess around it
    guessed = _guess_prefix(path, context)
    if guessed is None:
        return None
    context.learned.append(guessed)
    return path[len(guessed) :]


def _guess_prefix(path: str, context: RefContext) -> str | None:
    """The prefix to drop: the longest tail the repo has, the repo's name, a container root."""
    parts = path.split("/")
    if context.index is not None:
        for start in range(2, len(parts)):
            tail = "/".join(parts[start:])
            if context.index.has_file(tail) or context.index.has_directory(tail):
                return "/".join(parts[:start]) + "/"
    if context.repo_name and context.repo_name in parts[:-1]:
        last = len(parts) - 2 - parts[-2::-1].index(context.repo_name)
        return "/".join(parts[: last + 1]) + "/"
    if len(parts) > 3 and parts[1] in _CONTAINER_ROOTS:
        return "/".join(parts[:3]) + "/"
    return None
