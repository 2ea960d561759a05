"""Checks across entries: duplicate ids and titles, `superseded_by`, the file layout."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from kb import codes
from kb.checks.context import Check, CheckContext
from kb.diagnostics import Diagnostic
from kb.entry import ID_FORM, Entry


def _run(ctx: CheckContext) -> Iterator[Diagnostic]:
    yield from duplicate_ids(ctx)
    yield from duplicate_titles(ctx.entries)
    ids = {entry.id for entry in ctx.entries}
    entries_dir = ctx.config.relative(ctx.config.entries_dir)
    for entry in ctx.entries:
        if entry.superseded_by is not None and entry.superseded_by not in ids:
            yield codes.SUPERSEDED_BY_UNKNOWN.at(
                entry.path,
                entry.line_of("superseded_by"),
                1,
                f"superseded_by names no entry: {entry.superseded_by}",
                "use the file name, without .md, of an existing entry",
            )
        yield from layout(ctx, entry, entries_dir)


def duplicate_ids(ctx: CheckContext) -> Iterator[Diagnostic]:
    """Every entry file whose id (file name) another entry file also has."""
    by_id: dict[str, list[str]] = defaultdict(list)
    for path in ctx.project.paths:
        by_id[path.rpartition("/")[2].removesuffix(".md")].append(path)
    for entry_id, paths in by_id.items():
        for path in paths[1:] if len(paths) > 1 else ():
            yield codes.DUPLICATE_ID.at(
                path, 1, 1, f"id {entry_id!r} is also the id of {paths[0]}", "rename one file"
            )


def duplicate_titles(entries: list[Entry]) -> Iterator[Diagnostic]:
    first: dict[str, Entry] = {}
    for entry in entries:
        key = " ".join(entry.title.casefold().split())
        if key in first:
            yield codes.DUPLICATE_TITLE.at(
                entry.path,
                entry.line_of("title"),
                1,
                f"title {entry.title!r} is also the title of {first[key].path}",
            )
        else:
            first[key] = entry


def layout(ctx: CheckContext, entry: Entry, entries_dir: str) -> Iterator[Diagnostic]:
    """`entries/YYYY/YYYY-MM-DD-slug.md`, with the date of `created` in kb.yml's zone."""
    created = entry.created.astimezone(ctx.config.timezone)
    year = f"{created.year:04d}"  # not strftime: this runs for every entry
    date = f"{year}-{created.month:02d}-{created.day:02d}"
    expected = f"{entries_dir}/{year}/{date}-"
    match = ID_FORM.match(entry.id)
    if match is None:
        yield codes.PATH_LAYOUT.at(
            entry.path,
            1,
            1,
            f"file name {entry.id}.md is not YYYY-MM-DD-slug.md",
            f"rename it to {expected}SLUG.md",
        )
    elif match["date"] != date or not entry.path.startswith(f"{entries_dir}/{year}/"):
        target = f"{expected}{match['slug']}.md"
        yield codes.PATH_LAYOUT.at(
            entry.path,
            entry.line_of("created"),
            1,
            f"the file name's date is not its created date, {date}",
            f"move it to {target}",
        )


CHECK = Check(
    "entries",
    _run,
    codes=(
        codes.DUPLICATE_ID.code,
        codes.DUPLICATE_TITLE.code,
        codes.SUPERSEDED_BY_UNKNOWN.code,
        codes.PATH_LAYOUT.code,
    ),
)
