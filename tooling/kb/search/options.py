"""The filter options every finding command shares: --tag, --status, --since, --file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import click

from kb.config import Config
from kb.errors import KbError
from kb.schema import STATUSES
from kb.search.filters import Filters, parse_since, query_path
from kb.vocabulary import did_you_mean

F = TypeVar("F", bound=Callable[..., Any])


def filter_options(function: F) -> F:
    """Add the four filter options to a click command (as `tags`, `statuses`, ...)."""
    decorators = [
        click.option(
            "--tag",
            "-t",
            "tags",
            multiple=True,
            help="Only entries with this tag (or alias); repeat to require several.",
        ),
        click.option(
            "--status",
            "-s",
            "statuses",
            multiple=True,
            type=click.Choice(STATUSES),
            help="Only entries with this status; repeat to allow several.",
        ),
        click.option(
            "--since",
            metavar="WHEN",
            help="Only entries created since a date (2025-11-24) or an age (30d, 2w, 6m, 1y).",
        ),
        click.option(
            "--file",
            "-f",
            "files",
            multiple=True,
            metavar="PATH",
            help="Only entries about this file or folder; repeat to allow several.",
        ),
    ]
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


def build_filters(
    config: Config,
    tags: tuple[str, ...],
    statuses: tuple[str, ...],
    since: str | None,
    files: tuple[str, ...],
) -> Filters:
    """Filters from option values; an unknown tag is an error with a suggestion."""
    canonical: list[str] = []
    for raw in (part.strip() for value in tags for part in value.split(",")):
        if not raw:
            continue
        name = config.vocabulary.canonical(raw)
        if name is None:
            hint = did_you_mean(config.vocabulary.suggest(raw))
            raise KbError(f"unknown tag {raw!r}" + (f"; {hint}" if hint else " (see `kb tags`)"))
        canonical.append(name)
    when = None
    if since is not None:
        try:
            when = parse_since(since, config.timezone, dt.datetime.now(config.timezone))
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="'--since'") from None
    return Filters(
        tags=tuple(dict.fromkeys(canonical)),
        statuses=tuple(dict.fromkeys(statuses)),
        since=when,
        files=tuple(query_path(f) for f in files if f.strip()),
    )
