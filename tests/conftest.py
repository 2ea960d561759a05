"""Shared factories: small knowledge bases built in tmp_path, and the CLI runner."""

from __future__ import annotations

import subprocess
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kb.cli.main import cli

KB_YML = """\
title: Test knowledge base
timezone: UTC
repos:
  other:
    url: https://github.com/example/other
    branch: main
tags:
  gotcha:
    description: Something that surprised us.
    aliases: [gotchas]
  database:
    description: Databases and migrations.
  api:
    description: Interfaces.
  testing:
    description: Tests and CI.
"""


@dataclass
class KnowledgeBase:
    """A knowledge base in a folder (a git work tree by default) with helpers to fill it."""

    root: Path

    @property
    def entries(self) -> Path:
        return self.root / "entries"

    def write(self, relative: str, text: str) -> Path:
        """Write any file under the root (dedented), creating folders."""
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def entry(
        self,
        entry_id: str = "2025-11-24-sample",
        *,
        title: str = "Sample entry",
        created: str = "2025-11-24T15:40:00+00:00",
        tags: Sequence[str] = ("gotcha",),
        files: Sequence[str] = (),
        body: str = "## Details\n\nSome details.\n",
        extra: str = "",
    ) -> Path:
        """Write a valid entry (override any field) at entries/YYYY/ID.md."""
        lines = [f"title: {title}", f"created: {created}", f"tags: [{', '.join(tags)}]"]
        if files:
            lines.append("files:")
            lines.extend(f"  - {f}" for f in files)
        front = "\n".join(lines) + ("\n" + extra.strip("\n") if extra else "")
        year = entry_id[:4]
        return self.write(f"entries/{year}/{entry_id}.md", f"---\n{front}\n---\n\n{body}")

    def git(self, *args: str) -> str:
        return git(self.root, *args)

    def commit(self, message: str = "change", date: str | None = None) -> str:
        """Commit everything; `date` (ISO 8601) sets author and committer dates."""
        env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else None
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "--allow-empty", "-m", message, env=env)
        return git(self.root, "rev-parse", "HEAD").strip()


def git(root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    import os

    full_env = {
        **os.environ,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
        **(env or {}),
    }
    result = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, env=full_env, check=True
    )
    return result.stdout


@pytest.fixture
def make_kb(tmp_path: Path) -> Callable[..., KnowledgeBase]:
    """`make_kb(git=True, config=KB_YML)`: a fresh knowledge base in tmp_path."""

    def factory(*, use_git: bool = True, config: str = KB_YML, name: str = "kb") -> KnowledgeBase:
        root = tmp_path / name
        root.mkdir()
        (root / "kb.yml").write_text(config, encoding="utf-8")
        if use_git:
            git(root, "init", "-q", "-b", "main")
        return KnowledgeBase(root)

    return factory


@pytest.fixture
def kb(make_kb: Callable[..., KnowledgeBase]) -> KnowledgeBase:
    return make_kb()


@pytest.fixture
def run_kb(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run `kb ARGS` in `cwd` with click's CliRunner (stderr kept apart from stdout)."""

    def runner(root: Path, *args: str, input: str | None = None) -> Result:
        monkeypatch.chdir(root)
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)

    return runner
