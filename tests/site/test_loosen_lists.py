"""Lists written right under a paragraph line render as lists, as they do on GitHub."""

from __future__ import annotations

import markdown

from kb.site.markup import loosen_lists


def render(text: str) -> str:
    return markdown.markdown(loosen_lists(text), extensions=["fenced_code"])


def test_list_under_a_bold_label_becomes_a_list() -> None:
    body = "**Solution History**:\n1. First shift\n2. Second shift\n\n**Fix**:\n- delete rules\n"
    assert loosen_lists(body) == (
        "**Solution History**:\n\n1. First shift\n2. Second shift\n\n**Fix**:\n\n- delete rules\n"
    )
    assert "<ol>\n<li>First shift</li>" in render(body)
    assert "<ul>\n<li>delete rules</li>" in render(body)


def test_code_fences_nested_lists_and_loose_lists_are_left_alone() -> None:
    body = "```\nx\n- not a list\n```\n\n- a\n  - b\n\n- c\n"
    assert loosen_lists(body) == body


def test_bodies_without_list_items_are_returned_as_they_are() -> None:
    for body in ["Text\n-not a list\n\n#1 thing\n", "", "a\n\n    - indented code\n"]:
        assert loosen_lists(body) == body
    assert loosen_lists("Text\n   * starred\n") == "Text\n\n   * starred\n"
