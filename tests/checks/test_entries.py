"""Frontmatter, schema and cross-entry findings (KB1xx) as run_checks reports them."""

from __future__ import annotations

from collections.abc import Callable

from tests.checks.helpers import lines
from tests.conftest import KnowledgeBase

P = "entries/2025/2025-11-24-x.md"


def test_a_valid_entry_has_no_findings(kb: KnowledgeBase) -> None:
    kb.entry("2025-11-24-x")
    assert lines(kb.root) == []


def test_frontmatter_missing_unclosed_and_not_a_mapping(kb: KnowledgeBase) -> None:
    kb.write("entries/2025/2025-11-24-a.md", "no frontmatter\n")
    kb.write("entries/2025/2025-11-24-b.md", "---\ntitle: x\n")
    kb.write("entries/2025/2025-11-24-d.md", "---\n- a\n- b\n---\n")
    assert lines(kb.root) == [
        "entries/2025/2025-11-24-a.md:1:1: KB101 the entry has no frontmatter "
        "(first line must be `---`)",
        "entries/2025/2025-11-24-b.md:3:1: KB102 the frontmatter opened on line 1 "
        "is never closed with `---`",
        "entries/2025/2025-11-24-d.md:2:1: KB104 the frontmatter must be a mapping of keys, "
        "not a list",
    ]


def test_a_yaml_error_is_placed_in_the_entry_file(kb: KnowledgeBase) -> None:
    kb.write(P, "---\ntitle: x\ncreated: 2025-11-24\ntags: gotcha: [\n---\nbody\n")
    [line] = lines(kb.root)
    assert line.startswith(f"{P}:4:")
    assert " KB103 invalid YAML: " in line


def test_required_keys_types_offsets_and_unknown_keys(kb: KnowledgeBase) -> None:
    kb.write("entries/2025/2025-11-24-e.md", "---\ntitle: E\n---\nbody\n")
    kb.entry(
        "2025-11-24-f",
        title="F",
        created="2025-11-24T10:00:00",
        extra="severity: high\nstatus: done",
    )
    assert lines(kb.root) == [
        "entries/2025/2025-11-24-e.md:2:1: KB105 required key 'created' is missing",
        "entries/2025/2025-11-24-e.md:2:1: KB105 required key 'tags' is missing",
        "entries/2025/2025-11-24-f.md:3:1: KB107 created has no UTC offset; kb.yml's time zone "
        "is assumed (write 2025-11-24T10:00:00+00:00)",
        "entries/2025/2025-11-24-f.md:5:1: KB108 unknown key 'severity' "
        "(fine if your team uses it on purpose)",
        "entries/2025/2025-11-24-f.md:6:1: KB106 status must be one of active, resolved, "
        "obsolete, superseded, not 'done'",
    ]


def test_duplicate_ids_titles_and_layout(kb: KnowledgeBase) -> None:
    kb.entry("2025-11-24-g", title="Same")
    kb.write(
        "entries/old/2025-11-24-g.md",
        "---\ntitle: same \ncreated: 2025-11-24\ntags: [gotcha]\n---\n",
    )
    kb.entry("2025-11-25-i", title="I")
    kb.entry("notes", title="N")
    assert lines(kb.root) == [
        "entries/2025/2025-11-25-i.md:3:1: KB112 the file name's date is not its created date, "
        "2025-11-24 (move it to entries/2025/2025-11-24-i.md)",
        "entries/note/notes.md:1:1: KB112 file name notes.md is not YYYY-MM-DD-slug.md "
        "(rename it to entries/2025/2025-11-24-SLUG.md)",
        "entries/old/2025-11-24-g.md:1:1: KB109 id '2025-11-24-g' is also the id of "
        "entries/2025/2025-11-24-g.md (rename one file)",
        "entries/old/2025-11-24-g.md:2:1: KB110 title 'same' is also the title of "
        "entries/2025/2025-11-24-g.md",
        "entries/old/2025-11-24-g.md:3:1: KB112 the file name's date is not its created date, "
        "2025-11-24 (move it to entries/2025/2025-11-24-g.md)",
    ]


def test_the_layout_date_is_taken_in_the_configured_time_zone(kb: KnowledgeBase) -> None:
    kb.write("kb.yml", (kb.root / "kb.yml").read_text().replace("UTC", "Asia/Tokyo"))
    kb.entry("2025-11-25-late", created="2025-11-24T20:00:00+00:00")  # 05:00 next day in Tokyo
    assert lines(kb.root) == []


def test_superseded_by_must_name_an_entry(kb: KnowledgeBase) -> None:
    kb.entry("2025-11-24-new", title="New")
    kb.entry("2025-11-24-h", title="H", extra="status: superseded\nsuperseded_by: 2025-01-01-typo")
    kb.entry("2025-11-24-k", title="K", extra="status: superseded\nsuperseded_by: 2025-11-24-new")
    assert lines(kb.root) == [
        "entries/2025/2025-11-24-h.md:6:1: KB111 superseded_by names no entry: 2025-01-01-typo "
        "(use the file name, without .md, of an existing entry)",
    ]


def test_an_entry_over_the_size_limit(make_kb: Callable[..., KnowledgeBase]) -> None:
    kb = make_kb(config="tags: {gotcha: x}\nlimits: {max_entry_bytes: 200}\n")
    kb.entry("2025-11-24-x", body="x" * 300)
    assert lines(kb.root) == [
        f"{P}:1:1: KB113 the entry is 379 bytes; the limit is 200",
    ]
