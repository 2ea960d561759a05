"""The shared filters: dates and ages for --since, file and folder matching for --file."""

from __future__ import annotations

import datetime as dt

import pytest

from kb.search.filters import parse_since, query_path, refers_to_any
from kb.search.spelling import edit_distance

NOW = dt.datetime(2025, 11, 24, 12, 0, tzinfo=dt.UTC)
BERLIN = dt.timezone(dt.timedelta(hours=1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-11-01", dt.datetime(2025, 11, 1, tzinfo=BERLIN)),
        ("2025-11-01T08:00:00+00:00", dt.datetime(2025, 11, 1, 8, tzinfo=dt.UTC)),
        ("7d", NOW - dt.timedelta(days=7)),
        ("2w", NOW - dt.timedelta(days=14)),
        ("3m", NOW - dt.timedelta(days=90)),
        ("1y", NOW - dt.timedelta(days=365)),
    ],
)
def test_since(text: str, expected: dt.datetime) -> None:
    assert parse_since(text, BERLIN, NOW) == expected


def test_since_rejects_anything_else() -> None:
    with pytest.raises(ValueError, match="'last week' is not a date"):
        parse_since("last week", BERLIN, NOW)


@pytest.mark.parametrize(
    ("refs", "path", "expected"),
    [
        ([("file", "api/x.py")], "api/x.py", True),
        ([("file", "api/x.py")], "api", True),  # a folder holding the file
        ([("file", "api/x.py")], "api/x", False),
        ([("directory", "api")], "api/deep/x.py", True),  # a file inside the folder
        ([("glob", "api/**/*.py")], "api/a/b.py", True),
        ([("glob", "api/*.py")], "web/a.py", False),
        ([("file", "web/a.ts"), ("file", "api/x.py")], "api/x.py", True),
    ],
)
def test_file_matching(refs: list[tuple[str, str]], path: str, expected: bool) -> None:
    assert refers_to_any(refs, [path]) is expected


def test_query_path_normalises() -> None:
    assert query_path("./api//x.py:10-20") == "api/x.py"
    assert query_path("api/registry/") == "api/registry"


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("migration", "migration", 0),
        ("migrtion", "migration", 1),
        ("terrafrom", "terraform", 1),
        ("cat", "dog", 3),
        ("kitten", "sitting", 3),
    ],
)
def test_edit_distance(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b, 5) == distance


def test_edit_distance_stops_at_the_limit() -> None:
    assert edit_distance("abcdefgh", "zyxwvuts", 2) == 3
