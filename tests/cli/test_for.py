"""`kb for`: the entries about files, most specific first, stale ones marked."""

from __future__ import annotations

import json
from collections.abc import Callable

from click.testing import Result

from tests.conftest import KnowledgeBase

RunKb = Callable[..., Result]
CODE = "2025-11-20T10:00:00+00:00"
ENTRIES = "2025-11-24T16:00:00+00:00"
AFTER = "2026-01-05T09:00:00+00:00"


def journal(kb: KnowledgeBase) -> None:
    """Four entries about api/x.py: by file, by directory, by a deeper directory, by glob."""
    kb.write("api/x.py", "one\n")
    kb.write("api/v2/y.py", "two\n")
    kb.write("web/app.js", "three\n")
    kb.commit("code", date=CODE)
    kb.entry("2025-11-24-glob", title="Any Python", files=["api/**/*.py"])
    kb.entry("2025-11-23-dir", title="The api folder", files=["api/"])
    kb.entry("2025-11-22-file", title="x itself", files=["./api/x.py:1"])
    kb.entry("2025-11-21-deep", title="Version two", files=["api/v2/"])
    kb.entry("2025-11-20-web", title="Web only", files=["web/app.js"])
    kb.commit("entries", date=ENTRIES)


def test_most_specific_first(kb: KnowledgeBase, run_kb: RunKb) -> None:
    journal(kb)
    result = run_kb(kb.root, "for", "api/x.py", "api/v2/y.py")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "api/x.py\n"
        "  2025-11-22-file  x itself  (./api/x.py:1)\n"
        "  2025-11-23-dir   The api folder  (api/)\n"
        "  2025-11-24-glob  Any Python  (api/**/*.py)\n"
        "api/v2/y.py\n"
        "  2025-11-21-deep  Version two  (api/v2/)\n"
        "  2025-11-23-dir   The api folder  (api/)\n"
        "  2025-11-24-glob  Any Python  (api/**/*.py)\n"
    )


def test_paths_are_taken_relative_to_the_working_directory(
    kb: KnowledgeBase, run_kb: RunKb
) -> None:
    journal(kb)
    result = run_kb(kb.root / "web", "for", "app.js")
    assert result.stdout == "web/app.js\n  2025-11-20-web  Web only  (web/app.js)\n"


def test_stale_and_renamed_entries_are_marked(kb: KnowledgeBase, run_kb: RunKb) -> None:
    journal(kb)
    kb.write("api/x.py", "one\nmore\n")
    kb.git("mv", "web/app.js", "web/main.js")
    kb.commit("edit and move", date=AFTER)
    result = run_kb(kb.root, "for", "api/x.py", "web/main.js")
    assert result.stdout == (
        "api/x.py\n"
        "  2025-11-22-file  x itself  (./api/x.py:1)\n"
        "  2025-11-23-dir   The api folder  (api/)\n"
        "  2025-11-24-glob  Any Python  (api/**/*.py)\n"
        "web/main.js\n"
        "  2025-11-20-web  Web only  (web/app.js)  [stale: renamed to web/main.js]\n"
    )


def test_a_line_reference_is_stale_only_when_its_lines_changed(
    kb: KnowledgeBase, run_kb: RunKb
) -> None:
    journal(kb)
    kb.write("api/x.py", "one\nappended\n")
    kb.commit("append", date=AFTER)
    assert "[stale" not in run_kb(kb.root, "for", "api/x.py").stdout
    kb.write("api/x.py", "ONE\nappended\n")
    kb.commit("edit line 1", date="2026-01-06T09:00:00+00:00")
    assert "  2025-11-22-file  x itself  (./api/x.py:1)  [stale: 1 commit since]\n" in (
        run_kb(kb.root, "for", "api/x.py").stdout
    )


def test_diff_as_a_pull_request_comment(kb: KnowledgeBase, run_kb: RunKb) -> None:
    journal(kb)
    kb.write("api/x.py", "one\ntwo\n")
    kb.write("web/app.js", "changed\n")
    kb.write("README.md", "no entries about me\n")
    result = run_kb(kb.root, "for", "--diff", "HEAD", "--format", "markdown")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "This change touches 2 files with known gotchas:\n"
        "\n"
        "- `api/x.py`\n"
        "  - [x itself](entries/2025/2025-11-22-file.md) (`./api/x.py:1`)\n"
        "  - [The api folder](entries/2025/2025-11-23-dir.md) (`api/`)\n"
        "  - [Any Python](entries/2025/2025-11-24-glob.md) (`api/**/*.py`)\n"
        "- `web/app.js`\n"
        "  - [Web only](entries/2025/2025-11-20-web.md) (`web/app.js`)\n"
    )


