"""kb.yml: the knowledge base's one config file, found by walking up, loaded once a run.

Problems that make the run impossible (no kb.yml, YAML that does not parse, a time zone
that does not exist) raise ConfigError. Problems `kb check` should report but that
leave the knowledge base usable (a tag defined twice, an alias pointing at two tags)
are collected in `Config.problems` as diagnostics.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kb import codes, yamlio
from kb.diagnostics import Diagnostic, Severity
from kb.errors import ConfigError
from kb.vocabulary import TAG_FORM, Tag, Vocabulary

CONFIG_NAME = "kb.yml"
DEFAULT_MAX_ENTRY_BYTES = 1024 * 1024
KNOWN_KEYS = frozenset(
    {
        "title",
        "description",
        "entries",
        "timezone",
        "repos",
        "tags",
        "limits",
        "checks",
        "links",
        "site",
    }
)


@dataclass(frozen=True)
class RepoConfig:
    """A repo entries may refer to. `path` is None when there is no local checkout."""

    name: str
    path: Path | None
    url: str | None = None
    branch: str = "main"


@dataclass(frozen=True)
class LinkSettings:
    """How `kb check --external` treats external links."""

    skip: tuple[str, ...] = ()
    cache_ttl_hours: float = 24.0
    timeout_seconds: float = 10.0
    concurrency: int = 8


@dataclass
class Config:
    path: Path
    title: str
    description: str
    entries_dir: Path
    timezone: dt.tzinfo
    timezone_name: str
    vocabulary: Vocabulary
    repos: dict[str, RepoConfig]
    # The git work tree holding the knowledge base (or its folder outside git): entries
    # without `repo:` refer to files relative to it.
    home_repo: Path
    max_entry_bytes: int = DEFAULT_MAX_ENTRY_BYTES
    severity_overrides: dict[str, Severity] = field(default_factory=dict)
    links: LinkSettings = field(default_factory=LinkSettings)
    # `site:` — where the home repo's code is browsed (links from the site's pages).
    home_url: str | None = None
    home_branch: str = "main"
    problems: list[Diagnostic] = field(default_factory=list)

    @property
    def root(self) -> Path:
        return self.path.parent

    def relative(self, path: Path) -> str:
        """`path` relative to the root, with `/`, for messages; absolute when outside."""
        # Lexical, not resolve(): an entry that is a symlink loop must still get a name.
        try:
            return Path(os.path.abspath(path)).relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def repo_root(self, name: str | None) -> Path | None:
        """The local checkout for a repo name (None: the home repo); None when unknown."""
        if name is None:
            return self.home_repo
        repo = self.repos.get(name)
        return repo.path if repo else None


def find_config(start: Path) -> Path:
    """The nearest kb.yml in `start` or a parent; ConfigError when there is none."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    raise ConfigError(
        f"no {CONFIG_NAME} in {start} or any parent folder "
        "(run `kb init` to start a knowledge base, or pass --root DIR)"
    )


def find_work_tree(folder: Path) -> Path:
    """The top of the git work tree holding `folder`, or `folder` itself outside git."""
    folder = folder.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


