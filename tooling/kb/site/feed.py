"""The Atom feed of the newest entries, linked from the home page."""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape, quoteattr

from kb.entry import Entry
from kb.site import urls
from kb.site.model import SiteModel, canonical_tags

FEED_SIZE = 20
SUMMARY_CHARS = 280


def atom_feed(site: SiteModel, base_url: str = "") -> str:
    """Atom XML. `base_url` is the site URL ("" leaves links relative to the feed)."""
    base = base_url.rstrip("/") + "/" if base_url else ""
    newest = site.entries[:FEED_SIZE]
    updated = max((_changed(e) for e in newest), default=dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{escape(site.config.title)}</title>",
        f"  <subtitle>{escape(site.config.description)}</subtitle>",
        f"  <id>{escape(base or 'urn:kb:' + site.config.title)}</id>",
        f'  <link rel="self" href={quoteattr(base + urls.FEED)}/>',
        f'  <link rel="alternate" href={quoteattr(base or "./")}/>',
        f"  <updated>{_stamp(updated)}</updated>",
    ]
    for entry in newest:
        url = base + urls.page_url(site.entry_uri(entry), site.directory_urls)
        lines += _entry(site, entry, url)
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _entry(site: SiteModel, entry: Entry, url: str) -> list[str]:
    lines = [
        "  <entry>",
        f"    <title>{escape(entry.title)}</title>",
        f"    <id>urn:kb:entry:{escape(entry.id)}</id>",
        f'    <link rel="alternate" href={quoteattr(url)}/>',
        f"    <published>{_stamp(entry.created)}</published>",
        f"    <updated>{_stamp(_changed(entry))}</updated>",
    ]
    tags = canonical_tags(site.config, entry)
    lines += [f"    <category term={quoteattr(tag)}/>" for tag in tags]
    for author in entry.authors:
        lines.append(f"    <author><name>{escape(author)}</name></author>")
    lines.append(f"    <summary>{escape(summary(entry.body))}</summary>")
    lines.append("  </entry>")
    return lines


def summary(body: str) -> str:
    """The body's first paragraph of prose, shortened: headings and fences skipped."""
    for block in body.split("\n\n"):
        text = " ".join(line.strip() for line in block.strip().splitlines())
        if text and not text.startswith(("#", "```", "~~~", "<", "|", "!!!")):
            return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1] + "…"
    return ""


def _changed(entry: Entry) -> dt.datetime:
    return entry.updated or entry.created


def _stamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
