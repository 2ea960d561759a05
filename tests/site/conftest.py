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
    git(target, "commit", "-q", "-m", "fixture")
    return target


@pytest.fixture
def site_kb(tmp_path: Path) -> Path:
    return copy_fixture(tmp_path / "shop")
