"""`kb tags`: usage counts, aliases, unused and unknown tags; `kb tags add`."""

from __future__ import annotations

import json

import pytest

from tests.conftest import KnowledgeBase


@pytest.fixture
def filled(kb: KnowledgeBase) -> KnowledgeBase:
    kb.entry("2025-11-24-a", title="A", tags=("gotchas", "database"))
    kb.entry("2025-11-25-b", title="B", tags=("gotcha",))
    kb.write(
        "entries/2025/2025-11-26-c.md",
        "---\ntitle: C\ncreated: 2025-11-26T10:00:00+00:00\ntags: [gotcha, flaky]\n---\n",
    )
    return kb


def test_counts_aliases_and_unused(filled: KnowledgeBase, run_kb) -> None:
    result = run_kb(filled.root, "tags")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "api          0  Interfaces.  unused\n"
        "database     1  Databases and migrations.\n"
        "gotcha       3  Something that surprised us. (aliases: gotchas)\n"
        "testing      0  Tests and CI.  unused\n"
        "\n"
        "4 tags, 2 unused.\n"
        "Not in the vocabulary: flaky (1)\n"
    )


def test_only_unused(filled: KnowledgeBase, run_kb) -> None:
    result = run_kb(filled.root, "tags", "--unused")
    assert result.stdout == (
        "api         0  Interfaces.\ntesting     0  Tests and CI.\n\n4 tags, 2 unused.\n"
        "Not in the vocabulary: flaky (1)\n"
    )


def test_json(filled: KnowledgeBase, run_kb) -> None:
    data = json.loads(run_kb(filled.root, "tags", "--json").stdout)
    assert data["tags"][2] == {
        "name": "gotcha",
        "description": "Something that surprised us.",
        "aliases": ["gotchas"],
        "entries": 3,
    }
    assert [t["name"] for t in data["tags"]] == ["api", "database", "gotcha", "testing"]
    assert data["unknown"] == {"flaky": 1}


def test_every_tag_used(kb: KnowledgeBase, run_kb) -> None:
    kb.entry("2025-11-24-a", title="A", tags=("gotcha", "database", "api", "testing"))
    result = run_kb(kb.root, "tags", "--unused")
    assert result.stdout == "Every tag is used.\n\n4 tags, 0 unused.\n"


def test_add_still_works(kb: KnowledgeBase, run_kb) -> None:
    result = run_kb(kb.root, "tags", "add", "flaky", "--description", "Tests that fail at random")
    assert (result.exit_code, result.stdout) == (0, "Added tag 'flaky' to kb.yml.\n")
    assert "flaky        0  Tests that fail at random  unused" in run_kb(kb.root, "tags").stdout
    again = run_kb(kb.root, "tags", "add", "flaky", "--description", "x")
    assert (again.exit_code, again.stderr) == (
        1,
        "Error: 'flaky' is already in the vocabulary (as 'flaky')\n",
    )
