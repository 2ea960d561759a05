"""The GitHub workflows: valid for actionlint, what they run, and their shell steps run here."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from kb import scaffold

REPO = Path(__file__).resolve().parents[1]
REPO_WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
MAKE_TEST_STEP = {"name": "Run every test (lint, types, unit, browser, site)", "run": "make test"}


def actionlint() -> str:
    """The actionlint binary from the dev extra (next to this Python), else on PATH."""
    beside = Path(sys.executable).parent / "actionlint"
    found = str(beside) if beside.exists() else shutil.which("actionlint")
    assert found, "actionlint is missing: install the dev extra (pip install -e '.[dev]')"
    return found


def lint(path: Path) -> subprocess.CompletedProcess[str]:
    # shellcheck and pyflakes are used only when installed: off, so results do not
    # depend on the machine.
    command = [actionlint(), "-oneline", "-no-color", "-shellcheck=", "-pyflakes=", str(path)]
    return subprocess.run(command, capture_output=True, text=True, cwd=path.parent)


def load(text: str) -> dict[str, Any]:
    loaded = yaml.safe_load(text)
    assert isinstance(loaded, dict)
    return loaded


def steps(workflow: dict[str, Any], job: str) -> list[dict[str, Any]]:
    found = workflow["jobs"][job]["steps"]
    assert isinstance(found, list)
    return found


def test_this_repo_has_the_kb_workflow() -> None:
    assert "kb.yml" in [path.name for path in REPO_WORKFLOWS]


@pytest.mark.parametrize("path", REPO_WORKFLOWS, ids=lambda path: path.name)
def test_repo_workflows_pass_actionlint(path: Path) -> None:
    result = lint(path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.parametrize("directory", [".", "docs/kb"])
def test_the_template_passes_actionlint(tmp_path: Path, directory: str) -> None:
    path = tmp_path / ".github" / "workflows" / "kb.yml"
    path.parent.mkdir(parents=True)
    path.write_text(scaffold.workflow_text(directory), encoding="utf-8")
    result = lint(path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    broken = scaffold.workflow_text(".").replace("runs-on: ubuntu-latest", "runs-on: ubuntu-lates")
    path = tmp_path / "kb.yml"
    path.write_text(broken.replace("fetch-depth: 0", "fetch-deep: 0", 1), encoding="utf-8")
    result = lint(path)
    assert result.returncode == 1
    assert 'label "ubuntu-lates" is unknown' in result.stdout
    assert 'input "fetch-deep" is not defined in action "actions/checkout@v6"' in result.stdout


def test_this_repo_runs_the_template_plus_make_test() -> None:
    ours = load((REPO / ".github" / "workflows" / "kb.yml").read_text(encoding="utf-8"))
    template = load(scaffold.workflow_text(".", install='-e ".[dev]"'))
    check = steps(ours, "check")
    assert MAKE_TEST_STEP in check
    check.remove(MAKE_TEST_STEP)
    assert ours == template


def test_pull_requests_check_build_and_comment() -> None:
    workflow = load(scaffold.workflow_text("docs/kb"))
    assert workflow[True] == {  # PyYAML reads the key `on` as True (YAML 1.1)
        "pull_request": None,
        "push": {"branches": ["main"]},
        "workflow_dispatch": None,
    }
    assert workflow["defaults"] == {"run": {"working-directory": "docs/kb"}}
    job = workflow["jobs"]["check"]
    assert job["if"] == "github.event_name == 'pull_request'"
    assert job["permissions"] == {"contents": "read", "pull-requests": "write"}
    check = steps(workflow, "check")
    assert check[0] == {"uses": "actions/checkout@v6", "with": {"fetch-depth": 0}}
    runs = [step.get("run", "").strip() for step in check]
    assert runs[2:5] == [
        "python -m pip install kb-journal==0.1.0",
        "kb check --format github",
        "mkdocs build --strict",
    ]
    assert runs[5] == 'kb for --diff "$BASE" --format markdown > "$RUNNER_TEMP/kb-for.md"'
    assert check[5]["env"] == {"BASE": "${{ github.event.pull_request.base.sha }}"}
    assert "gh pr comment" in runs[6] and "$GITHUB_STEP_SUMMARY" in runs[6]


def test_main_publishes_with_the_official_pages_actions() -> None:
    workflow = load(scaffold.workflow_text("docs/kb"))
    job = workflow["jobs"]["publish"]
    assert job["if"] == "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"
    assert job["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert job["environment"] == {
        "name": "github-pages",
        "url": "${{ steps.deploy.outputs.page_url }}",
    }
    uses = [step.get("uses") for step in steps(workflow, "publish") if "uses" in step]
    assert uses == [
        "actions/checkout@v6",
        "actions/setup-python@v6",
        "actions/configure-pages@v6",
        "actions/upload-pages-artifact@v5",
        "actions/deploy-pages@v5",
    ]
    upload = next(s for s in steps(workflow, "publish") if "upload-pages" in s.get("uses", ""))
    assert upload["with"] == {"path": "docs/kb/site"}


def fake_gh(folder: Path, exit_status: int) -> Path:
    """A `gh` that records its arguments and exits with `exit_status`."""
    folder.mkdir(parents=True, exist_ok=True)
    gh = folder / "gh"
    gh.write_text(
        f'#!/bin/sh\nprintf "%s\\n" "$@" > "{folder}/gh-args"\nexit {exit_status}\n',
        encoding="utf-8",
    )
    gh.chmod(gh.stat().st_mode | stat.S_IXUSR)
    return folder


def run_comment_step(tmp_path: Path, gh_status: int) -> tuple[str, str]:
    """Run the workflow's comment step in bash; return (stdout, the job summary)."""
    step = next(
        s for s in steps(load(scaffold.workflow_text(".")), "check") if "gh pr" in s.get("run", "")
    )
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    (temp / "kb-for.md").write_text("## Entries about these changes\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    summary.write_text("", encoding="utf-8")
    bin_dir = fake_gh(tmp_path / "bin", gh_status)
    env = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "RUNNER_TEMP": str(temp),
        "GITHUB_STEP_SUMMARY": str(summary),
        "PR": "42",
    }
    result = subprocess.run(
        ["bash", "-e", "-c", step["run"]], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout, summary.read_text(encoding="utf-8")


def test_the_comment_step_comments_on_the_pull_request(tmp_path: Path) -> None:
    stdout, summary = run_comment_step(tmp_path, gh_status=0)
    assert (stdout, summary) == ("", "")
    assert (tmp_path / "bin" / "gh-args").read_text(encoding="utf-8").splitlines() == [
        "pr", "comment", "42", "--edit-last", "--create-if-none",
        "--body-file", f"{tmp_path}/runner-temp/kb-for.md",
    ]  # fmt: skip


def test_without_permission_to_comment_the_job_summary_gets_the_entries(tmp_path: Path) -> None:
    stdout, summary = run_comment_step(tmp_path, gh_status=1)
    assert stdout == "::notice::Cannot comment on this pull request; see the job summary.\n"
    assert summary == "## Entries about these changes\n"
