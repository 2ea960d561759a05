"""The index's positionless parse gives the same entries as parse_entry."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from kb.entry import Entry, parse_entry
from kb.search.fastparse import parse_values

FIXTURE = Path(__file__).parent / "fixture"
PATH = "entries/2025/2025-01-01-x.md"


def without_positions(entry: Entry | None) -> Entry | None:
    return None if entry is None else dataclasses.replace(entry, key_lines={})


def same_as_parse_entry(text: str) -> Entry | None:
    fast = parse_values(PATH, text, dt.UTC)
    assert fast == without_positions(parse_entry(PATH, text, dt.UTC).entry)
    return fast


def test_every_fixture_entry_parses_the_same() -> None:
    paths = sorted((FIXTURE / "entries").rglob("*.md"))
    assert len(paths) == 34
    for path in paths:
        assert same_as_parse_entry(path.read_text(encoding="utf-8")) is not None


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: x\ncreated: 2025-01-01\ntags: [no, on, yes]\n---\nbody\n",
        "---\ntitle: x\ncreated: 2025-01-01T10:00:00\ntags: [a]\nstatus: resolved\n---\n",
        "---\ntitle: x\ntitle: y\ncreated: 2025-01-01\ntags: [a]\n---\n",
        "---\ntitle: &t x\ncreated: 2025-01-01\ntags: [*t]\n---\n",
        "---\ntitle: x\ncreated: 2025-01-01\ntags: a\nfiles: [b.py:1-2, c/]\n---\n",
        "\ufeff---\r\ntitle: x\r\ncreated: 2025-01-01\r\ntags: [a]\r\n---\r\nbody\r\n",
    ],
)
def test_edge_cases_parse_the_same(text: str) -> None:
    same_as_parse_entry(text)


@pytest.mark.parametrize(
    "text",
    [
        "no frontmatter\n",
        "---\ntitle: x\n",
        "---\ntitle: [x\n---\n",
        "---\n- a list\n---\n",
        "---\ntitle: x\n---\n",
        "---\ntitle: x\ncreated: 2025-13-45\ntags: [a]\n---\n",
    ],
)
def test_unusable_entries_are_none(text: str) -> None:
    assert same_as_parse_entry(text) is None
