"""List the tag vocabulary, or add a tag to it."""

from __future__ import annotations

import click

from kb.cli.main import config_root
from kb.config import load_from
from kb.project import load_project
from kb.vocabulary_edit import add_tag


@click.group(invoke_without_command=True)
@click.pass_context
def tags(ctx: click.Context) -> None:
    """List the tag vocabulary with usage counts, or add a tag.

    \b
    Examples:
      kb tags
      kb tags add feature-flags --description "Flags, rollouts and kill switches"
    """
    if ctx.invoked_subcommand is not None:
        return
    config = load_from(config_root(ctx))
    counts: dict[str, int] = dict.fromkeys(config.vocabulary.tags, 0)
    for entry in load_project(config).entries:
        for used in entry.tags:
            canonical = config.vocabulary.canonical(used)
            if canonical:
                counts[canonical] += 1
    width = max((len(tag_name) for tag_name in counts), default=0)
    for tag_name, tag in sorted(config.vocabulary.tags.items()):
        aliases = f" (aliases: {', '.join(tag.aliases)})" if tag.aliases else ""
        click.echo(f"{tag_name:<{width}}  {counts[tag_name]:>4}  {tag.description}{aliases}")


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
