"""`kb show`: the entry for the terminal, its related entries, and unknown ids."""

from __future__ import annotations

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
        files=("api/admin.py:40-62", "dev/setup.sh"),
        body="## Details\n\nRun `migrate` again.\n",
    )
    kb.entry(
        "2025-11-20-admin-slow",
        title="Admin list is slow",
        created="2025-11-20T09:00:00+00:00",
        tags=("api",),
        files=("api/admin.py",),
    )
    kb.entry(
        "2025-11-10-db-locks",
        title="Database locks",
        created="2025-11-10T09:00:00+00:00",
        tags=("database",),
        extra="status: superseded\nsuperseded_by: 2025-11-20-admin-slow",
    )
    kb.entry(
        "2025-11-01-unrelated",
        title="Flaky tests",
        created="2025-11-01T09:00:00+00:00",
        tags=("testing",),
    )
    return kb


def test_show_renders_the_entry_and_its_related_entries(filled: KnowledgeBase, run_kb) -> None:
    result = run_kb(filled.root, "show", "2025-11-24-django-migrations")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "Django migrations out of sync\n"
        "\n"
        "id        2025-11-24-django-migrations\n"
        "path      entries/2025/2025-11-24-django-migrations.md\n"
        "created   2025-11-24T15:40:00+00:00\n"
        "tags      gotcha, database\n"
        "status    active\n"
        "files     api/admin.py:40-62\n"
        "          dev/setup.sh\n"
        "\n"
        "## Details\n"
        "\n"
        "Run `migrate` again.\n"
        "\n"
        "Related\n"
        "  2025-11-20-admin-slow  Admin list is slow  (shares files: api/admin.py)\n"
        "  2025-11-10-db-locks  Database locks  (shares tags: database)\n"
    )


def test_status_and_successor(filled: KnowledgeBase, run_kb) -> None:
    lines = run_kb(filled.root, "show", "2025-11-10-db-locks").stdout.splitlines()
    assert "status    superseded by 2025-11-20-admin-slow" in lines


def test_by_slug_or_path(filled: KnowledgeBase, run_kb) -> None:
    by_slug = run_kb(filled.root, "show", "django-migrations", "--related", "0")
    by_path = run_kb(
        filled.root, "show", "entries/2025/2025-11-24-django-migrations.md", "--related", "0"
    )
    assert by_slug.exit_code == by_path.exit_code == 0
    assert by_slug.stdout == by_path.stdout
    assert "Related" not in by_slug.stdout


def test_an_unknown_id_suggests_the_closest(filled: KnowledgeBase, run_kb) -> None:
    result = run_kb(filled.root, "show", "2025-11-24-djngo-migrations")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: no entry '2025-11-24-djngo-migrations'; "
        "did you mean 2025-11-24-django-migrations?\n"
    )
    result = run_kb(filled.root, "show", "nothing-like-it")
    assert result.stderr == "Error: no entry 'nothing-like-it' (see `kb list`)\n"


def test_colors_on_a_terminal(filled: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(filled.root)
    result = CliRunner().invoke(cli, ["show", "django-migrations"], color=True)
    assert result.stdout.startswith("\x1b[1mDjango migrations out of sync\x1b[0m\n")
    assert "\x1b[36m\x1b[1m## Details\x1b[0m" in result.stdout
    assert "Run \x1b[36m`migrate`\x1b[0m again." in result.stdout
    monkeypatch.setenv("NO_COLOR", "1")
    plain = CliRunner().invoke(cli, ["show", "django-migrations"], color=True)
    assert "\x1b" not in plain.stdout


def test_long_output_on_a_terminal_goes_through_the_pager(
    filled: KnowledgeBase, run_kb, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from kb import terminal

    paged: list[str] = []
    monkeypatch.setattr(terminal, "stdout_is_terminal", lambda: True)
    monkeypatch.setattr(terminal.click, "echo_via_pager", lambda text, color: paged.append(text))
    monkeypatch.setattr(terminal.shutil, "get_terminal_size", lambda: os.terminal_size((80, 40)))
    short = run_kb(filled.root, "show", "django-migrations")
    assert (paged, short.stdout.splitlines()[0]) == ([], "Django migrations out of sync")
    monkeypatch.setattr(terminal.shutil, "get_terminal_size", lambda: os.terminal_size((80, 10)))
    long = run_kb(filled.root, "show", "django-migrations")
    assert long.stdout == ""
    assert len(paged) == 1
    assert terminal.click.unstyle(paged[0]).startswith("Django migrations out of sync\n\nid ")
