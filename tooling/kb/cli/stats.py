"""Count entries by status, tag, month and repo."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

import click

from kb.cli.main import config_root
from kb.config import Config, load_from
from kb.entry import Entry
from kb.project import load_project
from kb.schema import STATUSES
from kb.search.filters import canonical_tags
from kb.search.options import build_filters, filter_options
from kb.terminal import emit, paint, warn_unreadable

HOME_REPO = "(this repo)"


@click.command()
@filter_options
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.pass_context
def stats(
    ctx: click.Context,
    tags: tuple[str, ...],
    statuses: tuple[str, ...],
    since: str | None,
    files: tuple[str, ...],
    as_json: bool,
) -> None:
    """Count entries by status, tag, month and repo.

    \b
    Examples:
      kb stats
      kb stats --since 1y --json
    """
    config = load_from(config_root(ctx))
    filters = build_filters(config, tags, statuses, since, files)
    project = load_project(config)
    warn_unreadable(len(project.paths) - len(project.entries))
    entries = [entry for entry in project.entries if filters.keeps(entry, config.vocabulary)]
    counts = count(config, entries)
    if as_json:
        click.echo(json.dumps({"entries": len(entries), **counts}, ensure_ascii=False, indent=2))
        return
    lines = [paint(f"{len(entries)} entries", "title")]
    for name, table in counts.items():
        lines += ["", paint(f"By {name}", "heading")]
        width = max((len(key) for key in table), default=0)
        lines += [f"  {key:<{width}}  {value:>5}" for key, value in table.items()]
    emit("\n".join(lines), page=True)


def count(config: Config, entries: Sequence[Entry]) -> dict[str, dict[str, int]]:
    """Status in schema order (zeros kept), tags by count, months in order, repos by count."""
    status = Counter(entry.status for entry in entries)
    tags = Counter(tag for e in entries for tag in canonical_tags(e.tags, config.vocabulary))
    months = Counter(
        entry.created.astimezone(config.timezone).strftime("%Y-%m") for entry in entries
    )
    repos = Counter(entry.repo or HOME_REPO for entry in entries)
    return {
        "status": {name: status[name] for name in STATUSES},
        "tag": _by_count(tags),
        "month": dict(sorted(months.items())),
        "repo": _by_count(repos),
    }


def _by_count(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))
