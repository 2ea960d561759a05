"""`kb import mim --history` on journals whose git history was emptied, refilled, edited,
branched and merged with `merge=union`, by authors in different UTC offsets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from click.testing import Result

from kb.config import load_config
from kb.entry import Entry
from kb.project import load_project
from tests.conftest import KnowledgeBase, git

JOURNAL = ".claude/knowledge/session.md"


def block(time: str, category: str, topic: str, details: str, files: str = "") -> str:
    """One journal entry exactly as the Mím writer appends it."""
    files_line = f"**Files**: {files}\n" if files else ""
    return f"### [{time}] [{category}] {topic}\n**Details**: {details}\n{files_line}---\n\n"


A = block("09:30", "gotcha", "Alpha", "First text of alpha.", "api/a.py")
A_EDITED = block("09:30", "gotcha", "Alpha", "Edited text of alpha.\n- with a list", "api/a.py")
B = block("17:45", "database", "Beta", "Beta details.")
C = block("23:50", "gotchas", "Gamma", "Written late in the evening.")
D = block("11:55", "api", "Delta", "Added on a feature branch.")
E = block("08:00", "testing", "Epsilon", "Only on an unmerged branch.")


def save(kb: KnowledgeBase, text: str, message: str, date: str) -> str:
    kb.write(JOURNAL, text)
    return kb.commit(message, date)


@pytest.fixture
def journal_repo(kb: KnowledgeBase) -> KnowledgeBase:
    """History: written, grown, emptied, refilled and edited, a merged branch, a loose one."""
    kb.write(".gitattributes", f"{JOURNAL} merge=union\n")
    kb.write("api/a.py", "print('a')\n")
    header = "# Knowledge Capture Session - 2025-11-20\n\n"
    save(kb, header + A, "alpha", "2025-11-20T10:00:00+01:00")
    save(kb, header + A + B, "beta", "2025-11-20T18:00:00+01:00")
    kb.git("branch", "feature")
    kb.git("branch", "loose")
    save(kb, "", "processed: emptied", "2025-11-21T09:00:00+01:00")
    # Heading 23:50 but committed at 08:15 (-05:00): written the evening before.
    save(kb, C + A_EDITED, "refilled", "2025-11-22T08:15:00-05:00")
    kb.git("checkout", "-q", "feature")
    save(kb, header + A + B + D, "delta", "2025-11-21T12:00:00+00:00")
    kb.git("checkout", "-q", "loose")
    save(kb, header + A + B + E, "epsilon", "2025-11-23T08:30:00+00:00")
    kb.git("checkout", "-q", "main")
    merged = "2025-11-22T10:00:00-05:00"
    env = {"GIT_AUTHOR_DATE": merged, "GIT_COMMITTER_DATE": merged}
    git(kb.root, "merge", "-q", "--no-edit", "feature", env=env)
    return kb


def entries(kb: KnowledgeBase) -> dict[str, Entry]:
    project = load_project(load_config(kb.root / "kb.yml"))
    return {entry.title: entry for entry in project.entries}


def iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


RunKb = Callable[..., Result]


def test_history_dates_each_entry_by_its_first_commit_and_keeps_the_latest_text(
    journal_repo: KnowledgeBase, run_kb: RunKb
) -> None:
    result = run_kb(journal_repo.root, "import", "mim", JOURNAL, "--history")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "imported: entries/2025/2025-11-20-alpha.md\n"
        "imported: entries/2025/2025-11-20-beta.md\n"
        "imported: entries/2025/2025-11-21-delta.md\n"
        "imported: entries/2025/2025-11-21-gamma.md\n"
        "imported: entries/2025/2025-11-23-epsilon.md\n"
        "5 imported, 0 already present, 0 needing attention.\n"
    )
    found = entries(journal_repo)
    dates = {title: (iso(e.created), iso(e.updated)) for title, e in found.items()}
    assert dates == {
        "Alpha": ("2025-11-20T09:30:00+01:00", "2025-11-22T08:15:00-05:00"),
        "Beta": ("2025-11-20T17:45:00+01:00", None),
        "Delta": ("2025-11-21T11:55:00+00:00", None),
        "Gamma": ("2025-11-21T23:50:00-05:00", None),
        "Epsilon": ("2025-11-23T08:00:00+00:00", None),
    }
    assert found["Alpha"].body == "Edited text of alpha.\n- with a list\n"
    assert [str(f) for f in found["Alpha"].files] == ["api/a.py"]
    assert {t: e.tags for t, e in found.items()} == {
        "Alpha": ["gotcha"],
        "Beta": ["database"],
        "Delta": ["api"],
        "Gamma": ["gotcha"],
        "Epsilon": ["testing"],
    }


def test_history_source_names_heading_commit_and_the_day_before(
    journal_repo: KnowledgeBase, run_kb: RunKb
) -> None:
    run_kb(journal_repo.root, "import", "mim", JOURNAL, "--history")
    log = journal_repo.git("log", "--all", "--format=%H %s").splitlines()
    sha = {line.split(" ", 1)[1]: line.split(" ", 1)[0] for line in log}
    found = entries(journal_repo)
    assert found["Gamma"].source == {
        "importer": "mim",
        "file": JOURNAL,
        "heading": "### [23:50] [gotchas] Gamma",
        "commit": sha["refilled"],
        "dated": "heading time 23:50 is later than the commit's 08:15 "
        "(2025-11-22T08:15:00-05:00); dated the day before",
    }
    assert found["Alpha"].source == {
        "importer": "mim",
        "file": JOURNAL,
        "heading": "### [09:30] [gotcha] Alpha",
        "commit": sha["alpha"],
        "text_from": sha["refilled"],
    }
    # Beta came back in the union merge, but its first commit still dates it.
    assert found["Beta"].source is not None
    assert found["Beta"].source["commit"] == sha["beta"]


def test_a_second_history_import_writes_nothing(journal_repo: KnowledgeBase, run_kb: RunKb) -> None:
    run_kb(journal_repo.root, "import", "mim", JOURNAL, "--history")
    before = sorted(p.read_text() for p in journal_repo.entries.rglob("*.md"))
    result = run_kb(journal_repo.root, "import", "mim", JOURNAL, "--history")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "0 imported, 5 already present, 0 needing attention."
    assert sorted(p.read_text() for p in journal_repo.entries.rglob("*.md")) == before
    assert len(list(journal_repo.entries.rglob("*.md"))) == 5


def test_rev_narrows_the_history_to_main(journal_repo: KnowledgeBase, run_kb: RunKb) -> None:
    result = run_kb(journal_repo.root, "import", "mim", JOURNAL, "--history", "--rev", "main")
    assert result.exit_code == 0, result.output
    assert "Epsilon" not in entries(journal_repo)
    assert sorted(entries(journal_repo)) == ["Alpha", "Beta", "Delta", "Gamma"]


def test_an_entry_kept_by_a_stale_branch_keeps_its_edited_text(
    journal_repo: KnowledgeBase, run_kb: RunKb
) -> None:
    """`loose` forked before the edit and is the newest version, yet did not edit Alpha."""
    run_kb(journal_repo.root, "import", "mim", JOURNAL, "--history")
    assert entries(journal_repo)["Alpha"].body.startswith("Edited text")


def test_an_edit_after_the_merge_updates_the_entry(
    journal_repo: KnowledgeBase, run_kb: RunKb
) -> None:
    text = (journal_repo.root / JOURNAL).read_text()
    save(
        journal_repo,
        text.replace("Beta details.", "Beta details, corrected."),
        "fix",
        ("2025-11-25T16:00:00+05:30"),
    )
    run_kb(journal_repo.root, "import", "mim", JOURNAL, "--history")
    beta = entries(journal_repo)["Beta"]
    assert (iso(beta.created), iso(beta.updated)) == (
        "2025-11-20T17:45:00+01:00",
        "2025-11-25T16:00:00+05:30",
    )
    assert beta.body == "Beta details, corrected.\n"


def test_history_needs_git(make_kb: Callable[..., KnowledgeBase], run_kb: RunKb) -> None:
    kb = make_kb(use_git=False)
    kb.write("journal.md", A)
    result = run_kb(kb.root, "import", "mim", "journal.md", "--history")
    assert result.exit_code == 1
    assert result.stderr == "Error: journal.md: --history needs the journal inside a git repo\n"


def test_history_of_a_file_never_committed(kb: KnowledgeBase, run_kb: RunKb) -> None:
    kb.commit("empty")
    result = run_kb(kb.root, "import", "mim", "session.md", "--history")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: session.md: no committed version of session.md in the history\n"
    )


def test_a_rev_that_looks_like_an_option_is_refused(
    journal_repo: KnowledgeBase, run_kb: RunKb
) -> None:
    result = run_kb(journal_repo.root, "import", "mim", JOURNAL, "--history", "--rev=--all")
    assert result.exit_code == 1
    assert result.stderr == "Error: --rev '--all': a revision cannot start with '-'\n"


def test_an_edit_after_the_import_is_pointed_out_not_applied(
    journal_repo: KnowledgeBase, run_kb: RunKb
) -> None:
    run_kb(journal_repo.root, "import", "mim", JOURNAL, "--history")
    before = entries(journal_repo)["Beta"].body
    text = (journal_repo.root / JOURNAL).read_text()
    save(
        journal_repo, text.replace("Beta details.", "Beta, later."), "edit", "2025-12-01T09:00:00Z"
    )
    result = run_kb(journal_repo.root, "import", "mim", JOURNAL, "--history")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-2:] == [
        f"needs attention: {JOURNAL}:11: already imported as 2025-11-20-beta, whose text "
        "differs from the source now (edited in one of them); left as it is",
        "0 imported, 5 already present, 1 needing attention.",
    ]
    assert entries(journal_repo)["Beta"].body == before


def test_date_and_tz_do_not_apply_to_history(journal_repo: KnowledgeBase, run_kb: RunKb) -> None:
    result = run_kb(journal_repo.root, "import", "mim", JOURNAL, "--history", "--tz", "UTC")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: --date and --tz do not apply with --history: commits date it"
    )
