"""Export every entry as JSON, or as one Markdown file for coding assistants."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kb.cli.main import config_root
from kb.config import load_from
from kb.errors import KbError
from kb.export import export_json, llms_text
from kb.project import load_project
from kb.search.options import build_filters, filter_options
from kb.store import replace_atomically
from kb.terminal import warn_unreadable


@click.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "llms"]),
    default="json",
    show_default=True,
    help="json: entries with metadata and body; llms: one Markdown file (llms.txt style).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (atomically) instead of standard output.",
)
@filter_options
@click.pass_context
def export(
    ctx: click.Context,
    output_format: str,
    output: Path | None,
    tags: tuple[str, ...],
    statuses: tuple[str, ...],
    since: str | None,
    files: tuple[str, ...],
) -> None:
    """Export every entry as JSON, or as one Markdown file for coding assistants.

    The JSON schema is documented in docs/reference/export.md.

    \b
    Examples:
      kb export > kb.json
      kb export --format llms -o llms-full.txt
      kb export --status active --tag database
    """
    config = load_from(config_root(ctx))
    filters = build_filters(config, tags, statuses, since, files)
    project = load_project(config)
    warn_unreadable(len(project.paths) - len(project.entries))
    entries = [entry for entry in project.entries if filters.keeps(entry, config.vocabulary)]
    if output_format == "json":
        text = json.dumps(export_json(config, entries), ensure_ascii=False, indent=2) + "\n"
    else:
        text = llms_text(config, entries)
    if output is None:
        click.echo(text, nl=False)
        return
    target = output.resolve()
    if target == config.entries_dir or config.entries_dir in target.parents:
        raise KbError(f"{output}: will not write an export inside the entries folder")
    if not target.parent.is_dir():
        raise KbError(f"{output}: the folder {output.parent} does not exist")
    try:
        replace_atomically(target, text)
    except OSError as error:
        raise KbError(f"{output}: cannot write: {error.strerror or error}") from None
    noun = "entry" if len(entries) == 1 else "entries"
    click.echo(f"Exported {len(entries)} {noun} to {output}.", err=True)
