"""Adding a tag to kb.yml on purpose, keeping the rest of the file byte for byte."""

from __future__ import annotations

from pathlib import Path

import yaml

from kb.errors import KbError
from kb.store import replace_atomically
from kb.vocabulary import TAG_FORM, Vocabulary
from kb.yamlio import dump_value


def add_tag(
    config_path: Path,
    vocabulary: Vocabulary,
    name: str,
    description: str,
    aliases: list[str] | None = None,
) -> None:
    """Append `name` to the `tags:` mapping of kb.yml; refuse names already in use."""
    aliases = aliases or []
    for candidate in (name, *aliases):
        if not TAG_FORM.match(candidate):
            raise KbError(f"tag {candidate!r} is not lowercase kebab-case (e.g. `feature-flags`)")
        if vocabulary.canonical(candidate):
            raise KbError(
                f"{candidate!r} is already in the vocabulary "
                f"(as {vocabulary.canonical(candidate)!r})"
            )
    if not description.strip():
        raise KbError("a new tag needs a one-line --description")
    text = config_path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    block = [f"{name}:\n", f"  description: {dump_value(description.strip())}\n"]
    if aliases:
        block.append(f"  aliases: {dump_value(aliases)}\n")
    position = _end_of_tags(text)
    if position is None:
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        lines += ["tags:\n", *("  " + line for line in block)]
    else:
        end_line, indent = position
        lines[end_line:end_line] = [" " * indent + line for line in block]
    replace_atomically(config_path, "".join(lines))


def _end_of_tags(text: str) -> tuple[int, int] | None:
    """(0-based line after the last tag, indent of tag keys), or None without `tags:`."""
    root = yaml.compose(text)
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        if key.value != "tags":
            continue
        if not isinstance(value, yaml.MappingNode) or value.flow_style or not value.value:
            raise KbError("kb.yml's `tags:` is not a block mapping; add the tag by hand")
        last_key, last_value = value.value[-1]
        end = last_value.end_mark
        # end_mark of a nested block sits at the start of the next line already.
        end_line = end.line if end.column == 0 else end.line + 1
        # Trailing comments and blank lines belong to what follows, not to the last tag.
        lines = text.splitlines()
        indent = value.value[0][0].start_mark.column
        while end_line > last_key.start_mark.line + 1 and _belongs_after(
            lines[end_line - 1], indent
        ):
            end_line -= 1
        return end_line, indent
    return None


def _belongs_after(line: str, indent: int) -> bool:
    """Blank lines, and comments less indented than a tag's keys, introduce what follows."""
    stripped = line.lstrip()
    return not stripped or (stripped.startswith("#") and len(line) - len(stripped) <= indent)
