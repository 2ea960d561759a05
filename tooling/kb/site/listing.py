"""A list of entries as a raw HTML block, the one shape every index page uses.

Raw HTML rather than Markdown links: index pages list every entry several times over,
and each Markdown link costs Python-Markdown and MkDocs about 0.1 ms.
"""

from __future__ import annotations

from collections.abc import Iterable

from kb.entry import Entry
from kb.site.markup import anchor, day, html_list
from kb.site.model import SiteModel

STATUS_MARKS = {
    "resolved": " <em>(resolved)</em>",
    "obsolete": " <em>(obsolete)</em>",
    "superseded": " <em>(superseded)</em>",
}


def entry_item(site: SiteModel, here: str, entry: Entry, suffix: str = "") -> str:
    """`2025-11-24 <a href="../entries/2025/ID/">Title</a>`, with a status mark."""
    link = anchor(entry.title, site.href(here, site.entry_uri(entry)))
    mark = STATUS_MARKS.get(entry.status, "")
    return f"{day(entry.created, site.timezone)} {link}{mark}{suffix}"


def entry_list(site: SiteModel, here: str, entries: Iterable[Entry]) -> str:
    return html_list(entry_item(site, here, entry) for entry in entries)
