"""Build the site (HTML) with MkDocs and the kb plugin."""

from __future__ import annotations

import os
from pathlib import Path

import click

from kb.cli.main import config_root
from kb.config import load_from


@click.command()
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the site. Default: site_dir of mkdocs.yml (site/).",
)
@click.option(
    "--strict/--no-strict",
    default=True,
    show_default=True,
    help="Fail on any warning, such as an entry with errors or a broken link.",
)
@click.pass_context
def build(ctx: click.Context, site_dir: Path | None, strict: bool) -> None:
    """Build the site: every entry, the tag, timeline and file pages, the feed.

    Uses the mkdocs.yml next to kb.yml, or kb's default site settings when there is
    none. Entries with errors fail the build (`--no-strict` builds anyway).

    \b
    Examples:
      kb build
      kb build --site-dir public --no-strict
    """
    from kb.site.runner import build_site, mkdocs_file

    config = load_from(config_root(ctx))
    mkdocs_config = build_site(mkdocs_file(config), site_dir, strict)
    click.echo(f"Built the site in {os.path.relpath(mkdocs_config.site_dir)}")
