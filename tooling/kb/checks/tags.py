"""Tag checks: tags outside the vocabulary, aliases in entries, tags nobody uses.

The vocabulary's own problems (a tag defined twice, alias conflicts, tag form) are
found while loading kb.yml and arrive through `config.problems`.
"""

from __future__ import annotations

from collections.abc import Iterator

from kb import codes
from kb.checks.context import Check, CheckContext
from kb.diagnostics import Diagnostic
from kb.vocabulary import PLACEHOLDER_DESCRIPTION, TAG_FORM, did_you_mean


def _run(ctx: CheckContext) -> Iterator[Diagnostic]:
    vocabulary = ctx.config.vocabulary
    used: set[str] = set()
    for entry in ctx.entries:
        line = entry.line_of("tags")
        for tag in entry.tags:
            canonical = vocabulary.canonical(tag)
            if canonical is not None:
                used.add(canonical)
                if canonical != tag:
                    yield codes.ALIAS_USED.at(
                        entry.path, line, 1, f"tag {tag!r} is an alias", f"write {canonical}"
                    )
            elif TAG_FORM.match(tag):  # a malformed tag is already KB206
                hint = did_you_mean(vocabulary.suggest(tag)) or "add it with `kb tags add`"
                yield codes.UNKNOWN_TAG.at(
                    entry.path, line, 1, f"tag {tag!r} is not in the vocabulary", hint
                )
    yield from _vocabulary(ctx, used)


def _vocabulary(ctx: CheckContext, used: set[str]) -> Iterator[Diagnostic]:
    """Unused tags and placeholder descriptions, at their line in kb.yml."""
    config = ctx.config
    label = config.relative(config.path)
    lines = _tag_lines(config.path.read_text(encoding="utf-8", errors="replace"))
    for name, tag in config.vocabulary.tags.items():
        line = lines.get(name, 1)
        if name not in used and ctx.options.paths == ():
            yield codes.TAG_UNUSED.at(label, line, 3, f"tag {name!r} is used by no entry")
        if tag.description.strip() == PLACEHOLDER_DESCRIPTION:
            yield codes.TAG_PLACEHOLDER.at(
                label, line, 3, f"tag {name!r} has a placeholder description"
            )


def _tag_lines(text: str) -> dict[str, int]:
    """Line of each `  name:` under the top-level `tags:` key of kb.yml."""
    found: dict[str, int] = {}
    inside = False
    indent: int | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        depth = len(line) - len(line.lstrip())
        if depth == 0:
            inside = stripped.startswith("tags:")
            continue
        if inside and (indent is None or depth == indent) and ":" in stripped:
            indent = depth
            found.setdefault(stripped.split(":", 1)[0].strip("'\" "), number)
    return found


CHECK = Check(
    "tags",
    _run,
    codes=(
        codes.UNKNOWN_TAG.code,
        codes.ALIAS_USED.code,
        codes.TAG_UNUSED.code,
        codes.TAG_PLACEHOLDER.code,
    ),
)
