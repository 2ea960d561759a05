"""Entry text from values: the frontmatter kb writes, in a stable key order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import yaml

from kb.yamlio import dump_value

TEMPLATE_BODY = "## Details\n\n\n## Solution\n\n"
KEY_ORDER = (
    "title",
    "created",
    "updated",
    "tags",
    "files",
    "repo",
    "status",
    "superseded_by",
    "authors",
    "verified",
    "source",
    "kb-ignore",
)


def format_datetime(value: dt.datetime) -> str:
    """ISO 8601 with offset, to the second: `2025-11-24T15:40:00+00:00`."""
    return value.replace(microsecond=0).isoformat()


def _yaml_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, Mapping):
        return {str(k): _yaml_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_yaml_value(v) for v in value]
    return value


def frontmatter_text(values: Mapping[str, Any]) -> str:
    """YAML for the frontmatter: known keys in KEY_ORDER, then the rest; empties dropped."""
    ordered = [k for k in KEY_ORDER if k in values] + [k for k in values if k not in KEY_ORDER]
    lines: list[str] = []
    for key in ordered:
        value = _yaml_value(values[key])
        if value in (None, [], {}, ""):
            continue
        if isinstance(value, str) and key in ("created", "updated"):
            lines.append(f"{key}: {value}")  # unquoted: loads back as a date-time
        elif isinstance(value, dict):
            block = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=88)
            lines.append(block.rstrip("\n"))
        elif isinstance(value, list) and key == "files":
            lines.append(f"{key}:")
            lines.extend(f"  - {dump_value(item)}" for item in value)
        else:
            lines.append(f"{key}: {dump_value(value)}")
    return "\n".join(lines) + "\n"


def entry_text(values: Mapping[str, Any], body: str) -> str:
    """The whole entry file: `---`, frontmatter, `---`, a blank line, the body."""
    body = body.strip("\n")
    return (
        f"---\n{frontmatter_text(values)}---\n\n{body}\n"
        if body
        else (f"---\n{frontmatter_text(values)}---\n")
    )
