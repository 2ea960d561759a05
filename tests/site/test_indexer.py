"""Pagefind fed page by page through its service: the bundle, early writes, failures, and
the same index as Pagefind reading the whole built pages."""

from __future__ import annotations

import gzip
import json
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pagefind_bin_extended  # type: ignore[import-untyped]
import pytest
from click.testing import Result
from mkdocs.commands.build import build
from mkdocs.config import load_config

from kb.errors import KbError
from kb.site.indexer import Indexer
from kb.site.plugin import KbPlugin
from kb.site.search import theme_html_tag
from tests.site.test_plugin import mkdocs_build
from tests.site.test_preview import UNSTABLE
from tests.site.test_search import DJANGO

PAGE = (
    '<html lang="en"><body><div data-pagefind-body>'
    '<span data-pagefind-filter="tag:{tag}"></span>'
    '<h1 data-pagefind-weight="10">{title} <a class="headerlink" href="#t">¶</a></h1>'
    "<p>{body}</p></div></body></html>"
)


def fragments(bundle: Path) -> dict[str, dict[str, object]]:
    """The bundle's page records (url, title, text, filters), by URL."""
    found = {}
    for path in (bundle / "fragment").iterdir():
        record = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        found[record["url"]] = record
    return found


def stable_files(bundle: Path) -> set[str]:
    """The bundle's file names, but for those Pagefind writes in hash-map order."""
    names = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()}
    return {name for name in names if not f"pagefind/{name}".startswith(UNSTABLE)}


def test_pages_fed_one_by_one_make_a_bundle(tmp_path: Path) -> None:
    indexer = Indexer([".headerlink"])
    indexer.add("a/index.html", PAGE.format(tag="api", title="Alpha", body="Migrations drift."))
    indexer.add("b/c.html", PAGE.format(tag="db", title="Beta", body="Tables are missing."))
    indexer.write(tmp_path / "out")
    assert (tmp_path / "out" / "pagefind.js").is_file()
    found = fragments(tmp_path / "out")
    assert sorted(found) == ["/a/", "/b/c.html"]
    assert found["/a/"]["meta"] == {"title": "Alpha"}  # the pilcrow excluded
    assert found["/a/"]["content"] == "Alpha Migrations drift."
    assert found["/b/c.html"]["filters"] == {"tag": ["db"]}


def test_a_bundle_started_early_is_redone_when_a_page_came_after(tmp_path: Path) -> None:
    indexer = Indexer([])
    indexer.add("a/index.html", PAGE.format(tag="api", title="Alpha", body="One."))
    indexer.start_write(tmp_path / "out")
    indexer.add("b/index.html", PAGE.format(tag="api", title="Beta", body="Two."))
    indexer.write(tmp_path / "out")
    assert sorted(fragments(tmp_path / "out")) == ["/a/", "/b/"]
    assert len(list((tmp_path / "out" / "fragment").iterdir())) == 2  # nothing stale


def fake_pagefind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    binary = tmp_path / "pagefind"
    binary.write_text(script)
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(pagefind_bin_extended, "get_executable", lambda: binary)


def test_a_service_that_stops_is_one_error_with_its_last_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_pagefind(tmp_path, monkeypatch, "#!/bin/sh\necho 'starting' >&2\necho 'out of disk' >&2\n")
    with pytest.raises(KbError) as raised:
        Indexer([])
    assert raised.value.message == "Pagefind failed: stopped: out of disk"


def test_a_missing_binary_is_one_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "gone" / "pagefind"
    monkeypatch.setattr(pagefind_bin_extended, "get_executable", lambda: missing)
    with pytest.raises(KbError) as raised:
        Indexer([])
    assert raised.value.message == (
        f"Pagefind could not start: [Errno 2] No such file or directory: '{missing}'"
    )


