"""A rename or deletion found in history replaces the plain "file not found"."""

from __future__ import annotations

from tests.conftest import KnowledgeBase


def test_renamed_file_gets_one_finding(kb: KnowledgeBase, run_kb) -> None:
    kb.write("api/old.py", "x = 1\n")
    kb.entry("2025-01-01-about-old", created="2025-01-01T00:00:00+00:00", files=["api/old.py"])
    kb.commit("entry", date="2025-01-02T00:00:00+00:00")
    kb.git("mv", "api/old.py", "api/new.py")
    sha = kb.commit("move it", date="2025-02-01T00:00:00+00:00")[:7]
    result = run_kb(kb.root, "check", "--no-cache", "--ignore", "KB205")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:-1] == [
        f"entries/2025/2025-01-01-about-old.md:5:1: KB310 api/old.py was renamed to api/new.py "
        f'in {sha} 2025-02-01 "move it" (`kb fix --write` rewrites the reference)'
    ]


def test_missing_file_without_history_stays_not_found(kb: KnowledgeBase, run_kb) -> None:
    kb.write("api/real.py", "x = 1\n")
    kb.entry("2025-01-01-typo", created="2025-01-01T00:00:00+00:00", files=["api/rael.py"])
    kb.commit("entry", date="2025-01-02T00:00:00+00:00")
    result = run_kb(kb.root, "check", "--no-cache", "--ignore", "KB205")
    assert result.stdout.splitlines()[:-1] == [
        "entries/2025/2025-01-01-typo.md:5:1: KB301 file not found: api/rael.py "
        "(did you mean api/real.py?)"
    ]
