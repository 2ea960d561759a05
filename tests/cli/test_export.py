"""`kb export`: JSON (schema in docs/reference/export.md) and the llms.txt-style file."""

from __future__ import annotations

import json

import pytest

from kb.export import EXPORT_VERSION, demote_headings
from tests.conftest import KnowledgeBase


@pytest.fixture
def filled(kb: KnowledgeBase) -> KnowledgeBase:
    kb.entry(
        "2025-11-24-django-migrations",
        title="Django migrations out of sync",
        tags=("gotchas", "database"),
        files=("api/admin.py:40-62",),
        body="## Details\n\nRun it.\n\n```sh\n# not a heading\n```\n",
        extra="verified:\n  commit: abc123\n  date: 2025-11-25T10:00:00+00:00",
    )
    kb.entry(
        "2025-10-01-old",
        title="Old way",
        created="2025-10-01T09:00:00+00:00",
        tags=("api",),
        body="",
        extra="status: superseded\nsuperseded_by: 2025-11-24-django-migrations\nrepo: other",
    )
    return kb


def test_json(filled: KnowledgeBase, run_kb) -> None:
    result = run_kb(filled.root, "export")
    assert (result.exit_code, result.stderr) == (0, "")
    data = json.loads(result.stdout)
    assert data["version"] == EXPORT_VERSION == 1
    assert data["title"] == "Test knowledge base"
    assert data["description"] == ""
    assert data["tags"]["gotcha"] == {
        "description": "Something that surprised us.",
        "aliases": ["gotchas"],
    }
    assert [e["id"] for e in data["entries"]] == ["2025-11-24-django-migrations", "2025-10-01-old"]
    assert data["entries"][0] == {
        "id": "2025-11-24-django-migrations",
        "path": "entries/2025/2025-11-24-django-migrations.md",
        "title": "Django migrations out of sync",
        "created": "2025-11-24T15:40:00+00:00",
        "updated": None,
        "tags": ["gotcha", "database"],
        "status": "active",
        "superseded_by": None,
        "files": ["api/admin.py:40-62"],
        "repo": None,
        "authors": [],
        "verified": {"commit": "abc123", "date": "2025-11-25T10:00:00+00:00"},
        "source": None,
        "body": "## Details\n\nRun it.\n\n```sh\n# not a heading\n```\n",
    }


def test_llms(filled: KnowledgeBase, run_kb) -> None:
    result = run_kb(filled.root, "export", "--format", "llms")
    assert result.exit_code == 0
    assert result.stdout == (
        "# Test knowledge base\n"
        "\n"
        "2 entries of a team knowledge base, newest first. Each section is one entry: its "
        "facts as a list, then its text. File paths are relative to the root of the repo "
        "named (this repo when none is).\n"
        "\n"
        "## Django migrations out of sync\n"
        "\n"
        "- id: 2025-11-24-django-migrations\n"
        "- created: 2025-11-24\n"
        "- tags: gotcha, database\n"
        "- files: `api/admin.py:40-62`\n"
        "\n"
        "### Details\n"
        "\n"
        "Run it.\n"
        "\n"
        "```sh\n"
        "# not a heading\n"
        "```\n"
        "\n"
        "## Old way\n"
        "\n"
        "- id: 2025-10-01-old\n"
        "- created: 2025-10-01\n"
        "- tags: api\n"
        "- status: superseded by 2025-11-24-django-migrations\n"
        "- repo: other\n"
    )


def test_filters_and_output_file(filled: KnowledgeBase, run_kb) -> None:
    result = run_kb(filled.root, "export", "--status", "active", "-o", "out/kb.json")
    assert result.exit_code == 1
    assert result.stderr == "Error: out/kb.json: the folder out does not exist\n"
    (filled.root / "out").mkdir()
    result = run_kb(filled.root, "export", "--status", "active", "-o", "out/kb.json")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "Exported 1 entry to out/kb.json.\n"
    data = json.loads((filled.root / "out/kb.json").read_text())
    assert [e["id"] for e in data["entries"]] == ["2025-11-24-django-migrations"]
    assert [p.name for p in (filled.root / "out").iterdir()] == ["kb.json"]


def test_never_writes_into_the_entries_folder(filled: KnowledgeBase, run_kb) -> None:
    target = "entries/2025/2025-11-24-django-migrations.md"
    before = (filled.root / target).read_text()
    result = run_kb(filled.root, "export", "-o", target)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {target}: will not write an export inside the entries folder\n"
    )
    assert (filled.root / target).read_text() == before


def test_demote_headings() -> None:
    assert demote_headings("# A\n\n## B\n", top=3) == "### A\n\n#### B\n"
    assert demote_headings("### A\n", top=3) == "### A\n"
    assert demote_headings("##### A\n# B", top=3) == "###### A\n### B"
    assert demote_headings("no headings\n#hashtag", top=3) == "no headings\n#hashtag"
