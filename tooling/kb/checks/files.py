"""File-reference checks: every `files:` item must point at something in its repo.

References resolve against the repo's file index (git's listing, or the disk outside
git); kb reads a referenced file only to count its lines, and only after making sure
it does not lead outside the repo root.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kb import codes
from kb.checks.context import Check, CheckContext, Parts
from kb.checks.repos import RepoFiles
from kb.diagnostics import Diagnostic
from kb.entry import Entry
from kb.refs import FileRef, RefKind, unsafe_reason
from kb.report import plural
from kb.staleness import SKIPPED_STATUSES


def _each(ctx: CheckContext, entries: list[Entry], state: dict[str, Any]) -> Iterator[Diagnostic]:
    """The references of `entries`; `state` keeps each repo's lookups for the process."""
    lookups: dict[str | None, RepoFiles | None] = state.setdefault("files", {})
    for entry in entries:
        if entry.repo is not None and entry.repo not in ctx.config.repos:
            declared = ", ".join(sorted(ctx.config.repos)) or "none"
            yield codes.UNKNOWN_REPO.at(
                entry.path,
                entry.line_of("repo"),
                1,
                f"repo {entry.repo!r} is not declared in kb.yml",
                f"declared: {declared}",
            )
            continue
        if entry.repo not in lookups:
            index = ctx.repo_index(entry.repo)
            lookups[entry.repo] = RepoFiles(index, ctx.known_stats) if index is not None else None
        # An obsolete or superseded entry describes code as it was: references to what
        # is gone since are history, not errors (as for staleness, kb.staleness).
        files = lookups[entry.repo] if entry.status not in SKIPPED_STATUSES else None
        line = entry.line_of("files")
        for ref in entry.files:
            reason = unsafe_reason(ref)
            if reason is not None:
                yield codes.UNSAFE_PATH.at(
                    entry.path, line, 1, f"file reference {ref.raw!r} {reason}"
                )
            elif files is not None:
                yield from check_ref(files, entry.path, line, ref)


def _rest(ctx: CheckContext, state: dict[str, Any]) -> Iterator[Diagnostic]:
    """One line per declared repo without a checkout that entries refer to."""
    unverified: dict[str, list[Entry]] = {}
    for entry in ctx.entries:
        if entry.repo in ctx.config.repos and entry.files and ctx.repo_index(entry.repo) is None:
            unverified.setdefault(entry.repo, []).append(entry)
    yield from _unverified(ctx, unverified)


def check_ref(files: RepoFiles, path: str, line: int, ref: FileRef) -> Iterator[Diagnostic]:
    """The findings for one safe reference resolved in one repo."""
    index = files.index
    target = ref.path
    exists = target in index.files or index.has_directory(target)
    if exists and files.leaves_repo(target):
        yield codes.UNSAFE_PATH.at(
            path, line, 1, f"file reference {ref.raw!r} is a symbolic link out of the repo"
        )
        return
    if ref.kind is RefKind.GLOB:
        if not files.glob_matches(target):
            yield codes.GLOB_NO_MATCH.at(path, line, 1, f"glob matches no file: {ref.raw}")
    elif ref.kind is RefKind.DIRECTORY:
        if target in index.files:
            yield codes.NOT_A_DIRECTORY.at(
                path, line, 1, f"{ref.raw} is a file, not a directory", f"write {target}"
            )
        elif not index.has_directory(target):
            yield _not_found(files, path, line, ref, "directory")
    elif target in index.files:
        yield from _lines(files, path, line, ref)
    elif index.has_directory(target):
        if ref.has_lines:
            yield codes.LINES_OUT_OF_RANGE.at(
                path, line, 1, f"{ref.raw}: line numbers on a directory"
            )
        else:
            yield codes.DIRECTORY_WITHOUT_SLASH.at(
                path, line, 1, f"{ref.raw} is a directory", f"write {target}/"
            )
    else:
        yield _not_found(files, path, line, ref, "file")


def _not_found(files: RepoFiles, path: str, line: int, ref: FileRef, what: str) -> Diagnostic:
    if files.index.from_git and files.on_disk(ref.path):
        return codes.FILE_NOT_FOUND.at(
            path, line, 1, f"{what} not tracked by git: {ref.raw}", "git add it"
        )
    closest = files.closest(ref.path)
    hint = f"did you mean {closest}?" if closest else None
    return codes.FILE_NOT_FOUND.at(
        path, line, 1, f"{what} not found: {ref.raw}", hint, subject=ref.path
    )


def _lines(files: RepoFiles, path: str, line: int, ref: FileRef) -> Iterator[Diagnostic]:
    if ref.start is None or ref.end is None:
        return
    if ref.start < 1 or ref.start > ref.end:
        yield codes.LINES_OUT_OF_RANGE.at(
            path, line, 1, f"{ref.raw}: the range must start at line 1 or later, before its end"
        )
        return
    count = files.line_count(ref.path)
    if count is not None and ref.end > count:
        yield codes.LINES_OUT_OF_RANGE.at(
            path, line, 1, f"{ref.raw}: {ref.path} has {plural(count, 'line')}", None
        )


def _unverified(ctx: CheckContext, unverified: dict[str, list[Entry]]) -> Iterator[Diagnostic]:
    """One line per declared repo without a checkout that entries refer to, in kb.yml."""
    config = ctx.config
    label = config.relative(config.path)
    text = config.path.read_text(encoding="utf-8", errors="replace").splitlines()
    for name, entries in sorted(unverified.items()):
        repo = config.repos[name]
        count = sum(len(entry.files) for entry in entries)
        line = next((n for n, t in enumerate(text, 1) if t.strip() == f"{name}:"), 1)
        where = "no local checkout" if repo.path is None else f"{repo.path} does not exist"
        yield codes.REPO_NOT_VERIFIED.at(
            label,
            line,
            1,
            f"repo {name!r} has {where}: {plural(count, 'file reference')} in "
            f"{plural(len(entries), 'entry', 'entries')} not verified",
            "add path: to a local checkout to verify them",
        )


PARTS = Parts(_each, _rest)
CHECK = Check(
    "files",
    PARTS.whole,
    codes=tuple(
        c.code
        for c in (
            codes.FILE_NOT_FOUND,
            codes.LINES_OUT_OF_RANGE,
            codes.NOT_A_DIRECTORY,
            codes.DIRECTORY_WITHOUT_SLASH,
            codes.GLOB_NO_MATCH,
            codes.UNSAFE_PATH,
            codes.UNKNOWN_REPO,
            codes.REPO_NOT_VERIFIED,
        )
    ),
    parts=PARTS,
)
