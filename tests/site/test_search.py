"""kb's search on the site: the text pages are indexed with, the header swap, the bundle."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kb.site.search import page_text
from kb.site.searchindex import query
from tests.site.test_plugin import mkdocs_build

DJANGO = "entries/2025/2025-11-24-django-migrations-out-of-sync/index.html"


def test_page_text_drops_the_title_permalinks_and_related_entries() -> None:
    content = (
        '<h1 id="t">A &amp; B<a class="headerlink" href="#t" title="Permanent link">&para;</a>'
        "</h1>\n<p>First <em>para</em>graph,<br>two&nbsp;lines &lt;tag&gt;.</p><!-- note -->"
        '<h2 id="more">More<a class="headerlink" href="#more">&para;</a></h2>'
        "<ul><li>one</li><li>two</li></ul><table><tr><td>a</td><td>b</td></tr></table>"
        '<h2 id="related-entries">Related entries</h2>\n<ul><li><a href="x/">Other'
        " title</a></li></ul>\n<p>After.</p><h1>Second h1</h1>"
    )
    assert page_text(content) == (
        "First paragraph, two lines <tag>. More one two a b After. Second h1"  # nbsp too
    )


def test_page_text_of_plain_html_and_of_nothing() -> None:
    assert page_text("<p>x</p>\n\n<pre><code>a  =\n  1</code></pre>") == "x a = 1"
    assert page_text("") == ""
    assert page_text('<h2 id="related-entries">no list after it') == "no list after it"


def bundle(site: Path) -> dict[str, Any]:
    """The index of a built site, and its pages by URL."""
    folder = site / "search"
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    pages = [json.loads(p.read_text(encoding="utf-8")) for p in (folder / "p").iterdir()]
    return {"index": index, "pages": {page["u"]: page for page in pages}}


def test_entries_and_guide_are_indexed_index_pages_are_not(site_kb: Path) -> None:
    site = mkdocs_build(site_kb)
    found = bundle(site)
    urls = sorted(found["pages"])
    assert len(urls) == 9 and "guide/" in urls
    assert all(url.startswith("entries/") for url in urls if url != "guide/")
    django = found["pages"]["entries/2025/2025-11-24-django-migrations-out-of-sync/"]
    assert django["t"] == "Django says no migrations but the tables are missing"
    assert django["g"] == ["gotcha", "database"] and django["d"] == "2025-11-24"
    assert "The setup script fakes the initial migration, so the flibbertigibbet" in django["x"]
    assert "Django says no migrations" not in django["x"]  # the title is not repeated
    assert "¶" not in django["x"]
    assert found["pages"]["guide/"] == {
        "u": "guide/", "t": "Guide", "g": [], "d": "", "x": "How the shop team writes entries.",
    }  # fmt: skip
    escaping = found["pages"]["entries/2025/2025-08-20-escaping-in-titles/"]
    assert escaping["t"] == "Don't pass *args & <kwargs> through [the] registry_view"
    assert found["index"]["tags"] == [  # "gotchas" is an alias of gotcha
        ["api", 3], ["database", 2], ["deployment", 3], ["gotcha", 3], ["testing", 1],
    ]  # fmt: skip
    results = query(site / "search", "flibbertigibbet")
    assert [r["u"] for r in results] == ["entries/2025/2025-11-24-django-migrations-out-of-sync/"]
    assert "<mark>flibbertigibbet</mark>" in results[0]["excerpt"]
    # Newest first: ids follow the entries' dates, the undated guide last.
    assert [r["u"] for r in query(site / "search", "", "gotcha")] == [
        "entries/2025/2025-12-01-alb-rule-priorities-are-allocated/",
        "entries/2025/2025-11-24-django-migrations-out-of-sync/",
        "entries/2025/2025-08-20-escaping-in-titles/",
    ]
    assert (
        (site / "search" / "p" / "8.json").read_text(encoding="utf-8").startswith('{"u":"guide/"')
    )
    assert not list(site.glob(".search-*"))  # the fresh folder swapped in


def test_related_entries_are_not_indexed(site_kb: Path) -> None:
    site = mkdocs_build(site_kb)
    html = (site / DJANGO).read_text(encoding="utf-8")
    assert 'id="related-entries"' in html
    related = html.split('id="related-entries"', 1)[1].split("</ul>", 1)[0]
    title = related.split('">', 2)[2].split("<", 1)[0]  # the first related entry's title
    django = bundle(site)["pages"]["entries/2025/2025-11-24-django-migrations-out-of-sync/"]
    assert title and title not in django["x"]


def test_header_has_kb_search_not_material_search(site_kb: Path) -> None:
    site = mkdocs_build(site_kb)
    page = (site / DJANGO).read_text(encoding="utf-8")
    assert page.count('<form class="md-search__form" name="kb-search">') == 1
    assert 'name="search"' not in page and 'data-md-component="search"' not in page
    assert "pagefind" not in page.lower()
    assert not (site / "search" / "search_index.json").exists()  # no Material index


def test_search_false_leaves_search_to_material(site_kb: Path) -> None:
    config = site_kb / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - kb\n", "  - search\n  - kb:\n      search: false\n"))
    site = mkdocs_build(site_kb)
    page = (site / DJANGO).read_text(encoding="utf-8")
    assert 'data-md-component="search"' in page
    assert (site / "search" / "search_index.json").is_file()
    assert not (site / "search" / "index.json").exists()


def test_material_search_is_turned_off_when_kb_searches(
    site_kb: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """`kb init`'s mkdocs.yml lists `- search`: kb turns it off, and strict builds pass."""
    config = site_kb / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - kb\n", "  - search\n  - kb\n"))
    site = mkdocs_build(site_kb, strict=True)
    page = (site / DJANGO).read_text(encoding="utf-8")
    assert page.count('<form class="md-search__form" name="kb-search">') == 1
    assert 'data-md-component="search"' not in page
    assert sorted(p.name for p in (site / "search").iterdir()) == ["index.json", "p", "s", "t"]
