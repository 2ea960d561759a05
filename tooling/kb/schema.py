"""The entry frontmatter schema, declared once.

`FIELDS` drives validation here, the JSON Schema shipped in `kb/schemas/`, and the
entry-format table in the docs. Validation is total: every problem is collected.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from kb import codes
from kb.codes import Code
from kb.refs import FileRef, parse_ref
from kb.vocabulary import TAG_FORM

STATUSES = ("active", "resolved", "obsolete", "superseded")


@dataclass(frozen=True)
class Problem:
    key: str
    code: Code
    message: str
    hint: str | None = None


@dataclass(frozen=True)
class Field:
    key: str  # the frontmatter key
    attribute: str  # the Entry attribute it fills
    required: bool
    description: str
    json_schema: dict[str, Any]


_DATE_TIME = {"type": "string", "format": "date-time"}
_DATE_OR_DATE_TIME = {"anyOf": [_DATE_TIME, {"type": "string", "format": "date"}]}
FIELDS: tuple[Field, ...] = (
    Field(
        "title",
        "title",
        True,
        "The entry's title: one line, not empty.",
        {"type": "string", "minLength": 1},
    ),
    Field(
        "created",
        "created",
        True,
        "When the entry was written: ISO 8601 date-time with UTC offset; a bare date "
        "means midnight in kb.yml's time zone.",
        _DATE_OR_DATE_TIME,
    ),
    Field(
        "updated",
        "updated",
        False,
        "When the entry was last changed in substance.",
        _DATE_OR_DATE_TIME,
    ),
    Field(
        "tags",
        "tags",
        True,
        "At least one tag of the vocabulary, lowercase kebab-case.",
        {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": TAG_FORM.pattern}},
    ),
    Field(
        "files",
        "files",
        False,
        "Code references relative to the repo root: `path`, `path:LINE`, "
        "`path:START-END`, `dir/`, or a glob; POSIX separators.",
        {"type": "array", "items": {"type": "string", "minLength": 1}},
    ),
    Field(
        "repo",
        "repo",
        False,
        "The name of a repo declared in kb.yml; default: the repo holding the knowledge base.",
        {"type": "string"},
    ),
    Field(
        "status",
        "status",
        False,
        "`active` (default), `resolved`, `obsolete`, or `superseded` with `superseded_by`.",
        {"enum": list(STATUSES)},
    ),
    Field(
        "superseded_by",
        "superseded_by",
        False,
        "The id of the entry that replaces this one (with `status: superseded`).",
        {"type": "string"},
    ),
    Field(
        "authors",
        "authors",
        False,
        "Who wrote the entry.",
        {"type": "array", "items": {"type": "string"}},
    ),
    Field(
        "source",
        "source",
        False,
        "Where an imported entry came from (written by `kb import`).",
        {"type": "object"},
    ),
    Field(
        "verified",
        "verified",
        False,
        "When the entry was last re-read against the code: `{commit: SHA, date: ...}` "
        "(written by `kb verify`).",
        {"type": "object", "properties": {"commit": {"type": "string"}, "date": _DATE_TIME}},
    ),
    Field(
        "kb-ignore",
        "ignore",
        False,
        "Findings of `kb check` to suppress for this entry: `{CODE: reason}`.",
        {"type": "object", "additionalProperties": {"type": "string", "minLength": 1}},
    ),
)
BY_KEY = {field.key: field for field in FIELDS}


def describe(value: object) -> str:
    """How a YAML value reads in a message: `a list`, `a number`, `empty`."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dt.datetime | dt.date):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "a string"


def to_datetime(value: object, timezone: dt.tzinfo) -> tuple[dt.datetime | None, str | None]:
    """A timestamp value as an aware datetime, and a warning when it had no offset.

    Returns (None, reason) when the value is not a date or date-time at all.
    """
    if isinstance(value, str):
        text = value.strip()
        try:
            value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            try:
                value = dt.date.fromisoformat(text)
            except ValueError:
                return (
                    None,
                    f"{text!r} is not an ISO 8601 date-time such as 2025-11-24T15:40:00+00:00",
                )
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.replace(
                tzinfo=timezone
            ), "has no UTC offset; kb.yml's time zone is assumed"
        return value, None
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), tzinfo=timezone), None
    return None, f"must be a date-time, not {describe(value)}"


def _date_time(key: str, value: object, tz: dt.tzinfo, out: list[Problem]) -> dt.datetime | None:
    parsed, reason = to_datetime(value, tz)
    if parsed is None:
        out.append(Problem(key, codes.WRONG_TYPE, f"{key} {reason}"))
    elif reason:
        out.append(Problem(key, codes.NO_OFFSET, f"{key} {reason}", f"write {parsed.isoformat()}"))
    return parsed


def _string_list(key: str, value: object, out: list[Problem]) -> list[Any] | None:
    if isinstance(value, str):
        out.append(
            Problem(
                key,
                codes.WRONG_TYPE,
                f"{key} must be a list, not a string",
                f"write {key}: [{value}]",
            )
        )
        return [value]
    if not isinstance(value, list):
        out.append(Problem(key, codes.WRONG_TYPE, f"{key} must be a list, not {describe(value)}"))
        return None
    return value


