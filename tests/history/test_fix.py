"""kb.fix: textual edits of frontmatter that keep every other byte."""

from __future__ import annotations

from kb.fix import fix_text, scalar_text, set_verified
from kb.vocabulary import Tag, Vocabulary

VOCABULARY = Vocabulary.from_tags(
    [Tag("gotcha", "", ("gotchas",)), Tag("api", ""), Tag("testing", "", ("tests",))]
)


def test_flow_tags_get_canonical_sorted_and_unique_keeping_the_comment() -> None:
    text = "---\ntitle: X\ntags: [testing, gotchas, api, gotcha]  # keep me\n---\n\ntags: [b, a]\n"
    fixed = fix_text(text, VOCABULARY, {})
    assert (
        fixed.text
        == "---\ntitle: X\ntags: [api, gotcha, testing]  # keep me\n---\n\ntags: [b, a]\n"
    )
    assert fixed.changes == [
        "tag gotchas -> gotcha",
        "duplicate tag gotcha removed",
        "tags sorted",
    ]


def test_block_tags_lose_the_duplicate_line_only() -> None:
    text = "---\ntags:\n  - testing  # why\n  - tests\n  - api\n# after\ntitle: X\n---\nbody\n"
    fixed = fix_text(text, VOCABULARY, {})
    assert fixed.text == "---\ntags:\n  - api  # why\n  - testing\n# after\ntitle: X\n---\nbody\n"


def test_quoting_is_kept_and_unknown_tags_stay() -> None:
    text = "---\ntags: ['gotchas', \"zeta\", alpha]\n---\n"
    assert fix_text(text, VOCABULARY, {}).text == "---\ntags: ['alpha', \"gotcha\", zeta]\n---\n"


def test_references_are_normalised_and_renamed_in_place() -> None:
    text = (
        "---\ntitle: X\nfiles:\n  - ./api//x.py:3-4   # lines\n  - 'old/a.py'\n"
        "  - keep.py\n  - docs/\n---\n"
    )
    fixed = fix_text(text, VOCABULARY, {"old/a.py": "new/a.py"})
    assert fixed.text == (
        "---\ntitle: X\nfiles:\n  - api/x.py:3-4   # lines\n  - 'new/a.py'\n"
        "  - keep.py\n  - docs/\n---\n"
    )
    assert fixed.changes == ["./api//x.py:3-4 -> api/x.py:3-4", "old/a.py -> new/a.py"]


def test_flow_files_with_a_comma_get_quoted() -> None:
    text = "---\nfiles: [a.py]\n---\n"
    assert fix_text(text, VOCABULARY, {"a.py": "b,c.py"}).text == "---\nfiles: ['b,c.py']\n---\n"


def test_nothing_to_fix_leaves_the_text_alone() -> None:
    text = "---\ntitle: X\ntags: [api, gotcha]\nfiles: [a.py]\n---\nbody\n"
    fixed = fix_text(text, VOCABULARY, {})
    assert (fixed.text, fixed.changed) == (text, False)


def test_bom_and_crlf_survive() -> None:
    text = "\ufeff---\r\ntitle: X\r\ntags: [gotchas]\r\n---\r\n\r\nbody\r\n"
    assert fix_text(text, VOCABULARY, {}).text == (
        "\ufeff---\r\ntitle: X\r\ntags: [gotcha]\r\n---\r\n\r\nbody\r\n"
    )


def test_unusable_frontmatter_is_not_touched() -> None:
    for text in ("no frontmatter\n", "---\ntags: [a\n---\n", "---\n- a\n---\n", "---\nx: 1\n"):
        assert fix_text(text, VOCABULARY, {}).text == text
        assert set_verified(text, "abc", "2026-01-05T10:00:00+00:00") is None


def test_verified_is_added_as_the_last_key() -> None:
    text = "---\ntitle: X  # c\ntags: [api]\n---\n\nbody\n"
    assert set_verified(text, "abc123", "2026-01-05T10:00:00+00:00") == (
        "---\ntitle: X  # c\ntags: [api]\n"
        "verified: {commit: abc123, date: 2026-01-05T10:00:00+00:00}\n---\n\nbody\n"
    )


def test_verified_is_replaced_where_it_stands_flow_or_block() -> None:
    flow = "---\nverified: {commit: old, date: 2025-01-01}\ntitle: X\n---\n"
    assert set_verified(flow, "new", "2026-01-05T10:00:00+00:00") == (
        "---\nverified: {commit: new, date: 2026-01-05T10:00:00+00:00}\ntitle: X\n---\n"
    )
    block = "---\nverified:\n  commit: old\n  date: 2025-01-01\ntitle: X\n---\n"
    assert set_verified(block, None, "2026-01-05T10:00:00+00:00") == (
        "---\nverified: {date: 2026-01-05T10:00:00+00:00}\ntitle: X\n---\n"
    )
    crlf = "---\r\ntitle: X\r\nverified:\r\n  commit: old\r\n---\r\n"
    assert (
        set_verified(crlf, "n", "D")
        == "---\r\ntitle: X\r\nverified: {commit: n, date: D}\r\n---\r\n"
    )


def test_scalar_text_keeps_each_style() -> None:
    assert scalar_text("a b", None, False) == "a b"
    assert scalar_text("it's", "'", False) == "'it''s'"
    assert scalar_text('say "x"', '"', False) == '"say \\"x\\""'
    assert scalar_text("a: b", None, False) == "'a: b'"
