"""Search with Pagefind: which HTML it indexes, the theme override, and the bundle.

Pagefind splits the index into fragments the browser loads per query, so the first
results come after a few kilobytes, not the whole index that Material's search
downloads. Only `data-pagefind-body` content is indexed: entry and guide pages are
marked, the generated index pages (which list every title) are not. A build feeds the
marked content to Pagefind as pages render (kb.site.indexer).
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

# Material's header with the search box kept but wired to Pagefind (see partials/).
THEME_DIR = Path(__file__).parent / "theme"
BUNDLE = "pagefind"  # the folder of the index inside site_dir
TITLE_WEIGHT = 10  # Pagefind's h1 default is 7: a title match ranks above any body match
# The toc extension's permalink mark would end every title with a pilcrow.
EXCLUDE_SELECTORS = [".headerlink"]
_HTML_TAG = re.compile(r"<html\b[^>]*>")
_LANG = re.compile(r"""\slang=["']?([^"'\s>]*)""")
# What Material's base.html puts in <html lang="...">.
_LANGUAGE = '{% import "partials/language.html" as lang with context %}{{ lang.t("language") }}'


def mark_for_index(content: str, tags: Iterable[str] = ()) -> str:
    """A page's HTML as Pagefind should index it: the body, the title weighted, tag filters."""
    weighted = content.replace("<h1", f'<h1 data-pagefind-weight="{TITLE_WEIGHT}"', 1)
    # Related entries name other entries: indexed, every title word matched a third of
    # the pages, and Pagefind's ranking time grows with the square of the pages matched.
    start = weighted.find('<h2 id="related-entries"')
    end = weighted.find("</ul>", start) + len("</ul>") if start >= 0 else -1
    if end > start:
        ignored = f'<div data-pagefind-ignore="all">{weighted[start:end]}</div>'
        weighted = weighted[:start] + ignored + weighted[end:]
    filters = "".join(
        f'<span data-pagefind-filter="tag:{html.escape(name)}"></span>' for name in tags
    )
    return f"<div data-pagefind-body>{filters}\n{weighted}\n</div>"


def theme_html_tag(config: MkDocsConfig) -> str:
    """The `<html lang>` tag Material writes on every page, from its own language partial,
    known before any page is rendered; `<html>` for a theme without that partial."""
    import jinja2

    try:
        language = config.theme.get_env().from_string(_LANGUAGE).render(config=config).strip()
    except jinja2.TemplateError:
        return "<html>"
    return f'<html lang="{html.escape(language)}">' if language else "<html>"


def same_language(tag: str, other: str) -> bool:
    """Whether two `<html>` tags have the same `lang` (all that Pagefind reads of them)."""
    return _LANG.findall(tag)[:1] == _LANG.findall(other)[:1]


def html_tag(page_html: str) -> str:
    """A rendered page's `<html ...>` start tag: its `lang` picks Pagefind's index language
    (and so the stemming)."""
    found = _HTML_TAG.search(page_html, 0, 4096)
    return found.group(0) if found else "<html>"


def index_source(tag: str, marked: str) -> str:
    """What Pagefind needs of a page: its marked content, in the page's `<html>` tag. The
    rest of the page (header, navigation, footer) is outside data-pagefind-body anyway."""
    return f"{tag}<body>{marked}</body></html>"


def bundle_folders(site_dir: Path) -> tuple[Path, Path, Path]:
    """The bundle, the fresh folder a new one is written into, and the old one's on the way
    out. Pagefind names its files by content and never deletes old ones, so `kb serve`
    would pile up stale fragments: each bundle is written fresh, then replaces the last."""
    return site_dir / BUNDLE, site_dir / ".pagefind-new", site_dir / ".pagefind-old"


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
