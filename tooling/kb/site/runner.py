"""Running MkDocs for `kb build` and `kb serve`, with or without the user's mkdocs.yml.

Without an mkdocs.yml next to kb.yml, the one `kb init` writes is used as it comes
from the template, written to `.kb/mkdocs.yml` with absolute paths, so people who
never touch MkDocs still get the site.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from kb.config import Config
from kb.errors import ConfigError, KbError
from kb.scaffold import template
from kb.store import replace_atomically

MKDOCS_NAME = "mkdocs.yml"


def mkdocs_file(config: Config) -> Path:
    """The mkdocs.yml next to kb.yml, or a default one written under `.kb/`."""
    own = config.root / MKDOCS_NAME
    if own.is_file():
        return own
    data: dict[str, Any] = yaml.safe_load(template(MKDOCS_NAME))
    docs = config.root / "docs"
    if not docs.is_dir():
        docs = config.root / ".kb" / "docs"  # MkDocs needs a docs folder, even an empty one
        docs.mkdir(parents=True, exist_ok=True)
    data["site_name"] = config.title
    data["docs_dir"] = str(docs)
    data["site_dir"] = str(config.root / "site")  # not .kb/site, next to this file
    data["plugins"] = [
        p if p != "kb" else {"kb": {"config_file": str(config.path)}} for p in data["plugins"]
    ]
    target = config.root / ".kb" / MKDOCS_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    replace_atomically(target, yaml.safe_dump(data, sort_keys=False))
    return target


def load_mkdocs(path: Path, **overrides: Any) -> MkDocsConfig:
    """MkDocs' config with `overrides`; ConfigError when it is invalid or lacks kb."""
    try:
        loaded = load_config(config_file=str(path), **overrides)
    except ConfigurationError as error:
        raise ConfigError(f"{path.name}: {error}") from None
    except Abort as error:  # MkDocs has logged the details already
        raise ConfigError(f"{path.name}: {error}") from None
    if "kb" not in loaded.plugins:
        raise ConfigError(f"{path.name}: the kb plugin is not enabled (add `- kb` to plugins)")
    return loaded


def build_site(path: Path, site_dir: Path | None, strict: bool) -> MkDocsConfig:
    """Build the site; KbError when MkDocs aborts (in strict mode, on any warning)."""
    overrides: dict[str, Any] = {"strict": strict}
    if site_dir is not None:
        overrides["site_dir"] = str(site_dir)
    with mkdocs_logging():
        mkdocs_config = load_mkdocs(path, **overrides)
        try:
            build(mkdocs_config)
        except Abort as error:
            raise KbError(f"the site was not built: {error}") from None
    return mkdocs_config


@contextmanager
def mkdocs_logging(level: int = logging.INFO) -> Iterator[None]:
    """MkDocs' log lines on stderr, `LEVEL - message` as `mkdocs` prints them."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(level)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


def serve_site(path: Path, dev_addr: str) -> None:
    """Serve with live reload until Ctrl+C; never strict, so a half-written entry previews.
    An edited entry's page is rendered alone first (kb.site.preview), not the whole site."""
    from kb.site.preview import serve

    with mkdocs_logging():
        load_mkdocs(path, dev_addr=dev_addr, strict=False)  # one Error line, not a traceback
        try:
            serve(path, load_mkdocs, dev_addr)
        except Abort as error:
            raise KbError(f"the site could not be served: {error}") from None
