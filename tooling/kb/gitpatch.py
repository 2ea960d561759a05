"""`-U0` patches: the git pass that produces them, and their hunks (which lines of a
file a commit replaced).

Hunks are parsed lazily, one commit at a time, from the patch bytes `kb.history` keeps;
only the files a line-range reference follows are ever looked at.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

# Repository config must not change the output we parse (signatures, prefixes, colour).
GIT = ("git", "-c", "core.quotePath=false", "-c", "log.showSignature=false")


# Patches exactly as the parser expects them, whatever the repo's diff config says.
_PATCH_FLAGS = (
    "-p",
    "-U0",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--no-relative",
    "--src-prefix=a/",
    "--dst-prefix=b/",
)


class PatchPass:
    """`git log -p -U0` for modified and renamed files since a moment, read by a thread.

    Added and deleted files need no hunks (a new text, or none), so a huge first commit
    costs nothing here; `--since` keeps the pass to the commits entries can care about.
    """

    def __init__(self, root: Path, since: float) -> None:
        import threading  # only runs with line-range references

        args = ["log", "-M", "--no-merges", "--diff-filter=MR", "--format=%x01%H", *_PATCH_FLAGS]
        # A day of slack: committer clocks drift, and --since stops at the first old commit.
        if since > 86400:
            args.append(f"--since=@{int(since) - 86400}")
        self.process = subprocess.Popen(
            [*GIT, "-C", str(root), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
        )
        self.chunks: list[bytes] = []
        self.thread = threading.Thread(target=self._drain, daemon=True)
        self.thread.start()

    def _drain(self) -> None:
        assert self.process.stdout is not None
        while chunk := self.process.stdout.read(1 << 16):
            self.chunks.append(chunk)

    def collect(self, by_sha: dict[str, int]) -> dict[int, bytes] | None:
        """Each commit's patch by commit index; None when git failed (lines not tracked)."""
        self.thread.join()
        if self.process.wait() != 0:
            return None
        patches: dict[int, bytes] = {}
        # Every commit starts a line with \x01; a patch line never does.
        for part in (b"\n" + b"".join(self.chunks)).split(b"\n" + b"\x01")[1:]:
            sha, _, patch = part.partition(b"\n")
            index = by_sha.get(sha.decode("ascii", "replace").strip())
            if index is not None:
                patches[index] = patch
        return patches


class Hunk(NamedTuple):
    """One `@@ -a,b +c,d @@` header: b lines at a replaced by d lines at c."""

    old_start: int
    old_count: int
    new_start: int
    new_count: int


_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
# The only lines the parser needs; content lines (starting with +, - or space) are
# skipped by the regex engine, except `+++ x` lines, which the state below ignores.
_LINES = re.compile(r"^(?:diff --git |rename to |\+\+\+ |@@ -).*$", re.MULTILINE)


def parse_hunks(patch: str) -> Iterator[tuple[str, list[Hunk]]]:
    """(new path, hunks) for each file of one commit's `-U0` patch text."""
    path, hunks, in_header = "", list[Hunk](), False
    for found in _LINES.finditer(patch):
        line = found.group()
        if line.startswith("diff --git "):
            if path and hunks:
                yield path, hunks
            path, hunks, in_header = "", [], True
        elif line.startswith("@@ -"):
            in_header = False  # content follows: a line `+++ x` is now text, not a header
            match = _HUNK.match(line)
            if match and path:
                start, count, new_start, new_count = match.groups()
                hunks.append(Hunk(int(start), _count(count), int(new_start), _count(new_count)))
        elif not in_header:
            continue
        elif line.startswith("rename to "):
            path = unquote(line.removeprefix("rename to "))
        elif line != "+++ /dev/null":
            path = unquote(line[4:].rstrip("\t")).removeprefix("b/")
    if path and hunks:
        yield path, hunks


def _count(text: str | None) -> int:
    return 1 if text is None else int(text)


_ESCAPES = {"n": 10, "t": 9, '"': 34, "\\": 92, "a": 7, "b": 8, "f": 12, "r": 13, "v": 11}


def unquote(name: str) -> str:
    """Undo git's C-style quoting of a path (`"a\\tb"`); other names pass through."""
    if not name.startswith('"') or len(name) < 2 or not name.endswith('"'):
        return name
    raw, out, i = name[1:-1], bytearray(), 0
    while i < len(raw):
        if raw[i] == "\\" and i + 1 < len(raw):
            if raw[i + 1] in "01234567":
                out.append(int(raw[i + 1 : i + 4], 8) & 0xFF)
                i += 4
                continue
            out.append(_ESCAPES.get(raw[i + 1], ord(raw[i + 1]) & 0xFF))
            i += 2
            continue
        out.extend(raw[i].encode("utf-8", "surrogateescape"))
        i += 1
    return out.decode("utf-8", "surrogateescape")
