"""`kb import mim FILE`: the sample, dates, tags, file references, dry runs, losslessness."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from kb.config import load_config
from kb.entry import Entry
from kb.project import load_project
from kb.vocabulary import PLACEHOLDER_DESCRIPTION
from tests.conftest import KB_YML, KnowledgeBase

RunKb = Callable[..., Result]
SAMPLE = Path(__file__).parent / "samples" / "mim-session-2025-11-24.md"
SAMPLE_KB_YML = KB_YML.replace(
    "repos:\n",
    "repos:\n  passport-scorer:\n    url: https://github.com/passportxyz/passport-scorer\n",
)
SAMPLE_PATHS = [
    "entries/2025/2025-11-24-alb-listener-rule-priority-conflicts-third-shift.md",
    "entries/2025/2025-11-24-django-migrations-out-of-sync.md",
    "entries/2025/2025-11-24-postgresql-gexec-database-creation-fix.md",
    "entries/2025/2025-11-24-weightconfiguration-csv-optional-field-handling.md",
    "entries/2025/2025-11-24-cors-support-for-ceramic-cache-endpoints.md",
]


def loaded(kb: KnowledgeBase) -> list[Entry]:
    project = load_project(load_config(kb.root / "kb.yml"))
    assert project.diagnostics == []
    return project.entries


def sample_kb(make_kb: Callable[..., KnowledgeBase]) -> KnowledgeBase:
    kb = make_kb(config=SAMPLE_KB_YML)
    kb.write("session.md", SAMPLE.read_text(encoding="utf-8"))
    return kb


def test_the_sample_becomes_five_entries_of_2025_11_24(
    make_kb: Callable[..., KnowledgeBase], run_kb: RunKb
) -> None:
    kb = sample_kb(make_kb)
    result = run_kb(
        kb.root, "import", "mim", "session.md", "--date", "2025-11-24", "--repo", "passport-scorer"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "".join(f"imported: {p}\n" for p in SAMPLE_PATHS) + (
        "5 imported, 0 already present, 0 needing attention.\n"
    )
    entries = {e.title: e for e in loaded(kb)}
    assert {e.created.isoformat() for e in entries.values()} == {
        "2025-11-24T15:40:00+00:00",
        "2025-11-24T17:30:00+00:00",
        "2025-11-24T17:34:00+00:00",
        "2025-11-24T17:37:00+00:00",
        "2025-11-24T17:49:00+00:00",
    }
    assert {e.repo for e in entries.values()} == {"passport-scorer"}
    alb = entries["ALB Listener Rule Priority Conflicts - Third Shift"]
    assert alb.tags == ["gotcha"]  # `gotchas` through its alias
    assert alb.source == {
        "importer": "mim",
        "file": "session.md",
        "heading": "### [15:40] [gotchas] ALB Listener Rule Priority Conflicts - Third Shift",
    }
    cors = entries["CORS Support for Ceramic Cache Endpoints"]
    assert [str(f) for f in cors.files] == [
        "rust-scorer/Cargo.toml",
        "rust-scorer/src/api/server.rs",
        "api/scorer/settings/base.py",
    ]


def test_every_non_blank_line_of_the_journal_is_in_the_entries(
    make_kb: Callable[..., KnowledgeBase], run_kb: RunKb
) -> None:
    """Lossless: each line is in a body, or is the heading / Files value kept in frontmatter."""
    kb = sample_kb(make_kb)
    run_kb(kb.root, "import", "mim", "session.md", "--date", "2025-11-24")
    entries = loaded(kb)
    body_lines = {line for e in entries for line in e.body.splitlines()}
    headings = {e.source["heading"] for e in entries if e.source}
    files = {", ".join(str(f) for f in e.files) for e in entries}
    missing = []
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line == "---":
            continue  # blank lines and the `---` that ends every entry are layout
        found = (
            line in headings
            or line.removeprefix("**Details**: ") in body_lines
            or line.removeprefix("**Files**: ") in files
        )
        if not found:
            missing.append(line)
    assert missing == []
    assert len(entries) == 5


def test_a_journal_without_header_needs_date(kb: KnowledgeBase, run_kb: RunKb) -> None:
    kb.write("session.md", "### [10:00] [api] T\n**Details**: d\n---\n")
    result = run_kb(kb.root, "import", "mim", "session.md")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: session.md: no `# Knowledge Capture Session - DATE` header; "
        "pass --date YYYY-MM-DD\n"
    )
    assert not kb.entries.exists()


def test_the_header_date_and_tz_date_the_entries(kb: KnowledgeBase, run_kb: RunKb) -> None:
    kb.write(
        "session.md",
        "# Knowledge Capture Session - 2025-03-30\n\n### [10:00] [api] T\n**Details**: d\n---\n",
    )
    result = run_kb(kb.root, "import", "mim", "session.md", "--tz", "Europe/Berlin")
    assert result.exit_code == 0, result.output
    (entry,) = loaded(kb)
    assert entry.created.isoformat() == "2025-03-30T10:00:00+02:00"  # summer time that day


def test_an_unknown_time_zone_is_a_usage_error(kb: KnowledgeBase, run_kb: RunKb) -> None:
    kb.write("session.md", "### [10:00] [api] T\n**Details**: d\n---\n")
    result = run_kb(kb.root, "import", "mim", "session.md", "--date", "2025-01-01", "--tz", "X/Y")
    assert result.exit_code == 2
    assert "Invalid value for --tz: unknown time zone 'X/Y'" in result.stderr


UNKNOWN = (
    "### [10:00] [phase2_implementation] One\n**Details**: d\n---\n\n"
    "### [10:05] [tools] Two\n**Details**: d\n---\n\n"
    "### [10:09] [gotchas] Three\n**Details**: d\n---\n"
)


def test_unknown_categories_stop_the_import_with_all_of_them(
    kb: KnowledgeBase, run_kb: RunKb
) -> None:
    kb.write("session.md", UNKNOWN)
    result = run_kb(kb.root, "import", "mim", "session.md", "--date", "2025-01-01")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 2 categories are not in the vocabulary: phase2-implementation, tools; add "
        "aliases in kb.yml, or pass --add-tags to add them with a placeholder description\n"
    )
    assert not kb.entries.exists()


def test_add_tags_adds_them_with_a_placeholder(kb: KnowledgeBase, run_kb: RunKb) -> None:
    kb.write("session.md", UNKNOWN)
    result = run_kb(kb.root, "import", "mim", "session.md", "--date", "2025-01-01", "--add-tags")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-3:] == [
        "note: added tag 'phase2-implementation' to kb.yml with a placeholder description; "
        "describe it (kb check reports KB207 until then)",
        "note: added tag 'tools' to kb.yml with a placeholder description; describe it "
        "(kb check reports KB207 until then)",
        "3 imported, 0 already present, 0 needing attention.",
    ]
    config = load_config(kb.root / "kb.yml")
    assert config.vocabulary.tags["tools"].description == PLACEHOLDER_DESCRIPTION
    assert sorted(tuple(e.tags) for e in loaded(kb)) == [
        ("gotcha",),
        ("phase2-implementation",),
        ("tools",),
    ]
    assert (kb.root / "kb.yml").read_text().startswith(KB_YML)


def test_dry_run_shows_the_entries_and_writes_nothing(kb: KnowledgeBase, run_kb: RunKb) -> None:
    kb.write("session.md", UNKNOWN)
    result = run_kb(
        kb.root, "import", "mim", "session.md", "--date", "2025-01-01", "--add-tags", "--dry-run"
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:12] == [
        "would import: entries/2025/2025-01-01-one.md",
        "    ---",
        "    title: One",
        "    created: 2025-01-01T10:00:00+00:00",
        "    tags: [phase2-implementation]",
        "    source:",
        "      importer: mim",
        "      file: session.md",
        "      heading: '### [10:00] [phase2_implementation] One'",
        "    ---",
        "    ",
        "    d",
    ]
    assert (
        lines[-1]
        == "Dry run: 3 to import, 0 already present, 0 needing attention; nothing written."
    )
    assert "note: would add tag 'tools' to kb.yml" in result.stdout
    assert not kb.entries.exists()
    assert (kb.root / "kb.yml").read_text() == KB_YML


def test_file_references_are_converted_and_reported(kb: KnowledgeBase, run_kb: RunKb) -> None:
    kb.write("api/registry/admin.py", "x = 1\n")
    kb.write("api/scorer/settings/base.py", "y = 2\n")
    kb.write("web/admin.py", "z = 3\n")
    kb.write("infra/lib/main.ts", "")
    kb.commit("code")
    files = (
        "/workspace/project/api/scorer/settings/base.py:1545-1555, "
        "api/registry/admin.py (lines 856-937), infra/lib/, base.py, admin.py, "
        "/etc/other-repo/x.py, api/gone.py"
    )
    kb.write("session.md", f"### [10:00] [api] Refs\n**Details**: d\n**Files**: {files}\n---\n")
    result = run_kb(kb.root, "import", "mim", "session.md", "--date", "2025-01-01")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == [
        "needs attention: session.md:1: file reference 'admin.py' is a bare file name "
        "matching 2 files; kept as given",
        "needs attention: session.md:1: file reference '/etc/other-repo/x.py' is an absolute "
        "path outside the repo and was left out; pass --strip-prefix to map it",
        # What `kb check` would report: the line ranges lie past the ends of the files.
        "needs attention: session.md:1: api/scorer/settings/base.py:1545-1555: "
        "api/scorer/settings/base.py has 1 line",
        "needs attention: session.md:1: api/registry/admin.py:856-937: "
        "api/registry/admin.py has 1 line",
        "needs attention: session.md:1: file not found: api/gone.py",
        "1 imported, 0 already present, 1 needing attention.",
    ]
    (entry,) = loaded(kb)
    assert [str(f) for f in entry.files] == [
        "api/scorer/settings/base.py:1545-1555",
        "api/registry/admin.py:856-937",
        "infra/lib/",
        "api/scorer/settings/base.py",
        "admin.py",
        "api/gone.py",
    ]
    assert entry.source is not None and entry.source["files"] == files


def test_strip_prefix_maps_absolute_paths(kb: KnowledgeBase, run_kb: RunKb) -> None:
    kb.write("src/x.py", "")
    kb.commit("code")
    kb.write(
        "s.md", "### [10:00] [api] T\n**Details**: d\n**Files**: /home/me/code/src/x.py\n---\n"
    )
    result = run_kb(
        kb.root, "import", "mim", "s.md", "--date", "2025-01-01", "--strip-prefix", "/home/me/code"
    )
    assert result.exit_code == 0, result.output
    (entry,) = loaded(kb)
    assert [str(f) for f in entry.files] == ["src/x.py"]


def test_lines_outside_entries_are_reported(kb: KnowledgeBase, run_kb: RunKb) -> None:
    kb.write("s.md", "Some preamble\n\n### [10:00] [api] T\n**Details**: d\n---\n")
    result = run_kb(kb.root, "import", "mim", "s.md", "--date", "2025-01-01")
    assert result.exit_code == 0
    assert "note: s.md:1: line outside any entry: 'Some preamble'\n" in result.stdout


def test_an_undeclared_repo_is_refused(kb: KnowledgeBase, run_kb: RunKb) -> None:
    kb.write("s.md", "### [10:00] [api] T\n**Details**: d\n---\n")
    result = run_kb(kb.root, "import", "mim", "s.md", "--date", "2025-01-01", "--repo", "nope")
    assert result.exit_code == 1
    assert result.stderr == "Error: repo 'nope' is not declared in kb.yml (declared: other)\n"


def test_rev_without_history_is_a_usage_error(kb: KnowledgeBase, run_kb: RunKb) -> None:
    kb.write("s.md", "### [10:00] [api] T\n**Details**: d\n---\n")
    result = run_kb(kb.root, "import", "mim", "s.md", "--rev", "main")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Error: --rev needs --history"


def test_a_missing_journal_is_a_usage_error(kb: KnowledgeBase, run_kb: RunKb) -> None:
    result = run_kb(kb.root, "import", "mim", "nope.md", "--date", "2025-01-01")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Error: Invalid value for FILE: nope.md is not a file"


def test_a_dry_run_after_an_import_shows_everything_present(
    make_kb: Callable[..., KnowledgeBase], run_kb: RunKb
) -> None:
    kb = sample_kb(make_kb)
    run_kb(kb.root, "import", "mim", "session.md", "--date", "2025-11-24")
    result = run_kb(kb.root, "import", "mim", "session.md", "--date", "2025-11-24", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"already present: {path} (session.md:{line})"
        for path, line in zip(SAMPLE_PATHS, (1, 21, 31, 44, 57), strict=True)
    ] + ["Dry run: 0 to import, 5 already present, 0 needing attention; nothing written."]
