"""`kb verify`: the verified mark, written in place, clears staleness findings."""

from __future__ import annotations

import re
from collections.abc import Callable

from click.testing import Result

from kb.checks import CheckOptions, run_checks
from kb.config import load_config
from kb.project import load_project
from tests.conftest import KnowledgeBase

RunKb = Callable[..., Result]
NOW = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00"


def stale_codes(kb: KnowledgeBase) -> list[str]:
    project = load_project(load_config(kb.root / "kb.yml"))
    options = CheckOptions(select=("KB309", "KB31"), use_cache=False)
    return [d.code for d in run_checks(project, options)]


def changed(kb: KnowledgeBase) -> str:
    kb.write("api/x.py", "one\n")
    kb.commit("code", date="2025-11-20T10:00:00+00:00")
    kb.entry(files=["api/x.py"], body="Body: keep me.\n")
    kb.commit("entry", date="2025-11-24T16:00:00+00:00")
    kb.write("api/x.py", "two\n")
    return kb.commit("change", date="2026-01-05T09:00:00+00:00")


def test_verify_writes_the_mark_and_clears_the_finding(kb: KnowledgeBase, run_kb: RunKb) -> None:
    head = changed(kb)
    assert stale_codes(kb) == ["KB309"]
    path = kb.entries / "2025/2025-11-24-sample.md"
    before = path.read_text()
    result = run_kb(kb.root, "verify", "2025-11-24-sample")
    assert result.exit_code == 0
    match = re.fullmatch(
        rf"Verified 2025-11-24-sample at commit {head[:7]}, ({NOW})\.\n", result.stdout
    )
    assert match is not None
    mark = f"verified: {{commit: {head}, date: {match[1]}}}\n"
    assert path.read_text() == before.replace("---\n\nBody", mark + "---\n\nBody")
    assert stale_codes(kb) == []


def test_verify_again_replaces_the_mark(kb: KnowledgeBase, run_kb: RunKb) -> None:
    changed(kb)
    run_kb(kb.root, "verify", "entries/2025/2025-11-24-sample.md")
    kb.write("api/x.py", "three\n")
    head = kb.commit("later", date="2026-01-06T09:00:00+00:00")
    assert stale_codes(kb) == ["KB309"]
    run_kb(kb.root, "verify", "2025-11-24-sample")
    text = (kb.entries / "2025/2025-11-24-sample.md").read_text()
    assert text.count("verified:") == 1
    assert f"verified: {{commit: {head}, date: " in text
    assert stale_codes(kb) == []


def test_outside_git_only_the_date_is_written(
    make_kb: Callable[..., KnowledgeBase], run_kb: RunKb
) -> None:
    kb = make_kb(use_git=False)
    kb.entry()
    result = run_kb(kb.root, "verify", "2025-11-24-sample")
    assert re.fullmatch(
        rf"Verified 2025-11-24-sample at no commit \(no git history\), {NOW}\.\n", result.stdout
    )
    text = (kb.entries / "2025/2025-11-24-sample.md").read_text()
    assert re.search(rf"\ntags: \[gotcha\]\nverified: \{{date: {NOW}\}}\n---\n", text)


def test_unknown_and_broken_entries_are_refused(kb: KnowledgeBase, run_kb: RunKb) -> None:
    kb.entry()
    kb.write("entries/2025/2025-11-25-broken.md", "---\ntitle: [\n---\n")
    result = run_kb(kb.root, "verify", "2025-11-24-sample", "nope", "2025-11-25-broken")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: no entry with id 'nope'; entry '2025-11-25-broken' has errors (run `kb check`)\n"
    )
    assert "verified" not in (kb.entries / "2025/2025-11-24-sample.md").read_text()
    usage = run_kb(kb.root, "verify")
    assert usage.exit_code == 2
