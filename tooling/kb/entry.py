"""An entry: one Markdown file with YAML frontmatter, parsed into a typed record.

`parse_entry` is total: it never raises on bad input. It returns the entry it could
build (None when the file has no usable frontmatter) and every problem it found, each
with the line and column in the entry file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from kb import codes, schema, yamlio
from kb.diagnostics import Diagnostic
from kb.document import DocumentError, split
from kb.refs import FileRef
from kb.vocabulary import TAG_FORM

ID_FORM = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>[a-z0-9][a-z0-9-]*)$")


@dataclass
class Entry:
    id: str
    path: str  # relative to the knowledge base root, POSIX separators
    title: str
    created: dt.datetime
    tags: list[str]
    body: str
    files: list[FileRef] = field(default_factory=list)
    updated: dt.datetime | None = None
    repo: str | None = None
    status: str = "active"
    superseded_by: str | None = None
    authors: list[str] = field(default_factory=list)
    source: dict[str, Any] | None = None
    verified: dict[str, Any] | None = None
    ignore: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    # 1-based line of each frontmatter key and of the body's first line, for diagnostics.
    key_lines: dict[str, int] = field(default_factory=dict)
    body_line: int = 1

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, 1)


@dataclass
class ParsedEntry:
    entry: Entry | None
    diagnostics: list[Diagnostic]


def parse_entry(path: str, text: str, timezone: dt.tzinfo) -> ParsedEntry:
    """Parse entry text; `path` is only used to name the entry and in diagnostics."""
    found: list[Diagnostic] = []
    try:
        document = split(text)
    except DocumentError as error:
        code = codes.FRONTMATTER_MISSING if error.kind == "missing" else codes.FRONTMATTER_UNCLOSED
        return ParsedEntry(None, [code.at(path, error.line, 1, error.message)])
    offset = document.frontmatter_line - 1
    try:
        loaded = yamlio.load(document.frontmatter)
    except yamlio.YamlError as error:
        found.append(codes.YAML_INVALID.at(path, error.line + offset, error.column, error.message))
        return ParsedEntry(None, found)
    if not isinstance(loaded.value, dict):
        found.append(
            codes.FRONTMATTER_NOT_MAPPING.at(
                path,
                document.frontmatter_line,
                1,
                f"the frontmatter must be a mapping of keys, not {schema.describe(loaded.value)}",
            )
        )
        return ParsedEntry(None, found)
    for duplicate in loaded.duplicate_keys:
        found.append(
            codes.DUPLICATE_KEY.at(
                path,
                duplicate.line + offset,
                duplicate.column,
                f"key {duplicate.key!r} appears more than once; YAML keeps only the last",
            )
        )
    key_lines = {key: line + offset for key, line in loaded.key_lines.items()}
    values, problems = schema.validate(loaded.value, timezone)
    for problem in problems:
        line = key_lines.get(problem.key, document.frontmatter_line)
        found.append(problem.code.at(path, line, 1, problem.message, problem.hint))
    if values is None:
        return ParsedEntry(None, found)
    name = path.rpartition("/")[2]
    dot = name.rfind(".")
    entry = Entry(
        id=name[:dot] if 0 < dot < len(name) - 1 else name,  # Path(path).stem, sooner
        path=path,
        body=document.body,
        key_lines=key_lines,
        body_line=document.body_line,
        **values,
    )
    return ParsedEntry(entry, found)


def is_valid_tag_form(tag: str) -> bool:
    return bool(TAG_FORM.match(tag))
