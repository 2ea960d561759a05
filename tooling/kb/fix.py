"""Safe fixes to entry frontmatter as textual edits: everything else stays byte for byte.

Fixes: aliases to canonical tags, tags sorted and de-duplicated, references normalised
(`./a//b` -> `a/b`), references to renamed files rewritten. Each edit replaces one YAML
scalar in place, keeping its quoting, so key order, comments and the body are untouched.
`set_verified` writes the `verified:` mark the same way.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

import yaml

from kb.refs import normalise, parse_ref
from kb.vocabulary import Vocabulary
from kb.yamlio import dump_value

_FLOW_SPECIALS = frozenset(",[]{}#")


@dataclass(frozen=True)
class _Edit:
    start: int  # offsets in the whole text
    end: int
    text: str


@dataclass
class Fixed:
    """The text after the fixes, and one line per change for the report."""

    text: str
    changes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)


@dataclass(frozen=True)
class _Frontmatter:
    offset: int  # where the YAML starts in the text
    end: int  # where the closing `---` line starts
    root: yaml.MappingNode
    newline: str

    def value(self, key: str) -> yaml.Node | None:
        pair = self.pair(key)
        return pair[1] if pair else None

    def pair(self, key: str) -> tuple[yaml.Node, yaml.Node] | None:
        for key_node, value_node in self.root.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return key_node, value_node
        return None


def _frontmatter(text: str) -> _Frontmatter | None:
    """The frontmatter's YAML node tree with offsets into `text`, or None if unusable."""
    start = 1 if text.startswith("\ufeff") else 0
    first_end = text.find("\n", start)
    if first_end < 0 or text[start:first_end].rstrip() != "---":
        return None
    offset = position = first_end + 1
    while position < len(text):
        line_end = text.find("\n", position)
        line_end = len(text) if line_end < 0 else line_end
        if text[position:line_end].rstrip() in ("---", "..."):
            break
        position = line_end + 1
    else:
        return None
    try:
        root = yaml.compose(text[offset:position], Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    newline = "\r\n" if text[first_end - 1 : first_end] == "\r" else "\n"
    return _Frontmatter(offset, position, root, newline)


def scalar_text(value: str, style: str | None, flow: bool) -> str:
    """`value` as YAML, in the quoting style the replaced scalar had."""
    if style == "'" or (style is None and flow and any(c in _FLOW_SPECIALS for c in value)):
        return "'" + value.replace("'", "''") + "'"
    if style == '"':
        return json.dumps(value, ensure_ascii=False)
    return dump_value(value)


def _replace(fm: _Frontmatter, node: yaml.ScalarNode, value: str, flow: bool) -> _Edit:
    return _Edit(
        fm.offset + node.start_mark.index,
        fm.offset + node.end_mark.index,
        scalar_text(value, node.style, flow),
    )


def _apply(text: str, edits: list[_Edit]) -> str:
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


def fix_text(text: str, vocabulary: Vocabulary, rewrites: Mapping[str, str]) -> Fixed:
    """Apply the safe fixes to an entry's text; `rewrites` maps a reference to its new form."""
    fm = _frontmatter(text)
    if fm is None:
        return Fixed(text)
    edits: list[_Edit] = []
    changes: list[str] = []
    tags = fm.value("tags")
    if isinstance(tags, yaml.SequenceNode):
        _fix_tags(fm, text, tags, vocabulary, edits, changes)
    files = fm.value("files")
    if isinstance(files, yaml.SequenceNode):
        _fix_files(fm, files, rewrites, edits, changes)
    return Fixed(_apply(text, edits), changes)


def canonical_tags(tags: list[str], vocabulary: Vocabulary) -> list[str]:
    """Aliases resolved, duplicates dropped, sorted; unknown tags kept as they are."""
    return sorted({vocabulary.canonical(tag) or tag for tag in tags})


def _fix_tags(
    fm: _Frontmatter,
    text: str,
    node: yaml.SequenceNode,
    vocabulary: Vocabulary,
    edits: list[_Edit],
    changes: list[str],
) -> None:
    items = node.value
    if not items or not all(isinstance(item, yaml.ScalarNode) for item in items):
        return
    old = [str(item.value) for item in items]
    new = canonical_tags(old, vocabulary)
    if new == old:
        return
    for tag in old:
        if vocabulary.canonical(tag) not in (None, tag):
            changes.append(f"tag {tag} -> {vocabulary.canonical(tag)}")
    resolved = [vocabulary.canonical(tag) or tag for tag in old]
    unique = list(dict.fromkeys(resolved))
    for tag in sorted({t for t in resolved if resolved.count(t) > 1}):
        changes.append(f"duplicate tag {tag} removed")
    if unique != new:
        changes.append("tags sorted")
    for item, value in zip(items, new, strict=False):
        if item.value != value:
            edits.append(_replace(fm, item, value, node.flow_style))
    for index in range(len(new), len(items)):
        edits.append(_remove_item(fm, text, node, index))


def _remove_item(fm: _Frontmatter, text: str, node: yaml.SequenceNode, index: int) -> _Edit:
    """Delete item `index` (never the first): `, x` in a flow list, its line in a block."""
    item = node.value[index]
    if node.flow_style:
        previous = node.value[index - 1]
        return _Edit(fm.offset + previous.end_mark.index, fm.offset + item.end_mark.index, "")
    start = fm.offset + item.start_mark.index
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", fm.offset + item.end_mark.index)
    return _Edit(line_start, len(text) if line_end < 0 else line_end + 1, "")


def _fix_files(
    fm: _Frontmatter,
    node: yaml.SequenceNode,
    rewrites: Mapping[str, str],
    edits: list[_Edit],
    changes: list[str],
) -> None:
    for item in node.value:
        if not isinstance(item, yaml.ScalarNode) or not isinstance(item.value, str):
            continue
        raw = item.value
        new = rewrites.get(raw.strip(), normalise(raw))
        if new != raw and parse_ref(new).path:
            edits.append(_replace(fm, item, new, node.flow_style))
            changes.append(f"{raw} -> {new}")


def set_verified(text: str, commit: str | None, date: str) -> str | None:
    """The text with `verified: {commit: SHA, date: DATE}`; None if the frontmatter is unusable.

    An existing `verified:` value is replaced where it stands; otherwise the key is added
    as the last frontmatter line.
    """
    fm = _frontmatter(text)
    if fm is None:
        return None
    mark = f"{{commit: {commit}, date: {date}}}" if commit else f"{{date: {date}}}"
    pair = fm.pair("verified")
    if pair is None:
        return text[: fm.end] + f"verified: {mark}{fm.newline}" + text[fm.end :]
    key, value = pair
    start = fm.offset + key.end_mark.index
    end = fm.offset + value.end_mark.index
    if value.end_mark.column == 0 and end > start:
        # A block mapping ends at the start of the next line: keep that line break.
        end = text.rfind("\n", start, end)
        end -= 1 if text[end - 1 : end] == "\r" else 0
    return text[:start] + f": {mark}" + text[end:]
