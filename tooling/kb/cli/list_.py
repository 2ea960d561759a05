"""List entries, newest first, as a table, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
import shutil

import click

from kb.cli.main import config_root
from kb.config import Config, load_from
from kb.entry import Entry
from kb.export import entry_record, newest_first
from kb.project import load_project
from kb.search.filters import canonical_tags
from kb.search.options import build_filters, filter_options
from kb.terminal import emit, paint, stdout_is_terminal, warn_unreadable

COLUMNS = ("ID", "DATE", "TITLE", "TAGS", "STATUS")
MIN_TITLE = 20


@click.command("list")
@filter_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@click.option("--limit", "-n", type=click.IntRange(min=1), help="At most this many entries.")
@click.pass_context
def list_(
    ctx: click.Context,
    tags: tuple[str, ...],
    statuses: tuple[str, ...],
    since: str | None,
    files: tuple[str, ...],
    output_format: str,
    limit: int | None,
) -> None:
    """List entries, newest first, as a table, JSON or CSV.

    \b
    Examples:
      kb list
      kb list --tag database --status active --since 6m
      kb list --file api/settings.py --format json
    """
    config = load_from(config_root(ctx))
    filters = build_filters(config, tags, statuses, since, files)
    project = load_project(config)
    warn_unreadable(len(project.paths) - len(project.entries))
    kept = [entry for entry in project.entries if filters.keeps(entry, config.vocabulary)]
    entries = newest_first(kept)[:limit]
    if output_format == "json":
        records = [entry_record(entry, config, body=False) for entry in entries]
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    elif output_format == "csv":
        click.echo(csv_text(config, entries), nl=False)
    elif entries:
        emit(table(config, entries), page=True)
    else:
        click.echo("No entries match." if project.entries else "No entries yet.")


def row(config: Config, entry: Entry) -> tuple[str, str, str, str, str]:
    day = entry.created.astimezone(config.timezone).date().isoformat()
    tags = " ".join(canonical_tags(entry.tags, config.vocabulary))
    return entry.id, day, entry.title, tags, entry.status


def csv_text(config: Config, entries: list[Entry]) -> str:
    """A header and one row per entry; tags separated by spaces."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([column.lower() for column in COLUMNS])
    writer.writerows(row(config, entry) for entry in entries)
    return buffer.getvalue()


def table(config: Config, entries: list[Entry]) -> str:
    """Aligned columns; on a terminal, titles are cut to fit its width."""
    rows = [row(config, entry) for entry in entries]
    widths = [max(len(r[i]) for r in [COLUMNS, *rows]) for i in range(len(COLUMNS))]
    if stdout_is_terminal():
        room = shutil.get_terminal_size().columns - sum(widths) + widths[2] - 2 * 4
        widths[2] = max(MIN_TITLE, min(widths[2], room))
    roles = ("id", "dim", "title", "tag", "status")
    header = "  ".join(c.ljust(w) for c, w in zip(COLUMNS, widths, strict=True))
    lines = [paint(header.rstrip(), "dim")]
    for cells in rows:
        parts = []
        for cell, width, role in zip(cells, widths, roles, strict=True):
            text = cell if len(cell) <= width else cell[: width - 1] + "…"
            parts.append(
                paint(text, role) + " " * (width - len(text))
                if role != "title"
                else text.ljust(width)
            )
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines)
