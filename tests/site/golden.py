"""Golden files: compare generated text with a stored copy; KB_UPDATE_GOLDEN=1 rewrites it."""

from __future__ import annotations

import os
from pathlib import Path


def updating() -> bool:
    return os.environ.get("KB_UPDATE_GOLDEN") == "1"


def check_tree(golden_dir: Path, pages: dict[str, str]) -> None:
    """Assert that `golden_dir` holds exactly `pages` (uri -> text), or rewrite it."""
    if updating():
        for old in golden_dir.rglob("*"):
            if old.is_file():
                old.unlink()
        for uri, text in pages.items():
            path = golden_dir / uri
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return
    stored = {
        path.relative_to(golden_dir).as_posix() for path in golden_dir.rglob("*") if path.is_file()
    }
    assert sorted(pages) == sorted(stored), "pages differ; rerun with KB_UPDATE_GOLDEN=1"
    for uri, text in pages.items():
        expected = (golden_dir / uri).read_text(encoding="utf-8")
        assert text == expected, f"{uri} differs from its golden file"
