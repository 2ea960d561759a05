"""Pagefind search: what is marked for the index, the header swap, the built index."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.site.search import mark_for_index
from tests.site.test_plugin import mkdocs_build

DJANGO = "entries/2025/2025-11-24-django-migrations-out-of-sync/index.html"


def test_mark_for_index_weights_the_title_and_adds_tag_filters() -> None:
    marked = mark_for_index('<h1 id="t">A & B</h1>\n<h1>x</h1>', ["api", "a&b"])
    assert marked == (
        '<div data-pagefind-body><span data-pagefind-filter="tag:api"></span>'
        '<span data-pagefind-filter="tag:a&amp;b"></span>\n'
        '<h1 data-pagefind-weight="10" id="t">A & B</h1>\n<h1>x</h1>\n</div>'
    )


def test_entries_and_guide_are_indexed_index_pages_are_not(site_kb: Path) -> None:
    site = mkdocs_build(site_kb)
    entry = (site / DJANGO).read_text(encoding="utf-8")
    assert '<div data-pagefind-body><span data-pagefind-filter="tag:gotcha"></span>' in entry
    assert '<span data-pagefind-filter="tag:database"></span>' in entry
    assert "data-pagefind-body" in (site / "guide" / "index.html").read_text(encoding="utf-8")
    for index_page in (
        "index.html",
        "tags/index.html",
        "tags/api/index.html",
        "timeline/2025/index.html",
    ):
        assert "data-pagefind-body" not in (site / index_page).read_text(encoding="utf-8")
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert sorted(p.name for p in (site / "pagefind" / "filter").iterdir())  # the tag filter


def test_header_has_kb_search_not_material_search(site_kb: Path) -> None:
    site = mkdocs_build(site_kb)
    page = (site / DJANGO).read_text(encoding="utf-8")
    assert page.count('<form class="md-search__form" name="kb-search">') == 1
    assert 'name="search"' not in page and 'data-md-component="search"' not in page
    assert (site / "assets" / "javascripts" / "kb-search.js").is_file()
    assert not (site / "search").exists()  # no Material index to download


def test_search_false_leaves_search_to_material(
    site_kb: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = site_kb / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - kb\n", "  - search\n  - kb:\n      search: false\n"))
    site = mkdocs_build(site_kb)
    page = (site / DJANGO).read_text(encoding="utf-8")
    assert 'data-md-component="search"' in page and "data-pagefind-body" not in page
    assert (site / "search" / "search_index.json").is_file()
    assert not (site / "pagefind").exists()


def test_material_search_is_turned_off_when_kb_searches(site_kb: Path) -> None:
    """`kb init`'s mkdocs.yml lists `- search`: kb turns it off, and strict builds pass."""
    config = site_kb / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - kb\n", "  - search\n  - kb\n"))
    site = mkdocs_build(site_kb, strict=True)
    page = (site / DJANGO).read_text(encoding="utf-8")
    assert page.count('<form class="md-search__form" name="kb-search">') == 1
    assert 'data-md-component="search"' not in page
    assert not (site / "search").exists()
    assert (site / "pagefind" / "pagefind.js").is_file()