def load_config(path: Path) -> Config:
    """Read and validate kb.yml; raise ConfigError naming the file and line."""
    label = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{label}: cannot read: {error}") from None
    try:
        loaded = yamlio.load(text)
    except yamlio.YamlError as error:
        raise ConfigError(f"{label}:{error.line}:{error.column}: {error.message}") from None
    data = loaded.value if loaded.value is not None else {}
    if not isinstance(data, dict):
        raise ConfigError(f"{label}:1:1: kb.yml must be a mapping of keys")
    reader = _Reader(label, text, loaded)
    root = path.parent.resolve()
    timezone_name = reader.string(data, "timezone", "UTC")
    try:
        timezone: dt.tzinfo = ZoneInfo(timezone_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise reader.error("timezone", f"unknown time zone {timezone_name!r}") from None
    config = Config(
        path=path.resolve(),
        title=reader.string(data, "title", "Knowledge base"),
        description=reader.string(data, "description", ""),
        entries_dir=_inside(root, reader.string(data, "entries", "entries"), reader, "entries"),
        timezone=timezone,
        timezone_name=timezone_name,
        vocabulary=Vocabulary(),
        repos=_repos(reader, data.get("repos"), root),
        home_repo=find_work_tree(root),
    )
    config.vocabulary, config.problems = _vocabulary(reader, data.get("tags"))
    _limits(reader, data.get("limits"), config)
    _checks(reader, data.get("checks"), config)
    config.links = _links(reader, data.get("links"))
    _site(reader, data.get("site"), config)
    for key in data:
        if key not in KNOWN_KEYS:
            config.problems.append(
                codes.CONFIG_INVALID.at(
                    label,
                    reader.line(key),
                    1,
                    f"unknown key {key!r} in kb.yml",
                    severity=Severity.WARNING,
                )
            )
    return config


def load_from(root: Path | None) -> Config:
    """The config for `--root DIR`, or the nearest one above the working directory."""
    if root is not None:
        candidate = root / CONFIG_NAME if root.is_dir() else root
        if not candidate.is_file():
            raise ConfigError(f"no {CONFIG_NAME} in {root}")
        return load_config(candidate)
    return load_config(find_config(Path.cwd()))


class _Reader:
    """Typed access to kb.yml values with errors that name the line of the key."""

    def __init__(self, label: str, text: str, loaded: yamlio.LoadedYaml) -> None:
        self.label = label
        self.text = text
        self.loaded = loaded

    def line(self, key: str) -> int:
        return self.loaded.key_lines.get(key, 1)

    def error(self, key: str, message: str) -> ConfigError:
        return ConfigError(f"{self.label}:{self.line(key)}: {key}: {message}")

    def string(self, data: dict[str, Any], key: str, default: str) -> str:
        value = data.get(key, default)
        if value is None:
            return default
        if not isinstance(value, str):
            raise self.error(key, f"must be a string, not {yaml_type(value)}")
        return value

    def find_line(self, needle: str, after: int = 0) -> int:
        """1-based line of the first line at or after `after` that contains `needle`."""
        for number, content in enumerate(self.text.splitlines(), start=1):
            if number >= after and needle in content:
                return number
        return after or 1


def yaml_type(value: object) -> str:
    names = {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "a mapping",
        str: "a string",
        type(None): "empty",
    }
    return names.get(type(value), type(value).__name__)


def _inside(root: Path, relative: str, reader: _Reader, key: str) -> Path:
    target = (root / relative).resolve()
    if target != root and root not in target.parents:
        raise reader.error(key, f"{relative!r} is outside the knowledge base")
    return target


def _repos(reader: _Reader, raw: object, root: Path) -> dict[str, RepoConfig]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise reader.error("repos", "must be a mapping of repo names")
    repos: dict[str, RepoConfig] = {}
    for name, spec in raw.items():
        spec = spec or {}
        if not isinstance(spec, dict):
            raise reader.error("repos", f"{name}: must be a mapping (path, url, branch)")
        path = spec.get("path")
        if path is not None and not isinstance(path, str):
            raise reader.error("repos", f"{name}.path must be a string")
        repos[str(name)] = RepoConfig(
            name=str(name),
            path=(root / path).resolve() if path else None,
            url=str(spec["url"]).rstrip("/") if spec.get("url") else None,
            branch=str(spec.get("branch") or "main"),
        )
    return repos


def _vocabulary(reader: _Reader, raw: object) -> tuple[Vocabulary, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    if raw is None:
        return Vocabulary(), problems
    if not isinstance(raw, dict):
        raise reader.error("tags", "must be a mapping of tag names to descriptions")
    tags_line = reader.line("tags")
    tags: list[Tag] = []
    for name, spec in raw.items():
        name = str(name)
        line = reader.find_line(f"{name}:", tags_line)
        if isinstance(spec, str) or spec is None:
            description, aliases = spec or "", []
        elif isinstance(spec, dict):
            description = str(spec.get("description") or "")
            aliases_raw = spec.get("aliases") or []
            aliases = (
                [str(a) for a in aliases_raw]
                if isinstance(aliases_raw, list)
                else [str(aliases_raw)]
            )
        else:
            raise ConfigError(
                f"{reader.label}:{line}: tags.{name}: must be a description "
                "or a mapping with description and aliases"
            )
        if not TAG_FORM.match(name):
            problems.append(
                codes.TAG_FORM.at(
                    reader.label, line, 3, f"tag {name!r} is not lowercase kebab-case"
                )
            )
        tags.append(Tag(name, description, tuple(aliases)))
    for duplicate in reader.loaded.duplicate_keys:
        if duplicate.line > tags_line:
            problems.append(
                codes.TAG_DEFINED_TWICE.at(
                    reader.label,
                    duplicate.line,
                    duplicate.column,
                    f"tag {duplicate.key!r} is defined twice; the last definition wins",
                )
            )
    vocabulary = Vocabulary.from_tags(tags)
    problems.extend(_alias_conflicts(reader, tags, tags_line))
    return vocabulary, problems


def _alias_conflicts(reader: _Reader, tags: list[Tag], tags_line: int) -> list[Diagnostic]:
    problems = []
    owners: dict[str, list[str]] = {}
    names = {tag.name for tag in tags}
    for tag in tags:
        for alias in tag.aliases:
            owners.setdefault(alias, []).append(tag.name)
    for alias, targets in owners.items():
        line = reader.find_line(alias, tags_line)
        if alias in names:
            problems.append(
                codes.ALIAS_CONFLICT.at(
                    reader.label, line, 1, f"alias {alias!r} of {targets[0]!r} is also a tag"
                )
            )
        elif len(set(targets)) > 1:
            problems.append(
                codes.ALIAS_CONFLICT.at(
                    reader.label,
                    line,
                    1,
                    f"alias {alias!r} points to {len(set(targets))} tags: "
                    + ", ".join(sorted(set(targets))),
                )
            )
    return problems


def _limits(reader: _Reader, raw: object, config: Config) -> None:
    if raw is None:
        return
    if not isinstance(raw, dict):
        raise reader.error("limits", "must be a mapping")
    value = raw.get("max_entry_bytes", DEFAULT_MAX_ENTRY_BYTES)
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise reader.error("limits", "max_entry_bytes must be a positive whole number")
    config.max_entry_bytes = value


def _checks(reader: _Reader, raw: object, config: Config) -> None:
    """`checks: {severity: {KB309: warning}}` changes a code's default severity."""
    if raw is None:
        return
    if not isinstance(raw, dict) or not isinstance(raw.get("severity", {}), dict):
        raise reader.error("checks", "must be a mapping with `severity: {CODE: level}`")
    for code, level in (raw.get("severity") or {}).items():
        if code not in codes.REGISTRY:
            raise reader.error("checks", f"unknown diagnostic code {code!r}")
        try:
            config.severity_overrides[code] = Severity[str(level).upper()]
        except KeyError:
            raise reader.error(
                "checks", f"{code}: severity must be error, warning or info, not {level!r}"
            ) from None


def _site(reader: _Reader, raw: object, config: Config) -> None:
    """`site: {repo_url, branch}`: the home repo's code host, for the site's links."""
    if raw is None:
        return
    if not isinstance(raw, dict):
        raise reader.error("site", "must be a mapping")
    url, branch = raw.get("repo_url"), raw.get("branch", "main")
    if (url is not None and not isinstance(url, str)) or not isinstance(branch, str):
        raise reader.error("site", "repo_url and branch must be strings")
    config.home_url = url.rstrip("/") if url else None
    config.home_branch = branch


def _links(reader: _Reader, raw: object) -> LinkSettings:
    if raw is None:
        return LinkSettings()
    if not isinstance(raw, dict):
        raise reader.error("links", "must be a mapping")
    skip = raw.get("skip") or []
    if not isinstance(skip, list):
        raise reader.error("links", "skip must be a list of patterns")
    try:
        return LinkSettings(
            skip=tuple(str(s) for s in skip),
            cache_ttl_hours=float(raw.get("cache_ttl_hours", 24)),
            timeout_seconds=float(raw.get("timeout_seconds", 10)),
            concurrency=int(raw.get("concurrency", 8)),
        )
    except (TypeError, ValueError) as error:
        raise reader.error("links", f"invalid value: {error}") from None
