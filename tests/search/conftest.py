"""A fresh copy of the search fixture for each test, so the index is built in tmp_path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kb.config import Config, load_config

FIXTURE = Path(__file__).parent / "fixture"


@pytest.fixture
def fixture_kb(tmp_path: Path) -> Path:
    root = tmp_path / "fixture"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns(".kb"))
    return root


@pytest.fixture
def fixture_config(fixture_kb: Path) -> Config:
    return load_config(fixture_kb / "kb.yml")
