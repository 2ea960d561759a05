"""The files index and one page per top-level folder of each repo.

A top-level folder's page has a section per referenced folder inside it, and in that
a section per path with the entries that mention it. One page per top-level folder
keeps the page count (and so the build time) small whatever the repo's depth.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterator

from kb.entry import Entry
from kb.refs import FileRef
from kb.site import urls
from kb.site.listing import entry_item
from kb.site.markup import code, escape, front_matter, html_list, link
from kb.site.model import SiteModel, ref_key

Top = tuple[str | None, str]  # (repo, top-level folder)


def top_folders(site: SiteModel) -> list[Top]:
    """Every (repo, top-level folder) with a page: the home repo first, then by name."""
    tops = {(repo, urls.top_folder(folder)) for repo, folder in site.folders}
    return sorted(tops, key=lambda top: (top[0] is not None, top[0] or "", top[1]))


def files_index(site: SiteModel) -> str:
    """The referenced folders of the home repo, then of each other repo, with counts."""
    lines = ["# Files", "", "Every folder that entries refer to, with the number of references."]
    current: object = ()
    for repo, top in top_folders(site):
        if repo != current:
            current = repo
            lines += ["", "## This repo" if repo is None else f"## Repo {code(repo)}", ""]
        page = urls.relative(urls.FILES, urls.folder_page(repo, top))
        for folder, refs in _folders(site, repo, top):
            target = f"{page}#{urls.folder_anchor(folder)}"
            indent = "    " if folder != top else ""
            lines.append(f"{indent}- {link(code(_label(folder)), target)} ({len(refs)})")
    if not site.folders:
        lines += ["", "No entry refers to a file yet."]
    return "\n".join(lines) + "\n"


def folder_page(site: SiteModel, repo: str | None, top: str) -> str:
    """Each referenced folder under `top`, each path in it with its entries, newest first."""
    here = urls.folder_page(repo, top)
    where = "" if repo is None else f" in repo {code(repo)}"
    parts = [f"{front_matter(search_exclude=True)}# {escape(_label(top))}{where}"]
    parts.append(link("All files", urls.relative(here, urls.FILES)))
    for folder, refs in _folders(site, repo, top):
        parts.append(f'<a id="{urls.folder_anchor(folder)}"></a>\n\n## {code(_label(folder))}')
        parts.extend(_paths(site, here, repo, refs))
    return "\n\n".join(parts) + "\n"


def _folders(
    site: SiteModel, repo: str | None, top: str
) -> Iterator[tuple[str, list[tuple[FileRef, Entry]]]]:
    for (owner, folder), refs in sorted(site.folders.items(), key=_folder_key):
        if owner == repo and urls.top_folder(folder) == top:
            yield folder, refs


def _paths(
    site: SiteModel, here: str, repo: str | None, refs: list[tuple[FileRef, Entry]]
) -> Iterator[str]:
    by_path: dict[str, list[tuple[FileRef, Entry]]] = defaultdict(list)
    for ref, entry in refs:
        by_path[ref_key(ref)].append((ref, entry))
    host = site.settings.host(repo)
    for path, found in sorted(by_path.items()):
        heading = f'<a id="{urls.file_anchor(path)}"></a>\n\n### {code(path)}'
        web = host.link(found[0][0]) if host else None
        if host and web:
            heading += f"\n\n{link(f'Open on {host.name}', web.split('#', 1)[0])}"
        seen: set[str] = set()
        items = []
        for ref, entry in found:  # already newest first
            if entry.id not in seen:
                seen.add(entry.id)
                changed = site.changed_since(entry, ref)
                note = f" · changed since: {html.escape(changed, quote=False)}" if changed else ""
                items.append(entry_item(site, here, entry, _lines(ref) + note))
        yield heading
        yield html_list(items)


def _label(folder: str) -> str:
    return folder + "/" if folder else "/"


def _lines(ref: FileRef) -> str:
    if ref.start is None:
        return ""
    if ref.end is None or ref.end == ref.start:
        return f" (line {ref.start})"
    return f" (lines {ref.start}-{ref.end})"


def _folder_key(item: tuple[tuple[str | None, str], object]) -> tuple[str, str]:
    (repo, folder), _ = item
    return (repo or "", folder)
