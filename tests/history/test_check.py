"""The staleness check inside `kb check`'s registry: codes, severities, one notice."""

from __future__ import annotations

from collections.abc import Callable

from kb.checks import CheckOptions, run_checks
from kb.config import load_config
from kb.project import load_project
from tests.conftest import KB_YML, KnowledgeBase

ENTRY = "entries/2025/2025-11-24-sample.md:5:1"


def staleness_findings(kb: KnowledgeBase) -> list[str]:
    project = load_project(load_config(kb.root / "kb.yml"))
    found = run_checks(project, CheckOptions(select=("KB309", "KB31"), use_cache=False))
    return [f"{d.severity} {d.one_line()}" for d in found]


def changed_after_entry(kb: KnowledgeBase) -> str:
    kb.write("api/x.py", "one\n")
    kb.commit("code", date="2025-11-20T10:00:00+00:00")
    kb.entry(files=["api/x.py"])
    kb.commit("entry", date="2025-11-24T16:00:00+00:00")
    kb.write("api/x.py", "two\n")
    return kb.commit("split settings", date="2026-01-05T09:00:00+00:00")[:7]


def test_kb_check_reports_changed_files_as_info(kb: KnowledgeBase) -> None:
    sha = changed_after_entry(kb)
    assert staleness_findings(kb) == [
        f"info {ENTRY}: KB309 1 commit touched api/x.py since this entry "
        f'(newest {sha} 2026-01-05 "split settings")'
    ]


def test_kb_yml_can_raise_kb309_to_a_warning(make_kb: Callable[..., KnowledgeBase]) -> None:
    kb = make_kb(config=KB_YML + "checks:\n  severity:\n    KB309: warning\n")
    sha = changed_after_entry(kb)
    assert staleness_findings(kb) == [
        f"warning {ENTRY}: KB309 1 commit touched api/x.py since this entry "
        f'(newest {sha} 2026-01-05 "split settings")'
    ]


def test_kb_ignore_silences_the_finding(kb: KnowledgeBase) -> None:
    changed_after_entry(kb)
    kb.entry(files=["api/x.py"], extra='kb-ignore:\n  KB309: "the file changes daily"')
    assert staleness_findings(kb) == []


def test_outside_git_kb_check_gets_one_notice(make_kb: Callable[..., KnowledgeBase]) -> None:
    kb = make_kb(use_git=False)
    kb.write("api/x.py", "one\n")
    kb.entry(files=["api/x.py"])
    kb.entry("2025-11-25-second", title="Second", files=["api/x.py"])
    found = staleness_findings(kb)
    assert [line.split(" (")[0] for line in found] == [
        "info kb.yml:1:1: KB312 git history of the knowledge base is not available"
    ]


def test_a_knowledge_base_in_a_subfolder_finds_its_own_commit(
    make_kb: Callable[..., KnowledgeBase],
) -> None:
    repo = make_kb(name="repo")
    (repo.root / "kb.yml").unlink()
    kb = KnowledgeBase(repo.root / "docs" / "kb")
    kb.write("kb.yml", KB_YML)
    repo.write("api/x.py", "one\n")
    kb.entry(files=["api/x.py"])
    repo.commit("code and entry", date="2025-11-24T16:00:00+00:00")
    assert staleness_findings(kb) == []
    repo.write("api/x.py", "two\n")
    sha = repo.commit("edit", date="2026-01-05T09:00:00+00:00")[:7]
    assert staleness_findings(kb) == [
        f"info {ENTRY}: KB309 1 commit touched api/x.py since this entry "
        f'(newest {sha} 2026-01-05 "edit")'
    ]
