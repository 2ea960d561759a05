"""Directory and glob references go stale too: any commit to a file they cover counts."""

from __future__ import annotations

from tests.conftest import KnowledgeBase


def test_directory_and_glob_references_report_commits_since(kb: KnowledgeBase, run_kb) -> None:
    kb.write("api/views.py", "V = 1\n")
    kb.write("api/models.py", "M = 1\n")
    kb.write("web/app.ts", "let a = 1\n")
    kb.entry(
        "2025-01-01-areas",
        created="2025-01-01T00:00:00+00:00",
        files=["api/", "'**/*.ts'", "web/"],
    )
    kb.commit("entry and code", date="2025-01-01T00:00:00+00:00")
    kb.write("api/views.py", "V = 2\n")
    first = kb.commit("touch views", date="2025-02-01T00:00:00+00:00")[:7]
    kb.write("api/models.py", "M = 2\n")
    newest = kb.commit("touch models", date="2025-03-01T00:00:00+00:00")[:7]
    assert first != newest
    result = run_kb(kb.root, "check", "--no-cache", "--select", "KB309")
    prefix = "entries/2025/2025-01-01-areas.md:5:1: KB309"
    assert result.stdout.splitlines()[:-1] == [
        f"{prefix} 2 commits touched api/ since this entry "
        f'(newest {newest} 2025-03-01 "touch models")',
    ]  # the glob and web/ cover no changed file
    kb.write("web/app.ts", "let a = 2\n")
    ts = kb.commit("touch ts", date="2025-04-01T00:00:00+00:00")[:7]
    again = run_kb(kb.root, "check", "--no-cache", "--select", "KB309")
    assert again.stdout.splitlines()[:-1] == [
        f'{prefix} 1 commit touched **/*.ts since this entry (newest {ts} 2025-04-01 "touch ts")',
        f'{prefix} 1 commit touched web/ since this entry (newest {ts} 2025-04-01 "touch ts")',
        f"{prefix} 2 commits touched api/ since this entry "
        f'(newest {newest} 2025-03-01 "touch models")',
    ]


def test_long_commit_subjects_are_shortened(kb: KnowledgeBase, run_kb) -> None:
    kb.write("api/x.py", "x = 1\n")
    kb.entry("2025-01-01-x", created="2025-01-01T00:00:00+00:00", files=["api/x.py"])
    kb.commit("entry", date="2025-01-01T00:00:00+00:00")
    kb.write("api/x.py", "x = 2\n")
    sha = kb.commit("word " * 40, date="2025-02-01T00:00:00+00:00")[:7]
    result = run_kb(kb.root, "check", "--no-cache", "--select", "KB309")
    subject = ("word " * 40).strip()[:71].rstrip() + "…"  # 72 characters in all
    assert result.stdout.splitlines()[0] == (
        "entries/2025/2025-01-01-x.md:5:1: KB309 1 commit touched api/x.py since this entry "
        f'(newest {sha} 2025-02-01 "{subject}")'
    )
