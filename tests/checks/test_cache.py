"""kb.cache: a stored fingerprint matches only while every input is unchanged."""

from __future__ import annotations

import os
from pathlib import Path

from kb.cache import Cache, Fingerprint, stat_of, still_valid


def snapshot(path: Path, racy_ns: int, taken_ns: int | None = None) -> dict[str, object]:
    fingerprint = Fingerprint() if taken_ns is None else Fingerprint(taken_ns=taken_ns)
    fingerprint.add_file(str(path), stat_of(path), path.read_bytes())
    fingerprint.add_stats([str(path.parent)])
    return fingerprint.to_json(racy_ns)


def test_unchanged_inputs_match(tmp_path: Path) -> None:
    entry = tmp_path / "a.md"
    entry.write_text("one")
    stored = snapshot(entry, racy_ns=0)
    assert still_valid(stored, {str(entry): stat_of(entry)})


def test_an_added_or_removed_file_does_not_match(tmp_path: Path) -> None:
    entry = tmp_path / "a.md"
    entry.write_text("one")
    stored = snapshot(entry, racy_ns=0)
    assert not still_valid(stored, {})
    other = tmp_path / "b.md"
    assert not still_valid(stored, {str(entry): stat_of(entry), str(other): None})


def test_a_racy_file_is_verified_by_its_content(tmp_path: Path) -> None:
    entry = tmp_path / "a.md"
    entry.write_text("one")
    stat = stat_of(entry)
    assert stat is not None
    # Snapshot taken just after the write: the file is racy, so stats are not enough.
    stored = snapshot(entry, racy_ns=10**12, taken_ns=stat[3] + 1)
    stored["stats"] = {}
    entry.write_text("two")  # same size; maybe even the same mtime
    os.utime(entry, ns=(stat[2], stat[2]))
    assert not still_valid(stored, {str(entry): stat_of(entry)})
    entry.write_text("one")
    assert still_valid(stored, {str(entry): stat_of(entry)})


def test_a_racy_folder_is_never_trusted(tmp_path: Path) -> None:
    entry = tmp_path / "a.md"
    entry.write_text("one")
    folder_stat = stat_of(tmp_path)
    assert folder_stat is not None
    stored = snapshot(entry, racy_ns=10**12, taken_ns=folder_stat[2] + 1)
    assert not still_valid(stored, {str(entry): stat_of(entry)})


def test_a_folder_change_does_not_match(tmp_path: Path) -> None:
    entry = tmp_path / "a.md"
    entry.write_text("one")
    stored = snapshot(entry, racy_ns=0)
    (tmp_path / "new.txt").write_text("x")
    os.utime(tmp_path, ns=(1, 1))  # even with an old mtime, the ctime moved
    assert not still_valid(stored, {str(entry): stat_of(entry)})


def test_a_corrupt_or_unwritable_cache_reads_as_a_miss(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    assert cache.read("x.json") is None
    cache.write("x.json", {"a": 1})
    assert cache.read("x.json") == {"a": 1}
    (tmp_path / ".kb" / "cache" / "x.json").write_text("{not json")
    assert cache.read("x.json") is None
    blocked = Cache(tmp_path / "file")
    (tmp_path / "file").write_text("a file where the .kb folder would go")
    blocked.write("x.json", {"a": 1})  # no exception
    assert blocked.read("x.json") is None


def test_an_input_missing_at_the_snapshot_must_stay_missing(tmp_path: Path) -> None:
    entry, later = tmp_path / "a.md", tmp_path / "later.md"
    entry.write_text("one")
    fingerprint = Fingerprint()
    fingerprint.add_file(str(entry), stat_of(entry), entry.read_bytes())
    fingerprint.add_stats([str(later)])
    stored = fingerprint.to_json(0)
    assert stored["stats"]["missing"] == [0]
    assert still_valid(stored, {str(entry): stat_of(entry)})
    later.write_text("now here")
    assert not still_valid(stored, {str(entry): stat_of(entry)})
