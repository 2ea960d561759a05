"""docs/reference/cli.md is generated from `--help`; this fails when it is out of date."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kb.cli.main import COMMANDS
from kb.cli.reference import reference

PAGE = Path(__file__).resolve().parents[2] / "docs" / "reference" / "cli.md"
REGENERATE = ".venv/bin/python -m kb.cli.reference > docs/reference/cli.md"


def test_cli_reference_is_up_to_date() -> None:
    assert PAGE.read_text(encoding="utf-8") == reference(), f"out of date: run {REGENERATE}"


def test_every_command_has_a_section() -> None:
    text = reference()
    for name in COMMANDS:
        assert f"\n## `kb {name}`\n\n```text\nUsage: kb {name} " in text


def test_module_prints_the_page() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kb.cli.reference"], capture_output=True, text=True, check=True
    )
    assert result.stdout == reference()
