"""Entry and file pages say what changed in the code since each entry (from git)."""

from __future__ import annotations

from kb.site.entry_page import entry_page
from kb.site.files_pages import folder_page
from kb.site.loading import load_site
from tests.conftest import KnowledgeBase


def test_pages_show_commits_since_the_entry(kb: KnowledgeBase) -> None:
    kb.write("api/settings.py", "A = 1\n")
    kb.write("api/views.py", "V = 1\n")
    kb.entry(
        "2025-01-01-settings",
        created="2025-01-01T00:00:00+00:00",
        files=["api/settings.py", "api/views.py"],
    )
    kb.commit("entry and code", date="2025-01-01T00:00:00+00:00")
    kb.write("api/settings.py", "A = 2\n")
    sha = kb.commit("split settings", date="2026-01-05T10:00:00+00:00")[:7]
    loaded = load_site(kb.root / "kb.yml")
    entry = loaded.model.by_id["2025-01-01-settings"]
    page = entry_page(loaded.model, entry)
    stale = f'changed since this entry: 1 commit since, newest {sha} 2026-01-05 "split settings"'
    assert f'<code>api/settings.py</code></a> <span class="kb-changed">{stale}' in page
    assert page.count("kb-changed") == 1  # views.py is untouched
    files = folder_page(loaded.model, None, "api")
    assert f'· changed since: 1 commit since, newest {sha} 2026-01-05 "split settings"' in files
    # The checks logged by the build reuse the same history and say the same.
    assert [d.one_line() for d in loaded.checks.result() if d.code == "KB309"] == [
        "entries/2025/2025-01-01-settings.md:5:1: KB309 1 commit touched api/settings.py since "
        f'this entry (newest {sha} 2026-01-05 "split settings")'
    ]


def test_no_history_no_notes(make_kb) -> None:
    kb = make_kb(use_git=False)
    kb.write("api/settings.py", "A = 1\n")
    kb.entry("2025-01-01-settings", files=["api/settings.py"])
    loaded = load_site(kb.root / "kb.yml")
    page = entry_page(loaded.model, loaded.model.by_id["2025-01-01-settings"])
    assert "kb-changed" not in page
