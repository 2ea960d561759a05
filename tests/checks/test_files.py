"""File references (KB3xx) resolved against the repo: git's files, or the disk outside git."""

from __future__ import annotations

import os
from collections.abc import Callable

from tests.checks.helpers import lines
from tests.conftest import KB_YML, KnowledgeBase

P = "entries/2025/2025-11-24-x.md"


def repo_files(kb: KnowledgeBase) -> None:
    kb.write("api/registry/admin.py", "".join(f"line {n}\n" for n in range(1, 31)))
    kb.write("api/registry/models.py", "a\nb\nc")  # 3 lines, no final newline
    kb.write("rust-scorer/src/api/server.rs", "fn main() {}\n")
    kb.write("web/settings.py", "x = 1\n")
    kb.write("deploy/settings.py", "x = 2\n")
    kb.commit("repo files")  # references resolve against the files git tracks


def test_references_that_resolve(kb: KnowledgeBase) -> None:
    repo_files(kb)
    kb.entry(
        "2025-11-24-x",
        files=("api/registry/admin.py:1-30", "api/registry/models.py:3", "api/", "api/**/*.py"),
    )
    assert lines(kb.root) == []


def test_missing_files_suggest_the_closest_existing_path(kb: KnowledgeBase) -> None:
    repo_files(kb)
    kb.entry(
        "2025-11-24-x",
        files=(
            "rust-scorer/src/api/serve.rs",
            "api/settings.py",
            "api/registry/admn.py",
            "nothing/like/it.zzz",
        ),
    )
    assert lines(kb.root) == [
        f"{P}:5:1: KB301 file not found: api/registry/admn.py "
        "(did you mean api/registry/admin.py?)",
        f"{P}:5:1: KB301 file not found: api/settings.py (did you mean web/settings.py?)",
        f"{P}:5:1: KB301 file not found: nothing/like/it.zzz",
        f"{P}:5:1: KB301 file not found: rust-scorer/src/api/serve.rs "
        "(did you mean rust-scorer/src/api/server.rs?)",
    ]


def test_obsolete_and_superseded_entries_are_not_checked_against_todays_files(
    kb: KnowledgeBase,
) -> None:
    repo_files(kb)
    gone = ("api/legacy.py", "api/registry/admin.py:900-910", "../outside.py")
    kb.entry("2025-11-24-x", title="X", files=gone, extra="status: obsolete")
    kb.entry(
        "2025-11-25-y",
        title="Y",
        files=gone,
        created="2025-11-25T10:00:00+00:00",
        extra="status: superseded\nsuperseded_by: 2025-11-24-x",
    )
    found = lines(kb.root)
    assert [line.split(": ", 1)[1] for line in found] == [
        "KB306 file reference '../outside.py' has a `..` segment; write it relative to the "
        "repo root",
    ] * 2  # still never read outside the repo; nothing else reported
    kb.entry("2025-11-26-z", title="Z", files=gone, created="2025-11-26T10:00:00+00:00")
    assert [line.split(": ", 1)[1].split()[0] for line in lines(kb.root)][2:] == [
        "KB301", "KB302", "KB306",
    ]  # fmt: skip


def test_line_ranges(kb: KnowledgeBase) -> None:
    repo_files(kb)
    kb.entry(
        "2025-11-24-x",
        files=("api/registry/admin.py:25-31", "api/registry/models.py:4", "web/settings.py:9-2"),
    )
    assert lines(kb.root) == [
        f"{P}:5:1: KB302 api/registry/admin.py:25-31: api/registry/admin.py has 30 lines",
        f"{P}:5:1: KB302 api/registry/models.py:4: api/registry/models.py has 3 lines",
        f"{P}:5:1: KB302 web/settings.py:9-2: the range must start at line 1 or later, "
        "before its end",
    ]


def test_directories_and_globs(kb: KnowledgeBase) -> None:
    repo_files(kb)
    kb.entry(
        "2025-11-24-x",
        files=(
            "api/registry",
            "web/settings.py/",
            "gone/",
            "api/*.py",
            "'**/*.rb'",
            "web/[z-a].py",
        ),
    )
    assert lines(kb.root) == [
        f"{P}:5:1: KB301 directory not found: gone/",
        f"{P}:5:1: KB303 web/settings.py/ is a file, not a directory (write web/settings.py)",
        f"{P}:5:1: KB304 api/registry is a directory (write api/registry/)",
        f"{P}:5:1: KB305 glob matches no file: **/*.rb",
        f"{P}:5:1: KB305 glob matches no file: api/*.py",
        f"{P}:5:1: KB305 glob matches no file: web/[z-a].py",
    ]


def test_references_that_could_leave_the_repo(kb: KnowledgeBase, tmp_path) -> None:  # type: ignore[no-untyped-def]
    repo_files(kb)
    outside = tmp_path / "secret.txt"
    outside.write_text("top secret\n" * 5)
    os.symlink(outside, kb.root / "api" / "link.txt")
    kb.commit("a symlink")
    kb.entry(
        "2025-11-24-x",
        files=("/etc/passwd", "../other/x.py", "api\\x.py", "api/link.txt:1-2", "C:/x.py"),
    )
    assert lines(kb.root) == [
        f"{P}:5:1: KB306 file reference '../other/x.py' has a `..` segment; "
        "write it relative to the repo root",
        f"{P}:5:1: KB306 file reference '/etc/passwd' is absolute; "
        "write it relative to the repo root",
        f"{P}:5:1: KB306 file reference 'C:/x.py' is absolute; write it relative to the repo root",
        f"{P}:5:1: KB306 file reference 'api/link.txt:1-2' is a symbolic link out of the repo",
        f"{P}:5:1: KB306 file reference 'api\\\\x.py' uses a backslash; write paths with `/`",
    ]