def test_kb_build_reports_a_failing_pagefind_in_one_error_line(
    site_kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_kb: Callable[..., Result]
) -> None:
    fake_pagefind(tmp_path, monkeypatch, "#!/bin/sh\necho 'thread main panicked' >&2\nexit 101\n")
    result = run_kb(site_kb, "build")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert "ERROR   -  kb: Pagefind failed: stopped: thread main panicked" in lines
    assert lines[-1] == "Error: the site was not built: Aborted with a BuildError!"
    assert "Traceback" not in result.stderr


def test_the_build_indexes_fragments_as_pagefind_indexes_whole_pages(
    site_kb: Path, tmp_path: Path
) -> None:
    """Each page's marked content alone gives the bundle Pagefind makes of the whole built
    pages: fed in the same order, the same fragments and word index; read by the Pagefind
    command from the site's files (the way kb indexed before), the same fragments."""
    config = load_config(config_file=str(site_kb / "mkdocs.yml"))
    build(config)
    plugin = config.plugins["kb"]
    assert isinstance(plugin, KbPlugin) and plugin.files is not None
    site = Path(config.site_dir)

    whole = Indexer([".headerlink"])
    for file in plugin.files.documentation_pages():
        if file.src_uri not in plugin.unindexed:
            whole.add(file.dest_uri, Path(file.abs_dest_path).read_text(encoding="utf-8"))
    whole.write(tmp_path / "whole")
    assert stable_files(site / "pagefind") == stable_files(tmp_path / "whole")
    assert len(fragments(site / "pagefind")) == 9  # 8 entries and the guide

    command = [str(pagefind_bin_extended.get_executable()), "--site", str(site), "--quiet"]
    command += ["--output-path", str(tmp_path / "cli"), "--exclude-selectors", ".headerlink"]
    subprocess.run(command, check=True, capture_output=True)
    assert fragments(site / "pagefind") == fragments(tmp_path / "cli")


def test_entry_pages_render_before_the_index_pages(site_kb: Path) -> None:
    """So Pagefind writes its bundle while MkDocs renders the pages that list entries."""
    config = load_config(config_file=str(site_kb / "mkdocs.yml"))
    build(config)
    plugin = config.plugins["kb"]
    assert isinstance(plugin, KbPlugin) and plugin.files is not None
    order = [file.src_uri for file in plugin.files.documentation_pages()]
    indexed = [uri for uri in order if uri not in plugin.unindexed]
    assert order[: len(indexed)] == indexed
    assert order[-1] not in indexed and "tags/index.md" in order


def test_a_theme_in_another_language_is_indexed_in_the_language_of_its_pages(
    site_kb: Path, tmp_path: Path
) -> None:
    """MkDocs' own theme writes `<html lang="de">` without Material's language partial: the
    pages fed early go again with the language the first rendered page shows."""
    config_file = site_kb / "mkdocs.yml"
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(text.replace("  name: material\n", "  name: mkdocs\n  locale: de\n"))
    site = mkdocs_build(site_kb)
    assert '<html lang="de" ' in (site / DJANGO).read_text(encoding="utf-8")
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["de"]
    command = [str(pagefind_bin_extended.get_executable()), "--site", str(site), "--quiet"]
    command += ["--output-path", str(tmp_path / "cli"), "--exclude-selectors", ".headerlink"]
    subprocess.run(command, check=True, capture_output=True)
    names = {p.name for p in (site / "pagefind" / "fragment").iterdir()}
    assert names == {p.name for p in (tmp_path / "cli" / "fragment").iterdir()}
    assert all(name.startswith("de_") for name in names)  # the language is in the name


def test_materials_language_is_known_before_any_page_renders(site_kb: Path) -> None:
    config_file = site_kb / "mkdocs.yml"
    assert theme_html_tag(load_config(config_file=str(config_file))) == '<html lang="en">'
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(
        text.replace("  name: material\n", "  name: material\n  language: pt-BR\n")
    )
    assert theme_html_tag(load_config(config_file=str(config_file))) == '<html lang="pt">'
