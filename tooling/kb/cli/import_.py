"""Import entries from Mím journals, frontmatter folders or folders of notes."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click

from kb.cli.main import config_root
from kb.config import Config, load_from
from kb.importers.model import Item, Summary
from kb.importers.writer import Options, import_items


def _common(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options every importer takes."""
    command = click.option(
        "--add-tags",
        is_flag=True,
        help="Add unknown categories to kb.yml (with a placeholder description).",
    )(command)
    command = click.option(
        "--dry-run", is_flag=True, help="Show what would be written; write nothing."
    )(command)
    return click.option(
        "--repo", metavar="NAME", help="The repo (declared in kb.yml) the entries are about."
    )(command)


@click.group("import")
def import_() -> None:
    """Import entries from Mím journals, frontmatter folders or folders of notes.

    Importing is idempotent: what was imported before (found by the `source:` of its
    entry) is reported as already present, never written twice.

    \b
    Examples:
      kb import mim .claude/knowledge/session.md --history
      kb import mim session.md --date 2025-11-24 --repo passport-scorer
      kb import frontmatter docs/solutions --map component=tags
      kb import notes til/ --add-tags
    """


@import_.command("mim")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--history", is_flag=True, help="Import every committed version of FILE.")
@click.option(
    "--rev",
    "revs",
    multiple=True,
    metavar="REV",
    help="With --history: read these revisions only (repeatable; default: all refs).",
)
@click.option(
    "--date",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The journal's date when it has no header line.",
)
@click.option("--tz", "zone", metavar="ZONE", help="Time zone of the heading times.")
@click.option(
    "--strip-prefix",
    metavar="PATH",
    help="Absolute prefix to remove from file paths (default: guessed).",
)
@_common
@click.pass_context
def mim(
    ctx: click.Context,
    file: Path,
    history: bool,
    revs: tuple[str, ...],
    day: dt.datetime | None,
    zone: str | None,
    strip_prefix: str | None,
    repo: str | None,
    dry_run: bool,
    add_tags: bool,
) -> None:
    """Import a Mím v1 session journal, or with --history every version of it.

    \b
    Examples:
      kb import mim .claude/knowledge/session.md --history
      kb import mim session.md --repo passport-scorer --dry-run
    """
    from kb.importers import mim as source

    config = load_from(config_root(ctx))
    if not history and revs:
        raise click.UsageError("--rev needs --history")
    if history and (day or zone):
        raise click.UsageError("--date and --tz do not apply with --history: commits date it")
    notes: list[str] = []
    if history:
        items, _count = source.from_history(file, file.as_posix(), revs)
    else:
        if not file.is_file():
            raise click.BadParameter(f"{file} is not a file", param_hint="FILE")
        items, notes = source.from_file(
            file, file.name, day.date() if day else None, _zone(zone, config)
        )
    options = Options(repo=repo, dry_run=dry_run, add_tags=add_tags, strip_prefix=strip_prefix)
    _finish(config, items, options, notes)


def _zone(name: str | None, config: Config) -> dt.tzinfo:
    if name is None:
        return config.timezone
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise click.BadParameter(f"unknown time zone {name!r}", param_hint="--tz") from None


def _finish(config: Config, items: list[Item], options: Options, notes: list[str]) -> None:
    """Import, print the summary, and fail when some item could not be imported."""
    summary = import_items(config, items, options)
    summary.notes[:0] = notes
    print_summary(config, summary)
    skipped = summary.count("skipped")
    if skipped:
        click.echo(
            f"Error: {skipped} item{'s' if skipped != 1 else ''} could not be imported (see above)",
            err=True,
        )
        raise SystemExit(1)


def _display(config: Config, path: Path | None) -> str:
    if path is None:
        return "-"
    relative = config.relative(path)
    return relative if not relative.startswith("/") else os.path.relpath(path)


def print_summary(config: Config, summary: Summary) -> None:
    """Each outcome, what needs attention and why, then one closing count line."""
    for outcome in summary.outcomes:
        where = _display(config, outcome.path)
        if outcome.status == "imported":
            click.echo(f"{'would import' if summary.dry_run else 'imported'}: {where}")
            if summary.dry_run:
                click.echo("".join(f"    {line}\n" for line in outcome.text.splitlines()), nl=False)
        elif outcome.status == "present":
            click.echo(f"already present: {where} ({outcome.item.label})")
        else:
            click.echo(f"not imported: {outcome.item.label}")
    for note in summary.notes:
        click.echo(f"note: {note}")
    for outcome in summary.attention:
        for reason in outcome.reasons:
            click.echo(f"needs attention: {outcome.item.label}: {reason}")
    counts = (
        f"{summary.count('imported')} {'to import' if summary.dry_run else 'imported'}, "
        f"{summary.count('present')} already present, "
        f"{len(summary.attention)} needing attention"
    )
    click.echo(f"Dry run: {counts}; nothing written." if summary.dry_run else f"{counts}.")


@import_.command("notes")
@click.argument("folder", type=click.Path(file_okay=False, exists=True, path_type=Path))
@_common
@click.pass_context
def notes(
    ctx: click.Context, folder: Path, repo: str | None, dry_run: bool, add_tags: bool
) -> None:
    """Import a folder of Markdown notes (`topic/slug.md`); each topic becomes a tag.

    \b
    Examples:
      kb import notes ~/til --add-tags --dry-run
    """
    from kb.importers import notes as source

    config = load_from(config_root(ctx))
    items, remarks = source.from_folder(folder, config.timezone)
    _finish(config, items, Options(repo=repo, dry_run=dry_run, add_tags=add_tags), remarks)


def _map(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> dict[str, str]:
    from kb.importers.frontmatter import parse_map

    try:
        return parse_map(list(value))
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@import_.command("frontmatter")
@click.argument("folder", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="FIELD=KBFIELD",
    callback=_map,
    help="Map a source field to title, created, updated, tags, files or authors "
    "(repeatable; FIELD= drops a default mapping).",
)
@_common
@click.pass_context
def frontmatter(
    ctx: click.Context,
    folder: Path,
    mapping: dict[str, str],
    repo: str | None,
    dry_run: bool,
    add_tags: bool,
) -> None:
    """Import a folder of Markdown files with frontmatter (`docs/solutions/` and the like).

    By default `title`, `date`, `tags`, `category` (as a tag), `files` and `author` map
    to kb's fields; other keys are kept as they are.

    \b
    Examples:
      kb import frontmatter docs/solutions --map component=tags --dry-run
    """
    from kb.importers import frontmatter as source

    config = load_from(config_root(ctx))
    items, remarks = source.from_folder(folder, mapping, config.timezone)
    _finish(config, items, Options(repo=repo, dry_run=dry_run, add_tags=add_tags), remarks)
