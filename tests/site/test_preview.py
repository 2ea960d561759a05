"""`kb serve`'s preview: an edited entry's page first, then the rest; same site as a clean build."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from mkdocs.commands.build import build

from kb.site.preview import Preview
from kb.site.runner import load_mkdocs

ENTRY = "entries/2025/2025-11-24-django-migrations-out-of-sync"
NEW = "---\ntitle: {title}\ncreated: 2025-12-03T10:00:00+01:00\ntags: [{tags}]\n---\n\n{body}\n"


def preview_of(root: Path, site: Path) -> Preview:
    preview = Preview(lambda: load_mkdocs(root / "mkdocs.yml", site_dir=str(site), strict=False))
    preview.full()
    return preview


def html(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


# The search index's build id is new on each write; the rest of it must match.
BUILD_ID = re.compile(rb'"build":"[0-9a-f]{16}"')


def tree(site: Path) -> dict[str, bytes]:
    """Every file of a built site; the gzipped sitemap unzipped (gzip stamps the time)."""
    files = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = BUILD_ID.sub(b"", path.read_bytes())
        files[path.relative_to(site).as_posix()] = (
            gzip.decompress(data) if path.suffix == ".gz" else data
        )
    return files


def follow(preview: Preview) -> list[str]:
    """update(), then the refresh it owes (as `kb serve`'s thread does): what it did."""
    preview.update()
    steps = ["quick", "refresh"] if preview.owed else ["refresh"] if preview.unfinished else []
    if preview.owed:
        preview.refresh()
    assert preview.unfinished
    preview.finish()
    return steps


def test_an_edit_renders_the_entry_first_then_the_index_pages(
    site_kb: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    preview = preview_of(site_kb, site)
    entry = site_kb / f"{ENTRY}.md"
    entry.write_text(entry.read_text().replace("Django says no migrations", "Django says no"))
    preview.update()
    assert preview.owed
    assert ">Django says no but the tables are missing<a" in html(site, ENTRY)
    assert "Django says no migrations but" in html(site, "tags/gotcha")  # not yet
    preview.update()  # nothing new on disk: the refresh it owes
    assert not preview.owed
    assert "Django says no migrations but" not in html(site, "tags/gotcha")
    assert "Django says no but the tables are missing" in html(site, "tags/gotcha")


def test_after_edits_additions_and_deletions_the_site_is_a_clean_builds(
    site_kb: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    preview = preview_of(site_kb, site)
    entries = site_kb / "entries"
    django = entries / "2025" / "2025-11-24-django-migrations-out-of-sync.md"
    django.write_text(django.read_text().replace("tables are missing", "tables went missing"))
    assert follow(preview) == ["quick", "refresh"]
    fresh = entries / "2026" / "2026-01-05-a-new-year.md"
    fresh.parent.mkdir()
    body = "Deploys resume; see [the freeze](../2024/2024-12-31-year-end-freeze.md)."
    fresh.write_text(NEW.format(title="A new year", tags="deployment, newtag", body=body))
    assert follow(preview) == ["refresh"]  # a new entry: refreshed at once
    (entries / "2025" / "2025-09-01-old-admin-login.md").unlink()
    assert follow(preview) == ["refresh"]
    timeouts = entries / "2025" / "2025-09-15-api-timeouts-in-tests.md"
    timeouts.write_text(timeouts.read_text().replace("[api, testing]", "[database]"))
    assert follow(preview) == ["quick", "refresh"]
    assert (site / "entries" / "2026" / "2026-01-05-a-new-year" / "index.html").is_file()
    assert not (site / "entries" / "2025" / "2025-09-01-old-admin-login").exists()

    clean = load_mkdocs(site_kb / "mkdocs.yml", site_dir=str(tmp_path / "clean"), strict=False)
    build(clean, serve_url=clean.site_url)
    incremental, expected = tree(site), tree(tmp_path / "clean")
    assert sorted(incremental) == sorted(expected)
    assert any(path.startswith("search/p/") for path in expected)
    assert [path for path in expected if incremental[path] != expected[path]] == []
