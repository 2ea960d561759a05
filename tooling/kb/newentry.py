"""Adding an entry: validate what the user gave, then write it exclusively and atomically."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb import refs, schema
from kb.config import Config
from kb.errors import KbError
from kb.render import TEMPLATE_BODY, entry_text
from kb.repo_index import RepoIndex, build_index
from kb.slug import slugify
from kb.store import create_entry_file
from kb.vocabulary import Vocabulary, did_you_mean


@dataclass
class NewEntry:
    """What the user asked for, as given (tags may be aliases, created may be text)."""

    title: str
    tags: list[str]
    files: list[str] = field(default_factory=list)
    repo: str | None = None
    status: str = "active"
    superseded_by: str | None = None
    created: str | dt.datetime | None = None
    body: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Created:
    id: str
    path: Path
    frontmatter: dict[str, Any]
    warnings: list[str]


def resolve_tags(vocabulary: Vocabulary, given: list[str]) -> list[str]:
    """Canonical tags for `given` (aliases resolved, duplicates dropped, order kept).

    Raises KbError naming every unknown tag with suggestions.
    """
    resolved: list[str] = []
    unknown: list[str] = []
    for raw in given:
        for name in (part.strip() for part in raw.split(",")):
            if not name:
                continue
            canonical = vocabulary.canonical(name)
            if canonical is None:
                suggestion = did_you_mean(vocabulary.suggest(name))
                unknown.append(f"{name!r}" + (f" ({suggestion})" if suggestion else ""))
            elif canonical not in resolved:
                resolved.append(canonical)
    if unknown:
        raise KbError(
            f"unknown tag {', '.join(unknown)}; see `kb tags`, or add one with "
            "`kb tags add NAME --description TEXT`"
        )
    if not resolved:
        raise KbError("at least one tag is required (--tag)")
    return resolved


def check_file_refs(
    config: Config, repo: str | None, given: list[str], index: RepoIndex | None = None
) -> tuple[list[str], list[str]]:
    """Normalised references, and what `kb check` will say of them, as warnings.

    References that could leave the repo are refused; the rest are written even when
    missing, since the entry may be about code that is not committed yet.
    """
    normalised: list[str] = []
    for raw in given:
        text = refs.normalise(raw)
        reason = refs.unsafe_reason(refs.parse_ref(raw.strip()))
        if reason:
            raise KbError(f"file reference {raw!r} {reason}")
        if text not in normalised:
            normalised.append(text)
    root = config.repo_root(repo)
    if root is None or not root.is_dir() or not normalised:
        return normalised, []
    # The same resolution as `kb check`, so kb new never promises what check refuses.
    from kb.checks.files import check_ref
    from kb.checks.repos import RepoFiles

    files = RepoFiles(index or build_index(root))
    warnings = [
        f"{found.message} ({found.hint})" if found.hint else found.message
        for text in normalised
        for found in check_ref(files, "", 1, refs.parse_ref(text))
    ]
    return normalised, warnings


def _created(config: Config, value: str | dt.datetime | None) -> dt.datetime:
    if value is None:
        return dt.datetime.now().astimezone().replace(microsecond=0)
    parsed, reason = schema.to_datetime(value, config.timezone)
    if parsed is None:
        raise KbError(f"--created {reason}")
    return parsed


def create(config: Config, request: NewEntry) -> Created:
    """Validate `request` and write the entry; KbError explains what to fix."""
    title = " ".join(request.title.split())
    if not title:
        raise KbError("the title is empty")
    tags = resolve_tags(config.vocabulary, request.tags)
    if request.repo is not None and request.repo not in config.repos:
        declared = ", ".join(sorted(config.repos)) or "none"
        raise KbError(f"repo {request.repo!r} is not declared in kb.yml (declared: {declared})")
    if request.status not in schema.STATUSES:
        raise KbError(f"status must be one of {', '.join(schema.STATUSES)}")
    if request.status == "superseded" and not request.superseded_by:
        raise KbError("status superseded needs --superseded-by ID")
    files, warnings = check_file_refs(config, request.repo, request.files)
    created = _created(config, request.created)
    values: dict[str, Any] = {
        "title": title,
        "created": created,
        "tags": tags,
        "files": files,
        "repo": request.repo,
        "status": None if request.status == "active" else request.status,
        "superseded_by": request.superseded_by,
        **request.extra,
    }
    body = TEMPLATE_BODY if request.body is None or not request.body.strip() else request.body
    path = create_entry_file(config.entries_dir, created, slugify(title), entry_text(values, body))
    frontmatter = {k: v for k, v in values.items() if v not in (None, [], {})}
    return Created(path.stem, path, frontmatter, warnings)
