"""The `kb` MkDocs plugin: a thin adapter from the page generators to MkDocs files.

It loads the knowledge base in `on_files` (state is reset in `on_config`, because
`mkdocs serve` rebuilds with the same plugin object), adds each generated page with
`File.generated`, logs `kb check`'s findings (computed meanwhile) in `on_post_build`
(errors as warnings, so `--strict` fails), and has `serve` watch kb.yml and entries.
"""

from __future__ import annotations

import logging
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
from kb.errors import KbError
from kb.site import urls
from kb.site.loading import Loaded, load_site
from kb.site.pages import generate

log = logging.getLogger("mkdocs.plugins.kb")


class KbPluginConfig(MkDocsOptions):  # type: ignore[no-untyped-call]
    # kb.yml, relative to mkdocs.yml; default: the nearest kb.yml at or above mkdocs.yml.
    config_file = c.Optional(c.Type(str))


class KbPlugin(BasePlugin[KbPluginConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.config_path: Path | None = None
        self.loaded: Loaded | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.loaded = None  # `serve` rebuilds with this same object: start clean
        base = Path(config.config_file_path or ".").resolve().parent
        try:
            option = self.config.config_file
            self.config_path = (base / option).resolve() if option else find_config(base)
        except KbError as error:
            raise PluginError(f"kb: {error.message}") from None
        if not self.config_path.is_file():
            raise PluginError(f"kb: no {CONFIG_NAME} at {self.config_path}")
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.config_path is not None
        try:
            self.loaded = loaded = load_site(self.config_path, config.use_directory_urls)
        except KbError as error:
            raise PluginError(f"kb: {error.message}") from None
        intro = files.get_file_from_path(urls.HOME)
        intro_text = intro.content_string if intro is not None else None
        pages = generate(loaded.model, intro=intro_text, base_url=config.site_url or "")
        for page in pages:
            existing = files.get_file_from_path(page.uri)
            if existing is not None:
                if page.uri != urls.HOME:
                    log.warning(f"kb: docs/{page.uri} is hidden by the page kb generates there")
                files.remove(existing)
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            generated = File.generated(config, page.uri, content=page.content, inclusion=inclusion)
            files.append(generated)
        return files

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.loaded is None:
            return
        for finding in self.loaded.checks.result():
            level = logging.WARNING if finding.severity is Severity.ERROR else logging.INFO
            log.log(level, finding.one_line())

    def on_build_error(self, *, error: Exception) -> None:
        if self.loaded is not None:  # never leave the checks running into the next build
            self.loaded.checks.wait()

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.config_path is not None:
            server.watch(str(self.config_path))
        if self.loaded is not None and self.loaded.model.config.entries_dir.is_dir():
            server.watch(str(self.loaded.model.config.entries_dir))
        return server
