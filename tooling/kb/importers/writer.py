"""Writing imported items: skip what is already there, check, then create exclusively.

An item already imported is found by the identity in its entry's `source:` mapping,
so running an import twice writes nothing new. Each new entry's text is parsed back
before it is written: an entry kb itself would reject is reported, never written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb.config import Config
from kb.diagnostics import Severity
from kb.entry import Entry, parse_entry
from kb.errors import KbError
from kb.importers import tagging
from kb.importers.filerefs import RefContext, convert
from kb.importers.model import Item, Outcome, Summary, identity_of
from kb.newentry import check_file_refs
from kb.project import load_project
from kb.render import entry_text
from kb.repo_index import build_index
from kb.slug import slugify
from kb.store import MAX_SUFFIX, create_entry_file, entry_path


@dataclass
class Options:
    repo: str | None = None
    dry_run: bool = False
    add_tags: bool = False
    strip_prefix: str | None = None


def existing_imports(config: Config) -> dict[tuple[str, str | None], Entry]:
    """(identity, repo) of every entry written by an import, with the entry."""
    found: dict[tuple[str, str | None], Entry] = {}
    for entry in load_project(config).entries:
        identity = identity_of(entry.source)
        if identity:
            found.setdefault((identity, entry.repo), entry)
    return found


def _present(config: Config, item: Item, entry: Entry) -> Outcome:
    """An item imported before; a text that no longer matches is pointed out, not touched."""
    outcome = Outcome(item, "present", config.root / entry.path)
    if entry.body.strip("\n") != item.body.strip("\n"):
        outcome.reasons.append(
            f"already imported as {entry.id}, whose text differs from the source now "
            "(edited in one of them); left as it is"
        )
    return outcome


def import_items(config: Config, items: list[Item], options: Options) -> Summary:
    """Write the new items (or, with dry_run, show them); report every outcome."""
    if options.repo is not None and options.repo not in config.repos:
        declared = ", ".join(sorted(config.repos)) or "none"
        raise KbError(f"repo {options.repo!r} is not declared in kb.yml (declared: {declared})")
    summary = Summary(dry_run=options.dry_run)
    present = existing_imports(config)
    fresh = [item for item in items if (item.identity, options.repo) not in present]
    for item in items:
        if (item.identity, options.repo) in present:
            entry = present[(item.identity, options.repo)]
            summary.outcomes.append(_present(config, item, entry))
    before = set(config.vocabulary.tags)
    config = tagging.ensure_tags(
        config, [c for item in fresh for c in item.categories], options.add_tags, options.dry_run
    )
    pending = tagging.unknown_categories(
        config.vocabulary, [c for i in fresh for c in i.categories]
    )
    for name in sorted(set(config.vocabulary.tags) - before) + pending:
        verb = "would add" if options.dry_run else "added"
        summary.notes.append(
            f"{verb} tag {name!r} to kb.yml with a placeholder description; describe it "
            "(kb check reports KB207 until then)"
        )
    context = _ref_context(config, options, fresh)
    planned: set[Path] = set()
    seen: set[str] = set()
    for item in sorted(fresh, key=lambda i: (i.created, i.label)):
        if item.identity in seen:
            summary.outcomes.append(Outcome(item, "skipped", reasons=["imported twice in one run"]))
            continue
        seen.add(item.identity)
        summary.outcomes.append(_write(config, item, options, context, pending, planned))
    return summary


def _ref_context(config: Config, options: Options, items: list[Item]) -> RefContext:
    context = RefContext(strip_prefix=options.strip_prefix, repo_name=options.repo)
    root = config.repo_root(options.repo)
    if root is not None and root.is_dir() and any(item.files for item in items):
        context.index = build_index(root)
    return context


def _files(
    config: Config, item: Item, options: Options, context: RefContext
) -> tuple[list[str], list[str]]:
    """Converted file references, and the reasons some need attention."""
    converted: list[str] = []
    reasons: list[str] = []
    unremarked: list[str] = []  # checked against the repo; the others are reported already
    for raw in item.files:
        ref, reason = convert(raw, context)
        if reason:
            reasons.append(reason)
        elif ref:
            unremarked.append(ref)
        if ref and ref not in converted:
            converted.append(ref)
    if context.index is not None and unremarked:
        _, missing = check_file_refs(config, options.repo, unremarked, context.index)
        reasons.extend(missing)
    return converted, reasons


def _write(
    config: Config,
    item: Item,
    options: Options,
    context: RefContext,
    pending: list[str],
    planned: set[Path],
) -> Outcome:
    if item.blocked:
        return Outcome(item, "skipped", reasons=[item.blocked])
    files, reasons = _files(config, item, options, context)
    reasons = [*item.attention, *reasons]
    tags = tagging.resolve(config.vocabulary, item.categories, pending)
    if not tags:
        return Outcome(item, "skipped", reasons=[*reasons, "no category or tag to tag it with"])
    source = dict(item.source)
    if item.files_line is not None and item.files_line != ", ".join(files):
        source["files"] = item.files_line
    values: dict[str, Any] = {
        "title": " ".join(item.title.split()),
        "created": item.created,
        "updated": item.updated,
        "tags": tags,
        "files": files,
        "repo": options.repo,
        "authors": item.authors,
        "source": source,
        **item.extra,
    }
    text = entry_text(values, item.body)
    problems = _problems(config, text)
    if problems:
        return Outcome(item, "skipped", reasons=[*reasons, *problems])
    slug = slugify(values["title"])
    if options.dry_run:
        path = _free_path(config, item, slug, planned)
    else:
        path = create_entry_file(config.entries_dir, item.created, slug, text)
    return Outcome(item, "imported", path, text, reasons)


def _problems(config: Config, text: str) -> list[str]:
    """Errors kb's parser would report on the text about to be written."""
    parsed = parse_entry("new entry", text, config.timezone)
    return [f"{d.code} {d.message}" for d in parsed.diagnostics if d.severity is Severity.ERROR]


def _free_path(config: Config, item: Item, slug: str, planned: set[Path]) -> Path:
    """The name a real run would take: the first that exists neither on disk nor in plan."""
    for suffix in range(1, MAX_SUFFIX + 1):
        path = entry_path(config.entries_dir, item.created, slug, suffix)
        if path not in planned and not path.exists():
            planned.add(path)
            return path
    raise KbError(f"more than {MAX_SUFFIX} entries named {slug!r} on {item.created:%Y-%m-%d}")
