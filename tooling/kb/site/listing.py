"""A list of entries as Markdown, the one shape every index page uses."""

from __future__ import annotations

from collections.abc import Iterable

from kb.entry import Entry
from kb.site import urls
from kb.site.markup import day, escape, link
from kb.site.model import SiteModel

STATUS_MARKS = {"resolved": " *(resolved)*", "obsolete": " *(obsolete)*"}


def entry_item(site: SiteModel, here: str, entry: Entry) -> str:
    """`- 2025-11-24 [Title](../entries/ID.md)`, with the status when it is not active."""
    target = urls.relative(here, site.entry_uri(entry))
    mark = STATUS_MARKS.get(entry.status, " *(superseded)*" if entry.status == "superseded" else "")
    return f"- {day(entry.created, site.timezone)} {link(escape(entry.title), target)}{mark}"


def entry_list(site: SiteModel, here: str, entries: Iterable[Entry]) -> str:
    return "\n".join(entry_item(site, here, entry) for entry in entries)
