"""The home page: what this knowledge base is, counts, the newest entries, the tags."""

from __future__ import annotations

from kb.site import urls
from kb.site.listing import entry_list
from kb.site.markup import escape, link
from kb.site.model import SiteModel

NEWEST = 10


def home_page(site: SiteModel, intro: str | None = None) -> str:
    """`intro` is the author's own docs/index.md, kept on top when there is one."""
    config = site.config
    if intro is not None and intro.strip():
        head = intro.strip("\n")
    else:
        head = f"# {escape(config.title)}"
        if config.description:
            head += f"\n\n{escape(config.description)}"
    here = urls.HOME
    used = sum(1 for entries in site.by_tag.values() if entries)
    count = len(site.entries)
    counts = (
        f"{count} {'entry' if count == 1 else 'entries'} · {used} tags in use · "
        f"{len(site.folders)} folders referenced · "
        f"{link('Atom feed', urls.relative(here, urls.FEED))}"
    )
    sections = (("Tags", urls.TAGS), ("Timeline", urls.TIMELINE), ("Files", urls.FILES))
    browse = " · ".join(link(name, urls.relative(here, target)) for name, target in sections)
    parts = [head, "## The knowledge base", f"{counts}  \nBrowse: {browse} — or search above."]
    parts.append("## Newest entries")
    newest = site.entries[:NEWEST]
    parts.append(entry_list(site, here, newest) if newest else "No entries yet.")
    tags = [
        f"{link(escape(name), urls.relative(here, urls.tag(name)))} ({len(entries)})"
        for name, entries in sorted(site.by_tag.items())
        if entries
    ]
    if tags:
        parts += ["## Tags", " · ".join(tags)]
    return "\n\n".join(parts) + "\n"
