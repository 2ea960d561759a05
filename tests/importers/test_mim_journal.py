"""Parsing Mím v1 journals: entries, labels, the Files line, and what is left over."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kb.importers.mim_journal import parse

SAMPLE = Path(__file__).parent / "samples" / "mim-session-2025-11-24.md"


def test_the_sample_has_five_entries_with_times_categories_and_files() -> None:
    journal = parse(SAMPLE.read_text(encoding="utf-8"))
    assert journal.date is None
    assert journal.stray == [] and journal.bad_headings == []
    assert [(e.time, e.category, e.topic, e.line) for e in journal.entries] == [
        (dt.time(15, 40), "gotchas", "ALB Listener Rule Priority Conflicts - Third Shift", 1),
        (dt.time(17, 30), "gotcha", "Django migrations out of sync", 21),
        (dt.time(17, 34), "gotcha", "PostgreSQL gexec database creation fix", 31),
        (dt.time(17, 37), "gotcha", "WeightConfiguration CSV optional field handling", 44),
        (dt.time(17, 49), "api", "CORS Support for Ceramic Cache Endpoints", 57),
    ]
    last = journal.entries[-1]
    assert last.files == (
        "rust-scorer/Cargo.toml, rust-scorer/src/api/server.rs, api/scorer/settings/base.py"
    )
    assert last.details.startswith("Added CORS support to Rust scorer")
    assert last.details.endswith("- Any other origin (matches Python's allow-all approach)")
    first = journal.entries[0]
    assert "**Solution History**:" in first.details
    assert first.details.endswith("when safe to do so.")


def test_header_details_headings_rules_and_missing_files_line() -> None:
    text = (
        "# Knowledge Capture Session - 2025-11-20\n"
        "\n"
        "### [09:05] [config] Env vars\n"
        "**Details**:\n"
        "## A heading of its own\n"
        "---\n"
        "more after a rule\n"
        "---\n"
        "\n"
        "### [25:00] [config] Not a time\n"
        "**Details**: x\n"
        "---\n"
    )
    journal = parse(text)
    assert journal.date == dt.date(2025, 11, 20)
    (entry,) = journal.entries
    assert entry.files is None
    assert entry.details == "## A heading of its own\n---\nmore after a rule"
    assert journal.bad_headings == [(10, "### [25:00] [config] Not a time")]


def test_lines_before_the_first_entry_are_listed_not_dropped() -> None:
    journal = parse("stray note\n\n### [10:00] [api] T\n**Details**: d\n---\n")
    assert journal.stray == [(1, "stray note")]
    assert [e.topic for e in journal.entries] == ["T"]
