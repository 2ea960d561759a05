"""`kb import frontmatter`: field mapping, titles from headings, dates from names, extras."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from kb import yamlio
from kb.config import load_config
from kb.document import split
from kb.entry import Entry
from kb.project import load_project
from tests.conftest import KnowledgeBase

RunKb = Callable[..., Result]
KB = (
    "timezone: UTC\ntags:\n  gotcha:\n    description: x\n  database:\n    description: d\n"
    "  performance:\n    description: p\n    aliases: [perf]\n"
)
N_PLUS_ONE = """\
---
tags: [perf, database]
category: database
severity: high
component: api
problem_type: slow query
status: solved
---

# N+1 queries in the scorer list

Use `select_related`.
"""
LOCK = """\
---
title: "Table lock during migration"
date: 2026-01-15
tags:
  - database
  - gotcha
module: registry
---
Body line one.

## Fix
- Split the migration.
"""


@pytest.fixture
def kb(make_kb: Callable[..., KnowledgeBase]) -> KnowledgeBase:
    """A knowledge base whose vocabulary knows `perf` as an alias of `performance`."""
    return make_kb(config=KB)


def solutions(root: Path) -> Path:
    folder = root / "docs" / "solutions"
    (folder / "performance").mkdir(parents=True)
    (folder / "database").mkdir()
    (folder / "performance" / "n-plus-one-20260203.md").write_text(N_PLUS_ONE)
    (folder / "database" / "lock.md").write_text(LOCK)
    return folder


def entries(kb: KnowledgeBase) -> dict[str, Entry]:
    project = load_project(load_config(kb.root / "kb.yml"))
    assert [d for d in project.diagnostics if d.code != "KB108"] == []
    return {e.title: e for e in project.entries}


def test_fields_map_and_unknown_keys_are_kept(kb: KnowledgeBase, run_kb: RunKb) -> None:
    folder = solutions(kb.root)
    result = run_kb(kb.root, "import", "frontmatter", str(folder.relative_to(kb.root)))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "imported: entries/2026/2026-01-15-table-lock-during-migration.md\n"
        "imported: entries/2026/2026-02-03-n-1-queries-in-the-scorer-list.md\n"
        "2 imported, 0 already present, 0 needing attention.\n"
    )
    found = entries(kb)
    n1 = found["N+1 queries in the scorer list"]  # title from the first `# ` heading
    assert n1.created == dt.datetime(2026, 2, 3, tzinfo=dt.UTC)  # date from the file name
    assert n1.tags == ["performance", "database"]
    assert n1.extra == {"severity": "high", "component": "api", "problem_type": "slow query"}
    assert n1.source == {
        "importer": "frontmatter",
        "path": "docs/solutions/performance/n-plus-one-20260203.md",
        "fields": {"tags": ["perf", "database"], "category": "database", "status": "solved"},
    }
    assert n1.body == "Use `select_related`.\n"
    lock = found["Table lock during migration"]
    assert lock.created.isoformat() == "2026-01-15T00:00:00+00:00"  # unquoted date
    assert lock.tags == ["database", "gotcha"]  # a block list
    again = run_kb(kb.root, "import", "frontmatter", str(folder))
    assert again.stdout.splitlines()[-1] == "0 imported, 2 already present, 0 needing attention."


def _scalars(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [str(k), *_scalars(v)]]
    if isinstance(value, list):
        return [s for v in value for s in _scalars(v)]
    return [str(value)]


def test_every_source_line_is_in_the_entries(kb: KnowledgeBase, run_kb: RunKb) -> None:
    """Body lines verbatim (the title heading as the title); every frontmatter value kept."""
    folder = solutions(kb.root)
    run_kb(kb.root, "import", "frontmatter", str(folder))
    written = [p.read_text() for p in kb.entries.rglob("*.md")]
    for path in folder.rglob("*.md"):
        document = split(path.read_text())
        source_values = _scalars(yamlio.load(document.frontmatter).value)
        (text,) = [t for t in written if path.name in t]
        entry = split(text)
        kept = _scalars(yamlio.load(entry.frontmatter).value)
        assert [v for v in source_values if v not in kept] == []
        body = entry.body.splitlines()
        for line in document.body.splitlines():
            assert not line.strip() or line in body or line.removeprefix("# ") in kept


def test_map_adds_a_field_as_tags(kb: KnowledgeBase, run_kb: RunKb) -> None:
    folder = solutions(kb.root)
    result = run_kb(
        kb.root, "import", "frontmatter", str(folder), "--map", "module=tags", "--add-tags"
    )
    assert result.exit_code == 0, result.output
    assert entries(kb)["Table lock during migration"].tags == ["database", "gotcha", "registry"]


def test_a_bad_map_is_a_usage_error(kb: KnowledgeBase, run_kb: RunKb) -> None:
    solutions(kb.root)
    result = run_kb(kb.root, "import", "frontmatter", "docs", "--map", "x=colour")
    assert result.exit_code == 2
    assert (
        "Invalid value for '--map': 'x=colour': kb field must be one of title, created, "
        "updated, tags, files, authors" in result.stderr
    )


def test_invalid_yaml_is_reported_with_its_line_and_the_rest_imported(
    kb: KnowledgeBase, run_kb: RunKb
) -> None:
    folder = solutions(kb.root)
    (folder / "database" / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n")
    result = run_kb(kb.root, "import", "frontmatter", str(folder))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[2:] == [
        "not imported: docs/solutions/database/broken.md",
        "needs attention: docs/solutions/database/broken.md: line 3: invalid YAML: "
        "did not find expected ',' or ']'",
        "2 imported, 0 already present, 1 needing attention.",
    ]
    assert result.stderr == "Error: 1 item could not be imported (see above)\n"
