"""The search index built by a child process beside MkDocs: the bundle, failures that
surface as one error, and the same bundle from the build as from the rendered pages."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from mkdocs.commands.build import build
from mkdocs.config import load_config

from kb.errors import KbError
from kb.site import searchservice
from kb.site.indexing import BuildIndex, Indexed, index_pages
from kb.site.plugin import KbPlugin
from kb.site.searchservice import SearchService

PAGE = '<h1 id="t">{title}<a class="headerlink" href="#t">&para;</a></h1><p>{body}</p>'


def contents(folder: Path) -> dict[str, Any]:
    """Every file of a bundle, parsed; index.json without its build id."""
    found = {
        p.relative_to(folder).as_posix(): json.loads(p.read_text()) for p in folder.rglob("*.json")
    }
    found["index.json"].pop("build")
    return found


def python(code: str) -> list[str]:
    """A child command running `code` (the bundle folder is its first argument)."""
    return [sys.executable, "-c", code]


def test_pages_fed_one_by_one_make_a_bundle(tmp_path: Path) -> None:
    service = SearchService(tmp_path / "out")
    service.add("a/", "Alpha", PAGE.format(title="Alpha", body="Migrations drift."), ["api"], "")
    service.add("b/c.html", "Beta", PAGE.format(title="Beta", body="Tables &amp; views."),
                ["db"], "2025-01-02")  # fmt: skip
    service.write()
    found = contents(tmp_path / "out")
    assert found["p/0.json"] == {"u": "b/c.html", "t": "Beta", "g": ["db"], "d": "2025-01-02",
                                 "x": "Tables & views."}  # fmt: skip
    assert found["p/1.json"]["x"] == "Migrations drift."  # the title and pilcrow left out
    assert found["index.json"] == {"v": 1, "pages": 2, "shards": ["alpha"],
                                   "tags": [["api", 1], ["db", 1]]}  # fmt: skip
    assert found["s/0.json"]["alpha"] == [1, 1000]
    service.close()  # again: harmless


def test_a_child_that_fails_is_one_error_with_its_last_words(tmp_path: Path) -> None:
    code = "import sys; print('starting', file=sys.stderr); print('out of disk', file=sys.stderr)"
    service = SearchService(tmp_path / "out", python(code + "; sys.exit(3)"))
    service.add("a/", "A", "<p>x</p>", [], "")
    with pytest.raises(KbError) as raised:
        service.write()
    assert raised.value.message == "the search index failed: out of disk"


def test_a_child_that_dies_while_pages_arrive_never_hangs_the_build(tmp_path: Path) -> None:
    """It reads one line and dies: the pipe breaks under the sending thread."""
    service = SearchService(tmp_path / "out", python("import os; input(); os._exit(9)"))
    for number in range(300):  # 3 MB: far past what a pipe holds
        service.add(f"{number}/", "T", "<p>" + "word " * 2000 + "</p>", [], "")
    with pytest.raises(KbError) as raised:
        service.write()
    assert raised.value.message == "the search index failed: it stopped (exit status 9)"


def test_bad_input_in_the_child_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()  # the child writes into a fresh folder: this one exists
    service = SearchService(tmp_path / "out")
    with pytest.raises(KbError) as raised:
        service.write()
    assert raised.value.message == (
        f"the search index failed: FileExistsError: [Errno 17] File exists: '{tmp_path / 'out'}'"
    )


def test_a_missing_child_is_one_error(tmp_path: Path) -> None:
    missing = tmp_path / "gone" / "python"
    with pytest.raises(KbError) as raised:
        SearchService(tmp_path / "out", [str(missing)])
    assert raised.value.message == (
        f"the search index could not start: [Errno 2] No such file or directory: '{missing}'"
    )


def test_a_stopped_index_leaves_no_folder_behind(tmp_path: Path) -> None:
    index = BuildIndex(tmp_path, 5)
    index.add("a/", "<p>one</p>", Indexed("A"))
    index.stop()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_kb_build_reports_a_failing_child_in_one_error_line(
    site_kb: Path, monkeypatch: pytest.MonkeyPatch, run_kb: Callable[..., Result]
) -> None:
    code = "import sys; print('MemoryError: out of memory', file=sys.stderr); sys.exit(1)"
    monkeypatch.setattr(searchservice, "child_command", lambda: python(code))
    result = run_kb(site_kb, "build")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert "ERROR   -  kb: the search index failed: MemoryError: out of memory" in lines
    assert lines[-1] == "Error: the site was not built: Aborted with a BuildError!"
    assert "Traceback" not in result.stderr
    assert not list((site_kb / "site").glob(".search-*"))


def test_the_build_indexes_as_the_rendered_pages_do(site_kb: Path, tmp_path: Path) -> None:
    """Pages fed while MkDocs converts them give the bundle `kb serve` writes from the
    rendered pages after the build."""
    config = load_config(config_file=str(site_kb / "mkdocs.yml"))
    build(config)
    plugin = config.plugins["kb"]
    assert isinstance(plugin, KbPlugin)
    site = Path(config.site_dir)
    built = contents(site / "search")
    index_pages(tmp_path, plugin._rendered())
    assert contents(tmp_path / "search") == built
    assert built["index.json"]["pages"] == 9  # 8 entries and the guide


def test_entry_pages_render_before_the_index_pages(site_kb: Path) -> None:
    """So the child writes its bundle while MkDocs renders the pages that list entries."""
    config = load_config(config_file=str(site_kb / "mkdocs.yml"))
    build(config)
    plugin = config.plugins["kb"]
    assert isinstance(plugin, KbPlugin) and plugin.files is not None
    order = [file.src_uri for file in plugin.files.documentation_pages()]
    indexed = [uri for uri in order if uri not in plugin.unindexed]
    assert order[: len(indexed)] == indexed
    assert order[-1] not in indexed and "tags/index.md" in order


def test_pages_after_the_write_began_send_every_page_again_at_the_end(
    site_kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More pages than counted (drafts `serve` renders): the early bundle would miss
    them, so the plugin drops it and indexes the rendered pages once the build is done."""
    started = BuildIndex.__init__

    def undercounted(self: BuildIndex, site_dir: Path, pages: int) -> None:
        started(self, site_dir, 3 if pages else 0)  # 0: kb.site.indexing.index_pages

    monkeypatch.setattr(BuildIndex, "__init__", undercounted)
    config = load_config(config_file=str(site_kb / "mkdocs.yml"))
    build(config)
    found = contents(Path(config.site_dir) / "search")
    assert found["index.json"]["pages"] == 9
    assert len([name for name in found if name.startswith("p/")]) == 9
