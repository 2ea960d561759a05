"""The search index during a site build: when the pages go to it, when it writes, where to.

MkDocs converts every page's Markdown first, then renders every template. Each indexed
page's HTML goes to the search child (kb.site.searchservice) as it is converted; once
the last one is in, the child writes the bundle on another core while MkDocs renders
the templates. The bundle goes to a fresh folder that then replaces the last one
(kb.site.search).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kb.site.search import bundle_folders, clear_leftovers, swap_in
from kb.site.searchservice import SearchService

log = logging.getLogger("mkdocs.plugins.kb")


@dataclass(frozen=True)
class Indexed:
    """What the index says of an entry page besides its text."""

    title: str
    tags: Sequence[str] = field(default_factory=tuple)
    date: str = ""  # YYYY-MM-DD, the entry's creation day


class BuildIndex:
    """The index of one build: `add()` each of the `pages` indexed pages, `finish()`."""

    def __init__(self, site_dir: Path, pages: int, command: Sequence[str] | None = None) -> None:
        """`command` replaces the child's (tests)."""
        clear_leftovers(site_dir)
        self.site_dir, self.left = site_dir, pages
        self.service = SearchService(bundle_folders(site_dir)[1], command)

    @property
    def writing(self) -> bool:
        """The bundle is under way: a page added now would be missing from it."""
        return self.service.write_sent

    def add(self, url: str, content: str, page: Indexed) -> None:
        """A page's converted HTML; `url` is its URL as MkDocs gives it (page.url)."""
        self.service.add(url, page.title, content, page.tags, page.date)
        self.left -= 1
        if self.left == 0:  # the rest only list entries: the child writes meanwhile
            self.service.start_write()

    def finish(self) -> None:
        """Wait for the bundle and put it in place; KbError when the child failed."""
        started = time.perf_counter()
        try:
            self.service.write()
        except BaseException:
            clear_leftovers(self.site_dir)
            raise
        swap_in(self.site_dir)
        # How long the build waited for the child at its end: 0 when it kept up.
        log.debug(f"kb: search index written, waited {time.perf_counter() - started:.2f} s")

    def stop(self) -> None:
        """Give up on this bundle (a failed build)."""
        self.service.close()
        clear_leftovers(self.site_dir)


def index_pages(site_dir: Path, pages: Iterable[tuple[str, str, Indexed]]) -> None:
    """A bundle of `pages` (URL, HTML, what else is indexed), put in place."""
    index = BuildIndex(site_dir, 0)
    try:
        for url, content, page in pages:
            index.add(url, content, page)
        index.finish()
    finally:
        index.service.close()
