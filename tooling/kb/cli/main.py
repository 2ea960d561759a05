"""The `kb` command: a click group whose subcommands are imported only when run.

Lazy loading keeps `kb --help` and `kb new` fast: nothing here imports mkdocs,
markdown or a subcommand's dependencies until that subcommand is chosen.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import click

from kb import __version__
from kb.errors import KbError

# name -> "module:function" of each subcommand, in the order `kb --help` lists them.
COMMANDS: dict[str, str] = {
    "init": "kb.cli.init:init",
    "new": "kb.cli.new:new",
    "tags": "kb.cli.tags:tags",
    "check": "kb.cli.check:check",
    "import": "kb.cli.import_:import_",
    "search": "kb.cli.search:search",
    "list": "kb.cli.list_:list_",
    "show": "kb.cli.show:show",
    "stats": "kb.cli.stats:stats",
    "export": "kb.cli.export:export",
    "for": "kb.cli.for_:for_",
    "verify": "kb.cli.verify:verify",
    "fix": "kb.cli.fix:fix",
    "build": "kb.cli.build:build",
    "serve": "kb.cli.serve:serve",
}


class LazyGroup(click.Group):
    """A group that imports a subcommand's module only when that subcommand runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        # Expected failures anywhere below become one line and an exit status.
        try:
            return super().invoke(ctx)
        except KbError as error:
            click.echo(f"Error: {error.message}", err=True)
            ctx.exit(error.exit_code)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Short help comes from each module's docstring line so `kb --help` imports nothing.
        rows = [(name, _summary(target)) for name, target in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _summary(target: str) -> str:
    command = importlib.import_module(target.split(":")[0])
    return (command.__doc__ or "").strip().splitlines()[0].rstrip(".")


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="kb")
@click.option(
    "--root",
    type=click.Path(file_okay=True, dir_okay=True, path_type=Path),
    help="The knowledge base folder (or its kb.yml). Default: the nearest kb.yml above.",
)
@click.pass_context
def cli(ctx: click.Context, root: Path | None) -> None:
    """kb: the team knowledge base and gotcha journal tied to your code.

    \b
    Examples:
      kb new "Django migrations out of sync" --tag gotcha --tag database \\
             --file dev-setup/setup.sh
      kb tags
    """
    ctx.obj = root


def main(argv: list[str] | None = None) -> int:
    """Run the CLI as a function (for tests and embedding); returns the exit status."""
    try:
        cli.main(args=argv, prog_name="kb", standalone_mode=True)
    except SystemExit as done:
        return int(done.code or 0)
    return 0


def config_root(ctx: click.Context) -> Path | None:
    """The `--root` given to the group, for subcommands."""
    root = ctx.find_root().obj
    return root if isinstance(root, Path) else None
