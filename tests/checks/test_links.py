"""Relative links (KB401) and their anchors (KB402) in entry bodies and docs pages."""

from __future__ import annotations

from tests.checks.helpers import lines
from tests.conftest import KnowledgeBase

A = "entries/2025/2025-11-24-a.md"


def test_links_between_entries_and_docs(kb: KnowledgeBase) -> None:
    kb.entry("2025-11-24-b", title="B", body="## Fix it\n\nText.\n\n## Fix it\n")
    kb.write("docs/guide/setup.md", "# Setup\n\n## Install `kb`\n\nSee [top](#setup).\n")
    kb.write("docs/img/logo.png", "png")
    kb.entry(
        "2025-11-24-a",
        title="A",
        body=(
            "See [b](2025-11-24-b.md#fix-it) and [again](./2025-11-24-b.md#fix-it_1),\n"
            "[title](2025-11-24-b.md#b), [setup](../../docs/guide/setup.md#install-kb),\n"
            '![logo](../../docs/img/logo.png "Logo"), [web](https://example.com/x),\n'
            "[mail](mailto:a@b.c), [site](/abs/path), [self](#details).\n\n"
            "[ref]: <2025-11-24-b.md>\n\n## Details\n"
        ),
    )
    assert lines(kb.root) == []


def test_broken_links_and_anchors_are_placed_at_the_link(kb: KnowledgeBase) -> None:
    kb.entry("2025-11-24-b", title="B", body="## Fix\n")
    kb.write("docs/index.md", "# Home\n\nRead [the entry](../entries/2025/2025-11-24-c.md).\n")
    kb.entry(
        "2025-11-24-a",
        title="A",
        body=(
            "Intro.\n\n"
            "See [b](2025-11-24-b.md#solution) and [c](../2024/2024-01-01-c.md).\n"
            "[out](../../../etc/passwd) [here](#nowhere) [spaces](my%20file.md)\n"
            "`[not](checked.md)` and\n\n```\n[nor](this.md)\n```\n\n"
            "[ref]: gone.md\n"
        ),
    )
    assert lines(kb.root) == [
        "docs/index.md:3:6: KB401 link target not found: ../entries/2025/2025-11-24-c.md",
        f"{A}:9:5: KB402 no heading #solution in entries/2025/2025-11-24-b.md",
        f"{A}:9:39: KB401 link target not found: ../2024/2024-01-01-c.md",
        f"{A}:10:1: KB401 link leaves the knowledge base: ../../../etc/passwd",
        f"{A}:10:28: KB402 no heading #nowhere in {A}",
        f"{A}:10:45: KB401 link target not found: my file.md",
        f"{A}:17:8: KB401 link target not found: gone.md",
    ]


def test_docs_dir_follows_mkdocs_yml(kb: KnowledgeBase) -> None:
    kb.write("mkdocs.yml", "site_name: x\ndocs_dir: pages\n")
    kb.write("pages/index.md", "[x](missing.md)\n")
    kb.write("docs/ignored.md", "[x](missing.md)\n")
    assert lines(kb.root) == ["pages/index.md:1:1: KB401 link target not found: missing.md"]
