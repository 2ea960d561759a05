"""The kb plugin inside a real MkDocs build of the fixture knowledge base."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

ENTRIES = Path(__file__).parent / "fixture" / "entries"
ENTRY_PAGES = sorted(
    p.relative_to(ENTRIES).with_suffix("").as_posix() for p in ENTRIES.rglob("*.md")
)


def mkdocs_build(root: Path, **overrides: object) -> Path:
    config = load_config(config_file=str(root / "mkdocs.yml"), **overrides)
    build(config)
    return Path(config.site_dir)


def nav_links(html: str) -> list[str]:
    return re.findall(r'class="md-nav__link[^"]*"[^>]*href="([^"]+)"', html) + re.findall(
        r'href="([^"]+)"[^>]*class="md-nav__link', html
    )


def test_every_page_is_built(site_kb: Path) -> None:
    site = mkdocs_build(site_kb)
    for entry_page in ENTRY_PAGES:
        assert (site / "entries" / entry_page / "index.html").is_file()
    for page in (
        "tags/gotcha",
        "timeline/2024",
        "timeline/2025",
        "files/home/api",
        "files/repos/infra/infra",
    ):
        assert (site / page / "index.html").is_file(), page
    assert (site / "feed.xml").read_text(encoding="utf-8").startswith("<?xml")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "8 entries · 5 tags in use" in home
    assert "Nothing here yet" not in home


def test_navigation_stays_compact(site_kb: Path) -> None:
    site = mkdocs_build(site_kb)
    html = (site / "entries" / ENTRY_PAGES[0] / "index.html").read_text(encoding="utf-8")
    links = set(nav_links(html))
    assert not [link for link in links if "entries/" in link]
    assert {"../../../tags/", "../../../timeline/", "../../../files/", "../../../guide/"} <= links


def test_docs_index_is_the_home_page_intro(site_kb: Path) -> None:
    (site_kb / "docs" / "index.md").write_text("# Welcome, shop\n\nRead me first.\n")
    site = mkdocs_build(site_kb)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Read me first." in home
    assert "Newest entries" in home


def test_broken_entry_fails_a_strict_build_with_the_check_text(
    site_kb: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = site_kb / "entries" / "2025" / "2025-12-02-broken.md"
    broken.write_text("---\ncreated: 2025-12-02\ntags: [api]\n---\n\nNo title.\n")
    with caplog.at_level(logging.INFO, logger="mkdocs"), pytest.raises(Abort):
        mkdocs_build(site_kb)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [
        "entries/2025/2025-12-02-broken.md:2:1: KB105 required key 'title' is missing"
    ]


def test_warnings_of_kb_check_are_info_lines(
    site_kb: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        mkdocs_build(site_kb)
    kb_lines = [r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.kb"]
    assert (
        "entries/2025/2025-12-01-alb-rule-priorities-are-allocated.md:4:1: "
        "KB202 tag 'gotchas' is an alias (write gotcha)"
    ) in kb_lines
    assert all(r.levelno == logging.INFO for r in caplog.records if r.name == "mkdocs.plugins.kb")


def test_a_rebuild_sees_added_and_deleted_entries(site_kb: Path) -> None:
    config = load_config(config_file=str(site_kb / "mkdocs.yml"))
    build(config)
    site = Path(config.site_dir)
    freeze = "2025-11-24-django-migrations-out-of-sync.md"  # links to the deleted entry
    (site_kb / "entries" / "2025" / freeze).unlink()
    (site_kb / "entries" / "2024" / "2024-12-31-year-end-freeze.md").unlink()
    (site_kb / "entries" / "2025" / "2025-12-03-new.md").write_text(
        "---\ntitle: Brand new\ncreated: 2025-12-03\ntags: [api]\n---\n\nNew.\n"
    )
    build(config)  # the same config and plugin object, as `mkdocs serve` rebuilds
    assert not (site / "entries" / "2024" / "2024-12-31-year-end-freeze").exists()
    assert not (site / "timeline" / "2024").exists()
    assert "Brand new" in (site / "entries" / "2025" / "2025-12-03-new" / "index.html").read_text()


def test_a_docs_page_where_kb_generates_one_is_a_warning(site_kb: Path) -> None:
    (site_kb / "docs" / "tags").mkdir()
    (site_kb / "docs" / "tags" / "index.md").write_text("# Mine\n")
    with pytest.raises(Abort):
        mkdocs_build(site_kb)


def test_plugin_option_names_kb_yml(site_kb: Path, tmp_path: Path) -> None:
    moved = site_kb / "kb"
    moved.mkdir()
    (site_kb / "kb.yml").rename(moved / "kb.yml")
    (site_kb / "entries").rename(moved / "entries")
    text = (site_kb / "mkdocs.yml").read_text()
    (site_kb / "mkdocs.yml").write_text(
        text.replace("  - kb\n", "  - kb:\n      config_file: kb/kb.yml\n")
    )
    site = mkdocs_build(site_kb, strict=False)
    assert (site / "entries" / ENTRY_PAGES[0] / "index.html").is_file()


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_link_between_pages_leads_to_a_built_page(
    site_kb: Path, directory_urls: bool
) -> None:
    # Lists are raw HTML that MkDocs does not check, so check every relative link here.
    site = mkdocs_build(site_kb, use_directory_urls=directory_urls)
    checked = 0
    for page in site.rglob("*.html"):
        if page.name == "404.html":  # served from anywhere: its links are absolute
            continue
        html = page.read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"#]*)(?:#[^"]*)?"', html):
            if not href or href.startswith(("http:", "https:", "mailto:", "/")):
                continue
            target = (page.parent / href).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{page.relative_to(site)} links to missing {href}"
            checked += 1
    assert checked > 300
