"""Tag findings (KB2xx): unknown tags, aliases, and the vocabulary itself."""

from __future__ import annotations

from collections.abc import Callable

from tests.checks.helpers import lines
from tests.conftest import KnowledgeBase

P = "entries/2025/2025-11-24-x.md"


def test_unknown_alias_and_malformed_tags(kb: KnowledgeBase) -> None:
    kb.entry("2025-11-24-x", tags=("gotcah", "gotchas", "Database", "kubernetes"))
    assert lines(kb.root) == [
        f"{P}:4:1: KB201 tag 'gotcah' is not in the vocabulary (did you mean gotcha?)",
        f"{P}:4:1: KB201 tag 'kubernetes' is not in the vocabulary (add it with `kb tags add`)",
        f"{P}:4:1: KB202 tag 'gotchas' is an alias (write gotcha)",
        f"{P}:4:1: KB206 tag 'Database' is not lowercase kebab-case",
    ]


def test_unused_tags_are_info_at_their_line_in_kb_yml(kb: KnowledgeBase) -> None:
    kb.entry("2025-11-24-x", tags=("gotcha", "api"))
    assert lines(kb.root, ignore=()) == [
        "kb.yml:11:3: KB205 tag 'database' is used by no entry",
        "kb.yml:15:3: KB205 tag 'testing' is used by no entry",
    ]


def test_the_vocabulary_itself(make_kb: Callable[..., KnowledgeBase]) -> None:
    kb = make_kb(
        config=(
            "tags:\n"
            "  gotcha: Surprises.\n"
            "  api:\n"
            "    description: Interfaces.\n"
            "    aliases: [http, backend]\n"
            "  backend:\n"
            "    description: Servers.\n"
            "    aliases: [http]\n"
            "  gotcha: Twice.\n"
            "  new-tag: 'TODO: describe this tag'\n"
        )
    )
    kb.entry("2025-11-24-x", tags=("gotcha", "api", "backend", "new-tag"))
    assert lines(kb.root) == [
        "kb.yml:5:1: KB204 alias 'backend' of 'api' is also a tag",
        "kb.yml:5:1: KB204 alias 'http' points to 2 tags: api, backend",
        "kb.yml:9:3: KB203 tag 'gotcha' is defined twice; the last definition wins",
        "kb.yml:10:3: KB207 tag 'new-tag' has a placeholder description",
    ]
