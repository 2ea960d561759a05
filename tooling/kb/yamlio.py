"""Safe YAML for frontmatter and kb.yml: positions on errors, none of YAML 1.1's traps.

Differences from `yaml.safe_load`, each on purpose:

- `yes`/`no`/`on`/`off` stay strings (YAML 1.2 booleans only), so `tags: [no, on]`
  means two tags, not two booleans.
- Anchors and aliases are refused: frontmatter never needs them and an alias bomb
  ("billion laughs") must not be able to blow up anything that walks the data.
- Duplicate mapping keys are recorded (with their line) instead of silently dropped.
- Errors carry a 1-based line and column, counted in the text that was given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node

try:  # libyaml's parser is several times faster; fall back when it is missing.
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


class YamlError(Exception):
    """YAML that cannot be used, with a 1-based position in the parsed text."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class DuplicateKey:
    key: str
    line: int
    column: int


@dataclass
class LoadedYaml:
    """The value of a YAML document and what was noticed while loading it."""

    value: Any
    duplicate_keys: list[DuplicateKey] = field(default_factory=list)
    # 1-based line of each top-level key, for diagnostics that point at a key.
    key_lines: dict[str, int] = field(default_factory=dict)


class _Resolver(yaml.resolver.BaseResolver):
    """The default resolvers, with booleans restricted to true/false (YAML 1.2)."""


for _first, _resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items():
    for _tag, _regexp in _resolvers:
        if _tag == "tag:yaml.org,2002:bool":
            continue
        _Resolver.add_implicit_resolver(_tag, _regexp, [_first])
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def implicit_resolvers() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """First character -> the (tag, pattern) pairs that may resolve a plain scalar."""
    found: dict[str, list[tuple[str, re.Pattern[str]]]] = _Resolver.yaml_implicit_resolvers
    return found


class _Constructor(yaml.constructor.SafeConstructor):
    """SafeConstructor that records duplicate keys instead of keeping the last one."""

    duplicate_keys: list[DuplicateKey]

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                is_duplicate = key in seen
                seen.add(key)
            except TypeError:
                continue  # unhashable key: the base class reports it
            if is_duplicate:
                mark = key_node.start_mark
                self.duplicate_keys.append(DuplicateKey(str(key), mark.line + 1, mark.column + 1))
        return super().construct_mapping(node, deep=deep)


class _Loader(_Parser, _Constructor, _Resolver):
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _Constructor.__init__(self)
        _Resolver.__init__(self)
        self.duplicate_keys = []


def _refuse_aliases(text: str) -> None:
    """Raise YamlError at the first anchor or alias; events are cheap and bounded."""
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            anchor = getattr(event, "anchor", None)
            if event is not None and (isinstance(event, yaml.AliasEvent) or anchor is not None):
                mark = event.start_mark
                line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                raise YamlError(
                    "YAML anchors and aliases (&name, *name) are not allowed here", line, column
                )
    finally:
        loader.dispose()


_ANCHOR_HINT = re.compile(r"[&*]")


def load(text: str) -> LoadedYaml:
    """Load one YAML document from `text`; raise YamlError with a position if unusable.

    The plain frontmatter most entries have is read by kb.simpleyaml, several times
    faster; everything else, and every error, comes from PyYAML below."""
    from kb.simpleyaml import load_simple  # here: it imports this module's types

    simple = load_simple(text)
    return simple if simple is not None else load_full(text)


def load_full(text: str) -> LoadedYaml:
    """`load` through PyYAML alone: any YAML, every error with its position."""
    try:
        if _ANCHOR_HINT.search(text):
            _refuse_aliases(text)
        loader = _Loader(text)
        try:
            node: Node | None = loader.get_single_node()
            if node is None:
                return LoadedYaml(None)
            value = loader.construct_document(node)
            key_lines: dict[str, int] = {}
            if isinstance(node, MappingNode):
                for key_node, _ in node.value:
                    key_lines.setdefault(str(key_node.value), key_node.start_mark.line + 1)
            return LoadedYaml(value, list(loader.duplicate_keys), key_lines)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = error.problem or error.context or "invalid YAML"
        raise YamlError(f"invalid YAML: {problem}", line, column) from None
    except yaml.YAMLError as error:
        raise YamlError(f"invalid YAML: {error}") from None
    except (ValueError, TypeError, OverflowError) as error:
        # Constructors raise these for values such as `2025-13-45` or huge numbers.
        raise YamlError(f"invalid YAML value: {error}") from None
    except RecursionError:
        raise YamlError("YAML nested too deeply") from None


def dump_value(value: Any) -> str:
    """One YAML scalar or flow collection on a line, quoted only where YAML needs it."""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000)
    return text.removesuffix("\n...\n").rstrip("\n")
