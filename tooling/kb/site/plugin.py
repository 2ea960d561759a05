"""The `kb` MkDocs plugin: a thin adapter from the page generators to MkDocs files.

It loads the knowledge base in `on_files` (state is reset in `on_config`, because
`mkdocs serve` rebuilds with the same plugin object), adds each generated page with
`File.generated`, logs `kb check`'s findings (computed meanwhile) in `on_post_build`
(errors as warnings, so `--strict` fails), and has `serve` watch kb.yml and entries.
With `search` on (the default) it swaps Material's search for kb's own (kb.site.search):
its header partial, entry and guide pages fed to a child process as they are converted
(kb.site.indexing), the index written while the templates render. On large builds
forked children compute the checks, and convert and render pages from the last one
back while MkDocs works from the first (kb.site.twocores).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config as MkDocsOptions
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from kb.config import CONFIG_NAME, find_config
from kb.diagnostics import Severity
from kb.entry import Entry
from kb.errors import KbError
from kb.gcpause import freeze_survivors, thaw
from kb.site import twocores, urls
from kb.site.indexing import BuildIndex, Indexed, index_pages
from kb.site.loading import Loaded, load_site
from kb.site.model import SiteModel, canonical_tags
from kb.site.pages import Page, generate
from kb.site.rawblocks import RawBlocks
from kb.site.search import THEME_DIR
from kb.site.twocores import Conversions, Renders, can_split

log = logging.getLogger("mkdocs.plugins.kb")


class KbPluginConfig(MkDocsOptions):  # type: ignore[no-untyped-call]
    # kb.yml, relative to mkdocs.yml; default: the nearest kb.yml at or above mkdocs.yml.
    config_file = c.Optional(c.Type(str))
    # kb's own search; false leaves search to Material's own plugin, if enabled.
    search = c.Type(bool, default=True)
    # Large builds on two cores (kb.site.twocores); false keeps the whole build here.
    two_cores = c.Type(bool, default=True)


class KbPlugin(BasePlugin[KbPluginConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.config_path: Path | None = None
        self.loaded: Loaded | None = None
        # Entry page URI -> its title, tags and date for the index; the generated index
        # pages are not indexed (`unindexed`), guide pages are, with their page title.
        self.indexed: dict[str, Indexed] = {}
        self.unindexed: set[str] = set()
        self.intro: str | None = None  # docs/index.md, the top of the home page
        self.sources: dict[str, str] = {}  # each generated page's Markdown, by URI
        # The last build's files, navigation and Jinja environment (see kb.site.preview).
        self.files: Files | None = None
        self.nav: Any = None
        self.env: Any = None
        # The search index, fed during a full build; None otherwise (kb serve's updates).
        self.index: BuildIndex | None = None
        # The children converting and rendering pages beside MkDocs, during a build.
        self.conversions: Conversions | None = None
        self.renders: Renders | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.loaded = None  # `serve` rebuilds with this same object: start clean
        self._stop_children()
        base = Path(config.config_file_path or ".").resolve().parent
        try:
            option = self.config.config_file
            self.config_path = (base / option).resolve() if option else find_config(base)
        except KbError as error:
            raise PluginError(f"kb: {error.message}") from None
        if not self.config_path.is_file():
            raise PluginError(f"kb: no {CONFIG_NAME} at {self.config_path}")
        if self.config.search:
            self._use_kb_search(config)
        config.markdown_extensions.append(RawBlocks())
        return config

    def _use_kb_search(self, config: MkDocsConfig) -> None:
        """Material's search off; kb's header partial after the user's custom_dir, before
        Material's templates."""
        material = config.plugins.get("material/search")
        if material is not None and material.config.enabled:
            # Its events check `enabled`: no index is written, none downloaded.
            material.config.enabled = False
            log.info("kb: Material's search plugin is turned off; the kb plugin has its own search")
        position = 1 if config.theme.custom_dir else 0
        if str(THEME_DIR) not in config.theme.dirs:
            config.theme.dirs.insert(position, str(THEME_DIR))

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        intro = files.get_file_from_path(urls.HOME)
        self.intro = intro.content_string if intro is not None else None
        for page in self.load_pages(config):
            existing = files.get_file_from_path(page.uri)
            if existing is not None:
                if page.uri != urls.HOME:
                    log.warning(f"kb: docs/{page.uri} is hidden by the page kb generates there")
                files.remove(existing)
            files.append(generated_file(config, page))
        freeze_survivors()  # the entries and pages live to the end of the build
        if self.config.two_cores and can_split(config, files, self, len(self.indexed)):
            self.conversions = Conversions(config, files, files.documentation_pages())
        return files

    def load_pages(self, config: MkDocsConfig) -> list[Page]:
        """(Re)load the knowledge base and generate its pages; `kb serve` calls it on edits.
        The checks start at once, beside the page generation: in a forked child when no
        other thread runs and the knowledge base is large."""
        assert self.config_path is not None
        try:
            self.loaded = loaded = load_site(self.config_path, config.use_directory_urls)
        except KbError as error:
            raise PluginError(f"kb: {error.message}") from None
        model = loaded.model
        large = self.config.two_cores and len(model.entries) >= twocores.MIN_PAGES
        loaded.checks.start(fork=large and twocores.cores() > 1 and not twocores.other_threads())
        self.indexed = {model.entry_uri(entry): index_info(model, entry) for entry in model.entries}
        # Entry pages first, so MkDocs renders the index pages last, while the index writes.
        pages = sorted(
            generate(loaded.model, intro=self.intro, base_url=config.site_url or ""),
            key=lambda page: page.uri not in self.indexed,
        )
        self.unindexed = {page.uri for page in pages if page.uri not in self.indexed}
        self.sources = {page.uri: page.content for page in pages}
        return pages

    def on_nav(self, nav: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        self.nav = nav  # kept with files and env for `kb serve`'s page-by-page updates
        if self.config.search:  # the index, before MkDocs converts pages (kb.site.indexing)
            self._stop_index()
            pages = files.documentation_pages()
            count = sum(1 for file in pages if file.src_uri not in self.unindexed)
            try:
                self.index = BuildIndex(Path(config.site_dir), count)
            except KbError as error:
                raise PluginError(f"kb: {error.message}") from None
        return nav

    def on_pre_page(self, page: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        if self.conversions is not None:
            self.conversions.take_over(page)
        return page

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        self.env, self.files = env, files
        freeze_survivors()  # every page's HTML lives to the end of the build
        if self.conversions is not None:
            self.conversions.close()
            self.conversions = None
            self.renders = Renders(config, files, self.nav, env)
        return env

    def on_post_page(self, output: str, /, *, page: Any, config: MkDocsConfig) -> str:
        if self.renders is not None:
            self.renders.next_page(page)
        return output

    def on_page_content(
        self, html: str, /, *, page: Any, config: MkDocsConfig, files: Files
    ) -> str:
        uri = page.file.src_uri
        if self.index is None or uri in self.unindexed:
            return html
        if self.index.writing:  # more pages than counted (drafts that `serve` renders):
            self._stop_index()  # every page goes once the build is done
        else:
            self.index.add(page.url, html, self.indexed.get(uri) or Indexed(page.title or ""))
        return html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        thaw()
        if self.renders is not None:
            renders, self.renders = self.renders, None
            renders.finish()
        if self.loaded is None:
            return
        for finding in self.loaded.checks.result():
            level = logging.WARNING if finding.severity is Severity.ERROR else logging.INFO
            log.log(level, finding.one_line())
        if self.config.search:
            index, self.index = self.index, None
            site = Path(config.site_dir)
            try:
                if index is not None:
                    index.finish()
                else:  # kb serve's page updates fed nothing: every page goes now
                    index_pages(site, self._rendered())
            except KbError as error:
                raise PluginError(f"kb: {error.message}") from None

    def _rendered(self) -> Iterator[tuple[str, str, Indexed]]:
        """Every indexed page as rendered last, in a clean build's order (the docs, then
        the generated pages), so the index is the one a clean build writes."""
        files = self.files or Files([])
        docs = [file for file in files.documentation_pages() if file.src_uri not in self.sources]
        generated = (files.get_file_from_path(uri) for uri in self.sources)
        for file in [*docs, *generated]:
            if file is None or file.src_uri in self.unindexed or file.page is None:
                continue
            page = file.page
            if page.content is not None:  # None: never rendered (a draft, say)
                yield (
                    page.url,
                    page.content,
                    self.indexed.get(file.src_uri) or Indexed(page.title or ""),
                )

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_index()
        self._stop_children()
        thaw()
        if self.loaded is not None:  # never leave the checks running into the next build
            self.loaded.checks.wait()

    def on_shutdown(self) -> None:
        self._stop_index()
        self._stop_children()

    def _stop_children(self) -> None:
        conversions, self.conversions = self.conversions, None
        if conversions is not None:
            conversions.close()
        renders, self.renders = self.renders, None
        if renders is not None:
            renders.stop()

    def _stop_index(self) -> None:
        index, self.index = self.index, None
        if index is not None:
            index.stop()

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.config_path is not None:
            server.watch(str(self.config_path))
        if self.loaded is not None and self.loaded.model.config.entries_dir.is_dir():
            server.watch(str(self.loaded.model.config.entries_dir))
        return server


def index_info(model: SiteModel, entry: Entry) -> Indexed:
    """What the search index says of an entry page besides its text."""
    date = model.local(entry).date().isoformat()
    return Indexed(entry.title, canonical_tags(model.config, entry), date)


def generated_file(config: MkDocsConfig, page: Page) -> File:
    """The MkDocs file of a generated page; only the index pages are in the navigation."""
    inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
    return File.generated(config, page.uri, content=page.content, inclusion=inclusion)
