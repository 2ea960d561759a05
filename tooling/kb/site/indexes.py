"""Index pages: all tags, one page per tag, and the timeline split into one page a year."""

from __future__ import annotations

from itertools import groupby

from kb.site import urls
from kb.site.listing import entry_list
from kb.site.markup import escape, front_matter, link
from kb.site.model import SiteModel

# English month names whatever the locale: the site must build the same everywhere.
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def tags_index(site: SiteModel) -> str:
    """Every tag with its description and count, most used first."""
    lines = ["# Tags", "", "| Tag | Entries | Description |", "|---|---:|---|"]
    for name, entries in sorted(site.by_tag.items(), key=lambda item: (-len(item[1]), item[0])):
        target = urls.relative(urls.TAGS, urls.tag(name))
        described = _description(site, name)
        lines.append(f"| {link(escape(name), target)} | {len(entries)} | {described} |")
    return "\n".join(lines) + "\n"


def tag_page(site: SiteModel, name: str) -> str:
    """A tag's description and its entries, newest first."""
    here = urls.tag(name)
    entries = site.by_tag.get(name, [])
    count = f"{len(entries)} {'entry' if len(entries) == 1 else 'entries'}"
    listing = entry_list(site, here, entries) if entries else "No entries yet."
    back = link("All tags", urls.relative(here, urls.TAGS))
    return (
        f"{front_matter(search_exclude=True)}# Tag: {escape(name)}\n\n"
        f"{_description(site, name)}\n\n{count} · {back}\n\n{listing}\n"
    )


def _description(site: SiteModel, name: str) -> str:
    tag = site.tag_info(name)
    if tag is None:
        return "*Not in the vocabulary of kb.yml.*"
    return escape(tag.description)


def timeline_index(site: SiteModel) -> str:
    """The years, newest first, each with its count and its months."""
    lines = ["# Timeline", ""]
    for year, entries in sorted(site.by_year.items(), reverse=True):
        months = [
            f"{link(name, urls.relative(urls.TIMELINE, urls.year(year)) + '#' + anchor)} ({n})"
            for name, anchor, n in _months(site, year)
        ]
        target = urls.relative(urls.TIMELINE, urls.year(year))
        lines.append(f"- {link(str(year), target)}: {len(entries)} · {', '.join(months)}")
    if not site.by_year:
        lines.append("No entries yet.")
    return "\n".join(lines) + "\n"


def year_page(site: SiteModel, year: int) -> str:
    """One year's entries under a heading per month, newest first."""
    here = urls.year(year)
    parts = [f"{front_matter(search_exclude=True)}# {year}"]
    entries = site.by_year[year]
    for month, group in groupby(entries, key=lambda e: site.local(e).month):
        name = f"{MONTH_NAMES[month - 1]} {year}"
        parts.append(f'<a id="{_month_anchor(year, month)}"></a>\n\n## {name}')
        parts.append(entry_list(site, here, group))
    return "\n\n".join(parts) + "\n"


def _months(site: SiteModel, year: int) -> list[tuple[str, str, int]]:
    counts: dict[int, int] = {}
    for entry in site.by_year[year]:
        month = site.local(entry).month
        counts[month] = counts.get(month, 0) + 1
    return [
        (MONTH_NAMES[month - 1][:3], _month_anchor(year, month), n)
        for month, n in sorted(counts.items(), reverse=True)
    ]


def _month_anchor(year: int, month: int) -> str:
    return f"{year}-{month:02d}"
