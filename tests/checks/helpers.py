"""Run the checks on a knowledge base folder and get their lines, for exact assertions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kb.checks import CheckOptions, CheckResult, check_project
from kb.config import load_config
from kb.project import load_project


def result(root: Path, **options: Any) -> CheckResult:
    """`check_project` on the knowledge base at `root`, without the cache."""
    options.setdefault("use_cache", False)
    project = load_project(load_config(root / "kb.yml"))
    return check_project(project, CheckOptions(**options))


# Unused tags (KB205) would show in nearly every small test; staleness (KB309-KB312)
# depends on commit dates and has its own tests.
DEFAULT_IGNORE = ("KB205", "KB309", "KB31")


def lines(root: Path, *, ignore: tuple[str, ...] = DEFAULT_IGNORE, **options: Any) -> list[str]:
    """One line per finding, as `kb check` prints them."""
    return [d.one_line() for d in result(root, ignore=ignore, **options).diagnostics]
