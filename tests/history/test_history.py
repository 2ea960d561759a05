"""kb.history: one git pass parsed into commits and changes; rename chains; patches."""

from __future__ import annotations

from pathlib import Path

from kb.gitpatch import Hunk, parse_hunks, unquote
from kb.history import follow, head_commit, load_history
from tests.conftest import KnowledgeBase


def test_changes_are_filed_under_every_path_they_involve(kb: KnowledgeBase) -> None:
    kb.write("a b.py", "one\n")
    kb.write("tab\tname.py", "x\n")
    kb.commit("add", date="2025-01-01T00:00:00+00:00")
    kb.git("mv", "a b.py", "ü ü.py")
    kb.commit("move", date="2025-01-02T00:00:00+00:00")
    history = load_history(kb.root)
    assert [c.subject for c in history.commits] == ["add", "move"]
    assert [(c.status, c.old_path, c.path) for c in history.changes("a b.py")] == [
        ("A", None, "a b.py"),
        ("R", "a b.py", "ü ü.py"),
    ]
    assert [c.status for c in history.changes("tab\tname.py")] == ["A"]
    assert history.commit(history.commits[0].sha[:7]) == history.commits[0]
    assert history.commit("abc") is None
    assert head_commit(kb.root) == history.commits[-1].sha


def test_patches_give_hunks_per_file_even_for_odd_names(kb: KnowledgeBase) -> None:
    kb.write("a b.py", "1\n2\n3\n")
    kb.write('q"uote.py', "1\n")
    kb.commit("add", date="2025-01-01T00:00:00+00:00")
    kb.write("a b.py", "1\ntwo\n3\n+++ not a header\n")
    kb.write('q"uote.py', "one\n")
    kb.commit("edit", date="2025-01-02T00:00:00+00:00")
    history = load_history(kb.root, patches_since=0)
    edit = {c.path: c for c in history.by_commit[1]}
    assert history.hunks(edit["a b.py"]) == [Hunk(2, 1, 2, 1), Hunk(3, 0, 4, 1)]
    assert history.hunks(edit['q"uote.py']) == [Hunk(1, 1, 1, 1)]
    assert load_history(kb.root).hunks(edit["a b.py"]) is None


def test_follow_walks_a_chain_and_stops_at_a_deletion(kb: KnowledgeBase) -> None:
    kb.write("a.py", "1\n")
    kb.commit("add", date="2025-01-01T00:00:00+00:00")
    kb.git("mv", "a.py", "b.py")
    kb.commit("a to b", date="2025-01-02T00:00:00+00:00")
    kb.git("rm", "-q", "b.py")
    kb.commit("drop b", date="2025-01-03T00:00:00+00:00")
    history = load_history(kb.root)
    trail = follow(history, "a.py", 0)
    assert trail.path == "b.py"
    assert trail.renamed is not None and trail.renamed.commit.subject == "a to b"
    assert trail.deleted is not None and trail.deleted.commit.subject == "drop b"
    later = follow(history, "a.py", history.commits[1].time)
    assert (later.path, later.changes, later.deleted) == ("a.py", (), None)


def test_clocks_out_of_order_still_count_by_time(kb: KnowledgeBase) -> None:
    kb.write("a.py", "1\n")
    kb.commit("add", date="2025-01-05T00:00:00+00:00")
    kb.write("a.py", "2\n")
    kb.commit("skewed clock", date="2025-01-01T00:00:00+00:00")
    kb.write("a.py", "3\n")
    kb.commit("late", date="2025-01-06T00:00:00+00:00")
    history = load_history(kb.root)
    assert not history.clock_ordered
    after = history.commits[0].time
    assert [c.commit.subject for c in follow(history, "a.py", after).changes] == ["late"]


def test_no_commits_yet_is_an_empty_history_without_notice(kb: KnowledgeBase) -> None:
    history = load_history(kb.root)
    assert (history.commits, history.notice) == ([], None)
    assert head_commit(kb.root) is None


def test_not_a_repo_sets_a_notice(tmp_path: Path) -> None:
    history = load_history(tmp_path)
    assert history.notice is not None and history.notice.startswith("not a git work tree")
    assert head_commit(tmp_path) is None


def test_parse_hunks_reads_renames_and_default_counts() -> None:
    patch = (
        "diff --git a/old.py b/new.py\nsimilarity index 90%\nrename from old.py\n"
        "rename to new.py\nindex 1..2 100644\n--- a/old.py\n+++ b/new.py\n@@ -3 +3 @@\n"
        "-x\n+++y\ndiff --git a/gone.py b/gone.py\ndeleted file mode 100644\n"
        "--- a/gone.py\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-a\n-b\n"
    )
    assert list(parse_hunks(patch)) == [("new.py", [Hunk(3, 1, 3, 1)])]


def test_unquote_undoes_c_style_quoting() -> None:
    assert unquote('"tab\\there"') == "tab\there"
    assert unquote('"caf\\303\\251"') == "café"
    assert unquote('"q\\"uote"') == 'q"uote'
    assert unquote("plain name") == "plain name"
