"""The page of one entry: title, dates, status banner, tags, files, body, related, source."""

from __future__ import annotations

import html

from kb.entry import Entry
from kb.site import urls
from kb.site.markup import (
    anchor,
    code,
    day,
    escape,
    html_items,
    html_list,
    link,
    loosen_lists,
    raw,
)
from kb.site.model import SiteModel, canonical_tags, folder_of, ref_key

RELATED_LIMIT = 5
BANNERS = {
    "resolved": ("success", "Resolved", "The problem this entry describes has been fixed."),
    "obsolete": ("warning", "Obsolete", "This entry no longer applies."),
}


def entry_page(site: SiteModel, entry: Entry) -> str:
    """The Markdown of an entry's page; the body as written, lists loosened for Python-Markdown."""
    here = site.entry_uri(entry)
    parts = [f"# {escape(entry.title)}"]
    # Neighbouring raw HTML goes in one block, blank lines kept (the same HTML): each
    # block costs Python-Markdown a paragraph to parse, inline-scan and serialize.
    top = [_meta(site, entry, here)]
    banner = _banner(site, entry, here)
    if banner:
        parts += [raw(top.pop()), banner]
    if entry.files:
        top.append(_files(site, entry, here))
    if top:
        parts.append(raw("\n\n".join(top)))
    parts.append(loosen_lists(entry.body.strip("\n")))
    related = site.related.related(entry, RELATED_LIMIT)
    if related:
        items = (
            f"{anchor(found.entry.title, site.href(here, site.entry_uri(found.entry)))}"
            f" ({html.escape(found.reason(), quote=False)})"
            for found in related
        )
        parts.append(f"## Related entries\n\n{html_list(items)}")
    if entry.source:
        parts.append(_source(entry))
    return "\n\n".join(part for part in parts if part) + "\n"


def _meta(site: SiteModel, entry: Entry, here: str) -> str:
    """Dates, authors and tags as a raw HTML paragraph (cheaper than Markdown links)."""
    dates = f"Created {day(entry.created, site.timezone)}"
    if entry.updated:
        dates += f" · updated {day(entry.updated, site.timezone)}"
    tags = ", ".join(
        anchor(name, site.href(here, urls.tag(name))) for name in canonical_tags(site.config, entry)
    )
    authors = f" · by {html.escape(', '.join(entry.authors))}" if entry.authors else ""
    return f'<p class="kb-meta">{dates}{authors}<br>\nTags: {tags}</p>'


def _banner(site: SiteModel, entry: Entry, here: str) -> str | None:
    if entry.status == "superseded":
        successor = site.by_id.get(entry.superseded_by or "")
        if successor is None:
            target = code(entry.superseded_by or "")
        else:
            target = link(escape(successor.title), urls.relative(here, site.entry_uri(successor)))
        return f'!!! warning "Superseded"\n\n    This entry has been replaced by {target}.'
    if entry.status in BANNERS:
        kind, title, text = BANNERS[entry.status]
        return f'!!! {kind} "{title}"\n\n    {text}'
    return None


def _files(site: SiteModel, entry: Entry, here: str) -> str:
    """Each file linked to its folder page and to the code host, as raw HTML."""
    host = site.settings.host(entry.repo)
    repo = f" in repo <code>{html.escape(entry.repo)}</code>" if entry.repo else ""
    items = []
    for ref in entry.files:
        page = urls.folder_page(entry.repo, urls.top_folder(folder_of(ref)))
        target = f"{site.href(here, page)}#{urls.file_anchor(ref_key(ref))}"
        item = f'<a href="{html.escape(target)}"><code>{html.escape(ref.raw)}</code></a>'
        web = host.link(ref) if host else None
        if host and web:
            item += f" ({anchor(f'on {host.name}', web)})"
        changed = site.changed_since(entry, ref)
        if changed:
            note = html.escape(f"changed since this entry: {changed}", quote=False)
            item += f' <span class="kb-changed">{note}</span>'
        items.append(item)
    return f"<p>Files{repo}:</p>\n\n{html_items(items)}"


def _source(entry: Entry) -> str:
    source = entry.source or {}
    url = source.get("url")
    where = link(escape(str(url)), str(url)) if isinstance(url, str) and url else "elsewhere"
    details = [
        f"{escape(str(key))}: {escape(str(value))}"
        for key, value in source.items()
        if key != "url" and isinstance(value, str | int | float)
    ]
    extra = f" ({'; '.join(details)})" if details else ""
    return f"---\n\nImported from {where}{extra}."
