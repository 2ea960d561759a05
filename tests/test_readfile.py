"""read_file: the whole file whatever the size it was expected to have."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.readfile import read_file


@pytest.mark.parametrize("expected", [0, 5, 10, 11, 100_000])
def test_the_whole_file_whatever_size_was_expected(tmp_path: Path, expected: int) -> None:
    path = tmp_path / "entry.md"
    data = b"0123456789" * 20_000  # larger than one chunk
    path.write_bytes(data)
    assert read_file(str(path), expected) == data


def test_an_empty_file_and_a_missing_one(tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_bytes(b"")
    assert read_file(str(tmp_path / "empty.md")) == b""
    with pytest.raises(FileNotFoundError):
        read_file(str(tmp_path / "missing.md"))
    with pytest.raises(IsADirectoryError):
        read_file(str(tmp_path))
