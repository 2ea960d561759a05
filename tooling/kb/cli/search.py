"""Search entries by words, tags, file paths and more, best match first."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

import click

from kb.cli.main import config_root
from kb.config import Config, load_from
from kb.search.options import build_filters, filter_options
from kb.terminal import emit, highlight, paint, warn_unreadable

if TYPE_CHECKING:
    from kb.search.query import SearchResult


@click.command()
@click.argument("query", nargs=-1, required=True)
@filter_options
@click.option("--limit", "-n", default=10, show_default=True, type=click.IntRange(min=1))
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.pass_context
def search(
    ctx: click.Context,
    query: tuple[str, ...],
    tags: tuple[str, ...],
    statuses: tuple[str, ...],
    since: str | None,
    files: tuple[str, ...],
    limit: int,
    as_json: bool,
) -> None:
    """Search entries by words, tags, file paths and more, best match first.

    Words are stemmed (`migrations` finds `migration`), a misspelled word is
    corrected to the closest word the entries use, `word*` matches a prefix, and
    a path such as `api/settings.py` matches the entries about that file. The
    index lives in .kb/cache/ and is refreshed for the entries that changed.

    \b
    Examples:
      kb search django migrations
      kb search api/registry/admin.py --status active
      kb search timeout --tag database --since 6m --json
    """
    from kb.search.fresh import BackgroundScan, query_fresh
    from kb.search.index import open_index
    from kb.search.query import search as run_search

    config = load_from(config_root(ctx))
    filters = build_filters(config, tags, statuses, since, files)
    text = " ".join(query)
    # The freshness scan is most of a search: it starts before the index is opened.
    with BackgroundScan(config) as scanning:
        connection = open_index(config)
        try:
            result, stats = query_fresh(
                connection, config, lambda: run_search(connection, text, filters, limit), scanning
            )
        finally:
            connection.close()
    warn_unreadable(stats.broken)
    if as_json:
        click.echo(json.dumps(_as_json(text, result), ensure_ascii=False, indent=2))
    else:
        emit(_as_text(config, text, result), page=True)


def _as_json(query: str, result: SearchResult) -> dict[str, object]:
    from kb.search.query import MARK_END, MARK_START

    return {
        "query": query,
        "corrections": result.corrections,
        "results": [
            {
                "id": hit.id,
                "path": hit.path,
                "title": hit.title,
                "created": hit.created,
                "tags": list(hit.tags),
                "status": hit.status,
                "files": list(hit.files),
                "score": round(hit.score, 4),
                "snippet": hit.snippet.replace(MARK_START, "**").replace(MARK_END, "**"),
            }
            for hit in result.hits
        ],
    }


def _as_text(config: Config, query: str, result: SearchResult) -> str:
    from kb.search.query import MARK_END, MARK_START

    lines: list[str] = []
    if result.corrections:
        fixed = ", ".join(f"{typo} -> {word}" for typo, word in result.corrections.items())
        lines += [paint(f"No match for some words; searched with: {fixed}", "dim"), ""]
    if not result.hits:
        return "\n".join([*lines, f"No entries match {query!r}."])
    for hit in result.hits:
        facts = [
            paint(hit.id, "id"),
            local_date(hit.created, config),
            paint(", ".join(hit.tags), "tag"),
        ]
        if hit.status != "active":
            facts.append(paint(hit.status, "status"))
        lines.append(paint(hit.title, "title"))
        lines.append("  " + "  ".join(facts))
        if hit.snippet:
            lines.append("  " + highlight(hit.snippet, MARK_START, MARK_END))
        lines.append("")
    return "\n".join(lines)


def local_date(created: str, config: Config) -> str:
    """The day an ISO date-time falls on in kb.yml's time zone."""
    return dt.datetime.fromisoformat(created).astimezone(config.timezone).date().isoformat()
