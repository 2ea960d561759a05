"""A build on two cores (kb.site.twocores) gives the site a one-process build gives."""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.commands import build as build_module
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from kb.site import twocores
from kb.site.claims import Claims
from tests.site.conftest import copy_fixture

SPLIT_LINES = ("pages converted by a second process", "pages rendered by a second process")
PAGES = 23  # the fixture's 8 entry pages, 14 index pages and the guide
CLAIM = Claims.mine


@pytest.fixture(autouse=True)
def small_builds_split(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixture's eight entries are far fewer than a split needs: lower the bar. And
    before this process claims its second page, the child has claimed half of them:
    without that, on so few pages, MkDocs could well do them all before the child starts."""
    monkeypatch.setattr(twocores, "MIN_PAGES", 1)
    # The browser tests leave Playwright's asyncio threads behind in this process; the
    # children here use nothing of theirs.
    monkeypatch.setattr(twocores, "other_threads", lambda: False)
    monkeypatch.setattr(twocores, "cores", lambda: 2)  # and on a machine of one core

    def mine_after_the_child(claims: Claims, index: int) -> bool:
        deadline = time.monotonic() + 10
        while index == 1 and claims._load()[1] > PAGES // 2 and time.monotonic() < deadline:
            time.sleep(0.001)
        return CLAIM(claims, index)

    monkeypatch.setattr(Claims, "mine", mine_after_the_child)


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


def split_counts(caplog: pytest.LogCaptureFixture) -> list[int]:
    """How many pages the children converted and rendered, from the build's debug lines."""
    lines = [r.getMessage() for r in caplog.records if r.getMessage().endswith(SPLIT_LINES)]
    return [int(line.split()[1]) for line in lines]


def assert_split(caplog: pytest.LogCaptureFixture) -> None:
    converted, rendered = split_counts(caplog)
    assert PAGES // 2 <= converted < PAGES
    assert PAGES // 2 <= rendered < PAGES


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
    assert split_counts(caplog) == []
    one_lines = log_lines(caplog)
    two = built(copy_fixture(tmp_path / "two"), True, caplog)
    assert_split(caplog)
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
    assert_split(caplog)
    assert warned[1] == warned[0]
    assert [line for line in warned[1] if "'../../docs/missing.md'" in line and "KB" not in line]


def test_pages_of_a_failed_child_are_built_here(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = built(copy_fixture(tmp_path / "one"), False, caplog)
    here = os.getpid()

    def dying_in_a_child(work: Callable[..., None]) -> Callable[..., None]:
        def run(*args: object, **options: object) -> None:
            if os.getpid() != here:
                os._exit(3)  # after the child claimed its first page
            work(*args, **options)

        return run

    # Each child dies on its first page; MkDocs does not wait for them to claim half.
    monkeypatch.setattr(Claims, "mine", CLAIM)
    monkeypatch.setattr(twocores, "_convert", dying_in_a_child(twocores._convert))
    monkeypatch.setattr(build_module, "_build_page", dying_in_a_child(build_module._build_page))
    two = built(copy_fixture(tmp_path / "two"), True, caplog)
    assert split_counts(caplog) == [0]
    assert "kb: a build child failed; its pages are rendered here" in [
        r.getMessage() for r in caplog.records
    ]
    assert dict(site_files(two)) == dict(site_files(one))


def test_a_build_whose_forks_fail_is_the_one_process_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = built(copy_fixture(tmp_path / "one"), False, caplog)
    monkeypatch.setattr(Claims, "mine", CLAIM)  # no child will claim anything
    monkeypatch.setattr(twocores, "fork", lambda work: None)
    two = built(copy_fixture(tmp_path / "two"), True, caplog)
    assert split_counts(caplog) == [0]  # and no "rendered by a second process" line
    assert dict(site_files(two)) == dict(site_files(one))


def test_only_kb_may_handle_page_events(monkeypatch: pytest.MonkeyPatch) -> None:
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
    monkeypatch.setattr(twocores, "cores", lambda: 1)
    assert not twocores.can_split(config_with(off), files, owner, 500)  # type: ignore[arg-type]
