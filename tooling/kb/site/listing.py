"""A list of entries as a raw HTML block, the one shape every index page uses.

Raw HTML rather than Markdown links: index pages list every entry several times over,
and each Markdown link costs Python-Markdown and MkDocs about 0.1 ms.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from kb.entry import Entry
from kb.site.markup import day, html_list
from kb.site.model import SiteModel

STATUS_MARKS = {
    "resolved": " <em>(resolved)</em>",
    "obsolete": " <em>(obsolete)</em>",
    "superseded": " <em>(superseded)</em>",
}


def entry_item(site: SiteModel, here: str, entry: Entry, suffix: str = "") -> str:
    """`2025-11-24 <a href="../entries/2025/ID/">Title</a>`, with a status mark."""
    url = html.escape(site.href(here, site.entry_uri(entry)))
    # Only the link differs from one page to the next: the rest is made once an entry.
    date = site.memo(entry, "date", lambda: day(entry.created, site.timezone))
    title = site.memo(entry, "title", lambda: _title(entry))
    return f'{date} <a href="{url}">{title}{suffix}'


def _title(entry: Entry) -> str:
    """The end of an entry's link in a list: its title, `</a>` and its status mark."""
    return f"{html.escape(entry.title, quote=False)}</a>{STATUS_MARKS.get(entry.status, '')}"


def entry_list(site: SiteModel, here: str, entries: Iterable[Entry]) -> str:
    return html_list(entry_item(site, here, entry) for entry in entries)
