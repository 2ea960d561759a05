"""`kb search`: exact text and JSON output, color rules, filters and errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kb.cli.main import cli
from tests.conftest import KnowledgeBase


@pytest.fixture
def filled(kb: KnowledgeBase) -> KnowledgeBase:
    kb.entry(
        "2025-11-24-django-migrations",
        title="Django migrations out of sync",
        tags=("gotcha", "database"),
        files=("api/registry/admin.py:40-62",),
        body="## Details\n\nNo migrations to apply, yet the tables are missing.\n",
    )
    kb.entry(
        "2025-10-01-flaky-ci",
        title="Flaky CI on Mondays",
        created="2025-10-01T09:00:00+00:00",
        tags=("testing",),
        body="The runner cache expires over the weekend.\n",
        extra="status: resolved",
    )
    return kb


def test_text_output(filled: KnowledgeBase, run_kb) -> None:
    result = run_kb(filled.root, "search", "migrations")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == (
        "Django migrations out of sync\n"
        "  2025-11-24-django-migrations  2025-11-24  gotcha, database\n"
        "  Details No migrations to apply, yet the tables are missing.\n"
    )


def test_status_shown_when_not_active(filled: KnowledgeBase, run_kb) -> None:
    result = run_kb(filled.root, "search", "weekend")
    assert result.stdout.splitlines()[1] == "  2025-10-01-flaky-ci  2025-10-01  testing  resolved"


def test_json_output(filled: KnowledgeBase, run_kb) -> None:
    result = run_kb(filled.root, "search", "kubernetes", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data == {"query": "kubernetes", "corrections": {}, "results": []}
    result = run_kb(filled.root, "search", "migratons", "--json")
    data = json.loads(result.stdout)
    assert data == {
        "query": "migratons",
        "corrections": {"migratons": "migrations"},
        "results": [
            {
                "id": "2025-11-24-django-migrations",
                "path": "entries/2025/2025-11-24-django-migrations.md",
                "title": "Django migrations out of sync",
                "created": "2025-11-24T15:40:00+00:00",
                "tags": ["gotcha", "database"],
                "status": "active",
                "files": ["api/registry/admin.py:40-62"],
                "score": data["results"][0]["score"],
                "snippet": "Details No **migrations** to apply, yet the tables are missing.",
            }
        ],
    }


def test_a_correction_is_announced(filled: KnowledgeBase, run_kb) -> None:
    result = run_kb(filled.root, "search", "migratons")
    assert result.stdout.splitlines()[:3] == [
        "No match for some words; searched with: migratons -> migrations",
        "",
        "Django migrations out of sync",
    ]


def test_no_match(filled: KnowledgeBase, run_kb) -> None:
    result = run_kb(filled.root, "search", "kubernetes")
    assert (result.exit_code, result.stdout) == (0, "No entries match 'kubernetes'.\n")


def test_filters(filled: KnowledgeBase, run_kb) -> None:
    def found(*args: str) -> list[str]:
        data = json.loads(run_kb(filled.root, "search", *args, "--json").stdout)
        return [hit["id"] for hit in data["results"]]

    both = ["2025-11-24-django-migrations", "2025-10-01-flaky-ci"]
    assert sorted(found("the")) == sorted(both)
    assert found("the", "--tag", "gotchas") == ["2025-11-24-django-migrations"]
    assert found("the", "--status", "resolved") == ["2025-10-01-flaky-ci"]
    assert found("the", "--since", "2025-11-01") == ["2025-11-24-django-migrations"]
    assert found("the", "--file", "api/registry/") == ["2025-11-24-django-migrations"]
    assert found("the", "--file", "web/") == []


def test_color_on_a_terminal_and_not_with_no_color(
    filled: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(filled.root)
    colored = CliRunner().invoke(cli, ["search", "migrations"], color=True)
    assert "\x1b[1mDjango migrations out of sync\x1b[0m" in colored.stdout
    assert "\x1b[31m\x1b[1mmigrations\x1b[0m" in colored.stdout
    monkeypatch.setenv("NO_COLOR", "1")
    plain = CliRunner().invoke(cli, ["search", "migrations"], color=True)
    assert "\x1b[" not in plain.stdout
    assert plain.stdout.startswith("Django migrations out of sync\n")


def test_an_unknown_tag_is_an_error_with_a_suggestion(filled: KnowledgeBase, run_kb) -> None:
    result = run_kb(filled.root, "search", "x", "--tag", "databse")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Error: unknown tag 'databse'; did you mean database?\n"


def test_a_bad_since_is_a_usage_error(filled: KnowledgeBase, run_kb) -> None:
    result = run_kb(filled.root, "search", "x", "--since", "yesterday")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--since': 'yesterday' is not a date (2025-11-24), "
        "a date-time, or an age such as 30d, 2w, 6m, 1y"
    )


def test_a_query_without_words(filled: KnowledgeBase, run_kb) -> None:
    result = run_kb(filled.root, "search", "--", "--")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: the query '--' has no words to search for\n",
    )


def test_unreadable_entries_are_reported(filled: KnowledgeBase, run_kb) -> None:
    filled.write("entries/2025/2025-11-25-broken.md", "no frontmatter\n")
    result = run_kb(filled.root, "search", "migrations")
    assert result.exit_code == 0
    assert result.stderr == (
        "warning: 1 entry file(s) could not be read and are left out (see `kb check`)\n"
    )


def test_the_index_is_kept_in_the_cache_folder(filled: KnowledgeBase, run_kb) -> None:
    run_kb(filled.root, "search", "migrations")
    assert (filled.root / ".kb/cache/search.sqlite3").is_file()


def test_without_a_knowledge_base(tmp_path, run_kb) -> None:
    result = run_kb(tmp_path, "search", "x")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: no kb.yml in ")


def test_an_unusable_cache_folder_is_one_error_line(filled: KnowledgeBase, run_kb) -> None:
    (filled.root / ".kb").write_text("not a folder")
    result = run_kb(filled.root, "search", "migrations")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: .kb/cache/search.sqlite3: cannot open the search index: Not a directory\n"
    )


def test_concurrent_searches_on_a_fresh_index_all_answer(filled: KnowledgeBase) -> None:
    import subprocess
    import sys

    command = [sys.executable, "-c", "from kb.cli.main import cli; cli()", "search", "--json"]
    runs = [
        subprocess.Popen(
            [*command, "migrations"],
            cwd=filled.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(4)
    ]
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert (run.returncode, err) == (0, b"")
        assert [hit["id"] for hit in json.loads(out)["results"]] == ["2025-11-24-django-migrations"]
