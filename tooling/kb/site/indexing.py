"""Pagefind during a site build: when the pages go to it, when it writes, where to.

MkDocs converts every page's Markdown first, then renders every template. Each indexed
page goes to Pagefind (kb.site.indexer) as it is converted; once the last one is in,
Pagefind writes its bundle on another core while MkDocs renders the templates. The
bundle goes to a fresh folder that then replaces the last one (kb.site.search).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kb.site.indexer import Indexer
from kb.site.search import (
    EXCLUDE_SELECTORS,
    bundle_folders,
    clear_leftovers,
    html_tag,
    index_source,
    same_language,
    swap_in,
)


class BuildIndex:
    """The index of one build: `add()` each of the `pages` indexed pages, `finish()`."""

    def __init__(self, site_dir: Path, tag: str, pages: int) -> None:
        """`tag` is the pages' `<html>` tag, whose lang is the index's language."""
        clear_leftovers(site_dir)
        self.site_dir, self.tag, self.left = site_dir, tag, pages
        self.checked = False  # the language was compared with a rendered page's
        self.indexer = Indexer(EXCLUDE_SELECTORS)

    def add(self, path: str, marked: str) -> None:
        """A page's marked content; `path` is its file in the site."""
        self.indexer.add(path, index_source(self.tag, marked))
        self.left -= 1
        if self.left == 0:  # the rest only list entries: Pagefind writes meanwhile
            self.indexer.start_write(bundle_folders(self.site_dir)[1])

    def wrong_language(self, output: str) -> str | None:
        """The first rendered page's `<html>` tag when its language is not the one the
        pages were sent with (they went before any template was rendered), else None."""
        self.checked = True
        written = html_tag(output)
        return None if same_language(written, self.tag) else written

    def finish(self) -> None:
        """Wait for the bundle and put it in place; KbError when Pagefind failed."""
        self.indexer.write(bundle_folders(self.site_dir)[1])
        swap_in(self.site_dir)

    def stop(self) -> None:
        self.indexer.close()


def index_pages(site_dir: Path, tag: str, pages: Iterable[tuple[str, str]]) -> None:
    """A bundle of `pages` (site path, marked content), in their order, put in place."""
    listed = list(pages)
    index = BuildIndex(site_dir, tag, len(listed))
    for path, marked in listed:
        index.add(path, marked)
    index.finish()
