"""`kb check`: exact output, exit statuses, formats, options, and the warm cache."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import KnowledgeBase

ONE_TAG = "title: T\ntimezone: UTC\ntags:\n  gotcha: Surprises.\n  api: Interfaces.\n"
Run = Callable[..., Result]
A = "entries/2025/2025-11-24-a.md"
B = "entries/2025/2025-11-24-b.md"


def timeless(text: str) -> str:
    return re.sub(r"\(\d+\.\d\d s\)", "(T s)", text)


@pytest.fixture
def kb(make_kb: Callable[..., KnowledgeBase]) -> KnowledgeBase:
    kb = make_kb(config=ONE_TAG)
    kb.entry("2025-11-24-a", title="A", tags=("gotcha", "api"))
    return kb


def broken(kb: KnowledgeBase) -> None:
    kb.entry("2025-11-24-b", title="B", tags=("gotcah",), files=("missing.py",), extra="x: 1")


def test_a_clean_knowledge_base(kb: KnowledgeBase, run_kb: Run) -> None:
    result = run_kb(kb.root, "check")
    assert (result.exit_code, timeless(result.output)) == (
        0,
        "Found 0 errors and 0 warnings in 1 entry (T s).\n",
    )


def test_findings_summary_and_exit_status(kb: KnowledgeBase, run_kb: Run) -> None:
    broken(kb)
    result = run_kb(kb.root, "check")
    assert result.exit_code == 1
    assert timeless(result.stdout) == (
        f"{B}:4:1: KB201 tag 'gotcah' is not in the vocabulary (did you mean gotcha?)\n"
        f"{B}:5:1: KB301 file not found: missing.py\n"
        f"{B}:7:1: KB108 unknown key 'x' (fine if your team uses it on purpose)\n"
        "Found 2 errors and 1 warning in 2 entries (T s).\n"
    )
    assert result.stderr == ""


def test_warnings_pass_unless_strict(kb: KnowledgeBase, run_kb: Run) -> None:
    kb.entry("2025-11-24-b", title="B", extra="x: 1")
    assert run_kb(kb.root, "check").exit_code == 0
    strict = run_kb(kb.root, "check", "--strict")
    assert strict.exit_code == 1
    assert timeless(strict.stdout).endswith("Found 0 errors and 1 warning in 2 entries (T s).\n")


def test_select_and_ignore(kb: KnowledgeBase, run_kb: Run) -> None:
    broken(kb)
    selected = run_kb(kb.root, "check", "--select", "kb3,KB201", "--ignore", "KB301")
    assert (selected.exit_code, timeless(selected.stdout)) == (
        1,
        f"{B}:4:1: KB201 tag 'gotcah' is not in the vocabulary (did you mean gotcha?)\n"
        "Found 1 error and 0 warnings in 2 entries (T s).\n",
    )
    unknown = run_kb(kb.root, "check", "--ignore", "KB999")
    assert (unknown.exit_code, unknown.stdout, unknown.stderr) == (
        2,
        "",
        "Error: --ignore: no diagnostic code is or starts with 'KB999'\n",
    )


def test_paths_narrow_the_report(kb: KnowledgeBase, run_kb: Run) -> None:
    broken(kb)
    result = run_kb(kb.root, "check", A)
    assert (result.exit_code, timeless(result.stdout)) == (
        0,
        "Found 0 errors and 0 warnings in 2 entries (T s).\n",
    )
    folder = run_kb(kb.root, "check", "entries/2025", "--select", "KB301")
    assert folder.stdout.startswith(f"{B}:5:1: KB301 file not found: missing.py\n")
    missing = run_kb(kb.root, "check", "entries/1999")
    assert (missing.exit_code, missing.stderr) == (
        2,
        "Error: entries/1999: no such file or folder\n",
    )


def test_a_broken_kb_yml_is_exit_2(kb: KnowledgeBase, run_kb: Run) -> None:
    kb.write("kb.yml", "tags: [unclosed\n")
    result = run_kb(kb.root, "check")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: kb.yml:2:1: invalid YAML: ")
    assert result.stderr.count("\n") == 1


def test_github_annotations(kb: KnowledgeBase, run_kb: Run) -> None:
    broken(kb)
    result = run_kb(kb.root, "check", "--format", "github")
    assert timeless(result.stdout) == (
        f"::error file={B},line=4,col=1,title=KB201::KB201 tag 'gotcah' is not in the "
        "vocabulary (did you mean gotcha?)\n"
        f"::error file={B},line=5,col=1,title=KB301::KB301 file not found: missing.py\n"
        f"::warning file={B},line=7,col=1,title=KB108::KB108 unknown key 'x' "
        "(fine if your team uses it on purpose)\n"
        "Found 2 errors and 1 warning in 2 entries (T s).\n"
    )


def test_json_keeps_suppressed_findings_with_their_reason(kb: KnowledgeBase, run_kb: Run) -> None:
    kb.entry(
        "2025-11-24-b",
        title="B",
        files=("elsewhere.py",),
        extra='kb-ignore: {KB301: "lives in the infra repo"}',
    )
    result = run_kb(kb.root, "check", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["version"] == 1
    summary = document["summary"]
    assert isinstance(summary.pop("seconds"), float)
    assert summary == {
        "entries": 2,
        "errors": 0,
        "warnings": 0,
        "infos": 0,
        "suppressed": 1,
        "cached": False,
    }
    assert document["diagnostics"] == []
    assert document["suppressed"] == [
        {
            "path": B,
            "line": 5,
            "column": 1,
            "code": "KB301",
            "severity": "error",
            "message": "file not found: elsewhere.py",
            "hint": None,
            "reason": "lives in the infra repo",
        }
    ]
    text = run_kb(kb.root, "check")
    assert timeless(text.stdout) == (
        "Found 0 errors and 0 warnings in 2 entries (T s). 1 suppressed by kb-ignore.\n"
    )


def test_sarif(kb: KnowledgeBase, run_kb: Run) -> None:
    broken(kb)
    document = json.loads(run_kb(kb.root, "check", "--format", "sarif").stdout)
    assert document["version"] == "2.1.0"
    [sarif_run] = document["runs"]
    rules = [rule["id"] for rule in sarif_run["tool"]["driver"]["rules"]]
    assert rules[0] == "KB101" and "KB301" in rules
    assert [
        (r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
        for r in sarif_run["results"]
    ] == [("KB201", "error", 4), ("KB301", "error", 5), ("KB108", "warning", 7)]
    location = sarif_run["results"][1]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": B, "uriBaseId": "%SRCROOT%"}
    assert sarif_run["results"][1]["ruleIndex"] == rules.index("KB301")


def test_paths_are_repo_relative_for_github_when_the_kb_is_in_a_subfolder(
    make_kb: Callable[..., KnowledgeBase], run_kb: Run
) -> None:
    repo = make_kb(config=ONE_TAG, name="repo")
    (repo.root / "kb.yml").unlink()
    sub = KnowledgeBase(repo.root / "docs" / "kb")
    sub.write("kb.yml", ONE_TAG)
    sub.entry("2025-11-24-b", title="B", files=("missing.py",), tags=("gotcha", "api"))
    result = run_kb(sub.root, "check", "--format", "github")
    assert result.stdout.startswith(f"::error file=docs/kb/{B},line=5,col=1,title=KB301::")


def test_check_never_writes_to_an_entry(kb: KnowledgeBase, run_kb: Run) -> None:
    broken(kb)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in kb.entries.rglob("*.md")}
    for fmt in ("text", "json", "github", "sarif"):
        run_kb(kb.root, "check", "--format", fmt)
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in kb.entries.rglob("*.md")}
    assert after == before
    assert sorted(p.name for p in (kb.root / ".kb").rglob("*") if p.is_file()) == ["check.json"]


def test_the_warm_cache_answers_and_never_goes_stale(kb: KnowledgeBase, run_kb: Run) -> None:
    def cached() -> tuple[bool, list[str]]:
        document = json.loads(run_kb(kb.root, "check", "--format", "json").stdout)
        return document["summary"]["cached"], [d["code"] for d in document["diagnostics"]]

    assert cached() == (False, [])
    # Same size, same second: only the content hash can tell (racy-file rule).
    path = kb.entries / "2025" / "2025-11-24-a.md"
    path.write_text(path.read_text().replace("[gotcha, api]", "[gotcha, apj]"))
    assert cached() == (False, ["KB201", "KB205"])
    path.write_text(path.read_text().replace("[gotcha, apj]", "[gotcha, api]"))
    assert cached() == (False, [])
    kb.write("kb.yml", ONE_TAG.replace("  api: Interfaces.\n", ""))
    assert cached() == (False, ["KB201"])


def test_the_warm_cache_is_used_when_nothing_changed(
    kb: KnowledgeBase, run_kb: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kb import cache

    monkeypatch.setattr(cache, "RACY_NS", 0)  # files written a moment ago count as old
    kb.write("src/app.py", "x\n")
    kb.commit(date="2025-01-01T00:00:00+00:00")  # before the entry: nothing is stale
    kb.entry("2025-11-24-b", title="B", files=("src/app.py:1",), tags=("api",))

    def cached() -> tuple[bool, list[str]]:
        document = json.loads(run_kb(kb.root, "check", "--format", "json").stdout)
        return document["summary"]["cached"], [d["code"] for d in document["diagnostics"]]

    assert cached() == (False, [])
    assert cached() == (True, [])
    (kb.root / "src" / "app.py").write_text("")  # now the line reference is past the end
    assert cached() == (False, ["KB302"])
    assert run_kb(kb.root, "check", "--no-cache").exit_code == 1


def test_the_warm_cache_sees_git_drop_a_file_it_never_stat_ed(
    kb: KnowledgeBase, run_kb: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reference without lines is decided by git's index, which the cache watches."""
    from kb import cache

    monkeypatch.setattr(cache, "RACY_NS", 0)
    kb.write("src/app.py", "x\n")
    kb.commit(date="2025-01-01T00:00:00+00:00")
    kb.entry("2025-11-24-b", title="B", files=("src/app.py",), tags=("api",))

    def cached() -> tuple[bool, list[str]]:
        document = json.loads(
            run_kb(kb.root, "check", "--format", "json", "--select", "KB3").stdout
        )
        return document["summary"]["cached"], [d["code"] for d in document["diagnostics"]]

    assert cached() == (False, [])
    assert cached() == (True, [])
    kb.git("rm", "-q", "--cached", "src/app.py")  # still on disk, no longer tracked
    assert cached() == (False, ["KB301"])


def test_help_names_the_formats(run_kb: Run, tmp_path: Path) -> None:
    result = run_kb(tmp_path, "check", "--help")
    assert result.exit_code == 0
    assert "[text|github|json|sarif]" in result.stdout
