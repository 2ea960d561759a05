"""Parsing entries: the format's rules and YAML's traps, each a finding with a position."""

from __future__ import annotations

import datetime as dt

import pytest

from kb.entry import parse_entry
from kb.refs import RefKind, parse_ref

UTC = dt.UTC


def parse(front: str, body: str = "Body.\n"):
    return parse_entry("entries/2025/2025-11-24-x.md", f"---\n{front}---\n\n{body}", UTC)


def findings(front: str) -> list[str]:
    return [d.one_line() for d in parse(front).diagnostics]


def test_a_valid_entry() -> None:
    parsed = parse(
        "title: CORS\ncreated: 2025-11-24T17:49:00+01:00\ntags: [api, gotcha]\n"
        "files:\n  - rust-scorer/src/api/server.rs:10-20\n  - infra/\nrepo: scorer\n"
        "authors: [ana]\n"
    )
    assert parsed.diagnostics == []
    entry = parsed.entry
    assert entry is not None
    assert entry.id == "2025-11-24-x"
    assert entry.created == dt.datetime(2025, 11, 24, 16, 49, tzinfo=UTC)
    assert entry.files[0].start == 10 and entry.files[0].end == 20
    assert entry.files[1].kind is RefKind.DIRECTORY
    assert entry.repo == "scorer" and entry.authors == ["ana"] and entry.status == "active"
    assert entry.body == "Body.\n"
    assert entry.body_line == 12


def test_yaml_11_booleans_stay_tags() -> None:
    parsed = parse("title: T\ncreated: 2025-11-24\ntags: [no, on, yes, off]\n")
    assert parsed.entry is not None
    assert parsed.entry.tags == ["no", "on", "yes", "off"]


def test_numbers_and_booleans_as_tags_are_findings() -> None:
    assert findings("title: T\ncreated: 2025-11-24\ntags: [3, true]\n") == [
        "entries/2025/2025-11-24-x.md:4:1: KB206 tag 3 is a number, not a word "
        "(quote it, or use a tag of the vocabulary)",
        "entries/2025/2025-11-24-x.md:4:1: KB206 tag True is a boolean, not a word "
        "(quote it, or use a tag of the vocabulary)",
    ]


def test_bare_date_means_midnight_in_the_configured_zone() -> None:
    tz = dt.timezone(dt.timedelta(hours=2))
    parsed = parse_entry("e.md", "---\ntitle: T\ncreated: 2025-11-24\ntags: [a]\n---\n", tz)
    assert parsed.entry is not None
    assert parsed.entry.created == dt.datetime(2025, 11, 24, tzinfo=tz)
    assert parsed.diagnostics == []


def test_quoted_and_unquoted_dates_agree() -> None:
    a = parse("title: T\ncreated: '2025-11-24T15:40:00+00:00'\ntags: [a]\n").entry
    b = parse("title: T\ncreated: 2025-11-24T15:40:00+00:00\ntags: [a]\n").entry
    assert a is not None and b is not None and a.created == b.created


def test_date_time_without_offset_is_a_warning() -> None:
    assert findings("title: T\ncreated: 2025-11-24T15:40:00\ntags: [a]\n") == [
        "entries/2025/2025-11-24-x.md:3:1: KB107 created has no UTC offset; kb.yml's time "
        "zone is assumed (write 2025-11-24T15:40:00+00:00)"
    ]


def test_tab_in_indentation_is_a_finding_at_its_line() -> None:
    assert findings("title: T\ncreated: 2025-11-24\ntags:\n\t- a\n") == [
        "entries/2025/2025-11-24-x.md:5:1: KB103 invalid YAML: found character that cannot "
        "start any token"
    ]


def test_yaml_error_line_counts_in_the_entry_file() -> None:
    (finding,) = parse("title: T\ncreated: 2025-11-24\ntags: [a\nfiles: []\n").diagnostics
    assert (finding.code, finding.line) == ("KB103", 5)


