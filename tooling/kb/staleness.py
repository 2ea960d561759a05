"""Staleness: what happened to an entry's files since it was written or last verified.

Pure: entries and a loaded `History` in, `RefChanges` and diagnostics out. Only plain
file references (with or without a line range) are followed; directories and globs
describe areas of code, not one file whose changes could invalidate the entry.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from kb import codes
from kb.diagnostics import Diagnostic
from kb.entry import Entry
from kb.gitpatch import Hunk
from kb.history import Change, Commit, History, Trail, follow
from kb.refs import FileRef, RefKind, glob_regex, normalise
from kb.schema import to_datetime

SUBJECT_LENGTH = 72  # of a commit subject quoted in a finding
# Entries that no longer claim to describe the code are not checked against it.
SKIPPED_STATUSES = frozenset({"obsolete", "superseded"})
Exists = Callable[[str], bool]


@dataclass(frozen=True)
class RefChanges:
    """One file reference against history: where the file is now and what touched it."""

    ref: FileRef
    path: str  # the file's name now (after renames)
    commits: tuple[Commit, ...]  # commits that changed the text (or the lines), newest first
    renamed_in: Commit | None = None  # the last rename, when `path` differs from the ref
    deleted_in: Commit | None = None  # set when the file is gone
    successors: tuple[str, ...] = ()  # files added by the commit that deleted or moved it
    lines: tuple[int, int] | None = None  # where the line range is now, when it was tracked

    @property
    def moved(self) -> bool:
        return self.renamed_in is not None and self.deleted_in is None

    @property
    def lines_moved(self) -> bool:
        """The line range is elsewhere now, its text untouched (kb fix can follow it)."""
        ref = self.ref
        return self.lines is not None and not self.commits and self.lines != (ref.start, ref.end)

    @property
    def stale(self) -> bool:
        return bool(self.commits) or self.moved or self.lines_moved or self.deleted_in is not None


def since_time(entry: Entry, history: History, entry_file: str | None = None) -> float:
    """When the entry last matched the code: its verified commit, verified date, or created.

    `entry_file` is the entry's path in `history`'s repo when it lives there: the commit
    that added it usually also holds the code it describes, so that commit counts as seen.
    """
    verified = entry.verified or {}
    commit = history.commit(str(verified.get("commit") or ""))
    if commit is not None:
        return float(commit.time)
    date, _ = to_datetime(verified.get("date"), dt.UTC) if verified.get("date") else (None, None)
    since = (date or entry.created).timestamp()
    added = [c for c in history.changes(entry_file) if c.status == "A"] if entry_file else []
    return max(since, float(added[0].commit.time)) if added else since


def changes_for(
    entry: Entry,
    history: History,
    exists: Exists | None = None,
    entry_file: str | None = None,
) -> list[RefChanges]:
    """What happened to each file reference of `entry` since it last matched the code.

    `exists(path)` (the repo's current files) confirms that a path history calls renamed
    or deleted is really missing; without it, history alone decides. `entry_file`: see
    `since_time`. The site calls this for entry and file pages; `kb check`, `kb for`
    and `kb fix` use it too.
    """
    if not history.available:
        return []
    after = since_time(entry, history, entry_file)
    return [
        _ref_changes(ref, history, after, exists)
        if ref.kind is RefKind.FILE
        else _area_changes(ref, history, after)
        for ref in entry.files
    ]


def _area_changes(ref: FileRef, history: History, after: float) -> RefChanges:
    """A `dir/` or glob reference: the commits after `after` that changed a file in it."""
    inside: Iterable[str]
    if ref.kind is RefKind.DIRECTORY:
        prefix = normalise(ref.path).rstrip("/") + "/"
        paths = history.paths()
        start = bisect.bisect_left(paths, prefix)
        tail = (paths[i] for i in range(start, len(paths)))  # no copy of the list
        inside = itertools.takewhile(lambda p: p.startswith(prefix), tail)
    else:
        pattern = re.compile(glob_regex(ref.path))
        inside = (p for p in history.paths() if pattern.fullmatch(p))
    first = history.first_after(after)
    commits = {
        change.commit.index: change.commit
        for path in inside
        for change in history.changes(path)
        if change.commit.index >= first and change.commit.time > after and change.is_content_change
    }
    return RefChanges(ref, ref.raw.strip(), tuple(sorted(commits.values(), key=_newest)))


def _ref_changes(ref: FileRef, history: History, after: float, exists: Exists | None) -> RefChanges:
    path = normalise(ref.path)  # `./a//b` names the same file as `a/b`
    trail = follow(history, path, after)
    missing = exists is not None and not exists(path)
    if missing and trail.renamed is None and trail.deleted is None:
        # Moved or deleted before the entry was written: history still knows where to.
        earlier = follow(history, path, float("-inf"))
        if earlier.renamed or earlier.deleted:
            trail = Trail(path, earlier.path, (), earlier.renamed, earlier.deleted)
    if exists is not None and not missing:
        # The file is where the entry says (perhaps re-created): count changes up to
        # a rename away, and nothing else.
        trail = Trail(path, path, _until_rename(trail))
    content = [c for c in trail.changes if c.is_content_change and c.status != "D"]
    lines = None
    if ref.start is not None and ref.end is not None and history.patches is not None:
        content, lines = _track_lines(content, history, (ref.start, ref.end))
    deleted = trail.deleted
    return RefChanges(
        ref=ref,
        path=trail.path,
        commits=tuple(sorted({c.commit.index: c.commit for c in content}.values(), key=_newest)),
        renamed_in=trail.renamed.commit if trail.renamed else None,
        deleted_in=deleted.commit if deleted else None,
        successors=_added_with(history, deleted or trail.renamed),
        lines=lines,
    )


def _newest(commit: Commit) -> int:
    return -commit.index


def _until_rename(trail: Trail) -> tuple[Change, ...]:
    kept: list[Change] = []
    for change in trail.changes:
        if change.status == "R" and change.old_path == trail.start:
            break
        kept.append(change)
    return tuple(kept)


def _added_with(history: History, change: Change | None) -> tuple[str, ...]:
    """Files the commit that deleted or moved a file added: where its text went (a split)."""
    if change is None or not change.is_content_change:
        return ()
    changes = history.by_commit.get(change.commit.index, [])
    return tuple(sorted(c.path for c in changes if c.status in ("A", "C")))


def _track_lines(
    changes: list[Change], history: History, lines: tuple[int, int]
) -> tuple[list[Change], tuple[int, int]]:
    """The changes whose hunks touch `lines`, and where the lines are after them all."""
    start, end = lines
    touching: list[Change] = []
    for change in changes:
        if change.status in ("A", "T"):
            touching.append(change)  # a new text (added again, or its type changed)
            continue
        hunks = history.hunks(change)
        if hunks is None:
            continue  # a pure rename, or a mode-only or binary change: no lines touched
        touched, start, end = _apply(hunks, start, end)
        if touched:
            touching.append(change)
    return touching, (start, end)


def _apply(hunks: Sequence[Hunk], start: int, end: int) -> tuple[bool, int, int]:
    """(whether a hunk overlaps lines start..end, where they are after the hunks)."""
    touched, before, inside = False, 0, 0
    for hunk in hunks:
        growth = hunk.new_count - hunk.old_count
        # An insertion (old_count 0) goes after line old_start; anything else replaces
        # old_start .. last.
        last = hunk.old_start + hunk.old_count - 1 if hunk.old_count else hunk.old_start
        if last < start:
            before += growth
        elif hunk.old_start <= end and not (hunk.old_count == 0 and hunk.old_start >= end):
            touched, inside = True, inside + growth
    new_start = start + before
    return touched, new_start, max(new_start, end + before + inside)


def findings(
    entries: Iterable[Entry],
    histories: Mapping[str | None, History],
    exists: Mapping[str | None, Exists] | None = None,
    timezone: dt.tzinfo = dt.UTC,
    entry_prefix: str = "",
) -> list[Diagnostic]:
    """KB309/KB310/KB311 for every active entry whose repo has history.

    `entry_prefix` is the knowledge base's folder in its repo (`docs/kb/`, or empty).
    """
    found: list[Diagnostic] = []
    for entry in entries:
        history = histories.get(entry.repo)
        if history is None or entry.status in SKIPPED_STATUSES:
            continue
        check = (exists or {}).get(entry.repo)
        entry_file = entry_prefix + entry.path if entry.repo is None else None
        results = changes_for(entry, history, check, entry_file)
        gone = bool(results) and len(results) == len(entry.files)
        gone = gone and all(r.deleted_in is not None for r in results)
        for result in results:
            found.extend(_diagnostics(entry, result, gone, timezone))
    return found


def notices(histories: Mapping[str | None, History], config_label: str) -> list[Diagnostic]:
    """One KB312 per repo whose history could not be read."""
    return [
        codes.HISTORY_UNAVAILABLE.at(
            config_label,
            1,
            1,
            f"git history of {'repo ' + repr(name) if name else 'the knowledge base'} "
            f"is not available ({history.notice}), so staleness is not checked",
        )
        for name, history in histories.items()
        if history.notice
    ]


def describe(commit: Commit, timezone: dt.tzinfo = dt.UTC) -> str:
    """`9f1c2ab 2026-01-05 "split settings"`: a commit as messages name it."""
    day = dt.datetime.fromtimestamp(commit.time, timezone).date().isoformat()
    subject = commit.subject
    if len(subject) > SUBJECT_LENGTH:  # a message with no blank line is all "subject"
        subject = subject[: SUBJECT_LENGTH - 1].rstrip() + "…"
    return f'{commit.short} {day} "{subject}"'


def label(changes: RefChanges | None) -> str | None:
    """`3 commits since`, `renamed to x.py`, `deleted in 9f1c2ab`: why a reference may be
    out of date, in a few words (kb for, and the site's entry and file pages)."""
    if changes is None or not changes.stale:
        return None
    if changes.deleted_in is not None:
        return f"deleted in {changes.deleted_in.short}"
    parts = [f"renamed to {changes.path}"] if changes.moved else []
    count = len(changes.commits)
    if count:
        parts.append(f"{count} commit{'s' if count != 1 else ''} since")
    elif changes.lines_moved and changes.lines:
        parts.append(f"lines now {_span(*changes.lines)}")
    return ", ".join(parts)


def _diagnostics(
    entry: Entry, result: RefChanges, all_gone: bool, tz: dt.tzinfo
) -> list[Diagnostic]:
    line = entry.line_of("files")
    ref = result.ref
    out: list[Diagnostic] = []
    if result.deleted_in is not None:
        message = f"{ref.path} was deleted in {describe(result.deleted_in, tz)}"
        if result.renamed_in is not None:
            message = f"{ref.path} was renamed to {result.path}, then deleted in " + describe(
                result.deleted_in, tz
            )
        hint = "every file of this entry is gone: consider `status: obsolete`" if all_gone else None
        if result.successors:
            hint = "; ".join(
                filter(None, ["that commit added " + ", ".join(result.successors), hint])
            )
        return [codes.FILE_DELETED.at(entry.path, line, 1, message, hint, subject=ref.path)]
    if result.renamed_in is not None:
        message = f"{ref.path} was renamed to {result.path} in {describe(result.renamed_in, tz)}"
        hint = "`kb fix --write` rewrites the reference"
        if result.successors:
            hint += "; that commit also added " + ", ".join(result.successors)
        out.append(codes.FILE_RENAMED.at(entry.path, line, 1, message, hint, subject=ref.path))
    if result.commits:
        out.append(_changed(entry, result, line, tz))
    elif result.lines_moved and result.lines is not None:
        message = (
            f"lines {_span(result.ref.start or 0, result.ref.end)} of {result.path} moved "
            f"to {_span(*result.lines)} since {_since_what(entry)}, their text unchanged"
        )
        hint = f"write {result.path}:{_span(*result.lines)}, then `kb verify {entry.id}`"
        out.append(codes.CHANGED_SINCE.at(entry.path, line, 1, message, hint))
    return out


def _since_what(entry: Entry) -> str:
    return "it was verified" if entry.verified else "this entry"


def _changed(entry: Entry, result: RefChanges, line: int, tz: dt.tzinfo) -> Diagnostic:
    count = len(result.commits)
    noun = "commit" if count == 1 else "commits"
    what = result.path
    if result.ref.start is not None and result.lines is not None:
        what = f"lines {_span(result.ref.start, result.ref.end)} of {result.path}"
    newest = describe(result.commits[0], tz)
    message = f"{count} {noun} touched {what} since {_since_what(entry)} (newest {newest})"
    hint = None
    if result.lines is not None and (result.ref.start, result.ref.end) != result.lines:
        hint = f"those lines are now {_span(*result.lines)}"
    return codes.CHANGED_SINCE.at(entry.path, line, 1, message, hint)


def _span(start: int, end: int | None) -> str:
    return str(start) if end is None or end == start else f"{start}-{end}"


def rewrites(changes: Iterable[RefChanges], exists: Exists | None = None) -> dict[str, str]:
    """References to renamed files, old -> new, keeping any line suffix.

    Moved line ranges are not rewritten: a range is read relative to the entry's
    `created` or `verified` mark, so only `kb verify` may move that mark along with it.
    """
    out: dict[str, str] = {}
    for result in changes:
        ref = result.ref
        if result.moved and (exists is None or exists(result.path)):
            suffix = "" if ref.start is None else f":{_span(ref.start, ref.end)}"
            out[ref.raw.strip()] = result.path + suffix
    return out
