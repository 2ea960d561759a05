"""List the tag vocabulary with usage counts and aliases, or add a tag to it."""

from __future__ import annotations

import json
from collections import Counter

import click

from kb.cli.main import config_root
from kb.config import Config, load_from
from kb.project import load_project
from kb.terminal import emit, paint, warn_unreadable
from kb.vocabulary_edit import add_tag


@click.group(invoke_without_command=True)
@click.option("--unused", is_flag=True, help="Only the tags no entry uses.")
@click.option("--json", "as_json", is_flag=True, help="Print the vocabulary as JSON.")
@click.pass_context
def tags(ctx: click.Context, unused: bool, as_json: bool) -> None:
    """List the tag vocabulary with usage counts and aliases, or add a tag.

    Tags no entry uses are marked, and tags entries use that the vocabulary lacks
    are listed at the end (`kb check` reports them too).

    \b
    Examples:
      kb tags
      kb tags --unused
      kb tags add feature-flags --description "Flags, rollouts and kill switches"
    """
    if ctx.invoked_subcommand is not None:
        return
    config = load_from(config_root(ctx))
    counts, unknown = usage(config)
    names = sorted(n for n in config.vocabulary.tags if counts[n] == 0 or not unused)
    if as_json:
        click.echo(json.dumps(_as_json(config, names, counts, unknown), indent=2))
    else:
        emit(_as_text(config, names, counts, unknown, unused), page=True)


def usage(config: Config) -> tuple[Counter[str], Counter[str]]:
    """Entries per canonical tag (aliases count for their tag), and per unknown tag."""
    project = load_project(config)
    warn_unreadable(len(project.paths) - len(project.entries))
    counts: Counter[str] = Counter(dict.fromkeys(config.vocabulary.tags, 0))
    unknown: Counter[str] = Counter()
    for entry in project.entries:
        found = {config.vocabulary.canonical(tag) or f"?{tag}" for tag in entry.tags}
        for name in found:
            if name.startswith("?"):
                unknown[name[1:]] += 1
            else:
                counts[name] += 1
    return counts, unknown


def _as_text(
    config: Config,
    names: list[str],
    counts: Counter[str],
    unknown: Counter[str],
    only_unused: bool,
) -> str:
    width = max((len(name) for name in names), default=0)
    lines = []
    for name in names:
        tag = config.vocabulary.tags[name]
        aliases = f" (aliases: {', '.join(tag.aliases)})" if tag.aliases else ""
        mark = paint("  unused", "dim") if counts[name] == 0 and not only_unused else ""
        lines.append(
            f"{paint(f'{name:<{width}}', 'tag')}  {counts[name]:>4}  "
            f"{tag.description}{aliases}{mark}"
        )
    if only_unused and not names:
        lines.append("Every tag is used.")
    idle = sum(1 for name in config.vocabulary.tags if counts[name] == 0)
    lines += ["", f"{len(config.vocabulary.tags)} tags, {idle} unused."]
    if unknown:
        found = ", ".join(f"{name} ({n})" for name, n in sorted(unknown.items()))
        lines.append(f"Not in the vocabulary: {found}")
    return "\n".join(lines)


def _as_json(
    config: Config, names: list[str], counts: Counter[str], unknown: Counter[str]
) -> dict[str, object]:
    return {
        "tags": [
            {
                "name": name,
                "description": config.vocabulary.tags[name].description,
                "aliases": list(config.vocabulary.tags[name].aliases),
                "entries": counts[name],
            }
            for name in names
        ],
        "unknown": dict(sorted(unknown.items())),
    }


@tags.command("add")
@click.argument("name")
@click.option("--description", "-d", required=True, help="One line saying what the tag is for.")
@click.option("--alias", "aliases", multiple=True, help="Another name for the tag (repeatable).")
@click.pass_context
def add(ctx: click.Context, name: str, description: str, aliases: tuple[str, ...]) -> None:
    """Add a tag to the vocabulary in kb.yml, keeping the rest of the file as it is."""
    config = load_from(config_root(ctx))
    add_tag(config.path, config.vocabulary, name, description, list(aliases))
    click.echo(f"Added tag {name!r} to {config.path.name}.")
