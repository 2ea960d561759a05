"""The generated pages' raw HTML blocks, stashed whole: the HTML Python-Markdown makes of them."""

from __future__ import annotations

from pathlib import Path

import markdown  # type: ignore[import-untyped]
import pytest

from kb.site.markup import RAW_END, RAW_START
from kb.site.rawblocks import RawBlocks

GOLDEN = Path(__file__).parent / "golden"
PAGES = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md"))
# As the fixture's mkdocs.yml has them.
EXTENSIONS = ["admonition", "tables", "toc", "pymdownx.superfences"]


@pytest.mark.parametrize("page", PAGES)
def test_a_stashed_page_renders_as_markdown_renders_it_unmarked(page: str) -> None:
    text = (GOLDEN / page).read_text(encoding="utf-8")
    unmarked = text.replace(f"{RAW_START}\n", "").replace(f"\n{RAW_END}", "")
    stashed = markdown.markdown(text, extensions=[*EXTENSIONS, RawBlocks()])
    assert stashed == markdown.markdown(unmarked, extensions=EXTENSIONS)


def test_the_golden_pages_have_raw_blocks() -> None:
    marked = [page for page in PAGES if RAW_START in (GOLDEN / page).read_text(encoding="utf-8")]
    assert "entries/2025/2025-11-24-django-migrations-out-of-sync.md" in marked
    assert "files/home/api.md" in marked and len(marked) >= 15


@pytest.mark.parametrize("fences", ["pymdownx.superfences", "fenced_code"])
def test_marker_lines_in_a_code_block_stay_text(fences: str) -> None:
    text = f"```\n{RAW_START}\n<b>bold</b>\n{RAW_END}\n```\n"
    html = markdown.markdown(text, extensions=[fences, RawBlocks()])
    assert "&lt;!--kb:raw--&gt;" in html and "&lt;b&gt;bold&lt;/b&gt;" in html