def test_alias_bomb_is_refused_without_expanding() -> None:
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n" + "".join(
        f"l{i}: &l{i} [*{'c' if i == 0 else f'l{i - 1}'}, *{'c' if i == 0 else f'l{i - 1}'}]\n"
        for i in range(40)
    )
    (finding,) = parse(bomb).diagnostics
    assert finding.code == "KB103"
    assert "anchors and aliases" in finding.message
    assert finding.line == 2


def test_missing_required_keys_are_each_reported() -> None:
    assert [d.code for d in parse("authors: [x]\n").diagnostics] == ["KB105", "KB105", "KB105"]
    assert parse("authors: [x]\n").entry is None


def test_unknown_keys_are_kept_and_warned_about() -> None:
    parsed = parse("title: T\ncreated: 2025-11-24\ntags: [a]\nseverity: high\n")
    assert parsed.entry is not None and parsed.entry.extra == {"severity": "high"}
    assert [d.one_line() for d in parsed.diagnostics] == [
        "entries/2025/2025-11-24-x.md:5:1: KB108 unknown key 'severity' "
        "(fine if your team uses it on purpose)"
    ]


def test_duplicate_keys_are_errors() -> None:
    assert "KB115" in [
        d.code for d in parse("title: T\ntitle: U\ncreated: 2025-11-24\ntags: [a]\n").diagnostics
    ]


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("no frontmatter\n", "KB101", 1),
        ("---\ntitle: T\n", "KB102", 3),
        ("---\n- a\n- b\n---\n", "KB104", 2),
        ("", "KB101", 1),
    ],
)
def test_broken_files(text: str, code: str, line: int) -> None:
    (finding,) = parse_entry("e.md", text, UTC).diagnostics
    assert (finding.code, finding.line) == (code, line)


def test_bom_and_crlf_are_accepted() -> None:
    text = "\ufeff---\r\ntitle: T\r\ncreated: 2025-11-24\r\ntags: [a]\r\n---\r\n\r\nBody\r\n"
    parsed = parse_entry("e.md", text, UTC)
    assert parsed.diagnostics == []
    assert parsed.entry is not None and parsed.entry.body == "Body\n"


def test_status_rules() -> None:
    assert findings("title: T\ncreated: 2025-11-24\ntags: [a]\nstatus: done\n") == [
        "entries/2025/2025-11-24-x.md:5:1: KB106 status must be one of active, resolved, "
        "obsolete, superseded, not 'done'"
    ]
    assert [
        d.code
        for d in parse("title: T\ncreated: 2025-11-24\ntags: [a]\nstatus: superseded\n").diagnostics
    ] == ["KB105"]


def test_kb_ignore_needs_a_reason() -> None:
    parsed = parse(
        "title: T\ncreated: 2025-11-24\ntags: [a]\n"
        "kb-ignore: {KB301: 'lives elsewhere', KB302: ''}\n"
    )
    assert parsed.entry is not None
    assert parsed.entry.ignore == {"KB301": "lives elsewhere"}
    assert [d.code for d in parsed.diagnostics] == ["KB902"]


@pytest.mark.parametrize(
    ("raw", "path", "kind", "lines"),
    [
        ("a/b.py", "a/b.py", RefKind.FILE, (None, None)),
        ("a/b.py:7", "a/b.py", RefKind.FILE, (7, 7)),
        ("a/b.py:1545-1555", "a/b.py", RefKind.FILE, (1545, 1555)),
        ("infra/", "infra", RefKind.DIRECTORY, (None, None)),
        ("api/**/*.py", "api/**/*.py", RefKind.GLOB, (None, None)),
    ],
)
def test_file_reference_forms(raw: str, path: str, kind: RefKind, lines: tuple) -> None:
    ref = parse_ref(raw)
    assert (ref.path, ref.kind, (ref.start, ref.end)) == (path, kind, lines)
