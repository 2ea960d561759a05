"""`kb init`: what it writes, where, what it refuses, and that the result checks and builds."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import frontmatter
import pytest
import yaml
from click.testing import Result

from kb import scaffold
from kb.config import load_config
from kb.project import load_project
from tests.conftest import git

RunKb = Callable[..., Result]
BIN = Path(sys.executable).parent
GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guide" / "ci.md"
WELCOME = re.compile(r"entries/(\d{4})/(\d{4}-\d\d-\d\d)-welcome-to-the-knowledge-base\.md")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """An empty git repo named `shop` with one file of code."""
    root = tmp_path / "shop"
    (root / "src").mkdir(parents=True)
    (root / "src" / "app.py").write_text("print('shop')\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    return root


def tree(root: Path) -> dict[str, str]:
    """Every file under `root` (but .git) with its text, to compare before and after."""
    return {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(root).parts[:1]
    }


def welcome_path(root: Path) -> str:
    """The welcome entry's path relative to `root` (its date is today's)."""
    found = [p.relative_to(root).as_posix() for p in root.glob("entries/*/*-welcome-*.md")]
    assert len(found) == 1 and WELCOME.fullmatch(found[0]), found
    return found[0]


def test_init_at_the_repo_root(repo: Path, run_kb: RunKb) -> None:
    result = run_kb(repo, "init")
    assert (result.exit_code, result.stderr) == (0, "")
    welcome = welcome_path(repo)
    assert result.stdout == (
        "Created a knowledge base in .:\n"
        "  kb.yml\n"
        f"  {welcome}\n"
        "  mkdocs.yml\n"
        "  docs/index.md\n"
        "  .github/workflows/kb.yml\n"
        "  .gitignore (added /site/, /.kb/)\n"
        "Next:\n"
        "  kb check && mkdocs serve\n"
        "  commit, then publish: Settings > Pages > Source: GitHub Actions\n"
    )
    assert sorted(tree(repo)) == sorted(
        [".github/workflows/kb.yml", ".gitignore", "docs/index.md", "kb.yml", "mkdocs.yml",
         "src/app.py", welcome]
    )  # fmt: skip
    assert (repo / ".gitignore").read_text(encoding="utf-8") == "/site/\n/.kb/\n"
    assert (repo / ".github/workflows/kb.yml").read_text() == scaffold.workflow_text(".")
    assert (repo / "docs/index.md").read_text().startswith("# shop knowledge base\n")


def test_the_config_has_a_vocabulary_and_the_welcome_entry_uses_it(
    repo: Path, run_kb: RunKb
) -> None:
    assert run_kb(repo, "init").exit_code == 0
    config = load_config(repo / "kb.yml")
    assert (config.title, config.timezone_name, config.problems) == (
        "shop knowledge base",
        "UTC",
        [],
    )
    assert {"gotcha", "decision", "how-to", "architecture", "testing"} <= set(
        config.vocabulary.tags
    )
    assert config.vocabulary.canonical("gotchas") == "gotcha"
    project = load_project(config)
    assert project.diagnostics == []
    [entry] = project.entries
    assert (entry.title, entry.tags, entry.files) == (
        "Welcome to the knowledge base",
        ["how-to", "tooling"],
        [],
    )
    assert "this knowledge base's config is\n`kb.yml`)" in entry.body
    assert entry.id == Path(welcome_path(repo)).stem
    assert entry.id.startswith(entry.created.strftime("%Y-%m-%d"))
    mkdocs = yaml.safe_load((repo / "mkdocs.yml").read_text(encoding="utf-8"))
    assert mkdocs["site_name"] == "shop knowledge base"
    assert mkdocs["theme"]["name"] == "material"
    assert mkdocs["theme"]["font"] is False  # no Google Fonts request
    assert [p["scheme"] for p in mkdocs["theme"]["palette"]] == ["default", "slate"]
    assert mkdocs["plugins"] == ["search", "kb"]


def test_init_in_a_subfolder_keeps_references_relative_to_the_repo_root(
    repo: Path, run_kb: RunKb
) -> None:
    result = run_kb(repo, "init", "docs/kb", "--title", "Shop: gotchas & decisions")
    assert (result.exit_code, result.stderr) == (0, "")
    kb_root = repo / "docs" / "kb"
    welcome = welcome_path(kb_root)
    assert result.stdout == (
        "Created a knowledge base in docs/kb:\n"
        "  docs/kb/kb.yml\n"
        f"  docs/kb/{welcome}\n"
        "  docs/kb/mkdocs.yml\n"
        "  docs/kb/docs/index.md\n"
        "  .github/workflows/kb.yml\n"
        "  docs/kb/.gitignore (added /site/, /.kb/)\n"
        "Next:\n"
        "  cd docs/kb\n"
        "  kb check && mkdocs serve\n"
        "  commit, then publish: Settings > Pages > Source: GitHub Actions\n"
    )
    config = load_config(kb_root / "kb.yml")
    assert (config.title, config.home_repo) == ("Shop: gotchas & decisions", repo.resolve())
    welcome_text = frontmatter.load(kb_root / welcome).content
    assert "this knowledge base's config is\n`docs/kb/kb.yml`)" in welcome_text
    # An entry written from the subfolder refers to the code from the repo root.
    git(repo, "add", "src/app.py")
    added = run_kb(kb_root, "new", "App", "-t", "gotcha", "-f", "src/app.py", "--body", "x")
    assert (added.exit_code, added.stderr) == (0, "")
    workflow = yaml.safe_load((repo / ".github/workflows/kb.yml").read_text(encoding="utf-8"))
    assert workflow["defaults"]["run"]["working-directory"] == "docs/kb"
    assert not (repo / ".gitignore").exists()
    assert yaml.safe_load((kb_root / "mkdocs.yml").read_text())["site_name"] == config.title


def test_init_refuses_to_overwrite_and_lists_every_existing_file(repo: Path, run_kb: RunKb) -> None:
    (repo / "kb.yml").write_text("mine\n", encoding="utf-8")
    (repo / "docs").mkdir()
    (repo / "docs" / "index.md").write_text("# Our docs\n", encoding="utf-8")
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "kb.yml").write_text("name: ours\n", encoding="utf-8")
    (repo / ".gitignore").write_text("node_modules/\n", encoding="utf-8")
    before = tree(repo)
    result = run_kb(repo, "init")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: kb init would overwrite 3 files that already exist: kb.yml, docs/index.md, "
        ".github/workflows/kb.yml; nothing was written\n"
    )
    assert tree(repo) == before
    assert not (repo / "entries").exists()


def test_a_file_where_a_folder_goes_is_named(repo: Path, run_kb: RunKb) -> None:
    (repo / "docs").write_text("a file, not a folder\n", encoding="utf-8")
    before = tree(repo)
    result = run_kb(repo, "init")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: kb init would overwrite 1 file that already exists: docs; nothing was written\n"
    )
    assert tree(repo) == before


def test_a_second_init_refuses_and_changes_nothing(repo: Path, run_kb: RunKb) -> None:
    assert run_kb(repo, "init").exit_code == 0
    before = tree(repo)
    result = run_kb(repo, "init")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: kb init would overwrite 5 files that already exist: ")
    assert tree(repo) == before


@pytest.mark.parametrize(
    ("existing", "expected", "message"),
    [
        ("node_modules/\nsite/", "node_modules/\nsite/\n/.kb/\n", "(added /.kb/)"),
        ("/site\n.kb\n", "/site\n.kb\n", None),
        ("", "/site/\n/.kb/\n", "(added /site/, /.kb/)"),
    ],
)
def test_gitignore_gets_only_the_missing_lines(
    repo: Path, run_kb: RunKb, existing: str, expected: str, message: str | None
) -> None:
    (repo / ".gitignore").write_text(existing, encoding="utf-8")
    result = run_kb(repo, "init")
    assert result.exit_code == 0
    assert (repo / ".gitignore").read_text(encoding="utf-8") == expected
    listed = [line for line in result.stdout.splitlines() if ".gitignore" in line]
    assert listed == ([f"  .gitignore {message}"] if message else [])


def test_init_outside_git_puts_everything_in_the_folder(tmp_path: Path, run_kb: RunKb) -> None:
    result = run_kb(tmp_path, "init", "notes")
    assert result.exit_code == 0, result.output
    notes = tmp_path / "notes"
    assert (notes / ".github" / "workflows" / "kb.yml").is_file()
    assert load_config(notes / "kb.yml").title == "notes knowledge base"


def test_a_file_as_the_folder_is_an_error(repo: Path, run_kb: RunKb) -> None:
    result = run_kb(repo, "init", "src/app.py")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "Error: Invalid value for '[DIRECTORY]': Directory 'src/app.py' is a file." in (
        result.stderr
    )


def test_kb_help_lists_init(run_kb: RunKb, tmp_path: Path) -> None:
    result = run_kb(tmp_path, "--help")
    line = re.compile(r"^  init +Start a knowledge base: kb.yml, a welcome entry, the site and CI$")
    assert [text for text in result.stdout.splitlines() if line.match(text)]


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def guide_blocks(language: str) -> list[str]:
    """The ```LANGUAGE blocks of the "Set up CI" guide page, in order."""
    text = GUIDE.read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)


def test_the_guide_shows_only_commands_that_tests_run() -> None:
    init_root, init_subfolder, precommit = guide_blocks("sh")
    assert init_root == "kb init\nkb check\nmkdocs build --strict\n"
    assert init_subfolder == "kb init docs/kb\ncd docs/kb\nkb check\nmkdocs build --strict\n"
    assert precommit.startswith("pre-commit try-repo ")  # run by tests/test_precommit.py


@pytest.mark.parametrize(("block", "kb_dir"), [(0, "."), (1, "docs/kb")])
def test_right_after_init_kb_check_and_mkdocs_build_strict_pass(
    repo: Path, block: int, kb_dir: str
) -> None:
    """The guide's commands, run as written in a fresh repo."""
    done = run(["bash", "-e", "-c", guide_blocks("sh")[block]], repo)
    assert done.returncode == 0, done.stdout + done.stderr
    page = (repo / kb_dir / "site" / "index.html").read_text(encoding="utf-8")
    assert "shop knowledge base" in page
    assert "Welcome to the knowledge base" in page
    assert (repo / kb_dir / "site" / "entries").is_dir()


def test_the_workflow_steps_run_on_a_new_knowledge_base(repo: Path, run_kb: RunKb) -> None:
    """Every `run:` of the pull-request job but install and comment, as the runner would."""
    assert run_kb(repo, "init", "docs/kb").exit_code == 0
    kb_root = repo / "docs" / "kb"
    added = run_kb(kb_root, "new", "Shop app quirk", "-t", "gotcha", "-f", "src/app.py",
                   "--body", "It prints.")  # fmt: skip
    assert added.exit_code == 0, added.output
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "kb init")
    base = git(repo, "rev-parse", "HEAD").strip()
    (repo / "src" / "app.py").write_text("print('shop!')\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "a louder shop")
    workflow = yaml.safe_load((repo / ".github/workflows/kb.yml").read_text(encoding="utf-8"))
    temp = repo.parent / "runner-temp"
    temp.mkdir()
    env = {"BASE": base, "RUNNER_TEMP": str(temp), "PATH": f"{BIN}{os.pathsep}/usr/bin:/bin"}
    for step in workflow["jobs"]["check"]["steps"]:
        if "run" not in step or "pip install" in step["run"] or "gh pr" in step["run"]:
            continue
        done = subprocess.run(
            ["bash", "-e", "-c", step["run"]],
            cwd=repo / workflow["defaults"]["run"]["working-directory"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, f"{step['run']}\n{done.stdout}{done.stderr}"
    comment = (temp / "kb-for.md").read_text(encoding="utf-8")
    assert "Shop app quirk" in comment and "src/app.py" in comment
    assert "Welcome to the knowledge base" not in comment


@pytest.mark.parametrize(
    ("source", "command"),
    [
        ("git+https://github.com/acme/kb@v0.1.0", "git+https://github.com/acme/kb@v0.1.0"),
        ("kb-journal >= 0.1", "'kb-journal >= 0.1'"),
    ],
)
def test_the_workflow_installs_kb_from_the_given_source(
    repo: Path, run_kb: RunKb, source: str, command: str
) -> None:
    assert run_kb(repo, "init", "--install-from", source).exit_code == 0
    workflow = yaml.safe_load((repo / ".github/workflows/kb.yml").read_text(encoding="utf-8"))
    for job in ("check", "publish"):
        runs = [step.get("run") for step in workflow["jobs"][job]["steps"]]
        assert f"python -m pip install {command}" in runs


def test_a_folder_yaml_would_misread_is_refused(repo: Path, run_kb: RunKb) -> None:
    result = run_kb(repo, "init", "notes: #1")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: cannot write 'notes: #1' and 'kb-journal==0.1.0' into the workflow as they are\n"
    )
    assert sorted(tree(repo)) == ["src/app.py"]


def test_a_title_on_several_lines_becomes_one_line(repo: Path, run_kb: RunKb) -> None:
    assert run_kb(repo, "init", "--title", "  Shop\n  gotchas ").exit_code == 0
    assert load_config(repo / "kb.yml").title == "Shop gotchas"
    assert (repo / "docs/index.md").read_text(encoding="utf-8").startswith("# Shop gotchas\n")


def test_the_guide_table_lists_every_file_kb_init_writes(repo: Path) -> None:
    rows = re.findall(r"^\| `([^`]+)` \|", GUIDE.read_text(encoding="utf-8"), re.MULTILINE)
    plan = scaffold.plan(repo, now=dt.datetime(2025, 11, 24, 15, 40, tzinfo=dt.UTC))
    written = [planned.path.relative_to(repo).as_posix() for planned in plan.files]
    dated = "entries/YYYY/YYYY-MM-DD-welcome-to-the-knowledge-base.md"
    expected = [p.replace("2025/2025-11-24-", "YYYY/YYYY-MM-DD-") for p in written]
    assert dated in expected
    assert rows == [*expected, ".gitignore"]


def test_the_welcome_entry_is_dated_when_kb_init_runs(repo: Path) -> None:
    now = dt.datetime(2025, 11, 24, 15, 40, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    welcome = scaffold.plan(repo / "docs" / "kb", now=now).files[1]
    assert welcome.path == repo / "docs/kb/entries/2025/2025-11-24-welcome-to-the-knowledge-base.md"
    assert welcome.text.startswith(
        "---\ntitle: Welcome to the knowledge base\ncreated: 2025-11-24T15:40:00-05:00\n"
        "tags: [how-to, tooling]\n---\n\n## Details\n"
    )
