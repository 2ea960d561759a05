"""Start a knowledge base: kb.yml, a welcome entry, the site and CI."""

from __future__ import annotations

import os
from pathlib import Path

import click

from kb import scaffold


@click.command()
@click.argument(
    "directory",
    default=".",
    type=click.Path(file_okay=False, path_type=Path),
)
@click.option("--title", help="The knowledge base's title (default: from the repo's name).")
@click.option(
    "--install-from",
    "source",
    default=scaffold.PYPI_PACKAGE,
    show_default=True,
    metavar="SPEC",
    help="What the workflow pip-installs kb from: a requirement, or a git URL.",
)
def init(directory: Path, title: str | None, source: str) -> None:
    """Start a knowledge base in DIRECTORY (default: here), in a repo or a subfolder of one.

    Writes kb.yml with a starter tag vocabulary, a welcome entry, mkdocs.yml, a docs
    home page and the GitHub workflow (in the repo's .github/workflows/), and adds
    /site/ and /.kb/ to .gitignore. Refuses, writing nothing, when any file exists.

    \b
    Examples:
      kb init
      kb init docs/kb --title "Payments gotchas"
      kb init --install-from "git+https://github.com/ORG/kb@v0.1.0"
    """
    plan = scaffold.plan(directory, title, source=source)
    scaffold.write(plan)
    click.echo(f"Created a knowledge base in {_display(plan.root)}:")
    for planned in plan.files:
        click.echo(f"  {_display(planned.path)}")
    if plan.gitignore_added:
        added = ", ".join(plan.gitignore_added)
        click.echo(f"  {_display(plan.gitignore)} (added {added})")
    where = _display(plan.root)
    click.echo("Next:")
    if where != ".":
        click.echo(f"  cd {where}")
    click.echo("  kb check && mkdocs serve")
    click.echo("  commit, then publish: Settings > Pages > Source: GitHub Actions")


def _display(path: Path) -> str:
    return os.path.relpath(path)
