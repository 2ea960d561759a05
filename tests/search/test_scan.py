"""The freshness scan: which files it sees, and its key."""

from __future__ import annotations

import io
import os
from array import array

import pytest

from kb.config import Config
from kb.search.scan import Scan, scan


def test_a_file_gone_between_listing_and_stat_is_not_an_entry(
    fixture_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    listdir = os.listdir

    def listing_with_a_ghost(folder: bytes) -> list[bytes]:
        names = listdir(folder)
        return [*names, b"2024-01-01-ghost.md"] if folder.endswith(b"2024") else names

    monkeypatch.setattr(os, "listdir", listing_with_a_ghost)
    found = scan(fixture_config)
    assert len(found.paths) == 34 == len(found.stamps) // 2
    assert not any("ghost" in path for path in found.paths)


def test_a_scan_has_its_own_key_and_no_other(fixture_config: Config) -> None:
    found = scan(fixture_config)
    key = found.key()
    assert found.matches(io.BytesIO(key).read)
    names_end = key.index(b"\0\0")
    others = [
        key[:-1],
        key + b"\0",
        key[:10] + b"X" + key[11:],  # a path
        key[:names_end] + b"\0" + key[names_end:],  # a path more, empty
        key[:-3] + b"\x7f" + key[-2:],  # a stamp
        b"\0" + key,
        b"",
    ]
    assert [found.matches(io.BytesIO(other).read) for other in others] == [False] * len(others)
    empty = Scan([], array("q"))
    assert empty.matches(io.BytesIO(empty.key()).read)
    assert not empty.matches(io.BytesIO(key).read)
