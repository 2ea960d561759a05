"""Git history for a whole knowledge base, read in one pass.

One `git log -z --name-status -M` process, parsed as a stream, yields every commit and
the files it added, modified, renamed or deleted; every staleness question is answered
from that index, never with one git process per reference. Line-range references add
one more process at most: `-U0` hunks for just the files those references name.
A shallow clone, a tree without git, or no git at all leave `History.notice` set
instead of raising: staleness then degrades to one KB312 notice.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from kb.config import Config
from kb.entry import Entry
from kb.refs import RefKind, normalise

# Repository config must not change the output we parse (signatures, prefixes, colour).
_GIT = ("git", "-c", "core.quotePath=false", "-c", "log.showSignature=false")
_HEADER = "\x01"
_FIELD = "\x1f"
_CHUNK = 1 << 16


@dataclass(frozen=True)
class Commit:
    sha: str
    time: int  # committer time, seconds since the epoch
    subject: str
    index: int  # position in history, oldest first

    @property
    def short(self) -> str:
        return self.sha[:7]


@dataclass(frozen=True)
class Change:
    """One file in one commit: `status` is A, M, D, T, R or C; `old_path` for R and C."""

    commit: Commit
    status: str
    path: str
    old_path: str | None = None
    similarity: int = 100

    @property
    def is_content_change(self) -> bool:
        """False only for a pure rename or copy, which leaves the text as it was."""
        return self.status not in ("R", "C") or self.similarity < 100


@dataclass
class History:
    """Every change by path (each list oldest first); `notice` says why it is empty."""

    root: Path
    commits: list[Commit] = field(default_factory=list)
    by_path: dict[str, list[Change]] = field(default_factory=dict)
    by_commit: dict[int, list[Change]] = field(default_factory=dict)
    # Hunks of line-range files, by (commit index, new path); see `load_hunks`.
    hunks: dict[tuple[int, str], list[Hunk]] = field(default_factory=dict)
    hunk_paths: set[str] = field(default_factory=set)  # paths whose hunks were loaded
    notice: str | None = None

    @property
    def available(self) -> bool:
        return self.notice is None

    def commit(self, sha: str) -> Commit | None:
        """The commit `sha` names (full or a prefix of at least 7), or None."""
        if len(sha) < 7:
            return None
        for commit in reversed(self.commits):
            if commit.sha.startswith(sha.lower()):
                return commit
        return None

    def changes(self, path: str) -> list[Change]:
        return self.by_path.get(path, [])


class GitUnavailable(Exception):
    """Why history cannot be read, as one sentence for the KB312 notice."""


def _git(root: Path, *args: str, stdin: str | None = None) -> str:
    try:
        result = subprocess.run(
            [*_GIT, "-C", str(root), *args],
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
            timeout=120,
        )
    except FileNotFoundError:
        raise GitUnavailable("git is not installed") from None
    except (OSError, subprocess.SubprocessError) as error:
        raise GitUnavailable(f"git failed: {error}") from None
    if result.returncode != 0:
        first = (result.stderr.strip().splitlines() or ["git failed"])[0]
        raise GitUnavailable(first.removeprefix("fatal: "))
    return result.stdout


def head_commit(root: Path) -> str | None:
    """The full sha of HEAD in `root`, or None outside git or before the first commit."""
    try:
        return _git(root, "rev-parse", "--verify", "-q", "HEAD").strip() or None
    except GitUnavailable:
        return None


def _head(root: Path, shallow: bool) -> tuple[str | None, str | None]:
    if shallow:
        return None, "a shallow clone, whose history is incomplete"
    try:
        return _git(root, "rev-parse", "--verify", "-q", "HEAD").strip() or None, None
    except GitUnavailable:
        return None, None  # no commits yet: nothing can be stale


def load_history(root: Path) -> History:
    """Read the history of `root` (every commit reachable from HEAD) in one pass."""
    history = History(root)
    try:
        lines = _git(root, "rev-parse", "--show-toplevel", "--is-shallow-repository")
    except GitUnavailable as error:
        history.notice = f"not a git work tree: {error}"
        return history
    head, history.notice = _head(root, lines.split()[-1:] == ["true"])
    if head is None or history.notice:
        return history
    # The whole history, not just since the oldest entry: a file may have moved before
    # the entry that names it was written.
    args = ["log", "-z", "--name-status", "-M", "--no-merges", "--format=%x01%H%x1f%ct%x1f%s"]
    try:
        with _popen(root, args) as process:
            assert process.stdout is not None
            _index(history, _records(_tokens(process.stdout)))
            _, stderr = process.communicate()
    except FileNotFoundError:
        history.notice = "git is not installed"
        return history
    if process.returncode != 0:
        history.notice = f"git log failed: {stderr.decode(errors='replace').strip()}"
    return history


def _popen(root: Path, args: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*_GIT, "-C", str(root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )


def _tokens(stream: IO[bytes]) -> Iterator[str]:
    """NUL-separated fields of `git log -z`, decoded, read in chunks."""
    pending = b""
    while chunk := stream.read(_CHUNK):
        parts = (pending + chunk).split(b"\0")
        pending = parts.pop()
        for part in parts:
            yield part.decode("utf-8", "surrogateescape")
    if pending:
        yield pending.decode("utf-8", "surrogateescape")


_Record = tuple[tuple[str, int, str], list[tuple[str, str, str | None]]]


def _records(tokens: Iterator[str]) -> Iterator[_Record]:
    """((sha, time, subject), [(status, path, old_path)]) per commit, newest first."""
    header: tuple[str, int, str] | None = None
    files: list[tuple[str, str, str | None]] = []
    for token in tokens:
        token = token.lstrip("\n")
        if token.startswith(_HEADER):
            if header is not None:
                yield header, files
            sha, time, subject = token[1:].split(_FIELD, 2)
            header, files = (sha, int(time), subject), []
        elif token and token[0] in "RC":
            old = next(tokens)
            files.append((token, next(tokens), old))
        elif token:
            files.append((token, next(tokens), None))
    if header is not None:
        yield header, files


def _index(history: History, records: Iterable[_Record]) -> None:
    """Number commits oldest first and file every change under each path it involves."""
    newest_first = list(records)
    total = len(newest_first)
    for position, ((sha, time, subject), files) in enumerate(reversed(newest_first)):
        commit = Commit(sha, time, subject, position)
        history.commits.append(commit)
        changes = history.by_commit.setdefault(position, [])
        for status, path, old in files:
            similarity = int(status[1:]) if len(status) > 1 and status[1:].isdigit() else 100
            change = Change(commit, status[0], path, old, similarity)
            changes.append(change)
            history.by_path.setdefault(path, []).append(change)
            if old is not None and status[0] == "R":
                history.by_path.setdefault(old, []).append(change)
    assert len(history.commits) == total


@dataclass(frozen=True)
class Trail:
    """What happened to a path after a moment: its changes, oldest first, and its end."""

    start: str
    path: str  # its name at the end, after renames
    changes: tuple[Change, ...]
    renamed: Change | None = None  # the last rename on the way
    deleted: Change | None = None  # set when the file is gone at the end


def follow(history: History, path: str, after: float) -> Trail:
    """Follow `path` through renames from commits after `after` (epoch seconds) to HEAD."""
    current, position, taken = path, -1, list[Change]()
    renamed: Change | None = None
    deleted: Change | None = None
    events, i = history.changes(path), 0
    while i < len(events):
        change = events[i]
        i += 1
        if change.commit.index <= position or change.commit.time <= after:
            continue
        taken.append(change)
        if change.status == "R" and change.old_path == current and change.path != current:
            renamed, deleted, current = change, None, change.path
            position, events, i = change.commit.index, history.changes(current), 0
        else:
            deleted = change if change.status == "D" else None
    return Trail(path, current, tuple(taken), renamed, deleted)


def load_hunks(history: History, paths: Iterable[str]) -> None:
    """Add `-U0` hunks for `paths` (every name they had) to `history`, in one git process."""
    wanted = sorted(p for p in set(paths) if history.changes(p))
    if not wanted or not history.available:
        return
    oldest = min(change.commit.time for p in wanted for change in history.changes(p))
    args = [
        "--literal-pathspecs",
        "log",
        "--stdin",
        "-p",
        "-U0",
        "-M",
        "--no-merges",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        "--src-prefix=a/",
        "--dst-prefix=b/",
        "--format=%x01%H",
        # A day of slack: committer clocks drift, and --since stops at the first old commit.
        f"--since={oldest - 86400}",
    ]
    try:
        output = _git(history.root, *args, stdin="HEAD\n--\n" + "\n".join(wanted) + "\n")
    except GitUnavailable:
        return  # best effort: line ranges then count every change to the file
    history.hunk_paths.update(wanted)
    by_sha = {commit.sha: commit.index for commit in history.commits}
    for sha, path, hunks in parse_hunks(output):
        index = by_sha.get(sha)
        if index is not None:
            history.hunks[(index, path)] = hunks


@dataclass(frozen=True)
class Hunk:
    """One `@@ -a,b +c,d @@` header: b lines at a replaced by d lines at c."""

    old_start: int
    old_count: int
    new_start: int
    new_count: int


_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def parse_hunks(output: str) -> Iterator[tuple[str, str, list[Hunk]]]:
    """(sha, new path, hunks) for each file diff in `git log -p -U0` output."""
    sha, path, hunks, in_header = "", "", list[Hunk](), False
    for line in output.split("\n"):
        if line.startswith(_HEADER) or line.startswith("diff --git "):
            if path and hunks:
                yield sha, path, hunks
            path, hunks, in_header = "", [], line.startswith("diff")
            if line.startswith(_HEADER):
                sha = line[1:].strip()
        elif in_header and line.startswith("rename to "):
            path = unquote(line.removeprefix("rename to "))
        elif in_header and line.startswith("+++ ") and line != "+++ /dev/null":
            path = unquote(line[4:].rstrip("\t")).removeprefix("b/")
        elif match := _HUNK.match(line):
            in_header = False  # content follows: a line `+++ x` is now text, not a header
            if path:
                start, count, new_start, new_count = match.groups()
                hunks.append(Hunk(int(start), _count(count), int(new_start), _count(new_count)))
    if path and hunks:
        yield sha, path, hunks


def _count(text: str | None) -> int:
    return 1 if text is None else int(text)


_ESCAPES = {"n": 10, "t": 9, '"': 34, "\\": 92, "a": 7, "b": 8, "f": 12, "r": 13, "v": 11}


def unquote(name: str) -> str:
    """Undo git's C-style quoting of a path (`"a\\tb"`); other names pass through."""
    if len(name) < 2 or not (name.startswith('"') and name.endswith('"')):
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


