"""`kb import notes`: topic folders as tags, titles, git dates through renames, mtimes."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from kb.config import load_config
from kb.entry import Entry
from kb.project import load_project
from tests.conftest import KnowledgeBase, git

RunKb = Callable[..., Result]
KB = "timezone: UTC\ntags:\n  gotcha:\n    description: x\n  database:\n    description: d\n"


def til(root: Path) -> Path:
    """A TIL repo: a renamed and edited note, one without a title, a README at the top."""
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / "database").mkdir()
    (root / "git").mkdir()
    (root / "README.md").write_text("# My TILs\n")
    (root / "database" / "locks.md").write_text("# Table locks\n\nALTER takes a lock.\n")
    (root / "git" / "untitled.md").write_text("No title line\n\n- a list\n")
    git(root, "add", "-A")
    first = {"GIT_AUTHOR_DATE": "2024-01-02T10:00:00+02:00"}
    git(root, "commit", "-q", "-m", "first", env=first)
    git(root, "mv", "database/locks.md", "database/table-locks.md")
    (root / "database" / "table-locks.md").write_text(
        "# Table locks\n\nALTER takes a lock.\nEven ADD COLUMN.\n"
    )
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "rename", env={"GIT_AUTHOR_DATE": "2024-03-04T11:00:00-07:00"})
    return root


def entries(kb: KnowledgeBase) -> dict[str, Entry]:
    project = load_project(load_config(kb.root / "kb.yml"))
    assert project.diagnostics == []
    return {e.title: e for e in project.entries}


def test_notes_are_dated_by_git_through_renames(
    make_kb: Callable[..., KnowledgeBase], run_kb: RunKb, tmp_path: Path
) -> None:
    kb = make_kb(config=KB)
    source = til(tmp_path / "til")
    result = run_kb(kb.root, "import", "notes", str(source), "--add-tags")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "imported: entries/2024/2024-01-02-table-locks.md\n"
        "imported: entries/2024/2024-01-02-untitled.md\n"
        "note: README.md: not in a topic folder; not imported\n"
        "note: added tag 'git' to kb.yml with a placeholder description; describe it "
        "(kb check reports KB207 until then)\n"
        "needs attention: git/untitled.md: no `# ` title line; the title comes from the "
        "file name\n"
        "2 imported, 0 already present, 1 needing attention.\n"
    )
    found = entries(kb)
    locks = found["Table locks"]
    assert locks.created.isoformat() == "2024-01-02T10:00:00+02:00"
    assert locks.updated is not None
    assert locks.updated.isoformat() == "2024-03-04T11:00:00-07:00"
    assert locks.tags == ["database"]
    assert locks.source == {"importer": "notes", "path": "database/table-locks.md"}
    assert locks.body == "ALTER takes a lock.\nEven ADD COLUMN.\n"
    assert found["Untitled"].updated is None
    again = run_kb(kb.root, "import", "notes", str(source))
    assert again.stdout.splitlines()[-1] == "0 imported, 2 already present, 0 needing attention."


def test_every_non_blank_line_of_the_notes_is_in_the_entries(
    make_kb: Callable[..., KnowledgeBase], run_kb: RunKb, tmp_path: Path
) -> None:
    kb = make_kb(config=KB)
    source = til(tmp_path / "til")
    run_kb(kb.root, "import", "notes", str(source), "--add-tags")
    written = "\n".join(f"# {e.title}\n{e.body}" for e in entries(kb).values()).splitlines()
    for note in (source / "database").glob("*.md"), (source / "git").glob("*.md"):
        for path in note:
            for line in path.read_text().splitlines():
                assert not line.strip() or line in written, (path, line)


def test_notes_outside_git_are_dated_by_mtime_with_a_warning(
    make_kb: Callable[..., KnowledgeBase], run_kb: RunKb, tmp_path: Path
) -> None:
    kb = make_kb(config=KB)
    note = tmp_path / "loose" / "database" / "vacuum.md"
    note.parent.mkdir(parents=True)
    note.write_text("# Vacuum\n\nRun it.\n")
    os.utime(note, (1_700_000_000, 1_700_000_000))  # 2023-11-14T22:13:20Z
    result = run_kb(kb.root, "import", "notes", str(tmp_path / "loose"))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "imported: entries/2023/2023-11-14-vacuum.md\n"
        "needs attention: loose/database/vacuum.md: outside git: dated by the file's "
        "modification time\n"
        "1 imported, 0 already present, 1 needing attention.\n"
    )
    assert entries(kb)["Vacuum"].created.isoformat() == "2023-11-14T22:13:20+00:00"


def test_a_missing_folder_is_a_usage_error(kb: KnowledgeBase, run_kb: RunKb) -> None:
    result = run_kb(kb.root, "import", "notes", "nowhere")
    assert result.exit_code == 2
    assert "Directory 'nowhere' does not exist" in result.stderr
