"""A site build on two cores: forked children convert and render part of the entry pages.

MkDocs converts every page's Markdown, then renders every page's template, one page at a
time on one core. When no plugin but kb reacts to pages, the kb plugin forks twice:

- `Conversions`, once the pages are generated (`on_files`): a child converts the Markdown
  of the last part of the entry pages and streams the results back (HTML, table of
  contents, title, anchors, the log lines of each conversion) while MkDocs converts the
  others here. When MkDocs reaches one of those pages, the child's result is taken in
  place of converting it, if the page's Markdown is the one the child converted.
- `Renders`, once every page is converted (`on_env`): a child renders the templates of
  the last part of the entry pages and writes their files while MkDocs renders the
  others here; those pages get an empty template here, so MkDocs writes nothing for
  them.

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
import signal
import struct
import tempfile
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import partial
from typing import Any

from jinja2 import ChoiceLoader, DictLoader
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from kb.forked import fork

# Fewer entry pages than this: two forks and the pickling cost more than they save.
MIN_PAGES = 200
# The children's shares of the entry pages: the rest of the build (loading, the index
# pages, the checks and the search index) keeps this process and the other core busy.
CONVERT_SHARE = 0.4
RENDER_SHARE = 0.5
# The template of a page whose file a child writes: MkDocs writes no empty output.
ELSEWHERE = "kb-rendered-elsewhere.html"
# Page events that only kb may have for the split to be safe (another plugin's would run
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
LogLine = tuple[str, int, str]  # logger name, level, message

log = logging.getLogger("mkdocs.plugins.kb")


def can_split(config: MkDocsConfig, files: Files, owner: object, pages: int) -> bool:
    """Whether a build may use two cores: fork exists, no thread but this one runs, no
    plugin other than `owner` handles page events, no draft pages, enough pages."""
    if not hasattr(os, "fork") or threading.active_count() > 1 or pages < MIN_PAGES:
        return False
    for event in PAGE_EVENTS:
        for method in config.plugins.events[event]:
            plugin = getattr(method, "__self__", None)
            if plugin is not owner and getattr(getattr(plugin, "config", None), "enabled", True):
                return False
    draft = InclusionLevel.DRAFT.value  # and below: pages only `serve` builds
    return all(file.inclusion.value > draft for file in files.documentation_pages())


def last_share(files: Sequence[File], share: float) -> list[File]:
    """The last `share` of `files`: MkDocs handles them last, so a child has until then."""
    return list(files[len(files) - int(len(files) * share) :])


@dataclass(frozen=True)
class Converted:
    """What `Page.render` leaves on a page, as a child computed it."""

    uri: str
    digest: bytes  # of the Markdown it converted
    content: str
    toc: Any
    title: str | None
    anchors: set[str] | None
    links: dict[str, dict[str, str]] | None  # links_to_anchors, by the linked file's URI
    logs: list[LogLine]


class Conversions:
    """A child converting `pages`' Markdown, its results read as MkDocs reaches them."""

    def __init__(self, config: MkDocsConfig, files: Files, pages: Sequence[File]) -> None:
        self.waiting = {file.src_uri for file in pages}
        self.taken = 0  # pages whose child's result was taken
        # Unlinked, in the site folder MkDocs has just emptied: on the disk the site goes
        # to, not in a /tmp that may be memory, and never part of the site.
        os.makedirs(config.site_dir, exist_ok=True)
        self._results = tempfile.TemporaryFile(dir=config.site_dir)  # noqa: SIM115
        self._offset = 0
        self._pid: int | None = None
        ready, self._ready = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # no child: MkDocs converts every page
            pid = None
        if pid == 0:  # the child: never returns
            os.close(ready)
            _child(lambda: _convert_all(config, files, pages, self._results.fileno(), self._ready))
        os.close(self._ready)
        self._pid, self._ready = pid, ready
        if pid is None:
            self.close(force=True)

    def take_over(self, page: Page) -> None:
        """Have `page.render` take the child's result (MkDocs calls it after on_pre_page)."""
        if page.file.src_uri in self.waiting:
            page.render = partial(self._render, page)  # type: ignore[method-assign]

    def _render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        del page.render  # the class's own again
        found = self._result(page.file.src_uri)
        if found and found.digest == digest(page.markdown or "") and _install(page, found, files):
            self.taken += 1
            replay(found.logs)
        else:  # the child failed, or converted other Markdown
            page.render(config, files)

    def _result(self, uri: str) -> Converted | None:
        """The child's result for `uri`, skipping those of pages MkDocs did not convert."""
        self.waiting.discard(uri)
        while self._pid is not None:
            if not os.read(self._ready, 1):  # the child is gone: no more results
                self.close()
                return None
            (size,) = struct.unpack("<Q", os.pread(self._results.fileno(), 8, self._offset))
            data = os.pread(self._results.fileno(), size, self._offset + 8)
            self._offset += 8 + size
            found: Converted = pickle.loads(data)
            if found.uri == uri:
                return found
        return None

    def close(self, force: bool = False) -> None:
        """Wait for the child (killed if it is still at work: it has done its part once
        MkDocs has converted every page) and let go of its files; again is harmless."""
        pid, self._pid = self._pid, None
        if pid is not None or force:
            log.debug(f"kb: {self.taken} pages converted by a second process")
            if pid is not None:
                _end(pid)
            os.close(self._ready)
            self._results.close()


