"""Every generated page of the site, from the model: the one entry point of the generators.

Each page is `(uri, content)`: a docs-relative source URI and its Markdown (XML for the
feed). Nothing here knows MkDocs, so it is tested against golden files without it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kb.site import urls
from kb.site.entry_page import entry_page
from kb.site.feed import atom_feed
from kb.site.files_pages import files_index, folder_page, top_folders
from kb.site.home import home_page
from kb.site.indexes import tag_page, tags_index, timeline_index, year_page
from kb.site.model import SiteModel

# The index pages that belong in the navigation; every other page is reached through them.
NAV_PAGES = (urls.HOME, urls.TAGS, urls.TIMELINE, urls.FILES)


@dataclass(frozen=True)
class Page:
    uri: str
    content: str

    @property
    def in_nav(self) -> bool:
        return self.uri in NAV_PAGES


def generate(site: SiteModel, *, intro: str | None = None, base_url: str = "") -> Iterator[Page]:
    """All pages: home, tags, timeline, files, every entry, and the feed."""
    yield Page(urls.HOME, home_page(site, intro))
    yield Page(urls.TAGS, tags_index(site))
    for name in site.by_tag:
        yield Page(urls.tag(name), tag_page(site, name))
    yield Page(urls.TIMELINE, timeline_index(site))
    for year in site.by_year:
        yield Page(urls.year(year), year_page(site, year))
    yield Page(urls.FILES, files_index(site))
    for repo, top in top_folders(site):
        yield Page(urls.folder_page(repo, top), folder_page(site, repo, top))
    for entry in site.entries:
        yield Page(site.entry_uri(entry), entry_page(site, entry))
    yield Page(urls.FEED, atom_feed(site, base_url))
