"""The code registry documents every code, and docs/reference/diagnostics.md is current."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from kb import codes
from kb.checks import CHECKS
from kb.checks.reference import GROUPS, page

PAGE = Path(__file__).resolve().parents[1] / "docs" / "reference" / "diagnostics.md"
REGENERATE = ".venv/bin/python -m kb.checks.reference > docs/reference/diagnostics.md"


@pytest.mark.parametrize("code", list(codes.REGISTRY.values()), ids=lambda c: c.code)
def test_every_code_is_documented(code: codes.Code) -> None:
    assert re.fullmatch(r"KB\d{3}", code.code)
    assert code.code[:3] in GROUPS, "a code outside the documented groups"
    for text in (code.summary, code.example, code.fix):
        assert text.strip(), f"{code.code} lacks a summary, an example or a fix"
    assert f"\n### {code.code}\n\n**" in page()


def test_the_page_is_up_to_date() -> None:
    assert PAGE.read_text(encoding="utf-8") == page(), f"out of date: run {REGENERATE}"


def test_the_module_prints_the_page() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kb.checks.reference"], capture_output=True, text=True, check=True
    )
    assert result.stdout == page()


def test_every_code_a_check_declares_is_registered() -> None:
    for check in CHECKS:
        assert check.codes, check.name
        for code in check.codes:
            assert code in codes.REGISTRY, (check.name, code)


def test_a_code_cannot_be_declared_twice() -> None:
    with pytest.raises(ValueError, match="KB101 declared twice"):
        codes._code("KB101", codes.E, "x", "x", "x")
