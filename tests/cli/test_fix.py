"""`kb fix`: a diff by default, --write applies it, every other byte kept."""

from __future__ import annotations

from collections.abc import Callable

from click.testing import Result

from tests.conftest import KnowledgeBase

RunKb = Callable[..., Result]

ENTRY = """\
---
title: Moved code   # the title
created: 2025-11-24T15:40:00+00:00
tags: [testing, gotchas, gotcha]
files:
  - './api//old.py'
  - api/keep.py:2-3
---

tags: [gotchas] stays in the body.
"""

DIFF = (
    """\
--- a/entries/2025/2025-11-24-sample.md
+++ b/entries/2025/2025-11-24-sample.md
@@ -1,9 +1,9 @@
 ---
 title: Moved code   # the title
 created: 2025-11-24T15:40:00+00:00
-tags: [testing, gotchas, gotcha]
+tags: [gotcha, testing]
 files:
-  - './api//old.py'
+  - 'api/new.py'
   - api/keep.py:2-3
 ---
"""
    + " \n"
)  # the blank line after the frontmatter, as diff context


def moved(kb: KnowledgeBase) -> None:
    """An entry whose file was renamed and whose line range moved down two lines."""
    kb.write("api/old.py", "".join(f"line {n}\n" for n in range(1, 20)))
    kb.write("api/keep.py", "a\nb\nc\nd\n")
    kb.commit("code", date="2025-11-20T10:00:00+00:00")
    kb.write("entries/2025/2025-11-24-sample.md", ENTRY)
    kb.commit("entry", date="2025-11-24T16:00:00+00:00")
    kb.git("mv", "api/old.py", "api/new.py")
    kb.write("api/keep.py", "new 1\nnew 2\na\nb\nc\nd\n")
    kb.commit("move and shift", date="2026-01-05T09:00:00+00:00")


def test_shows_a_diff_and_writes_nothing(kb: KnowledgeBase, run_kb: RunKb) -> None:
    moved(kb)
    result = run_kb(kb.root, "fix")
    assert (result.exit_code, result.stdout) == (0, DIFF)
    assert result.stderr == "1 entry can be fixed: run `kb fix --write` to apply.\n"
    assert (kb.entries / "2025/2025-11-24-sample.md").read_text() == ENTRY


def test_write_applies_the_diff_and_then_there_is_nothing_to_fix(
    kb: KnowledgeBase, run_kb: RunKb
) -> None:
    moved(kb)
    result = run_kb(kb.root, "fix", "--write")
    assert (result.exit_code, result.stderr) == (0, "Fixed 1 entry.\n")
    assert result.stdout == (
        "Fixed entries/2025/2025-11-24-sample.md: tag gotchas -> gotcha; "
        "duplicate tag gotcha removed; tags sorted; ./api//old.py -> api/new.py\n"
    )
    written = (kb.entries / "2025/2025-11-24-sample.md").read_bytes().decode()
    assert written == ENTRY.replace("[testing, gotchas, gotcha]", "[gotcha, testing]").replace(
        "'./api//old.py'", "'api/new.py'"
    )
    again = run_kb(kb.root, "fix")
    assert (again.exit_code, again.stdout, again.stderr) == (0, "", "Nothing to fix.\n")


def test_only_the_named_entries(kb: KnowledgeBase, run_kb: RunKb) -> None:
    kb.entry("2025-11-24-one", tags=["gotchas"])
    kb.entry("2025-11-25-two", tags=["gotchas"])
    result = run_kb(kb.root, "fix", "2025-11-25-two", "--write")
    assert result.stdout == "Fixed entries/2025/2025-11-25-two.md: tag gotchas -> gotcha\n"
    assert "tags: [gotchas]" in (kb.entries / "2025/2025-11-24-one.md").read_text()


def test_crlf_entries_keep_their_line_endings(kb: KnowledgeBase, run_kb: RunKb) -> None:
    path = kb.entries / "2025/2025-11-24-sample.md"
    kb.entry(tags=["gotchas"])
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    run_kb(kb.root, "fix", "--write")
    assert path.read_bytes() == (
        b"---\r\ntitle: Sample entry\r\ncreated: 2025-11-24T15:40:00+00:00\r\n"
        b"tags: [gotcha]\r\n---\r\n\r\n## Details\r\n\r\nSome details.\r\n"
    )


def test_unknown_id_is_one_error(kb: KnowledgeBase, run_kb: RunKb) -> None:
    kb.entry()
    result = run_kb(kb.root, "fix", "nope", "also-nope")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "Error: no entry with id 'nope'; no entry with id 'also-nope'\n",
    )


def test_a_file_without_a_final_newline_gets_the_diff_marker(
    kb: KnowledgeBase, run_kb: RunKb
) -> None:
    path = kb.write("entries/2025/2025-11-24-x.md", "---\ntitle: X\ncreated: 2025-11-24\n")
    path.write_text(path.read_text() + "tags: [gotchas]\n---", encoding="utf-8")
    result = run_kb(kb.root, "fix")
    assert result.stdout.endswith(
        "-tags: [gotchas]\n+tags: [gotcha]\n ---\n\\ No newline at end of file\n"
    )
    patch = kb.root / "fix.patch"
    patch.write_text(result.stdout, encoding="utf-8")
    kb.git("apply", "fix.patch")
    assert path.read_text(encoding="utf-8").endswith("tags: [gotcha]\n---")
