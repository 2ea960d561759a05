"""A build on two cores (kb.site.twocores) gives the site a one-process build gives."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from kb.site import twocores
from tests.site.conftest import copy_fixture

SPLIT_LINES = ("pages converted by a second process", "pages rendered by a second process")
# The fixture has 8 entry pages, 14 index pages and the guide; the children take the
# last of them to convert and to render.
PAGES = 23
SPLIT = [
    f"kb: {int(PAGES * twocores.CONVERT_SHARE)} pages converted by a second process",
    f"kb: {int(PAGES * twocores.RENDER_SHARE)} pages rendered by a second process",
]


@pytest.fixture(autouse=True)
def small_builds_split(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixture's eight entries are far fewer than a split needs: lower the bar."""
    monkeypatch.setattr(twocores, "MIN_PAGES", 1)


def site_files(site: Path) -> Iterator[tuple[str, bytes]]:
    """Every file of a built site; index.json without its build id (a fresh one each build)."""
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.name == "index.json" and path.parent.name == "search":
            index = json.loads(data)
            index.pop("build")
            data = json.dumps(index).encode()
        yield path.relative_to(site).as_posix(), data


def built(root: Path, two_cores: bool, caplog: pytest.LogCaptureFixture, **options: object) -> Path:
    text = (root / "mkdocs.yml").read_text()
    option = "true" if two_cores else "false"
    (root / "mkdocs.yml").write_text(
        text.replace("  - kb\n", f"  - kb:\n      two_cores: {option}\n")
    )
    config = load_config(config_file=str(root / "mkdocs.yml"), **options)
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="mkdocs"):
        build(config)
    return Path(config.site_dir)


def split_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().endswith(SPLIT_LINES)]


def log_lines(caplog: pytest.LogCaptureFixture) -> list[tuple[int, str]]:
    """What the build logged at INFO and above, but for lines that name its folder or time."""
    varying = ("Building documentation to directory", "Documentation built in")
    return [
        (r.levelno, r.getMessage())
        for r in caplog.records
        if r.levelno >= logging.INFO and not r.getMessage().startswith(varying)
    ]


def test_the_split_build_writes_the_one_process_site(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    one = built(copy_fixture(tmp_path / "one"), False, caplog)
    assert split_lines(caplog) == []
    one_lines = log_lines(caplog)
    two = built(copy_fixture(tmp_path / "two"), True, caplog)
    assert split_lines(caplog) == SPLIT
    assert log_lines(caplog) == one_lines  # the same lines: no "Page skipped" among them
    assert dict(site_files(two)) == dict(site_files(one))


def test_warnings_of_pages_a_child_converted_count_in_a_strict_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    warned = []
    for name, two_cores in (("one", False), ("two", True)):
        root = copy_fixture(tmp_path / name)
        # Entry pages come newest first: MkDocs converts the oldest last, in the child.
        oldest = root / "entries" / "2024" / "2024-12-31-year-end-freeze.md"
        oldest.write_text(oldest.read_text() + "\nSee [the guide](../../docs/missing.md).\n")
        with pytest.raises(Abort, match="in strict mode"):
            built(root, two_cores, caplog)
        warned.append([r.getMessage() for r in caplog.records if r.levelno == logging.WARNING])
    assert split_lines(caplog) == SPLIT
    assert warned[1] == warned[0]
    assert [line for line in warned[1] if "'../../docs/missing.md'" in line and "KB" not in line]


def test_pages_of_a_failed_child_are_built_here(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = built(copy_fixture(tmp_path / "one"), False, caplog)

    def crash(*args: object) -> None:
        os._exit(3)

    monkeypatch.setattr(twocores, "_convert_all", crash)
    monkeypatch.setattr(twocores.Renders, "_render_all", crash)
    two = built(copy_fixture(tmp_path / "two"), True, caplog)
    assert split_lines(caplog) == ["kb: 0 pages converted by a second process"]
    assert "kb: a build child failed; its pages are rendered here" in [
        r.getMessage() for r in caplog.records
    ]
    assert dict(site_files(two)) == dict(site_files(one))


def test_only_kb_may_handle_page_events() -> None:
    owner, other = object(), SimpleNamespace(config=SimpleNamespace(enabled=True))
    off = SimpleNamespace(config=SimpleNamespace(enabled=False))  # Material's search, off

    def config_with(plugin: object) -> object:
        events = {event: [] for event in twocores.PAGE_EVENTS}
        events["page_content"] = [SimpleNamespace(__self__=owner), SimpleNamespace(__self__=plugin)]
        return SimpleNamespace(plugins=SimpleNamespace(events=events))

    files = SimpleNamespace(documentation_pages=lambda: [])
    assert twocores.can_split(config_with(off), files, owner, 500)  # type: ignore[arg-type]
    assert not twocores.can_split(config_with(other), files, owner, 500)  # type: ignore[arg-type]
    assert not twocores.can_split(config_with(off), files, owner, 0)  # type: ignore[arg-type]
