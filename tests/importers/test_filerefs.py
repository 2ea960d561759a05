"""Journal file references to kb references: prefixes, line ranges, bare names."""

from __future__ import annotations

from pathlib import Path

from kb.importers.filerefs import RefContext, convert, split_files_value
from kb.repo_index import RepoIndex

INDEX = RepoIndex(
    Path("/repo"),
    frozenset({"api/registry/admin.py", "web/admin.py", "api/x.py", "infra/lib/a.ts"}),
    from_git=True,
)


def test_split_drops_empty_parts() -> None:
    assert split_files_value(" a.py, ,b/ ,c.py:1-2,") == ["a.py", "b/", "c.py:1-2"]


def test_line_ranges_in_both_spellings() -> None:
    context = RefContext(index=INDEX)
    assert convert("api/x.py:1545-1555", context) == ("api/x.py:1545-1555", None)
    assert convert("api/x.py (lines 856-937)", context) == ("api/x.py:856-937", None)
    assert convert("api/x.py (line 12)", context) == ("api/x.py:12", None)
    assert convert("`infra/lib/`", context) == ("infra/lib/", None)


def test_the_prefix_is_guessed_from_the_repo_then_reused() -> None:
    context = RefContext(index=INDEX)
    assert convert("/home/me/src/scorer/api/x.py:3", context) == ("api/x.py:3", None)
    assert context.learned == ["/home/me/src/scorer/"]
    # Not in the repo, but under the learned prefix: mapped, then reported as missing later.
    assert convert("/home/me/src/scorer/api/new.py", context) == ("api/new.py", None)


def test_without_a_checkout_the_repo_name_or_a_container_root_is_the_prefix() -> None:
    named = RefContext(repo_name="passport-scorer")
    assert convert("/Users/a/passport-scorer/api/x.py", named) == ("api/x.py", None)
    container = RefContext()
    assert convert("/workspace/project/api/x.py", container) == ("api/x.py", None)
    assert convert("/etc/hosts", RefContext()) == (
        None,
        "file reference '/etc/hosts' is an absolute path outside the repo and was left "
        "out; pass --strip-prefix to map it",
    )


def test_an_explicit_prefix_is_not_guessed_around() -> None:
    context = RefContext(strip_prefix="/code/", index=INDEX)
    assert convert("/code/api/x.py", context) == ("api/x.py", None)
    assert convert("/workspace/project/api/x.py", context)[0] is None


def test_bare_names_resolve_only_when_unique() -> None:
    context = RefContext(index=INDEX)
    assert convert("x.py:4-5", context) == ("api/x.py:4-5", None)
    assert convert("admin.py", context) == (
        "admin.py",
        "file reference 'admin.py' is a bare file name matching 2 files; kept as given",
    )
    assert convert("nothing.py", context) == (
        "nothing.py",
        "file reference 'nothing.py' is a bare file name matching no file; kept as given",
    )


def test_paths_leaving_the_repo_are_left_out() -> None:
    assert convert("../other/x.py", RefContext(index=INDEX)) == (
        None,
        "file reference '../other/x.py' has a `..` segment; write it relative to the repo "
        "root; it was left out",
    )
