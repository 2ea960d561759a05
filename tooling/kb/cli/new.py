"""Add an entry to the knowledge base."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click

from kb import newentry
from kb.cli.main import config_root
from kb.config import Config, load_from
from kb.errors import KbError
from kb.project import read_entry
from kb.render import format_datetime
from kb.schema import STATUSES


def interactive() -> bool:
    """True when a person can answer prompts (both stdin and stdout are terminals)."""
    # Either stream is None when its descriptor is closed (cron, some CI runners).
    return bool(sys.stdin and sys.stdin.isatty() and sys.stdout and sys.stdout.isatty())


def _prompt_title() -> str:
    return str(click.prompt("Title")).strip()


def _prompt_tags(config: Config) -> list[str]:
    vocabulary = config.vocabulary
    click.echo("Tags: " + ", ".join(sorted(vocabulary.tags)))
    while True:
        answer = str(click.prompt("Tags (comma-separated)")).strip()
        try:
            return newentry.resolve_tags(vocabulary, [answer])
        except KbError as error:
            click.echo(f"Error: {error.message}", err=True)


def _prompt_files() -> list[str]:
    answer = str(click.prompt("Files (comma-separated, optional)", default="", show_default=False))
    return [part.strip() for part in answer.split(",") if part.strip()]


def _body(body: str | None, body_file: Path | None) -> str | None:
    if body is not None and body_file is not None:
        raise click.UsageError("give --body or --body-file, not both")
    if body_file is not None:
        try:
            return body_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise KbError(f"{body_file}: cannot read the body: {error}") from None
    if body is not None:
        return body
    if sys.stdin is not None and not sys.stdin.isatty():
        return sys.stdin.read()
    return None


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


@click.command()
@click.argument("title", required=False)
@click.option(
    "--tag",
    "-t",
    "tags",
    multiple=True,
    help="A tag of the vocabulary (repeat, or separate with commas).",
)
@click.option(
    "--file",
    "-f",
    "files",
    multiple=True,
    help="A file the entry is about: path, path:LINE, path:A-B, dir/, or a glob.",
)
@click.option(
    "--from-staged",
    is_flag=True,
    help="Add the files staged in git (`git add`) as file references.",
)
@click.option("--repo", help="A repo declared in kb.yml (default: this repo).")
@click.option("--status", type=click.Choice(STATUSES), default="active", show_default=True)
@click.option("--superseded-by", metavar="ID", help="The entry replacing this one.")
@click.option(
    "--created",
    metavar="DATETIME",
    help="ISO 8601 date-time (default: now, with the local UTC offset).",
)
@click.option("--body", help="The Markdown body.")
@click.option(
    "--body-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read the body from a file.",
)
@click.option("--edit", is_flag=True, help="Open $VISUAL or $EDITOR on the new entry.")
@click.option("--json", "as_json", is_flag=True, help="Print id, path and frontmatter as JSON.")
@click.pass_context
def new(
    ctx: click.Context,
    title: str | None,
    tags: tuple[str, ...],
    files: tuple[str, ...],
    from_staged: bool,
    repo: str | None,
    status: str,
    superseded_by: str | None,
    created: str | None,
    body: str | None,
    body_file: Path | None,
    edit: bool,
    as_json: bool,
) -> None:
    """Add an entry to the knowledge base.

    The body comes from --body, --body-file, or standard input; without any, the
    entry gets a template with Details and Solution sections. On a terminal, a
    missing title and tags are asked for.

    \b
    Examples:
      kb new "Django migrations out of sync" --tag gotcha --tag database \\
             --file dev-setup/setup.sh --file api/registry/admin.py:40-62
      git diff | kb new "Why this patch" -t gotcha
      git add api/settings.py && kb new "Why this setting" -t config --from-staged
      kb new   # asks for the title, tags and files
    """
    config = load_from(config_root(ctx))
    prompting = interactive()
    given_files = list(files) + (_staged_files(config, repo) if from_staged else [])
    title, tag_list, file_list = _fields(config, prompting, title, list(tags), given_files)
    request = newentry.NewEntry(
        title=title,
        tags=tag_list,
        files=file_list,
        repo=repo,
        status=status,
        superseded_by=superseded_by,
        created=created,
        body=_body(body, body_file) if not prompting or body or body_file else None,
    )
    result = newentry.create(config, request)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if edit:
        _edit(config, result.path)
    click.echo(_json(config, result) if as_json else _display(result.path))


def _staged_files(config: Config, repo: str | None) -> list[str]:
    """The files staged in the entry's repo, relative to its root (deletions left out)."""
    root = config.repo_root(repo)
    if root is None or not root.is_dir():
        raise KbError(f"--from-staged: repo {repo!r} has no local checkout (`path:` in kb.yml)")
    if not (root / ".git").exists():  # outside a work tree, `git diff` compares folders
        raise KbError(f"--from-staged: {_display(root)} is not a git work tree")
    # --no-relative: paths from the repo root even where diff.relative is configured.
    command = ["git", "-C", str(root), "diff", "--cached", "--name-only", "--no-relative"]
    try:
        result = subprocess.run(
            [*command, "--diff-filter=d", "-z"], capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise KbError(f"--from-staged: cannot run git: {error}") from None
    if result.returncode != 0:
        reason = result.stderr.strip().splitlines()[0] if result.stderr.strip() else "git failed"
        raise KbError(f"--from-staged: {_display(root)}: {reason}")
    staged = [name for name in result.stdout.split("\0") if name]
    if not staged:
        raise KbError(f"--from-staged: nothing is staged in {_display(root)} (git add FILE)")
    return staged


def _fields(
    config: Config, prompting: bool, title: str | None, tags: list[str], files: list[str]
) -> tuple[str, list[str], list[str]]:
    """Title, tags and files: given, asked for on a terminal, or a usage error naming the flag."""
    asked = prompting and (not title or not tags)
    if not title:
        if not prompting:
            raise click.UsageError('missing the title: kb new "TITLE" --tag TAG')
        title = _prompt_title()
    if not tags:
        if not prompting:
            raise click.UsageError("missing tags: pass --tag TAG (see `kb tags`)")
        tags = _prompt_tags(config)
    if not files and asked:
        files = _prompt_files()
    return title, tags, files


def _json(config: Config, result: newentry.Created) -> str:
    frontmatter = {
        k: format_datetime(v) if k == "created" else v for k, v in result.frontmatter.items()
    }
    payload = {"id": result.id, "path": config.relative(result.path), "frontmatter": frontmatter}
    return json.dumps(payload, ensure_ascii=False, indent=2)


def _edit(config: Config, path: Path) -> None:
    """Open the editor; afterwards show any problem, keeping the file as the user left it."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    try:
        click.edit(filename=str(path), editor=editor)
    except click.ClickException as error:
        raise KbError(
            f"could not start the editor ({error.message}); the entry is at {_display(path)}"
        ) from None
    parsed = read_entry(config, path)
    for diagnostic in parsed.diagnostics:
        click.echo(f"{diagnostic.severity}: {diagnostic.one_line()}", err=True)
