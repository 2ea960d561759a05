"""`kb new --from-staged`: the staged files, relative to the repo root, become file references."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import frontmatter
from click.testing import Result

from tests.conftest import KnowledgeBase, git

CREATED = "2025-11-24T15:40:00+00:00"
RunKb = Callable[..., Result]


def files_of(path: Path) -> list[str]:
    return list(frontmatter.load(path).metadata["files"])


def test_staged_files_become_references(kb: KnowledgeBase, run_kb: RunKb) -> None:
    kb.write("api/settings.py", "DEBUG = False\n")
    kb.write("dev-setup/setup.sh", "echo hi\n")
    kb.write("README.md", "not staged\n")
    kb.git("add", "api/settings.py", "dev-setup/setup.sh")
    result = run_kb(
        kb.root, "new", "Why this setting", "-t", "gotcha", "--from-staged",
        "--created", CREATED, "--body", "Because.",
    )  # fmt: skip
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "entries/2025/2025-11-24-why-this-setting.md\n",
        "",
    )
    entry = kb.entries / "2025/2025-11-24-why-this-setting.md"
    assert files_of(entry) == ["api/settings.py", "dev-setup/setup.sh"]


def test_from_staged_adds_to_file_options_without_duplicates(
    kb: KnowledgeBase, run_kb: RunKb
) -> None:
    kb.write("a.py", "a\n")
    kb.write("b.py", "b\n")
    kb.git("add", "a.py", "b.py")
    result = run_kb(
        kb.root, "new", "Both", "-t", "api", "--file", "b.py:1", "--file", "a.py",
        "--from-staged", "--created", CREATED, "--body", "x",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert files_of(kb.entries / "2025/2025-11-24-both.md") == ["b.py:1", "a.py", "b.py"]


def test_references_stay_relative_to_the_repo_root_from_a_subfolder(
    tmp_path: Path, run_kb: RunKb
) -> None:
    repo = tmp_path / "repo"
    (repo / "docs" / "kb").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    (repo / "docs" / "kb" / "kb.yml").write_text("tags:\n  gotcha: Surprises.\n", "utf-8")
    (repo / "src").mkdir()
    (repo / "src" / "app.py").write_text("print()\n", "utf-8")
    git(repo, "add", "src/app.py")
    result = run_kb(
        repo / "docs" / "kb", "new", "Deep", "-t", "gotcha", "--from-staged",
        "--created", CREATED, "--body", "x",
    )  # fmt: skip
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "entries/2025/2025-11-24-deep.md\n",
        "",
    )
    assert files_of(repo / "docs/kb/entries/2025/2025-11-24-deep.md") == ["src/app.py"]


def test_relative_diff_config_does_not_change_the_paths(tmp_path: Path, run_kb: RunKb) -> None:
    repo = tmp_path / "repo"
    (repo / "kb").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "diff.relative", "true")
    (repo / "kb" / "kb.yml").write_text("tags:\n  gotcha: Surprises.\n", "utf-8")
    (repo / "lib.py").write_text("x = 1\n", "utf-8")
    git(repo, "add", "lib.py")
    result = run_kb(repo / "kb", "new", "Rel", "-t", "gotcha", "--from-staged",
                    "--created", CREATED, "--body", "x")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert files_of(repo / "kb/entries/2025/2025-11-24-rel.md") == ["lib.py"]


def test_staged_deletions_are_left_out(kb: KnowledgeBase, run_kb: RunKb) -> None:
    kb.write("old.py", "old\n")
    kb.write("new.py", "new\n")
    kb.commit("start")
    kb.git("rm", "-q", "old.py")
    kb.write("new.py", "newer\n")
    kb.git("add", "new.py")
    result = run_kb(kb.root, "new", "Moved on", "-t", "gotcha", "--from-staged",
                    "--created", CREATED, "--body", "x")  # fmt: skip
    assert (result.exit_code, result.stderr) == (0, "")
    assert files_of(kb.entries / "2025/2025-11-24-moved-on.md") == ["new.py"]


def test_nothing_staged_is_an_error_and_writes_nothing(kb: KnowledgeBase, run_kb: RunKb) -> None:
    kb.write("untracked.py", "x\n")
    result = run_kb(kb.root, "new", "Empty", "-t", "gotcha", "--from-staged", "--body", "x")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Error: --from-staged: nothing is staged in . (git add FILE)\n"
    assert not kb.entries.exists()


def test_outside_git_is_an_error(make_kb: Callable[..., KnowledgeBase], run_kb: RunKb) -> None:
    plain = make_kb(use_git=False)
    result = run_kb(plain.root, "new", "No git", "-t", "gotcha", "--from-staged", "--body", "x")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Error: --from-staged: . is not a git work tree\n"
    assert not plain.entries.exists()


def test_a_repo_without_a_checkout_is_an_error(kb: KnowledgeBase, run_kb: RunKb) -> None:
    result = run_kb(kb.root, "new", "Elsewhere", "-t", "gotcha", "--repo", "other",
                    "--from-staged", "--body", "x")  # fmt: skip
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: --from-staged: repo 'other' has no local checkout (`path:` in kb.yml)\n"
    )


def test_a_git_failure_is_one_error_line(
    make_kb: Callable[..., KnowledgeBase], run_kb: RunKb
) -> None:
    broken = make_kb(use_git=False)
    broken.write(".git", "gitdir: nowhere\n")  # a work tree whose repository is gone
    result = run_kb(broken.root, "new", "Broken", "-t", "gotcha", "--from-staged", "--body", "x")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith("Error: --from-staged: .: fatal: not a git repository")
    assert result.stderr.count("\n") == 1
    assert not broken.entries.exists()
