"""List the entries about files you are changing: the gotchas to read first."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kb.cli.main import config_root
from kb.config import Config, load_from
from kb.errors import KbError
from kb.project import load_project
from kb.refs import normalise
from kb.staleness import describe, label

if TYPE_CHECKING:
    from kb.lookup import Match


def repo_root(config: Config, repo: str | None) -> Path:
    """The checkout of `repo` (None: the repo holding the knowledge base)."""
    root = config.repo_root(repo)
    if repo is not None and repo not in config.repos:
        raise KbError(f"repo {repo!r} is not declared in kb.yml")
    if root is None:
        raise KbError(f"repo {repo!r} has no local checkout (`path:` in kb.yml)")
    return root


def repo_path(home: Path, given: str) -> str:
    """A path from the command line, relative to the repo root with `/`.

    Relative paths count from the working directory when it is inside the repo, and
    from the repo root otherwise (`kb for --repo other api/x.py` from anywhere).
    """
    cwd = Path.cwd()
    inside = cwd == home or home in cwd.parents
    absolute = Path(os.path.abspath((cwd if inside else home) / given))
    try:
        return normalise(absolute.relative_to(home).as_posix())
    except ValueError:
        raise KbError(f"{given} is outside the repo {home}") from None


def changed_files(root: Path, base: str) -> list[str]:
    """Files changed between `base` and the working tree (both names of a rename)."""
    command = ["git", "-C", str(root), "diff", "--name-only", "-z", "--no-renames"]
    try:
        result = subprocess.run(
            [*command, base, "--"], capture_output=True, timeout=120, check=False
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise KbError(f"git diff {base} failed: {error}") from None
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip().splitlines() or ["failed"]
        raise KbError(f"git diff {base}: {message[0].removeprefix('fatal: ')}")
    return sorted(p for p in result.stdout.decode("utf-8", "surrogateescape").split("\0") if p)


def _text(found: dict[str, list[Match]]) -> str:
    if not found:
        return "No entries about these files.\n"
    out: list[str] = []
    for path, matches in found.items():
        out.append(path)
        width = max(len(m.entry.id) for m in matches)
        for match in matches:
            why = label(match.changes)
            stale = f"  [stale: {why}]" if why else ""
            out.append(
                f"  {match.entry.id:<{width}}  {match.entry.title}  ({match.ref.raw}){stale}"
            )
    return "\n".join(out) + "\n"


def _markdown(found: dict[str, list[Match]], config: Config) -> str:
    if not found:
        return "This change touches no files with known gotchas.\n"
    count = len(found)
    out = [f"This change touches {count} file{'s' if count != 1 else ''} with known gotchas:", ""]
    for path, matches in found.items():
        out.append(f"- `{path}`")
        for match in matches:
            link = _link(config, match.entry.path)
            why = label(match.changes)
            stale = f" — **stale**: {why}" if why else ""
            out.append(f"  - [{match.entry.title}]({link}) (`{match.ref.raw}`){stale}")
    return "\n".join(out) + "\n"


def _link(config: Config, entry_path: str) -> str:
    """The entry file relative to the repo root, as a pull request shows it."""
    try:
        return (config.root / entry_path).relative_to(config.home_repo).as_posix()
    except ValueError:
        return entry_path


def _json(found: dict[str, list[Match]], config: Config) -> str:
    files = [
        {"path": path, "entries": [_match_json(m, config) for m in matches]}
        for path, matches in found.items()
    ]
    return json.dumps({"files": files}, ensure_ascii=False, indent=2) + "\n"


def _match_json(match: Match, config: Config) -> dict[str, Any]:
    changes = match.changes
    item: dict[str, Any] = {
        "id": match.entry.id,
        "title": match.entry.title,
        "path": match.entry.path,
        "reference": match.ref.raw,
        "match": match.kind,
        "stale": match.stale,
    }
    if changes is not None and changes.stale:
        item["commits"] = [describe(c, config.timezone) for c in changes.commits]
        item["now"] = changes.path
        item["deleted_in"] = changes.deleted_in.sha if changes.deleted_in else None
    return item


@click.command("for")
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@click.option("--diff", "base", metavar="BASE", help="Also the files changed since BASE.")
@click.option("--repo", metavar="NAME", help="Paths in this repo of kb.yml (default: this one).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="markdown: a pull-request comment.",
)
@click.pass_context
def for_(
    ctx: click.Context,
    paths: tuple[str, ...],
    base: str | None,
    repo: str | None,
    output_format: str,
) -> None:
    """List the entries about some files: the gotchas to read before changing them.

    An entry is about a file when it names the file (or its name before a rename), a
    directory holding it, or a glob matching it; the most specific come first, and
    entries whose files changed since they were written are marked stale.

    \b
    Examples:
      kb for api/settings.py
      kb for --diff origin/main --format markdown > comment.md
    """
    if not paths and base is None:
        raise click.UsageError("give PATH... or --diff BASE")
    config = load_from(config_root(ctx))
    root = repo_root(config, repo)
    wanted = [repo_path(root, p) for p in paths]
    if base is not None:
        wanted += changed_files(root, base)
    from kb.lookup import PathIndex  # the glob matcher lives with the checks
    from kb.staleness_run import load_staleness

    entries = [e for e in load_project(config).entries if e.repo == repo]
    index = PathIndex(entries, load_staleness(config, entries).by_entry)
    found = {p: m for p in dict.fromkeys(wanted) if (m := index.entries_for(p))}
    if output_format == "json":
        click.echo(_json(found, config), nl=False)
    elif output_format == "markdown":
        click.echo(_markdown(found, config), nl=False)
    else:
        click.echo(_text(found), nl=False)
