"""Apply the safe fixes: renamed paths, canonical tags, normalised references."""

from __future__ import annotations

import difflib

import click

from kb.cli.main import config_root
from kb.cli.verify import find_entries, read_text
from kb.config import Config, load_from
from kb.entry import Entry
from kb.errors import KbError
from kb.fix import Fixed, fix_text
from kb.project import load_project
from kb.staleness import rewrites
from kb.staleness_run import Staleness, load_staleness
from kb.store import replace_atomically


def _fixed(config: Config, entry: Entry, staleness: Staleness) -> tuple[str, Fixed]:
    text = read_text(config, entry)
    exists = staleness.exists.get(entry.repo)
    repairs = rewrites(staleness.by_entry.get(entry.id, []), exists)
    return text, fix_text(text, config.vocabulary, repairs)


def _diff(label: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{label}",
        tofile=f"b/{label}",
    )
    # The marker `git apply` and `patch` expect after a last line without a newline.
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )


@click.command()
@click.argument("ids", nargs=-1, metavar="[ID]...")
@click.option("--write", is_flag=True, help="Write the fixes (default: show them as a diff).")
@click.pass_context
def fix(ctx: click.Context, ids: tuple[str, ...], write: bool) -> None:
    """Apply the safe fixes to entries (all, or the IDs given).

    Renamed files (from git history), tag aliases, unsorted or repeated tags, and
    `./a//b` references. Shows a unified
    diff; --write applies it. Only the fixed values change: key order, comments,
    quoting and the body stay byte for byte.

    \b
    Examples:
      kb fix
      kb fix --write
      kb fix 2025-11-24-django-migrations --write
    """
    config = load_from(config_root(ctx))
    project = load_project(config)
    entries = find_entries(project, ids) if ids else project.entries
    staleness = load_staleness(config, entries)
    count = 0
    for entry in entries:
        before, fixed = _fixed(config, entry, staleness)
        if not fixed.changed:
            continue
        count += 1
        if not write:
            click.echo(_diff(entry.path, before, fixed.text), nl=False)
            continue
        if read_text(config, entry) != before:
            raise KbError(f"{entry.path} changed while kb fix ran; run it again")
        replace_atomically(config.root / entry.path, fixed.text)
        click.echo(f"Fixed {entry.path}: {'; '.join(fixed.changes)}")
    noun = "entry" if count == 1 else "entries"
    if count == 0:
        click.echo("Nothing to fix.", err=True)
    elif write:
        click.echo(f"Fixed {count} {noun}.", err=True)
    else:
        click.echo(f"{count} {noun} can be fixed: run `kb fix --write` to apply.", err=True)
