"""What every importer writes passes `kb check` (kb.checks.run_checks): no errors, and
only the warnings that are the point (placeholder tags, source keys kept as they are)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from kb.checks import CheckOptions, run_checks
from kb.config import load_config
from kb.project import load_project
from tests.conftest import KnowledgeBase
from tests.importers.test_frontmatter import KB as FRONTMATTER_KB
from tests.importers.test_frontmatter import solutions
from tests.importers.test_mim_file import SAMPLE, SAMPLE_KB_YML, UNKNOWN
from tests.importers.test_mim_history import JOURNAL
from tests.importers.test_notes import KB as NOTES_KB
from tests.importers.test_notes import til

RunKb = Callable[..., Result]


def findings(kb: KnowledgeBase) -> list[str]:
    """`code path` of every warning and error of a full check run."""
    project = load_project(load_config(kb.root / "kb.yml"))
    found = run_checks(project, CheckOptions(use_cache=False))
    return sorted(f"{d.code} {d.path}" for d in found if d.severity >= d.severity.WARNING)


def test_the_imported_sample_passes_the_checks(
    make_kb: Callable[..., KnowledgeBase], run_kb: RunKb
) -> None:
    kb = make_kb(config=SAMPLE_KB_YML)
    kb.write("session.md", SAMPLE.read_text(encoding="utf-8"))
    kb.commit("journal", "2025-11-25T09:00:00+00:00")
    result = run_kb(
        kb.root, "import", "mim", "session.md", "--date", "2025-11-24", "--repo", "passport-scorer"
    )
    assert result.exit_code == 0, result.output
    assert findings(kb) == []
    project = load_project(load_config(kb.root / "kb.yml"))
    codes = {d.code for d in run_checks(project, CheckOptions(use_cache=False))}
    assert "KB308" in codes  # references into passport-scorer: not verified, not missing


def test_a_history_import_passes_the_checks(kb: KnowledgeBase, run_kb: RunKb) -> None:
    kb.write("api/a.py", "")
    kb.write(JOURNAL, "### [09:30] [gotchas] Alpha\n**Details**: d\n**Files**: api/a.py\n---\n")
    kb.commit("journal", "2025-11-20T10:00:00+01:00")
    result = run_kb(kb.root, "import", "mim", JOURNAL, "--history")
    assert result.exit_code == 0, result.output
    assert findings(kb) == []


def test_added_tags_are_flagged_as_placeholders(kb: KnowledgeBase, run_kb: RunKb) -> None:
    kb.write("session.md", UNKNOWN)
    run_kb(kb.root, "import", "mim", "session.md", "--date", "2025-01-01", "--add-tags")
    assert findings(kb) == ["KB207 kb.yml", "KB207 kb.yml"]


def test_imported_folders_pass_the_checks(
    make_kb: Callable[..., KnowledgeBase], run_kb: RunKb, tmp_path: Path
) -> None:
    notes_kb = make_kb(config=NOTES_KB, name="notes")
    run_kb(notes_kb.root, "import", "notes", str(til(tmp_path / "til")), "--add-tags")
    assert findings(notes_kb) == ["KB207 kb.yml"]
    kb = make_kb(config=FRONTMATTER_KB, name="solutions")
    run_kb(kb.root, "import", "frontmatter", str(solutions(kb.root)))
    # Keys kb does not know are kept as they are; kb check names each once.
    assert findings(kb) == [
        "KB108 entries/2026/2026-01-15-table-lock-during-migration.md",
        "KB108 entries/2026/2026-02-03-n-1-queries-in-the-scorer-list.md",
        "KB108 entries/2026/2026-02-03-n-1-queries-in-the-scorer-list.md",
        "KB108 entries/2026/2026-02-03-n-1-queries-in-the-scorer-list.md",
    ]
