"""The files index and one page per referenced folder, listing each file's entries.

One page per folder rather than per file keeps the page count (and the build time) in
proportion to the repo's layout, not to the number of references.
"""

from __future__ import annotations

from collections import defaultdict

from kb.entry import Entry
from kb.refs import FileRef
from kb.site import urls
from kb.site.listing import entry_item
from kb.site.markup import code, escape, front_matter, link
from kb.site.model import SiteModel, ref_key


def files_index(site: SiteModel) -> str:
    """The referenced folders of the home repo, then of each other repo, with counts."""
    lines = ["# Files", "", "Every folder that entries refer to, with the number of references."]
    repos = sorted({repo for repo, _ in site.folders}, key=lambda r: (r is not None, r or ""))
    for repo in repos:
        title = "This repo" if repo is None else f"Repo {code(repo)}"
        lines += ["", f"## {title}", ""]
        for (owner, folder), refs in sorted(site.folders.items(), key=_folder_key):
            if owner != repo:
                continue
            target = urls.relative(urls.FILES, urls.directory(repo, folder))
            lines.append(f"- {link(code(folder + '/' if folder else '/'), target)} ({len(refs)})")
    if not site.folders:
        lines += ["", "No entry refers to a file yet."]
    return "\n".join(lines) + "\n"


def folder_page(site: SiteModel, repo: str | None, folder: str) -> str:
    """Each referenced path in a folder, with the entries that mention it, newest first."""
    here = urls.directory(repo, folder)
    by_path: dict[str, list[tuple[FileRef, Entry]]] = defaultdict(list)
    for ref, entry in site.folders[(repo, folder)]:
        by_path[ref_key(ref)].append((ref, entry))
    where = "" if repo is None else f" in repo {code(repo)}"
    title = f"# {escape(folder + '/' if folder else '/')}{where}"
    parts = [f"{front_matter(search_exclude=True)}{title}"]
    parts.append(link("All files", urls.relative(here, urls.FILES)))
    host = site.settings.host(repo)
    for path, refs in sorted(by_path.items()):
        heading = f'<a id="{urls.file_anchor(path)}"></a>\n\n## {code(path)}'
        web = host.link(refs[0][0]) if host else None
        if host and web:
            heading += f"\n\n{link(f'Open on {host.name}', _without_lines(web))}"
        seen: set[str] = set()
        items = []
        for ref, entry in refs:  # already newest first
            if entry.id in seen:
                continue
            seen.add(entry.id)
            items.append(entry_item(site, here, entry) + _lines(ref))
        parts += [heading, "\n".join(items)]
    return "\n\n".join(parts) + "\n"


def _lines(ref: FileRef) -> str:
    if ref.start is None:
        return ""
    if ref.end is None or ref.end == ref.start:
        return f" (line {ref.start})"
    return f" (lines {ref.start}-{ref.end})"


def _without_lines(url: str) -> str:
    return url.split("#", 1)[0]


def _folder_key(item: tuple[tuple[str | None, str], object]) -> tuple[str, str]:
    (repo, folder), _ = item
    return (repo or "", folder)
