"""kb.anchors must give the ids Python-Markdown's toc gives, as the site renders them."""

from __future__ import annotations

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.anchors import anchors, heading_text, headings, slugify

HEADINGS = [
    "# Simple title",
    "#NoSpace",
    "## Use `foo()` & <b>bar</b>",
    "## __init__ method",
    "## snake_case _em_ *x* **strong**",
    "## [link](x.md) ![img](a.png) ok",
    "## Ünïcödé  title ##",
    "## 1.2 Version",
    "## C++ / C#",
    "## a\\#b",
    "## <https://x.y>",
    "## Why `kb check --strict`?",
    "## Über-große Dateien: 50 MB",
    "## 日本語 only",
    "##",
]


def markdown_ids(text: str) -> list[str]:
    """The heading ids Python-Markdown renders with the extensions mkdocs.yml uses."""
    md = markdown.Markdown(extensions=["toc", "pymdownx.superfences"])
    md.convert(text)
    ids: list[str] = []

    def walk(tokens: list[dict[str, object]]) -> None:
        for token in tokens:
            ids.append(str(token["id"]))
            walk(token["children"])  # type: ignore[arg-type]

    walk(md.toc_tokens)
    return ids


@pytest.mark.parametrize("heading", HEADINGS)
def test_each_heading_slugs_like_python_markdown(heading: str) -> None:
    [expected] = markdown_ids(heading)
    [raw] = headings(heading)
    assert slugify(heading_text(raw)) == expected or (expected == "_1" and not raw)


def test_repeated_headings_get_numbered_like_toc() -> None:
    text = "# Fix\n\ntext\n\n## Fix\n\n## Fix\n"
    assert anchors(text) == set(markdown_ids(text)) == {"fix", "fix_1", "fix_2"}


def test_code_blocks_and_setext_headings() -> None:
    text = (
        "Title\n=====\n\nSub\n---\n\n```sh\n# not a heading\n```\n\n"
        "    # indented code\n\n~~~\n## nor this\n~~~\n\n## Real\n"
    )
    assert anchors(text) == set(markdown_ids(text)) == {"title", "sub", "real"}


def test_html_ids_and_an_entry_title_count_as_anchors() -> None:
    assert anchors('<a id="here"></a>\n\n## Body\n', title="The Title") == {
        "here",
        "body",
        "the-title",
    }


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_characters="\r\n`<>[]!\\*_&"), max_size=40
    )
)
def test_plain_heading_text_matches_python_markdown(words: str) -> None:
    text = f"## x {words}\n"
    assert [slugify(heading_text(h)) for h in headings(text)] == markdown_ids(text)
