"""Preview the site, rebuilt and reloaded as entries change."""

from __future__ import annotations

import click

from kb.cli.main import config_root
from kb.config import load_from


@click.command()
@click.option(
    "--dev-addr",
    "-a",
    default="127.0.0.1:8000",
    show_default=True,
    metavar="HOST:PORT",
    help="Where to serve the site.",
)
@click.pass_context
def serve(ctx: click.Context, dev_addr: str) -> None:
    """Serve the site and rebuild it when an entry, kb.yml or a docs page changes.

    Uses the mkdocs.yml next to kb.yml, or kb's default site settings when there is
    none. Stop with Ctrl+C.

    \b
    Examples:
      kb serve
      kb serve --dev-addr 127.0.0.1:9000
    """
    from kb.site.runner import mkdocs_file, serve_site

    serve_site(mkdocs_file(load_from(config_root(ctx))), dev_addr)