def test_markdown_marks_stale_entries(kb: KnowledgeBase, run_kb: RunKb) -> None:
    journal(kb)
    kb.write("web/app.js", "changed\n")
    sha = kb.commit("change app", date=AFTER)
    result = run_kb(kb.root, "for", "--diff", "HEAD~1", "--format", "markdown")
    assert result.stdout == (
        "This change touches 1 file with known gotchas:\n"
        "\n"
        "- `web/app.js`\n"
        "  - [Web only](entries/2025/2025-11-20-web.md) (`web/app.js`)"
        " — **stale**: 1 commit since\n"
    )
    data = json.loads(run_kb(kb.root, "for", "web/app.js", "--format", "json").stdout)
    assert data == {
        "files": [
            {
                "path": "web/app.js",
                "entries": [
                    {
                        "id": "2025-11-20-web",
                        "title": "Web only",
                        "path": "entries/2025/2025-11-20-web.md",
                        "reference": "web/app.js",
                        "match": "file",
                        "stale": True,
                        "commits": [f'{sha[:7]} 2026-01-05 "change app"'],
                        "now": "web/app.js",
                        "deleted_in": None,
                    }
                ],
            }
        ]
    }


def test_no_match(kb: KnowledgeBase, run_kb: RunKb) -> None:
    journal(kb)
    assert run_kb(kb.root, "for", "README.md").stdout == "No entries about these files.\n"
    markdown = run_kb(kb.root, "for", "README.md", "--format", "markdown").stdout
    assert markdown == "This change touches no files with known gotchas.\n"
    assert run_kb(kb.root, "for", "README.md", "--format", "json").stdout == '{\n  "files": []\n}\n'


def test_errors(kb: KnowledgeBase, run_kb: RunKb, tmp_path) -> None:
    journal(kb)
    usage = run_kb(kb.root, "for")
    assert usage.exit_code == 2
    assert "Error: give PATH... or --diff BASE" in usage.stderr
    bad = run_kb(kb.root, "for", "--diff", "no-such-ref")
    assert bad.exit_code == 1
    assert bad.stderr.startswith("Error: git diff no-such-ref: ")
    assert len(bad.stderr.splitlines()) == 1
    outside = run_kb(kb.root, "for", str(tmp_path / "elsewhere.py"))
    assert (outside.exit_code, outside.stderr) == (
        1,
        f"Error: {tmp_path / 'elsewhere.py'} is outside the repo {kb.root.resolve()}\n",
    )


def test_outside_git_matches_without_staleness(
    make_kb: Callable[..., KnowledgeBase], run_kb: RunKb
) -> None:
    kb = make_kb(use_git=False)
    kb.write("api/x.py", "one\n")
    kb.entry(files=["api/x.py"])
    result = run_kb(kb.root, "for", "api/x.py")
    assert (result.exit_code, result.stdout) == (
        0,
        "api/x.py\n  2025-11-24-sample  Sample entry  (api/x.py)\n",
    )


def test_repo_selects_the_entries_and_paths_of_another_repo(
    make_kb: Callable[..., KnowledgeBase], run_kb: RunKb
) -> None:
    other = make_kb(name="other")
    other.write("api/x.py", "one\n")
    other.commit("code", date=CODE)
    kb = make_kb(
        config="tags:\n  gotcha:\n    description: x\nrepos:\n  other:\n    path: ../other\n"
    )
    kb.write("api/x.py", "home\n")
    kb.entry("2025-11-24-home", title="Home x", files=["api/x.py"])
    kb.entry("2025-11-25-other", title="Other x", files=["api/x.py"], extra="repo: other")
    kb.commit("entries", date=ENTRIES)
    other.write("api/x.py", "two\n")
    other.commit("edit", date=AFTER)
    assert run_kb(kb.root, "for", "--repo", "other", "api/x.py").stdout == (
        "api/x.py\n  2025-11-25-other  Other x  (api/x.py)  [stale: 1 commit since]\n"
    )
    assert run_kb(kb.root, "for", "api/x.py").stdout == (
        "api/x.py\n  2025-11-24-home  Home x  (api/x.py)\n"
    )
    unknown = run_kb(kb.root, "for", "--repo", "nope", "a.py")
    assert (unknown.exit_code, unknown.stderr) == (
        1,
        "Error: repo 'nope' is not declared in kb.yml\n",
    )
