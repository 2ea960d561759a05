"""A fast reader for the plain YAML that entries are made of, or None for anything else.

Nearly every entry's frontmatter is a handful of `key: value` lines, a flow list of
tags and a block list of files (what `kb new` writes). Loading those through PyYAML's
composer and constructor costs more than everything else `kb check` does to an entry,
so this module reads that subset line by line and hands everything else back (None)
to the full loader in kb.yamlio, which stays the definition of what the YAML means.

Values are built exactly as the full loader builds them: a plain scalar is resolved by
yamlio's resolver (YAML 1.2 booleans) and constructed by PyYAML's own constructors, so
`2025-11-24T10:00:00+01:00` is the same datetime and `1_000` the same int. Accepted:

- `key: scalar`, `key: [scalar, ...]`, `key: {key: scalar, ...}`, and `key:` followed by
  a block list (`- scalar` lines) or a block mapping (indented `key: scalar` lines);
- scalars that are plain, single-quoted, or double-quoted without escapes;
- blank lines and comment lines starting in the first column.

A test feeds generated documents to both loaders and compares what they return.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode

from kb.yamlio import DuplicateKey, LoadedYaml, implicit_resolvers

_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)$")
_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?$")
_NESTED_KEY_LINE = re.compile(r"( +)([A-Za-z_][A-Za-z0-9_-]*): +(.+)$")
_ITEM_LINE = re.compile(r"( *)- +(.+)$")
_FLOW_ITEM = re.compile(r' *("[^"\\]*"|\'(?:[^\']|\'\')*\'|[^,"\']+?) *(?:,|$)')
_FLOW_PAIR = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*): +(.+)$")
# A plain scalar may not start with an indicator, nor hold ": " or " #", nor end in ":".
_PLAIN_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@` ")
# In a flow collection it may also not hold any of these.
_FLOW_INDICATORS = re.compile(r"[,\[\]{}?]")
# Characters PyYAML refuses or treats as line breaks: the full loader must see them.
_UNUSUAL = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


class _NotSimple(Exception):
    """The document leaves the subset: the full loader must read it."""


def load_simple(text: str) -> LoadedYaml | None:
    """The document in `text` if it is in the simple subset (see the module), else None."""
    if _UNUSUAL.search(text):
        return None
    # (1-based line number, line without trailing spaces) of every line that says something.
    lines = [
        (number, line.rstrip(" "))
        for number, line in enumerate(text.split("\n"), 1)
        if line.strip(" ") and not line.startswith("#")
    ]
    try:
        return _Reader(lines).document()
    except _NotSimple:
        return None
    except (ValueError, TypeError, OverflowError):
        return None  # a constructor refused a value: the full loader says why, with context


class _Reader:
    """One pass over the content lines of a document; raises _NotSimple outside the subset."""

    def __init__(self, lines: list[tuple[int, str]]) -> None:
        self.lines = lines
        self.index = 0
        self.constructor = SafeConstructor()
        self.resolvers = implicit_resolvers()
        self.duplicates: list[DuplicateKey] = []

    def document(self) -> LoadedYaml:
        mapping: dict[Any, Any] = {}
        key_lines: dict[str, int] = {}
        lines = self.lines
        while self.index < len(lines):
            number, line = lines[self.index]
            self.index += 1
            match = _KEY_LINE.match(line)
            if not match:
                raise _NotSimple
            key, rest = self._key(match.group(1)), match.group(2)
            value = self._inline(rest) if rest else self._block()
            self._store(mapping, key, value, number, 1)
            key_lines.setdefault(key, number)
        return LoadedYaml(mapping or None, self.duplicates, key_lines)

    def _block(self) -> Any:
        """The value of a `key:` line: a block list, a block mapping, or null."""
        if self.index == len(self.lines):
            return None
        following = self.lines[self.index][1]
        if _ITEM_LINE.match(following):
            return self._block_list()
        if following.startswith(" "):
            return self._block_mapping()
        return None

    def _block_list(self) -> list[Any]:
        items: list[Any] = []
        indent = _ITEM_LINE.match(self.lines[self.index][1]).group(1)  # type: ignore[union-attr]
        while self.index < len(self.lines):
            line = self.lines[self.index][1]
            match = _ITEM_LINE.match(line)
            if not match:
                if line.startswith(" "):
                    raise _NotSimple  # an indented line that is not an item
                break
            if match.group(1) != indent:
                raise _NotSimple
            self.index += 1
            items.append(self._scalar(match.group(2), flow=False))
        return items

    def _block_mapping(self) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        indent: str | None = None
        while self.index < len(self.lines) and self.lines[self.index][1].startswith(" "):
            number, line = self.lines[self.index]
            match = _NESTED_KEY_LINE.match(line)
            if not match or (indent is not None and match.group(1) != indent):
                raise _NotSimple
            indent = match.group(1)
            self.index += 1
            value = self._scalar(match.group(3), flow=False)
            self._store(mapping, self._key(match.group(2)), value, number, len(indent) + 1)
        return mapping

    def _inline(self, text: str) -> Any:
        """A value written on the key's line: a flow list or mapping, or a scalar."""
        if text[0] == "[":
            if text[-1] != "]":
                raise _NotSimple
            return [self._scalar(item, flow=True) for item in _flow_items(text[1:-1])]
        if text[0] == "{":
            if text[-1] != "}":
                raise _NotSimple
            mapping: dict[Any, Any] = {}
            for item in _flow_items(text[1:-1]):
                pair = _FLOW_PAIR.match(item)
                if not pair:
                    raise _NotSimple
                value = self._scalar(pair.group(2), flow=True)
                self._store(mapping, self._key(pair.group(1)), value, 0, 0)
            return mapping
        return self._scalar(text, flow=False)

    def _scalar(self, text: str, flow: bool) -> Any:
        first = text[0]
        if first == '"':
            if text[-1] != '"' or len(text) < 2 or '"' in text[1:-1] or "\\" in text:
                raise _NotSimple
            return text[1:-1]
        if first == "'":
            inner = text[1:-1]
            if text[-1] != "'" or len(text) < 2 or "'" in inner.replace("''", ""):
                raise _NotSimple
            return inner.replace("''", "'")
        if (
            first in _PLAIN_FIRST
            or text[-1] == ":"
            or ": " in text
            or " #" in text
            or (flow and _FLOW_INDICATORS.search(text))
        ):
            raise _NotSimple
        resolvers = self.resolvers.get(first)
        return self._resolved(text, resolvers) if resolvers else text

    def _resolved(self, text: str, resolvers: list[tuple[str, re.Pattern[str]]]) -> Any:
        """A plain scalar that may be a bool, int, float, null or date, built as PyYAML does."""
        if _DATE_TIME.match(text):  # every entry's `created`: the same value, sooner
            return dt.datetime.fromisoformat(text)
        for tag, pattern in resolvers:
            if pattern.match(text):
                if tag == "tag:yaml.org,2002:merge":
                    raise _NotSimple
                build = self.constructor.yaml_constructors[tag]
                return build(self.constructor, ScalarNode(tag, text))
        return text

    def _key(self, text: str) -> str:
        """A mapping key: a word the resolver would read as anything but a string
        (`true`, `null`) goes to the full loader."""
        if any(pattern.match(text) for _tag, pattern in self.resolvers.get(text[0], ())):
            raise _NotSimple
        return text

    def _store(self, mapping: dict[Any, Any], key: str, value: Any, line: int, column: int) -> None:
        if key in mapping:
            if column == 0:  # a duplicate in a flow mapping: the full loader knows its column
                raise _NotSimple
            self.duplicates.append(DuplicateKey(key, line, column))
        mapping[key] = value


def _flow_items(inner: str) -> list[str]:
    """The items of a one-line flow collection, or [] for an empty one."""
    if not inner.strip(" "):
        return []
    items: list[str] = []
    position = 0
    while position < len(inner):
        match = _FLOW_ITEM.match(inner, position)
        if not match or match.end() == position:
            raise _NotSimple
        items.append(match.group(1))
        position = match.end()
    if inner.rstrip(" ").endswith(","):
        raise _NotSimple  # a trailing comma: YAML allows it, this reader does not bother
    return items