def _tags(value: object, out: list[Problem]) -> list[str]:
    items = _string_list("tags", value, out) or []
    tags: list[str] = []
    for item in items:
        if not isinstance(item, str):
            out.append(
                Problem(
                    "tags",
                    codes.TAG_FORM,
                    f"tag {item!r} is {describe(item)}, not a word",
                    "quote it, or use a tag of the vocabulary",
                )
            )
            tag = str(item).lower()
        else:
            tag = item
        if isinstance(item, str) and not TAG_FORM.match(tag):
            out.append(Problem("tags", codes.TAG_FORM, f"tag {tag!r} is not lowercase kebab-case"))
        if tag not in tags:
            tags.append(tag)
    if not tags and items is not None and isinstance(value, list):
        out.append(Problem("tags", codes.WRONG_TYPE, "tags must name at least one tag"))
    return tags


def _files(value: object, out: list[Problem]) -> list[FileRef]:
    items = _string_list("files", value, out) or []
    refs: list[FileRef] = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            out.append(
                Problem(
                    "files", codes.WRONG_TYPE, f"file reference {item!r} must be a non-empty path"
                )
            )
            continue
        refs.append(parse_ref(item))
    return refs


def _optional_string(key: str, value: object, out: list[Problem]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        out.append(
            Problem(
                key, codes.WRONG_TYPE, f"{key} must be a non-empty string, not {describe(value)}"
            )
        )
        return None
    return value.strip()


def _mapping(key: str, value: object, out: list[Problem]) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        out.append(
            Problem(key, codes.WRONG_TYPE, f"{key} must be a mapping, not {describe(value)}")
        )
        return None
    return {str(k): v for k, v in value.items()}


def _ignore(value: object, out: list[Problem]) -> dict[str, str]:
    mapping = _mapping("kb-ignore", value, out) or {}
    reasons: dict[str, str] = {}
    for code, reason in mapping.items():
        if code not in codes.REGISTRY:
            out.append(
                Problem(
                    "kb-ignore", codes.SUPPRESSION_INVALID, f"kb-ignore names unknown code {code!r}"
                )
            )
        elif not isinstance(reason, str) or not reason.strip():
            out.append(
                Problem(
                    "kb-ignore",
                    codes.SUPPRESSION_INVALID,
                    f"kb-ignore of {code} needs a reason",
                    f'write {code}: "why it does not apply"',
                )
            )
        else:
            reasons[code] = reason.strip()
    return reasons


def _status(raw: dict[str, Any], out: list[Problem]) -> tuple[str, str | None]:
    status = raw.get("status", "active")
    if status is None:
        status = "active"
    if status not in STATUSES:
        out.append(
            Problem(
                "status",
                codes.WRONG_TYPE,
                f"status must be one of {', '.join(STATUSES)}, not {status!r}",
            )
        )
        status = "active"
    successor = _optional_string("superseded_by", raw.get("superseded_by"), out)
    if status == "superseded" and successor is None:
        out.append(
            Problem(
                "status",
                codes.REQUIRED_MISSING,
                "status superseded needs superseded_by: ID of the new entry",
            )
        )
    if successor is not None and status != "superseded":
        out.append(
            Problem(
                "superseded_by",
                codes.WRONG_TYPE,
                f"superseded_by is set but status is {status!r}",
                "set status: superseded",
            )
        )
    return str(status), successor


def validate(raw: dict[Any, Any], tz: dt.tzinfo) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Check frontmatter values against FIELDS; return Entry keyword values and problems.

    The values are None when a required key is missing or unusable.
    """
    out: list[Problem] = []
    for key in ("title", "created", "tags"):
        if key not in raw or raw[key] is None:
            out.append(Problem(key, codes.REQUIRED_MISSING, f"required key {key!r} is missing"))
    title = raw.get("title")
    if title is not None and (not isinstance(title, str) or not title.strip()):
        out.append(
            Problem(
                "title",
                codes.WRONG_TYPE,
                f"title must be a non-empty string, not {describe(title)}",
            )
        )
        title = str(title).strip() or None
    created = _date_time("created", raw["created"], tz, out) if raw.get("created") else None
    updated = _date_time("updated", raw["updated"], tz, out) if raw.get("updated") else None
    tags = _tags(raw["tags"], out) if raw.get("tags") is not None else []
    status, successor = _status(raw, out)
    authors = _string_list("authors", raw["authors"], out) if raw.get("authors") else []
    values: dict[str, Any] = {
        "title": title.strip() if isinstance(title, str) else title,
        "created": created,
        "updated": updated,
        "tags": tags,
        "files": _files(raw["files"], out) if raw.get("files") is not None else [],
        "repo": _optional_string("repo", raw.get("repo"), out),
        "status": status,
        "superseded_by": successor,
        "authors": [str(a) for a in authors or []],
        "source": _mapping("source", raw.get("source"), out),
        "verified": _mapping("verified", raw.get("verified"), out),
        "ignore": _ignore(raw.get("kb-ignore"), out),
        "extra": {str(k): v for k, v in raw.items() if k not in BY_KEY},
    }
    for key in values["extra"]:
        out.append(
            Problem(
                key,
                codes.UNKNOWN_KEY,
                f"unknown key {key!r}",
                "fine if your team uses it on purpose",
            )
        )
    if not values["title"] or created is None or not tags:
        return None, out
    return values, out


def json_schema() -> dict[str, Any]:
    """The JSON Schema of entry frontmatter, generated from FIELDS."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://kb.dev/schemas/entry.schema.json",
        "title": "kb entry frontmatter",
        "type": "object",
        "required": [f.key for f in FIELDS if f.required],
        "properties": {f.key: {"description": f.description, **f.json_schema} for f in FIELDS},
        "additionalProperties": True,
    }


if __name__ == "__main__":  # python -m kb.schema > tooling/kb/schemas/entry.schema.json
    import json

    print(json.dumps(json_schema(), indent=2))
