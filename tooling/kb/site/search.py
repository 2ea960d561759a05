"""kb's static search on the site: what text a page is indexed with, and the bundle folder.

The index (kb.site.searchindex) is split into small files that kb-search.js fetches per
query, so the first results come after a few kilobytes, not the whole index that
Material's search downloads. Entry and guide pages are indexed; the generated index
pages, which list every title, are not. A build feeds each page's HTML to a child
process as MkDocs converts it (kb.site.indexing, kb.site.searchservice), and that
process turns it into text with `page_text`.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

# Material's header with the search box kept but wired to kb-search.js (see partials/).
THEME_DIR = Path(__file__).parent / "theme"
BUNDLE = "search"  # the folder of the index inside site_dir
_H1 = re.compile(r"<h1\b.*?</h1>", re.S)  # the title: indexed from the title given
# The toc extension's permalink marks (a pilcrow after each heading).
_HEADERLINK = re.compile(r"""<a\b[^>]*\bclass=["']headerlink["'][^>]*>.*?</a>""", re.S)
# Tags between words: these separate them, any other (an <em> in a word) does not.
_BLOCK = re.compile(
    r"</?(?:address|article|aside|blockquote|br|caption|dd|details|div|dl|dt|figcaption"
    r"|figure|footer|h[1-6]|header|hr|li|nav|ol|p|pre|section|summary|table|tbody|td"
    r"|tfoot|th|thead|tr|ul)\b[^>]*>",
    re.I,
)
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_RELATED = '<h2 id="related-entries"'


def page_text(content: str) -> str:
    """A page's converted HTML as search text: without its h1, permalink marks and
    related-entries list, tags stripped, entities unescaped, whitespace collapsed."""
    # Related entries name other entries: indexed, each title word would match a third
    # of the pages, and a page that only links an entry would match its title.
    start = content.find(_RELATED)
    end = content.find("</ul>", start) if start >= 0 else -1
    if end > start:
        content = content[:start] + " " + content[end + len("</ul>") :]
    content = _H1.sub(" ", content, count=1)
    content = _HEADERLINK.sub("", content)
    content = _TAG.sub("", _BLOCK.sub(" ", content))
    return " ".join(html.unescape(content).split())


def bundle_folders(site_dir: Path) -> tuple[Path, Path, Path]:
    """The bundle, the fresh folder a new one is written into, and the old one's on the way
    out: each bundle is written whole, then replaces the last, so a reader never sees a
    half-written index and `kb serve` never piles up stale files."""
    return site_dir / BUNDLE, site_dir / ".search-new", site_dir / ".search-old"


def clear_leftovers(site_dir: Path) -> None:
    """Remove what an interrupted build left of a fresh or an old bundle."""
    for leftover in bundle_folders(site_dir)[1:]:
        shutil.rmtree(leftover, ignore_errors=True)


def swap_in(site_dir: Path) -> None:
    """Put the fresh bundle in place of the last one."""
    bundle, fresh, stale = bundle_folders(site_dir)
    if bundle.exists():
        bundle.rename(stale)
    fresh.rename(bundle)
    shutil.rmtree(stale, ignore_errors=True)
