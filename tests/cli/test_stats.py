"""`kb stats`: counts by status, tag, month and repo, as text and JSON."""

from __future__ import annotations

import json

import pytest

from tests.conftest import KnowledgeBase


@pytest.fixture
def filled(kb: KnowledgeBase) -> KnowledgeBase:
    kb.entry(
        "2025-10-01-a",
        title="A",
        created="2025-10-01T09:00:00+00:00",
        tags=("gotcha", "api"),
        extra="status: resolved",
    )
    kb.entry(
        "2025-11-02-b",
        title="B",
        created="2025-11-02T09:00:00+00:00",
        tags=("gotchas",),
        extra="repo: other",
    )
    kb.entry("2025-11-24-c", title="C", tags=("database", "gotcha"))
    return kb


def test_text(filled: KnowledgeBase, run_kb) -> None:
    result = run_kb(filled.root, "stats")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "3 entries\n"
        "\n"
        "By status\n"
        "  active          2\n"
        "  resolved        1\n"
        "  obsolete        0\n"
        "  superseded      0\n"
        "\n"
        "By tag\n"
        "  gotcha        3\n"
        "  api           1\n"
        "  database      1\n"
        "\n"
        "By month\n"
        "  2025-10      1\n"
        "  2025-11      2\n"
        "\n"
        "By repo\n"
        "  (this repo)      2\n"
        "  other            1\n"
    )


def test_json_with_a_filter(filled: KnowledgeBase, run_kb) -> None:
    result = run_kb(filled.root, "stats", "--json", "--since", "2025-11-01")
    assert json.loads(result.stdout) == {
        "entries": 2,
        "status": {"active": 2, "resolved": 0, "obsolete": 0, "superseded": 0},
        "tag": {"gotcha": 2, "database": 1},
        "month": {"2025-11": 2},
        "repo": {"(this repo)": 1, "other": 1},
    }


def test_months_follow_the_configured_time_zone(make_kb, run_kb) -> None:
    from tests.conftest import KB_YML

    kb = make_kb(config=KB_YML.replace("timezone: UTC", "timezone: Asia/Tokyo"))
    kb.entry("2025-11-30-late", title="Late", created="2025-11-30T20:00:00+00:00")
    data = json.loads(run_kb(kb.root, "stats", "--json").stdout)
    assert data["month"] == {"2025-12": 1}


def test_empty(kb: KnowledgeBase, run_kb) -> None:
    result = run_kb(kb.root, "stats", "--json")
    assert json.loads(result.stdout)["entries"] == 0
