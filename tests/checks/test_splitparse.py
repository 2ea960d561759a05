"""Parsing from both ends: every chunk once, in order, whatever the child does."""

from __future__ import annotations

import os
import time

import pytest

from kb.checks import splitparse
from kb.checks.splitparse import SplitParse


def doubled(chunk: list[int]) -> tuple[int, list[int]]:
    """A parse that says which process ran it and takes a moment, as parsing does."""
    time.sleep(0.002)
    return os.getpid(), [n * 2 for n in chunk]


def run(items: list[int]) -> tuple[set[int], list[int]]:
    parsing = SplitParse(items, doubled)
    parsing.start()
    results = parsing.finish()
    return {pid for pid, _ in results}, [n for _, part in results for n in part]


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(splitparse, "CHUNK", 7)


def test_both_processes_parse_and_every_item_comes_back_once_in_order() -> None:
    pids, values = run(list(range(1000)))
    assert values == [n * 2 for n in range(1000)]
    assert os.getpid() in pids and len(pids) == 2


def test_a_child_that_dies_leaves_its_chunks_to_this_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parent = os.getpid()
    calls = []

    def dies_on_its_third_chunk(chunk: list[int]) -> tuple[int, list[int]]:
        if os.getpid() != parent:
            calls.append(1)
            if len(calls) == 3:
                os._exit(3)
        return doubled(chunk)

    parsing = SplitParse(list(range(500)), dies_on_its_third_chunk)
    parsing.start()
    results = parsing.finish()
    assert [n for _, part in results for n in part] == [n * 2 for n in range(500)]
    assert len({pid for pid, _ in results}) == 2  # the child delivered its first two


def test_out_of_shared_memory_the_rest_is_parsed_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(splitparse, "_BYTES_PER_ITEM", 0)  # no room: the child gives up
    pids, values = run(list(range(300)))
    assert pids == {os.getpid()} and values == [n * 2 for n in range(300)]


def test_without_fork_everything_is_parsed_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise OSError("no fork here")

    monkeypatch.setattr(os, "fork", no_fork)
    pids, values = run(list(range(100)))
    assert pids == {os.getpid()} and values == [n * 2 for n in range(100)]


def test_no_items_no_chunks() -> None:
    assert run([]) == (set(), [])
