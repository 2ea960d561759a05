"""`kb --help` and `kb new` stay light: no mkdocs or markdown on their import path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("mkdocs", "markdown", "material", "sqlite3", "pymdownx")


def imported_modules(args: list[str], cwd: Path) -> set[str]:
    """Top-level modules `python -X importtime -m kb ARGS` imports."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "from kb.cli.main import cli; cli()", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


@pytest.mark.parametrize(
    "args", [["--help"], ["new", "Light", "-t", "api", "--created", "2025-11-24"]]
)
def test_no_heavy_imports(kb, args: list[str]) -> None:
    modules = imported_modules(args, kb.root)
    assert "kb" in modules
    assert sorted(modules & set(HEAVY)) == []
