"""Staleness on real git repos built in tmp_path: renames, splits, deletions, lines."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from kb.config import load_config
from kb.history import Commit, load_histories
from kb.project import load_project
from kb.refs import parse_ref
from kb.repo_index import build_index
from kb.staleness import RefChanges, changes_for, findings, label, notices
from tests.conftest import KnowledgeBase, git

BEFORE = "2025-11-20T10:00:00+00:00"  # before the sample entry (2025-11-24)
AFTER = "2026-01-05T09:00:00+00:00"
LATER = "2026-01-06T09:00:00+00:00"


def stale(kb: KnowledgeBase, *, with_index: bool = True) -> list[str]:
    """Every staleness finding and notice of the knowledge base, one line each."""
    config = load_config(kb.root / "kb.yml")
    entries = load_project(config).entries
    histories = load_histories(config, entries)
    exists = {None: build_index(kb.root).has_file} if with_index else None
    found = findings(entries, histories, exists) + notices(histories, "kb.yml")
    return [f"{d.severity} {d.one_line()}" for d in found]


def lines(count: int, prefix: str = "line") -> str:
    return "".join(f"{prefix} {n}\n" for n in range(1, count + 1))


def start(kb: KnowledgeBase, files: dict[str, str], refs: list[str]) -> None:
    """Commit `files` before the entry, then the entry referring to `refs`."""
    for path, text in files.items():
        kb.write(path, text)
    kb.commit("add code", date=BEFORE)
    kb.entry(files=refs)
    kb.commit("add entry", date="2025-11-24T16:00:00+00:00")


def short(kb: KnowledgeBase) -> str:
    return kb.git("rev-parse", "--short=7", "HEAD").strip()


ENTRY = "entries/2025/2025-11-24-sample.md:5:1"


def test_untouched_files_are_not_stale(kb: KnowledgeBase) -> None:
    start(kb, {"api/x.py": lines(5)}, ["api/x.py"])
    kb.write("other.py", "x\n")
    kb.commit("unrelated", date=AFTER)
    assert stale(kb) == []


def test_commits_after_the_entry_are_counted_with_the_newest(kb: KnowledgeBase) -> None:
    start(kb, {"api/x.py": lines(5)}, ["api/x.py"])
    for number, subject in enumerate(["tweak", "more", "split settings"], start=1):
        kb.write("api/x.py", lines(5 + number))
        kb.commit(subject, date=f"2026-01-0{number + 2}T09:00:00+00:00")
    assert stale(kb) == [
        f"info {ENTRY}: KB309 3 commits touched api/x.py since this entry "
        f'(newest {short(kb)} 2026-01-05 "split settings")'
    ]


def test_git_mv_without_edits_names_the_new_path(kb: KnowledgeBase) -> None:
    start(kb, {"api/old.py": lines(5)}, ["api/old.py"])
    kb.git("mv", "api/old.py", "api/new.py")
    kb.commit("move it", date=AFTER)
    assert stale(kb) == [
        f"error {ENTRY}: KB310 api/old.py was renamed to api/new.py in {short(kb)} 2026-01-05 "
        '"move it" (`kb fix --write` rewrites the reference)'
    ]


def test_git_mv_with_edits_is_a_rename_and_a_change(kb: KnowledgeBase) -> None:
    start(kb, {"api/old.py": lines(20)}, ["api/old.py"])
    kb.git("mv", "api/old.py", "api/new.py")
    kb.write("api/new.py", lines(20) + "one more\n")
    kb.commit("move and edit", date=AFTER)
    sha = short(kb)
    assert stale(kb) == [
        f"error {ENTRY}: KB310 api/old.py was renamed to api/new.py in {sha} 2026-01-05 "
        '"move and edit" (`kb fix --write` rewrites the reference)',
        f"info {ENTRY}: KB309 1 commit touched api/new.py since this entry "
        f'(newest {sha} 2026-01-05 "move and edit")',
    ]


def test_a_chain_of_renames_ends_at_the_last_name(kb: KnowledgeBase) -> None:
    start(kb, {"a.py": lines(10)}, ["a.py"])
    kb.git("mv", "a.py", "b.py")
    kb.commit("a to b", date=AFTER)
    kb.git("mv", "b.py", "c.py")
    kb.commit("b to c", date=LATER)
    assert stale(kb) == [
        f"error {ENTRY}: KB310 a.py was renamed to c.py in {short(kb)} 2026-01-06 "
        '"b to c" (`kb fix --write` rewrites the reference)'
    ]


def test_a_file_split_in_two_is_deleted_with_its_successors(kb: KnowledgeBase) -> None:
    start(kb, {"api/big.py": lines(10, "alpha") + lines(10, "beta")}, ["api/big.py"])
    kb.git("rm", "-q", "api/big.py")
    kb.write("api/first.py", lines(10, "alpha") + lines(12, "gamma"))
    kb.write("api/second.py", lines(10, "beta") + lines(12, "delta"))
    kb.commit("split big", date=AFTER)
    assert stale(kb) == [
        f'error {ENTRY}: KB311 api/big.py was deleted in {short(kb)} 2026-01-05 "split big" '
        "(that commit added api/first.py, api/second.py; every file of this entry is gone: "
        "consider `status: obsolete`)"
    ]


def test_a_split_git_pairs_with_its_larger_half_is_a_rename(kb: KnowledgeBase) -> None:
    start(kb, {"api/big.py": lines(12, "alpha") + lines(8, "beta")}, ["api/big.py"])
    kb.git("rm", "-q", "api/big.py")
    kb.write("api/first.py", lines(12, "alpha"))
    kb.write("api/second.py", lines(8, "beta"))
    kb.commit("split big", date=AFTER)
    sha = short(kb)
    assert stale(kb) == [
        f"error {ENTRY}: KB310 api/big.py was renamed to api/first.py in {sha} 2026-01-05 "
        '"split big" (`kb fix --write` rewrites the reference; that commit also added '
        "api/second.py)",
        f"info {ENTRY}: KB309 1 commit touched api/first.py since this entry "
        f'(newest {sha} 2026-01-05 "split big")',
    ]


def test_a_deletion_names_the_commit_and_obsolete_only_when_all_are_gone(
    kb: KnowledgeBase,
) -> None:
    start(kb, {"a.py": lines(3), "b.py": lines(4)}, ["a.py", "b.py"])
    kb.git("rm", "-q", "a.py")
    kb.commit("drop a", date=AFTER)
    assert stale(kb) == [
        f'error {ENTRY}: KB311 a.py was deleted in {short(kb)} 2026-01-05 "drop a"'
    ]


def test_a_line_range_that_moved_is_followed(kb: KnowledgeBase) -> None:
    start(kb, {"x.py": lines(10)}, ["x.py:4-6"])
    kb.write("x.py", "new 1\nnew 2\nnew 3\n" + lines(10))
    kb.commit("insert above", date=AFTER)
    assert stale(kb) == [
        f"info {ENTRY}: KB309 lines 4-6 of x.py moved to 7-9 since this entry, their text "
        "unchanged (write x.py:7-9, then `kb verify 2025-11-24-sample`)"
    ]


def test_changes_outside_a_line_range_do_not_count(kb: KnowledgeBase) -> None:
    start(kb, {"x.py": lines(10)}, ["x.py:2-3"])
    kb.write("x.py", lines(9) + "changed 10\n")
    kb.commit("edit below", date=AFTER)
    assert stale(kb) == []


def test_changes_inside_a_moved_line_range_count(kb: KnowledgeBase) -> None:
    start(kb, {"x.py": lines(10)}, ["x.py:4-6"])
    kb.write("x.py", "new 1\n" + lines(10))
    kb.commit("insert above", date=AFTER)
    kb.write("x.py", "new 1\n" + lines(10).replace("line 5\n", "LINE FIVE\n"))
    kb.commit("edit inside", date=LATER)
    assert stale(kb) == [
        f"info {ENTRY}: KB309 1 commit touched lines 4-6 of x.py since this entry "
        f'(newest {short(kb)} 2026-01-06 "edit inside") (those lines are now 5-7)'
    ]


def test_changes_before_the_entry_do_not_count(kb: KnowledgeBase) -> None:
    kb.write("x.py", lines(3))
    kb.commit("first", date="2025-11-01T00:00:00+00:00")
    kb.write("x.py", lines(4))
    kb.commit("second", date=BEFORE)
    kb.entry(files=["x.py"])
    kb.commit("entry", date="2025-11-24T16:00:00+00:00")
    assert stale(kb) == []


def test_verified_commit_clears_earlier_changes(kb: KnowledgeBase) -> None:
    start(kb, {"x.py": lines(3)}, ["x.py"])
    kb.write("x.py", lines(4))
    kb.commit("change", date=AFTER)
    head = kb.git("rev-parse", "HEAD").strip()
    extra = f"verified: {{commit: {head}, date: 2026-01-05T10:00:00+00:00}}"
    kb.entry(files=["x.py"], extra=extra)
    kb.commit("verify", date=LATER)
    assert stale(kb) == []
    kb.write("x.py", lines(5))
    kb.commit("after verify", date="2026-01-07T09:00:00+00:00")
    assert stale(kb) == [
        f"info {ENTRY}: KB309 1 commit touched x.py since it was verified "
        f'(newest {short(kb)} 2026-01-07 "after verify")'
    ]


def test_a_file_moved_before_the_entry_is_still_found(kb: KnowledgeBase) -> None:
    kb.write("old.py", lines(3))
    kb.commit("first", date="2025-11-01T00:00:00+00:00")
    kb.git("mv", "old.py", "new.py")
    kb.commit("moved early", date=BEFORE)
    kb.entry(files=["old.py"])
    kb.commit("entry", date="2025-11-24T16:00:00+00:00")
    assert stale(kb)[0].endswith('"moved early" (`kb fix --write` rewrites the reference)')


def test_obsolete_entries_are_skipped(kb: KnowledgeBase) -> None:
    start(kb, {"a.py": lines(3)}, ["a.py"])
    kb.entry(files=["a.py"], extra="status: obsolete")
    kb.git("rm", "-q", "a.py")
    kb.commit("drop a", date=AFTER)
    assert stale(kb) == []


def test_a_shallow_clone_degrades_to_one_notice(
    make_kb: Callable[..., KnowledgeBase], tmp_path: Path
) -> None:
    origin = make_kb(name="origin")
    start(origin, {"a.py": lines(3)}, ["a.py"])
    origin.write("a.py", lines(4))
    origin.commit("change", date=AFTER)
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{origin.root}", str(clone)], check=True
    )
    assert stale(KnowledgeBase(clone)) == [
        "info kb.yml:1:1: KB312 git history of the knowledge base is not available "
        "(a shallow clone, whose history is incomplete), so staleness is not checked"
    ]


def test_a_folder_outside_git_degrades_to_one_notice(
    make_kb: Callable[..., KnowledgeBase],
) -> None:
    kb = make_kb(use_git=False)
    kb.write("a.py", lines(3))
    kb.entry(files=["a.py"])
    kb.entry("2025-11-25-other", title="Other", files=["a.py"])
    found = stale(kb, with_index=False)
    assert len(found) == 1
    assert found[0].startswith(
        "info kb.yml:1:1: KB312 git history of the knowledge base is not available "
        "(not a git work tree: not a git repository"
    )


def test_changes_for_gives_the_site_one_record_per_reference(kb: KnowledgeBase) -> None:
    start(kb, {"a.py": lines(3), "b.py": lines(3)}, ["a.py", "b.py", "src/"])
    kb.write("a.py", lines(4))
    kb.commit("edit a", date=AFTER)
    config = load_config(kb.root / "kb.yml")
    entry = load_project(config).entries[0]
    history = load_histories(config, [entry])[None]
    a, b, folder = changes_for(entry, history)
    assert (a.path, [c.subject for c in a.commits], a.stale) == ("a.py", ["edit a"], True)
    assert (b.path, b.commits, b.stale) == ("b.py", (), False)
    assert (folder.path, folder.commits, folder.stale) == ("src/", (), False)
    assert git(kb.root, "log", "-1", "--format=%s").strip() == "edit a"


def test_the_commit_that_added_the_entry_counts_as_seen(kb: KnowledgeBase) -> None:
    kb.write("api/x.py", lines(3))
    kb.entry(files=["api/x.py"])  # written at 15:40, committed with the code at 16:00
    kb.commit("code and entry", date="2025-11-24T16:00:00+00:00")
    assert stale(kb) == []
    kb.write("api/x.py", lines(4))
    kb.commit("later", date=AFTER)
    assert stale(kb) == [
        f"info {ENTRY}: KB309 1 commit touched api/x.py since this entry "
        f'(newest {short(kb)} 2026-01-05 "later")'
    ]


def test_label_says_why_in_a_few_words() -> None:
    commit = Commit("9f1c2ab" + "0" * 33, 0, "s", 1)
    ref = parse_ref("a.py:4-6")
    assert label(None) is None
    assert label(RefChanges(ref, "a.py", ())) is None
    assert label(RefChanges(ref, "a.py", (), deleted_in=commit)) == "deleted in 9f1c2ab"
    assert label(RefChanges(ref, "b.py", (commit,), renamed_in=commit)) == (
        "renamed to b.py, 1 commit since"
    )
    assert label(RefChanges(ref, "a.py", (), lines=(7, 9))) == "lines now 7-9"
