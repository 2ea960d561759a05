"""Checks on two cores give the findings, and the cache inputs, of one core."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator

import pytest

from kb import codes
from kb.checks import CHECKS, CheckContext, CheckOptions, check_project, parallel
from kb.config import load_config
from kb.diagnostics import Diagnostic
from kb.project import load_project
from tests.conftest import KnowledgeBase


@pytest.fixture
def broken(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> KnowledgeBase:
    """Findings of every kind the links and files checks give, on a tiny knowledge base
    that is forked for anyway."""
    monkeypatch.setattr(parallel, "MIN_ENTRIES", 1)
    kb.write("src/app.py", "a\nb\n")
    kb.write("docs/index.md", "# Home\n\nRead [gone](../entries/2025/2025-11-24-gone.md).\n")
    kb.commit()
    kb.entry("2025-11-24-b", title="B", files=("src/app.py:1-9",), body="## Fix\n")
    kb.entry(
        "2025-11-24-a",
        title="A",
        files=("src/ap.py", "src/app.py"),
        body="See [b](2025-11-24-b.md#solution), [c](../2024/c.md) and [x](#nowhere).\n",
    )
    return kb


def run(kb: KnowledgeBase, forked: bool) -> tuple[list[str], CheckContext]:
    project = load_project(load_config(kb.root / "kb.yml"))
    options = CheckOptions(use_cache=False, parallel=forked, ignore=("KB205", "KB309", "KB31"))
    ctx = CheckContext(project.config, project, options)
    result = check_project(project, options, context=ctx)
    return [d.one_line() for d in result.diagnostics], ctx


def test_two_cores_find_what_one_finds_and_look_at_the_same_files(broken: KnowledgeBase) -> None:
    one, one_ctx = run(broken, forked=False)
    two, two_ctx = run(broken, forked=True)
    assert [line.split(": ")[1].split()[0] for line in one] == [
        "KB401", "KB301", "KB402", "KB401", "KB402", "KB302",
    ]  # fmt: skip
    assert two == one
    assert two_ctx.observed == one_ctx.observed != set()
    assert two_ctx.known_stats == one_ctx.known_stats != {}


def test_the_per_entry_checks_really_run_in_another_process(
    broken: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from kb.checks import splitparse
    from kb.checks.context import Parts
    from kb.entry import Entry

    def where(ctx: CheckContext, entries: list[Entry], state: object) -> Iterator[Diagnostic]:
        time.sleep(0.1)  # slow enough that the child takes a chunk
        for entry in entries:
            yield codes.BROKEN_LINK.at(entry.path, 1, 1, f"pid {os.getpid()}")

    monkeypatch.setattr(splitparse, "CHUNK", 1)
    links = next(check for check in CHECKS if check.name == "links")
    fake = dataclasses.replace(links, parts=Parts(where, lambda ctx, state: iter(())))
    project = load_project(load_config(broken.root / "kb.yml"))
    options = CheckOptions(use_cache=False, parallel=True)
    found = check_project(project, options, checks=[fake])
    pids = {d.message for d in found.diagnostics}
    assert len(found.diagnostics) == 2 and len(pids) == 2  # one entry each
    assert f"pid {os.getpid()}" in pids


def test_a_failing_child_leaves_the_work_to_the_parent(
    broken: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, _ = run(broken, forked=False)
    parent, original = os.getpid(), parallel._EntryWork.chunk

    def crash(self: parallel._EntryWork, entries: list[object]) -> object:
        if os.getpid() != parent:
            raise RuntimeError("the child dies")
        return original(self, entries)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel._EntryWork, "chunk", crash)
    two, _ = run(broken, forked=True)
    assert two == one


def test_a_small_knowledge_base_is_not_forked_for(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_fork() -> int:
        raise AssertionError("forked")

    monkeypatch.setattr(os, "fork", no_fork)
    kb.entry("2025-11-24-a", title="A", body="See [c](c.md).\n")
    assert run(kb, forked=True)[0] == [
        "entries/2025/2025-11-24-a.md:7:5: KB401 link target not found: c.md"
    ]


def test_a_cold_run_leaves_the_cycle_collector_as_it_found_it(kb: KnowledgeBase) -> None:
    import gc

    from kb.checks.runner import check_knowledge_base

    config = load_config(kb.root / "kb.yml")
    assert gc.isenabled()
    check_knowledge_base(config, CheckOptions(use_cache=False))
    assert gc.isenabled()
    gc.disable()
    try:
        check_knowledge_base(config, CheckOptions(use_cache=False))
        assert not gc.isenabled()
    finally:
        gc.enable()


def cold_run(kb: KnowledgeBase, forked: bool) -> tuple[list[str], dict[str, object]]:
    """kb check's cold run: its findings, and the fingerprint it stored for the cache."""
    import json

    from kb.checks.runner import check_knowledge_base

    config = load_config(kb.root / "kb.yml")
    options = CheckOptions(parallel=forked, ignore=("KB205", "KB309", "KB31"))
    run = check_knowledge_base(config, options)
    stored = json.loads((kb.root / ".kb" / "cache" / "check.json").read_text())
    (kb.root / ".kb" / "cache" / "check.json").unlink()
    return [d.one_line() for d in run.result.diagnostics], stored["fingerprint"]["files"]


def test_entries_parsed_on_two_cores_give_the_same_run(
    broken: KnowledgeBase, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import time

    from kb.checks import runner, splitparse

    broken.write("entries/2025/2025-11-25-bad.md", "---\ntitle: [unclosed\n---\n")
    broken.write("entries/2025/2025-11-26-c.md", "no frontmatter\n")
    one, one_files = cold_run(broken, forked=False)
    parsed_in = tmp_path / "parsed-in"
    original = runner._parsed

    def recorded(*args: object) -> object:
        with parsed_in.open("a") as log:
            log.write(f"{os.getpid()}\n")
        time.sleep(0.1)  # slow enough that the child takes some of the chunks
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(runner, "_parsed", recorded)
    monkeypatch.setattr(splitparse, "CHUNK", 1)
    two, two_files = cold_run(broken, forked=True)
    assert len(set(parsed_in.read_text().split())) == 2  # this process and the child
    assert two == one and len(one) == 8
    assert two_files == one_files and len(one_files["paths"]) == 4


def test_a_failing_parse_child_leaves_the_parsing_to_the_parent(
    broken: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kb.checks import runner

    one, one_files = cold_run(broken, forked=False)
    parent, original = os.getpid(), runner._parsed

    def dies_in_the_child(*args: object) -> object:
        if os.getpid() != parent:
            os._exit(3)
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(runner, "_parsed", dies_in_the_child)
    assert cold_run(broken, forked=True) == (one, one_files)
