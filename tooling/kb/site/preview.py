"""`kb serve`: one full build, then the site kept up to date page by page.

MkDocs' own serve rebuilds every page on every change (about 30 s at 5,000 entries).
Here the first build keeps MkDocs' files, navigation and theme environment (the kb
plugin records them), and a change to entries/ is applied in two steps:

1. quick: each edited entry's page is rendered again on its own, against the knowledge
   base as it was (its related entries and links), and the browser reloads;
2. refresh, in a thread while the browser shows the edit: the knowledge base is loaded
   again and every page generated; only pages whose Markdown changed are rendered, new
   ones added, removed ones deleted; the browser reloads again; last the checks are
   logged and the search index is written again (search follows a little later).

Anything else (kb.yml, mkdocs.yml, docs/) gets a full build. After the refresh the site
is the one a clean build makes (tests/site/test_preview.py compares them).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.commands.build import _build_page, _build_theme_template, _populate_page, build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage

from kb.project import read_entry
from kb.site.entry_page import entry_page
from kb.site.pages import Page
from kb.site.plugin import KbPlugin, generated_file, index_info

log = logging.getLogger("mkdocs.plugins.kb")
Stamps = dict[str, tuple[int, int]]


def stamps(folder: Path) -> Stamps:
    """(mtime_ns, size) of every file under `folder`: a change shows in one of them.
    os.scandir and plain strings: 5,000 pathlib paths cost about a second here."""
    found: Stamps = {}
    pending = [str(folder)]
    while pending:
        try:
            listing = list(os.scandir(pending.pop()))
        except OSError:
            continue  # deleted while we looked: the next scan sees it gone
        for item in listing:
            try:
                if item.is_dir(follow_symlinks=False):
                    pending.append(item.path)
                else:
                    info = item.stat()
                    found[item.path] = (info.st_mtime_ns, info.st_size)
            except OSError:
                continue
    return found


def _stamp(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (0, -1)
    return (info.st_mtime_ns, info.st_size)


def changed(before: Stamps, after: Stamps) -> set[str]:
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


@dataclass
class Preview:
    """The served site and what it was built from; `update()` follows the changes."""

    load: Callable[[], MkDocsConfig]  # MkDocs' config, read again for a full build
    config: MkDocsConfig = field(init=False)
    entries: Stamps = field(default_factory=dict)
    others: Stamps = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # generated page URI -> Markdown
    owed: bool = False  # quick updates were made: a refresh must follow
    unfinished: bool = False  # pages were refreshed: finish() must follow

    @property
    def plugin(self) -> KbPlugin:
        plugin = self.config.plugins["kb"]
        assert isinstance(plugin, KbPlugin)
        return plugin

    def full(self) -> None:
        """A clean MkDocs build; remember what it came from."""
        self.config = self.load()
        build(self.config, serve_url=self.config.site_url)
        self.sources = dict(self.plugin.sources)
        self.entries, self.others = self._scan()
        self.owed = self.unfinished = False

    def update(self) -> None:
        """Follow what changed since the last call (see the module docstring); when only
        entries were edited, their pages are rendered and `owed` says a refresh must follow."""
        entries, others = self._scan()
        if changed(self.others, others):
            self.full()
            return
        edited = changed(self.entries, entries)
        self.entries = entries
        if edited and self._quick([Path(path) for path in sorted(edited)]):
            self.owed = True
        elif edited or self.owed:
            self.refresh()

    def refresh(self) -> None:
        """Load the knowledge base again; render the pages whose Markdown changed."""
        plugin, files = self.plugin, self._files()
        if plugin.loaded is not None:
            plugin.loaded.checks.wait()
        pages = {page.uri: page for page in plugin.load_pages(self.config)}
        gone = self.sources.keys() - pages.keys()
        added = pages.keys() - self.sources.keys()
        for uri in gone:
            self._remove(uri)
        for page in pages.values():
            if self.sources.get(page.uri) != page.content:
                self._render(page)
        if gone or added:  # the sitemap lists every page
            for template in self.config.theme.static_templates:
                _build_theme_template(template, plugin.env, files, self.config, plugin.nav)
        self.owed, self.unfinished = False, True

    def finish(self) -> None:
        """After a refresh: log the checks' findings and index the site again. `kb serve`
        runs it outside the lock, so a quick update never waits for the index."""
        self.unfinished = False  # first: a refresh made meanwhile asks for another round
        self.plugin.on_post_build(config=self.config)

    def _quick(self, paths: list[Path]) -> bool:
        """Render the pages of edited entries alone; False when a path is anything else
        (a new, deleted or unparsable entry): those wait for the refresh."""
        loaded = self.plugin.loaded
        if loaded is None:
            return False
        model, files, pages = loaded.model, self._files(), []
        for path in paths:
            entry = read_entry(model.config, path).entry if path.is_file() else None
            uri = model.entry_uris.get(entry.path) if entry else None
            if entry is None or uri is None or files.get_file_from_path(uri) is None:
                return False
            pages.append((Page(uri, entry_page(model, entry)), index_info(model, entry)))
        for page, about in pages:
            self.plugin.indexed[page.uri] = about
            self._render(page)
        return True

    def _render(self, page: Page) -> None:
        """Write one generated page (new or changed) into the site."""
        files = self._files()
        file = files.get_file_from_path(page.uri)
        if file is None:
            file = generated_file(self.config, page)
            files.append(file)
        else:
            file.content_string = page.content
        self.sources[page.uri] = page.content
        if not file.is_documentation_page():
            file.copy_file()  # the feed
            return
        rendered = file.page or MkDocsPage(None, file, self.config)
        _populate_page(rendered, self.config, files)
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        _build_page(rendered, self.config, doc_files, self.plugin.nav, self.plugin.env)

    def _remove(self, uri: str) -> None:
        files, site = self._files(), Path(self.config.site_dir)
        file = files.get_file_from_path(uri)
        del self.sources[uri]
        if file is None:
            return
        files.remove(file)
        target = Path(file.abs_dest_path)
        target.unlink(missing_ok=True)
        for folder in target.parents:  # the folders it leaves empty, up to the site
            if folder == site or any(folder.iterdir()):
                break
            folder.rmdir()

    def _files(self) -> Files:
        assert self.plugin.files is not None, "update() before full()"
        return self.plugin.files

    def _scan(self) -> tuple[Stamps, Stamps]:
        """Stamps of the entries, and of everything else a change to needs a full build."""
        others = stamps(Path(self.config.docs_dir))
        for path in (self.config.config_file_path, self.plugin.config_path):
            if path:
                others[str(path)] = _stamp(Path(path))
        loaded = self.plugin.loaded
        return (stamps(loaded.model.config.entries_dir) if loaded else {}), others


def serve(config_path: Path, load: Callable[..., MkDocsConfig], dev_addr: str) -> None:
    """Serve with live reload until Ctrl+C: MkDocs' server, with Preview as its builder."""
    from mkdocs.livereload import LiveReloadServer, _serve_url

    site_dir = tempfile.mkdtemp(prefix="kb-serve-")

    def configured() -> MkDocsConfig:
        config = load(config_path, dev_addr=dev_addr, strict=False, site_dir=site_dir)
        host, port = config.dev_addr
        config.site_url = _serve_url(host, port, urlsplit(config.site_url or "/").path)
        return config

    preview = Preview(configured)
    preview.full()
    host, port = preview.config.dev_addr
    mount = str(urlsplit(preview.config.site_url).path)
    lock = threading.Lock()  # the builder and the refresh thread take turns
    indexing = threading.Lock()  # one index written at a time

    def builder() -> None:
        with lock:
            preview.update()
        if preview.owed or preview.unfinished:  # the browser reloads now; the rest follows
            threading.Thread(target=follow, name="kb-refresh", daemon=True).start()

    def follow() -> None:
        """The refresh a quick update owes (then reload), the checks and the index."""
        with lock:
            if preview.owed:
                preview.refresh()
                reload_browsers(server)
        with indexing:
            if preview.unfinished:
                preview.finish()

    server = LiveReloadServer(
        builder=builder, host=host, port=port, root=site_dir, mount_path=mount
    )
    server.error_handler = lambda code: _error_page(Path(site_dir), code)
    for path in (preview.config.docs_dir, preview.config.config_file_path):
        if path:
            server.watch(str(path))
    preview.config.plugins.on_serve(server, config=preview.config, builder=preview.full)
    try:
        server.serve()  # type: ignore[no-untyped-call]
    except KeyboardInterrupt:
        log.info("Shutting down...")
    finally:
        server.shutdown()
        preview.config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)


def reload_browsers(server: Any) -> None:
    """Tell open pages to reload, as MkDocs' server does after a build, unless one is under
    way (it reloads them when done). Pokes the server's epoch: it has no public call."""
    from mkdocs.livereload import _timestamp

    with server._epoch_cond:
        if server._visible_epoch == server._wanted_epoch:
            server._visible_epoch = server._wanted_epoch = _timestamp()
            server._epoch_cond.notify_all()


def _error_page(site: Path, code: int) -> bytes | None:
    page = site / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None
