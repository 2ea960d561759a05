"""Small Markdown helpers shared by the page generators: escaping and dates."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable

# Characters Python-Markdown lets a backslash escape; `<`, `&` and `|` become entities
# instead because a backslash before them is not an escape in every configuration.
_SPECIAL = re.compile(r"([\\`*_\[\]{}#!>])")
_ENTITIES = str.maketrans({"<": "&lt;", "&": "&amp;", "|": "&#124;"})


def escape(text: str) -> str:
    """Text as literal Markdown: titles may contain `*`, `_`, `[`, `<` and the like."""
    return _SPECIAL.sub(r"\\\1", text.replace("\n", " ")).translate(_ENTITIES)


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


# A raw HTML block of a generated page sits between these lines: the kb plugin's Markdown
# extension (kb.site.rawblocks) stashes it whole, so Python-Markdown's HTML parser, slow
# Python over every tag, never reads it. Elsewhere they are HTML comments: invisible.
RAW_START, RAW_END = "<!--kb:raw-->", "<!--/kb:raw-->"


def raw(block: str) -> str:
    """A raw HTML block (already HTML, one or more lines, no blank line)."""
    return f"{RAW_START}\n{block}\n{RAW_END}"


def anchor(text: str, url: str) -> str:
    """`<a href="url">text</a>` for raw HTML blocks; `text` is plain text, escaped here."""
    return f'<a href="{html.escape(url)}">{html.escape(text, quote=False)}</a>'


def html_list(items: Iterable[str]) -> str:
    """A raw HTML `<ul>` block (each item already HTML) that Markdown passes through."""
    return raw(html_items(items))


def html_items(items: Iterable[str]) -> str:
    """A `<ul>` of items already HTML, to put in a raw block."""
    return "<ul>\n" + "\n".join(f"<li>{item}</li>" for item in items) + "\n</ul>"


_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+\S")
_ANY_LIST_ITEM = re.compile(_LIST_ITEM.pattern, re.M)  # may match more; never less
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


def loosen_lists(body: str) -> str:
    """Insert a blank line before a list that starts right under a paragraph line.

    GitHub and CommonMark render such a list; Python-Markdown folds it into the
    paragraph, and imported journals almost never leave the blank line. Code fences
    are left alone; the entry file itself is never changed.
    """
    if not _ANY_LIST_ITEM.search(body):  # no list: nothing to loosen (most bodies)
        return body
    lines = body.split("\n")
    out: list[str] = []
    fenced = False
    for line in lines:
        if _FENCE.match(line):
            fenced = not fenced
        elif (
            not fenced
            and _LIST_ITEM.match(line)
            and out
            and out[-1].strip()
            and not _LIST_ITEM.match(out[-1])
            and not out[-1].startswith((" ", "\t"))
            and not out[-1].lstrip().startswith(("#", "|", ">"))
        ):
            out.append("")
        out.append(line)
    return "\n".join(out)