def _convert_all(
    config: MkDocsConfig, files: Files, pages: Sequence[File], results: int, ready: int
) -> None:
    """The child's work: each page converted as `_populate_page` would, its result
    appended to `results`, one byte on `ready` after each."""
    from mkdocs.structure.files import set_exclusions

    set_exclusions(files, config)  # what MkDocs does right after on_files
    with captured() as logs:
        for file in pages:
            page = file.page or Page(None, file, config)
            page.read_source(config)
            markdown = page.markdown or ""
            page.render(config, files)
            links = page.links_to_anchors
            found = Converted(
                file.src_uri,
                digest(markdown),
                page.content or "",
                page.toc,
                page._title_from_render,
                page.present_anchor_ids,
                None if links is None else {f.src_uri: v for f, v in links.items()},
                logs[:],
            )
            logs.clear()
            page.content = page.markdown = None  # the parent keeps them, not this child
            data = pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL)
            _write_all(results, struct.pack("<Q", len(data)) + data)
            _write_all(ready, b".")


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
    """A child rendering `pages`' templates and writing their files; MkDocs renders an
    empty template for them here, then `finish()` waits for the child."""

    def __init__(
        self,
        config: MkDocsConfig,
        files: Files,
        nav: Any,
        env: Any,
        pages: Sequence[File],
    ) -> None:
        from mkdocs.commands.build import _build_page

        self.pages = [file.page for file in pages if file.page and file.page.content is not None]
        self.doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        self.config, self.nav, self.env = config, nav, env
        self._build_page = _build_page
        with warnings.catch_warnings():
            # Python 3.12+ warns of any fork while a thread runs: the search index's
            # sending thread does, and the child never uses what it holds.
            warnings.filterwarnings("ignore", "This process .* multi-threaded", DeprecationWarning)
            self._child = fork(self._render_all)
        if self._child is None:
            self.pages = []
            return
        for page in self.pages:  # after the fork: the child renders the real template
            page.meta["template"] = ELSEWHERE
        # A ChoiceLoader, so the user's and the theme's templates still win.
        env.loader = ChoiceLoader([env.loader, DictLoader({ELSEWHERE: ""})])
        self._quiet = _SkippedFilter({page.file.src_uri for page in self.pages})
        logging.getLogger("mkdocs.commands.build").addFilter(self._quiet)

    def _render_all(self) -> list[LogLine]:
        with captured() as logs:
            for page in self.pages:
                self._build_page(page, self.config, self.doc_files, self.nav, self.env)
        return logs

    def finish(self) -> None:
        """Wait for the child and replay its log lines; render its pages here if it failed."""
        child, self._child = self._child, None
        if child is None:
            return
        logging.getLogger("mkdocs.commands.build").removeFilter(self._quiet)
        for page in self.pages:
            page.meta.pop("template", None)
        logs = child.result()
        if logs is None:
            log.info("kb: a build child failed; its pages are rendered here")
            for page in self.pages:
                self._build_page(page, self.config, self.doc_files, self.nav, self.env)
            return
        log.debug(f"kb: {len(self.pages)} pages rendered by a second process")
        replay(logs)

    def stop(self) -> None:
        """Give up (a failed build): the child is ended, the pages are left as they are."""
        child, self._child = self._child, None
        if child is not None:
            logging.getLogger("mkdocs.commands.build").removeFilter(self._quiet)
            _end(child.pid)
            os.close(child.pipe)


class _SkippedFilter(logging.Filter):
    """Drops MkDocs' lines of its own for the pages a child writes ("Page skipped", for
    their empty template; "Building page", which the child's own lines say)."""

    def __init__(self, uris: set[str]) -> None:
        super().__init__()
        self.lines = {f"Page skipped: '{uri}'. Generated empty output." for uri in uris}
        self.lines |= {f"Building page {uri}" for uri in uris}

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() not in self.lines


@contextmanager
def captured() -> Iterator[list[LogLine]]:
    """Every log line of this (child) process, kept instead of printed, to be replayed
    by the parent: its handlers count warnings for `--strict`."""
    lines: list[LogLine] = []
    handler = _Keep(lines)
    loggers = [logging.getLogger(), logging.getLogger("mkdocs")]
    for logger in loggers:
        for other in logger.handlers[:]:
            logger.removeHandler(other)
        logger.addHandler(handler)
    yield lines


class _Keep(logging.Handler):
    def __init__(self, lines: list[LogLine]) -> None:
        super().__init__()
        self.lines = lines

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append((record.name, record.levelno, record.getMessage()))


def replay(lines: Sequence[LogLine]) -> None:
    """Log a child's lines here, as if this process had written them."""
    for name, level, message in lines:
        logging.getLogger(name).log(level, message)


def digest(markdown: str) -> bytes:
    return hashlib.blake2b(markdown.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _child(work: Callable[[], None]) -> None:
    """Run `work` in a forked child and leave: status 0 when it finished."""
    status = 1
    try:
        work()
        status = 0
    finally:
        os._exit(status)


def _end(pid: int) -> None:
    """A child's end: killed if it is still running, then reaped."""
    with suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
