"""A site build on two cores: forked children convert and render pages from the end.

MkDocs converts every page's Markdown, then renders every page's template, one page at a
time on one core. When no plugin but kb reacts to pages, the kb plugin forks twice, and
each time MkDocs works through the pages from the first while the child works from the
last; each claims its next page (`Claims`), so they meet wherever their speeds take them
and no page is done twice (a busy machine that starves the child only means MkDocs does
more pages itself):

- `Conversions`, once the pages are generated (`on_files`): the child converts pages'
  Markdown and hands each result back (HTML, table of contents, title, anchors, its
  log lines). When MkDocs reaches a page the child has claimed, it takes the child's
  result instead of converting the page, if the page's Markdown is the one the child
  converted.
- `Renders`, once every page is converted (`on_env`): the child renders pages'
  templates and writes their files. MkDocs gives the pages the child has claimed an
  empty template, so it writes nothing for them.

The site is the same, byte for byte (tests compare it with a one-process build). A child
that fails in any way leaves its pages to this process, converted or rendered as MkDocs
would. Forks happen with no other thread alive, but for the search index's sending
thread at the second, which the child never touches (it shares no lock with it).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import struct
import tempfile
import threading
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from jinja2 import ChoiceLoader, DictLoader
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from kb.forked import fork
from kb.site.childlogs import LogLine, captured, replay
from kb.site.claims import Claims

# Fewer entry pages than this: two forks and the pickling cost more than they save.
MIN_PAGES = 200
# The template of a page whose file a child writes: MkDocs writes no empty output.
ELSEWHERE = "kb-rendered-elsewhere.html"
# Events that only kb may handle for the split to be safe (another plugin's would run
# here for pages converted or rendered in a child, or not run at all).
PAGE_EVENTS = (
    "files",
    "nav",
    "env",
    "pre_page",
    "page_read_source",
    "page_markdown",
    "page_content",
    "page_context",
    "post_page",
)
_HEADER = struct.Struct("<QQ")  # a result's size and its page's position

log = logging.getLogger("mkdocs.plugins.kb")


def can_split(config: MkDocsConfig, files: Files, owner: object, pages: int) -> bool:
    """Whether a build may use two cores: fork exists, there are two cores, no thread but
    this one runs, no plugin other than `owner` handles page events, no draft pages,
    enough pages."""
    if not hasattr(os, "fork") or other_threads() or pages < MIN_PAGES or cores() < 2:
        return False
    for event in PAGE_EVENTS:
        for method in config.plugins.events[event]:
            plugin = getattr(method, "__self__", None)
            if plugin is not owner and getattr(getattr(plugin, "config", None), "enabled", True):
                return False
    draft = InclusionLevel.DRAFT.value  # and below: pages only `serve` builds
    return all(file.inclusion.value > draft for file in files.documentation_pages())


def cores() -> int:
    """The cores this process may run on (its affinity, where the system has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def other_threads() -> bool:
    """Whether a thread other than this one runs: a fork now could copy a lock it holds,
    held forever in the child."""
    return threading.active_count() > 1


@dataclass(frozen=True)
class Converted:
    """What `Page.render` leaves on a page, as a child computed it."""

    digest: bytes  # of the Markdown it converted
    content: str
    toc: Any
    title: str | None
    anchors: set[str] | None
    links: dict[str, dict[str, str]] | None  # links_to_anchors, by the linked file's URI
    logs: list[LogLine]


class Conversions:
    """A child converting `pages`' Markdown from the last; MkDocs converts from the first
    and takes the child's results where they meet."""

    def __init__(self, config: MkDocsConfig, files: Files, pages: Sequence[File]) -> None:
        self.position = {file.src_uri: index for index, file in enumerate(pages)}
        self.taken = 0  # pages whose child's result was taken
        # Unlinked, in the site folder MkDocs has just emptied: on the disk the site goes
        # to, not in a /tmp that may be memory, and never part of the site.
        os.makedirs(config.site_dir, exist_ok=True)
        self._results = tempfile.TemporaryFile(dir=config.site_dir)  # noqa: SIM115
        self.claims = Claims(len(pages), self._results.fileno())
        self._found: dict[int, tuple[int, int]] = {}  # page position -> result offset, size
        self._read = 0  # bytes of the results file announced so far
        ready, self._ready = os.pipe()
        self._child = fork(lambda: self._convert_all(config, files, pages))
        os.close(self._ready)  # the child's end; EOF on ours once it is gone
        self._ready = ready  # with no child, MkDocs claims every page: none is taken

    def take_over(self, page: Page) -> None:
        """Claim `page`, or have its `render` take the child's result (MkDocs calls it
        after on_pre_page)."""
        index = self.position.get(page.file.src_uri)
        if index is not None and not self.claims.mine(index):
            page.render = partial(self._render, page, index)  # type: ignore[method-assign]

    def _render(self, page: Page, index: int, config: MkDocsConfig, files: Files) -> None:
        del page.render  # the class's own again
        found = self._result(index)
        if found and found.digest == digest(page.markdown or "") and _install(page, found, files):
            self.taken += 1
            replay(found.logs)
        else:  # the child failed, or converted other Markdown
            page.render(config, files)

    def _result(self, index: int) -> Converted | None:
        """The child's result for the page at `index`, once it is written; None when the
        child is gone without it."""
        while index not in self._found:
            announced = os.read(self._ready, 4096) if self._child is not None else b""
            if not announced:  # the child is gone
                self.close()
                return None
            for _ in announced:  # a byte for each result written in full
                length, position = _HEADER.unpack(
                    os.pread(self._results.fileno(), _HEADER.size, self._read)
                )
                self._found[position] = (self._read + _HEADER.size, length)
                self._read += _HEADER.size + length
        offset, length = self._found[index]
        found: Converted = pickle.loads(os.pread(self._results.fileno(), length, offset))
        return found

    def _convert_all(self, config: MkDocsConfig, files: Files, pages: Sequence[File]) -> None:
        """The child's work: pages converted from the last as `_populate_page` would,
        until it meets MkDocs; each result appended to the results file, then a byte
        on the pipe."""
        from mkdocs.structure.files import set_exclusions

        set_exclusions(files, config)  # what MkDocs does right after on_files
        results = self._results.fileno()
        with captured() as logs:
            for index in reversed(range(len(pages))):
                if not self.claims.theirs(index):
                    return
                data = pickle.dumps(_convert(config, files, pages[index], logs), protocol=-1)
                logs.clear()
                _write_all(results, _HEADER.pack(len(data), index) + data)
                _write_all(self._ready, b".")

    def close(self) -> None:
        """Wait for the child (killed if it is still at work: it has done its part once
        MkDocs has converted every page) and let go of its files; again is harmless."""
        if self._results.closed:
            return
        log.debug(f"kb: {self.taken} pages converted by a second process")
        child, self._child = self._child, None
        if child is not None:
            child.stop()
        os.close(self._ready)
        self._results.close()


def _convert(config: MkDocsConfig, files: Files, file: File, logs: list[LogLine]) -> Converted:
    """One page converted here, as `Page.render` does it, and what it left."""
    page = file.page or Page(None, file, config)
    page.read_source(config)
    markdown = page.markdown or ""
    page.render(config, files)
    links = page.links_to_anchors
    found = Converted(
        digest(markdown),
        page.content or "",
        page.toc,
        page._title_from_render,
        page.present_anchor_ids,
        None if links is None else {linked.src_uri: v for linked, v in links.items()},
        logs[:],
    )
    page.content = page.markdown = None  # the parent keeps them, not this child
    return found


def _install(page: Page, found: Converted, files: Files) -> bool:
    """Put the child's result on `page`, as `Page.render` would; False when a linked
    file is not one of this build's."""
    links = None
    if found.links is not None:
        links = {}
        for uri, anchors in found.links.items():
            linked = files.get_file_from_path(uri)
            if linked is None:
                return False
            links[linked] = anchors
    page.content, page.toc = found.content, found.toc
    page._title_from_render = found.title
    page.present_anchor_ids = found.anchors
    page.links_to_anchors = links
    return True


class Renders:
    """A child rendering the pages' templates from the last and writing their files;
    MkDocs renders from the first (`next_page` after each) and gives the pages the child
    has an empty template; `finish()` waits for the child."""

    def __init__(self, config: MkDocsConfig, files: Files, nav: Any, env: Any) -> None:
        from mkdocs.commands.build import _build_page

        self.doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        self.pages = [file.page for file in self.doc_files if file.page]
        if len(self.pages) < len(self.doc_files) or any(p.content is None for p in self.pages):
            self.pages = []  # not a full build (--dirty): MkDocs knows which pages to skip
        self.position = {page.file.src_uri: index for index, page in enumerate(self.pages)}
        self.config, self.nav, self.env = config, nav, env
        self._build_page = _build_page
        self._lock = tempfile.TemporaryFile(dir=config.site_dir)  # noqa: SIM115
        self.claims = Claims(len(self.pages), self._lock.fileno())
        self.claims.mine(0)
        self.elsewhere: list[Page] = []  # the pages the child renders
        self._templates: list[Any] = []  # their own `template:` (None: main.html)
        self._quiet = _SkippedFilter()
        logging.getLogger("mkdocs.commands.build").addFilter(self._quiet)
        # A ChoiceLoader, so the user's and the theme's templates still win.
        env.loader = ChoiceLoader([env.loader, DictLoader({ELSEWHERE: ""})])
        self._child = None
        if self.pages:
            with warnings.catch_warnings():
                # Python 3.12+ warns of any fork while a thread runs: the search index's
                # sending thread does, and the child never uses what it holds.
                warnings.filterwarnings("ignore", "This process .* threaded", DeprecationWarning)
                self._child = fork(self._render_all)
        # With no child, MkDocs claims every page: none gets the empty template.

    def next_page(self, page: Page) -> None:
        """After MkDocs rendered `page`: claim the next one, or leave it and every later
        one to the child (they get the empty template)."""
        index = self.position.get(page.file.src_uri)
        if index is None or self.elsewhere or index + 1 >= len(self.pages):
            return
        if not self.claims.mine(index + 1):
            self.elsewhere = self.pages[index + 1 :]
            self._templates = [later.meta.get("template") for later in self.elsewhere]
            for later in self.elsewhere:
                later.meta["template"] = ELSEWHERE
            self._quiet.add(later.file.src_uri for later in self.elsewhere)

    def _render_all(self) -> list[LogLine]:
        with captured() as logs:
            for index in reversed(range(len(self.pages))):
                if not self.claims.theirs(index):
                    break
                page = self.pages[index]
                self._build_page(page, self.config, self.doc_files, self.nav, self.env)
        return logs

    def finish(self) -> None:
        """Wait for the child and replay its log lines; render its pages here if it failed."""
        child, self._child = self._child, None
        logging.getLogger("mkdocs.commands.build").removeFilter(self._quiet)
        for page, template in zip(self.elsewhere, self._templates, strict=True):
            if template is None:
                del page.meta["template"]
            else:
                page.meta["template"] = template
        self._lock.close()
        if child is None:
            return
        logs = child.result()
        if logs is None:
            log.info("kb: a build child failed; its pages are rendered here")
            for page in self.elsewhere:
                self._build_page(page, self.config, self.doc_files, self.nav, self.env)
            return
        log.debug(f"kb: {len(self.elsewhere)} pages rendered by a second process")
        replay(logs)

    def stop(self) -> None:
        """Give up (a failed build): the child is ended, the pages are left as they are."""
        child, self._child = self._child, None
        logging.getLogger("mkdocs.commands.build").removeFilter(self._quiet)
        self._lock.close()
        if child is not None:
            child.stop()


class _SkippedFilter(logging.Filter):
    """Drops MkDocs' lines of its own for the pages a child writes ("Page skipped", for
    their empty template; "Building page", which the child's own lines say)."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: set[str] = set()

    def add(self, uris: Iterable[str]) -> None:
        for uri in uris:
            self.lines.add(f"Page skipped: '{uri}'. Generated empty output.")
            self.lines.add(f"Building page {uri}")

    def filter(self, record: logging.LogRecord) -> bool:
        return not self.lines or record.getMessage() not in self.lines


def digest(markdown: str) -> bytes:
    return hashlib.blake2b(markdown.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
