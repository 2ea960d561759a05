"""The fixture knowledge base of the site tests, copied into tmp_path as a git work tree."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import git

FIXTURE = Path(__file__).parent / "fixture"


def copy_fixture(target: Path) -> Path:
    """A fresh copy of tests/site/fixture with everything committed (as a repo would be)."""
    shutil.copytree(FIXTURE, target)
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "-A")
    # Committed before the oldest entry, so no entry is stale.
    date = {"GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z"}
    git(target, "commit", "-q", "-m", "fixture", env=date)
    return target


@pytest.fixture
def site_kb(tmp_path: Path) -> Path:
    return copy_fixture(tmp_path / "shop")
