"""Git history for a whole knowledge base, read in one pass per repo.

One `git log -z --raw -M` process, parsed as a stream, yields every commit and the files
it added, modified, renamed or deleted; every staleness question is answered from that
index, never with one git process per reference. When some reference has a line range,
a second process runs alongside: `-p -U0` for the modified and renamed files of commits
since the oldest such entry; each commit's patch is kept as bytes and its hunks parsed
only for the files a line range follows. A shallow clone, a tree without git, or no git at
all leave `History.notice` set instead of raising: staleness then degrades to one KB312
notice.
"""

from __future__ import annotations

import bisect
import itertools
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from kb.config import Config
from kb.entry import Entry
from kb.gitpatch import GIT, Hunk, PatchPass, parse_hunks
from kb.refs import RefKind

_HEADER_BYTE = b"\x01"  # starts each commit's header line
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
    # Each commit's `-U0` patch text, by commit index, when the pass asked for patches.
    patches: dict[int, bytes] | None = None
    _hunks: dict[int, dict[str, list[Hunk]]] = field(default_factory=dict, repr=False)
    _times: list[int] | None = field(default=None, repr=False)
    _by_sha: dict[str, Commit] | None = field(default=None, repr=False)
    # Per path, the commit index of each change in `by_path` (for bisecting), and the
    # paths some commit renamed away (the only ones `follow` must walk step by step).
    _indexes: dict[str, list[int]] = field(default_factory=dict, repr=False)
    renamed_away: set[str] = field(default_factory=set, repr=False)
    _sorted_paths: list[str] | None = field(default=None, repr=False)
    notice: str | None = None

    @property
    def available(self) -> bool:
        return self.notice is None

    def commit(self, sha: str) -> Commit | None:
        """The commit `sha` names (full or a prefix of at least 7), or None."""
        sha = sha.strip().lower()
        if len(sha) < 7:
            return None
        if self._by_sha is None:
            self._by_sha = {commit.sha: commit for commit in self.commits}
        found = self._by_sha.get(sha)
        if found is not None or len(sha) == 40:
            return found
        # A short sha (written by hand): rare, so a scan is fine.
        return next((c for c in reversed(self.commits) if c.sha.startswith(sha)), None)

    def changes(self, path: str) -> list[Change]:
        return self.by_path.get(path, [])

    def paths(self) -> list[str]:
        """Every path history has seen, sorted (built on first use), for prefix lookups."""
        if self._sorted_paths is None:
            self._sorted_paths = sorted(self.by_path)
        return self._sorted_paths

    def indexes(self, path: str) -> list[int]:
        """The commit index of each change to `path`, ascending (built on first use)."""
        found = self._indexes.get(path)
        if found is None:
            found = self._indexes[path] = [c.commit.index for c in self.changes(path)]
        return found

    @property
    def clock_ordered(self) -> bool:
        """Whether commit times never go down from one commit to the next."""
        self.first_after(0)
        return bool(self._times)

    def first_after(self, moment: float) -> int:
        """The index of the first commit after `moment`, or 0 when clocks went backwards.

        Commit times usually grow with the index; when they do not, callers compare
        times themselves and this only says where the search may start.
        """
        if self._times is None:
            times = [commit.time for commit in self.commits]
            ordered = all(a <= b for a, b in itertools.pairwise(times))
            self._times = times if ordered else []
        return bisect.bisect_right(self._times, moment) if self._times else 0

    def hunks(self, change: Change) -> list[Hunk] | None:
        """The hunks `change` made to its file; None without patches or without text."""
        if self.patches is None:
            return None
        index = change.commit.index
        if index not in self._hunks:
            patch = self.patches.get(index, b"").decode("utf-8", "surrogateescape")
            self._hunks[index] = dict(parse_hunks(patch))
        return self._hunks[index].get(change.path)


class GitUnavailable(Exception):
    """Why history cannot be read, as one sentence for the KB312 notice."""


