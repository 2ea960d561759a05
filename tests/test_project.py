"""Loading a knowledge base never raises on a broken entry file."""

from __future__ import annotations

import os

from kb.config import load_config
from kb.project import load_project
from tests.conftest import KnowledgeBase


def test_symlink_loop_and_directory_named_like_an_entry(kb: KnowledgeBase) -> None:
    kb.entry("2025-11-24-fine")
    folder = kb.entries / "2025"
    os.symlink("2025-11-24-loop.md", folder / "2025-11-24-loop.md")
    (folder / "2025-11-24-dir.md").mkdir()
    project = load_project(load_config(kb.root / "kb.yml"))
    assert [e.id for e in project.entries] == ["2025-11-24-fine"]
    assert sorted((d.path, d.code) for d in project.diagnostics) == [
        ("entries/2025/2025-11-24-dir.md", "KB116"),
        ("entries/2025/2025-11-24-loop.md", "KB116"),
    ]


def test_labels_are_relative_to_the_root_even_through_a_symlinked_root(
    kb: KnowledgeBase, tmp_path
) -> None:
    kb.entry("2025-11-24-fine")
    link = tmp_path / "linked"
    os.symlink(kb.root, link)
    project = load_project(load_config(link / "kb.yml"))
    assert project.paths == ["entries/2025/2025-11-24-fine.md"]


def test_outside_git_a_site_folder_of_code_is_indexed(tmp_path) -> None:
    from kb.repo_index import build_index

    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "views.py").write_text("x = 1\n")
    (tmp_path / ".kb").mkdir()
    (tmp_path / ".kb" / "cache.db").write_text("")
    index = build_index(tmp_path)
    assert (index.from_git, sorted(index.files)) == (False, ["site/views.py"])