def load_histories(config: Config, entries: Iterable[Entry]) -> dict[str | None, History]:
    """One history per repo with a checkout that entries refer to, back to the oldest entry.

    One `git log` per repo, plus one `-U0` pass when some reference has a line range.
    """
    oldest: dict[str | None, float] = {}
    line_paths: dict[str | None, set[str]] = {}
    for entry in entries:
        refs = [ref for ref in entry.files if ref.kind is RefKind.FILE]
        if not refs:
            continue
        created = entry.created.timestamp()
        oldest[entry.repo] = min(oldest.get(entry.repo, created), created)
        lines = {normalise(r.path) for r in refs if r.has_lines}
        line_paths.setdefault(entry.repo, set()).update(lines)
    histories: dict[str | None, History] = {}
    for repo, since in oldest.items():
        root = config.repo_root(repo)
        if root is None:
            continue  # no local checkout: KB308 says so already
        history = load_history(root)
        names: set[str] = set()
        for path in line_paths[repo]:
            trail = follow(history, path, since)
            names.add(path)
            names.update(change.path for change in trail.changes)
        load_hunks(history, names)
        histories[repo] = history
    return histories


def entry_prefix(config: Config) -> str:
    """The knowledge base's folder inside its repo, with a trailing `/` (empty at the top)."""
    try:
        relative = config.root.resolve().relative_to(config.home_repo.resolve()).as_posix()
    except ValueError:
        return ""
    return "" if relative == "." else relative + "/"
