"""The page of one entry: title, dates, status banner, tags, files, body, related, source."""

from __future__ import annotations

from kb.entry import Entry
from kb.site import urls
from kb.site.markup import code, day, escape, link
from kb.site.model import SiteModel, canonical_tags, folder_of, ref_key

RELATED_LIMIT = 5
BANNERS = {
    "resolved": ("success", "Resolved", "The problem this entry describes has been fixed."),
    "obsolete": ("warning", "Obsolete", "This entry no longer applies."),
}


def entry_page(site: SiteModel, entry: Entry) -> str:
    """The Markdown of an entry's page; the body is kept as the author wrote it."""
    here = site.entry_uri(entry)
    parts = [f"# {escape(entry.title)}", _meta(site, entry, here)]
    banner = _banner(site, entry, here)
    if banner:
        parts.append(banner)
    if entry.files:
        parts.append(_files(site, entry, here))
    parts.append(entry.body.strip("\n"))
    related = site.related.related(entry, RELATED_LIMIT)
    if related:
        lines = ["## Related entries", ""]
        for found in related:
            shared = found.shared_files or found.shared_tags
            what = "files" if found.shared_files else "tags"
            target = urls.relative(here, site.entry_uri(found.entry))
            lines.append(
                f"- {link(escape(found.entry.title), target)}"
                f" (shares {what}: {', '.join(escape(s) for s in shared)})"
            )
        parts.append("\n".join(lines))
    if entry.source:
        parts.append(_source(entry))
    return "\n\n".join(part for part in parts if part) + "\n"


def _meta(site: SiteModel, entry: Entry, here: str) -> str:
    dates = f"Created {day(entry.created, site.timezone)}"
    if entry.updated:
        dates += f" · updated {day(entry.updated, site.timezone)}"
    tags = ", ".join(
        link(escape(name), urls.relative(here, urls.tag(name)))
        for name in canonical_tags(site.config, entry)
    )
    authors = f" · by {escape(', '.join(entry.authors))}" if entry.authors else ""
    return f"{dates}{authors}  \nTags: {tags}"


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
    host = site.settings.host(entry.repo)
    repo = f" in repo {code(entry.repo)}" if entry.repo else ""
    lines = [f"Files{repo}:", ""]
    for ref in entry.files:
        folder = folder_of(ref)
        page = urls.folder_page(entry.repo, urls.top_folder(folder))
        target = f"{urls.relative(here, page)}#{urls.file_anchor(ref_key(ref))}"
        line = f"- {link(code(ref.raw), target)}"
        web = host.link(ref) if host else None
        if host and web:
            line += f" ({link(f'on {host.name}', web)})"
        lines.append(line)
    return "\n".join(lines)


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
