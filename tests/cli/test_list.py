"""`kb list`: newest first, filters, table/json/csv, and the empty cases."""

from __future__ import annotations

import json

import pytest

from tests.conftest import KnowledgeBase


@pytest.fixture
def filled(kb: KnowledgeBase) -> KnowledgeBase:
    kb.entry(
        "2025-10-01-flaky-ci",
        title="Flaky CI on Mondays",
        created="2025-10-01T09:00:00+00:00",
        tags=("testing",),
        extra="status: resolved",
    )
    kb.entry(
        "2025-11-24-django-migrations",
        title="Django migrations, out of sync",
        tags=("gotchas", "database"),
        files=("api/registry/admin.py:40-62",),
    )
    kb.entry(
        "2025-11-02-api-timeouts",
        title="API timeouts",
        created="2025-11-02T08:00:00+00:00",
        tags=("api",),
    )
    return kb


def test_table_newest_first(filled: KnowledgeBase, run_kb) -> None:
    result = run_kb(filled.root, "list")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "ID                            DATE        TITLE                           TAGS             STATUS\n"  # noqa: E501
        "2025-11-24-django-migrations  2025-11-24  Django migrations, out of sync  gotcha database  active\n"  # noqa: E501
        "2025-11-02-api-timeouts       2025-11-02  API timeouts                    api              active\n"  # noqa: E501
        "2025-10-01-flaky-ci           2025-10-01  Flaky CI on Mondays             testing          resolved\n"  # noqa: E501
    )  # fmt: skip


def test_csv(filled: KnowledgeBase, run_kb) -> None:
    result = run_kb(filled.root, "list", "--format", "csv", "--limit", "2")
    assert result.stdout == (
        "id,date,title,tags,status\n"
        '2025-11-24-django-migrations,2025-11-24,"Django migrations, out of sync",'
        "gotcha database,active\n"
        "2025-11-02-api-timeouts,2025-11-02,API timeouts,api,active\n"
    )


def test_json(filled: KnowledgeBase, run_kb) -> None:
    result = run_kb(filled.root, "list", "--format", "json", "--tag", "database")
    assert json.loads(result.stdout) == [
        {
            "id": "2025-11-24-django-migrations",
            "path": "entries/2025/2025-11-24-django-migrations.md",
            "title": "Django migrations, out of sync",
            "created": "2025-11-24T15:40:00+00:00",
            "updated": None,
            "tags": ["gotcha", "database"],
            "status": "active",
            "superseded_by": None,
            "files": ["api/registry/admin.py:40-62"],
            "repo": None,
            "authors": [],
            "verified": None,
            "source": None,
        }
    ]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--tag", "gotcha"], ["2025-11-24-django-migrations"]),
        (["--tag", "gotcha", "--tag", "api"], []),
        (
            ["--status", "resolved", "--status", "active"],
            ["2025-11-24-django-migrations", "2025-11-02-api-timeouts", "2025-10-01-flaky-ci"],
        ),
        (["--status", "resolved"], ["2025-10-01-flaky-ci"]),
        (["--since", "2025-11-01"], ["2025-11-24-django-migrations", "2025-11-02-api-timeouts"]),
        (["--file", "api/registry/admin.py"], ["2025-11-24-django-migrations"]),
        (["--file", "api/"], ["2025-11-24-django-migrations"]),
    ],
)
def test_filters(filled: KnowledgeBase, run_kb, args: list[str], expected: list[str]) -> None:
    result = run_kb(filled.root, "list", "--format", "json", *args)
    assert [record["id"] for record in json.loads(result.stdout)] == expected


def test_nothing_matches(filled: KnowledgeBase, run_kb) -> None:
    result = run_kb(filled.root, "list", "--tag", "testing", "--status", "active")
    assert (result.exit_code, result.stdout) == (0, "No entries match.\n")


def test_an_empty_knowledge_base(kb: KnowledgeBase, run_kb) -> None:
    assert run_kb(kb.root, "list").stdout == "No entries yet.\n"
    assert run_kb(kb.root, "list", "--format", "json").stdout == "[]\n"
    assert run_kb(kb.root, "list", "--format", "csv").stdout == "id,date,title,tags,status\n"


def test_unreadable_entries_are_left_out_with_a_warning(filled: KnowledgeBase, run_kb) -> None:
    filled.write("entries/2025/2025-12-01-broken.md", "---\ntitle: [\n---\n")
    result = run_kb(filled.root, "list", "--format", "csv")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 4
    assert result.stderr == (
        "warning: 1 entry file(s) could not be read and are left out (see `kb check`)\n"
    )


def test_unknown_tag_and_bad_format(filled: KnowledgeBase, run_kb) -> None:
    result = run_kb(filled.root, "list", "--tag", "nope")
    assert (result.exit_code, result.stderr) == (1, "Error: unknown tag 'nope' (see `kb tags`)\n")
    result = run_kb(filled.root, "list", "--format", "xml")
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr


def test_titles_are_cut_to_fit_a_terminal(
    filled: KnowledgeBase, run_kb, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from kb import terminal

    monkeypatch.setattr("kb.cli.list_.stdout_is_terminal", lambda: True)
    monkeypatch.setattr(terminal.shutil, "get_terminal_size", lambda: os.terminal_size((90, 50)))
    lines = run_kb(filled.root, "list").stdout.splitlines()
    assert lines[1] == (
        "2025-11-24-django-migrations  2025-11-24  Django migrations, o…  gotcha database  active"
    )
    assert max(len(line) for line in lines) <= 90
