"""Small Markdown helpers shared by the page generators: escaping and dates."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable

# Characters Python-Markdown lets a backslash escape; `<`, `&` and `|` become entities
# instead because a backslash before them is not an escape in every configuration.
_SPECIAL = re.compile(r"([\\`*_\[\]{}#!>])")
_ENTITIES = {"<": "&lt;", "&": "&amp;", "|": "&#124;"}


def escape(text: str) -> str:
    """Text as literal Markdown: titles may contain `*`, `_`, `[`, `<` and the like."""
    escaped = _SPECIAL.sub(r"\\\1", text.replace("\n", " "))
    return "".join(_ENTITIES.get(ch, ch) for ch in escaped)


def code(text: str) -> str:
    """Inline code that survives backticks in `text`."""
    fence = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def link(text: str, target: str) -> str:
    return f"[{text}]({target})"


def day(value: dt.datetime, timezone: dt.tzinfo) -> str:
    """`2025-11-24` in the knowledge base's time zone."""
    return value.astimezone(timezone).strftime("%Y-%m-%d")


def front_matter(*, search_exclude: bool = False) -> str:
    """Page metadata for Material for long index pages: out of search (they list every
    title) and without a table of contents (hundreds of headings render slowly)."""
    return "---\nsearch:\n  exclude: true\nhide:\n  - toc\n---\n\n" if search_exclude else ""


def anchor(text: str, url: str) -> str:
    """`<a href="url">text</a>` for raw HTML blocks; `text` is plain text, escaped here."""
    return f'<a href="{html.escape(url)}">{html.escape(text, quote=False)}</a>'


def html_list(items: Iterable[str]) -> str:
    """A raw HTML `<ul>` block (each item already HTML) that Markdown passes through."""
    return "<ul>\n" + "\n".join(f"<li>{item}</li>" for item in items) + "\n</ul>"