def test_repos_unknown_unverified_and_checked_out(make_kb: Callable[..., KnowledgeBase]) -> None:
    other = make_kb(name="other")
    other.write("src/lib.rs", "pub fn f() {}\n")
    other.commit()
    config = KB_YML.replace(
        "repos:\n", "repos:\n  local:\n    path: ../other\n  gone:\n    path: ../nowhere\n"
    )
    kb = make_kb(config=config)
    kb.entry("2025-11-24-a", title="A", extra="repo: scorer", files=("x.rs",))
    kb.entry("2025-11-24-b", title="B", extra="repo: other", files=("src/a.rs", "src/b.rs"))
    kb.entry("2025-11-24-c", title="C", extra="repo: local", files=("src/lib.rs:1", "src/main.rs"))
    kb.entry("2025-11-24-d", title="D", extra="repo: gone", files=("x.py",))
    expected = [
        "entries/2025/2025-11-24-a.md:7:1: KB307 repo 'scorer' is not declared in kb.yml "
        "(declared: gone, local, other)",
        "entries/2025/2025-11-24-c.md:5:1: KB301 file not found: src/main.rs "
        "(did you mean src/lib.rs?)",
        f"kb.yml:{config.splitlines().index('  gone:') + 1}:1: KB308 repo 'gone' has "
        f"{kb.root.parent / 'nowhere'} does not exist: 1 file reference in 1 entry not verified "
        "(add path: to a local checkout to verify them)",
        f"kb.yml:{config.splitlines().index('  other:') + 1}:1: KB308 repo 'other' has "
        "no local checkout: 2 file references in 1 entry not verified "
        "(add path: to a local checkout to verify them)",
    ]
    assert lines(kb.root) == expected
    strict = lines(kb.root, strict=True, select=("KB308",))
    assert [line.split(" repo ")[0] for line in strict] == [
        "kb.yml:6:1: KB308",
        "kb.yml:8:1: KB308",
    ]


def test_a_knowledge_base_outside_git_resolves_on_disk(
    make_kb: Callable[..., KnowledgeBase],
) -> None:
    kb = make_kb(use_git=False)
    kb.write("node_modules/pkg/index.js", "x\n")
    kb.write("src/app.py", "x\n")
    kb.entry("2025-11-24-x", files=("src/app.py:1", "src/", "node_modules/pkg/index.js"))
    assert lines(kb.root) == [
        f"{P}:5:1: KB301 file not found: node_modules/pkg/index.js",
    ]


def test_only_files_git_tracks_count(kb: KnowledgeBase) -> None:
    kb.write(".gitignore", "build/\n")
    kb.write("build/out.js", "x\n")
    kb.write("src/in.js", "x\n")
    kb.commit()
    kb.write("src/new.js", "x\n")
    kb.entry("2025-11-24-x", files=("build/out.js", "src/in.js", "src/new.js"))
    assert lines(kb.root) == [
        f"{P}:5:1: KB301 file not tracked by git: build/out.js (git add it)",
        f"{P}:5:1: KB301 file not tracked by git: src/new.js (git add it)",
    ]


def test_links_out_of_the_repo_outside_git_too(
    make_kb: Callable[..., KnowledgeBase], tmp_path_factory
) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.txt").write_text("top secret\n")
    kb = make_kb(use_git=False)
    kb.write("src/app.py", "x\n")
    os.symlink(outside / "secret.txt", kb.root / "src" / "secret.txt")
    os.symlink(outside, kb.root / "src" / "elsewhere")  # a linked folder: never entered
    os.symlink(kb.root / "src" / "app.py", kb.root / "src" / "alias.py")  # stays inside
    kb.entry("2025-11-24-x", files=("src/secret.txt:1", "src/elsewhere", "src/alias.py:1"))
    assert lines(kb.root) == [
        f"{P}:5:1: KB306 file reference 'src/elsewhere' is a symbolic link out of the repo",
        f"{P}:5:1: KB306 file reference 'src/secret.txt:1' is a symbolic link out of the repo",
    ]


def test_a_file_that_became_a_link_in_the_work_tree_alone_is_not_read(
    kb: KnowledgeBase, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """git still lists it as a file; kb must not follow the new link to count lines."""
    kb.write("api/notes.txt", "".join(f"line {n}\n" for n in range(1, 11)))
    kb.commit()
    outside = tmp_path / "short.txt"
    outside.write_text("one line\n")
    (kb.root / "api" / "notes.txt").unlink()
    os.symlink(outside, kb.root / "api" / "notes.txt")
    kb.entry("2025-11-24-x", files=("api/notes.txt:5-8",))
    # Read through the link, the one-line file would give KB302; unread, nothing is said.
    assert lines(kb.root) == []


def test_git_listing_names_links_and_folders_exactly(kb: KnowledgeBase, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from kb.repo_index import build_index, directories_of

    # Names that sort around `/` (`-`, `.`), a tab, and a name that looks like a record.
    for name in ("a-b/x.py", "a.b", "a/x.py", "a/b/c/d.py", "sp ace/120000 f 0\tz.txt", "ab"):
        kb.write(name, "x\n")
    os.symlink("a/x.py", kb.root / "link.py")
    kb.commit("names")
    index = build_index(kb.root)
    assert "sp ace/120000 f 0\tz.txt" in index.files and "a/b/c/d.py" in index.files
    assert index.symlinks == {"link.py"}
    assert index.directories == directories_of(index.files)
    for folder in ("a", "a/", "a/b", "a/b/c", "a-b", "sp ace", "", "a.b", "ab", "a/b/c/d.py", "b"):
        assert index.has_directory(folder) == (folder.rstrip("/") in index.directories)
