"""The CLI reference page, generated from the `--help` of every command in COMMANDS.

Regenerate: `.venv/bin/python -m kb.cli.reference > docs/reference/cli.md`
(tests/cli/test_reference.py fails when the page is out of date).
"""

from __future__ import annotations

from collections.abc import Iterator

import click

from kb.cli.main import COMMANDS, cli

WIDTH = 88  # fixed, so the page does not depend on the terminal that generated it
HEADER = """\
# CLI reference

Every `kb` command with its `--help`. This page is generated: after changing a command,
run `.venv/bin/python -m kb.cli.reference > docs/reference/cli.md`.
"""


def _context(command: click.Command, name: str, parent: click.Context | None) -> click.Context:
    settings = {**command.context_settings, "terminal_width": WIDTH, "max_content_width": WIDTH}
    return click.Context(command, info_name=name, parent=parent, **settings)


def _sections(
    command: click.Command, name: str, parent: click.Context | None
) -> Iterator[tuple[str, str]]:
    """(`kb tags add`, help text) for a command and, for a group, each subcommand."""
    ctx = _context(command, name, parent)
    yield ctx.command_path, command.get_help(ctx)
    if isinstance(command, click.Group):
        names = COMMANDS if parent is None else command.list_commands(ctx)
        for sub_name in names:
            sub = command.get_command(ctx, sub_name)
            if sub is not None and not sub.hidden:
                yield from _sections(sub, sub_name, ctx)


def reference() -> str:
    """The Markdown of docs/reference/cli.md."""
    parts = [HEADER]
    for path, text in _sections(cli, "kb", None):
        parts.append(f"## `{path}`\n\n```text\n{text.rstrip()}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    click.echo(reference(), nl=False)