def _git(root: Path, *args: str, stdin: str | None = None) -> str:
    try:
        result = subprocess.run(
            [*GIT, "-C", str(root), *args],
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


def load_history(root: Path, *, patches_since: float | None = None) -> History:
    """Read the history of `root` (every commit reachable from HEAD) in one pass.

    `patches_since` (epoch seconds): also keep the `-U0` patches of commits after then
    that modified or renamed files, for line-range references; a second git process
    produces them while the first is parsed.
    """
    history = History(root)
    try:
        lines = _git(root, "rev-parse", "--show-toplevel", "--is-shallow-repository")
    except GitUnavailable as error:
        history.notice = f"not a git work tree: {error}"
        return history
    head, history.notice = _head(root, lines.split()[-1:] == ["true"])
    if head is None or history.notice:
        return history
    patch_pass = None if patches_since is None else PatchPass(root, patches_since)
    # The whole history, not just since the oldest entry: a file may have moved before
    # the entry that names it was written.
    args = ["log", "-z", "--raw", "-M", "--no-merges", "--format=%x01%H%x1f%ct%x1f%s"]
    try:
        with _popen(root, args) as process:
            assert process.stdout is not None
            _index(history, _records(_tokens(process.stdout)))
            _, stderr = process.communicate()
    except FileNotFoundError:
        history.notice = "git is not installed"
        return history
    if patch_pass is not None:  # collected even after a failure, so git is waited for
        history.patches = patch_pass.collect({c.sha: c.index for c in history.commits})
    if process.returncode != 0:
        history.notice = f"git log failed: {stderr.decode(errors='replace').strip()}"
    return history


def _popen(root: Path, args: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*GIT, "-C", str(root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )


def _tokens(stream: IO[bytes]) -> Iterator[bytes]:
    """NUL-separated fields of `git log -z`, read in chunks (decoded by the caller)."""
    pending = b""
    while chunk := stream.read(_CHUNK):
        parts = (pending + chunk).split(b"\0")
        pending = parts.pop()
        yield from parts
    if pending:
        yield pending


_Header = tuple[str, int, str]
_Files = list[tuple[str, str, str | None]]
_Record = tuple[_Header, _Files]


def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def _records(tokens: Iterator[bytes]) -> Iterator[_Record]:
    """((sha, time, subject), [(status, path, old_path)]) per commit, newest first.

    With `-z --raw`, each file is `:modes shas STATUS` NUL path(s) (two for R and C).
    """
    header: _Header | None = None
    files: _Files = []
    for token in tokens:
        if token.startswith(b":") or token.startswith(b"\n:"):
            status = _text(token.rpartition(b" ")[2])
            first = _text(next(tokens))
            if status[:1] in ("R", "C"):
                files.append((status, _text(next(tokens)), first))
            else:
                files.append((status, first, None))
        elif _HEADER_BYTE in token:
            if header is not None:
                yield header, files
            # A subject is only shown, so bytes that are not UTF-8 become U+FFFD.
            line = token.rpartition(_HEADER_BYTE)[2].decode("utf-8", "replace")
            sha, time, subject = line.split(_FIELD, 2)
            header, files = (sha, int(time), subject), []
    if header is not None:
        yield header, files


def _index(history: History, records: Iterable[_Record]) -> None:
    """Number commits oldest first and file every change under each path it involves."""
    newest_first = list(records)
    for position, ((sha, time, subject), files) in enumerate(reversed(newest_first)):
        commit = Commit(sha, time, subject, position)
        history.commits.append(commit)
        changes = history.by_commit.setdefault(position, [])
        for status, path, old in files:
            similarity = int(status[1:]) if status[1:].isdigit() else 100
            change = Change(commit, status[0], path, old, similarity)
            changes.append(change)
            history.by_path.setdefault(path, []).append(change)
            if old is not None and status[0] == "R":
                history.by_path.setdefault(old, []).append(change)
                history.renamed_away.add(old)


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
    first = history.first_after(after)
    events = history.changes(path)
    start = bisect.bisect_left(history.indexes(path), first)
    if path not in history.renamed_away:  # the common case: no walk needed
        # With clocks in order, every change from `start` on is after `after` already.
        taken = (
            events[start:]
            if history._times
            else [c for c in events[start:] if c.commit.time > after]
        )
        deleted = taken[-1] if taken and taken[-1].status == "D" else None
        return Trail(path, path, tuple(taken), None, deleted)
    current, position, taken = path, first - 1, []
    renamed: Change | None = None
    deleted = None
    i = start
    while i < len(events):
        change = events[i]
        i += 1
        if change.commit.index <= position or change.commit.time <= after:
            continue
        taken.append(change)
        if change.status == "R" and change.old_path == current and change.path != current:
            renamed, deleted, current = change, None, change.path
            position, events = change.commit.index, history.changes(current)
            i = bisect.bisect_right(history.indexes(current), position)
        else:
            deleted = change if change.status == "D" else None
    return Trail(path, current, tuple(taken), renamed, deleted)


def load_histories(config: Config, entries: Iterable[Entry]) -> dict[str | None, History]:
    """One history per repo with a checkout that entries refer to: one `git log` each.

    Patches are read only for a repo where some reference has a line range, from the
    oldest such entry on.
    """
    repos: set[str | None] = set()
    lines_since: dict[str | None, float] = {}
    for entry in entries:
        if entry.files:
            repos.add(entry.repo)
        if any(ref.has_lines for ref in entry.files if ref.kind is RefKind.FILE):
            created = entry.created.timestamp()
            lines_since[entry.repo] = min(lines_since.get(entry.repo, created), created)
    histories: dict[str | None, History] = {}
    for repo in repos:
        root = config.repo_root(repo)
        if root is not None:  # without a local checkout, KB308 says so already
            histories[repo] = load_history(root, patches_since=lines_since.get(repo))
    return histories


def entry_prefix(config: Config) -> str:
    """The knowledge base's folder inside its repo, with a trailing `/` (empty at the top)."""
    try:
        relative = config.root.resolve().relative_to(config.home_repo.resolve()).as_posix()
    except ValueError:
        return ""
    return "" if relative == "." else relative + "/"
