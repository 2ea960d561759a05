"""Show one entry in the terminal, with its related entries."""

from __future__ import annotations

import difflib
from pathlib import Path

import click

from kb.cli.main import config_root
from kb.config import Config, load_from
from kb.entry import ID_FORM, Entry
from kb.errors import KbError
from kb.project import Project, load_project
from kb.related import Related, RelatedIndex
from kb.render import format_datetime
from kb.search.filters import canonical_tags
from kb.terminal import emit, markdown, paint
from kb.vocabulary import did_you_mean

RELATED_LIMIT = 5


@click.command()
@click.argument("entry_id", metavar="ID")
@click.option(
    "--related",
    "related_limit",
    default=RELATED_LIMIT,
    show_default=True,
    type=click.IntRange(min=0),
    help="How many related entries to list.",
)
@click.pass_context
def show(ctx: click.Context, entry_id: str, related_limit: int) -> None:
    """Show one entry in the terminal, with its related entries.

    ID is the file name without `.md`; the entry's path or its slug alone (the id
    without the date) work too.

    \b
    Examples:
      kb show 2025-11-24-django-migrations-out-of-sync
      kb show django-migrations-out-of-sync
    """
    config = load_from(config_root(ctx))
    project = load_project(config)
    entry = find_entry(project, entry_id)
    related = RelatedIndex(project.entries).related(entry, related_limit)
    emit(render(config, entry, related), page=True)


def find_entry(project: Project, wanted: str) -> Entry:
    """The entry named by id, path or unique slug; KbError with suggestions otherwise."""
    by_id = project.by_id()
    name = Path(wanted).stem if wanted.endswith(".md") else wanted.strip()
    if name in by_id:
        return by_id[name]
    by_slug = [entry for entry in project.entries if _slug(entry.id) == name]
    if len(by_slug) == 1:
        return by_slug[0]
    options = sorted(entry.id for entry in by_slug) or _close_ids(name, list(by_id))
    hint = did_you_mean(options)
    raise KbError(f"no entry {wanted!r}" + (f"; {hint}" if hint else " (see `kb list`)"))


def _close_ids(name: str, ids: list[str]) -> list[str]:
    """Ids spelled like `name`, compared whole and by slug (people drop the date)."""
    found = difflib.get_close_matches(name, ids, n=3, cutoff=0.7)
    slugs = {_slug(entry_id): entry_id for entry_id in ids}
    found += [slugs[s] for s in difflib.get_close_matches(name, list(slugs), n=3, cutoff=0.7)]
    return list(dict.fromkeys(found))[:3]


def _slug(entry_id: str) -> str:
    """`2025-11-24-some-title` -> `some-title`; an id not in that form is its own slug."""
    match = ID_FORM.match(entry_id)
    return match["slug"] if match else entry_id


def render(config: Config, entry: Entry, related: list[Related]) -> str:
    """The entry as terminal text: title, facts, body, related entries."""
    facts = [
        ("id", paint(entry.id, "id")),
        ("path", entry.path),
        ("created", format_datetime(entry.created.astimezone(config.timezone))),
    ]
    if entry.updated:
        facts.append(("updated", format_datetime(entry.updated.astimezone(config.timezone))))
    tags = canonical_tags(entry.tags, config.vocabulary)
    facts.append(("tags", ", ".join(paint(tag, "tag") for tag in tags)))
    status = entry.status + (f" by {entry.superseded_by}" if entry.superseded_by else "")
    facts.append(("status", paint(status, "status") if entry.status != "active" else status))
    if entry.repo:
        facts.append(("repo", entry.repo))
    if entry.authors:
        facts.append(("authors", ", ".join(entry.authors)))
    for number, ref in enumerate(entry.files):
        facts.append(("files" if number == 0 else "", ref.raw))
    lines = [paint(entry.title, "title"), ""]
    lines += [f"{paint(f'{label:<8}', 'label')}  {value}".rstrip() for label, value in facts]
    body = entry.body.strip("\n")
    if body:
        lines += ["", markdown(body)]
    if related:
        lines += ["", paint("Related", "heading")]
        for found in related:
            lines.append(
                f"  {paint(found.entry.id, 'id')}  {found.entry.title}  "
                + paint(f"({found.reason()})", "dim")
            )
    return "\n".join(lines)
