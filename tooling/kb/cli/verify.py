"""Mark entries as re-read against the code now, which clears their staleness findings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from kb.cli.main import config_root
from kb.config import Config, load_from
from kb.entry import Entry
from kb.errors import KbError
from kb.fix import set_verified
from kb.history import head_commit
from kb.project import Project, load_project
from kb.render import format_datetime
from kb.store import replace_atomically


def find_entries(project: Project, names: tuple[str, ...]) -> list[Entry]:
    """The entries named by id or by file path; KbError naming every unknown one."""
    by_id = project.by_id()
    unparsed = {Path(path).stem for path in project.paths} - set(by_id)
    found: list[Entry] = []
    problems: list[str] = []
    for name in names:
        entry_id = Path(name).stem if name.endswith(".md") else name
        if entry_id in by_id:
            found.append(by_id[entry_id])
        elif entry_id in unparsed:
            problems.append(f"entry {entry_id!r} has errors (run `kb check`)")
        else:
            problems.append(f"no entry with id {entry_id!r}")
    if problems:
        raise KbError("; ".join(problems))
    return found


def read_text(config: Config, entry: Entry) -> str:
    """The entry file exactly as stored (line endings and BOM included)."""
    path = config.root / entry.path
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise KbError(f"{entry.path}: cannot read: {error}") from None


@click.command()
@click.argument("ids", nargs=-1, required=True, metavar="ID...")
@click.pass_context
def verify(ctx: click.Context, ids: tuple[str, ...]) -> None:
    """Mark entries as re-read against the code now.

    Writes `verified: {commit: SHA, date: ...}` (HEAD of the entry's repo) into each
    entry's frontmatter, leaving the rest of the file as it is. Staleness findings
    then count only commits after that one.

    \b
    Examples:
      kb verify 2025-11-24-django-migrations
      kb verify entries/2025/2025-11-24-django-migrations.md
    """
    config = load_from(config_root(ctx))
    entries = find_entries(load_project(config), ids)
    date = format_datetime(dt.datetime.now(config.timezone))
    for entry in entries:
        root = config.repo_root(entry.repo)
        commit = head_commit(root) if root is not None else None
        text = read_text(config, entry)
        updated = set_verified(text, commit, date)
        if updated is None:
            raise KbError(f"{entry.path}: the frontmatter cannot be edited (run `kb check`)")
        replace_atomically(config.root / entry.path, updated)
        at = f"commit {commit[:7]}" if commit else "no commit (no git history)"
        click.echo(f"Verified {entry.id} at {at}, {date}.")
