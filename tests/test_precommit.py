"""The `kb-check` pre-commit hook, run through pre-commit itself on a scratch repo."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kb.cli.main import main
from tests.conftest import git

REPO = Path(__file__).resolve().parents[1]
GUIDE = REPO / "docs" / "guide" / "ci.md"
BIN = Path(sys.executable).parent
BAD_ENTRY = "entries/2025/2025-11-24-bad-tag.md"
BAD_TEXT = (
    "---\ntitle: Bad tag\ncreated: 2025-11-24T15:40:00+00:00\ntags: [no-such-tag]\n---\n\nx\n"
)


def guide_blocks(language: str) -> list[str]:
    """The ```LANGUAGE blocks of the "Set up CI" guide page, in order."""
    text = GUIDE.read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)


def hooks() -> list[dict[str, object]]:
    loaded = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, list)
    return loaded


def test_the_hook_runs_kb_check_on_entries() -> None:
    [hook] = hooks()
    assert {k: hook[k] for k in ("id", "entry", "args", "language", "files")} == {
        "id": "kb-check",
        "entry": "kb",
        "args": ["check"],
        "language": "python",
        "files": r"(^|/)entries/.*\.md$",
    }
    files = re.compile(str(hook["files"]))
    matched = ["entries/2025/a.md", "docs/kb/entries/2025/a.md"]
    assert [path for path in matched if files.search(path)] == matched
    skipped = ["README.md", "entries.md", "src/entries_test.py", "kb.yml"]
    assert [path for path in skipped if files.search(path)] == []


def test_the_guide_config_uses_the_hook_and_its_subfolder_args() -> None:
    config, subfolder = (yaml.safe_load(block) for block in guide_blocks("yaml"))
    assert [hook["id"] for hook in hooks()] == ["kb-check"]
    assert config["repos"][0]["hooks"] == [{"id": "kb-check"}]
    # A subfolder knowledge base: `--root` belongs to `kb`, so it comes before `check`.
    assert subfolder == [{"id": "kb-check", "args": ["--root", "docs/kb", "check"]}]


def test_the_subfolder_args_check_the_entries_pre_commit_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """pre-commit runs `entry args... files...` from the repo root: do that by hand."""
    git(tmp_path, "init", "-q", "-b", "main")
    assert main(["init", str(tmp_path / "docs" / "kb")]) == 0
    bad = tmp_path / "docs" / "kb" / BAD_ENTRY
    bad.parent.mkdir(parents=True)
    bad.write_text(BAD_TEXT, encoding="utf-8")
    [hook] = hooks()
    [subfolder] = yaml.safe_load(guide_blocks("yaml")[1])
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    argv = [*subfolder["args"], f"docs/kb/{BAD_ENTRY}"]
    assert hook["entry"] == "kb" and main(argv) == 1
    finding, summary = capsys.readouterr().out.splitlines()
    assert finding == (
        f"{BAD_ENTRY}:4:1: KB201 tag 'no-such-tag' is not in the vocabulary "
        "(add it with `kb tags add`)"
    )
    assert summary.startswith("Found 1 error and 0 warnings in ")


@pytest.mark.slow
def test_pre_commit_try_repo_reports_the_bad_entry_only(tmp_path: Path) -> None:
    """One pre-commit run: it installs this checkout into its own env from PyPI."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    git(scratch, "init", "-q", "-b", "main")
    assert main(["init", str(scratch)]) == 0
    bad = scratch / BAD_ENTRY
    bad.parent.mkdir(parents=True)
    bad.write_text(BAD_TEXT, encoding="utf-8")
    (scratch / "README.md").write_text("# Scratch\n", encoding="utf-8")
    git(scratch, "add", "-A")
    [command] = guide_blocks("sh")[2].splitlines()
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "NO_COLOR": "1",
        # try-repo commits uncommitted changes of this checkout into a shadow repo
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
    }
    done = subprocess.run(
        ["bash", "-e", "-c", command.replace("/path/to/kb", str(REPO))],
        cwd=scratch,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert re.search(r"^kb check\.+Failed$", output, re.MULTILINE), output
    assert "- hook id: kb-check\n- exit code: 1\n" in output
    assert re.search(rf"^{re.escape(BAD_ENTRY)}:4:\d+: KB201 ", output, re.MULTILINE), output
    assert "welcome-to-the-knowledge-base" not in output
    assert "README.md" not in output
