"""Terminal output: color on a terminal, plain text when piped or when NO_COLOR is set.

Commands build text with `paint` (ANSI styles by role) and hand it to `emit`; click
strips the styles when stdout is not a terminal, and `emit` forces plain output when
NO_COLOR is set (https://no-color.org) and uses a pager when the text is taller than
the terminal.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from typing import Any

import click

STYLES: dict[str, dict[str, Any]] = {
    "id": {"fg": "yellow"},
    "title": {"bold": True},
    "heading": {"fg": "cyan", "bold": True},
    "tag": {"fg": "green"},
    "status": {"fg": "magenta"},
    "dim": {"dim": True},
    "match": {"fg": "red", "bold": True},
    "code": {"fg": "cyan"},
    "label": {"fg": "blue"},
}
_INLINE_CODE = re.compile(r"`[^`\n]+`")
_HEADING = re.compile(r"^#{1,6}\s")
_FENCE = re.compile(r"^\s*(```|~~~)")


def color_choice() -> bool | None:
    """False when NO_COLOR is set and not empty; None lets click decide (a terminal?)."""
    return False if os.environ.get("NO_COLOR") else None


def paint(text: str, role: str) -> str:
    return click.style(text, **STYLES[role])


def highlight(text: str, start: str, end: str) -> str:
    """Text with the parts between `start` and `end` markers painted as matches."""
    pattern = re.compile(re.escape(start) + "(.*?)" + re.escape(end), re.DOTALL)
    return pattern.sub(lambda m: paint(m.group(1), "match"), text)


def markdown(body: str) -> str:
    """A Markdown body styled for reading in a terminal; the text itself is unchanged."""
    lines: list[str] = []
    in_fence = False
    for line in body.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
            lines.append(paint(line, "dim"))
        elif in_fence:
            lines.append(paint(line, "code"))
        elif _HEADING.match(line):
            lines.append(paint(line, "heading"))
        else:
            lines.append(_INLINE_CODE.sub(lambda m: paint(m.group(0), "code"), line))
    return "\n".join(lines)


def stdout_is_terminal() -> bool:
    return sys.stdout is not None and sys.stdout.isatty()


def emit(text: str, *, page: bool = False) -> None:
    """Print `text`; with `page`, through a pager when it is taller than the terminal."""
    color = color_choice()
    text = text.rstrip("\n")
    height = shutil.get_terminal_size().lines
    if page and stdout_is_terminal() and text.count("\n") + 1 > height - 1:
        click.echo_via_pager(text + "\n", color=color)
    else:
        click.echo(text, color=color)


def warn_unreadable(count: int) -> None:
    """One warning line on stderr when some entry files could not be read."""
    if count:
        click.echo(
            f"warning: {count} entry file(s) could not be read and are left out (see `kb check`)",
            err=True,
        )
